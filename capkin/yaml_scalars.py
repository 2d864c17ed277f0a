"""The YAML 1.2 core schema's meaning of a plain scalar, as editors give it.

`yes` is text, `0o17` octal, `.nan` a float; a number written like `1.250` is read as 1.25
but noted (`ANGKA_RAGU`), since many readers take the dot for a thousands separator.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

_INT_DESIMAL = re.compile(r"[-+]?[0-9]+")
_INT_OKTAL = re.compile(r"0o[0-7]+")
_INT_HEKSA = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INF = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}
_NEG_INF = {"-.inf", "-.Inf", "-.INF"}
_NAN = {".nan", ".NaN", ".NAN"}

ANGKA_RAGU = re.compile(r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}")
"""A number with a dot and exactly three digits after it: `1.250` is 1,25 or 1250."""

_AWAL_BUKAN_TEKS = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(teks: str) -> Any:
    """Give a plain scalar its YAML 1.2 core-schema meaning."""
    if teks and teks[0] not in _AWAL_BUKAN_TEKS:
        return teks
    if teks in _NULL:
        return None
    if teks in _TRUE:
        return True
    if teks in _FALSE:
        return False
    if _INT_DESIMAL.fullmatch(teks):
        if len(teks) > 50:  # no real figure is this long; int() refuses > 4300 digits
            return teks
        return int(teks)
    if _INT_OKTAL.fullmatch(teks):
        return int(teks[2:], 8)
    if _INT_HEKSA.fullmatch(teks):
        return int(teks[2:], 16)
    if _FLOAT.fullmatch(teks):
        return float(teks)
    if teks in _INF:
        return float("inf")
    if teks in _NEG_INF:
        return float("-inf")
    if teks in _NAN:
        return float("nan")
    return teks


def presisi_hilang(teks: str, nilai: float) -> bool:
    """Return whether a float read from `teks` is not the number written: more significant
    digits than a float holds (`1.2345678901234567890`), or too small to hold (`1e-400` → 0)."""
    if len(teks) <= 16 and "e" not in teks and "E" not in teks:
        return False  # at most 15 significant digits (a sign and a dot besides): a float keeps them
    return math.isfinite(nilai) and Decimal(teks) != Decimal(repr(nilai))
