"""Budget: program and anggaran validation, serapan and efficiency worked by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from factories import capkin
from factories import tulis_data_anggaran as tulis_pohon

from capkin.errors import Masalah, Tingkat
from capkin.validation import periksa


def compute(root: Path, periode: str, fmt: str = "json") -> str:
    hasil = capkin(root, "compute", "--tahun", "2025", "--periode", periode, "--format", fmt)
    assert hasil.exit_code == 0, hasil.output
    return hasil.stdout


def _sasaran(j: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in j["sasaran"] if s["id"] == sid)


def test_indeks_tw1_by_hand(tmp_path: Path) -> None:
    """TW1 worked by hand: plans, an even split and porsi; a sasaran without program has none.

    Program Satu 160.000 / kas 200.000 = 80 %; Program Dua (no kas: pagu) 150.000 / 600.000
    = 25 %; Program Tiga 100.000 / 100.000 = 100 %. ss1 takes all of Satu, half of Dua and a
    quarter of Tiga: pagu 1.400.000, rencana 525.000, realisasi 260.000, serapan 49,52 %,
    capaian 100 → indeks 100 / 49,5238 = 2,02. ss2 takes half of Dua and 3/4 of Tiga: pagu
    600.000, rencana 375.000, realisasi 150.000, serapan 40 %, capaian 90 → indeks 2,25.
    """
    j = json.loads(compute(tulis_pohon(tmp_path), "TW1"))
    assert _sasaran(j, "ss1")["anggaran"] == {
        "pagu": 1400000,
        "rencana": 525000,
        "realisasi": 260000,
        "serapan": 49.52,
        "efisiensi": 2.02,
        "efisien": True,
        "metode": "indeks",
    }
    assert _sasaran(j, "ss2")["anggaran"] == {
        "pagu": 600000,
        "rencana": 375000,
        "realisasi": 150000,
        "serapan": 40.0,
        "efisiensi": 2.25,
        "efisien": True,
        "metode": "indeks",
    }
    assert "anggaran" not in _sasaran(j, "ss3")
    program = {p["uraian"]: p for p in j["program"]}
    assert [program[n]["serapan"] for n in ("Program Satu", "Program Dua", "Program Tiga")] == [
        80.0,
        25.0,
        100.0,
    ]


def test_indeks_tahunan_above_pagu_is_not_efficient(tmp_path: Path) -> None:
    """The year: realisasi against the pagu; Program Dua spent above its pagu.

    ss1: realisasi 1.000.000 + 330.000 + 95.000 = 1.425.000 of 1.400.000 → serapan 101,79 %,
    capaian 100 → indeks 0,98, not efficient. ss2: 330.000 + 285.000 = 615.000 of 600.000 →
    102,5 %, capaian 100 → 0,98.
    """
    j = json.loads(compute(tulis_pohon(tmp_path), "tahunan"))
    a1, a2 = _sasaran(j, "ss1")["anggaran"], _sasaran(j, "ss2")["anggaran"]
    assert (a1["rencana"], a1["realisasi"], a1["serapan"]) == (1400000, 1425000, 101.79)
    assert (a1["efisiensi"], a1["efisien"]) == (0.98, False)
    assert (a2["realisasi"], a2["serapan"], a2["efisiensi"], a2["efisien"]) == (
        615000,
        102.5,
        0.98,
        False,
    )
    _, masalah = periksa(tmp_path, riwayat=False)
    diatas = [m for m in masalah if m.kode == "realisasi-melebihi-pagu"]
    assert [(m.berkas, m.baris, m.tingkat) for m in diatas] == [
        ("data/2025/anggaran/TW4.yml", 6, Tingkat.PERINGATAN)
    ]
    assert "Rp660.000" in diatas[0].pesan and "Rp600.000" in diatas[0].pesan


def test_sisa_by_hand(tmp_path: Path) -> None:
    """`sisa`: 100 − serapan, only when capaian ≥ 100: ss1 TW1 100 − 49,52 = 50,48; ss2 (90) none."""
    j = json.loads(compute(tulis_pohon(tmp_path, "sisa"), "TW1"))
    a1, a2 = _sasaran(j, "ss1")["anggaran"], _sasaran(j, "ss2")["anggaran"]
    assert (a1["efisiensi"], a1["efisien"], a1["metode"]) == (50.48, True, "sisa")
    assert (a2["efisiensi"], a2["efisien"]) == (None, False)
    tahun = json.loads(compute(tmp_path, "tahunan"))
    # the year: 1 − 1.425.000 / 1.400.000 = −1,79 %: overspent, not efficient
    assert (
        _sasaran(tahun, "ss1")["anggaran"]["efisiensi"],
        _sasaran(tahun, "ss1")["anggaran"]["efisien"],
    ) == (
        -1.79,
        False,
    )


def test_quarter_without_anggaran_file_has_no_serapan(tmp_path: Path) -> None:
    """Without TW4's anggaran file the year has a pagu and a plan, but no realisasi."""
    (tulis_pohon(tmp_path) / "data/2025/anggaran/TW4.yml").unlink()
    j = json.loads(compute(tmp_path, "tahunan"))
    a = _sasaran(j, "ss1")["anggaran"]
    assert (a["pagu"], a["realisasi"], a["serapan"], a["efisiensi"], a["efisien"]) == (
        1400000,
        None,
        None,
        None,
        None,
    )


