"""JSON text that people can read and that stays fast at a regency's size.

`json.dumps(..., indent=2)` runs the pure-Python encoder, about ten times slower than the
compact C one: the register of 10,000 commits took seconds just to print. `json_rapi`
indents only the outer levels and writes each inner value with the C encoder on one line:
valid JSON, readable, one record per line (easy to grep and to diff).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

_TEKS = json.JSONEncoder(ensure_ascii=False).encode
"""`json.dumps(x, ensure_ascii=False)` without building an encoder for each value."""


def json_rapi(nilai: Any, tingkat: int = 2) -> str:
    """Return `nilai` as JSON, indented two spaces for its outer `tingkat` levels."""
    return _rapi(nilai, tingkat, "")


def _rapi(nilai: Any, tingkat: int, pad: str) -> str:
    kunci_teks = not isinstance(nilai, dict) or all(isinstance(k, str) for k in nilai)
    if tingkat <= 0 or not nilai or not isinstance(nilai, dict | list) or not kunci_teks:
        return _TEKS(nilai)
    dalam = pad + "  "
    if isinstance(nilai, list):
        return daftar_json([_rapi(v, tingkat - 1, dalam) for v in nilai], pad)
    isi = [f"{dalam}{_TEKS(k)}: {_rapi(v, tingkat - 1, dalam)}" for k, v in nilai.items()]
    return "{\n" + ",\n".join(isi) + "\n" + pad + "}"


def daftar_json(butir: list[str], pad: str = "") -> str:
    """Return a JSON list of items already written as JSON text, one a line, as `json_rapi`
    lays a list out (its items indented two spaces more than `pad`)."""
    if not butir:
        return "[]"
    dalam = pad + "  "
    return "[\n" + ",\n".join(dalam + b for b in butir) + "\n" + pad + "]"


def tulis_daftar_rapi(berkas: TextIO, butir: Iterable[Any], tingkat: int = 2) -> None:
    """Write the list of `butir` as `json_rapi(list(butir), tingkat)` writes it, one item at a
    time: a list too large to hold whole (a register of 10,000 commits) never is."""
    pertama = True
    for nilai in butir:
        berkas.write("[\n  " if pertama else ",\n  ")
        _tulis_rapi(berkas, nilai, tingkat - 1, "  ")
        pertama = False
    berkas.write("[]" if pertama else "\n]")


def _tulis_rapi(berkas: TextIO, nilai: Any, tingkat: int, pad: str) -> None:
    """Write `_rapi(nilai, tingkat, pad)` piece by piece: an item of a list written item by
    item may itself be large (a first commit adding a whole regency's files: ~50,000
    changes, tens of MB of text that would be joined in memory)."""
    kunci_teks = not isinstance(nilai, dict) or all(isinstance(k, str) for k in nilai)
    if tingkat <= 0 or not nilai or not isinstance(nilai, dict | list) or not kunci_teks:
        berkas.write(_TEKS(nilai))
        return
    dalam = pad + "  "
    pisah = "[\n" if isinstance(nilai, list) else "{\n"
    for kunci, v in enumerate(nilai) if isinstance(nilai, list) else nilai.items():
        berkas.write(pisah + dalam)
        if isinstance(kunci, str):
            berkas.write(f"{_TEKS(kunci)}: ")
        _tulis_rapi(berkas, v, tingkat - 1, dalam)
        pisah = ",\n"
    berkas.write("\n" + pad + ("]" if isinstance(nilai, list) else "}"))
