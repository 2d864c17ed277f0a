"""The Laporan Data Capaian Kinerja as a PDF (WeasyPrint, A4), cached by its HTML."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from capkin.cachedir import baca_entri, tulis_entri


def buat_pdf(html: str, tujuan: Path, cache: Path | None = None) -> None:
    """Write the PDF of a standalone HTML document; reuse a cached PDF of the same HTML."""
    nama = hashlib.sha256(html.encode()).hexdigest()[:32] + ".pdf"
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    simpanan = baca_entri(cache, nama) if cache is not None else None
    if simpanan is not None:
        tujuan.write_bytes(simpanan)
        return
    from weasyprint import HTML

    # WeasyPrint logs CSS it ignores at WARNING; the library must not print.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html).write_pdf(tujuan)
    if cache is not None:
        tulis_entri(cache, nama, tujuan.read_bytes())
