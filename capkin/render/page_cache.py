"""Rendered pages kept between builds, each under the digest of everything its render read.

A regency site has ~2,500 pages and one changed realisasi changes a handful of them. A page's
Markdown (and the pre-rendered HTML kept aside, `Sisipan`) is a function of:

- the code and templates that render it (capkin's own files, the repository's
  `site_templates/`, the versions of the libraries that format values and draw charts);
- what every page gets (`Global`: the office, the SOP, the repository URL, which periods
  have a PDF, the time zone);
- the page's own place, template, title and context (`Halaman`);
- the parts of the site data `s` its templates read.

The last one is found by rendering: templates get `s` through `SitusTerpantau`, which
notes every attribute read. A page rendered again with the same code, the same context and
the same values of the attributes it read last time reads the same things and writes the
same text (rendering is deterministic), so its kept text is used. The attributes whose value
is small are part of the key (`tanggal`, `verifikasi`...); a page that read a large one (the
whole dataset, every result, the history) is always rendered again.

Digests come from pickling (`sidik`) with the few values whose pickle is not a function of
their content taken apart: a pydantic model (its set of fields set has no stable order) and a
register entry (which keeps its changes as text until read, and is shared by many pages: its
digest is computed once per build).

Entries live in capkin's cache folder (`<git-common-dir>/capkin/halaman/`), one per page,
digest-checked by `capkin.cachedir`; an entry that cannot be read is a page to render.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import operator
import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import msgpack
from pydantic import BaseModel

from capkin.achievement import HasilPeriode
from capkin.cachedir import baca_entri, tulis_entri
from capkin.history import EntriRiwayat
from capkin.render.capaian_pages import KonteksIndikator

VERSI = b"capkin-halaman-1"

DIBACA_MURAH = frozenset({"instansi", "sop", "tanggal", "repo_url", "verifikasi"})
"""Attributes of the site data whose value is small enough to be part of a page's key."""

_LEWAT_INSTANSI = frozenset({"nama_unit", "nama_pejabat", "nama_jabatan"})
"""Methods of the site data that read only the office (`instansi`)."""

_PAKET = ("jinja2", "markupsafe", "babel", "pygal", "pydantic")
"""Libraries whose version can change how a page's values are written."""


_BERSAMA = (HasilPeriode, KonteksIndikator)
"""Values shared by many pages (a period's results, an indicator's page on the index):
digested once per build."""


_MODEL, _ENTRI, _BERSAMA_DC, _DATACLASS, _LAIN = range(5)
"""How a value of a type is pickled for a digest (`_cara`)."""

_CARA: dict[type, tuple[int, Callable[[Any], Any] | None]] = {}


def _cara(tipe: type) -> tuple[int, Callable[[Any], Any] | None]:
    """Return how a value of `tipe` is pickled, and for a dataclass a getter of its fields in
    their order (as a tuple); made once per type."""
    if tipe not in _CARA:
        ambil: Callable[[Any], Any] | None = None
        if dataclasses.is_dataclass(tipe):
            medan = tuple(f.name for f in dataclasses.fields(tipe))
            if len(medan) == 1:
                satu = medan[0]
                ambil = lambda obj: (getattr(obj, satu),)  # noqa: E731
            else:
                ambil = operator.attrgetter(*medan) if medan else lambda obj: ()
        if issubclass(tipe, BaseModel):
            cara = _MODEL
        elif issubclass(tipe, EntriRiwayat):
            cara = _ENTRI
        elif tipe in _BERSAMA:
            cara = _BERSAMA_DC
        else:
            cara = _DATACLASS if ambil is not None else _LAIN
        _CARA[tipe] = (cara, ambil)
    return _CARA[tipe]


class _Pickler(pickle.Pickler):
    """A pickler whose output is a function of its object's content (see the module's doc)."""

    def __init__(self, berkas: io.BytesIO, ingat: dict[int, tuple[object, bytes]]) -> None:
        super().__init__(berkas, protocol=5)
        self._ingat = ingat
        self._akar: object = None

    def reducer_override(self, obj: Any) -> Any:
        tipe = type(obj)
        cara, ambil = _CARA.get(tipe) or _cara(tipe)
        if cara == _LAIN:
            return NotImplemented
        if cara == _MODEL:
            return (tipe, (tuple(obj.__dict__.items()), tuple(sorted(obj.model_fields_set))))
        if cara == _ENTRI:
            return (EntriRiwayat, (_sidik_entri(obj, self._ingat),))
        if cara == _BERSAMA_DC and obj is not self._akar:
            return (tipe, (_sekali(obj, self._ingat),))
        if ambil is None:
            return NotImplemented
        # a dataclass: its fields in their order, whatever its __dict__'s
        return (tipe, ambil(obj))

    def dump(self, obj: Any) -> None:
        self._akar = obj
        super().dump(obj)


def _sidik_entri(e: EntriRiwayat, ingat: dict[int, tuple[object, bytes]]) -> bytes:
    """Return the digest of a register entry, once per entry and build."""
    simpanan = ingat.get(id(e))
    if simpanan is not None and simpanan[0] is e:
        return simpanan[1]
    d = e.__dict__
    h = hashlib.sha256()
    kepala = {
        k: v for k, v in d.items() if k not in ("perubahan", "_teks_keluaran", "_teks_rincian")
    }
    h.update(_dump(kepala, ingat))
    if "perubahan" in d:
        # an entry shown in the office's time zone is a copy sharing the changes of the entry
        # read from the register: their digest is computed once too
        h.update(b"\0p")
        h.update(_sekali(d["perubahan"], ingat))
    else:  # changes still as text: the text is their content
        for nama in ("_teks_keluaran", "_teks_rincian"):
            teks = str(d.get(nama, "")).encode("utf-8", "surrogatepass")
            h.update(f"\0{nama}\0{len(teks)}\0".encode())
            h.update(teks)
    hasil = h.digest()
    ingat[id(e)] = (e, hasil)  # the entry is kept with its digest: its id is not reused
    return hasil


