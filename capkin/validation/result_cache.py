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

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgpack

from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.dataset import Dataset
from capkin.errors import Masalah, Tingkat
from capkin.validation.state_digest import (
    VERSI,
    Keadaan,
    blob_data,
    keadaan,
    kunci_integritas,
    tahun_masalah,
)
from capkin.yamlio import Dokumen

_SKEMA = ("mailto:", "javascript:", "data:")
"""Links the bukti check does not look up as paths (as `validation.realisasi` does)."""


def _jalur_bukti(ds: Dataset, tahun: Iterable[int]) -> Iterator[tuple[str, int]]:
    """Yield every bukti of these years' data that names a path in the repo (not a link),
    with its year."""
    for t in tahun:
        dt = ds.tahun.get(t)
        for per_unit in dt.realisasi.values() if dt else ():
            for r in per_unit.values():
                for entri in r.realisasi:
                    for bukti in entri.bukti:
                        if "://" in bukti or bukti.lower().startswith(_SKEMA):
                            continue
                        yield bukti, t


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


_TINGKAT = {t.value: t for t in Tingkat}


def _buka_masalah(baris: list[list[Any]]) -> list[Masalah]:
    """Return problems from `_kemas_masalah`'s rows; raises ValueError or TypeError if damaged."""
    return [
        Masalah(str(f), int(b), int(k), _TINGKAT.get(t) or Tingkat(t), str(kode), str(p))
        for f, b, k, t, kode, p in baris
    ]


@dataclass(frozen=True)
class Sebagian:
    """What an earlier state's outcome gives a state that differs in some years' folders:
    the cross-file part's problems of every other year and of the shared files, and the
    years to check again (`kotor`)."""

    masalah: list[Masalah]
    kotor: frozenset[int]
    bukti: list[list[Any]]
    """The bukti of the years kept, with what the check saw of each."""


class CacheHasil:
    """The outcome of checking the tree's current state, in named parts.

    A part is the problems of one group of checks (`dasar`: loading and cross-file checks;
    `riwayat`: the git history's; others named by the caller): `capkin validate` stores
    them all, and `capkin compute` reuses `dasar` alone. One state is kept, under capkin's
    cache folder; when the current state differs from it only in some year folders, the
    `dasar` problems of the other years are offered for reuse (`sebagian`).
    """

    NAMA = f"hasil-v{VERSI}.msgpack"
    NAMA_TEKS = f"teks-v{VERSI}.msgpack"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.keadaan = keadaan(root, "hasil")
        self.kunci = None if self.keadaan is None else self.keadaan.kunci
        self._bagian: dict[str, Any] = {}
        self._bukti: list[list[Any]] | None = None
        """The bukti paths of this state, their years and what the check saw of each."""
        self.sebagian: Sebagian | None = None
        self._teks: dict[str, Any] | None = None
        self._dibuka: dict[str, list[Masalah]] = {}
        """The parts read (`baca`) so far, or stored (`simpan`)."""
        if self.keadaan is not None:
            self._muat(self.keadaan)

    @property
    def blob(self) -> dict[str, str]:
        """The blob id of every file under data/ as the state's digest read it."""
        return {} if self.keadaan is None else self.keadaan.blob

    def _muat(self, kini: Keadaan) -> None:
        mentah = baca_entri(folder_cache(self.root), self.NAMA)
        if mentah is None:
            return
        try:
            # the keys first: the entry of a state that differs in what every year shares
            # (or damaged) is not unpacked further
            isi = msgpack.Unpacker(raw=False)
            isi.feed(mentah)
            if isi.read_array_header() != 6:
                return
            kunci, umum = isi.unpack(), isi.unpack()
            if kunci != kini.kunci and umum != kini.umum:
                return
            tahun, berlaku, bukti, bagian = isi.unpack(), isi.unpack(), isi.unpack(), isi.unpack()
            if not (_masih_berlaku(berlaku) and isinstance(bagian, dict)):
                return
            if kunci == kini.kunci:
                if any(_keadaan_bukti(self.root, b) != k for b, k, _ in bukti):
                    return
                self._bagian, self._bukti = bagian, bukti
            else:
                self.sebagian = _sebagian(self.root, kini, tahun, bukti, bagian)
        except (ValueError, TypeError, msgpack.UnpackException):
            return

    def baca(self, *nama: str) -> list[Masalah] | None:
        """Return the problems of these parts for this exact state, None unless all are known."""
        if not all(n in self._bagian for n in nama):
            return None
        try:
            for n in nama:
                if n not in self._dibuka:
                    self._dibuka[n] = _buka_masalah(self._bagian[n])
        except (ValueError, TypeError):
            return None
        return [m for n in nama for m in self._dibuka[n]]

    def _muat_teks(self) -> dict[str, Any]:
        """Return the texts stored for this exact state (kept apart from the outcome, which
        is not written again when a text is added)."""
        if self._teks is None:
            self._teks = {}
            mentah = baca_entri(folder_cache(self.root), self.NAMA_TEKS)
            try:
                kunci, berlaku, isi = msgpack.unpackb(mentah or b"\x90", raw=False)
                if kunci == self.kunci is not None and _masih_berlaku(berlaku):
                    self._teks = dict(isi)
            except (ValueError, TypeError, msgpack.UnpackException):
                pass
        return self._teks

    def baca_teks(self, nama: str) -> str | None:
        """Return a text made from this exact state (`simpan`'s `teks`), None when unknown
        (or when this state's outcome is not known)."""
        teks = self._muat_teks().get(nama) if self._bagian else None
        return teks if isinstance(teks, str) else None

    def simpan(
        self,
        ds: Dataset,
        bagian: dict[str, list[Masalah]],
        teks: dict[str, str] | None = None,
        sebagian: Sebagian | None = None,
    ) -> None:
        """Record parts of the outcome of checking `ds`, and texts made from it (e.g. what
        `capkin compute` prints), unless an input changed meanwhile.

        After a check of only some years (`sebagian`), the bukti of the others are those
        read with the earlier outcome; `ds` is not looked at for them.
        """
        if self.keadaan is None:
            return
        kini = keadaan(self.root, "hasil", ds.blob)
        if kini is None or kini.kunci != self.kunci:
            return
        folder = folder_cache(self.root)
        if teks:
            isi_teks = {**self._muat_teks(), **teks}
            self._teks = isi_teks
            tulis_entri(folder, self.NAMA_TEKS, msgpack.packb([self.kunci, _berlaku(ds), isi_teks]))
        if not bagian:
            return
        self._bagian.update({n: _kemas_masalah(m) for n, m in bagian.items()})
        self._dibuka.update({n: list(m) for n, m in bagian.items()})
        bukti = self._bukti
        if bukti is None:  # this state's bukti, unless read with its outcome
            tahun = sorted(self.keadaan.tahun) if sebagian is None else sorted(sebagian.kotor)
            baru = [[b, _keadaan_bukti(self.root, b), t] for b, t in set(_jalur_bukti(ds, tahun))]
            bukti = sorted([*(sebagian.bukti if sebagian else []), *baru])
            self._bukti = bukti
        isi = msgpack.packb(
            [
                self.kunci,
                self.keadaan.umum,
                {str(t): d for t, d in self.keadaan.tahun.items()},
                _berlaku(ds),
                bukti,
                self._bagian,
            ],
            use_bin_type=True,
        )
        tulis_entri(folder, self.NAMA, isi)
        _hapus_versi_lama(folder, self.NAMA)


