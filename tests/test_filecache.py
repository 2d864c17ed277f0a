"""The file cache: a second load gives what the first gave, and never trusts what it reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import msgpack
import pytest
from factories import capkin, realisasi_yml, repo_minimal, tulis

from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.dataset import muat_dataset
from capkin.filecache import NAMA_BERKAS, NAMA_TAMBAHAN, CacheBerkas, id_blob, sidik_kode
from capkin.model_check import muat_berkas
from capkin.models.realisasi_model import Realisasi
from capkin.pengesahan.version_reports import _Cache as _CacheRingkasan
from capkin.validation import periksa

REALISASI = "data/2025/realisasi/TW1/jawatan-umum.yml"


def _hasil(root: Path) -> list[str]:
    """Every problem of a tree, as a person reads it (file:line:col included)."""
    _, masalah = periksa(root, riwayat=False)
    return [str(m) for m in masalah]


def _rusak(root: Path) -> None:
    """Put three kinds of broken file in the tree: YAML, model and cross-file errors."""
    tulis(root, "data/2025/realisasi/TW2/jawatan-umum.yml", "periode: TW2\nunit: [\n")
    tulis(
        root,
        "data/2025/realisasi/TW3/jawatan-umum.yml",
        realisasi_yml("TW3", nilai={"ik1": "delapan puluh"}, tanggal="2025-10-08"),
    )
    tulis(
        root,
        "data/2025/realisasi/TW4/jawatan-umum.yml",
        realisasi_yml("TW4", nilai={"ik1": 1, "ik-tidak-ada": 2}, tanggal="2026-01-08"),
    )


def test_id_blob_is_git_blob_id(tmp_path: Path) -> None:
    path = tulis(tmp_path, "a.yml", "nilai: 1\n")
    git = subprocess.run(
        ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
    )
    assert id_blob(path.read_bytes()) == git.stdout.strip()


def test_warm_load_reports_the_same_located_problems(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    _rusak(repo.root)
    cache = folder_cache(repo.root) / NAMA_BERKAS
    dingin = _hasil(repo.root)
    assert cache.is_file(), "the first load writes the cache under the git directory"
    assert not any(p.name == NAMA_BERKAS for p in repo.root.rglob("*") if ".git" not in p.parts)
    hangat = _hasil(repo.root)
    assert hangat == dingin
    # the cross-file error is located from a cached document: a real line, not 0 or 1
    silang = [m for m in hangat if "ik-tidak-ada" in m]
    assert silang and "data/2025/realisasi/TW4/jawatan-umum.yml:8:" in silang[0]
    assert any("realisasi/TW2/jawatan-umum.yml:3:1: galat: YAML" in m for m in hangat)
    assert any("delapan puluh" in m for m in hangat)
    ds_a, _ = muat_dataset(repo.root, cache=False)
    ds_b, _ = muat_dataset(repo.root)
    assert ds_a.tahun == ds_b.tahun and ds_a.instansi == ds_b.instansi


def test_uncommitted_edit_is_read_not_served_from_cache(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    assert _hasil(repo.root) == []
    tulis(repo.root, REALISASI, realisasi_yml(nilai={"ik1": "delapan puluh"}))
    masalah = _hasil(repo.root)
    assert any("delapan puluh" in m for m in masalah)
    tulis(repo.root, REALISASI, realisasi_yml())  # back: the first entry serves again
    assert _hasil(repo.root) == []


def test_damaged_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    _rusak(repo.root)
    dingin = _hasil(repo.root)
    cache = folder_cache(repo.root) / NAMA_BERKAS
    cache.write_bytes(b"\x00sampah" * 100)
    assert _hasil(repo.root) == dingin
    isi = baca_entri(cache.parent, NAMA_BERKAS)
    assert isi is not None and msgpack.unpackb(isi, strict_map_key=False)[0] == "capkin"


def test_entry_under_another_key_is_refused(tmp_path: Path) -> None:
    """An entry whose inner key is not the key it is filed under is not used."""
    repo = repo_minimal(tmp_path / "repo")
    assert _hasil(repo.root) == []
    cache = folder_cache(repo.root) / NAMA_BERKAS
    kepala, sidik, entri = msgpack.unpackb(
        baca_entri(cache.parent, NAMA_BERKAS), strict_map_key=False
    )
    data = (repo.root / REALISASI).read_bytes()
    kunci = f"Realisasi\0{REALISASI}\0{id_blob(data)}"
    palsu = realisasi_yml(nilai={"ik1": "palsu"}).encode()
    # a forged entry for this file's key, carrying the key of other bytes
    lain = f"Realisasi\0{REALISASI}\0{id_blob(palsu)}"
    entri[kunci] = msgpack.packb([lain, {"periode": "TW1"}, []])
    # written as capkin writes (a valid digest): only the inner key can give it away
    tulis_entri(cache.parent, NAMA_BERKAS, msgpack.packb([kepala, sidik, entri]))
    ds, masalah = muat_dataset(repo.root)
    assert masalah == []
    assert ds.tahun[2025].realisasi
    assert ds.tahun[2025].realisasi[next(iter(ds.tahun[2025].realisasi))]["jawatan-umum"]


def test_cache_of_another_code_version_is_not_read(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    data = (repo.root / REALISASI).read_bytes()
    cache = CacheBerkas(repo.root)
    _, obj, _ = muat_berkas(REALISASI, data, Realisasi, cache)
    cache.simpan()
    assert obj is not None
    path = folder_cache(repo.root) / NAMA_BERKAS
    kepala, sidik, entri = msgpack.unpackb(
        baca_entri(path.parent, NAMA_BERKAS), strict_map_key=False
    )
    assert sidik == sidik_kode() and entri
    tulis_entri(path.parent, NAMA_BERKAS, msgpack.packb([kepala, "kode-lain", entri]))
    assert CacheBerkas(repo.root).baca(REALISASI, "Realisasi", id_blob(data)) is None
    assert CacheBerkas(repo.root).baca(REALISASI, "Realisasi", id_blob(data + b"\n")) is None


@pytest.mark.parametrize(
    "teks", ["periode: TW1\nunit: [\n", "a: &x 1\nb: *x\n", "nilai: 1\nnilai: 2\n"]
)
def test_blob_entry_point_caches_parse_errors_alike(tmp_path: Path, teks: str) -> None:
    """A blob read at a commit (path, id, bytes) gives the same problems from the cache."""
    repo = repo_minimal(tmp_path / "repo")
    data = teks.encode()
    cache = CacheBerkas(repo.root)
    pertama = muat_berkas(REALISASI, data, Realisasi, cache, blob=id_blob(data))
    cache.simpan()
    kedua = muat_berkas(REALISASI, data, Realisasi, CacheBerkas(repo.root))
    assert pertama[0] is None and kedua[0] is None
    assert pertama[2] == kedua[2] and pertama[2]


def test_warm_load_still_finds_numbers_like_1_250(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tulis(repo.root, REALISASI, realisasi_yml("TW1", nilai={"ik1": "1.250", "ik2": 88}))
    dingin = [m for m in _hasil(repo.root) if "bermakna ganda" in m]
    assert (folder_cache(repo.root) / NAMA_BERKAS).is_file()
    assert len(dingin) == 1 and dingin == [m for m in _hasil(repo.root) if "bermakna ganda" in m]


def test_diff_of_a_revision_uses_the_repository_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision copied to a temporary folder gets no cache of its own (never read again)."""
    from capkin.diff import bandingkan

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    repo = repo_minimal(tmp_path / "repo")
    awal = repo.git("rev-parse", "HEAD").strip()
    repo.commit("Ubah", {REALISASI: realisasi_yml(nilai={"ik1": 91, "ik2": 88, "ik3": 7})})
    bandingkan(repo.root, awal)
    assert not (tmp_path / "xdg").exists()
    kunci: list[str] = []
    for nama in (NAMA_BERKAS, NAMA_TAMBAHAN):  # the main file, and what was learned since
        isi = baca_entri(folder_cache(repo.root), nama)
        kunci += msgpack.unpackb(isi, strict_map_key=False)[2] if isi else []
    # both versions of the realisasi file are cached under the repository
    assert sum(1 for k in kunci if REALISASI in k) == 2


