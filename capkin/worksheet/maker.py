"""Make the kertas kerja (XLSX) a unit fills in for step 2 of the SOP."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from capkin import __version__
from capkin.achievement import format_nilai
from capkin.achievement.engine import Penghitung
from capkin.achievement.isian import isian_indikator
from capkin.clock import format_tanggal, zona_kantor
from capkin.cycle import status_siklus
from capkin.dataset import Dataset
from capkin.errors import UsageError
from capkin.layout import berkas_pk
from capkin.models.base import Periode
from capkin.models.instansi_model import Unit
from capkin.models.perjanjian_kinerja_model import Indikator, Jenis, PerjanjianKinerja, Rentang
from capkin.models.realisasi_model import EntriRealisasi
from capkin.worksheet.anggaran_sheet import tulis_lembar_anggaran, unit_kpe
from capkin.worksheet.sheet_layout import (
    FORMAT,
    JUDUL_KOLOM,
    KOLOM_PERTAMA_ISIAN,
    KOLOM_REALISASI,
    LEBAR_KOLOM,
    LEMBAR,
    LEMBAR_IDENTITAS,
    VERSI,
    checksum,
    huruf,
    kolom_isian,
    sel,
)

BELUM_DITETAPKAN = "belum ditetapkan (langkah 2 belum dimulai)"

NAMA_TRIWULAN = {
    Periode.TW1: "Triwulan I",
    Periode.TW2: "Triwulan II",
    Periode.TW3: "Triwulan III",
    Periode.TW4: "Triwulan IV",
}

PETUNJUK: tuple[str, ...] = (
    "Isi kolom Realisasi, Hambatan, Strategi, Tindak Lanjut dan Bukti Dukung (sel berwarna "
    "kuning) pada baris setiap indikator. Kolom lain terkunci dan tidak perlu diubah.",
    "Realisasi indikator angka: ketik angkanya saja tanpa satuan, dengan koma desimal "
    "(mis. 83,5). Jangan memakai titik ribuan yang bermakna ganda seperti 1.250; tulis 1250. "
    "Apa yang diisi (mis. jumlah triwulan ini saja, bukan total sejak awal tahun) tertulis di "
    "bawah uraian setiap indikator. "
    "Realisasi indikator kategori: pilih tingkatan dari daftar pada sel.",
    "Bukti Dukung: tulis satu bukti per baris (Alt+Enter) atau pisahkan dengan titik koma (;), "
    "berupa jalur berkas di repo (mis. bukti/2025/tw2/ikm.pdf) atau tautan https://.",
    "Sel yang dikosongkan tidak menghapus data yang sudah tercatat. Isian yang sudah ada adalah "
    "data yang telah dilaporkan; bila Anda mengubahnya, perubahan itu diperiksa Kasubbag KPE "
    "sebelum dicatat.",
    "Jangan mengubah judul kolom, kode indikator atau nama lembar, dan jangan menambah atau "
    "menghapus baris. Simpan sebagai .xlsx dan kirim kembali kepada Kasubbag KPE paling lambat "
    "pada batas waktu pengisian di atas.",
)

_TIPIS = Side(style="thin", color="9E9E9E")
_BINGKAI = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_ISI_JUDUL = PatternFill("solid", fgColor="DDEBF7")
_ISI_EDIT = PatternFill("solid", fgColor="FFF2CC")
_BUNGKUS = Alignment(wrap_text=True, vertical="top")
_TERBUKA = Protection(locked=False)
_BATAS_DAFTAR = 255


def _tinggi_baris(ws: Worksheet, r: int) -> float:
    """Return a row height that shows every wrapped text of the row (at least two lines).

    LibreOffice does not grow rows to fit wrapped text on opening an XLSX, so the height
    is set from the text length and the column widths.
    """
    baris = 2
    for k in range(1, len(JUDUL_KOLOM) + 1):
        nilai = ws.cell(r, k).value
        if nilai is None:
            continue
        per_baris = max(int(LEBAR_KOLOM[k - 1] * 1.1), 1)
        n = sum(-(-max(len(bagian), 1) // per_baris) for bagian in str(nilai).split("\n"))
        baris = max(baris, n)
    return 15.0 * min(baris, 27)


def batas_waktu(ds: Dataset, tahun: int, periode: Periode) -> dt.date | None:
    """Return step 2's deadline by the SOP clock; None while step 2 is not yet started.

    Step 2 starts on its recorded `mulai`, or else on the working day after step 1 was
    signed off; the deadline is the one `capkin status` shows once step 2 has started.
    """
    dt_tahun = ds.tahun.get(tahun)
    siklus = dt_tahun.siklus.get(periode) if dt_tahun else None
    if siklus is None or ds.sop is None or ds.sop.cari_langkah(2) is None:
        return None
    l1, l2 = siklus.cari_langkah(1), siklus.cari_langkah(2)
    mulai = [
        *([l2.mulai] if l2 is not None and l2.mulai is not None else []),
        *([l1.selesai] if l1 is not None and l1.ditandatangani and l1.selesai else []),
    ]
    if not mulai:
        return None
    st = status_siklus(ds, tahun, periode, max(mulai))
    return next((s.tenggat for s in st.langkah if s.no == 2), None)


def indikator_unit(pk: PerjanjianKinerja, unit: str) -> list[Indikator]:
    """Return the indicators a unit is responsible for, in the PK's order."""
    return [i for _, i in pk.semua_indikator() if i.penanggung_jawab == unit]


