"""The names offices' sites give themselves, against `rekap.yml`: a site that names itself
as another office of the roll-up is not counted (its figures would count twice, or under the
wrong office), nor is a copy of an earlier one (the same name and figures: one site listed
twice), and other sites giving one name are pointed out on the home page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from capkin.rekap.config import Kantor, Rekap

if TYPE_CHECKING:
    from capkin.rekap.sources import HasilAmbil

_CAPAIAN = attrgetter("capaian")


def sidik_angka(periode: list[Any]) -> str:
    """Return a digest of the figures of an office's period documents: each period's total,
    counts and approval, and every indicator's capaian, as a regency's totals read them."""
    bagian = [
        (
            d.tahun,
            d.periode,
            d.capaian_total,
            d.jumlah_indikator,
            d.indikator_tercapai,
            d.disahkan is not None,
            # hash() of floats is the same in every process (of None, not before Python 3.12)
            hash(tuple([-1.0 if c is None else c for c in map(_CAPAIAN, d.indikator)])),
        )
        for d in periode
    ]
    return hashlib.blake2b(repr(bagian).encode(), digest_size=16).hexdigest()


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


def salinan_situs(hasil: Iterable[HasilAmbil]) -> list[tuple[HasilAmbil, str]]:
    """Return the fetched offices that are a copy of an earlier one in `rekap.yml`: the same
    name for itself and the same figures (`HasilAmbil.sidik`), each with the reason. One site
    listed twice under other names would count twice in the regency's means; offices that
    only share a name (their figures differ) are counted, and pointed out by `nama_sama`."""
    pertama: dict[tuple[str, str], HasilAmbil] = {}
    salinan = []
    for h in hasil:
        if not h.berhasil or h.instansi is None or h.sidik is None:
            continue
        asli = pertama.setdefault((_nama_baku(h.instansi), h.sidik), h)
        if asli is h:
            continue
        salinan.append(
            (
                h,
                f"situsnya salinan situs kantor '{asli.kantor.id}' (nama instansi "
                f"'{h.instansi[:200]}' dan angka yang sama di semua periode); angkanya tidak "
                "direkap agar tidak terhitung dua kali. Periksa 'sumber' kantor ini di rekap.yml "
                "(mungkin menunjuk ke situs kantor lain)",
            )
        )
    return salinan
