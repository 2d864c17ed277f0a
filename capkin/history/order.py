"""The register's order as last read: the commit it was read at and its commits, newest first.

With it a new run reads only the commits made since (`git log LAMA..HEAD`) instead of walking
10,000 commits again, provided the old commit is still on the first-parent line of HEAD
(checked with git, never assumed). It lives beside the register's entries in capkin's cache
folder under the git directory, as msgpack of plain strings, and carries its own key (format
version and the capkin root's place in the work tree), checked on read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import msgpack

from capkin.cachedir import baca_entri, folder_cache, tulis_entri

VERSI = 1
NAMA = f"urutan-riwayat-v{VERSI}.msgpack"
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


@dataclass(frozen=True)
class UrutanRiwayat:
    """The commit a register was read at and the ids of its commits, newest first."""

    kepala: str
    commit: tuple[str, ...]


def _kunci(awalan: str) -> list[object]:
    return ["capkin-urutan", VERSI, awalan]


def baca_urutan(root: Path, awalan: str) -> UrutanRiwayat | None:
    """Return the cached order of the register of `root` (at `awalan` in its work tree), if any."""
    mentah = baca_entri(folder_cache(root), NAMA)
    if mentah is None:
        return None
    try:
        isi = msgpack.unpackb(mentah, raw=False)
    except (ValueError, msgpack.UnpackException):
        return None
    if not (isinstance(isi, list) and len(isi) == 3 and isi[0] == _kunci(awalan)):
        return None
    kepala, commit = isi[1], isi[2]
    if not (isinstance(kepala, str) and _SHA.fullmatch(kepala) and isinstance(commit, list)):
        return None
    if not all(isinstance(c, str) and _SHA.fullmatch(c) for c in commit):
        return None
    return UrutanRiwayat(kepala, tuple(commit))


def simpan_urutan(root: Path, awalan: str, urutan: UrutanRiwayat) -> None:
    """Store the register's order atomically; a cache that cannot be written is skipped."""
    isi = msgpack.packb([_kunci(awalan), urutan.kepala, list(urutan.commit)], use_bin_type=True)
    tulis_entri(folder_cache(root), NAMA, isi)
