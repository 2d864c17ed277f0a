"""A per-commit cache of computed register entries under `.capkin-cache/`.

A commit id fixes its contents and parents, so an entry never goes stale. Entries hold
raw author identities (name, email), never the mapped official, because that mapping
depends on the current `instansi.yml`. The format is versioned by folder name and inside
each file; unreadable or foreign files are ignored and rewritten; writes are atomic.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

VERSI = 2
FOLDER = ".capkin-cache"


class CacheRiwayat:
    """Cached register entries, one JSON file per commit."""

    def __init__(self, root: Path, aktif: bool = True) -> None:
        self.aktif = aktif
        self.folder = root / FOLDER / f"riwayat-v{VERSI}"

    def _path(self, sha: str) -> Path:
        return self.folder / sha[:2] / f"{sha}.json"

    def baca(self, sha: str) -> dict[str, Any] | None:
        """Return the cached entry of a commit, None when absent, foreign or damaged."""
        if not self.aktif:
            return None
        try:
            data = json.loads(self._path(sha).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("versi") != VERSI or data.get("commit") != sha:
            return None
        return data

    def simpan(self, sha: str, data: dict[str, Any]) -> None:
        """Store a commit's entry atomically; a cache that cannot be written is skipped."""
        if not self.aktif:
            return
        path = self._path(sha)
        try:
            self._siapkan()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{sha}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(json.dumps({**data, "versi": VERSI}, ensure_ascii=False).encode())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def _siapkan(self) -> None:
        """Create the cache folder so that git ignores it even without a .gitignore entry."""
        atas = self.folder.parent
        if not (atas / ".gitignore").exists():
            atas.mkdir(parents=True, exist_ok=True)
            (atas / ".gitignore").write_text("*\n", encoding="utf-8")
