"""The last outcome of checking a tree, reused while every input of the check is unchanged.

Checking a regency's tree costs seconds (loading, cross-file checks, the git history); most
runs check the same state again. The outcome — the sorted problems — is kept with a digest
of everything the check reads (`Masukan`), computed before the check and again after it:

- capkin's code (`filecache.sidik_kode`), the Python version, the tree's absolute path;
  an outcome is reused only until the next midnight of the machine or of the office (NIP
  and date checks compare with today);
- every entry under `data/` with its bytes (blob ids); a symbolic link under `data/` makes
  the state uncacheable (its target could change unseen);
- the files outside `data/` the checks read: `mkdocs.yml`, `.github/CODEOWNERS`,
  `.github/web-flow.gpg` (or `$CAPKIN_KUNCI_WEBFLOW`'s file), and the names and links of the
  folders copied into the site (`site_templates/`, `bukti/`, a `theme.custom_dir`);
- git: HEAD and whether the clone is shallow, the configuration (the next committer's
  identity, signing settings), the index's entries, replacement refs, and the environment
  variables git and capkin read;
- each `bukti` path the data names: whether it stays in the repo and exists, recorded with
  the outcome and checked again before reuse (a path may name any file of the repo).

Anything not known for sure makes no key, and the check runs. The cache lives under the git
directory (`cachedir`), digest-checked; the outcome of one state is kept, in parts
(`CacheHasil`), so that `compute` after `validate` finds the checks it needs. The history
checks' outcome is also kept apart (`integritas_tersimpan`), to be reused after a realisasi
edit that does not touch what they read.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgpack
import yaml

from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.dataset import Dataset
from capkin.errors import Masalah, Tingkat
from capkin.filecache import id_blob, sidik_kode
from capkin.gitcmd import git
from capkin.layout import FOLDER_REALISASI
from capkin.yamlio import Dokumen

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
_ENV_NAMA = {
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "TZ",
    "EMAIL",
    "USER",
    "LOGNAME",
    "GITHUB_BASE_REF",  # names the main line's basis on a pull request (history.basis)
}


class TidakTentu(Exception):
    """The state cannot be fingerprinted with certainty: check without the cache."""


def _daftar_data(root: Path, h: Any, dikenal: Mapping[str, str]) -> None:
    """Feed every entry under data/ (names, kinds, bytes) to the digest.

    A file in `dikenal` (repo-relative path → blob id) is not read: its id is taken from there.
    """
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
            blob = dikenal.get(f"{relatif}/{nama}")
            if blob is None:
                try:
                    blob = id_blob((Path(folder) / nama).read_bytes())
                except OSError as exc:
                    raise TidakTentu from exc
            h.update(b"F\0" + nama.encode("utf-8", "surrogateescape") + b"\0")
            h.update(blob.encode() + b"\0")


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


def _folder_tema(root: Path, h: Any) -> None:
    """Feed the theme folders mkdocs.yml names (`custom_dir`, checked for symlinks like the
    copied folders) to the digest: where each resolves, and its names and links.

    Every `custom_dir` key of the file counts, wherever it stands (a superset of the one the
    check reads). Raises TidakTentu when the file names one but cannot be read as YAML.
    """
    try:
        teks = (root / "mkdocs.yml").read_bytes()
    except OSError:
        return
    if b"custom_dir" not in teks:
        return
    try:
        tumpukan = [yaml.compose(teks, Loader=yaml.CSafeLoader)]
    except yaml.YAMLError as exc:
        raise TidakTentu from exc
    dilihat: set[int] = set()
    while tumpukan:
        node = tumpukan.pop()
        if node is None or id(node) in dilihat:
            continue
        dilihat.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            tumpukan += node.value
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                tumpukan += [k, v]
                if k.value == "custom_dir" and isinstance(v, yaml.ScalarNode):
                    folder = (root / str(v.value)).resolve()
                    h.update(b"T\0" + os.fsencode(str(folder)) + b"\0")
                    if folder.is_relative_to(root.resolve()) and folder != root.resolve():
                        _daftar_nama(root, folder.relative_to(root.resolve()).as_posix(), h)


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
    from capkin.history.basis import rev_dasar

    # the main line's basis: which commit the base revision names now (history.basis)
    dasar = rev_dasar()
    for args in (
        ("rev-parse", "--is-shallow-repository", "HEAD"),
        *([("rev-parse", "-q", "--verify", f"{dasar}^{{commit}}")] if dasar else []),
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


def _umum(root: Path, jenis: str) -> Any:
    """Return a digest fed with what every check reads besides the data: code, date, git.

    Raises TidakTentu when `$CAPKIN_KUNCI_WEBFLOW` names a file that cannot be read.
    """
    h = hashlib.sha256(f"capkin-hasil-v{VERSI}\0{jenis}\0{sidik_kode()}\0".encode())
    h.update(f"{sys.version}\0{date.today().isoformat()}\0".encode())
    h.update(os.fsencode(str(root)) + b"\0")
    lingkungan = sorted(
        (k, v) for k, v in os.environ.items() if k.startswith(_ENV_AWALAN) or k in _ENV_NAMA
    )
    h.update(repr(lingkungan).encode("utf-8", "surrogateescape"))
    h.update(f"{os.uname().nodename}\0{os.getuid()}\0".encode())
    webflow = os.environ.get("CAPKIN_KUNCI_WEBFLOW")
    if webflow:
        _isi_berkas(Path(webflow), h)
    _keadaan_git(root, h)
    return h


def kunci_keadaan(root: Path, jenis: str, dikenal: Mapping[str, str] | None = None) -> str | None:
    """Return a digest of every input a check of the tree at `root` reads; None when unsure.

    `dikenal` gives the blob ids of the data files a check read (`Dataset.blob`): the digest
    is then that of the state the check saw, if the rest is still as it is now.
    """
    try:
        h = _umum(root, jenis)
        _daftar_data(root, h, dikenal or {})
        for nama in BERKAS_DIBACA:
            _isi_berkas(root / nama, h)
        for nama in FOLDER_DINAMAI:
            _daftar_nama(root, nama, h)
        _folder_tema(root, h)
    except TidakTentu:
        return None
    return str(h.hexdigest())


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


_ZONA_BAWAAN = "Asia/Jakarta"
"""The office's zone when instansi.yml names none (as `capkin.clock.zona_kantor`)."""


