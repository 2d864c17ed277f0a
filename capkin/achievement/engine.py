"""Compute a period's capaian: aggregate realisasi over quarters, compare, average, classify.

Decisions beyond design.md (documented here and in the notes next to each figure):

- An indicator has data for a quarter only when that quarter's own realisasi is reported
  (an entry with a `nilai`). Earlier quarters that are missing do not block it: `kumulatif`
  sums and `rata-rata` averages the quarters that were reported, and the notes list the
  missing ones; `terakhir` takes the quarter's own value. `tahunan` is as of TW4.
- When several units report one indicator, the penanggung jawab's entry wins.
- `kategori` indicators always take the latest value: summing levels has no meaning.
- `kumulatif` with `isian: sd-triwulan`: units report the running total, so R is the
  quarter's own reported value; the quarters' amounts are the differences between totals.
- Comparisons: `periode_lalu` is the previous quarter of the same year (none for TW1 —
  targets restart each year — and none for `tahunan`, whose comparison is `tahun_lalu`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from capkin.achievement.formulas import Capaian, TargetNilai, hitung_capaian, target_nilai
from capkin.achievement.numbers import bulat_atau_kosong, desimal, predikat, rata_rata
from capkin.achievement.periode import daftar_tahun, periode_dari
from capkin.achievement.results import (
    HasilIndikator,
    HasilPeriode,
    HasilSasaran,
    Pembanding,
    Status,
)
from capkin.achievement.serapan import pasang_anggaran
from capkin.dataset import Dataset, DataTahun
from capkin.errors import UsageError
from capkin.models.base import PERIODE_URUT, TAHUNAN, Periode
from capkin.models.instansi_model import Pengaturan
from capkin.models.perjanjian_kinerja_model import Agregasi, Indikator, Jenis, Sasaran
from capkin.models.realisasi_model import EntriRealisasi

SEMUA_PERIODE: tuple[Periode | str, ...] = (*Periode, TAHUNAN)
"""Every period a year is computed for, in order."""


@dataclass(frozen=True)
class _Lapor:
    unit: str
    entri: EntriRealisasi


@dataclass
class _IndeksTahun:
    """A year's indicators by id and realisasi entries by (indicator, quarter), built once."""

    indikator: dict[str, tuple[Sasaran, Indikator]] = field(default_factory=dict)
    lapor: dict[tuple[str, Periode], list[_Lapor]] = field(default_factory=dict)
    _nilai_periode: dict[tuple[str, Periode], tuple[tuple[Periode, Decimal | str], ...]] = field(
        default_factory=dict
    )
    """Reported values up to a quarter, as numbers, built once: a year's later periods
    show them again (`_Inti.nilai_periode`), with the same objects."""

    @classmethod
    def bangun(cls, data: DataTahun) -> _IndeksTahun:
        indeks = cls()
        if data.pk is not None:
            indeks.indikator = {i.id: (s, i) for s, i in data.pk.semua_indikator()}
        for periode, per_unit in data.realisasi.items():
            for unit, realisasi in per_unit.items():
                for entri in realisasi.realisasi:
                    indeks.lapor.setdefault((entri.indikator, periode), []).append(
                        _Lapor(unit, entri)
                    )
        return indeks

    def entri(self, ind: Indikator, periode: Periode) -> _Lapor | None:
        """Return the entry that counts: with a value first, the penanggung jawab's first."""
        calon = self.lapor.get((ind.id, periode), [])
        if len(calon) < 2:  # the usual case: one unit reports it, or none
            return calon[0] if calon else None
        return min(
            calon,
            key=lambda c: (c.entri.nilai is None, c.unit != ind.penanggung_jawab),
        )

    def nilai_periode(
        self, ind: Indikator, akhir: Periode
    ) -> tuple[tuple[Periode, Decimal | str], ...]:
        """Return the values of the entries that count (`entri`) of every quarter up to
        `akhir`, oldest first: numbers, or categories."""
        kunci = (ind.id, akhir)
        if kunci not in self._nilai_periode:
            sebelum = (
                () if akhir.nomor == 1 else self.nilai_periode(ind, PERIODE_URUT[akhir.nomor - 2])
            )
            lapor = self.entri(ind, akhir)
            if lapor is not None and lapor.entri.nilai is not None:
                sebelum = (*sebelum, (akhir, _nilai(lapor.entri.nilai)))
            self._nilai_periode[kunci] = sebelum
        return self._nilai_periode[kunci]


@dataclass(frozen=True)
class _Inti:
    """An indicator's figures for a period, before comparisons."""

    sasaran: Sasaran
    indikator: Indikator
    target: TargetNilai
    realisasi: Decimal | str | None
    capaian: Capaian
    lapor: _Lapor | None
    nilai_periode: tuple[tuple[Periode, Decimal | str], ...]

    @cached_property
    def capaian_bulat(self) -> Decimal | None:
        """Return the capaian rounded half up to 2 places (what people see), rounded once:
        the next quarter and the next year compare with it."""
        return bulat_atau_kosong(self.capaian.nilai)


def _nilai(x: int | float | str) -> Decimal | str:
    return x if isinstance(x, str) else desimal(x)


