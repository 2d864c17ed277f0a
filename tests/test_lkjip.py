"""The annual LKjIP: every Bab and analysis in HTML, PDF (pdftotext) and DOCX (python-docx)."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph
from factories import capkin, pk_yml, siklus_yml, tulis, tulis_data_anggaran

from capkin.dataset import muat_dataset
from capkin.errors import DataError, Masalah
from capkin.lkjip import ANALISIS, Lkjip, nama_berkas, susun_lkjip
from capkin.lkjip.blocks import Judul, Paragraf, Run, Tabel
from capkin.validation import muat_valid

BAB = (
    "Ikhtisar Eksekutif",
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "B. Realisasi anggaran",
    "BAB IV PENUTUP",
    "LAMPIRAN: PERJANJIAN KINERJA TAHUN 2025",
)

SERANGAN = (
    "# Ringkasan\n\nCapaian **sangat baik** pada tahun ini, lihat *tabel*.\n\n"
    '<script>alert("xss")</script>\n\n<img src=x onerror="alert(1)">\n\n'
    "- butir satu\n- butir [tautan](javascript:alert(1))\n"
)


def _langkah_tw4(sampai: int) -> str:
    oleh = {1: "kasubbag-kpe", 2: "kasubbag-kpe", 3: "kasubbag-kpe", 4: "panewu-anom"}
    oleh |= {5: "panewu-anom", 6: "panewu"}
    return siklus_yml("TW4", [(n, f"2026-01-{10 + n}", oleh[n]) for n in range(1, sampai + 1)])


def pohon(root: Path, *, disetujui: bool) -> Path:
    """The hand-worked budget tree, plus 2024, a standar nasional, narratives and TW4's siklus."""
    tulis_data_anggaran(root)
    pk = root / "data/2025/perjanjian-kinerja.yml"
    pk.write_text(
        pk.read_text().replace(
            "{id: ik1, uraian: Indikator satu, target: 80,",
            "{id: ik1, uraian: Indikator satu, target: 80, standar_nasional: 64,"
            " target_renstra: {tahun: 2026, nilai: 100},",
        ),
        encoding="utf-8",
    )
    tulis(root, "data/2024/perjanjian-kinerja.yml", pk_yml(2024, {"ik1": 70}))
    tulis(
        root,
        "data/2024/realisasi/TW4/jawatan-umum.yml",
        "periode: TW4\nunit: jawatan-umum\ndisampaikan_oleh: kepala-jawatan-umum\n"
        "tanggal: 2025-01-08\nrealisasi:\n  - {indikator: ik1, nilai: 63}\n",
    )
    real = root / "data/2025/realisasi/TW4/jawatan-umum.yml"
    real.write_text(
        real.read_text().replace(
            "{indikator: ik2, nilai: 100}",
            "{indikator: ik2, nilai: 100, hambatan: Hujan deras, strategi: Jadwal ulang,"
            " tindak_lanjut: Koordinasi}",
        ),
        encoding="utf-8",
    )
    tulis(root, "data/2025/lkjip/ikhtisar.md", SERANGAN)
    tulis(root, "data/2025/lkjip/penutup.md", "Demikian laporan ini disusun.\n")
    tulis(root, "data/2025/siklus/TW4.yml", _langkah_tw4(6 if disetujui else 5))
    return root


def _susun(root: Path) -> Lkjip:
    ds, masalah = muat_valid(root)
    assert [m for m in masalah if m.kode != "realisasi-melebihi-pagu"] == [], masalah
    return susun_lkjip(ds, ds.root, 2025)


def test_content_has_every_bab_and_the_seven_analyses(tmp_path: Path) -> None:
    lk = _susun(pohon(tmp_path, disetujui=True))
    judul = [b.teks for b in lk.blok if isinstance(b, Judul)]
    for bab in BAB:
        assert bab in judul
    for sid in ("ss1", "ss2", "ss3"):
        mulai = judul.index(next(j for j in judul if j.startswith(f"Sasaran {sid}:")))
        assert judul[mulai + 1 : mulai + 8] == [f"{n}. {a}" for n, a in enumerate(ANALISIS, 1)]
    assert not lk.draf
    assert [m.berkas for m in lk.masalah] == ["data/2025/lkjip/pendahuluan.md"]


def _tabel(lk: Lkjip, judul: str) -> list[tuple[str, ...]]:
    return list(
        next(b for b in lk.blok if isinstance(b, Tabel) and b.judul.startswith(judul)).baris
    )


