"""What the site publishes for approved periods: the approved figures, every version, the draft.

For each approved period the published figures are those of the newest approval's commit
(design.md, "Approved is frozen"); the figures of the current data stay available as a
draft while they differ, and every approved version keeps its own figures (and PDF).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from capkin.achievement import HasilPeriode, KunciPeriode
from capkin.dataset import Dataset
from capkin.history.gitlog import buka_repo
from capkin.history.model import EntriRiwayat
from capkin.history.signoff import KunciLangkah, Verifikasi
from capkin.pengesahan import (
    Pengesahan,
    PenghitungVersi,
    laporan_periode,
    periksa_pengesahan,
)


@dataclass(frozen=True)
class TerbitSah:
    """Approved reports: their approvals, the current-data drafts, every version's figures."""

    pengesahan: dict[KunciPeriode, Pengesahan]
    """By report (a `tahunan` report shares TW4's approvals)."""
    draf: dict[KunciPeriode, HasilPeriode]
    """Figures of the current data, for approved reports whose data changed since."""
    versi: dict[tuple[int, str, int], HasilPeriode]
    """Figures of each approved version: (tahun, periode, ke)."""
    kesimpulan: dict[tuple[int, str, int], str | None] = field(default_factory=dict)
    """The siklus `kesimpulan` of each approved version, as approved."""

    def status(self, tahun: int, periode: str) -> Pengesahan | None:
        """Return the approvals of a report, None when it is not approved."""
        return self.pengesahan.get((tahun, periode))


def versi_terbit(
    ds: Dataset,
    root: Path,
    riwayat: list[EntriRiwayat],
    hasil: dict[KunciPeriode, HasilPeriode],
    diverifikasi: Mapping[KunciLangkah, Verifikasi] | None = None,
) -> TerbitSah:
    """Put the approved figures into `hasil` (in place); return approvals, drafts, versions.

    `diverifikasi`: every signed step, verified already (`history.verifikasi_langkah`)."""
    semua = periksa_pengesahan(ds, root, riwayat, diverifikasi)
    repo = buka_repo(root)
    hitung = PenghitungVersi(repo, ds.root) if repo is not None else None
    pengesahan: dict[KunciPeriode, Pengesahan] = {}
    draf: dict[KunciPeriode, HasilPeriode] = {}
    versi: dict[tuple[int, str, int], HasilPeriode] = {}
    kesimpulan: dict[tuple[int, str, int], str | None] = {}
    for p in semua:
        for per in laporan_periode(p.periode):
            kunci = (p.tahun, str(per))
            if kunci not in hasil:
                continue
            pengesahan[kunci] = p
            for v in p.versi_sah:
                if hitung is not None and v.commit is not None:
                    dv = hitung.pembaca.muat([v.commit], {p.tahun})[v.commit].tahun.get(p.tahun)
                    sv = dv.siklus.get(p.periode) if dv is not None else None
                    kesimpulan[(p.tahun, str(per), v.ke)] = sv.kesimpulan if sv else None
                if v is p.terakhir and p.masukan_sama:  # same inputs: the same report
                    versi[(p.tahun, str(per), v.ke)] = hasil[kunci]
                    continue
                h = hitung.hasil(v.commit, p.tahun, per) if hitung and v.commit else None
                if h is not None:
                    versi[(p.tahun, str(per), v.ke)] = h
            terbit = versi.get((p.tahun, str(per), p.terakhir.ke))
            if terbit is not None:
                if p.berubah:
                    draf[kunci] = hasil[kunci]
                hasil[kunci] = terbit
    return TerbitSah(pengesahan, draf, versi, kesimpulan)
