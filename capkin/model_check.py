"""Check one file against its model: pydantic's errors as located problems in Bahasa Indonesia.

`muat_berkas` is the one entry point for a file's bytes, on disk or at a commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import ValidationError

from capkin.errors import DataError, Masalah, galat
from capkin.filecache import CacheBerkas, DokumenTunda, Entri, id_blob
from capkin.models.base import JENIS_DI_LUAR_BATAS, JENIS_SATU_BARIS, PANJANG_ID_MAKS, Model
from capkin.yamlio import Dokumen, baca_bytes

M = TypeVar("M", bound=Model)


def _jalur_teks(loc: Iterable[Any]) -> str:
    teks = ""
    for bagian in loc:
        if isinstance(bagian, int):
            teks += f"[{bagian}]"
        else:
            teks += ("." if teks else "") + str(bagian)
    return teks


def _tampil(nilai: Any) -> str:
    if isinstance(nilai, dict):
        return "sebuah pemetaan"
    if isinstance(nilai, list):
        return "sebuah daftar"
    if nilai is None:
        return "kosong"
    if isinstance(nilai, bool):
        return "true" if nilai else "false"
    teks = repr(nilai) if isinstance(nilai, str) else str(nilai)
    return teks if len(teks) <= 60 else teks[:57] + "..."


_BATAS_PYDANTIC = {
    "greater_than_equal": ("ge", "paling kecil"),
    "greater_than": ("gt", "lebih besar dari"),
    "less_than_equal": ("le", "paling besar"),
    "less_than": ("lt", "lebih kecil dari"),
}
"""pydantic's bound errors: the key of the bound in the error's context, and the bound in words."""

_UNION_LEWATI = {"function-after", "function-before", "function-plain", "function-wrap"}


def _pesan(err: Any, model: type[Model], loc: tuple[Any, ...]) -> tuple[str, str]:
    """Translate one pydantic error to (kode, pesan) in Bahasa Indonesia."""
    jenis = err["type"]
    masukan = err.get("input")
    ctx = err.get("ctx") or {}
    if jenis == "missing":
        return "wajib-diisi", f"kunci '{loc[-1]}' wajib diisi; tambahkan '{loc[-1]}: ...'"
    if jenis == "extra_forbidden":
        return "kunci-tidak-dikenal", (
            f"kunci '{loc[-1]}' tidak dikenal; periksa ejaannya atau hapus kunci ini"
        )
    if jenis in {"int_type", "float_type", "int_parsing", "float_parsing", "int_from_float"}:
        return "harus-angka", f"harus berupa angka, ditemukan {_tampil(masukan)}"
    if jenis in {"string_type"}:
        if isinstance(masukan, bool | int | float):  # `id: 12`, `nama: 2025`, `unit: true`
            saran = f'; tulis di antara tanda kutip bila memang teks, mis. "{_tampil(masukan)}"'
        else:
            saran = "; tulis satu teks"
        return "harus-teks", f"harus berupa teks, ditemukan {_tampil(masukan)}{saran}"
    if jenis == "string_too_short":
        return "wajib-diisi", "tidak boleh kosong; isi dengan teks"
    if jenis == "string_too_long":
        panjang = len(masukan) if isinstance(masukan, str) else "?"
        if ctx.get("max_length") == PANJANG_ID_MAKS:
            saran = "persingkat id ini (id menjadi nama halaman dan berkas)"
        else:
            saran = "persingkat (penjelasan panjang taruh di berkas bukti)"
        return "teks-terlalu-panjang", (
            f"teks ini {panjang} karakter, paling banyak {ctx.get('max_length')}; {saran}"
        )
    if jenis == "string_pattern_mismatch":
        return "id-tidak-sah", (
            f"{_tampil(masukan)} bukan ID yang sah; gunakan huruf kecil a-z, angka, titik "
            "atau tanda hubung, diawali huruf atau angka (mis. jawatan-umum)"
        )
    if jenis == "bool_type":
        return "harus-boolean", f"harus true atau false, ditemukan {_tampil(masukan)}"
    if jenis == "enum":
        return "pilihan-tidak-sah", (
            f"{_tampil(masukan)} bukan pilihan yang sah; pilih salah satu dari: "
            + "' atau '".join(str(ctx.get("expected", "")).rsplit("' or '", 1))
        )
    if jenis in {
        "date_from_datetime_parsing",
        "date_parsing",
        "date_type",
        "date_from_datetime_inexact",
    }:
        return "tanggal-tidak-sah", (
            f"{_tampil(masukan)} bukan tanggal yang ada; tulis tanggal yang benar dengan format "
            "YYYY-MM-DD, mis. 2025-07-08"
        )
    if jenis in {"model_type", "dict_type", "model_attributes_type"}:
        return "harus-pemetaan", (
            f"harus berupa pemetaan (kunci: nilai), ditemukan {_tampil(masukan)}"
        )
    if jenis in {"tuple_type", "list_type"}:
        return "harus-daftar", f"harus berupa daftar (- ...), ditemukan {_tampil(masukan)}"
    if jenis == "too_short":
        return "daftar-kosong", "daftar ini tidak boleh kosong; tambahkan minimal satu isi"
    if jenis in _BATAS_PYDANTIC:
        kunci, syarat = _BATAS_PYDANTIC[jenis]
        return "di-luar-batas", f"harus {syarat} {ctx.get(kunci)}, ditemukan {_tampil(masukan)}"
    if jenis == JENIS_DI_LUAR_BATAS:
        return "di-luar-batas", str(err.get("msg", ""))
    if jenis == JENIS_SATU_BARIS:
        return "teks-satu-baris", str(err.get("msg", ""))
    if jenis == "finite_number":
        return "harus-angka", "harus angka yang terhingga; tulis angka biasa, bukan .nan atau .inf"
    if jenis == "value_error":
        return "nilai-tidak-sah", str(ctx.get("error", err.get("msg", "")))
    return "nilai-tidak-sah", f"nilai {_tampil(masukan)} tidak sah di sini; periksa format datanya"


_PERINGKAT = {"di-luar-batas": 3, "harus-angka": 2, "nilai-tidak-sah": -1}
"""How specific a kode is when a union's members disagree about one value (others: 0)."""


