"""The outcome cache of checks: after any change of an input, exactly what a cold run gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from factories import (
    LANGKAH_TW1,
    RepoUji,
    capkin,
    instansi_yml,
    pk_yml,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    tandatangani,
    tulis,
)

from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.errors import DataError
from capkin.validation import muat_valid
from capkin.validation.result_cache import CacheHasil

SIKLUS = "data/2025/siklus/TW1.yml"
TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"
LALU = "data/2024/realisasi/TW1/jawatan-umum.yml"
"""A realisasi file of the year before: a change there leaves 2025's problems as stored."""


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def _hapus_hasil(root: Path) -> None:
    for pola in ("hasil-*", "integritas-*"):
        for path in folder_cache(root).glob(pola):
            path.unlink()


def _validate(root: Path) -> tuple[int, str]:
    hasil = capkin(root, "validate", "--format", "json")
    return hasil.exit_code, hasil.output


def _sama_dengan_dingin(root: Path) -> tuple[int, str]:
    """Run validate warm, then cold (outcome cache emptied); both must agree."""
    hangat = _validate(root)
    _hapus_hasil(root)
    assert _validate(root) == hangat
    return hangat


def _repo(tmp_path: Path) -> RepoUji:
    repo = repo_minimal(tmp_path / "repo")
    repo.commit(
        "Data 2024",
        {
            "data/2024/perjanjian-kinerja.yml": pk_yml(2024),
            LALU: realisasi_yml(tanggal="2024-04-08", nilai={"ik1": 80, "ik2": 120, "ik3": 7}),
        },
        oleh="kasubbag-kpe",
    )
    tandatangani(repo, 5)
    tulis(repo.root, "bukti/ada.pdf", "%PDF")
    tulis(repo.root, "tema/main.html", "{% extends 'base.html' %}\n")
    tulis(repo.root, "mkdocs.yml", "site_name: Uji\ntheme:\n  name: material\n  custom_dir: tema\n")
    return repo


def _bukti(root: Path, *bukti: str) -> None:
    teks = realisasi_yml() + "".join(f"    bukti: [{b}]\n" for b in bukti[:1])
    tulis(root, TW1, teks)


def _symlink_di_templat(r: RepoUji) -> None:
    (r.root / "site_templates").mkdir()
    (r.root / "site_templates/x.html").symlink_to("/etc/hostname")


def _hapus_tahun(r: RepoUji) -> None:
    for p in sorted((r.root / "data/2024").rglob("*.yml"), reverse=True):
        p.unlink()


UBAH: dict[str, Callable[[RepoUji], object]] = {
    "edit realisasi": lambda r: tulis(r.root, TW1, realisasi_yml(nilai={"ik1": "delapan"})),
    "new file": lambda r: tulis(r.root, "data/2025/catatan.yml", "a: 1\n"),
    "new realisasi": lambda r: tulis(
        r.root, "data/2025/realisasi/TW2/jawatan-umum.yml", realisasi_yml("TW2", nilai={"x": 1})
    ),
    "deleted file": lambda r: (r.root / "data/2025/perjanjian-kinerja.yml").unlink(),
    "instansi": lambda r: tulis(
        r.root, "data/instansi.yml", instansi_yml().replace("jawatan-umum", "jawatan-lain")
    ),
    "new commit": lambda r: tandatangani(r, 6, dari=6),
    "forged commit": lambda r: r.commit(
        "Langkah 6", {SIKLUS: siklus_yml("TW1", LANGKAH_TW1)}, oleh="M", email="m@luar.example"
    ),
    "uncommitted sign-off": lambda r: tulis(r.root, SIKLUS, siklus_yml("TW1", LANGKAH_TW1)),
    "bukti missing": lambda r: _bukti(r.root, "bukti/tidak-ada.pdf"),
    "codeowners": lambda r: tulis(r.root, ".github/CODEOWNERS", "* @seseorang\n"),
    "mkdocs": lambda r: tulis(r.root, "mkdocs.yml", "hooks: [x.py]\n"),
    "symlink in site_templates": _symlink_di_templat,
    "symlink in the theme folder": lambda r: (r.root / "tema/x.html").symlink_to("/etc/hostname"),
    "realisasi of another year": lambda r: tulis(
        r.root, LALU, realisasi_yml(tanggal="2024-04-08", nilai={"ik1": "delapan", "ik9": -1})
    ),
    "realisasi of another year, warning gone": lambda r: tulis(
        r.root, LALU, realisasi_yml(tanggal="2024-04-08")
    ),
    "pk of another year": lambda r: tulis(
        r.root, "data/2024/perjanjian-kinerja.yml", pk_yml(2024).replace("ik2", "ik-baru")
    ),
    "a year deleted": _hapus_tahun,
    "a year added": lambda r: tulis(
        r.root, "data/2026/realisasi/TW1/jawatan-umum.yml", realisasi_yml(tanggal="2026-04-08")
    ),
    "file in another year's folder": lambda r: tulis(r.root, "data/2024/catatan.yml", "a: 1\n"),
    "theme folder moved": lambda r: tulis(
        r.root, "mkdocs.yml", "site_name: Uji\ntheme:\n  name: material\n  custom_dir: ../luar\n"
    ),
}


