"""The git edge of `diff`: materialise a revision's data tree in a folder, untouched work tree."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from capkin.errors import UsageError
from capkin.history.gitlog import RepoGit, buka_repo

DIAMBIL = ("data", ".github/CODEOWNERS")
"""What a side of the comparison needs from a revision: the data and the code owners."""


def repo_untuk(root: Path) -> RepoGit:
    """Return the git work tree holding `root`; UsageError when there is none."""
    repo = buka_repo(root)
    if repo is None:
        raise UsageError(
            f"{root.resolve()} tidak berada di dalam repo git; 'capkin diff' membandingkan "
            "revisi git, jadi jalankan di dalam repo data"
        )
    return repo


def periksa_revisi(repo: RepoGit, rev: str) -> str:
    """Return the commit id a revision names; UsageError when git does not know it."""
    sha = repo.jalankan(
        "rev-parse", "-q", "--verify", "--end-of-options", f"{rev}^{{commit}}", cek=False
    )
    if not sha.strip():
        raise UsageError(
            f"revisi '{rev}' tidak dikenal git; tulis nama cabang, tag atau id commit (mis. main, "
            "origin/main, HEAD~1). Di GitHub Actions, ambil seluruh riwayat dengan "
            "actions/checkout 'fetch-depth: 0'"
        )
    return sha.decode().strip()


def materialkan(repo: RepoGit, sha: str, tujuan: Path) -> None:
    """Write the data tree (and CODEOWNERS) of commit `sha` under `tujuan`."""
    pohon = f"{sha}:{repo.awalan.rstrip('/')}" if repo.awalan else sha
    ada = repo.jalankan("ls-tree", "--name-only", "-z", pohon, "--", *DIAMBIL, cek=False)
    nama = [n for n in ada.decode("utf-8", "replace").split("\0") if n]
    if nama:
        arsip = repo.jalankan("archive", "--format=tar", pohon, "--", *nama)
        with tarfile.open(fileobj=io.BytesIO(arsip)) as tar:
            tar.extractall(tujuan, filter="data")
    (tujuan / "data").mkdir(parents=True, exist_ok=True)