def test_integers_msgpack_cannot_carry_are_read_alike(tmp_path: Path) -> None:
    """Keys and values past 64 bits (hostile or mistyped data) never break the cache."""
    repo = repo_minimal(tmp_path / "repo")
    tulis(repo.root, REALISASI, realisasi_yml() + "99999999999999999999999: 1\n")
    tulis(
        repo.root,
        "data/2025/realisasi/TW2/jawatan-umum.yml",
        realisasi_yml("TW2", nilai={"ik1": 10**30}, tanggal="2025-07-08"),
    )
    dingin = _hasil(repo.root)
    assert any("99999999999999999999999" in m for m in dingin)
    assert _hasil(repo.root) == dingin


def test_an_edit_is_kept_apart_until_the_added_entries_grow(tmp_path: Path) -> None:
    """One edited file writes a small file of its own, not the whole cache again; loads read
    both, and everything goes back into the main file once the added entries grow."""
    import capkin.filecache as filecache

    repo = repo_minimal(tmp_path / "repo")
    folder = folder_cache(repo.root)
    dingin = _hasil(repo.root)
    utama = (folder / NAMA_BERKAS).read_bytes()
    tulis(repo.root, REALISASI, realisasi_yml(nilai={"ik1": "delapan puluh"}))
    ubah = _hasil(repo.root)
    assert (folder / NAMA_BERKAS).read_bytes() == utama and (folder / NAMA_TAMBAHAN).is_file()
    assert _hasil(repo.root) == ubah != dingin
    tulis(repo.root, REALISASI, realisasi_yml())
    assert _hasil(repo.root) == dingin
    filecache.BATAS_TAMBAHAN, batas = (0, 1 << 40), filecache.BATAS_TAMBAHAN
    try:
        tulis(repo.root, REALISASI, realisasi_yml(nilai={"ik1": 1, "ik2": 2, "ik3": 3}))
        _hasil(repo.root)
    finally:
        filecache.BATAS_TAMBAHAN = batas
    assert not (folder / NAMA_TAMBAHAN).exists() and (folder / NAMA_BERKAS).read_bytes() != utama
    entri = msgpack.unpackb(baca_entri(folder, NAMA_BERKAS), strict_map_key=False)[2]
    assert sum(1 for k in entri if REALISASI in k) >= 2


