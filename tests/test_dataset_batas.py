"""Numbers outside what data may hold: the message says the range, never a wrong type."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import capkin, instansi_yml, pk_yml, realisasi_yml, tulis, tulis_data_minimal
from hypothesis import given
from hypothesis import strategies as st

from capkin.model_check import bangun_model
from capkin.models.base import BATAS_ANGKA
from capkin.models.realisasi_model import Realisasi
from capkin.yamlio import baca_bytes

RENTANG = "antara -10^15 dan 10^15"
TIPE_SALAH = ("harus berupa teks", "harus berupa angka", "harus berupa pemetaan")


def _masalah_nilai(teks: str) -> list[str]:
    yml = realisasi_yml().replace("nilai: 80", f"nilai: {teks}", 1)
    dok = baca_bytes(yml.encode(), "data/2025/realisasi/TW1/jawatan-umum.yml")
    model, masalah = bangun_model(dok, Realisasi)
    assert model is None
    return [str(m) for m in masalah]


@pytest.mark.parametrize(
    "teks",
    ["1e16", "-1e16", "1.5e300", "99999999999999999999", "-1000000000000001", ".inf", ".nan"],
)
def test_an_out_of_range_realisasi_says_the_range(teks: str) -> None:
    [pesan] = _masalah_nilai(teks)
    assert pesan.startswith("data/2025/realisasi/TW1/jawatan-umum.yml:7:12: galat: ")
    assert RENTANG in pesan, pesan
    assert not any(t in pesan for t in TIPE_SALAH), pesan


@given(
    st.one_of(
        st.integers(min_value=BATAS_ANGKA + 1, max_value=10**40),
        st.integers(min_value=-(10**40), max_value=-BATAS_ANGKA - 1),
        st.floats(min_value=1.001e15, allow_infinity=False),
        st.floats(max_value=-1.001e15, allow_infinity=False),
    )
)
def test_any_number_beyond_the_limit_says_the_range(x: int | float) -> None:
    [pesan] = _masalah_nilai(repr(x))
    assert RENTANG in pesan and not any(t in pesan for t in TIPE_SALAH), pesan


def test_the_limit_itself_is_allowed() -> None:
    dok = baca_bytes(
        realisasi_yml().replace("nilai: 80", f"nilai: {BATAS_ANGKA}", 1).encode(), "r.yml"
    )
    assert bangun_model(dok, Realisasi)[1] == []


def test_validate_names_the_range_for_a_target_and_a_setting(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    tulis(tmp_path, "data/2025/perjanjian-kinerja.yml", pk_yml(target={"ik1": 1e16, "ik2": 90}))
    tulis(
        tmp_path,
        "data/instansi.yml",
        instansi_yml() + "pengaturan:\n  ambang_tercapai: 1e16\n",
    )
    hasil = capkin(tmp_path, "validate")
    assert hasil.exit_code == 1
    baris = [b for b in hasil.output.splitlines() if "1e+16" in b]
    assert len(baris) == 2, hasil.output
    for b in baris:
        assert RENTANG in b and not any(t in b for t in TIPE_SALAH), b
