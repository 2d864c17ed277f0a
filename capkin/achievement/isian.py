"""What a unit enters for an indicator in a quarter, said in plain words for the forms.

`new realisasi`, the worksheet and files written by `worksheet import` all show the same
guidance: which figure to enter (the quarter's own amount, or the running total for
`isian: sd-triwulan`), the realisasi so far and the target to date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from capkin.achievement.engine import Penghitung
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import Agregasi, Indikator, Jenis, Rentang


@dataclass(frozen=True)
class Isian:
    """What to enter for one indicator in one quarter, and the figures that help."""

    indikator: Indikator
    periode: Periode
    target_sd: int | float | Rentang | str
    """The quarter's target (for kumulatif: the target to date), else the annual one."""
    total_sebelum: Decimal | None
    """kumulatif: the realisasi up to the previous quarter, None for TW1 or without data."""

    @property
    def sebelumnya(self) -> Periode | None:
        """Return the previous quarter of the year, None for TW1."""
        return Periode(f"TW{self.periode.nomor - 1}") if self.periode.nomor > 1 else None

    def perintah(self) -> str:
        """Return what to enter, in plain words (Bahasa Indonesia)."""
        ind, p = self.indikator, self.periode
        if ind.jenis is Jenis.KATEGORI:
            return f"isi tingkatan yang dicapai pada {p.value}"
        if ind.agregasi is Agregasi.TERAKHIR:
            return f"isi nilai keadaan akhir {p.value}"
        if ind.agregasi is Agregasi.RATA_RATA:
            return f"isi nilai {p.value} saja; capkin merata-ratakan semua triwulan"
        if ind.isian_sd:
            return (
                f"isi TOTAL sejak awal tahun sampai dengan {p.value}; capkin menghitung "
                f"jumlah {p.value} sendiri"
            )
        return (
            f"isi jumlah {p.value} SAJA, bukan total sejak awal tahun; capkin menjumlahkan "
            "semua triwulan"
        )

    def angka(self, fmt: Callable[[Decimal | int | float | str], str]) -> str | None:
        """Return the total so far and the target to date of a kumulatif indicator, else None."""
        ind, p = self.indikator, self.periode
        if ind.jenis is Jenis.KATEGORI or ind.agregasi is not Agregasi.KUMULATIF:
            return None
        t = self.target_sd
        bagian = []
        lalu = self.sebelumnya
        if lalu is not None:
            total = "belum ada" if self.total_sebelum is None else fmt(self.total_sebelum)
            bagian.append(f"realisasi s.d. {lalu.value}: {total}")
        target = f"{fmt(t.min)}–{fmt(t.maks)}" if isinstance(t, Rentang) else fmt(t)
        bagian.append(f"target s.d. {p.value}: {target}")
        return "; ".join(bagian)

    def petunjuk(self, fmt: Callable[[Decimal | int | float | str], str]) -> str:
        """Return what to enter and, for kumulatif, the figures that help, as one text."""
        angka = self.angka(fmt)
        return self.perintah() if angka is None else f"{self.perintah()}; {angka}"


def isian_indikator(penghitung: Penghitung, tahun: int, periode: Periode, ind: Indikator) -> Isian:
    """Return what to enter for an indicator in a quarter, with the total so far."""
    target = (ind.target_periode or {}).get(periode, ind.target)
    total: Decimal | None = None
    if ind.agregasi is Agregasi.KUMULATIF:
        # the latest earlier quarter with a figure holds the total of every quarter before it
        for nomor in range(periode.nomor - 1, 0, -1):
            inti = penghitung.inti(tahun, Periode(f"TW{nomor}"), ind.id)
            if inti is not None and isinstance(inti.realisasi, Decimal):
                total = inti.realisasi
                break
    return Isian(ind, periode, target, total)


def angka_yaml(x: Decimal | int | float | str) -> str:
    """Format a figure as it is written in YAML: a dot for decimals, no thousands separator."""
    if isinstance(x, str):
        return x
    return format(Decimal(str(x)).normalize(), "f")
