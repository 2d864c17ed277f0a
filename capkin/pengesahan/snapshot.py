"""The data tree as of a commit, read from git objects (no checkout, work tree untouched).

Each commit's file list costs one `git ls-tree`; the contents of every commit asked for at
once come through one `git cat-file --batch`. A file met at several commits with the same
contents is parsed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from capkin.dataset import Dataset, baca_model, muat_isi
from capkin.errors import Masalah
from capkin.filecache import CacheBerkas
from capkin.history.gitlog import PembacaBlob, RepoGit
from capkin.models.base import Model
from capkin.yamlio import Dokumen

Terurai = tuple[Dokumen | None, Model | None, list[Masalah]]


def _perlu(berkas: str, tahun: set[int] | None) -> bool:
    """Return whether a file is needed to compute the given years (None: every year)."""
    if berkas in {"data/instansi.yml", "data/sop.yml"}:
        return True
    bagian = berkas.split("/")
    if len(bagian) < 3 or not bagian[1].isdigit():
        return False
    # a year's figures compare with the same period of the year before
    return tahun is None or int(bagian[1]) in tahun or int(bagian[1]) + 1 in tahun


class PembacaVersi:
    """Load datasets as of commits of one repository, parsing each distinct file once."""

    def __init__(self, repo: RepoGit, root: Path) -> None:
        self.repo = repo
        self.root = root
        self.cache = CacheBerkas(root)
        self._terurai: dict[tuple[str, bytes], Terurai] = {}
        self._dataset: dict[tuple[str, frozenset[int] | None], Dataset] = {}

    def _baca(self, berkas: str, isi: bytes) -> Terurai:
        kunci = (berkas, isi)
        if kunci not in self._terurai:
            self._terurai[kunci] = baca_model(berkas, isi, self.cache)
        return self._terurai[kunci]

    def _daftar(self, sha: str, tahun: set[int] | None) -> list[tuple[str, str]]:
        """Return (root-relative path, blob id) of the data files of a commit."""
        keluaran = self.repo.jalankan(
            "ls-tree", "-r", "-z", "--full-tree", sha, "--", self.repo.ke_worktree("data/")
        ).decode("utf-8", "surrogateescape")
        hasil: list[tuple[str, str]] = []
        for baris in keluaran.split("\x00"):
            meta, _, path = baris.partition("\t")
            bagian = meta.split()
            if len(bagian) != 3 or bagian[1] != "blob" or bagian[0] not in {"100644", "100755"}:
                continue
            berkas = self.repo.ke_root(path)
            if berkas is not None and _perlu(berkas, tahun):
                hasil.append((berkas, bagian[2]))
        return hasil

    def muat(self, commits: Iterable[str], tahun: set[int] | None = None) -> dict[str, Dataset]:
        """Return the dataset as of each commit, with the years needed for `tahun` only."""
        kunci_tahun = frozenset(tahun) if tahun is not None else None
        baru = [c for c in dict.fromkeys(commits) if (c, kunci_tahun) not in self._dataset]
        daftar = {c: self._daftar(c, tahun) for c in baru}
        blob = list(dict.fromkeys(b for isi in daftar.values() for _, b in isi))
        isi_blob: dict[str, bytes] = {}
        if blob:
            with PembacaBlob(self.repo, blob) as pembaca:
                isi_blob = {s: data for s, data in pembaca if data is not None}
        for c in baru:
            pasangan = [(f, isi_blob[b]) for f, b in daftar[c] if b in isi_blob]
            self._dataset[(c, kunci_tahun)], _ = muat_isi(self.root, pasangan, self._baca)
        if baru:
            self.cache.simpan()
        return {c: self._dataset[(c, kunci_tahun)] for c in commits}
