"""Turn what a unit typed into a worksheet cell into a realisasi value.

Numbers typed as text follow one rule, so nothing is guessed silently:

- a number cell is taken as it is (rounded to the 15 significant digits Excel keeps); a
  number cell formatted as a percentage (Excel turns `85%` into 0.85) is read as 85;
- text may carry a sign and a trailing `%` (dropped: `85%` is 85);
- text with both `.` and `,`: the last of them is the decimal mark, the other groups
  thousands in threes (`1.250,5` and `1,250.5` are 1250.5);
- text with one of them several times: thousands in threes (`1.250.000` is 1250000);
- text with one of them once: the decimal mark (`83,5` and `83.5` are 83.5) — except when
  exactly three digits follow a non-zero whole part of one to three digits (`1.250`,
  `2,500`): that could be either, so it is refused and the unit is asked to write it
  plainly (`1250` or `1,25`).

Every text converted to a number is reported, e.g. `E7: '83,5' dibaca sebagai 83.5`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from capkin.models.perjanjian_kinerja_model import Indikator, Jenis

_SPASI = "\u00a0\u2007\u202f"
_MINUS = "\u2212"
_POLA_ANGKA = re.compile(r"([+-]?)([0-9][0-9.,]*|[.,][0-9]+)")
_TIGA = re.compile(r"[0-9]{3}")


class NilaiTidakSah(ValueError):
    """A cell's content cannot become the value it must hold; the text says why (Indonesian)."""


@dataclass(frozen=True)
class Terbaca:
    """A value read from a cell and, when it was converted, the note saying how."""

    nilai: int | float | str | tuple[str, ...]
    catatan: str | None = None


def teks_yaml(nilai: int | float) -> str:
    """Return a number as it will stand in the YAML file (83.5, 1250)."""
    return repr(nilai)


def _angka(d: Decimal, desimal: bool) -> int | float:
    """Return an int when the number has no decimal part written, else a float."""
    if not desimal and d == d.to_integral_value():
        return int(d)
    f = float(d)
    return int(f) if not desimal and f.is_integer() else f


def rapikan_float(x: float) -> int | float:
    """Round a float to Excel's 15 significant digits; whole numbers become int."""
    f = float(f"{x:.15g}")
    return int(f) if f.is_integer() and abs(f) < 1e15 else f


def _kelompok_ribuan(bagian: list[str]) -> bool:
    """Return whether digit groups split at thousands separators are valid (1-3, then 3s)."""
    return 1 <= len(bagian[0]) <= 3 and all(_TIGA.fullmatch(b) for b in bagian[1:])


def angka_dari_teks(teks: str) -> int | float:
    """Read a number typed as text by the rule in this module's docstring; raise NilaiTidakSah."""
    t = teks.strip().strip(_SPASI).replace(_MINUS, "-")
    if t.endswith("%"):
        t = t[:-1].rstrip().rstrip(_SPASI)
    cocok = _POLA_ANGKA.fullmatch(t)
    if cocok is None:
        raise NilaiTidakSah(
            f"harus berupa angka, ditemukan {teks!r}; tulis angka saja tanpa satuan atau huruf, "
            "mis. 83,5"
        )
    tanda, isi = cocok.groups()
    titik, koma = isi.count("."), isi.count(",")
    desimal_mark: str | None
    if titik and koma:
        desimal_mark = "." if isi.rfind(".") > isi.rfind(",") else ","
        ribuan = "," if desimal_mark == "." else "."
        if isi.count(desimal_mark) > 1:
            raise NilaiTidakSah(f"{teks!r} bukan angka yang sah: tanda desimal ditulis dua kali")
        utuh, pecahan = isi.split(desimal_mark)
        if not _kelompok_ribuan(utuh.split(ribuan)) or not pecahan:
            raise NilaiTidakSah(
                f"{teks!r} bukan angka yang sah: pemisah ribuan harus memisahkan tiap tiga angka, "
                "mis. 1.250,5"
            )
        angka = utuh.replace(ribuan, "") + "." + pecahan
    elif titik + koma > 1:
        pemisah = "." if titik else ","
        if not _kelompok_ribuan(isi.split(pemisah)):
            raise NilaiTidakSah(
                f"{teks!r} bukan angka yang sah: pemisah ribuan harus memisahkan tiap tiga angka, "
                "mis. 1.250.000"
            )
        angka, desimal_mark = isi.replace(pemisah, ""), None
    elif titik + koma == 1:
        desimal_mark = "." if titik else ","
        utuh, pecahan = isi.split(desimal_mark)
        if 1 <= len(utuh) <= 3 and utuh.strip("0") and len(pecahan) == 3:
            raise NilaiTidakSah(
                f"{teks!r} bermakna ganda (seribu lebih atau pecahan?); tulis tanpa pemisah "
                f"ribuan, mis. {utuh}{pecahan}, atau dengan koma desimal, mis. {utuh},{pecahan[:2]}"
            )
        if not pecahan:
            raise NilaiTidakSah(
                f"{teks!r} bukan angka yang sah: tidak ada angka setelah tanda desimal"
            )
        angka = (utuh or "0") + "." + pecahan
    else:
        angka, desimal_mark = isi, None
    try:
        d = Decimal(tanda + angka)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits here
        raise NilaiTidakSah(f"{teks!r} bukan angka yang sah") from None
    return _angka(d, desimal_mark is not None)