def test_table_and_csv_show_the_budget(tmp_path: Path) -> None:
    tulis_pohon(tmp_path)
    teks = compute(tmp_path, "TW1", "table")
    assert "Anggaran: pagu Rp1.400.000 · rencana Rp525.000 · realisasi Rp260.000" in teks
    assert "serapan 49,52 %" in teks and "efisiensi (indeks) 2,02 (efisien)" in teks
    baris = list(csv.DictReader(io.StringIO(compute(tmp_path, "TW1", "csv"))))
    per_id = {b["id"]: b for b in baris}
    assert per_id["ik2"]["anggaran_serapan"] == "40"
    assert per_id["ik2"]["anggaran_efisien"] == "ya"
    assert per_id["ik1"]["anggaran_pagu"] == "1400000"
    assert per_id["ik3"]["anggaran_pagu"] == ""


def _masalah(root: Path) -> list[Masalah]:
    _, masalah = periksa(root, riwayat=False)
    return masalah


@pytest.mark.parametrize(
    ("ganti", "berkas", "kode", "tingkat", "baris"),
    [
        # an unknown program in an anggaran file
        (
            ("data/2025/anggaran/TW1.yml", 'program: "1.01"', 'program: "9.99"'),
            "data/2025/anggaran/TW1.yml",
            "program-tidak-dikenal",
            Tingkat.GALAT,
            5,
        ),
        # TW4 below TW1: a decrease is a warning
        (
            ("data/2025/anggaran/TW4.yml", "nilai: 380000", "nilai: 90000"),
            "data/2025/anggaran/TW4.yml",
            "realisasi-anggaran-turun",
            Tingkat.PERINGATAN,
            7,
        ),
        # porsi that do not sum to 1
        (
            ("data/2025/perjanjian-kinerja.yml", "ss2: 0.75", "ss2: 0.5"),
            "data/2025/perjanjian-kinerja.yml",
            "porsi-tidak-satu",
            Tingkat.GALAT,
            32,
        ),
        # porsi for a sasaran the program does not serve
        (
            ("data/2025/perjanjian-kinerja.yml", "ss2: 0.75}", "ss3: 0.75}"),
            "data/2025/perjanjian-kinerja.yml",
            "porsi-tidak-dikenal",
            Tingkat.GALAT,
            32,
        ),
        # a sasaran that does not exist
        (
            ("data/2025/perjanjian-kinerja.yml", "sasaran: [ss1]", "sasaran: [ss9]"),
            "data/2025/perjanjian-kinerja.yml",
            "rujukan-tidak-dikenal",
            Tingkat.GALAT,
            23,
        ),
        # a program kode written as a number
        (
            ("data/2025/perjanjian-kinerja.yml", 'kode: "3.01"', "kode: 3.01"),
            "data/2025/perjanjian-kinerja.yml",
            "nilai-tidak-sah",
            Tingkat.GALAT,
            27,
        ),
        # the cash plan above the pagu
        (
            ("data/2025/perjanjian-kinerja.yml", "TW4: 400000", "TW4: 500000"),
            "data/2025/perjanjian-kinerja.yml",
            "anggaran-kas-melebihi-pagu",
            Tingkat.PERINGATAN,
            30,
        ),
        # a period that does not match the file name
        (
            ("data/2025/anggaran/TW1.yml", "periode: TW1", "periode: TW2"),
            "data/2025/anggaran/TW1.yml",
            "periode-tidak-cocok",
            Tingkat.GALAT,
            1,
        ),
    ],
)
def test_validation(
    tmp_path: Path,
    ganti: tuple[str, str, str],
    berkas: str,
    kode: str,
    tingkat: Tingkat,
    baris: int,
) -> None:
    tulis_pohon(tmp_path)
    assert [m for m in _masalah(tmp_path) if m.kode != "realisasi-melebihi-pagu"] == []
    path = tmp_path / ganti[0]
    teks = path.read_text(encoding="utf-8")
    assert ganti[1] in teks
    path.write_text(teks.replace(ganti[1], ganti[2], 1), encoding="utf-8")
    cocok = [m for m in _masalah(tmp_path) if m.kode == kode]
    assert [(m.berkas, m.baris, m.tingkat) for m in cocok] == [(berkas, baris, tingkat)], cocok


