"""The versioned JSON API of every capkin site (`api/v1/`): its models and JSON Schemas.

An office site and a regency roll-up publish the same shape, so a rekap can read another
rekap. The models are the contract both ways: a site writes `Model.model_dump(mode="json")`
and a rekap reads with `model_validate_json`, and the published JSON Schemas are generated
from the same models. Keys may be added within v1 (readers ignore unknown keys); renaming
or removing one means `api/v2/`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from capkin.layout import FOLDER_API
from capkin.models.base import PANJANG_ID_MAKS

VERSI_API: Literal["capkin/v1"] = "capkin/v1"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*$", max_length=PANJANG_ID_MAKS)
]
Teks = Annotated[str, StringConstraints(max_length=2000)]
JalurSitus = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-Za-z0-9_~-][A-Za-z0-9._~-]*(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*$",
        max_length=300,
    ),
]
"""A path relative to the site's root: no scheme, no leading slash, no segment starting with a dot."""
Angka = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
Tahun = Annotated[int, Field(ge=1900, le=2100)]
NamaPeriode = Literal["TW1", "TW2", "TW3", "TW4", "tahunan"]
Komit = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$")]


class ModelApi(BaseModel):
    """Base of the API documents: immutable; unknown keys are ignored (v1 may grow)."""

    model_config = ConfigDict(frozen=True, extra="ignore", strict=True)


class Instansi(ModelApi):
    """Who publishes the site."""

    nama: Teks
    induk: Teks | None = None


class Generator(ModelApi):
    """The program that wrote the API."""

    nama: Teks
    versi: Teks


class Tautan(ModelApi):
    """A period's pages and files, relative to the site's root."""

    capaian: JalurSitus | None = None
    laporan: JalurSitus | None = None
    pdf: JalurSitus | None = None
    siklus: JalurSitus | None = None


class RingkasPeriode(ModelApi):
    """One period in the index."""

    tahun: Tahun
    periode: NamaPeriode
    capaian_total: Angka | None
    predikat_total: Teks | None
    disahkan: bool
    tautan: Tautan


class Indeks(ModelApi):
    """`api/v1/index.json`: the site, its periods and where their files are."""

    api: Literal["capkin/v1"]
    jenis: Literal["kantor", "rekap"]
    instansi: Instansi
    generator: Generator
    dibangun: datetime
    tanggal: date
    periode: list[RingkasPeriode] = Field(max_length=1000)


class Rentang(ModelApi):
    """A range target."""

    min: Angka
    maks: Angka


class Indikator(ModelApi):
    """One indicator's figures in a period."""

    id: Slug
    sasaran: Teks
    uraian: Teks
    satuan: Teks
    target: Angka | Rentang | Teks | None
    realisasi: Angka | Teks | None
    capaian: Angka | None
    predikat: Teks | None
    status: Literal["tercapai", "tidak tercapai", "belum ada data"]


class Sasaran(ModelApi):
    """One sasaran's capaian in a period."""

    id: Teks
    uraian: Teks
    capaian: Angka | None
    predikat: Teks | None


BuktiTandaTangan = Literal[
    "terverifikasi", "email cocok, tanpa tanda tangan kriptografis", "tidak terverifikasi"
]
"""How far an approval's commit proves its official, in the words the report uses."""


class Pengesahan(ModelApi):
    """The approval of a period (the SOP's last step, or its latest `revisi`)."""

    tanggal: date
    oleh: Slug | None
    nama: Teks | None
    langkah: int = Field(ge=1, le=100)
    commit: Komit | None
    revisi: int = Field(ge=0, le=1000)
    terverifikasi: bool | None
    """Whether the approval step's sign-off counts (under `wajib_tanda_tangan_git: false` an
    email match counts too); None for a revisi and when it cannot be checked. See `bukti`."""
    bukti: BuktiTandaTangan | None = None
    """How far the commit of this approval (the step, or the latest revisi) proves its
    official, in the words the report uses; None when it cannot be checked."""


class Langkah(ModelApi):
    """One SOP step of the period's cycle, against its working-day standard."""

    no: int = Field(ge=1, le=100)
    status: Literal["selesai", "berjalan", "belum", "terlambat"]
    mulai: date | None
    selesai: date | None
    tenggat: date | None
    hari_kerja: int | None = Field(ge=0, le=100000)
    standar_hari_kerja: int = Field(ge=0, le=100000)
    tepat_waktu: bool | None


