"""A cache of computed register entries, keyed by commit id, under the git directory.

The cache lives in `capkin.cachedir.folder_cache` (`<git-common-dir>/capkin/`), never in the
work tree: a pull request can commit any file, so nothing in the tree is trusted as cache.

A commit id fixes its contents and parents, so an entry never goes stale. Entries hold
raw author identities (name, email), never the mapped official, because that mapping
depends on the current `instansi.yml`.

Entries are stored in packs: each run that computes new commits writes one msgpack file
holding those commits' entries (one file, not one per commit: creating ten thousand small
files costs more than computing them). When packs pile up they are merged into one. The
format is versioned by folder name and inside each pack; a damaged or foreign pack is
ignored (its commits are computed again) and removed at the next merge; every write is
atomic (a temporary file, then a rename), so readers never see half a pack, and each pack
carries the digest of its content, checked when it is read. An entry keeps its changes as
two JSON texts, what `history --format json` prints and the rest (`EntriRiwayat.tertunda`):
unpacking a pack is little more than copying those texts.
Packs of older format versions are removed when a pack is written.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgpack

from capkin.cachedir import baca_entri, folder_cache, tulis_entri

VERSI = 9
"""9: entries read before git calls ignored replace refs and grafts, showed root commits'
changes whatever `log.showRoot` said and printed logs in UTF-8 could differ from the commits."""
PAKET_MAKS = 8
"""Packs kept before they are merged into one."""


class CacheRiwayat:
    """Cached register entries by commit id."""

    def __init__(self, root: Path, aktif: bool = True) -> None:
        self.aktif = aktif
        self.folder = folder_cache(root) / f"riwayat-v{VERSI}"
        self._entri: dict[str, dict[str, Any]] = {}
        self._paket: list[Path] = []
        self._rusak: list[Path] = []
        if aktif:
            self._muat()

    def _muat(self) -> None:
        try:
            paket = sorted(self.folder.glob("paket-*.msgpack"))
        except OSError:
            return
        for path in paket:
            try:
                isi = baca_entri(self.folder, path.name)
                if isi is None:
                    raise ValueError("damaged pack")
                data = msgpack.unpackb(isi, raw=False)
                if not isinstance(data, dict) or data.get("versi") != VERSI:
                    raise ValueError("foreign pack")
                entri = data["entri"]
                if not isinstance(entri, dict):
                    raise ValueError("foreign pack")
            except (OSError, ValueError, KeyError, msgpack.UnpackException):
                self._rusak.append(path)
                continue
            self._paket.append(path)
            self._entri.update(
                (sha, e)
                for sha, e in entri.items()
                if isinstance(e, dict) and e.get("commit") == sha
            )

    def baca(self, sha: str) -> dict[str, Any] | None:
        """Return the cached entry of a commit, None when absent."""
        return self._entri.get(sha)

    def simpan(self, entri: dict[str, dict[str, Any]]) -> None:
        """Store new entries as one pack, merging packs when there are many.

        A cache that cannot be written is skipped silently: it only saves time.
        """
        if not self.aktif or not (entri or self._rusak):
            return
        self._entri.update(entri)
        try:
            if len(self._paket) + 1 > PAKET_MAKS or self._rusak:
                baru = self._tulis(self._entri)
                for path in [*self._paket, *self._rusak]:
                    path.unlink(missing_ok=True)
                self._paket, self._rusak = [baru], []
            else:
                self._paket.append(self._tulis(entri))
        except OSError:
            return

    def _tulis(self, entri: dict[str, dict[str, Any]]) -> Path:
        nama = f"paket-{time.time_ns():020d}-{os.getpid()}.msgpack"
        tulis_entri(self.folder, nama, _kemas_paket(entri))
        for lama in self.folder.parent.glob("riwayat-v*"):
            if lama != self.folder:  # an older format's packs: never read again
                shutil.rmtree(lama, ignore_errors=True)
        return self.folder / nama


def _kemas_paket(entri: dict[str, dict[str, Any]]) -> Iterator[bytes]:
    """Yield the pack of some entries in parts: `{"versi": VERSI, "entri": entri}` as
    `msgpack.packb` packs it, an entry at a time and a long text on its own (a regency's
    first pack is 32 MB, its first entry's texts 25 MB: packed whole, and copied once more to
    be written, they made the peak of a cold `validate`)."""
    packer = msgpack.Packer(use_bin_type=True)
    yield packer.pack_map_header(2) + packer.pack("versi") + packer.pack(VERSI)
    yield packer.pack("entri") + packer.pack_map_header(len(entri))
    for sha, e in entri.items():
        yield packer.pack(sha) + packer.pack_map_header(len(e))
        for kunci, nilai in e.items():
            if isinstance(nilai, str) and len(nilai) >= _TEKS_PANJANG:
                teks = nilai.encode()
                # msgpack's str 32: 0xdb, then the length of the UTF-8 bytes (big-endian)
                yield packer.pack(kunci) + b"\xdb" + len(teks).to_bytes(4, "big")
                yield teks
            else:
                yield packer.pack(kunci) + packer.pack(nilai)


_TEKS_PANJANG = 1 << 16
"""Texts of this many characters or more are written apart (msgpack's str 32 from 2**16 bytes)."""
