"""The LKjIP as a Word document (python-docx): real headings, real tables, editable.

python-docx builds the document (styles, properties, the title page); the blocks of the
report are written as WordprocessingML text and parsed into its body in one go. A regency's
report holds thousands of tables, and python-docx's per-cell API (style look-ups, width
copies, XPath per child) spends about a minute on them; the XML written here is the same as
that API writes (`tests/test_lkjip.py` compares both), in about a second.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape

from capkin.lkjip.blocks import Blok, Daftar, Gambar, Judul, Paragraf, PisahHalaman, Run, Tabel
from capkin.lkjip.content import Lkjip
from capkin.stable_zip import TANGGAL_DOKUMEN, zip_tetap

_MERAH = "B00020"
"""The colour of the DRAF mark and of a narrative still to write."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_TABEL_PR = (
    '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
"""A table's properties after its style: auto width, centred, the default look."""


def _isi_run(teks: str) -> str:
    """Return a run's content: text, a tab or a line break per character as python-docx
    writes `run.text` (`\\t` → `<w:tab/>`, `\\r` or `\\n` → `<w:br/>`)."""
    bagian: list[str] = []
    potong: list[str] = []

    def tutup() -> None:
        if potong:
            t = "".join(potong)
            ruang = ' xml:space="preserve"' if len(t.strip()) < len(t) else ""
            bagian.append(f"<w:t{ruang}>{escape(t)}</w:t>")
            potong.clear()

    for c in teks:
        if c == "\t":
            tutup()
            bagian.append("<w:tab/>")
        elif c in "\r\n":
            tutup()
            bagian.append("<w:br/>")
        else:
            potong.append(c)
    tutup()
    return "".join(bagian)


def _run(teks: str, rpr: str | None = None) -> str:
    """Return a run; `rpr` is its properties' content (None: no properties element)."""
    sifat = "" if rpr is None else f"<w:rPr>{rpr}</w:rPr>"
    return f"<w:r>{sifat}{_isi_run(teks)}</w:r>"


def _run_narasi(r: Run, pengganti: bool) -> str:
    """Return a run of a paragraph or list item, with its emphasis (and the placeholder's
    italic red)."""
    rpr = '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>' if r.kode else ""
    rpr += "<w:b/>" if r.tebal else ""
    rpr += "<w:i/>" if r.miring or pengganti else ""
    rpr += f'<w:color w:val="{_MERAH}"/>' if pengganti else ""
    return _run(r.teks, rpr)


def _paragraf(isi: str, gaya: str | None = None, rata: str | None = None) -> str:
    """Return a paragraph with its style id and alignment."""
    pr = (f'<w:pStyle w:val="{gaya}"/>' if gaya else "") + (
        f'<w:jc w:val="{rata}"/>' if rata else ""
    )
    return f"<w:p>{f'<w:pPr>{pr}</w:pPr>' if pr else ''}{isi}</w:p>"


