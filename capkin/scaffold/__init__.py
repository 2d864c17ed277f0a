"""Scaffolding for data repositories: new offices, new files, sign-offs, CODEOWNERS, workflows."""

from __future__ import annotations

from importlib.resources import files

PASANG_CAPKIN = "@PASANG_CAPKIN@"
"""Marker in the workflow templates replaced by the command that installs capkin."""

ALUR_KERJA = ("validate.yml", "comment.yml", "publish.yml")
"""The GitHub Actions workflows every data repository gets, by file name."""


def teks_templat(nama: str) -> str:
    """Return the text of a template shipped in capkin/scaffold/files/ (e.g. 'sop.yml')."""
    return (files("capkin.scaffold") / "files" / nama).read_text(encoding="utf-8")


def panduan_markdown() -> str:
    """Return the staff guide (PANDUAN.md, Bahasa Indonesia) as Markdown."""
    return teks_templat("PANDUAN.md")


def alur_kerja(pasang: str) -> dict[str, str]:
    """Return the workflows by repo path, with `pasang` as the step that installs capkin."""
    return {
        f".github/workflows/{nama}": teks_templat(f"workflows/{nama}").replace(
            PASANG_CAPKIN, pasang
        )
        for nama in ALUR_KERJA
    }
