"""The LKjIP as a Word document (python-docx): real headings, real tables, editable."""

from __future__ import annotations

import io
from datetime import datetime

from capkin.lkjip.blocks import Daftar, Gambar, Judul, Paragraf, PisahHalaman, Run, Tabel
from capkin.lkjip.content import Lkjip

_TETAP = datetime(2000, 1, 1)
"""Fixed document dates, so the same report gives the same bytes."""


def docx_lkjip(lk: Lkjip) -> bytes:
    """Return the DOCX bytes of a report."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt, RGBColor

    dok = Document()
    inti = dok.core_properties
    inti.title = lk.judul + (" (DRAF)" if lk.draf else "")
    inti.author = lk.instansi
    inti.language = "id-ID"
    inti.created = inti.modified = _TETAP
    inti.last_modified_by = "capkin"
    inti.revision = 1

    def tambah_run(par: object, r: Run) -> None:
        run = par.add_run(r.teks)  # type: ignore[attr-defined]
        run.bold = r.tebal or None
        run.italic = r.miring or None
        if r.kode:
            run.font.name = "Courier New"

    # Title page
    if lk.draf:
        p = dok.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run("DRAF")
        r.bold = True
        r.font.size = Pt(40)
        r.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
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

    sebelumnya_pisah = True
    for b in lk.blok:
        if isinstance(b, PisahHalaman):
            if not sebelumnya_pisah:
                dok.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            sebelumnya_pisah = True
            continue
        sebelumnya_pisah = False
        if isinstance(b, Judul):
            dok.add_heading(b.teks, level=min(b.level, 9))
        elif isinstance(b, Paragraf):
            par = dok.add_paragraph()
            for potong in b.isi:
                tambah_run(par, potong)
            if b.kelas == "pengganti":
                for run in par.runs:
                    run.italic = True
                    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        elif isinstance(b, Daftar):
            gaya = "List Number" if b.bernomor else "List Bullet"
            for butir in b.butir:
                par = dok.add_paragraph(style=gaya)
                for potong in butir:
                    tambah_run(par, potong)
        elif isinstance(b, Tabel):
            cap = dok.add_paragraph(style="Caption")
            cap.add_run(b.judul)
            tabel = dok.add_table(rows=1, cols=len(b.kepala))
            tabel.style = "Table Grid"
            tabel.alignment = WD_TABLE_ALIGNMENT.CENTER
            for sel, isi in zip(tabel.rows[0].cells, b.kepala, strict=True):
                sel.text = ""
                sel.paragraphs[0].add_run(isi).bold = True
            for baris in b.baris:
                sel_baris = tabel.add_row().cells
                for n, (sel, isi) in enumerate(zip(sel_baris, baris, strict=True)):
                    sel.text = isi
                    if b.rata_kanan(n):
                        sel.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif isinstance(b, Gambar):
            par = dok.add_paragraph(style="Caption")
            par.add_run(
                f"Gambar: {b.spek.judul}. Grafik tersedia pada versi HTML dan PDF; angka yang "
                f"sama tersaji pada tabel {b.tabel}."
            )
    keluar = io.BytesIO()
    dok.save(keluar)
    return keluar.getvalue()