def _sel(lebar: int, isi: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{lebar}"/></w:tcPr>{isi}</w:tc>'


def _tabel(b: Tabel, gaya: str, lebar_blok: int) -> str:
    """Return a table: a bold header row, then the rows, number columns right-aligned."""
    from docx.shared import Emu

    lebar = Emu(lebar_blok // len(b.kepala)).twips if b.kepala else 0
    kepala = "".join(_sel(lebar, _paragraf("<w:r/>" + _run(isi, "<w:b/>"))) for isi in b.kepala)
    kanan = [b.rata_kanan(n) for n in range(len(b.kepala))]
    baris = "".join(
        "<w:tr>"
        + "".join(
            _sel(lebar, _paragraf(_run(isi), rata="right" if k else None))
            for isi, k in zip(sel, kanan, strict=True)
        )
        + "</w:tr>"
        for sel in b.baris
    )
    grid = f'<w:gridCol w:w="{lebar}"/>' * len(b.kepala)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{gaya}"/>{_TABEL_PR}</w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid><w:tr>{kepala}</w:tr>{baris}</w:tbl>"
    )


class _Gaya:
    """Style ids by style name, looked up in the document once each."""

    def __init__(self, dok: Any) -> None:
        self._dok = dok
        self._id: dict[str, str] = {}

    def __call__(self, nama: str) -> str:
        if nama not in self._id:
            self._id[nama] = str(self._dok.styles[nama].style_id)
        return self._id[nama]


def _blok_xml(blok: Iterable[Blok], gaya: _Gaya, lebar_blok: int) -> Iterator[str]:
    """Yield the WordprocessingML of the report's blocks, in order."""
    sebelumnya_pisah = True
    for b in blok:
        if isinstance(b, PisahHalaman):
            if not sebelumnya_pisah:
                yield '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
            sebelumnya_pisah = True
            continue
        sebelumnya_pisah = False
        if isinstance(b, Judul):
            nama = f"Heading {min(b.level, 9)}" if b.level else "Title"
            yield _paragraf(_run(b.teks) if b.teks else "", gaya(nama))
        elif isinstance(b, Paragraf):
            yield _paragraf("".join(_run_narasi(r, b.kelas == "pengganti") for r in b.isi))
        elif isinstance(b, Daftar):
            nama = gaya("List Number" if b.bernomor else "List Bullet")
            for butir in b.butir:
                yield _paragraf("".join(_run_narasi(r, False) for r in butir), nama)
        elif isinstance(b, Tabel):
            yield _paragraf(_run(b.judul), gaya("Caption"))
            yield _tabel(b, gaya("Table Grid"), lebar_blok)
        elif isinstance(b, Gambar):
            teks = (
                f"Gambar: {b.spek.judul}. Grafik tersedia pada versi HTML dan PDF; angka yang "
                f"sama tersaji pada tabel {b.tabel}."
            )
            yield _paragraf(_run(teks), gaya("Caption"))


def _properti(teks: str) -> str:
    """Return a text cut to what a DOCX core property holds (255 characters; python-docx
    raises on more): an office's name may be up to 2,000."""
    return teks if len(teks) <= 255 else teks[:254] + "…"


def docx_lkjip(lk: Lkjip) -> bytes:
    """Return the DOCX bytes of a report."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml
    from docx.shared import Inches, Pt, RGBColor

    dok = Document()
    inti = dok.core_properties
    inti.title = _properti(lk.judul + (" (DRAF)" if lk.draf else ""))
    inti.author = _properti(lk.instansi)
    inti.language = "id-ID"
    inti.created = inti.modified = TANGGAL_DOKUMEN
    inti.last_modified_by = "capkin"
    inti.revision = 1

    # Title page
    if lk.draf:
        p = dok.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run("DRAF")
        r.bold = True
        r.font.size = Pt(40)
        r.font.color.rgb = RGBColor.from_string(_MERAH)
    judul = dok.add_paragraph(style="Title")
    judul.alignment = WD_ALIGN_PARAGRAPH.CENTER
    judul.add_run(f"LAPORAN KINERJA INSTANSI PEMERINTAH\n{lk.instansi.upper()}\nTAHUN {lk.tahun}")
    if lk.induk:
        p = dok.add_paragraph(lk.induk.upper())
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if lk.draf:
        alasan = f"Draf: laporan Triwulan IV (TW4) {lk.tahun} belum disetujui"
        if lk.belum_disetujui:
            alasan += "; periode yang belum disetujui: " + ", ".join(
                p.value for p in lk.belum_disetujui
            )
        p = dok.add_paragraph(alasan + ".")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dok.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    bagian = dok.sections[-1]  # the width between the margins, as python-docx's add_table
    lebar_blok = int(
        (bagian.page_width or Inches(8.5))
        - (bagian.left_margin or Inches(1))
        - (bagian.right_margin or Inches(1))
    )
    isi = "".join(_blok_xml(lk.blok, _Gaya(dok), lebar_blok))
    # the blocks go in as text, before the body's closing section properties, and the whole
    # document is parsed once: moving a regency's ~3,600 parsed blocks into the document one by
    # one (lxml's addprevious) took 1.7 s of a 2 s report, for the same XML
    kerangka = serialize_part_xml(dok.element)
    akhir = kerangka.rindex(b"<w:sectPr")
    dokumen = parse_xml(kerangka[:akhir] + isi.encode("utf-8") + kerangka[akhir:])
    dok.part._element = dokumen  # the part python-docx saves
    keluar = io.BytesIO()
    dok.save(keluar)
    # python-docx's package and parts refer to each other, so the document is freed only by
    # a full garbage collection, which a build holding millions of objects seldom runs: a
    # regency's report would keep ~80 MB of XML tree alive per year. Emptying the body frees it.
    dokumen.body.clear()
    return zip_tetap(keluar.getvalue())
