"""The base of every data model and the field types the file kinds share.

Ids (`Slug`), numbers (`Angka`, `Rupiah`), dates (`Tanggal`), texts (`Teks`), time zones,
and the reporting quarter (`Periode`), which every file kind but the office's and the SOP's
refers to.
"""

from __future__ import annotations

import enum
import math
import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

SLUG_POLA = r"^[a-z0-9][a-z0-9.-]*$"

PANJANG_ID_MAKS = 100
"""Longest id (unit, indikator, sasaran, pejabat): ids become page, file and API names, a
file name stops at 255 bytes, and the published API (api/v1) takes 100."""

_NAMA_PERANGKAT = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")
"""Names Windows keeps for devices, with any extension: no file or folder can bear them."""


def _nama_berkas_sah(x: str) -> str:
    """Refuse an id that cannot be a file name everywhere: ids become the names of realisasi
    files, pages and downloads, which a checkout on Windows must be able to hold."""
    if _NAMA_PERANGKAT.fullmatch(x) or x.endswith("."):
        raise ValueError(
            f"'{x}' tidak dapat menjadi nama berkas di semua komputer (nama perangkat Windows "
            "seperti con, aux, nul, com1, atau diakhiri titik); pilih id lain, mis. "
            f"'{x.rstrip('.')}-1'"
        )
    return x


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_POLA, max_length=PANJANG_ID_MAKS),
    AfterValidator(_nama_berkas_sah),
]
"""A lowercase ID: letters a-z, digits, dots and hyphens; a name any file system holds."""


BATAS_ANGKA = 10**15
"""Largest magnitude of a number in data: beyond any real figure, within exact Decimal math."""


ANGKA_TERKECIL = 1e-6
"""Smallest magnitude of a non-zero number in data: anything closer to zero shows as 0,00 and
is a typo (1e-320 for 1e3), never a real figure."""


TANGGAL_AWAL = date(1900, 1, 1)
TANGGAL_AKHIR = date(2100, 12, 31)


JENIS_DI_LUAR_BATAS = "angka_di_luar_batas"
"""The pydantic error type of a number outside what data may hold (dataset ranks it first)."""


def _angka_wajar(x: int | float) -> int | float:
    # A custom error type (not a ValueError): in a union such as `Angka | Teks` the number's
    # own problem must win over "should be text", which would name the wrong type.
    if isinstance(x, float) and not math.isfinite(x):
        raise PydanticCustomError(
            JENIS_DI_LUAR_BATAS,
            "harus angka yang terhingga antara -10^15 dan 10^15, ditemukan {x}; tulis angka "
            "biasa, bukan .nan atau .inf",
            {"x": str(x)},
        )
    if abs(x) > BATAS_ANGKA:
        raise PydanticCustomError(
            JENIS_DI_LUAR_BATAS,
            "angka {x} di luar jangkauan: angka dalam data harus antara -10^15 dan 10^15 "
            "(-1.000.000.000.000.000 sampai 1.000.000.000.000.000); periksa jumlah digitnya",
            {"x": str(x)},
        )
    if x and abs(x) < ANGKA_TERKECIL:
        raise PydanticCustomError(
            JENIS_DI_LUAR_BATAS,
            "angka {x} terlalu dekat ke nol (bukan nol, tetapi lebih kecil dari 0,000001) dan "
            "tampil sebagai 0; tulis 0 bila memang nol, atau periksa penulisannya (1e-3 berarti "
            "0,001)",
            {"x": str(x)},
        )
    return x


def _tanggal_wajar(d: date) -> date:
    if not TANGGAL_AWAL <= d <= TANGGAL_AKHIR:
        raise ValueError(f"tanggal {d.isoformat()} di luar jangkauan 1900–2100; periksa tahunnya")
    return d


Angka = Annotated[StrictInt | StrictFloat, AfterValidator(_angka_wajar)]
"""A finite number written as a number (never a quoted string, never a boolean)."""

Tanggal = Annotated[date, AfterValidator(_tanggal_wajar)]
"""A date that exists, written YYYY-MM-DD, between 1900 and 2100."""


BATAS_TEKS = 2000
"""Longest name, uraian or satuan, in characters: what the published API (api/v1) accepts,
far beyond any real one (a long explanation belongs in a bukti file)."""


