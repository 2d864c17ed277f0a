"""Layers point one way: no part of capkin imports from a part built on top of it."""

from __future__ import annotations

import ast
import graphlib

from sumber import PAKET, modul_yang_memuat


def _bagian(modul: str) -> str:
    """Return the part of capkin a dotted module belongs to: its subpackage or module."""
    return modul.split(".")[1] if "." in modul else modul


def _impor() -> dict[str, set[str]]:
    """Return, for every part of capkin, the other parts it imports (at any depth)."""
    graf: dict[str, set[str]] = {}
    for path in PAKET.rglob("*.py"):
        modul = ".".join(path.relative_to(PAKET.parent).with_suffix("").parts)
        asal = _bagian(modul.removesuffix(".__init__"))
        tujuan = graf.setdefault(asal, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            nama = []
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                nama = [node.module]
            elif isinstance(node, ast.Import):
                nama = [a.name for a in node.names]
            tujuan |= {_bagian(n) for n in nama if n.startswith("capkin.")} - {asal}
    return graf


def test_parts_of_capkin_import_without_a_cycle() -> None:
    """No arrow runs back up: every import of one part by another, at any depth, counts."""
    graf = _impor()
    try:
        urutan = list(graphlib.TopologicalSorter(graf).static_order())
    except graphlib.CycleError as exc:
        raise AssertionError(
            f"import cycle {' -> '.join(exc.args[1])}: move what both need to a lower module"
        ) from None
    lantai: dict[str, int] = {}
    for nama in urutan:  # a part's floor: one above the highest part it imports
        lantai[nama] = 1 + max((lantai[k] for k in graf.get(nama, ())), default=-1)
    assert lantai["errors"] == lantai["models"] == 0
    assert lantai["dataset"] < lantai["validation"] < lantai["scaffold"] < lantai["cli"]
    assert lantai["render"] < lantai["site"] < lantai["cli"]
    assert lantai["cli"] == max(lantai[n] for n in graf if n != "__main__")


def test_validation_does_not_import_scaffold() -> None:
    assert "scaffold" not in _impor()["validation"]


def _impor_click(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "click"
    return isinstance(node, ast.Import) and any(a.name.split(".")[0] == "click" for a in node.names)


def test_only_the_cli_imports_click() -> None:
    pengimpor = modul_yang_memuat(_impor_click)
    assert pengimpor and all(m.startswith("cli/") for m in pengimpor), pengimpor


def test_no_two_modules_share_a_file_name() -> None:
    nama: dict[str, list[str]] = {}
    for path in PAKET.rglob("*.py"):
        if path.name != "__init__.py":
            nama.setdefault(path.name, []).append(str(path.relative_to(PAKET)))
    assert not {n: p for n, p in nama.items() if len(p) > 1}


def test_models_package_holds_no_names() -> None:
    """Each model has one import path, its own module: `capkin.models.realisasi_model`."""
    pohon = ast.parse((PAKET / "models" / "__init__.py").read_text(encoding="utf-8"))
    assert all(isinstance(n, ast.Expr) for n in pohon.body), "import a model from its module"
