"""Put the pre-rendered HTML kept aside while rendering into the pages MkDocs built.

The counterpart of `capkin.render.markers`: each marker block in a built page is replaced by
the HTML it stands for. It runs on the new site folder before it is swapped in, so a reader
never sees a marker; a marker the builder did not pass through unchanged stops the build.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from capkin.errors import CapkinError
from capkin.render import Sisipan


def halaman_html(jalur: str) -> str:
    """Return the built page of a docs-relative Markdown page (`use_directory_urls: false`)."""
    return PurePosixPath(jalur).with_suffix(".html").as_posix()


def pasang_sisipan(out: Path, sisipan: Mapping[str, Sisipan]) -> None:
    """Replace every marker in the built site `out` by its HTML."""
    for jalur, tempat in sisipan.items():
        path = out / halaman_html(jalur)
        teks = path.read_text(encoding="utf-8")
        for penanda, html in tempat.isi.items():
            if teks.count(penanda) != 1:
                raise CapkinError(
                    f"halaman {path} tidak memuat penanda {penanda} tepat satu kali; templat "
                    "tema (site_templates/tema/) atau pembangun situs mengubah blok HTML halaman. "
                    "Periksa templat tema itu, lalu bangun ulang."
                )
            teks = teks.replace(penanda, html)
        path.write_text(teks, encoding="utf-8")
