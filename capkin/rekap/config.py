"""`rekap.yml`: the regency's roll-up, which offices it reads and from where.

Read like every data file: the strict YAML reader, pydantic models with located errors in
Bahasa Indonesia, and a JSON Schema for editors.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

from pydantic import Field

from capkin.errors import DataError, Masalah, Tingkat, galat
from capkin.model_check import bangun_model
from capkin.models.base import Angka, Model, Nama, Slug, ZonaWaktu
from capkin.models.instansi_model import PREDIKAT_BAKU, BandPredikat
from capkin.yamlio import baca_berkas

BERKAS = "rekap.yml"


class Kantor(Model):
    """One office the roll-up reads."""

    id: Slug
    nama: Nama
    sumber: Nama = Field(
        description="alamat situs kantor (https://…/), folder berisi situs yang sudah "
        "dibangun, atau folder repositori data kantor (git)"
    )
    repo: Nama | None = Field(
        None,
        description="folder repositori data kantor (git), untuk 'capkin rekap build --verifikasi'",
    )


class PengaturanRekap(Model):
    """How sources are fetched and how the regency's mean is banded."""

    batas_waktu_detik: Angka = Field(
        15, gt=0, le=600, description="batas waktu mengambil satu berkas, dalam detik"
    )
    ukuran_maks_mb: Angka = Field(
        5, gt=0, le=200, description="ukuran terbesar satu berkas JSON yang diambil, dalam MB"
    )
    ukuran_maks_repo_mb: Angka = Field(
        500,
        gt=0,
        le=100_000,
        description="ukuran terbesar repositori kantor yang diambil dari alamat git, dalam MB",
    )
    predikat: tuple[BandPredikat, ...] = Field(
        PREDIKAT_BAKU,
        min_length=1,
        description="batas bawah predikat rata-rata kabupaten, tertinggi dahulu",
    )
    zona_waktu: ZonaWaktu = Field(
        "Asia/Jakarta",
        description="zona waktu yang dipakai saat menampilkan waktu: Asia/Jakarta (WIB), "
        "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
    )
    halaman_per_kantor: int = Field(
        100,
        ge=0,
        le=100_000,
        description="jumlah kantor terbanyak yang masing-masing mendapat halaman sendiri "
        "(dengan grafik); di atasnya kantor disajikan per kelompok dalam satu tabel tren",
    )


class Rekap(Model):
    """The roll-up: its name, the parent government and the offices."""

    nama: Nama
    induk: Nama | None = None
    kantor: tuple[Kantor, ...] = Field(min_length=1)
    pengaturan: PengaturanRekap = PengaturanRekap()


def muat_rekap(root: Path) -> Rekap:
    """Read and validate `rekap.yml` in `root`; DataError listing every problem."""
    path = root / BERKAS
    if not path.is_file():
        raise DataError(
            [
                galat(
                    BERKAS,
                    0,
                    0,
                    "rekap-tidak-ada",
                    f"berkas {BERKAS} tidak ada di {root}; buat folder rekap dengan "
                    "'capkin rekap init FOLDER' atau jalankan dari folder yang berisi rekap.yml",
                )
            ]
        )
    dok = baca_berkas(path, BERKAS)
    rekap, masalah = bangun_model(dok, Rekap)
    if rekap is not None:
        dilihat: dict[str, int] = {}
        sumber_dilihat: dict[str, int] = {}
        for n, k in enumerate(rekap.kantor):
            if k.id in dilihat:
                baris, kolom = dok.lokasi(("kantor", n, "id"))
                masalah.append(
                    galat(
                        BERKAS,
                        baris,
                        kolom,
                        "kantor-ganda",
                        f"kantor[{n}].id: '{k.id}' sudah dipakai kantor[{dilihat[k.id]}]; "
                        "beri setiap kantor id yang berbeda",
                    )
                )
            dilihat.setdefault(k.id, n)
            sama = sumber_dilihat.setdefault(_sumber_baku(k.sumber, root), n)
            if sama != n:
                baris, kolom = dok.lokasi(("kantor", n, "sumber"))
                masalah.append(
                    galat(
                        BERKAS,
                        baris,
                        kolom,
                        "sumber-ganda",
                        f"kantor[{n}].sumber: sama dengan sumber kantor[{sama}] "
                        f"('{rekap.kantor[sama].id}'), jadi angkanya akan terhitung dua kali; "
                        "tulis sumber kantor ini sendiri, atau hapus salah satunya",
                    )
                )
    if any(m.tingkat is Tingkat.GALAT for m in masalah) or rekap is None:
        raise DataError(masalah)
    return rekap


def _sumber_baku(sumber: str, root: Path) -> str:
    """Return a source as one text per place: a folder resolved, an address without its
    trailing slash and with its scheme and host in lower case."""
    alamat = urllib.parse.urlsplit(sumber)
    if len(alamat.scheme) > 1:
        return alamat._replace(
            scheme=alamat.scheme.lower(), netloc=alamat.netloc.lower(), path=alamat.path.rstrip("/")
        ).geturl()
    try:
        return str((root / sumber).resolve())
    except (OSError, ValueError):  # said when the source is fetched
        return sumber


def skema_rekap() -> dict[str, Any]:
    """Return the JSON Schema of `rekap.yml`, for editors."""
    from capkin.schema import DRAFT

    hasil: dict[str, Any] = {"$schema": DRAFT, "$id": "capkin:rekap.schema.json"}
    hasil.update(Rekap.model_json_schema(mode="validation"))
    for definisi in hasil.get("$defs", {}).values():
        definisi.pop("description", None)
    hasil["title"] = "Rekap capaian kinerja kabupaten"
    hasil["description"] = "Daftar kantor yang direkap dan dari mana datanya diambil (capkin)."
    return hasil


def masalah_rekap(root: Path) -> list[Masalah]:
    """Return the problems of `rekap.yml` ([] when it is valid)."""
    try:
        muat_rekap(root)
    except DataError as exc:
        return list(exc.masalah)
    return []
