"""Long walks of the register say how far they have come."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import RepoUji, realisasi_yml, tulis_data_minimal

from capkin.history import register
from capkin.history.register import baca_riwayat


def test_progress_lines_on_a_long_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_minimal(repo.root)
    repo.commit("Data awal", oleh="kasubbag-kpe")
    for n in range(5):
        repo.commit(
            f"Realisasi {n}",
            {"data/2025/realisasi/TW1/jawatan-umum.yml": realisasi_yml(nilai={"ik1": 70 + n})},
            oleh="kepala-jawatan-umum",
        )
    monkeypatch.setattr(register, "LANGKAH_PROGRES", 2)
    baris: list[str] = []
    riwayat = baca_riwayat(repo.root, cache=False, progres=baris.append)
    assert len(riwayat) == 6
    assert baris == [
        "Membaca 6 commit dari riwayat git…",
        "… 2 dari 6 commit",
        "… 4 dari 6 commit",
    ]
    # a warm run reads nothing new and says nothing
    baca_riwayat(repo.root, progres=baris.append)
    baris.clear()
    baca_riwayat(repo.root, progres=baris.append)
    assert baris == []