def _berlaku(ds: Dataset) -> list[float]:
    """Return [now, the next midnight] as POSIX times: an outcome is reused only in between.

    Checks compare with today's date (NIP appointment dates, the office's calendar): the
    machine's or the office's, whichever day ends first.
    """
    sekarang = datetime.now(UTC)
    try:
        zona: list[tzinfo | None] = [
            ZoneInfo(ds.instansi.pengaturan.zona_waktu if ds.instansi else _ZONA_BAWAAN),
            None,
        ]
    except (ValueError, ZoneInfoNotFoundError):
        zona = [None]
    akhir = []
    for z in zona:
        kini = sekarang.astimezone(z)
        besok = datetime.combine(kini.date() + timedelta(days=1), time(0), tzinfo=kini.tzinfo)
        akhir.append(besok.timestamp())
    return [sekarang.timestamp(), min(akhir)]


def _masih_berlaku(berlaku: Any) -> bool:
    awal, akhir = berlaku
    return bool(awal <= datetime.now(UTC).timestamp() < akhir)


def _kemas_masalah(masalah: list[Masalah]) -> list[list[Any]]:
    return [[m.berkas, m.baris, m.kolom, m.tingkat.value, m.kode, m.pesan] for m in masalah]


def _buka_masalah(baris: list[list[Any]]) -> list[Masalah]:
    """Return problems from `_kemas_masalah`'s rows; raises ValueError or TypeError if damaged."""
    return [
        Masalah(str(f), int(b), int(k), Tingkat(t), str(kode), str(p))
        for f, b, k, t, kode, p in baris
    ]


