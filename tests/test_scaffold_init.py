"""`capkin init`: a new office's repository that validates and builds right away."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from factories import capkin, identitas_git, isolasi_git

from capkin.clock import hari_ini
from capkin.scaffold import alur_kerja, panduan_markdown, teks_templat
from capkin.scaffold.office_repo import buat_repo, pihak_kedua

BIN = Path(sys.executable).parent


def jalankan(*args: str) -> tuple[int, str]:
    hasil = capkin(None, *args)
    return hasil.exit_code, hasil.output


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def kantor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolasi_git(monkeypatch)
    identitas_git(monkeypatch, "Admin Depok", "admin@depok.example")
    root = tmp_path / "kapanewon-depok"
    kode, keluaran = jalankan(
        "init", str(root), "--nama", "Kapanewon Depok", "--induk", "Pemerintah Kabupaten Sleman"
    )
    assert kode == 0, keluaran
    assert "Repo baru dibuat di" in keluaran
    assert "git belum punya user.name" not in keluaran
    # the next steps name every file a new office must make its own, and where keys are explained
    assert "data/sop.yml" in keluaran and "PANDUAN.md bagian 8" in keluaran
    return root


def test_init_writes_a_committed_repository(kantor: Path) -> None:
    tahun = hari_ini(None).year
    tercatat = set(git(kantor, "ls-files").split())
    assert {
        "data/instansi.yml",
        "data/sop.yml",
        f"data/{tahun}/perjanjian-kinerja.yml",
        "mkdocs.yml",
        ".github/workflows/validate.yml",
        ".github/workflows/comment.yml",
        ".github/workflows/publish.yml",
        ".github/zizmor.yml",
        ".gitignore",
        ".vscode/settings.json",
        ".vscode/schemas/realisasi.schema.json",
        ".pre-commit-config.yaml",
        "requirements.txt",
        "PANDUAN.md",
        "README.md",
    } <= tercatat
    assert git(kantor, "branch", "--show-current").strip() == "main"
    assert git(kantor, "status", "--porcelain") == ""
    # no user in git config, but an identity in the environment: that one is used
    assert git(kantor, "log", "--format=%ae %s").strip() == (
        "admin@depok.example Repo data capaian kinerja Kapanewon Depok (capkin init)"
    )
    assert (kantor / "PANDUAN.md").read_text(encoding="utf-8") == panduan_markdown()
    assert (kantor / "data/sop.yml").read_text(encoding="utf-8") == teks_templat("sop.yml")
    for path, teks in alur_kerja("pip install -r requirements.txt").items():
        assert (kantor / path).read_text(encoding="utf-8") == teks
    instansi = yaml.safe_load((kantor / "data/instansi.yml").read_text(encoding="utf-8"))
    assert instansi["nama"] == "Kapanewon Depok"
    assert instansi["induk"] == "Pemerintah Kabupaten Sleman"
    pk = yaml.safe_load(
        (kantor / f"data/{tahun}/perjanjian-kinerja.yml").read_text(encoding="utf-8")
    )
    assert pk["pihak_kedua"] == "Bupati Sleman"
    assert len(pk["sasaran"]) == 1 and len(pk["sasaran"][0]["indikator"]) == 1
    hook = yaml.safe_load((kantor / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hook["repos"][0]["hooks"][0]["id"] == "capkin-validate"
    assert yaml.safe_load((kantor / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == (
        "Capaian Kinerja Kapanewon Depok"
    )


def ganti_contoh(kantor: Path) -> None:
    """Do what the guide asks of a new office: replace every example official's data."""
    path = kantor / "data/instansi.yml"
    baris = []
    for teks in path.read_text(encoding="utf-8").splitlines():
        if "nama: CONTOH Nama " in teks:
            nama = teks.split("CONTOH Nama ")[1]
            teks = teks.replace(f"CONTOH Nama {nama}", f"Budi {nama}")
            email = nama.lower().replace(" ", ".")
        if teks.strip().startswith("identitas_git: []"):
            teks = teks.split("identitas_git")[0] + f"identitas_git: [{email}@depok.example]"
        baris.append(teks)
    path.write_text("\n".join(baris) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_init_validates_and_builds_right_away(kantor: Path) -> None:
    # the examples validate, but --strict points at each one until it is replaced
    kode, keluaran = jalankan("-C", str(kantor), "validate")
    assert kode == 0, keluaran
    kode, keluaran = jalankan("-C", str(kantor), "validate", "--strict")
    assert kode == 1
    assert keluaran.count("masih data CONTOH dari capkin init") == 9
    assert keluaran.count("belum punya email git") == 9
    ganti_contoh(kantor)
    kode, keluaran = jalankan("-C", str(kantor), "validate", "--strict")
    assert kode == 0, keluaran
    assert "Data sah: 0 galat, 0 peringatan." in keluaran
    git(kantor, "commit", "-qam", "Ganti data contoh")
    kode, keluaran = jalankan("-C", str(kantor), "build", "--no-pdf")
    assert kode == 0, keluaran
    assert (kantor / "site/index.html").is_file()
    assert git(kantor, "status", "--porcelain") == ""  # build output is git-ignored


def test_init_workflows_pass_the_checks(kantor: Path) -> None:
    workflows = sorted(str(p) for p in (kantor / ".github/workflows").glob("*.yml"))
    skema = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows],
        capture_output=True,
        text=True,
        check=False,
    )
    assert skema.returncode == 0, skema.stdout + skema.stderr
    audit = subprocess.run(
        [
            str(BIN / "zizmor"),
            "--offline",
            "--persona",
            "pedantic",
            "--no-progress",
            ".github/workflows",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=kantor,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_init_then_the_pull_request_workflow(kantor: Path) -> None:
    tahun = hari_ini(None).year
    kode, keluaran = jalankan(
        "-C", str(kantor), "new", "realisasi", "--periode", "TW1", "--unit", "jawatan-umum"
    )
    assert kode == 0, keluaran
    berkas = kantor / f"data/{tahun}/realisasi/TW1/jawatan-umum.yml"
    berkas.write_text(berkas.read_text(encoding="utf-8").replace("nilai:", "nilai: 83.5"))
    kode, keluaran = jalankan("-C", str(kantor), "diff", "HEAD")
    assert kode == 0, keluaran
    assert "| Jawatan Umum | CONTOH Nama Kepala Jawatan Umum |" in keluaran
    assert "ik-ikm — Indeks Kepuasan Masyarakat (IKM) terhadap layanan kantor" in keluaran


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "isi.txt").write_text("x")
    kode, keluaran = jalankan("init", str(tmp_path), "--nama", "Kapanewon Depok")
    assert kode == 2
    assert "sudah ada dan tidak kosong" in keluaran
    assert sorted(p.name for p in tmp_path.iterdir()) == ["isi.txt"]


def test_init_without_a_git_identity_uses_the_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolasi_git(monkeypatch)
    for nama in ("AUTHOR", "COMMITTER"):
        for bagian in ("NAME", "EMAIL"):
            monkeypatch.delenv(f"GIT_{nama}_{bagian}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    hasil = buat_repo(tmp_path / "baru", "Kapanewon Berbah", tanggal=date(2026, 1, 5))
    assert hasil.identitas_cadangan
    assert git(hasil.root, "log", "--format=%an <%ae>").strip() == "capkin <capkin@localhost>"
    assert "data/2026/perjanjian-kinerja.yml" in hasil.berkas
    assert os.environ.get("GIT_AUTHOR_EMAIL") is None


@pytest.mark.parametrize(
    ("induk", "pihak"),
    [
        ("Pemerintah Kabupaten Bantul", "Bupati Bantul"),
        ("Pemerintah Kota Yogyakarta", "Wali Kota Yogyakarta"),
        (None, "Bupati"),
    ],
)
def test_pihak_kedua(induk: str | None, pihak: str) -> None:
    assert pihak_kedua(induk) == pihak


def test_init_ignores_the_worksheets_folder_and_sets_the_time_zone(kantor: Path) -> None:
    # filled worksheets hold units' figures before review: never committed by accident
    (kantor / "kertas-kerja").mkdir()
    (kantor / "kertas-kerja/kertas-kerja-2025-TW1-jawatan-umum.xlsx").write_bytes(b"x")
    assert git(kantor, "status", "--porcelain") == ""
    # 'capkin lkjip' writes its HTML/PDF/DOCX to lkjip/ in the repo (PANDUAN bagian 10): a
    # build output like site/, never committed with 'git add -A' (the site carries it)
    (kantor / "lkjip").mkdir()
    (kantor / "lkjip/laporan-kinerja-2025.pdf").write_bytes(b"x")
    assert git(kantor, "status", "--porcelain") == ""
    teks = (kantor / "data/instansi.yml").read_text(encoding="utf-8")
    assert "zona_waktu: Asia/Jakarta" in teks


@pytest.mark.parametrize(
    ("induk", "tujuan"),
    [
        ("Pemerintah Kabupaten Bantul", "Inspektorat Kabupaten Bantul"),
        ("Pemerintah Kota Yogyakarta", "Inspektorat Kota Yogyakarta"),
        ("Pemerintah Kabupaten Sleman", "Inspektorat Kabupaten Sleman"),
    ],
)
def test_init_sop_sends_the_report_to_the_offices_own_regency(induk: str, tujuan: str) -> None:
    """Another regency's office does not send its report to Sleman nor cite Sleman's Perbup."""
    from capkin.scaffold.office_repo import isi_repo

    sop = yaml.safe_load(isi_repo("Dinas Uji", induk, 2026, date(2026, 1, 5))["data/sop.yml"])
    assert sop["langkah"][-1]["aktivitas"].endswith(f"Sekretariat Daerah dan {tujuan}")
    sleman = any("Bupati Sleman" in d for d in sop["dasar_hukum"])
    assert sleman is induk.endswith("Sleman")


def test_init_for_a_dinas_does_not_describe_a_kapanewon() -> None:
    """The data a Dinas starts from says 'kantor', and marks the kapanewon units as examples."""
    from capkin.scaffold.office_repo import isi_repo

    berkas = isi_repo("Dinas Pendidikan", "Pemerintah Kabupaten Bantul", 2026, date(2026, 1, 5))
    assert "kapanewon" not in berkas["data/2026/perjanjian-kinerja.yml"].lower()
    assert "# Unit kerja CONTOH (susunan sebuah kapanewon)" in berkas["data/instansi.yml"]
