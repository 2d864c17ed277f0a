"""The `capkin` command line: parse options, call the library, format the result.

Click lives in this package only: `options` holds the group, the error handling and shared
options; each other module holds the commands of one stage of the pipeline.
"""

from __future__ import annotations

from capkin.cli import (
    cache_folder,
    compute,
    data,
    history,
    lkjip,
    rekap,
    signing,
    site,
    worksheet,
)
from capkin.cli.options import main

__all__ = [
    "cache_folder",
    "compute",
    "data",
    "history",
    "lkjip",
    "main",
    "rekap",
    "signing",
    "site",
    "worksheet",
]
