"""A build after a small change rebuilds only the changed pages and gives the same site as a full one."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from factories import RepoUji, buat_repo_situs, tulis

from capkin.cachedir import folder_cache
from capkin.site import PilihanPdf, bangun

pytestmark = pytest.mark.slow

TANGGAL = date(2025, 7, 20)
TW2 = "data/2025/realisasi/TW2/jawatan-umum.yml"
TW2_PRAJA = "data/2025/realisasi/TW2/jawatan-praja.yml"


def _bangun(root: Path, out: Path | None = None) -> list[str]:
    progres: list[str] = []
    bangun(root, out, pdf=PilihanPdf.TIDAK, progres=progres.append, tanggal=TANGGAL)
    return [b for b in progres if b.startswith("Menjalankan MkDocs")]


def _situs(out: Path) -> dict[str, bytes]:
    """The pages and the search index: what a reader sees (downloads carry build times)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.suffix == ".html" or p.name == "search_index.json"
    }


def _penuh(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a full build gives from the same data, into another folder (every page
    rendered again: no kept site, no kept page)."""
    for folder in ("situs", "halaman"):
        shutil.rmtree(folder_cache(root) / folder, ignore_errors=True)
    assert _bangun(root, tmp_path / "penuh") == ["Menjalankan MkDocs…"]
    return _situs(tmp_path / "penuh")


def _pohon(folder: Path) -> dict[str, bytes]:
    """Every file of a folder; the API index's build time (`dibangun`) left out."""
    hasil = {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
    indeks = json.loads(hasil["api/v1/index.json"])
    del indeks["dibangun"]
    hasil["api/v1/index.json"] = json.dumps(indeks).encode()
    return hasil


def _dirender(root: Path) -> dict[str, int]:
    """The kept pages' entries and their inodes (a page rendered again is written again, by
    a rename over the entry; its modification time is its last use, read or written)."""
    folder = folder_cache(root) / "halaman"
    return {p.name: p.stat().st_ino for p in folder.iterdir()}


def _sama_dengan_penuh(root: Path, tmp_path: Path) -> None:
    """The incremental site and docs/ are those of a full build of the same state."""
    situs, docs = _pohon(root / "site"), _pohon(root / "docs")
    _penuh(root, tmp_path)
    assert _pohon(root / "docs") == docs
    penuh = _pohon(tmp_path / "penuh")
    assert penuh.keys() == situs.keys()
    # sitemap.xml.gz holds gzip's write time; everything else is the same byte for byte
    beda = {j for j in situs if situs[j] != penuh[j]}
    assert beda <= {"sitemap.xml.gz"}, sorted(beda)


@pytest.fixture
def repo(tmp_path: Path) -> RepoUji:
    repo = buat_repo_situs(tmp_path / "repo")
    tulis(
        repo.root,
        "mkdocs.yml",
        "site_name: Situs Uji\ntheme:\n  name: material\n  language: id\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n",
    )
    assert _bangun(repo.root) == ["Menjalankan MkDocs…"]
    return repo


def _ubah(repo: RepoUji, berkas: str, lama: str, baru: str) -> None:
    teks = (repo.root / berkas).read_text("utf-8")
    assert lama in teks
    repo.commit("Perbaiki realisasi", {berkas: teks.replace(lama, baru, 1)}, oleh="Penguji")


def test_one_realisasi_changed_rebuilds_only_its_pages(repo: RepoUji, tmp_path: Path) -> None:
    root = repo.root
    sebelum = _situs(root / "site")
    _ubah(repo, TW2, "nilai: 83.4", "nilai: 79.1")
    [baris] = _bangun(root)
    berubah = int(baris.rsplit(": ", 1)[1].rstrip(")…"))
    assert 0 < berubah < 15, baris  # the period's pages and the indicator's, not all 60
    situs = _situs(root / "site")
    assert situs["indikator/ik1.html"] != sebelum["indikator/ik1.html"]
    assert b"79,1" in situs["capaian/2025/TW2.html"]
    assert situs["capaian/2024/TW1.html"] == sebelum["capaian/2024/TW1.html"]
    # and again from that build: nothing changed, nothing rebuilt
    assert _bangun(root) == ["Menjalankan MkDocs (halaman berubah: 0)…"]
    assert _situs(root / "site") == situs
    assert situs == _penuh(root, tmp_path)


def test_the_site_before_is_left_as_it_was(repo: RepoUji, tmp_path: Path) -> None:
    # the new site shares its unchanged files with the kept and the live one: what MkDocs and
    # capkin write (changed pages, the sitemap, the search index) never goes into one of them
    root = repo.root
    simpan = tmp_path / "lama"
    isi: dict[str, bytes] = {}
    for p in (root / "site").rglob("*"):
        if p.is_file():
            jalur = p.relative_to(root / "site").as_posix()
            (simpan / jalur).parent.mkdir(parents=True, exist_ok=True)
            os.link(p, simpan / jalur)
            isi[jalur] = p.read_bytes()
    _ubah(repo, TW2, "nilai: 83.4", "nilai: 79.1")
    [baris] = _bangun(root)
    assert "halaman berubah" in baris
    assert {j: (simpan / j).read_bytes() for j in isi} == isi
    situs = root / "site"
    assert (situs / "capaian/2024/TW1.html").samefile(simpan / "capaian/2024/TW1.html")
    assert not (situs / "capaian/2025/TW2.html").samefile(simpan / "capaian/2025/TW2.html")
    _sama_dengan_penuh(root, tmp_path)


def test_a_new_page_in_the_navigation_builds_everything(repo: RepoUji, tmp_path: Path) -> None:
    root = repo.root
    teks = (root / TW2_PRAJA).read_text("utf-8")
    repo.commit(
        "Realisasi TW3",
        {"data/2025/realisasi/TW3/jawatan-praja.yml": teks.replace("TW2", "TW3")},
        oleh="Penguji",
    )
    assert _bangun(root) == ["Menjalankan MkDocs…"]
    situs = _situs(root / "site")
    assert "capaian/2025/TW3.html" in situs
    assert b"capaian/2025/TW3.html" in situs["index.html"]  # the navigation of an old page
    assert situs == _penuh(root, tmp_path)


def test_a_deleted_page_leaves_the_site_and_its_search_index(repo: RepoUji, tmp_path: Path) -> None:
    root = repo.root
    assert (root / "site/capaian/2025/TW2.html").is_file()
    repo.commit(
        "Hapus TW2",
        {TW2: None, TW2_PRAJA: None, "data/2025/realisasi/TW2/subbag-kpe.yml": None},
        oleh="Penguji",
    )
    assert _bangun(root) == ["Menjalankan MkDocs…"]
    situs = _situs(root / "site")
    assert "capaian/2025/TW2.html" not in situs
    assert b"capaian/2025/TW2.html" not in situs["search/search_index.json"]
    assert situs == _penuh(root, tmp_path)


def test_a_kept_page_changed_in_place_is_not_carried_over(repo: RepoUji, tmp_path: Path) -> None:
    root = repo.root
    # the live site shares files with the kept one: an edit there must not reach the next build
    halaman = root / "site/capaian/2024/TW1.html"
    asli = halaman.read_bytes()
    with open(halaman, "r+b") as f:
        f.write(b"<!-- ditanam -->")
    _ubah(repo, TW2, "nilai: 83.4", "nilai: 79.1")
    # found when the kept files are put in place of their stand-ins: the site is built whole
    assert _bangun(root)[-1] == "Menjalankan MkDocs…"
    assert (root / "site/capaian/2024/TW1.html").read_bytes() == asli
    assert _situs(root / "site") == _penuh(root, tmp_path)


def test_an_uncommitted_edit_renders_only_the_pages_it_changes(
    repo: RepoUji, tmp_path: Path
) -> None:
    root = repo.root
    sebelum = _dirender(root)
    assert len(sebelum) > 20
    teks = (root / TW2).read_text("utf-8")
    (root / TW2).write_text(teks.replace("nilai: 83.4", "nilai: 79.1", 1), encoding="utf-8")
    _bangun(root)
    sesudah = _dirender(root)
    dirender = {n for n, w in sesudah.items() if sebelum.get(n) != w}
    assert 0 < len(dirender) < 15, len(dirender)
    assert b"79,1" in (root / "site/capaian/2025/TW2.html").read_bytes()
    _sama_dengan_penuh(root, tmp_path)


def test_a_template_of_the_repository_renders_its_pages_again(
    repo: RepoUji, tmp_path: Path
) -> None:
    from capkin.render import buat_env, sumber_templat

    root = repo.root
    asli = sumber_templat(buat_env(None), "indikator.md")
    tulis(root, "site_templates/indikator.md", asli + "\n<p>Catatan templat kantor.</p>\n")
    _bangun(root)
    assert b"Catatan templat kantor." in (root / "site/indikator/ik1.html").read_bytes()
    assert b"Catatan templat kantor." not in (root / "site/capaian/2025/TW2.html").read_bytes()
    _sama_dengan_penuh(root, tmp_path)


def test_a_new_office_name_reaches_every_page(repo: RepoUji, tmp_path: Path) -> None:
    root = repo.root
    path = root / "data/instansi.yml"
    teks = path.read_text("utf-8")
    assert "nama: Kapanewon Uji" in teks
    path.write_text(teks.replace("nama: Kapanewon Uji", "nama: Kapanewon Baru", 1), "utf-8")
    _bangun(root)
    assert b"Kapanewon Baru" in (root / "site/capaian/2024/TW1.html").read_bytes()
    _sama_dengan_penuh(root, tmp_path)


def test_files_an_earlier_build_wrote_and_this_one_does_not_are_gone(
    repo: RepoUji, tmp_path: Path
) -> None:
    # downloads, LKjIP files and PDFs are written afresh by every build, never kept
    root = repo.root
    bangun(root, pdf=PilihanPdf.TERAKHIR, tanggal=TANGGAL)
    assert list((root / "site").rglob("*.pdf")) and list((root / "docs").rglob("*.pdf"))
    _bangun(root)
    assert not list((root / "site").rglob("*.pdf"))
    assert not list((root / "docs").rglob("*.pdf"))
    assert (root / "site/unduh/data.zip").is_file() and (root / "docs/unduh/data.zip").is_file()
    _sama_dengan_penuh(root, tmp_path)
