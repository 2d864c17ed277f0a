"""The LKjIP's narrative parts: a small, safe subset of Markdown read into blocks.

Narratives are written by people in `data/<tahun>/lkjip/{ikhtisar,pendahuluan,penutup}.md`.
Only headings (#), paragraphs, lists (-, *, 1.), **bold**, *italic* and `code` are
understood; links keep their text and address as text. Raw HTML is never interpreted: it
stays text, escaped on the page and literal in Word, so a narrative cannot run a script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from capkin.errors import Masalah, peringatan
from capkin.layout import NARASI_LKJIP, berkas_narasi
from capkin.lkjip.blocks import Blok, Daftar, Judul, Paragraf, Run, teks
from capkin.yamlio import KARAKTER_KENDALI

JUDUL_NARASI = {
    "ikhtisar": "Ikhtisar Eksekutif",
    "pendahuluan": "Pendahuluan",
    "penutup": "Penutup",
}
assert set(JUDUL_NARASI) == set(NARASI_LKJIP)

BATAS_UKURAN = 200_000
"""Largest narrative read, in bytes: far beyond a report chapter."""

_JUDUL = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BUTIR = re.compile(r"^\s*(?:([-*+])|(\d{1,3})[.)])\s+(.*)$")
_INLINE = re.compile(
    r"\*\*(?P<tebal>.+?)\*\*|__(?P<tebal2>.+?)__|`(?P<kode>[^`]+)`"
    r"|\*(?P<miring>[^*\s][^*]*?)\*|(?<!\w)_(?P<miring2>[^_\s][^_]*?)_(?!\w)"
    r"|\[(?P<tautan>[^\]]+)\]\((?P<alamat>[^)\s]+)\)"
)


def baris_inline(isi: str) -> tuple[Run, ...]:
    """Split a line of Markdown into runs of plain, bold, italic and code text."""
    hasil: list[Run] = []
    awal = 0
    for m in _INLINE.finditer(isi):
        if m.start() > awal:
            hasil.append(Run(isi[awal : m.start()]))
        if m.group("tebal") or m.group("tebal2"):
            hasil.append(Run(m.group("tebal") or m.group("tebal2"), tebal=True))
        elif m.group("kode"):
            hasil.append(Run(m.group("kode"), kode=True))
        elif m.group("miring") or m.group("miring2"):
            hasil.append(Run(m.group("miring") or m.group("miring2"), miring=True))
        else:
            hasil.append(Run(f"{m.group('tautan')} ({m.group('alamat')})"))
        awal = m.end()
    if awal < len(isi):
        hasil.append(Run(isi[awal:]))
    return tuple(hasil)


def urai_markdown(isi: str, level_dasar: int = 2) -> list[Blok]:
    """Read Markdown text into blocks; its `#` headings sit below `level_dasar`."""
    blok: list[Blok] = []
    paragraf: list[str] = []
    butir: list[str] = []
    bernomor = False

    def tutup() -> None:
        nonlocal paragraf, butir
        if paragraf:
            blok.append(Paragraf(baris_inline(" ".join(paragraf))))
            paragraf = []
        if butir:
            blok.append(Daftar(tuple(baris_inline(b) for b in butir), bernomor))
            butir = []

    for baris in isi.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        bersih = baris.strip()
        if not bersih:
            tutup()
            continue
        if m := _JUDUL.match(bersih):
            tutup()
            level = min(6, level_dasar + len(m.group(1)))
            blok.append(Judul(level, m.group(2)))
            continue
        if m := _BUTIR.match(baris):
            if paragraf:
                tutup()
            if not butir:
                bernomor = m.group(2) is not None
            butir.append(m.group(3).strip())
            continue
        if butir and baris.startswith((" ", "\t")):
            butir[-1] += " " + bersih  # a wrapped list item
            continue
        if butir:
            tutup()
        paragraf.append(bersih)
    tutup()
    return blok


@dataclass(frozen=True)
class Narasi:
    """One narrative part: its blocks, or a marked placeholder when the file is missing."""

    nama: str
    berkas: str
    blok: tuple[Blok, ...]


def baca_narasi(root: Path, tahun: int, nama: str) -> tuple[Narasi, list[Masalah]]:
    """Read one narrative file; a missing or unreadable one is a warning and a placeholder."""
    berkas = berkas_narasi(tahun, nama)
    path = root / berkas
    alasan = None
    isi = ""
    tempat = (1, 1)
    """Where the fix goes: the first line (the text to write), or the byte that is not UTF-8."""
    if path.is_symlink() or (path.exists() and not path.resolve().is_relative_to(root.resolve())):
        alasan = "berkas ini tautan simbolik dan tidak dibaca; simpan teksnya sebagai berkas biasa"
    elif not path.is_file():
        alasan = (
            f"bagian {JUDUL_NARASI[nama]} LKjIP {tahun} belum ditulis; buat berkas {berkas} "
            "(Markdown) berisi narasinya"
        )
    elif path.stat().st_size > BATAS_UKURAN:
        alasan = f"berkas lebih dari {BATAS_UKURAN // 1000} kB dan tidak dibaca; perpendek teksnya"
    else:
        data = path.read_bytes()
        try:
            isi = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            awal = data[: exc.start]
            tempat = (awal.count(b"\n") + 1, exc.start - (awal.rfind(b"\n") + 1) + 1)
            alasan = "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8"
        else:
            # the rule for data files: a NUL or an escape garbles the DOCX (lxml refuses it)
            if cocok := KARAKTER_KENDALI.search(isi):
                awal_teks = isi[: cocok.start()]
                tempat = (
                    awal_teks.count("\n") + 1,
                    cocok.start() - (awal_teks.rfind("\n") + 1) + 1,
                )
                alasan = (
                    f"teks berisi karakter kendali tak terlihat (U+{ord(cocok.group()):04X}) dan "
                    "tidak dibaca; hapus karakter itu, biasanya terbawa saat menyalin dari "
                    "aplikasi lain"
                )
                isi = ""
    blok = urai_markdown(isi) if alasan is None else []
    if alasan is not None or not blok:
        pesan = alasan or f"berkas {berkas} kosong; tulis narasi {JUDUL_NARASI[nama]} di dalamnya"
        pengganti = teks(
            f"[Bagian ini belum ditulis: isi berkas {berkas} dengan narasi {JUDUL_NARASI[nama]}.]",
            kelas="pengganti",
        )
        return Narasi(nama, berkas, (pengganti,)), [
            peringatan(berkas, *tempat, "narasi-lkjip-belum-ada", pesan)
        ]
    return Narasi(nama, berkas, tuple(blok)), []
