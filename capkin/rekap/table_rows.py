"""The rows of a roll-up's two tables: their Arrow schemas and how a period document becomes
rows (office x period, office x period x indicator), built column by column.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import pyarrow as pa

from capkin import api
from capkin.rekap.api_structs import Rentang

SKEMA_KANTOR = pa.schema(
    {
        "kantor_id": pa.string(),
        "kantor": pa.string(),
        "tahun": pa.int16(),
        "periode": pa.string(),
        "capaian_total": pa.float64(),
        "predikat_total": pa.string(),
        "disahkan": pa.bool_(),
        "tanggal_disahkan": pa.date32(),
        "revisi": pa.int32(),
        "bukti_disahkan": pa.string(),
        "langkah_akhir": pa.string(),
        "langkah_akhir_tepat_waktu": pa.bool_(),
        "langkah_akhir_selesai": pa.date32(),
        "jumlah_indikator": pa.int32(),
        "indikator_tercapai": pa.int32(),
        "unit_belum_menyampaikan": pa.int32(),
        "halaman": pa.string(),
        "pdf": pa.string(),
        "menunggu_pengesahan": pa.string(),
    }
)
"""The `kantor_periode` table: one row per office and period."""
SKEMA_INDIKATOR = pa.schema(
    {
        "kantor_id": pa.string(),
        "tahun": pa.int16(),
        "periode": pa.string(),
        "indikator": pa.string(),
        "uraian": pa.string(),
        "satuan": pa.string(),
        "target": pa.string(),
        "realisasi": pa.string(),
        "capaian": pa.float64(),
        "predikat": pa.string(),
        "status": pa.string(),
    }
)
"""The `indikator` table: one row per office, period and indicator."""
URUTAN_PERIODE = "CASE periode WHEN 'tahunan' THEN 5 ELSE CAST(substr(periode, 3) AS INTEGER) END"
"""A period's place in its year, in SQL (TW1–TW4, then the year's own report)."""


def _teks(x: Any) -> str | None:
    if x is None or type(x) is str:
        return x
    if type(x) is float:
        return f"{x:g}"
    if isinstance(x, api.Rentang | Rentang):
        return f"{x.min:g}–{x.maks:g}"
    return str(x)


def langkah_akhir(d: Any) -> Any:
    """Return the approving step of a period's cycle (the SOP's last step), if known.

    `d` is an `api.Periode` or its `api_structs` form (the same attributes)."""
    if d.siklus is None or not d.siklus.langkah:
        return None
    no = d.disahkan.langkah if d.disahkan else max(x.no for x in d.siklus.langkah)
    return next((x for x in d.siklus.langkah if x.no == no), None)


_KOLOM_INDIKATOR = tuple(SKEMA_INDIKATOR.names[3:])
"""The indicator's own columns (after kantor_id, tahun, periode): indikator … status."""
_NILAI_INDIKATOR = attrgetter("id", *_KOLOM_INDIKATOR[1:])
"""An indicator's values for the columns `_KOLOM_INDIKATOR` (`api.Indikator` or its struct)."""
_TEKS = {"target", "realisasi"}
"""The indicator columns written as text (`_teks`: a number, a range or a text)."""


def _kolom_teks(nilai: Sequence[Any]) -> list[str | None]:
    return [f"{x:g}" if type(x) is float else _teks(x) for x in nilai]


class KolomRekap:
    """Both tables' rows of some offices, column by column as Python lists (one Arrow table
    each at the end: building Arrow arrays office by office cost more than the rows)."""

    def __init__(self) -> None:
        self.kp: dict[str, list[Any]] = {n: [] for n in SKEMA_KANTOR.names}
        self.ind: dict[str, list[Any]] = {n: [] for n in SKEMA_INDIKATOR.names}

    def tambah(self, kantor_id: str, nama: str, daftar: Sequence[Any]) -> None:
        """Add one office's period documents (`api.Periode`, or their `api_structs` form)."""
        kp, ind = self.kp, self.ind
        n = len(daftar)
        kp["kantor_id"] += [kantor_id] * n
        kp["kantor"] += [nama] * n
        for d in daftar:
            sah, akhir = d.disahkan, langkah_akhir(d)
            kp["tahun"].append(d.tahun)
            kp["periode"].append(d.periode)
            kp["capaian_total"].append(d.capaian_total)
            kp["predikat_total"].append(d.predikat_total)
            kp["disahkan"].append(sah is not None)
            kp["tanggal_disahkan"].append(sah.tanggal if sah else None)
            kp["revisi"].append(sah.revisi if sah else None)
            kp["bukti_disahkan"].append(sah.bukti if sah else None)
            kp["langkah_akhir"].append(akhir.status if akhir else None)
            kp["langkah_akhir_tepat_waktu"].append(akhir.tepat_waktu if akhir else None)
            kp["langkah_akhir_selesai"].append(akhir.selesai if akhir else None)
            kp["jumlah_indikator"].append(d.jumlah_indikator)
            kp["indikator_tercapai"].append(d.indikator_tercapai)
            kp["unit_belum_menyampaikan"].append(len(d.belum_menyampaikan))
            kp["halaman"].append(d.tautan.capaian)
            kp["pdf"].append(d.tautan.pdf)
            kp["menunggu_pengesahan"].append(d.menunggu_pengesahan)
            k = len(d.indikator)
            ind["tahun"] += [d.tahun] * k
            ind["periode"] += [d.periode] * k
        semua = [i for d in daftar for i in d.indikator]
        ind["kantor_id"] += [kantor_id] * len(semua)
        if semua:  # column by column in C: one attrgetter tuple per indicator, transposed
            kolom = list(zip(*map(_NILAI_INDIKATOR, semua), strict=True))
            for nama_kolom, isi in zip(_KOLOM_INDIKATOR, kolom, strict=True):
                ind[nama_kolom] += _kolom_teks(isi) if nama_kolom in _TEKS else isi

    def tabel(self) -> tuple[pa.Table, pa.Table]:
        """Return the rows as Arrow tables (office x period, office x period x indicator)."""
        return (
            pa.Table.from_pydict(self.kp, schema=SKEMA_KANTOR),
            pa.Table.from_pydict(self.ind, schema=SKEMA_INDIKATOR),
        )


def tabel_kantor(kantor_id: str, nama: str, daftar: Sequence[Any]) -> tuple[pa.Table, pa.Table]:
    """Return one office's rows of both tables as Arrow tables."""
    kolom = KolomRekap()
    kolom.tambah(kantor_id, nama, daftar)
    return kolom.tabel()


AKHIRAN_BARIS = ".arrow"
"""The files of rows a worker process writes for the parent to load (Arrow IPC)."""
