"""Pre-rendered HTML kept away from Markdown: the built site is the same, byte for byte."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from factories import buat_repo_situs, tulis

from capkin.errors import CapkinError
from capkin.render import Sisipan, buat_env
from capkin.render.markers import ATRIBUT
from capkin.site import PilihanPdf, bangun
from capkin.site.prerendered import pasang_sisipan

pytestmark = pytest.mark.slow

TANGGAL = date(2025, 7, 20)
DIBUNGKUS = ("laporan.md", "capaian.md", "lkjip.md", "indikator.md")
"""The packaged templates that keep their large HTML aside."""


def _indeks(out: Path) -> dict[str, dict[str, str]]:
    """Return the search index of a built site by location."""
    docs = json.loads((out / "search/search_index.json").read_text("utf-8"))["docs"]
    return {d["location"]: d for d in docs}


def _halaman(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.html")}


def test_pages_with_markers_equal_pages_through_markdown(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    buat_repo_situs(root)
    tulis(
        root,
        "mkdocs.yml",
        "site_name: Situs Uji\ntheme:\n  name: material\n  language: id\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n",
    )
    cepat = _halaman(bangun(root, tmp_path / "cepat", pdf=PilihanPdf.TIDAK, tanggal=TANGGAL).out)
    docs = [p.read_text("utf-8") for p in (root / "docs/laporan").glob("2*/*.md")]
    assert docs and all(ATRIBUT in teks for teks in docs)  # MkDocs saw markers, not tables
    # the same templates without `sisip`: every table goes through Python-Markdown as before
    paket = resources.files("capkin") / "templates"
    for nama in DIBUNGKUS:
        teks = (paket / nama).read_text("utf-8")
        assert "{% filter sisip %}" in teks, nama
        polos = teks.replace("{% filter sisip %}\n", "").replace("{% endfilter %}\n", "")
        tulis(root, f"site_templates/{nama}", polos)
    lambat = bangun(root, tmp_path / "lambat", pdf=PilihanPdf.TIDAK, tanggal=TANGGAL).out
    docs = [p.read_text("utf-8") for p in (root / "docs/laporan").glob("2*/*.md")]
    assert docs and not any(ATRIBUT in teks for teks in docs)
    assert cepat == _halaman(lambat)
    # the search index is the same, but for an indicator page's numbers table and change
    # list, which are kept aside: its definition and its hambatan/strategi stay searchable
    cari_cepat, cari_lambat = _indeks(tmp_path / "cepat"), _indeks(lambat)
    assert list(cari_cepat) == list(cari_lambat)
    indikator = [j for j in cari_cepat if j.startswith("indikator/") and "#" not in j]
    assert indikator
    for jalur, entri in cari_cepat.items():
        if not jalur.startswith("indikator/"):
            assert entri == cari_lambat[jalur], jalur
        elif jalur.endswith("#target-dan-realisasi-per-periode"):
            assert "Triwulan" in cari_lambat[jalur]["text"]
            assert "Triwulan" not in entri["text"]
        elif "#" not in jalur or "#hambatan" in jalur:
            assert entri == cari_lambat[jalur], jalur
    laporan = [h for j, h in cepat.items() if j.startswith("laporan/2") and "capkin-kop" in h]
    capaian = [h for j, h in cepat.items() if j.startswith("capaian/2")]
    lkjip = [h for j, h in cepat.items() if j.startswith("lkjip/2")]
    assert laporan and capaian and lkjip
    for html in cepat.values():
        assert ATRIBUT not in html
    for html in laporan:
        assert html.count("<h1") == 1  # the report's own heading; the theme adds none
        assert "data-capkin-sort" in html or "capkin-tabel" in html


def test_markers_only_where_a_render_keeps_them() -> None:
    env = buat_env(None)
    templat = env.from_string("<p>a</p>\n{% filter sisip %}\n<h1>x &amp; y</h1>\n{% endfilter %}\n")
    assert templat.render() == "<p>a</p>\n<h1>x &amp; y</h1>\n"  # the PDF: unchanged
    tempat = Sisipan()
    teks = templat.render(_sisipan=tempat)
    [(penanda, html)] = tempat.isi.items()
    assert teks == f"<p>a</p>\n{penanda}\n"
    assert html == "<h1>x &amp; y</h1>"
    assert "<h1" in penanda  # a theme that looks for the page's own heading still finds one


def test_a_marker_the_builder_changed_stops_the_build(tmp_path: Path) -> None:
    tempat = Sisipan()
    penanda = tempat.simpan("<table></table>")
    (tmp_path / "laporan").mkdir()
    (tmp_path / "laporan/a.html").write_text("<main></main>", "utf-8")
    with pytest.raises(CapkinError, match="penanda"):
        pasang_sisipan(tmp_path, {"laporan/a.md": tempat})
    (tmp_path / "laporan/a.html").write_text(f"<main>{penanda}</main>", "utf-8")
    pasang_sisipan(tmp_path, {"laporan/a.md": tempat})
    assert (tmp_path / "laporan/a.html").read_text("utf-8") == "<main><table></table></main>"
