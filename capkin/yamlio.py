"""Strict YAML reading with positions.

Reading uses PyYAML's C composer for speed, then builds values from the node tree
itself so that YAML 1.2 scalar rules apply (`yaml_scalars`, as in editors), duplicate keys,
anchors, aliases and unknown tags are refused, and every value keeps its line and column.
A file's next version is read against the one before in `yaml_versions`; writing goes
through `yaml_writer`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from capkin.errors import DataError, galat, ribuan
from capkin.yaml_scalars import ANGKA_RAGU, presisi_hilang, resolve_plain

_TAG = "tag:yaml.org,2002:"


class _TagPolos(yaml.resolver.BaseResolver):
    """Resolver that gives untagged nodes their plain kind only.

    Scalars are given their YAML 1.2 meaning later by `resolve_plain`; skipping PyYAML's
    YAML 1.1 implicit resolvers saves a third of the reading time on large trees.
    """

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        if kind is yaml.ScalarNode:
            return _TAG + "str"
        if kind is yaml.SequenceNode:
            return _TAG + "seq"
        return _TAG + "map"


try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.loader import Loader as _Parser  # type: ignore[assignment]


class _Loader(_Parser, yaml.constructor.BaseConstructor, _TagPolos):
    """Composer only: libyaml's parser with the plain resolver; constructs nothing."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.BaseConstructor.__init__(self)
        _TagPolos.__init__(self)


UKURAN_MAKS = 5 * 1024 * 1024
"""Largest data file accepted, in bytes."""

KEDALAMAN_MAKS = 50
"""Deepest nesting accepted; the data format needs fewer than ten levels."""

Jalur = tuple[str | int, ...]
"""Path of a value inside a document: mapping keys and sequence indexes."""

