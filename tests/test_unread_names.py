"""Names under data/ that capkin does not read: hidden, mis-extended or backup files are
reported, never dropped without a word (capkin/unread_names.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from factories import capkin, tulis_data_lengkap

PRAJA = "data/2025/realisasi/TW1/jawatan-praja.yml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return tulis_data_lengkap(tmp_path)


def _validate(root: Path) -> tuple[int, str]:
    hasil = capkin(root, "validate")
    return hasil.exit_code, hasil.output


@pytest.mark.parametrize(
    ("dari", "ke", "kode", "tingkat"),
    [
        # a period folder typed with dots: every unit's realisasi in it was skipped
        ("data/2025/realisasi/TW1", "data/2025/realisasi/..TW1", "TW1", "galat"),
        (PRAJA, "data/2025/realisasi/TW1/.jawatan-praja.yml", "jawatan-praja.yml", "galat"),
        (PRAJA, "data/2025/realisasi/TW1/jawatan-praja.yaml", "jawatan-praja.yml", "galat"),
        (PRAJA, "data/2025/realisasi/TW1/jawatan-praja.YML", "jawatan-praja.yml", "galat"),
        ("data/2025/siklus/TW1.yml", "data/2025/siklus/TW1.YML", "TW1.yml", "galat"),
        (
            "data/2025/perjanjian-kinerja.yml",
            "data/2025/.perjanjian-kinerja.yml",
            "perjanjian-kinerja.yml",
            "galat",
        ),
        ("data/2025", "data/.2025", "2025", "galat"),
        # a quarter in lower case, and a unit's file outside its quarter's folder
        ("data/2025/realisasi/TW1", "data/2025/realisasi/tw1", "TW1", "galat"),
        ("data/2025/siklus/TW1.yml", "data/2025/siklus/tw1.yml", "TW1.yml", "galat"),
        ("data/2025/siklus/TW1.yml", "data/2025/siklus/tw1.yaml", "TW1.yml", "galat"),
        (PRAJA, "data/2025/realisasi/jawatan-praja.yml", "jawatan-praja.yml", "galat"),
    ],
)
def test_a_hidden_or_mis_extended_data_name_is_an_error_naming_the_right_name(
    repo: Path, dari: str, ke: str, kode: str, tingkat: str
) -> None:
    assert _validate(repo)[0] == 0
    shutil.move(repo / dari, repo / ke)
    for _ in range(2):  # the second run may reuse the stored outcome: the same problems
        keluar, teks = _validate(repo)
        assert keluar == 1, teks
        assert f"{ke}: {tingkat}: " in teks
        assert f"'{kode}'" in teks


@pytest.mark.parametrize(
    "nama",
    [
        "data/2025/realisasi/TW1/jawatan-praja.yml~",
        "data/2025/realisasi/TW1/.jawatan-praja.yml.swp",
        "data/2025/realisasi/TW1/#jawatan-praja.yml#",
        "data/2025/perjanjian-kinerja.yml~",
        "data/2025/perjanjian-kinerja.yml.bak",
        "data/instansi.yml.orig",
    ],
)
def test_an_editor_backup_is_a_warning(repo: Path, nama: str) -> None:
    asli = nama.lstrip("#").replace("/.", "/").split(".yml")[0].lstrip("#") + ".yml"
    shutil.copy(repo / asli.replace("/#", "/"), repo / nama)
    keluar, teks = _validate(repo)
    assert keluar == 0, teks
    assert f"{nama}: peringatan: salinan cadangan" in teks
    assert capkin(repo, "validate", "--strict").exit_code == 1


def test_gits_own_files_are_silent_and_other_hidden_files_warned(repo: Path) -> None:
    for nama in (".gitkeep", ".gitignore", ".keep"):
        (repo / "data/2025/realisasi/TW1" / nama).write_text("", encoding="utf-8")
    (repo / "data/.catatan.txt").write_text("x\n", encoding="utf-8")
    keluar, teks = _validate(repo)
    assert keluar == 0, teks
    assert ".gitkeep" not in teks and ".gitignore" not in teks and ".keep" not in teks
    assert "data/.catatan.txt: peringatan: berkas tersembunyi" in teks
