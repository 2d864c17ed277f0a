"""One build at a time per repository, and a site/ that is never left half-written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import capkin, tulis, tulis_data_minimal

from capkin.errors import CapkinError
from capkin.site import PilihanPdf, bangun
from capkin.site.lock import kunci_bangun

TANGGAL = date(2025, 7, 20)


def test_a_second_build_while_one_runs_is_refused_with_a_message(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    with kunci_bangun(tmp_path):
        hasil = capkin(tmp_path, "build", "--no-pdf")
        assert hasil.exit_code == 1, hasil.output
        assert hasil.exception is None or isinstance(hasil.exception, SystemExit)
        assert "sedang membangun situs repo ini" in hasil.stderr
        assert "tunggu sampai selesai" in hasil.stderr
        assert "Traceback" not in hasil.output
        assert not (tmp_path / "docs").exists() and not (tmp_path / "site").exists()
        with pytest.raises(CapkinError, match="sedang membangun"):
            bangun(tmp_path, pdf=PilihanPdf.TIDAK)
    # the lock is released with its holder
    assert bangun(tmp_path, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL).halaman > 0


def test_a_failed_build_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    hasil = bangun(tmp_path, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    sebelum = {p.relative_to(hasil.out): p.read_bytes() for p in hasil.out.rglob("*.html")}
    # a theme template that fails while MkDocs is writing pages (after it emptied site_dir)
    tulis(
        tmp_path,
        "site_templates/tema/main.html",
        '{% extends "base.html" %}{% block content %}{{ tidak_ada.x }}{% endblock %}',
    )
    with pytest.raises(CapkinError, match="MkDocs gagal"):
        bangun(tmp_path, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    sesudah = {p.relative_to(hasil.out): p.read_bytes() for p in hasil.out.rglob("*.html")}
    assert sesudah == sebelum
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_three_builds_started_at_once_never_crash(tmp_path: Path) -> None:
    """The attack as reported: three `capkin build` in one folder at once."""
    import subprocess
    import sys

    tulis_data_minimal(tmp_path)
    perintah = [sys.executable, "-m", "capkin", "-C", str(tmp_path), "build", "--no-pdf"]
    proses = [
        subprocess.Popen(perintah, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    keluaran = [p.communicate(timeout=300)[1] for p in proses]
    hasil = [(p.returncode, stderr) for p, stderr in zip(proses, keluaran, strict=True)]
    for kode, stderr in hasil:
        assert "Traceback" not in stderr, stderr
        assert kode == 0 or (kode == 1 and "sedang membangun situs repo ini" in stderr), stderr
    assert any(kode == 0 for kode, _ in hasil)
    assert (tmp_path / "site/index.html").is_file()
    assert not any(p.name.startswith(".site.") for p in tmp_path.iterdir())


@pytest.mark.parametrize("nama", [".site.baru", "docs"])
def test_a_planted_symlink_never_makes_the_build_write_outside(tmp_path: Path, nama: str) -> None:
    root = tmp_path / "repo"
    tulis_data_minimal(root)
    luar = tmp_path / "luar"
    luar.mkdir()
    (luar / ".capkin-docs").write_text("", encoding="utf-8")
    (root / nama).symlink_to(luar)
    try:
        bangun(root, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    except CapkinError as exc:
        assert nama == "docs" and "bukan folder biasa" in str(exc)
    else:
        assert nama != "docs"
        assert (root / "site/index.html").is_file() and not (root / "site").is_symlink()
    assert [p.name for p in luar.iterdir()] == [".capkin-docs"]
