"""The last complete site, kept in capkin's cache folder so that the next build redoes only what changed.

After a complete build, every file of the new site is linked into `<cache>/situs/terakhir/`
and a digest-checked entry records, for that site, a key of everything every page depends on
(the generated MkDocs configuration with its navigation, mkdocs.yml, the theme overrides, the
page titles and the list of files in docs/, the versions of the builder) and the digest of
every file of docs/ and of the site.

The next build writes docs/ afresh as always. When the key is the same, only some files of
docs/ differ: the new site folder gets an empty stand-in for every kept file MkDocs is not to
build again, the unchanged files of docs/ get an old modification time, and MkDocs builds
`--dirty`: only the pages whose Markdown changed. Each stand-in MkDocs left alone is then
replaced by a link to the kept file, checked against its digest (a file changed in place falls
back to a full build); MkDocs never writes into a linked file, which the live site shares. The search index MkDocs writes then holds only those pages: the kept index is merged
with it, page by page, in the same order a full build gives. Anything else (a page added,
deleted or renamed, a title or the navigation, the configuration or a theme template) changes
the key and the build is a full one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from capkin.cachedir import baca_entri, tulis_entri

FOLDER = "terakhir"
ENTRI = "situs-terakhir-v2"
INDEKS_PENCARIAN = "search/search_index.json"
WAKTU_LAMA = 946684800.0
"""2000-01-01: the modification time of an unchanged docs/ file, older than any built page."""
WAKTU_TEMPAT = 4102444800.0
"""2100-01-01: the modification time of a kept file's stand-in, newer than any source."""

_PAKET = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "capkin")


def sidik_folder(folder: Path, tanpa: Set[str] = frozenset()) -> dict[str, str]:
    """Return the SHA-256 of every file under `folder` but `tanpa`, by relative POSIX path."""
    hasil: dict[str, str] = {}
    for dasar, _, berkas in os.walk(folder):
        for nama in berkas:
            path = Path(dasar, nama)
            jalur = path.relative_to(folder).as_posix()
            if jalur in tanpa:
                continue
            hasil[jalur] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hasil


def kunci_situs(
    config: Path,
    mkdocs_yml: Path,
    custom_dir: Path | None,
    judul: Iterable[tuple[str, str]],
    docs: Mapping[str, str],
) -> str:
    """Return the key of everything a page depends on besides its own Markdown."""
    h = hashlib.sha256()

    def tambah(label: str, isi: bytes) -> None:
        h.update(f"{label}\0{len(isi)}\0".encode())
        h.update(isi)

    tambah("config", config.read_bytes())
    tambah("mkdocs.yml", mkdocs_yml.read_bytes() if mkdocs_yml.is_file() else b"")
    if custom_dir is not None and custom_dir.is_dir():
        for jalur, sidik in sorted(sidik_folder(custom_dir).items()):
            tambah(f"tema/{jalur}", sidik.encode())
    for jalur, nama in judul:
        tambah(f"judul/{jalur}", nama.encode())
    tambah("docs", "\n".join(sorted(docs)).encode())
    for paket in _PAKET:
        try:
            versi = metadata.version(paket)
        except metadata.PackageNotFoundError:
            versi = "-"
        tambah(f"versi/{paket}", versi.encode())
    return h.hexdigest()


@dataclass(frozen=True)
class SitusTerakhir:
    """What the kept site was built from, and the digest of each of its files."""

    kunci: str
    docs: dict[str, str]
    situs: dict[str, str]


def baca_terakhir(cache: Path) -> SitusTerakhir | None:
    """Return the kept site's record, or None when there is none (or it is damaged)."""
    isi = baca_entri(cache / "situs", ENTRI)
    if isi is None:
        return None
    try:
        data = json.loads(isi)
        return SitusTerakhir(str(data["kunci"]), dict(data["docs"]), dict(data["situs"]))
    except (ValueError, KeyError, TypeError):
        return None


def berkas_berubah(
    lama: SitusTerakhir | None, kunci: str, docs: Mapping[str, str]
) -> set[str] | None:
    """Return the docs/ files that differ from the kept build's, or None for a full build."""
    if lama is None or lama.kunci != kunci or lama.docs.keys() != docs.keys():
        return None
    return {jalur for jalur, sidik in docs.items() if lama.docs[jalur] != sidik}


