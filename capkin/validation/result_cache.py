"""The last outcome of checking a tree, reused while every input of the check is unchanged.

Checking a regency's tree costs seconds (loading, cross-file checks, the git history); most
runs check the same state again. The outcome — the sorted problems — is kept with a digest
of everything the check reads (`Masukan`), computed before the check and again after it:

- capkin's code (`filecache.sidik_kode`), the Python version, today's date (NIP and
  date checks), the tree's absolute path;
- every entry under `data/` with its bytes (blob ids); a symbolic link under `data/` makes
  the state uncacheable (its target could change unseen);
- the files outside `data/` the checks read: `mkdocs.yml`, `.github/CODEOWNERS`,
  `.github/web-flow.gpg` (or `$CAPKIN_KUNCI_WEBFLOW`'s file), and the names and links of the
  folders copied into the site (`site_templates/`, `bukti/`);
- git: HEAD and whether the clone is shallow, the configuration (the next committer's
  identity, signing settings), the index's entries, replacement refs, and the environment
  variables git and capkin read;
- each `bukti` path the data names: whether it stays in the repo and exists, recorded with
  the outcome and checked again before reuse (a path may name any file of the repo).

Anything not known for sure makes no key, and the check runs. The cache lives under the git
directory (`cachedir`), digest-checked; one outcome per kind of check is kept.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import msgpack

from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.dataset import Dataset
from capkin.errors import Masalah, Tingkat
from capkin.filecache import id_blob, sidik_kode
from capkin.gitcmd import git

VERSI = 1
BERKAS_DIBACA = (
    "mkdocs.yml",
    ".github/CODEOWNERS",
    ".github/web-flow.gpg",
)
"""Files outside data/ whose bytes a check reads."""
FOLDER_DINAMAI = ("site_templates", "bukti")
"""Folders outside data/ whose names and links a check reads (copied into the site)."""
_SKEMA = ("mailto:", "javascript:", "data:")
"""Links the bukti check does not look up as paths (as `validation.realisasi` does)."""
_ENV_AWALAN = ("GIT_", "CAPKIN_", "GNUPG", "SSH_")
_ENV_NAMA = {"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TZ", "EMAIL", "USER", "LOGNAME"}


class TidakTentu(Exception):
    """The state cannot be fingerprinted with certainty: check without the cache."""


def _daftar_data(root: Path, h: Any) -> None:
    """Feed every entry under data/ (names, kinds, bytes) to the digest."""
    data = root / "data"
    if data.is_symlink():
        raise TidakTentu
    for folder, subfolder, berkas in os.walk(data):
        subfolder.sort()
        relatif = Path(folder).relative_to(root).as_posix()
        h.update(b"D\0" + relatif.encode("utf-8", "surrogateescape") + b"\0")
        for nama in [*subfolder, *sorted(berkas)]:
            path = Path(folder) / nama
            if path.is_symlink():
                raise TidakTentu
        for nama in sorted(berkas):
            path = Path(folder) / nama
            try:
                isi = path.read_bytes()
            except OSError as exc:
                raise TidakTentu from exc
            h.update(b"F\0" + nama.encode("utf-8", "surrogateescape") + b"\0")
            h.update(id_blob(isi).encode() + b"\0")


def _daftar_nama(root: Path, nama: str, h: Any) -> None:
    """Feed the names, kinds and link targets of a folder's entries to the digest."""
    awal = root / nama
    if awal.is_symlink():
        h.update(b"L\0" + nama.encode() + b"\0" + os.fsencode(os.readlink(awal)) + b"\0")
        return
    for folder, subfolder, berkas in os.walk(awal, followlinks=False):
        subfolder.sort()
        for n in [*subfolder, *sorted(berkas)]:
            path = Path(folder) / n
            relatif = os.fsencode(path.relative_to(root).as_posix())
            if path.is_symlink():
                h.update(b"L\0" + relatif + b"\0" + os.fsencode(os.readlink(path)) + b"\0")
            else:
                h.update((b"D\0" if n in subfolder else b"F\0") + relatif + b"\0")


def _isi_berkas(path: Path, h: Any) -> None:
    if path.is_symlink():
        h.update(b"L\0" + os.fsencode(os.readlink(path)) + b"\0")
    try:
        h.update(b"F\0" + id_blob(path.read_bytes()).encode() + b"\0")
    except FileNotFoundError:
        h.update(b"-\0")
    except OSError as exc:
        raise TidakTentu from exc


