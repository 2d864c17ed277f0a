"""An office's API documents as the roll-up accepts them: valid against the API's models,
and agreeing with themselves and with their index.

A document comes from another office's site, so anything may be in it. What the schema
refuses is said in Bahasa Indonesia (pydantic's own messages are English), naming the
document, the field and what to do. What the schema cannot say is checked here: a period
listed twice, an indicator listed twice, counts that do not count the list they stand
beside, a total that is not the mean it is made of, an index that disagrees with its period
document. Any of these would put a wrong figure in the regency's totals.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from pydantic import ValidationError

from capkin import __version__, api
from capkin.errors import CapkinError
from capkin.models.base import BUKAN_SATU_BARIS
from capkin.rekap import api_structs

TOLERANSI_TOTAL = 0.0101
"""How far a published total may be from the mean of its published parts: each part and
the total are rounded to 2 places (half a hundredth each), plus float error."""
SARAN = (
    "dokumen ini diterbitkan oleh kantor itu: minta kantor membangun ulang situsnya dengan "
    "capkin (capkin build), atau perbaiki 'sumber' kantor ini di rekap.yml bila alamatnya salah"
)
_NAMA_PERANGKAT = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.[^\n]*)?$", re.M)
"""An id Windows keeps for a device, with any extension (as `models.base`): no page can bear
it. Searched over the ids joined by newlines (an id holds none): one call per document."""
_ID = attrgetter("id")
_STATUS = attrgetter("status")


class GagalAmbil(CapkinError):
    """A source could not be fetched or is invalid; the text is the reason shown."""


def _tampil(nilai: Any) -> str:
    """Return a value as it reads in JSON, short and printable (a list or object by kind)."""
    if isinstance(nilai, dict | list):
        return "sebuah objek" if isinstance(nilai, dict) else "sebuah daftar"
    teks = json.dumps(nilai, ensure_ascii=False)
    teks = "".join(c if c.isprintable() else "\ufffd" for c in teks)
    return teks if len(teks) <= 60 else teks[:57] + "..."


_TIPE_UNION = {"float", "int", "str", "bool", "none", "constrained-str", "constrained-float"}


def _jalur(loc: tuple[Any, ...]) -> str:
    """Return a field's path (indikator[3].target), without pydantic's union-member tags."""
    teks = ""
    for bagian in loc:
        if isinstance(bagian, int):
            teks += f"[{bagian}]"
        elif bagian in _TIPE_UNION or "[" in str(bagian) or str(bagian)[:1].isupper():
            continue
        else:
            teks += ("." if teks else "") + str(bagian)
    return teks or "(akar)"


_BATAS = {
    "greater_than_equal": ("ge", "paling kecil"),
    "greater_than": ("gt", "lebih besar dari"),
    "less_than_equal": ("le", "paling besar"),
    "less_than": ("lt", "lebih kecil dari"),
}


def _pesan(e: Any) -> str:
    """Translate one pydantic error on a JSON document to Bahasa Indonesia."""
    jenis, masukan, ctx = e["type"], e.get("input"), e.get("ctx") or {}
    if jenis == "json_invalid":
        m = re.search(r"line (\d+) column (\d+)", str(ctx.get("error", "")))
        letak = f" (baris {m[1]}, kolom {m[2]})" if m else ""
        return (
            f"bukan JSON yang utuh{letak}: berkasnya terpotong atau rusak, atau memuat "
            "NaN/Infinity, yang bukan JSON"
        )
    if jenis == "missing":
        return "wajib ada tetapi tidak ada"
    if jenis == "literal_error":
        return f"{_tampil(masukan)} bukan nilai yang sah; yang sah: {ctx.get('expected')}"
    if jenis in {"float_type", "int_type", "int_from_float", "float_parsing", "int_parsing"}:
        return f"harus berupa angka, ditemukan {_tampil(masukan)}"
    if jenis == "finite_number":
        return "harus angka yang terhingga (bukan NaN atau Infinity, tidak melampaui 10^308)"
    if jenis in _BATAS:
        kunci, syarat = _BATAS[jenis]
        return f"harus {syarat} {ctx.get(kunci)}, ditemukan {_tampil(masukan)}"
    if jenis == "string_type":
        return f"harus berupa teks, ditemukan {_tampil(masukan)}"
    if jenis == "bool_type":
        return f"harus true atau false, ditemukan {_tampil(masukan)}"
    if jenis == "string_too_long":
        return f"teks lebih panjang dari {ctx.get('max_length')} karakter"
    if jenis == "too_long":
        return f"daftar lebih panjang dari {ctx.get('max_length')} isi"
    if jenis == "string_pattern_mismatch":
        return (
            f"{_tampil(masukan)} bukan id atau alamat yang sah (huruf kecil, angka, titik, "
            "tanda hubung; alamat relatif tanpa '..')"
        )
    if jenis in {"model_type", "dict_type", "model_attributes_type"}:
        return f"harus berupa objek {{...}}, ditemukan {_tampil(masukan)}"
    if jenis == "list_type":
        return f"harus berupa daftar [...], ditemukan {_tampil(masukan)}"
    if jenis.startswith(("date", "datetime")):
        return f"{_tampil(masukan)} bukan tanggal yang sah (YYYY-MM-DD)"
    return f"nilai {_tampil(masukan)} tidak sah di sini"


def pesan_skema(exc: ValidationError, asal: str) -> str:
    """Return why a document is not API v1, in Bahasa Indonesia: where, what, how to fix."""
    e = exc.errors()[0]
    if e["type"] == "literal_error" and e["loc"] == ("api",) and isinstance(e["input"], str):
        return (
            f"{asal} menyatakan versi API '{e['input'][:50]}', yang tidak dikenal capkin "
            f"{__version__} ini (hanya 'capkin/v1'); perbarui capkin di rekap ini "
            "(pip install -U capkin) atau minta kantor menerbitkan api/v1"
        )
    lain = exc.error_count() - 1
    return (
        f"{asal} tidak sesuai skema API v1: {_jalur(tuple(e['loc']))}: {_pesan(e)}"
        + (f" (dan {lain} galat lain)" if lain else "")
        + f"; {SARAN}"
    )


_MUNGKIN_BUKAN_SATU_BARIS = re.compile(
    rb"\\[nrtu]|\xc2\x85|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xef\xbb\xbf"
)
"""In a JSON document's bytes, what `BUKAN_SATU_BARIS` needs inside a string: an escape
(JSON has no raw line break or tab in a string) or one of those characters in UTF-8.
A document without any (nearly all) needs no look at its texts."""


def _satu_baris(isi: bytes, teks: Callable[[], list[Any]], asal: str) -> None:
    """Refuse a document whose names are not each one line, as an office's own data is
    (`teks-satu-baris`): a line break, tab, zero-width or bidi control would break the
    roll-up's Markdown tables, CSV/XLSX cells and terminal lines, or show text reversed."""
    if isi.isascii() and b"\\" not in isi:
        return  # two fast scans: the regular expression costs a third of validation
    if _MUNGKIN_BUKAN_SATU_BARIS.search(isi) is None:
        return
    semua = teks()
    if BUKAN_SATU_BARIS.search("\x00".join(t for t in semua if isinstance(t, str))) is None:
        return
    salah = next(t for t in semua if isinstance(t, str) and BUKAN_SATU_BARIS.search(t))
    k = BUKAN_SATU_BARIS.search(salah)[0]  # type: ignore[index]
    tampil = {"\n": "baris baru", "\r": "baris baru (CR)", "\t": "tab"}.get(
        k, f"karakter tak terlihat U+{ord(k):04X}"
    )
    raise GagalAmbil(
        f"{asal}: teks {_tampil(salah)} memuat {tampil}; nama, uraian, satuan dan predikat "
        f"ditulis pada satu baris (galat teks-satu-baris), angka kantor ini tidak direkap. {SARAN}"
    )


