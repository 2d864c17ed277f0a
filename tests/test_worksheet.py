"""`capkin worksheet make` and `capkin worksheet import`: XLSX out to the units and back."""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from factories import capkin, compute_json, siklus_yml, tulis, tulis_data_lengkap
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from capkin.dataset import muat_dataset
from capkin.models.base import Periode
from capkin.worksheet import (
    BELUM_DITETAPKAN,
    JUDUL_KOLOM,
    LEMBAR,
    LEMBAR_IDENTITAS,
    batas_waktu,
)

SOSIAL = "data/2025/realisasi/TW1/jawatan-sosial.yml"
PRAJA = "data/2025/realisasi/TW1/jawatan-praja.yml"
HEADER = 16
"""Header row of a worksheet made by this version (title, 5 heading rows, 5 instructions)."""
PANJANG = "Responden survei sedikit karena" + " hujan dan banjir di padukuhan," * 6
"""A hambatan longer than a line, which must stay on its one line."""


def _repo(tmp_path: Path) -> Path:
    return tulis_data_lengkap(tmp_path / "repo")


def _capkin(root: Path, *args: str) -> Result:
    return capkin(root, "worksheet", *args)


def _buat(root: Path, periode: str = "TW1", unit: str = "jawatan-sosial") -> Path:
    out = root.parent / "keluar"
    hasil = _capkin(root, "make", "--periode", periode, "--unit", unit, "--out", str(out))
    assert hasil.exit_code == 0, hasil.output
    return out / f"kertas-kerja-2025-{periode}-{unit}.xlsx"


def _isi(sumber: Path, isian: Mapping[str, object], nama: str = "isi.xlsx") -> Path:
    """Fill cells (A1 references, value None clears) and save under a new name."""
    wb = load_workbook(sumber)
    ws = wb[LEMBAR]
    for alamat, nilai in isian.items():
        ws[alamat] = nilai
    tujuan = sumber.parent / nama
    wb.save(tujuan)
    return tujuan


def _ganti(root: Path, berkas: str, lama: str, baru: str) -> None:
    teks = (root / berkas).read_text(encoding="utf-8")
    assert lama in teks
    tulis(root, berkas, teks.replace(lama, baru))


def _terisi(data: object) -> object:
    """Return a realisasi file's data without the empty keys and entries of the template."""
    assert isinstance(data, dict)
    entri = [
        {k: v for k, v in e.items() if v not in (None, [])} for e in data.get("realisasi") or []
    ]
    return {**data, "realisasi": [e for e in entri if set(e) != {"indikator"}]}


def _yaml(root: Path, berkas: str) -> object:
    # libyaml, as capkin reads the file (pure-Python PyYAML refuses `[https://x/?]`)
    return yaml.load((root / berkas).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


# --- make -----------------------------------------------------------------------------------


def test_make_menulis_kertas_kerja_yang_terkunci_dan_terisi(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    wb = load_workbook(_buat(root, "TW1", "jawatan-praja"))
    assert wb.sheetnames == [LEMBAR, LEMBAR_IDENTITAS]
    ws = wb[LEMBAR]
    teks = [str(c.value) for row in ws.iter_rows(max_row=HEADER - 1) for c in row if c.value]
    assert ": Kapanewon Uji Lengkap" in teks
    assert ": Jawatan Praja" in teks
    assert ": Triwulan I (TW1)" in teks
    assert ": 22 April 2025" in teks  # step 2 started 2 April; cuti bersama and Good Friday
    assert any("Sel yang dikosongkan tidak menghapus" in t for t in teks)
    assert tuple(c.value for c in ws[HEADER]) == JUDUL_KOLOM
    baris = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER + 1, max_row=HEADER + 3)]
    ikm = "Indeks Kepuasan Masyarakat\n— Isi nilai keadaan akhir TW1"
    assert baris[0][:5] == ["ik-ikm", ikm, "indeks", "82", 83.4]
    assert baris[0][5:] == [
        "Responden survei sedikit",
        "Survei daring",
        None,
        "bukti/ikm.txt\nhttps://example.go.id/ikm",
    ]
    waktu = "Rata-rata waktu penyelesaian layanan\n— Isi nilai TW1 saja; capkin merata-ratakan"
    assert baris[1][0] == "ik-waktu" and baris[1][2:5] == ["hari", "3", 2.5]
    assert str(baris[1][1]).startswith(waktu)
    assert baris[2] == [None] * len(JUDUL_KOLOM)
    assert ws.protection.sheet
    assert ws.cell(HEADER + 1, 4).protection.locked
    assert all(not ws.cell(HEADER + 1, k).protection.locked for k in range(5, 10))
    assert ws.cell(HEADER + 3, 5).protection.locked
    (dv,) = ws.data_validations.dataValidation
    assert (dv.type, str(dv.sqref)) == ("decimal", "E17 E18")
    identitas = wb[LEMBAR_IDENTITAS]
    assert identitas.sheet_state == "veryHidden"
    data = {r[0].value: r[1].value for r in identitas.iter_rows(max_col=2)}
    assert data["instansi"] == "Kapanewon Uji Lengkap"
    assert (data["tahun"], data["periode"], data["unit"]) == ("2025", "TW1", "jawatan-praja")
    assert data["versi"] == "1"
    assert len(data["checksum"]) == 64


