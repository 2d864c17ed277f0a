"""Where capkin keeps its caches: under the git directory, never in the work tree.

Nothing in the work tree is trusted as cache (design.md, "Trust model"): a pull request
could plant a file there. The git directory is not part of any commit, so a cache kept
in `<git-common-dir>/capkin/` can only have been written by capkin on this machine. A tree
outside git uses the user's cache folder, keyed by the tree's absolute path.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from capkin.gitcmd import git

NAMA = "capkin"


def _git_common_dir(root: Path) -> Path | None:
    try:
        hasil = git(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    except OSError:  # git is not installed
        return None
    if hasil.returncode != 0:
        return None
    keluaran = hasil.stdout.decode("utf-8", "surrogateescape").strip()
    return Path(keluaran) if keluaran else None


def folder_cache(root: Path) -> Path:
    """Return capkin's cache folder for the data tree at `root` (not created here)."""
    git = _git_common_dir(root)
    if git is not None:
        return git / NAMA
    basis = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    kunci = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return Path(basis) / NAMA / kunci[:16]
