"""The typed context of a year's Perjanjian Kinerja page."""

from __future__ import annotations

from dataclasses import dataclass

from capkin.models.perjanjian_kinerja_model import PerjanjianKinerja
from capkin.render.site_data import DataSitus


@dataclass(frozen=True)
class KonteksPk:
    """A year's perjanjian kinerja."""

    pk: PerjanjianKinerja
    pihak_pertama: str
    nama_unit: dict[str, str]

    @property
    def tahun(self) -> int:
        """Return the agreement's year (validation holds it to its folder's)."""
        return self.pk.tahun


def konteks_pk(s: DataSitus, tahun: int) -> KonteksPk:
    """Build a Perjanjian Kinerja page's context."""
    pk = s.ds.tahun[tahun].pk
    assert pk is not None
    pertama = s.nama_jabatan(pk.pihak_pertama, pk.pihak_pertama)
    return KonteksPk(pk, pertama, {u.id: u.nama for u in s.instansi.unit})