def _hapus_versi_lama(folder: Path, nama: str) -> None:
    """Remove the entries an earlier capkin wrote in another format under the same name."""
    awalan = nama.split("-v", 1)[0]
    for lama in folder.glob(f"{awalan}-v*.msgpack"):
        if lama.name != nama:
            lama.unlink(missing_ok=True)


def _sebagian(
    root: Path, kini: Keadaan, tahun: Any, bukti: Any, bagian: dict[str, Any]
) -> Sebagian | None:
    """Return what the stored outcome of another state gives this one (same `umum`).

    The years to check again are those whose folder changed, is new, or holds a bukti
    whose path the check would now see otherwise.
    """
    if not isinstance(tahun, dict) or "dasar" not in bagian:
        return None
    kotor = {t for t, d in kini.tahun.items() if tahun.get(str(t)) != d}
    for b, k, t in bukti:
        if t not in kotor and _keadaan_bukti(root, b) != k:
            kotor.add(t)
    masalah = [
        m
        for m in _buka_masalah(bagian["dasar"])
        if (t := tahun_masalah(m)) is None or (t in kini.tahun and t not in kotor)
    ]
    tetap = [[b, k, t] for b, k, t in bukti if t not in kotor]
    return Sebagian(masalah, frozenset(kotor), tetap)


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


def integritas_tersimpan(
    ds: Dataset,
    periksa: Callable[[Dataset], list[Masalah]],
    dikenal: Mapping[str, str] | None = None,
) -> list[Masalah]:
    """Return `periksa(ds)` (the history checks), from the cache when nothing it reads changed.

    Realisasi files the checks looked a problem up in are recorded with their blob ids and
    must be unchanged for the outcome to be reused. `dikenal` gives the blob ids of data
    files `ds` has not read (`CacheHasil.blob`).
    """
    dikenal = dikenal or {}
    kunci = kunci_integritas(ds, dikenal)
    folder = folder_cache(ds.root)
    mentah = baca_entri(folder, NAMA_INTEGRITAS) if kunci is not None else None
    if mentah is not None:
        blob = blob_data(ds, dikenal)
        try:
            ada, berlaku, dibaca, masalah = msgpack.unpackb(mentah, raw=False)
            if (
                ada == kunci
                and _masih_berlaku(berlaku)
                and all(blob.get(b) == id_ for b, id_ in dibaca)
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
    if kunci is not None and kunci_integritas(ds, dikenal) == kunci:
        blob = blob_data(ds, dikenal)
        isi = msgpack.packb(
            [
                kunci,
                _berlaku(ds),
                [[b, blob.get(b)] for b in sorted(tercatat.dibaca)],
                _kemas_masalah(hasil),
            ],
            use_bin_type=True,
        )
        tulis_entri(folder, NAMA_INTEGRITAS, isi)
        _hapus_versi_lama(folder, NAMA_INTEGRITAS)
    return hasil
