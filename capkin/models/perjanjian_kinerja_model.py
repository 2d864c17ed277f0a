"""The model of `data/<tahun>/perjanjian-kinerja.yml`: sasaran, indicators, targets, programs."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, StrictInt

from capkin.models.base import (
    Angka,
    DaftarNama,
    Model,
    Nama,
    Periode,
    Rupiah,
    SatuBaris,
    Slug,
    Tanggal,
    Teks,
    dikutip,
)


class Jenis(enum.StrEnum):
    """Kind of an indicator's value."""

    ANGKA = "angka"
    KATEGORI = "kategori"


class Polaritas(enum.StrEnum):
    """Which direction is better."""

    NAIK = "naik"
    TURUN = "turun"
    RENTANG = "rentang"


class Agregasi(enum.StrEnum):
    """How a period's value builds on earlier periods of the year."""

    KUMULATIF = "kumulatif"
    TERAKHIR = "terakhir"
    RATA_RATA = "rata-rata"


class Rentang(Model):
    """A target range for `rentang` indicators."""

    min: Angka
    maks: Angka


NilaiTarget = Angka | Rentang | Teks
"""A number (angka), a range (rentang) or a level of the scale (kategori)."""


class Isian(enum.StrEnum):
    """What units enter for a `kumulatif` indicator each quarter."""

    TRIWULAN = "triwulan"
    """The quarter's own amount; capkin sums the quarters."""
    SD_TRIWULAN = "sd-triwulan"
    """The running total to date; capkin derives each quarter's amount."""


class Batas(Model):
    """The plausible range of an indicator's values; values outside are errors."""

    min: Angka | None = None
    maks: Angka | None = None


class TargetRenstra(Model):
    """The Renstra's end target."""

    tahun: StrictInt
    nilai: NilaiTarget


class Indikator(Model):
    """A performance indicator with its targets."""

    id: Slug
    uraian: Nama
    satuan: SatuBaris = ""
    jenis: Jenis = Jenis.ANGKA
    polaritas: Polaritas = Polaritas.NAIK
    agregasi: Agregasi = Agregasi.TERAKHIR
    target: NilaiTarget
    target_periode: dict[Periode, NilaiTarget] | None = Field(
        None, description="target per triwulan; untuk kumulatif: nilai sampai dengan triwulan itu"
    )
    skala: DaftarNama | None = Field(
        None, description="kategori saja: tingkatan berurutan, terendah dahulu"
    )
    penanggung_jawab: Slug
    definisi: str | None = None
    sumber_data: str | None = None
    target_renstra: TargetRenstra | None = None
    isian: Isian | None = Field(
        None,
        description="kumulatif saja: triwulan (jumlah triwulan itu saja, bawaan) atau "
        "sd-triwulan (total sampai dengan triwulan itu)",
    )
    batas: Batas | None = Field(
        None, description="nilai yang masuk akal, mis. {min: 0, maks: 100}; di luar batas: galat"
    )

    @property
    def isian_sd(self) -> bool:
        """Return whether units report the running total (kumulatif with `isian: sd-triwulan`)."""
        return self.agregasi is Agregasi.KUMULATIF and self.isian is Isian.SD_TRIWULAN

    standar_nasional: NilaiTarget | None = Field(
        None, description="standar nasional pembanding (analisis 4 LKjIP), bila ada"
    )


class Sasaran(Model):
    """A strategic objective and its indicators."""

    id: Slug
    uraian: Nama
    indikator: tuple[Indikator, ...] = Field(min_length=1)


class Program(Model):
    """A budget programme behind the targets, with its pagu and cash plan to date."""

    kode: Annotated[
        Teks | None,
        dikutip(
            'kode program harus berupa teks: tulis di antara tanda kutip, mis. kode: "7.01.01"'
        ),
    ] = Field(None, description='kode nomenklatur program, ditulis sebagai teks: "7.01.01"')
    uraian: Nama
    anggaran: Rupiah | None = Field(None, description="pagu anggaran program (Rp)")
    anggaran_kas: dict[Periode, Rupiah] | None = Field(
        None, description="rencana anggaran kas sampai dengan tiap triwulan (Rp)"
    )
    sasaran: tuple[Slug, ...] = Field((), description="id sasaran yang didukung program ini")
    porsi: dict[Slug, Angka] | None = Field(
        None, description="bagian program untuk tiap sasaran, jumlahnya 1 (bawaan: dibagi rata)"
    )

    @property
    def kunci(self) -> str:
        """Return how anggaran files name this program: its kode, else its uraian."""
        return self.kode if self.kode is not None else self.uraian


class PerjanjianKinerja(Model):
    """The year's performance agreement (`data/<tahun>/perjanjian-kinerja.yml`)."""

    tahun: StrictInt
    tanggal: Tanggal
    pihak_pertama: Slug
    pihak_kedua: Nama
    sasaran: tuple[Sasaran, ...] = Field(min_length=1)
    program: tuple[Program, ...] = ()

    def semua_indikator(self) -> list[tuple[Sasaran, Indikator]]:
        """Return every (sasaran, indikator) pair in document order."""
        return [(s, i) for s in self.sasaran for i in s.indikator]
