"""The Laporan Data Capaian Kinerja as a PDF (WeasyPrint, A4), cached by its HTML.

A regency's site has a report per period, each hundreds of pages: those not in the cache
are rendered in parallel processes, one per CPU this process may use, fewer when the largest
of them together would not fit in the memory available.
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


PUNCAK_PER_BYTE = 800
"""WeasyPrint's peak memory per byte of HTML, rounded up from measurements here: 400-700
(a 5.8 MB LKjIP peaked above 4 GB, a 0.45 MB one at 253 MB, a 0.17 MB period at 135 MB)."""

PUNCAK_DASAR = 100 * 2**20
"""A worker's memory before it renders (Python, WeasyPrint, fonts), rounded up."""


def memori_tersedia() -> int | None:
    """Return the bytes of memory available now: MemAvailable, within a cgroup's limit.

    None when unknown (not Linux): then only the CPUs limit the processes.
    """
    tersedia = None
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for baris in f:
                if baris.startswith("MemAvailable:"):
                    tersedia = int(baris.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    try:  # a container's limit (cgroup v2) may be lower than the machine's free memory
        batas = Path("/sys/fs/cgroup/memory.max").read_text(encoding="ascii").strip()
        kini = Path("/sys/fs/cgroup/memory.current").read_text(encoding="ascii").strip()
        if batas != "max" and tersedia is not None:
            tersedia = min(tersedia, int(batas) - int(kini))
    except (OSError, ValueError):
        pass
    return tersedia


def proses_muat(ukuran: Sequence[int], proses: int, tersedia: int | None) -> int:
    """Return how many of `proses` renders may run at once within `tersedia` bytes.

    The largest HTML documents (`ukuran`, in bytes) render first, so the first `n` of them
    run together: `n` drops until their estimated peaks fit. Never below one.
    """
    if tersedia is None:
        return proses
    terbesar = sorted(ukuran, reverse=True)
    n = max(1, min(proses, len(terbesar)))
    while n > 1 and sum(PUNCAK_DASAR + b * PUNCAK_PER_BYTE for b in terbesar[:n]) > tersedia:
        n -= 1
    return n


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
    ukuran = [len(h.encode()) for h, _ in belum]
    n = proses_muat(ukuran, proses or jumlah_proses(), memori_tersedia())
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
