"""`capkin diff`: what a change between two commits of a real repo does to the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import (
    PK_LENGKAP,
    REALISASI_PRAJA,
    SIKLUS_LENGKAP,
    RepoUji,
    capkin,
    tulis,
    tulis_data_lengkap,
)

from capkin.diff import PENANDA

PK = "data/2025/perjanjian-kinerja.yml"
SIKLUS = "data/2025/siklus/TW1.yml"
PRAJA_TW2 = "data/2025/realisasi/TW2/jawatan-praja.yml"

LANGKAH_4 = "  - {no: 4, mulai: 2025-04-21, selesai: 2025-04-22, oleh: panewu-anom}\n"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[RepoUji, str, str]:
    """A repo with the full tree, then one commit that changes everything diff reports."""
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_lengkap(repo.root)
    awal = repo.commit("Data awal", oleh="kasubbag-kpe")
    siklus = SIKLUS_LENGKAP.replace("surat:\n", LANGKAH_4 + "surat:\n")
    praja_tw2 = (
        REALISASI_PRAJA.replace("periode: TW1", "periode: TW2")
        .replace("tanggal: 2025-04-08", "tanggal: 2030-07-08")
        .replace("nilai: 83.4", "nilai: 84")
        .replace("nilai: 2.5", "nilai: 3.5")
    )
    ubah = repo.commit(
        "Realisasi TW2, target baru, langkah 4",
        {
            PK: PK_LENGKAP.replace("target: 3\n", "target: 2.5\n"),
            SIKLUS: siklus,
            PRAJA_TW2: praja_tw2,
        },
        oleh="kasubbag-kpe",
    )
    return repo, awal, ubah


def diff(root: Path, *args: str) -> tuple[int, str]:
    hasil = capkin(root, "diff", *args)
    return hasil.exit_code, hasil.output


def test_markdown_between_two_commits(repo: tuple[RepoUji, str, str]) -> None:
    r, awal, ubah = repo
    kode, teks = diff(r.root, awal, ubah)
    assert kode == 0, teks
    baris = teks.splitlines()
    assert baris[0] == PENANDA
    assert f"Dibandingkan: <code>{awal}</code> → <code>{ubah}</code>" in baris
    # indicators: a new period's figures, and TW1 recomputed against the changed target
    assert (
        "| TW2 2025 | ik-ikm — Indeks Kepuasan Masyarakat | – → **84** indeks "
        "| – → **101,20 %** | – → **Sangat Tinggi** | belum ada data → **tercapai** |"
    ) in baris
    assert (
        "| TW2 2025 | ik-waktu — Rata-rata waktu penyelesaian layanan | – → **3** hari "
        "| – → **80,00 %** | – → **Tinggi** | belum ada data → **tidak tercapai** |"
    ) in baris
    assert (
        "| TW1 2025 | ik-waktu — Rata-rata waktu penyelesaian layanan | 2,5 hari "
        "| 116,67 % → **100,00 %** | Sangat Tinggi | tercapai |"
    ) in baris
    # TW1 of the other indicators did not change
    assert not any(b.startswith("| TW1 2025 | ik-ikm") for b in baris)
    assert (
        "| 2025 | ik-waktu — Rata-rata waktu penyelesaian layanan | target | 3 → **2,5** |" in baris
    )
    assert (
        "| TW1 2025 | 4. Langkah 4 | ditandatangani | Rina Astuti, S.IP. | – | 21 April 2025 "
        "| 22 April 2025 |"
    ) in baris
    assert ("| TW2 2025 | Jawatan Praja | Siti Aminah, S.Sos. | 8 Juli 2030 | 2 dari 2 |") in baris
    assert "### Masalah validasi baru" in baris
    (janggal,) = [b for b in baris if "tanggal: 2030-07-08" in b]
    assert janggal.startswith(f"| <code>{PRAJA_TW2}:4:10</code> | peringatan |")
    assert "Tidak ada perubahan" not in teks


def test_json_between_two_commits(repo: tuple[RepoUji, str, str]) -> None:
    r, awal, ubah = repo
    kode, teks = diff(r.root, awal, ubah, "--format", "json")
    assert kode == 0, teks
    data = json.loads(teks)
    assert data["ada_perubahan"] is True
    assert data["base"] == {"label": awal, "sah": True, "galat": []}
    ikm = next(u for u in data["indikator"] if u["indikator"] == "ik-ikm" and u["periode"] == "TW2")
    assert ikm["realisasi"] == {"lama": None, "baru": 84.0}
    assert ikm["capaian"] == {"lama": None, "baru": 101.2}
    assert ikm["status"] == {"lama": "belum ada data", "baru": "tercapai"}
    assert data["target"] == [
        {
            "tahun": 2025,
            "indikator": "ik-waktu",
            "uraian": "Rata-rata waktu penyelesaian layanan",
            "apa": "target",
            "lama": 3.0,
            "baru": 2.5,
        }
    ]
    assert [(lk["no"], lk["jenis"], lk["oleh"]) for lk in data["langkah"]] == [
        (4, "ditandatangani", "panewu-anom")
    ]
    assert [(u["unit"], u["terisi"]) for u in data["laporan_unit"]] == [("jawatan-praja", 2)]
    assert [m["kode"] for m in data["masalah_baru"]] == ["tanggal-janggal"]
    assert data["masalah_diperbaiki"] == 0


def test_working_tree_and_no_change(repo: tuple[RepoUji, str, str]) -> None:
    r, _, ubah = repo
    kode, teks = diff(r.root, "HEAD")
    assert kode == 0
    assert teks.splitlines()[-1] == "Tidak ada perubahan pada laporan."
    assert "Dibandingkan: <code>HEAD</code> → <code>pohon kerja</code>" in teks
    # an uncommitted edit shows, and the working tree itself is left as it was
    path = r.root / SIKLUS
    tulis(r.root, SIKLUS, path.read_text(encoding="utf-8").replace(LANGKAH_4, ""))
    kode, teks = diff(r.root, "HEAD")
    assert "| TW1 2025 | 4. Langkah 4 | dicabut | Rina Astuti, S.IP." in teks
    assert r.git("status", "--porcelain").strip() == f"M {SIKLUS}"
    assert r.git("rev-parse", "HEAD").strip() == ubah


def test_invalid_side_is_shown_not_crashed(repo: tuple[RepoUji, str, str]) -> None:
    r, _, ubah = repo
    rusak = r.commit(
        "Instansi rusak",
        {"data/instansi.yml": "nama: [tidak ditutup\n", PK: "tahun: dua ribu\n"},
    )
    kode, teks = diff(r.root, ubah, rusak)
    assert kode == 0, teks
    assert "> **Data perubahan (<code>" in teks and "tidak sah:" in teks
    assert "Angka capaian tidak dibandingkan" in teks
    assert "### Capaian indikator" not in teks
    assert "<code>data/instansi.yml:2:" in teks
    # and the other way round (the older commit as HEAD, so compared directly with the tip):
    # the base is broken, the change repairs it
    kode, teks = diff(r.root, rusak, ubah, "--format", "json", "--langsung")
    data = json.loads(teks)
    assert data["base"]["sah"] is False and data["head"]["sah"] is True
    assert data["masalah_diperbaiki"] >= 2
    assert data["indikator"] == []


def test_usage_errors(repo: tuple[RepoUji, str, str], tmp_path: Path) -> None:
    r, _, _ = repo
    kode, teks = diff(r.root, "tidak-ada")
    assert kode == 2
    assert "revisi 'tidak-ada' tidak dikenal git" in teks
    lepas = tulis_data_lengkap(tmp_path / "bukan-repo")
    kode, teks = diff(lepas, "HEAD")
    assert kode == 2
    assert "tidak berada di dalam repo git" in teks


def test_data_in_a_subfolder_of_the_repo(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_lengkap(repo.root / "kantor")
    awal = repo.commit("Data awal")
    tulis(repo.root, f"kantor/{PK}", PK_LENGKAP.replace("target: 85\n", "target: 86\n"))
    kode, teks = diff(repo.root / "kantor", awal)
    assert kode == 0, teks
    assert "| 2025 | ik-ikm — Indeks Kepuasan Masyarakat | target | 85 → **86** |" in teks


def test_only_changed_years_are_recomputed(tmp_path: Path) -> None:
    from factories import pk_yml

    from capkin.diff.comparison import tahun_berubah
    from capkin.validation import periksa

    a = tulis_data_lengkap(tmp_path / "a")
    tulis(a, "data/2024/perjanjian-kinerja.yml", pk_yml(2024))
    b = tulis_data_lengkap(tmp_path / "b")
    tulis(b, "data/2024/perjanjian-kinerja.yml", pk_yml(2024))
    assert tahun_berubah(periksa(a)[0], periksa(b)[0]) == set()
    tulis(b, PRAJA_TW2, REALISASI_PRAJA.replace("periode: TW1", "periode: TW2"))
    assert tahun_berubah(periksa(a)[0], periksa(b)[0]) == {2025}
    instansi = (b / "data/instansi.yml").read_text(encoding="utf-8")
    tulis(
        b,
        "data/instansi.yml",
        instansi.replace("batas_capaian_rata_rata: 120", "batas_capaian_rata_rata: 110"),
    )
    assert tahun_berubah(periksa(a)[0], periksa(b)[0]) == {2024, 2025}


def test_a_re_approval_is_shown_to_its_reviewers(tmp_path: Path) -> None:
    """A pull request adding a revisi re-approves a report: the comment says so, by whom."""
    from factories import SIKLUS_TW1, repo_minimal, tandatangani

    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 6)
    path = r.root / SIKLUS_TW1
    revisi = "revisi:\n  - {tanggal: 2026-12-01, oleh: panewu, alasan: Koreksi ik1 (surat 140)}\n"
    tulis(r.root, SIKLUS_TW1, path.read_text(encoding="utf-8") + revisi)
    kode, teks = diff(r.root, "HEAD")
    assert kode == 0, teks
    assert "Tidak ada perubahan pada laporan." not in teks
    assert (
        "| disahkan ulang (revisi 1) | Drs. SARJONO, M.Si. | Koreksi ik1 (surat 140) |" in teks
    ), teks
    assert "Drs. SARJONO, M.Si." in teks


def test_a_branch_behind_its_base_is_compared_with_where_it_forked(tmp_path: Path) -> None:
    """BASE moved on after the branch forked (another author changed a target on main): the
    change is compared with the merge base, so main's newer commit is not shown as reverted,
    and the output, the JSON and the pull-request comment say which commit was the base."""
    from capkin.diff.comment import baca_artefak, komentar

    r = RepoUji.buat(tmp_path / "repo")
    tulis_data_lengkap(r.root)
    titik = r.commit("Data awal", oleh="kasubbag-kpe")
    r.git("checkout", "-q", "-b", "realisasi-tw2")
    praja_tw2 = REALISASI_PRAJA.replace("periode: TW1", "periode: TW2").replace(
        "tanggal: 2025-04-08", "tanggal: 2025-07-08"
    )
    cabang = r.commit(
        "Realisasi TW2 Jawatan Praja", {PRAJA_TW2: praja_tw2}, oleh="kepala-jawatan-praja"
    )
    r.git("checkout", "-q", "main")
    maju = r.commit(
        "Target ik-waktu 2,5",
        {PK: PK_LENGKAP.replace("target: 3\n", "target: 2.5\n")},
        oleh="panewu-anom",
    )
    r.git("checkout", "-q", "realisasi-tw2")
    for args in (("main",), ("main", "HEAD")):
        kode, teks = diff(r.root, *args)
        assert kode == 0, teks
        # the branch's own change, and nothing of main's newer target
        assert "| TW2 2025 | Jawatan Praja |" in teks
        assert "Target berubah" not in teks, teks
        assert (
            f"Dasar: commit <code>{titik[:12]}</code>, tempat perubahan ini bercabang dari "
            "<code>main</code>"
        ) in teks
        assert (
            f"<code>main</code> sudah maju 1 commit sejak itu (kini <code>{maju[:12]}</code>)"
            in teks
        )
    kode, teks = diff(r.root, "main", "--format", "json")
    assert kode == 0, teks
    data = json.loads(teks)
    assert data["dasar"] == {
        "ref": "main",
        "commit": titik,
        "ujung": maju,
        "maju": 1,
        "langsung": False,
    }
    assert data["target"] == []
    # the comment workflow renders the same base line from the artifact
    assert "sudah maju 1 commit" in komentar(baca_artefak(teks.encode()))
    # asked to compare with main's tip, main's newer target shows as undone, and it says so
    kode, teks = diff(r.root, "main", "--langsung")
    assert (
        "| 2025 | ik-waktu — Rata-rata waktu penyelesaian layanan | target | 2,5 → **3** |" in teks
    )
    assert "1 commit di <code>main</code> tidak ada di HEAD dan tampil sebagai dibatalkan" in teks
    # once rebased onto main the base is main's tip, and main's target is no change of ours
    r.git("rebase", "-q", "main", oleh="kepala-jawatan-praja")
    kode, teks = diff(r.root, "main")
    assert kode == 0, teks
    assert f"Dasar: <code>main</code> (commit <code>{maju[:12]}</code>)." in teks
    assert "Target berubah" not in teks and "| TW2 2025 | Jawatan Praja |" in teks
    assert r.git("rev-parse", "HEAD").strip() != cabang


def test_histories_without_a_common_commit_are_a_usage_error(tmp_path: Path) -> None:
    r = RepoUji.buat(tmp_path / "repo")
    tulis_data_lengkap(r.root)
    r.commit("Data awal")
    r.git("checkout", "-q", "--orphan", "lain")
    r.commit("Riwayat lain")
    kode, teks = diff(r.root, "main")
    assert kode == 2
    assert "tidak punya riwayat bersama" in teks and "Traceback" not in teks
