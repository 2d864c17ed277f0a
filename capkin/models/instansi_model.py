"""The model of `data/instansi.yml`: the office, its settings, units and officials."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, StrictBool, StringConstraints

from capkin.models.base import (
    Angka,
    DaftarTeks,
    Model,
    Nama,
    SatuBaris,
    Slug,
    Tanggal,
    ZonaWaktu,
    dikutip,
)

NamaPlugin = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._/-]*$")]
"""The name of a MkDocs plugin as mkdocs.yml writes it: `search`, `material/tags`."""


class Peran(enum.StrEnum):
    """The SOP's roles; offices may declare more in `pengaturan.peran_tambahan`."""

    KASUBBAG_KPE = "kasubbag-kpe"
    KEPALA_JAWATAN = "kepala-jawatan"
    KASUBBAG = "kasubbag"
    PANEWU_ANOM = "panewu-anom"
    PANEWU = "panewu"


PERAN_KEPALA_UNIT = frozenset({Peran.KEPALA_JAWATAN, Peran.KASUBBAG, Peran.KASUBBAG_KPE})
"""The SOP's roles that head a unit and supply its realisasi (step 2)."""


class RumusTurun(enum.StrEnum):
    """Formula for `turun` indicators."""

    SELISIH = "selisih"
    RASIO = "rasio"


class BandPredikat(Model):
    """Lower bound of a predikat band."""

    min: Angka
    nama: Nama


PREDIKAT_BAKU: tuple[BandPredikat, ...] = (
    BandPredikat(min=91, nama="Sangat Tinggi"),
    BandPredikat(min=76, nama="Tinggi"),
    BandPredikat(min=66, nama="Sedang"),
    BandPredikat(min=51, nama="Rendah"),
    BandPredikat(min=0, nama="Sangat Rendah"),
)


class PeranTambahan(Model):
    """A role an office uses beyond the SOP's five."""

    id: Slug
    nama: Nama


class MetodeEfisiensi(enum.StrEnum):
    """How budget efficiency is measured (design.md, "Anggaran")."""

    INDEKS = "indeks"
    SISA = "sisa"


class Pengaturan(Model):
    """Office settings for the computation and the SOP clock."""

    rumus_turun: RumusTurun = Field(
        RumusTurun.SELISIH, description="selisih: (2T - R) / T x 100; rasio: T / R x 100"
    )
    batas_capaian_rata_rata: Angka | None = Field(
        120, gt=0, description="batas capaian per indikator saat dirata-rata; null = tanpa batas"
    )
    ambang_tercapai: Angka = Field(100, ge=0, description="capaian >= nilai ini: tercapai")
    predikat: tuple[BandPredikat, ...] = Field(
        PREDIKAT_BAKU, min_length=1, description="batas bawah tiap predikat, tertinggi dahulu"
    )
    hari_libur_tambahan: tuple[Tanggal, ...] = Field(
        (), description="hari libur lokal di luar libur nasional dan cuti bersama"
    )
    wajib_tanda_tangan_git: StrictBool = Field(
        False,
        description="true: tanda tangan langkah hanya sah bila commit-nya ditandatangani "
        "kunci SSH pejabat (kunci_ssh) atau dibuat di editor web GitHub",
    )
    peran_tambahan: tuple[PeranTambahan, ...] = Field(
        (), description="peran di luar lima peran SOP, bila kantor memerlukannya"
    )
    metode_efisiensi: MetodeEfisiensi = Field(
        MetodeEfisiensi.INDEKS,
        description="indeks: capaian / serapan (>= 1 efisien); sisa: 1 - realisasi / pagu, "
        "dihitung bila capaian >= 100",
    )
    zona_waktu: ZonaWaktu = Field(
        "Asia/Jakarta",
        description="zona waktu yang dipakai saat menampilkan waktu: Asia/Jakarta (WIB), "
        "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
    )
    plugin_mkdocs: tuple[NamaPlugin, ...] = Field(
        (),
        description="plugin MkDocs yang diizinkan di mkdocs.yml selain search (hooks tidak "
        "pernah diizinkan), mis. [material/tags]",
    )


class Unit(Model):
    """An organisational unit (jawatan, subbagian)."""

    id: Slug
    nama: Nama


class Pejabat(Model):
    """An official of the office."""

    id: Slug
    nama: Nama
    nip: Annotated[
        str | None,
        dikutip(
            'NIP harus berupa teks: tulis NIP di antara tanda kutip, mis. nip: "196711161994011001"'
        ),
    ] = Field(None, description="18 digit, ditulis di antara tanda kutip")
    pangkat: SatuBaris | None = None
    jabatan: SatuBaris | None = None
    peran: Slug = Field(description="kasubbag-kpe, kepala-jawatan, kasubbag, panewu-anom, panewu")
    unit: Slug | None = None
    identitas_git: DaftarTeks = Field(
        (), description="email commit git yang boleh bertindak atas nama pejabat ini"
    )
    github: str | None = Field(None, description="nama pengguna GitHub, untuk CODEOWNERS")
    kunci_ssh: DaftarTeks = Field(
        (),
        description="kunci publik SSH (satu baris berkas .pub, mis. 'ssh-ed25519 AAAA... "
        "catatan') yang menandatangani commit pejabat ini",
    )


class Instansi(Model):
    """The office, its units and officials (`data/instansi.yml`)."""

    nama: Nama
    induk: Nama | None = None
    alamat: str | None = None
    pengaturan: Pengaturan = Pengaturan()
    unit: tuple[Unit, ...] = Field(min_length=1)
    pejabat: tuple[Pejabat, ...] = Field(min_length=1)

    def cari_unit(self, unit_id: str) -> Unit | None:
        """Return the unit with this id, if any."""
        return next((u for u in self.unit if u.id == unit_id), None)

    def cari_pejabat(self, pejabat_id: str) -> Pejabat | None:
        """Return the official with this id, if any."""
        return next((p for p in self.pejabat if p.id == pejabat_id), None)

    def teks_peran_kepala_unit(self) -> str:
        """Return, for messages, the roles that may head a unit: "a, b atau c"."""
        peran = [Peran.KEPALA_JAWATAN.value, Peran.KASUBBAG.value, Peran.KASUBBAG_KPE.value]
        peran += [r.id for r in self.pengaturan.peran_tambahan]
        return ", ".join(peran[:-1]) + " atau " + peran[-1]

    def kepala_unit(self, unit_id: str) -> list[Pejabat]:
        """Return the officials who head a unit, in file order.

        An official heads a unit when their `unit` is that unit and their `peran` is one
        of the SOP's unit-head roles (kepala-jawatan, kasubbag, kasubbag-kpe) or one of the
        office's own roles in `pengaturan.peran_tambahan` (e.g. a Kepala Bidang).
        """
        tambahan = {r.id for r in self.pengaturan.peran_tambahan}
        return [
            p
            for p in self.pejabat
            if p.unit == unit_id and (p.peran in PERAN_KEPALA_UNIT or p.peran in tambahan)
        ]
