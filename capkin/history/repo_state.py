"""The repository state a result computed from a dataset and git depends on beyond the
dataset: kept by `verified_steps` and `pengesahan.frozen` to answer a second call at once."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from capkin.gitcmd import rev_dasar
from capkin.history.gitlog import RepoGit
from capkin.history.model import EntriRiwayat
from capkin.history.signatures import BERKAS_WEBFLOW, ENV_KUNCI_WEBFLOW, ENV_SIDIK_WEBFLOW
from capkin.layout import DATA
from capkin.yamlio import baca_biasa

_BARU_NS = 2_000_000_000
"""A file modified this recently (ns) may change again within its timestamp's granularity."""

Stat = tuple[int, int, int]
"""A file's (mtime in ns, size, inode); (-1, -1, -1) when it is missing."""


def _stat(path: str) -> Stat:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return (-1, -1, -1)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _sidik(path: str) -> str:
    isi = baca_biasa(path)  # never a FIFO's endless read
    return "" if isi is None else hashlib.sha256(isi).hexdigest()


def _keadaan_berkas(root: Path) -> dict[str, Stat]:
    """Return the stat of every file under `data/` and of the web-flow key, by path.

    Together with HEAD this pins everything `periksa_pengesahan` reads beyond the dataset: an
    edited, added or removed data file changes it.
    """
    hasil: dict[str, Stat] = {}
    tumpukan = [root / DATA]
    while tumpukan:
        try:
            isi = list(os.scandir(tumpukan.pop()))
        except OSError:
            continue
        for masuk in isi:
            if masuk.is_dir(follow_symlinks=False):
                tumpukan.append(Path(masuk.path))
            else:
                hasil[masuk.path] = _stat(masuk.path)
    for path in (os.environ.get(ENV_KUNCI_WEBFLOW), str(root / BERKAS_WEBFLOW)):
        if path:
            hasil[path] = _stat(path)
    return hasil


@dataclass(frozen=True)
class KeadaanRepo:
    """The state `periksa_pengesahan` depends on beyond its dataset."""

    kunci: tuple[Any, ...]
    """Paths, HEAD, the register passed, the web-flow setting."""
    berkas: dict[str, Stat]
    sidik: dict[str, str]
    """Contents digest of the files modified just before: as git does for its index, a
    write within the same timestamp tick would not show in their stat."""

    @classmethod
    def kini(cls, kunci: tuple[Any, ...], root: Path) -> KeadaanRepo:
        berkas = _keadaan_berkas(root)
        baru_sejak = time.time_ns() - _BARU_NS
        sidik = {p: _sidik(p) for p, st in berkas.items() if st[0] >= baru_sejak}
        return cls(kunci, berkas, sidik)

    def sama(self, kunci: tuple[Any, ...], root: Path) -> bool:
        """Return whether the state is still this one."""
        return (
            kunci == self.kunci
            and _keadaan_berkas(root) == self.berkas
            and all(_sidik(p) == s for p, s in self.sidik.items())
        )


_IDENTITAS = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")
"""Who would author the next commit, which judges a sign-off not committed yet."""


def kunci_keadaan(
    root: Path, ds_root: Path, repo: RepoGit, riwayat: list[EntriRiwayat]
) -> tuple[Any, ...]:
    """Return what pins a result beyond the data files: paths, HEAD, the register passed, the
    web-flow setting, the main line's base and the next commit's identity."""
    head = repo.jalankan("rev-parse", "-q", "--verify", "HEAD", cek=False).decode().strip() or None
    return (
        root.resolve(),
        ds_root.resolve(),
        head,
        len(riwayat),
        riwayat[0].commit if riwayat else None,
        os.environ.get(ENV_SIDIK_WEBFLOW),
        rev_dasar(),
        tuple(os.environ.get(n) for n in _IDENTITAS),
    )
