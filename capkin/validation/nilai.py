"""Checks that realisasi values are plausible: bounds, percentages, running totals.

These catch the usual data-entry mistakes before they reach the report: a value outside
the indicator's `batas`, a percentage above 100, a negative count, a running total typed
where the quarter's own amount belongs (or a running total that goes down).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.layout import berkas_realisasi
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import Agregasi, Indikator, Jenis, Polaritas, Rentang
from capkin.validation.helpers import Letak

SATUAN_PERSEN = frozenset({"persen", "percent", "%", "persentase"})
"""Units (`satuan`) read as percentages, which lie between 0 and 100 unless `batas` says so."""


@dataclass(frozen=True)
class _Nilai:
    """A numeric realisasi value and where it stands."""

    berkas: str
    jalur: tuple[str | int, ...]
    unit: str
    nilai: Decimal

    @property
    def letak(self) -> Letak:
        """Return where the entry stands (its problems are at its key `nilai`)."""
        return Letak(self.berkas, self.jalur, f"{self.jalur[0]}[{self.jalur[1]}]")


def _angka(x: object) -> Decimal | None:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    return Decimal(str(x))


def _teks(x: Decimal) -> str:
    return format(x.normalize(), "f")


def _persen(ind: Indikator) -> bool:
    return ind.satuan.strip().lower() in SATUAN_PERSEN


def nilai_dalam_batas(ds: Dataset, ind: Indikator, n: _Nilai) -> Iterator[Masalah]:
    """Rule: a value lies within its indicator's `batas`; else (warning) a percentage within
    0–100 and any other number not negative."""
    nama = f"{n.letak.nama}.nilai"
    if ind.batas is not None:
        bawah, atas = _angka(ind.batas.min), _angka(ind.batas.maks)
        if (bawah is not None and n.nilai < bawah) or (atas is not None and n.nilai > atas):
            rentang = (
                f"{_teks(bawah) if bawah is not None else '…'} sampai "
                f"{_teks(atas) if atas is not None else '…'}"
            )
            yield n.letak.galat(
                ds,
                "nilai",
                "nilai-di-luar-batas",
                f"{nama}: {_teks(n.nilai)} di luar batas indikator '{ind.id}' ({rentang}, "
                "lihat batas di perjanjian kinerja); periksa angkanya, atau ubah batas bila "
                "nilai ini memang benar",
            )
        return
    if _persen(ind) and not Decimal(0) <= n.nilai <= Decimal(100):
        yield n.letak.peringatan(
            ds,
            "nilai",
            "nilai-tidak-wajar",
            f"{nama}: {_teks(n.nilai)} {ind.satuan} berada di luar 0–100; periksa angkanya "
            "(mis. 92.5, bukan 925), atau tetapkan batas: {min: ..., maks: ...} pada "
            f"indikator '{ind.id}' di perjanjian kinerja bila nilai ini memang mungkin",
        )
    elif n.nilai < 0:
        yield n.letak.peringatan(
            ds,
            "nilai",
            "nilai-tidak-wajar",
            f"{nama}: {_teks(n.nilai)} bernilai negatif; hapus tanda minus bila keliru, atau "
            f"tetapkan batas: {{min: ..., maks: ...}} pada indikator '{ind.id}' di perjanjian "
            "kinerja bila nilai negatif memang mungkin",
        )


def _target_angka(ind: Indikator, periode: Periode) -> Decimal | None:
    t = (ind.target_periode or {}).get(periode, ind.target)
    if isinstance(t, Rentang | str):
        return None
    return _angka(t)


def _urut(per_triwulan: dict[Periode, _Nilai]) -> list[tuple[Periode, _Nilai]]:
    """Return the quarters that have a value, in order."""
    return [(p, per_triwulan[p]) for p in Periode if p in per_triwulan]


def total_sd_tidak_turun(
    ds: Dataset, ind: Indikator, per_triwulan: dict[Periode, _Nilai]
) -> Iterator[Masalah]:
    """Rule: a kumulatif indicator filled in as running totals (sd-triwulan) never goes down."""
    lalu: tuple[Periode, _Nilai] | None = None
    for p, n in _urut(per_triwulan):
        if lalu is not None and n.nilai < lalu[1].nilai:
            yield n.letak.galat(
                ds,
                "nilai",
                "total-kumulatif-turun",
                f"{n.letak.nama}.nilai: total s.d. {p.value} ({_teks(n.nilai)}) "
                f"lebih kecil dari total s.d. {lalu[0].value} ({_teks(lalu[1].nilai)}) di "
                f"{lalu[1].berkas}; indikator '{ind.id}' diisi sd-triwulan, jadi isi TOTAL "
                "sejak awal tahun (tidak boleh turun), bukan jumlah triwulan ini saja",
            )
        lalu = (p, n)


def jumlah_triwulan_bukan_total(
    ds: Dataset, ind: Indikator, per_triwulan: dict[Periode, _Nilai]
) -> Iterator[Masalah]:
    """Rule (warning): a quarter's own amount of a kumulatif indicator is not a running total.

    A value near the target that, added to the quarters before, overshoots it by half is
    most likely the total since January typed where the quarter's amount belongs.
    """
    total = Decimal(0)
    lalu: Periode | None = None
    for p, n in _urut(per_triwulan):
        target = _target_angka(ind, p)
        if (
            total > 0
            and target is not None
            and target > 0
            and ind.polaritas is Polaritas.NAIK
            and n.nilai >= total
            and Decimal("0.8") <= n.nilai / target <= Decimal("1.2")
            and (total + n.nilai) / target > Decimal("1.5")
        ):
            yield n.letak.peringatan(
                ds,
                "nilai",
                "nilai-kumulatif-tampak-total",
                f"{n.letak.nama}.nilai: {_teks(n.nilai)} tampak seperti total "
                f"sejak awal tahun: realisasi s.d. {(lalu or p).value} sudah "
                f"{_teks(total)}, sehingga capkin menghitung {_teks(total + n.nilai)} "
                f"terhadap target s.d. {p.value} {_teks(target)}. Indikator '{ind.id}' "
                f"kumulatif: isi jumlah {p.value} saja (mis. "
                f"{_teks(max(n.nilai - total, Decimal(0)))}); bila unit melaporkan total, "
                "tulis isian: sd-triwulan pada indikator itu di perjanjian kinerja",
            )
        total += n.nilai
        lalu = p


def periksa_nilai(ds: Dataset) -> Iterator[Masalah]:
    """Check every numeric realisasi value against its indicator's plausible range."""
    for tahun, dt in sorted(ds.tahun.items()):
        if dt.pk is None:
            continue
        indeks = {i.id: i for _, i in dt.pk.semua_indikator()}
        # (indicator, quarter) -> the value that counts: the penanggung jawab's first
        dihitung: dict[tuple[str, Periode], _Nilai] = {}
        for periode, per_unit in sorted(dt.realisasi.items()):
            for unit, r in sorted(per_unit.items()):
                b = berkas_realisasi(tahun, periode, unit)
                for k, entri in enumerate(r.realisasi):
                    ind = indeks.get(entri.indikator)
                    x = _angka(entri.nilai)
                    if ind is None or x is None or ind.jenis is Jenis.KATEGORI:
                        continue
                    n = _Nilai(b, ("realisasi", k), unit, x)
                    yield from nilai_dalam_batas(ds, ind, n)
                    kunci = (ind.id, periode)
                    ada = dihitung.get(kunci)
                    if ada is None or (
                        ada.unit != ind.penanggung_jawab and unit == ind.penanggung_jawab
                    ):
                        dihitung[kunci] = n
        # grouped once: a scan of `dihitung` per indicator is quadratic at a regency's size
        per_indikator: dict[str, dict[Periode, _Nilai]] = {}
        for (iid, p), n in dihitung.items():
            per_indikator.setdefault(iid, {})[p] = n
        for ind in indeks.values():
            if ind.agregasi is Agregasi.KUMULATIF and ind.jenis is Jenis.ANGKA:
                per_triwulan = per_indikator.get(ind.id, {})
                if ind.isian_sd:
                    yield from total_sd_tidak_turun(ds, ind, per_triwulan)
                else:
                    yield from jumlah_triwulan_bukan_total(ds, ind, per_triwulan)


