"""MkDocs' failures told in Bahasa Indonesia, at the file a person edited.

MkDocs runs in strict mode and speaks English: a broken link in an office's own template or
PANDUAN.md, an unknown key in mkdocs.yml, a theme override that extends a template that does
not exist. Each line of its log that can be traced is turned into a located problem
(`mkdocs-gagal`): the page's link found in the template, PANDUAN.md or data file it came
from, the key found in mkdocs.yml, the theme template's line mapped back from the copy
MkDocs read to `site_templates/tema/` (or the office's own `custom_dir`). MkDocs' own line
follows each problem for experts; Python tracebacks are never shown, only their last line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from capkin.errors import CapkinError, Masalah, galat
from capkin.layout import DATA
from capkin.render.env import FOLDER_TEMPLAT
from capkin.site.mkdocs_config import FOLDER_TEMA

_TAUTAN = re.compile(
    r"Doc file '(?P<hal>[^']*)' contains a link '(?P<url>[^']*)', but (?P<sebab>.*)"
)
_KONFIG = re.compile(r"Config value '(?P<kunci>[^']*)': (?P<pesan>.*)")
_EKSTENSI = re.compile(r"Failed to load extension '(?P<ext>[^']*)'")
_BERKAS_TB = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<baris>\d+)')
_PENGECUALIAN = re.compile(
    r"^(?:[\w.]+\.)?(?P<jenis>\w+(?:Error|Exception|NotFound)): (?P<pesan>.*)$"
)
_TINGKAT = re.compile(r"^(WARNING|ERROR)\s+-\s+")


@dataclass(frozen=True)
class AsalSitus:
    """Where the files MkDocs read came from: the repository, each docs/ page's template
    (by the page's path under docs/) and the generated configuration MkDocs was given."""

    root: Path
    halaman: Mapping[str, str]
    config: Path


class MkdocsGagal(CapkinError):
    """MkDocs failed; carries the problems found in its log."""

    def __init__(self, masalah: list[Masalah], teks: str) -> None:
        self.masalah = masalah
        super().__init__(teks)


def _masalah(berkas: str, baris: int, kolom: int, pesan: str) -> Masalah:
    return galat(berkas, baris, kolom, "mkdocs-gagal", pesan)


def _posisi(teks: str, cari: Iterable[str], awalan: int = 0) -> tuple[int, int] | None:
    """Return the line and column (1-based) of the first of `cari` found in `teks`, past
    the first `awalan` characters of what was found (the `](` before a link's target)."""
    for c in cari:
        i = teks.find(c)
        if c and i >= 0:
            i += min(awalan, len(c) - 1)
            baris = teks.count("\n", 0, i) + 1
            return baris, i - (teks.rfind("\n", 0, i) + 1) + 1
    return None


def _baca(path: Path) -> str | None:
    try:
        return (
            path.read_text(encoding="utf-8") if path.is_file() and not path.is_symlink() else None
        )
    except (OSError, UnicodeDecodeError):
        return None


def _relatif(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _sumber_halaman(asal: AsalSitus, halaman: str) -> Iterator[Path]:
    """The files a person edits that a docs/ page may be written from, likeliest first."""
    templat = asal.halaman.get(halaman)
    if templat == "panduan.md":
        yield asal.root / "PANDUAN.md"
    folder = asal.root / FOLDER_TEMPLAT
    if templat is not None:
        yield folder / templat
    if folder.is_dir():
        yield from sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] != FOLDER_TEMA
        )
    if (asal.root / DATA).is_dir():
        yield from sorted((asal.root / DATA).rglob("*.yml"))


def _tautan(asal: AsalSitus, halaman: str, url: str, sebab: str) -> Masalah:
    cari = [(f"]({url}", 2), (f"]( {url}", 3), (f'"{url}"', 1), (f"'{url}'", 1), (url, 0)]
    saran = (
        "perbaiki tujuannya (jalur berkas .md relatif terhadap halaman itu, mis. "
        "capaian/index.md) atau hapus tautan itu"
    )
    ada_jangkar = "anchor" in sebab
    apa = (
        f"tautan '{url}' di halaman {halaman} menunjuk bagian (#…) yang tidak ada"
        if ada_jangkar
        else f"tautan '{url}' di halaman {halaman} menunjuk halaman yang tidak ada di situs"
    )
    for path in _sumber_halaman(asal, halaman):
        teks = _baca(path)
        letak = next(
            (x for c, n in cari if teks is not None and (x := _posisi(teks, (c,), n))), None
        )
        if letak is not None:
            return _masalah(_relatif(path, asal.root), *letak, f"{apa}; {saran}")
    return _masalah(
        f"docs/{halaman}",
        0,
        0,
        f"{apa}; halaman ini dibuat capkin dari data dan templatnya, laporkan ke pengelola capkin",
    )


