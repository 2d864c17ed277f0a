"""`capkin rekap`: real office sites over HTTP and as folders, broken sources, the roll-up site."""

from __future__ import annotations

import functools
import json
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import jsonschema
import pytest
from factories import buat_repo_situs, capkin, compute_json
from openpyxl import load_workbook

from capkin import api
from capkin.errors import DataError
from capkin.rekap.config import muat_rekap
from capkin.rekap.documents import GagalAmbil
from capkin.rekap.regency_site import bangun_rekap, hitung_rekap
from capkin.rekap.sources import Batas, CacheHttp, ambil_http
from capkin.site import PilihanPdf, bangun

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
TANGGAL = date(2025, 7, 20)
RUMUS = '=HYPERLINK("https://jahat.example","klik")'


class _Penyaji(SimpleHTTPRequestHandler):
    """Serves the office sites, plus a slow, an oversized and a broken source; adds ETags."""

    permintaan: ClassVar[list[tuple[str, str | None, str | None]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        _Penyaji.permintaan.append(
            (self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"))
        )
        if self.path.startswith("/lambat/"):
            time.sleep(3)
        if self.path.startswith("/besar/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b" " * 65536)  # no Content-Length: the limit must bite
            except OSError:
                pass
            return
        if self.path.startswith("/rusak/"):
            self.send_response(200)
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"{rusak: 1")
            return
        if self.path.startswith("/gamping/"):
            etag = '"v1-' + self.path.replace("/", "-") + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self._etag = etag
        super().do_GET()

    def end_headers(self) -> None:
        etag = getattr(self, "_etag", None)
        if etag:
            self.send_header("ETag", etag)
        super().end_headers()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # clients that give up (timeouts, size limits) are expected here


@pytest.fixture(scope="module")
def kantor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Build the Gamping sample and a generated office; serve them on 127.0.0.1."""
    akar = tmp_path_factory.mktemp("kantor")
    contoh = akar / "contoh"
    shutil.copytree(REPO / "data", contoh / "data")
    shutil.copy(REPO / "mkdocs.yml", contoh / "mkdocs.yml")
    buatan = akar / "buatan"
    buat_repo_situs(buatan)
    for root in (contoh, buatan):
        bangun(root, pdf=PilihanPdf.TERAKHIR, tanggal=TANGGAL)
    web = akar / "web"
    shutil.copytree(contoh / "site", web / "gamping")
    # an office whose published site was altered after approval, with hostile text
    jahat = akar / "jahat"
    shutil.copytree(buatan / "site", jahat)
    # (told consistently: the total, its sasaran and the index agree, as a site rebuilt from
    # altered figures would; only --verifikasi, from the repository, can tell)
    dok = jahat / "api/v1/2025/TW1.json"
    isi = json.loads(dok.read_text(encoding="utf-8"))
    isi["capaian_total"] = round(isi["capaian_total"] + 7.5, 2)
    for s in isi["sasaran"]:
        s["capaian"] = round(s["capaian"] + 7.5, 2)
    isi["indikator"][0]["uraian"] = RUMUS
    dok.write_text(json.dumps(isi), encoding="utf-8")
    indeks = json.loads((jahat / "api/v1/index.json").read_text(encoding="utf-8"))
    for p in indeks["periode"]:
        if (p["tahun"], p["periode"]) == (2025, "TW1"):
            p["capaian_total"] = isi["capaian_total"]
    (jahat / "api/v1/index.json").write_text(json.dumps(indeks), encoding="utf-8")
    # an office site whose period document breaks the schema
    tidak_sah = web / "tidak-sah"
    shutil.copytree(buatan / "site" / "api", tidak_sah / "api")
    dok = tidak_sah / "api/v1/2024/TW1.json"
    isi = json.loads(dok.read_text(encoding="utf-8"))
    isi["capaian_total"] = "seratus"
    dok.write_text(json.dumps(isi), encoding="utf-8")
    server = _Server(("127.0.0.1", 0), functools.partial(_Penyaji, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    yield {"contoh": contoh, "buatan": buatan, "jahat": jahat, "url": url, "akar": akar}
    server.shutdown()
    server.server_close()


def _rekap_yml(k: dict[str, Any]) -> str:
    url = k["url"]
    return f"""nama: Rekap Capaian Kinerja Kabupaten Uji
induk: Pemerintah Kabupaten Uji
kantor:
  - id: gamping
    nama: Kapanewon Gamping
    sumber: {url}gamping/
  - id: buatan
    nama: Kapanewon Buatan
    sumber: {k["buatan"]}/site
    repo: {k["buatan"]}
  - id: buatan-git
    nama: Kapanewon Buatan (repositori)
    sumber: {k["buatan"]}
  - id: jahat
    nama: '{RUMUS}'
    sumber: {k["jahat"]}
    repo: {k["buatan"]}
  - id: lambat
    nama: Kapanewon Lambat
    sumber: {url}lambat/
  - id: besar
    nama: Kapanewon Besar
    sumber: {url}besar/
  - id: rusak
    nama: Kapanewon Rusak
    sumber: {url}rusak/
  - id: tidak-sah
    nama: Kapanewon Tidak Sah
    sumber: {url}tidak-sah/
  - id: mati
    nama: Kapanewon Mati
    sumber: http://127.0.0.1:9/
pengaturan:
  batas_waktu_detik: 1.5
  ukuran_maks_mb: 2
"""


@pytest.fixture(scope="module")
def rekap(kantor: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("rekap")
    (root / "rekap.yml").write_text(_rekap_yml(kantor), encoding="utf-8")
    r = capkin(root, "rekap", "build", "--verifikasi", "--strict")
    return {"root": root, "hasil": r, "kantor": kantor}


def _html(root: Path, jalur: str) -> str:
    return (root / "site" / jalur).read_text(encoding="utf-8")


def test_broken_sources_are_listed_and_strict_says_so(rekap: dict[str, Any]) -> None:
    r = rekap["hasil"]
    assert r.exit_code == 1, r.output
    assert "Gagal (--strict): 6 kantor tidak dapat diambil" in r.stderr
    alasan = {
        b.split(" ")[1]: b
        for b in r.stderr.splitlines()
        if b.startswith("peringatan: ") and "tidak dapat diambil" in b
    }
    assert "waktu habis" in alasan["lambat"]
    assert "terlalu besar" in alasan["besar"]
    assert "tidak sesuai skema API v1" in alasan["rusak"]
    assert "capaian_total" in alasan["tidak-sah"] and "2024/TW1.json" in alasan["tidak-sah"]
    assert "tidak dapat terhubung" in alasan["mati"]
    # the office's repository gives the figures its site publishes: one office listed twice
    assert "situsnya salinan situs kantor 'buatan'" in alasan["buatan-git"]
    assert "Traceback" not in r.output
    beranda = _html(rekap["root"], "index.html")
    for k in ("lambat", "besar", "rusak", "tidak-sah", "mati"):
        assert f'data-kantor="{k}"' in beranda
    assert beranda.count("tidak dapat diambil: ") == 6


def test_verifikasi_reports_the_altered_figure_only(rekap: dict[str, Any]) -> None:
    r = rekap["hasil"]
    selisih = [b for b in r.stderr.splitlines() if "verifikasi:" in b]
    assert selisih and all(" jahat 2025 TW1: capaian total terbit" in b for b in selisih), selisih
    assert len(selisih) == 1
    assert 'data-selisih="jahat"' in _html(rekap["root"], "index.html")
    assert 'data-selisih="buatan"' not in _html(rekap["root"], "index.html")


def test_period_page_shows_each_office_as_published(rekap: dict[str, Any]) -> None:
    root, k = rekap["root"], rekap["kantor"]
    c = compute_json(k["buatan"], 2025, "TW1")
    halaman = _html(root, "periode/2025/TW1.html")
    # the repository gives the site's figures (one office listed twice): counted once
    assert 'data-kantor="buatan"' in halaman and 'data-kantor="buatan-git"' not in halaman
    assert 'data-belum="buatan-git"' in halaman
    angka = f"{c['capaian_total']:.2f}".replace(".", ",")
    assert angka in halaman
    assert "disahkan 22 April 2025" in halaman
    # the approval's proof as each office's own document states it (issue: trust gaps)
    bukti = "(tanda tangan <strong>email cocok, tanpa tanda tangan kriptografis</strong>)"
    assert bukti in halaman
    assert "tepat waktu" in halaman
    assert "Belum menerbitkan periode ini" in halaman
    assert 'data-belum="lambat"' in halaman
    assert RUMUS not in halaman  # the office's name is escaped, not markup
    assert "=HYPERLINK(&#34;https://jahat.example&#34;" in halaman
    # shared indicators across offices: a comparison page
    assert (root / "site" / "indikator" / "ik1.html").is_file()


def test_own_api_matches_schema_and_a_province_can_read_it(
    rekap: dict[str, Any], tmp_path: Path
) -> None:
    site = rekap["root"] / "site"
    indeks = json.loads((site / "api/v1/index.json").read_text(encoding="utf-8"))
    assert indeks["jenis"] == "rekap"
    jsonschema.Draft202012Validator(api.skema("index")).validate(indeks)
    for p in indeks["periode"]:
        dok = json.loads((site / f"api/v1/{p['tahun']}/{p['periode']}.json").read_text("utf-8"))
        jsonschema.Draft202012Validator(api.skema("periode")).validate(dok)
    tw1 = json.loads((site / "api/v1/2025/TW1.json").read_text(encoding="utf-8"))
    ids = {x["id"] for x in tw1["kantor"]}
    assert {"buatan", "jahat"} <= ids and not {"lambat", "buatan-git"} & ids
    provinsi = tmp_path / "provinsi"
    provinsi.mkdir()
    (provinsi / "rekap.yml").write_text(
        f"nama: Rekap Provinsi\nkantor:\n  - id: kab-uji\n    nama: Kabupaten Uji\n"
        f"    sumber: {site}\n",
        encoding="utf-8",
    )
    d = hitung_rekap(provinsi, tanggal=TANGGAL)
    assert [h.alasan for h in d.hasil] == [None]
    baris = d.tabel.baris_periode(2025, "TW1")
    assert baris[0]["capaian_total"] == tw1["capaian_total"]


def test_downloads_are_safe_and_agree(rekap: dict[str, Any]) -> None:
    unduh = rekap["root"] / "site" / "unduh"
    pq = unduh / "rekap-kantor-periode.parquet"
    n = duckdb.connect().execute(f"SELECT count(*) FROM '{pq}'").fetchall()
    csv_baris = (unduh / "rekap-kantor-periode.csv").read_text("utf-8-sig").count("\n") - 1
    assert n[0][0] == csv_baris > 0
    wb = load_workbook(unduh / "rekap-kantor-periode.xlsx")
    ws = wb.active
    assert ws is not None
    nama = [c.value for c in ws["B"]]
    assert RUMUS in nama
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    wb = load_workbook(unduh / "rekap-indikator.xlsx")
    assert all(c.data_type != "f" for row in wb.active.iter_rows() for c in row)
    csv = (unduh / "rekap-kantor-periode.csv").read_text(encoding="utf-8-sig")
    assert "'" + RUMUS.replace('"', '""') in csv
    assert f",{RUMUS}" not in csv


def test_conditional_requests_use_the_cache(kantor: dict[str, Any], tmp_path: Path) -> None:
    cache = CacheHttp(tmp_path / "cache")
    url = kantor["url"] + "gamping/api/v1/index.json"
    isi, dari_cache = ambil_http(url, Batas(), cache)
    assert not dari_cache and json.loads(isi)["api"] == "capkin/v1"
    _Penyaji.permintaan.clear()
    isi2, dari_cache = ambil_http(url, Batas(), cache)
    assert dari_cache and isi2 == isi
    assert _Penyaji.permintaan[-1][1] is not None  # If-None-Match sent
    with pytest.raises(GagalAmbil, match="terlalu besar"):
        ambil_http(kantor["url"] + "gamping/api/v1/index.json", Batas(byte=100), CacheHttp(None))


def test_a_tampered_cache_entry_is_not_trusted(kantor: dict[str, Any], tmp_path: Path) -> None:
    cache = CacheHttp(tmp_path / "cache")
    url = kantor["url"] + "gamping/api/v1/index.json"
    isi, _ = ambil_http(url, Batas(), cache)
    (entri,) = (tmp_path / "cache").iterdir()
    data = entri.read_bytes()
    assert data.startswith(b"capkin-cache sha256=")
    # a planted body under the server's validators: a 304 would have served it
    entri.write_bytes(data.replace(b'"capkin/v1"', b'"capkin/vX"', 1))
    _Penyaji.permintaan.clear()
    isi2, dari_cache = ambil_http(url, Batas(), cache)
    assert not dari_cache and isi2 == isi
    assert _Penyaji.permintaan[-1][1] is None  # no If-None-Match for an entry that fails its digest
    assert cache.baca(url) is not None  # stored again, intact


def test_rekap_yml_errors_are_located(tmp_path: Path) -> None:
    (tmp_path / "rekap.yml").write_text(
        "nama: X\nkantor:\n  - id: A B\n    nama: A\n    sumber: x\n    warna: merah\n",
        encoding="utf-8",
    )
    r = capkin(tmp_path, "rekap", "build")
    assert r.exit_code == 1
    assert "rekap.yml:3:9: galat: kantor[0].id:" in r.stderr
    assert "rekap.yml:6:5: galat: kantor[0].warna: kunci 'warna' tidak dikenal" in r.stderr
    assert "Traceback" not in r.output
    (tmp_path / "rekap.yml").write_text(
        "nama: X\nkantor:\n  - {id: a, nama: A, sumber: x}\n  - {id: a, nama: B, sumber: y}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"sudah dipakai"):
        muat_rekap(tmp_path)


def test_init_makes_a_repository_that_builds(tmp_path: Path, kantor: dict[str, Any]) -> None:
    folder = tmp_path / "rekap-baru"
    r = capkin(
        None,
        "rekap",
        "init",
        str(folder),
        "--nama",
        "Rekap Kabupaten Baru",
        "--induk",
        "Pemkab Baru",
    )
    assert r.exit_code == 0, r.output
    assert (folder / ".github/workflows/publish.yml").is_file()
    skema = json.loads((folder / ".vscode/schemas/rekap.schema.json").read_text("utf-8"))
    import yaml

    jsonschema.validate(yaml.safe_load((folder / "rekap.yml").read_text("utf-8")), skema)
    teks = (folder / "rekap.yml").read_text(encoding="utf-8")
    teks = teks.replace("https://contoh.github.io/capaian-contoh/", kantor["url"] + "gamping/")
    (folder / "rekap.yml").write_text(teks, encoding="utf-8")
    hasil = bangun_rekap(folder, tanggal=TANGGAL)
    assert hasil.gagal == ()
    assert "Kapanewon Contoh" in _html(folder, "kantor/contoh.html")
    assert "Rekap Kabupaten Baru" in _html(folder, "index.html")


def test_every_rekap_command_has_help_with_an_example() -> None:
    for args in (["rekap"], ["rekap", "build"], ["rekap", "serve"], ["rekap", "init"]):
        r = capkin(None, *args, "--help")
        assert r.exit_code == 0 and "Contoh:" in r.output, args


def test_worker_processes_give_the_same_tables(
    kantor: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many local folders are validated in worker processes; the tables are the same."""
    import capkin.rekap.sources

    (tmp_path / "rekap.yml").write_text(
        "nama: Rekap Folder\nkantor:\n"
        f"  - {{id: buatan, nama: Buatan, sumber: {kantor['buatan']}/site}}\n"
        f"  - {{id: jahat, nama: Jahat, sumber: {kantor['jahat']}}}\n"
        "  - {id: hilang, nama: Hilang, sumber: tidak-ada}\n",
        encoding="utf-8",
    )
    benang = hitung_rekap(tmp_path, tanggal=TANGGAL)
    monkeypatch.setattr(capkin.rekap.sources, "AMBANG_PROSES", 1)
    proses = hitung_rekap(tmp_path, tanggal=TANGGAL)
    for d in (benang, proses):
        assert [h.alasan is None for h in d.hasil] == [True, True, False]
    assert proses.ringkasan == benang.ringkasan
    assert proses.tabel.baris_periode(2025, "TW1") == benang.tabel.baris_periode(2025, "TW1")
    assert proses.hasil[2].alasan == benang.hasil[2].alasan


def test_an_office_that_trickles_documents_runs_out_of_time(kantor: dict[str, Any]) -> None:
    """Each document in time, but hundreds of them: the office's own time budget stops it."""
    from capkin.rekap.config import Kantor
    from capkin.rekap.sources import HasilAmbil, _dari

    v1 = kantor["buatan"] / "site" / "api" / "v1"
    indeks = json.loads((v1 / "index.json").read_text(encoding="utf-8"))
    contoh = json.loads((v1 / "2024" / "TW1.json").read_text(encoding="utf-8"))
    indeks["periode"] = [
        {**indeks["periode"][0], "tahun": t, "periode": p}
        for t in range(1901, 2101)
        for p in ("TW1", "TW2", "TW3", "TW4")
    ][:800]

    def baca(jalur: str) -> tuple[bytes, bool]:
        if jalur == "index.json":
            return json.dumps(indeks).encode(), False
        time.sleep(0.01)
        tahun, periode = jalur.removesuffix(".json").split("/")
        return json.dumps({**contoh, "tahun": int(tahun), "periode": periode}).encode(), False

    h = HasilAmbil(Kantor(id="menetes", nama="Menetes", sumber="x"))
    with pytest.raises(GagalAmbil, match=r"800 periode tidak selesai diambil dalam 0\.3 detik"):
        _dari(baca, h, 0.3)
    assert _dari(baca, h, 60).periode[-1].tahun == 2100


def test_an_office_named_like_a_page_keeps_its_own_page(
    kantor: dict[str, Any], tmp_path: Path
) -> None:
    """Office ids come from rekap.yml and indicator ids from the offices: none may replace an index."""
    (tmp_path / "rekap.yml").write_text(
        f"nama: Rekap\nkantor:\n  - {{id: index, nama: Kantor Indeks, sumber: {kantor['buatan']}/site}}\n",
        encoding="utf-8",
    )
    bangun_rekap(tmp_path, tanggal=TANGGAL)
    assert "Kantor Indeks" in _html(tmp_path, "kantor/index.html")
    assert 'href="kantor/index.html"' in _html(tmp_path, "kantor.html")
    assert "<h1>Indikator Bersama</h1>" in _html(tmp_path, "indikator.html")


def test_office_page_has_a_trend_chart_and_the_build_time_in_the_regency_zone(
    rekap: dict[str, Any],
) -> None:
    halaman = _html(rekap["root"], "kantor/buatan.html")
    awal = halaman.index('<svg role="img"')
    svg = halaman[awal : halaman.index("</svg>", awal)]
    assert "<title>Tren capaian total Kapanewon Buatan" in svg
    assert "<text" in svg and 'href="http' not in svg and "src=" not in svg
    assert "<caption>Capaian Kapanewon Buatan per periode</caption>" in halaman  # table kept
    beranda = _html(rekap["root"], "index.html")
    assert " WIB." in beranda and " UTC" not in beranda
    tw1 = _html(rekap["root"], "periode/2025/TW1.html")
    assert "<td>–</td><td class" not in tw1.split("Sebaran predikat")[1].split("</table>")[0]


def test_many_offices_share_grouped_trend_pages(kantor: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(kantor["buatan"] / "site" / "api", tmp_path / "tiga" / "api")
    indeks = tmp_path / "tiga/api/v1/index.json"  # another office (else one site listed twice)
    indeks.write_text(
        indeks.read_text(encoding="utf-8").replace('"nama": "', '"nama": "Tiga ', 1), "utf-8"
    )
    (tmp_path / "rekap.yml").write_text(
        "nama: Rekap Nasional\nkantor:\n"
        f"  - {{id: satu, nama: Kantor Satu, sumber: {kantor['buatan']}/site}}\n"
        f"  - {{id: dua, nama: Kantor Dua, sumber: {kantor['url']}gamping/}}\n"
        "  - {id: tiga, nama: Kantor Tiga, sumber: tiga}\n"
        "  - {id: mati, nama: Kantor Mati, sumber: 'http://127.0.0.1:9/'}\n"
        "pengaturan: {halaman_per_kantor: 2, zona_waktu: Asia/Jayapura}\n",
        encoding="utf-8",
    )
    bangun_rekap(tmp_path, tanggal=TANGGAL)
    assert not (tmp_path / "site" / "kantor").exists()
    kelompok = _html(tmp_path, "kantor-kelompok/001.html")
    assert 'id="kantor-satu"' in kelompok and 'id="kantor-dua"' in kelompok
    assert "tidak dapat diambil: tidak dapat terhubung" in kelompok
    assert f'<a href="{kantor["url"]}gamping/">Kantor Dua</a>' in kelompok
    assert 'href="kantor-kelompok/001.html#kantor-satu"' in _html(tmp_path, "kantor.html")
    assert 'href="../../kantor-kelompok/001.html#kantor-satu"' in _html(
        tmp_path, "periode/2025/TW1.html"
    )
    assert " WIT." in _html(tmp_path, "index.html")
    # a shared indicator shows its spread across offices, not one row per office
    ik1 = _html(tmp_path, "indikator/ik1.html")
    assert "Sebaran capaian ik1 antarkantor per periode" in ik1 and "2 dari 2" in ik1
    assert "kantor/satu" not in ik1


def test_serve_builds_and_answers_over_http(kantor: dict[str, Any], tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    (tmp_path / "rekap.yml").write_text(
        f"nama: Rekap Sajian\nkantor:\n  - {{id: satu, nama: Kantor Satu, sumber: {kantor['buatan']}/site}}\n",
        encoding="utf-8",
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proses = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "capkin",
            "-C",
            str(tmp_path),
            "rekap",
            "serve",
            "--port",
            str(port),
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proses.stderr is not None
        for baris in proses.stderr:
            if baris.startswith("Menyajikan http://127.0.0.1:"):
                break
        else:
            pytest.fail(f"rekap serve ended without serving (exit {proses.wait()})")
        url = f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url + "index.html", timeout=30) as r:
            assert r.status == 200 and "Rekap Sajian" in r.read().decode("utf-8")
        with urllib.request.urlopen(url + "api/v1/index.json", timeout=30) as r:
            assert json.loads(r.read())["jenis"] == "rekap"
    finally:
        proses.terminate()
        proses.wait(timeout=30)
    assert proses.returncode is not None


def test_a_git_address_is_cloned_fetched_verified_and_limited(
    kantor: dict[str, Any], tmp_path: Path
) -> None:
    from capkin.gitcmd import git

    asal = tmp_path / "asal"
    shutil.copytree(kantor["buatan"], asal, ignore=shutil.ignore_patterns("site", "docs"))
    root = tmp_path / "rekap"
    root.mkdir()
    assert git(root, "init", "-q").returncode == 0
    (root / "rekap.yml").write_text(
        "nama: Rekap Jauh\nkantor:\n"
        f"  - {{id: jauh, nama: Kantor Jauh, sumber: 'file://{asal}', repo: 'file://{asal}'}}\n"
        f"  - {{id: lokal, nama: Kantor Lokal, sumber: '{kantor['buatan']}/site'}}\n"
        f"  - {{id: hilang, nama: Kantor Hilang, sumber: 'file://{tmp_path}/tidak-ada.git'}}\n",
        encoding="utf-8",
    )
    perintah = ["rekap", "build", "--verifikasi", "--strict"]
    r = capkin(root, *perintah)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "Gagal (--strict): 2 kantor tidak dapat diambil, 0 selisih verifikasi" in r.stderr
    (gagal,) = [b for b in r.stderr.splitlines() if b.startswith("peringatan: hilang")]
    # the office's built site, cloned from its repository, is one office listed twice
    assert "lokal (Kantor Lokal) tidak dapat diambil: situsnya salinan situs kantor 'jauh'" in (
        r.stderr
    )
    assert "tidak dapat diambil" in gagal and "git clone gagal" in gagal
    tw1 = _html(root, "periode/2025/TW1.html")
    c = compute_json(kantor["buatan"], 2025, "TW1")
    angka = f"{c['capaian_total']:.2f}".replace(".", ",")
    jauh = tw1.split('data-kantor="jauh"')[1].split("</tr>")[0]
    assert angka in jauh and "disahkan" in jauh
    (klon,) = (root / ".git" / "capkin" / "rekap-git").iterdir()
    # a new commit at the office is fetched by the next build
    assert (
        git(
            asal,
            "-c",
            "user.name=Uji",
            "-c",
            "user.email=uji@x.example",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "kosong",
        ).returncode
        == 0
    )
    r = capkin(root, *perintah)
    assert r.exit_code == 1, r.output
    kepala = [git(p, "rev-parse", "HEAD").stdout for p in (asal, klon)]
    assert kepala[0] == kepala[1]
    # a repository over the size limit is refused, and the roll-up goes on
    (root / "rekap.yml").write_text(
        "nama: Rekap Jauh\nkantor:\n"
        f"  - {{id: jauh, nama: Kantor Jauh, sumber: 'file://{asal}'}}\n"
        "pengaturan: {ukuran_maks_repo_mb: 0.001}\n",
        encoding="utf-8",
    )
    r = capkin(root, "rekap", "build")
    assert r.exit_code == 0 and "repositori terlalu besar" in r.stderr, r.output


def test_a_held_back_approval_shows_why_on_the_period_page(
    kantor: dict[str, Any], tmp_path: Path
) -> None:
    """A period whose approval step is signed off but does not count is not approved; its row
    says why, as the office's own API states it (`menunggu_pengesahan`)."""
    situs = tmp_path / "kantor"
    shutil.copytree(kantor["buatan"] / "site" / "api", situs / "api")
    alasan = (
        "tanda tangan langkah 6 tidak dihitung: commit tanpa tanda tangan git pejabat; "
        "menunggu pengesahan terverifikasi"
    )
    dok = situs / "api/v1/2025/TW1.json"
    isi = json.loads(dok.read_text(encoding="utf-8"))
    isi.update(status="belum disahkan", disahkan=None, menunggu_pengesahan=alasan)
    dok.write_text(json.dumps(isi), encoding="utf-8")
    indeks = situs / "api/v1/index.json"
    isi = json.loads(indeks.read_text(encoding="utf-8"))
    for r in isi["periode"]:
        if (r["tahun"], r["periode"]) == (2025, "TW1"):
            r["disahkan"] = False
    indeks.write_text(json.dumps(isi), encoding="utf-8")
    root = tmp_path / "rekap"
    root.mkdir()
    (root / "rekap.yml").write_text(
        f"nama: Rekap Uji\nkantor:\n  - {{id: buatan, nama: Buatan, sumber: {situs}}}\n",
        encoding="utf-8",
    )
    bangun_rekap(root, tanggal=TANGGAL)
    halaman = _html(root, "periode/2025/TW1.html")
    assert f'belum <span data-capkin="menunggu-pengesahan">({alasan})</span>' in halaman
    assert "menunggu-pengesahan" not in _html(root, "periode/2024/TW1.html")