@pytest.mark.parametrize("ubah", list(UBAH))
def test_a_change_gives_what_a_cold_run_gives(tmp_path: Path, ubah: str) -> None:
    repo = _repo(tmp_path)
    sebelum = _sama_dengan_dingin(repo.root)
    assert _validate(repo.root) == sebelum, "the stored outcome is served"
    assert CacheHasil(repo.root.resolve()).baca("dasar", "riwayat", "validate") is not None
    UBAH[ubah](repo)
    sesudah = _sama_dengan_dingin(repo.root)
    assert sesudah != sebelum, "every change here changes the outcome"


def test_bukti_appearing_outside_data_is_seen(tmp_path: Path) -> None:
    """A bukti path may name any file of the repo: its appearance alone changes the outcome."""
    repo = _repo(tmp_path)
    _bukti(repo.root, "dokumen/laporan.pdf")
    sebelum = _sama_dengan_dingin(repo.root)
    assert "bukti-tidak-ada" in sebelum[1]
    tulis(repo.root, "dokumen/laporan.pdf", "%PDF")
    sesudah = _sama_dengan_dingin(repo.root)
    assert "bukti-tidak-ada" not in sesudah[1]


def test_next_committer_identity_is_an_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path)
    tulis(repo.root, SIKLUS, siklus_yml("TW1", LANGKAH_TW1))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Mallory")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "mallory@luar.example")
    sebelum = _sama_dengan_dingin(repo.root)
    assert "mallory@luar.example" in sebelum[1]
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "orang-lain@luar.example")
    sesudah = _sama_dengan_dingin(repo.root)
    assert "orang-lain@luar.example" in sesudah[1]


def test_back_to_an_earlier_state_is_checked_again(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    awal = _sama_dengan_dingin(repo.root)
    UBAH["edit realisasi"](repo)
    assert _sama_dengan_dingin(repo.root) != awal
    tulis(repo.root, TW1, realisasi_yml())
    assert _sama_dengan_dingin(repo.root) == awal


def test_entry_of_another_state_is_not_served(tmp_path: Path) -> None:
    """An entry written as capkin writes (valid digest) but for another key is refused."""
    repo = _repo(tmp_path)
    awal = _sama_dengan_dingin(repo.root)
    folder = folder_cache(repo.root)
    [path] = folder.glob("hasil-v*")
    isi = baca_entri(folder, path.name)
    assert isi is not None
    UBAH["edit realisasi"](repo)
    ubah = _validate(repo.root)
    tulis_entri(folder, path.name, isi)  # the outcome of the earlier state, put back
    assert _validate(repo.root) == ubah != awal


def test_symlink_under_data_is_never_cached(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    tulis(repo.root, "lain/TW2.yml", realisasi_yml("TW2"))
    (repo.root / "data/2025/realisasi/TW2").mkdir(parents=True)
    (repo.root / "data/2025/realisasi/TW2/jawatan-umum.yml").symlink_to(repo.root / "lain/TW2.yml")
    assert CacheHasil(repo.root).kunci is None
    sebelum = _validate(repo.root)
    tulis(repo.root, "lain/TW2.yml", realisasi_yml("TW2", nilai={"ik1": "delapan"}))
    assert _validate(repo.root) != sebelum


def test_load_for_computing_reuses_the_outcome(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    dingin = muat_valid(repo.root)
    assert CacheHasil(repo.root).baca("dasar") is not None
    hangat = muat_valid(repo.root)
    assert hangat[1] == dingin[1]
    assert hangat[0].tahun == dingin[0].tahun and hangat[0].instansi == dingin[0].instansi
    UBAH["edit realisasi"](repo)
    with pytest.raises(DataError) as pertama:
        muat_valid(repo.root)
    with pytest.raises(DataError) as kedua:
        muat_valid(repo.root)
    assert pertama.value.masalah == kedua.value.masalah


def test_history_problem_located_in_an_edited_realisasi_moves_with_it(tmp_path: Path) -> None:
    """The history checks' outcome is reused across realisasi edits only where they did not
    locate a problem: a realisasi file they point into is an input of theirs."""
    repo = _repo(tmp_path)
    tandatangani(repo, 6, dari=6)
    repo.commit("Koreksi", {TW1: realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7})})
    sebelum = _sama_dengan_dingin(repo.root)
    assert "realisasi-berubah-setelah-pengesahan" in sebelum[1]
    tulis(repo.root, TW1, "# catatan\n\n" + realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7}))
    sesudah = _sama_dengan_dingin(repo.root)
    assert sesudah != sebelum and "realisasi-berubah-setelah-pengesahan" in sesudah[1]