def validasi_indeks(isi: bytes, asal: str) -> api.Indeks:
    """Return a valid index document; GagalAmbil saying what is wrong."""
    try:
        indeks = api.Indeks.model_validate_json(isi)
    except ValidationError as exc:
        raise GagalAmbil(pesan_skema(exc, asal)) from None
    _satu_baris(
        isi,
        lambda: [
            indeks.instansi.nama,
            indeks.instansi.induk,
            *(p.predikat_total for p in indeks.periode),
        ],
        asal,
    )
    kunci = [(p.tahun, p.periode) for p in indeks.periode]
    if len(set(kunci)) != len(kunci):
        ganda = next(k for k in kunci if kunci.count(k) > 1)
        raise GagalAmbil(
            f"{asal} mencantumkan periode {ganda[0]} {ganda[1]} lebih dari sekali; {SARAN}"
        )
    return indeks


def validasi_periode(isi: bytes, asal: str, ringkas: api.RingkasPeriode, jenis: str) -> Any:
    """Return a valid period document matching its index entry; GagalAmbil otherwise.

    Decoded by msgspec into `api_structs.Periode` (same attributes as `api.Periode`, ~9x
    faster); what msgspec rejects goes through pydantic, for its message or an `api.Periode`.
    `jenis` is the index's: "kantor" (an office) or "rekap" (a roll-up of offices).
    """
    dok = api_structs.periode(isi)
    if dok is None:
        try:
            dok = api.Periode.model_validate_json(isi)
        except ValidationError as exc:
            raise GagalAmbil(pesan_skema(exc, asal)) from None
    if (dok.tahun, dok.periode) != (ringkas.tahun, ringkas.periode):
        raise GagalAmbil(
            f"{asal} berisi periode {dok.tahun} {dok.periode}, bukan "
            f"{ringkas.tahun} {ringkas.periode} seperti tertulis di index.json; {SARAN}"
        )
    _satu_baris(isi, lambda: _teks_periode(dok), asal)
    salah = _tidak_sepadan(dok, ringkas, jenis)
    if salah is not None:
        raise GagalAmbil(f"{asal}: {salah}; angka kantor ini tidak direkap. {SARAN}")
    return dok


