"""Read a filled kertas kerja safely and check it belongs to this repo's data.

Only cached cell values are read (never a formula evaluated); the file is refused when it
is not an XLSX, is larger than 20 MB, unpacks to more than 50 MB (by the zip's central
directory, which also bounds what can be unpacked), holds a text longer than
`BATAS_TEKS_SEL` characters in one cell or attribute, or declares a DTD (entity expansion),
or is not a capkin worksheet whose identity, header row and indicator codes are intact.
The size and text checks stream the XML parts through expat before openpyxl parses
anything, and stop at the first oversized text, so a hostile file is refused in well under
a second.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from openpyxl import load_workbook

from capkin.dataset import Dataset
from capkin.errors import Masalah, galat, ribuan
from capkin.layout import berkas_pk
from capkin.models.base import SLUG_POLA, Periode
from capkin.models.perjanjian_kinerja_model import Indikator
from capkin.worksheet.cells import (
    NilaiTidakSah,
    Terbaca,
    baca_bukti,
    baca_realisasi,
    baca_teks,
)
from capkin.worksheet.sheet_layout import (
    BATAS_INDIKATOR,
    FORMAT,
    JUDUL_KOLOM,
    KOLOM_ISIAN,
    LEMBAR,
    LEMBAR_IDENTITAS,
    VERSI_DIKENAL,
    checksum,
    sel,
)

UKURAN_MAKS_XLSX = 20 * 1024 * 1024
"""Largest worksheet file accepted, in bytes."""

UKURAN_MAKS_ISI = 50 * 1024 * 1024
"""Largest total unpacked size of a worksheet's parts, in bytes."""

BATAS_TEKS_SEL = 10_000
"""Longest text accepted in one cell of a kertas kerja, in characters (PANDUAN says so)."""

_BARIS_IDENTITAS = 100
_SLUG = re.compile(SLUG_POLA)
_BUAT_ULANG = "buat ulang kertas kerja dengan 'capkin worksheet make' lalu salin isiannya"


@dataclass(frozen=True)
class Identitas:
    """Which office, year, period and unit a worksheet was made for."""

    instansi: str
    tahun: int
    periode: Periode
    unit: str


@dataclass
class BarisIsian:
    """What a unit filled in on one indicator's row (only non-empty cells)."""

    baris: int
    indikator: Indikator
    nilai: dict[str, Any] = field(default_factory=dict)
    """Realisasi entry field (nilai, hambatan, ...) to its value."""


@dataclass
class KertasKerjaTerbaca:
    """A read worksheet: its identity, filled rows, problems and conversion notes."""

    nama: str
    identitas: Identitas | None = None
    baris: list[BarisIsian] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)

    def lokasi(self, alamat: str | None = None) -> str:
        """Return how a cell (or the file, or the sheet) is named in messages."""
        return f"{self.nama}!{LEMBAR}!{alamat}" if alamat else self.nama

    def galat(self, alamat: str | None, kode: str, pesan: str) -> None:
        """Record an error located at a cell (or at the file when `alamat` is None)."""
        self.masalah.append(galat(self.lokasi(alamat), 0, 0, kode, pesan))


class _Tolak(Exception):
    """The worksheet cannot be read further; the problem is already recorded."""


def _teks_sel(nilai: object) -> str:
    if isinstance(nilai, float) and nilai.is_integer():
        return str(int(nilai))
    return "" if nilai is None else str(nilai).strip()


