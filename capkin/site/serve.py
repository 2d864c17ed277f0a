"""`capkin serve`: build, serve the site on 127.0.0.1, rebuild when data or templates change."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from capkin.dataset import cari_root
from capkin.errors import CapkinError, DataError
from capkin.render.env import FOLDER_TEMPLAT
from capkin.render.site_data import Progres, diam
from capkin.site.build import FOLDER_SITUS, PilihanPdf, bangun

Jejak = dict[str, tuple[float, int]]


class _Penangan(SimpleHTTPRequestHandler):
    """Serves files quietly (the library never prints), with errors in Bahasa Indonesia."""

    error_message_format = (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        "<title>Galat %(code)d</title></head>\n<body><h1>Galat %(code)d</h1>"
        "<p>Permintaan ini tidak dapat dilayani.</p></body></html>\n"
    )

    def log_message(self, format: str, *args: Any) -> None:
        return

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing page with the site's own 404.html, as a published site would."""
        halaman = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not halaman.is_file():
            super().send_error(code, message, explain)
            return
        isi = halaman.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(isi)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(isi)


def jejak(folder: Iterable[Path]) -> Jejak:
    """Return every file's (mtime, size) under some folders, to notice changes."""
    hasil: Jejak = {}
    for f in folder:
        if f.is_file():
            st = f.stat()
            hasil[str(f)] = (st.st_mtime, st.st_size)
            continue
        if not f.is_dir():
            continue
        for path in f.rglob("*"):
            if path.is_file():
                st = path.stat()
                hasil[str(path)] = (st.st_mtime, st.st_size)
    return hasil


class Penyaji:
    """A served site that rebuilds itself; start(), then stop()."""

    def __init__(
        self,
        root: Path,
        port: int = 8000,
        out: Path | None = None,
        *,
        pdf: PilihanPdf = PilihanPdf.SEMUA,
        progres: Progres = diam,
        jeda: float = 1.0,
    ) -> None:
        self.root = cari_root(root)
        self.out = out if out is not None else self.root / FOLDER_SITUS
        self.pdf = pdf
        self.progres = progres
        self.jeda = jeda
        self._henti = threading.Event()
        self._pantau = [self.root / "data", self.root / FOLDER_TEMPLAT, self.root / "mkdocs.yml"]
        penangan = functools.partial(_Penangan, directory=str(self.out))
        try:
            self.server = ThreadingHTTPServer(("127.0.0.1", port), penangan)
        except OSError as exc:
            raise CapkinError(
                f"tidak dapat menyajikan di 127.0.0.1:{port} ({exc.strerror}); port itu "
                "mungkin sudah dipakai program lain: pakai --port dengan nomor lain"
            ) from exc
        try:
            bangun(self.root, self.out, pdf=pdf, progres=progres)
        except BaseException:
            self.server.server_close()
            raise
        self._jejak = jejak(self._pantau)
        self._utas: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """Return the address the site is served at."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> None:
        """Serve and watch in background threads."""
        for target in (self.server.serve_forever, self._awasi):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self._utas.append(t)

    def _awasi(self) -> None:
        while not self._henti.wait(self.jeda):
            baru = jejak(self._pantau)
            if baru == self._jejak:
                continue
            self._jejak = baru
            self.progres("Perubahan terdeteksi; membangun ulang…")
            try:
                self._bangun_ulang()
            except DataError as exc:
                for m in exc.masalah:
                    self.progres(str(m))
                self.progres("Data tidak sah; situs lama tetap disajikan. Perbaiki lalu simpan.")
            except CapkinError as exc:
                self.progres(f"galat: {exc}")

    def _bangun_ulang(self) -> None:
        # bangun() builds next to the served folder and swaps it in whole
        bangun(self.root, self.out, pdf=self.pdf, progres=self.progres)

    def stop(self) -> None:
        """Stop serving and watching."""
        self._henti.set()
        self.server.shutdown()
        self.server.server_close()
        for t in self._utas:
            t.join(timeout=10)

    def tunggu(self) -> None:
        """Block until stop() is called from another thread."""
        self._henti.wait()
