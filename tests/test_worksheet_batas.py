"""worksheet import refuses oversized text before parsing, in well under a second."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from test_worksheet import SOSIAL, _buat, _capkin, _gagal, _isi, _repo

from capkin.worksheet.reader import BATAS_TEKS_SEL


def _tambah_ke_bagian(
    sumber: Path, tujuan: Path, bagian: str, sisip: bytes, sebelum: bytes
) -> None:
    """Copy a workbook, inserting bytes into one XML part before a marker."""
    with zipfile.ZipFile(sumber) as asal, zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED) as z:
        assert bagian in asal.namelist()
        for info in asal.infolist():
            isi = asal.read(info)
            if info.filename == bagian:
                assert sebelum in isi
                isi = isi.replace(sebelum, sisip + sebelum, 1)
            z.writestr(info.filename, isi, compress_type=zipfile.ZIP_DEFLATED)


def test_a_small_file_holding_a_48_mb_cell_is_refused_fast(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    asli = _isi(_buat(root), {"G17": "Strategi baru"})
    bom = tmp_path / "sel-raksasa.xlsx"
    raksasa = b'<row r="999"><c r="F999" t="inlineStr"><is><t>'
    raksasa += b"A" * (48 * 1024 * 1024) + b"</t></is></c></row>"
    _tambah_ke_bagian(asli, bom, "xl/worksheets/sheet1.xml", raksasa, b"</sheetData>")
    assert bom.stat().st_size < 200 * 1024
    sebelum = (root / SOSIAL).read_bytes()
    mulai = time.process_time()
    keluaran = _gagal(root, str(bom))
    detik = time.process_time() - mulai
    assert "!F999: galat: kertas kerja berisi teks lebih dari 10.000 karakter" in keluaran
    assert "(uraian panjang taruh di berkas bukti), lalu impor lagi" in keluaran
    assert detik < 0.5, detik  # CPU time of this process: openpyxl never saw the file
    assert (root / SOSIAL).read_bytes() == sebelum


def test_the_text_limit_is_exact(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    dibuat = _buat(root)
    pas = _isi(dibuat, {"G17": "x" * BATAS_TEKS_SEL}, "pas.xlsx")
    hasil = _capkin(root, "import", str(pas), "--dry-run")
    assert "teks lebih dari" not in hasil.output, hasil.output
    lebih = _isi(dibuat, {"G17": "x" * (BATAS_TEKS_SEL + 1)}, "lebih.xlsx")
    assert "teks lebih dari 10.000 karakter" in _gagal(root, str(lebih))


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    dtd = tmp_path / "dtd.xlsx"
    tawa = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    _tambah_ke_bagian(_buat(root), dtd, "xl/workbook.xml", tawa, b"<workbook")
    assert "bagian xl/workbook.xml memuat deklarasi DTD" in _gagal(root, str(dtd))