def _jalur_teks(jalur: tuple[str | int, ...]) -> str:
    teks = ""
    for bagian in jalur:
        teks += f"[{bagian}]" if isinstance(bagian, int) else ("." if teks else "") + str(bagian)
    return teks


def _desimal_jelas(teks: str) -> str:
    """Return `1.250` as 1.25, or `1.234` as 1.2340: a decimal no one reads as thousands."""
    bulat, pecahan = teks.split(".")
    pecahan = pecahan.rstrip("0")
    if not pecahan:
        return bulat
    return f"{bulat}.{pecahan}" if len(pecahan) < 3 else f"{bulat}.{pecahan}0"


def periksa_angka_ganda(ds: Dataset) -> Iterator[Masalah]:
    """Warn about numbers written like `1.250`: YAML reads 1,25, a reader may mean 1250."""
    for berkas, dok in sorted(ds.dokumen.items()):
        for jalur, teks in dok.angka_ragu.items():
            nama = _jalur_teks(jalur)
            ribuan = teks.replace(".", "")
            desimal = _desimal_jelas(teks)
            dibaca = desimal.rstrip("0").rstrip(".").replace(".", ",")
            yield ds.peringatan(
                berkas,
                jalur,
                "angka-bermakna-ganda",
                f"{nama}: {teks} bermakna ganda dan dibaca sebagai {dibaca} (titik = tanda "
                f"desimal); bila maksudnya {ribuan}, tulis {ribuan} tanpa titik ribuan; bila "
                f"maksudnya {dibaca}, tulis {desimal}",
            )
