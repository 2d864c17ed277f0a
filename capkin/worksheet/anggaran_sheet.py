"""The worksheet's second sheet "Anggaran": the Kasubbag KPE fills in budget realisation.

Only the Kasubbag KPE's unit worksheet has it, and only when the PK lists programs. Each
row is one program; only "Realisasi s.d. triwulan ini" is editable. Importing it updates
`data/<tahun>/anggaran/<periode>.yml` the way realisasi are updated: comments kept, a value
already there never replaced without --force.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from capkin.dataset import Dataset
from capkin.errors import galat
from capkin.layout import berkas_anggaran
from capkin.model_check import bangun_model
from capkin.models.anggaran_model import Anggaran
from capkin.models.base import Periode
from capkin.models.instansi_model import Peran
from capkin.worksheet.merger import Perubahan, RencanaBerkas, sama_nilai, teks_rencana
from capkin.worksheet.reader import KertasKerjaTerbaca
from capkin.worksheet.sheet_layout import huruf, sel
from capkin.yaml_writer import buka_naskah, naskah_baru

LEMBAR_ANGGARAN = "Anggaran"
JUDUL_ANGGARAN: tuple[str, ...] = (
    "Kode Program",
    "Program",
    "Pagu (Rp)",
    "Anggaran Kas s.d. Triwulan Ini (Rp)",
    "Realisasi s.d. Triwulan Lalu (Rp)",
    "Realisasi s.d. Triwulan Ini (Rp)",
)
"""The header row of the sheet, exactly, from column A."""
BARIS_JUDUL = 6
KOLOM_ISIAN = len(JUDUL_ANGGARAN)
LEBAR = (16, 50, 18, 22, 22, 22)
BATAS_PROGRAM = 1_000
"""Most program rows read (a guard against hostile files)."""

_TIPIS = Side(style="thin", color="9E9E9E")
_BINGKAI = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)


def unit_kpe(ds: Dataset) -> str | None:
    """Return the unit of the Kasubbag KPE, whose worksheet carries the Anggaran sheet."""
    if ds.instansi is None:
        return None
    return next(
        (p.unit for p in ds.instansi.pejabat if p.peran == Peran.KASUBBAG_KPE and p.unit), None
    )


def _tulis(ws: Any, r: int, k: int, nilai: object) -> Any:
    c = ws.cell(r, k)
    c.value = nilai
    if isinstance(nilai, str) and c.data_type == "f":
        c.data_type = "s"  # text from data is never a formula
    return c


def tulis_lembar_anggaran(wb: Workbook, ds: Dataset, tahun: int, periode: Periode) -> bool:
    """Add the Anggaran sheet (second) when the year's PK has programs; return whether it did."""
    data = ds.tahun[tahun]
    if data.pk is None or not data.pk.program:
        return False
    sekarang = data.anggaran.get(periode)
    isi = {e.program: e.nilai for e in sekarang.realisasi} if sekarang else {}
    lalu = max((p for p in data.anggaran if p.nomor < periode.nomor), default=None)
    isi_lalu = (
        {e.program: e.nilai for e in data.anggaran[lalu].realisasi} if lalu is not None else {}
    )
    ws = wb.create_sheet(LEMBAR_ANGGARAN, 1)
    _tulis(ws, 1, 1, "REALISASI ANGGARAN PROGRAM").font = Font(bold=True, size=14)
    _tulis(ws, 2, 1, f"Tahun {tahun}, sampai dengan {periode.value}")
    _tulis(
        ws,
        3,
        1,
        "Diisi Kasubbag KPE: realisasi SAMPAI DENGAN triwulan ini (kumulatif, rupiah, angka saja) "
        "menurut SIPD. Hanya kolom kuning yang dapat diisi.",
    ).alignment = Alignment(wrap_text=True)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=KOLOM_ISIAN)
    ws.row_dimensions[3].height = 30
    for k, (judul, lebar) in enumerate(zip(JUDUL_ANGGARAN, LEBAR, strict=True), start=1):
        c = _tulis(ws, BARIS_JUDUL, k, judul)
        c.font, c.border = Font(bold=True), _BINGKAI
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[huruf(k)].width = lebar
    for r, p in enumerate(data.pk.program, start=BARIS_JUDUL + 1):
        tetap = (
            p.kunci,
            p.uraian,
            p.anggaran,
            (p.anggaran_kas or {}).get(periode),
            isi_lalu.get(p.kunci),
        )
        for k, nilai in enumerate(tetap, start=1):
            c = _tulis(ws, r, k, nilai)
            c.border, c.alignment = _BINGKAI, Alignment(wrap_text=True, vertical="top")
            if k > 2:
                c.number_format = "#,##0"
        c = _tulis(ws, r, KOLOM_ISIAN, isi.get(p.kunci))
        c.border, c.number_format = _BINGKAI, "#,##0"
        c.fill = PatternFill("solid", fgColor="FFF2CC")
        c.protection = Protection(locked=False)
    ws.protection.sheet = True
    ws.freeze_panes = ws.cell(BARIS_JUDUL + 1, 1)
    return True


