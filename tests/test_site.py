"""capkin build on a generated two-year repo: pages, numbers, escaping, links, downloads."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from factories import (
    HAMBATAN_BERBAHAYA,
    buat_repo_situs,
    capkin,
    compute_json,
    tulis,
    tulis_data_minimal,
)

from capkin.achievement import format_persen, hitung
from capkin.cachedir import folder_cache
from capkin.dataset import muat_dataset
from capkin.errors import CapkinError, DataError
from capkin.render.env import format_target, format_waktu, judul_aman, tautan
from capkin.render.riwayat_page import github
from capkin.site import HasilBangun, PilihanPdf, bangun
from capkin.site.mkdocs_config import baca_mkdocs

pytestmark = pytest.mark.slow

TANGGAL = date(2025, 7, 20)


@pytest.fixture(scope="module")
def situs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, HasilBangun, list[str]]:
    """Build the generated repo's site once for this module."""
    root = tmp_path_factory.mktemp("situs") / "repo"
    buat_repo_situs(root)
    tulis(
        root,
        "mkdocs.yml",
        "site_name: Situs Uji\nrepo_url: https://github.com/uji/data\n"
        "theme:\n  name: material\n  language: id\n",
    )
    progres: list[str] = []
    hasil = bangun(root, pdf=PilihanPdf.SEMUA, progres=progres.append, tanggal=TANGGAL)
    return root, hasil, progres


def _html(situs: tuple[Path, HasilBangun, list[str]]) -> dict[str, str]:
    out = situs[1].out
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")
    }