def _buang_union(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-member and key markers from an error location."""
    hasil: list[Any] = []
    for bagian in loc:
        if isinstance(bagian, str) and (
            bagian in _UNION_LEWATI
            or bagian.startswith(("function-", "constrained-str", "lax-", "json-or-python"))
            or bagian in {"int", "float", "str", "Rentang", "date", "[key]"}
        ):
            continue
        hasil.append(bagian)
    return tuple(hasil)


def masalah_validasi(exc: ValidationError, dok: Dokumen, model: type[Model]) -> list[Masalah]:
    """Turn a pydantic ValidationError into located problems, one per field."""
    hasil: dict[tuple[Any, ...], Masalah] = {}
    semua = exc.errors(include_url=False)
    # pydantic counts a list's valid items only: one bad item of one is also "empty"
    di_dalam = {tuple(e["loc"][:n]) for e in semua for n in range(len(e["loc"]))}
    for err in semua:
        if err["type"] == "too_short" and tuple(err["loc"]) in di_dalam:
            continue
        loc = _buang_union(tuple(err["loc"]))
        kunci_salah = err["type"] == "extra_forbidden" or "[key]" in err["loc"]
        baris, kolom = dok.lokasi(loc, kunci=kunci_salah)
        kode, pesan = _pesan(err, model, loc)
        # a union gives one error per member: keep the most specific one (a number's range
        # before "should be a number" before any other type, so no message names a wrong type)
        if loc in hasil:
            ada, baru = _PERINGKAT.get(hasil[loc].kode, 0), _PERINGKAT.get(kode, 0)
            if ada > baru or ada == baru != 0:
                continue
        jalur = _jalur_teks(loc)
        hasil[loc] = galat(dok.berkas, baris, kolom, kode, f"{jalur}: {pesan}" if jalur else pesan)
    return list(hasil.values())


def bangun_model(dok: Dokumen, model: type[M]) -> tuple[M | None, list[Masalah]]:
    """Validate a document's data against a model; never raises for bad data."""
    if not isinstance(dok.data, dict):
        return None, [
            galat(
                dok.berkas,
                1,
                1,
                "harus-pemetaan",
                f"isi berkas harus berupa pemetaan (kunci: nilai), ditemukan {_tampil(dok.data)}",
            )
        ]
    try:
        return model.model_validate(dok.data), []
    except ValidationError as exc:
        return None, masalah_validasi(exc, dok, model)


def muat_berkas(
    berkas: str,
    data: bytes,
    model: type[M],
    cache: CacheBerkas | None = None,
    blob: str | None = None,
) -> tuple[Dokumen | None, M | None, list[Masalah]]:
    """Parse one file's bytes and check them against a model; never raises for bad data.

    The entry point for files on disk and blobs at a commit alike: `blob` is the bytes' git
    blob id when the caller knows it (computed otherwise). With a `cache`, a file read
    before is not parsed again. Returns the document (None when it does not parse), the
    model (None when invalid) and the problems.
    """
    blob = blob if blob is not None else id_blob(data)
    entri = cache.baca(berkas, model.__name__, blob) if cache is not None else None
    if entri is not None:
        if entri.data is None:
            return None, None, entri.masalah
        assert entri.mentah is not None  # read from the cache
        dok: Dokumen = DokumenTunda(berkas, data, entri.mentah)
        if entri.masalah:
            return dok, None, entri.masalah
        return dok, model.model_validate(entri.data), []
    try:
        dok = baca_bytes(data, berkas)
    except DataError as exc:
        if cache is not None:
            cache.catat(berkas, model.__name__, blob, Entri(None, exc.masalah))
        return None, None, list(exc.masalah)
    obj, masalah = bangun_model(dok, model)
    if cache is not None:
        entri = Entri.dari_dokumen(dok, masalah)
        mentah = cache.catat(berkas, model.__name__, blob, entri)
        if mentah is not None:  # what a warm read keeps: not the data and positions as well
            dok = DokumenTunda.dari_dokumen(dok, data, entri, mentah)
    return dok, obj, masalah
