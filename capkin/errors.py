"""Problems found in data and the one error hierarchy the CLI catches."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass


class Tingkat(enum.StrEnum):
    """How serious a problem is."""

    GALAT = "galat"
    PERINGATAN = "peringatan"


@dataclass(frozen=True, order=True)
class Masalah:
    """One located problem: where, what, and how to fix it (in Bahasa Indonesia)."""

    berkas: str
    baris: int
    kolom: int
    tingkat: Tingkat
    kode: str
    pesan: str

    def __str__(self) -> str:
        tempat = self.berkas
        if self.baris:
            tempat += f":{self.baris}:{self.kolom}"
        return _satu_baris(f"{tempat}: {self.tingkat.value}: {self.pesan}")

    def as_json(self) -> dict[str, object]:
        """Return the problem in the shape of `validate --format json`."""
        return {
            "berkas": self.berkas,
            "baris": self.baris,
            "kolom": self.kolom,
            "tingkat": self.tingkat.value,
            "kode": self.kode,
            "pesan": self.pesan,
        }


def urutkan(masalah: Iterable[Masalah]) -> list[Masalah]:
    """Return the problems without repeats, in their order (by file, line, column, ...).

    The same order as comparing `Masalah`s, by one tuple each: sorting a regency's 10,000
    warnings with the dataclass's own comparison costs a tenth of a second.
    """
    return sorted(
        set(masalah), key=lambda m: (m.berkas, m.baris, m.kolom, m.tingkat, m.kode, m.pesan)
    )


_ARAH = "\u202a-\u202e\u2066-\u2069"
"""Bidirectional embeddings, overrides and isolates: they show what follows reversed."""
_KENDALI = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_ARAH}]")
_KENDALI_ARAH = re.compile(f"[{_ARAH}]")


def tanpa_arah(teks: str) -> str:
    """Escape bidirectional controls (as \\u202e), for text shown outside a problem line."""
    return _KENDALI_ARAH.sub(lambda m: repr(m.group())[1:-1], teks)


def _satu_baris(teks: str) -> str:
    """Escape control characters so one problem is one line (no forged CI commands), and
    bidirectional overrides, which would show the rest of the line reversed."""
    return _KENDALI.sub(lambda m: repr(m.group())[1:-1], teks)


class CapkinError(Exception):
    """Base of every error capkin reports to a person; its text is the message."""

    exit_code = 1


class UsageError(CapkinError):
    """The command was called in a way that cannot work (wrong folder, unknown period)."""

    exit_code = 2


class DataError(CapkinError):
    """Data could not be read or is invalid; carries every problem found."""

    def __init__(self, masalah: Iterable[Masalah]) -> None:
        self.masalah = sorted(masalah)
        super().__init__("\n".join(str(m) for m in self.masalah))


def ribuan(n: int) -> str:
    """Return a whole number the Indonesian way, for messages: 5242881 -> "5.242.881"."""
    from babel.numbers import (
        format_decimal,  # only when a message needs it: babel is slow to import
    )

    return format_decimal(n, locale="id")


def galat(berkas: str, baris: int, kolom: int, kode: str, pesan: str) -> Masalah:
    """Build an error-level problem."""
    return Masalah(berkas, baris, kolom, Tingkat.GALAT, kode, pesan)


def peringatan(berkas: str, baris: int, kolom: int, kode: str, pesan: str) -> Masalah:
    """Build a warning-level problem."""
    return Masalah(berkas, baris, kolom, Tingkat.PERINGATAN, kode, pesan)
