"""The register on unusual git histories: look-alike merge titles, partial clones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import RepoUji, env_git, gabung, isolasi_git, realisasi_yml, tulis_data_minimal

from capkin.cli import main
from capkin.history import baca_riwayat

TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"


@pytest.fixture(autouse=True)
def _git_terisolasi(monkeypatch: pytest.MonkeyPatch) -> None:
    isolasi_git(monkeypatch)


def _repo(root: Path) -> RepoUji:
    repo = RepoUji.buat(root)
    tulis_data_minimal(root)
    repo.commit("Data awal", oleh="kasubbag-kpe")
    return repo


def test_a_plain_commit_titled_like_a_merge_takes_no_pull_request(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    palsu = repo.commit(
        "Merge pull request #12 from kantor/tw1",
        {TW1: realisasi_yml(nilai={"ik1": 81})},
        oleh="kepala-jawatan-umum",
    )
    repo.git("checkout", "-q", "-b", "tw1")
    repo.commit("Realisasi", {TW1: realisasi_yml(nilai={"ik1": 82})}, oleh="kepala-jawatan-umum")
    repo.git("checkout", "-q", "main")
    asli = gabung(repo, "tw1", "Merge pull request #13 from kantor/tw1", oleh="kasubbag-kpe")
    for cache in (False, True, True):
        pr = {e.commit: e.pr for e in baca_riwayat(tmp_path, cache=cache)}
        assert pr[palsu] is None
        assert pr[asli] == 13


def _klon_parsial(asal: Path, tujuan: Path) -> None:
    for kunci in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        subprocess.run(["git", "config", kunci, "true"], cwd=asal, check=True, env=env_git())
    subprocess.run(
        ["git", "clone", "-q", "--filter=blob:none", f"file://{asal}", str(tujuan)],
        check=True,
        env=env_git(),
    )


def test_partial_clone_reads_blobs_lazily(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "asal")
    repo.commit("ubah", {TW1: realisasi_yml(nilai={"ik1": 99})}, oleh="kepala-jawatan-umum")
    _klon_parsial(repo.root, tmp_path / "klon")
    assert baca_riwayat(tmp_path / "klon", cache=False) == baca_riwayat(repo.root, cache=False)


def test_partial_clone_without_its_remote_is_a_located_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "asal")
    repo.commit("ubah", {TW1: realisasi_yml(nilai={"ik1": 99})}, oleh="kepala-jawatan-umum")
    klon = tmp_path / "klon"
    _klon_parsial(repo.root, klon)
    subprocess.run(
        ["git", "remote", "set-url", "origin", f"file://{tmp_path / 'hilang'}"],
        cwd=klon,
        check=True,
        env=env_git(),
    )
    hasil = CliRunner().invoke(main, ["-C", str(klon), "history", "--no-cache"])
    assert hasil.exit_code == 1, hasil.output
    assert hasil.exception is None or isinstance(hasil.exception, SystemExit)
    assert "tidak dapat dibaca" in hasil.stderr
    assert "--filter" in hasil.stderr
