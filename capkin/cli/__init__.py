"""The `capkin` command line: parse options, call the library, format the result.

Click lives in this package only: `umum` holds the group, the error handling and shared
options; each other module holds the commands of one stage of the pipeline.
"""

from __future__ import annotations

from capkin.cli import data, hitung, kertas_kerja, lkjip, rekap, riwayat, situs
from capkin.cli.umum import main

__all__ = ["data", "hitung", "kertas_kerja", "lkjip", "main", "rekap", "riwayat", "situs"]
