"""Click's own messages in Bahasa Indonesia, without changing Click for anyone else."""

from __future__ import annotations

import click
import click.core
from click.testing import CliRunner
from factories import capkin


def test_clicks_messages_are_indonesian_in_capkin() -> None:
    hasil = capkin(None, "--tidak-ada")
    assert hasil.exit_code == 2
    assert "Tidak ada opsi '--tidak-ada'." in hasil.output
    assert "Pemakaian:" in hasil.output
    bantuan = capkin(None, "validate", "--help")
    assert bantuan.exit_code == 0 and "Opsi:" in bantuan.output


def test_other_click_programs_keep_clicks_own_messages() -> None:
    capkin(None, "--tidak-ada")  # capkin ran first in this process

    @click.command()
    def lain() -> None:
        """Another program."""

    hasil = CliRunner().invoke(lain, ["--nope"])
    assert "No such option: --nope" in hasil.output or "No such option '--nope'" in hasil.output
    assert "Usage:" in hasil.output
    assert vars(click.core)["_"]("Options") == "Options"  # click's gettext, restored


def test_the_version_option_is_described_in_indonesian() -> None:
    hasil = capkin(None, "--help")
    assert hasil.exit_code == 0
    assert "Show the version" not in hasil.output
    assert "-V, --version" in hasil.output and "versi" in hasil.output.split("--version", 1)[1]
