"""Everything the site is made from, computed once: results, history, cycle status."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from capkin.achievement import (
    HasilIndikator,
    HasilPeriode,
    KunciPeriode,
    Penghitung,
    periode_berdata,
)
from capkin.achievement.serapan import pasang_anggaran
from capkin.dataset import Dataset
from capkin.history import EntriRiwayat, Verifikasi
from capkin.models.base import TAHUNAN, Periode
from capkin.models.instansi_model import Instansi
from capkin.models.perjanjian_kinerja_model import Indikator
from capkin.models.sop_model import Sop
from capkin.render.approved_versions import TerbitSah, versi_terbit

Progres = Callable[[str], None]
"""Receives one line per build stage (the CLI prints it; the library never prints)."""


def diam(_: str) -> None:
    """Ignore a progress line."""


@dataclass(frozen=True)
class BarisIndikator:
    """One indicator in one period of one year (a row of the indicator page)."""

    tahun: int
    periode: str
    hasil: HasilIndikator


@dataclass
class DataSitus:
    """The computed material of a site; templates get views of it."""

    ds: Dataset
    hasil: dict[KunciPeriode, HasilPeriode]
    tanggal: date
    repo_url: str | None = None
    riwayat: list[EntriRiwayat] = field(default_factory=list)
    verifikasi: dict[tuple[int, str, int], Verifikasi] = field(default_factory=dict)
    terbit: TerbitSah = field(default_factory=lambda: TerbitSah({}, {}, {}))
    """Approved versions: `hasil` holds the published (approved) figures, this the rest."""

    @property
    def instansi(self) -> Instansi:
        """Return the office (a valid dataset has one)."""
        assert self.ds.instansi is not None
        return self.ds.instansi

    @property
    def sop(self) -> Sop | None:
        """Return the office's SOP (its steps and working days), None if it has none."""
        return self.ds.sop

    @property
    def periode(self) -> list[KunciPeriode]:
        """Return every (tahun, periode) with pages, oldest first."""
        return list(self.hasil)

    @property
    def tahun(self) -> list[int]:
        """Return the years with a perjanjian kinerja, oldest first."""
        return [t for t in self.ds.tahun_terurut if self.ds.tahun[t].pk is not None]

    def periode_tahun(self, tahun: int) -> list[str]:
        """Return the periods with pages of a year."""
        return [p for (t, p) in self.hasil if t == tahun]

    def terakhir(self) -> KunciPeriode | None:
        """Return the latest quarter with data (never `tahunan`), None if there is none."""
        kuartal = [k for k in self.hasil if k[1] != TAHUNAN]
        return kuartal[-1] if kuartal else None

    def indikator(self) -> dict[str, list[tuple[int, Indikator]]]:
        """Return every indicator id with its definition in each year (oldest first)."""
        hasil: dict[str, list[tuple[int, Indikator]]] = defaultdict(list)
        for t in self.tahun:
            pk = self.ds.tahun[t].pk
            assert pk is not None
            for _, ind in pk.semua_indikator():
                hasil[ind.id].append((t, ind))
        return dict(hasil)

    def baris_indikator(self) -> dict[str, list[BarisIndikator]]:
        """Return, per indicator id, its figures in every period with data (oldest first)."""
        hasil: dict[str, list[BarisIndikator]] = defaultdict(list)
        for (t, p), hp in self.hasil.items():
            for hi in hp.indikator:
                hasil[hi.id].append(BarisIndikator(t, p, hi))
        return dict(hasil)

    def nama_unit(self, unit_id: str | None) -> str:
        """Return a unit's name, or its id when unknown."""
        if unit_id is None:
            return "–"
        unit = self.instansi.cari_unit(unit_id)
        return unit.nama if unit else unit_id

    def nama_pejabat(self, pejabat_id: str | None) -> str:
        """Return an official's name, or the id when unknown."""
        if pejabat_id is None:
            return "–"
        p = self.instansi.cari_pejabat(pejabat_id)
        return p.nama if p else pejabat_id

    def nama_jabatan(self, pejabat_id: str | None, lain: str) -> str:
        """Return an official's name with post ("Nama (Jabatan)"), or `lain` when unknown."""
        p = self.instansi.cari_pejabat(pejabat_id) if pejabat_id else None
        return f"{p.nama} ({p.jabatan or p.peran})" if p else lain


def periode_halaman(ds: Dataset, tahun: int) -> list[str]:
    """Return the periods of a year that get pages: quarters with data, tahunan after TW4."""
    kuartal = [str(p) for p in periode_berdata(ds, tahun)]
    return kuartal + ([TAHUNAN] if Periode.TW4 in kuartal else [])


def hitung_situs(ds: Dataset) -> dict[KunciPeriode, HasilPeriode]:
    """Compute every period that gets pages, oldest first."""
    penghitung = Penghitung(ds)
    hasil: dict[KunciPeriode, HasilPeriode] = {}
    for t in ds.tahun_terurut:
        if ds.tahun[t].pk is None:
            continue
        for p in periode_halaman(ds, t):
            hasil[(t, p)] = penghitung.hasil(t, p)
    return hasil


def kumpulkan(
    ds: Dataset,
    *,
    tanggal: date,
    repo_url: str | None = None,
    progres: Progres = diam,
) -> DataSitus:
    """Compute every figure and read the history the site shows."""
    assert ds.instansi is not None  # a valid dataset has one
    progres("Menghitung capaian…")
    hasil = hitung_situs(ds)
    progres("Membaca riwayat git…")
    from capkin.history import baca_riwayat, verifikasi_langkah

    riwayat = baca_riwayat(ds.root, instansi=ds.instansi, progres=progres)
    # every signed step verified once: the pages show it, the approvals are decided by it
    diverifikasi = verifikasi_langkah(ds, ds.root, riwayat)
    terbit = versi_terbit(ds, ds.root, riwayat, hasil, diverifikasi)
    # approved versions carry capaian as approved; budget figures are today's (SIPD)
    for (t, p), h in hasil.items():
        hasil[(t, p)] = pasang_anggaran(h, ds.tahun[t], ds.instansi.pengaturan.metode_efisiensi)
    return DataSitus(
        ds=ds,
        hasil=hasil,
        tanggal=tanggal,
        repo_url=repo_url,
        riwayat=riwayat,
        verifikasi={(t, str(p), no): v for (t, p, no), v in diverifikasi.items()},
        terbit=terbit,
    )
