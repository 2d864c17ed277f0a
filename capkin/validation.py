"""Checks across files: references, paths, values that fit their indicators, dates, NIPs."""

from __future__ import annotations

from pathlib import Path

from capkin.dataset import Dataset, ada_galat, muat_dataset
from capkin.errors import DataError, Masalah


def periksa_dataset(ds: Dataset) -> list[Masalah]:
    """Return every cross-file problem of a loaded dataset."""
    return []


def periksa(root: Path, *, riwayat: bool = True) -> tuple[Dataset, list[Masalah]]:
    """Load and check a data tree; return the dataset and every problem, sorted.

    With `riwayat`, checks that need the git history (verified sign-offs, late changes)
    run too when the tree is in a git repository.
    """
    ds, masalah = muat_dataset(root)
    masalah += periksa_dataset(ds)
    return ds, sorted(set(masalah))


def muat_valid(root: Path, *, riwayat: bool = False) -> tuple[Dataset, list[Masalah]]:
    """Load a data tree for computing; raise DataError when it has any error.

    Returns the dataset and its warnings.
    """
    ds, masalah = periksa(root, riwayat=riwayat)
    if ada_galat(masalah):
        raise DataError(masalah)
    return ds, masalah
