"""Budget absorption (serapan) and efficiency per program and per sasaran (design.md, "Anggaran").

Decisions beyond design.md (also in README, "Anggaran dan efisiensi"):

- A quarter's realisasi of a program is the figure of that quarter's anggaran file (to date);
  the year (`tahunan`) uses TW4's. A quarter without an anggaran file has no budget data.
- The plan to date (`rencana`) is the quarter's `anggaran_kas`, else the pagu; for the year
  it is the pagu. Serapan = realisasi ÷ rencana × 100.
- A sasaran takes each of its programs' share: `porsi` when given, else an even split over the
  program's `sasaran`. Its pagu, rencana and realisasi are the sums of those shares; its
  realisasi is known only when every one of its programs has one for the period.
- `indeks`: efisiensi = capaian sasaran ÷ serapan (both in percent), efisien when ≥ 1.
  `sisa`: efisiensi = (1 − realisasi ÷ rencana) × 100, in percent (for the year the
  rencana is the pagu, exactly design.md's 1 − realisasi ÷ pagu), counted only when the
  sasaran's capaian is ≥ 100; efisien when it is > 0 (budget left while the target is met).
  Both are decided on the figure rounded half up to 2 places, as people see it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from capkin.achievement.numbers import SERATUS, angka_json, bulat, desimal
from capkin.models.anggaran_model import Anggaran
from capkin.models.base import Periode
from capkin.models.instansi_model import MetodeEfisiensi
from capkin.models.perjanjian_kinerja_model import Program

if TYPE_CHECKING:
    from capkin.achievement.results import HasilPeriode
    from capkin.dataset import DataTahun


@dataclass(frozen=True)
class AngkaAnggaran:
    """Budget figures for one period: pagu, plan to date, realisasi, and the serapan of them."""

    pagu: Decimal | None
    rencana: Decimal | None
    realisasi: Decimal | None

    @property
    def serapan(self) -> Decimal | None:
        """Return realisasi ÷ rencana × 100, None without both or with a rencana of 0."""
        if self.realisasi is None or self.rencana is None or self.rencana <= 0:
            return None
        return self.realisasi / self.rencana * SERATUS

    def json_anggaran(self) -> dict[str, Any]:
        """Return the figures as in `capkin compute --format json`."""
        return {
            "pagu": _rupiah_json(self.pagu),
            "rencana": _rupiah_json(self.rencana),
            "realisasi": _rupiah_json(self.realisasi),
            "serapan": angka_json(self.serapan),
        }


@dataclass(frozen=True)
class AnggaranProgram(AngkaAnggaran):
    """A program's budget figures for one period."""

    program: Program
    catatan: tuple[str, ...] = ()
    sebab: str | None = None
    """Why `realisasi` is None (the period's anggaran file missing, the program not in it, or
    its `nilai` empty), as people read it."""
    tanpa_berkas: bool = False
    """The period's anggaran file is missing (so `sebab` is the same for every program)."""

    @property
    def kunci(self) -> str:
        """Return how anggaran files name the program."""
        return self.program.kunci

    @property
    def kode(self) -> str | None:
        """Return the program's kode nomenklatur."""
        return self.program.kode

    @property
    def uraian(self) -> str:
        """Return the program's name."""
        return self.program.uraian

    @property
    def sasaran(self) -> tuple[str, ...]:
        """Return the ids of the sasaran the program supports."""
        return self.program.sasaran

    def as_json(self) -> dict[str, Any]:
        """Return the program as in `capkin compute --format json`."""
        return {
            "kode": self.kode,
            "uraian": self.uraian,
            "sasaran": list(self.sasaran),
            **self.json_anggaran(),
        }


@dataclass(frozen=True)
class AnggaranSasaran(AngkaAnggaran):
    """A sasaran's share of its programs' budget, serapan and efficiency for one period."""

    efisiensi: Decimal | None
    efisien: bool | None
    metode: MetodeEfisiensi
    program: tuple[str, ...]
    catatan: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Return the `anggaran` object of a sasaran in `capkin compute --format json`."""
        return {
            **self.json_anggaran(),
            "efisiensi": angka_json(self.efisiensi),
            "efisien": self.efisien,
            "metode": self.metode.value,
        }


def _rupiah_json(x: Decimal | None) -> float | None:
    """Return an amount in rupiah for JSON, rounded half up to whole rupiah (shares split)."""
    return None if x is None else float(bulat(x, 0))


def _sebab_tanpa_berkas(
    anggaran: dict[Periode, Anggaran], akhir: Periode, nama: str, tahunan: bool
) -> str:
    """Say that a period's anggaran file is missing, and which quarters are recorded."""
    ada = ", ".join(p.value for p in sorted(anggaran))
    if tahunan:
        teks = f"realisasi anggaran tahunan diambil dari berkas {akhir} ({nama}), yang belum ada"
    else:
        teks = f"berkas realisasi anggaran {akhir} ({nama}) belum ada"
    if ada:
        teks += f" (berkas anggaran yang sudah ada: {ada})"
    return f"{teks}; buat dengan capkin new anggaran --periode {akhir}"


