"""Field-level differences between two versions of a data file, named in domain terms.

Lists of items are matched by their domain identity, never by position: realisasi
entries by `indikator`, sasaran and indicators by `id`, steps by `no`, surat by `nomor`,
units and officials by `id`. A list whose items cannot be matched that way (old,
invalid data) is compared as one value.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from capkin.history.model import Perubahan
from capkin.layout import kenali_berkas


@dataclass(frozen=True)
class KonteksBerkas:
    """What a data file is, from its path: kind, domain label and the keys it implies."""

    jenis: str
    label: str
    tahun: int | None = None
    periode: str | None = None
    unit: str | None = None


@functools.lru_cache(maxsize=8192)
def konteks_berkas(berkas: str) -> KonteksBerkas:
    """Return the kind and domain label of a repo-relative data file path."""
    letak = kenali_berkas(berkas)
    if letak is not None:
        jenis, tahun, unit = letak.jenis, letak.tahun, letak.unit
        periode = letak.periode.value if letak.periode else None
        if jenis == "perjanjian-kinerja":
            label = f"perjanjian-kinerja {tahun}"
        elif jenis == "realisasi":
            label = f"realisasi {periode} {tahun} · {unit}"
        elif jenis in {"siklus", "anggaran"}:
            label = f"{jenis} {periode} {tahun}"
        else:
            label = jenis
        return KonteksBerkas(jenis, label, tahun, periode, unit)
    label = berkas.removeprefix("data/")
    return KonteksBerkas("lain", label)


@dataclass(frozen=True)
class Isi:
    """A version of a file: its plain data, or why its contents cannot be compared."""

    data: Any = None
    galat: str | None = None
    """Set when the file did not parse at this version (the reason, in Bahasa Indonesia)."""
    bukan_yaml: bool = False
    """Set for files that are not YAML: they are listed, never compared field by field."""


@dataclass(frozen=True)
class _Aturan:
    """How items of one list are identified and named."""

    kunci: str
    segmen: Callable[[Any], str]
    entitas: bool
    """Whole items are reported as one change when added or removed."""
    lepas_induk: bool = False
    """The label restarts at the file label (an indicator is named without its sasaran)."""
    info: Callable[[dict[str, Any]], dict[str, Any]] = lambda _item: {}


_ATURAN: dict[str, dict[tuple[str, ...], _Aturan]] = {
    "instansi": {
        ("unit",): _Aturan("id", lambda k: f"unit {k}", True, info=lambda i: {"unit": i.get("id")}),
        ("pejabat",): _Aturan(
            "id", lambda k: f"pejabat {k}", True, info=lambda i: {"unit": i.get("unit")}
        ),
        ("pengaturan", "peran_tambahan"): _Aturan("id", lambda k: f"peran {k}", True),
    },
    "sop": {("langkah",): _Aturan("no", lambda k: f"langkah {k}", True)},
    "perjanjian-kinerja": {
        ("sasaran",): _Aturan("id", str, False),
        ("sasaran", "indikator"): _Aturan(
            "id",
            str,
            True,
            lepas_induk=True,
            info=lambda i: {"indikator": i.get("id"), "unit": i.get("penanggung_jawab")},
        ),
    },
    "realisasi": {
        ("realisasi",): _Aturan(
            "indikator", str, True, info=lambda i: {"indikator": i.get("indikator")}
        ),
    },
    "siklus": {
        ("langkah",): _Aturan(
            "no", lambda k: f"langkah {k}", True, info=lambda i: {"langkah": i.get("no")}
        ),
        ("surat",): _Aturan("nomor", lambda k: f"surat {k}", True),
    },
}


def sama(a: Any, b: Any) -> bool:
    """Return whether two plain values are equal, telling 1, 1.0 and true apart."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(sama(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(sama(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def _sama_cepat(a: Any, b: Any) -> bool:
    """Return `sama(a, b)` for whole items, in C where possible.

    `==` alone takes 1, 1.0 and true for equal; their JSON texts tell them apart.
    """
    try:
        return bool(a == b) and json.dumps(a) == json.dumps(b)
    except (TypeError, ValueError):
        return sama(a, b)


def _indeks(daftar: list[Any], kunci: str) -> dict[Any, Any] | None:
    """Index list items by key; None when an item lacks a usable, unique key."""
    hasil: dict[Any, Any] = {}
    for item in daftar:
        if not isinstance(item, dict):
            return None
        k = item.get(kunci)
        if k is None or isinstance(k, dict | list | bool) or k in hasil:
            return None
        hasil[k] = item
    return hasil


