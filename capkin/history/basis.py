"""Which commits count as main-line history: HEAD's first-parent line, or a known base's.

Checks run on a pull request's branch itself (not on its merge commit) see the branch's own
commits on HEAD's first-parent line, as if each had reached main alone: a key registered in
one of them would then count for a signature in the next. When the base is known (an
explicit revision in `$CAPKIN_DASAR`, else `origin/$GITHUB_BASE_REF` as GitHub Actions sets
it for pull requests), every commit not reachable from the base belongs to one change, the
pull request's, and what stood "before the change" for any of them is the merge base.

On a merge commit (what CI checks) the branch is brought in by HEAD itself, whose first
parent is the base: the answer is the same with or without the base.

The change that founded the office (the first-parent commit that first brought
`data/instansi.yml` in) has no earlier state to be judged against, like a root commit: its
own counts. A repository created on GitHub with a README, then given its data by a later
commit or by merging `capkin init`'s history (`--allow-unrelated-histories`), is founded so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from capkin.gitcmd import ENV_DASAR, ENV_GITHUB_BASE, rev_dasar
from capkin.history.gitlog import RepoGit, buka_repo
from capkin.history.model import RiwayatDangkal

__all__ = ["ENV_DASAR", "ENV_GITHUB_BASE", "Basis", "baca_basis", "dasar_ada", "rev_dasar"]


@dataclass(frozen=True)
class Basis:
    """The main line's basis for one check."""

    rev: str | None
    """The base revision as given; None: HEAD's own first-parent line."""
    dasar: str | None = None
    """The merge base of the base and HEAD (None when the base is not used)."""
    cabang: frozenset[str] = frozenset()
    """Commits reachable from HEAD but not from the base: the change being checked."""
    catatan: str = ""
    """Why a base that was asked for is not used (Bahasa Indonesia), or ''."""
    repo: RepoGit | None = field(default=None, compare=False, repr=False)
    """The repository, to find the founding change (`pendiri`) when first asked."""

    @cached_property
    def pendiri(self) -> str | None:
        """Return the first-parent commit of HEAD that first brought `data/instansi.yml` in."""
        if self.repo is None:
            return None
        keluaran = self.repo.jalankan(
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-patch",
            "--diff-filter=A",
            "--format=%H",
            "HEAD",
            "--",
            ":(literal)" + self.repo.ke_worktree("data/instansi.yml"),
            cek=False,
        ).split()
        return keluaran[-1].decode("ascii") if keluaran else None

    def sebelum(self, masuk: str, induk: str) -> str:
        """Return what stood before the change that brought first-parent commit `masuk` in;
        `induk` is its first parent (itself for a root commit and for the founding change)."""
        if self.dasar is not None and masuk in self.cabang:
            return self.dasar
        return masuk if induk != masuk and masuk == self.pendiri else induk

    def teks(self) -> str:
        """Return, for people, which history counted as the main line."""
        if self.dasar is None:
            return "Garis utama: riwayat first-parent dari HEAD" + (
                f" ({self.catatan})" if self.catatan else ""
            )
        return (
            f"Garis utama: {self.rev} (sampai {self.dasar[:10]}); {len(self.cabang)} commit "
            "di luarnya dihitung sebagai satu perubahan"
        )


def baca_basis(repo: RepoGit, rev: str | None = None) -> Basis:
    """Return the basis for checking HEAD: `rev`, else the environment's, else HEAD's line."""
    rev = rev or rev_dasar()
    if rev is None or rev.startswith("-"):
        return Basis(None, repo=repo)
    sha = repo.jalankan("rev-parse", "-q", "--verify", f"{rev}^{{commit}}", cek=False)
    dasar = repo.jalankan("merge-base", sha.decode().strip(), "HEAD", cek=False) if sha else b""
    if not dasar.strip():
        return Basis(None, catatan=f"dasar {rev} tidak ditemukan", repo=repo)
    cabang = repo.jalankan("rev-list", f"{sha.decode().strip()}..HEAD").decode().split()
    return Basis(rev, dasar.decode().strip(), frozenset(cabang), repo=repo)


def dasar_ada(root: Path, rev: str) -> str | None:
    """Return why `rev` cannot be the base of a check in `root` (Bahasa Indonesia), or None."""
    try:
        repo = buka_repo(root)
    except RiwayatDangkal:
        return None  # the check itself says what to do about a shallow clone
    if repo is None:
        return f"--dasar {rev}: {root} bukan repositori git, jadi tidak ada garis utama"
    if not repo.jalankan("rev-parse", "-q", "--verify", f"{rev}^{{commit}}", cek=False).strip():
        return (
            f"--dasar {rev}: revisi itu tidak ditemukan di repositori ini; ambil dulu cabang "
            "dasarnya (mis. git fetch origin main) atau sebutkan cabang atau commit yang ada"
        )
    return None
