"""The built site of a second office whose data carries HTML, Markdown and Jinja injection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_e2e_office import INSTANSI, commit, jalan, tulis_dinas

SERANGAN = "<script>alert('x')</script> {{ 7*7 }} ![](http://evil.example/x.png)"


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def situs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nama = "nama: Dinas Komunikasi dan Informatika Kabupaten Kulon Progo"
    root = tulis_dinas(
        tmp_path_factory.mktemp("situs"),
        instansi=INSTANSI.replace(nama, f"nama: {q('Dinas ' + SERANGAN)}"),
    )
    r_ikp = root / "data/2026/realisasi/TW1/bidang-ikp.yml"
    teks = r_ikp.read_text(encoding="utf-8")
    r_ikp.write_text(
        teks.replace(
            "hambatan: Kendala ikm.",
            "hambatan: "
            + q("</td><script>alert('td')</script>[x](javascript:alert(1)) " + SERANGAN),
        ),
        encoding="utf-8",
    )
    commit(root, "kabid-ikp", "Realisasi berisi teks berbahaya", "2026-04-09T09:00:00+07:00")
    r = jalan(root, "build", "--no-pdf")
    assert r.exit_code == 0, r.output
    return root / "site"


def semua_html(site: Path) -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in site.rglob("*.html")]


@pytest.mark.slow
def test_no_external_requests(situs: Path) -> None:
    for p, teks in semua_html(situs):
        for m in re.finditer(r"<(?:img|script|link|iframe)\b[^>]*?(?:src|href)=\"([^\"]+)\"", teks):
            assert not re.match(r"(https?:)?//", m.group(1)), (p, m.group(0))
        assert "javascript:alert" not in re.sub(
            r"&[#\w]+;", "", "".join(re.findall(r'href="[^"]*"', teks))
        ), p


@pytest.mark.slow
def test_hambatan_escaped(situs: Path) -> None:
    for p, teks in semua_html(situs):
        assert "<script>alert('td')" not in teks, p
        assert ">49<" not in teks, p


@pytest.mark.slow
def test_office_name_escaped(situs: Path) -> None:
    for p, teks in semua_html(situs):
        badan = re.sub(r"<title>.*?</title>", "", teks, flags=re.S)
        assert "<script>alert('x')" not in badan, p


@pytest.mark.slow
def test_report_approved_by_last_step_of_this_sop(situs: Path) -> None:
    teks = (situs / "laporan/2026/TW1.html").read_text(encoding="utf-8")
    assert "Belum disetujui" not in teks
    assert "Panewu" not in teks


@pytest.mark.slow
def test_symlink_out_of_repo_never_published(tmp_path: Path) -> None:
    import zipfile

    root = tulis_dinas(tmp_path / "repo")
    rahasia = tmp_path / "rahasia.txt"
    rahasia.write_text("GITHUB_TOKEN=ghp_RAHASIA\n", encoding="utf-8")
    (root / "data/2026/lampiran.txt").symlink_to(rahasia)
    commit(root, "kasubbag-prog", "Lampiran", "2026-10-10T09:00:00+07:00")
    b = jalan(root, "build", "--no-pdf")
    assert b.exit_code in (0, 1), b.output
    zip_data = root / "site/unduh/data.zip"
    bocor = zip_data.exists() and any(
        b"ghp_RAHASIA" in zipfile.ZipFile(zip_data).read(n)
        for n in zipfile.ZipFile(zip_data).namelist()
    )
    assert not bocor  # data.zip must never follow a link out of the repo