def target_periode(ind: Indikator, periode: Periode) -> int | float | Rentang | str:
    """Return an indicator's target for a period: its target_periode, else the annual one."""
    if ind.target_periode and periode in ind.target_periode:
        return ind.target_periode[periode]
    return ind.target


def teks_target(t: int | float | Rentang | str) -> str:
    """Format a target for people: 82,5 · 80 – 90 · BB."""
    if isinstance(t, Rentang):
        return f"{format_nilai(t.min)} – {format_nilai(t.maks)}"
    return format_nilai(t)


def nama_berkas(tahun: int, periode: Periode, unit: str) -> str:
    """Return the file name of a unit's worksheet."""
    return f"kertas-kerja-{tahun}-{periode.value}-{unit}.xlsx"


def _pk(ds: Dataset, tahun: int) -> PerjanjianKinerja:
    dt_tahun = ds.tahun.get(tahun)
    if dt_tahun is None or dt_tahun.pk is None:
        raise UsageError(
            f"tahun {tahun} belum punya {berkas_pk(tahun)}; buat perjanjian kinerja tahun itu, "
            "atau pilih tahun lain dengan --tahun"
        )
    return dt_tahun.pk


def _tulis(ws: Worksheet, r: int, k: int, nilai: object) -> Cell:
    """Write a value; text is always text, never a formula (data cannot inject one)."""
    c: Cell = ws.cell(r, k)
    c.value = nilai
    if isinstance(nilai, str) and c.data_type == "f":
        c.data_type = "s"
    return c


def _kepala(ws: Worksheet, baris: int, label: str, nilai: str) -> None:
    _tulis(ws, baris, 1, label).font = Font(bold=True)
    _tulis(ws, baris, 2, f": {nilai}")
    ws.merge_cells(start_row=baris, start_column=2, end_row=baris, end_column=len(JUDUL_KOLOM))


def _tulis_judul(
    ws: Worksheet, ds: Dataset, unit: Unit, tahun: int, periode: Periode, tenggat: dt.date | None
) -> int:
    """Write the heading block and the header row; return the header row's number."""
    assert ds.instansi is not None
    lebar = len(JUDUL_KOLOM)
    _tulis(ws, 1, 1, "KERTAS KERJA REALISASI CAPAIAN KINERJA").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=lebar)
    _kepala(ws, 3, "Instansi", ds.instansi.nama)
    _kepala(ws, 4, "Unit kerja", unit.nama)
    _kepala(ws, 5, "Tahun", str(tahun))
    _kepala(ws, 6, "Periode", f"{NAMA_TRIWULAN[periode]} ({periode.value})")
    batas = format_tanggal(tenggat) if tenggat else BELUM_DITETAPKAN
    _kepala(ws, 7, "Batas waktu pengisian", batas)
    _tulis(ws, 9, 1, "Petunjuk pengisian:").font = Font(bold=True)
    for n, teks in enumerate(PETUNJUK, start=1):
        _tulis(ws, 9 + n, 1, f"{n}. {teks}").alignment = _BUNGKUS
        ws.merge_cells(start_row=9 + n, start_column=1, end_row=9 + n, end_column=lebar)
        ws.row_dimensions[9 + n].height = 30
    header = 9 + len(PETUNJUK) + 2
    for k, (teks, lebar_kolom) in enumerate(zip(JUDUL_KOLOM, LEBAR_KOLOM, strict=True), start=1):
        c = _tulis(ws, header, k, teks)
        c.font, c.fill, c.border = Font(bold=True), _ISI_JUDUL, _BINGKAI
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[huruf(k)].width = lebar_kolom
    return header