def _kunci_mkdocs(asal: AsalSitus, kunci: str, juga: Iterable[str] = ()) -> tuple[str, int, int]:
    """Return mkdocs.yml and the position of a top-level key (or of a word inside it)."""
    teks = _baca(asal.root / "mkdocs.yml") or ""
    m = re.search(rf"(?m)^{re.escape(kunci)}\s*:", teks)
    if m is None:
        return "mkdocs.yml", 0, 0
    awal = m.start()
    blok = re.search(r"(?m)^\S", teks[m.end() :])
    akhir = m.end() + blok.start() if blok else len(teks)
    for kata in juga:
        letak = _posisi(teks[awal:akhir], (kata,))
        if letak is not None:
            baris_awal = teks.count("\n", 0, awal)
            return "mkdocs.yml", baris_awal + letak[0], letak[1]
    letak = _posisi(teks, (m.group(0),)) or (0, 0)
    return "mkdocs.yml", *letak


def _konfig(asal: AsalSitus, kunci: str, pesan: str, akhir: str | None) -> Masalah:
    ext = _EKSTENSI.search(pesan)
    if ext is not None:
        pilihan = _PENGECUALIAN.match(akhir or "")
        salah = (
            pilihan["pesan"].strip("'\"") if pilihan and pilihan["jenis"] == "KeyError" else None
        )
        if salah:
            tempat = _kunci_mkdocs(asal, kunci, (f"{salah}:", salah))
            teks = (
                f"pilihan '{salah}' tidak dikenal oleh ekstensi Markdown '{ext['ext']}'; periksa "
                "ejaannya di dokumentasi ekstensi itu atau hapus pilihan itu"
            )
        else:
            tempat = _kunci_mkdocs(asal, kunci, (ext["ext"],))
            teks = (
                f"ekstensi Markdown '{ext['ext']}' tidak dapat dimuat; periksa namanya dan "
                "pilihannya, atau hapus dari markdown_extensions"
            )
        return _masalah(*tempat, teks)
    if pesan.startswith("Unrecognised configuration name"):
        teks = (
            f"pengaturan '{kunci}' tidak dikenal MkDocs; periksa ejaannya (daftar pengaturan: "
            "https://www.mkdocs.org/user-guide/configuration/) atau hapus baris ini"
        )
        return _masalah(*_kunci_mkdocs(asal, kunci), teks)
    folder = re.search(r"custom_dir \('(?P<path>[^']*)'\) does not exist", pesan)
    if folder is not None:
        teks = (
            f"folder tema custom_dir '{_relatif(Path(folder['path']), asal.root)}' tidak ada; "
            "buat folder itu di repo atau perbaiki jalurnya (relatif terhadap mkdocs.yml)"
        )
        return _masalah(*_kunci_mkdocs(asal, kunci, ("custom_dir",)), teks)
    teks = (
        f"MkDocs menolak nilai pengaturan '{kunci}'; perbaiki nilainya sesuai pesan MkDocs di bawah"
    )
    return _masalah(*_kunci_mkdocs(asal, kunci), teks)


