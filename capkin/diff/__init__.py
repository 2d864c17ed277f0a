"""`capkin diff`: what a change between two git revisions does to the report."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from capkin.dataset import Dataset
from capkin.diff.comparison import Perbandingan, Sisi, bandingkan_sisi
from capkin.diff.markdown import PENANDA, as_json, markdown
from capkin.diff.revision_tree import (
    materialkan,
    periksa_revisi,
    repo_pada,
    repo_untuk,
    titik_cabang,
)
from capkin.history.gitlog import RepoGit
from capkin.models.base import Periode
from capkin.validation import periksa

POHON_KERJA = "pohon kerja"
"""Label of the working tree when HEAD is not given."""


def _berlaku(
    ds: Dataset, repo: RepoGit, sha: str | None, tmp: Path
) -> frozenset[tuple[int, Periode]]:
    """Return the periods approved on one side that count on that side's own history: at
    revision `sha` (its own first-parent line), or in the work tree (None)."""
    from capkin.history import baca_riwayat
    from capkin.history.signatures import kunci_webflow
    from capkin.history.signoff import verifikasi
    from capkin.pengesahan import daftar_disahkan, disahkan_berlaku

    disahkan = daftar_disahkan(ds)
    if not disahkan or ds.sop is None:
        return frozenset()
    if sha is None:
        return frozenset(disahkan_berlaku(ds, repo))
    no = ds.sop.no_pengesahan
    with repo_pada(repo, sha, tmp) as pada:
        riwayat = baca_riwayat(tmp / repo.awalan, instansi=ds.instansi)
        # GitHub's web-flow key as this repository keeps it (the revision has no checkout)
        langkah = verifikasi(
            ds, pada, riwayat, kunci_webflow(repo.worktree), {(t, p, no) for t, p in disahkan}
        )
        return frozenset(disahkan_berlaku(ds, pada, riwayat, langkah))


def _sisi(
    label: str, root: Path, repo_root: Path, repo: RepoGit, sha: str | None, tmp: Path
) -> Sisi:
    # a revision copied to a temporary folder reads and feeds the repository's file cache
    ds, masalah = periksa(root, riwayat=False, akar_cache=repo_root)
    return Sisi(label, ds, masalah, berlaku=_berlaku(ds, repo, sha, tmp))


def bandingkan(
    root: Path, base: str, head: str | None = None, *, langsung: bool = False
) -> Perbandingan:
    """Compare the data where `head` (default: the working tree on HEAD) forked from git
    revision `base` with `head`: the merge base, as `git diff BASE...HEAD` does, so that what
    BASE gained since is not shown as the change reverting it (`langsung`: BASE's tip, as
    `git diff BASE HEAD`). `Perbandingan.dasar` says which commit that was."""
    repo = repo_untuk(root)
    sha_base = periksa_revisi(repo, base)
    sha_head = periksa_revisi(repo, head) if head is not None else None
    dasar = titik_cabang(repo, base, sha_base, sha_head or periksa_revisi(repo, "HEAD"), langsung)
    with tempfile.TemporaryDirectory(prefix="capkin-diff-") as tmp:
        folder_base = Path(tmp) / "base"
        materialkan(repo, dasar.commit, folder_base)
        if sha_head is None:
            folder_head = root
        else:
            folder_head = Path(tmp) / "head"
            materialkan(repo, sha_head, folder_head)
        hasil = bandingkan_sisi(
            _sisi(base, folder_base, root, repo, dasar.commit, Path(tmp) / "base-git"),
            _sisi(head or POHON_KERJA, folder_head, root, repo, sha_head, Path(tmp) / "head-git"),
        )
    return dataclasses.replace(hasil, dasar=dasar)


__all__ = ["PENANDA", "POHON_KERJA", "Perbandingan", "as_json", "bandingkan", "markdown"]
