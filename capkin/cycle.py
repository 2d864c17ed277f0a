"""Where a run of the SOP stands on a date: each step against its time standard, who still owes.

The view is *as of* a date: a `mulai` after that date has not happened yet, a sign-off dated
after it does not count yet, and a realisasi file dated after it has not been received yet.

A step's state:

- `selesai`: signed off (`selesai` and `oleh`). `tepat_waktu` is False when it finished after
  its tenggat; the step is still `selesai`.
- `terlambat`: started, not signed off, and the date is past its tenggat.
- `berjalan`: started (its own `mulai`, or the next working day after the previous step's
  sign-off has come) and not late.
- `belum`: otherwise, including every step of a period without a siklus file.

A step starts at its `mulai`, or else the next working day after the previous step's
`selesai`; its tenggat is that start plus its standard working days minus one. `hari_kerja`
counts working days from the start to `selesai` (to the date for a running step). The cycle's
total counts working days from the first step's start to the last step's sign-off when every
step is signed off, else to the date: gaps between steps count, as they do for the SOP's 17.
"""

from __future__ import annotations

import enum
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from capkin.achievement import periode_berdata, tahun_terakhir
from capkin.achievement.periode import nama_periode, tanpa_realisasi
from capkin.clock import KalenderKerja, format_tanggal
from capkin.dataset import Dataset
from capkin.errors import CapkinError, UsageError
from capkin.models.base import Periode
from capkin.models.instansi_model import Instansi
from capkin.models.siklus_model import LangkahSiklus, Revisi


class KeadaanLangkah(enum.StrEnum):
    """The state of one SOP step on a date."""

    SELESAI = "selesai"
    BERJALAN = "berjalan"
    BELUM = "belum"
    TERLAMBAT = "terlambat"


@dataclass(frozen=True)
class StatusLangkah:
    """One SOP step of a cycle on a date."""

    no: int
    aktivitas: str
    status: KeadaanLangkah
    mulai: date | None
    selesai: date | None
    tenggat: date | None
    hari_kerja: int | None
    standar_hari_kerja: int
    oleh: str | None
    tepat_waktu: bool | None

    def as_json(self) -> dict[str, Any]:
        """Return the step in the shape of `capkin status --format json`."""
        return {
            "no": self.no,
            "status": self.status.value,
            "mulai": _iso(self.mulai),
            "selesai": _iso(self.selesai),
            "tenggat": _iso(self.tenggat),
            "hari_kerja": self.hari_kerja,
            "standar_hari_kerja": self.standar_hari_kerja,
            "oleh": self.oleh,
            "tepat_waktu": self.tepat_waktu,
        }


class Tunggakan(NamedTuple):
    """A unit that still owes realisasi for the period, and for which indicators."""

    unit: str
    indikator: tuple[str, ...]


@dataclass(frozen=True)
class StatusSiklus:
    """A cycle (one period's run of the SOP) on a date."""

    tahun: int
    periode: Periode
    tanggal: date
    langkah: tuple[StatusLangkah, ...]
    belum_menyampaikan: tuple[Tunggakan, ...]
    total_hari_kerja: int | None
    standar_total_hari_kerja: int
    revisi: tuple[Revisi, ...] = ()
    """Re-approvals up to the date: dated on their own, never part of the SOP clock."""

    def as_json(self) -> dict[str, Any]:
        """Return exactly the `capkin status --format json` contract."""
        return {
            "tahun": self.tahun,
            "periode": self.periode.value,
            "tanggal": self.tanggal.isoformat(),
            "langkah": [s.as_json() for s in self.langkah],
            "belum_menyampaikan": [
                {"unit": t.unit, "indikator": list(t.indikator)} for t in self.belum_menyampaikan
            ],
            "total_hari_kerja": self.total_hari_kerja,
            "standar_total_hari_kerja": self.standar_total_hari_kerja,
        }


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _ditandatangani(rec: LangkahSiklus | None, tanggal: date) -> bool:
    return (
        rec is not None
        and rec.ditandatangani
        and rec.selesai is not None
        and rec.selesai <= tanggal
    )


def belum_menyampaikan(ds: Dataset, tahun: int, periode: Periode, tanggal: date) -> list[Tunggakan]:
    """Return the units that owe realisasi for a period on a date, in the office's unit order."""
    data = ds.tahun.get(tahun)
    if data is None:
        return []
    utang: dict[str, list[str]] = {}
    for ind in tanpa_realisasi(data, periode, tanggal):
        utang.setdefault(ind.penanggung_jawab, []).append(ind.id)
    urutan = {u.id: n for n, u in enumerate(ds.instansi.unit)} if ds.instansi else {}
    unit = sorted(utang, key=lambda u: (urutan.get(u, len(urutan)), u))
    return [Tunggakan(u, tuple(utang[u])) for u in unit]