class CacheHasil:
    """The outcome of checking the tree's current state, in named parts.

    A part is the problems of one group of checks (`dasar`: loading and cross-file checks;
    `riwayat`: the git history's; others named by the caller): `capkin validate` stores
    them all, and `capkin compute` reuses `dasar` alone. One state is kept, under capkin's
    cache folder.
    """

    NAMA = f"hasil-v{VERSI}.msgpack"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kunci = kunci_keadaan(root, "hasil")
        self._bagian: dict[str, Any] = {}
        self._bukti: list[list[Any]] | None = None
        """The bukti paths of this state and what the check saw of each (when read)."""
        if self.kunci is not None:
            self._muat()

    def _muat(self) -> None:
        mentah = baca_entri(folder_cache(self.root), self.NAMA)
        if mentah is None:
            return
        try:
            # the key first: another state's entry (after any edit) is not unpacked further
            isi = msgpack.Unpacker(raw=False)
            isi.feed(mentah)
            if isi.read_array_header() != 4 or isi.unpack() != self.kunci:
                return
            berlaku, bukti, bagian = isi.unpack(), isi.unpack(), isi.unpack()
            if not _masih_berlaku(berlaku):
                return
            if any(_keadaan_bukti(self.root, b) != k for b, k in bukti):
                return
            if isinstance(bagian, dict) and isinstance(bukti, list):
                self._bagian, self._bukti = bagian, bukti
        except (ValueError, TypeError, msgpack.UnpackException):
            return

    def baca(self, *nama: str) -> list[Masalah] | None:
        """Return the problems of these parts for this exact state, None unless all are known."""
        if not all(n in self._bagian for n in nama):
            return None
        try:
            return [m for n in nama for m in _buka_masalah(self._bagian[n])]
        except (ValueError, TypeError):
            return None

    def baca_teks(self, nama: str) -> str | None:
        """Return a text made from this exact state (`simpan`'s `teks`), None when unknown."""
        teks = self._bagian.get(f"teks:{nama}")
        return teks if isinstance(teks, str) else None

    def simpan(
        self, ds: Dataset, bagian: dict[str, list[Masalah]], teks: dict[str, str] | None = None
    ) -> None:
        """Record parts of the outcome of checking `ds`, and texts made from it (e.g. what
        `capkin compute` prints), unless an input changed meanwhile."""
        if self.kunci is None or kunci_keadaan(self.root, "hasil", ds.blob) != self.kunci:
            return
        self._bagian.update({n: _kemas_masalah(m) for n, m in bagian.items()})
        self._bagian.update({f"teks:{n}": t for n, t in (teks or {}).items()})
        bukti = self._bukti
        if bukti is None:  # this state's bukti, unless read with its outcome (then all known)
            bukti = [[b, _keadaan_bukti(self.root, b)] for b in sorted(set(_jalur_bukti(ds)))]
            self._bukti = bukti
        isi = msgpack.packb([self.kunci, _berlaku(ds), bukti, self._bagian], use_bin_type=True)
        tulis_entri(folder_cache(self.root), self.NAMA, isi)


def _bukan_realisasi(berkas: str) -> bool:
    return f"/{FOLDER_REALISASI}/" not in berkas


def kunci_integritas(ds: Dataset) -> str | None:
    """Return a digest of what the history checks read, realisasi files apart; None when unsure.

    They read the officials, the SOP, the PK and the siklus files (all files but realisasi
    are counted here) and locate problems in realisasi files: those are recorded as they
    are looked up (`CacheIntegritas.jalankan`).
    """
    try:
        h = _umum(ds.root, "integritas")
        for nama in BERKAS_DIBACA:
            _isi_berkas(ds.root / nama, h)
    except TidakTentu:
        return None
    for berkas, blob in sorted(ds.blob.items()):
        if _bukan_realisasi(berkas):
            h.update(f"{berkas}\0{blob}\0".encode("utf-8", "surrogateescape"))
    return str(h.hexdigest())


class _Tercatat(dict[str, Dokumen]):
    """The documents of a dataset, noting each one looked up."""

    def __init__(self, isi: dict[str, Dokumen]) -> None:
        super().__init__(isi)
        self.dibaca: set[str] = set()

    def get(self, berkas: str, bawaan: Any = None) -> Any:
        self.dibaca.add(berkas)
        return super().get(berkas, bawaan)

    def __getitem__(self, berkas: str) -> Dokumen:
        self.dibaca.add(berkas)
        return super().__getitem__(berkas)

    def __contains__(self, berkas: object) -> bool:
        if isinstance(berkas, str):
            self.dibaca.add(berkas)
        return super().__contains__(berkas)


NAMA_INTEGRITAS = f"integritas-v{VERSI}.msgpack"


def integritas_tersimpan(ds: Dataset, periksa: Callable[[Dataset], list[Masalah]]) -> list[Masalah]:
    """Return `periksa(ds)` (the history checks), from the cache when nothing it reads changed.

    Realisasi files the checks looked a problem up in are recorded with their blob ids and
    must be unchanged for the outcome to be reused.
    """
    kunci = kunci_integritas(ds)
    folder = folder_cache(ds.root)
    mentah = baca_entri(folder, NAMA_INTEGRITAS) if kunci is not None else None
    if mentah is not None:
        try:
            ada, berlaku, dibaca, masalah = msgpack.unpackb(mentah, raw=False)
            if (
                ada == kunci
                and _masih_berlaku(berlaku)
                and all(ds.blob.get(b) == blob for b, blob in dibaca)
            ):
                return _buka_masalah(masalah)
        except (ValueError, TypeError, msgpack.UnpackException):
            pass
    asli = ds.dokumen
    ds.dokumen = tercatat = _Tercatat(asli)
    try:
        hasil = periksa(ds)
    finally:
        ds.dokumen = asli
    if kunci is not None and kunci_integritas(ds) == kunci:
        isi = msgpack.packb(
            [
                kunci,
                _berlaku(ds),
                [[b, ds.blob.get(b)] for b in sorted(tercatat.dibaca)],
                _kemas_masalah(hasil),
            ],
            use_bin_type=True,
        )
        tulis_entri(folder, NAMA_INTEGRITAS, isi)
    return hasil