def test_build_writes_every_page_kind(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    root, hasil, _ = situs
    out = hasil.out
    assert out == root / "site"
    for nama in [
        "index.html",
        "capaian/index.html",
        "capaian/2024/TW1.html",
        "capaian/2024/tahunan.html",
        "capaian/2025/TW2.html",
        "indikator/index.html",
        *[f"indikator/ik{n}.html" for n in range(1, 7)],
        "laporan/2025/TW2.html",
        "laporan/2025/laporan-data-capaian-kinerja-2025-TW2.pdf",
        "laporan/2024/laporan-data-capaian-kinerja-2024-tahunan.pdf",
        "siklus/2025/TW2.html",
        "perjanjian-kinerja/2024.html",
        "perjanjian-kinerja/2025.html",
        "riwayat.html",
        "unduh.html",
        "unduh/capaian-2025-TW2.csv",
        "unduh/capaian-2025-TW2.xlsx",
        "api/2025/TW2.json",
        "api/riwayat.json",
        "unduh/data.zip",
        "assets/capkin.css",
        "assets/tablesort.js",
    ]:
        assert (out / nama).is_file(), nama
    # no page for a period without data, and tahunan only once TW4 is in
    assert not (out / "capaian/2025/TW3.html").exists()
    assert not (out / "capaian/2025/tahunan.html").exists()
    assert hasil.pdf == 7


def test_panduan_page_shows_the_staff_guide(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    from capkin.scaffold import panduan_markdown

    halaman = _html(situs)["panduan.html"]
    judul = panduan_markdown().splitlines()[0].lstrip("# ").strip()
    assert "Panduan staf" in judul
    assert "Panduan staf" in halaman
    # Markdown of the guide is rendered, not shown as text
    assert "<h2" in halaman and "## " not in halaman
    assert 'href="panduan.html"' in _html(situs)["index.html"]


def test_repo_panduan_overrides_the_packaged_guide(tmp_path: Path) -> None:
    from capkin.render.pages import panduan

    assert panduan(tmp_path).startswith("# Panduan staf")
    (tmp_path / "PANDUAN.md").write_text("# Panduan Kecamatan Mlati\n", encoding="utf-8")
    assert panduan(tmp_path) == "# Panduan Kecamatan Mlati\n"


def test_progress_one_line_per_stage(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    progres = situs[2]
    assert progres[:3] == ["Memvalidasi data…", "Menghitung capaian…", "Membaca riwayat git…"]
    assert re.fullmatch(r"Menulis halaman \(\d+\)…", progres[3])
    # the LKjIP and the PDFs are written while MkDocs builds the pages
    assert progres[4] == "Menjalankan MkDocs…"
    assert progres[5] == "Menulis LKjIP (2)…"
    # 7 periods, 6 approved versions and 2 LKjIP, rendered together
    assert progres[6] == "Membuat PDF (15)…"
    assert re.fullmatch(r"Selesai: .*site \(\d+ detik\)", progres[7])


def test_numbers_equal_compute(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    root, hasil, _ = situs
    ds, _ = muat_dataset(root)
    for tahun, periode in [(2024, "TW3"), (2024, "tahunan"), (2025, "TW2")]:
        cli = compute_json(root, tahun, periode)
        assert cli.pop("versi") == "kini"  # the site publishes approved versions (unchanged here)
        api = json.loads((hasil.out / f"api/{tahun}/{periode}.json").read_text("utf-8"))
        assert api == cli
        halaman = (hasil.out / f"capaian/{tahun}/{periode}.html").read_text("utf-8")
        total = format_persen(hitung(ds, tahun, periode).capaian_total)
        assert f'data-capkin="capaian-total">{total}<' in halaman
        for ind in cli["indikator"]:
            baris = re.search(rf'<tr data-indikator="{ind["id"]}">(.*?)</tr>', halaman)
            assert baris is not None
            assert f'data-capkin="capaian">{format_persen(ind["capaian"])}' in baris.group(1)


def test_data_text_is_escaped(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    halaman = _html(situs)
    for nama, teks in halaman.items():
        assert '<script>alert("hambatan")' not in teks, nama
        assert "<b>IKM</b>" not in teks, nama
        assert "<i>sebagian besar</i>" not in teks, nama
    assert (
        "&lt;script&gt;alert(&#34;hambatan&#34;)&lt;/script&gt; **tebal**"
        in halaman["indikator/ik1.html"]
    )
    assert "&lt;i&gt;sebagian besar&lt;/i&gt;" in halaman["laporan/2025/TW1.html"]
    assert HAMBATAN_BERBAHAYA.startswith("<script>")


class _Tautan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.href: list[tuple[str, str]] = []
        self.lain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if v and k in {"href", "src", "action", "data", "poster", "srcset"}:
                if tag == "a":
                    self.href.append((tag, v))
                else:
                    self.lain.append(v)


def test_internal_links_resolve_and_nothing_external(
    situs: tuple[Path, HasilBangun, list[str]],
) -> None:
    out = situs[1].out
    luar_diizinkan = {"contoh.example", "github.com"}  # bukti in data; the repo's own links
    for nama, teks in _html(situs).items():
        p = _Tautan()
        p.feed(teks)
        for url in [h for _, h in p.href] + p.lain:
            u = urlparse(url)
            if u.scheme in {"http", "https"}:
                assert url in [h for _, h in p.href], f"{nama}: {url} dimuat dari luar"
                assert u.netloc in luar_diizinkan, f"{nama}: {url}"
                continue
            if u.scheme or url.startswith("#") or nama == "404.html":
                continue  # MkDocs' 404 page links from the site root
            target = (out / nama).parent / u.path
            assert target.exists(), f"{nama}: tautan rusak {url}"
        # nothing loads from another host (xmlns of inline SVG is a name, not a request)
        for m in re.finditer(r"""(?:src|href)=["'](https?://[^"']+)""", teks):
            assert urlparse(m.group(1)).netloc in luar_diizinkan, f"{nama}: {m.group(1)}"
        assert "fonts.googleapis" not in teks and "cdn" not in teks.lower().replace("capkin", "")


def test_register_links_to_github_and_verification(
    situs: tuple[Path, HasilBangun, list[str]],
) -> None:
    halaman = _html(situs)
    riwayat = halaman["riwayat.html"]
    assert "https://github.com/uji/data/commit/" in riwayat
    assert "BUDI SANTOSO, S.E." in riwayat  # author mapped to the official
    laporan = halaman["laporan/2025/TW1.html"]
    assert "telah disetujui" in laporan
    # signed by email only (no SSH key): said so, and counted, since signatures are optional here
    teks = " ".join(re.sub(r"<[^>]+>", "", laporan).split())
    assert (
        "Tanda tangan langkah 6: email cocok, tanpa tanda tangan kriptografis: commit yang "
        "mencatatnya dibuat dengan email pejabat yang bersangkutan, tetapi tidak ditandatangani "
        "dengan kuncinya." in teks
    )
    siklus_tw1 = " ".join(re.sub(r"<[^>]+>", "", halaman["siklus/2025/TW1.html"]).split())
    assert "email cocok, tanpa tanda tangan kriptografis" in siklus_tw1
    assert "(tidak dihitung)" not in siklus_tw1
    assert "Belum disetujui" in halaman["laporan/2025/TW2.html"]
    beranda = " ".join(halaman["index.html"].split())
    assert "langkah 3 (Langkah 3) terlambat, tenggat 16 Juli 2025" in beranda
    siklus = halaman["siklus/2025/TW2.html"]
    assert "Permintaan data capaian kinerja TW2" in siklus


def test_indonesian_formats_on_pages(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    halaman = _html(situs)
    assert "1.250.000.000" in halaman["perjanjian-kinerja/2025.html"]
    assert "3 Februari 2025" in halaman["perjanjian-kinerja/2025.html"]
    assert "80–90" in halaman["capaian/2024/TW1.html"]  # a rentang target


def test_downloads_match_compute(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    root, hasil, _ = situs
    ds, _ = muat_dataset(root)
    hp = hitung(ds, 2025, "TW2")
    from capkin.achievement.terminal_table import teks_csv

    csv_teks = (hasil.out / "unduh/capaian-2025-TW2.csv").read_text(encoding="utf-8-sig")
    assert csv_teks == teks_csv(hp)  # exactly `capkin compute --format csv`
    baris = list(csv.DictReader(io.StringIO(csv_teks)))
    assert [b["id"] for b in baris] == [i.id for i in hp.indikator]
    from openpyxl import load_workbook

    ws = load_workbook(hasil.out / "unduh/capaian-2025-TW2.xlsx").active
    assert ws is not None
    isi = list(ws.iter_rows(values_only=True))
    assert isi[0][0] == "id" and len(isi) == len(hp.indikator) + 1
    kolom = isi[0].index("capaian")
    assert [r[kolom] for r in isi[1:]] == [
        None if i.capaian is None else float(i.capaian) for i in hp.indikator
    ]
    with zipfile.ZipFile(hasil.out / "unduh/data.zip") as z:
        assert "data/2025/perjanjian-kinerja.yml" in z.namelist()
    riwayat = json.loads((hasil.out / "api/riwayat.json").read_text("utf-8"))
    assert riwayat and riwayat[0]["commit"]


def test_invalid_data_stops_build_with_validate_messages(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    tulis(
        tmp_path,
        "data/2025/realisasi/TW1/jawatan-umum.yml",
        "periode: TW1\nunit: jawatan-umum\ndisampaikan_oleh: kepala-jawatan-umum\n"
        "tanggal: 2025-04-08\nrealisasi:\n  - indikator: ik1\n    nilai: delapan puluh\n",
    )
    with pytest.raises(DataError) as exc:
        bangun(tmp_path)
    validasi = capkin(tmp_path, "validate")
    build = capkin(tmp_path, "build")
    assert build.exit_code == 1
    for m in exc.value.masalah:
        assert str(m) in validasi.output and str(m) in build.output
    assert not (tmp_path / "site").exists()


def test_repo_templates_override_packaged_ones_and_no_mkdocs_yml(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)  # no git, no mkdocs.yml: a repo made by `capkin init`
    tulis(
        tmp_path,
        "site_templates/riwayat.md",
        "---\ntitle: Riwayat\n---\n<h1>Register milik kantor</h1>\n",
    )
    tulis(tmp_path, "site_templates/assets/capkin.css", "/* css kantor */\n")
    hasil = bangun(tmp_path, tmp_path / "keluar", pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    assert "Register milik kantor" in (hasil.out / "riwayat.html").read_text("utf-8")
    assert (hasil.out / "assets/capkin.css").read_text("utf-8") == "/* css kantor */\n"
    assert (hasil.out / "assets/tablesort.js").is_file()  # the packaged asset still comes along
    assert "Riwayat belum tersedia" not in (hasil.out / "riwayat.html").read_text("utf-8")
    index = (hasil.out / "index.html").read_text("utf-8")
    assert "Capaian Kinerja Kapanewon Uji" in index
    assert not list(hasil.out.rglob("*.pdf"))


def test_an_office_template_may_link_to_downloads_in_markdown(tmp_path: Path) -> None:
    """Downloads are written while MkDocs builds the pages: a Markdown link to one in an
    office's own template is still a link MkDocs finds (`--strict`), to the real file."""
    tulis_data_minimal(tmp_path)
    tulis(
        tmp_path,
        "site_templates/unduh.md",
        "---\ntitle: Unduh\n---\n# Unduh\n\n"
        "- [Data]({{ url(letak.zip_data) }}) dan [riwayat]({{ url(letak.api_riwayat) }})\n"
        "{% for u in k %}- [CSV]({{ url(u.csv) }}) [XLSX]({{ url(u.xlsx) }}) "
        "[JSON]({{ url(u.json) }})\n{% endfor %}",
    )
    hasil = bangun(tmp_path, tmp_path / "keluar", pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    halaman = (hasil.out / "unduh.html").read_text("utf-8")
    csv = sorted(hasil.out.glob("unduh/**/*.csv"))
    assert csv and all(p.stat().st_size > 0 for p in csv)
    assert all(f'href="{p.relative_to(hasil.out).as_posix()}"' in halaman for p in csv)
    assert (hasil.out / "unduh/data.zip").stat().st_size > 0
    assert (hasil.out / "api/riwayat.json").read_text("utf-8").startswith("[")


def test_a_broken_link_in_an_office_template_fails_the_build(tmp_path: Path) -> None:
    """MkDocs runs in strict mode for real: its warnings are not silenced (`--quiet` would
    hide them from the count), so a link to nothing stops the build and is named."""
    tulis_data_minimal(tmp_path)
    tulis(tmp_path, "site_templates/riwayat.md", "---\ntitle: R\n---\n[x](tidak-ada.md)\n")
    with pytest.raises(CapkinError) as exc:
        bangun(tmp_path, tmp_path / "keluar", pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    assert "mode ketat" in str(exc.value) and "tidak-ada.md" in str(exc.value)
    assert not (tmp_path / "keluar").exists()


def test_formatting_helpers() -> None:
    from capkin.models.perjanjian_kinerja_model import Rentang

    assert format_target(Rentang(min=80, maks=90.5)) == "80–90,5"
    assert format_target(None) == "–"
    assert format_waktu(date(2025, 7, 3)) == "3 Juli 2025"
    assert judul_aman("a <script> b") == "a ‹script› b"
    assert tautan("capaian/2025/TW2.md", "indikator/ik1.md") == "../../indikator/ik1.html"
    assert tautan("index.md", "unduh/data.zip") == "unduh/data.zip"
    assert github("https://github.com/org/repo.git/") == "https://github.com/org/repo"
    assert github("https://gitlab.com/org/repo") is None
    assert github(None) is None


def test_not_found_page_is_in_indonesian(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    halaman = _html(situs)["404.html"]
    assert "Halaman tidak ditemukan" in halaman and "Not found" not in halaman


def test_a_custom_dir_of_the_office_is_kept(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    tulis(tmp_path, "mkdocs.yml", "site_name: Uji\ntheme:\n  name: material\n  custom_dir: tema\n")
    tulis(
        tmp_path,
        "tema/404.html",
        '{% extends "main.html" %}{% block content %}Hilang{% endblock %}',
    )
    hasil = bangun(tmp_path, tmp_path / "keluar", pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    assert "Hilang" in (hasil.out / "404.html").read_text("utf-8")


def test_generated_config_inherits_user_config(situs: tuple[Path, HasilBangun, list[str]]) -> None:
    root = situs[0]
    gen_yml = folder_cache(root) / "situs/mkdocs.gen.yml"
    assert not (root / ".capkin-cache").exists()
    gen = json.loads(gen_yml.read_text("utf-8").split("\n", 1)[1])
    assert gen["INHERIT"] == str((root / "mkdocs.yml").resolve())
    assert gen["repo_url"] is None and gen["theme"]["font"] is False
    assert gen["use_directory_urls"] is False
    assert [next(iter(n)) for n in gen["nav"]][:3] == ["Beranda", "Capaian", "Indikator"]
    assert baca_mkdocs(root)["repo_url"] == "https://github.com/uji/data"


def test_wheel_ships_templates_and_an_installed_capkin_builds(tmp_path: Path) -> None:
    """A non-editable install (the wheel, unpacked) finds its packaged templates."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    roda = tmp_path / "roda"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(roda), str(repo)],
        check=True,
        capture_output=True,
    )
    (berkas,) = roda.glob("capkin-*.whl")
    paket = tmp_path / "paket"
    with zipfile.ZipFile(berkas) as z:
        nama = z.namelist()
        z.extractall(paket)
    for templat in ("beranda.md", "laporan_cetak.html", "assets/tablesort.js"):
        assert f"capkin/templates/{templat}" in nama
    data = tulis_data_minimal(tmp_path / "repo-baru")
    env = {**os.environ, "PYTHONPATH": str(paket)}
    hasil = subprocess.run(
        [sys.executable, "-m", "capkin", "-C", str(data), "build", "--no-pdf"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert hasil.returncode == 0, hasil.stderr
    assert (data / "site/index.html").is_file()
    cek = subprocess.run(
        [sys.executable, "-c", "import capkin; print(capkin.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert cek.stdout.startswith(str(paket))


def test_data_zip_never_follows_symbolic_links(tmp_path: Path) -> None:
    from capkin.site.downloads import tulis_zip_data

    tulis_data_minimal(tmp_path / "repo")
    rahasia = tmp_path / "rahasia"
    rahasia.mkdir()
    (rahasia / "token.txt").write_text("RAHASIA\n", encoding="utf-8")
    (tmp_path / "repo/data/2025/lampiran.txt").symlink_to(rahasia / "token.txt")
    (tmp_path / "repo/data/2025/folder-tautan").symlink_to(rahasia, target_is_directory=True)
    tulis_zip_data(tmp_path / "repo", tmp_path / "data.zip")
    with zipfile.ZipFile(tmp_path / "data.zip") as z:
        nama = z.namelist()
        assert all(b"RAHASIA" not in z.read(n) for n in nama)
    assert "data/instansi.yml" in nama and "data/2025/lampiran.txt" not in nama


def test_a_year_without_realisasi_builds_with_empty_pages(tmp_path: Path) -> None:
    from factories import instansi_yml, pk_yml, sop_yml

    tulis(tmp_path, "data/instansi.yml", instansi_yml())
    tulis(tmp_path, "data/sop.yml", sop_yml())
    tulis(tmp_path, "data/2025/perjanjian-kinerja.yml", pk_yml())
    hasil = bangun(tmp_path, pdf=PilihanPdf.SEMUA, tanggal=TANGGAL)
    assert hasil.pdf == 0
    assert "Belum ada data realisasi" in (hasil.out / "index.html").read_text("utf-8")
    assert "Belum ada periode" in (hasil.out / "capaian/index.html").read_text("utf-8")
    assert (hasil.out / "perjanjian-kinerja/2025.html").is_file()


def test_control_characters_stay_out_of_xlsx_and_svg(tmp_path: Path) -> None:
    from xml.etree import ElementTree

    from capkin.charts import gambar_svg, grafik_seri
    from capkin.site.downloads import _sel_xlsx

    assert _sel_xlsx("uraian", "a\x1b[31mb\x07") == "a[31mb"
    assert _sel_xlsx("capaian", "85.5") == 85.5
    assert _sel_xlsx("target", "80–90") == "80–90"
    spek = grafik_seri("judul\x1b", "isi\x07", ["a", "b"], {"Target": [1.0, 2.0]}, "Nilai")
    assert spek is not None
    ElementTree.fromstring(gambar_svg(spek))  # a well-formed XML document


def test_build_refuses_to_wipe_a_docs_folder_it_did_not_write(tmp_path: Path) -> None:
    from capkin.errors import CapkinError

    tulis_data_minimal(tmp_path)
    tulis(tmp_path, "docs/catatan-saya.md", "# punya saya\n")
    with pytest.raises(CapkinError, match="tidak dibuat capkin"):
        bangun(tmp_path, pdf=PilihanPdf.TIDAK)
    assert (tmp_path / "docs/catatan-saya.md").is_file()
    (tmp_path / "docs/catatan-saya.md").unlink()
    bangun(tmp_path, pdf=PilihanPdf.TIDAK)  # an empty docs/ is fine, and so is capkin's own
    bangun(tmp_path, pdf=PilihanPdf.TIDAK)
    assert not (tmp_path / "site/.capkin-docs").exists()


def _persetujuan_html(root: Path) -> str:
    from capkin.charts import PenggambarGrafik
    from capkin.render import Rencana, buat_env, kumpulkan, render_cetak
    from capkin.render.laporan import konteks_laporan
    from capkin.validation import muat_valid

    ds, _ = muat_valid(root)
    s = kumpulkan(ds, tanggal=date(2025, 5, 1))
    k = konteks_laporan(s, 2025, "TW1", False)
    html = render_cetak(buat_env(root), Rencana(s, set()), PenggambarGrafik(None), k, "")
    return html[html.index('id="persetujuan"') :]


@pytest.mark.parametrize(
    ("nama", "induk", "jabatan", "ttd", "penerima"),
    [
        (
            "Kapanewon Uji",
            "Pemerintah Kabupaten Uji",
            "Panewu",
            "Panewu Uji",
            "Inspektorat Kabupaten Uji pada",
        ),
        (
            "Dinas Pendidikan Kabupaten Bantul",
            "Pemerintah Kabupaten Bantul",
            "Kepala Dinas Pendidikan",
            "Kepala Dinas Pendidikan Kabupaten Bantul",
            "Inspektorat Kabupaten Bantul pada",
        ),
        ("Kecamatan Depok", "Pemerintah Kota Depok", "Camat", "Camat Depok", "Kota Depok pada"),
        ("Badan Uji", None, "Kepala Badan Uji", "Kepala Badan Uji", "dan Inspektorat pada"),
    ],
)
def test_report_approval_names_this_office_and_its_parent(
    tmp_path: Path, nama: str, induk: str | None, jabatan: str, ttd: str, penerima: str
) -> None:
    """The approval block reads right for a kapanewon, a dinas, a kecamatan, no induk."""
    from factories import LANGKAH_TW1, SIKLUS_TW1, instansi_yml, siklus_yml, tulis_data_minimal

    root = tulis_data_minimal(tmp_path)
    teks = instansi_yml().replace("nama: Kapanewon Uji", f"nama: {nama}")
    teks = teks.replace("induk: Pemerintah Kabupaten Uji\n", f"induk: {induk}\n" if induk else "")
    teks = teks.replace("    peran: panewu\n", f"    jabatan: {jabatan}\n    peran: panewu\n")
    tulis(root, "data/instansi.yml", teks)
    tulis(root, SIKLUS_TW1, siklus_yml("TW1", LANGKAH_TW1))
    html = _persetujuan_html(root)
    assert f"<p>{ttd}</p>" in html
    assert "disampaikan kepada Bagian Organisasi Sekretariat Daerah dan " in html
    assert penerima in html
    assert "Kapanewon" not in html or nama.startswith("Kapanewon")


def test_site_name_cannot_close_an_attribute(tmp_path: Path) -> None:
    """The theme prints the site name unescaped in aria-label="…": a quote must not end it."""
    serangan = 'Dinas X" onmouseover="alert(1)'
    assert judul_aman(serangan) == "Dinas X” onmouseover=”alert(1)"
    root = tulis_data_minimal(tmp_path)
    tulis(root, "mkdocs.yml", f"site_name: {json.dumps(serangan)}\n")
    hasil = capkin(root, "build", "--pdf", "tidak")
    assert hasil.exit_code == 0, hasil.output
    html = (root / "site/index.html").read_text(encoding="utf-8")
    assert 'onmouseover="' not in html
    assert 'aria-label="Dinas X” onmouseover=”alert(1)"' in html
    # without mkdocs.yml the name comes from instansi.yml
    (root / "mkdocs.yml").unlink()
    teks = (root / "data/instansi.yml").read_text(encoding="utf-8")
    tulis(root, "data/instansi.yml", teks.replace("nama: Kapanewon Uji", f"nama: '{serangan}'"))
    hasil = capkin(root, "build", "--pdf", "tidak")
    assert hasil.exit_code == 0, hasil.output
    assert 'onmouseover="' not in (root / "site/index.html").read_text(encoding="utf-8")
