"""The LKjIP under construction: its data, each quarter's approval and the block helpers.

Each part of the report (`content`, `akuntabilitas`) adds its blocks through a `Penyusun`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from capkin.achievement import HasilIndikator, HasilPeriode, KunciPeriode, Penghitung
from capkin.achievement.numbers import KOSONG
from capkin.dataset import Dataset
from capkin.errors import Masalah, UsageError
from capkin.layout import NARASI_LKJIP
from capkin.lkjip.blocks import Blok, Judul, Tabel, teks
from capkin.lkjip.narasi import Narasi, baca_narasi
from capkin.models.base import TAHUNAN, Periode
from capkin.models.perjanjian_kinerja_model import PerjanjianKinerja


@dataclass(frozen=True)
class StatusPeriode:
    """Whether a quarter's report of the year is approved."""

    periode: Periode
    tanggal: date | None = None
    """The date of its latest approval, None while it is not approved."""
    oleh: str | None = None

    @property
    def disetujui(self) -> bool:
        """Return whether the quarter's report is approved."""
        return self.tanggal is not None


def status_persetujuan(ds: Dataset, tahun: int) -> tuple[StatusPeriode, ...]:
    """Return each quarter's approval: the approval step (or a revisi) signed.

    The one place the LKjIP asks whether a period is approved; it follows
    `capkin.pengesahan.periksa_pengesahan` (step 6 of 08/SOP/2023, or a later `revisi`,
    when its sign-off counts).
    """
    from capkin.pengesahan import periksa_pengesahan

    disahkan = {p.periode: p.terakhir for p in periksa_pengesahan(ds, ds.root) if p.tahun == tahun}
    hasil = []
    for p in Periode:
        terakhir = disahkan.get(p)
        if terakhir is not None:
            hasil.append(StatusPeriode(p, terakhir.tanggal, terakhir.oleh))
        else:
            hasil.append(StatusPeriode(p))
    return tuple(hasil)


class Penyusun:
    """The report being built for one year: the data, the figures, and the blocks so far."""

    def __init__(
        self,
        ds: Dataset,
        root: Path,
        tahun: int,
        hasil: Mapping[KunciPeriode, HasilPeriode],
    ) -> None:
        data = ds.tahun.get(tahun)
        if data is None or data.pk is None:
            raise UsageError(
                f"tahun {tahun} tidak memiliki data/{tahun}/perjanjian-kinerja.yml; LKjIP "
                "disusun dari perjanjian kinerja dan realisasi tahun itu"
            )
        assert ds.instansi is not None  # a valid tree has one
        self.ds, self.root, self.tahun = ds, root, tahun
        self.pk: PerjanjianKinerja = data.pk
        self.instansi = ds.instansi
        self.penghitung = Penghitung(ds)
        self.terbit = hasil
        self.hasil: HasilPeriode = self.tahunan(tahun)
        self.status = status_persetujuan(ds, tahun)
        self.masalah: list[Masalah] = []
        self.narasi: dict[str, Narasi] = {}
        for nama in NARASI_LKJIP:
            n, m = baca_narasi(root, tahun, nama)
            self.narasi[nama] = n
            self.masalah += m
        self.blok: list[Blok] = []
        self._per_tahun: list[tuple[int, dict[str, HasilIndikator]]] | None = None
        self._catatan: dict[str, list[tuple[Periode, str, str, str]]] | None = None

    # --- helpers -------------------------------------------------------------------------

    def tahunan(self, tahun: int) -> HasilPeriode:
        """Return a year's annual figures: as published (approved) when given, else computed."""
        return self.terbit.get((tahun, TAHUNAN)) or self.penghitung.hasil(tahun, TAHUNAN)

    def judul(self, level: int, isi: str, id_: str = "") -> None:
        self.blok.append(Judul(level, isi, id_))

    def p(self, isi: str, kelas: str = "") -> None:
        self.blok.append(teks(isi, kelas=kelas))

    def tabel(
        self, judul: str, kepala: tuple[str, ...], baris: Sequence[tuple[str, ...]], angka: str = ""
    ) -> None:
        self.blok.append(Tabel(judul, kepala, tuple(baris), tuple(c == "a" for c in angka)))

    def tabel_atau(
        self,
        kosong: str,
        judul: str,
        kepala: tuple[str, ...],
        baris: Sequence[tuple[str, ...]],
        angka: str = "",
    ) -> None:
        """Add a table, or the sentence `kosong` when it has no rows."""
        if baris:
            self.tabel(judul, kepala, baris, angka)
        else:
            self.p(kosong)

    def nama_pejabat(self, pid: str | None) -> str:
        pj = self.instansi.cari_pejabat(pid) if pid else None
        if pj is None:
            return pid or KOSONG
        return f"{pj.nama} ({pj.jabatan or pj.peran})"

    @property
    def tahun_label(self) -> str:
        return f"Tahun {self.tahun}"
