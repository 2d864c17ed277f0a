"""Small helpers shared by the checks."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.models.base import Periode
from capkin.yamlio import Jalur

KODE_RUJUKAN = "rujukan-tidak-dikenal"
"""The code of every reference to an id that does not exist."""


@dataclass(frozen=True)
class Letak:
    """Where an item of a data file stands: the file, its path there, its name in messages."""

    berkas: str
    jalur: Jalur
    nama: str

    def _di(self, kunci: str | Jalur) -> Jalur:
        return (*self.jalur, kunci) if isinstance(kunci, str) else (*self.jalur, *kunci)

    def galat(self, ds: Dataset, kunci: str | Jalur, kode: str, pesan: str) -> Masalah:
        """Return the error at `kunci` (a key, or a path) of the item."""
        return ds.galat(self.berkas, self._di(kunci), kode, pesan)

    def peringatan(self, ds: Dataset, kunci: str | Jalur, kode: str, pesan: str) -> Masalah:
        """Return the warning at `kunci` (a key, or a path) of the item."""
        return ds.peringatan(self.berkas, self._di(kunci), kode, pesan)


def pejabat_tidak_dikenal(ds: Dataset, berkas: str, jalur: Jalur, label: str, pid: str) -> Masalah:
    """Return the error for a reference to an official not in data/instansi.yml."""
    return ds.galat(
        berkas,
        jalur,
        KODE_RUJUKAN,
        f"{label}: pejabat '{pid}' tidak ada di data/instansi.yml; tulis id pejabat yang terdaftar",
    )


def periode_beda_nama_berkas(
    ds: Dataset, berkas: str, tertulis: Periode, periode: Periode
) -> Masalah:
    """Return the error for a period file whose `periode:` differs from its file name."""
    return ds.galat(
        berkas,
        ("periode",),
        "periode-tidak-cocok",
        f"periode: '{tertulis}' tidak sama dengan nama berkas {periode}.yml; samakan keduanya",
    )


def unit_tidak_dikenal(
    ds: Dataset,
    berkas: str,
    jalur: Jalur,
    label: str | None,
    unit: str,
    unit_ids: Iterable[str],
    tempat: str = "data/instansi.yml",
) -> Masalah:
    """Return the error for a reference to a unit that does not exist, listing those that do."""
    awal = f"{label}: " if label else ""
    return ds.galat(
        berkas,
        jalur,
        KODE_RUJUKAN,
        f"{awal}unit '{unit}' tidak ada di {tempat}; pilih salah satu dari: "
        f"{', '.join(sorted(unit_ids))}",
    )


def tidak_dikenal(
    ds: Dataset,
    berkas: str,
    jalur: Jalur,
    ids: Iterable[str],
    dikenal: Collection[str],
    kode: str,
    pesan: Callable[[int, str], str],
) -> Iterator[Masalah]:
    """Yield the error for each id of the list at `jalur` that is none of `dikenal`.

    `pesan(k, id)` says which entry is wrong and how to fix it, up to the list of the ids
    that exist, which follows it.
    """
    for k, x in enumerate(ids):
        if x not in dikenal:
            daftar = ", ".join(sorted(dikenal))
            yield ds.galat(berkas, (*jalur, k), kode, f"{pesan(k, x)}: {daftar}")


def ganda(nilai: list[str]) -> Iterator[tuple[int, str, int]]:
    """Yield (index, value, first index) for each repeated value."""
    pertama: dict[str, int] = {}
    for i, v in enumerate(nilai):
        if v in pertama:
            yield i, v, pertama[v]
        else:
            pertama[v] = i


def saran_angka(kunci: str, nilai: object) -> str:
    """Return how to write a value that must be a number, in Bahasa Indonesia.

    A number in quotes ("92.5") is text in YAML: the fix is to drop the quotes, not to
    change the decimal mark the user already wrote correctly.
    """
    if isinstance(nilai, str):
        teks = nilai.strip()
        try:
            float(teks)
        except ValueError:
            pass
        else:
            return f"hapus tanda kutip agar terbaca sebagai angka: {kunci}: {teks}"
        koma = teks.replace(".", "").replace(",", ".", 1)
        if "," in teks and koma.replace(".", "", 1).lstrip("+-").isdigit():
            return (
                f"tulis angka dengan titik desimal, tanpa titik ribuan dan tanpa tanda kutip: "
                f"{kunci}: {koma}"
            )
    return f"tulis angka dengan titik desimal, mis. {kunci}: 83.5"