def program_periode(
    program: tuple[Program, ...],
    anggaran: dict[Periode, Anggaran],
    periode: Periode | str,
    tahun: int | None = None,
) -> tuple[AnggaranProgram, ...]:
    """Return every program's pagu, plan to date, realisasi and serapan for a period."""
    from capkin.layout import berkas_anggaran

    akhir = periode if isinstance(periode, Periode) else Periode.TW4
    berkas = anggaran.get(akhir)
    nama = berkas_anggaran(tahun if tahun is not None else "<tahun>", akhir)
    realisasi = {
        e.program: desimal(e.nilai)
        for e in (berkas.realisasi if berkas else ())
        if e.nilai is not None
    }
    tercantum = {e.program for e in (berkas.realisasi if berkas else ())}
    hasil: list[AnggaranProgram] = []
    for p in program:
        catatan: list[str] = []
        pagu = None if p.anggaran is None else desimal(p.anggaran)
        rencana = pagu
        if isinstance(periode, Periode):
            kas = (p.anggaran_kas or {}).get(periode)
            if kas is not None:
                rencana = desimal(kas)
            elif pagu is not None:
                catatan.append(f"anggaran kas {periode} tidak ditetapkan; dipakai pagu")
        r = realisasi.get(p.kunci)
        sebab = None
        if berkas is None:
            sebab = _sebab_tanpa_berkas(anggaran, akhir, nama, akhir is not periode)
        elif r is None and p.kunci in tercantum:
            sebab = f"nilai program ini di {nama} masih kosong"
        elif r is None:
            sebab = f"program ini belum tercantum di {nama}"
        if sebab is not None:
            catatan.append(sebab)
        if r is not None and rencana is not None and rencana <= 0:
            catatan.append("rencana anggaran 0: serapan tidak dapat dihitung")
        hasil.append(
            AnggaranProgram(
                program=p,
                pagu=pagu,
                rencana=rencana,
                realisasi=r,
                catatan=tuple(catatan),
                sebab=sebab,
                tanpa_berkas=berkas is None,
            )
        )
    return tuple(hasil)


def porsi(p: Program, sasaran_id: str) -> Decimal:
    """Return a program's share for a sasaran: its porsi, else an even split, 0 if not served."""
    if sasaran_id not in p.sasaran:
        return Decimal(0)
    if p.porsi is not None and sasaran_id in p.porsi:
        return desimal(p.porsi[sasaran_id])
    return Decimal(1) / len(p.sasaran)


class Efisiensi(NamedTuple):
    """An efficiency verdict: the figure, whether it counts as efficient, why it is missing."""

    nilai: Decimal | None
    efisien: bool | None
    alasan: str | None = None


def efisiensi(
    metode: MetodeEfisiensi, capaian: Decimal | None, serapan: Decimal | None
) -> Efisiensi:
    """Return the efficiency verdict of a capaian and a serapan in percent."""
    if capaian is None:
        return Efisiensi(None, None, "capaian sasaran belum ada: efisiensi belum dapat dihitung")
    if serapan is None:
        return Efisiensi(None, None, "tanpa serapan anggaran, efisiensi belum dapat dihitung")
    if metode is MetodeEfisiensi.INDEKS:
        if serapan == 0:
            return Efisiensi(None, None, "serapan 0 %: indeks efisiensi tidak dapat dihitung")
        nilai = capaian / serapan
        return Efisiensi(nilai, bulat(nilai) >= 1)
    if bulat(capaian) < SERATUS:
        return Efisiensi(
            None, False, "capaian di bawah 100 %: efisiensi (sisa anggaran) tidak dihitung"
        )
    nilai = SERATUS - serapan
    return Efisiensi(nilai, bulat(nilai) > 0)


def anggaran_sasaran(
    program: tuple[Program, ...],
    hasil_program: tuple[AnggaranProgram, ...],
    sasaran_id: str,
    capaian: Decimal | None,
    metode: MetodeEfisiensi,
) -> AnggaranSasaran | None:
    """Return a sasaran's budget figures from its programs' shares; None when it has none."""
    pagu = Decimal(0)
    rencana: Decimal | None = Decimal(0)
    realisasi: Decimal | None = Decimal(0)
    dipakai: list[str] = []
    catatan: list[str] = []
    for p, h in zip(program, hasil_program, strict=True):
        bagian = porsi(p, sasaran_id)
        if bagian == 0 or h.pagu is None:
            continue
        dipakai.append(h.kunci)
        pagu += bagian * h.pagu
        rencana = None if rencana is None or h.rencana is None else rencana + bagian * h.rencana
        if h.realisasi is None:
            sebab = f"realisasi anggaran program {h.kunci} belum ada: {h.sebab}"
            if h.tanpa_berkas:  # the same reason for every program: said once
                sebab = h.sebab or sebab
            if sebab not in catatan:
                catatan.append(sebab)
            realisasi = None
        elif realisasi is not None:
            realisasi += bagian * h.realisasi
    if not dipakai:
        return None
    ef = efisiensi(metode, capaian, AngkaAnggaran(pagu, rencana, realisasi).serapan)
    if ef.alasan:
        catatan.append(ef.alasan)
    return AnggaranSasaran(
        pagu=pagu,
        rencana=rencana,
        realisasi=realisasi,
        efisiensi=ef.nilai,
        efisien=ef.efisien,
        metode=metode,
        program=tuple(dipakai),
        catatan=tuple(catatan),
    )


def pasang_anggaran(hasil: HasilPeriode, data: DataTahun, metode: MetodeEfisiensi) -> HasilPeriode:
    """Return a period's results with the budget figures of `data` attached.

    Used by the engine, and by the site after it substituted the approved version of a
    report: budget realisation comes from SIPD, is not part of the approved report
    (`capkin.pengesahan.ringkas`), and is shown as it stands now next to approved capaian.
    """
    if data.pk is None:
        return hasil
    if not data.pk.program and not hasil.program:
        return hasil  # nothing to attach, nothing stale to remove (the common case)
    program = program_periode(data.pk.program, data.anggaran, hasil.periode, data.tahun)
    sasaran = tuple(
        replace(
            s,
            anggaran=anggaran_sasaran(data.pk.program, program, s.id, s.capaian_mentah, metode),
        )
        for s in hasil.sasaran
    )
    return replace(hasil, sasaran=sasaran, program=program)
