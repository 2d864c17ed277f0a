"""The typed context of the Unduh page: every period's downloads."""

from __future__ import annotations

from dataclasses import dataclass

from capkin.layout import api_periode, unduhan_capaian
from capkin.render.env import KonteksPeriode


@dataclass(frozen=True)
class Unduhan(KonteksPeriode):
    """The downloads of one period."""

    tahun: int
    periode: str
    csv: str
    xlsx: str
    json: str
    pdf: str | None


def unduhan(tahun: int, periode: str, pdf: str | None) -> Unduhan:
    """Return the docs-relative paths of a period's downloads."""
    return Unduhan(
        tahun,
        periode,
        unduhan_capaian(tahun, periode, "csv"),
        unduhan_capaian(tahun, periode, "xlsx"),
        api_periode(tahun, periode),
        pdf,
    )
