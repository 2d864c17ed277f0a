"""The built sites in Debian's Chromium: every page type, numbers, no outside requests, axe.

Builds the repository's sample site and a generated two-year site once per session, serves
each from 127.0.0.1 and opens them with Playwright. Chromium must be installed
(`apt-get install -y chromium`): without it these tests fail, they do not skip.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from factories import buat_repo_situs, compute_json
from pypdf import PdfReader

from capkin.achievement import format_persen
from capkin.site import PilihanPdf, bangun

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
ARTEFAK = REPO / "test-artifacts"


class _Diam(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@dataclass
class Situs:
    """A built site served from 127.0.0.1."""

    nama: str
    root: Path
    out: Path
    url: str
    server: ThreadingHTTPServer
    luar: list[str] = field(default_factory=list)

    def compute(self, tahun: int, periode: str) -> dict[str, Any]:
        """Return `capkin compute --format json` of a period."""
        return compute_json(self.root, tahun, periode)


def _sajikan(nama: str, root: Path) -> Situs:
    hasil = bangun(root, pdf=PilihanPdf.SEMUA, tanggal=date(2025, 7, 20))
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Diam, directory=str(hasil.out))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Situs(nama, root, hasil.out, f"http://127.0.0.1:{server.server_address[1]}/", server)


def _salin_contoh(tujuan: Path) -> Path:
    """Copy the sample: a local clone when this checkout has full history (for the register)."""
    dangkal = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
        check=False,
    )
    if dangkal.returncode == 0 and dangkal.stdout.strip() == "false":
        subprocess.run(["git", "clone", "-q", str(REPO), str(tujuan)], check=True)
        shutil.rmtree(tujuan / "data")
    else:
        tujuan.mkdir(parents=True)
    shutil.copytree(REPO / "data", tujuan / "data")  # the working tree's sample data
    shutil.copy(REPO / "mkdocs.yml", tujuan / "mkdocs.yml")
    return tujuan


@pytest.fixture(scope="session")
def situs_semua(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Situs]]:
    """Build and serve the sample site (data/ of this repo) and a generated site."""
    contoh = _salin_contoh(tmp_path_factory.mktemp("contoh") / "repo")
    buatan = tmp_path_factory.mktemp("buatan") / "repo"
    buat_repo_situs(buatan)
    semua = {"contoh": _sajikan("contoh", contoh), "buatan": _sajikan("buatan", buatan)}
    yield semua
    for s in semua.values():
        s.server.shutdown()
        s.server.server_close()


def _jenis_halaman(situs: Situs) -> list[str]:
    """Return one page of every page type of a site (latest period), plus the indexes."""
    api = sorted((situs.out / "api").glob("[0-9]*/*.json"))
    tahun, periode = api[-1].parent.name, api[-1].stem
    kuartal = sorted(p for p in api if p.stem.startswith("TW"))[-1]
    ind = sorted((situs.out / "indikator").glob("*.html"))
    ind = [p for p in ind if p.name != "index.html"]
    return [
        "index.html",
        "capaian/index.html",
        f"capaian/{tahun}/{periode}.html",
        "indikator/index.html",
        f"indikator/{ind[0].name}",
        "laporan/index.html",
        f"laporan/{kuartal.parent.name}/{kuartal.stem}.html",
        "siklus/index.html",
        f"siklus/{kuartal.parent.name}/{kuartal.stem}.html",
        f"perjanjian-kinerja/{tahun}.html",
        f"lkjip/{tahun}.html",
        "riwayat.html",
        "unduh.html",
    ]


@pytest.mark.parametrize("nama", ["contoh", "buatan"])
def test_every_page_type_opens_cleanly_and_accessibly(
    situs_semua: dict[str, Situs], buka: Any, nama: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    situs = situs_semua[nama]
    axe = Axe()
    ARTEFAK.mkdir(exist_ok=True)
    for jalur in _jenis_halaman(situs):
        halaman = buka(situs, jalur)
        assert halaman.locator("h1").count() >= 1, jalur
        halaman.screenshot(
            path=ARTEFAK / f"{nama}-{jalur.replace('/', '_').removesuffix('.html')}.png",
            full_page=False,
        )
        hasil = axe.run(halaman)
        berat = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in hasil.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not berat, f"{nama}/{jalur}: {berat}"
        assert not buka.kunjungan.galat, f"{nama}/{jalur}: {buka.kunjungan.galat}"
    assert not buka.kunjungan.luar, f"permintaan keluar: {buka.kunjungan.luar}"


@pytest.mark.parametrize("nama", ["contoh", "buatan"])
def test_numbers_shown_equal_compute_json(
    situs_semua: dict[str, Situs], buka: Any, nama: str
) -> None:
    situs = situs_semua[nama]
    for api in sorted((situs.out / "api").glob("[0-9]*/*.json")):
        tahun, periode = int(api.parent.name), api.stem
        data = situs.compute(tahun, periode)
        halaman = buka(situs, f"capaian/{tahun}/{periode}.html")
        total = halaman.locator('[data-capkin="capaian-total"]').first.inner_text()
        assert total == format_persen(data["capaian_total"])
        for ind in data["indikator"]:
            sel = halaman.locator(f'tr[data-indikator="{ind["id"]}"] [data-capkin="capaian"]')
            assert sel.inner_text().splitlines()[0] == format_persen(ind["capaian"])
    # the Beranda shows the latest quarter's total
    kuartal = sorted(p for p in (situs.out / "api").glob("[0-9]*/TW*.json"))[-1]
    data = situs.compute(int(kuartal.parent.name), kuartal.stem)
    beranda = buka(situs, "index.html")
    teks = beranda.locator('[data-capkin="capaian-total"]').first.inner_text()
    assert teks == format_persen(data["capaian_total"])
    assert not buka.kunjungan.luar


def test_tables_sort_and_hostile_text_stays_text(situs_semua: dict[str, Situs], buka: Any) -> None:
    situs = situs_semua["buatan"]
    halaman = buka(situs, "capaian/2024/TW4.html")
    tabel = halaman.locator("table[data-capkin-sort]").nth(1)
    tabel.locator("thead th").nth(5).locator("button").click()
    kunci = tabel.locator("tbody tr td:nth-child(6)").evaluate_all(
        "els => els.map(e => e.getAttribute('data-sort'))"
    )
    angka = [float(k) for k in kunci if k]
    assert angka == sorted(angka)
    assert tabel.locator("thead th").nth(5).get_attribute("aria-sort") == "ascending"
    halaman = buka(situs, "indikator/ik1.html")
    assert halaman.locator('text=<script>alert("hambatan")</script>').count() >= 1
    assert not buka.kunjungan.galat


def test_sample_has_a_pdf_for_every_period_with_numbered_pages(
    situs_semua: dict[str, Situs],
) -> None:
    situs = situs_semua["contoh"]
    for api in sorted((situs.out / "api").glob("[0-9]*/*.json")):
        tahun, periode = api.parent.name, api.stem
        pdf = situs.out / f"laporan/{tahun}/laporan-data-capaian-kinerja-{tahun}-{periode}.pdf"
        assert pdf.is_file(), pdf
        if periode not in {"TW2", "tahunan"}:
            continue
        pembaca = PdfReader(pdf)
        n = len(pembaca.pages)
        for i, hal in enumerate(pembaca.pages, 1):
            assert f"Halaman {i} dari {n}" in hal.extract_text()
        data = situs.compute(int(tahun), periode)
        teks = " ".join(" ".join(h.extract_text() for h in pembaca.pages).split())
        assert f"sebesar {format_persen(data['capaian_total'])}" in teks


@pytest.fixture(scope="session")
def situs_rekap(
    situs_semua: dict[str, Situs], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Situs]:
    """A regency roll-up over the two served office sites (one over HTTP, one as a folder)."""
    from capkin.rekap.regency_site import bangun_rekap

    root = tmp_path_factory.mktemp("rekap")
    (root / "rekap.yml").write_text(
        "nama: Rekap Capaian Kinerja Kabupaten Uji\n"
        "kantor:\n"
        f"  - {{id: gamping, nama: Kapanewon Gamping, sumber: '{situs_semua['contoh'].url}'}}\n"
        f"  - {{id: buatan, nama: Kapanewon Buatan, sumber: '{situs_semua['buatan'].out}'}}\n"
        "  - {id: hilang, nama: Kapanewon Hilang, sumber: 'http://127.0.0.1:9/'}\n"
        "pengaturan: {batas_waktu_detik: 2}\n",
        encoding="utf-8",
    )
    hasil = bangun_rekap(root, tanggal=date(2025, 7, 20))
    assert hasil.out is not None and len(hasil.gagal) == 1
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Diam, directory=str(hasil.out))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Situs("rekap", root, hasil.out, f"http://127.0.0.1:{server.server_address[1]}/", server)
    server.shutdown()
    server.server_close()


def test_rekap_pages_open_cleanly_accessibly_and_sort(situs_rekap: Situs, buka: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    periode = sorted(situs_rekap.out.glob("periode/[0-9]*/*.html"))
    jalur_periode = periode[-1].relative_to(situs_rekap.out).as_posix()
    for jalur in (
        "index.html",
        "periode/index.html",
        jalur_periode,
        "kantor.html",
        "kantor/gamping.html",
        "indikator.html",
        "unduh.html",
    ):
        halaman = buka(situs_rekap, jalur)
        assert halaman.locator("h1").count() >= 1, jalur
        halaman.screenshot(
            path=ARTEFAK / f"rekap-{jalur.replace('/', '_').removesuffix('.html')}.png"
        )
        hasil = axe.run(halaman)
        berat = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in hasil.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not berat, f"rekap/{jalur}: {berat}"
        assert not buka.kunjungan.galat, f"rekap/{jalur}: {buka.kunjungan.galat}"
    halaman = buka(situs_rekap, "index.html")
    assert (
        halaman.locator('tr[data-kantor="hilang"]').inner_text().count("tidak dapat diambil") == 1
    )
    halaman = buka(situs_rekap, jalur_periode)
    tabel = halaman.locator("table[data-capkin-sort]").first
    tabel.locator("thead th").nth(1).locator("button").click()
    kunci = tabel.locator("tbody tr td:nth-child(2)").evaluate_all(
        "els => els.map(e => e.getAttribute('data-sort'))"
    )
    angka = [float(k) for k in kunci if k]
    assert len(angka) >= 1 and angka == sorted(angka)
    assert not buka.kunjungan.luar, f"permintaan keluar: {buka.kunjungan.luar}"


def test_rekap_grouped_office_page_opens_cleanly_and_accessibly(
    situs_rekap: Situs, buka: Any, tmp_path: Path
) -> None:
    """Above `halaman_per_kantor` offices the offices share trend pages: axe-clean too."""
    from axe_playwright_python.sync_playwright import Axe

    from capkin.rekap.regency_site import bangun_rekap

    (tmp_path / "rekap.yml").write_text(
        (situs_rekap.root / "rekap.yml")
        .read_text(encoding="utf-8")
        .replace("pengaturan: {", "pengaturan: {halaman_per_kantor: 1, "),
        encoding="utf-8",
    )
    hasil = bangun_rekap(tmp_path, tanggal=date(2025, 7, 20))
    assert hasil.out is not None
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Diam, directory=str(hasil.out))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        situs = Situs(
            "rekap-kelompok",
            tmp_path,
            hasil.out,
            f"http://127.0.0.1:{server.server_address[1]}/",
            server,
        )
        halaman = buka(situs, "kantor-kelompok/001.html")
        assert halaman.locator('tr[id="kantor-gamping"] th').count() == 1
        hasil_axe = Axe().run(halaman)
        berat = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in hasil_axe.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not berat, berat
        assert not buka.kunjungan.galat and not buka.kunjungan.luar
    finally:
        server.shutdown()
        server.server_close()
