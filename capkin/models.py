"""Immutable pydantic models of every data file kind (see design.md, "Data format")."""

from __future__ import annotations

import enum
import math
import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

SLUG_POLA = r"^[a-z0-9][a-z0-9.-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_POLA)]
"""A lowercase ID: letters a-z, digits, dots and hyphens."""

BATAS_ANGKA = 10**15
"""Largest magnitude of a number in data: beyond any real figure, within exact Decimal math."""

TANGGAL_AWAL = date(1900, 1, 1)
TANGGAL_AKHIR = date(2100, 12, 31)


JENIS_DI_LUAR_BATAS = "angka_di_luar_batas"
"""The pydantic error type of a number outside what data may hold (dataset ranks it first)."""


def _angka_wajar(x: int | float) -> int | float:
    # A custom error type (not a ValueError): in a union such as `Angka | Teks` the number's
    # own problem must win over "should be text", which would name the wrong type.
    if isinstance(x, float) and not math.isfinite(x):
        raise PydanticCustomError(
            JENIS_DI_LUAR_BATAS,
            "harus angka yang terhingga antara -10^15 dan 10^15, ditemukan {x}; tulis angka "
            "biasa, bukan .nan atau .inf",
            {"x": str(x)},
        )
    if abs(x) > BATAS_ANGKA:
        raise PydanticCustomError(
            JENIS_DI_LUAR_BATAS,
            "angka {x} di luar jangkauan: angka dalam data harus antara -10^15 dan 10^15 "
            "(-1.000.000.000.000.000 sampai 1.000.000.000.000.000); periksa jumlah digitnya",
            {"x": str(x)},
        )
    return x


def _tanggal_wajar(d: date) -> date:
    if not TANGGAL_AWAL <= d <= TANGGAL_AKHIR:
        raise ValueError(f"tanggal {d.isoformat()} di luar jangkauan 1900–2100; periksa tahunnya")
    return d


Angka = Annotated[StrictInt | StrictFloat, AfterValidator(_angka_wajar)]
"""A finite number written as a number (never a quoted string, never a boolean)."""

Tanggal = Annotated[date, AfterValidator(_tanggal_wajar)]
"""A date that exists, written YYYY-MM-DD, between 1900 and 2100."""

BATAS_TEKS = 2000
"""Longest name, uraian or satuan, in characters: what the published API (api/v1) accepts,
far beyond any real one (a long explanation belongs in a bukti file)."""

Teks = Annotated[str, StringConstraints(min_length=1, max_length=BATAS_TEKS)]
DaftarTeks = tuple[Teks, ...]
"""A list of texts (a YAML sequence, held as a tuple: models are immutable)."""
NamaPlugin = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._/-]*$")]
"""The name of a MkDocs plugin as mkdocs.yml writes it: `search`, `material/tags`."""


_ZONA_POLA = re.compile(r"[A-Za-z_]+(?:/[A-Za-z0-9_+-]+){1,2}|UTC")


def _zona_ada(nama: str) -> str:
    """Accept an IANA time zone name that this machine's time zone database knows."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        if not _ZONA_POLA.fullmatch(nama):
            raise ValueError(nama)
        ZoneInfo(nama)
    except (ValueError, ZoneInfoNotFoundError, OSError):
        raise ValueError(
            f"zona waktu '{nama}' tidak dikenal; tulis nama zona IANA, mis. Asia/Jakarta "
            "(WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)"
        ) from None
    return nama


ZonaWaktu = Annotated[str, AfterValidator(_zona_ada)]
"""An IANA time zone name such as Asia/Jakarta."""


def _dikutip(saran: str) -> BeforeValidator:
    """Refuse a number where text is meant (YAML reads an unquoted NIP or code as a number)."""

    def bukan_angka(v: Any) -> Any:
        if isinstance(v, int | float) and not isinstance(v, bool):
            raise ValueError(saran)
        return v

    return BeforeValidator(bukan_angka)


class Model(BaseModel):
    """Base of every data model: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Periode(enum.StrEnum):
    """A reporting quarter (triwulan)."""

    TW1 = "TW1"
    TW2 = "TW2"
    TW3 = "TW3"
    TW4 = "TW4"

    @property
    def nomor(self) -> int:
        """Return the quarter's number, 1 to 4."""
        return _NOMOR_PERIODE[self]


