"""The digest of every input a check of the tree reads (`keadaan`): the key of a kept outcome.

What it covers, and why, is in `validation.result_cache`'s docstring; anything not known for
sure raises `TidakTentu` inside and makes no key.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.filecache import id_blob, sidik_kode
from capkin.gitcmd import git, rev_dasar
from capkin.layout import DATA, FOLDER_REALISASI, POLA_TAHUN, TAHUN_SAH
from capkin.yamlio import baca_biasa

VERSI = 2
"""Bump when what a kept outcome holds changes."""
BERKAS_DIBACA = (
    "mkdocs.yml",
    ".github/CODEOWNERS",
    ".github/web-flow.gpg",
)
"""Files outside data/ whose bytes a check reads."""
FOLDER_DINAMAI = ("site_templates", "bukti")
"""Folders outside data/ whose names and links a check reads (copied into the site)."""
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


def _tahun_folder(relatif: str) -> int | None:
    """Return the year of a folder at or under data/<tahun>/ (a year capkin reads), else None."""
    bagian = relatif.split("/", 2)
    if len(bagian) < 2 or bagian[0] != DATA or not POLA_TAHUN.fullmatch(bagian[1]):
        return None
    tahun = int(bagian[1])
    return tahun if tahun in TAHUN_SAH else None


def _daftar_data(
    root: Path, h: Any, dikenal: Mapping[str, str], blob: dict[str, str]
) -> dict[int, Any]:
    """Feed every entry under data/ (names, kinds, bytes) to the digests; return the digests
    of the year folders (data/<tahun>/), each fed its own folder's entries.

    `h` gets everything else, the names of the year folders included. A file in `dikenal`
    (repo-relative path → blob id) is not read: its id is taken from there. `blob` receives
    the id of every file.
    """
    data = root / DATA
    if data.is_symlink():
        raise TidakTentu
    per_tahun: dict[int, Any] = {}
    awal = len(str(data)) - len(DATA)  # where `data/...` starts in os.walk's folders
    # plain strings, not Path objects: a regency's 1,200 files are walked twice a run
    for folder, subfolder, berkas in os.walk(data):
        subfolder.sort()
        relatif = folder[awal:].replace(os.sep, "/")
        tahun = _tahun_folder(relatif)
        hh = h if tahun is None else per_tahun.setdefault(tahun, hashlib.sha256())
        if relatif == DATA:
            for nama in subfolder:
                if _tahun_folder(f"{DATA}/{nama}") is not None:
                    h.update(b"Y\0" + nama.encode("utf-8", "surrogateescape") + b"\0")
        hh.update(b"D\0" + relatif.encode("utf-8", "surrogateescape") + b"\0")
        for nama in [*subfolder, *sorted(berkas)]:
            if os.path.islink(os.path.join(folder, nama)):
                raise TidakTentu
        for nama in sorted(berkas):
            kunci = f"{relatif}/{nama}"
            id_ = dikenal.get(kunci)
            if id_ is None:
                isi = baca_biasa(os.path.join(folder, nama))
                if isi is None:  # a FIFO, a device, too large: the full load reports it
                    raise TidakTentu
                id_ = id_blob(isi)
            blob[kunci] = id_
            hh.update(b"F\0" + nama.encode("utf-8", "surrogateescape") + b"\0")
            hh.update(id_.encode() + b"\0")
    return per_tahun


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


@dataclass(frozen=True)
class Keadaan:
    """The digests of a tree's state: of all it holds, of what every year shares, of each year.

    `umum` covers every input but the contents of the year folders (their names included);
    each year's digest covers `umum` and that year's folder. A problem located in a year's
    folder depends only on that year and `umum` (checks look at one year at a time; see
    `tests/test_result_cache.py`), so a year whose digest is unchanged keeps its problems.
    """

    kunci: str
    umum: str
    tahun: dict[int, str]
    blob: dict[str, str]
    """The blob id of every file under data/, as read for the digests."""


def keadaan(root: Path, jenis: str, dikenal: Mapping[str, str] | None = None) -> Keadaan | None:
    """Return the digests of every input a check of the tree at `root` reads; None when unsure.

    `dikenal` gives the blob ids of the data files a check read (`Dataset.blob`): the digest
    is then that of the state the check saw, if the rest is still as it is now.
    """
    blob: dict[str, str] = {}
    try:
        h = _umum(root, jenis)
        per_tahun = _daftar_data(root, h, dikenal or {}, blob)
        for nama in BERKAS_DIBACA:
            _isi_berkas(root / nama, h)
        for nama in FOLDER_DINAMAI:
            _daftar_nama(root, nama, h)
        _folder_tema(root, h)
    except TidakTentu:
        return None
    umum = h.hexdigest()
    tahun = {
        t: hashlib.sha256(f"{umum}\0{t}\0".encode() + x.digest()).hexdigest()
        for t, x in sorted(per_tahun.items())
    }
    semua = hashlib.sha256(umum.encode() + repr(sorted(tahun.items())).encode())
    return Keadaan(semua.hexdigest(), umum, tahun, blob)


def tahun_masalah(m: Masalah) -> int | None:
    """Return the year whose folder holds a problem's file, None for the files every year shares."""
    return _tahun_folder(m.berkas.rsplit("/", 1)[0]) if m.berkas.startswith(f"{DATA}/") else None


def _bukan_realisasi(berkas: str) -> bool:
    return f"/{FOLDER_REALISASI}/" not in berkas


def blob_data(ds: Dataset, dikenal: Mapping[str, str]) -> dict[str, str]:
    """Return the blob ids of the data files: those `ds` read, else as `dikenal` gives them
    (a dataset that reads its years when looked at may not have read them all)."""
    return {**dikenal, **ds.blob}


def kunci_integritas(ds: Dataset, dikenal: Mapping[str, str] | None = None) -> str | None:
    """Return a digest of what the history checks read, realisasi files apart; None when unsure.

    They read the officials, the SOP, the PK and the siklus files (all YAML files but
    realisasi are counted here, as `ds` read them or else as `dikenal` gives them) and
    locate problems in realisasi files: those are recorded as they are looked up
    (`integritas_tersimpan`).
    """
    try:
        h = _umum(ds.root, "integritas")
        for nama in BERKAS_DIBACA:
            _isi_berkas(ds.root / nama, h)
    except TidakTentu:
        return None
    for berkas, blob in sorted(blob_data(ds, dikenal or {}).items()):
        if _bukan_realisasi(berkas) and berkas.endswith(".yml"):
            h.update(f"{berkas}\0{blob}\0".encode("utf-8", "surrogateescape"))
    return str(h.hexdigest())
