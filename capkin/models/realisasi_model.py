"""The model of `data/<tahun>/realisasi/<periode>/<unit>.yml`: what a unit reports."""

from __future__ import annotations

from pydantic import Field

from capkin.models.base import Angka, DaftarTeks, Model, Periode, Slug, Tanggal, Teks


class EntriRealisasi(Model):
    """What a unit reports for one indicator in one period."""

    indikator: Slug
    nilai: Angka | Teks | None = Field(
        None, description="angka, atau tingkatan skala untuk indikator kategori"
    )
    hambatan: str | None = None
    strategi: str | None = None
    tindak_lanjut: str | None = None
    bukti: DaftarTeks = Field((), description="jalur berkas di repo atau tautan https://")


class Realisasi(Model):
    """A unit's report for a period."""

    periode: Periode
    unit: Slug
    disampaikan_oleh: Slug
    tanggal: Tanggal
    realisasi: tuple[EntriRealisasi, ...] = ()