def _tampil_sel(nilai: object) -> str:
    if isinstance(nilai, bool):
        return "TRUE" if nilai else "FALSE"
    if isinstance(nilai, dt.datetime | dt.date | dt.time):
        return nilai.isoformat()
    return repr(nilai) if isinstance(nilai, str) else str(nilai)


def baca_realisasi(nilai: object, ind: Indikator, persen: bool = False) -> Terbaca:
    """Read a Realisasi cell for an indicator (`persen`: the cell has a % number format)."""
    if isinstance(nilai, bool | dt.datetime | dt.date | dt.time):
        jenis = "tanggal/jam" if not isinstance(nilai, bool) else "nilai logika"
        harap = "angka" if ind.jenis is Jenis.ANGKA else "tingkatan skala"
        raise NilaiTidakSah(
            f"harus berupa {harap}, ditemukan {jenis} {_tampil_sel(nilai)}; ubah format sel "
            "menjadi Umum/Angka lalu ketik ulang nilainya"
        )
    if ind.jenis is Jenis.KATEGORI:
        return _baca_kategori(nilai, ind)
    if isinstance(nilai, int | float):
        angka = rapikan_float(float(nilai)) if isinstance(nilai, float) else nilai
        if persen:
            angka = rapikan_float(float(Decimal(str(angka)) * 100))
            return Terbaca(angka, f"{nilai} berformat persen dibaca sebagai {teks_yaml(angka)}")
        return Terbaca(angka)
    if isinstance(nilai, str):
        angka = angka_dari_teks(nilai)
        return Terbaca(angka, f"{nilai!r} dibaca sebagai {teks_yaml(angka)}")
    raise NilaiTidakSah(f"harus berupa angka, ditemukan {_tampil_sel(nilai)}")


def _baca_kategori(nilai: object, ind: Indikator) -> Terbaca:
    skala = ind.skala or ()
    pilihan = ", ".join(skala)
    if isinstance(nilai, float):
        teks = str(rapikan_float(nilai))
    elif isinstance(nilai, int | str):
        teks = str(nilai)
    else:
        raise NilaiTidakSah(f"harus salah satu tingkatan skala ({pilihan})")
    bersih = " ".join(teks.split())
    for tingkat in skala:
        if tingkat == teks:
            return Terbaca(tingkat)
    for tingkat in skala:
        if " ".join(tingkat.split()).casefold() == bersih.casefold():
            return Terbaca(tingkat, f"{teks!r} dibaca sebagai {tingkat!r} (ejaan skala)")
    raise NilaiTidakSah(
        f"harus salah satu tingkatan skala indikator '{ind.id}' ({pilihan}), ditemukan {teks!r}; "
        "pilih dari daftar pada sel ini"
    )


def baca_teks(nilai: object) -> str | None:
    """Read a free-text cell (Hambatan, Strategi, Tindak Lanjut); None when empty."""
    if nilai is None:
        return None
    if isinstance(nilai, float):
        teks = str(rapikan_float(nilai))
    elif isinstance(nilai, dt.datetime) and nilai.time() == dt.time():
        teks = nilai.date().isoformat()
    elif isinstance(nilai, str):
        teks = nilai
    else:
        teks = _tampil_sel(nilai).strip("'")
    teks = teks.replace("\r\n", "\n").replace("\r", "\n").strip()
    return teks or None


def baca_bukti(nilai: object) -> tuple[str, ...] | None:
    """Split a Bukti Dukung cell into entries (one per line, or separated by ';')."""
    teks = baca_teks(nilai)
    if teks is None:
        return None
    bagian = tuple(b.strip() for b in re.split(r"[;\n]", teks))
    return tuple(b for b in bagian if b) or None
