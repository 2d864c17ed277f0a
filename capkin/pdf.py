"""The Laporan Data Capaian Kinerja as a PDF (WeasyPrint, A4), cached by its HTML.

A regency's site has a report per period, each hundreds of pages: those not in the cache
are rendered in parallel processes, one per CPU this process may use.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from capkin.cachedir import baca_entri, tulis_entri


def jumlah_proses() -> int:
    """Return how many processes may render at once: the CPUs this process may use."""
    hitung = getattr(os, "process_cpu_count", None)  # Python 3.13+
    n = hitung() if hitung is not None else None
    if n is None:
        try:
            n = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            n = os.cpu_count()
    return max(1, n or 1)


def _nama(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()[:32] + ".pdf"


def _render(html: str, tujuan: str) -> None:
    """Render one PDF with WeasyPrint (run in a worker process, hence plain arguments)."""
    from weasyprint import HTML

    # WeasyPrint logs CSS it ignores at WARNING; the library must not print.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html).write_pdf(tujuan)


def buat_pdf(html: str, tujuan: Path, cache: Path | None = None) -> None:
    """Write the PDF of a standalone HTML document; reuse a cached PDF of the same HTML."""
    buat_pdf_banyak([(html, tujuan)], cache, proses=1)


def buat_pdf_banyak(
    tugas: Sequence[tuple[str, Path]], cache: Path | None = None, proses: int | None = None
) -> int:
    """Write the PDF of each (HTML, destination); return how many had to be rendered.

    PDFs of HTML rendered before come from the cache; the others are rendered in up to
    `proses` processes at once (default `jumlah_proses()`), the largest first.
    """
    belum: list[tuple[str, Path]] = []
    for html, tujuan in tugas:
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        simpanan = baca_entri(cache, _nama(html)) if cache is not None else None
        if simpanan is not None:
            tujuan.write_bytes(simpanan)
        else:
            belum.append((html, tujuan))
    belum.sort(key=lambda t: len(t[0]), reverse=True)
    n = min(proses or jumlah_proses(), len(belum))
    if n <= 1:
        for html, tujuan in belum:
            _render(html, str(tujuan))
    else:
        # spawn, not fork: the parent may hold threads (chart rendering) and open pipes
        konteks = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=n, mp_context=konteks) as pelaksana:
            for _ in pelaksana.map(_render, [h for h, _ in belum], [str(t) for _, t in belum]):
                pass
    if cache is not None:
        for html, tujuan in belum:
            tulis_entri(cache, _nama(html), tujuan.read_bytes())
    return len(belum)