_NOMOR_PERIODE = {"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4}
"""Each quarter's number, looked up (the engine asks 100,000 times for a regency)."""
PERIODE_URUT: tuple[Periode, ...] = tuple(Periode)
"""The quarters in order, TW1 to TW4: `PERIODE_URUT[: p.nomor]` are those up to `p`."""


TAHUNAN = "tahunan"
"""The annual view: as of TW4 against the annual target."""


class Peran(enum.StrEnum):
    """The SOP's roles; offices may declare more in `pengaturan.peran_tambahan`."""

    KASUBBAG_KPE = "kasubbag-kpe"
    KEPALA_JAWATAN = "kepala-jawatan"
    KASUBBAG = "kasubbag"
    PANEWU_ANOM = "panewu-anom"
    PANEWU = "panewu"


PERAN_KEPALA_UNIT = frozenset({Peran.KEPALA_JAWATAN, Peran.KASUBBAG, Peran.KASUBBAG_KPE})
"""The SOP's roles that head a unit and supply its realisasi (step 2)."""


# --- instansi.yml -------------------------------------------------------------------------


class RumusTurun(enum.StrEnum):
    """Formula for `turun` indicators."""

    SELISIH = "selisih"
    RASIO = "rasio"


class BandPredikat(Model):
    """Lower bound of a predikat band."""

    min: Angka
    nama: Teks


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
    nama: Teks


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
    nama: Teks


class Pejabat(Model):
    """An official of the office."""

    id: Slug
    nama: Teks
    nip: Annotated[
        str | None,
        _dikutip(
            'NIP harus berupa teks: tulis NIP di antara tanda kutip, mis. nip: "196711161994011001"'
        ),
    ] = Field(None, description="18 digit, ditulis di antara tanda kutip")
    pangkat: str | None = None
    jabatan: str | None = None
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

    nama: Teks
    induk: Teks | None = None
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


# --- sop.yml ------------------------------------------------------------------------------


class LangkahSop(Model):
    """One step of the SOP with its quality standard (mutu baku)."""

    no: StrictInt = Field(ge=1)
    aktivitas: Teks
    pelaksana: tuple[Slug, ...] = Field(min_length=1, description="peran yang boleh menandatangani")
    kelengkapan: str | None = None
    waktu_hari_kerja: StrictInt = Field(ge=0, le=250)
    output: str | None = None


class Sop(Model):
    """The SOP as data (`data/sop.yml`)."""

    nomor: Teks
    nama: Teks
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


# --- <tahun>/perjanjian-kinerja.yml -------------------------------------------------------


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
    uraian: Teks
    satuan: Annotated[str, StringConstraints(max_length=BATAS_TEKS)] = ""
    jenis: Jenis = Jenis.ANGKA
    polaritas: Polaritas = Polaritas.NAIK
    agregasi: Agregasi = Agregasi.TERAKHIR
    target: NilaiTarget
    target_periode: dict[Periode, NilaiTarget] | None = Field(
        None, description="target per triwulan; untuk kumulatif: nilai sampai dengan triwulan itu"
    )
    skala: DaftarTeks | None = Field(
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
    uraian: Teks
    indikator: tuple[Indikator, ...] = Field(min_length=1)


Rupiah = Annotated[Angka, Field(ge=0)]
"""An amount of money in rupiah, never negative."""


class Program(Model):
    """A budget programme behind the targets, with its pagu and cash plan to date."""

    kode: Annotated[
        Teks | None,
        _dikutip(
            'kode program harus berupa teks: tulis di antara tanda kutip, mis. kode: "7.01.01"'
        ),
    ] = Field(None, description='kode nomenklatur program, ditulis sebagai teks: "7.01.01"')
    uraian: Teks
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
    pihak_kedua: Teks
    sasaran: tuple[Sasaran, ...] = Field(min_length=1)
    program: tuple[Program, ...] = ()

    def semua_indikator(self) -> list[tuple[Sasaran, Indikator]]:
        """Return every (sasaran, indikator) pair in document order."""
        return [(s, i) for s in self.sasaran for i in s.indikator]


# --- <tahun>/realisasi/<periode>/<unit>.yml -----------------------------------------------


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


# --- <tahun>/siklus/<periode>.yml ---------------------------------------------------------


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
    nomor: Teks
    tanggal: Tanggal
    perihal: Teks
    dari: Slug | None = Field(None, description="pejabat id pengirim")
    dari_luar: str | None = Field(None, description="pengirim di luar kantor, sebagai teks")
    kepada: tuple[Slug, ...] = ()
    kepada_luar: DaftarTeks = ()
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


# --- <tahun>/anggaran/<periode>.yml ---------------------------------------------------------


class EntriAnggaran(Model):
    """A program's budget realisation to date."""

    program: Annotated[
        Teks,
        _dikutip(
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


JENIS_BERKAS: dict[str, type[Model]] = {
    "instansi": Instansi,
    "sop": Sop,
    "perjanjian-kinerja": PerjanjianKinerja,
    "realisasi": Realisasi,
    "siklus": Siklus,
    "anggaran": Anggaran,
}
"""Every file kind by the name used in schemas and messages."""