def _tulis_baris(
    ws: Worksheet,
    r: int,
    ind: Indikator,
    periode: Periode,
    entri: EntriRealisasi | None,
    petunjuk: str,
) -> None:
    """Write one indicator's row: fixed cells locked, editable ones open and pre-filled.

    Under the uraian stands what to enter this quarter, with the total so far and the
    target to date for kumulatif indicators.
    """
    uraian = f"{ind.uraian}\n— {petunjuk[0].upper()}{petunjuk[1:]}"
    tetap = (ind.id, uraian, ind.satuan, teks_target(target_periode(ind, periode)))
    for k, nilai in enumerate(tetap, start=1):
        c = _tulis(ws, r, k, nilai)
        c.alignment, c.border = _BUNGKUS, _BINGKAI
    for k in range(KOLOM_PERTAMA_ISIAN, len(JUDUL_KOLOM) + 1):
        c = ws.cell(r, k)
        c.alignment, c.border, c.fill, c.protection = _BUNGKUS, _BINGKAI, _ISI_EDIT, _TERBUKA
    if entri is not None:
        isi: dict[str, object] = {
            "nilai": entri.nilai,
            "hambatan": entri.hambatan,
            "strategi": entri.strategi,
            "tindak_lanjut": entri.tindak_lanjut,
            "bukti": "\n".join(entri.bukti) or None,
        }
        for nama_field, isian in isi.items():
            if isian is not None:
                _tulis(ws, r, kolom_isian(nama_field), isian)
    ws.row_dimensions[r].height = _tinggi_baris(ws, r)


def _daftar_skala(id_ws: Worksheet, skala: tuple[str, ...], n: int) -> str:
    """Return a list-validation formula for a scale, spilling long scales onto the id sheet."""
    inline = ",".join(skala)
    if len(inline) + 2 <= _BATAS_DAFTAR and not any("," in s or '"' in s for s in skala):
        return f'"{inline}"'
    kolom = 4 + n
    for i, tingkat in enumerate(skala, start=1):
        _tulis(id_ws, i, kolom, tingkat)
    return f"'{LEMBAR_IDENTITAS}'!${huruf(kolom)}$1:${huruf(kolom)}${len(skala)}"


def _validasi(ws: Worksheet, id_ws: Worksheet, header: int, daftar: list[Indikator]) -> None:
    """Validate Realisasi: any number for angka, the scale's dropdown for kategori."""
    dv_angka = DataValidation(
        type="decimal", operator="between", formula1="-1E+300", formula2="1E+300",
        allow_blank=True, showErrorMessage=True, showInputMessage=True,
        errorTitle="Realisasi harus angka", error="Ketik angka saja tanpa satuan, mis. 83,5.",
        promptTitle="Realisasi", prompt="Ketik angka realisasi tanpa satuan, mis. 83,5.",
    )  # fmt: skip
    dv_skala: dict[tuple[str, ...], DataValidation] = {}
    for r, ind in enumerate(daftar, start=header + 1):
        alamat = sel(KOLOM_REALISASI, r)
        if ind.jenis is Jenis.ANGKA:
            dv_angka.add(alamat)
        elif ind.skala:
            dv = dv_skala.get(ind.skala)
            if dv is None:
                dv = DataValidation(
                    type="list",
                    formula1=_daftar_skala(id_ws, ind.skala, len(dv_skala)),
                    allow_blank=True, showErrorMessage=True, showInputMessage=True,
                    errorTitle="Pilih tingkatan", error="Pilih salah satu tingkatan dari daftar.",
                    promptTitle="Realisasi", prompt="Pilih tingkatan dari daftar.",
                )  # fmt: skip
                dv_skala[ind.skala] = dv
            dv.add(alamat)
    for dv in (dv_angka, *dv_skala.values()):
        if dv.sqref:
            ws.add_data_validation(dv)


def _atur_lembar(ws: Worksheet, header: int) -> None:
    """Freeze the header, fit the page to its width, and protect the sheet (no password)."""
    ws.freeze_panes = sel(1, header + 1)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def _lembar_anggaran_saja(ds: Dataset, pk: PerjanjianKinerja, unit: str) -> bool:
    """Return whether a unit with no indicator still gets a workbook: the Kasubbag KPE's,
    for its Anggaran sheet, when the year has programs."""
    return bool(pk.program) and unit == unit_kpe(ds)