_TAG_DIIZINKAN = {
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass
class Dokumen:
    """A parsed YAML file: its plain data and where each value stands."""

    berkas: str
    data: Any
    posisi: dict[Jalur, tuple[int, int]] = field(default_factory=dict)
    posisi_kunci: dict[Jalur, tuple[int, int]] = field(default_factory=dict)
    angka_ragu: dict[Jalur, str] = field(default_factory=dict)
    """Numbers written like `1.250`: read as 1.25, but a thousands separator to many readers."""

    def lokasi(self, jalur: Jalur, kunci: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of a value, or of its nearest known parent."""
        jalur = tuple(jalur)
        if kunci and jalur in self.posisi_kunci:
            return self.posisi_kunci[jalur]
        while jalur:
            if jalur in self.posisi:
                return self.posisi[jalur]
            jalur = jalur[:-1]
        return self.posisi.get((), (1, 1))

    def lepas(self) -> None:
        """Drop what can be read again when next needed (nothing here: see
        `filecache.DokumenTunda`)."""

    def nilai(self, jalur: Jalur) -> Any:
        """Return the value at a path, or None when the path does not exist."""
        cur = self.data
        for bagian in jalur:
            try:
                cur = cur[bagian]
            except (KeyError, IndexError, TypeError):
                return None
        return cur


KARAKTER_KENDALI = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""Invisible control characters: refused in data (they garble terminals and spreadsheets)."""


def _cari_jangkar(teks: str) -> tuple[int, int] | None:
    """Return the position of the first anchor or alias in a document, if any."""
    loader = _Loader(teks)
    try:
        while loader.check_event():
            event = loader.get_event()
            if event is not None and getattr(event, "anchor", None) is not None:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark else (0, 0)
    finally:
        loader.dispose()
    return None


def _susun(teks: str) -> list[yaml.Node]:
    """Compose every document of a text into node trees (nothing is constructed)."""
    loader = _Loader(teks)
    try:
        nodes: list[yaml.Node] = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
        return nodes
    finally:
        loader.dispose()


class _Pembangun:
    """Builds plain values from a composed node tree, recording positions."""

    def __init__(
        self,
        berkas: str,
        periksa_kendali: bool = True,
        skalar: dict[tuple[int, int], Jalur] | None = None,
    ) -> None:
        self.berkas = berkas
        self.periksa_kendali = periksa_kendali
        self.posisi: dict[Jalur, tuple[int, int]] = {}
        self.posisi_kunci: dict[Jalur, tuple[int, int]] = {}
        self.dilihat: set[int] = set()
        self.angka_ragu: dict[Jalur, str] = {}
        self.skalar = skalar
        """When given: plain scalars on one line outside flow collections, by 0-based (line,
        column) of their start (what `baca_versi` patches)."""
        self.dalam_flow = 0

    def gagal(self, node: yaml.Node, kode: str, pesan: str) -> DataError:
        mark = node.start_mark
        return DataError([galat(self.berkas, mark.line + 1, mark.column + 1, kode, pesan)])

    def bangun(self, node: yaml.Node, jalur: Jalur) -> Any:
        if len(jalur) > KEDALAMAN_MAKS:
            raise self.gagal(
                node,
                "yaml-terlalu-dalam",
                f"data bersarang lebih dari {KEDALAMAN_MAKS} tingkat; format capkin tidak "
                "memerlukan sedalam ini, periksa tanda kurung dan indentasi",
            )
        if id(node) in self.dilihat:
            raise self.gagal(
                node,
                "yaml-alias",
                "alias YAML (*nama) tidak diizinkan; tulis nilainya secara lengkap di sini",
            )
        self.dilihat.add(id(node))
        if node.tag not in _TAG_DIIZINKAN:
            raise self.gagal(
                node,
                "yaml-tag",
                f"tag YAML {node.tag!r} tidak diizinkan; hapus tag itu dan tulis nilai biasa",
            )
        self.posisi[jalur] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            # escapes in double quotes ("\x1b") make control characters the raw text lacks
            cari = self.periksa_kendali or node.style == '"'
            if cari and (cocok := KARAKTER_KENDALI.search(node.value)):
                raise self.gagal(
                    node,
                    "karakter-kendali",
                    f"teks berisi karakter kendali tak terlihat (U+{ord(cocok.group()):04X}); "
                    "hapus karakter itu, biasanya terbawa saat menyalin dari aplikasi lain",
                )
            if not node.style:  # plain: None from PyYAML, '' from libyaml
                mulai = node.start_mark
                if (
                    self.skalar is not None
                    and node.value  # an empty value takes the place of the token after it
                    and not self.dalam_flow
                    and mulai.line == node.end_mark.line
                ):
                    self.skalar[(mulai.line, mulai.column)] = jalur
                nilai = resolve_plain(node.value)
                if isinstance(nilai, float) and presisi_hilang(node.value, nilai):
                    raise self.gagal(
                        node,
                        "angka-tidak-tepat",
                        f"angka {node.value} tidak dapat dihitung persis seperti ditulis "
                        f"(terbaca sebagai {nilai!r}): terlalu banyak angka penting atau "
                        "terlalu dekat ke nol; tulis paling banyak 15 angka penting, mis. "
                        "85.8 atau 1250000",
                    )
                if isinstance(nilai, float) and ANGKA_RAGU.fullmatch(node.value):
                    self.angka_ragu[jalur] = node.value
                return nilai
            return node.value
        if self.skalar is not None and isinstance(node, yaml.CollectionNode) and node.flow_style:
            self.dalam_flow += 1
            try:
                return self._koleksi(node, jalur)
            finally:
                self.dalam_flow -= 1
        return self._koleksi(node, jalur)

    def _koleksi(self, node: yaml.Node, jalur: Jalur) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.bangun(anak, (*jalur, i)) for i, anak in enumerate(node.value)]
        hasil: dict[Any, Any] = {}
        for node_kunci, node_nilai in node.value:
            if not isinstance(node_kunci, yaml.ScalarNode):
                raise self.gagal(
                    node_kunci,
                    "yaml-kunci",
                    "kunci harus berupa teks biasa, bukan daftar atau pemetaan",
                )
            kunci = node_kunci.value if node_kunci.style else resolve_plain(node_kunci.value)
            if not isinstance(kunci, str):  # 1:, ~:, true: are a number, null, a boolean
                raise self.gagal(
                    node_kunci,
                    "yaml-kunci",
                    f"kunci harus berupa teks, ditemukan {node_kunci.value or '(kosong)'}; "
                    "tulis nama kunci yang dikenal, atau beri tanda kutip bila memang teks",
                )
            if kunci in hasil:
                baris = self.posisi_kunci[(*jalur, kunci)][0]
                raise self.gagal(
                    node_kunci,
                    "kunci-ganda",
                    f"kunci {kunci!r} ditulis dua kali (pertama di baris {baris}); hapus salah satunya",
                )
            self.posisi_kunci[(*jalur, kunci)] = (
                node_kunci.start_mark.line + 1,
                node_kunci.start_mark.column + 1,
            )
            hasil[kunci] = self.bangun(node_nilai, (*jalur, kunci))
        return hasil


_MASALAH_YAML: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "tanda titik dua (:) tidak boleh berada di sini"),
    ("did not find expected key", "tidak menemukan kunci yang diharapkan"),
    ("did not find expected node content", "tidak menemukan isi yang diharapkan"),
    ("did not find expected '-' indicator", "tidak menemukan tanda '-' yang diharapkan"),
    ("could not find expected ':'", "tidak menemukan tanda titik dua (:) yang diharapkan"),
    ("did not find expected ',' or ']'", "tidak menemukan ',' atau ']' yang diharapkan"),
    ("did not find expected ',' or '}'", "tidak menemukan ',' atau '}' yang diharapkan"),
    ("found unexpected end of stream", "berkas berakhir sebelum tanda kutip atau kurung ditutup"),
    ("found unexpected ':'", "ada tanda titik dua (:) yang tidak diharapkan"),
    ("tab character", "ada karakter tab; gunakan spasi untuk indentasi"),
    (
        "found character that cannot start any token",
        "ada karakter yang tidak boleh mengawali nilai (mis. tab, @ atau `); beri tanda kutip",
    ),
    ("escape", "urutan escape (\\...) di dalam tanda kutip ganda tidak dikenal"),
    ("exceeded maximum nesting depth", "data bersarang terlalu dalam"),
    ("block sequence entries are not allowed", "tanda '-' daftar tidak boleh berada di sini"),
    ("found unexpected document", "ada tanda awal dokumen (---) yang tidak diharapkan"),
    ("control characters are not allowed", "ada karakter kendali tak terlihat; hapus karakter itu"),
    ("found incomplete explicit", "kunci eksplisit (?) tidak lengkap"),
)


