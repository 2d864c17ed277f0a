"""The Laporan Data Capaian Kinerja as PDF: A4, page numbers, overall capaian, approval."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import buat_repo_situs
from pypdf import PdfReader

from capkin.achievement import format_persen, hitung
from capkin.cachedir import baca_entri, tulis_entri
from capkin.charts import PenggambarGrafik
from capkin.dataset import muat_dataset
from capkin.pdf import buat_pdf, buat_pdf_banyak, jumlah_proses, memori_tersedia, proses_muat
from capkin.render import Rencana, buat_env, kumpulkan, render_cetak
from capkin.render.laporan import KonteksLaporan
from capkin.site import PilihanPdf, bangun

pytestmark = pytest.mark.slow


def _teks(path: Path) -> tuple[int, str, tuple[float, float]]:
    pdf = PdfReader(path)
    kotak = pdf.pages[0].mediabox
    teks = "\n".join(p.extract_text() for p in pdf.pages)
    return len(pdf.pages), " ".join(teks.split()), (float(kotak.width), float(kotak.height))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated two-year repo."""
    root = tmp_path_factory.mktemp("pdf") / "repo"
    buat_repo_situs(root)
    return root


def test_pdf_report_pages_and_content(repo: Path, tmp_path: Path) -> None:
    hasil = bangun(repo, tmp_path / "situs", pdf=PilihanPdf.TERAKHIR, tanggal=date(2025, 7, 20))
    assert hasil.pdf == 2  # the latest year's periods only: 2025 TW1, TW2
    ds, _ = muat_dataset(repo)
    for periode, disetujui in (("TW1", True), ("TW2", False)):
        path = hasil.out / f"laporan/2025/laporan-data-capaian-kinerja-2025-{periode}.pdf"
        halaman, teks, ukuran = _teks(path)
        assert ukuran == pytest.approx((595.3, 841.9), abs=1)  # A4 in points
        assert halaman >= 2
        assert f"Halaman 1 dari {halaman}" in teks and f"Halaman {halaman} dari {halaman}" in teks
        total = format_persen(hitung(ds, 2025, periode).capaian_total)
        assert f"secara keseluruhan sebesar {total}" in teks
        assert "KAPANEWON UJI" in teks and "Laporan Data Capaian Kinerja" in teks
        assert ("telah disetujui" in teks) is disetujui
        assert ("Belum disetujui" in teks) is not disetujui
        assert "Drs. SARJONO, M.Si." in teks
        assert '<script>alert("hambatan")</script>' in teks  # data shown as text
    assert not list((hasil.out / "laporan/2024").glob("*.pdf"))


def test_pdf_is_reused_from_cache_when_html_is_unchanged(repo: Path, tmp_path: Path) -> None:
    ds, _ = muat_dataset(repo)
    s = kumpulkan(ds, tanggal=date(2025, 7, 20))
    rencana = Rencana(s, {(2024, "TW4")})
    env = buat_env(repo)
    grafik = PenggambarGrafik()
    k = next(
        h.konteks
        for h in rencana.halaman
        if isinstance(h.konteks, KonteksLaporan) and h.konteks.pdf
    )
    html = render_cetak(env, rencana, grafik, k, "")
    cache = tmp_path / "cache"
    buat_pdf(html, tmp_path / "a.pdf", cache)
    (simpanan,) = cache.iterdir()
    tulis_entri(cache, simpanan.name, (tmp_path / "a.pdf").read_bytes() + b"%tanda\n")
    buat_pdf(html, tmp_path / "b.pdf", cache)
    assert (tmp_path / "b.pdf").read_bytes().endswith(b"%tanda\n")
    # an entry whose content does not match its digest is not used, and is replaced
    simpanan.write_bytes(simpanan.read_bytes() + b"%palsu\n")
    buat_pdf(html, tmp_path / "c.pdf", cache)
    assert (tmp_path / "c.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()
    assert baca_entri(cache, simpanan.name) == (tmp_path / "a.pdf").read_bytes()


def test_pdfs_render_in_parallel_processes_and_come_back_from_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    tugas = [
        (
            f"<html><body><h1>Laporan {n}</h1><p>{'baris ' * 400 * n}</p></body></html>",
            tmp_path / f"{n}.pdf",
        )
        for n in (1, 2, 3)
    ]
    assert buat_pdf_banyak(tugas, cache, proses=2) == 3
    for n in (1, 2, 3):
        _, teks, _ = _teks(tmp_path / f"{n}.pdf")
        assert f"Laporan {n}" in teks
    pertama = [t.read_bytes() for _, t in tugas]
    for _, t in tugas:
        t.unlink()
    assert buat_pdf_banyak(tugas, cache, proses=2) == 0  # every one from the cache
    assert [t.read_bytes() for _, t in tugas] == pertama
    assert jumlah_proses() >= 1


def test_processes_are_capped_by_the_memory_the_largest_reports_need() -> None:
    """Two 4+ GB LKjIPs at once must fit, or they render one after the other."""
    mb, gb = 2**20, 2**30
    ukuran = [6 * mb, 5 * mb, 1 * mb]  # the largest render first, together
    assert proses_muat(ukuran, 2, None) == 2  # memory unknown: the CPUs decide
    assert proses_muat(ukuran, 2, 16 * gb) == 2
    assert proses_muat(ukuran, 2, 6 * gb) == 1  # ~4.8 + ~4.0 GB do not fit in 6 GB
    assert proses_muat([200 * mb], 2, 1 * gb) == 1  # never fewer than one
    assert proses_muat([mb, mb], 8, 64 * gb) == 2  # never more than there are
    tersedia = memori_tersedia()
    assert tersedia is None or tersedia > 0
