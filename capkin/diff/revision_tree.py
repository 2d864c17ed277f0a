"""The git edge of `diff`: materialise a revision's data tree in a folder, untouched work tree."""

from __future__ import annotations

import os
from pathlib import Path

from capkin.errors import UsageError
from capkin.history.gitlog import PembacaBlob, RepoGit, buka_repo


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


def _aman(path: str) -> bool:
    """Return whether a tree path can be written under the target folder (no `..`, `.git`)."""
    bagian = path.split("/")
    return not path.startswith("/") and all(b not in ("", ".", "..", ".git") for b in bagian)


def _tautan(tujuan: Path, path: str, target: bytes) -> None:
    """Write a symbolic link from the tree when it points inside `tujuan`, as `tar`'s data
    filter allows; one pointing elsewhere is left out (validation reports it in the work tree)."""
    teks = target.decode("utf-8", "surrogateescape")
    sasaran = os.path.normpath(os.path.join(os.path.dirname(path), teks))
    if not teks.startswith("/") and sasaran != ".." and not sasaran.startswith("../"):
        os.symlink(teks, tujuan / path)


def materialkan(repo: RepoGit, sha: str, tujuan: Path) -> None:
    """Write the tree of commit `sha` (as seen from the capkin root) under `tujuan`.

    The whole tree, not only data/: validation checks that bukti files exist and that
    CODEOWNERS is up to date. The files come from git's objects as committed (one `git
    ls-tree`, one `git cat-file --batch`, read one at a time): not through `git archive`,
    which applies the tree's own `.gitattributes` (`export-ignore` leaves files out,
    `export-subst` rewrites them) and the repository's filters.
    """
    pohon = f"{sha}:{repo.awalan.rstrip('/')}" if repo.awalan else sha
    tujuan.mkdir(parents=True, exist_ok=True)
    keluaran = repo.jalankan("ls-tree", "-r", "-z", pohon)
    tulis: dict[str, list[tuple[str, str]]] = {}  # blob id: (mode, path) of each copy
    for baris in keluaran.decode("utf-8", "surrogateescape").split("\x00"):
        meta, _, path = baris.partition("\t")
        bagian = meta.split()
        if len(bagian) != 3 or not _aman(path):
            continue
        if bagian[1] == "blob":
            tulis.setdefault(bagian[2], []).append((bagian[0], path))
        elif bagian[1] == "commit":  # a submodule: an empty folder, as git archive writes
            (tujuan / path).mkdir(parents=True, exist_ok=True)
    with PembacaBlob(repo, list(tulis)) as pembaca:
        for blob, isi in pembaca:
            for mode, path in tulis[blob]:
                (tujuan / path).parent.mkdir(parents=True, exist_ok=True)
                if mode == "120000":
                    _tautan(tujuan, path, isi or b"")
                elif isi is not None:
                    (tujuan / path).write_bytes(isi)
    (tujuan / "data").mkdir(exist_ok=True)
