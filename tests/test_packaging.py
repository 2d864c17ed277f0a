"""Packaging: pyproject.toml alone says what ships, and capkin finds its templates one way."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

from capkin.render.env import folder_templat

REPO = Path(__file__).resolve().parents[1]
PAKET = REPO / "capkin"


def _pola_data() -> list[str]:
    with (REPO / "pyproject.toml").open("rb") as f:
        konfig = tomllib.load(f)
    pola: list[str] = konfig["tool"]["setuptools"]["package-data"]["capkin"]
    return pola


def _cocok(berkas: str, pola: str) -> bool:
    # setuptools globs: '**' spans folders
    if pola.endswith("/**/*"):
        return berkas.startswith(pola.removesuffix("**/*"))
    return PurePosixPath(berkas).match(pola) and "/" not in berkas


def _berkas_data() -> list[str]:
    return sorted(
        p.relative_to(PAKET).as_posix()
        for p in PAKET.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    )


def test_no_build_script_beside_pyproject() -> None:
    assert not (REPO / "setup.py").exists()
    assert not (REPO / "setup.cfg").exists()
    assert not (REPO / "MANIFEST.in").exists()


def test_every_package_data_glob_matches_and_every_data_file_ships() -> None:
    berkas = _berkas_data()
    pola = _pola_data()
    for p in pola:
        assert any(_cocok(b, p) for b in berkas), f"{p} matches no file in capkin/"
    tertinggal = [b for b in berkas if not any(_cocok(b, p) for p in pola)]
    assert tertinggal == []
    assert "templates/beranda.md" in berkas and "scaffold/files/sop.yml" in berkas


def test_templates_are_found_one_way(tmp_path: Path) -> None:
    assert folder_templat(None) == [PAKET / "templates"]
    assert folder_templat(tmp_path) == [PAKET / "templates"]
    (tmp_path / "site_templates").mkdir()
    # a repository's own folder overrides capkin's, file by file
    assert folder_templat(tmp_path) == [tmp_path / "site_templates", PAKET / "templates"]
