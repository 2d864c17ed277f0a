"""Writing files: `Naskah`, the one writer of people's YAML files, and `tulis_atomik`.

Editing a person's file goes through `Naskah` (ruamel.yaml's round trip) so their comments,
key order, indentation, line endings and long lines survive; every file capkin writes is
written atomically.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def tulis_atomik(path: Path, teks: str) -> None:
    """Write text to a file atomically: a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(teks)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _ruamel_yaml() -> Any:
    """Return capkin's round-trip YAML: its own indentation, long lines never folded.

    Folding would re-fold long lines a person wrote on one line, so the width is unbounded.
    """
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000
    y.indent(mapping=2, sequence=4, offset=2)
    return y


_BARIS_KUNCI_INDUK = re.compile(r"^( *)[^\s#-][^#]*:[ \t]*([|>][-+0-9]*[ \t]*)?(#.*)?$")
_BARIS_ISI = re.compile(r"^( *)(- +)?\S")


def _baris_struktur(teks: str) -> Iterator[str]:
    """Yield the lines that show structure: no blanks, no comments, no block scalar text.

    Of a block scalar (`|`, `>`) only the first line of text is kept: its indentation is the
    file's mapping step, while the rest is a person's text, which may look like YAML.
    """
    blok: int | None = None  # indentation of the key whose value is a block scalar
    teks_pertama = False
    for b in teks.splitlines():
        if not b.strip():
            continue
        indentasi = len(b) - len(b.lstrip(" "))
        if blok is not None and indentasi > blok:
            if not teks_pertama:
                teks_pertama = True
                yield b
            continue
        blok = None
        if b.lstrip().startswith("#"):
            continue
        kunci = _BARIS_KUNCI_INDUK.match(b)
        if kunci is not None and kunci.group(2):
            blok, teks_pertama = indentasi, False
        yield b


def gaya_indentasi(teks: str) -> tuple[int, int, int]:
    """Return the (mapping, sequence, offset) indentation a YAML text is written in.

    The mapping step comes from the first key whose value is a nested mapping or a block
    scalar (`|`, `>`), the sequence step and the dash offset from the first key whose value
    is a block sequence; what the text does not show keeps capkin's style (2, 4, 2).
    """
    peta: int | None = None
    daftar: tuple[int, int] | None = None
    for induk, anak in itertools.pairwise(_baris_struktur(teks)):
        kunci, isi = _BARIS_KUNCI_INDUK.match(induk), _BARIS_ISI.match(anak)
        if kunci is None or isi is None:
            continue
        selisih = len(isi.group(1)) - len(kunci.group(1))
        if isi.group(2) is None and selisih > 0 and peta is None:
            peta = selisih
        elif isi.group(2) is not None and selisih >= 0 and daftar is None:
            daftar = (selisih + len(isi.group(2)), selisih)
        if peta is not None and daftar is not None:
            break
    urutan, offset = daftar or (4, 2)
    return peta or 2, urutan, offset


@dataclass
class Naskah:
    """A person's YAML file opened for editing, and how to write it back in its own style.

    The one way capkin edits a file a person wrote: ruamel's round trip keeps comments and
    key order; the file's indentation, line endings and byte order mark are kept, and long
    lines are never folded, so only the lines a command means to change differ.
    """

    data: Any
    yaml: Any
    crlf: bool = False
    bom: bool = False

    def teks(self) -> str:
        """Return the document as text, with the file's indentation and line endings."""
        buf = io.StringIO()
        self.yaml.dump(self.data, buf)
        teks = buf.getvalue()
        if self.crlf:
            teks = teks.replace("\n", "\r\n")
        return "\ufeff" + teks if self.bom else teks


def naskah_dari_bytes(mentah: bytes) -> Naskah:
    """Open YAML bytes for a round-trip edit that keeps comments, order and layout."""
    # ruamel keeps a comment's "\r" and would double it when the endings are put back
    teks = mentah.decode("utf-8-sig").replace("\r\n", "\n")
    yaml = _ruamel_yaml()
    peta, urutan, offset = gaya_indentasi(teks)
    yaml.indent(mapping=peta, sequence=urutan, offset=offset)
    return Naskah(yaml.load(teks), yaml, b"\r\n" in mentah, mentah.startswith(b"\xef\xbb\xbf"))


def buka_naskah(path: Path) -> Naskah:
    """Open a YAML file for a round-trip edit that keeps comments, order and layout."""
    return naskah_dari_bytes(path.read_bytes())


def naskah_baru(data: Any) -> Naskah:
    """Return a new document (round-trip data) to be written in capkin's own style."""
    return Naskah(data, _ruamel_yaml())
