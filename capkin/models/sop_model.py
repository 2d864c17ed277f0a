"""The model of `data/sop.yml`: the SOP as data, its steps and their quality standard."""

from __future__ import annotations

from pydantic import Field, StrictInt

from capkin.models.base import DaftarTeks, Model, Nama, Slug, Tanggal


class LangkahSop(Model):
    """One step of the SOP with its quality standard (mutu baku)."""

    no: StrictInt = Field(ge=1)
    aktivitas: Nama
    pelaksana: tuple[Slug, ...] = Field(min_length=1, description="peran yang boleh menandatangani")
    kelengkapan: str | None = None
    waktu_hari_kerja: StrictInt = Field(ge=0, le=250)
    output: str | None = None


class Sop(Model):
    """The SOP as data (`data/sop.yml`)."""

    nomor: Nama
    nama: Nama
    tanggal_pembuatan: Tanggal | None = None
    tanggal_revisi: Tanggal | None = None
    tanggal_pengesahan: Tanggal | None = None
    disahkan_oleh: Slug | None = None
    dasar_hukum: DaftarTeks = ()
    keterkaitan: DaftarTeks = ()
    peralatan: DaftarTeks = ()
    peringatan: DaftarTeks = ()
    pencatatan: DaftarTeks = ()
    langkah: tuple[LangkahSop, ...] = Field(min_length=1)

    def cari_langkah(self, no: int) -> LangkahSop | None:
        """Return step `no`, if the SOP has it."""
        return next((s for s in self.langkah if s.no == no), None)

    @property
    def no_pengesahan(self) -> int:
        """Return the number of the last step, whose sign-off approves a period's report."""
        return max(s.no for s in self.langkah)