def _hambatan_ik2(lk: Lkjip) -> str:
    """Return ik2's paragraph in its sasaran's analysis 5 (hambatan, strategi, tindak lanjut)."""
    [teks] = [b.teks for b in lk.blok if isinstance(b, Paragraf) and b.teks.startswith("ik2 ")]
    return teks


def test_analyses_by_hand(tmp_path: Path) -> None:
    """ik1 2025: 80 of 80 = 100 %; 2024: 63 of 70 = 90 %; Renstra 80/100 = 80 %; standar
    nasional 80/64 = 125 %. ss1's year: serapan 101,79 %, indeks 0,98 (not efficient)."""
    lk = _susun(pohon(tmp_path, disetujui=True))
    tahunan = _tabel(lk, "Realisasi dan capaian indikator sasaran ss1 dari tahun ke tahun")
    assert [r[1:] for r in tahunan] == [("63 / 70 (90,00 %)", "80 / 80 (100,00 %)")]
    assert _tabel(lk, "Realisasi 2025 terhadap target akhir Renstra, sasaran ss1")[0][1:] == (
        "100",
        "2026",
        "80",
        "80,00 %",
    )
    assert _tabel(lk, "Realisasi terhadap standar nasional, sasaran ss1")[0][1:] == (
        "64",
        "80",
        "125,00 %",
    )
    assert _tabel(lk, "Efisiensi penggunaan anggaran sasaran ss1")[0] == (
        "1.400.000",
        "1.425.000",
        "101,79 %",
        "100,00 %",
        "0,98 (tidak efisien)",
    )
    program = _tabel(lk, "Program yang menunjang sasaran ss2")
    assert [(r[1], r[2]) for r in program] == [
        ("Program Dua", "50,00 %"),
        ("Program Tiga", "75,00 %"),
    ]
    assert _hambatan_ik2(lk) == (
        "ik2 Indikator dua. Hambatan: TW4: Hujan deras. Strategi / upaya: TW4: Jadwal ulang. "
        "Tindak lanjut: TW4: Koordinasi."
    )
    teks = [b.teks for b in lk.blok if isinstance(b, Paragraf)]
    assert "Sasaran ini tidak didukung program dengan pagu anggaran dalam data." in teks


def test_draft_until_tw4_is_approved_and_periods_marked(tmp_path: Path) -> None:
    lk = _susun(pohon(tmp_path, disetujui=False))
    assert lk.draf
    status = _tabel(lk, "Persetujuan Laporan Data Capaian Kinerja triwulanan")
    assert [r[:2] for r in status] == [(p, "BELUM DISETUJUI") for p in ("TW1", "TW2", "TW3", "TW4")]
    assert "Hambatan: TW4*: Hujan deras" in _hambatan_ik2(lk)
    teks = [b.teks for b in lk.blok if isinstance(b, Paragraf)]
    assert "Triwulan bertanda * belum disetujui" in " ".join(teks)


def _cli(root: Path, out: Path) -> str:
    hasil = capkin(root, "lkjip", "--tahun", "2025", "--out", str(out))
    assert hasil.exit_code == 0, hasil.output
    return hasil.output


@pytest.fixture(scope="module")
def keluaran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = pohon(tmp_path_factory.mktemp("lkjip"), disetujui=False)
    out = root / "keluar"
    return out, _cli(root, out)


def test_cli_writes_html_pdf_docx_and_warns(keluaran: tuple[Path, str]) -> None:
    out, keluar = keluaran
    assert sorted(p.name for p in out.iterdir()) == [
        nama_berkas(2025, x) for x in ("docx", "html", "pdf")
    ]
    assert (
        "data/2025/lkjip/pendahuluan.md:1:1: peringatan: bagian Pendahuluan LKjIP 2025 belum "
        "ditulis" in keluar
    )
    assert "LKjIP bertanda DRAF" in keluar


def test_html_is_safe_and_complete(keluaran: tuple[Path, str]) -> None:
    html = (keluaran[0] / "laporan-kinerja-2025.html").read_text(encoding="utf-8")
    for bab in BAB:
        assert f">{bab}</h" in html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
    assert "<strong>sangat baik</strong>" in html and "<em>tabel</em>" in html
    assert 'href="javascript' not in html and "tautan (javascript:alert(1))" in html
    assert 'data-capkin="draf">DRAF<' in html
    assert 'class="capkin-lkjip-pengganti"' in html
    assert html.count("<svg") == 2