class _Pembanding:
    def __init__(self, berkas: str, ctx: KonteksBerkas) -> None:
        self.berkas = berkas
        self.ctx = ctx
        self.aturan = _ATURAN.get(ctx.jenis, {})
        self.hasil: list[Perubahan] = []

    def catat(
        self,
        jenis: str,
        label: tuple[str, ...],
        lama: Any,
        baru: Any,
        info: dict[str, Any],
        medan: str | None,
        catatan: str | None = None,
    ) -> None:
        self.hasil.append(
            Perubahan(
                berkas=self.berkas,
                jalur=" · ".join(label),
                jenis=jenis,
                lama=lama,
                baru=baru,
                catatan=catatan,
                tahun=self.ctx.tahun,
                periode=self.ctx.periode,
                unit=_teks(info.get("unit")) or self.ctx.unit,
                indikator=_teks(info.get("indikator")),
                langkah=info.get("langkah") if isinstance(info.get("langkah"), int) else None,
                medan=medan,
            )
        )

    def nilai(
        self,
        struktur: tuple[str, ...],
        label: tuple[str, ...],
        lama: Any,
        baru: Any,
        info: dict[str, Any],
        medan: str | None,
        entitas: bool,
    ) -> None:
        """Compare one value; `entitas` marks a whole item reported as one change."""
        if lama is baru:  # a version read against the one before shares what did not change
            return
        if entitas and _sama_cepat(lama, baru):
            return
        # mappings and keyed lists are walked once, leaves compared on the way
        if isinstance(lama, dict) and isinstance(baru, dict):
            for k in [*baru, *(k for k in lama if k not in baru)]:
                kunci = str(k)
                # a keyed list is named by its items, not by its key
                seg = () if (*struktur, kunci) in self.aturan else (kunci,)
                self.nilai(
                    (*struktur, kunci),
                    (*label, *seg),
                    lama.get(k),
                    baru.get(k),
                    info,
                    medan or kunci,
                    False,
                )
            return
        if isinstance(lama, list | None) and isinstance(baru, list | None):
            aturan = self.aturan.get(struktur)
            if aturan is not None and self.daftar(
                aturan, struktur, label, lama or [], baru or [], info
            ):
                return
        if sama(lama, baru):
            return
        if (lama is None or baru is None) and not entitas and isinstance(lama or baru, dict):
            # a container appeared or vanished: report what it held
            self.nilai(struktur, label, lama or {}, baru or {}, info, medan, False)
            return
        jenis = "tambah" if lama is None else "hapus" if baru is None else "ubah"
        self.catat(jenis, label, lama, baru, info, medan)

    def daftar(
        self,
        aturan: _Aturan,
        struktur: tuple[str, ...],
        label: tuple[str, ...],
        lama: list[Any],
        baru: list[Any],
        info: dict[str, Any],
    ) -> bool:
        """Compare a list item by item; False when its items cannot be matched."""
        idx_lama, idx_baru = _indeks(lama, aturan.kunci), _indeks(baru, aturan.kunci)
        if idx_lama is None or idx_baru is None:
            return False
        induk = (self.ctx.label,) if aturan.lepas_induk else label
        for k in [*idx_baru, *(k for k in idx_lama if k not in idx_baru)]:
            item_lama, item_baru = idx_lama.get(k), idx_baru.get(k)
            if item_lama is item_baru:
                continue
            contoh: dict[str, Any] = item_baru or item_lama or {}
            info_item = {**info, **{a: b for a, b in aturan.info(contoh).items() if b is not None}}
            label_item = (*induk, aturan.segmen(k))
            if item_lama is None or item_baru is None:
                if aturan.entitas:
                    self.catat(
                        "tambah" if item_lama is None else "hapus",
                        label_item,
                        item_lama,
                        item_baru,
                        info_item,
                        None,
                    )
                else:
                    # the item's identity is in its label already
                    isi = {a: b for a, b in contoh.items() if a != aturan.kunci}
                    lama_isi, baru_isi = ({}, isi) if item_lama is None else (isi, {})
                    self.nilai(struktur, label_item, lama_isi, baru_isi, info_item, None, False)
                continue
            self.nilai(struktur, label_item, item_lama, item_baru, info_item, None, True)
        return True


def _teks(nilai: Any) -> str | None:
    return str(nilai) if isinstance(nilai, str | int) and not isinstance(nilai, bool) else None


TIDAK_TERBACA = "berkas tidak dapat dibaca pada commit ini"


def bandingkan(
    berkas: str, lama: Isi | None, baru: Isi | None, berkas_lama: str | None = None
) -> list[Perubahan]:
    """Return the changes from one version of a data file to the next.

    `None` stands for a file that does not exist; `berkas_lama` is the old path of a
    renamed file.
    """
    ctx = konteks_berkas(berkas)
    p = _Pembanding(berkas, ctx)
    label = (ctx.label,)
    if berkas_lama is not None and berkas_lama != berkas:
        p.catat("pindah", label, berkas_lama, berkas, {}, None, f"dipindahkan dari {berkas_lama}")
    if lama is None and baru is None:
        return p.hasil
    if lama is None or baru is None:
        ada = baru if baru is not None else lama
        assert ada is not None
        jenis = "tambah" if lama is None else "hapus"
        catatan = "berkas baru" if lama is None else "berkas dihapus"
        if ada.galat is not None and baru is not None:
            catatan = f"{catatan}; {TIDAK_TERBACA}: {ada.galat}"
        p.catat(jenis, label, None, None, {}, None, catatan)
        if ada.galat is None and not ada.bukan_yaml and isinstance(ada.data, dict):
            if lama is None:
                p.nilai((), label, {}, ada.data, {}, None, False)
            else:
                p.nilai((), label, ada.data, {}, {}, None, False)
        return p.hasil
    if baru.galat is not None:
        p.catat("ubah", label, None, None, {}, None, f"{TIDAK_TERBACA}: {baru.galat}")
    elif lama.galat is not None:
        p.catat(
            "ubah",
            label,
            None,
            None,
            {},
            None,
            "isi sebelumnya tidak dapat dibaca; berkas kini dapat dibaca kembali",
        )
    elif baru.bukan_yaml or lama.bukan_yaml:
        if berkas_lama is None or not sama(lama.data, baru.data):
            p.catat("ubah", label, None, None, {}, None, "isi berkas diubah")
    elif isinstance(lama.data, dict) and isinstance(baru.data, dict):
        p.nilai((), label, lama.data, baru.data, {}, None, False)
    elif not sama(lama.data, baru.data):
        p.catat("ubah", label, lama.data, baru.data, {}, None)
    return p.hasil
