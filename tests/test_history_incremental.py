"""The register is read incrementally from the last cached commit, and stays exact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgpack
import pytest
from factories import RepoUji, gabung, isolasi_git, realisasi_yml, repo_minimal

import capkin.history.register as register
from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.history import baca_riwayat
from capkin.history.order import NAMA, baca_urutan

REALISASI = "data/2025/realisasi/TW1/jawatan-umum.yml"


@pytest.fixture(autouse=True)
def _git_terisolasi(monkeypatch: pytest.MonkeyPatch) -> None:
    isolasi_git(monkeypatch)


def _json(root: Path, cache: bool = True) -> list[dict[str, Any]]:
    return [e.as_json() for e in baca_riwayat(root, cache=cache)]


def _ubah(repo: RepoUji, nilai: int, oleh: str = "kepala-jawatan-umum") -> str:
    return repo.commit(
        f"Realisasi ik1 {nilai}", {REALISASI: realisasi_yml(nilai={"ik1": nilai})}, oleh=oleh
    )


@pytest.fixture
def log_dibaca(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the revision range of every `git log` the register runs (the real one runs)."""
    rentang: list[str] = []
    asli = register.baca_log

    def catat(repo: Any, r: str = "HEAD") -> Any:
        rentang.append(r)
        return asli(repo, r)

    monkeypatch.setattr(register, "baca_log", catat)
    return rentang


def test_new_commits_are_read_from_the_last_cached_one(
    tmp_path: Path, log_dibaca: list[str]
) -> None:
    repo = repo_minimal(tmp_path / "repo")
    pertama = _ubah(repo, 81)
    assert len(_json(repo.root)) == 2
    assert log_dibaca == [pertama]  # cold: the whole first-parent walk of HEAD
    log_dibaca.clear()
    assert len(_json(repo.root)) == 2
    assert log_dibaca == []  # HEAD did not move: no git log at all
    kedua = _ubah(repo, 82)
    register_hangat = _json(repo.root)
    assert log_dibaca == [f"{pertama}..{kedua}"]
    assert register_hangat == _json(repo.root, cache=False)
    assert register_hangat[0]["commit"] == kedua
    urutan = baca_urutan(repo.root, "")
    assert urutan is not None and urutan.kepala == kedua and len(urutan.commit) == 3


def test_merges_resets_and_rewrites_give_the_full_register(
    tmp_path: Path, log_dibaca: list[str]
) -> None:
    repo = repo_minimal(tmp_path / "repo")
    awal = _ubah(repo, 81)
    _json(repo.root)
    # a branch merged with --no-ff: the merge joins the first-parent line
    repo.git("checkout", "-q", "-b", "fitur")
    fitur = _ubah(repo, 90)
    repo.git("checkout", "-q", "main")
    tw2 = REALISASI.replace("TW1", "TW2")
    repo.commit("Realisasi TW2", {tw2: realisasi_yml("TW2", tanggal="2025-07-08")})
    gabung(repo, "fitur", "Merge pull request #7 from uji/fitur", oleh="kasubbag-kpe")
    kepala = repo.git("rev-parse", "HEAD").strip()
    assert _json(repo.root) == _json(repo.root, cache=False)
    # the cached head is an ancestor of HEAD only through a merge's second parent
    repo.git("checkout", "-q", fitur)
    assert _json(repo.root) == _json(repo.root, cache=False)
    repo.git("checkout", "-q", "main")
    log_dibaca.clear()
    assert _json(repo.root) == _json(repo.root, cache=False)
    assert log_dibaca[0] == kepala, "off the first-parent line: the whole walk"
    # HEAD moves back: the cached head is not an ancestor
    repo.git("reset", "-q", "--hard", awal)
    log_dibaca.clear()
    assert _json(repo.root) == _json(repo.root, cache=False)
    assert log_dibaca[0] == awal
    # an amended HEAD replaces the cached one
    repo.git("commit", "-q", "--amend", "-m", "Realisasi ik1 81 (diubah)")
    assert _json(repo.root) == _json(repo.root, cache=False)
    assert _json(repo.root)[0]["pesan"] == "Realisasi ik1 81 (diubah)"


def test_damaged_or_foreign_order_is_ignored(tmp_path: Path, log_dibaca: list[str]) -> None:
    repo = repo_minimal(tmp_path / "repo")
    kepala = _ubah(repo, 81)
    lengkap = _json(repo.root)
    folder = folder_cache(repo.root)
    asli = baca_entri(folder, NAMA)
    assert asli is not None
    bukan_sha = asli.replace(kepala.encode(), b"z" * 40)
    lain = msgpack.packb([["capkin-urutan", 1, "sub/"], kepala, [kepala]])
    for isi in (b"\x93sampah", b"", bukan_sha, lain):
        tulis_entri(folder, NAMA, isi)  # a valid digest: the content itself is checked
        log_dibaca.clear()
        assert _json(repo.root) == lengkap
        assert log_dibaca == [kepala]
    (folder / NAMA).write_bytes(asli)  # no digest line: refused before it is read
    log_dibaca.clear()
    assert _json(repo.root) == lengkap
    assert log_dibaca == [kepala]


def test_cached_order_without_its_entries_walks_again(
    tmp_path: Path, log_dibaca: list[str]
) -> None:
    """An order naming commits whose entries are gone is not trusted: the log is read again."""
    repo = repo_minimal(tmp_path / "repo")
    kepala = _ubah(repo, 81)
    lengkap = _json(repo.root)
    for paket in folder_cache(repo.root).rglob("paket-*"):
        paket.unlink()
    for paket in repo.root.rglob("paket-*"):
        paket.unlink()
    log_dibaca.clear()
    assert _json(repo.root) == lengkap
    assert log_dibaca == [kepala]