Teks = Annotated[str, StringConstraints(min_length=1, max_length=BATAS_TEKS)]
DaftarTeks = tuple[Teks, ...]
"""A list of texts (a YAML sequence, held as a tuple: models are immutable)."""

JENIS_SATU_BARIS = "teks_satu_baris"
"""The pydantic error type of a name with a line break or an invisible control (model_check)."""

BUKAN_SATU_BARIS = re.compile(
    "[\t\n\r\x85\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""Line breaks, tabs, zero-width and bidirectional controls: a name shown in a table cell, a
Markdown row, a CSV/XLSX cell, a PDF or DOCX line, or a commit message must stay one line and
read as written (U+202E would show the rest of a line reversed)."""


def _satu_baris(x: str) -> str:
    if cocok := BUKAN_SATU_BARIS.search(x):
        k = cocok.group()
        tampil = {"\n": "baris baru", "\r": "baris baru (CR)", "\t": "tab"}.get(
            k, f"karakter tak terlihat U+{ord(k):04X}"
        )
        raise PydanticCustomError(
            JENIS_SATU_BARIS,
            "nama dan uraian ditulis pada satu baris, ditemukan {tampil} pada karakter ke-{ke}; "
            "hapus karakter itu (tulis teks pada satu baris, tanpa | atau > dan tanpa \\n)",
            {"tampil": tampil, "ke": cocok.start() + 1},
        )
    return x


_SKEMA_SATU_BARIS = Field(
    json_schema_extra={
        "pattern": "^[^\\t\\n\\r\\u0085\\u2028\\u2029\\u200b-\\u200f\\u202a-\\u202e"
        "\\u2066-\\u2069\\ufeff]*$"
    }
)
"""The same rule for editors: the JSON Schema flags a line break while a person types."""

Nama = Annotated[Teks, AfterValidator(_satu_baris), _SKEMA_SATU_BARIS]
"""A name, title or uraian shown on one line (tables, page titles, CSV cells, commit messages)."""
DaftarNama = tuple[Nama, ...]
SatuBaris = Annotated[
    str, StringConstraints(max_length=BATAS_TEKS), AfterValidator(_satu_baris), _SKEMA_SATU_BARIS
]
"""Optional one-line text that may be empty (pangkat, jabatan, satuan)."""


_ZONA_POLA = re.compile(r"[A-Za-z_]+(?:/[A-Za-z0-9_+-]+){1,2}|UTC")


def _zona_ada(nama: str) -> str:
    """Accept an IANA time zone name that this machine's time zone database knows."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        if not _ZONA_POLA.fullmatch(nama):
            raise ValueError(nama)
        ZoneInfo(nama)
    except (ValueError, ZoneInfoNotFoundError, OSError):
        raise ValueError(
            f"zona waktu '{nama}' tidak dikenal; tulis nama zona IANA, mis. Asia/Jakarta "
            "(WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)"
        ) from None
    return nama


ZonaWaktu = Annotated[str, AfterValidator(_zona_ada)]
"""An IANA time zone name such as Asia/Jakarta."""


def dikutip(saran: str) -> BeforeValidator:
    """Refuse a number where text is meant (YAML reads an unquoted NIP or code as a number)."""

    def bukan_angka(v: Any) -> Any:
        if isinstance(v, int | float) and not isinstance(v, bool):
            raise ValueError(saran)
        return v

    return BeforeValidator(bukan_angka)


Rupiah = Annotated[Angka, Field(ge=0)]
"""An amount of money in rupiah, never negative."""


class Model(BaseModel):
    """Base of every data model: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Periode(enum.StrEnum):
    """A reporting quarter (triwulan)."""

    TW1 = "TW1"
    TW2 = "TW2"
    TW3 = "TW3"
    TW4 = "TW4"

    @property
    def nomor(self) -> int:
        """Return the quarter's number, 1 to 4."""
        return _NOMOR_PERIODE[self]


_NOMOR_PERIODE = {"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4}
"""Each quarter's number, looked up (the engine asks 100,000 times for a regency)."""
PERIODE_URUT: tuple[Periode, ...] = tuple(Periode)
"""The quarters in order, TW1 to TW4: `PERIODE_URUT[: p.nomor]` are those up to `p`."""


TAHUNAN = "tahunan"
"""The annual view: as of TW4 against the annual target."""
