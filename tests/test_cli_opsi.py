"""Options every command shares are declared once, in cli/options.py."""

from __future__ import annotations

import ast

import click
import pytest
from click.testing import CliRunner
from factories import capkin
from sumber import PAKET

from capkin.cli.options import PILIHAN_PDF, opsi_pdf
from capkin.site import PilihanPdf

BERSAMA = {
    "--unit",
    "--tanggal",
    "--out",
    "--tahun",
    "--periode",
    "--format",
    "--pdf",
    "--port",
    "--dasar",
}


def test_shared_options_are_declared_only_in_options() -> None:
    tempat: dict[str, list[str]] = {}
    for path in sorted((PAKET / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "option"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in BERSAMA
            ):
                tempat.setdefault(path.name, []).append(str(node.args[0].value))
    assert set(tempat) == {"options.py"}, tempat
    assert sorted(tempat["options.py"]) == sorted(BERSAMA)


def test_pdf_choices_are_the_enum() -> None:
    assert tuple(p.value for p in PilihanPdf) == PILIHAN_PDF


@click.command()
@opsi_pdf("PDF.")
def _perintah(pdf: str) -> None:
    click.echo(pdf)


@pytest.mark.parametrize(
    ("argumen", "pdf"),
    [
        ((), "semua"),
        (("--pdf", "terakhir"), "terakhir"),
        (("--pdf", "tidak"), "tidak"),
        (("--no-pdf",), "tidak"),
        (("--pdf-terakhir",), "terakhir"),
        (("--pdf-semua",), "semua"),
    ],
)
def test_pdf_choice_and_its_old_flags(argumen: tuple[str, ...], pdf: str) -> None:
    hasil = CliRunner().invoke(_perintah, list(argumen))
    assert hasil.exit_code == 0, hasil.output
    assert hasil.output == pdf + "\n"


@pytest.mark.parametrize("perintah", ["build", "serve"])
def test_help_shows_the_pdf_choice_not_the_old_flags(perintah: str) -> None:
    keluaran = capkin(None, perintah, "--help").output
    assert "--pdf [semua|terakhir|tidak]" in keluaran
    assert "--no-pdf" not in keluaran and "--pdf-terakhir" not in keluaran


def test_a_bad_pdf_choice_is_a_usage_error() -> None:
    hasil = capkin(None, "build", "--pdf", "sebagian")
    assert hasil.exit_code == 2
    assert "'sebagian' bukan pilihan yang sah" in hasil.output