def _teks_periode(dok: Any) -> list[Any]:
    """Return the texts of a period document the roll-up shows (None and numbers too)."""
    teks = [dok.instansi, dok.predikat_total, dok.menunggu_pengesahan]
    if dok.disahkan is not None:
        teks.append(dok.disahkan.nama)
    for i in dok.indikator:
        teks += (i.sasaran, i.uraian, i.satuan, i.predikat, i.target, i.realisasi)
    for s in dok.sasaran:
        teks += (s.id, s.uraian, s.predikat)
    teks += [t.nama for t in dok.belum_menyampaikan]
    for k in dok.kantor or ():
        teks += (k.nama, k.predikat_total)
    return teks


def _beda(a: float | None, b: float | None, toleransi: float) -> bool:
    return (a is None) != (b is None) or (
        a is not None and b is not None and abs(a - b) > toleransi
    )


def _rata(nilai: list[float]) -> float | None:
    return sum(nilai) / len(nilai) if nilai else None


def _tidak_sepadan(dok: Any, ringkas: api.RingkasPeriode, jenis: str) -> str | None:
    """Return how a period document contradicts itself or its index entry (None: it agrees)."""
    if (
        _beda(dok.capaian_total, ringkas.capaian_total, 0)
        or (dok.disahkan is not None) != ringkas.disahkan
    ):
        return "capaian total atau status pengesahannya berbeda dengan yang tertulis di index.json"
    ids = list(map(_ID, dok.indikator))
    if len(set(ids)) != len(ids):
        ganda = next(x for x in ids if ids.count(x) > 1)
        return f"indikator '{ganda}' tercantum lebih dari sekali"
    semua = "\n".join(ids) + "\n"
    perangkat = _NAMA_PERANGKAT.search(semua)
    if perangkat is not None or ".\n" in semua:
        nama = perangkat[0] if perangkat else next(x for x in ids if x.endswith("."))
        return (
            f"id indikator '{nama}' tidak dapat menjadi nama halaman di semua komputer "
            "(nama perangkat Windows seperti con atau com1, atau diakhiri titik)"
        )
    status = list(map(_STATUS, dok.indikator))
    hitung = {
        "jumlah_indikator": len(status),
        "indikator_tercapai": status.count("tercapai"),
        "indikator_tanpa_data": status.count("belum ada data"),
    }
    for medan, benar in hitung.items():
        if getattr(dok, medan) != benar:
            return f"{medan} tertulis {getattr(dok, medan)}, padahal daftar indikatornya {benar}"
    if jenis == "rekap":
        bagian = [k.capaian_total for k in dok.kantor or [] if k.capaian_total is not None]
        asal = "rata-rata capaian total kantornya"
        if dok.kantor is None:
            return None
    else:
        bagian = [s.capaian for s in dok.sasaran if s.capaian is not None]
        asal = "rata-rata capaian sasarannya"
    rata = _rata(bagian)
    if _beda(dok.capaian_total, rata, TOLERANSI_TOTAL):
        return (
            f"capaian total tertulis {_tampil(dok.capaian_total)}, padahal {asal} "
            f"{_tampil(None if rata is None else round(rata, 2))}"
        )
    return None
