"""Reading what units type into worksheet cells: the number rule, scales, text and bukti."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from capkin.models.perjanjian_kinerja_model import Indikator
from capkin.worksheet.cells import (
    NilaiTidakSah,
    Terbaca,
    angka_dari_teks,
    baca_bukti,
    baca_realisasi,
    baca_teks,
)
from capkin.worksheet.merger import sama_nilai

ANGKA = Indikator(id="ik1", uraian="IKM", target=85, penanggung_jawab="u")
KATEGORI = Indikator(
    id="ik2",
    uraian="SAKIP",
    jenis="kategori",
    target="BB",
    skala=("C", "CC", "B", "BB", "A", "AA"),
    penanggung_jawab="u",
)


@pytest.mark.parametrize(
    ("teks", "nilai"),
    [
        ("83,5", 83.5),
        ("83.5", 83.5),
        ("83,50", 83.5),
        ("1250", 1250),
        ("1.250.000", 1250000),
        ("1,250,000", 1250000),
        ("1.250,5", 1250.5),
        ("1,250.5", 1250.5),
        ("0,125", 0.125),
        ("1234,567", 1234.567),
        (",5", 0.5),
        ("-2,5", -2.5),
        ("\u22123", -3),
        ("85%", 85),
        ("85 %", 85),
        ("  12\u00a0", 12),
        ("+7", 7),
    ],
)
def test_angka_dari_teks(teks: str, nilai: float) -> None:
    hasil = angka_dari_teks(teks)
    assert hasil == nilai
    assert type(hasil) is type(nilai)


@pytest.mark.parametrize(
    ("teks", "bagian_pesan"),
    [
        ("1.250", "bermakna ganda"),
        ("2,500", "bermakna ganda"),
        ("delapan puluh", "harus berupa angka"),
        ("83 persen", "harus berupa angka"),
        ("83,", "tidak ada angka setelah"),
        ("1.2.3", "tiap tiga angka"),
        ("1.25,5", "tiap tiga angka"),
        ("1,2.5,5", "dua kali"),
        ("", "harus berupa angka"),
    ],
)
def test_angka_dari_teks_menolak(teks: str, bagian_pesan: str) -> None:
    with pytest.raises(NilaiTidakSah, match=bagian_pesan):
        angka_dari_teks(teks)


def test_realisasi_angka_dari_sel() -> None:
    assert baca_realisasi(83, ANGKA).nilai == 83
    assert baca_realisasi(83.0, ANGKA).nilai == 83
    assert baca_realisasi(83.400000000000006, ANGKA).nilai == 83.4
    assert baca_realisasi(83.5, ANGKA).catatan is None
    teks = baca_realisasi("83,5", ANGKA)
    assert (teks.nilai, teks.catatan) == (83.5, "'83,5' dibaca sebagai 83.5")
    persen = baca_realisasi(0.855, ANGKA, persen=True)
    assert persen.nilai == 85.5
    assert persen.catatan is not None and "persen" in persen.catatan


@pytest.mark.parametrize(
    "nilai", [True, dt.datetime(2025, 7, 1), dt.date(2025, 7, 1), dt.time(8, 30)]
)
def test_realisasi_bukan_angka_ditolak(nilai: object) -> None:
    with pytest.raises(NilaiTidakSah, match="harus berupa angka"):
        baca_realisasi(nilai, ANGKA)


def test_realisasi_kategori() -> None:
    assert baca_realisasi("BB", KATEGORI) == Terbaca("BB", None)
    ejaan = baca_realisasi(" bb ", KATEGORI)
    assert ejaan.nilai == "BB"
    assert ejaan.catatan == "' bb ' dibaca sebagai 'BB' (ejaan skala)"
    with pytest.raises(NilaiTidakSah, match=r"C, CC, B, BB, A, AA.*'Baik'"):
        baca_realisasi("Baik", KATEGORI)
    with pytest.raises(NilaiTidakSah, match="tingkatan skala"):
        baca_realisasi(3, KATEGORI)


def test_teks_dan_bukti() -> None:
    assert baca_teks("  Anggaran\r\nterlambat  ") == "Anggaran\nterlambat"
    assert baca_teks("   ") is None
    assert baca_teks(12.0) == "12"
    assert baca_teks(dt.datetime(2025, 7, 1)) == "2025-07-01"
    assert baca_bukti("bukti/a.pdf; https://x.go.id/b\n\nbukti/c.pdf;") == (
        "bukti/a.pdf",
        "https://x.go.id/b",
        "bukti/c.pdf",
    )
    assert baca_bukti(" ; \n") is None


def test_sama_nilai() -> None:
    assert sama_nilai(83, 83.0)
    assert not sama_nilai(83.4, 83.5)
    assert sama_nilai("Teks\n", "Teks")
    assert sama_nilai(["a", "b"], ("a", "b"))
    assert not sama_nilai(["a"], ("a", "b"))
    assert not sama_nilai("83", 83)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_angka_berformat_indonesia_terbaca_kembali_atau_ditolak_karena_ganda(d: Decimal) -> None:
    teks = format_decimal(d, format="#,##0.###", locale="id")
    try:
        hasil = angka_dari_teks(teks)
    except NilaiTidakSah:
        assert re.fullmatch(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}", teks), teks
    else:
        assert Decimal(str(hasil)) == d.normalize()
