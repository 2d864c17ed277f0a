"""capkin serve: the site is served on 127.0.0.1 and rebuilt when data changes."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from factories import realisasi_yml, tulis, tulis_data_minimal

from capkin.site import PilihanPdf
from capkin.site.serve import Penyaji

pytestmark = pytest.mark.slow


def _ambil(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        teks: str = r.read().decode("utf-8")
        return teks


def _ambil_atau_kosong(url: str) -> str:
    try:
        return _ambil(url)
    except urllib.error.HTTPError:
        return ""


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path: Path) -> None:
    root = tulis_data_minimal(tmp_path)
    baris: list[str] = []
    penyaji = Penyaji(root, 0, pdf=PilihanPdf.TIDAK, progres=baris.append, jeda=0.2)
    penyaji.start()
    try:
        assert penyaji.url.startswith("http://127.0.0.1:")
        # the build is swapped in whole: the message names the served folder, not the temporary one
        [selesai] = [b for b in baris if b.startswith("Selesai:")]
        assert str(root / "site") in selesai and ".baru" not in selesai
        assert "Kapanewon Uji" in _ambil(penyaji.url + "index.html")
        with pytest.raises(urllib.error.HTTPError) as hilang:
            _ambil(penyaji.url + "tidak-ada.html")
        assert hilang.value.code == 404
        assert "Halaman tidak ditemukan" in hilang.value.read().decode("utf-8")
        halaman = penyaji.url + "capaian/2025/TW1.html"
        assert "94,12 %" in _ambil(halaman)  # ik1: 80 / 85
        tulis(
            root,
            "data/2025/realisasi/TW1/jawatan-umum.yml",
            realisasi_yml(nilai={"ik1": 85, "ik2": 88, "ik3": 7}, tanggal="2025-04-08"),
        )
        batas = time.monotonic() + 60
        while "100,00 %" not in _ambil_atau_kosong(halaman):
            assert time.monotonic() < batas, f"tidak dibangun ulang: {baris}"
            time.sleep(0.3)
        assert "Perubahan terdeteksi; membangun ulang…" in baris
        # invalid data keeps the old site and says why
        tulis(root, "data/2025/realisasi/TW1/jawatan-umum.yml", "periode: [\n")
        batas = time.monotonic() + 30
        while not any("situs lama tetap disajikan" in b for b in baris):
            assert time.monotonic() < batas, baris
            time.sleep(0.2)
        assert "100,00 %" in _ambil(halaman)
    finally:
        penyaji.stop()


def test_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    import socket

    from capkin.errors import CapkinError

    root = tulis_data_minimal(tmp_path)
    with socket.socket() as sibuk:
        sibuk.bind(("127.0.0.1", 0))
        sibuk.listen()
        port = sibuk.getsockname()[1]
        with pytest.raises(CapkinError, match=f"127.0.0.1:{port}.*--port"):
            Penyaji(root, port, pdf=PilihanPdf.TIDAK)