def test_caches_hold_plain_data_that_is_validated_into_todays_classes(tmp_path: Path) -> None:
    """No cache keeps a pickled object, so a model class moved to another module (as
    `models.py` became `models/`) can never come back from a cache under its old name: every
    cache file holds plain data, and what a warm load reads is validated into the classes
    where they live now."""
    repo = repo_minimal(tmp_path / "repo")
    dingin = _hasil(repo.root)
    assert capkin(repo.root, "build", "--pdf", "tidak").exit_code == 0
    assert _hasil(repo.root) == dingin
    ds, _ = periksa(repo.root)  # with the history checks: their caches too
    assert all(
        isinstance(r, Realisasi) for per in ds.tahun[2025].realisasi.values() for r in per.values()
    )
    berkas = [p for p in folder_cache(repo.root).rglob("*") if p.is_file()]
    assert any(p.name == NAMA_BERKAS for p in berkas), "the loads wrote their caches"
    assert not [p for p in berkas if b"capkin.models" in p.read_bytes()]


def _sidik_salinan(paket: Path) -> str:
    """Return `sidik_kode()` as computed by a copy of capkin's code at `paket`."""
    kode = "import capkin.filecache as f; print(f.__file__); print(f.sidik_kode())"
    hasil = subprocess.run(
        [sys.executable, "-c", kode],
        env={**os.environ, "PYTHONPATH": str(paket.parent)},
        cwd=paket.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    asal, sidik = hasil.stdout.split()
    assert Path(asal).is_relative_to(paket), "the copy ran, not the installed capkin"
    return sidik


def test_moving_a_model_class_to_another_module_empties_the_caches(tmp_path: Path) -> None:
    """The file and result caches are keyed by `sidik_kode`, which names every module's path:
    the same class in another module is another code, whose caches start empty."""
    paket = tmp_path / "kode" / "capkin"
    asli = Path(str(resources.files("capkin")))
    shutil.copytree(asli, paket, ignore=shutil.ignore_patterns("__pycache__"))
    sebelum = _sidik_salinan(paket)
    (paket / "models" / "anggaran_model.py").rename(paket / "models" / "budget_model.py")
    jenis = paket / "models" / "file_kinds.py"
    jenis.write_text(jenis.read_text().replace("models.anggaran_model", "models.budget_model"))
    assert _sidik_salinan(paket) != sebelum


def test_a_document_from_the_cache_unpacks_its_data_when_read(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    dingin, _ = muat_dataset(repo.root)
    hangat, _ = muat_dataset(repo.root)
    dok = hangat.dokumen[REALISASI]
    # a loaded tree's models hold what a run needs: the plain data stays packed until read
    assert "data" not in dok.__dict__
    assert dok.data == dingin.dokumen[REALISASI].data
    assert dok.lokasi(("realisasi", 0, "nilai")) == dingin.dokumen[REALISASI].lokasi(
        ("realisasi", 0, "nilai")
    )


def test_a_document_read_cold_is_kept_as_compact_as_one_read_warm(tmp_path: Path) -> None:
    """A cold read keeps each file packed, as a warm one does, not its data and positions
    as well (a regency's 1,200 files held ~190 MB so); they locate problems alike."""
    repo = repo_minimal(tmp_path / "repo")
    tulis(repo.root, REALISASI, realisasi_yml("TW1", nilai={"ik1": "1.250", "ik2": 88}))
    dingin, _ = muat_dataset(repo.root)
    utuh, _ = muat_dataset(repo.root, cache=False)
    dok, asli = dingin.dokumen[REALISASI], utuh.dokumen[REALISASI]
    assert not {"data", "posisi", "posisi_kunci"} & dok.__dict__.keys()
    assert dok.angka_ragu == asli.angka_ragu and dok.angka_ragu
    for jalur in [("realisasi", 1, "nilai"), ("realisasi", 0), ("periode",), ("tidak-ada",)]:
        assert dok.lokasi(jalur) == asli.lokasi(jalur)
    assert dok.lokasi(("unit",), kunci=True) == asli.lokasi(("unit",), kunci=True)
    assert dok.data == asli.data


def test_approved_summaries_are_keyed_by_all_of_capkins_code(tmp_path: Path) -> None:
    """A model's default (e.g. `Pengaturan.batas_capaian_rata_rata`) or a loader's rule changes
    an approved version's summary as surely as the formulas do: its cache file is named by
    `sidik_kode`, which covers every module, so the moved model above empties it too."""
    repo = repo_minimal(tmp_path / "repo")
    assert sidik_kode()[:16] in _CacheRingkasan(repo.root).path.name
