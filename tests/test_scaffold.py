"""Scaffolding: CODEOWNERS, `new realisasi`, and the staff guide shared with the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import INSTANSI_LENGKAP, capkin, tulis, tulis_data_lengkap
from pydantic import ValidationError

from capkin.models.base import Periode
from capkin.models.instansi_model import Instansi
from capkin.reviewers import isi_codeowners, kepala_unit_semua
from capkin.scaffold import panduan_markdown
from capkin.scaffold.realisasi_file import buat_realisasi, skalar
from capkin.validation import periksa

ROOT = Path(__file__).resolve().parent.parent


def jalankan(root: Path, *args: str) -> tuple[int, str]:
    hasil = capkin(root, *args)
    return hasil.exit_code, hasil.output


def dengan_github(teks: str) -> str:
    """Give some officials of INSTANSI_LENGKAP a GitHub handle."""
    for pid, handle in (
        ("panewu", "sarjono"),
        ("kasubbag-kpe", '"@budi-kpe"'),
        ("kepala-jawatan-praja", "siti-praja"),
    ):
        awal = f"  - id: {pid}\n"
        assert awal in teks
        teks = teks.replace(awal, f"{awal}    github: {handle}\n")
    return teks


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tulis_data_lengkap(tmp_path)
    tulis(root, "data/instansi.yml", dengan_github(INSTANSI_LENGKAP))
    return root


# --- CODEOWNERS -------------------------------------------------------------------------------


def test_codeowners_content(repo: Path) -> None:
    kode, keluaran = jalankan(repo, "codeowners")
    assert kode == 0, keluaran
    teks = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    baris = [b for b in teks.splitlines() if b and not b.startswith("#")]
    assert baris == [
        # the whole repository, then what decides how it is checked and published
        "* @budi-kpe @sarjono",
        "/.github/ @budi-kpe @sarjono",
        "/.github/CODEOWNERS @budi-kpe @sarjono",
        "/mkdocs.yml @budi-kpe @sarjono",
        "/requirements.txt @budi-kpe @sarjono",
        "/site_templates/ @budi-kpe @sarjono",
        "/PANDUAN.md @budi-kpe @sarjono",
        "/data/instansi.yml @budi-kpe @sarjono",
        "/data/sop.yml @budi-kpe @sarjono",
        "/data/*/perjanjian-kinerja.yml @budi-kpe @sarjono",
        "/data/*/siklus/ @budi-kpe",
        "/data/*/realisasi/*/subbag-kpe.yml @budi-kpe",
        "/data/*/realisasi/*/jawatan-praja.yml @siti-praja",
    ]
    assert teks.startswith("# Berkas ini dibuat oleh `capkin codeowners`")
    # the unit whose head has no handle is named, and so is everyone without one
    assert (
        "# /data/*/realisasi/*/jawatan-sosial.yml: belum ada peninjau "
        "(kepala Jawatan Sosial belum punya handle github)"
    ) in teks
    assert "#   kepala-jawatan-sosial: Agus Wibowo, S.Sos." in teks
    assert "panewu-anom" not in teks  # not an owner of anything, so not listed


def test_codeowners_says_who_is_missing() -> None:
    instansi = Instansi.model_validate(
        {
            "nama": "Kantor Uji",
            "unit": [{"id": "umum", "nama": "Bagian Umum"}, {"id": "hukum", "nama": "Hukum"}],
            "pejabat": [
                {"id": "kabag", "nama": "Kabag", "peran": "kepala-jawatan", "unit": "umum"},
                {"id": "anom", "nama": "Anom", "peran": "panewu-anom", "unit": "hukum"},
            ],
        }
    )
    teks = isi_codeowners(instansi)
    # a unit whose only official has no unit-head role has no head: say so, once
    assert (
        "# /data/*/realisasi/*/hukum.yml: belum ada peninjau (Hukum belum punya kepala di "
        "data/instansi.yml: pejabat dengan unit: hukum dan peran kepala-jawatan, kasubbag"
    ) in teks
    assert "(kepala Bagian Umum belum punya handle github)" in teks
    # nobody holds the roles that own the office's files: not "... belum punya handle"
    assert (
        "# /data/*/siklus/: belum ada peninjau (belum ada pejabat dengan peran kasubbag-kpe "
        "di data/instansi.yml)"
    ) in teks
    assert "Kasubbag KPE dan Panewu belum punya handle" not in teks
    assert teks.count("belum punya handle github") == 1


def test_codeowners_unit_head_with_the_offices_own_role() -> None:
    instansi = Instansi.model_validate(
        {
            "nama": "Dinas Uji",
            "pengaturan": {"peran_tambahan": [{"id": "kabid", "nama": "Kepala Bidang"}]},
            "unit": [{"id": "bidang-a", "nama": "Bidang A"}],
            "pejabat": [
                {
                    "id": "kabid-a",
                    "nama": "Kabid",
                    "peran": "kabid",
                    "unit": "bidang-a",
                    "github": "kabid-a",
                },
                {
                    "id": "anom",
                    "nama": "Anom",
                    "peran": "panewu-anom",
                    "unit": "bidang-a",
                    "github": "anom",
                },
            ],
        }
    )
    assert [p.id for p in kepala_unit_semua(instansi, "bidang-a")] == ["kabid-a"]
    assert "/data/*/realisasi/*/bidang-a.yml @kabid-a\n" in isi_codeowners(instansi)


def test_codeowners_check_and_validate_warning(repo: Path) -> None:
    kode, keluaran = jalankan(repo, "codeowners", "--check")
    assert kode == 1 and "belum ada" in keluaran
    assert jalankan(repo, "codeowners")[0] == 0
    assert jalankan(repo, "codeowners", "--check") == (0, ".github/CODEOWNERS sudah mutakhir.\n")
    assert not [m for m in periksa(repo, riwayat=False)[1] if m.kode == "codeowners-usang"]
    # a handle changes in instansi.yml: CODEOWNERS is stale
    tulis(repo, "data/instansi.yml", dengan_github(INSTANSI_LENGKAP).replace("siti-praja", "siti2"))
    assert jalankan(repo, "codeowners", "--check")[0] == 1
    kode, keluaran = jalankan(repo, "validate")
    assert kode == 0
    tempat = ".github/CODEOWNERS:25:1: peringatan:"  # the line naming siti-praja's handle
    assert "@siti-praja" in (repo / ".github/CODEOWNERS").read_text().splitlines()[24]
    assert f"{tempat} berkas ini tidak sesuai lagi dengan data/instansi.yml" in keluaran
    assert jalankan(repo, "validate", "--strict")[0] == 1


# --- new realisasi ----------------------------------------------------------------------------

BARU_SOSIAL = """\
# Realisasi Triwulan II 2025 — Jawatan Sosial
# Isi `nilai` setiap indikator (angka desimal memakai titik, mis. 83.4), lalu hambatan,
# strategi yang sudah dilakukan dan tindak lanjut bila ada. Bukti dukung: jalur berkas di
# repo atau tautan https://, mis. bukti: [https://contoh.go.id/laporan.pdf]
periode: TW2
unit: jawatan-sosial
disampaikan_oleh: kepala-jawatan-sosial
tanggal: 2025-07-03
realisasi:
  # ik-serapan — Serapan anggaran
  # satuan: persen · target tahunan: 90 sampai 100 · agregasi: terakhir
  # isi nilai keadaan akhir TW2
  - indikator: ik-serapan
    nilai:
    hambatan:
    strategi:
    tindak_lanjut:
    bukti: []
  # ik-kegiatan — Jumlah kegiatan pemberdayaan
  # satuan: kegiatan · target TW2: 20 · target tahunan: 40 · agregasi: kumulatif
  # isi jumlah TW2 SAJA, bukan total sejak awal tahun; capkin menjumlahkan semua triwulan
  # realisasi s.d. TW1: 9; target s.d. TW2: 20
  - indikator: ik-kegiatan
    nilai:
    hambatan:
    strategi:
    tindak_lanjut:
    bukti: []
  # ik-sakip — Nilai SAKIP
  # satuan: predikat · target tahunan: BB · agregasi: terakhir
  # isi nilai dengan salah satu: C, CC, B, BB, A, AA
  - indikator: ik-sakip
    nilai:
    hambatan:
    strategi:
    tindak_lanjut:
    bukti: []
