"""Approved is frozen: approved periods, their versions, and what changed since approval.

- `disahkan_berlaku(ds, repo)`: the approved periods that count (the one rule: the approval
  step's sign-off must be proven by its commit, `history.signoff.pengesahan_ditahan`).
- `periksa_pengesahan(ds, root)`: every approved period, its versions (the approval step,
  then each `revisi`) with their commits, and how the current data differs from the newest.
- `masalah_pengesahan(ds, daftar)`: those differences as validation warnings.
- `PembacaVersi`: the data tree as of any commit, read from git objects.
"""

from __future__ import annotations

from capkin.pengesahan.frozen import (
    Pengesahan,
    VersiSah,
    daftar_disahkan,
    disahkan_berlaku,
    periksa_pengesahan,
)
from capkin.pengesahan.lookup import kuartal_laporan, pengesahan_periode, versi_json
from capkin.pengesahan.snapshot import PembacaVersi
from capkin.pengesahan.summary import Beda, bandingkan, ringkas
from capkin.pengesahan.version_reports import PenghitungVersi, hitung_aman, laporan_periode

__all__ = [
    "Beda",
    "PembacaVersi",
    "Pengesahan",
    "PenghitungVersi",
    "VersiSah",
    "bandingkan",
    "daftar_disahkan",
    "disahkan_berlaku",
    "hitung_aman",
    "kuartal_laporan",
    "laporan_periode",
    "pengesahan_periode",
    "periksa_pengesahan",
    "ringkas",
    "versi_json",
]
