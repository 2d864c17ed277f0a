"""The time a site is built as of: the commit's, so the same commit gives the same site."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from capkin.gitcmd import git
from capkin.history.signatures import BERKAS_WEBFLOW
from capkin.layout import DATA
from capkin.render.env import FOLDER_TEMPLAT
from capkin.site.inputs import BERKAS_MKDOCS, FOLDER_DISALIN

MASUKAN_GIT = (DATA, BERKAS_MKDOCS, FOLDER_TEMPLAT, *FOLDER_DISALIN, BERKAS_WEBFLOW)
"""What a build reads from the work tree: when all of it is as committed, the commit is
what the site is built from."""


def waktu_bangun(root: Path, sekarang: datetime | None = None) -> datetime:
    """Return the time a build of `root` is as of (UTC, whole seconds).

    The committer time of HEAD when every input is as committed: the site's "as of" date
    (the SOP cycle's state, the API's `dibangun`) and MkDocs' sitemap then come from the
    commit, not from the clock, whichever day and machine build it. With uncommitted
    changes, or outside git, it is `sekarang` (the clock): no commit describes that data.
    """
    kini = (sekarang or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    try:
        status = git(
            root,
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=all",
            "--",
            *(f":(literal){p}" for p in dict.fromkeys(MASUKAN_GIT)),
        )
        kepala = git(root, "log", "-1", "--format=%ct", "HEAD")
    except OSError:
        return kini
    if status.returncode != 0 or status.stdout or kepala.returncode != 0:
        return kini
    try:
        return datetime.fromtimestamp(int(kepala.stdout.strip()), UTC)
    except ValueError:
        return kini