def test_make_target_per_jenis_dan_dropdown_skala(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    ws = load_workbook(_buat(root, "TW2", "jawatan-sosial"))[LEMBAR]
    target = [ws.cell(r, 4).value for r in range(HEADER + 1, HEADER + 4)]
    assert target == ["90 – 100", "20", "BB"]
    assert [ws.cell(r, 5).value for r in range(HEADER + 1, HEADER + 4)] == [None] * 3
    jenis = {dv.type: (str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation}
    assert jenis["list"] == ("E19", '"C,CC,B,BB,A,AA"')
    assert jenis["decimal"][0] == "E17 E18"


def test_batas_waktu_mengikuti_jam_sop(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    ds, _ = muat_dataset(root)
    assert batas_waktu(ds, 2025, Periode.TW2) is None
    tulis(root, "data/2025/siklus/TW2.yml", siklus_yml("TW2", [(1, "2025-07-01", "kasubbag-kpe")]))
    ds, _ = muat_dataset(root)
    assert str(batas_waktu(ds, 2025, Periode.TW2)) == "2025-07-15"
    ws = load_workbook(_buat(root, "TW2"))[LEMBAR]
    assert ws["B7"].value == ": 15 Juli 2025"


def test_make_tanpa_siklus_menyebut_belum_ditetapkan(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    out = tmp_path / "semua"
    hasil = _capkin(root, "make", "--periode", "TW3", "--out", str(out))
    assert hasil.exit_code == 0, hasil.output
    assert sorted(p.name for p in out.iterdir()) == [
        "kertas-kerja-2025-TW3-jawatan-praja.xlsx",
        "kertas-kerja-2025-TW3-jawatan-sosial.xlsx",
    ]
    assert "dilewati (bukan penanggung jawab indikator): subbag-kpe" in hasil.output
    assert BELUM_DITETAPKAN in hasil.output
    ws = load_workbook(out / "kertas-kerja-2025-TW3-jawatan-praja.xlsx")[LEMBAR]
    assert ws["B7"].value == f": {BELUM_DITETAPKAN}"


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (["--unit", "jawatan-hilang"], "unit 'jawatan-hilang' tidak ada di data/instansi.yml"),
        (["--unit", "subbag-kpe"], "tidak menjadi penanggung jawab indikator apa pun"),
        (["--tahun", "2030"], "tahun 2030 belum punya data/2030/perjanjian-kinerja.yml"),
    ],
)
def test_make_menolak_unit_atau_tahun_yang_salah(
    tmp_path: Path, args: list[str], pesan: str
) -> None:
    root = _repo(tmp_path)
    hasil = _capkin(root, "make", "--periode", "TW1", "--out", str(tmp_path / "o"), *args)
    assert hasil.exit_code == 2
    assert pesan in hasil.output
    assert "Traceback" not in hasil.output


# --- import: the happy paths ------------------------------------------------------------------


def test_import_berkas_baru_memuat_persis_isian(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    isi = _isi(
        _buat(root, "TW2"),
        {
            "E17": "92,5",
            "F17": "Pencairan anggaran terlambat\nkarena revisi DPA",
            "G17": "Koordinasi dengan BKAD",
            "I17": "https://sleman.go.id/dpa.pdf; bukti/ikm.txt",
            "E18": 18,
            "H18": "Tambah kegiatan di TW3",
            "E19": "bb",
        },
    )
    hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-07-10")
    assert hasil.exit_code == 0, hasil.output
    assert f"{isi}!Kertas Kerja!E17: '92,5' dibaca sebagai 92.5" in hasil.output
    assert f"{isi}!Kertas Kerja!E19: 'bb' dibaca sebagai 'BB' (ejaan skala)" in hasil.output
    assert "7 nilai baru, 0 diubah, 0 sama" in hasil.output
    assert "(berkas baru)" in hasil.output
    assert "Validasi ulang seluruh data: 0 galat" in hasil.output
    berkas = "data/2025/realisasi/TW2/jawatan-sosial.yml"
    # a new file is written as `capkin new realisasi` writes it: the same guide comments
    teks = (root / berkas).read_text(encoding="utf-8")
    assert "# Realisasi Triwulan II 2025 — Jawatan Sosial" in teks
    assert "# isi jumlah TW2 SAJA, bukan total sejak awal tahun" in teks
    assert _terisi(_yaml(root, berkas)) == {
        "periode": "TW2",
        "unit": "jawatan-sosial",
        "disampaikan_oleh": "kepala-jawatan-sosial",
        "tanggal": dt.date(2025, 7, 10),
        "realisasi": [
            {
                "indikator": "ik-serapan",
                "nilai": 92.5,
                "hambatan": "Pencairan anggaran terlambat\nkarena revisi DPA",
                "strategi": "Koordinasi dengan BKAD",
                "bukti": ["https://sleman.go.id/dpa.pdf", "bukti/ikm.txt"],
            },
            {"indikator": "ik-kegiatan", "nilai": 18, "tindak_lanjut": "Tambah kegiatan di TW3"},
            {"indikator": "ik-sakip", "nilai": "BB"},
        ],
    }
    sebelum = (root / berkas).read_bytes()
    lagi = _capkin(root, "import", str(isi), "--tanggal", "2025-07-20")
    assert lagi.exit_code == 0, lagi.output
    assert "0 nilai baru, 0 diubah, 7 sama" in lagi.output
    assert "Tidak ada perubahan" in lagi.output
    assert (root / berkas).read_bytes() == sebelum


def test_import_menjaga_komentar_urutan_dan_nilai_lama(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    asli = (
        "# Laporan TW1 Jawatan Praja\n"
        "periode: TW1\n"
        "unit: jawatan-praja\n"
        "disampaikan_oleh: kepala-jawatan-praja  # kepala jawatan\n"
        "tanggal: 2025-04-08\n"
        "realisasi:\n"
        "  # IKM dari survei triwulan\n"
        "  - indikator: ik-ikm\n"
        "    nilai: 83.4   # angka sementara\n"
        f"    hambatan: {PANJANG}\n"
        "    bukti: [bukti/ikm.txt]\n"
        "  - indikator: ik-waktu\n"
        "    nilai: 2.5\n"
    )
    tulis(root, PRAJA, asli)
    isi = _isi(
        _buat(root, "TW1", "jawatan-praja"),
        {"H17": "Survei daring tiap bulan", "E18": None, "G18": "Antrean daring"},
    )
    hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-04-10")
    assert hasil.exit_code == 0, hasil.output
    assert "2 nilai baru, 0 diubah, 3 sama" in hasil.output
    assert "tanggal penyampaian: 2025-04-08 → 2025-04-10" in hasil.output  # said, not silent
    assert (root / PRAJA).read_text(encoding="utf-8") == (
        "# Laporan TW1 Jawatan Praja\n"
        "periode: TW1\n"
        "unit: jawatan-praja\n"
        "disampaikan_oleh: kepala-jawatan-praja  # kepala jawatan\n"
        "tanggal: 2025-04-10\n"
        "realisasi:\n"
        "  # IKM dari survei triwulan\n"
        "  - indikator: ik-ikm\n"
        "    nilai: 83.4   # angka sementara\n"
        f"    hambatan: {PANJANG}\n"
        "    tindak_lanjut: Survei daring tiap bulan\n"
        "    bukti: [bukti/ikm.txt]\n"
        "  - indikator: ik-waktu\n"
        "    nilai: 2.5\n"
        "    strategi: Antrean daring\n"
    )


def test_konflik_tanpa_force_tidak_mengubah_apa_pun(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    praja = _isi(_buat(root, "TW1", "jawatan-praja"), {"G18": "Antrean daring"}, "praja.xlsx")
    sosial = _isi(_buat(root, "TW1"), {"E17": 30, "E19": "BB"}, "sosial.xlsx")
    sebelum = {b: (root / b).read_bytes() for b in (PRAJA, SOSIAL)}
    hasil = _capkin(root, "import", str(praja), str(sosial))
    assert hasil.exit_code == 1
    assert f"diubah: {sosial}!Kertas Kerja!E17: ik-serapan · nilai: 24.5 → 30" in hasil.output
    assert f"diubah: {sosial}!Kertas Kerja!E19: ik-sakip · nilai: 'B' → 'BB'" in hasil.output
    assert "Tidak ada berkas yang diubah: 2 nilai berbeda" in hasil.output
    assert {b: (root / b).read_bytes() for b in (PRAJA, SOSIAL)} == sebelum

    kering = _capkin(root, "import", str(praja), str(sosial), "--force", "--dry-run")
    assert kering.exit_code == 0, kering.output
    assert "Uji coba (--dry-run): tidak ada berkas yang ditulis." in kering.output
    assert f"baru: {praja}!Kertas Kerja!G18: ik-waktu · strategi: 'Antrean daring'" in kering.output
    assert {b: (root / b).read_bytes() for b in (PRAJA, SOSIAL)} == sebelum

    paksa = _capkin(root, "import", str(praja), str(sosial), "--force", "--tanggal", "2025-04-12")
    assert paksa.exit_code == 0, paksa.output
    data = _yaml(root, SOSIAL)
    assert isinstance(data, dict)
    assert [e["nilai"] for e in data["realisasi"]] == [30, 9, "BB"]
    assert str(data["tanggal"]) == "2025-04-12"
    assert "Antrean daring" in (root / PRAJA).read_text(encoding="utf-8")


def test_sel_kosong_tidak_menghapus_nilai(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    isi = _isi(_buat(root), {"E17": None, "E18": "  ", "E19": None})
    sebelum = (root / SOSIAL).read_bytes()
    hasil = _capkin(root, "import", str(isi))
    assert hasil.exit_code == 0, hasil.output
    assert "0 nilai baru, 0 diubah, 0 sama" in hasil.output
    assert (root / SOSIAL).read_bytes() == sebelum


# --- import: refusals -------------------------------------------------------------------------


def _tulis_identitas(sumber: Path, kunci: str, nilai: str, nama: str) -> Path:
    wb = load_workbook(sumber)
    for row in wb[LEMBAR_IDENTITAS].iter_rows(max_col=2):
        if row[0].value == kunci:
            row[1].value = nilai
    tujuan = sumber.parent / nama
    wb.save(tujuan)
    return tujuan


def _gagal(root: Path, *args: str) -> str:
    hasil = _capkin(root, "import", *args)
    assert hasil.exit_code == 1, hasil.output
    assert "Traceback" not in hasil.output
    assert "Tidak ada berkas yang diubah" in hasil.output
    return hasil.output


def test_kertas_kerja_periode_atau_unit_lain_ditolak(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    kk = _isi(_buat(root), {"G17": "Strategi baru"})
    sebelum = (root / SOSIAL).read_bytes()
    keluaran = _gagal(root, str(kk), "--periode", "TW2")
    assert f"{kk}: galat: kertas kerja ini untuk periode TW1, bukan TW2" in keluaran
    keluaran = _gagal(root, str(kk), "--unit", "jawatan-praja")
    assert "untuk unit jawatan-sosial, bukan jawatan-praja" in keluaran
    ditukar = _tulis_identitas(kk, "unit", "jawatan-praja", "tukar.xlsx")
    keluaran = _gagal(root, str(ditukar))
    assert f"{ditukar}!Kertas Kerja!A17:A19: galat: kode indikator" in keluaran
    assert "lembar identitas telah diubah" in keluaran
    periode = _tulis_identitas(kk, "periode", "TW2", "periode.xlsx")
    assert "lembar identitas telah diubah" in _gagal(root, str(periode))
    assert (root / SOSIAL).read_bytes() == sebelum
    assert not (root / "data/2025/realisasi/TW2").exists()


def test_kertas_kerja_instansi_lain_ditolak(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    kk = _isi(_buat(root), {"G17": "Strategi baru"})
    lain = tulis_data_lengkap(tmp_path / "lain")
    _ganti(lain, "data/instansi.yml", "Kapanewon Uji Lengkap", "Kapanewon Lain")
    keluaran = _gagal(lain, str(kk))
    assert "milik instansi 'Kapanewon Uji Lengkap', bukan 'Kapanewon Lain'" in keluaran


def test_judul_kolom_atau_kode_yang_diubah_ditolak(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    dibuat = _buat(root)
    judul = _isi(dibuat, {"E16": "Nilai", "E17": 30}, "judul.xlsx")
    keluaran = _gagal(root, str(judul))
    assert f"{judul}!Kertas Kerja!E16: galat: judul kolom harus 'Realisasi', ditemukan 'Nilai'" in (
        keluaran
    )
    kode = _isi(dibuat, {"A18": "ik-sakip", "A19": "ik-kegiatan", "E17": 30}, "kode.xlsx")
    assert "kode indikator, urutan baris" in _gagal(root, str(kode))


def test_tipe_salah_dilaporkan_di_selnya(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    isi = _isi(
        _buat(root, "TW2"),
        {"E17": "delapan puluh", "E18": "1.250", "E19": "Baik", "G18": "boleh"},
    )
    keluaran = _gagal(root, str(isi))
    sel = f"{isi}!Kertas Kerja!"
    assert f"{sel}E17: galat: Realisasi 'ik-serapan': harus berupa angka" in keluaran
    assert f"{sel}E18: galat: Realisasi 'ik-kegiatan': '1.250' bermakna ganda" in keluaran
    assert (
        f"{sel}E19: galat: Realisasi 'ik-sakip': harus salah satu tingkatan skala indikator "
        "'ik-sakip' (C, CC, B, BB, A, AA), ditemukan 'Baik'"
    ) in keluaran
    assert "Tidak ada berkas yang diubah: 3 galat" in keluaran
    assert not (root / "data/2025/realisasi/TW2").exists()


def test_bukti_di_luar_repo_dilaporkan_di_selnya(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    isi = _isi(_buat(root, "TW2"), {"E17": 95, "I17": "bukti/ikm.txt\n../../etc/passwd"})
    keluaran = _gagal(root, str(isi))
    assert f"{isi}!Kertas Kerja!I17: galat: bukti '../../etc/passwd' menunjuk ke luar repo" in (
        keluaran
    )
    assert not (root / "data/2025/realisasi/TW2").exists()


def test_unit_tanpa_kepala_tidak_bisa_membuat_berkas_baru(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    kk = _isi(_buat(root, "TW2"), {"E17": 95})
    _ganti(root, "data/instansi.yml", "unit: jawatan-sosial\n", "unit: null\n")
    keluaran = _gagal(root, str(kk))
    assert "unit 'jawatan-sosial' tidak punya pejabat dengan peran kepala-jawatan" in keluaran


def test_dua_kertas_kerja_unit_yang_sama_ditolak(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    dibuat = _buat(root, "TW2")
    a, b = _isi(dibuat, {"E17": 95}, "a.xlsx"), _isi(dibuat, {"E17": 96}, "b.xlsx")
    assert "sama-sama kertas kerja unit 'jawatan-sosial'" in _gagal(root, str(a), str(b))


# --- hostile files ------------------------------------------------------------------------------


def test_berkas_bukan_xlsx_dan_tidak_ada(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    teks = tulis(tmp_path, "palsu.xlsx", "ini bukan kertas kerja")
    assert f"{teks}: galat: bukan berkas XLSX" in _gagal(root, str(teks))
    docx = tmp_path / "dokumen.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "bukan berkas XLSX" in _gagal(root, str(docx))
    assert "berkas tidak ditemukan" in _gagal(root, str(tmp_path / "hilang.xlsx"))


def test_berkas_terlalu_besar_ditolak(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    besar = tmp_path / "besar.xlsx"
    with besar.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    assert "melebihi batas 20 MB" in _gagal(root, str(besar))


def test_bom_zip_ditolak(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    bom = _isi(_buat(root), {}, "bom.xlsx")
    blok = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(bom, "a", compression=zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/kosong.bin", "w", force_zip64=True) as f,
    ):
        for _ in range(60):
            f.write(blok)
    assert bom.stat().st_size < 1024 * 1024
    assert "melebihi 50 MB" in _gagal(root, str(bom))


def test_rumus_tanpa_nilai_tersimpan_ditolak(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    isi = _isi(_buat(root, "TW2"), {"E17": "=90+5", "E18": 18})
    keluaran = _gagal(root, str(isi))
    assert f"{isi}!Kertas Kerja!E17: galat: sel berisi rumus yang belum pernah dihitung" in keluaran
    assert not (root / "data/2025/realisasi/TW2").exists()


def test_import_ke_kerangka_kosong_dan_sel_berformat_persen(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    berkas = "data/2025/realisasi/TW2/jawatan-sosial.yml"
    kerangka = (
        "# Realisasi TW2 — isi nilai setiap indikator\n"
        "periode: TW2\n"
        "unit: jawatan-sosial\n"
        "disampaikan_oleh: kepala-jawatan-sosial\n"
        "tanggal: 2025-07-01\n"
        "realisasi:\n"
        "  # ik-serapan — Serapan anggaran\n"
        "  - indikator: ik-serapan\n"
        "    nilai:\n"
        "    hambatan:\n"
        "    bukti: []\n"
        "  - indikator: ik-sakip\n"
        "    nilai:\n"
    )
    tulis(root, berkas, kerangka)
    wb = load_workbook(_buat(root, "TW2"))
    ws = wb[LEMBAR]
    ws["E17"], ws["F17"], ws["I17"], ws["E19"] = 0.925, "Hambatan A", "bukti/ikm.txt", "A"
    ws["E17"].number_format = "0.0%"
    isi = tmp_path / "persen.xlsx"
    wb.save(isi)
    hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-07-09")
    assert hasil.exit_code == 0, hasil.output
    assert f"{isi}!Kertas Kerja!E17: 0.925 berformat persen dibaca sebagai 92.5" in hasil.output
    assert (root / berkas).read_text(encoding="utf-8") == (
        kerangka.replace("2025-07-01", "2025-07-09")
        .replace("    nilai:\n    hambatan:\n", "    nilai: 92.5\n    hambatan: Hambatan A\n")
        .replace("bukti: []", "bukti: [bukti/ikm.txt]")
        .replace("ik-sakip\n    nilai:\n", "ik-sakip\n    nilai: A\n")
    )


def test_galat_di_satu_kertas_kerja_membatalkan_semuanya(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    baik = _isi(_buat(root, "TW2", "jawatan-praja"), {"E17": 84}, "baik.xlsx")
    buruk = _isi(_buat(root, "TW2"), {"E17": "sembilan puluh"}, "buruk.xlsx")
    keluaran = _gagal(root, str(baik), str(buruk))
    assert f"[1/2] {baik} → data/2025/realisasi/TW2/jawatan-praja.yml (berkas baru)" in keluaran
    assert not (root / "data/2025/realisasi/TW2").exists()
    kering = _capkin(root, "import", str(baik), "--dry-run")
    assert kering.exit_code == 0, kering.output
    assert f"baru: {baik}!Kertas Kerja!E17: ik-ikm · nilai: 84" in kering.output
    assert not (root / "data/2025/realisasi/TW2").exists()


def _ubah_bagian(sumber: Path, tujuan: Path, bagian: str, isi: bytes | None) -> Path:
    """Copy an XLSX, replacing one zip member (None: dropping it)."""
    with zipfile.ZipFile(sumber) as z_in, zipfile.ZipFile(tujuan, "w") as z_out:
        for info in z_in.infolist():
            if info.filename == bagian:
                if isi is not None:
                    z_out.writestr(info, isi)
            else:
                z_out.writestr(info, z_in.read(info))
    return tujuan


@pytest.mark.parametrize(
    ("bagian", "ubah"),
    [
        ("xl/worksheets/sheet1.xml", lambda b: b[: len(b) // 2]),
        ("xl/worksheets/sheet2.xml", lambda b: b"<worksheet><sheetData><row r='x'>"),
        (
            "xl/worksheets/sheet2.xml",
            lambda b: b.replace(b't="inlineStr"><is><t>format</t></is>', b't="s"><v>99</v>', 1),
        ),
        ("xl/worksheets/sheet1.xml", lambda b: b.replace(b'r="E17"', b'r="E17" t="e"', 1)),
        ("xl/workbook.xml", lambda b: b"\x00\xff bukan xml"),
        ("xl/styles.xml", lambda b: b[:-40]),
        ("[Content_Types].xml", lambda b: None),
        (
            "xl/worksheets/sheet2.xml",
            lambda b: b.replace(b"<sheetData>", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><sheetData>'),
        ),
    ],
)
def test_xlsx_rusak_dilaporkan_tanpa_traceback(tmp_path: Path, bagian: str, ubah: object) -> None:
    root = _repo(tmp_path)
    sumber = _isi(_buat(root), {"G17": "Strategi"})
    with zipfile.ZipFile(sumber) as z:
        asli = z.read(bagian)
    assert callable(ubah)
    rusak = _ubah_bagian(sumber, tmp_path / "rusak.xlsx", bagian, ubah(asli))
    sebelum = (root / SOSIAL).read_bytes()
    keluaran = _gagal(root, str(rusak))
    assert f"{rusak}: galat: " in keluaran
    assert (root / SOSIAL).read_bytes() == sebelum


def test_skala_panjang_memakai_daftar_di_lembar_identitas(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _ganti(
        root,
        "data/2025/perjanjian-kinerja.yml",
        "target: BB\n        skala: [C, CC, B, BB, A, AA]",
        'target: Baik\n        skala: ["Kurang, perlu pembinaan", Cukup, Baik, "Sangat baik"]',
    )
    tulis(root, SOSIAL, (root / SOSIAL).read_text(encoding="utf-8").replace("nilai: B\n", ""))
    wb = load_workbook(_buat(root, "TW2"))
    (dv,) = [dv for dv in wb[LEMBAR].data_validations.dataValidation if dv.type == "list"]
    assert dv.formula1 == f"'{LEMBAR_IDENTITAS}'!$D$1:$D$4"
    daftar = [wb[LEMBAR_IDENTITAS].cell(r, 4).value for r in range(1, 5)]
    assert daftar == ["Kurang, perlu pembinaan", "Cukup", "Baik", "Sangat baik"]
    wb[LEMBAR]["E19"] = "kurang, PERLU pembinaan"
    isi = tmp_path / "skala.xlsx"
    wb.save(isi)
    hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-07-09")
    assert hasil.exit_code == 0, hasil.output
    data = _terisi(_yaml(root, "data/2025/realisasi/TW2/jawatan-sosial.yml"))
    assert isinstance(data, dict)
    assert data["realisasi"] == [{"indikator": "ik-sakip", "nilai": "Kurang, perlu pembinaan"}]


def test_teks_data_yang_mirip_rumus_tetap_teks(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _ganti(root, SOSIAL, "nilai: 9\n", "nilai: 9\n    hambatan: '=HYPERLINK(\"http://x\")'\n")
    dibuat = _buat(root)
    sel_ = load_workbook(dibuat)[LEMBAR]["F18"]
    assert (sel_.value, sel_.data_type) == ('=HYPERLINK("http://x")', "s")
    sebelum = (root / SOSIAL).read_bytes()
    hasil = _capkin(root, "import", str(dibuat))
    assert hasil.exit_code == 0, hasil.output
    assert "0 nilai baru, 0 diubah, 4 sama" in hasil.output
    assert (root / SOSIAL).read_bytes() == sebelum


def test_make_tidak_menimpa_kertas_kerja_yang_ada(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    dibuat = _buat(root)
    terisi = _isi(dibuat, {"G17": "Isian unit"}, dibuat.name)
    sebelum = terisi.read_bytes()
    out = str(dibuat.parent)
    hasil = _capkin(root, "make", "--periode", "TW1", "--out", out)
    assert hasil.exit_code == 2
    assert f"berkas sudah ada: {dibuat}" in hasil.output
    assert terisi.read_bytes() == sebelum
    assert sorted(p.name for p in dibuat.parent.iterdir()) == [dibuat.name]
    paksa = _capkin(root, "make", "--periode", "TW1", "--out", out, "--force")
    assert paksa.exit_code == 0, paksa.output
    assert load_workbook(dibuat)[LEMBAR]["G17"].value is None


def test_import_menjaga_indentasi_dan_akhir_baris_berkas(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    asli = (
        "periode: TW1\r\n"
        "unit: jawatan-praja\r\n"
        "disampaikan_oleh: kepala-jawatan-praja\r\n"
        "tanggal: 2025-04-08\r\n"
        "realisasi:\r\n"
        "- indikator: ik-ikm\r\n"
        "  nilai: 83.4\r\n"
        "  bukti:\r\n"
        "  - bukti/ikm.txt\r\n"
        "- indikator: ik-waktu\r\n"
        "  nilai: 2.5\r\n"
    )
    (root / PRAJA).write_bytes(asli.encode("utf-8"))
    isi = _isi(_buat(root, "TW1", "jawatan-praja"), {"G18": "Antrean daring"})
    hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-04-08")
    assert hasil.exit_code == 0, hasil.output
    assert (root / PRAJA).read_bytes().decode("utf-8") == asli + "  strategi: Antrean daring\r\n"


def test_komentar_penutup_tetap_di_akhir_berkas(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    asli = (
        "periode: TW1\n"
        "unit: jawatan-sosial\n"
        "disampaikan_oleh: kepala-jawatan-sosial\n"
        "tanggal: 2025-04-09\n"
        "\n"
        "realisasi:\n"
        "  - indikator: ik-serapan\n"
        "    nilai: 24.5   # sementara\n"
        "\n"
        "  - indikator: ik-kegiatan\n"
        "    nilai: 9\n"
        "# akhir laporan\n"
    )
    tulis(root, SOSIAL, asli)
    isi = _isi(_buat(root), {"F17": "Hambatan", "H18": "Lanjut", "E19": "B"})
    hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-04-09")
    assert hasil.exit_code == 0, hasil.output
    assert (root / SOSIAL).read_text(encoding="utf-8") == (
        "periode: TW1\n"
        "unit: jawatan-sosial\n"
        "disampaikan_oleh: kepala-jawatan-sosial\n"
        "tanggal: 2025-04-09\n"
        "\n"
        "realisasi:\n"
        "  - indikator: ik-serapan\n"
        "    nilai: 24.5   # sementara\n"
        "    hambatan: Hambatan\n"
        "\n"
        "  - indikator: ik-kegiatan\n"
        "    nilai: 9\n"
        "    tindak_lanjut: Lanjut\n"
        "  - indikator: ik-sakip\n"
        "    nilai: B\n"
        "# akhir laporan\n"
    )


_TEKS_SEL = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\t:#&*!|>'\"%@`-?,[]{} "),
    max_size=80,
).filter(lambda t: not t.startswith("="))  # Excel turns a typed "=..." into a formula


@settings(max_examples=20, deadline=None)
@given(hambatan=_TEKS_SEL, strategi=_TEKS_SEL, bukti=st.lists(_TEKS_SEL, max_size=3))
def test_teks_apa_pun_tersimpan_persis(hambatan: str, strategi: str, bukti: list[str]) -> None:
    bukti = [b for b in bukti if ";" not in b and "\n" not in b]
    bukti_sel = "\n".join(f"https://x.go.id/{b.strip()}" for b in bukti)
    with tempfile.TemporaryDirectory() as tmp:
        root = tulis_data_lengkap(Path(tmp) / "repo")
        isi = _isi(
            _buat(root, "TW2"), {"E17": 91, "F17": hambatan, "G17": strategi, "I17": bukti_sel}
        )
        hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-07-09")
        assert hasil.exit_code == 0, hasil.output
        data = _terisi(_yaml(root, "data/2025/realisasi/TW2/jawatan-sosial.yml"))
    assert isinstance(data, dict)
    (entri,) = data["realisasi"]
    harap = {"indikator": "ik-serapan", "nilai": 91}
    for kunci, teks in (("hambatan", hambatan), ("strategi", strategi)):
        if teks.replace("\r\n", "\n").strip():
            harap[kunci] = teks.replace("\r\n", "\n").strip()
    if bukti_sel:
        harap["bukti"] = [b.strip() for b in bukti_sel.split("\n")]
    assert entri == harap


def test_sd_triwulan_round_trip_shows_the_total_so_far_and_keeps_the_running_total(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    pk = "data/2025/perjanjian-kinerja.yml"
    _ganti(
        root,
        pk,
        "        agregasi: kumulatif\n",
        "        agregasi: kumulatif\n        isian: sd-triwulan\n",
    )
    dibuat = _buat(root, "TW2")
    ws = load_workbook(dibuat)[LEMBAR]
    assert ws["A18"].value == "ik-kegiatan"
    uraian = str(ws["B18"].value)
    assert "Isi TOTAL sejak awal tahun sampai dengan TW2" in uraian
    assert "realisasi s.d. TW1: 9; target s.d. TW2: 20" in uraian
    # the unit reports the running total 21 (TW1 9 + 12 in TW2)
    hasil = _capkin(root, "import", str(_isi(dibuat, {"E18": 21})), "--tanggal", "2025-07-10")
    assert hasil.exit_code == 0, hasil.output
    berkas = "data/2025/realisasi/TW2/jawatan-sosial.yml"
    assert "# isi TOTAL sejak awal tahun sampai dengan TW2" in (root / berkas).read_text("utf-8")
    [ik] = [i for i in compute_json(root, 2025, "TW2")["indikator"] if i["id"] == "ik-kegiatan"]
    assert (ik["realisasi"], ik["capaian"]) == (21, 105)
    # made again, the worksheet holds the running total as entered, and imports as unchanged
    lagi = load_workbook(_buat_ulang(root, "TW2"))[LEMBAR]
    assert lagi["E18"].value == 21
    sebelum = (root / berkas).read_bytes()
    hasil = _capkin(
        root, "import", str(root.parent / "keluar2" / dibuat.name), "--tanggal", "2025-07-20"
    )
    assert hasil.exit_code == 0, hasil.output
    assert "0 nilai baru, 0 diubah" in hasil.output
    assert (root / berkas).read_bytes() == sebelum


def _buat_ulang(root: Path, periode: str) -> Path:
    out = root.parent / "keluar2"
    hasil = _capkin(
        root, "make", "--periode", periode, "--unit", "jawatan-sosial", "--out", str(out)
    )
    assert hasil.exit_code == 0, hasil.output
    return out / f"kertas-kerja-2025-{periode}-jawatan-sosial.xlsx"


def test_make_help_speaks_of_the_sop_time_standard() -> None:
    hasil = capkin(None, "worksheet", "make", "--help")
    assert hasil.exit_code == 0
    assert "standar waktu SOP" in hasil.output and "jam SOP" not in hasil.output
    assert "Contoh" in hasil.output


def test_import_warns_at_the_cell_of_a_running_total_typed_as_the_quarter_amount(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    # ik-kegiatan: TW1 9, target to date TW2 20; 22 reads as a total, adds up to 155 %
    isi = _isi(_buat(root, "TW2"), {"E18": 22})
    hasil = _capkin(root, "import", str(isi), "--tanggal", "2025-07-10")
    assert hasil.exit_code == 0, hasil.output
    assert f"{isi}!Kertas Kerja!E18: peringatan: 22 tampak seperti total sejak awal tahun" in (
        hasil.output
    )
    assert "isi jumlah TW2 saja (mis. 13)" in hasil.output
