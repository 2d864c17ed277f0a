"""ZIP files (the site's XLSX and DOCX, data.zip) whose bytes depend on their contents alone."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

WAKTU_ZIP = (1980, 1, 1, 0, 0, 0)
"""Every member's timestamp: the earliest a ZIP can hold, never the time of writing."""

TANGGAL_DOKUMEN = datetime(2000, 1, 1)
"""The created and modified dates written into an office document's core properties."""


def anggota(nama: str, compress_type: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """Return a member's header with the fixed timestamp and plain file permissions."""
    info = zipfile.ZipInfo(nama, WAKTU_ZIP)
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    return info


def zip_tetap(isi: bytes) -> bytes:
    """Return a ZIP rewritten with every member's timestamp fixed, in the same order.

    openpyxl and python-docx stamp each member with the time of writing; the same
    workbook or report written twice then differs only there.
    """
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(isi)) as asal,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as tujuan,
    ):
        for info in asal.infolist():
            tujuan.writestr(anggota(info.filename, info.compress_type), asal.read(info))
    return keluar.getvalue()
