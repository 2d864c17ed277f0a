"""Put the pre-rendered HTML kept aside while rendering into the pages MkDocs built.

The counterpart of `capkin.render.markers`: each marker block in a built page is replaced by
the HTML it stands for. It runs on the new site folder before it is swapped in, so a reader
never sees a marker; a marker the builder did not pass through unchanged stops the build.

A regency's pages keep ~90 million characters aside, from their render until MkDocs has
built the site: `SisipanBerkas` holds them in a temporary file instead of in memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Iterator, Mapping, MutableMapping
from pathlib import Path, PurePosixPath
from types import TracebackType

import msgpack

from capkin.errors import CapkinError
from capkin.render import Sisipan


def halaman_html(jalur: str) -> str:
    """Return the built page of a docs-relative Markdown page (`use_directory_urls: false`)."""
    return PurePosixPath(jalur).with_suffix(".html").as_posix()


class SisipanBerkas(MutableMapping[str, Sisipan]):
    """The pages' pre-rendered HTML by page path, in an unnamed temporary file in `folder`.

    Only where each page's pieces lie is in memory; a page's pieces are read back when asked
    for. The file is gone when the store is closed, or when the process ends however it ends.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._berkas = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - closed by tutup()
        self._letak: dict[str, tuple[int, int]] = {}

    def __setitem__(self, jalur: str, tempat: Sisipan) -> None:
        data = msgpack.packb(tempat.isi)
        awal = self._berkas.seek(0, 2)
        self._berkas.write(data)
        self._letak[jalur] = (awal, len(data))

    def __getitem__(self, jalur: str) -> Sisipan:
        awal, panjang = self._letak[jalur]
        self._berkas.seek(awal)
        isi = msgpack.unpackb(self._berkas.read(panjang))
        return Sisipan({str(k): str(v) for k, v in isi.items()})

    def __delitem__(self, jalur: str) -> None:
        del self._letak[jalur]  # its bytes stay in the file until it is closed

    def __iter__(self) -> Iterator[str]:
        return iter(self._letak)

    def __len__(self) -> int:
        return len(self._letak)

    def tutup(self) -> None:
        """Close and remove the file."""
        self._berkas.close()
        self._letak.clear()

    def __enter__(self) -> SisipanBerkas:
        return self

    def __exit__(
        self,
        jenis: type[BaseException] | None,
        galat: BaseException | None,
        jejak: TracebackType | None,
    ) -> None:
        self.tutup()


def pasang_sisipan(
    out: Path, sisipan: Mapping[str, Sisipan], hanya: Collection[str] | None = None
) -> None:
    """Replace every marker in the built site `out` by its HTML (in the pages `hanya`, when
    given); a page's pieces are read one page at a time."""
    for jalur in sisipan:
        if hanya is not None and jalur not in hanya:
            continue
        path = out / halaman_html(jalur)
        teks = path.read_text(encoding="utf-8")
        for penanda, html in sisipan[jalur].isi.items():
            if teks.count(penanda) != 1:
                raise CapkinError(
                    f"halaman {path} tidak memuat penanda {penanda} tepat satu kali; templat "
                    "tema (site_templates/tema/) atau pembangun situs mengubah blok HTML halaman. "
                    "Periksa templat tema itu, lalu bangun ulang."
                )
            teks = teks.replace(penanda, html)
        path.write_text(teks, encoding="utf-8")
