"""A cache of parsed and model-checked data files, keyed by git blob id.

Reading a regency's tree (1,200 files, 14 MB) with positions costs seconds; most runs read
the same files again. Each file's outcome — its plain data, or the problems of reading it
— is kept under its path, its model and its git blob id (`id_blob`: the id git gives the
same bytes, so a committed file and an uncommitted one are keyed the same way, and a loader
reading blobs at a commit can pass the id it already has). Invalidation is by construction:
other bytes make another id, another capkin make another `sidik_kode`.

The cache lives in `capkin.cachedir.folder_cache(root)` (under the git directory, never in
the work tree) as one msgpack file written by `cachedir.tulis_entri` (atomic, its digest
checked on read): plain data only, each entry packed on its own and carrying its key,
checked on read; a damaged or foreign file is ignored and rewritten.
Positions of values are stored apart (lines and columns alone: the paths follow from the
data) and unpacked only for a file in which a problem has to be located (`DokumenTunda`).
"""

from __future__ import annotations

import gc
import hashlib
import re
from array import array
from pathlib import Path
from typing import Any

import msgpack

from capkin import __version__
from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.errors import DataError, Masalah, Tingkat
from capkin.yamlio import Dokumen, Jalur, baca_bytes

VERSI = 3
NAMA_BERKAS = f"berkas-v{VERSI}.msgpack"
NAMA_TAMBAHAN = f"berkas-v{VERSI}-tambahan.msgpack"
"""Entries learned since the main file was last written, while they are few: one edited
file does not rewrite a regency's whole cache."""
BATAS_TAMBAHAN = (1 << 20, 8)
"""Bytes of added entries kept apart before everything is written into the main file
again: 1 MB, or the main file's size over 8 if more."""
_sidik: str | None = None


