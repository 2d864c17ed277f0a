"""Hostile and extreme inputs on the second office: located errors, never a traceback.

Each xfail marks a bug found by QA (see its reason); remove the mark when the owner fixes it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from test_e2e_office import jalan, tulis_dinas

PK = "data/2026/perjanjian-kinerja.yml"
R_IKP = "data/2026/realisasi/TW1/bidang-ikp.yml"


@pytest.fixture(scope="module")
def asli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tulis_dinas(tmp_path_factory.mktemp("asli"))


@pytest.fixture
def repo(asli: Path, tmp_path: Path) -> Path:
    tujuan = tmp_path / "repo"
    shutil.copytree(asli, tujuan, symlinks=True)
    return tujuan


def ganti(root: Path, rel: str, lama: str, baru: str) -> None:
    p = root / rel
    teks = p.read_text(encoding="utf-8")
    assert lama in teks, (rel, lama)
    p.write_text(teks.replace(lama, baru, 1), encoding="utf-8")


def tanpa_traceback(r: Result, kode: int = 1) -> None:
    """Assert a clean failure: the exit code, and no uncaught exception."""
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == kode, r.output


def test_alias_bomb_and_python_tag_refused(repo: Path) -> None:
    (repo / R_IKP).write_text(
        "a: &a [x, x, x]\nb: [*a, *a]\n"
        "c: !!python/object/apply:os.system ['touch /tmp/capkin-pwned']\n",
        encoding="utf-8",
    )
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"{R_IKP}:1:" in r.output
    assert not Path("/tmp/capkin-pwned").exists()


def test_non_utf8_and_nesting_located(repo: Path) -> None:
    (repo / R_IKP).write_bytes(b"periode: TW1\nhambatan: Caf\xe9\n")
    ganti(
        repo,
        "data/2026/realisasi/TW1/bidang-tik.yml",
        "periode: TW1",
        "periode: TW1\nx: " + "[" * 300 + "]" * 300,
    )
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"{R_IKP}:2:" in r.output
    assert "data/2026/realisasi/TW1/bidang-tik.yml:2:" in r.output


@pytest.mark.parametrize("nilai", [".nan", ".inf", "-.inf"])
def test_non_finite_realisasi_refused(repo: Path, nilai: str) -> None:
    ganti(repo, R_IKP, "nilai: 77", f"nilai: {nilai}")
    r = jalan(repo, "compute", "--periode", "tw1")
    tanpa_traceback(r)
    assert f"{R_IKP}:7:12" in r.output


def test_huge_realisasi_is_a_located_error_not_a_crash(repo: Path) -> None:
    ganti(repo, R_IKP, "nilai: 77", "nilai: 1e30")
    r = jalan(repo, "compute", "--periode", "tw1")
    tanpa_traceback(r)
    assert R_IKP in r.output


@pytest.mark.parametrize("nilai", [".nan", ".inf", "1e308"])
def test_non_finite_target_refused(repo: Path, nilai: str) -> None:
    ganti(repo, PK, "target: 4\n", f"target: {nilai}\n")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"{PK}:" in r.output
    r = jalan(repo, "compute", "--periode", "tw1")
    tanpa_traceback(r)


def test_nan_threshold_refused(repo: Path) -> None:
    ganti(repo, "data/instansi.yml", "ambang_tercapai: 95", "ambang_tercapai: .nan")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert "data/instansi.yml:6:" in r.output
    tanpa_traceback(jalan(repo, "compute", "--periode", "tw1"))


@pytest.mark.parametrize(
    "perintah", [["status", "--periode", "tw1"], ["worksheet", "make", "--periode", "TW3"]]
)
def test_huge_sop_duration_no_crash(repo: Path, perintah: list[str]) -> None:
    ganti(repo, "data/sop.yml", "waktu_hari_kerja: 7}", "waktu_hari_kerja: 100000000}")
    r = jalan(repo, *perintah, *(["--out", str(repo / "kk")] if "make" in perintah else []))
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code in (0, 1), r.output


def test_control_characters_in_text_no_crash(repo: Path) -> None:
    ganti(
        repo,
        "data/2026/realisasi/TW3/bidang-tik.yml",
        "hambatan: Kendala latensi.",
        'hambatan: "a\\x1b[31mb\\x07"',
    )
    r = jalan(repo, "worksheet", "make", "--periode", "TW3", "--out", str(repo / "kk"))
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code in (0, 1), r.output


def test_symlinked_folder_out_of_repo_refused(repo: Path, tmp_path: Path) -> None:
    luar = tmp_path / "luar"
    luar.mkdir()
    teks = (repo / "data/2026/realisasi/TW3/bidang-ikp.yml").read_text(encoding="utf-8")
    (luar / "bidang-ikp.yml").write_text(teks.replace("TW3", "TW4"), encoding="utf-8")
    os.symlink(luar, repo / "data/2026/realisasi/TW4")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert r.exit_code == 1
    # the link itself is reported; nothing behind it is read or even listed
    assert "data/2026/realisasi/TW4: galat: tautan simbolik" in r.output
    assert "bidang-ikp.yml" not in r.output


def test_any_link_out_of_the_repo_in_data_is_an_error(repo: Path) -> None:
    os.symlink("/proc/self/environ", repo / "data/2026/lampiran.txt")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert r.exit_code == 1
    assert "data/2026/lampiran.txt: galat: tautan simbolik" in r.output


def test_year_folder_out_of_range(repo: Path) -> None:
    (repo / "data/0000").mkdir()
    r = jalan(repo, "validate")
    assert r.exit_code == 1
    assert "data/0000: galat: folder tahun 0000 di luar jangkauan" in r.output


def test_missing_folder_for_c(tmp_path: Path) -> None:
    r = jalan(tmp_path / "tidak-ada", "validate")
    assert r.exit_code == 2
    assert "tidak ada; periksa jalur" in r.output


def test_yaml_syntax_errors_are_explained_in_indonesian(repo: Path) -> None:
    (repo / R_IKP).write_text("periode: TW1\nunit: [a, b\n", encoding="utf-8")
    r = jalan(repo, "validate")
    assert r.exit_code == 1
    baris = [b for b in r.output.splitlines() if b.startswith(R_IKP)]
    assert baris and "YAML tidak dapat dibaca: tidak menemukan" in baris[0], r.output


def test_path_traversal_and_scheme_in_bukti_refused(repo: Path) -> None:
    ganti(
        repo,
        R_IKP,
        "hambatan: Kendala ikm.",
        "hambatan: Kendala ikm.\n    bukti: [../../etc/passwd, 'javascript:alert(1)', 'file:///etc/passwd']",
    )
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert r.output.count(f"{R_IKP}:9:") >= 1
    assert "javascript" in r.output and "passwd" in r.output


@pytest.mark.parametrize("unit", ["..", "Bidang TIK", "../x"])
def test_unit_ids_must_be_slugs(repo: Path, unit: str) -> None:
    ganti(repo, "data/instansi.yml", "id: bidang-tik,", f'id: "{unit}",')
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert "data/instansi.yml:" in r.output


@pytest.mark.parametrize("perintah", [["validate"], ["compute"], ["status"], ["build", "--no-pdf"]])
def test_empty_data_folder(tmp_path: Path, perintah: list[str]) -> None:
    (tmp_path / "data").mkdir()
    r = jalan(tmp_path, *perintah)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == 1, r.output
    # the missing files are named, each with what to do
    for berkas in ("data/instansi.yml", "data/sop.yml"):
        assert f"{berkas}: galat: berkas {berkas} tidak ada; buat berkas ini" in r.output


def test_shallow_clone_is_explained(asli: Path, tmp_path: Path) -> None:
    import subprocess

    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{asli}", str(tmp_path / "dangkal")],
        check=True,
        capture_output=True,
    )
    r = jalan(tmp_path / "dangkal", "history")
    tanpa_traceback(r)
    assert "fetch-depth: 0" in r.output


def test_negative_cap_refused(repo: Path) -> None:
    ganti(repo, "data/instansi.yml", "batas_capaian_rata_rata: null", "batas_capaian_rata_rata: -5")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert "data/instansi.yml:5:" in r.output


def test_status_far_future_date_no_crash(repo: Path) -> None:
    r = jalan(repo, "status", "--tanggal", "9999-12-31")
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code in (0, 1, 2), r.output


def test_github_format_cannot_be_injected_by_file_names(repo: Path) -> None:
    (repo / "data/2026/realisasi/TW1/a\n::warning::palsu.yml").write_text(
        "x: 1\n", encoding="utf-8"
    )
    r = jalan(repo, "validate", "--format", "github")
    tanpa_traceback(r)
    for baris in r.output.splitlines():
        if baris.startswith("::"):
            assert baris.startswith(("::error file=", "::warning file=")), baris


def test_bidi_overrides_cannot_reverse_a_problem_line(repo: Path) -> None:
    """A file name with U+202E would show the rest of its problem line reversed (Trojan Source)."""
    (repo / "data/2026/realisasi/TW1/a\u202elmy.yml").write_text("x: 1\n", encoding="utf-8")
    for fmt in ("text", "github"):
        r = jalan(repo, "validate", "--format", fmt)
        tanpa_traceback(r)
        assert "\u202e" not in r.output
        assert "a\\u202elmy.yml" in r.output


@pytest.mark.parametrize(
    ("rel", "lama", "medan"),
    [
        (
            "data/instansi.yml",
            "nama: Dinas Komunikasi dan Informatika Kabupaten Kulon Progo",
            "nama",
        ),
        ("data/2026/perjanjian-kinerja.yml", "satuan: unit", "satuan"),
    ],
)
def test_text_longer_than_the_api_takes_is_a_located_error(
    repo: Path, rel: str, lama: str, medan: str
) -> None:
    """Valid data must build: a 3,000-character name once passed validate, then crashed build."""
    ganti(repo, rel, lama, f"{medan}: {'Panjang ' * 375}")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"{rel}:" in r.output
    assert "teks ini 2999 karakter, paling banyak 2000; persingkat" in r.output
    r = jalan(repo, "build", "--pdf", "tidak")
    tanpa_traceback(r)


@pytest.mark.parametrize(
    ("rel", "jenis"),
    [
        ("data/2026/realisasi/TW1/bidang-statistik.yml", "pipa"),
        ("data/2026/realisasi/TW1/bidang-statistik.yml", "folder"),
        ("data/instansi.yml", "folder"),
        (PK, "pipa"),
    ],
)
def test_a_fifo_or_a_folder_in_place_of_a_data_file_is_an_error(
    repo: Path, rel: str, jenis: str
) -> None:
    """A named pipe where a realisasi file belongs would block a read forever (its stat is
    fresh: the approved-report check reads recently modified files); a folder hid the data."""
    berkas = repo / rel
    berkas.unlink()
    if jenis == "pipa":
        os.mkfifo(berkas)
    else:
        berkas.mkdir()
    keluaran = []
    for perintah in (["validate"], ["compute", "--format", "json"]):
        r = subprocess.run(
            [sys.executable, "-m", "capkin", "-C", str(repo), *perintah],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert r.returncode in (0, 1), r.stderr
        assert "Traceback" not in r.stderr
        keluaran.append(r.stdout)
    assert f"{rel}: galat: bukan berkas teks biasa" in keluaran[0]


@pytest.mark.parametrize(("kunci", "tampil"), [("1", "1"), ("~", "~"), ("true", "true")])
def test_a_key_that_is_not_text_is_located_at_the_key(repo: Path, kunci: str, tampil: str) -> None:
    teks = (repo / R_IKP).read_text(encoding="utf-8")
    baris = teks.count("\n") + 1
    (repo / R_IKP).write_text(teks + f"{kunci}: 1\n", encoding="utf-8")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"{R_IKP}:{baris}:1: galat: kunci harus berupa teks, ditemukan {tampil};" in r.output
    assert "None" not in r.output


@pytest.mark.parametrize(
    ("lama", "baru", "pilihan"),
    [
        ("{TW1: 78, TW2: 79", "{TW5: 78, TW2: 79", "'TW1', 'TW2', 'TW3' atau 'TW4'"),
        (
            "        polaritas: turun\n",
            "        polaritas: menurun\n",
            "'naik', 'turun' atau 'rentang'",
        ),
    ],
)
def test_a_wrong_choice_lists_the_choices_in_indonesian(
    repo: Path, lama: str, baru: str, pilihan: str
) -> None:
    ganti(repo, PK, lama, baru)
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"bukan pilihan yang sah; pilih salah satu dari: {pilihan}" in r.output
    assert not re.search(r"' or '", r.output)


def test_an_id_longer_than_a_page_name_takes_is_a_located_error(repo: Path) -> None:
    """Ids become page, file and API names: one past the API's 100 characters crashed the
    build's API writer with a pydantic traceback."""
    panjang = "i" * 101
    for rel in (PK, R_IKP, "data/2026/realisasi/TW2/bidang-ikp.yml"):
        ganti(repo, rel, "ikm\n", f"{panjang}\n")
    for perintah in (["validate"], ["build", "--no-pdf"]):
        r = jalan(repo, *perintah)
        tanpa_traceback(r)
        assert f"{PK}:9:13: galat: sasaran[0].indikator[0].id: teks ini 101 karakter" in r.output
        assert "persingkat id ini" in r.output


