"""The Laporan Data Capaian Kinerja as a PDF (WeasyPrint, A4), cached by its HTML."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path


def buat_pdf(html: str, tujuan: Path, cache: Path | None = None) -> None:
    """Write the PDF of a standalone HTML document; reuse a cached PDF of the same HTML."""
    kunci = hashlib.sha256(html.encode()).hexdigest()[:32]
    simpanan = cache / f"{kunci}.pdf" if cache is not None else None
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    if simpanan is not None and simpanan.is_file():
        shutil.copyfile(simpanan, tujuan)
        return
    from weasyprint import HTML

    # WeasyPrint logs CSS it ignores at WARNING; the library must not print.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html).write_pdf(tujuan)
    if simpanan is not None:
        simpanan.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tujuan, simpanan)