def _terjemahkan(masalah: str) -> str:
    """Return libyaml's problem text in Bahasa Indonesia."""
    for inggris, indonesia in _MASALAH_YAML:
        if inggris in masalah:
            return indonesia
    return "susunan YAML tidak sah"


def _posisi_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    baris = before.count(b"\n") + 1
    kolom = offset - (before.rfind(b"\n") + 1) + 1
    return baris, kolom


def baca_bytes(data: bytes, berkas: str) -> Dokumen:
    """Parse one YAML document from bytes strictly; raise DataError with its position."""
    return dokumen_dari_teks(teks_berkas(data, berkas), berkas)


def teks_berkas(data: bytes, berkas: str) -> str:
    """Return the text of a file's bytes; DataError when too large, not UTF-8 or binary."""
    if len(data) > UKURAN_MAKS:
        raise DataError(
            [
                galat(
                    berkas,
                    0,
                    0,
                    "berkas-terlalu-besar",
                    f"berkas berukuran {ribuan(len(data))} byte, melebihi batas 5 MB; pecah datanya "
                    "menjadi beberapa berkas atau hapus isi yang tidak perlu",
                )
            ]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        teks = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        baris, kolom = _posisi_byte(data, exc.start)
        raise DataError(
            [
                galat(
                    berkas,
                    baris,
                    kolom,
                    "bukan-utf8",
                    "berkas bukan teks UTF-8 (byte tidak sah); simpan ulang berkas dengan "
                    "pengodean UTF-8 di editor Anda",
                )
            ]
        ) from None
    if (nul := teks.find("\x00")) >= 0:
        awal = teks[:nul]
        baris, kolom = awal.count("\n") + 1, nul - (awal.rfind("\n") + 1) + 1
        pesan = (
            "berkas berisi byte NUL, bukan teks YAML; hapus byte itu atau simpan ulang berkasnya"
        )
        raise DataError([galat(berkas, baris, kolom, "bukan-utf8", pesan)])
    return teks


def dokumen_dari_teks(
    teks: str, berkas: str, skalar: dict[tuple[int, int], Jalur] | None = None
) -> Dokumen:
    """Parse one YAML document from its text (see `baca_bytes`)."""
    try:
        nodes = _susun(teks)
    except yaml.MarkedYAMLError as exc:
        masalah = (exc.problem or "").strip()
        mark = exc.problem_mark or exc.context_mark
        if "end of stream" in masalah and exc.context_mark is not None:
            mark = exc.context_mark  # the quote or bracket left open, not the end of the file
        baris, kolom = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if "found undefined alias" in masalah or "found duplicate anchor" in masalah:
            pesan = "alias YAML (*nama) tidak diizinkan; tulis nilainya secara lengkap di sini"
            raise DataError([galat(berkas, baris, kolom, "yaml-alias", pesan)]) from None
        raise DataError(
            [
                galat(
                    berkas,
                    baris,
                    kolom,
                    "yaml-sintaks",
                    f"YAML tidak dapat dibaca: {_terjemahkan(masalah)}; periksa indentasi, "
                    "tanda titik dua dan tanda kutip di sekitar baris ini",
                )
            ]
        ) from None
    except yaml.YAMLError:
        raise DataError(
            [
                galat(
                    berkas,
                    0,
                    0,
                    "yaml-sintaks",
                    "YAML tidak dapat dibaca; periksa indentasi, tanda titik dua dan tanda kutip",
                )
            ]
        ) from None
    if not nodes:
        raise DataError(
            [
                galat(
                    berkas,
                    1,
                    1,
                    "berkas-kosong",
                    "berkas kosong; isi berkas sesuai format data capkin atau hapus berkas ini",
                )
            ]
        )
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise DataError(
            [
                galat(
                    berkas,
                    mark.line + 1,
                    mark.column + 1,
                    "yaml-banyak-dokumen",
                    "berkas berisi lebih dari satu dokumen YAML (---); satu berkas hanya boleh "
                    "berisi satu dokumen",
                )
            ]
        )
    if "&" in teks or "*" in teks:
        letak = _cari_jangkar(teks)
        if letak is not None:
            raise DataError(
                [
                    galat(
                        berkas,
                        letak[0],
                        letak[1],
                        "yaml-alias",
                        "jangkar dan alias YAML (&nama, *nama) tidak diizinkan; tulis nilainya "
                        "secara lengkap di setiap tempat",
                    )
                ]
            )
    pembangun = _Pembangun(
        berkas, periksa_kendali=KARAKTER_KENDALI.search(teks) is not None, skalar=skalar
    )
    nilai = pembangun.bangun(nodes[0], ())
    return Dokumen(berkas, nilai, pembangun.posisi, pembangun.posisi_kunci, pembangun.angka_ragu)


def baca_berkas(path: Path, berkas: str | None = None) -> Dokumen:
    """Read and parse a YAML file strictly; `berkas` is the name shown in messages."""
    nama = berkas if berkas is not None else path.as_posix()
    try:
        info = path.stat()
    except OSError as exc:
        alasan = f"berkas tidak dapat dibaca ({exc.strerror}); periksa izin berkas"
        raise DataError([galat(nama, 0, 0, "berkas-tidak-terbaca", alasan)]) from None
    if stat.S_ISREG(info.st_mode) and info.st_size > UKURAN_MAKS:
        return baca_bytes(b" " * (UKURAN_MAKS + 1), nama)
    data = baca_biasa(path)
    if data is None:
        alasan = (
            "bukan berkas teks biasa (mis. sebuah folder atau pipa) atau tidak dapat dibaca; "
            "ganti dengan berkas YAML biasa, atau periksa izin berkas"
        )
        raise DataError([galat(nama, 0, 0, "berkas-tidak-terbaca", alasan)])
    return baca_bytes(data, nama)


def baca_biasa(path: str | Path) -> bytes | None:
    """Return the bytes of a regular file of at most `UKURAN_MAKS` bytes, else None.

    The one way capkin reads a file of the work tree it has not vetted: None for anything
    the loader would not read as it stands (a FIFO, whose read would block forever; a
    device; a file too large to hold; an unreadable one), which `baca_berkas` then reports.
    """
    try:
        with open(path, "rb", opener=_buka_tanpa_blok) as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > UKURAN_MAKS:
                return None
            return f.read()
    except OSError:
        return None


def _buka_tanpa_blok(path: str, flags: int) -> int:
    """Open without blocking on a FIFO that has no writer (what `open` would do forever)."""
    return os.open(path, flags | os.O_NONBLOCK)


def telusuri(data: Any, jalur: Jalur = ()) -> Iterator[tuple[Jalur, Any]]:
    """Yield every leaf (path, value) of plain data, in document order."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from telusuri(v, (*jalur, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from telusuri(v, (*jalur, i))
    else:
        yield jalur, data
