"""The results of a computation and their JSON shape (`capkin compute --format json`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from capkin.achievement.formulas import TargetNilai
from capkin.achievement.numbers import angka_json, desimal
from capkin.achievement.serapan import AnggaranProgram, AnggaranSasaran
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import Agregasi, Jenis, Polaritas, Rentang

_TEKS_INDIKATOR = ("id", "sasaran", "uraian", "satuan")
"""An indicator's own words, copied into its JSON as they are."""


class Status(enum.StrEnum):
    """Whether an indicator met its target in a period."""

    TERCAPAI = "tercapai"
    TIDAK_TERCAPAI = "tidak tercapai"
    BELUM_ADA_DATA = "belum ada data"


@dataclass(frozen=True, slots=True)
class Pembanding:
    """Capaian to compare with, each rounded half up to 2 places, None where there is none.

    `periode_lalu`: the previous quarter of the same year (none for TW1 and for `tahunan`,
    whose year-on-year comparison is `tahun_lalu`). `tahun_lalu`: the same period of the
    previous year, against that year's targets. `renstra`: this period's realisasi against
    `target_renstra.nilai`.
    """

    periode_lalu: Decimal | None = None
    tahun_lalu: Decimal | None = None
    renstra: Decimal | None = None


@dataclass(frozen=True, slots=True)
class HasilIndikator:
    """One indicator's figures for a period.

    `capaian` is rounded half up to 2 places (what people see; `predikat` and `status`
    are decided on it); `capaian_mentah` is the exact value used for the sasaran mean.
    `hambatan`, `strategi`, `tindak_lanjut`, `bukti` and `unit` come from this period's
    realisasi entry (TW4's for `tahunan`); `nilai_periode` lists every quarter's reported
    value up to the period.
    """

    id: str
    sasaran: str
    uraian: str
    satuan: str
    jenis: Jenis
    polaritas: Polaritas
    agregasi: Agregasi
    penanggung_jawab: str
    target: TargetNilai | None
    realisasi: Decimal | str | None
    capaian: Decimal | None
    capaian_mentah: Decimal | None
    predikat: str | None
    status: Status
    catatan: tuple[str, ...]
    pembanding: Pembanding
    unit: str | None = None
    hambatan: str | None = None
    strategi: str | None = None
    tindak_lanjut: str | None = None
    bukti: tuple[str, ...] = ()
    nilai_periode: tuple[tuple[Periode, Decimal | str], ...] = ()

    @property
    def ada_data(self) -> bool:
        """Return whether a capaian could be computed."""
        return self.capaian is not None

    def as_json(self) -> dict[str, Any]:
        """Return the indicator in the shape of `capkin compute --format json`."""
        return {
            **{k: getattr(self, k) for k in _TEKS_INDIKATOR},
            "target": nilai_json(self.target),
            "realisasi": nilai_json(self.realisasi),
            "capaian": angka_json(self.capaian),
            "predikat": self.predikat,
            "status": self.status.value,
            "catatan": list(self.catatan),
            "pembanding": {
                "periode_lalu": angka_json(self.pembanding.periode_lalu),
                "tahun_lalu": angka_json(self.pembanding.tahun_lalu),
                "renstra": angka_json(self.pembanding.renstra),
            },
        }


@dataclass(frozen=True)
class HasilSasaran:
    """A sasaran's capaian: the mean of its indicators' capped capaian."""

    id: str
    uraian: str
    capaian: Decimal | None
    capaian_mentah: Decimal | None
    predikat: str | None
    jumlah_indikator: int
    tanpa_data: int
    anggaran: AnggaranSasaran | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the sasaran in the shape of `capkin compute --format json`.

        `anggaran` is there only when a program with a pagu serves the sasaran.
        """
        hasil: dict[str, Any] = {
            "id": self.id,
            "uraian": self.uraian,
            "capaian": angka_json(self.capaian),
            "predikat": self.predikat,
        }
        if self.anggaran is not None:
            hasil["anggaran"] = self.anggaran.as_json()
        return hasil


KunciPeriode = tuple[int, str]
"""(tahun, periode) of a report, the key of its `HasilPeriode`: "TW1".."TW4" or "tahunan"."""


@dataclass(frozen=True)
class HasilPeriode:
    """Every figure of one period (a quarter or `tahunan`) of a year."""

    instansi: str
    tahun: int
    periode: Periode | str
    indikator: tuple[HasilIndikator, ...]
    sasaran: tuple[HasilSasaran, ...]
    capaian_total: Decimal | None
    predikat_total: str | None
    program: tuple[AnggaranProgram, ...] = ()

    @property
    def ada_data(self) -> bool:
        """Return whether any indicator has data in this period."""
        return any(i.ada_data for i in self.indikator)

    def as_json(self) -> dict[str, Any]:
        """Return exactly the `capkin compute --format json` contract."""
        hasil: dict[str, Any] = {
            "instansi": self.instansi,
            "tahun": self.tahun,
            "periode": str(self.periode),
            "indikator": [i.as_json() for i in self.indikator],
            "sasaran": [s.as_json() for s in self.sasaran],
            "capaian_total": angka_json(self.capaian_total),
            "predikat_total": self.predikat_total,
        }
        if self.program:
            hasil["program"] = [p.as_json() for p in self.program]
        return hasil


def nilai_json(x: TargetNilai | Decimal | str | None) -> Any:
    """Return a target or realisasi for JSON: a rounded number, {min, maks}, a level, null."""
    if isinstance(x, Rentang):
        return {"min": angka_json(desimal(x.min)), "maks": angka_json(desimal(x.maks))}
    if isinstance(x, Decimal):
        return angka_json(x)
    return x
