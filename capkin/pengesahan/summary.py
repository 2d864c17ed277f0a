"""What an approved report shows, as comparable text: every figure and every input shown.

A report is reduced to an ordered mapping of labelled items (``ik1 · capaian`` →
``94,12 %``) in the form people read, so that two versions compare item by item whatever
file caused a difference (realisasi, targets, polaritas, bands, formula settings, cap).
"""

from __future__ import annotations

from dataclasses import dataclass

from capkin.achievement import HasilPeriode, format_nilai, format_persen
from capkin.achievement.terminal_table import teks_target

Ringkasan = dict[str, str]
"""Label → value as shown; labels are stable keys ("ik1 · capaian", "total · predikat")."""

KOSONG = "—"


def ringkas(hasil: HasilPeriode) -> Ringkasan:
    """Return the comparable items of a period's report."""
    r: Ringkasan = {}
    for i in hasil.indikator:
        awal = f"{i.id}"
        r[f"{awal} · uraian"] = i.uraian
        r[f"{awal} · satuan"] = i.satuan
        r[f"{awal} · polaritas"] = i.polaritas.value
        r[f"{awal} · target"] = teks_target(i.target)
        r[f"{awal} · realisasi"] = format_nilai(i.realisasi)
        r[f"{awal} · capaian"] = format_persen(i.capaian)
        r[f"{awal} · predikat"] = i.predikat or KOSONG
        r[f"{awal} · status"] = i.status.value
        for medan, nilai in (
            ("periode lalu", i.pembanding.periode_lalu),
            ("tahun lalu", i.pembanding.tahun_lalu),
            ("terhadap target renstra", i.pembanding.renstra),
        ):
            if nilai is not None:
                r[f"{awal} · {medan}"] = format_persen(nilai)
        for medan, teks in (
            ("hambatan", i.hambatan),
            ("strategi", i.strategi),
            ("tindak lanjut", i.tindak_lanjut),
        ):
            if teks:
                r[f"{awal} · {medan}"] = " ".join(teks.split())
    for s in hasil.sasaran:
        r[f"sasaran {s.id} · capaian"] = format_persen(s.capaian)
        r[f"sasaran {s.id} · predikat"] = s.predikat or KOSONG
    r["total · capaian"] = format_persen(hasil.capaian_total)
    r["total · predikat"] = hasil.predikat_total or KOSONG
    return r


@dataclass(frozen=True)
class Beda:
    """One item of the report that differs: as approved (`lama`) and now (`baru`)."""

    label: str
    lama: str
    baru: str
    commit: str | None = None
    """The commit that gave the item its current value, when known."""

    def teks(self) -> str:
        """Return the difference for people: 'ik1 · capaian: 94,12 % → 95,00 %'."""
        return f"{self.label}: {_pendek(self.lama)} → {_pendek(self.baru)}"


def _pendek(teks: str, maks: int = 60) -> str:
    return teks if len(teks) <= maks else teks[: maks - 1] + "…"


def bandingkan(lama: Ringkasan, baru: Ringkasan) -> list[Beda]:
    """Return the items that differ between two versions, in the report's order."""
    urut = list(dict.fromkeys([*lama, *baru]))
    return [
        Beda(k, lama.get(k, KOSONG), baru.get(k, KOSONG))
        for k in urut
        if lama.get(k, KOSONG) != baru.get(k, KOSONG)
    ]
