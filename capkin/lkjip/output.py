"""Write the LKjIP of a year as HTML, PDF and DOCX (`capkin lkjip`, and inside `capkin build`)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from jinja2 import Environment
from markupsafe import Markup

from capkin.cachedir import baca_entri, tulis_entri
from capkin.charts import PenggambarGrafik
from capkin.errors import Masalah
from capkin.layout import unduhan_lkjip
from capkin.lkjip import docx as docx_modul
from capkin.lkjip.content import Lkjip
from capkin.lkjip.docx import docx_lkjip
from capkin.pdf import buat_pdf
from capkin.render import sumber_templat
from capkin.yaml_writer import tulis_atomik


def tulis_biner_atomik(path: Path, isi: bytes) -> None:
    """Write bytes atomically: a temporary file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(isi)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def nama_berkas(tahun: int, akhiran: str) -> str:
    """Return the file name of a year's report: laporan-kinerja-2025.pdf."""
    return PurePosixPath(unduhan_lkjip(tahun, akhiran)).name


def html_cetak(env: Environment, lk: Lkjip, grafik: PenggambarGrafik, css: str) -> str:
    """Render the standalone HTML of the report (also what the PDF is made from)."""
    return env.get_template("lkjip_cetak.html").render(
        k=lk,
        svg=grafik.svg,
        css_cetak=Markup(css),  # noqa: S704 - our own stylesheet file
    )


@dataclass(frozen=True)
class HasilLkjip:
    """What `tulis_lkjip` wrote, the warnings met (missing narratives), and the PDF to make.

    `pdf` is the (HTML, destination) of the PDF when the caller makes it (`pdf_sekarang=False`,
    as `capkin build` does, to render it in parallel with the other PDFs), else None.
    """

    berkas: tuple[Path, ...]
    masalah: tuple[Masalah, ...]
    draf: bool
    pdf: tuple[str, Path] | None = None


def docx_tersimpan(lk: Lkjip, cache: Path | None) -> bytes:
    """Return the DOCX of a report, from `cache` when the same report was made before.

    Keyed by the whole report (its blocks are frozen dataclasses: their repr is their content),
    the code that writes it and python-docx's version; entries are digest-checked.
    """
    if cache is None:
        return docx_lkjip(lk)
    kode = Path(docx_modul.__file__).read_bytes()
    h = hashlib.sha256(kode + metadata.version("python-docx").encode() + b"\0")
    h.update(repr(lk).encode("utf-8", "surrogatepass"))
    nama = f"{h.hexdigest()}.docx"
    isi = baca_entri(cache, nama)
    if isi is None:
        isi = docx_lkjip(lk)
        tulis_entri(cache, nama, isi)
    return isi


def tulis_lkjip(
    env: Environment,
    lk: Lkjip,
    out: Path,
    *,
    grafik: PenggambarGrafik | None = None,
    pdf: bool = True,
    cache_pdf: Path | None = None,
    pdf_sekarang: bool = True,
    cache_docx: Path | None = None,
) -> HasilLkjip:
    """Write laporan-kinerja-<tahun>.html, .docx and (with `pdf`) .pdf into `out`.

    With `pdf_sekarang=False` the PDF is not rendered here: the result names it (`pdf`),
    for the caller to render with its other PDFs.
    """
    grafik = grafik or PenggambarGrafik(None)
    css = sumber_templat(env, "assets/cetak.css")
    html = html_cetak(env, lk, grafik, css)
    out.mkdir(parents=True, exist_ok=True)
    ditulis = [out / nama_berkas(lk.tahun, "html"), out / nama_berkas(lk.tahun, "docx")]
    tulis_atomik(ditulis[0], html)
    tulis_biner_atomik(ditulis[1], docx_tersimpan(lk, cache_docx))
    if pdf:
        path = out / nama_berkas(lk.tahun, "pdf")
        if not pdf_sekarang:
            return HasilLkjip(tuple(ditulis), lk.masalah, lk.draf, (html, path))
        buat_pdf(html, path, cache_pdf)
        ditulis.append(path)
    return HasilLkjip(tuple(ditulis), lk.masalah, lk.draf)