def test_unknown_program_message_names_the_programs(tmp_path: Path) -> None:
    tulis_pohon(tmp_path)
    path = tmp_path / "data/2025/anggaran/TW1.yml"
    path.write_text(path.read_text().replace("Program Dua", "Program Duaa"), encoding="utf-8")
    hasil = capkin(tmp_path, "validate")
    assert hasil.exit_code == 1
    assert (
        "data/2025/anggaran/TW1.yml:6:15: galat: realisasi[1].program: program 'Program Duaa' "
        "tidak ada di data/2025/perjanjian-kinerja.yml" in hasil.output
    )
    assert "'1.01', 'Program Dua', '3.01'" in hasil.output


REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("tahun", [2024, 2025])
def test_sample_publishes_budget_efficiency_every_quarter(tahun: int) -> None:
    """Every sasaran of the Gamping sample has serapan and efficiency in every period."""
    from capkin.achievement import hitung_semua
    from capkin.dataset import muat_dataset

    ds, _ = muat_dataset(REPO)
    for (th, _periode), hp in hitung_semua(ds).items():
        if th != tahun:
            continue
        for s in hp.sasaran:
            assert s.anggaran is not None and s.anggaran.serapan is not None, (th, _periode, s.id)
            # efficiency needs the sasaran's capaian, which a late unit can leave out
            assert (s.anggaran.efisien is None) == (s.capaian is None), (th, _periode, s.id)


def test_sample_ss2_tw2_by_hand() -> None:
    """ss2 2025 TW2 has one program, 7.01.06: 104.386.750 / kas 109.710.000 = 95,15 %;
    capaian 95,83 → indeks 95,83 / 95,1479 = 1,01."""
    j = json.loads(compute(REPO, "TW2"))
    a = _sasaran(j, "ss2")
    assert a["capaian"] == 95.83
    assert a["anggaran"] == {
        "pagu": 243800000,
        "rencana": 109710000,
        "realisasi": 104386750,
        "serapan": 95.15,
        "efisiensi": 1.01,
        "efisien": True,
        "metode": "indeks",
    }


def _laporan_html(root: Path, periode: str) -> str:
    from datetime import date

    from capkin.charts import PenggambarGrafik
    from capkin.render import Rencana, buat_env, kumpulkan, render_cetak
    from capkin.render.laporan import konteks_laporan
    from capkin.validation import muat_valid

    ds, _ = muat_valid(root)
    s = kumpulkan(ds, tanggal=date(2026, 2, 1))
    k = konteks_laporan(s, 2025, periode, False)
    return render_cetak(buat_env(root), Rencana(s, set()), PenggambarGrafik(None), k, "")


def test_report_section_table_and_chart(tmp_path: Path) -> None:
    html = _laporan_html(tulis_pohon(tmp_path), "TW1")
    bagian = html[html.index('id="anggaran"') : html.index('id="kesimpulan"')]
    assert "Realisasi anggaran dan efisiensi" in bagian
    baris = bagian[bagian.index('data-sasaran="ss1"') :]
    baris = baris[: baris.index("</tr>")]
    assert "1.400.000" in baris and "525.000" in baris and "260.000" in baris
    assert "49,52 %" in baris and "2,02 (efisien)" in baris
    assert 'data-sasaran="ss3"' not in bagian  # no program: not in the budget table
    assert "<svg" in bagian and "Serapan anggaran (%)" in bagian
    assert "Program Tiga" in bagian and "80,00 %" in bagian


