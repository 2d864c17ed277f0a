"""The SOP cycle as of a date: step states, deadlines, working days, who still owes realisasi."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import tulis, tulis_data_capaian

from capkin.cycle import (
    KeadaanLangkah,
    StatusSiklus,
    Tunggakan,
    pilih_siklus,
    status_siklus,
    teks_status,
)
from capkin.dataset import Dataset, muat_dataset
from capkin.errors import UsageError
from capkin.models.base import Periode

SELESAI, BERJALAN, BELUM, TERLAMBAT = (
    KeadaanLangkah.SELESAI,
    KeadaanLangkah.BERJALAN,
    KeadaanLangkah.BELUM,
    KeadaanLangkah.TERLAMBAT,
)

# TW2 2025. Step 2's ten working days from 2 July end on 15 July; it was signed on the 16th.
# Step 3 has no `mulai`: it starts the working day after step 2's sign-off (17 July).
SIKLUS_TW2 = """\
periode: TW2
langkah:
  - {no: 1, mulai: 2025-07-01, selesai: 2025-07-01, oleh: kasubbag-kpe}
  - {no: 2, mulai: 2025-07-02, selesai: 2025-07-16, oleh: kasubbag-kpe}
  - {no: 3, selesai: 2025-07-18, oleh: kasubbag-kpe}
"""

# TW1 2025 across Idul Fitri: step 1 on Thursday 27 March, the last working day before
# Nyepi's cuti bersama (28 March) and Lebaran (31 March - 7 April).
SIKLUS_TW1 = """\
periode: TW1
langkah:
  - {no: 1, mulai: 2025-03-27, selesai: 2025-03-27, oleh: kasubbag-kpe}
  - {no: 2, mulai: 2025-04-08}
