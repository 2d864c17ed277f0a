"""`capkin diff`: what a change between two git revisions does to the report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from capkin.diff.comparison import Perbandingan, Sisi, bandingkan_sisi
from capkin.diff.markdown import PENANDA, as_json, markdown
from capkin.diff.revision_tree import materialkan, periksa_revisi, repo_untuk
from capkin.validation import periksa

POHON_KERJA = "pohon kerja"
"""Label of the working tree when HEAD is not given."""


def _sisi(label: str, root: Path, repo_root: Path) -> Sisi:
    # a revision copied to a temporary folder reads and feeds the repository's file cache
    ds, masalah = periksa(root, riwayat=False, akar_cache=repo_root)
    return Sisi(label, ds, masalah)


def bandingkan(root: Path, base: str, head: str | None = None) -> Perbandingan:
    """Compare the data at git revision `base` with `head` (default: the working tree)."""
    repo = repo_untuk(root)
    sha_base = periksa_revisi(repo, base)
    sha_head = periksa_revisi(repo, head) if head is not None else None
    with tempfile.TemporaryDirectory(prefix="capkin-diff-") as tmp:
        folder_base = Path(tmp) / "base"
        materialkan(repo, sha_base, folder_base)
        if sha_head is None:
            folder_head = root
        else:
            folder_head = Path(tmp) / "head"
            materialkan(repo, sha_head, folder_head)
        return bandingkan_sisi(
            _sisi(base, folder_base, root), _sisi(head or POHON_KERJA, folder_head, root)
        )


__all__ = ["PENANDA", "POHON_KERJA", "Perbandingan", "as_json", "bandingkan", "markdown"]
