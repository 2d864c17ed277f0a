"""Approved is frozen: approved periods, their versions, and what changed since approval.

- `periksa_pengesahan(ds, root)`: every approved period, its versions (the approval step,
  then each `revisi`) with their commits, and how the current data differs from the newest.
- `masalah_pengesahan(ds, daftar)`: those differences as validation warnings.
- `PembacaVersi`: the data tree as of any commit, read from git objects.
"""

from __future__ import annotations

from capkin.pengesahan.frozen import (
    Pengesahan,
    PenghitungVersi,
    VersiSah,
    daftar_disahkan,
    hitung_aman,
    kuartal_laporan,
    laporan_periode,
    pengesahan_periode,
    periksa_pengesahan,
    versi_json,
)
from capkin.pengesahan.snapshot import PembacaVersi
from capkin.pengesahan.summary import Beda, bandingkan, ringkas

__all__ = [
    "Beda",
    "PembacaVersi",
    "Pengesahan",
    "PenghitungVersi",
    "VersiSah",
    "bandingkan",
    "daftar_disahkan",
    "hitung_aman",
    "kuartal_laporan",
    "laporan_periode",
    "pengesahan_periode",
    "periksa_pengesahan",
    "ringkas",
    "versi_json",
]
