"""Build inputs a pull request could change: mkdocs.yml may not run code, no symlink is copied."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from factories import capkin, instansi_yml, tulis, tulis_data_minimal

from capkin.errors import DataError
from capkin.site import PilihanPdf, bangun
from capkin.site.inputs import periksa_mkdocs

TANGGAL = date(2025, 7, 20)


def _build(root: Path) -> tuple[int, str]:
    hasil = capkin(root, "build", "--no-pdf")
    return hasil.exit_code, hasil.stderr


@pytest.mark.parametrize(
    ("mkdocs", "baris_kolom", "pesan"),
    [
        ("hooks:\n  - ../hook.py\n", "mkdocs.yml:2:1", "kunci 'hooks' tidak diizinkan"),
        ("hooks:\n  - hook.py\n", "mkdocs.yml:2:1", "kunci 'hooks' tidak diizinkan"),
        (
            'extra:\n  x: !!python/object/apply:builtins.exec [\'open("{penanda}", "w")\']\n',
            "mkdocs.yml:3:6",
            "tag YAML 'tag:yaml.org,2002:python/object/apply:builtins.exec' tidak diizinkan",
        ),
        (
            "extra:\n  x: !!python/name:hook.jalan\n",
            "mkdocs.yml:3:6",
            "tidak diizinkan",
        ),
        ("extra:\n  rahasia: !ENV GITHUB_TOKEN\n", "mkdocs.yml:3:12", "tag YAML '!ENV'"),
        ("INHERIT: lain.yml\n", "mkdocs.yml:2:1", "kunci 'INHERIT' tidak diizinkan"),
        ("markdown_extensions:\n  - toc\n  - hook\n", "mkdocs.yml:4:5", "ekstensi Markdown 'hook'"),
        (
            "markdown_extensions:\n  - hook:\n      x: 1\n",
            "mkdocs.yml:3:5",
            "ekstensi Markdown 'hook'",
        ),
        # a merge key brings keys in too: MkDocs' loader resolves it
        ("<<: {hooks: [../../../hook.py]}\n", "mkdocs.yml:2:6", "kunci 'hooks' tidak diizinkan"),
        ("<<: [{INHERIT: lain.yml}]\n", "mkdocs.yml:2:7", "kunci 'INHERIT' tidak diizinkan"),
        ("<<: {markdown_extensions: [hook]}\n", "mkdocs.yml:2:28", "ekstensi Markdown 'hook'"),
        ("theme:\n  <<: {custom_dir: /etc}\n", "mkdocs.yml:3:20", "di luar"),
        ("plugins:\n  - search\n  - hook\n", "mkdocs.yml:4:5", "plugin MkDocs 'hook'"),
        ("plugins:\n  search: {}\n  tags: {}\n", "mkdocs.yml:4:3", "plugin MkDocs 'tags'"),
        ("theme:\n  name: material\n  custom_dir: /etc\n", "mkdocs.yml:4:15", "di luar"),
    ],
)
def test_mkdocs_yml_that_would_run_code_is_refused_with_its_place(
    tmp_path: Path, mkdocs: str, baris_kolom: str, pesan: str
) -> None:
    root = tmp_path / "repo"
    tulis_data_minimal(root)
    penanda = tmp_path / "dijalankan"
    tulis(root, "hook.py", f"open({str(penanda)!r}, 'w').close()\njalan = 1\n")
    tulis(tmp_path, "hook.py", f"open({str(penanda)!r}, 'w').close()\n")
    tulis(root, "lain.yml", "hooks: [hook.py]\n")
    tulis(root, "mkdocs.yml", "site_name: Uji\n" + mkdocs.replace("{penanda}", str(penanda)))
    kode, stderr = _build(root)
    assert kode == 1, stderr
    assert f"{baris_kolom}: galat: " in stderr and pesan in stderr, stderr
    assert not penanda.exists()
    assert not (root / "site").exists()


def test_python_modules_of_the_repository_never_run_during_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `python -m mkdocs` run from the repository would import its `mkdocs/` package
    root = tmp_path / "repo"
    tulis_data_minimal(root)
    penanda = tmp_path / "dijalankan"
    kode_jahat = f"open({str(penanda)!r}, 'w').close()\n"
    tulis(root, "mkdocs/__init__.py", kode_jahat)
    tulis(root, "mkdocs/__main__.py", kode_jahat)
    monkeypatch.chdir(root)
    _build(root)
    assert not penanda.exists()


@pytest.mark.parametrize(
    ("templat", "jahat_di_depan"),
    [
        # site_templates/ overrides capkin's templates; a plain Jinja environment would let
        # one run any command during `capkin build` (in the publishing workflow)
        ("beranda.md", False),
        # capkin's own page templates render outside the sandbox, unless one of the templates
        # they include or import is the repository's: then they are sandboxed too
        ("_makro.html", True),
    ],
    ids=["templat-halaman", "berkas-makro"],
)
def test_a_template_of_the_repository_cannot_reach_python(
    tmp_path: Path, templat: str, jahat_di_depan: bool
) -> None:
    root = tmp_path / "repo"
    tulis_data_minimal(root)
    penanda = tmp_path / "dijalankan"
    asli = (Path(__file__).parent.parent / "capkin/templates" / templat).read_text("utf-8")
    jahat = f"{{{{ cycler.__init__.__globals__.os.popen('touch {penanda}').read() }}}}\n"
    tulis(root, f"site_templates/{templat}", jahat + asli if jahat_di_depan else asli + jahat)
    kode, stderr = _build(root)
    assert not penanda.exists()
    assert kode == 1
    assert "templat di site_templates/ mengakses atribut" in stderr


def test_only_wholly_own_templates_render_outside_the_sandbox(tmp_path: Path) -> None:
    from capkin.render import buat_env

    paket = buat_env(tmp_path)
    assert paket.get_template("capaian.md").environment is not paket  # capkin's own
    tulis(tmp_path, "site_templates/_makro.html", "{% macro status(st) %}{% endmacro %}\n")
    tulis(tmp_path, "site_templates/unduh.md", "Unduh\n")
    env = buat_env(tmp_path)
    for nama in ("capaian.md", "laporan.md", "laporan_cetak.html", "unduh.md"):
        assert env.get_template(nama).environment is env, nama  # it or an include is the repo's
    assert env.get_template("panduan.md").environment is not env
    assert env.get_template("unduh.md").render() == "Unduh\n"


def test_a_theme_override_of_the_repository_cannot_reach_python(tmp_path: Path) -> None:
    # site_templates/tema/ is MkDocs' custom_dir: its templates are rendered by MkDocs
    root = tmp_path / "repo"
    tulis_data_minimal(root)
    penanda = tmp_path / "dijalankan"
    perintah = f"lipsum.__globals__['os'].popen('touch {penanda}').read()"
    tulis(
        root,
        "site_templates/tema/main.html",
        '{% extends "base.html" %}\n{% block content %}{{ super() }}{{ '
        + perintah
        + " }}{% endblock %}\n",
    )
    kode, stderr = _build(root)
    assert not penanda.exists()
    assert kode == 1
    assert "MkDocs gagal membangun situs" in stderr


def test_search_and_the_plugins_the_office_allows_pass(tmp_path: Path) -> None:
    tulis(tmp_path, "mkdocs.yml", "site_name: Uji\nplugins:\n  - search\n  - tags:\n      x: 1\n")
    [m] = periksa_mkdocs(tmp_path)
    assert (m.baris, m.kolom, m.kode) == (4, 5, "mkdocs-tidak-aman")
    assert "pengaturan.plugin_mkdocs" in m.pesan
    assert periksa_mkdocs(tmp_path, ["tags"]) == []
    emoji = "markdown_extensions:\n  - toc\n  - pymdownx.emoji:\n      emoji_index: "
    tulis(tmp_path, "mkdocs.yml", emoji + "!!python/name:material.extensions.emoji.twemoji\n")
    assert periksa_mkdocs(tmp_path) == []


def test_plugin_mkdocs_is_read_from_instansi(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    teks = instansi_yml() + "pengaturan:\n  plugin_mkdocs: [search]\n"
    tulis(tmp_path, "data/instansi.yml", teks)
    tulis(tmp_path, "mkdocs.yml", "site_name: Uji\nplugins:\n  - search\n")
    assert bangun(tmp_path, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL).halaman > 0
    tulis(tmp_path, "data/instansi.yml", instansi_yml() + "pengaturan:\n  plugin_mkdocs: [A B]\n")
    kode, stderr = _build(tmp_path)
    assert kode == 1 and "data/instansi.yml:" in stderr and "plugin_mkdocs" in stderr


@pytest.mark.parametrize(
    "tautan", ["site_templates/assets/leak.txt", "bukti/2025/surat.pdf", "site_templates/tema"]
)
def test_a_symlink_in_a_copied_folder_is_refused_and_never_published(
    tmp_path: Path, tautan: str
) -> None:
    root = tmp_path / "repo"
    tulis_data_minimal(root)
    rahasia = tmp_path / "rahasia.txt"
    rahasia.write_text("RAHASIA-MESIN\n", encoding="utf-8")
    (root / tautan).parent.mkdir(parents=True, exist_ok=True)
    (root / tautan).symlink_to(rahasia if not tautan.endswith("tema") else tmp_path)
    kode, stderr = _build(root)
    assert kode == 1, stderr
    assert f"{tautan}: galat: {tautan} adalah symlink" in stderr
    situs = root / "site"
    assert not situs.exists() or not any(
        "RAHASIA-MESIN" in p.read_text("utf-8", "replace") for p in situs.rglob("*") if p.is_file()
    )
    with pytest.raises(DataError):
        bangun(root, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    os.unlink(root / tautan)
    assert bangun(root, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL).halaman > 0


def test_validate_reports_what_build_would_refuse(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    tulis(tmp_path, "mkdocs.yml", "site_name: Uji\nhooks:\n  - hook.py\n")
    hasil = capkin(tmp_path, "validate", "--format", "github")
    assert hasil.exit_code == 1
    assert "::error file=mkdocs.yml,line=2,col=1::kunci 'hooks' tidak diizinkan" in hasil.output