def _keadaan_git(root: Path, h: Any) -> None:
    """Feed HEAD, shallowness, configuration, the index and replacement refs to the digest."""
    for args in (
        ("rev-parse", "--is-shallow-repository", "HEAD"),
        ("config", "-z", "--list"),
        ("ls-files", "-s", "-z"),
        ("for-each-ref", "refs/replace"),
    ):
        try:
            hasil = git(root, *args)
        except OSError:  # git is not installed: the checks see no repository either
            h.update(b"tanpa-git\0")
            return
        h.update(b"G\0" + " ".join(args).encode() + b"\0%d\0" % hasil.returncode)
        h.update(hashlib.sha256(hasil.stdout).digest())


def kunci_keadaan(root: Path, jenis: str) -> str | None:
    """Return a digest of every input a check of the tree at `root` reads; None when unsure."""
    h = hashlib.sha256(f"capkin-hasil-v{VERSI}\0{jenis}\0{sidik_kode()}\0".encode())
    h.update(f"{sys.version}\0{date.today().isoformat()}\0".encode())
    h.update(os.fsencode(str(root)) + b"\0")
    lingkungan = sorted(
        (k, v) for k, v in os.environ.items() if k.startswith(_ENV_AWALAN) or k in _ENV_NAMA
    )
    h.update(repr(lingkungan).encode("utf-8", "surrogateescape"))
    h.update(f"{os.uname().nodename}\0{os.getuid()}\0".encode())
    try:
        _daftar_data(root, h)
        for nama in BERKAS_DIBACA:
            _isi_berkas(root / nama, h)
        webflow = os.environ.get("CAPKIN_KUNCI_WEBFLOW")
        if webflow:
            _isi_berkas(Path(webflow), h)
        for nama in FOLDER_DINAMAI:
            _daftar_nama(root, nama, h)
    except TidakTentu:
        return None
    _keadaan_git(root, h)
    return h.hexdigest()


def _jalur_bukti(ds: Dataset) -> Iterator[str]:
    """Yield every bukti of the data that names a path in the repo (not a link)."""
    for dt in ds.tahun.values():
        for per_unit in dt.realisasi.values():
            for r in per_unit.values():
                for entri in r.realisasi:
                    for bukti in entri.bukti:
                        if "://" in bukti or bukti.lower().startswith(_SKEMA):
                            continue
                        yield bukti


def _keadaan_bukti(root: Path, bukti: str) -> int:
    """Return what the bukti check sees of a path: 0 outside the repo, 1 absent, 2 present."""
    p = PurePosixPath(bukti.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts:
        return 0
    target = (root / p).resolve()
    if not target.is_relative_to(root.resolve()):
        return 0
    return 2 if target.exists() else 1


class CacheHasil:
    """The outcome of one kind of check (`jenis`), kept under capkin's cache folder."""

    def __init__(self, root: Path, jenis: str) -> None:
        self.root = root
        self.jenis = jenis
        self.nama = f"hasil-{jenis}-v{VERSI}.msgpack"
        self.kunci = kunci_keadaan(root, jenis)

    def baca(self) -> list[Masalah] | None:
        """Return the problems recorded for this exact state, None when there are none."""
        if self.kunci is None:
            return None
        mentah = baca_entri(folder_cache(self.root), self.nama)
        if mentah is None:
            return None
        try:
            kunci, bukti, masalah = msgpack.unpackb(mentah, raw=False)
            if kunci != self.kunci:
                return None
            if any(_keadaan_bukti(self.root, b) != k for b, k in bukti):
                return None
            return [
                Masalah(str(f), int(b), int(k), Tingkat(t), str(kode), str(p))
                for f, b, k, t, kode, p in masalah
            ]
        except (ValueError, TypeError, msgpack.UnpackException):
            return None

    def simpan(self, ds: Dataset, masalah: list[Masalah]) -> None:
        """Record the outcome of the check of `ds`, unless an input changed while it ran."""
        if self.kunci is None or kunci_keadaan(self.root, self.jenis) != self.kunci:
            return
        bukti = [[b, _keadaan_bukti(self.root, b)] for b in sorted(set(_jalur_bukti(ds)))]
        isi = msgpack.packb(
            [
                self.kunci,
                bukti,
                [[m.berkas, m.baris, m.kolom, m.tingkat.value, m.kode, m.pesan] for m in masalah],
            ],
            use_bin_type=True,
        )
        tulis_entri(folder_cache(self.root), self.nama, isi)
