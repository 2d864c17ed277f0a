"""The names offices' sites give themselves, against `rekap.yml`: a site that names itself
as another office of the roll-up is not counted (its figures would count twice, or under the
wrong office), and several sites giving one name are pointed out on the home page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from capkin.rekap.config import Kantor, Rekap

if TYPE_CHECKING:
    from capkin.rekap.sources import HasilAmbil


def _nama_baku(nama: str) -> str:
    return " ".join(nama.casefold().split())


def mengaku_kantor_lain(rekap: Rekap, hasil: Iterable[HasilAmbil]) -> list[tuple[HasilAmbil, str]]:
    """Return the fetched offices whose site names itself as another office of `rekap.yml`,
    each with the reason: its figures would be counted twice, or under the wrong office."""
    menurut_nama: dict[str, Kantor] = {}
    for k in rekap.kantor:
        menurut_nama.setdefault(_nama_baku(k.nama), k)
    hasil_klaim = []
    for h in hasil:
        if not h.berhasil or h.instansi is None:
            continue
        lain = menurut_nama.get(_nama_baku(h.instansi))
        if lain is None or lain.id == h.kantor.id or lain.nama == h.kantor.nama:
            continue
        hasil_klaim.append(
            (
                h,
                f"situsnya menyebut dirinya '{h.instansi[:200]}', yaitu kantor '{lain.id}' di "
                f"rekap.yml, bukan '{h.kantor.nama[:200]}'; angkanya tidak direkap agar tidak "
                "terhitung dua kali. Periksa 'sumber' kantor ini (mungkin menunjuk ke situs "
                "kantor lain), atau minta kantor membetulkan nama instansinya",
            )
        )
    return hasil_klaim


def nama_sama(hasil: Iterable[HasilAmbil]) -> list[tuple[str, tuple[str, ...]]]:
    """Return each name that several fetched offices' sites give themselves, with their ids:
    if they are one site listed twice, its figures count twice in the regency's means."""
    per_nama: dict[str, list[HasilAmbil]] = {}
    for h in hasil:
        if h.berhasil and h.instansi is not None:
            per_nama.setdefault(_nama_baku(h.instansi), []).append(h)
    return [
        (d[0].instansi or "", tuple(h.kantor.id for h in d))
        for d in per_nama.values()
        if len(d) > 1
    ]
