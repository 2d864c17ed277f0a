"""README's command table stays true: every command it names exists, with its options and help."""

from __future__ import annotations

import re
from pathlib import Path

import click
from factories import capkin

from capkin.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def _perintah_readme() -> list[str]:
    """Return every `capkin …` invocation written in the table of README's Commands section."""
    teks = README.read_text(encoding="utf-8")
    bagian = teks.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    baris = [b for b in bagian.splitlines() if b.startswith("|")]
    return [k for b in baris for k in re.findall(r"`(capkin [^`]+)`", b)]


def _cari(kata: list[str]) -> tuple[list[str], click.Command]:
    """Return the command path and the command named by the words after `capkin`."""
    jalur: list[str] = []
    perintah: click.Command = main
    for k in kata:
        if not isinstance(perintah, click.Group) or k not in perintah.commands:
            break
        jalur.append(k)
        perintah = perintah.commands[k]
    return jalur, perintah


def test_readme_lists_commands() -> None:
    assert len(_perintah_readme()) >= 15


def test_every_command_in_readme_exists_with_its_options_and_its_help_runs() -> None:
    diperiksa: set[str] = set()
    for tulisan in _perintah_readme():
        kata = tulisan.split()[1:]
        jalur, perintah = _cari(kata)
        assert jalur, f"README names a command capkin does not have: {tulisan}"
        assert not isinstance(perintah, click.Group), f"README names a group only: {tulisan}"
        opsi = {o for p in perintah.params for o in (*p.opts, *p.secondary_opts)}
        for nama in re.findall(r"(?<![\w-])--?[a-zA-Z][\w-]*", tulisan):
            assert nama in opsi, f"{tulisan}: {' '.join(jalur)} has no option {nama}"
        nama_perintah = " ".join(jalur)
        if nama_perintah in diperiksa:
            continue
        diperiksa.add(nama_perintah)
        hasil = capkin(None, *jalur, "--help")
        assert hasil.exit_code == 0, hasil.output
        assert "Contoh:" in hasil.output, f"capkin {nama_perintah} --help has no example"
    assert len(diperiksa) >= 12


def test_panduan_tells_another_office_how_to_add_its_own_roles() -> None:
    """Section 8 lists the SOP's five roles; a Dinas needs peran_tambahan, and its example parses."""
    import yaml

    from capkin.models.instansi_model import Pengaturan
    from capkin.scaffold import panduan_markdown

    bagian = panduan_markdown().split("## 8.", 1)[1].split("## 9.", 1)[0]
    contoh = re.search(r"`(peran_tambahan: \[.*?\])`", bagian)
    assert contoh, "PANDUAN bagian 8 tidak menyebut pengaturan.peran_tambahan"
    pengaturan = Pengaturan.model_validate(yaml.safe_load(contoh.group(1)))
    assert [r.id for r in pengaturan.peran_tambahan] == ["kepala-dinas"]
    assert "`pelaksana`" in bagian