def test_history_checks_read_no_realisasi_model(tmp_path: Path) -> None:
    """What lets their outcome be reused across realisasi edits (`kunci_integritas`)."""
    from dataclasses import replace

    from capkin.dataset import muat_dataset
    from capkin.history import periksa_integritas

    repo = _repo(tmp_path)
    tandatangani(repo, 6, dari=6)
    repo.commit("Koreksi", {TW1: realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7})})
    ds, _ = muat_dataset(repo.root)
    penuh = periksa_integritas(ds, repo.root)
    assert any(m.kode == "realisasi-berubah-setelah-pengesahan" for m in penuh)
    ds.tahun = {t: replace(dt, realisasi={}) for t, dt in ds.tahun.items()}
    assert periksa_integritas(ds, repo.root) == penuh


def test_outcome_is_not_reused_after_midnight(tmp_path: Path) -> None:
    """Checks compare with today: an outcome stored on an earlier day is checked again."""
    import msgpack

    repo = _repo(tmp_path)
    UBAH["bukti missing"](repo)
    dingin = _sama_dengan_dingin(repo.root)
    folder = folder_cache(repo.root)
    [path] = folder.glob("hasil-v*")
    isi = baca_entri(folder, path.name)
    assert isi is not None
    kunci, umum, tahun, berlaku, bukti, bagian = msgpack.unpackb(isi)
    assert bagian["dasar"] and berlaku[0] < berlaku[1] <= berlaku[0] + 86400
    # the same key, yesterday, with another outcome: not served
    kemarin = [berlaku[0] - 86400, berlaku[0] - 1]
    kosong: dict[str, list[object]] = {n: [] for n in bagian}
    tulis_entri(folder, path.name, msgpack.packb([kunci, umum, tahun, kemarin, bukti, kosong]))
    assert _validate(repo.root) == dingin


def test_compute_reuses_what_validate_found(tmp_path: Path) -> None:
    """validate stores every part; loading for computing takes the cross-file part."""
    repo = _repo(tmp_path)
    UBAH["bukti missing"](repo)
    _validate(repo.root)
    cache = CacheHasil(repo.root)
    assert cache.baca("dasar") is not None
    ds, peringatan = muat_valid(repo.root)
    _hapus_hasil(repo.root)
    ds_dingin, peringatan_dingin = muat_valid(repo.root)
    assert peringatan == peringatan_dingin and any(m.kode == "bukti-tidak-ada" for m in peringatan)
    assert ds.tahun == ds_dingin.tahun


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_compute_output_follows_every_change(tmp_path: Path, fmt: str) -> None:
    """compute's output is stored with the state it was made from: warm equals cold."""
    repo = _repo(tmp_path)

    def compute() -> tuple[int, str]:
        hasil = capkin(repo.root, "compute", "--tahun", "2025", "--periode", "TW1", "--format", fmt)
        return hasil.exit_code, hasil.output

    def sama_dengan_dingin() -> tuple[int, str]:
        hangat = compute()
        _hapus_hasil(repo.root)
        assert compute() == hangat
        return hangat

    awal = sama_dengan_dingin()
    assert (
        awal[0] == 0 and CacheHasil(repo.root).baca_teks(f"compute\0{2025}\0TW1\0{fmt}") is not None
    )
    assert compute() == awal
    tulis(repo.root, TW1, realisasi_yml(nilai={"ik1": 60, "ik2": 88, "ik3": 7}))
    ubah = sama_dengan_dingin()
    assert ubah != awal
    tulis(repo.root, TW1, realisasi_yml(nilai={"ik1": "delapan"}))
    assert sama_dengan_dingin()[0] != 0


