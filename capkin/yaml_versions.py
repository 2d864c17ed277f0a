"""Reading a file's next version against the one before (`baca_versi`).

The history reads every version of every data file; most commits change a value or two, so
a version that differs from the one before only in plain `key: value` lines is patched, not
parsed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from capkin.yaml_scalars import ANGKA_RAGU, presisi_hilang, resolve_plain
from capkin.yamlio import Dokumen, Jalur, dokumen_dari_teks, teks_berkas


@dataclass(frozen=True)
class Versi:
    """A version of a file as read, kept to read its next version against (`baca_versi`)."""

    teks: str
    dokumen: Dokumen
    skalar: dict[tuple[int, int], Jalur]
    """Plain scalars on one line outside flow collections, by 0-based (line, column)."""


_BARIS_SEDERHANA = re.compile(
    r"( *(?:- )*[A-Za-z_][A-Za-z0-9_-]*: )"
    r"((?:[A-Za-z0-9_.+(]|-(?=[A-Za-z0-9_.]))(?:[A-Za-z0-9_ .,+/()%'-]*[A-Za-z0-9_.,+/()%'-])?)"
)
"""`key: value` (maybe after `- `) where the value is a plain scalar of safe ASCII to the end of
the line: no comment, quote, colon, flow bracket, anchor, tag or trailing space."""

_PISAH_BARIS_LAIN = re.compile("[\r\t\x85\u2028\u2029]")
"""Characters that make libyaml count lines (or indentation) other than `str.split("\\n")`."""


def baca_versi(
    data: bytes, berkas: str, sebelumnya: Versi | None = None, *, posisi: bool = True
) -> Versi:
    """Read a file's version strictly, as `baca_bytes` does, keeping what the next one needs.

    Without `posisi` the document keeps no positions of its values (the history compares
    data alone, and holds a version of every file at once: they would cost it ~60 MB on a
    regency's tree); a version read so passes none to the one read against it.

    With `sebelumnya` (the version before, of the same file), a text that differs from it only
    in the plain values of simple `key: value` lines is not parsed again: the previous data
    is copied along the changed paths and the new values given their YAML 1.2 meaning. Such
    a line cannot change the document's structure: its scalar starts where a one-line plain
    scalar outside flow collections started before, it still ends the line, and every other
    line is the same. Anything else is parsed in full.
    """
    teks = teks_berkas(data, berkas)
    if sebelumnya is not None:
        dokumen = _tambal(sebelumnya, teks, berkas)
        if dokumen is not None:
            return Versi(teks, dokumen, sebelumnya.skalar)
    skalar: dict[tuple[int, int], Jalur] = {}
    dokumen = dokumen_dari_teks(teks, berkas, skalar)
    if not posisi:
        dokumen = Dokumen(berkas, dokumen.data, angka_ragu=dokumen.angka_ragu)
    if _PISAH_BARIS_LAIN.search(teks):
        skalar = {}
    return Versi(teks, dokumen, skalar)


def _tambal(lama: Versi, teks: str, berkas: str) -> Dokumen | None:
    """Return the document of `teks` from the version before it, None when it must be parsed."""
    if not lama.skalar:
        return None
    baris_lama, baris_baru = lama.teks.split("\n"), teks.split("\n")
    if len(baris_lama) != len(baris_baru):
        return None
    data, angka_ragu = lama.dokumen.data, lama.dokumen.angka_ragu
    for i, (a, b) in enumerate(zip(baris_lama, baris_baru, strict=True)):
        if a == b:
            continue
        cocok_lama, cocok_baru = _BARIS_SEDERHANA.fullmatch(a), _BARIS_SEDERHANA.fullmatch(b)
        if cocok_lama is None or cocok_baru is None or cocok_lama[1] != cocok_baru[1]:
            return None
        jalur = lama.skalar.get((i, len(cocok_lama[1])))
        if jalur is None:
            return None
        sekarang, dulu = resolve_plain(cocok_lama[2]), lama.dokumen.nilai(jalur)
        if type(sekarang) is not type(dulu) or sekarang != dulu:
            return None  # not the value read before: parse in full rather than guess
        teks_nilai = cocok_baru[2]
        nilai = resolve_plain(teks_nilai)
        if isinstance(nilai, float) and presisi_hilang(teks_nilai, nilai):
            return None  # the full read reports it
        data = _ganti(data, jalur, nilai)
        ragu = isinstance(nilai, float) and ANGKA_RAGU.fullmatch(teks_nilai) is not None
        if ragu or jalur in angka_ragu:
            angka_ragu = {k: v for k, v in angka_ragu.items() if k != jalur}
            if ragu:
                angka_ragu[jalur] = teks_nilai
    d = lama.dokumen
    return Dokumen(berkas, data, d.posisi, d.posisi_kunci, angka_ragu)


def _ganti(data: Any, jalur: Jalur, nilai: Any) -> Any:
    """Return `data` with the value at `jalur` replaced, copying only the containers on the way."""
    if not jalur:
        return nilai
    salinan = data.copy()
    salinan[jalur[0]] = _ganti(data[jalur[0]], jalur[1:], nilai)
    return salinan
