"""A build after a small change rebuilds only the changed pages and gives the same site as a full one."""

from __future__ import annotations

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
    """The site a full build gives from the same data, into another folder."""
    shutil.rmtree(folder_cache(root) / "situs", ignore_errors=True)
    assert _bangun(root, tmp_path / "penuh") == ["Menjalankan MkDocs…"]
    return _situs(tmp_path / "penuh")


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
    assert _bangun(root) == ["Menjalankan MkDocs…"]
    assert (root / "site/capaian/2024/TW1.html").read_bytes() == asli
    assert _situs(root / "site") == _penuh(root, tmp_path)