def test_an_office_name_longer_than_a_docx_property_takes(repo: Path, tmp_path: Path) -> None:
    """An office's name may be up to 2,000 characters; a DOCX core property takes 255, and
    python-docx raised on the LKjIP's title (a traceback from `build` and `lkjip`)."""
    nama = "Dinas " + "Komunikasi dan Informatika " * 12
    ganti(repo, "data/instansi.yml", "nama: Dinas Komunikasi", f"nama: {nama.strip()} Dinas")
    r = jalan(repo, "lkjip", "--no-pdf", "--out", str(tmp_path / "lk"))
    tanpa_traceback(r, 0)
    assert (tmp_path / "lk/laporan-kinerja-2026.docx").stat().st_size > 0


def test_a_nul_byte_is_located_in_data_and_in_a_narrative(repo: Path, tmp_path: Path) -> None:
    """A NUL in a data file is named at its line and column; one in an LKjIP narrative is a
    located warning (it crashed the DOCX writer: lxml refuses it)."""
    ganti(repo, R_IKP, "Kendala ikm.", "Kendala\x00ikm.")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"{R_IKP}:8:22: galat: berkas berisi byte NUL" in r.output
    ganti(repo, R_IKP, "Kendala\x00ikm.", "Kendala ikm.")
    narasi = repo / "data/2026/lkjip/pendahuluan.md"
    narasi.parent.mkdir(parents=True)
    narasi.write_bytes(b"# Latar\n\nTeks\x00 yang tersalin.\n")
    r = jalan(repo, "lkjip", "--no-pdf", "--out", str(tmp_path / "lk"))
    tanpa_traceback(r, 0)
    assert (
        "data/2026/lkjip/pendahuluan.md:3:5: peringatan: teks berisi karakter kendali" in r.output
    )
    assert (tmp_path / "lk/laporan-kinerja-2026.docx").is_file()