def test_report_without_programs_has_no_budget_section(tmp_path: Path) -> None:
    tulis_pohon(tmp_path)
    pk = tmp_path / "data/2025/perjanjian-kinerja.yml"
    pk.write_text(pk.read_text().split("program:")[0], encoding="utf-8")
    for f in (tmp_path / "data/2025/anggaran").iterdir():
        f.unlink()
    html = _laporan_html(tmp_path, "TW1")
    assert 'id="anggaran"' not in html and "Realisasi anggaran" not in html
    assert "anggaran" not in json.loads(compute(tmp_path, "TW1"))["sasaran"][0]


def test_new_anggaran_template_validates_and_is_never_overwritten(tmp_path: Path) -> None:
    tulis_pohon(tmp_path)
    (tmp_path / "data/2025/anggaran/TW4.yml").unlink()
    hasil = capkin(tmp_path, "new", "anggaran", "--periode", "TW4")
    assert hasil.exit_code == 0, hasil.output
    teks = (tmp_path / "data/2025/anggaran/TW4.yml").read_text(encoding="utf-8")
    assert '  - program: "1.01"\n    nilai:\n' in teks
    assert "  - program: Program Dua\n    nilai:\n" in teks
    assert "anggaran kas s.d. TW4: Rp400.000 · realisasi s.d. TW1: Rp100.000" in teks
    assert [m for m in _masalah(tmp_path)] == []
    # an empty nilai is "not reported yet": the year has no realisasi
    a = _sasaran(json.loads(compute(tmp_path, "tahunan")), "ss1")["anggaran"]
    assert (a["realisasi"], a["serapan"]) == (None, None)
    lagi = capkin(tmp_path, "new", "anggaran", "--periode", "TW4")
    assert lagi.exit_code != 0 and "sudah ada; berkas itu tidak ditimpa" in lagi.output
    assert (tmp_path / "data/2025/anggaran/TW4.yml").read_text(encoding="utf-8") == teks


def test_panduan_explains_program_keys_and_its_example_is_valid() -> None:
    import yaml

    from capkin.models.anggaran_model import Anggaran
    from capkin.models.perjanjian_kinerja_model import Program
    from capkin.scaffold import panduan_markdown

    bagian = panduan_markdown().split("## 10.", 1)[1]
    for nama in Program.model_fields:
        assert f"`{nama}`" in bagian, nama
    contoh = yaml.safe_load(bagian.split("```yaml\n", 1)[1].split("```", 1)[0])
    assert Anggaran.model_validate(contoh).realisasi[0].program == "7.01.01"


def _kertas_kerja_kpe(root: Path) -> Path:
    """Make the Kasubbag KPE's TW4 worksheet (its unit answers for ik3) and return its path."""
    pk = root / "data/2025/perjanjian-kinerja.yml"
    pk.write_text(
        pk.read_text().replace(
            "target: 10, penanggung_jawab: jawatan-umum", "target: 10, penanggung_jawab: subbag-kpe"
        ),
        encoding="utf-8",
    )
    (root / "data/2025/anggaran/TW4.yml").unlink()
    hasil = capkin(root, "worksheet", "make", "--periode", "TW4", "--unit", "subbag-kpe", "--out", str(root / "kk"))  # fmt: skip
    assert hasil.exit_code == 0, hasil.output
    [xlsx] = (root / "kk").glob("*.xlsx")
    return xlsx


