"""A dataset whose years are read when looked at shows exactly what an eager load shows."""

from __future__ import annotations

import pickle
import shutil
import subprocess
from pathlib import Path

import pytest

from capkin.achievement import hitung, pilih_periode
from capkin.dataset import Dataset, muat_dataset

SAMPEL = Path(__file__).resolve().parents[1] / "data"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The Gamping sample's data/ in a git repository of its own."""
    shutil.copytree(SAMPEL, tmp_path / "data")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def _terbaca(ds: Dataset) -> set[int]:
    return set(dict.keys(ds.tahun))  # what is read so far, without reading more


def test_lazy_dataset_equals_eager(root: Path) -> None:
    eager, _ = muat_dataset(root)
    assert len(eager.tahun) >= 2, "the sample has several years"
    lazy, _ = muat_dataset(root, segera=())
    assert _terbaca(lazy) == set()
    assert lazy.tahun_terurut == eager.tahun_terurut and _terbaca(lazy) == set()
    assert lazy.instansi == eager.instansi and lazy.sop == eager.sop
    assert lazy.tahun == eager.tahun
    assert sorted(lazy.dokumen) == sorted(eager.dokumen)
    assert all(lazy.dokumen[b].data == d.data for b, d in eager.dokumen.items())
    assert lazy.blob == eager.blob
    again, _ = muat_dataset(root, segera=())
    assert pickle.loads(pickle.dumps(again.tahun)) == eager.tahun


def test_a_year_is_read_when_looked_at(root: Path) -> None:
    eager, _ = muat_dataset(root)
    awal, akhir = eager.tahun_terurut[0], eager.tahun_terurut[-1]
    lazy, _ = muat_dataset(root, segera=[akhir])
    assert _terbaca(lazy) == {akhir}
    assert awal in lazy.tahun and _terbaca(lazy) == {awal, akhir}
    # a document of a year not read yet is found (and located) as in an eager load
    lazy, _ = muat_dataset(root, segera=())
    berkas = next(b for b in sorted(eager.dokumen) if b.startswith(f"data/{awal}/realisasi/"))
    assert lazy.lokasi(berkas, ("realisasi", 0, "nilai")) == eager.lokasi(
        berkas, ("realisasi", 0, "nilai")
    )
    assert _terbaca(lazy) == {awal}


def test_computing_the_latest_period_reads_only_what_it_compares(root: Path) -> None:
    eager, _ = muat_dataset(root)
    lazy, _ = muat_dataset(root, segera=())
    tahun, periode = pilih_periode(lazy, None, None)
    assert (tahun, periode) == pilih_periode(eager, None, None)
    assert hitung(lazy, tahun, periode) == hitung(eager, tahun, periode)
    assert _terbaca(lazy) <= {tahun, tahun - 1}


def test_a_years_realisasi_are_read_when_looked_at(root: Path) -> None:
    """The siklus, PK and anggaran of every year (what approvals are found in) are read
    without the realisasi files, the bulk of a tree."""
    eager, _ = muat_dataset(root)
    tahun = eager.tahun_terurut[0]
    lazy, _ = muat_dataset(root, segera=())
    dt = lazy.tahun[tahun]
    assert dt.pk == eager.tahun[tahun].pk and dt.siklus == eager.tahun[tahun].siklus
    assert not any("/realisasi/" in b for b in lazy.blob)
    assert dict(dt.realisasi) == eager.tahun[tahun].realisasi
    assert any(b.startswith(f"data/{tahun}/realisasi/") for b in lazy.blob)
    lazy, _ = muat_dataset(root, segera=())
    berkas = next(b for b in sorted(eager.dokumen) if b.startswith(f"data/{tahun}/realisasi/"))
    assert lazy.dokumen[berkas].data == eager.dokumen[berkas].data
    assert dict.keys(lazy.tahun[tahun].realisasi), "the document's realisasi folder is read"
