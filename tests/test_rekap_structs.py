"""The roll-up's msgspec decoder of period documents never accepts what the API's model refuses."""

from __future__ import annotations

import copy
import json
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, ValidationError

from capkin import api
from capkin.rekap import api_structs

LANGKAH = {
    "no": 6,
    "status": "selesai",
    "mulai": "2025-07-01",
    "selesai": "2025-07-03",
    "tenggat": "2025-07-03",
    "hari_kerja": 2,
    "standar_hari_kerja": 2,
    "tepat_waktu": True,
}
DOKUMEN: dict[str, Any] = {
    "api": "capkin/v1",
    "instansi": "Kapanewon Contoh",
    "tahun": 2025,
    "periode": "TW2",
    "capaian_total": 97.5,
    "predikat_total": "Sangat Tinggi",
    "status": "disahkan",
    "jumlah_indikator": 3,
    "indikator_tercapai": 1,
    "indikator_tanpa_data": 1,
    "indikator": [
        {
            "id": "iku-1.a",
            "sasaran": "ss1",
            "uraian": "Indeks kepuasan",
            "satuan": "indeks",
            "target": 80,
            "realisasi": 84.5,
            "capaian": 105.63,
            "predikat": "Sangat Tinggi",
            "status": "tercapai",
        },
        {
            "id": "iku2",
            "sasaran": "ss1",
            "uraian": "Rentang",
            "satuan": "hari",
            "target": {"min": 3, "maks": 5.5},
            "realisasi": "BB",
            "capaian": None,
            "predikat": None,
            "status": "belum ada data",
        },
        {
            "id": "iku3",
            "sasaran": "ss2",
            "uraian": "Kategori",
            "satuan": "",
            "target": "A",
            "realisasi": None,
            "capaian": 0,
            "predikat": "Sangat Rendah",
            "status": "tidak tercapai",
        },
    ],
    "sasaran": [{"id": "ss1", "uraian": "Layanan", "capaian": 100.1, "predikat": "Tinggi"}],
    "disahkan": {
        "tanggal": "2025-07-03",
        "oleh": "panewu",
        "nama": "Panewu",
        "langkah": 6,
        "commit": "0123456789abcdef0123456789abcdef01234567",
        "revisi": 1,
        "terverifikasi": None,
    },
    "siklus": {
        "tanggal": "2025-07-20",
        "langkah": [LANGKAH, {**LANGKAH, "no": 1, "mulai": None, "tepat_waktu": None}],
        "total_hari_kerja": None,
        "standar_total_hari_kerja": 17,
    },
    "belum_menyampaikan": [{"unit": "seksi-1", "nama": "Seksi", "indikator": ["iku2"]}],
    "tautan": {"capaian": "capaian/2025/TW2.html", "pdf": "pdf/2025-TW2.pdf"},
    "kantor": [
        {
            "id": "gamping",
            "nama": "Gamping",
            "capaian_total": 90,
            "predikat_total": None,
            "disahkan": False,
            "tanggal_disahkan": None,
            "langkah_akhir": "berjalan",
            "tepat_waktu": None,
        }
    ],
    "kunci_baru": {"v1 boleh": "bertambah"},
}

NILAI: tuple[object, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    101,
    1e15,
    1e16,
    -1e16,
    10**30,
    "",
    "x",
    "x" * 101,
    "x" * 301,
    "x" * 2001,
    "abc\n",
    "ABC",
    "a/../b",
    "../rahasia.pdf",
    "https://jahat.example/x",
    ".tersembunyi",
    "TW1",
    "TW5",
    "tahunan",
    "selesai",
    "tercapai",
    "disahkan",
    "capkin/v1",
    "capkin/v2",
    "2025-07-03",
    "2025-7-3",
    "2025-02-30",
    "2025-07-03T00:00:00",
    "2025-07-03\n",
    "0123456789abcdef0123456789abcdef01234567",
    "0123456789abcdef0123456789abcdef01234567\n",
    "0123456789ABCDEF0123456789ABCDEF01234567",
    [],
    [1],
    {},
    {"min": 1, "maks": 2},
    {"min": "1", "maks": 2},
)


def _daun(x: Any, jalur: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value in a document (containers included)."""
    hasil = [jalur]
    if isinstance(x, dict):
        for k, v in x.items():
            hasil += _daun(v, (*jalur, k))
    elif isinstance(x, list):
        for n, v in enumerate(x):
            hasil += _daun(v, (*jalur, n))
    return hasil


JALUR = [j for j in _daun(DOKUMEN) if j]


def _ubah(jalur: tuple[Any, ...], nilai: Any, hapus: bool) -> dict[str, Any]:
    dok = copy.deepcopy(DOKUMEN)
    induk = dok
    for k in jalur[:-1]:
        induk = induk[k]
    if hapus:
        del induk[jalur[-1]]
    else:
        induk[jalur[-1]] = nilai
    return dok


def _sama_atau_ditolak(dok: dict[str, Any]) -> None:
    """msgspec accepts only what pydantic accepts, and reads it the same."""
    isi = json.dumps(dok).encode()
    cepat = api_structs.periode(isi)
    try:
        model = api.Periode.model_validate_json(isi)
    except ValidationError:
        assert cepat is None, dok
        return
    if cepat is not None:
        assert msgspec.to_builtins(cepat) == model.model_dump(mode="json")


def test_a_full_document_reads_the_same() -> None:
    _sama_atau_ditolak(DOKUMEN)
    assert api_structs.periode(json.dumps(DOKUMEN).encode()) is not None


@pytest.mark.parametrize("jalur", JALUR, ids=lambda j: ".".join(map(str, j)))
def test_every_value_replaced_by_each_tricky_value(jalur: tuple[Any, ...]) -> None:
    for nilai in NILAI:
        _sama_atau_ditolak(_ubah(jalur, nilai, hapus=False))
    _sama_atau_ditolak(_ubah(jalur, None, hapus=True))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(JALUR),
            st.one_of(
                st.sampled_from(NILAI),
                st.text(max_size=5),
                st.floats(allow_nan=False, allow_infinity=False),
                st.integers(),
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_changes_agree(ubah: list[tuple[tuple[Any, ...], Any]]) -> None:
    dok = copy.deepcopy(DOKUMEN)
    for jalur, nilai in ubah:
        induk: Any = dok
        try:
            for k in jalur[:-1]:
                induk = induk[k]
            induk[jalur[-1]] = nilai
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path's parent
    _sama_atau_ditolak(dok)


def test_broken_json_is_rejected() -> None:
    for isi in (b"", b"{", b"[]", b"null", b'{"api": NaN}', json.dumps(DOKUMEN).encode()[:-1]):
        assert api_structs.periode(isi) is None


def test_an_unknown_constraint_stops_the_derivation() -> None:
    class Baru(BaseModel):
        model_config = api.ModelApi.model_config
        x: float = Field(multiple_of=2)

    with pytest.raises(NotImplementedError):
        api_structs.struktur(Baru)
