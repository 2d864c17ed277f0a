"""The git edge of `diff`: materialise a revision's data tree in a folder, untouched work tree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from capkin.diff.comparison import Dasar
from capkin.errors import UsageError
from capkin.history.gitlog import RepoGit, buka_repo, tulis_pohon


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


def titik_cabang(
    repo: RepoGit, base: str, sha_base: str, sha_head: str, langsung: bool = False
) -> Dasar:
    """Return the commit a change is compared with: where it forked from `base`.

    As `git diff BASE...HEAD`: the merge base of BASE and HEAD, so that commits BASE gained
    after the change forked are not shown as the change undoing them; UsageError when the
    two share no history. `langsung`: BASE's tip itself, as `git diff BASE HEAD`.
    """
    if langsung:
        maju = repo.jalankan("rev-list", "--count", f"{sha_head}..{sha_base}")
        return Dasar(base, sha_base, sha_base, int(maju.decode()), sha_head, langsung=True)
    sha = repo.jalankan("merge-base", sha_base, sha_head, cek=False).decode().strip()
    if not sha:
        raise UsageError(
            f"revisi '{base}' dan HEAD tidak punya riwayat bersama (tidak ada merge base), jadi "
            "tidak jelas perubahan mana yang dibawa cabang ini; bandingkan dengan cabang asal "
            f"cabang ini (mis. 'capkin diff origin/main'), atau langsung dengan ujung '{base}': "
            f"'capkin diff {base} --langsung'"
        )
    maju = repo.jalankan("rev-list", "--count", f"{sha}..{sha_base}")
    return Dasar(base, sha, sha_base, int(maju.decode()), sha_head)


def materialkan(repo: RepoGit, sha: str, tujuan: Path) -> None:
    """Write the tree of commit `sha` (as seen from the capkin root) under `tujuan`.

    The whole tree, not only data/: validation checks that bukti files exist and that
    CODEOWNERS is up to date. Written from git's objects as committed (`gitlog.tulis_pohon`).
    """
    tulis_pohon(repo, sha, tujuan)
    (tujuan / "data").mkdir(exist_ok=True)


@contextmanager
def repo_pada(repo: RepoGit, sha: str, tujuan: Path) -> Iterator[RepoGit]:
    """Yield the repository as it stood at commit `sha`: HEAD there is `sha`.

    A detached work tree without checkout (objects and capkin's caches are shared), so that
    everything judged from a history (who signed, what counts) is judged on that revision's
    own history; removed afterwards.
    """
    repo.jalankan("worktree", "add", "--detach", "--no-checkout", "-q", str(tujuan), sha)
    try:
        (tujuan / repo.awalan).mkdir(parents=True, exist_ok=True)
        yield RepoGit(tujuan.resolve(), repo.awalan)
    finally:
        repo.jalankan("worktree", "remove", "--force", str(tujuan), cek=False)