def _daftar(periode: list[Periode]) -> str:
    return ", ".join(p.value for p in periode)


def _realisasi(
    ind: Indikator, akhir: Periode, nilai: dict[Periode, Decimal | str]
) -> tuple[Decimal | str | None, list[str]]:
    """Aggregate the values reported for the quarters up to `akhir`; return R and its notes."""
    if akhir not in nilai:
        return None, [f"realisasi {akhir} belum disampaikan"]
    sd = list(PERIODE_URUT[: akhir.nomor])
    if ind.agregasi is Agregasi.TERAKHIR or ind.jenis is Jenis.KATEGORI:
        catatan = []
        if ind.agregasi is not Agregasi.TERAKHIR:
            catatan.append(
                f"agregasi {ind.agregasi} tidak berlaku untuk indikator kategori; "
                f"dipakai nilai {akhir}"
            )
        return nilai[akhir], catatan
    # `nilai` holds only the quarters up to `akhir`
    angka = [v for v in nilai.values() if isinstance(v, Decimal)]
    if len(angka) != len(nilai):
        return None, ["realisasi harus berupa angka untuk dijumlah atau dirata-rata"]
    hilang = [p for p in sd if p not in nilai]
    ada = [p for p in sd if p in nilai]
    catatan = []
    if ind.isian_sd:
        # the unit reported the running total: the latest one is R, whatever came before
        terakhir = nilai[akhir]
        assert isinstance(terakhir, Decimal)  # every value is a number (checked above)
        total: Decimal | None = terakhir
    elif ind.agregasi is Agregasi.KUMULATIF:
        total = sum(angka, Decimal(0))
        if hilang:
            catatan.append(
                f"realisasi {_daftar(hilang)} tidak dilaporkan; realisasi kumulatif hanya "
                f"menjumlahkan {_daftar(ada)}"
            )
    else:
        total = rata_rata(angka)
        if hilang:
            catatan.append(
                f"realisasi {_daftar(hilang)} tidak dilaporkan; rata-rata hanya dari {_daftar(ada)}"
            )
    return total, catatan