def _buka(kk: KertasKerjaTerbaca, path: Path) -> tuple[Any, Any]:
    """Open the file twice (formulas, cached values) after the size and zip checks."""
    if not path.is_file():
        kk.galat(None, "xlsx-tidak-ada", "berkas tidak ditemukan; periksa nama dan foldernya")
        raise _Tolak
    try:
        ukuran = path.stat().st_size
        if ukuran > UKURAN_MAKS_XLSX:
            kk.galat(
                None,
                "xlsx-terlalu-besar",
                f"berkas berukuran {ribuan(ukuran)} byte, melebihi batas 20 MB; kertas kerja "
                "capkin jauh lebih kecil, pastikan ini berkas yang benar",
            )
            raise _Tolak
        data = path.read_bytes()
    except OSError as exc:
        kk.galat(None, "xlsx-tidak-terbaca", f"berkas tidak dapat dibaca ({exc.strerror})")
        raise _Tolak from None
    bukan_xlsx = (
        "bukan berkas XLSX; simpan kertas kerja sebagai 'Excel 2007-365 (.xlsx)' "
        "(format .xls lama dan .ods tidak didukung)"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as arsip:
            isi = arsip.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        kk.galat(None, "bukan-xlsx", bukan_xlsx)
        raise _Tolak from None
    if "xl/workbook.xml" not in {i.filename for i in isi}:
        kk.galat(None, "bukan-xlsx", bukan_xlsx)
        raise _Tolak
    if len(isi) > 10_000 or sum(i.file_size for i in isi) > UKURAN_MAKS_ISI:
        kk.galat(
            None,
            "xlsx-terlalu-besar",
            "isi berkas setelah dibuka melebihi 50 MB; ini bukan kertas kerja capkin "
            "yang wajar, " + _BUAT_ULANG,
        )
        raise _Tolak
    with zipfile.ZipFile(io.BytesIO(data)) as arsip:
        _periksa_teks(kk, arsip)
    # A damaged workbook raises here or while its rows are read: baca_kertas_kerja reports it.
    rumus = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    nilai = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return rumus, nilai


class _TeksPanjang(Exception):
    """A text or attribute longer than BATAS_TEKS_SEL; carries the cell, if known."""

    def __init__(self, sel: str | None) -> None:
        self.sel = sel


class _AdaDtd(Exception):
    """The XML declares a DTD (entities could expand without bound)."""


def _pindai_xml(f: IO[bytes]) -> None:
    """Stream one XML part through expat; raise at the first text that is too long."""
    pengurai = expat.ParserCreate()
    keadaan: dict[str, Any] = {"panjang": 0, "sel": None}

    def mulai(nama: str, atribut: dict[str, str]) -> None:
        keadaan["panjang"] = 0
        if nama.rsplit(":", 1)[-1] == "c":
            keadaan["sel"] = atribut.get("r")
        if any(len(v) > BATAS_TEKS_SEL for v in atribut.values()):
            raise _TeksPanjang(keadaan["sel"])

    def teks(isi: str) -> None:
        keadaan["panjang"] += len(isi)
        if keadaan["panjang"] > BATAS_TEKS_SEL:
            raise _TeksPanjang(keadaan["sel"])

    def akhir(nama: str) -> None:
        keadaan["panjang"] = 0

    def dtd(*_: object) -> None:
        raise _AdaDtd

    pengurai.StartElementHandler = mulai
    pengurai.EndElementHandler = akhir
    pengurai.CharacterDataHandler = teks
    pengurai.StartDoctypeDeclHandler = dtd
    pengurai.EntityDeclHandler = dtd
    while potongan := f.read(1 << 16):
        pengurai.Parse(potongan, False)
    pengurai.Parse(b"", True)


def _periksa_teks(kk: KertasKerjaTerbaca, arsip: zipfile.ZipFile) -> None:
    """Refuse a worksheet with an oversized text or a DTD before openpyxl parses it."""
    for info in arsip.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with arsip.open(info) as f:
                _pindai_xml(f)
        except _TeksPanjang as exc:
            lembar = info.filename.startswith("xl/worksheets/") and exc.sel
            letak = f"sel {exc.sel}" if lembar else f"bagian {info.filename}"
            batas = ribuan(BATAS_TEKS_SEL)
            kk.galat(
                str(exc.sel) if lembar else None,
                "teks-terlalu-panjang",
                f"kertas kerja berisi teks lebih dari {batas} karakter dalam satu sel ({letak}); "
                f"batasnya {batas} karakter per sel. Persingkat isiannya (uraian panjang taruh "
                "di berkas bukti), lalu impor lagi",
            )
            raise _Tolak from None
        except _AdaDtd:
            kk.galat(
                None,
                "bukan-xlsx",
                f"bagian {info.filename} memuat deklarasi DTD, yang tidak pernah ada di berkas "
                "Excel; " + _BUAT_ULANG,
            )
            raise _Tolak from None
        except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            continue  # damaged: openpyxl reports it while reading (baca_kertas_kerja)


def _identitas(kk: KertasKerjaTerbaca, wb: Any) -> dict[str, str]:
    if LEMBAR_IDENTITAS not in wb.sheetnames or LEMBAR not in wb.sheetnames:
        kk.galat(
            None,
            "bukan-kertas-kerja",
            f"bukan kertas kerja capkin (lembar '{LEMBAR}' atau lembar identitas tidak ada); "
            + _BUAT_ULANG,
        )
        raise _Tolak
    hasil: dict[str, str] = {}
    for baris in wb[LEMBAR_IDENTITAS].iter_rows(
        min_row=1, max_row=_BARIS_IDENTITAS, max_col=2, values_only=True
    ):
        if baris and baris[0] is not None:
            hasil[_teks_sel(baris[0])] = _teks_sel(baris[1] if len(baris) > 1 else None)
    if hasil.get("format") != FORMAT:
        kk.galat(
            None,
            "bukan-kertas-kerja",
            "bukan kertas kerja capkin (lembar identitas tidak dikenal); " + _BUAT_ULANG,
        )
        raise _Tolak
    if hasil.get("versi") not in VERSI_DIKENAL:
        kk.galat(
            None,
            "versi-tidak-dikenal",
            f"kertas kerja versi {hasil.get('versi')!r} tidak dikenal capkin ini; perbarui "
            "capkin, atau " + _BUAT_ULANG,
        )
        raise _Tolak
    return hasil


def _cocokkan_identitas(
    kk: KertasKerjaTerbaca, ds: Dataset, data: dict[str, str]
) -> tuple[Identitas, int, int]:
    """Check the identity against the repo's data; return it, the header row and row count."""
    rusak = "lembar identitas kertas kerja rusak ({}); " + _BUAT_ULANG
    try:
        tahun = int(data.get("tahun", ""))
        header = int(data.get("baris_header", ""))
        jumlah = int(data.get("jumlah_indikator", ""))
        periode = Periode(data.get("periode", ""))
    except ValueError:
        kk.galat(None, "identitas-rusak", rusak.format("tahun, periode atau baris tidak sah"))
        raise _Tolak from None
    unit = data.get("unit", "")
    if not _SLUG.fullmatch(unit) or not 1 <= header <= 1000 or not 0 <= jumlah <= BATAS_INDIKATOR:
        kk.galat(None, "identitas-rusak", rusak.format("unit atau jumlah baris tidak sah"))
        raise _Tolak
    identitas = Identitas(data.get("instansi", ""), tahun, periode, unit)
    assert ds.instansi is not None
    if identitas.instansi != ds.instansi.nama:
        kk.galat(
            None,
            "instansi-lain",
            f"kertas kerja ini milik instansi '{identitas.instansi}', bukan "
            f"'{ds.instansi.nama}' (data/instansi.yml); impor di repo instansi itu",
        )
    dt_tahun = ds.tahun.get(tahun)
    if dt_tahun is None or dt_tahun.pk is None:
        kk.galat(
            None,
            "tahun-tidak-ada",
            f"kertas kerja ini untuk tahun {tahun}, tetapi {berkas_pk(tahun)} tidak ada "
            "di repo ini",
        )
    if ds.instansi.cari_unit(unit) is None:
        kk.galat(
            None,
            "unit-tidak-ada",
            f"kertas kerja ini untuk unit '{unit}', yang tidak ada di data/instansi.yml",
        )
    if kk.masalah:
        raise _Tolak
    return identitas, header, jumlah


def _periksa_bentuk(
    kk: KertasKerjaTerbaca,
    identitas: Identitas,
    data: dict[str, str],
    baris: list[Any],
    header: int,
) -> None:
    """Check the header row and the indicator codes against the identity's checksum."""
    judul = [_teks_sel(c.value) for c in baris[0]]
    judul += [""] * (len(JUDUL_KOLOM) - len(judul))
    for k, (harus, ada) in enumerate(zip(JUDUL_KOLOM, judul, strict=False), start=1):
        if harus != ada:
            kk.galat(
                sel(k, header),
                "judul-kolom-diubah",
                f"judul kolom harus '{harus}', ditemukan {ada!r}; kembalikan judul kolom "
                "aslinya, atau " + _BUAT_ULANG,
            )
    if kk.masalah:
        raise _Tolak
    kode = [_teks_sel(r[0].value) if r else "" for r in baris[1:]]
    harus = checksum(
        identitas.instansi, identitas.tahun, identitas.periode.value, identitas.unit,
        JUDUL_KOLOM, kode,
    )  # fmt: skip
    if data.get("checksum") != harus:
        rentang = f"{sel(1, header + 1)}:{sel(1, header + len(kode))}"
        kk.galat(
            rentang,
            "kertas-kerja-diubah",
            "kode indikator, urutan baris atau lembar identitas telah diubah sejak kertas "
            "kerja dibuat, sehingga isian tidak dapat dipastikan milik indikator yang mana; "
            + _BUAT_ULANG,
        )
        raise _Tolak


def _isi_sel(
    kk: KertasKerjaTerbaca, sel_rumus: Any, sel_nilai: Any, alamat: str
) -> tuple[bool, Any]:
    """Return (ok, cached value) of a cell; formulas without a cached value are refused."""
    nilai = sel_nilai.value
    if getattr(sel_rumus, "data_type", None) == "f":
        if nilai is None:
            kk.galat(
                alamat,
                "rumus-tanpa-nilai",
                "sel berisi rumus yang belum pernah dihitung (tidak ada nilai tersimpan); "
                "ganti rumus itu dengan nilainya (salin, lalu Tempel Khusus > Nilai)",
            )
            return False, None
        kk.catatan.append(
            f"{kk.lokasi(alamat)}: berisi rumus; dipakai hasil tersimpannya {nilai!r}"
        )
    if getattr(sel_nilai, "data_type", None) == "e":
        kk.galat(
            alamat, "sel-galat", f"sel berisi galat rumus {nilai}; ganti dengan nilai yang benar"
        )
        return False, None
    if isinstance(nilai, str) and not nilai.strip():
        nilai = None
    return True, nilai


def _baca_baris(
    kk: KertasKerjaTerbaca, ind: Indikator, r: int, rumus: Any, nilai: Any
) -> BarisIsian:
    isian = BarisIsian(r, ind)
    for k, judul in enumerate(JUDUL_KOLOM, start=1):
        nama_field = KOLOM_ISIAN.get(judul)
        if nama_field is None:
            continue
        alamat = sel(k, r)
        c_nilai = nilai[k - 1] if k <= len(nilai) else None
        c_rumus = rumus[k - 1] if k <= len(rumus) else None
        ok, isi = _isi_sel(kk, c_rumus, c_nilai, alamat) if c_nilai is not None else (True, None)
        if not ok or isi is None:
            continue
        try:
            if nama_field == "nilai":
                persen = "%" in (getattr(c_nilai, "number_format", None) or "")
                terbaca = baca_realisasi(isi, ind, persen)
            elif nama_field == "bukti":
                terbaca = Terbaca(baca_bukti(isi) or ())
            else:
                terbaca = Terbaca(baca_teks(isi) or "")
        except NilaiTidakSah as exc:
            kk.galat(alamat, "nilai-tidak-sesuai", f"{judul} '{ind.id}': {exc}")
            continue
        if terbaca.catatan:
            kk.catatan.append(f"{kk.lokasi(alamat)}: {terbaca.catatan}")
        if terbaca.nilai not in ("", ()):
            isian.nilai[nama_field] = terbaca.nilai
    return isian


def baca_kertas_kerja(path: Path, ds: Dataset, nama: str | None = None) -> KertasKerjaTerbaca:
    """Read a filled worksheet and check it against the repo's data; never raises for bad input.

    `nama` is how the file is named in messages (default: the path as given).
    """
    kk = KertasKerjaTerbaca(nama if nama is not None else str(path))
    if ds.instansi is None:
        kk.galat(
            None,
            "instansi-hilang",
            "data/instansi.yml belum ada atau tidak sah; jalankan 'capkin validate'",
        )
        return kk
    wb_rumus: Any = None
    wb_nilai: Any = None
    try:
        wb_rumus, wb_nilai = _buka(kk, path)
        data = _identitas(kk, wb_nilai)
        identitas, header, jumlah = _cocokkan_identitas(kk, ds, data)
        kk.identitas = identitas
        akhir = header + jumlah
        lebar = len(JUDUL_KOLOM)
        baris_nilai = list(wb_nilai[LEMBAR].iter_rows(min_row=header, max_row=akhir, max_col=lebar))
        baris_rumus = list(wb_rumus[LEMBAR].iter_rows(min_row=header, max_row=akhir, max_col=lebar))
        _periksa_bentuk(kk, identitas, data, baris_nilai, header)
        pk = ds.tahun[identitas.tahun].pk
        assert pk is not None
        indeks = {i.id: i for _, i in pk.semua_indikator()}
        for r, (b_rumus, b_nilai) in enumerate(
            zip(baris_rumus[1:], baris_nilai[1:], strict=True), start=header + 1
        ):
            kode = _teks_sel(b_nilai[0].value)
            ind = indeks.get(kode)
            if ind is None or ind.penanggung_jawab != identitas.unit:
                sebab = "tidak ada di" if ind is None else "bukan tanggung jawab unit ini di"
                kk.galat(
                    sel(1, r),
                    "indikator-bukan-unit",
                    f"indikator '{kode}' {sebab} {berkas_pk(identitas.tahun)} (perjanjian "
                    "kinerja berubah sejak kertas kerja dibuat?); " + _BUAT_ULANG,
                )
                continue
            isian = _baca_baris(kk, ind, r, b_rumus, b_nilai)
            if isian.nilai:
                kk.baris.append(isian)
    except _Tolak:
        pass
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        kk.galat(
            None,
            "xlsx-rusak",
            f"berkas XLSX rusak atau tidak dapat dibaca ({type(exc).__name__}); buka di Excel "
            "atau LibreOffice lalu simpan ulang sebagai .xlsx",
        )
    finally:
        for wb in (wb_rumus, wb_nilai):
            if wb is not None:
                wb.close()
    return kk
