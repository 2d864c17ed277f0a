"""The cache folder does not grow with every change, and a person can see and empty it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from factories import RepoUji, buat_repo_situs, capkin

from capkin.cachedir import baca_entri, folder_cache, sapu, tulis_entri
from capkin.site import PilihanPdf, bangun
from capkin.site.lock import kunci_bangun

pytestmark = pytest.mark.usefixtures("git_terisolasi")

TANGGAL = date(2025, 7, 20)
TW2 = "data/2025/realisasi/TW2/jawatan-umum.yml"
DIPANGKAS = ("pdf", "grafik", "xlsx", "docx")
LAMA = time.time() - 30 * 86400


def _entri(root: Path) -> dict[str, dict[str, int]]:
    """The entries of the pruned folders: name and inode (an entry written again is another
    inode)."""
    cache = folder_cache(root)
    return {
        f: {p.name: p.stat().st_ino for p in (cache / f).iterdir()}
        for f in DIPANGKAS
        if (cache / f).is_dir()
    }


def _tanam(folder: Path, nama: str, waktu: float) -> Path:
    tulis_entri(folder, nama, b"isi " + nama.encode())
    os.utime(folder / nama, (waktu, waktu))
    return folder / nama


def test_sapu_removes_only_what_was_not_used_since_the_run_started(tmp_path: Path) -> None:
    folder = tmp_path / "grafik"
    tak_dipakai = _tanam(folder, "a.svg", LAMA)
    dibaca = _tanam(folder, "b.svg", LAMA)
    ditulis = _tanam(folder, "c.svg", LAMA)
    sementara_lama = _tanam(folder, ".entri-x.tmp", LAMA)
    sejak = time.time()
    # another run's entry being written (ten minutes ago): kept, until an hour has passed
    sementara_baru = _tanam(folder, ".entri-y.tmp", sejak - 600)
    assert baca_entri(folder, "b.svg") == b"isi b.svg"  # a read is a use
    tulis_entri(folder, "c.svg", b"baru")  # so is a write (another run's, meanwhile)
    (folder / "sub").mkdir()
    ukuran = tak_dipakai.stat().st_size + sementara_lama.stat().st_size
    assert sapu(folder, sejak) == (2, ukuran)
    assert sorted(p.name for p in folder.iterdir()) == [".entri-y.tmp", "b.svg", "c.svg", "sub"]
    assert dibaca.exists() and ditulis.exists() and sementara_baru.exists()
    assert sapu(tmp_path / "tidak-ada", sejak) == (0, 0)


@pytest.fixture
def repo(tmp_path: Path) -> RepoUji:
    repo = buat_repo_situs(tmp_path / "repo")
    bangun(repo.root, pdf=PilihanPdf.SEMUA, tanggal=TANGGAL)
    return repo


def _isi_situs(root: Path, akhiran: str) -> set[bytes]:
    return {p.read_bytes() for p in (root / "site").rglob(f"*{akhiran}")}


def _isi_cache(root: Path, folder: str) -> set[bytes | None]:
    return {baca_entri(p.parent, p.name) for p in (folder_cache(root) / folder).iterdir()}


def _menua(root: Path) -> None:
    """Date every entry of the pruned folders a month back, as if the last build were long
    ago: a build then keeps only what it really reads or writes, not what the few seconds
    a build's start may lag a file's time (`SELISIH_WAKTU`) would spare by chance."""
    for f in DIPANGKAS:
        for p in (folder_cache(root) / f).iterdir():
            os.utime(p, (LAMA, LAMA))


@pytest.mark.slow
def test_a_build_keeps_what_the_next_build_needs_and_drops_the_rest(repo: RepoUji) -> None:
    root = repo.root
    assert all(_entri(root)[f] for f in DIPANGKAS)
    _menua(root)
    usang = [_tanam(folder_cache(root) / f, "0" * 32 + "." + f, LAMA) for f in DIPANGKAS]
    teks = (root / TW2).read_text("utf-8")
    repo.commit("Perbaiki realisasi", {TW2: teks.replace("nilai: 83.4", "nilai: 79.1", 1)})
    sejak = time.time()
    bangun(root, pdf=PilihanPdf.SEMUA, tanggal=TANGGAL)
    assert not any(p.exists() for p in usang)
    # the cache holds what this build used, and only that: every file of the site is there,
    # the changed period's old PDF and workbook are gone, not piled up
    for folder, akhiran in (("pdf", ".pdf"), ("xlsx", ".xlsx"), ("docx", ".docx")):
        assert _isi_situs(root, akhiran) <= _isi_cache(root, folder), folder
    for folder in DIPANGKAS:
        waktu = [p.stat().st_mtime for p in (folder_cache(root) / folder).iterdir()]
        assert min(waktu) >= sejak - 5, folder
    kedua = _entri(root)
    _menua(root)
    # nothing changed: everything comes from the cache, nothing is written again or dropped
    bangun(root, pdf=PilihanPdf.SEMUA, tanggal=TANGGAL)
    assert _entri(root) == kedua
    # a build without PDFs, or with the last year's only, does not count the others unused
    bangun(root, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    assert _entri(root) == kedua
    bangun(root, pdf=PilihanPdf.TERAKHIR, tanggal=TANGGAL)
    assert _entri(root)["pdf"] == kedua["pdf"]


@pytest.mark.slow
def test_cache_info_shows_each_part_and_bersihkan_empties_it(repo: RepoUji) -> None:
    root = repo.root
    hasil = capkin(root, "cache", "info")
    assert hasil.exit_code == 0, hasil.output
    assert f"Cache: {folder_cache(root)}" in hasil.stdout
    for bagian in ("pdf ", "grafik ", "halaman ", "berkas ", "riwayat ", "jumlah "):
        assert bagian in hasil.stdout
    info = json.loads(capkin(root, "cache", "info", "--format", "json").stdout)
    ukuran = {b["bagian"]: b["ukuran"] for b in info["bagian"]}
    assert ukuran["pdf"] > 0 and info["ukuran"] == sum(ukuran.values())

    hasil = capkin(root, "cache", "bersihkan", "pdf", "docx")
    assert hasil.exit_code == 0, hasil.output
    assert hasil.stdout.startswith("Cache dibersihkan: ")
    info = json.loads(capkin(root, "cache", "info", "--format", "json").stdout)
    ukuran = {b["bagian"]: b["ukuran"] for b in info["bagian"]}
    assert ukuran["pdf"] == ukuran["docx"] == 0 and ukuran["grafik"] > 0

    hasil = capkin(root, "cache", "bersihkan", "semuanya")
    assert hasil.exit_code == 2
    assert "bagian cache tidak dikenal: semuanya" in hasil.stderr

    with kunci_bangun(root):  # a build runs: refused, nothing removed
        hasil = capkin(root, "cache", "bersihkan")
        assert hasil.exit_code == 1
        assert "sedang membangun situs repo ini" in hasil.stderr
    assert (folder_cache(root) / "grafik").is_dir()

    hasil = capkin(root, "cache", "bersihkan")
    assert hasil.exit_code == 0, hasil.output
    assert [p.name for p in folder_cache(root).iterdir()] == ["bangun.lock"]
    # the next build makes what it needs again
    assert bangun(root, pdf=PilihanPdf.SEMUA, tanggal=TANGGAL).pdf > 0
    assert _entri(root)["pdf"]


@pytest.mark.slow
def test_builds_emptying_and_validating_at_once_never_break_each_other(repo: RepoUji) -> None:
    root = repo.root
    teks = (root / TW2).read_text("utf-8")
    repo.commit("Perbaiki realisasi", {TW2: teks.replace("nilai: 83.4", "nilai: 79.1", 1)})

    def jalankan(*args: str) -> subprocess.Popen[str]:
        perintah = [sys.executable, "-m", "capkin", "-C", str(root), *args]
        return subprocess.Popen(perintah, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    build = [jalankan("build"), jalankan("build", "--no-pdf")]
    lain: list[tuple[subprocess.Popen[str], tuple[str, ...]]] = []
    while any(p.poll() is None for p in build):
        semua: tuple[tuple[str, ...], ...] = (
            ("cache", "bersihkan"),
            ("validate",),
            ("cache", "bersihkan", "grafik"),
        )
        for args in semua:
            lain.append((jalankan(*args), args))
            lain[-1][0].wait(timeout=300)
    for p, args in [*((b, ("build",)) for b in build), *lain]:
        _, stderr = p.communicate(timeout=300)
        assert "Traceback" not in stderr, (args, stderr)
        refused = p.returncode == 1 and "sedang membangun situs repo ini" in stderr
        assert p.returncode == 0 or refused, (args, stderr)
    assert any(b.returncode == 0 for b in build)
    assert (root / "site/index.html").is_file()
    # whatever was pruned or emptied meanwhile, the caches left are whole and the next
    # build is complete
    hasil = bangun(root, pdf=PilihanPdf.SEMUA, tanggal=TANGGAL)
    assert hasil.pdf > 0 and (root / "site" / "index.html").is_file()
    for folder in DIPANGKAS:
        for path in (folder_cache(root) / folder).iterdir():
            assert baca_entri(path.parent, path.name) is not None, path