@pytest.mark.parametrize(("nilai", "tampil"), [("12", "12"), ("1.5", "1.5"), ("true", "true")])
def test_a_number_or_boolean_where_an_id_goes_says_to_quote_it(
    repo: Path, nilai: str, tampil: str
) -> None:
    ganti(repo, PK, "id: ikm", f"id: {nilai}")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert (
        f"{PK}:9:13: galat: sasaran[0].indikator[0].id: harus berupa teks, ditemukan {tampil}; "
        f'tulis di antara tanda kutip bila memang teks, mis. "{tampil}"'
    ) in r.output


@pytest.mark.parametrize("id_", ["con", "aux.x", "com1", "nul", "ikm."])
def test_an_id_no_file_system_can_name_is_refused(repo: Path, id_: str) -> None:
    """Ids become realisasi file, page and download names: a Windows device name or a
    trailing dot cannot be checked out or built everywhere."""
    ganti(repo, PK, "id: ikm\n", f"id: {id_}\n")
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    assert f"{PK}:9:13: galat: sasaran[0].indikator[0].id: '{id_}' tidak dapat menjadi nama" in (
        r.output
    )


@pytest.mark.parametrize(
    ("rel", "lama", "baru", "medan", "tampil"),
    [
        (
            "data/instansi.yml",
            'nama: "Ir. Bambang Wahyudi, M.T."',
            'nama: "Ir. Bambang\\nWahyudi"',
            "pejabat[0].nama",
            "baris baru",
        ),
        (
            "data/instansi.yml",
            "nama: Bidang Informasi dan Komunikasi Publik",
            'nama: "Bidang\\tInformasi"',
            "unit[1].nama",
            "tab",
        ),
        (
            "data/instansi.yml",
            "nama: Dinas Komunikasi dan Informatika Kabupaten Kulon Progo",
            'nama: "Dinas \\u202eogorP noluK"',
            "nama",
            "U+202E",
        ),
        (PK, "uraian: Indikator ", 'uraian: "Indikator\\r\\n# Judul palsu" #', "uraian", "CR"),
        (PK, "uraian: Meningkatnya layanan informasi", "uraian: |\n      Dua\n      baris", "", ""),
        ("data/sop.yml", "aktivitas: Menelaah PK", 'aktivitas: "Menelaah\\u200bPK"', "", "U+200B"),
    ],
)
def test_a_name_with_a_line_break_or_invisible_control_is_a_located_error(
    repo: Path, rel: str, lama: str, baru: str, medan: str, tampil: str
) -> None:
    """Names go into terminal tables, Markdown rows, CSV/XLSX cells, PDF/DOCX lines and commit
    messages: a line break or a bidi control there breaks the row or reverses what follows."""
    ganti(repo, rel, lama, baru)
    baris = (repo / rel).read_text(encoding="utf-8").split(baru.split("\n")[0])[0].count("\n") + 1
    r = jalan(repo, "validate")
    tanpa_traceback(r)
    [pesan] = [b for b in r.output.splitlines() if "satu baris" in b]
    assert pesan.startswith(f"{rel}:{baris}:"), pesan
    assert ": galat: " in pesan and medan in pesan and tampil in pesan
    assert "\u202e" not in r.output and "\u200b" not in r.output
    for perintah in (["compute", "--tahun", "2026", "--periode", "TW1"], ["status"]):
        tanpa_traceback(jalan(repo, *perintah))  # refused with the same message, no traceback
