"""The one git runner: finding the work tree, and git's settings on every call."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from factories import RepoUji, isolasi_git
from sumber import modul_yang_memuat

from capkin.gitcmd import GitGagal, cari_worktree, git, git_teks


@pytest.fixture(autouse=True)
def _isolasi(monkeypatch: pytest.MonkeyPatch) -> None:
    isolasi_git(monkeypatch)


def test_the_work_tree_is_found_from_a_folder_inside_it(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path / "kantor data é")
    repo.commit("awal", {"data/instansi.yml": "nama: x\n"})
    assert cari_worktree(repo.root / "data") == (repo.root.resolve(), False)


def test_a_shallow_clone_is_reported(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path / "asal")
    repo.commit("satu", {"a.txt": "1\n"})
    repo.commit("dua", {"a.txt": "2\n"})
    salinan = tmp_path / "salinan"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(salinan))
    assert cari_worktree(salinan) == (salinan.resolve(), True)


def test_no_work_tree_outside_a_repository_in_a_bare_one_or_in_dot_git(tmp_path: Path) -> None:
    polos = tmp_path / "polos"
    polos.mkdir()
    assert cari_worktree(polos) is None
    assert cari_worktree(tmp_path / "tidak-ada") is None
    telanjang = RepoUji.buat(tmp_path / "telanjang")
    telanjang.git("init", "-q", "--bare", "b.git")
    assert cari_worktree(telanjang.root / "b.git") is None
    assert cari_worktree(telanjang.root / ".git") is None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another owner")
def test_a_repository_git_refuses_to_read_is_an_error_not_no_history(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path / "milik-orang-lain")
    os.chown(repo.root, 12345, 12345)
    with pytest.raises(GitGagal, match="dubious ownership"):
        cari_worktree(repo.root)


def test_every_call_ignores_the_repository_config_that_changes_output(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path / "r")
    repo.git("config", "core.quotePath", "true")
    repo.git("config", "log.showSignature", "true")
    repo.commit("awal", {"data/realisasi/Jawatan é.yml": "a: 1\n"})
    assert git(repo.root, "ls-files").stdout.decode() == "data/realisasi/Jawatan é.yml\n"
    assert git_teks(repo.root, "log", "--format=%s").stdout == "awal\n"
    # messages in the C locale, which capkin recognises whatever the user's LANG
    gagal = git_teks(repo.root, "rev-parse", "--verify", "tidak-ada")
    assert gagal.returncode != 0 and "fatal: Needed a single revision" in gagal.stderr


def _baris_perintah_git(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.List)
        and bool(node.elts)
        and isinstance(node.elts[0], ast.Constant)
        and node.elts[0].value == "git"
    )


def test_only_gitcmd_starts_git() -> None:
    """No module but gitcmd builds a git command line (it would miss the settings)."""
    assert modul_yang_memuat(_baris_perintah_git) == {"gitcmd.py"}
