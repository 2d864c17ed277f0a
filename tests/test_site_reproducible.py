"""Reproducible builds: the same commit gives the same site, byte for byte, wherever it is built.

The sample is built twice, in two clones at different paths, under different time zones and
SOURCE_DATE_EPOCH values, the second with its data files listed by the file system in
another order: every file (pages, SVG, CSV, XLSX, JSON, DOCX, PDF, the sitemap) must be the
same. What a site shows as of a date comes from the commit (`waktu_bangun`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from factories import RepoUji, tulis, tulis_data_minimal

from capkin.site import PilihanPdf, bangun
from capkin.site.build_time import waktu_bangun

pytestmark = pytest.mark.usefixtures("git_terisolasi")

REPO = Path(__file__).resolve().parents[1]


def _klon(asal: Path, tujuan: Path) -> Path:
    tujuan.parent.mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", str(asal), str(tujuan)], check=True)
    return tujuan


def _tulis_ulang_berurutan(data: Path) -> None:
    """Write every file under `data` again, in name order: on a tmpfs, which lists a folder
    newest first, the data is then read in the reverse of the order git wrote it."""
    berkas = sorted(p for p in data.rglob("*") if p.is_file())
    isi = {p: p.read_bytes() for p in berkas}
    shutil.rmtree(data)
    for p in berkas:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(isi[p])


def _isi(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _bangun_dengan(root: Path, monkeypatch: pytest.MonkeyPatch, zona: str, epoch: str) -> Path:
    """Build `root`'s site with the machine's time zone and SOURCE_DATE_EPOCH set."""
    with monkeypatch.context() as m:
        m.setenv("TZ", zona)
        m.setenv("SOURCE_DATE_EPOCH", epoch)
        time.tzset()
        try:
            return bangun(root, pdf=PilihanPdf.SEMUA).out
        finally:
            m.undo()
            time.tzset()


@pytest.mark.slow
def test_the_same_commit_builds_the_same_site_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dangkal = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert dangkal.stdout.strip() == "false", "the sample's register needs the full history"
    satu = _klon(REPO, tmp_path / "satu" / "repo")
    a = _isi(_bangun_dengan(satu, monkeypatch, "UTC", "1"))
    shm = Path("/dev/shm")  # a tmpfs on Linux and on CI runners: another file system
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else tmp_path) as lain:
        dua = _klon(satu, Path(lain) / "jalur lain" / "kantor-dua")
        _tulis_ulang_berurutan(dua / "data")
        b = _isi(_bangun_dengan(dua, monkeypatch, "Asia/Jayapura", "2000000000"))
    assert sorted(a) == sorted(b)
    berbeda = sorted(j for j in a if a[j] != b[j])
    assert not berbeda, berbeda
    jenis = {Path(j).suffix for j in a}
    assert {".html", ".svg", ".csv", ".xlsx", ".json", ".docx", ".pdf", ".gz", ".zip"} <= jenis


def test_a_build_is_as_of_the_commit_whatever_the_day(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_minimal(repo.root)
    repo.commit("Data kantor")
    commit = datetime.fromtimestamp(repo.waktu - 3600, UTC)
    senin = datetime(2027, 3, 1, 8, tzinfo=UTC)
    selasa = datetime(2027, 3, 2, 23, tzinfo=UTC)
    assert waktu_bangun(repo.root, senin) == waktu_bangun(repo.root, selasa) == commit
    # a file outside what the build reads changes nothing
    tulis(repo.root, "catatan.txt", "bukan masukan situs\n")
    assert waktu_bangun(repo.root, senin) == commit
    # uncommitted data: no commit describes it, so the build is as of the clock
    tulis(repo.root, "data/2025/catatan.yml", "a: 1\n")
    assert waktu_bangun(repo.root, senin) == senin
    (tmp_path / "bukan-repo").mkdir()
    assert waktu_bangun(tmp_path / "bukan-repo", senin) == senin
