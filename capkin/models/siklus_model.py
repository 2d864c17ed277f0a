"""The model of `data/<tahun>/siklus/<periode>.yml`: one run of the SOP, its records."""

from __future__ import annotations

import enum
from datetime import date

from pydantic import Field, StrictInt

from capkin.models.base import DaftarNama, Model, Nama, Periode, SatuBaris, Slug, Tanggal, Teks


class LangkahSiklus(Model):
    """The record of one SOP step in a run of the cycle."""

    no: StrictInt = Field(ge=1)
    mulai: Tanggal | None = None
    selesai: Tanggal | None = None
    oleh: Slug | None = Field(None, description="pejabat yang menandatangani langkah ini")
    catatan: str | None = None
    dokumen: str | None = None

    @property
    def ditandatangani(self) -> bool:
        """Return whether this step is signed off (has `selesai` and `oleh`)."""
        return self.selesai is not None and self.oleh is not None

    @property
    def awal(self) -> date | None:
        """Return the step's first recorded date: `mulai`, else `selesai` (None: not begun)."""
        return self.mulai or self.selesai


class JenisSurat(enum.StrEnum):
    """Kinds of paper records kept as data."""

    NOTA_DINAS = "nota-dinas"
    SURAT_PEMBERITAHUAN = "surat-pemberitahuan"
    SURAT_PERMINTAAN = "surat-permintaan"
    SURAT_PENYAMPAIAN = "surat-penyampaian"
    TANDA_TERIMA = "tanda-terima"


class Surat(Model):
    """A paper record: nota dinas, surat, tanda terima."""

    jenis: JenisSurat
    nomor: Nama
    tanggal: Tanggal
    perihal: Nama
    dari: Slug | None = Field(None, description="pejabat id pengirim")
    dari_luar: SatuBaris | None = Field(None, description="pengirim di luar kantor, sebagai teks")
    kepada: tuple[Slug, ...] = ()
    kepada_luar: DaftarNama = ()
    dokumen: str | None = None


class Revisi(Model):
    """A re-approval of a period's report after a correction (design.md, "Approved is frozen")."""

    tanggal: Tanggal
    oleh: Slug = Field(description="pejabat yang mengesahkan ulang (peran langkah terakhir SOP)")
    alasan: Teks = Field(description="apa yang dikoreksi dan dasarnya (mis. nomor surat)")


class Siklus(Model):
    """One run of the SOP for a period."""

    periode: Periode
    langkah: tuple[LangkahSiklus, ...] = ()
    surat: tuple[Surat, ...] = ()
    kesimpulan: str | None = None
    revisi: tuple[Revisi, ...] = Field((), description="pengesahan ulang, terlama dahulu")

    def cari_langkah(self, no: int) -> LangkahSiklus | None:
        """Return the record of step `no`, if present."""
        return next((s for s in self.langkah if s.no == no), None)
