"""The site and PDF publish approved reports as approved (issue 11), in a real build and browser."""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Iterator
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    RepoUji,
    capkin,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    tandatangani,
)
from pypdf import PdfReader
from test_browser import Situs, _Diam

from capkin.api import jalur_periode
from capkin.layout import FOLDER_API
from capkin.site import PilihanPdf, bangun

pytestmark = [pytest.mark.slow]

REALISASI = "data/2025/realisasi/TW1/jawatan-umum.yml"
LAPORAN = "laporan/2025"
PDF = "laporan-data-capaian-kinerja-2025-TW1"


def _teks_pdf(path: Path) -> str:
    return " ".join(" ".join(h.extract_text() for h in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RepoUji]:
    """TW1 approved (ik1 = 80), then ik1 corrected to 84 in a later commit."""
    lama = {k: os.environ.get(k) for k in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")}
    os.environ.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    r = repo_minimal(tmp_path_factory.mktemp("beku") / "repo")
    (r.root / ".gitignore").write_text("docs/\n", encoding="utf-8")
    tandatangani(r, 6)
    r.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    yield r
    for k, v in lama.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module")
def berubah(repo: RepoUji, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built while the data differs from the approved TW1 report."""
    out = tmp_path_factory.mktemp("situs-berubah") / "site"
    return bangun(repo.root, out, pdf=PilihanPdf.SEMUA).out


def test_site_publishes_the_approved_figures_with_a_notice(berubah: Path) -> None:
    html = (berubah / LAPORAN / "TW1.html").read_text(encoding="utf-8")
    assert "Disahkan 22 April 2025 oleh Drs. SARJONO, M.Si. (commit" in html
    assert 'data-capkin="capaian-total">93,13 %' in html  # as approved, not 94,70 %
    assert "Perubahan setelah pengesahan" in html
    assert "ik1 · capaian: 94,12 % → 98,82 %" in html
    assert 'href="TW1-draf.html"' in html
    draf = (berubah / LAPORAN / "TW1-draf.html").read_text(encoding="utf-8")
    assert "Draf — belum disahkan" in draf
    assert 'data-capkin="capaian-total">94,70 %' in draf
    assert "93,13 %" in (berubah / "capaian/2025/TW1.html").read_text(encoding="utf-8")
    teks = _teks_pdf(berubah / LAPORAN / f"{PDF}.pdf")
    assert "Disahkan 22 April 2025" in teks and "93,13 %" in teks
    assert "Perubahan setelah pengesahan" in teks
    assert "93,13 %" in _teks_pdf(berubah / LAPORAN / f"{PDF}-v1.pdf")


def test_revisi_publishes_the_new_version_and_keeps_the_old(
    repo: RepoUji, berubah: Path, tmp_path: Path
) -> None:
    args = ["-C", str(repo.root), "sign", "--periode", "TW1", "--langkah", "6"]
    args += ["--oleh", "panewu", "--revisi", "--tanggal", "2025-05-02"]
    hasil = capkin(None, *args, "--alasan", "Koreksi realisasi ik1")
    assert hasil.exit_code == 0, hasil.output
    repo.commit("Pengesahan ulang TW1", oleh="panewu")
    out = bangun(repo.root, tmp_path / "situs", pdf=PilihanPdf.SEMUA, tanggal=date(2025, 7, 1)).out
    html = (out / LAPORAN / "TW1.html").read_text(encoding="utf-8")
    assert "Disahkan ulang (revisi 1) 2 Mei 2025 oleh Drs. SARJONO, M.Si." in html
    assert "Koreksi realisasi ik1" in html
    # committed with the Panewu's email, unsigned: the report says that is all it proves
    bukti = 'tanda tangan <span data-capkin="bukti"><strong>email cocok, tanpa tanda tangan'
    assert bukti in html
    assert "<td>email cocok, tanpa tanda tangan kriptografis</td>" in html  # versions table
    assert "tanda tangan email cocok, tanpa tanda tangan kriptografis" in _teks_pdf(
        out / LAPORAN / f"{PDF}.pdf"
    )
    api = json.loads((out / FOLDER_API / jalur_periode(2025, "TW1")).read_text(encoding="utf-8"))
    assert api["disahkan"]["revisi"] == 1
    assert api["disahkan"]["bukti"] == "email cocok, tanpa tanda tangan kriptografis"
    assert 'data-capkin="capaian-total">94,70 %' in html
    assert "Perubahan setelah pengesahan" not in html
    assert not (out / LAPORAN / "TW1-draf.html").exists()
    assert 'data-versi="1"' in html and 'data-versi="2"' in html
    assert f'href="{PDF}-v1.pdf"' in html and f'href="{PDF}-v2.pdf"' in html
    assert "93,13 %" in _teks_pdf(out / LAPORAN / f"{PDF}-v1.pdf")
    assert "94,70 %" in _teks_pdf(out / LAPORAN / f"{PDF}-v2.pdf")
    repo.git("reset", "-q", "--hard", "HEAD~1")  # back to the module's state


def test_the_approved_report_keeps_the_conclusion_it_was_approved_with(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    disahkan = siklus_yml("TW1", LANGKAH_TW1) + "kesimpulan: Belum tercapai.\n"
    r.commit("Langkah 6", {SIKLUS_TW1: disahkan}, oleh="panewu")
    baru = disahkan.replace("Belum tercapai.", "Tercapai seluruhnya.")
    r.commit("Ubah kesimpulan", {SIKLUS_TW1: baru}, oleh="kasubbag-kpe")
    out = bangun(r.root, pdf=PilihanPdf.TIDAK, tanggal=date(2025, 7, 1)).out
    html = (out / LAPORAN / "TW1.html").read_text(encoding="utf-8")
    assert "Perubahan setelah pengesahan" in html
    assert '<p class="capkin-teks">Belum tercapai.' in html
    assert '<p class="capkin-teks">Tercapai seluruhnya.' not in html
    draf = (out / LAPORAN / "TW1-draf.html").read_text(encoding="utf-8")
    assert '<p class="capkin-teks">Tercapai seluruhnya.' in draf


def test_a_period_not_approved_is_marked_draft(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    out = bangun(r.root, pdf=PilihanPdf.TIDAK, tanggal=date(2025, 7, 1)).out
    html = (out / LAPORAN / "TW1.html").read_text(encoding="utf-8")
    assert "Draf — belum disahkan." in html
    assert "Versi yang disahkan" not in html


@pytest.mark.browser
def test_browser_shows_the_notice_and_links_to_the_draft(
    berubah: Path, request: pytest.FixtureRequest
) -> None:
    pergi = request.getfixturevalue("buka")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Diam, directory=str(berubah)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        situs = Situs("beku", berubah.parent, berubah, url, server)
        halaman = pergi(situs, f"{LAPORAN}/TW1.html")
        catatan = halaman.locator("#perubahan-setelah-pengesahan")
        assert catatan.is_visible()
        assert catatan.locator(".admonition-title").inner_text() == "Perubahan setelah pengesahan"
        assert "94,12 % → 98,82 %" in catatan.inner_text()
        halaman.get_by_role("link", name="Lihat perhitungan terkini (draf)").click()
        halaman.wait_for_url("**/TW1-draf.html")
        assert halaman.locator('strong[data-capkin="capaian-total"]').inner_text() == "94,70 %"
        assert pergi.kunjungan.galat == [] and pergi.kunjungan.luar == []
    finally:
        server.shutdown()
        server.server_close()