def _galat(kk: KertasKerjaTerbaca, alamat: str | None, kode: str, pesan: str) -> None:
    tempat = f"{kk.nama}!{LEMBAR_ANGGARAN}" + (f"!{alamat}" if alamat else "")
    kk.masalah.append(galat(tempat, 0, 0, kode, pesan))


def baca_lembar_anggaran(
    path: Path, ds: Dataset, kk: KertasKerjaTerbaca
) -> list[tuple[str, int | float, str]] | None:
    """Return (program, nilai, cell) of each filled-in row; None when there is no such sheet.

    Call after `baca_kertas_kerja` accepted the file (size and zip checks done).
    """
    idt = kk.identitas
    assert idt is not None
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if LEMBAR_ANGGARAN not in wb.sheetnames:
            return None
        ws = wb[LEMBAR_ANGGARAN]
        baris = ws.iter_rows(
            min_row=BARIS_JUDUL, max_row=BARIS_JUDUL + BATAS_PROGRAM, values_only=True
        )
        judul = tuple(str(x or "").strip() for x in next(baris, ())[:KOLOM_ISIAN])
        if judul != JUDUL_ANGGARAN:
            _galat(
                kk,
                sel(1, BARIS_JUDUL),
                "lembar-anggaran-berubah",
                "judul kolom lembar Anggaran tidak sesuai buatan capkin; buat ulang kertas kerja "
                "dengan 'capkin worksheet make' lalu salin isiannya",
            )
            return []
        pk = ds.tahun[idt.tahun].pk
        kunci = {p.kunci for p in pk.program} if pk else set()
        hasil: list[tuple[str, int | float, str]] = []
        for r, isi in enumerate(baris, start=BARIS_JUDUL + 1):
            kode = str(isi[0] if isi and isi[0] is not None else "").strip()
            nilai = isi[KOLOM_ISIAN - 1] if len(isi) >= KOLOM_ISIAN else None
            if not kode:
                if nilai not in (None, ""):
                    _galat(
                        kk, sel(KOLOM_ISIAN, r), "program-kosong", "baris ini tanpa kode program"
                    )
                continue
            alamat = sel(KOLOM_ISIAN, r)
            if kode not in kunci:
                _galat(
                    kk,
                    sel(1, r),
                    "program-tidak-dikenal",
                    f"program '{kode}' tidak ada di perjanjian kinerja {idt.tahun}; jangan ubah "
                    "kolom Kode Program",
                )
                continue
            if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
                continue
            if isinstance(nilai, bool) or not isinstance(nilai, int | float) or nilai < 0:
                _galat(
                    kk,
                    alamat,
                    "anggaran-bukan-angka",
                    f"realisasi anggaran harus angka rupiah yang tidak negatif, ditemukan "
                    f"{nilai!r}; tulis angka saja, mis. 583000000",
                )
                continue
            hasil.append((kode, int(nilai) if float(nilai).is_integer() else nilai, alamat))
        return hasil
    finally:
        wb.close()


def rencanakan_anggaran(
    ds: Dataset, kk: KertasKerjaTerbaca, path: Path, tanggal: dt.date
) -> RencanaBerkas | None:
    """Plan the anggaran file change of a worksheet's Anggaran sheet; None when there is none."""
    idt = kk.identitas
    assert idt is not None
    isian = baca_lembar_anggaran(path, ds, kk)
    if not isian:
        return None
    berkas = berkas_anggaran(idt.tahun, idt.periode)
    tujuan = ds.root / berkas
    rencana = RencanaBerkas(kk, berkas, tujuan, tujuan.exists())
    if rencana.ada:
        if idt.periode not in ds.tahun[idt.tahun].anggaran:
            _galat(
                kk,
                None,
                "berkas-data-tidak-sah",
                f"{berkas} tidak sah sehingga tidak dapat diperbarui; perbaiki dulu (lihat "
                "'capkin validate') lalu impor lagi",
            )
            return None
        naskah = buka_naskah(tujuan)
    else:
        doc = CommentedMap()
        doc["periode"] = idt.periode.value
        doc["sumber"] = "kertas kerja"
        doc["tanggal"] = tanggal
        doc["realisasi"] = CommentedSeq()
        naskah = naskah_baru(doc)
    daftar = naskah.data.setdefault("realisasi", CommentedSeq())
    for kode, nilai, alamat in isian:
        sumber = f"{kk.nama}!{LEMBAR_ANGGARAN}!{alamat}"
        entri = next((e for e in daftar if isinstance(e, dict) and e.get("program") == kode), None)
        if entri is None:
            baru = CommentedMap()
            baru["program"] = kode
            baru["nilai"] = nilai
            daftar.append(baru)
            rencana.perubahan.append(Perubahan(sumber, kode, "nilai", None, nilai))
        elif sama_nilai(entri.get("nilai"), nilai):
            rencana.sama += 1
        else:
            rencana.perubahan.append(Perubahan(sumber, kode, "nilai", entri.get("nilai"), nilai))
            entri["nilai"] = nilai
    if not rencana.perubahan:
        return rencana
    dok = teks_rencana(rencana, naskah, tanggal)
    if dok is None:
        return None
    kk.masalah.extend(bangun_model(dok, Anggaran)[1])
    return rencana