"""


def test_new_realisasi_writes_a_valid_prefilled_file(repo: Path) -> None:
    path = buat_realisasi(repo, Periode.TW2, "jawatan-sosial", tanggal=date(2025, 7, 3))
    assert path == repo / "data/2025/realisasi/TW2/jawatan-sosial.yml"
    assert path.read_text(encoding="utf-8") == BARU_SOSIAL
    ds, masalah = periksa(repo, riwayat=False)
    assert [m for m in masalah if m.berkas.endswith("TW2/jawatan-sosial.yml")] == []
    r = ds.tahun[2025].realisasi[Periode.TW2]["jawatan-sosial"]
    assert [e.nilai for e in r.realisasi] == [None, None, None]


def test_new_realisasi_cli_refuses_to_overwrite(repo: Path) -> None:
    args = ("new", "realisasi", "--periode", "tw2", "--unit", "jawatan-praja", "--tahun", "2025")
    kode, keluaran = jalankan(repo, *args)
    assert kode == 0, keluaran
    path = repo / "data/2025/realisasi/TW2/jawatan-praja.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("nilai:", "nilai: 84", 1))
    sebelum = path.read_text(encoding="utf-8")
    kode, keluaran = jalankan(repo, *args)
    assert kode == 1
    assert (
        "data/2025/realisasi/TW2/jawatan-praja.yml sudah ada; berkas itu tidak ditimpa" in keluaran
    )
    assert "Traceback" not in keluaran
    assert path.read_text(encoding="utf-8") == sebelum


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (("--unit", "jawatan-entah"), "unit 'jawatan-entah' tidak ada di data/instansi.yml"),
        (("--unit", "subbag-kpe"), "bukan penanggung jawab indikator mana pun"),
        (("--unit", "jawatan-praja", "--tahun", "2031"), "tahun 2031 belum punya"),
    ],
)
def test_new_realisasi_usage_errors(repo: Path, args: tuple[str, ...], pesan: str) -> None:
    kode, keluaran = jalankan(repo, "new", "realisasi", "--periode", "TW2", *args)
    assert kode == 2
    assert pesan in keluaran


def test_new_realisasi_with_broken_pk_reports_its_errors(repo: Path) -> None:
    tulis(repo, "data/2025/perjanjian-kinerja.yml", "tahun: [\n")
    kode, keluaran = jalankan(
        repo, "new", "realisasi", "--periode", "TW2", "--unit", "jawatan-praja"
    )
    assert kode == 1
    assert "data/2025/perjanjian-kinerja.yml:" in keluaran and "YAML tidak dapat dibaca" in keluaran


@pytest.mark.parametrize(
    ("teks", "yaml"),
    [
        ("ik1", "ik1"),
        ("2024", '"2024"'),
        ("true", '"true"'),
        ("a: b", '"a: b"'),
        ("x # y", '"x # y"'),
    ],
)
def test_skalar_quotes_only_when_needed(teks: str, yaml: str) -> None:
    assert skalar(teks) == yaml


# --- the staff guide --------------------------------------------------------------------------


def test_panduan_is_one_text_everywhere() -> None:
    teks = panduan_markdown()
    assert (ROOT / "PANDUAN.md").read_text(encoding="utf-8") == teks
    for topik in (
        "Propose changes",
        "capkin new realisasi",
        "capkin worksheet make",
        "capkin worksheet import",
        "capkin sign",
        "CODEOWNERS",
        "Ringkasan perubahan laporan",
    ):
        assert topik in teks


def test_panduan_explains_every_key_the_templates_point_to_it_for() -> None:
    """The scaffold's instansi and PK templates send a new office to the guide for each key."""
    from capkin.models.instansi_model import Pejabat, Peran, Unit
    from capkin.models.perjanjian_kinerja_model import Indikator, PerjanjianKinerja, Sasaran
    from capkin.scaffold import teks_templat

    teks = panduan_markdown()
    assert "PANDUAN.md bagian 8" in teks_templat("perjanjian-kinerja.yml")
    bagian_8 = teks.split("## 8.", 1)[1]
    for model in (Pejabat, Unit, PerjanjianKinerja, Sasaran, Indikator):
        for nama, medan in model.model_fields.items():
            if nama != "program":
                assert f"`{medan.alias or nama}`" in bagian_8, (model.__name__, nama)
    for peran in Peran:
        assert f"`{peran.value}`" in bagian_8


