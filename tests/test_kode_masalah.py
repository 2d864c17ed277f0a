"""The problem-code registry: every code a check reports is listed, with level and fix hint."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from sumber import PAKET

from capkin.errors import Tingkat
from capkin.kode_masalah import DAFTAR, KODE, perbarui_panduan
from capkin.scaffold import panduan_markdown

POLA_KODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
POSISI = {"galat": (1, 2, 3), "peringatan": (2, 3), "gagal": (1,), "_galat": (2,)}
"""Where the code stands among the arguments of the calls that report a problem."""


def _kode_di_sumber() -> dict[str, set[tuple[Tingkat | None, str]]]:
    """Return every code the source reports, with the level of each call and where it is."""
    kode: dict[str, set[tuple[Tingkat | None, str]]] = defaultdict(set)
    for path in sorted(PAKET.rglob("*.py")):
        nama_berkas = path.relative_to(PAKET).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            letak = f"{nama_berkas}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                f = node.func
                nama = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                for i in POSISI.get(nama, ()):
                    if i + 1 < len(node.args):
                        a = node.args[i]
                        if isinstance(a, ast.Constant) and POLA_KODE.match(str(a.value)):
                            t = Tingkat.PERINGATAN if nama == "peringatan" else Tingkat.GALAT
                            kode[str(a.value)].add((t, letak))
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                # the translation of pydantic's errors returns (code, message)
                e = node.value.elts
                if (
                    len(e) == 2
                    and isinstance(e[0], ast.Constant)
                    and POLA_KODE.match(str(e[0].value))
                ):
                    kode[str(e[0].value)].add((None, letak))
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for sasaran in node.targets:
                    if (
                        isinstance(sasaran, ast.Name)
                        and "KODE" in sasaran.id
                        and POLA_KODE.match(str(node.value.value))
                    ):
                        kode[str(node.value.value)].add((None, letak))
    return kode


def test_every_reported_code_is_listed_and_every_listed_code_is_reported() -> None:
    di_sumber = _kode_di_sumber()
    assert len(di_sumber) > 100
    baru = sorted(set(di_sumber) - set(KODE))
    assert not baru, (
        f"codes reported but not listed in capkin/kode_masalah.py: {baru} "
        f"(at {[sorted(di_sumber[k])[0][1] for k in baru]}); add a line for each, then run "
        "python -m capkin.kode_masalah PANDUAN.md capkin/scaffold/files/PANDUAN.md"
    )
    assert sorted(set(KODE) - set(di_sumber)) == [], "listed codes no check reports any more"


def test_each_call_reports_its_code_at_the_listed_level() -> None:
    panggilan = [
        (kode, t, letak)
        for kode, tempat in _kode_di_sumber().items()
        for t, letak in tempat
        if t is not None and kode in KODE
    ]
    assert len(panggilan) > 140  # the calls found, so the level check cannot pass on none
    assert [(k, t.value, letak) for k, t, letak in panggilan if KODE[k].tingkat is not t] == []


def test_entries_are_sorted_and_complete() -> None:
    assert [k.kode for k in DAFTAR] == sorted(KODE)
    for k in DAFTAR:
        assert POLA_KODE.match(k.kode)
        assert k.arti and k.saran, k.kode
        assert not k.arti.endswith(".") and "…" not in k.arti + k.saran, k.kode


def test_the_guides_list_the_codes_as_generated() -> None:
    for teks in (
        (Path(__file__).resolve().parents[1] / "PANDUAN.md").read_text(encoding="utf-8"),
        panduan_markdown(),
    ):
        assert perbarui_panduan(teks) == teks, (
            "PANDUAN's list of codes is out of date: run python -m capkin.kode_masalah "
            "PANDUAN.md capkin/scaffold/files/PANDUAN.md"
        )
        assert "`rujukan-tidak-dikenal` | galat |" in teks