class Penghitung:
    """Compute periods of a dataset, indexing each year once and reusing earlier results."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.pengaturan = ds.instansi.pengaturan if ds.instansi else Pengaturan()
        self._indeks: dict[int, _IndeksTahun] = {}
        self._inti: dict[tuple[int, Periode | str, str], _Inti | None] = {}

    def indeks(self, tahun: int) -> _IndeksTahun | None:
        """Return the index of a year, None when the year has no data."""
        data = self.ds.tahun.get(tahun)
        if data is None:
            return None
        if tahun not in self._indeks:
            self._indeks[tahun] = _IndeksTahun.bangun(data)
        return self._indeks[tahun]

    def inti(self, tahun: int, periode: Periode | str, ind_id: str) -> _Inti | None:
        """Return an indicator's figures for a period (cached), None if it is not in that year."""
        periode = periode_dari(periode)
        kunci = (tahun, periode, ind_id)
        if kunci not in self._inti:
            self._inti[kunci] = self._hitung_inti(tahun, periode, ind_id)
        return self._inti[kunci]

    def _hitung_inti(self, tahun: int, periode: Periode | str, ind_id: str) -> _Inti | None:
        indeks = self.indeks(tahun)
        if indeks is None or ind_id not in indeks.indikator:
            return None
        sas, ind = indeks.indikator[ind_id]
        akhir = periode if isinstance(periode, Periode) else Periode.TW4
        catatan: list[str] = []
        target = ind.target
        if isinstance(periode, Periode):
            if ind.target_periode and periode in ind.target_periode:
                target = ind.target_periode[periode]
            else:
                catatan.append(f"target {periode} tidak ditetapkan; dipakai target tahunan")
        nilai_periode = indeks.nilai_periode(ind, akhir)
        nilai = dict(nilai_periode)
        lapor_akhir = indeks.entri(ind, akhir)
        if (
            lapor_akhir
            and lapor_akhir.entri.nilai is not None
            and lapor_akhir.unit != ind.penanggung_jawab
        ):
            catatan.append(
                f"realisasi {akhir} disampaikan oleh {lapor_akhir.unit}, bukan penanggung jawab "
                f"{ind.penanggung_jawab}"
            )
        realisasi, catatan_r = _realisasi(ind, akhir, nilai)
        catatan += catatan_r
        t = target_nilai(target)
        capaian = Capaian(None)
        if realisasi is not None:
            capaian = hitung_capaian(
                ind.jenis, ind.polaritas, t, realisasi, self.pengaturan, ind.skala
            )
        capaian = Capaian(capaian.nilai, (*catatan, *capaian.catatan))
        return _Inti(sas, ind, t, realisasi, capaian, lapor_akhir, nilai_periode)

    def _capaian_lain(self, tahun: int, periode: Periode | str, ind_id: str) -> Decimal | None:
        inti = self.inti(tahun, periode, ind_id)
        return None if inti is None else inti.capaian_bulat

    def _pembanding(self, tahun: int, periode: Periode | str, inti: _Inti) -> Pembanding:
        ind = inti.indikator
        lalu = None
        if isinstance(periode, Periode) and periode.nomor > 1:
            lalu = self._capaian_lain(tahun, Periode(f"TW{periode.nomor - 1}"), ind.id)
        renstra = None
        if ind.target_renstra is not None and inti.realisasi is not None:
            renstra = hitung_capaian(
                ind.jenis,
                ind.polaritas,
                target_nilai(ind.target_renstra.nilai),
                inti.realisasi,
                self.pengaturan,
                ind.skala,
            ).nilai
        return Pembanding(
            periode_lalu=lalu,
            tahun_lalu=self._capaian_lain(tahun - 1, periode, ind.id),
            renstra=bulat_atau_kosong(renstra),
        )

    def _indikator(self, tahun: int, periode: Periode | str, inti: _Inti) -> HasilIndikator:
        ind = inti.indikator
        capaian = inti.capaian_bulat
        # Status and predikat are decided on the rounded figure people see.
        if capaian is None:
            status = Status.BELUM_ADA_DATA
        elif capaian >= desimal(self.pengaturan.ambang_tercapai):
            status = Status.TERCAPAI
        else:
            status = Status.TIDAK_TERCAPAI
        entri = inti.lapor.entri if inti.lapor else None
        return HasilIndikator(
            id=ind.id,
            sasaran=inti.sasaran.id,
            uraian=ind.uraian,
            satuan=ind.satuan,
            jenis=ind.jenis,
            polaritas=ind.polaritas,
            agregasi=ind.agregasi,
            penanggung_jawab=ind.penanggung_jawab,
            target=inti.target,
            realisasi=inti.realisasi,
            capaian=capaian,
            capaian_mentah=inti.capaian.nilai,
            predikat=predikat(capaian, self.pengaturan.predikat),
            status=status,
            catatan=inti.capaian.catatan,
            pembanding=self._pembanding(tahun, periode, inti),
            unit=inti.lapor.unit if inti.lapor else None,
            hambatan=entri.hambatan if entri else None,
            strategi=entri.strategi if entri else None,
            tindak_lanjut=entri.tindak_lanjut if entri else None,
            bukti=entri.bukti if entri else (),
            nilai_periode=inti.nilai_periode,
        )

    def _sasaran(self, sas: Sasaran, hasil: list[HasilIndikator]) -> HasilSasaran:
        batas = self.pengaturan.batas_capaian_rata_rata
        nilai = [h.capaian_mentah for h in hasil if h.capaian_mentah is not None]
        if batas is not None:
            nilai = [min(x, desimal(batas)) for x in nilai]
        mentah = rata_rata(nilai)
        return HasilSasaran(
            id=sas.id,
            uraian=sas.uraian,
            capaian=bulat_atau_kosong(mentah),
            capaian_mentah=mentah,
            predikat=predikat(mentah, self.pengaturan.predikat),
            jumlah_indikator=len(hasil),
            tanpa_data=len(hasil) - len(nilai),
        )

    def hasil(self, tahun: int, periode: Periode | str) -> HasilPeriode:
        """Return every figure of a period; raise UsageError for a year or period not known."""
        periode = periode_dari(periode)
        data = self.ds.tahun.get(tahun)
        if data is None or data.pk is None:
            raise UsageError(
                f"tahun {tahun} tidak ada dalam data (tidak ada data/{tahun}/perjanjian-kinerja.yml); "
                f"tahun yang ada: {daftar_tahun(self.ds)}"
            )
        semua: list[HasilIndikator] = []
        daftar_sasaran: list[HasilSasaran] = []
        for sas in data.pk.sasaran:
            hasil = []
            for ind in sas.indikator:
                inti = self.inti(tahun, periode, ind.id)
                assert inti is not None  # the indicator is in this year's pk
                hasil.append(self._indikator(tahun, periode, inti))
            semua += hasil
            daftar_sasaran.append(self._sasaran(sas, hasil))
        total = rata_rata(s.capaian_mentah for s in daftar_sasaran if s.capaian_mentah is not None)
        periode_hasil = HasilPeriode(
            instansi=self.ds.instansi.nama if self.ds.instansi else "",
            tahun=tahun,
            periode=periode,
            indikator=tuple(semua),
            sasaran=tuple(daftar_sasaran),
            capaian_total=bulat_atau_kosong(total),
            predikat_total=predikat(total, self.pengaturan.predikat),
        )
        return pasang_anggaran(periode_hasil, data, self.pengaturan.metode_efisiensi)


def hitung(ds: Dataset, tahun: int, periode: Periode | str) -> HasilPeriode:
    """Compute every indicator, sasaran and the total of one period of a year."""
    return Penghitung(ds).hasil(tahun, periode)


def hitung_semua(ds: Dataset) -> dict[tuple[int, Periode | str], HasilPeriode]:
    """Compute every period (TW1–TW4 and tahunan) of every year that has a perjanjian kinerja."""
    penghitung = Penghitung(ds)
    return {
        (tahun, periode): penghitung.hasil(tahun, periode)
        for tahun in ds.tahun_terurut
        if ds.tahun[tahun].pk is not None
        for periode in SEMUA_PERIODE
    }
