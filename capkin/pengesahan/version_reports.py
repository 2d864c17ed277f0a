"""A period's report as of a commit: computed once, cached by commit id.

Computed summaries are cached by commit id (a commit fixes its data) under
`capkin.cachedir.folder_cache`, in a file named by the fingerprint of all of capkin's code
(`filecache.sidik_kode`): a model's default or a loader's rule changes a summary as surely as
the formulas do, so summaries made by other code are never compared with new ones.
"""

from __future__ import annotations

import json
from pathlib import Path

from capkin.achievement import HasilPeriode, Penghitung
from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.dataset import Dataset
from capkin.errors import CapkinError
from capkin.filecache import sidik_kode
from capkin.history.gitlog import RepoGit
from capkin.models.base import TAHUNAN, Periode
from capkin.pengesahan.snapshot import PembacaVersi
from capkin.pengesahan.summary import Ringkasan, ringkas

VERSI_CACHE = 4
"""Bump when what a summary holds, or how figures are computed, changes."""


class _Cache:
    """Summaries by (commit, tahun, periode), in one JSON file under the cache folder."""

    def __init__(self, root: Path) -> None:
        self.path = folder_cache(root) / f"pengesahan-v{VERSI_CACHE}-{sidik_kode()[:16]}.json"
        self.isi: dict[str, Ringkasan] = {}
        self.baru = False
        try:
            mentah = baca_entri(self.path.parent, self.path.name)  # checked against its digest
            data = json.loads(mentah) if mentah is not None else None
            if isinstance(data, dict):
                self.isi = {k: v for k, v in data.items() if isinstance(v, dict)}
        except ValueError:
            pass

    def simpan(self) -> None:
        """Write the file atomically when something was added; a failure only costs time."""
        if not self.baru:
            return
        tulis_entri(
            self.path.parent, self.path.name, json.dumps(self.isi, ensure_ascii=False).encode()
        )
        try:
            for lama in self.path.parent.glob("pengesahan-*.json"):
                if lama != self.path:  # written by other code: never read again
                    lama.unlink(missing_ok=True)
        except OSError:
            return


class PenghitungVersi:
    """Compute periods as of commits, reusing the cache and parsed files."""

    def __init__(self, repo: RepoGit, root: Path) -> None:
        self.repo = repo
        self.pembaca = PembacaVersi(repo, root)
        self.cache = _Cache(root)

    def hasil(self, commit: str, tahun: int, periode: Periode | str) -> HasilPeriode | None:
        """Return the period's report as of a commit; None when it cannot be computed there."""
        ds = self.pembaca.muat([commit], {tahun})[commit]
        return hitung_aman(ds, tahun, periode)

    def ringkasan(self, commits: list[str], tahun: int, periode: Periode) -> dict[str, Ringkasan]:
        """Return the summary of the period's report(s) at each commit (cached)."""
        kunci = {c: f"{c}:{tahun}:{periode}" for c in commits}
        kurang = [c for c in commits if kunci[c] not in self.cache.isi]
        if kurang:
            semua = self.pembaca.muat(kurang, {tahun})
            for c in kurang:
                self.cache.isi[kunci[c]] = ringkas_laporan(semua[c], tahun, periode)
            self.cache.baru = True
        return {c: self.cache.isi[kunci[c]] for c in commits}


def laporan_periode(periode: Periode) -> list[Periode | str]:
    """Return the reports a quarter's approval covers: TW4's also approves `tahunan`."""
    return [periode, TAHUNAN] if periode is Periode.TW4 else [periode]


def ringkas_laporan(
    ds: Dataset, tahun: int, periode: Periode, penghitung: Penghitung | None = None
) -> Ringkasan:
    """Return the summary of every report a quarter's approval covers, empty if none computes.

    Pass one `penghitung` for the many periods of a dataset: it indexes each year once.
    """
    hasil: Ringkasan = {}
    penghitung = penghitung or Penghitung(ds)
    for per in laporan_periode(periode):
        h = hitung_aman(ds, tahun, per, penghitung)
        if h is not None:
            awal = "" if per == periode else f"{per} · "
            hasil.update((awal + k, v) for k, v in ringkas(h).items())
    # the conclusion written in the siklus file is part of the approved report
    siklus = ds.tahun[tahun].siklus.get(periode) if tahun in ds.tahun else None
    kesimpulan = " ".join((siklus.kesimpulan or "").split()) if siklus is not None else ""
    if hasil and kesimpulan:  # blanks only: no written conclusion, as the report shows
        hasil["kesimpulan"] = kesimpulan
    return hasil


def hitung_aman(
    ds: Dataset, tahun: int, periode: Periode | str, penghitung: Penghitung | None = None
) -> HasilPeriode | None:
    """Return a period's report, None when the data cannot give one (e.g. no PK that year)."""
    dt = ds.tahun.get(tahun)
    if dt is None or dt.pk is None:
        return None
    try:
        return (penghitung or Penghitung(ds)).hasil(tahun, periode)
    except (CapkinError, ArithmeticError, KeyError, ValueError):
        return None
