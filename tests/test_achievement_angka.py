"""Indonesian number formatting: exactly what Babel's `id` locale gives, without its cost."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from capkin.achievement.numbers import bulat, format_angka, format_nilai, format_persen

_ANGKA = (
    st.integers(-(10**15), 10**15)
    | st.floats(-1e12, 1e12, allow_nan=False)
    | st.decimals(-(10**12), 10**12, allow_nan=False, allow_infinity=False, places=4)
)


@given(_ANGKA, st.integers(0, 3))
def test_format_angka_as_babel(x: Decimal | int | float, desimal: int) -> None:
    pola = "#,##0" + ("." + "0" * desimal if desimal else "")
    assert format_angka(x, desimal) == format_decimal(bulat(x, desimal), format=pola, locale="id")


@given(_ANGKA)
def test_format_nilai_as_babel(x: Decimal | int | float) -> None:
    assert format_nilai(x) == format_decimal(bulat(x, 2), format="#,##0.##", locale="id")


def test_examples() -> None:
    assert format_persen(Decimal("85.5")) == "85,50 %"
    assert format_angka(1250000000, 0) == "1.250.000.000"
    assert format_nilai(83.40) == "83,4" and format_nilai(1250000) == "1.250.000"
    assert format_angka(2.675) == "2,68"  # half up, never binary-float surprises
    assert format_angka(None) == "–" and format_nilai("B") == "B"
