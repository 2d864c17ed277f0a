"""Which approved reports a change would alter (design.md, "Approved is frozen").

Approved means approved as the site publishes it: the approval step's sign-off must count
on that side's own history (`capkin.pengesahan.disahkan_berlaku`), not merely be in the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from capkin.diff.comparison import Sisi
from capkin.models.base import Periode
from capkin.pengesahan import Beda, bandingkan
from capkin.pengesahan.version_reports import ringkas_laporan

DICABUT = Beda("pengesahan", "disahkan", "tidak lagi disahkan (laporan kembali menjadi draf)")
"""The item that differs when the change withdraws the approval itself."""


@dataclass(frozen=True)
class UbahSah:
    """An approved period whose report the change alters."""

    tahun: int
    periode: Periode
    beda: tuple[Beda, ...]
    disahkan_ulang: bool
    """The change itself re-approves the period (adds a `revisi`)."""


def _jumlah_revisi(sisi: Sisi, tahun: int, periode: Periode) -> int:
    dt = sisi.ds.tahun.get(tahun)
    s = dt.siklus.get(periode) if dt else None
    return len(s.revisi) if s else 0


def bandingkan_disahkan(base: Sisi, head: Sisi, tahun: set[int]) -> list[UbahSah]:
    """Return the periods approved on the base side whose report differs on the head side,
    or that the head side no longer approves (the approval step deleted, or signed off there
    in a way that does not count: `DICABUT`).

    Only `tahun`, the years whose data changed, can differ.
    """
    if not (base.sah and head.sah):
        return []
    hasil: list[UbahSah] = []
    sah_head = head.disahkan()
    for t, p in sorted(base.disahkan()):
        if t not in tahun:
            continue
        beda = bandingkan(ringkas_laporan(base.ds, t, p), ringkas_laporan(head.ds, t, p))
        if (t, p) not in sah_head:
            beda.insert(0, DICABUT)
        if beda:
            ulang = _jumlah_revisi(head, t, p) > _jumlah_revisi(base, t, p)
            hasil.append(UbahSah(t, p, tuple(beda), ulang))
    return hasil
