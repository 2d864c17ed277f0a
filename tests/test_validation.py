"""`capkin validate`: one test per class of bad input, each located and explained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import capkin, tulis, tulis_data_lengkap

PK = "data/2025/perjanjian-kinerja.yml"
PRAJA = "data/2025/realisasi/TW1/jawatan-praja.yml"
SOSIAL = "data/2025/realisasi/TW1/jawatan-sosial.yml"
SIKLUS = "data/2025/siklus/TW1.yml"
INSTANSI = "data/instansi.yml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return tulis_data_lengkap(tmp_path)


def jalankan(root: Path, *args: str) -> tuple[int, str]:
    hasil = capkin(root, "validate", *args)
    return hasil.exit_code, hasil.output


def ubah(root: Path, berkas: str, lama: str, baru: str) -> None:
    path = root / berkas
    teks = path.read_text(encoding="utf-8")
    assert teks.count(lama) == 1, f"{lama!r} must occur once in {berkas}"
    path.write_text(teks.replace(lama, baru), encoding="utf-8")


def baris_dari(root: Path, berkas: str, penanda: str) -> int:
    """Return the line on which `penanda` (possibly spanning lines) starts."""
    teks = (root / berkas).read_text(encoding="utf-8")
    assert penanda in teks, f"{penanda!r} not in {berkas}"
    return teks[: teks.index(penanda)].count("\n") + 1


# (berkas, lama, baru, line marker, words expected in the message)
KASUS_GALAT = [
    pytest.param(
        PRAJA,
        "nilai: 83.4",
        "nilai: delapan puluh",
        "delapan puluh",
        ["harus berupa angka", "'delapan puluh'"],
        id="nilai-bukan-angka",
    ),
    pytest.param(
        PRAJA,
        "nilai: 2.5",
        "nilai: 1:30",
        "1:30",
        ["harus berupa angka", "'1:30'"],
        id="yaml11-sexagesimal-is-text",
    ),
    pytest.param(
        SOSIAL,
        "nilai: B\n",
        "nilai: Z\n",
        "nilai: Z",
        ["tingkatan skala", "C, CC, B, BB, A, AA", "'Z'"],
        id="nilai-bukan-level-skala",
    ),
    pytest.param(
        SOSIAL,
        "nilai: B\n",
        "nilai: 3\n",
        "nilai: 3",
        ["tingkatan skala"],
        id="kategori-diberi-angka",
    ),
    pytest.param(
        PRAJA,
        "unit: jawatan-praja",
        "unit: jawatan-sosial",
        "unit: jawatan-sosial",
        ["tidak sama dengan nama berkas", "ganti nama berkas"],
        id="unit-vs-path",
    ),
    pytest.param(
        PRAJA,
        "periode: TW1",
        "periode: TW2",
        "periode: TW2",
        ["tidak sama dengan folder", "pindahkan berkas"],
        id="periode-vs-path",
    ),
    pytest.param(
        PRAJA,
        "indikator: ik-waktu",
        "indikator: ik-ikm",
        "ik-ikm\n    nilai: 2.5",
        ["sudah dilaporkan", "sekali per periode"],
        id="indikator-dua-kali",
    ),
    pytest.param(
        PRAJA,
        "indikator: ik-waktu",
        "indikator: ik-tidak-ada",
        "ik-tidak-ada",
        ["tidak ada di perjanjian kinerja", "ejaan"],
        id="indikator-tidak-dikenal",
    ),
    pytest.param(
        PRAJA,
        "disampaikan_oleh: kepala-jawatan-praja",
        "disampaikan_oleh: siapa",
        "disampaikan_oleh",
        ["pejabat 'siapa' tidak ada", "id pejabat"],
        id="pejabat-tidak-dikenal",
    ),
    pytest.param(
        PK,
        "penanggung_jawab: jawatan-sosial\n      - id: ik-kegiatan",
        "penanggung_jawab: jawatan-x\n      - id: ik-kegiatan",
        "jawatan-x",
        ["unit 'jawatan-x' tidak ada", "pilih salah satu"],
        id="unit-tidak-dikenal",
    ),
    pytest.param(
        INSTANSI,
        "peran: panewu-anom",
        "peran: sekretaris",
        "sekretaris",
        ["bukan peran yang dikenal", "peran_tambahan"],
        id="peran-tidak-dikenal",
    ),
    pytest.param(
        INSTANSI,
        "id: jawatan-sosial\n",
        "id: jawatan-praja\n",
        "id: jawatan-praja\n    nama: Jawatan Sosial",
        ["sudah dipakai", "id sendiri"],
        id="id-unit-ganda",
    ),
    pytest.param(
        PK,
        "id: ik-waktu",
        "id: ik-ikm",
        "id: ik-ikm\n        uraian: Rata-rata",
        ["sudah ada", "unik"],
        id="id-indikator-ganda",
    ),
    pytest.param(
        PK,
        "target: {min: 90, maks: 100}",
        "target: {min: 100, maks: 90}",
        "min: 100",
        ["harus lebih kecil dari maks", "tukar"],
        id="rentang-min-maks",
    ),
    pytest.param(
        PK,
        "{TW1: 82, TW2: 83, TW3: 84, TW4: 85}",
        "{TW1: 82, TW5: 83}",
        "TW5",
        ["'TW5' bukan pilihan yang sah", "TW1"],
        id="target-periode-tw5",
    ),
    pytest.param(
        INSTANSI,
        'nip: "198001012005011003"',
        "nip: 198001012005011003",
        "nip: 198001012005011003",
        ["tulis NIP di antara tanda kutip"],
        id="nip-tanpa-kutip",
    ),
    pytest.param(
        INSTANSI,
        'nip: "198001012005011003"',
        'nip: "19800101200501100"',
        "19800101200501100",
        ["tepat 18 angka"],
        id="nip-panjang",
    ),
    pytest.param(
        INSTANSI,
        'nip: "198001012005011003"',
        'nip: "198002302005011003"',
        "198002302005011003",
        ["tanggal lahir yang ada"],
        id="nip-tanggal-lahir",
    ),
    pytest.param(
        INSTANSI,
        'nip: "198001012005011003"',
        'nip: "198001012005131003"',
        "198001012005131003",
        ["TMT", "yyyymm"],
        id="nip-bulan-tmt",
    ),
    pytest.param(
        INSTANSI,
        'nip: "198001012005011003"',
        'nip: "198001012005013003"',
        "198001012005013003",
        ["1 (laki-laki) atau 2 (perempuan)"],
        id="nip-jenis-kelamin",
    ),
    pytest.param(
        SIKLUS,
        "no: 3, mulai: 2025-04-16, selesai: 2025-04-17, oleh: kasubbag-kpe",
        "no: 3, mulai: 2025-04-16, selesai: 2025-04-17, oleh: kepala-jawatan-praja",
        "no: 3",
        ["hanya boleh ditandatangani oleh kasubbag-kpe", "berwenang"],
        id="peran-tidak-berwenang",
    ),
    pytest.param(
        SIKLUS,
        "selesai: 2025-04-15",
        "selesai: 2025-03-15",
        "selesai: 2025-03-15",
        ["lebih awal dari mulai", "perbaiki"],
        id="tanggal-tidak-urut",
    ),
    pytest.param(
        SIKLUS,
        "no: 3, mulai: 2025-04-16",
        "no: 3, mulai: 2025-04-10",
        "no: 3",
        ["lebih awal dari selesainya langkah 2"],
        id="langkah-tumpang-tindih",
    ),
    pytest.param(
        SIKLUS,
        "  - {no: 3, mulai: 2025-04-16, selesai: 2025-04-17, oleh: kasubbag-kpe}",
        "  - {no: 5, mulai: 2025-04-16, selesai: 2025-04-17, oleh: kasubbag-kpe}",
        "no: 5",
        ["langkah 3 dan 4 belum dicatat"],
        id="langkah-dilompati",
    ),
    pytest.param(
        PRAJA,
        "tanggal: 2025-04-08",
        "tanggal: 2025-02-30",
        "2025-02-30",
        ["bukan tanggal yang ada", "YYYY-MM-DD"],
        id="tanggal-tidak-ada",
    ),
    pytest.param(
        PRAJA,
        "bukti/ikm.txt",
        "../../etc/passwd",
        "../../etc/passwd",
        ["ke luar repo", "jalur relatif"],
        id="bukti-keluar-repo",
    ),
    pytest.param(
        PRAJA, "bukti/ikm.txt", "/etc/passwd", "/etc/passwd", ["ke luar repo"], id="bukti-absolut"
    ),
    pytest.param(
        PRAJA,
        "https://example.go.id/ikm",
        "javascript:alert(1)",
        "javascript",
        ["hanya tautan http"],
        id="bukti-javascript",
    ),
    pytest.param(
        PRAJA,
        "hambatan: Responden survei sedikit",
        "hambatan: a\n    hambatan: b",
        "hambatan: b",
        ["ditulis dua kali", "hapus salah satunya"],
        id="kunci-ganda",
    ),
    pytest.param(
        PRAJA,
        "  - indikator: ik-waktu\n    nilai: 2.5",
        "  - &x indikator: ik-waktu\n    nilai: 2.5",
        "&x",
        ["alias YAML", "secara lengkap"],
        id="jangkar",
    ),
    pytest.param(
        PRAJA,
        "strategi: Survei daring",
        "strategi: Survei daring\n    warna: merah",
        "warna",
        ["kunci 'warna' tidak dikenal", "ejaannya"],
        id="kunci-tidak-dikenal",
    ),
    pytest.param(
        INSTANSI,
        "wajib_tanda_tangan_git: false",
        "wajib_tanda_tangan_git: yes",
        "wajib_tanda_tangan_git",
        ["true atau false", "'yes'"],
        id="yaml11-yes-is-text",
    ),
    pytest.param(
        SIKLUS,
        "kepada: [kepala-jawatan-praja, kepala-jawatan-sosial]",
        "kepada: [orang-luar]",
        "orang-luar",
        ["tidak ada di data/instansi.yml", "kepada_luar"],
        id="surat-penerima",
    ),
    pytest.param(
        PRAJA,
        "indikator: ik-waktu\n    nilai: 2.5",
        "indikator: ik-waktu\n    nilai:\n      - 1",
        "- 1",
        ["harus berupa angka, ditemukan sebuah daftar"],
        id="nilai-daftar",
    ),
]


@pytest.mark.parametrize(("berkas", "lama", "baru", "penanda", "kata"), KASUS_GALAT)
def test_bad_input_is_located_and_explained(
    repo: Path, berkas: str, lama: str, baru: str, penanda: str, kata: list[str]
) -> None:
    ubah(repo, berkas, lama, baru)
    kode, keluaran = jalankan(repo)
    assert kode == 1, keluaran
    baris_galat = [b for b in keluaran.splitlines() if ": galat: " in b]
    assert baris_galat, keluaran
    baris = baris_dari(repo, berkas, penanda)
    cocok = [b for b in baris_galat if b.startswith(f"{berkas}:{baris}:")]
    assert cocok, f"no error at {berkas}:{baris}:\n{keluaran}"
    for k in kata:
        assert any(k in b for b in cocok), f"{k!r} not in {cocok}"
    assert "Traceback" not in keluaran


KASUS_PERINGATAN = [
    pytest.param(
        PRAJA,
        "bukti/ikm.txt",
        "bukti/hilang.pdf",
        "bukti/hilang.pdf",
        ["tidak ditemukan", "tambahkan berkasnya"],
        id="bukti-tidak-ada",
    ),
    pytest.param(
        PK,
        "{TW1: 10, TW2: 20, TW3: 30, TW4: 40}",
        "{TW1: 10, TW2: 20, TW3: 15, TW4: 40}",
        "TW3: 15",
        ["lebih kecil dari TW2", "tidak boleh turun"],
        id="kumulatif-turun",
    ),
]


@pytest.mark.parametrize(("berkas", "lama", "baru", "penanda", "kata"), KASUS_PERINGATAN)
def test_warnings_pass_but_fail_under_strict(
    repo: Path, berkas: str, lama: str, baru: str, penanda: str, kata: list[str]
) -> None:
    ubah(repo, berkas, lama, baru)
    kode, keluaran = jalankan(repo)
    assert kode == 0, keluaran
    baris = baris_dari(repo, berkas, penanda)
    cocok = [
        b for b in keluaran.splitlines() if b.startswith(f"{berkas}:{baris}:") and "peringatan" in b
    ]
    assert cocok, keluaran
    for k in kata:
        assert any(k in b for b in cocok), f"{k!r} not in {cocok}"
    kode_strict, _ = jalankan(repo, "--strict")
    assert kode_strict == 1


def test_unit_reporting_another_units_indicator_is_warned(repo: Path) -> None:
    ubah(
        repo,
        PK,
        "target: {min: 90, maks: 100}\n        penanggung_jawab: jawatan-sosial",
        "target: {min: 90, maks: 100}\n        penanggung_jawab: jawatan-praja",
    )
    kode, keluaran = jalankan(repo)
    assert kode == 0, keluaran
    baris = baris_dari(repo, SOSIAL, "ik-serapan")
    assert (
        f"{SOSIAL}:{baris}:16: peringatan: realisasi[0].indikator: 'ik-serapan' menjadi "
        "tanggung jawab 'jawatan-praja', bukan 'jawatan-sosial'; laporkan di berkas unit "
        "jawatan-praja"
    ) in keluaran
    assert jalankan(repo, "--strict")[0] == 1


def test_valid_tree_passes_strict(repo: Path) -> None:
    kode, keluaran = jalankan(repo, "--strict")
    assert kode == 0, keluaran
    assert "0 galat, 0 peringatan" in keluaran


def test_every_problem_is_gathered_before_failing(repo: Path) -> None:
    ubah(repo, PRAJA, "nilai: 83.4", "nilai: delapan")
    ubah(repo, SOSIAL, "nilai: B\n", "nilai: Z\n")
    ubah(repo, INSTANSI, 'nip: "198001012005011003"', 'nip: "1"')
    kode, keluaran = jalankan(repo)
    assert kode == 1
    assert "3 galat" in keluaran
    for berkas in (PRAJA, SOSIAL, INSTANSI):
        assert berkas in keluaran


def test_json_format(repo: Path) -> None:
    ubah(repo, PRAJA, "nilai: 83.4", "nilai: delapan puluh")
    kode, keluaran = jalankan(repo, "--format", "json")
    assert kode == 1
    hasil = json.loads(keluaran)
    assert hasil["valid"] is False
    (m,) = hasil["masalah"]
    assert set(m) == {"berkas", "baris", "kolom", "tingkat", "kode", "pesan"}
    assert m["berkas"] == PRAJA
    assert m["baris"] == baris_dari(repo, PRAJA, "delapan puluh")
    assert m["kolom"] == 12
    assert m["tingkat"] == "galat"
    assert m["kode"] == "nilai-tidak-sesuai"


def test_json_format_valid(repo: Path) -> None:
    kode, keluaran = jalankan(repo, "--format", "json")
    assert kode == 0
    assert json.loads(keluaran) == {"valid": True, "masalah": []}


def test_github_format(repo: Path) -> None:
    ubah(repo, PRAJA, "nilai: 83.4", "nilai: delapan puluh")
    ubah(repo, PRAJA, "bukti/ikm.txt", "bukti/hilang.pdf")
    kode, keluaran = jalankan(repo, "--format", "github")
    assert kode == 1
    baris = baris_dari(repo, PRAJA, "delapan puluh")
    assert f"::error file={PRAJA},line={baris},col=12::" in keluaran
    assert "::warning file=" in keluaran
    # the full list follows in plain text
    assert f"{PRAJA}:{baris}:12: galat:" in keluaran
    kode, keluaran = jalankan(repo, "--format", "github", "--strict")
    assert "::warning" not in keluaran


def test_message_matches_design_example(repo: Path) -> None:
    ubah(repo, PRAJA, "nilai: 83.4", "nilai: delapan puluh")
    _, keluaran = jalankan(repo)
    baris = baris_dari(repo, PRAJA, "delapan puluh")
    assert (
        f"{PRAJA}:{baris}:12: galat: realisasi[0].nilai: harus berupa angka, "
        "ditemukan 'delapan puluh'"
    ) in keluaran


def test_unknown_files_and_folders_are_reported(repo: Path) -> None:
    tulis(repo, "data/2025/realisasi/TW5/jawatan-praja.yml", "periode: TW5\n")
    tulis(repo, "data/2025/catatan.yml", "a: 1\n")
    kode, keluaran = jalankan(repo)
    assert kode == 0
    assert "data/2025/realisasi/TW5: peringatan:" in keluaran
    assert "TW1, TW2, TW3 atau TW4" in keluaran
    assert "data/2025/catatan.yml: peringatan:" in keluaran
    assert jalankan(repo, "--strict")[0] == 1


def test_missing_instansi_is_an_error(repo: Path) -> None:
    (repo / INSTANSI).unlink()
    kode, keluaran = jalankan(repo)
    assert kode == 1
    assert "data/instansi.yml: galat: berkas data/instansi.yml tidak ada" in keluaran


def test_realisasi_without_pk_is_an_error(repo: Path) -> None:
    (repo / PK).unlink()
    kode, keluaran = jalankan(repo)
    assert kode == 1
    assert "belum punya data/2025/perjanjian-kinerja.yml" in keluaran


def test_not_a_data_repo_is_a_usage_error(tmp_path: Path) -> None:
    hasil = capkin(tmp_path, "validate")
    assert hasil.exit_code == 2
    assert "tidak berisi folder data/" in hasil.output


def test_unknown_option_is_a_usage_error(repo: Path) -> None:
    hasil = capkin(repo, "validate", "--format", "xml")
    assert hasil.exit_code == 2


def test_symlink_out_of_the_repo_is_not_read(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rahasia = tmp_path_factory.mktemp("luar") / "rahasia.yml"
    rahasia.write_text("kata_sandi: rahasia-sekali\n", encoding="utf-8")
    (repo / SOSIAL).unlink()
    (repo / SOSIAL).symlink_to(rahasia)
    kode, keluaran = jalankan(repo)
    assert kode == 1
    assert f"{SOSIAL}: galat: tautan simbolik ini menunjuk ke luar repo" in keluaran
    assert "rahasia-sekali" not in keluaran


def test_huge_numbers_do_not_crash(repo: Path) -> None:
    ubah(repo, PRAJA, "nilai: 83.4", "nilai: " + "9" * 5000)
    kode, keluaran = jalankan(repo)
    assert kode == 1
    assert "harus berupa angka" in keluaran


def test_kategori_ignores_polaritas_and_agregasi_with_a_warning(repo: Path) -> None:
    ubah(repo, PK, "jenis: kategori\n", "jenis: kategori\n        agregasi: kumulatif\n")
    kode, keluaran = jalankan(repo)
    assert kode == 0
    baris = baris_dari(repo, PK, "agregasi: kumulatif\n        target: BB")
    assert f"{PK}:{baris}:19: peringatan: " in keluaran
    assert "agregasi 'kumulatif' diabaikan" in keluaran


def test_predikat_bands_must_reach_zero(repo: Path) -> None:
    ubah(
        repo,
        INSTANSI,
        "  rumus_turun: selisih\n",
        "  rumus_turun: selisih\n  predikat:\n    - {min: 90, nama: Baik}\n    - {min: 50, nama: Kurang}\n",
    )
    kode, keluaran = jalankan(repo)
    assert kode == 0
    assert "batas terendah 50 di atas 0" in keluaran
    assert "ubah 'min' predikat 'Kurang' menjadi 0" in keluaran


def test_realisasi_sent_by_another_units_head_is_warned(repo: Path) -> None:
    ubah(
        repo,
        SOSIAL,
        "disampaikan_oleh: kepala-jawatan-sosial",
        "disampaikan_oleh: kepala-jawatan-praja",
    )
    kode, keluaran = jalankan(repo)
    assert kode == 0
    assert (
        f"{SOSIAL}:3:19: peringatan: disampaikan_oleh: kepala-jawatan-praja adalah pejabat unit 'jawatan-praja'"
        in keluaran
    )


def test_kasubbag_kpe_may_send_on_a_units_behalf(repo: Path) -> None:
    ubah(repo, SOSIAL, "disampaikan_oleh: kepala-jawatan-sosial", "disampaikan_oleh: kasubbag-kpe")
    assert jalankan(repo, "--strict")[0] == 0


@pytest.mark.parametrize(
    ("lama", "baru", "penanda"),
    [
        ("selesai: 2025-04-17", "selesai: 2027-04-17", "2027-04-17"),
        ("tanggal: 2025-04-02", "tanggal: 2024-04-02", "tanggal: 2024-04-02"),
        (
            "mulai: 2025-04-01, selesai: 2025-04-01",
            "mulai: 2024-12-31, selesai: 2025-04-01",
            "2024-12-31",
        ),
    ],
)
def test_siklus_dates_outside_the_cycle_window_are_warned(
    repo: Path, lama: str, baru: str, penanda: str
) -> None:
    ubah(repo, SIKLUS, lama, baru)
    kode, keluaran = jalankan(repo)
    assert kode == 0, keluaran
    baris = baris_dari(repo, SIKLUS, penanda)
    cocok = [b for b in keluaran.splitlines() if b.startswith(f"{SIKLUS}:{baris}:")]
    assert cocok and "di luar masa siklus TW1 2025 (2025-01-01 sampai 2026-12-31)" in cocok[0]
    assert jalankan(repo, "--strict")[0] == 1
