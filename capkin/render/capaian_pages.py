"""Typed contexts of the Beranda, Capaian and Indikator pages (data only, no markup)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from capkin.achievement import HasilIndikator, HasilPeriode, Status, format_persen
from capkin.charts import SpekGrafik, grafik_seri
from capkin.cycle import StatusLangkah, StatusSiklus, status_siklus
from capkin.history import EntriRiwayat
from capkin.layout import svg_indikator
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import Agregasi, Indikator, Polaritas, Rentang
from capkin.render.env import KonteksPeriode, judul_periode, label_periode
from capkin.render.riwayat_page import EntriTampil
from capkin.render.site_data import BarisIndikator, DataSitus

POLARITAS = {
    Polaritas.NAIK: "makin tinggi realisasi, makin baik",
    Polaritas.TURUN: "makin rendah realisasi, makin baik",
    Polaritas.RENTANG: "baik bila realisasi berada di dalam rentang target",
}
AGREGASI = {
    Agregasi.KUMULATIF: "kumulatif: realisasi triwulan dijumlahkan sampai periode itu",
    Agregasi.TERAKHIR: "nilai terakhir: realisasi triwulan terakhir yang dilaporkan",
    Agregasi.RATA_RATA: "rata-rata: rata-rata realisasi triwulan sampai periode itu",
}


@dataclass(frozen=True)
class LaporUnit:
    """Whether a unit responsible for indicators has reported for the period."""

    nama: str
    jumlah: int
    terisi: int

    @property
    def sudah(self) -> bool:
        """Return whether every indicator of the unit has a value."""
        return self.terisi >= self.jumlah


@dataclass(frozen=True)
class KonteksBeranda:
    """The latest period at a glance."""

    tahun: int | None
    periode: str | None
    hasil: HasilPeriode | None
    jumlah_status: dict[str, int]
    unit: tuple[LaporUnit, ...]
    siklus: StatusSiklus | None
    grafik: SpekGrafik | None
    perubahan_terakhir: EntriRiwayat | None

    @property
    def judul_periode(self) -> str:
        """Return the period in words."""
        if self.tahun is None or self.periode is None:
            return "–"
        return judul_periode(self.tahun, self.periode)

    @property
    def langkah_kini(self) -> StatusLangkah | None:
        """Return the first step not yet signed off (None when the cycle is complete)."""
        if self.siklus is None:
            return None
        return next((s for s in self.siklus.langkah if s.status != "selesai"), None)

    @property
    def terlambat(self) -> list[StatusLangkah]:
        """Return the late steps of the cycle."""
        if self.siklus is None:
            return []
        return [s for s in self.siklus.langkah if s.status == "terlambat" or s.tepat_waktu is False]


def grafik_sasaran(hasil: HasilPeriode) -> SpekGrafik | None:
    """Describe a bar chart of each sasaran's capaian in a period."""
    label = [s.id for s in hasil.sasaran]
    judul = f"Capaian per sasaran, {judul_periode(hasil.tahun, str(hasil.periode))}"
    teks = "; ".join(
        f"{s.id}: {'tidak ada data' if s.capaian is None else format_persen(s.capaian)}"
        for s in hasil.sasaran
    )
    return grafik_seri(
        judul,
        f"Diagram batang capaian (%) tiap sasaran. {teks}.",
        label,
        {"Capaian (%)": [None if s.capaian is None else float(s.capaian) for s in hasil.sasaran]},
        "Capaian (%)",
        jenis="batang",
        acuan=100,
    )


def unit_lapor(s: DataSitus, tahun: int, periode: Periode) -> tuple[LaporUnit, ...]:
    """Return, per responsible unit, how many of its indicators have a value this period."""
    data = s.ds.tahun[tahun]
    assert data.pk is not None
    isi = {
        e.indikator
        for r in data.realisasi.get(periode, {}).values()
        for e in r.realisasi
        if e.nilai is not None
    }
    jumlah: Counter[str] = Counter()
    terisi: Counter[str] = Counter()
    for _, ind in data.pk.semua_indikator():
        jumlah[ind.penanggung_jawab] += 1
        terisi[ind.penanggung_jawab] += ind.id in isi
    urutan = [u.id for u in s.instansi.unit if u.id in jumlah]
    urutan += sorted(set(jumlah) - set(urutan))
    return tuple(LaporUnit(s.nama_unit(u), jumlah[u], terisi[u]) for u in urutan)


