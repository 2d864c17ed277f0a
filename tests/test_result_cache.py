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
    isolasi_git,
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


@pytest.fixture(autouse=True)
def _git_terisolasi(monkeypatch: pytest.MonkeyPatch) -> None:
    isolasi_git(monkeypatch)


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
    tandatangani(repo, 5)
    tulis(repo.root, "bukti/ada.pdf", "%PDF")
    tulis(repo.root, "tema/main.html", "{% extends 'base.html' %}\n")
    tulis(repo.root, "mkdocs.yml", "site_name: Uji\ntheme:\n  name: material\n  custom_dir: tema\n")
    return repo


def _bukti(root: Path, *bukti: str) -> None:
    teks = realisasi_yml() + "".join(f"    bukti: [{b}]\n" for b in bukti[:1])
    tulis(root, TW1, teks)


UBAH: dict[str, Callable[[RepoUji], None]] = {
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
    "symlink in site_templates": lambda r: (
        (r.root / "site_templates").mkdir()
        or (r.root / "site_templates/x.html").symlink_to("/etc/hostname")
    ),
    "symlink in the theme folder": lambda r: (r.root / "tema/x.html").symlink_to("/etc/hostname"),
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
    kunci, berlaku, bukti, bagian = msgpack.unpackb(isi)
    assert bagian["dasar"] and berlaku[0] < berlaku[1] <= berlaku[0] + 86400
    # the same key, yesterday, with another outcome: not served
    kemarin = [berlaku[0] - 86400, berlaku[0] - 1]
    kosong = {n: [] for n in bagian}
    tulis_entri(folder, path.name, msgpack.packb([kunci, kemarin, bukti, kosong]))
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