"""


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tulis_data_capaian(tmp_path_factory.mktemp("siklus"))
    tulis(root, "data/2025/siklus/TW2.yml", SIKLUS_TW2)
    tulis(root, "data/2025/siklus/TW1.yml", SIKLUS_TW1)
    dataset, masalah = muat_dataset(root)
    assert masalah == []
    return dataset


def _ringkas(st: StatusSiklus) -> list[tuple[object, ...]]:
    return [
        (s.no, s.status, s.mulai, s.selesai, s.tenggat, s.hari_kerja, s.oleh, s.tepat_waktu)
        for s in st.langkah
    ]


J = date  # short for the tables below


def test_langkah_per_22_juli(ds: Dataset) -> None:
    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 22))
    assert _ringkas(st) == [
        (1, SELESAI, J(2025, 7, 1), J(2025, 7, 1), J(2025, 7, 1), 1, "kasubbag-kpe", True),
        # 2, 3, 4, 7-11, 14-16 July: 11 working days against 10; late but still selesai
        (2, SELESAI, J(2025, 7, 2), J(2025, 7, 16), J(2025, 7, 15), 11, "kasubbag-kpe", False),
        (3, SELESAI, J(2025, 7, 17), J(2025, 7, 18), J(2025, 7, 18), 2, "kasubbag-kpe", True),
        # starts Monday 21 July (after Friday's sign-off), due the same day; 22nd is past it
        (4, TERLAMBAT, J(2025, 7, 21), None, J(2025, 7, 21), 2, None, False),
        (5, BELUM, None, None, None, None, None, None),
        (6, BELUM, None, None, None, None, None, None),
    ]
    assert [s.standar_hari_kerja for s in st.langkah] == [1, 10, 2, 1, 2, 1]
    # 1-4, 7-11, 14-18, 21-22 July
    assert (st.total_hari_kerja, st.standar_total_hari_kerja) == (16, 17)


def test_langkah_berjalan_dan_per_tanggal(ds: Dataset) -> None:
    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 21))
    assert st.langkah[3].status is BERJALAN and st.langkah[3].hari_kerja == 1
    assert st.langkah[3].tepat_waktu is None
    # As of 10 July step 2's sign-off (16 July) has not happened yet: it is running.
    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 10))
    assert [s.status for s in st.langkah] == [SELESAI, BERJALAN, BELUM, BELUM, BELUM, BELUM]
    assert st.langkah[1].hari_kerja == 7 and st.langkah[1].selesai is None
    assert st.langkah[2].mulai is None
    assert st.total_hari_kerja == 8
    # Before the cycle starts nothing has happened.
    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 6, 30))
    assert all(s.status is BELUM and s.mulai is None for s in st.langkah)
    assert st.total_hari_kerja is None


def test_langkah_selesai_hari_ini_berikutnya_belum(ds: Dataset) -> None:
    # On 18 July step 3 is signed; step 4 starts on the next working day, Monday the 21st.
    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 18))
    langkah4 = st.langkah[3]
    assert langkah4.status is BELUM
    assert (langkah4.mulai, langkah4.tenggat, langkah4.hari_kerja) == (
        J(2025, 7, 21),
        J(2025, 7, 21),
        None,
    )


def test_siklus_melintasi_idul_fitri(ds: Dataset) -> None:
    st = status_siklus(ds, 2025, Periode.TW1, J(2025, 4, 22))
    langkah2 = st.langkah[1]
    # 8-11, 14-17 April (8 days), Good Friday 18 April off, 21-22 April: day 10 is the 22nd
    assert langkah2.tenggat == J(2025, 4, 22)
    assert (langkah2.status, langkah2.hari_kerja) == (BERJALAN, 10)
    assert status_siklus(ds, 2025, Periode.TW1, J(2025, 4, 23)).langkah[1].status is TERLAMBAT
    # 27 March, then 8-17 and 21-22 April
    assert st.total_hari_kerja == 11


def test_belum_menyampaikan(ds: Dataset) -> None:
    # jawatan-praja's TW2 file is dated 9 July: on the 8th it has not arrived
    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 8))
    assert st.belum_menyampaikan == (Tunggakan("jawatan-praja", ("ik-rentang", "ik-kosong")),)
    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 22))
    assert st.belum_menyampaikan == (Tunggakan("jawatan-praja", ("ik-kosong",)),)


def test_periode_tanpa_berkas_siklus(ds: Dataset) -> None:
    st = status_siklus(ds, 2025, Periode.TW3, J(2025, 10, 1))
    assert all(s.status is BELUM for s in st.langkah) and len(st.langkah) == 6
    # units in the order of instansi.yml, indicators in the order of the perjanjian kinerja
    assert st.belum_menyampaikan == (
        Tunggakan("jawatan-umum", ("ik-kum", "ik-akhir", "ik-rata", "ik-kat")),
        Tunggakan("jawatan-praja", ("ik-rentang", "ik-kosong")),
    )


def test_as_json_kontrak(ds: Dataset) -> None:
    j = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 22)).as_json()
    assert list(j) == [
        "tahun",
        "periode",
        "tanggal",
        "langkah",
        "belum_menyampaikan",
        "total_hari_kerja",
        "standar_total_hari_kerja",
    ]
    assert j["langkah"][1] == {
        "no": 2,
        "status": "selesai",
        "mulai": "2025-07-02",
        "selesai": "2025-07-16",
        "tenggat": "2025-07-15",
        "hari_kerja": 11,
        "standar_hari_kerja": 10,
        "oleh": "kasubbag-kpe",
        "tepat_waktu": False,
    }
    assert j["belum_menyampaikan"] == [{"unit": "jawatan-praja", "indikator": ["ik-kosong"]}]
    assert (j["tahun"], j["periode"], j["tanggal"]) == (2025, "TW2", "2025-07-22")


def test_teks_status(ds: Dataset) -> None:
    teks = teks_status(status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 22)), ds.instansi)
    assert "Triwulan II (TW2) tahun 2025, keadaan per 22 Juli 2025" in teks
    assert "selesai, melewati tenggat · mulai 2 Juli 2025 · selesai 16 Juli 2025" in teks
    assert "11 dari 10 hari kerja · oleh Budi Santoso, S.E." in " ".join(teks.split())
    assert "TERLAMBAT · mulai 21 Juli 2025 · tenggat 21 Juli 2025 · 2 dari 1 hari kerja" in teks
    assert "Jawatan Praja (jawatan-praja): ik-kosong" in teks
    assert " ".join(teks.split()).endswith(
        "Total: 16 hari kerja sejak langkah pertama dimulai (1 Juli 2025 sampai 22 Juli 2025), "
        "siklus belum selesai; standar SOP 17 hari kerja."
    )
    assert max(len(b) for b in teks.splitlines()) <= 100
    kosong = teks_status(status_siklus(ds, 2025, Periode.TW3, J(2025, 6, 1)), None)
    assert "belum dimulai" in kosong and "siklus belum dimulai (standar SOP 17" in kosong


def test_teks_status_never_splits_an_indicator_id(ds: Dataset) -> None:
    """A long list of owed indicators wraps between ids, never inside one at its hyphen."""
    from dataclasses import replace

    st = status_siklus(ds, 2025, Periode.TW2, J(2025, 7, 22))
    ids = tuple(f"ik-jumlah-kunjungan-{n}" for n in range(8))
    st = replace(st, belum_menyampaikan=(Tunggakan("jawatan-praja", ids),))
    teks = teks_status(st, ds.instansi)
    for i in ids:
        assert i in teks.replace("\n    ", " "), teks
    assert not any(b.endswith("-") for b in teks.splitlines()), teks


def test_pilih_siklus(ds: Dataset, tmp_path: Path) -> None:
    assert pilih_siklus(ds, None, None) == (2025, Periode.TW4)
    assert pilih_siklus(ds, 2025, "tw1") == (2025, Periode.TW1)
    with pytest.raises(UsageError, match="periode yang ada: TW1, TW2, TW4"):
        pilih_siklus(ds, 2025, "TW3")
    with pytest.raises(UsageError, match="tahun yang ada: 2024, 2025"):
        pilih_siklus(ds, 2019, None)
    with pytest.raises(UsageError, match="tidak dikenal"):
        pilih_siklus(ds, 2025, "tahunan")
    # a year whose only record is a siklus file; a year with nothing defaults to TW1
    root = tulis_data_capaian(tmp_path)
    tulis(root, "data/2025/siklus/TW3.yml", "periode: TW3\nlangkah: []\n")
    tulis(root, "data/2026/perjanjian-kinerja.yml", _pk_2026(root))
    lain, _ = muat_dataset(root)
    assert pilih_siklus(lain, 2025, "TW3") == (2025, Periode.TW3)
    assert pilih_siklus(lain, None, None) == (2026, Periode.TW1)


def _pk_2026(root: Path) -> str:
    teks = (root / "data/2024/perjanjian-kinerja.yml").read_text(encoding="utf-8")
    return teks.replace("tahun: 2024", "tahun: 2026").replace("2024-02-05", "2026-02-05")