def konteks_beranda(s: DataSitus) -> KonteksBeranda:
    """Build the Beranda's context from the latest quarter with data."""
    kunci = s.terakhir()
    entri = s.riwayat[0] if s.riwayat else None
    if kunci is None:
        return KonteksBeranda(None, None, None, {}, (), None, None, entri)
    tahun, periode = kunci
    hasil = s.hasil[kunci]
    jumlah = Counter(i.status.value for i in hasil.indikator)
    siklus = status_siklus(s.ds, tahun, Periode(periode), s.tanggal) if s.sop else None
    return KonteksBeranda(
        tahun,
        periode,
        hasil,
        {st.value: jumlah.get(st.value, 0) for st in Status},
        unit_lapor(s, tahun, Periode(periode)),
        siklus,
        grafik_sasaran(hasil),
        entri,
    )


@dataclass(frozen=True)
class KonteksCapaian(KonteksPeriode):
    """The full capaian table of one period."""

    tahun: int
    periode: str
    hasil: HasilPeriode
    grafik: SpekGrafik | None


def _angka(x: Any) -> float | None:
    if x is None or isinstance(x, str | Rentang):
        return None
    return float(x)


@dataclass(frozen=True)
class KonteksIndikator:
    """One indicator across years: definition, figures per period, chart, history."""

    id: str
    definisi: Indikator
    tahun_definisi: int
    sasaran: str
    unit: str
    polaritas: str
    agregasi: str
    baris: tuple[BarisIndikator, ...]
    grafik: SpekGrafik | None
    riwayat: tuple[EntriTampil, ...]

    @property
    def berkas_grafik(self) -> str:
        """Return the docs-relative path of the chart's SVG file."""
        return svg_indikator(self.id)

    @property
    def dengan_catatan(self) -> list[BarisIndikator]:
        """Return the periods with hambatan, strategi, tindak lanjut or bukti."""
        return [
            b
            for b in self.baris
            if b.hasil.hambatan or b.hasil.strategi or b.hasil.tindak_lanjut or b.hasil.bukti
        ]


def grafik_indikator(id_: str, uraian: str, baris: list[BarisIndikator]) -> SpekGrafik | None:
    """Describe the chart of target vs. realisasi (or capaian) per period across years."""
    label = [label_periode(b.tahun, b.periode) for b in baris]
    hasil: list[HasilIndikator] = [b.hasil for b in baris]
    seri: dict[str, list[float | None]]
    if any(isinstance(h.target, Rentang) for h in hasil):
        seri = {
            "Batas bawah target": [
                h.target.min if isinstance(h.target, Rentang) else None for h in hasil
            ],
            "Batas atas target": [
                h.target.maks if isinstance(h.target, Rentang) else None for h in hasil
            ],
            "Realisasi": [_angka(h.realisasi) for h in hasil],
        }
        sumbu = "Nilai"
    elif any(isinstance(h.target, str) or isinstance(h.realisasi, str) for h in hasil):
        seri = {"Capaian (%)": [_angka(h.capaian) for h in hasil]}
        sumbu = "Capaian (%)"
    else:
        seri = {
            "Target": [_angka(h.target) for h in hasil],
            "Realisasi": [_angka(h.realisasi) for h in hasil],
        }
        sumbu = "Nilai"
    judul = f"{id_}: {' dan '.join(seri)} per periode"
    deskripsi = f"Diagram garis {uraian}: {', '.join(seri)} per periode; angka ada di tabel."
    acuan = 100.0 if sumbu == "Capaian (%)" else None
    return grafik_seri(judul, deskripsi, label, seri, sumbu, acuan=acuan)


def konteks_indikator(
    s: DataSitus,
    id_: str,
    definisi: list[tuple[int, Indikator]],
    baris: list[BarisIndikator],
    riwayat: list[EntriTampil],
    sasaran: str | None = None,
) -> KonteksIndikator:
    """Build an indicator page's context (the latest year's definition is shown); `sasaran`,
    the uraian of its sasaran that year, is looked up when not given."""
    tahun, ind = definisi[-1]
    if sasaran is None:
        pk = s.ds.tahun[tahun].pk
        assert pk is not None
        sasaran = next(sas.uraian for sas, i in pk.semua_indikator() if i.id == id_)
    return KonteksIndikator(
        id=id_,
        definisi=ind,
        tahun_definisi=tahun,
        sasaran=sasaran,
        unit=s.nama_unit(ind.penanggung_jawab),
        polaritas=POLARITAS[ind.polaritas],
        agregasi=AGREGASI[ind.agregasi],
        baris=tuple(baris),
        grafik=grafik_indikator(id_, ind.uraian, baris),
        riwayat=tuple(riwayat),
    )
