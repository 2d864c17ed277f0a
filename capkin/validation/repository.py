"""Checks of the repository itself, beyond the data: files never to commit, CODEOWNERS in step."""

from __future__ import annotations

from pathlib import Path

from capkin.dataset import Dataset
from capkin.errors import Masalah, galat, peringatan
from capkin.gitcmd import git
from capkin.reviewers import BERKAS_CODEOWNERS, baris_codeowners_usang

FOLDER_CACHE_LAMA = ".capkin-cache"
"""Where capkin kept its caches before they moved under the git directory."""


def _berkas_tertrack(root: Path, folder: str) -> list[str]:
    """Return the tracked files under a folder of `root` ([] outside git)."""
    try:
        hasil = git(root, "ls-files", "-z", "--", folder)
    except OSError:
        return []
    if hasil.returncode != 0:
        return []
    return sorted(p for p in hasil.stdout.decode("utf-8", "surrogateescape").split("\0") if p)


def periksa_cache_tertrack(root: Path) -> list[Masalah]:
    """Refuse a cache committed to the repository (a pull request could forge one)."""
    berkas = _berkas_tertrack(root, FOLDER_CACHE_LAMA)
    if not berkas:
        return []
    lain = f" (dan {len(berkas) - 1} berkas lain)" if len(berkas) > 1 else ""
    return [
        galat(
            berkas[0],
            0,
            0,
            "cache-dalam-repositori",
            f"berkas cache tersimpan di repositori{lain}; capkin tidak pernah memakai cache "
            f"dari isi repo (cachenya ada di folder git, .git/capkin/). Hapus dari repo: "
            f"git rm -r --cached {FOLDER_CACHE_LAMA}, lalu commit",
        )
    ]


def periksa_codeowners(ds: Dataset, root: Path) -> list[Masalah]:
    """Warn (`codeowners-usang`) when `.github/CODEOWNERS` is out of date with instansi.yml."""
    baris = None if ds.instansi is None else baris_codeowners_usang(ds.instansi, root, ds.sop)
    if baris is None:
        return []
    return [
        peringatan(
            BERKAS_CODEOWNERS,
            baris,
            1,
            "codeowners-usang",
            "berkas ini tidak sesuai lagi dengan data/instansi.yml (unit, pejabat atau handle "
            f"github berubah; yang pertama berbeda di baris {baris}); jalankan "
            "`capkin codeowners` lalu commit hasilnya",
        )
    ]