def buat_kertas_kerja(
    ds: Dataset, tahun: int, periode: Periode, unit: str, *, dibuat: dt.datetime | None = None
) -> Workbook:
    """Build the worksheet of one unit for one period, pre-filled with what it already reported."""
    if ds.instansi is None:
        raise UsageError("data/instansi.yml belum ada atau tidak sah; jalankan 'capkin validate'")
    unit_obj = ds.instansi.cari_unit(unit)
    if unit_obj is None:
        pilihan = ", ".join(u.id for u in ds.instansi.unit)
        raise UsageError(
            f"unit '{unit}' tidak ada di data/instansi.yml; pilih salah satu: {pilihan}"
        )
    pk = _pk(ds, tahun)
    daftar = indikator_unit(pk, unit)
    if not daftar and not _lembar_anggaran_saja(ds, pk, unit):
        raise UsageError(
            f"unit '{unit}' tidak menjadi penanggung jawab indikator apa pun di {berkas_pk(tahun)}"
        )
    laporan = ds.tahun[tahun].realisasi.get(periode, {}).get(unit)
    sudah = {e.indikator: e for e in laporan.realisasi} if laporan else {}

    wb = Workbook()
    ws = wb.active
    ws.title = LEMBAR
    header = _tulis_judul(ws, ds, unit_obj, tahun, periode, batas_waktu(ds, tahun, periode))
    penghitung = Penghitung(ds)
    for r, ind in enumerate(daftar, start=header + 1):
        petunjuk = isian_indikator(penghitung, tahun, periode, ind).petunjuk(format_nilai)
        _tulis_baris(ws, r, ind, periode, sudah.get(ind.id), petunjuk)
    id_ws = wb.create_sheet(LEMBAR_IDENTITAS)
    _validasi(ws, id_ws, header, daftar)
    _atur_lembar(ws, header)
    if unit == unit_kpe(ds):
        tulis_lembar_anggaran(wb, ds, tahun, periode)

    kode = [i.id for i in daftar]
    identitas: dict[str, str] = {
        "format": FORMAT,
        "versi": VERSI,
        "instansi": ds.instansi.nama,
        "tahun": str(tahun),
        "periode": periode.value,
        "unit": unit,
        "baris_header": str(header),
        "jumlah_indikator": str(len(kode)),
        "checksum": checksum(ds.instansi.nama, tahun, periode.value, unit, JUDUL_KOLOM, kode),
        "dibuat_oleh": f"capkin {__version__}",
        "dibuat": (dibuat or dt.datetime.now(zona_kantor(ds.instansi))).isoformat(
            timespec="seconds"
        ),
    }
    for r, (kunci, nilai) in enumerate(identitas.items(), start=1):
        _tulis(id_ws, r, 1, kunci)
        _tulis(id_ws, r, 2, nilai)
    id_ws.sheet_state = "veryHidden"
    id_ws.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def _simpan(wb: Workbook, path: Path) -> None:
    """Save a workbook under a temporary name first, so a half-written file never takes its name."""
    sementara = path.with_name(f".{path.name}.tmp")
    wb.save(sementara)
    os.replace(sementara, path)


def tulis_kertas_kerja(
    ds: Dataset,
    tahun: int,
    periode: Periode,
    folder: Path,
    unit: Sequence[str] = (),
    *,
    timpa: bool = False,
) -> tuple[list[Path], list[str]]:
    """Write one worksheet per unit (all units with indicators when `unit` is empty).

    Existing files are not overwritten unless `timpa` (they may be filled-in worksheets);
    nothing is written when any worksheet cannot be made. Return the files written and the
    units skipped because they have no indicator.
    """
    if ds.instansi is None:
        raise UsageError("data/instansi.yml belum ada atau tidak sah; jalankan 'capkin validate'")
    pk = _pk(ds, tahun)
    pilihan = list(unit) or [u.id for u in ds.instansi.unit]
    dibuat = dt.datetime.now(zona_kantor(ds.instansi))
    buku: dict[Path, Workbook] = {}
    dilewati: list[str] = []
    for u in pilihan:
        if not unit and not indikator_unit(pk, u) and not _lembar_anggaran_saja(ds, pk, u):
            dilewati.append(u)
            continue
        buku[folder / nama_berkas(tahun, periode, u)] = buat_kertas_kerja(
            ds, tahun, periode, u, dibuat=dibuat
        )
    ada = [str(p) for p in buku if p.exists()]
    if ada and not timpa:
        raise UsageError(
            f"berkas sudah ada: {', '.join(ada)}; mungkin kertas kerja yang sudah diisi unit. "
            "Pindahkan atau impor dulu, pilih folder lain dengan --out, atau pakai --force "
            "untuk menimpanya"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for path, wb in buku.items():
        _simpan(wb, path)
    return list(buku), dilewati