class Siklus(ModelApi):
    """The period's run of the SOP as of the build date."""

    tanggal: date
    langkah: list[Langkah] = Field(max_length=100)
    total_hari_kerja: int | None = Field(ge=0, le=100000)
    standar_total_hari_kerja: int = Field(ge=0, le=100000)


class Tunggakan(ModelApi):
    """A unit that still owes realisasi, and for which indicators."""

    unit: Slug
    nama: Teks
    indikator: list[Slug] = Field(max_length=5000)


class BarisKantor(ModelApi):
    """In a roll-up's period document: one office's row (a province sees the offices too)."""

    id: Slug
    nama: Teks
    capaian_total: Angka | None
    predikat_total: Teks | None
    disahkan: bool
    tanggal_disahkan: date | None
    bukti_disahkan: BuktiTandaTangan | None = None
    """The approval's proof as the office's own document states it (`Pengesahan.bukti`)."""
    langkah_akhir: Literal["selesai", "berjalan", "belum", "terlambat"] | None
    tepat_waktu: bool | None


class Periode(ModelApi):
    """`api/v1/<tahun>/<periode>.json`: one period's figures, approval and cycle."""

    api: Literal["capkin/v1"]
    instansi: Teks
    tahun: Tahun
    periode: NamaPeriode
    capaian_total: Angka | None
    predikat_total: Teks | None
    status: Literal["disahkan", "belum disahkan"]
    jumlah_indikator: int = Field(ge=0)
    indikator_tercapai: int = Field(ge=0)
    indikator_tanpa_data: int = Field(ge=0)
    indikator: list[Indikator] = Field(max_length=5000)
    sasaran: list[Sasaran] = Field(max_length=1000)
    disahkan: Pengesahan | None
    menunggu_pengesahan: Teks | None = None
    """Why a period whose approval step is signed off is not approved: its sign-off does not
    count (signatures required, none by the official); None otherwise."""
    siklus: Siklus | None
    belum_menyampaikan: list[Tunggakan] = Field(max_length=1000)
    tautan: Tautan
    kantor: list[BarisKantor] | None = Field(None, max_length=100_000)
    """A roll-up's offices (absent on an office's own site)."""


SKEMA: dict[str, type[ModelApi]] = {"index": Indeks, "periode": Periode}
"""Every API document kind by the name of its schema file."""


def jalur_periode(tahun: int, periode: str) -> str:
    """Return a period document's path relative to `api/v1/`."""
    return f"{tahun}/{periode}.json"


def skema(jenis: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one API document kind."""
    hasil: dict[str, Any] = {"$schema": DRAFT, "$id": f"capkin:api/v1/{jenis}.schema.json"}
    hasil.update(SKEMA[jenis].model_json_schema(mode="validation"))
    return hasil


def indeks_dari(
    jenis: Literal["kantor", "rekap"],
    instansi: Instansi,
    tanggal: date,
    daftar: list[Periode],
    dibangun: datetime | None = None,
) -> Indeks:
    """Return the index of a site's period documents."""
    from capkin import __version__

    return Indeks(
        api=VERSI_API,
        jenis=jenis,
        instansi=instansi,
        generator=Generator(nama="capkin", versi=__version__),
        dibangun=dibangun or datetime.now(UTC).replace(microsecond=0),
        tanggal=tanggal,
        periode=[
            RingkasPeriode(
                tahun=d.tahun,
                periode=d.periode,
                capaian_total=d.capaian_total,
                predikat_total=d.predikat_total,
                disahkan=d.disahkan is not None,
                tautan=d.tautan,
            )
            for d in daftar
        ],
    )


def _tulis(path: Path, teks: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(teks, encoding="utf-8")


def tulis_api(
    docs: Path,
    indeks: Indeks,
    daftar: list[Periode],
    teks: Callable[[Periode], str] | None = None,
) -> None:
    """Write `api/v1/` under a site's docs folder: the index, one file per period, the schemas.

    `teks` returns a period's JSON when it is not `model_dump_json(indent=1)` of the model
    alone (a roll-up adds its office rows from its table)."""
    folder = docs / FOLDER_API
    _tulis(folder / "index.json", indeks.model_dump_json(indent=1) + "\n")
    for d in daftar:
        isi = d.model_dump_json(indent=1) if teks is None else teks(d)
        _tulis(folder / jalur_periode(d.tahun, d.periode), isi + "\n")
    for jenis in SKEMA:
        _tulis(
            folder / "schema" / f"{jenis}.schema.json",
            json.dumps(skema(jenis), ensure_ascii=False, indent=2) + "\n",
        )