def status_siklus(ds: Dataset, tahun: int, periode: Periode, tanggal: date) -> StatusSiklus:
    """Return each step's state, the units owing realisasi and the working days, as of a date."""
    if ds.sop is None:
        raise CapkinError("data/sop.yml tidak ada atau tidak sah; jalankan 'capkin validate'")
    kal = KalenderKerja.untuk(ds.instansi)
    data = ds.tahun.get(tahun)
    siklus = data.siklus.get(periode) if data else None
    langkah: list[StatusLangkah] = []
    selesai_lalu: date | None = None  # the previous step's sign-off date, if signed off
    for sop in sorted(ds.sop.langkah, key=lambda s: s.no):
        rec = siklus.cari_langkah(sop.no) if siklus else None
        mulai: date | None = None
        if rec is not None and rec.mulai is not None and rec.mulai <= tanggal:
            mulai = rec.mulai
        elif selesai_lalu is not None:
            mulai = kal.berikutnya(selesai_lalu)
        tenggat = kal.tenggat(mulai, sop.waktu_hari_kerja) if mulai else None
        selesai: date | None = None
        oleh = None
        hari: int | None = None
        tepat: bool | None = None
        if rec is not None and _ditandatangani(rec, tanggal):
            status, selesai, oleh = KeadaanLangkah.SELESAI, rec.selesai, rec.oleh
            if mulai is not None and selesai is not None and tenggat is not None:
                hari, tepat = kal.hitung(mulai, selesai), selesai <= tenggat
        elif mulai is not None and tenggat is not None and mulai <= tanggal:
            hari = kal.hitung(mulai, tanggal)
            if tanggal > tenggat:
                status, tepat = KeadaanLangkah.TERLAMBAT, False
            else:
                status = KeadaanLangkah.BERJALAN
        else:
            status = KeadaanLangkah.BELUM
        selesai_lalu = selesai
        langkah.append(
            StatusLangkah(
                no=sop.no,
                aktivitas=sop.aktivitas,
                status=status,
                mulai=mulai,
                selesai=selesai,
                tenggat=tenggat,
                hari_kerja=hari,
                standar_hari_kerja=sop.waktu_hari_kerja,
                oleh=oleh,
                tepat_waktu=tepat,
            )
        )
    return StatusSiklus(
        tahun=tahun,
        periode=periode,
        tanggal=tanggal,
        langkah=tuple(langkah),
        belum_menyampaikan=tuple(belum_menyampaikan(ds, tahun, periode, tanggal)),
        total_hari_kerja=_total(kal, langkah, tanggal),
        standar_total_hari_kerja=sum(s.waktu_hari_kerja for s in ds.sop.langkah),
        revisi=tuple(r for r in siklus.revisi if r.tanggal <= tanggal) if siklus else (),
    )


def _total(kal: KalenderKerja, langkah: list[StatusLangkah], tanggal: date) -> int | None:
    awal = [s.mulai for s in langkah if s.mulai is not None and s.mulai <= tanggal]
    if not awal:
        return None
    semua_selesai = all(s.status is KeadaanLangkah.SELESAI for s in langkah)
    akhir = langkah[-1].selesai if semua_selesai and langkah[-1].selesai else tanggal
    return kal.hitung(min(awal), akhir)


def periode_siklus(ds: Dataset, tahun: int) -> list[Periode]:
    """Return the quarters of a year that have a siklus file or any realisasi, in order."""
    data = ds.tahun.get(tahun)
    siklus = set(data.siklus) if data else set()
    return sorted(siklus | set(periode_berdata(ds, tahun)), key=lambda p: p.nomor)


def pilih_siklus(ds: Dataset, tahun: int | None, periode: str | None) -> tuple[int, Periode]:
    """Resolve the cycle to show: by default the latest year and its latest active quarter.

    A quarter is active when it has a siklus file or any realisasi; a year with none
    defaults to TW1. Raise UsageError, listing what exists, for a year not in the data or
    an explicitly chosen quarter that is not active.
    """
    if tahun is None:
        tahun = tahun_terakhir(ds)
    elif tahun not in ds.tahun:
        ada = ", ".join(str(t) for t in ds.tahun_terurut) or "(belum ada)"
        raise UsageError(f"tahun {tahun} tidak ada dalam data; tahun yang ada: {ada}")
    aktif = periode_siklus(ds, tahun)
    if periode is None:
        return tahun, aktif[-1] if aktif else Periode.TW1
    teks = periode.strip().upper()
    if teks not in Periode.__members__:
        raise UsageError(f"periode '{periode}' tidak dikenal; pilih TW1, TW2, TW3 atau TW4")
    if Periode(teks) not in aktif:
        ada = ", ".join(p.value for p in aktif) or "(belum ada)"
        raise UsageError(
            f"periode {teks} tahun {tahun} belum memiliki berkas siklus maupun realisasi; "
            f"periode yang ada: {ada}"
        )
    return tahun, Periode(teks)