def test_panduan_surat_example_is_valid_siklus_data() -> None:
    import yaml

    from capkin.models.siklus_model import Siklus

    teks = panduan_markdown().split("### Mencatat surat dan kesimpulan", 1)[1]
    contoh = yaml.safe_load(teks.split("```yaml\n", 1)[1].split("```", 1)[0])
    siklus = Siklus.model_validate({"periode": "TW2", **contoh})
    assert [s.jenis.value for s in siklus.surat] == ["nota-dinas", "surat-penyampaian"]
    assert siklus.kesimpulan


def test_scaffold_sop_is_the_repo_sop() -> None:
    from capkin.scaffold import teks_templat

    assert (ROOT / "data/sop.yml").read_text(encoding="utf-8") == teks_templat("sop.yml")


def test_panduan_says_how_to_protect_main_with_the_real_check_name() -> None:
    import yaml

    from capkin.scaffold import panduan_markdown, teks_templat

    teks = panduan_markdown()
    bagian = teks.split("### Melindungi cabang `main`", 1)[1].split("\n## ", 1)[0]
    alur = teks_templat("workflows/validate.yml").replace("@PASANG_CAPKIN@", "pip")
    (job,) = yaml.safe_load(alur)["jobs"].values()
    assert f"**{job['name']}**" in bagian
    for syarat in ("Require review from Code Owners", "Block force pushes", "cabang dasar"):
        assert syarat in bagian


