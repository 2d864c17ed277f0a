"""The pull-request comment shows data as written: no mention, link, image, HTML or broken table.

Rendered with cmarkgfm (GitHub's own cmark fork, GFM extensions) and checked for what GitHub
adds after rendering (mentions, issue references), which no renderer shows.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from factories import PK_LENGKAP, RepoUji, isolasi_git, tulis_data_lengkap
from hypothesis import given
from hypothesis import strategies as st
from test_diff import PK, diff

from capkin.diff.markdown import teks_md

TAG_TABEL = {"table", "thead", "tbody", "tr", "th", "td", "code", "strong", "p"}

KORPUS = [
    "@octocat",
    "cc @kantor/tim-kpe",
    "[Login ulang](https://evil.example/login)",
    "[Login ulang][1]\n\n[1]: https://evil.example",
    "![logo](https://evil.example/pixel.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!-- capkin-diff -->",
    "<details open><summary>klik</summary>",
    "<https://evil.example>",
    "https://evil.example/?d=1",
    "HTTPS://EVIL.EXAMPLE",
    "www.evil.example",
    "admin@evil.example",
    "mailto:admin@evil.example",
    "lihat #1 dan kantor/data#2 dan GH-3",
    "a | b | c",
    "a \\| b",
    "baris\nbaru\r\nlagi",
    "`",
    "nama`berkas`.yml",
    "`` ` ``",
    "**tebal** _miring_ ~~coret~~",
    "$\\sqrt{x}$ dan $$x$$",
    "&lt;b&gt; &amp; &#64;octocat",
    "\u202egnp.exe",
    "# judul",
    "> kutipan",
    "- [ ] tugas",
    "1. daftar",
    ":+1: :warning:",
    "\\",
    "\x00\x1b[31mmerah",
]


def render(sel: str) -> str:
    md = f"| a |\n|---|\n| {sel} |\n"
    html_sel: str = cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)
    return html_sel


def sel_html(keluaran: str) -> str:
    isi: list[str] = re.findall(r"<td>(.*?)</td>", keluaran, flags=re.S)
    [sel] = isi
    return sel


def _terlihat(isi: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", isi)).replace("\u200b", "")


def periksa(teks: str) -> None:
    keluaran = render(teks_md(teks))
    assert keluaran.count("<td>") == 1, keluaran  # the row stays one cell
    tag = {t.lower() for t in re.findall(r"</?([a-zA-Z][a-zA-Z0-9-]*)", keluaran)}
    assert tag <= TAG_TABEL, keluaran  # no a, img, script, details, em, del, …
    isi = sel_html(keluaran)
    # shown as written (one line, without control characters)
    tanpa_kendali = re.sub("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "", teks)
    assert _terlihat(isi) == " ".join(tanpa_kendali.split()), keluaran
    # GitHub links these in the rendered text: each is broken by a zero-width space
    teks_tampil = html.unescape(re.sub(r"<[^>]*>", "", isi))
    assert not re.search(r"@[A-Za-z0-9]", teks_tampil)
    assert not re.search(r"#[0-9A-Za-z]", teks_tampil)
    assert not re.search(r"(?i)[a-z0-9+.-]://|www\.|gh-[0-9]", teks_tampil)


@pytest.mark.parametrize("teks", KORPUS)
def test_corpus_of_attacks_is_shown_as_text(teks: str) -> None:
    periksa(teks)


@given(st.text())
def test_any_text_is_shown_as_written_and_inert(teks: str) -> None:
    periksa(teks)


@given(st.text(alphabet="@#[]()!<>`|*_~$&\\:/w.G-H \nab1", max_size=40))
def test_markdown_heavy_text_is_shown_as_written_and_inert(teks: str) -> None:
    periksa(teks)


def test_a_pull_request_comment_shows_hostile_data_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolasi_git(monkeypatch)
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_lengkap(repo.root)
    awal = repo.commit("Data awal", oleh="kasubbag-kpe")
    jahat = "@octocat [Login ulang](https://evil.example/login) <img src=x>"
    pk = PK_LENGKAP.replace("uraian: Indeks Kepuasan Masyarakat", f"uraian: '{jahat}'")
    ubah = repo.commit(
        "Uraian dan berkas aneh",
        {
            PK: pk.replace("target: 85\n", "target: 86\n"),
            "data/2025/realisasi/TW1/a`b|c.yml": "periode: TW1\n",
        },
        oleh="kasubbag-kpe",
    )
    kode, teks = diff(repo.root, awal, ubah)
    assert kode == 0, teks
    keluaran = cmarkgfm.github_flavored_markdown_to_html(teks, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in keluaran and "<img" not in keluaran
    assert "evil.example" in _terlihat(keluaran)
    assert not re.search(r"@octocat", html.unescape(re.sub(r"<[^>]*>", "", keluaran)))
    # the odd file name stays inside its <code>, in one table cell
    assert "<code>data/2025/realisasi/TW1/a`b|c.yml</code>" in keluaran