def test_pdf_text_has_every_bab(keluaran: tuple[Path, str]) -> None:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is installed by scripts/dev"
    teks = subprocess.run(
        [pdftotext, "-layout", str(keluaran[0] / "laporan-kinerja-2025.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert teks.lstrip().startswith("DRAF")
    for bab in (*BAB, *ANALISIS[:3]):
        assert bab in teks, bab
    assert "Realisasi anggaran per program Tahun 2025" in teks
    assert "[Bagian ini belum ditulis: isi berkas data/2025/lkjip/pendahuluan.md" in teks


def test_docx_reads_back_with_headings_and_tables(keluaran: tuple[Path, str]) -> None:
    dok = Document(str(keluaran[0] / "laporan-kinerja-2025.docx"))
    judul = [
        (p.style.name, p.text)
        for p in dok.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    for bab in BAB:
        assert ("Heading 1", bab) in judul or ("Heading 2", bab) in judul, bab
    analisis = [t for s, t in judul if s == "Heading 4"]
    assert analisis.count(f"7. {ANALISIS[6]}") == 3
    assert dok.paragraphs[0].text == "DRAF"
    tabel = {t.rows[0].cells[0].text: t for t in dok.tables}
    program = next(
        t for t in dok.tables if t.rows[0].cells[1].text == "Program" and len(t.columns) == 5
    )
    assert [c.text for c in program.rows[2].cells] == [
        "–",
        "Program Dua",
        "600.000",
        "660.000",
        "110,00 %",
    ]
    assert "Periode" in tabel
    teks = "\n".join(p.text for p in dok.paragraphs)
    assert '<script>alert("xss")</script>' in teks  # literal text, never markup
    tebal = [r.text for p in dok.paragraphs for r in p.runs if r.bold]
    assert "sangat baik" in tebal


def test_narrative_symlink_out_of_repo_is_not_read(tmp_path: Path) -> None:
    """A narrative that links to a file of the machine is refused: placeholder and warning."""
    rahasia = tmp_path / "rahasia.txt"
    rahasia.write_text("TOKEN-RAHASIA\n", encoding="utf-8")
    root = pohon(tmp_path / "repo", disetujui=True)
    (root / "data/2025/lkjip/pendahuluan.md").symlink_to(rahasia)
    with pytest.raises(DataError, match="tautan simbolik ini menunjuk ke luar repo"):
        muat_valid(root)  # validate refuses the tree; the LKjIP does not read it either
    ds, _ = muat_dataset(root)
    lk = susun_lkjip(ds, ds.root, 2025)
    teks = " ".join(b.teks for b in lk.blok if isinstance(b, Paragraf))
    assert "TOKEN-RAHASIA" not in teks
    assert "[Bagian ini belum ditulis: isi berkas data/2025/lkjip/pendahuluan.md" in teks
    [m] = [m for m in lk.masalah if m.berkas.endswith("pendahuluan.md")]
    assert "tautan simbolik" in m.pesan


def test_narrative_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    root = pohon(tmp_path / "repo", disetujui=False)
    (root / "data/2025/lkjip/penutup.md").write_bytes(
        "# Penutup\n\nDemikian lap\xf6ran".encode("latin-1")
    )
    ds, _ = muat_dataset(root)
    lk = susun_lkjip(ds, ds.root, 2025)
    [m] = [m for m in lk.masalah if m.berkas.endswith("penutup.md")]
    assert (m.baris, m.kolom) == (3, 13)  # the byte that is not UTF-8
    assert str(m).startswith("data/2025/lkjip/penutup.md:3:13: peringatan: berkas bukan teks UTF-8")


def _teks_lkjip(root: Path) -> str:
    ds, _ = muat_dataset(root)
    lk = susun_lkjip(ds, ds.root, 2025)
    return " ".join(b.teks for b in lk.blok if isinstance(b, Paragraf))


def test_missing_tw4_budget_file_is_named_not_called_no_budget(tmp_path: Path) -> None:
    """Only TW4's anggaran file is missing: the LKjIP says so, and that TW1's exists."""
    root = tulis_data_anggaran(tmp_path / "repo")
    (root / "data/2025/anggaran/TW4.yml").unlink()
    teks = _teks_lkjip(root)
    sebab = (
        "realisasi anggaran tahunan diambil dari berkas TW4 (data/2025/anggaran/TW4.yml), yang "
        "belum ada (berkas anggaran yang sudah ada: TW1); buat dengan capkin new anggaran "
        "--periode TW4"
    )
    assert f"Realisasi anggaran belum dapat disajikan: {sebab}." in teks  # Ikhtisar
    assert teks.count(sebab) == 3  # Ikhtisar, then once for each sasaran with programs
    assert "program 1.01 belum ada" not in teks


def test_budget_program_missing_or_empty_in_tw4_is_named(tmp_path: Path) -> None:
    root = tulis_data_anggaran(tmp_path / "repo")
    tw4 = root / "data/2025/anggaran/TW4.yml"
    isi = tw4.read_text(encoding="utf-8")
    isi = isi.replace('  - {program: "1.01", nilai: 1000000}\n', "")
    tw4.write_text(isi.replace("{program: Program Dua, nilai: 660000}", "{program: Program Dua}"))
    teks = _teks_lkjip(root)
    tempat = "data/2025/anggaran/TW4.yml"
    assert (
        f"realisasi anggaran program 1.01 belum ada: program ini belum tercantum di {tempat}"
        in (teks)
    )
    assert f"program Program Dua belum ada: nilai program ini di {tempat} masih kosong" in teks


def test_narrative_changed_after_tw4_approval_is_warned(tmp_path: Path) -> None:
    """Narratives are part of the approved (no longer DRAF) LKjIP: a later change warns."""
    from factories import RepoUji, capkin

    from capkin.validation import periksa

    root = pohon(tmp_path / "repo", disetujui=True)
    repo = RepoUji.buat(root)
    sah = repo.commit("Data 2025, TW4 disahkan", oleh="panewu")

    def narasi() -> list[Masalah]:
        _, masalah = periksa(root)
        return [m for m in masalah if m.kode == "narasi-lkjip-berubah-setelah-pengesahan"]

    assert narasi() == []
    penutup = "data/2025/lkjip/penutup.md"
    tulis(root, penutup, "Demikian laporan ini disusun, dengan capaian yang lebih baik.\n")
    [m] = narasi()
    assert (m.berkas, m.baris, m.kolom) == (penutup, 1, 1)
    assert f"commit {sah[:7]}" in m.pesan and "belum di-commit" in m.pesan
    assert f"git checkout {sah[:7]} -- {penutup}" in m.pesan
    ubah = repo.commit("Perbaiki penutup", oleh="kasubbag-kpe")
    tulis(root, "data/2025/lkjip/pendahuluan.md", "# Latar belakang\n\nTeks baru.\n")
    hasil = capkin(root, "validate", "--strict")
    assert hasil.exit_code == 1
    keluaran = hasil.output
    assert f"{penutup}:1:1: peringatan: narasi LKjIP 2025 ini berbeda" in keluaran
    assert f"diubah oleh commit {ubah[:7]} (BUDI SANTOSO, S.E" in keluaran
    (root / "data/2025/lkjip/ikhtisar.md").unlink()  # deleted: warned too
    assert "data/2025/lkjip/ikhtisar.md:1:1: peringatan: narasi LKjIP 2025" in (
        capkin(root, "validate").output
    )
    # written after the approval (as LKjIPs usually are): nothing approved is altered
    assert "data/2025/lkjip/pendahuluan.md" not in keluaran
    hasil = capkin(root, "lkjip", "--out", str(tmp_path / "keluar"), "--no-pdf")
    assert hasil.exit_code == 0, hasil.output
    assert f"{penutup}:1:1: peringatan: narasi LKjIP 2025 ini berbeda" in hasil.stderr
    # a re-approval of TW4 takes the narratives as they are now
    siklus = root / "data/2025/siklus/TW4.yml"
    teks = siklus.read_text(encoding="utf-8")
    teks += "revisi:\n  - {tanggal: 2026-02-02, oleh: panewu, alasan: Narasi diperbaiki}\n"
    repo.commit("Sahkan ulang TW4", {"data/2025/siklus/TW4.yml": teks}, oleh="panewu")
    assert narasi() == []


def _judul_docx(isi: bytes) -> str:
    return str(Document(io.BytesIO(isi)).core_properties.title)


def test_docx_is_made_once_per_report_content(tmp_path: Path) -> None:
    from capkin.lkjip.output import docx_tersimpan

    lk = _susun(pohon(tmp_path, disetujui=True))
    cache = tmp_path / "cache"
    pertama = docx_tersimpan(lk, cache)
    [entri] = cache.iterdir()
    assert docx_tersimpan(lk, cache) == pertama  # the same bytes, from the entry
    assert [p.name for p in cache.iterdir()] == [entri.name]
    entri.write_bytes(entri.read_bytes()[:-5] + b"rusak")  # a damaged entry is made again
    ulang = docx_tersimpan(lk, cache)
    assert Document(io.BytesIO(ulang)).core_properties.title == _judul_docx(pertama)
    assert docx_tersimpan(lk, cache) == ulang
    lain = replace(lk, instansi="Kapanewon Lain")
    assert docx_tersimpan(lain, cache) != pertama
    assert len(list(cache.iterdir())) == 2
    assert Document(io.BytesIO(pertama)).core_properties.author == lk.instansi


def _docx_lewat_api(lk: Lkjip) -> bytes:
    """The report's DOCX written through python-docx's own API, block by block: what
    `docx_lkjip` writes as XML must be the same document."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import RGBColor

    from capkin.lkjip.blocks import Daftar, Gambar, PisahHalaman
    from capkin.lkjip.docx import docx_lkjip

    dok = Document(io.BytesIO(docx_lkjip(replace(lk, blok=()))))  # the same title page

    def tambah_run(par: Paragraph, r: Run) -> None:
        run = par.add_run(r.teks)
        run.bold = r.tebal or None
        run.italic = r.miring or None
        if r.kode:
            run.font.name = "Courier New"

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
            for butir in b.butir:
                par = dok.add_paragraph(style="List Number" if b.bernomor else "List Bullet")
                for potong in butir:
                    tambah_run(par, potong)
        elif isinstance(b, Tabel):
            dok.add_paragraph(style="Caption").add_run(b.judul)
            tabel = dok.add_table(rows=1, cols=len(b.kepala))
            tabel.style = "Table Grid"
            tabel.alignment = WD_TABLE_ALIGNMENT.CENTER
            for sel, isi in zip(tabel.rows[0].cells, b.kepala, strict=True):
                sel.text = ""
                sel.paragraphs[0].add_run(isi).bold = True
            for baris in b.baris:
                for n, (sel, isi) in enumerate(zip(tabel.add_row().cells, baris, strict=True)):
                    sel.text = isi
                    if b.rata_kanan(n):
                        sel.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif isinstance(b, Gambar):
            dok.add_paragraph(style="Caption").add_run(
                f"Gambar: {b.spek.judul}. Grafik tersedia pada versi HTML dan PDF; angka yang "
                f"sama tersaji pada tabel {b.tabel}."
            )
    keluar = io.BytesIO()
    dok.save(keluar)
    return keluar.getvalue()


def _isi_dokumen(isi: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(isi)).read("word/document.xml")


@pytest.mark.parametrize("disetujui", [False, True])
def test_docx_xml_is_what_python_docx_writes(tmp_path: Path, disetujui: bool) -> None:
    """The DOCX's blocks, written as XML, equal python-docx's API output element for element,
    with every kind of run: code, emphasis, tabs, line breaks, edge spaces, markup characters."""
    from capkin.lkjip.blocks import Daftar, Judul, Paragraf, PisahHalaman, Run, Tabel
    from capkin.lkjip.docx import docx_lkjip

    lk = _susun(pohon(tmp_path, disetujui=disetujui))
    lain = (
        PisahHalaman(),
        Judul(3, "Baris\tsatu\ndua & <tiga>"),
        Judul(2, ""),
        Paragraf((Run(" awal", tebal=True), Run("kode ", kode=True, miring=True), Run(""))),
        Paragraf((Run("Belum ditulis"), Run(" tebal ", tebal=True)), "pengganti"),
        Daftar(((Run("satu"),), (Run("dua\r\ntiga", miring=True), Run("`x`", kode=True))), True),
        Tabel("Kosong & <x>", ("A", " B ", ""), (("1", "", " 3"), ("a\tb", "c\nd", "e")), (True,)),
        PisahHalaman(),
        PisahHalaman(),
    )
    lk = replace(lk, blok=lk.blok + lain)
    assert _isi_dokumen(docx_lkjip(lk)) == _isi_dokumen(_docx_lewat_api(lk))