@pytest.mark.parametrize(
    ("ubah", "kotor"),
    [
        ("realisasi of another year", {2024}),
        ("pk of another year", {2024}),
        ("file in another year's folder", {2024}),
        ("edit realisasi", {2025}),
        ("uncommitted sign-off", {2025}),
        ("a year added", None),
        ("a year deleted", {2024}),
        ("instansi", None),
        ("codeowners", None),
    ],
)
def test_only_the_changed_years_are_checked_again(
    tmp_path: Path, ubah: str, kotor: set[int] | None
) -> None:
    """After a change inside year folders, the stored outcome offers the other years'
    problems and names the years to check again; any other change checks everything."""
    repo = _repo(tmp_path)
    _sama_dengan_dingin(repo.root)
    UBAH[ubah](repo)
    sebagian = CacheHasil(repo.root.resolve()).sebagian
    assert (None if sebagian is None else set(sebagian.kotor)) == kotor


def test_a_bukti_appearing_checks_its_year_again(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    tulis(repo.root, LALU, realisasi_yml(tanggal="2024-04-08") + "    bukti: [dok/a.pdf]\n")
    sebelum = _sama_dengan_dingin(repo.root)
    tulis(repo.root, "dok/a.pdf", "%PDF")
    tulis(repo.root, TW1, realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7}))
    sebagian = CacheHasil(repo.root.resolve()).sebagian
    assert sebagian is not None and set(sebagian.kotor) == {2024, 2025}
    sesudah = _sama_dengan_dingin(repo.root)
    assert "bukti-tidak-ada" in sebelum[1] and "bukti-tidak-ada" not in sesudah[1]


def test_checks_see_one_year_at_a_time(tmp_path: Path) -> None:
    """What lets a year's stored problems be reused while another year changes: every
    problem located in a year's folder comes from that year and the shared files alone,
    and every other problem from the shared files alone (the Gamping sample, with errors
    put in both years)."""
    import shutil
    from dataclasses import replace

    from capkin.dataset import muat_dataset
    from capkin.errors import urutkan
    from capkin.validation import _periksa_dasar
    from capkin.validation.state_digest import tahun_masalah

    sampel = Path(__file__).resolve().parents[1] / "data"
    shutil.copytree(sampel, tmp_path / "data")
    for tahun in (2024, 2025):
        berkas = tmp_path / f"data/{tahun}/realisasi/TW1/jawatan-umum.yml"
        teks = berkas.read_text(encoding="utf-8")
        berkas.write_text(teks.replace("nilai: ", "nilai: 1", 1), encoding="utf-8")
        tulis(tmp_path, f"data/{tahun}/realisasi/TW2/unit-asing.yml", realisasi_yml("TW2"))
    instansi = tmp_path / "data/instansi.yml"
    teks = instansi.read_text(encoding="utf-8")
    instansi.write_text(teks.replace('nip: "1', 'nip: "9', 1), encoding="utf-8")
    ds, _ = muat_dataset(tmp_path, cache=False)
    semua = urutkan(_periksa_dasar(ds))
    assert {tahun_masalah(m) for m in semua} >= {None, 2024, 2025}
    for tahun in ds.tahun_terurut:
        sendiri = _periksa_dasar(replace(ds, tahun={tahun: ds.tahun[tahun]}))
        assert urutkan(m for m in sendiri if tahun_masalah(m) == tahun) == [
            m for m in semua if tahun_masalah(m) == tahun
        ]
    tanpa_tahun = _periksa_dasar(replace(ds, tahun={}))
    assert urutkan(m for m in tanpa_tahun if tahun_masalah(m) is None) == [
        m for m in semua if tahun_masalah(m) is None
    ]


def test_an_earlier_formats_entries_are_removed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    folder = folder_cache(repo.root)
    folder.mkdir(parents=True, exist_ok=True)
    for nama in ("hasil-v1.msgpack", "integritas-v1.msgpack"):
        tulis_entri(folder, nama, b"lama")
    _validate(repo.root)
    assert not (folder / "hasil-v1.msgpack").exists()
    assert not (folder / "integritas-v1.msgpack").exists()
    assert (folder / CacheHasil.NAMA).is_file()