@pytest.mark.parametrize(
    ("isian", "kata"),
    [
        ("", "# isi jumlah TW2 SAJA, bukan total sejak awal tahun; capkin menjumlahkan"),
        ("        isian: sd-triwulan\n", "# isi TOTAL sejak awal tahun sampai dengan TW2; capkin"),
    ],
)
def test_new_realisasi_says_what_to_enter_with_the_total_so_far(
    tmp_path: Path, isian: str, kata: str
) -> None:
    repo = tulis_data_lengkap(tmp_path)
    pk = repo / "data/2025/perjanjian-kinerja.yml"
    teks = pk.read_text(encoding="utf-8")
    pk.write_text(teks.replace("agregasi: kumulatif\n", "agregasi: kumulatif\n" + isian), "utf-8")
    args = ("new", "realisasi", "--periode", "TW2", "--unit", "jawatan-sosial", "--tahun", "2025")
    kode, keluaran = jalankan(repo, *args)
    assert kode == 0, keluaran
    teks = (repo / "data/2025/realisasi/TW2/jawatan-sosial.yml").read_text(encoding="utf-8")
    kegiatan = teks.split("# ik-kegiatan")[1].split("- indikator: ik-kegiatan")[0]
    assert kata in kegiatan
    assert "realisasi s.d. TW1: 9; target s.d. TW2: 20" in kegiatan
    serapan = teks.split("# ik-serapan")[1].split("- indikator: ik-serapan")[0]
    assert "# isi nilai keadaan akhir TW2" in serapan


