"""The capaian formulas of design.md, per polaritas, with their edge cases (pure functions).

Every formula works on exact Decimals and returns the unrounded capaian in percent, never
below 0, plus the notes (in Bahasa Indonesia) that must be shown next to the figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from capkin.achievement.numbers import SERATUS, desimal, format_nilai
from capkin.models.instansi_model import Pengaturan, RumusTurun
from capkin.models.perjanjian_kinerja_model import Jenis, Polaritas, Rentang

NOL = Decimal(0)


@dataclass(frozen=True)
class Capaian:
    """An unrounded capaian (None when it cannot be computed) and its notes."""

    nilai: Decimal | None
    catatan: tuple[str, ...] = ()


def _nol_batas(nilai: Decimal, catatan: tuple[str, ...]) -> Capaian:
    if nilai < 0:
        return Capaian(NOL, (*catatan, "capaian dihitung negatif; ditetapkan 0 % (batas bawah)"))
    return Capaian(nilai, catatan)


def _target_nol(terpenuhi: bool) -> Capaian:
    return Capaian(
        SERATUS if terpenuhi else NOL,
        ("peringatan: target bernilai 0; capaian 100 % bila target terpenuhi, 0 % bila tidak",),
    )


def capaian_naik(t: Decimal, r: Decimal) -> Capaian:
    """Return R/T×100 (higher is better); T = 0 and T < 0 handled with a warning."""
    if t == 0:
        return _target_nol(r >= 0)
    if t < 0:
        return _nol_batas(
            (1 + (r - t) / abs(t)) * SERATUS,
            ("peringatan: target negatif; capaian dihitung (1 + (R − T) / |T|) × 100",),
        )
    return _nol_batas(r / t * SERATUS, ())


def capaian_turun(t: Decimal, r: Decimal, rumus: RumusTurun, batas: Decimal | None) -> Capaian:
    """Return (2T−R)/T×100 (`selisih`) or T/R×100 (`rasio`); lower is better.

    T = 0: 100 when R ≤ 0, else 0, with a warning. T < 0: (1 + (T − R)/|T|)×100 under
    either formula, with a warning. `rasio` with R ≤ 0 (at or beyond perfection): the cap
    `batas` (100 when there is none), with a warning.
    """
    if t == 0:
        return _target_nol(r <= 0)
    if t < 0:
        return _nol_batas(
            (1 + (t - r) / abs(t)) * SERATUS,
            ("peringatan: target negatif; capaian dihitung (1 + (T − R) / |T|) × 100",),
        )
    if rumus is RumusTurun.SELISIH:
        return _nol_batas((2 * t - r) / t * SERATUS, ())
    if r <= 0:
        nilai = SERATUS if batas is None else batas
        return Capaian(
            nilai,
            (
                f"peringatan: realisasi {format_nilai(r)} dengan rumus rasio (T / R); "
                f"capaian ditetapkan {format_nilai(nilai)} % (batas capaian)",
            ),
        )
    return Capaian(t / r * SERATUS, ())


def capaian_rentang(bawah: Decimal, atas: Decimal, r: Decimal) -> Capaian:
    """Return 100 inside [min, maks], R/min×100 below, (2·maks−R)/maks×100 above.

    A bound of 0 that is missed gives 0 with a warning; a negative bound uses
    1 − distance/|bound|, which equals the formulas above for positive bounds.
    """
    if bawah > atas:
        return Capaian(None, ("target rentang tidak sah: min lebih besar dari maks",))
    if bawah <= r <= atas:
        return Capaian(SERATUS)
    batas = bawah if r < bawah else atas
    if batas == 0:
        return _target_nol(False)
    if batas < 0:
        return _nol_batas(
            (1 - abs(r - batas) / abs(batas)) * SERATUS,
            (
                "peringatan: batas rentang negatif; capaian dihitung (1 − |R − batas| / |batas|) × 100",
            ),
        )
    if r < bawah:
        return _nol_batas(r / bawah * SERATUS, ())
    return _nol_batas((2 * atas - r) / atas * SERATUS, ())


def capaian_kategori(t: str, r: str, skala: tuple[str, ...] | None) -> Capaian:
    """Return 100 when R's level is at least T's, else rank(R)/rank(T)×100 (ranks from 1)."""
    if not skala:
        return Capaian(None, ("indikator kategori tanpa skala; capaian tidak dapat dihitung",))
    for nilai, apa in ((t, "target"), (r, "realisasi")):
        if nilai not in skala:
            return Capaian(None, (f"{apa} '{nilai}' bukan tingkatan skala ({', '.join(skala)})",))
    peringkat_r, peringkat_t = skala.index(r) + 1, skala.index(t) + 1
    if peringkat_r >= peringkat_t:
        return Capaian(SERATUS)
    return Capaian(Decimal(peringkat_r) / Decimal(peringkat_t) * SERATUS)


TargetNilai = Decimal | Rentang | str
"""A target ready for the formulas: a Decimal, a range, or a level of the scale."""


def target_nilai(t: int | float | Rentang | str) -> TargetNilai:
    """Convert a target as written in the data to what the formulas take."""
    if isinstance(t, Rentang | str):
        return t
    return desimal(t)


def hitung_capaian(
    jenis: Jenis,
    polaritas: Polaritas,
    target: TargetNilai,
    realisasi: Decimal | str,
    pengaturan: Pengaturan,
    skala: tuple[str, ...] | None = None,
) -> Capaian:
    """Return the capaian of one realisasi against one target under the office's settings."""
    if jenis is Jenis.KATEGORI:
        if not isinstance(target, str) or not isinstance(realisasi, str):
            return Capaian(
                None, ("indikator kategori: target dan realisasi harus tingkatan skala",)
            )
        return capaian_kategori(target, realisasi, skala)
    if not isinstance(realisasi, Decimal):
        return Capaian(None, (f"realisasi '{realisasi}' bukan angka",))
    if polaritas is Polaritas.RENTANG:
        if not isinstance(target, Rentang):
            return Capaian(None, ("indikator rentang: target harus {min, maks}",))
        return capaian_rentang(desimal(target.min), desimal(target.maks), realisasi)
    if not isinstance(target, Decimal):
        return Capaian(None, ("target harus berupa angka",))
    if polaritas is Polaritas.NAIK:
        return capaian_naik(target, realisasi)
    batas = pengaturan.batas_capaian_rata_rata
    return capaian_turun(
        target, realisasi, pengaturan.rumus_turun, None if batas is None else desimal(batas)
    )