def _folder_tema(asal: AsalSitus) -> Path | None:
    """Return the theme folder the generated configuration gave MkDocs (custom_dir)."""
    try:
        cfg = json.loads(asal.config.read_text(encoding="utf-8").partition("\n")[2])
        return Path(cfg["theme"]["custom_dir"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _tema(asal: AsalSitus, jejak: list[tuple[Path, int]], akhir: str) -> Masalah | None:
    """A theme template failed while MkDocs rendered it: name the office's template (None
    when no frame of the traceback is in the theme folder)."""
    tema = _folder_tema(asal)
    pengecualian = _PENGECUALIAN.match(akhir)
    if tema is None or pengecualian is None:
        return None
    jenis, pesan = pengecualian["jenis"], pengecualian["pesan"]
    # the innermost frame in the theme folder
    bingkai = next(((p, n) for p, n in reversed(jejak) if p.is_relative_to(tema)), None)
    if bingkai is None:
        return None
    path, baris = bingkai
    nama = path.relative_to(tema)
    sendiri = asal.root / FOLDER_TEMPLAT / FOLDER_TEMA / nama
    if tema.resolve() != (asal.config.parent / FOLDER_TEMA).resolve():  # mkdocs.yml's own
        berkas = _relatif(path, asal.root)
    else:
        berkas = _relatif(sendiri, asal.root) if sendiri.is_file() else f"tema/{nama}"
    if jenis == "TemplateNotFound":
        nama_templat = pesan.split(" not found", 1)[0].strip("'\"")
        teks = (
            f"templat '{nama_templat}' tidak ada di tema; periksa nama pada {{% extends %}} atau "
            "{% include %} (templat tema Material, mis. main.html atau base.html)"
        )
    elif jenis in {"TemplateSyntaxError", "TemplateAssertionError"}:
        teks = f"sintaks Jinja salah di templat tema ({pesan}); perbaiki baris ini"
    elif jenis == "UndefinedError":
        teks = f"templat tema memakai nilai yang tidak ada ({pesan}); periksa namanya"
    elif jenis == "SecurityError":
        teks = "templat tema mengakses atribut yang tidak diizinkan; hapus bagian itu"
    else:
        teks = f"templat tema gagal dirender ({jenis}: {pesan}); perbaiki baris ini"
    return _masalah(berkas, baris, 1, teks)


def _umum() -> Masalah:
    return _masalah(
        "mkdocs.yml",
        0,
        0,
        "MkDocs menolak situs; periksa mkdocs.yml, templat di site_templates/ dan PANDUAN.md "
        "menurut pesan MkDocs di bawah",
    )


def baca_log(log: str, asal: AsalSitus | None) -> list[tuple[Masalah, str]]:
    """Return each failure in MkDocs' log, located where it can be, with MkDocs' own line."""
    baris = log.splitlines()
    jejak = [(Path(m["path"]), int(m["baris"])) for b in baris if (m := _BERKAS_TB.match(b))]
    # a traceback's last line: what Python raised (the frames above it are never shown)
    akhir = next((b.strip() for b in reversed(baris) if _PENGECUALIAN.match(b.strip())), None)
    akhir = akhir if jejak else None
    hasil: list[tuple[Masalah, str]] = []
    for b in baris:
        if not _TINGKAT.match(b):
            continue
        isi = _TINGKAT.sub("", b)
        if asal is not None and (m := _TAUTAN.match(isi)):
            hasil.append((_tautan(asal, m["hal"], m["url"], m["sebab"]), b.strip()))
        elif asal is not None and (m := _KONFIG.match(isi)):
            if akhir and _EKSTENSI.search(isi):  # the extension's own words: said here
                hasil.append(
                    (_konfig(asal, m["kunci"], m["pesan"], akhir), f"{b.strip()} ({akhir})")
                )
                akhir = None
            else:
                hasil.append((_konfig(asal, m["kunci"], m["pesan"], None), b.strip()))
        else:
            hasil.append((_umum(), b.strip()))
    if akhir is not None:
        hasil.append(((_tema(asal, jejak, akhir) if asal else None) or _umum(), akhir))
    return hasil or [(_umum(), "(MkDocs tidak menulis sebabnya)")]


def galat_mkdocs(log: str, asal: AsalSitus | None) -> MkdocsGagal:
    """Return the error for a failed `mkdocs build --strict` with its log."""
    hasil = baca_log(log, asal)
    teks = ["MkDocs gagal membangun situs (mode ketat: peringatan dianggap galat):"]
    for m, asli in hasil:
        aman = "".join(c if c.isprintable() else repr(c)[1:-1] for c in asli)
        teks += [str(m), f"    MkDocs: {aman}"]
    teks.append("Perbaiki berkas yang disebut di atas, lalu jalankan lagi.")
    return MkdocsGagal([m for m, _ in hasil], "\n".join(teks))