def test_codeowners_pimpinan_is_the_role_that_approves_in_the_offices_sop() -> None:
    """A Dinas whose SOP is approved by its own role (no Panewu): its head owns the data."""
    from capkin.models.sop_model import Sop

    instansi = Instansi.model_validate(
        {
            "nama": "Dinas Uji",
            "pengaturan": {"peran_tambahan": [{"id": "kepala-dinas", "nama": "Kepala Dinas"}]},
            "unit": [{"id": "subbag-program", "nama": "Subbag Program"}],
            "pejabat": [
                {"id": "kadis", "nama": "Kadis", "peran": "kepala-dinas", "github": "kadis"},
                {
                    "id": "kpe",
                    "nama": "KPE",
                    "peran": "kasubbag-kpe",
                    "unit": "subbag-program",
                    "github": "kpe",
                },
            ],
        }
    )
    langkah = [
        {"no": 1, "aktivitas": "Susun", "pelaksana": ["kasubbag-kpe"], "waktu_hari_kerja": 1},
        {"no": 2, "aktivitas": "Sahkan", "pelaksana": ["kepala-dinas"], "waktu_hari_kerja": 1},
    ]
    sop = Sop.model_validate({"nomor": "1", "nama": "SOP", "langkah": langkah})
    teks = isi_codeowners(instansi, sop)
    assert "\n* @kpe @kadis\n" in teks, teks
    assert "\n/data/instansi.yml @kpe @kadis\n" in teks
    assert "\n/data/*/siklus/ @kpe\n" in teks
    assert "Kasubbag KPE dan Panewu" not in teks


def test_codeowners_names_the_head_by_its_jabatan() -> None:
    """A Dinas that maps its Kepala Dinas to the `panewu` role reads "Kepala Dinas", not "Panewu"."""
    from capkin.models.instansi_model import Instansi

    pejabat = [
        {"id": "kadis", "nama": "KADIS", "jabatan": "Kepala Dinas Pendidikan", "peran": "panewu"},
        {"id": "kpe", "nama": "KPE", "peran": "kasubbag-kpe", "unit": "umum", "github": "kpe"},
    ]
    instansi = Instansi.model_validate(
        {"nama": "Dinas Pendidikan", "unit": [{"id": "umum", "nama": "Umum"}], "pejabat": pejabat}
    )
    teks = isi_codeowners(instansi)
    assert "Kasubbag KPE dan Kepala Dinas Pendidikan" in teks
    assert "Panewu" not in teks
    # a jabatan on two lines never reaches CODEOWNERS: names are one line (teks-satu-baris)
    pejabat[0]["jabatan"] = "Kepala Dinas\nPendidikan"
    with pytest.raises(ValidationError, match="satu baris"):
        Instansi.model_validate(
            {"nama": "Dinas", "unit": [{"id": "umum", "nama": "Umum"}], "pejabat": pejabat}
        )


def test_a_headless_unit_names_the_offices_own_head_roles(tmp_path: Path) -> None:
    """A Dinas whose units are headed by a Kepala Bidang is told to add one, not a kasubbag."""
    from factories import instansi_yml, pk_yml, tulis_data_minimal

    tulis_data_minimal(tmp_path)
    pejabat = {"panewu": ("Kadis", "panewu", None, "kadis@uji.example")}
    teks = instansi_yml(pejabat).replace(
        "unit:\n",
        "pengaturan:\n  peran_tambahan: [{id: kepala-bidang, nama: Kepala Bidang}]\nunit:\n",
    )
    tulis(tmp_path, "data/instansi.yml", teks)
    tulis(tmp_path, "data/2025/perjanjian-kinerja.yml", pk_yml())
    hasil = capkin(tmp_path, "new", "realisasi", "--periode", "TW2", "--unit", "jawatan-umum")
    assert hasil.exit_code != 0
    assert "kepala-bidang" in hasil.output, hasil.output
