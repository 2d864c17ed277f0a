"""`capkin rekap` against hostile sources and hostile `rekap.yml` entries.

One real office site is built once; each case copies its `api/v1/` into a folder source and
breaks it one way: malformed or truncated JSON, wrong types, huge or non-finite numbers, a
schema version from the future, documents that contradict themselves, ids no page can bear,
links out of the folder, a FIFO, a file of gigabytes, a site naming itself as another
office. Each office is refused with a reason in Bahasa Indonesia naming the document and
what to do, the others are rolled up with the right totals, the CLI prints no traceback,
and hostile text reaches the built site only as text.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import socket
import statistics
import threading
from collections.abc import Callable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from factories import buat_repo_situs, capkin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capkin.errors import DataError
from capkin.rekap.config import muat_rekap
from capkin.rekap.documents import GagalAmbil, validasi_indeks, validasi_periode
from capkin.rekap.regency_site import hitung_rekap
from capkin.site import PilihanPdf, bangun

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("git_terisolasi")]

TANGGAL = date(2025, 7, 20)
TW1 = "2025/TW1.json"
SKRIP = "<script>alert('rekap')</script>"
GAMBAR = '<img src=x onerror="alert(1)">'
TAUTAN = "[klik](javascript:alert(1))"
INGGRIS = re.compile(r"Input should|Field required|Invalid JSON|No such file|Traceback")


@pytest.fixture(scope="module")
def situs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One office's built site (two years, approved and open periods)."""
    repo = tmp_path_factory.mktemp("kantor") / "repo"
    buat_repo_situs(repo)
    bangun(repo, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    return repo / "site"


def _salin(situs: Path, tujuan: Path) -> Path:
    """Copy the site's `api/` (all a roll-up reads) to a folder source; return its api/v1."""
    shutil.copytree(situs / "api", tujuan / "api")
    return tujuan / "api" / "v1"


def _ubah_json(path: Path, ubah: Callable[[dict[str, Any]], object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    ubah(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _ganti_teks(path: Path, lama: str, baru: str) -> None:
    teks = path.read_text(encoding="utf-8")
    assert lama in teks, (path, lama)
    path.write_text(teks.replace(lama, baru, 1), encoding="utf-8")


def _total(api: Path, jalur: str, nilai: str) -> None:
    """Write `nilai` as written (any JSON text, or none) in place of a period's total."""
    path = api / jalur
    teks = path.read_text(encoding="utf-8")
    teks = re.sub(r'"capaian_total": [^,\n]+', f'"capaian_total": {nilai}', teks, count=1)
    path.write_text(teks, encoding="utf-8")


def _ke_indeks_dan_periode(api: Path, ubah: Callable[[dict[str, Any]], object]) -> None:
    """Apply one change to 2025 TW1 and its index entry alike (a lie told consistently)."""
    _ubah_json(api / TW1, ubah)
    _ubah_json(
        api / "index.json",
        lambda d: [ubah(p) for p in d["periode"] if (p["tahun"], p["periode"]) == (2025, "TW1")],
    )


def _indikator_ganda(d: dict[str, Any]) -> None:
    d["indikator"].append(d["indikator"][0])
    d["jumlah_indikator"] += 1


def _tambah_total(d: dict[str, Any]) -> None:
    d["capaian_total"] = round(d["capaian_total"] + 7.5, 2)


def _fifo(api: Path) -> None:
    (api / TW1).unlink()
    os.mkfifo(api / TW1)  # opened for reading, it would wait for a writer forever


def _tautan_keluar(luar: Path) -> Callable[[Path], None]:
    def ubah(api: Path) -> None:
        # a valid document, but outside the site folder
        shutil.copy(api / TW1, luar / "TW1.json")
        (api / TW1).unlink()
        (api / TW1).symlink_to(luar / "TW1.json")

    return ubah


def _tahun_keluar(luar: Path) -> Callable[[Path], None]:
    def ubah(api: Path) -> None:
        shutil.copytree(api / "2025", luar / "2025")
        shutil.rmtree(api / "2025")
        (api / "2025").symlink_to(luar / "2025", target_is_directory=True)

    return ubah


def _gigabyte(api: Path) -> None:
    with (api / TW1).open("r+b") as f:
        f.truncate(3 * 1024**3)  # sparse: 3 GB as the file system reports it, no disk used


KASUS: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "terpotong": (
        lambda a: (a / TW1).write_bytes((a / TW1).read_bytes()[:300]),
        ("api/v1/2025/TW1.json", "bukan JSON yang utuh (baris", "terpotong"),
    ),
    "indeks-kosong": (
        lambda a: (a / "index.json").write_bytes(b""),
        ("api/v1/index.json", "bukan JSON yang utuh"),
    ),
    "bukan-utf8": (
        lambda a: (a / TW1).write_bytes(b"\xff\xfe{}"),
        ("api/v1/2025/TW1.json", "bukan JSON yang utuh"),
    ),
    "jenis-salah": (
        lambda a: _total(a, TW1, '"seratus"'),
        ("api/v1/2025/TW1.json", 'capaian_total: harus berupa angka, ditemukan "seratus"'),
    ),
    "daftar-jadi-objek": (
        lambda a: _ubah_json(a / TW1, lambda d: d.update(indikator={"id": "ik1"})),
        ("indikator: harus berupa daftar [...], ditemukan sebuah objek",),
    ),
    "angka-raksasa": (
        lambda a: _total(a, TW1, "1e400"),
        ("capaian_total: harus angka yang terhingga",),
    ),
    "angka-besar": (
        lambda a: _total(a, TW1, "1e16"),
        ("capaian_total: harus paling besar 1000000000000000",),
    ),
    "nan": (lambda a: _total(a, TW1, "NaN"), ("capaian_total", "terhingga")),
    "infinity": (lambda a: _total(a, TW1, "-Infinity"), ("capaian_total", "terhingga")),
    "versi-masa-depan": (
        lambda a: _ganti_teks(a / "index.json", '"capkin/v1"', '"capkin/v7"'),
        ("api/v1/index.json menyatakan versi API 'capkin/v7'", "perbarui capkin"),
    ),
    "periode-versi-masa-depan": (
        lambda a: _ganti_teks(a / TW1, '"capkin/v1"', '"capkin/v2"'),
        ("api/v1/2025/TW1.json menyatakan versi API 'capkin/v2'",),
    ),
    "periode-ganda": (
        lambda a: _ubah_json(a / "index.json", lambda d: d["periode"].append(d["periode"][0])),
        ("api/v1/index.json mencantumkan periode 2024 TW1 lebih dari sekali",),
    ),
    "indikator-ganda": (
        lambda a: _ubah_json(a / TW1, _indikator_ganda),
        ("api/v1/2025/TW1.json: indikator 'ik1' tercantum lebih dari sekali", "tidak direkap"),
    ),
    "jumlah-palsu": (
        lambda a: _ubah_json(a / TW1, lambda d: d.update(indikator_tercapai=6)),
        ("indikator_tercapai tertulis 6, padahal daftar indikatornya 0",),
    ),
    "total-bukan-rata-rata": (
        lambda a: _ke_indeks_dan_periode(a, _tambah_total),
        ("capaian total tertulis 95.25, padahal rata-rata capaian sasarannya 87.75",),
    ),
    "indeks-beda": (
        lambda a: _ubah_json(a / "index.json", lambda d: d["periode"][5].update(disahkan=False)),
        ("api/v1/2025/TW1.json: capaian total atau status pengesahannya berbeda",),
    ),
    "id-perangkat": (
        lambda a: _ganti_teks(a / TW1, '"id": "ik1"', '"id": "con"'),
        ("id indikator 'con' tidak dapat menjadi nama halaman",),
    ),
    "id-titik": (
        lambda a: _ganti_teks(a / TW1, '"id": "ik1"', '"id": "ik1."'),
        ("id indikator 'ik1.' tidak dapat menjadi nama halaman",),
    ),
    "id-jalur": (
        lambda a: _ganti_teks(a / TW1, '"id": "ik1"', '"id": "../../etc/passwd"'),
        ('indikator[0].id: "../../etc/passwd" bukan id',),
    ),
    "id-panjang": (
        lambda a: _ganti_teks(a / TW1, '"id": "ik1"', f'"id": "{"i" * 5000}"'),
        ("indikator[0].id: teks lebih panjang dari 100 karakter",),
    ),
    "tautan-jalur": (
        lambda a: _ganti_teks(a / TW1, '"capaian": "capaian/', '"capaian": "../../capaian/'),
        ("tautan.capaian", "bukan id atau alamat yang sah"),
    ),
    "nama-baris-baru": (
        lambda a: _ubah_json(a / "index.json", lambda d: d["instansi"].update(nama="Kantor\nX")),
        ('api/v1/index.json: teks "Kantor\\nX" memuat baris baru', "teks-satu-baris"),
    ),
    "satuan-bidi": (
        lambda a: _ubah_json(a / TW1, lambda d: d["indikator"][0].update(satuan="%\u202e")),
        ("api/v1/2025/TW1.json: teks", "karakter tak terlihat U+202E", "tidak direkap"),
    ),
    "sasaran-tab": (
        lambda a: _ubah_json(a / TW1, lambda d: d["sasaran"][0].update(uraian="a\tb")),
        ('api/v1/2025/TW1.json: teks "a\\tb" memuat tab',),
    ),
    "fifo": (_fifo, ("api/v1/2025/TW1.json bukan berkas biasa",)),
    "gigabyte": (
        _gigabyte,
        ("api/v1/2025/TW1.json terlalu besar (3.221.225.472 byte", "berkasnya, atau naikkan"),
    ),
    "tidak-ada": (
        lambda a: (a / TW1).unlink(),
        ("api/v1/2025/TW1.json tidak dapat dibaca (berkasnya tidak ada",),
    ),
}


def _rekap_yml(root: Path, kantor: list[tuple[str, str, str]]) -> None:
    baris = ["nama: Rekap Uji", "kantor:"]
    for id_, nama, sumber in kantor:
        baris += [f"  - id: {id_}", f"    nama: {json.dumps(nama)}"]
        baris += [f"    sumber: {json.dumps(sumber)}"]
    (root / "rekap.yml").write_text("\n".join(baris) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def rekap_rusak(situs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A roll-up of two good offices and one broken office per case, computed and built."""
    akar = tmp_path_factory.mktemp("rekap-rusak")
    luar = akar / "luar"
    luar.mkdir()
    kasus = {
        **KASUS,
        "tautan-keluar": (_tautan_keluar(luar), ("api/v1/2025/TW1.json adalah tautan simbolik",)),
        "tahun-keluar": (_tahun_keluar(luar), ("api/v1/2025 adalah tautan simbolik ke luar",)),
    }
    kantor = [("baik", "Kantor Baik", str(situs.parent / "site"))]
    # the same site under another name, but a period fewer: other figures, not a copy
    _ubah_json(_salin(situs, akar / "kedua") / "index.json", lambda d: d["periode"].pop(0))
    kantor.append(("kedua", "Kantor Kedua", str(akar / "kedua")))
    for nama, (ubah, _) in kasus.items():
        ubah(_salin(situs, akar / nama))
        kantor.append((nama, f"Kantor {nama}", str(akar / nama)))
    root = akar / "rekap"
    root.mkdir()
    _rekap_yml(root, kantor)
    mulai = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    d = hitung_rekap(root, tanggal=TANGGAL)
    puncak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"root": root, "d": d, "kasus": kasus, "rss_kb": puncak - mulai}


def test_each_broken_source_is_refused_saying_where_and_what(rekap_rusak: dict[str, Any]) -> None:
    alasan = {h.kantor.id: h.alasan for h in rekap_rusak["d"].hasil}
    assert alasan["baik"] is None and alasan["kedua"] is None
    salah = {
        nama: alasan[nama]
        for nama, (_, harap) in rekap_rusak["kasus"].items()
        if alasan[nama] is None
        or not all(b in str(alasan[nama]) for b in harap)
        or INGGRIS.search(str(alasan[nama]))
    }
    assert salah == {}
    # a gigabyte file is refused from its size, not read: the whole roll-up stays small
    assert rekap_rusak["rss_kb"] < 300 * 1024


def test_broken_sources_leave_the_totals_of_the_others(rekap_rusak: dict[str, Any]) -> None:
    d = rekap_rusak["d"]
    ringkas = {(x.tahun, x.periode): x for x in d.ringkasan}
    x = ringkas[(2025, "TW1")]
    baris = d.tabel.baris_periode(2025, "TW1")
    assert sorted(b["kantor_id"] for b in baris) == ["baik", "kedua"]
    assert x.kantor == 2 and x.rata_rata == pytest.approx(87.75)
    # every period counts the two good offices only ('kedua' has no 2024 TW1)
    assert all(r.kantor == 1 + ((r.tahun, r.periode) != (2024, "TW1")) for r in d.ringkasan)
    # they are one site under one name, but with other figures (a period fewer): both
    # counted, and pointed out
    assert d.nama_sama == [("Kapanewon Uji", ("baik", "kedua"))]


def test_one_site_listed_twice_under_unrelated_names_counts_once(
    situs: Path, tmp_path: Path
) -> None:
    """Two copies of one site (the same name, the same figures) listed under names unrelated
    to it: the second is left out, saying of which office it is a copy."""
    _salin(situs, tmp_path / "salinan")
    root = tmp_path / "rekap"
    root.mkdir()
    _rekap_yml(
        root,
        [("satu", "Kantor Satu", str(situs)), ("dua", "Kantor Dua", str(tmp_path / "salinan"))],
    )
    d = hitung_rekap(root, tanggal=TANGGAL)
    alasan = {h.kantor.id: h.alasan for h in d.hasil}
    assert alasan["satu"] is None
    assert "situsnya salinan situs kantor 'satu' (nama instansi 'Kapanewon Uji'" in str(
        alasan["dua"]
    )
    assert all(x.kantor == 1 for x in d.ringkasan)
    assert {b["kantor_id"] for b in d.tabel.baris_periode(2025, "TW1")} == {"satu"}
    assert d.nama_sama == []
    r = capkin(root, "rekap", "build")
    assert r.exit_code == 0, r.output
    assert "dua (Kantor Dua) tidak dapat diambil: situsnya salinan situs kantor 'satu'" in r.stderr
    beranda = (root / "site/index.html").read_text(encoding="utf-8")
    assert '<tr data-kantor="dua">' in beranda and "situsnya salinan situs kantor" in beranda


def test_the_cli_says_it_in_indonesian_without_a_traceback(rekap_rusak: dict[str, Any]) -> None:
    r = capkin(rekap_rusak["root"], "rekap", "build", "--strict")
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert f"Gagal (--strict): {len(rekap_rusak['kasus'])} kantor tidak dapat diambil" in r.stderr
    assert "kantor baik, kedua menerbitkan situs dengan nama yang sama (Kapanewon Uji)" in r.stderr
    beranda = (rekap_rusak["root"] / "site/index.html").read_text(encoding="utf-8")
    assert 'data-nama-sama="baik kedua"' in beranda
    assert beranda.count("tidak dapat diambil: ") == len(rekap_rusak["kasus"])


def test_an_office_listing_many_large_periods_is_refused_before_holding_them_all(
    situs: Path, tmp_path: Path
) -> None:
    """Each document within its limit, but thirty of them (an index may list a thousand):
    the office's documents together are bounded too, at ten times the per-file limit."""
    api = _salin(situs, tmp_path / "banyak")
    tw1 = json.loads((api / TW1).read_text(encoding="utf-8"))
    indeks = json.loads((api / "index.json").read_text(encoding="utf-8"))
    (ringkas,) = [p for p in indeks["periode"] if (p["tahun"], p["periode"]) == (2025, "TW1")]
    indeks["periode"] = []
    for tahun in range(2000, 2030):
        (api / str(tahun)).mkdir(exist_ok=True)
        teks = json.dumps({**tw1, "tahun": tahun}) + " " * 40_000  # still valid JSON
        (api / str(tahun) / "TW1.json").write_text(teks, encoding="utf-8")
        indeks["periode"].append({**ringkas, "tahun": tahun})
    (api / "index.json").write_text(json.dumps(indeks), encoding="utf-8")
    root = tmp_path / "rekap"
    root.mkdir()
    _rekap_yml(root, [("banyak", "Banyak", str(tmp_path / "banyak")), ("baik", "Baik", str(situs))])
    with (root / "rekap.yml").open("a", encoding="utf-8") as f:
        f.write("pengaturan: {ukuran_maks_mb: 0.1}\n")
    alasan = {h.kantor.id: h.alasan for h in hitung_rekap(root, tanggal=TANGGAL).hasil}
    assert alasan["baik"] is None
    assert "dokumen API kantor ini (30 periode) bersama-sama lebih dari 1.048.570 byte" in str(
        alasan["banyak"]
    )


_JAWABAN_RUSAK = {
    "status": b"HALO DUNIA\r\n\r\n",
    "kepala": b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70_000 + b"\r\n\r\n",
    "potongan": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc",
    "pendek": b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"api": "capkin',
}
"""What a broken or hostile server sends, by the first segment of the path asked for."""


@pytest.fixture
def server_rusak() -> Iterator[str]:
    """A real TCP server on 127.0.0.1 answering each request with broken HTTP."""
    soket = socket.create_server(("127.0.0.1", 0))

    def layani() -> None:
        while True:
            try:
                c, _ = soket.accept()
            except OSError:
                return
            with c:
                permintaan = c.recv(65536).decode("latin-1")
                jalur = permintaan.split(" ")[1] if " " in permintaan else "/"
                c.sendall(_JAWABAN_RUSAK.get(jalur.split("/")[1], b""))

    threading.Thread(target=layani, daemon=True).start()
    yield f"http://127.0.0.1:{soket.getsockname()[1]}/"
    soket.close()


def test_a_server_sending_broken_http_is_a_reason_not_a_crash(
    server_rusak: str, situs: Path, tmp_path: Path
) -> None:
    """A status line, a header or a chunk no HTTP server sends raised http.client's own
    exceptions, which are no OSError: out of the worker, they stopped the whole roll-up."""
    _rekap_yml(
        tmp_path,
        [(n, f"Kantor {n}", f"{server_rusak}{n}/") for n in _JAWABAN_RUSAK]
        + [("baik", "Kantor Baik", str(situs))],
    )
    r = capkin(tmp_path, "rekap", "build", "--strict")
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output
    d = hitung_rekap(tmp_path, tanggal=TANGGAL)
    alasan = {h.kantor.id: h.alasan for h in d.hasil}
    assert alasan.pop("baik") is None
    for n in ("status", "kepala", "potongan"):
        assert "mengirim jawaban HTTP yang rusak" in str(alasan[n]), alasan[n]
    assert "bukan JSON yang utuh" in str(alasan["pendek"])
    assert not any(INGGRIS.search(str(a)) for a in alasan.values()), alasan


# --- hostile text reaches the built site only as text -----------------------------------------


class _Elemen(HTMLParser):
    """Collects the elements and attributes of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.skrip: list[str] = []
        self.atribut: list[tuple[str, str, str | None]] = []
        self._di_skrip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._di_skrip = tag == "script"
        self.atribut += [(tag, k, v) for k, v in attrs]

    def handle_endtag(self, tag: str) -> None:
        self._di_skrip = False

    def handle_data(self, data: str) -> None:
        if self._di_skrip:
            self.skrip.append(data)


def _jahat(d: dict[str, Any]) -> None:
    ind = d["indikator"][0]
    ind["uraian"] = f"{SKRIP} {TAUTAN} | sel **tebal**"
    ind["satuan"] = GAMBAR
    ind["predikat"] = "<b>Sangat</b>"
    ind["sasaran"] = "<iframe src=//jahat.example>"
    ind["realisasi"] = f"![x](https://jahat.example/px.png){SKRIP}"
    d["sasaran"][0]["uraian"] = f"{SKRIP}\u0000"  # a bidi control is refused (satuan-bidi)
    d["predikat_total"] = f"{GAMBAR}<!--"


def test_hostile_text_in_names_and_documents_is_escaped_in_the_built_site(
    situs: Path, tmp_path: Path
) -> None:
    api = _salin(situs, tmp_path / "jahat")
    _ubah_json(api / TW1, _jahat)
    root = tmp_path / "rekap"
    root.mkdir()
    _rekap_yml(
        root,
        [
            ("jahat", f"{SKRIP}{GAMBAR}{TAUTAN}", str(tmp_path / "jahat")),
            ("baik", "Kantor </td></tr></table><h1>Baik", str(situs)),
        ],
    )
    r = capkin(root, "rekap", "build")
    assert r.exit_code == 0, r.output
    halaman = sorted((root / "site").rglob("*.html"))
    assert len(halaman) > 5
    diperiksa = 0
    for path in halaman:
        teks = path.read_text(encoding="utf-8")
        p = _Elemen()
        p.feed(teks)
        assert not any("alert(" in s for s in p.skrip), path
        for tag, nama, nilai in p.atribut:
            assert not nama.startswith("on"), (path, tag, nama)
            assert not (nilai or "").strip().lower().startswith("javascript:"), (path, tag, nilai)
            assert "jahat.example" not in (nilai or ""), (path, tag, nama, nilai)
        assert "<iframe" not in teks and "<h1>Baik" not in teks, path
        diperiksa += "alert(" in teks
    assert diperiksa >= 3  # the hostile text is there, as text, on several pages
    periode = (root / "site/periode/2025/TW1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in periode


# --- rekap.yml ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_", "kutip"),
    [
        ("../luar", "id-tidak-sah"),
        ("a/b", "id-tidak-sah"),
        ("a\\\\b", "id-tidak-sah"),
        ("con", "nilai-tidak-sah"),
        ("lpt1.txt", "nilai-tidak-sah"),
        ("kantor.", "nilai-tidak-sah"),
        ("a\\u0000b", "karakter-kendali"),
        ("k" * 300, "teks-terlalu-panjang"),
        ("Kantor", "id-tidak-sah"),
    ],
)
def test_an_office_id_no_page_can_bear_is_a_located_error(
    tmp_path: Path, id_: str, kutip: str
) -> None:
    (tmp_path / "rekap.yml").write_text(
        f'nama: R\nkantor:\n  - id: "{id_}"\n    nama: K\n    sumber: https://k.example/\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as e:
        muat_rekap(tmp_path)
    (m,) = e.value.masalah
    assert (m.berkas, m.baris, m.kode) == ("rekap.yml", 3, kutip), m


def test_duplicate_ids_and_sources_are_located_errors(tmp_path: Path) -> None:
    (tmp_path / "kantor-a").mkdir()
    (tmp_path / "rekap.yml").write_text(
        "nama: R\nkantor:\n"
        "  - {id: a, nama: A, sumber: kantor-a}\n"
        "  - {id: a, nama: B, sumber: https://b.example/}\n"
        "  - {id: c, nama: C, sumber: ./kantor-a/}\n"
        "  - {id: d, nama: D, sumber: HTTPS://B.example}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as e:
        muat_rekap(tmp_path)
    assert [(m.baris, m.kode) for m in e.value.masalah] == [
        (4, "kantor-ganda"),
        (5, "sumber-ganda"),
        (6, "sumber-ganda"),
    ]
    assert "sama dengan sumber kantor[0] ('a')" in e.value.masalah[1].pesan


def test_a_site_naming_itself_as_another_office_is_not_counted_twice(
    situs: Path, tmp_path: Path
) -> None:
    """A second entry whose source is (a copy of) another office's site: that office's
    figures would count twice. The site's own name tells: it is another office's name."""
    nama = json.loads((situs / "api/v1/index.json").read_text("utf-8"))["instansi"]["nama"]
    _salin(situs, tmp_path / "salinan")
    root = tmp_path / "rekap"
    root.mkdir()
    _rekap_yml(
        root,
        [("asli", nama, str(situs)), ("palsu", "Kantor Palsu", str(tmp_path / "salinan"))],
    )
    d = hitung_rekap(root, tanggal=TANGGAL)
    alasan = {h.kantor.id: h.alasan for h in d.hasil}
    assert alasan["asli"] is None
    assert alasan["palsu"] is not None
    assert f"situsnya menyebut dirinya '{nama}', yaitu kantor 'asli'" in alasan["palsu"]
    assert all(x.kantor == 1 for x in d.ringkasan)
    assert {b["kantor_id"] for b in d.tabel.baris_periode(2025, "TW1")} == {"asli"}
    assert d.nama_sama == []  # the copy is out, so nothing is counted twice


def test_a_source_address_no_file_system_takes_is_a_reason_not_a_crash(tmp_path: Path) -> None:
    _rekap_yml(
        tmp_path,
        [("panjang", "P", "x" * 1900), ("bukan", "B", "tidak-ada")],
    )
    alasan = {h.kantor.id: h.alasan for h in hitung_rekap(tmp_path, tanggal=TANGGAL).hasil}
    assert all(a is not None and not INGGRIS.search(a) for a in alasan.values()), alasan
    assert "tidak berisi situs yang sudah dibangun" in str(alasan["bukan"])


# --- the documents' checks, fuzzed --------------------------------------------------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda isi: st.lists(isi, max_size=4) | st.dictionaries(st.text(max_size=10), isi, max_size=4),
    max_leaves=12,
)


def _jalur_daun(data: Any, awal: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [awal] + [j for k, v in data.items() for j in _jalur_daun(v, (*awal, k))]
    if isinstance(data, list):
        return [awal] + [j for i, v in enumerate(data) for j in _jalur_daun(v, (*awal, i))]
    return [awal]


def _ganti(data: Any, jalur: tuple[Any, ...], nilai: Any) -> Any:
    if not jalur:
        return nilai
    data[jalur[0]] = _ganti(data[jalur[0]], jalur[1:], nilai)
    return data


@pytest.fixture(scope="module")
def dokumen(situs: Path) -> dict[str, bytes]:
    return {
        "index": (situs / "api/v1/index.json").read_bytes(),
        "periode": (situs / "api/v1" / TW1).read_bytes(),
    }


def _cek(isi: bytes, dokumen: dict[str, bytes]) -> None:
    """Either document reading returns, or refuses in Indonesian: nothing else escapes."""
    indeks = validasi_indeks(dokumen["index"], "api/v1/index.json")
    (ringkas,) = [p for p in indeks.periode if (p.tahun, p.periode) == (2025, "TW1")]
    for baca in (
        lambda: validasi_indeks(isi, "api/v1/index.json"),
        lambda: validasi_periode(isi, "api/v1/2025/TW1.json", ringkas, "kantor"),
    ):
        try:
            baca()
        except GagalAmbil as exc:
            assert str(exc).startswith("api/v1/"), str(exc)
            assert not INGGRIS.search(str(exc)), str(exc)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_change_to_a_document_is_read_or_refused_in_indonesian(
    dokumen: dict[str, bytes], data: st.DataObject
) -> None:
    jenis = data.draw(st.sampled_from(["index", "periode"]))
    asli = json.loads(dokumen[jenis])
    jalur = data.draw(st.sampled_from(_jalur_daun(asli)))
    isi = json.dumps(_ganti(asli, jalur, data.draw(_JSON)), allow_nan=True).encode()
    _cek(isi, dokumen)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(potong=st.integers(min_value=0), sisip=st.binary(max_size=20))
def test_any_truncated_or_corrupted_document_is_refused_in_indonesian(
    dokumen: dict[str, bytes], potong: int, sisip: bytes
) -> None:
    for isi in dokumen.values():
        n = potong % len(isi)
        _cek(isi[:n], dokumen)
        _cek(isi[:n] + sisip + isi[n:], dokumen)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    total=st.lists(
        st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False)), min_size=1
    )
)
def test_an_accepted_rekap_document_has_the_mean_of_its_offices(
    dokumen: dict[str, bytes], total: list[float | None]
) -> None:
    """A roll-up's period document is accepted only when its total is its offices' mean."""
    indeks = json.loads(dokumen["index"])
    indeks["jenis"] = "rekap"
    periode = json.loads(dokumen["periode"])
    nilai = [round(x, 2) for x in total if x is not None]
    rata = round(statistics.fmean(nilai), 2) if nilai else None
    baris = dict.fromkeys(
        ("predikat_total", "tanggal_disahkan", "bukti_disahkan", "langkah_akhir", "tepat_waktu")
    )
    periode["kantor"] = [
        {**baris, "id": f"k{i}", "nama": "K", "capaian_total": x, "disahkan": False}
        for i, x in enumerate(None if x is None else round(x, 2) for x in total)
    ]
    for benar, tertulis in ((True, rata), (False, None if rata is None else rata + 0.02)):
        periode["capaian_total"] = tertulis
        ringkas = next(
            p
            for p in validasi_indeks(json.dumps(indeks).encode(), "i").periode
            if p.periode == "TW1" and p.tahun == 2025
        )
        ringkas = ringkas.model_copy(update={"capaian_total": tertulis})
        isi = json.dumps(periode).encode()
        if benar or rata is None:
            validasi_periode(isi, "api/v1/2025/TW1.json", ringkas, "rekap")
        else:
            with pytest.raises(GagalAmbil, match="rata-rata capaian total kantornya"):
                validasi_periode(isi, "api/v1/2025/TW1.json", ringkas, "rekap")


# --- offices read from their data repository -------------------------------------------------


def _repo_fifo(t: Path, jalur: str = "data/2025/siklus/TW1.yml") -> None:
    f = t / jalur
    f.unlink()
    os.mkfifo(f)


def _repo_besar(t: Path) -> None:
    with (t / "data/2025/perjanjian-kinerja.yml").open("r+b") as f:
        f.truncate(3 * 1024**3)  # sparse


def _repo_tautan_berkas(t: Path) -> None:
    (t / "data/sop.yml").unlink()
    (t / "data/sop.yml").symlink_to("/etc/passwd")


def _repo_tautan_folder(t: Path) -> None:
    shutil.rmtree(t / "data/2025")
    (t / "data/2025").symlink_to(t.parent / "asli/data/2025")


KASUS_REPO: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "yaml-rusak": (
        lambda t: (t / "data/instansi.yml").write_text("nama: [\n", encoding="utf-8"),
        ("data kantor tidak sah: data/instansi.yml:2:1: galat: YAML tidak dapat dibaca",),
    ),
    "tautan-keluar": (
        _repo_tautan_berkas,
        ("data/sop.yml: galat: tautan simbolik ini menunjuk ke luar repo",),
    ),
    "folder-keluar": (_repo_tautan_folder, ("data/2025: galat: tautan simbolik",)),
    "fifo": (_repo_fifo, ("data kantor tidak sah: data/2025/siklus/TW1.yml", "galat")),
    "instansi-fifo": (
        lambda t: _repo_fifo(t, "data/instansi.yml"),
        ("data kantor tidak sah: data/instansi.yml", "galat"),
    ),
    "besar": (_repo_besar, ("data/2025/perjanjian-kinerja.yml: galat: berkas berukuran",)),
}


def test_a_hostile_office_repository_is_a_reason_and_the_rest_is_rolled_up(
    tmp_path: Path,
) -> None:
    """Offices read from a data repository (a folder, or a git address) go through capkin's
    own loader: each broken one is left out saying its first error (not a warning sorting
    before it), a git address carrying options or another protocol runs nothing, and the
    good office is rolled up."""
    asli = tmp_path / "asli"
    buat_repo_situs(asli)
    kantor = [("asli", "Kantor Asli", str(asli))]
    for nama, (ubah, _) in KASUS_REPO.items():
        shutil.copytree(asli, tmp_path / nama, symlinks=True)
        ubah(tmp_path / nama)
        kantor.append((nama, f"Kantor {nama}", str(tmp_path / nama)))
    jejak = tmp_path / "DIJALANKAN"
    kantor += [
        ("opsi", "Opsi", f"file://--upload-pack=touch {jejak}"),
        ("ext", "Ext", f"ext::sh -c touch% {jejak}"),
        ("opsi-https", "Opsi Https", "git+https://x.invalid/--upload-pack=touch.git"),
    ]
    root = tmp_path / "rekap"
    root.mkdir()
    _rekap_yml(root, kantor)
    d = hitung_rekap(root, tanggal=TANGGAL)
    alasan = {h.kantor.id: h.alasan for h in d.hasil}
    assert alasan.pop("asli") is None
    salah = {
        nama: alasan[nama]
        for nama, (_, harap) in KASUS_REPO.items()
        if not all(b in str(alasan[nama]) for b in harap)
    }
    assert salah == {}
    assert "git clone gagal" in str(alasan["opsi"]) and "tidak didukung" in str(alasan["ext"])
    assert all(a and not INGGRIS.search(a) and "peringatan" not in a for a in alasan.values())
    assert not jejak.exists()
    assert all(x.kantor == 1 for x in d.ringkasan) and d.ringkasan
    r = capkin(root, "rekap", "build")
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    beranda = (root / "site/index.html").read_text(encoding="utf-8")
    assert all(f'<tr data-kantor="{n}">' in beranda for n in alasan)


@pytest.mark.parametrize(
    ("baris", "teks"),
    [
        (1, 'nama: "Rekap\\nUji"'),
        (2, 'induk: "Kabupaten\\u202eUji"'),
        (5, '    nama: "Kantor\\tA"'),
        (6, '    sumber: "https://a.example/\\u200b"'),
    ],
)
def test_names_in_rekap_yml_are_one_line_as_an_office_s_own(
    tmp_path: Path, baris: int, teks: str
) -> None:
    """rekap.yml's names reach the same tables, CSV/XLSX cells and terminal lines as the
    offices' own: a line break, tab or invisible control is the same located error."""
    isi = ["nama: Rekap", "induk: Kabupaten", "kantor:", "  - id: a", "    nama: A"]
    isi += ["    sumber: https://a.example/"]
    isi[baris - 1] = teks
    (tmp_path / "rekap.yml").write_text("\n".join(isi) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        muat_rekap(tmp_path)
    (m,) = e.value.masalah
    assert (m.berkas, m.baris, m.kode) == ("rekap.yml", baris, "teks-satu-baris"), m
