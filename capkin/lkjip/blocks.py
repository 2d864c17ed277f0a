"""The LKjIP as a list of plain blocks, drawn the same way into HTML (and PDF) and DOCX."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from capkin.charts import SpekGrafik


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    teks: str
    tebal: bool = False
    miring: bool = False
    kode: bool = False


@dataclass(frozen=True)
class Judul:
    """A heading: level 1 is a Bab, 2 a part of it, 3 a sasaran, 4 one analysis."""

    jenis: ClassVar[str] = "judul"

    level: int
    teks: str
    id: str = ""


@dataclass(frozen=True)
class Paragraf:
    """A paragraph; `kelas` marks special ones ("pengganti": a narrative still to write)."""

    jenis: ClassVar[str] = "paragraf"

    isi: tuple[Run, ...]
    kelas: str = ""

    @property
    def teks(self) -> str:
        """Return the paragraph's plain text."""
        return "".join(r.teks for r in self.isi)


@dataclass(frozen=True)
class Daftar:
    """A bulleted or numbered list of one-paragraph items."""

    jenis: ClassVar[str] = "daftar"

    butir: tuple[tuple[Run, ...], ...]
    bernomor: bool = False


@dataclass(frozen=True)
class Tabel:
    """A table with a caption, a header row and rows of text; `angka` right-aligns columns."""

    jenis: ClassVar[str] = "tabel"

    judul: str
    kepala: tuple[str, ...]
    baris: tuple[tuple[str, ...], ...]
    angka: tuple[bool, ...] = ()

    def rata_kanan(self, kolom: int) -> bool:
        """Return whether a column holds numbers."""
        return kolom < len(self.angka) and self.angka[kolom]


@dataclass(frozen=True)
class Gambar:
    """A chart (HTML and PDF only; the DOCX says where its figures are in a table)."""

    jenis: ClassVar[str] = "gambar"

    spek: SpekGrafik
    tabel: str


@dataclass(frozen=True)
class PisahHalaman:
    """A page break in print and in Word."""

    jenis: ClassVar[str] = "pisah"


Blok = Judul | Paragraf | Daftar | Tabel | Gambar | PisahHalaman


def teks(isi: str, *, kelas: str = "", tebal: bool = False) -> Paragraf:
    """Return a paragraph of plain text."""
    return Paragraf((Run(isi, tebal=tebal),), kelas)
