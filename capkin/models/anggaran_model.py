"""The model of `data/<tahun>/anggaran/<periode>.yml`: budget realisation to date."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from capkin.models.base import Model, Periode, Rupiah, Tanggal, Teks, dikutip


class EntriAnggaran(Model):
    """A program's budget realisation to date."""

    program: Annotated[
        Teks,
        dikutip(
            'kode program harus berupa teks: tulis di antara tanda kutip, mis. program: "7.01.01"'
        ),
    ] = Field(description="kode program (atau uraiannya bila tanpa kode)")
    nilai: Rupiah | None = Field(
        None, description="realisasi anggaran sampai dengan triwulan ini (Rp); kosong: belum diisi"
    )


class Anggaran(Model):
    """Budget realisation to date for a period (`data/<tahun>/anggaran/<periode>.yml`)."""

    periode: Periode
    sumber: str | None = Field(None, description="asal angka, mis. SIPD")
    tanggal: Tanggal | None = None
    realisasi: tuple[EntriAnggaran, ...] = ()
