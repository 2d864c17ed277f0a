"""Working days of the SOP clock, across Idul Fitri 2025 and Good Friday."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capkin.clock import LIBUR_TAMBAHAN, KalenderKerja, format_tanggal
from capkin.models.instansi_model import Instansi, Pejabat, Pengaturan, Unit

KAL = KalenderKerja()


@pytest.mark.parametrize(
    ("hari", "kerja"),
    [
        (date(2025, 3, 27), True),  # Thursday before Nyepi
        (date(2025, 3, 28), False),  # cuti bersama Nyepi
        (date(2025, 3, 31), False),  # Idul Fitri
        (date(2025, 4, 1), False),  # Idul Fitri, second day
        (date(2025, 4, 2), False),  # cuti bersama
        (date(2025, 4, 4), False),  # cuti bersama
        (date(2025, 4, 5), False),  # Saturday
        (date(2025, 4, 7), False),  # cuti bersama
        (date(2025, 4, 8), True),  # first working day after Lebaran
        (date(2025, 4, 17), True),  # Thursday
        (date(2025, 4, 18), False),  # Good Friday
        (date(2025, 4, 21), True),  # Monday
        (date(2025, 8, 18), False),  # cuti bersama Independence Day
        (date(2025, 7, 1), True),
    ],
)
def test_hari_kerja(hari: date, kerja: bool) -> None:
    assert KAL.hari_kerja(hari) is kerja


def test_nama_libur_dalam_bahasa_indonesia() -> None:
    assert KAL.nama_libur(date(2025, 3, 31)) == "Hari Raya Idul Fitri"
    assert "Cuti Bersama" in (KAL.nama_libur(date(2025, 4, 7)) or "")
    assert KAL.nama_libur(date(2025, 4, 8)) is None
    assert KAL.nama_libur(date(2025, 4, 5)) is None  # a weekend is not a holiday


def test_berikutnya_melompati_lebaran() -> None:
    assert KAL.berikutnya(date(2025, 3, 27)) == date(2025, 4, 8)
    assert KAL.berikutnya(date(2025, 4, 17)) == date(2025, 4, 21)
    assert KAL.berikutnya(date(2025, 7, 1)) == date(2025, 7, 2)


@pytest.mark.parametrize(
    ("mulai", "hari", "tenggat"),
    [
        (date(2025, 7, 1), 1, date(2025, 7, 1)),  # day 1 is the start itself
        (date(2025, 7, 2), 10, date(2025, 7, 15)),  # two weeks, no holiday
        # 27 Mar (1), then 8-11 Apr (2-5), 14-17 Apr (6-9), 21 Apr (10): Lebaran and Good Friday
        (date(2025, 3, 27), 10, date(2025, 4, 21)),
        (date(2025, 3, 31), 1, date(2025, 4, 8)),  # starts on a holiday: counting from 8 Apr
        (date(2025, 4, 17), 2, date(2025, 4, 21)),
        (date(2025, 7, 1), 0, date(2025, 7, 1)),  # a 0-day standard is due on its first day
    ],
)
def test_tenggat(mulai: date, hari: int, tenggat: date) -> None:
    assert KAL.tenggat(mulai, hari) == tenggat


def test_hitung() -> None:
    assert KAL.hitung(date(2025, 3, 24), date(2025, 4, 11)) == 8  # 24-27 Mar, 8-11 Apr
    assert KAL.hitung(date(2025, 4, 14), date(2025, 4, 18)) == 4  # Good Friday off
    assert KAL.hitung(date(2025, 7, 1), date(2025, 7, 1)) == 1
    assert KAL.hitung(date(2025, 7, 5), date(2025, 7, 6)) == 0  # a weekend
    assert KAL.hitung(date(2025, 7, 2), date(2025, 7, 1)) == 0


def test_libur_tambahan_dari_instansi() -> None:
    instansi = Instansi(
        nama="Kapanewon Contoh",
        pengaturan=Pengaturan(hari_libur_tambahan=(date(2025, 7, 2),)),
        unit=(Unit(id="umum", nama="Umum"),),
        pejabat=(Pejabat(id="p", nama="P", peran="panewu"),),
    )
    kal = KalenderKerja.untuk(instansi)
    assert not kal.hari_kerja(date(2025, 7, 2))
    assert kal.nama_libur(date(2025, 7, 2)) == LIBUR_TAMBAHAN
    assert kal.berikutnya(date(2025, 7, 1)) == date(2025, 7, 3)
    assert kal.tenggat(date(2025, 7, 1), 2) == date(2025, 7, 3)
    assert KalenderKerja.untuk(None).hari_kerja(date(2025, 7, 2))


def test_lintas_tahun() -> None:
    # 31 Dec 2025 is a Wednesday; 1 Jan 2026 is New Year's Day
    assert KAL.berikutnya(date(2025, 12, 31)) == date(2026, 1, 2)


@settings(deadline=None)  # the first call of a year builds its holiday table
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), st.integers(1, 30))
def test_tenggat_dan_hitung_sepakat(mulai: date, hari: int) -> None:
    tenggat = KAL.tenggat(mulai, hari)
    assert KAL.hari_kerja(tenggat)
    assert KAL.hitung(mulai, tenggat) == hari
    assert KAL.hitung(mulai, tenggat - timedelta(days=1)) == hari - 1


def test_format_tanggal() -> None:
    assert format_tanggal(date(2025, 7, 3)) == "3 Juli 2025"
    assert format_tanggal(date(2025, 12, 31)) == "31 Desember 2025"
    assert format_tanggal(None) == "–"