def id_blob(data: bytes) -> str:
    """Return the git blob id of some bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def sidik_kode() -> str:
    """Return a fingerprint of capkin's code: another version or any edit empties the cache.

    Every module counts, not only the parser and the models: a model's validator may call
    into any of them (about 1 MB of source, read in milliseconds).
    """
    global _sidik
    if _sidik is None:
        h = hashlib.sha256(__version__.encode())
        paket = Path(__file__).parent
        for path in sorted(paket.rglob("*.py")):
            h.update(path.relative_to(paket).as_posix().encode() + b"\0")
            try:
                h.update(path.read_bytes())
            except OSError:
                h.update(b"?")
        _sidik = h.hexdigest()[:32]
    return _sidik


_MUNGKIN_RAGU = re.compile(rb"[1-9]\.[0-9]{3}")
"""Bytes that may hold a number like `1.250` (`yamlio.Dokumen.angka_ragu`)."""


class DokumenTunda(Dokumen):
    """A document read from the cache: its data is unpacked from its cache entry when first
    read (a loaded tree's models hold what a run needs: the plain data of 1,200 files would
    stay in memory for nothing), positions the first time a problem in it has to be located
    (or found again from its bytes)."""

    def __init__(self, berkas: str, sumber: bytes, entri: bytes) -> None:
        self.berkas = berkas
        self._sumber = sumber
        self._entri = entri
        """The packed cache entry (`CacheBerkas.baca`), which holds the data."""

    @classmethod
    def dari_dokumen(cls, dok: Dokumen, sumber: bytes, entri: Entri, mentah: bytes) -> DokumenTunda:
        """Return the compact form of a document just parsed and packed (`mentah`, the cache
        entry `CacheBerkas.catat` made of `entri`): a tree read cold keeps what a warm read
        keeps, not every file's data and positions. What the entry lacks stays known: the
        numbers like `1.250` are kept, and the bytes only when the positions were not packed.
        """
        hasil = cls(dok.berkas, sumber if entri.posisi is None else b"", mentah)
        hasil.angka_ragu = dok.angka_ragu
        return hasil

    def lepas(self) -> None:
        """Drop the data and positions unpacked so far: they are unpacked again when read."""
        for nama in ("data", "_posisi", "posisi", "posisi_kunci"):
            self.__dict__.pop(nama, None)

    def __getattr__(self, nama: str) -> Any:
        if nama in {"data", "_posisi"}:
            isi = _buka_entri(self._entri)
            self.data, self._posisi = isi[1], isi[3]
            return getattr(self, nama)
        if nama not in {"posisi", "posisi_kunci", "angka_ragu"}:
            raise AttributeError(nama)
        if nama == "angka_ragu":
            if not _MUNGKIN_RAGU.search(self._sumber):
                self.angka_ragu = {}  # no `1.250`-like text at all: no need to parse again
                return self.angka_ragu
            self._baca_ulang()
            return self.angka_ragu
        hasil = _buka_posisi(self._posisi, self.data) if self._posisi is not None else None
        if hasil is None:
            self._baca_ulang()
        else:
            self.posisi, self.posisi_kunci = hasil
        return getattr(self, nama)

    def _baca_ulang(self) -> None:
        """Parse the bytes again for what the cache does not keep."""
        try:
            dok = baca_bytes(self._sumber, self.berkas)
            posisi, posisi_kunci, ragu = dok.posisi, dok.posisi_kunci, dok.angka_ragu
        except DataError:  # cannot happen for bytes that parsed before; degrade to (1, 1)
            posisi, posisi_kunci, ragu = {}, {}, {}
        self.posisi = posisi
        self.posisi_kunci = posisi_kunci
        self.angka_ragu = ragu


Posisi = dict[Jalur, tuple[int, int]]


def _jalur_urut(data: Any) -> tuple[list[Jalur], list[Jalur]]:
    """Return the paths of every value and of every mapping key of parsed data, in the order
    `yamlio` records their positions (document order: a value, then each key and its value)."""
    nilai: list[Jalur] = []
    kunci: list[Jalur] = []
    tumpukan: list[tuple[Jalur, Any]] = [((), data)]
    while tumpukan:
        jalur, x = tumpukan.pop()
        nilai.append(jalur)
        if isinstance(x, dict):
            anak = [((*jalur, k), v) for k, v in x.items()]
        elif isinstance(x, list):
            anak = [((*jalur, i), v) for i, v in enumerate(x)]
        else:
            continue
        if isinstance(x, dict):
            kunci += [j for j, _ in anak]
        tumpukan += reversed(anak)
    return nilai, kunci


def _kemas_posisi(dok: Dokumen) -> bytes | None:
    """Pack a document's positions compactly: their lines and columns alone, as 32-bit
    numbers in the order of `_jalur_urut` (the paths follow from the data itself).

    None when the positions are not those of the data's paths in that order (they then are
    found again from the file's bytes).
    """
    nilai, kunci = _jalur_urut(dok.data)
    if list(dok.posisi) != nilai or list(dok.posisi_kunci) != kunci:
        return None
    angka = array("I", [x for p in dok.posisi.values() for x in p])
    angka.extend(x for p in dok.posisi_kunci.values() for x in p)
    return angka.tobytes()


def _buka_posisi(mentah: bytes, data: Any) -> tuple[Posisi, Posisi] | None:
    """Unpack `_kemas_posisi`'s bytes for the document's data; None when they do not fit."""
    nilai, kunci = _jalur_urut(data)
    angka = array("I")
    if len(mentah) != angka.itemsize * 2 * (len(nilai) + len(kunci)):
        return None
    angka.frombytes(mentah)
    it = iter(angka)
    # thousands of small tuples: the cyclic GC would rescan the whole (large) heap for them
    gc_aktif = gc.isenabled()
    gc.disable()
    try:
        # zip(it, it): (line, column) pairs; zip stops at the paths' end, taking no pair more
        posisi = dict(zip(nilai, zip(it, it, strict=False), strict=False))
        return posisi, dict(zip(kunci, zip(it, it, strict=False), strict=False))
    finally:
        if gc_aktif:
            gc.enable()


class Entri:
    """What reading one file gave: its data (None when it did not parse), its problems,
    its positions packed (`_kemas_posisi`) and, read from the cache, the packed entry."""

    __slots__ = ("data", "masalah", "mentah", "posisi")

    def __init__(
        self,
        data: Any,
        masalah: list[Masalah],
        posisi: bytes | None = None,
        mentah: bytes | None = None,
    ) -> None:
        self.data = data
        self.masalah = masalah
        self.posisi = posisi
        self.mentah = mentah

    @classmethod
    def dari_dokumen(cls, dok: Dokumen, masalah: list[Masalah]) -> Entri:
        """Return the entry of a parsed document."""
        return cls(dok.data, masalah, _kemas_posisi(dok))


def _buka_entri(mentah: bytes) -> Any:
    """Unpack a cache entry: [key, data, problems, packed positions]."""
    return msgpack.unpackb(mentah, raw=False, strict_map_key=False)


def _kunci(berkas: str, model: str, blob: str) -> str:
    return f"{model}\0{berkas}\0{blob}"


class CacheBerkas:
    """Cached outcomes of reading data files, by (path, model, blob id)."""

    def __init__(self, root: Path, aktif: bool = True) -> None:
        self.aktif = aktif
        self.folder = folder_cache(root) if aktif else Path()
        self._lama: dict[str, bytes] = {}
        """The main file's entries."""
        self._tambahan: dict[str, bytes] = {}
        """The entries kept apart (`NAMA_TAMBAHAN`)."""
        self._ukuran = 0
        """The main file's size in bytes."""
        self._baru: dict[str, bytes] = {}
        self._dipakai: set[str] = set()
        if aktif:
            self._lama, self._ukuran = self._muat(NAMA_BERKAS)
            self._tambahan, _ = self._muat(NAMA_TAMBAHAN)

    def _muat(self, nama: str) -> tuple[dict[str, bytes], int]:
        """Return a file's entries (each checked again when read) and its size."""
        mentah = baca_entri(self.folder, nama)
        if mentah is None:
            return {}, 0
        try:
            isi = msgpack.unpackb(mentah, raw=False)
        except (ValueError, msgpack.UnpackException):
            return {}, 0
        if not (isinstance(isi, list) and len(isi) == 3 and isi[:2] == ["capkin", sidik_kode()]):
            return {}, 0
        if not isinstance(isi[2], dict):
            return {}, 0
        entri = {k: v for k, v in isi[2].items() if isinstance(k, str) and isinstance(v, bytes)}
        return entri, len(mentah)

    def baca(self, berkas: str, model: str, blob: str) -> Entri | None:
        """Return the cached outcome of a file, None when absent or unreadable."""
        kunci = _kunci(berkas, model, blob)
        mentah = self._baru.get(kunci) or self._tambahan.get(kunci) or self._lama.get(kunci)
        if mentah is None:
            return None
        try:
            isi = _buka_entri(mentah)
            if not (isinstance(isi, list) and len(isi) == 4 and isi[0] == kunci):
                return None
            if not (isi[3] is None or isinstance(isi[3], bytes)):
                return None
            masalah = [
                Masalah(berkas, int(b), int(k), Tingkat(t), str(kode), str(p))
                for b, k, t, kode, p in isi[2]
            ]
        except (ValueError, TypeError, msgpack.UnpackException):
            return None
        self._dipakai.add(kunci)
        return Entri(isi[1], masalah, isi[3], mentah)

    def catat(self, berkas: str, model: str, blob: str, entri: Entri) -> bytes | None:
        """Remember a file's outcome; return its packed entry, None when it is not cached
        (the cache is off, or msgpack cannot hold the data: huge integers)."""
        if not self.aktif:
            return None
        kunci = _kunci(berkas, model, blob)
        masalah = [[m.baris, m.kolom, m.tingkat.value, m.kode, m.pesan] for m in entri.masalah]
        try:
            mentah: bytes = msgpack.packb(
                [kunci, entri.data, masalah, entri.posisi], use_bin_type=True
            )
        except (TypeError, ValueError, OverflowError):
            return None
        self._baru[kunci] = mentah
        self._dipakai.add(kunci)
        return mentah

    def simpan(self, lengkap: bool = True) -> None:
        """Write the cache when it learned something: while the entries learned since the
        main file was written are few, into a small file of their own, else everything into
        the main file, where entries unused this run are dropped once they outnumber the
        used ones, unless the run read only part of the tree (not `lengkap`). A cache that
        cannot be written is skipped."""
        if not self.aktif or not self._baru:
            return
        tambahan = {**self._tambahan, **self._baru}
        batas, bagian = BATAS_TAMBAHAN
        if self._lama and sum(map(len, tambahan.values())) <= max(batas, self._ukuran // bagian):
            isi = msgpack.packb(["capkin", sidik_kode(), tambahan], use_bin_type=True)
            tulis_entri(self.folder, NAMA_TAMBAHAN, isi)
            self._tambahan, self._baru = tambahan, {}
            return
        semua = {**self._lama, **tambahan}
        if lengkap and len(semua) > 2 * len(self._dipakai):
            semua = {k: v for k, v in semua.items() if k in self._dipakai}
        isi = msgpack.packb(["capkin", sidik_kode(), semua], use_bin_type=True)
        tulis_entri(self.folder, NAMA_BERKAS, isi)
        self._lama, self._tambahan, self._baru, self._ukuran = semua, {}, {}, len(isi)
        for lama in self.folder.glob("berkas-v*.msgpack"):  # earlier formats' files
            if lama.name != NAMA_BERKAS:
                lama.unlink(missing_ok=True)
