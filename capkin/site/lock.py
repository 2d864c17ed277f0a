"""One build at a time per repository: a lock file in capkin's cache folder.

Two builds writing the same `docs/` and `site/` at once leave both half-written; the second
build is refused with a message instead (exit 1). The lock is an OS file lock, so it is
released when its process ends, even when it is killed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from capkin.cachedir import folder_cache
from capkin.errors import CapkinError

NAMA_KUNCI = "bangun.lock"


def _kunci(f: IO[bytes]) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextmanager
def kunci_bangun(root: Path) -> Iterator[None]:
    """Hold the repository's build lock; CapkinError when another build holds it."""
    folder = folder_cache(root)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NAMA_KUNCI
    with open(path, "a+b") as f:
        if not _kunci(f):
            f.seek(0)
            pemilik = "".join(c for c in f.read(32).decode("ascii", "replace") if c.isdigit())
            raise CapkinError(
                f"capkin build atau capkin serve lain sedang membangun situs repo ini "
                f"(proses {pemilik or '?'}, kunci {path}); tunggu sampai selesai lalu jalankan lagi"
            )
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n".encode())
        f.flush()
        yield
