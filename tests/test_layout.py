"""The data-tree layout: one description the loader, history, schemas and CODEOWNERS share."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
from factories import tulis, tulis_data_lengkap

from capkin.dataset import muat_dataset
from capkin.history.changes import konteks_berkas
from capkin.layout import (
    GLOB_BERKAS,
    LetakBerkas,
    api_periode,
    halaman_capaian,
    halaman_indikator,
    halaman_laporan,
    halaman_pk,
    halaman_siklus,
    kenali_berkas,
    pdf_laporan,
    unduhan_capaian,
)
from capkin.models.base import Periode
from capkin.models.instansi_model import Instansi
from capkin.reviewers import isi_codeowners
from capkin.schema import POLA_BERKAS
from capkin.yamlio import baca_berkas


@pytest.mark.parametrize(
    ("berkas", "letak"),
    [
        ("data/instansi.yml", LetakBerkas("instansi")),
        ("data/sop.yml", LetakBerkas("sop")),
        ("data/2025/perjanjian-kinerja.yml", LetakBerkas("perjanjian-kinerja", 2025)),
        (
            "data/2025/realisasi/TW2/jawatan-umum.yml",
            LetakBerkas("realisasi", 2025, Periode.TW2, "jawatan-umum"),
        ),
        ("data/2025/siklus/TW4.yml", LetakBerkas("siklus", 2025, Periode.TW4)),
        ("data/2025/anggaran/TW3.yml", LetakBerkas("anggaran", 2025, Periode.TW3)),
        # the loader refuses each of these, so history must not read them as data either
        ("data/instansi.yaml", None),
        ("data/2025/perjanjian-kinerja.yaml", None),
        ("data/2025/realisasi/TW1/jawatan-umum.yaml", None),
        ("data/2025/siklus/TW1.yaml", None),
        ("data/2025/anggaran/TW1.yaml", None),
        ("data/2025/lkjip/ikhtisar.md", None),
        ("data/2025/siklus/tw1.yml", None),
        ("data/2025/realisasi/TW5/jawatan-umum.yml", None),
        ("data/2025/realisasi/TW1/Jawatan Umum.yml", None),
        ("data/1800/perjanjian-kinerja.yml", None),
        ("data/2025/realisasi/TW1/sub/jawatan-umum.yml", None),
        ("lain/data/instansi.yml", None),
    ],
)
def test_paths_are_recognised_as_the_loader_reads_them(
    berkas: str, letak: LetakBerkas | None
) -> None:
    assert kenali_berkas(berkas) == letak
    assert (konteks_berkas(berkas).jenis == "lain") is (letak is None)


def test_every_file_of_a_tree_is_data_exactly_when_the_loader_reads_it(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path)
    contoh = (root / "data/2025/realisasi/TW1/jawatan-praja.yml").read_text(encoding="utf-8")
    for asing in (
        "data/2025/realisasi/TW1/jawatan-sosial.yaml",
        "data/2025/realisasi/TW1/Jawatan.yml",
        "data/2025/realisasi/tw2/jawatan-umum.yml",
        "data/2025/siklus/TW1.yaml",
        "data/1899/realisasi/TW1/jawatan-umum.yml",
        "data/sop.yaml",
    ):
        tulis(root, asing, contoh)
    ds, _ = muat_dataset(root)
    semua = {p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file()}
    dikenali = {b for b in semua if kenali_berkas(b) is not None}
    assert dikenali == set(ds.dokumen)
    assert len(dikenali) > 5 and len(semua - dikenali) >= 6
    for berkas in dikenali:
        letak = kenali_berkas(berkas)
        assert letak is not None
        glob = PurePosixPath(GLOB_BERKAS[letak.jenis])
        assert PurePosixPath(berkas).match(str(glob))
        assert len(PurePosixPath(berkas).parts) == len(glob.parts)
        assert POLA_BERKAS[letak.jenis] == [GLOB_BERKAS[letak.jenis]]


def test_codeowners_patterns_are_the_layouts(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path)
    dok = baca_berkas(root / "data/instansi.yml")
    teks = isi_codeowners(Instansi.model_validate(dok.data))
    # lines of officials without a github handle are comments: "# <pola>: ..."
    pola = {
        baris.removeprefix("# ").split()[0].removesuffix(":")
        for baris in teks.splitlines()
        if baris.removeprefix("# ").startswith("/")
    }
    assert {"/data/instansi.yml", "/data/sop.yml", "/data/*/perjanjian-kinerja.yml"} <= pola
    assert "/data/*/siklus/" in pola
    assert "/data/*/realisasi/*/jawatan-praja.yml" in pola


TEMPLAT = Path(__file__).parent.parent / "capkin" / "templates"


def test_templates_never_put_a_page_path_together() -> None:
    """Every link in a template names its target through `letak` or a context value."""
    dilihat = 0
    for path in sorted(TEMPLAT.rglob("*")):
        if path.suffix not in {".md", ".html"} or path.name == "README.md":
            continue
        teks = path.read_text(encoding="utf-8")
        dilihat += teks.count("url(")
        for cocok in re.finditer(r"url\(([^)]*)\)", teks):
            argumen = cocok.group(1)
            tekstual = any(c in argumen for c in "'\"~")
            assert "~" not in argumen and (argumen.startswith("letak.") or not tekstual), (
                path.name,
                cocok.group(0),
            )
    assert dilihat > 20


@pytest.mark.parametrize(
    ("jalur", "hasil"),
    [
        (halaman_capaian(2025, "TW2"), "capaian/2025/TW2.md"),
        (halaman_laporan(2025, "tahunan"), "laporan/2025/tahunan.md"),
        (halaman_siklus(2024, "TW4"), "siklus/2024/TW4.md"),
        (halaman_pk(2025), "perjanjian-kinerja/2025.md"),
        (halaman_indikator("ik-ikm"), "indikator/ik-ikm.md"),
        (api_periode(2025, "TW1"), "api/2025/TW1.json"),
        (unduhan_capaian(2025, "TW1", "csv"), "unduh/capaian-2025-TW1.csv"),
        (pdf_laporan(2025, "TW1"), "laporan/2025/laporan-data-capaian-kinerja-2025-TW1.pdf"),
    ],
)
def test_site_paths(jalur: str, hasil: str) -> None:
    # published addresses: people link to them, so a change here is a breaking change
    assert jalur == hasil