def _sekali(obj: object, ingat: dict[int, tuple[object, bytes]]) -> bytes:
    """Return the digest of a value shared by many pages, once per value and build."""
    simpanan = ingat.get(id(obj))
    if simpanan is not None and simpanan[0] is obj:
        return simpanan[1]
    hasil = hashlib.sha256(_dump(obj, ingat)).digest()
    ingat[id(obj)] = (obj, hasil)  # the value is kept with its digest: its id is not reused
    return hasil


def _dump(obj: Any, ingat: dict[int, tuple[object, bytes]]) -> bytes:
    berkas = io.BytesIO()
    _Pickler(berkas, ingat).dump(obj)
    return berkas.getvalue()


class Sidik:
    """Digests of values for one build (register entries shared by pages are digested once)."""

    def __init__(self) -> None:
        self._ingat: dict[int, tuple[object, bytes]] = {}

    def __call__(self, *nilai: Any) -> str | None:
        """Return the digest of the values, None when one cannot be pickled (no key then)."""
        try:
            return hashlib.sha256(_dump(nilai, self._ingat)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None


class SitusTerpantau:
    """The site data as templates see it: every attribute read is noted in `dibaca`."""

    __slots__ = ("_s", "dibaca")

    def __init__(self, s: object) -> None:
        self._s = s
        self.dibaca: set[str] = set()

    def __getattr__(self, nama: str) -> Any:
        self.dibaca.add("instansi" if nama in _LEWAT_INSTANSI else nama)
        return getattr(self._s, nama)


def sidik_kode(folder_templat: Iterable[Path]) -> str:
    """Return the digest of the code that renders pages: capkin's own files, the template
    folders' files and the versions of the libraries that write values."""
    h = hashlib.sha256(VERSI)
    paket = Path(str(resources.files("capkin")))
    for folder in (paket, *folder_templat):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            if "__pycache__" in path.parts:
                continue
            isi = path.read_bytes()
            h.update(f"{path.relative_to(folder).as_posix()}\0{len(isi)}\0".encode())
            h.update(isi)
    for nama in _PAKET:
        try:
            h.update(f"{nama}={metadata.version(nama)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{nama}=-\0".encode())
    return h.hexdigest()


@dataclass
class Entri:
    """A kept page: the key it was rendered under, what its render read, its text and HTML."""

    kunci: str
    dibaca: tuple[str, ...]
    teks: str
    sisipan: dict[str, str] = field(default_factory=dict)


def _nama(jalur: str) -> str:
    return hashlib.sha256(jalur.encode("utf-8", "surrogatepass")).hexdigest()[:40]


class CacheHalaman:
    """The kept pages of a site, one entry per page path, in `folder`."""

    def __init__(self, folder: Path, dasar: str, s: object, sidik: Sidik) -> None:
        """`dasar` is the digest of the code and of what every page gets."""
        self.folder = folder
        self.dasar = dasar
        self._s = s
        self.sidik = sidik
        self._atribut: dict[str, str | None] = {}

    def _sidik_atribut(self, nama: str) -> str | None:
        if nama not in self._atribut:
            self._atribut[nama] = (
                self.sidik(nama, getattr(self._s, nama)) if nama in DIBACA_MURAH else None
            )
        return self._atribut[nama]

    def kunci(self, sidik_halaman: str, dibaca: Iterable[str]) -> str | None:
        """Return a page's key from its own digest and the attributes its render read; None
        when it read one too large to be part of a key."""
        h = hashlib.sha256(f"{self.dasar}\0{sidik_halaman}".encode())
        for nama in sorted(dibaca):
            nilai = self._sidik_atribut(nama)
            if nilai is None:
                return None
            h.update(f"\0{nama}\0{nilai}".encode())
        return h.hexdigest()

    def ambil(self, jalur: str, sidik_halaman: str) -> Entri | None:
        """Return the kept page when its key is still the same."""
        isi = baca_entri(self.folder, _nama(jalur))
        if isi is None:
            return None
        try:
            data = msgpack.unpackb(isi)
            entri = Entri(
                str(data["kunci"]),
                tuple(str(x) for x in data["dibaca"]),
                str(data["teks"]),
                {str(k): str(v) for k, v in data["sisipan"].items()},
            )
        except (ValueError, KeyError, TypeError, msgpack.UnpackException):
            return None
        if self.kunci(sidik_halaman, entri.dibaca) != entri.kunci:
            return None
        return entri

    def simpan(
        self,
        jalur: str,
        sidik_halaman: str,
        dibaca: Iterable[str],
        teks: str,
        sisipan: Mapping[str, str],
    ) -> None:
        """Keep a page just rendered (not when it read a value too large for its key)."""
        dibaca = tuple(sorted(set(dibaca)))
        kunci = self.kunci(sidik_halaman, dibaca)
        if kunci is None:
            (self.folder / _nama(jalur)).unlink(missing_ok=True)
            return
        data = {"kunci": kunci, "dibaca": list(dibaca), "teks": teks, "sisipan": dict(sisipan)}
        tulis_entri(self.folder, _nama(jalur), msgpack.packb(data))

    def sisakan(self, jalur: Iterable[str]) -> None:
        """Remove the entries of pages the site no longer has."""
        tetap = {_nama(j) for j in jalur}
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in tetap:
                path.unlink(missing_ok=True)