def berkas_terakhir(cache: Path, lama: SitusTerakhir, jalur: str) -> bytes | None:
    """Return a kept file's bytes when they match its digest, else None."""
    sumber = cache / "situs" / FOLDER / jalur
    try:
        isi = sumber.read_bytes() if not sumber.is_symlink() else None
    except OSError:
        isi = None
    if isi is None or hashlib.sha256(isi).hexdigest() != lama.situs.get(jalur):
        return None
    return isi


def tempat_terakhir(lama: SitusTerakhir, out: Path, dibangun: Set[str]) -> dict[str, int]:
    """Put an empty stand-in in `out` for every kept file but `dibangun` (those MkDocs builds
    again); return each stand-in's modification time in nanoseconds.

    A stand-in is newer than any source, so `mkdocs build --dirty` leaves it alone; what MkDocs
    writes anyway (the sitemap, the search index) goes into a file of its own, never into a
    kept one (`isi_terakhir` puts the kept files in afterwards).
    """
    tempat: dict[str, int] = {}
    for jalur in lama.situs:
        if jalur in dibangun:
            continue
        tujuan = out / jalur
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        tujuan.touch()
        os.utime(tujuan, (WAKTU_TEMPAT, WAKTU_TEMPAT))
        tempat[jalur] = tujuan.stat().st_mtime_ns
    return tempat


def isi_terakhir(cache: Path, lama: SitusTerakhir, out: Path, tempat: Mapping[str, int]) -> bool:
    """Put the kept file in place of every stand-in MkDocs did not write, each checked against
    its digest and linked (copied where links fail); False when one does not match."""
    asal = cache / "situs" / FOLDER
    for jalur, waktu in tempat.items():
        tujuan = out / jalur
        st = tujuan.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != 0 or st.st_mtime_ns != waktu:
            continue  # written by MkDocs
        isi = berkas_terakhir(cache, lama, jalur)
        if isi is None:
            return False
        tujuan.unlink()
        try:
            os.link(asal / jalur, tujuan)
        except OSError:
            tujuan.write_bytes(isi)
    return True


def tandai_waktu(docs: Path, semua: Iterable[str], berubah: set[str]) -> None:
    """Give the changed docs/ files the current time and the others an old one (for --dirty)."""
    sekarang = time.time() + 1  # later than the copy of the kept site, whatever the clock step
    for jalur in semua:
        waktu = sekarang if jalur in berubah else WAKTU_LAMA
        os.utime(docs / jalur, (waktu, waktu))


def _halaman(lokasi: str) -> str:
    return lokasi.split("#", 1)[0]


def gabung_indeks(sebelum: bytes, sesudah: bytes, dibangun: set[str]) -> bytes | None:
    """Merge the kept search index with the one a dirty build wrote for the pages it built.

    Entries of a built page take the place of its old ones, in the old order; None when a built
    page has entries but had none before (the order of a full build is then unknown).
    """
    lama: dict[str, Any] = json.loads(sebelum)
    baru: dict[str, Any] = json.loads(sesudah)
    per_halaman: dict[str, list[Any]] = {}
    for entri in baru["docs"]:
        per_halaman.setdefault(_halaman(entri["location"]), []).append(entri)
    dibangun = dibangun | per_halaman.keys()
    docs: list[Any] = []
    for entri in lama["docs"]:
        halaman = _halaman(entri["location"])
        if halaman not in dibangun:
            docs.append(entri)
        elif halaman in per_halaman:
            docs.extend(per_halaman.pop(halaman))
    if per_halaman:
        return None
    data = {"config": baru["config"], "docs": docs}
    return json.dumps(data, separators=(",", ":"), default=str).encode()


def simpan_terakhir(
    cache: Path, out: Path, kunci: str, docs: Mapping[str, str], tanpa: Iterable[str] = ()
) -> None:
    """Keep the complete site `out` (linked, or copied where links fail) and its record;
    not the files `tanpa` (site-relative), which every build writes afresh."""
    folder = cache / "situs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENTRI).unlink(missing_ok=True)
    baru = folder / f"{FOLDER}.baru"
    shutil.rmtree(baru, ignore_errors=True)
    situs = sidik_folder(out, set(tanpa))
    for jalur in situs:
        tujuan = baru / jalur
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out / jalur, tujuan)
        except OSError:
            shutil.copyfile(out / jalur, tujuan)
    shutil.rmtree(folder / FOLDER, ignore_errors=True)
    baru.rename(folder / FOLDER)
    catatan = {"kunci": kunci, "docs": dict(docs), "situs": situs}
    tulis_entri(folder, ENTRI, json.dumps(catatan, separators=(",", ":")).encode())
