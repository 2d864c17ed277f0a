"""The roll-up's own `api/v1/`: per period, the offices' mean and each office's row, in the
shape of an office site's, so a province can roll up regencies with the same command.

A national period document holds 25,000 office rows; as pydantic models they cost ~8 s of a
roll-up's CPU. The rows go from the table's columns to JSON with msgspec instead, into the
JSON pydantic writes for the rest of the document: the same bytes pydantic writes for the
whole (`tests/test_rekap_api.py` keeps the two in step; within `api.Angka`'s range both
write a float alike).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from capkin import api
from capkin.api import tulis_api
from capkin.layout import rekap_periode
from capkin.rekap.tables import predikat_rata

if TYPE_CHECKING:
    from capkin.rekap.regency_site import DataRekap

KOLOM_BARIS = {
    "id": "kantor_id",
    "nama": "kantor",
    "capaian_total": "capaian_total",
    "predikat_total": "predikat_total",
    "disahkan": "disahkan",
    "tanggal_disahkan": "tanggal_disahkan",
    "bukti_disahkan": "bukti_disahkan",
    "langkah_akhir": "langkah_akhir",
    "tepat_waktu": "langkah_akhir_tepat_waktu",
}
"""Each field of `api.BarisKantor`, in its order, and the `kantor_periode` column it holds."""
if tuple(KOLOM_BARIS) != tuple(api.BarisKantor.model_fields):
    raise NotImplementedError("api.BarisKantor berubah: perbarui KOLOM_BARIS")
_EKOR = '\n "kantor": []\n}'
"""How pydantic ends a period document whose office rows are empty (`kantor` is its last field)."""
if tuple(api.Periode.model_fields)[-1] != "kantor":
    raise NotImplementedError("api.Periode.kantor bukan medan terakhir: perbarui json_periode")


def dokumen_rekap(d: DataRekap) -> tuple[api.Indeks, list[api.Periode]]:
    """Return the roll-up's index and period documents, each period's office rows left empty
    (`json_periode` writes them from the table)."""
    band = d.rekap.pengaturan.predikat
    daftar: list[api.Periode] = []
    for x in d.ringkasan:
        indikator = []
        for i in d.tabel.rata_indikator(x.tahun, x.periode):
            c = None if i["capaian"] is None else round(float(i["capaian"]), 2)
            indikator.append(
                api.Indikator(
                    id=i["indikator"],
                    sasaran="",
                    uraian=i["uraian"] or i["indikator"],
                    satuan=i["satuan"] or "",
                    target=None,
                    realisasi=None,
                    capaian=c,
                    predikat=None,
                    status="belum ada data"
                    if c is None
                    else ("tercapai" if c >= 100 else "tidak tercapai"),
                )
            )
        rata = None if x.rata_rata is None else round(x.rata_rata, 2)
        daftar.append(
            api.Periode(
                api=api.VERSI_API,
                instansi=d.rekap.nama,
                tahun=x.tahun,
                periode=x.periode,  # type: ignore[arg-type]
                capaian_total=rata,
                predikat_total=predikat_rata(x, band),
                status="disahkan" if x.kantor and x.disahkan == x.kantor else "belum disahkan",
                jumlah_indikator=len(indikator),
                indikator_tercapai=sum(1 for i in indikator if i.status == "tercapai"),
                indikator_tanpa_data=sum(1 for i in indikator if i.status == "belum ada data"),
                indikator=indikator,
                sasaran=[],
                disahkan=None,
                siklus=None,
                belum_menyampaikan=[],
                tautan=api.Tautan(capaian=_html(rekap_periode(x.tahun, x.periode))),
                kantor=[],
            )
        )
    instansi = api.Instansi(nama=d.rekap.nama, induk=d.rekap.induk)
    return api.indeks_dari("rekap", instansi, d.tanggal, daftar, d.dibangun), daftar


def _html(jalur: str) -> str:
    return jalur.removesuffix(".md") + ".html"


def json_periode(dok: api.Periode, baris: Sequence[Sequence[Any]]) -> str:
    """Return a period document as `model_dump_json(indent=1)` writes it with these office
    rows (tuples in `KOLOM_BARIS` order) as its `kantor`; `dok` has none of its own."""
    teks = dok.model_dump_json(indent=1)
    if dok.kantor != [] or not teks.endswith(_EKOR):
        raise ValueError("dokumen periode rekap tanpa baris kantor diharapkan")
    if not baris:
        return teks
    nama = tuple(KOLOM_BARIS)
    isi = msgspec.json.encode([dict(zip(nama, b, strict=True)) for b in baris])
    rapi = msgspec.json.format(isi, indent=1).decode("utf-8").replace("\n", "\n ")
    return f'{teks[: -len(_EKOR)]}\n "kantor": {rapi}\n}}'


def tulis_api_rekap(docs: Path, d: DataRekap) -> None:
    """Write the roll-up's `api/v1/` under `docs` (index, periods, schemas)."""
    kolom = list(KOLOM_BARIS.values())
    tulis_api(
        docs,
        *dokumen_rekap(d),
        teks=lambda p: json_periode(p, d.tabel.kolom_periode(p.tahun, p.periode, kolom)),
    )
