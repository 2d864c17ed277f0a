"""Values in the register are shown as Babel's `id` locale shows them, without its cost."""

from __future__ import annotations

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from capkin.history.text import format_nilai


@given(st.floats(-1e16, 1e16, allow_nan=False) | st.floats(-1e-8, 1e-8))
def test_float_as_babel(x: float) -> None:
    assert format_nilai(x) == format_decimal(x, format="#,##0.0#########", locale="id")


@given(st.integers(-(10**18), 10**18))
def test_int_as_babel(x: int) -> None:
    pola = "#,##0" if abs(x) >= 10_000 else "0"
    assert format_nilai(x) == format_decimal(x, format=pola, locale="id")


def test_examples() -> None:
    assert format_nilai(1.0) == "1,0" and format_nilai(2025) == "2025"
    assert format_nilai(1250000) == "1.250.000" and format_nilai(83.45) == "83,45"
    assert format_nilai({"min": 1.5, "maks": 2}) == "min: 1,5, maks: 2"
