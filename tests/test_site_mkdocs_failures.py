"""When MkDocs fails, a person reads in Bahasa Indonesia which file they edited is wrong,
where, and how to fix it, with MkDocs' own line below, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import capkin, tulis, tulis_data_minimal

pytestmark = pytest.mark.slow

KASUS = {
    "tautan di templat kantor": (
        {"site_templates/beranda.md": "# Beranda\n\nLihat [halaman](tidak-ada.md) ini.\n"},
        "site_templates/beranda.md:3:17: galat: tautan 'tidak-ada.md' di halaman index.md "
        "menunjuk halaman yang tidak ada di situs; perbaiki tujuannya",
        "Doc file 'index.md' contains a link 'tidak-ada.md'",
    ),
    "tautan di PANDUAN.md": (
        {"PANDUAN.md": "# Panduan\n\nBaca [bab dua](bab2.md#mulai).\n"},
        "PANDUAN.md:3:16: galat: tautan 'bab2.md#mulai' di halaman panduan.md menunjuk "
        "halaman yang tidak ada di situs",
        "Doc file 'panduan.md' contains a link 'bab2.md#mulai'",
    ),
    "pengaturan mkdocs.yml yang tidak dikenal": (
        {"mkdocs.yml": "site_name: Uji\ntheme:\n  name: material\nnav_tambahan: 1\n"},
        "mkdocs.yml:4:1: galat: pengaturan 'nav_tambahan' tidak dikenal MkDocs; periksa ejaannya",
        "Config value 'nav_tambahan': Unrecognised configuration name: nav_tambahan",
    ),
    "pilihan ekstensi salah eja": (
        {"mkdocs.yml": "site_name: Uji\nmarkdown_extensions:\n  - toc:\n      permalnk: true\n"},
        "mkdocs.yml:4:7: galat: pilihan 'permalnk' tidak dikenal oleh ekstensi Markdown 'toc'",
        "KeyError: 'permalnk'",
    ),
    "custom_dir yang tidak ada": (
        {"mkdocs.yml": "site_name: Uji\ntheme:\n  name: material\n  custom_dir: tema_kantor\n"},
        "mkdocs.yml:4:3: galat: folder tema custom_dir 'tema_kantor' tidak ada",
        "Config value 'theme': The path set in custom_dir",
    ),
    "templat tema memperluas templat yang tidak ada": (
        {"site_templates/tema/main.html": '{% extends "dasar.html" %}\n'},
        "site_templates/tema/main.html:1:1: galat: templat 'dasar.html' tidak ada di tema",
        "jinja2.exceptions.TemplateNotFound: 'dasar.html' not found",
    ),
    "sintaks templat tema salah": (
        {
            "site_templates/tema/main.html": '{% extends "base.html" %}\n{% block content %}\n'
            "{{ page.content }\n{% endblock %}\n"
        },
        "site_templates/tema/main.html:3:1: galat: sintaks Jinja salah di templat tema",
        "jinja2.exceptions.TemplateSyntaxError: unexpected '}'",
    ),
    "templat di custom_dir kantor": (
        {
            "mkdocs.yml": "site_name: Uji\ntheme:\n  name: material\n  custom_dir: tema_kantor\n",
            "tema_kantor/main.html": '{% extends "base.html" %}\n{% block content %}\n'
            "{{ page.content | tidak_ada }}\n{% endblock %}\n",
        },
        "tema_kantor/main.html:3:1: galat: sintaks Jinja salah di templat tema (No filter named",
        "TemplateAssertionError: No filter named 'tidak_ada'",
    ),
}


@pytest.mark.parametrize("kasus", list(KASUS))
def test_a_mkdocs_failure_names_the_file_a_person_edited(tmp_path: Path, kasus: str) -> None:
    berkas, pesan, asli = KASUS[kasus]
    tulis_data_minimal(tmp_path)
    for nama, teks in berkas.items():
        tulis(tmp_path, nama, teks)
    hasil = capkin(tmp_path, "build", "--no-pdf")
    assert hasil.exit_code == 1, hasil.output
    stderr = hasil.stderr
    assert "galat: MkDocs gagal membangun situs" in stderr
    assert pesan in stderr, stderr
    baris = stderr.splitlines()
    i = next(n for n, b in enumerate(baris) if pesan in b)
    assert baris[i + 1].startswith("    MkDocs: ") and asli in baris[i + 1], stderr
    assert "Traceback" not in stderr and '  File "' not in stderr, stderr
    assert "Perbaiki berkas yang disebut di atas" in stderr
