"""Downloads: capaian per period as CSV and XLSX, the compute JSON, the register, data/ as ZIP."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from capkin.achievement import HasilPeriode, KunciPeriode
from capkin.achievement.terminal_table import baris_csv, teks_csv
from capkin.cachedir import baca_entri, tulis_entri
from capkin.jsontext import json_rapi, tulis_daftar_rapi
from capkin.layout import API_RIWAYAT, ZIP_DATA
from capkin.render.unduh_page import Unduhan
from capkin.stable_zip import TANGGAL_DOKUMEN, anggota, zip_tetap

_KOLOM_ANGKA = {
    "target",
    "realisasi",
    "capaian",
    "pembanding_periode_lalu",
    "pembanding_tahun_lalu",
    "pembanding_renstra",
}


def tulis_csv(hp: HasilPeriode, tujuan: Path, teks: str | None = None) -> None:
    """Write a period's capaian as CSV: `capkin compute --format csv`, with a BOM for Excel
    (`teks`: the CSV text when the caller has it already)."""
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    tujuan.write_text("\ufeff" + (teks if teks is not None else teks_csv(hp)), encoding="utf-8")


def _sel_xlsx(kolom: str, teks: str) -> str | float | None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    teks = ILLEGAL_CHARACTERS_RE.sub("", teks)  # control characters cannot go into XLSX
    if teks == "":
        return None
    if kolom in _KOLOM_ANGKA:
        try:
            return float(teks)
        except ValueError:
            return teks  # a range (min–maks) or a level of a scale
    return teks


def sel_tulis(ws: Any, nilai: str | float | None) -> Any:
    """Return a write-only cell; text is a string cell, never a formula (openpyxl would
    store text beginning with `=` as one)."""
    from openpyxl.cell import WriteOnlyCell

    sel = WriteOnlyCell(ws, value=nilai)
    if isinstance(nilai, str):
        sel.data_type = "s"
    return sel


_VERSI_XLSX = b"capkin-xlsx-2\n"


def tulis_xlsx(
    hp: HasilPeriode, tujuan: Path, cache: Path | None = None, teks: str | None = None
) -> None:
    """Write a period's capaian as an XLSX workbook: the CSV's columns, numbers as numbers.

    With `cache`, a workbook of the same rows made before is reused (openpyxl takes
    seconds for a regency's period; most periods do not change between two builds).
    """
    if cache is None:
        _buat_xlsx(hp, tujuan)
        return
    teks = teks if teks is not None else teks_csv(hp)  # the workbook's rows, as its key
    nama = hashlib.sha256(_VERSI_XLSX + teks.encode()).hexdigest()[:32] + ".xlsx"
    simpanan = baca_entri(cache, nama)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    if simpanan is not None:
        tujuan.write_bytes(simpanan)
        return
    _buat_xlsx(hp, tujuan)
    tulis_entri(cache, nama, tujuan.read_bytes())


def _buat_xlsx(hp: HasilPeriode, tujuan: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    kepala, *baris = baris_csv(hp)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"Capaian {hp.tahun} {hp.periode}")
    tebal = Font(bold=True)
    sel = []
    for k in kepala:
        c = WriteOnlyCell(ws, value=k)
        c.font = tebal
        sel.append(c)
    ws.append(sel)
    for b in baris:
        ws.append([sel_tulis(ws, _sel_xlsx(k, v)) for k, v in zip(kepala, b, strict=True)])
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    tujuan.write_bytes(xlsx_tetap(wb))


def xlsx_tetap(wb: Any) -> bytes:
    """Return a workbook's XLSX bytes, with fixed dates in its properties and its ZIP."""
    from openpyxl.writer.excel import ExcelWriter

    if not wb.worksheets:
        wb.create_sheet()
    # openpyxl's own save stamps the properties' modified date with the time of writing
    wb.properties.created = wb.properties.modified = TANGGAL_DOKUMEN
    keluar = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return zip_tetap(keluar.getvalue())


def tulis_json(data: Any, tujuan: Path) -> None:
    """Write JSON (UTF-8, indented) for machines."""
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    tujuan.write_text(json_rapi(data, 3) + "\n", encoding="utf-8")


def berkas_data(root: Path) -> list[Path]:
    """Return the regular files under data/, never following a symbolic link.

    A link could point anywhere on the machine (a CI runner's secrets); the ZIP is public.
    """
    data = root / "data"
    hasil: list[Path] = []
    if data.is_symlink() or not data.is_dir():
        return hasil
    for folder, sub, berkas in os.walk(data):  # os.walk does not follow links into folders
        sub[:] = sorted(
            d for d in sub if not d.startswith(".") and not Path(folder, d).is_symlink()
        )
        for nama in sorted(berkas):
            path = Path(folder, nama)
            if not nama.startswith(".") and not path.is_symlink() and path.is_file():
                hasil.append(path)
    return hasil


def tulis_zip_data(root: Path, tujuan: Path) -> None:
    """Write a ZIP of the data/ folder's regular files (stable order and timestamps)."""
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED) as z:
        for path in berkas_data(root):
            z.writestr(anggota(path.relative_to(root).as_posix()), path.read_bytes())


def tulis_unduhan(
    docs: Path,
    root: Path,
    hasil: dict[KunciPeriode, HasilPeriode],
    daftar: Iterable[Unduhan],
    riwayat: list[Any],
    cache: Path | None = None,
) -> None:
    """Write every download of the site into docs/ (workbooks reused from `cache`)."""
    for u in daftar:
        hp = hasil[(u.tahun, u.periode)]
        teks = teks_csv(hp)
        tulis_csv(hp, docs / u.csv, teks)
        tulis_xlsx(hp, docs / u.xlsx, cache, teks)
        tulis_json(hp.as_json(), docs / u.json)
    tujuan = docs / API_RIWAYAT
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    with tujuan.open("w", encoding="utf-8") as f:  # entry by entry: a register is ~30 MB of JSON
        tulis_daftar_rapi(f, (e.as_json() for e in riwayat), 3)
        f.write("\n")
    tulis_zip_data(root, docs / ZIP_DATA)
