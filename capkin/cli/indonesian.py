"""Click's own messages (usage, errors, help headings) in Bahasa Indonesia.

Click marks its messages for gettext but ships no Indonesian catalog, and gettext picks a
catalog from environment variables we do not control. Click offers no hook for its own
messages, so while capkin's command group runs (`Grup.main`) this small catalog stands in
for Click's lookups, and Click is restored afterwards: importing capkin changes nothing
for other Click programs in the same process. Unknown messages stay as Click wrote them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TERJEMAHAN: dict[str, str] = {
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Aborted!": "Dibatalkan.",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} memerlukan {nargs} nilai.",
    "Choose from:\n\t{choices}": "Pilih salah satu:\n\t{choices}",
    "Commands": "Perintah",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "Error: {message}": "Galat: {message}",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Missing argument": "Argumen belum diisi",
    "Missing command.": "Perintah belum diberikan.",
    "Missing option": "Opsi wajib belum diisi",
    "Missing parameter": "Parameter belum diisi",
    "Missing parameter: {param_name}": "Parameter belum diisi: {param_name}",
    "Missing {param_type}": "{param_type} belum diisi",
    "No such command {name!r}.": "Tidak ada perintah {name!r}.",
    "No such option {name!r}.": "Tidak ada opsi {name!r}.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Options": "Opsi",
    "Positional arguments": "Argumen",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Usage:": "Pemakaian:",
    "default: {default}": "bawaan: {default}",
    "directory": "folder",
    "file": "berkas",
    "path": "jalur",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} tidak berada dalam rentang {range}.",
    "required": "wajib",
    "integer": "bilangan bulat",
    "float": "angka",
}

TERJEMAHAN_JAMAK: dict[tuple[str, str], str] = {
    (
        "Got unexpected extra argument ({args})",
        "Got unexpected extra arguments ({args})",
    ): "Argumen tambahan tidak dikenal ({args})",
    (
        "Did you mean {possibility}?",
        "(Did you mean one of: {possibilities}?)",
    ): "Mungkin maksud Anda {possibility}?",
    (
        "Option {name!r} requires an argument.",
        "Option {name!r} requires {nargs} arguments.",
    ): "Opsi {name!r} memerlukan {nargs} nilai.",
    (
        "{value!r} is not {choice}.",
        "{value!r} is not one of {choices}.",
    ): "{value!r} bukan pilihan yang sah; pilih salah satu dari {choices}.",
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): "{value!r} bukan tanggal yang sah; tulis dengan format YYYY-MM-DD.",
    (
        "Takes {nargs} values but 1 was given.",
        "Takes {nargs} values but {len} were given.",
    ): "Memerlukan {nargs} nilai, tetapi diberi {len}.",
}

_MODUL = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def gettext(pesan: str) -> str:
    """Return Click's message in Bahasa Indonesia when we have it."""
    return TERJEMAHAN.get(pesan, pesan)


def ngettext(tunggal: str, jamak: str, n: int) -> str:
    """Return Click's singular/plural message in Bahasa Indonesia when we have it."""
    terjemahan = TERJEMAHAN_JAMAK.get((tunggal, jamak))
    if terjemahan is not None:
        return terjemahan
    return tunggal if n == 1 else jamak


@contextmanager
def dalam_bahasa_indonesia() -> Iterator[None]:
    """Point Click's message lookups at the Indonesian catalog while the block runs."""
    asli: list[tuple[Any, str, Any]] = []
    for nama in _MODUL:
        modul = importlib.import_module(f"click.{nama}")
        for atribut, pengganti in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(modul, atribut):
                asli.append((modul, atribut, getattr(modul, atribut)))
                setattr(modul, atribut, pengganti)
    try:
        yield
    finally:
        for modul, atribut, nilai in reversed(asli):
            setattr(modul, atribut, nilai)
