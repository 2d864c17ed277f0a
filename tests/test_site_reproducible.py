"""Reproducible builds: the same commit, built as of the same time, gives the same site.

The sample is built twice, in two clones at different paths, under different time zones,
the second with its data files listed by the file system in another order, both with the
same SOURCE_DATE_EPOCH: every file (pages, SVG, CSV, XLSX, JSON, DOCX, PDF, the sitemap)
must be the same. The time a build is as of is the clock's, or SOURCE_DATE_EPOCH's when set
(`waktu_bangun`), never a commit's: a commit's date is whatever its author wrote.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import RepoUji, capkin, tulis_data_minimal

from capkin.clock import SOURCE_DATE_EPOCH, waktu_bangun
from capkin.errors import UsageError
from capkin.site import PilihanPdf, bangun

pytestmark = pytest.mark.usefixtures("git_terisolasi")

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1790000000"  # 2026-09-21: a day inside the sample's cycles


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
    a = _isi(_bangun_dengan(satu, monkeypatch, "UTC", EPOCH))
    shm = Path("/dev/shm")  # a tmpfs on Linux and on CI runners: another file system
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else tmp_path) as lain:
        dua = _klon(satu, Path(lain) / "jalur lain" / "kantor-dua")
        _tulis_ulang_berurutan(dua / "data")
        b = _isi(_bangun_dengan(dua, monkeypatch, "Asia/Jayapura", EPOCH))
    assert sorted(a) == sorted(b)
    berbeda = sorted(j for j in a if a[j] != b[j])
    assert not berbeda, berbeda
    jenis = {Path(j).suffix for j in a}
    assert {".html", ".svg", ".csv", ".xlsx", ".json", ".docx", ".pdf", ".gz", ".zip"} <= jenis


def test_a_build_is_as_of_the_clock_never_a_commits_own_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit head backdates the commit that stalls a step: the site's "as of" date (and with it
    which steps are late) must not follow the date the commit claims."""
    monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_minimal(repo.root)
    repo.waktu = int(datetime(2025, 5, 2, tzinfo=UTC).timestamp())  # claimed: long ago
    repo.commit("Data kantor")
    senin = datetime(2027, 3, 1, 8, 0, 0, 123456, tzinfo=UTC)
    assert waktu_bangun(senin) == senin.replace(microsecond=0)
    site = bangun(repo.root, pdf=PilihanPdf.TIDAK).out
    dibangun = json.loads((site / "api" / "v1" / "index.json").read_text())["dibangun"]
    assert abs(datetime.fromisoformat(dibangun) - datetime.now(UTC)) < timedelta(hours=1)


def test_source_date_epoch_sets_the_time_and_a_bad_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOURCE_DATE_EPOCH, " 1790000000 ")
    assert waktu_bangun() == datetime(2026, 9, 21, 14, 13, 20, tzinfo=UTC)
    for buruk in ("kemarin", "1.5e9", "99999999999999999999"):
        monkeypatch.setenv(SOURCE_DATE_EPOCH, buruk)
        with pytest.raises(UsageError, match=r"SOURCE_DATE_EPOCH.*bukan waktu yang sah"):
            waktu_bangun()
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_minimal(repo.root)
    repo.commit("Data kantor")
    hasil = capkin(repo.root, "build", "--no-pdf")
    assert hasil.exit_code == 2, hasil.output
    assert "bukan waktu yang sah" in hasil.output
    assert "Traceback" not in hasil.output