def _keterangan(s: StatusLangkah, instansi: Instansi | None) -> str:
    bagian = [s.status.value.upper() if s.status is KeadaanLangkah.TERLAMBAT else s.status.value]
    if s.status is KeadaanLangkah.SELESAI and s.tepat_waktu is not None:
        bagian[0] += ", tepat waktu" if s.tepat_waktu else ", melewati tenggat"
    if s.mulai is None:
        return f"{bagian[0]} dimulai" if s.status is KeadaanLangkah.BELUM else bagian[0]
    bagian.append(f"mulai {format_tanggal(s.mulai)}")
    if s.selesai is not None:
        bagian.append(f"selesai {format_tanggal(s.selesai)}")
    bagian.append(f"tenggat {format_tanggal(s.tenggat)}")
    if s.hari_kerja is not None:
        bagian.append(f"{s.hari_kerja} dari {s.standar_hari_kerja} hari kerja")
    else:
        bagian.append(f"standar {s.standar_hari_kerja} hari kerja")
    if s.oleh is not None:
        pejabat = instansi.cari_pejabat(s.oleh) if instansi else None
        bagian.append(f"oleh {pejabat.nama if pejabat else s.oleh}")
    return " · ".join(bagian)


def teks_total(st: StatusSiklus) -> str:
    """Return the cycle's working days for people: over what span, and against the standard.

    A cycle still open counts to the date (design: gaps between steps count), so its total
    can pass the standard while it waits: say so, rather than "42 dari 14".
    """
    standar, total = st.standar_total_hari_kerja, st.total_hari_kerja
    if total is None:
        return f"Total: siklus belum dimulai (standar SOP {standar} hari kerja)."
    awal = min(s.mulai for s in st.langkah if s.mulai is not None and s.mulai <= st.tanggal)
    selesai = all(s.status is KeadaanLangkah.SELESAI for s in st.langkah)
    akhir = st.langkah[-1].selesai if selesai and st.langkah[-1].selesai else st.tanggal
    rentang = f"{format_tanggal(awal)} sampai {format_tanggal(akhir)}"
    if selesai:
        teks = f"Total: {total} hari kerja ({rentang}), "
        if total <= standar:
            return teks + f"dalam standar SOP {standar} hari kerja."
        return (
            teks
            + f"melewati standar SOP {standar} hari kerja sebanyak {total - standar} hari kerja."
        )
    teks = f"Total: {total} hari kerja sejak langkah pertama dimulai ({rentang}), siklus belum selesai; "
    if total <= standar:
        return teks + f"standar SOP {standar} hari kerja."
    return (
        teks
        + f"sudah melewati standar SOP {standar} hari kerja sebanyak {total - standar} hari kerja."
    )


def teks_status(
    st: StatusSiklus,
    instansi: Instansi | None,
    lebar: int = 100,
    bukti: Sequence[str] = (),
) -> str:
    """Return the cycle's state for people: a line per step, who still owes, the total.

    `bukti`: for each `revisi` (oldest first), how far it is proven and whether it counts.
    """
    baris = [
        f"Siklus SOP {nama_periode(st.periode)} ({st.periode}) tahun {st.tahun}, "
        f"keadaan per {format_tanggal(st.tanggal)}",
        "",
    ]
    for s in st.langkah:
        baris += textwrap.wrap(f"{s.no}. {s.aktivitas}", lebar, subsequent_indent="   ")
        baris += textwrap.wrap(
            _keterangan(s, instansi), lebar, initial_indent="   ", subsequent_indent="     "
        )
    baris.append("")
    if st.belum_menyampaikan:
        baris.append(f"Belum menyampaikan realisasi {st.periode}:")
        for t in st.belum_menyampaikan:
            unit = instansi.cari_unit(t.unit) if instansi else None
            nama = f"{unit.nama} ({t.unit})" if unit else t.unit
            baris += textwrap.wrap(
                f"- {nama}: {', '.join(t.indikator)}",
                lebar,
                initial_indent="  ",
                subsequent_indent="    ",
                break_on_hyphens=False,  # never "ik-" / "kunjungan" on two lines
            )
    else:
        baris.append(f"Semua unit sudah menyampaikan realisasi {st.periode}.")
    baris += textwrap.wrap(teks_total(st), lebar, subsequent_indent="  ")
    for k, r in enumerate(st.revisi, 1):
        pejabat = instansi.cari_pejabat(r.oleh) if instansi else None
        baris += textwrap.wrap(
            f"Disahkan ulang (revisi {k}) {format_tanggal(r.tanggal)} oleh "
            f"{pejabat.nama if pejabat else r.oleh}: {r.alasan} — koreksi sesudah siklus, "
            "tidak dihitung dalam waktu SOP."
            + (f" Bukti: {bukti[k - 1]}." if k <= len(bukti) else ""),
            lebar,
            subsequent_indent="  ",
        )
    return "\n".join(baris) + "\n"
