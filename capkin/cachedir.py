"""Where capkin keeps its caches: under the git directory, never in the work tree.

Nothing in the work tree is trusted as cache (design.md, "Trust model"): a pull request
could plant a file there. The git directory is not part of any commit, so a cache kept
in `<git-common-dir>/capkin/` can only have been written by capkin on this machine. A tree
outside git uses the user's cache folder, keyed by the tree's absolute path.

An entry's modification time is its last use: reading it touches it. After a successful build,
`sapu` removes from the folders that build used every entry it neither read nor wrote (the
next build of the same data needs exactly those), so content-keyed folders do not grow with
every change. A removed entry only costs the time to compute it again: readers check each
entry's digest and take a missing or damaged one as absent.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
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


_KEPALA = b"capkin-cache sha256="
"""First line of every entry: the digest of the content that follows, checked on read."""
_PANJANG_DIGEST = hashlib.sha256().digest_size * 2


def tulis_entri(folder: Path, nama: str, isi: bytes | Iterable[bytes]) -> None:
    """Store one cache entry atomically with the digest of its content.

    `isi` is the content, or its parts in order (a large entry is written as it is packed,
    never held whole: `history.cache`). A cache that cannot be written is skipped silently:
    it only saves time.
    """
    bagian = [isi] if isinstance(isi, bytes) else isi
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entri-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                # the digest heads the content: a place kept for it, filled in at the end
                f.write(_KEPALA + b"0" * _PANJANG_DIGEST + b"\n")
                h = hashlib.sha256()
                for b in bagian:
                    h.update(b)
                    f.write(b)
                f.seek(len(_KEPALA))
                f.write(h.hexdigest().encode())
            os.replace(tmp, folder / nama)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def baca_entri(folder: Path, nama: str) -> bytes | None:
    """Return a cache entry's content when its digest matches, else None (a damaged entry is removed)."""
    path = folder / nama
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = path.read_bytes()
    except OSError:
        return None
    kepala, _, isi = data.partition(b"\n")
    if kepala != _KEPALA + hashlib.sha256(isi).hexdigest().encode():
        path.unlink(missing_ok=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # its last use, for `sapu`
    return isi


SELISIH_WAKTU = 5.0
"""Seconds before a run's start that still count as during it: a file's timestamp may lag
the clock (coarse kernel clock, 1-2 s timestamps on some file systems)."""
SISA_SEMENTARA = 3600.0
"""A temporary file older than this (seconds) was left by a run that was killed."""


def sapu(folder: Path, sejak: float) -> tuple[int, int]:
    """Remove the entries of `folder` neither read nor written since `sejak` (`time.time()`
    at a run's start), and temporary files older than `SISA_SEMENTARA`; return how many
    files and bytes were removed.

    Safe beside other capkin runs: an entry one of them reads or writes meanwhile is newer
    than `sejak` (kept), and one removed between its stat and its unlink is only computed
    again. A folder that cannot be read is left alone.
    """
    batas = sejak - SELISIH_WAKTU
    batas_sementara = min(batas, time.time() - SISA_SEMENTARA)
    jumlah = ukuran = 0
    try:
        isi = list(os.scandir(folder))
    except OSError:
        return 0, 0
    for masuk in isi:
        try:
            st = masuk.stat(follow_symlinks=False)
            if not masuk.is_file(follow_symlinks=False):
                continue
            sementara = masuk.name.startswith(".entri-")
            if st.st_mtime >= (batas_sementara if sementara else batas):
                continue
            os.unlink(masuk.path)
        except OSError:
            continue
        jumlah += 1
        ukuran += st.st_size
    return jumlah, ukuran