def _isi(xlsx: Path, nilai: dict[str, object]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    ws = wb["Anggaran"]
    for r in range(7, ws.max_row + 1):
        kode = ws.cell(r, 1).value
        if kode in nilai:
            ws.cell(r, 6).value = nilai[kode]
    wb.save(xlsx)


def _impor(root: Path, xlsx: Path, *opsi: str) -> Any:
    return capkin(root, "worksheet", "import", str(xlsx), *opsi)


def test_worksheet_anggaran_sheet_round_trip(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    tulis_pohon(tmp_path)
    xlsx = _kertas_kerja_kpe(tmp_path)
    wb = load_workbook(xlsx)
    assert wb.sheetnames[:2] == ["Kertas Kerja", "Anggaran"]
    ws = wb["Anggaran"]
    baris = [[c.value for c in r] for r in ws.iter_rows(min_row=7, max_row=9)]
    assert baris == [
        ["1.01", "Program Satu", 1000000, None, 160000, None],
        ["Program Dua", "Program Dua", 600000, None, 150000, None],
        ["3.01", "Program Tiga", 400000, 400000, 100000, None],
    ]
    assert ws.protection.sheet and not ws.cell(7, 6).protection.locked
    assert ws.cell(7, 5).protection.locked
    _isi(xlsx, {"1.01": 1000000, "Program Dua": 660000, "3.01": 380000})
    hasil = _impor(tmp_path, xlsx)
    assert hasil.exit_code == 0, hasil.output
    a = _sasaran(json.loads(compute(tmp_path, "tahunan")), "ss1")["anggaran"]
    assert (a["realisasi"], a["serapan"]) == (1425000, 101.79)  # as worked by hand above
    teks = (tmp_path / "data/2025/anggaran/TW4.yml").read_text(encoding="utf-8")
    # a different figure is a conflict: refused without --force, the file untouched
    _isi(xlsx, {"3.01": 390000})
    lagi = _impor(tmp_path, xlsx)
    assert lagi.exit_code != 0 and "--force" in lagi.output
    assert (tmp_path / "data/2025/anggaran/TW4.yml").read_text(encoding="utf-8") == teks
    assert _impor(tmp_path, xlsx, "--force").exit_code == 0
    assert "nilai: 390000" in (tmp_path / "data/2025/anggaran/TW4.yml").read_text(encoding="utf-8")


def test_worksheet_anggaran_refuses_text_and_unknown_programs(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    tulis_pohon(tmp_path)
    xlsx = _kertas_kerja_kpe(tmp_path)
    _isi(xlsx, {"1.01": "satu juta"})
    wb = load_workbook(xlsx)
    wb["Anggaran"].cell(9, 1).value = "9.99"
    wb.save(xlsx)
    hasil = _impor(tmp_path, xlsx)
    assert hasil.exit_code != 0
    assert "!Anggaran!F7" in hasil.output and "'satu juta'" in hasil.output
    assert "!Anggaran!A9" in hasil.output and "program '9.99' tidak ada" in hasil.output
    assert not (tmp_path / "data/2025/anggaran/TW4.yml").exists()


def test_site_shows_approved_capaian_with_todays_budget(tmp_path: Path) -> None:
    """TW1 approved before the budget was recorded; a later realisasi change stays a draft.

    The published TW1 keeps the approved capaian (ss1 100 %, not 75 % from the later 60) and
    gains today's budget: serapan 49,52 %, indeks 100 / 49,5238 = 2,02.
    """
    from datetime import date

    from factories import RepoUji, siklus_yml

    from capkin.dataset import muat_dataset
    from capkin.render import kumpulkan

    tulis_pohon(tmp_path)
    anggaran = {
        f"data/2025/anggaran/{p}.yml": (tmp_path / f"data/2025/anggaran/{p}.yml").read_text()
        for p in ("TW1", "TW4")
    }
    for b in anggaran:
        (tmp_path / b).unlink()
    (tmp_path / "data/2025/realisasi/TW4/jawatan-umum.yml").unlink()
    repo = RepoUji.buat(tmp_path)
    repo.commit("Data awal", oleh="kasubbag-kpe")
    oleh = ["kasubbag-kpe"] * 3 + ["panewu-anom"] * 2 + ["panewu"]
    langkah = [(n, f"2025-04-{10 + n}", o) for n, o in enumerate(oleh, 1)]
    for n in range(1, 7):
        repo.commit(
            f"Langkah {n}",
            {"data/2025/siklus/TW1.yml": siklus_yml("TW1", langkah[:n])},
            oleh=oleh[n - 1],
        )
    real = tmp_path / "data/2025/realisasi/TW1/jawatan-umum.yml"
    repo.commit(
        "Koreksi ik1", {real.relative_to(tmp_path).as_posix(): real.read_text().replace("ik1, nilai: 80", "ik1, nilai: 60")},
        oleh="kepala-jawatan-umum",
    )  # fmt: skip
    repo.commit("Anggaran TW1", {"data/2025/anggaran/TW1.yml": anggaran["data/2025/anggaran/TW1.yml"]}, oleh="kasubbag-kpe")  # fmt: skip
    ds, _ = muat_dataset(tmp_path)
    s = kumpulkan(ds, tanggal=date(2025, 5, 1))
    ss1 = next(x for x in s.hasil[(2025, "TW1")].sasaran if x.id == "ss1")
    assert ss1.capaian is not None and float(ss1.capaian) == 100.0
    assert ss1.anggaran is not None and ss1.anggaran.as_json()["serapan"] == 49.52
    assert ss1.anggaran.as_json()["efisiensi"] == 2.02
    kini = next(x for x in s.terbit.draf[(2025, "TW1")].sasaran if x.id == "ss1")
    assert kini.capaian is not None and float(kini.capaian) == 75.0
    # the approved page says its budget figures are today's, not part of what was approved
    from capkin.charts import PenggambarGrafik
    from capkin.render import Rencana, buat_env, render_cetak
    from capkin.render.laporan import konteks_laporan

    def laporan(periode: str, draf: bool = False) -> str:
        k = konteks_laporan(s, 2025, periode, False, draf=draf)
        return render_cetak(buat_env(tmp_path), Rencana(s, set()), PenggambarGrafik(None), k, "")

    disahkan = laporan("TW1")
    assert 'id="anggaran"' in disahkan
    assert "bukan bagian laporan yang disahkan" in disahkan
    assert "bukan bagian laporan yang disahkan" not in laporan("TW1", draf=True)


def test_worksheet_import_reports_realisasi_and_anggaran_of_one_workbook(tmp_path: Path) -> None:
    """A KPE workbook fills two files; the summary names both."""
    tulis_pohon(tmp_path)
    xlsx = _kertas_kerja_kpe(tmp_path)
    (tmp_path / "data/2025/realisasi/TW4/jawatan-umum.yml").unlink()
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    ws = wb["Kertas Kerja"]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value == "ik3":
            ws.cell(r, 5).value = 9
    wb.save(xlsx)
    _isi(xlsx, {"1.01": 1000000, "Program Dua": 660000, "3.01": 380000})
    hasil = _impor(tmp_path, xlsx, "--dry-run")
    assert hasil.exit_code == 0, hasil.output
    assert "→ data/2025/realisasi/TW4/subbag-kpe.yml (berkas baru)" in hasil.output
    assert "→ data/2025/anggaran/TW4.yml (berkas baru)" in hasil.output
    assert "1 nilai baru, 0 diubah, 0 sama" in hasil.output
    assert "3 nilai baru, 0 diubah, 0 sama" in hasil.output
    assert _impor(tmp_path, xlsx).exit_code == 0
    teks = (tmp_path / "data/2025/anggaran/TW4.yml").read_text(encoding="utf-8")
    assert "  - program: '1.01'\n" in teks, teks  # a kode stays text, never the float 1.01


def test_table_never_wraps_a_percent_sign_alone(tmp_path: Path) -> None:
    """'serapan 18,75 %' stays on one line whatever the width: never '18,75' / '%'."""
    from capkin.achievement.engine import hitung
    from capkin.achievement.terminal_table import tabel
    from capkin.dataset import muat_dataset
    from capkin.models.base import Periode

    ds, _ = muat_dataset(tulis_pohon(tmp_path))
    hasil = hitung(ds, 2025, Periode.TW1)
    for lebar in range(70, 121):
        for baris in tabel(hasil, lebar).splitlines():
            assert not baris.strip().startswith("%"), (lebar, baris)


def test_kpe_without_indicators_still_gets_the_anggaran_sheet(tmp_path: Path) -> None:
    """A Subbag Perencanaan that answers for no IKU: its workbook carries only the budget."""
    from openpyxl import load_workbook

    tulis_pohon(tmp_path)  # no indicator has subbag-kpe as penanggung_jawab
    (tmp_path / "data/2025/anggaran/TW4.yml").unlink()
    hasil = capkin(tmp_path, "worksheet", "make", "--periode", "TW4", "--out", str(tmp_path / "kk"))  # fmt: skip
    assert hasil.exit_code == 0, hasil.output
    xlsx = tmp_path / "kk/kertas-kerja-2025-TW4-subbag-kpe.xlsx"
    assert load_workbook(xlsx).sheetnames[:2] == ["Kertas Kerja", "Anggaran"]
    _isi(xlsx, {"1.01": 1000000, "Program Dua": 660000, "3.01": 380000})
    hasil = _impor(tmp_path, xlsx)
    assert hasil.exit_code == 0, hasil.output
    assert not (tmp_path / "data/2025/realisasi/TW4/subbag-kpe.yml").exists()
    teks = (tmp_path / "data/2025/anggaran/TW4.yml").read_text(encoding="utf-8")
    assert "nilai: 380000" in teks
