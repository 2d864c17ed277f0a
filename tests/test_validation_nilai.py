"""Plausibility of realisasi values: `batas`, percentages, negative counts, running totals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from factories import (
    capkin,
    compute_json,
    realisasi_capaian_yml,
    tulis,
    tulis_data_capaian,
    tulis_data_lengkap,
    tulis_data_minimal,
)

from capkin.errors import Masalah, Tingkat
from capkin.validation import periksa

PK = "data/2025/perjanjian-kinerja.yml"
UMUM_TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"
UMUM_TW2 = "data/2025/realisasi/TW2/jawatan-umum.yml"
PRAJA_TW2 = "data/2025/realisasi/TW2/jawatan-praja.yml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return tulis_data_capaian(tmp_path)


def ubah(root: Path, berkas: str, lama: str, baru: str) -> None:
    path = root / berkas
    teks = path.read_text(encoding="utf-8")
    assert teks.count(lama) == 1, f"{lama!r} must occur once in {berkas}"
    path.write_text(teks.replace(lama, baru), encoding="utf-8")


def kum(root: Path, tw1: object, tw2: object) -> None:
    """Report ik-kum (kumulatif, target to date TW1 10, TW2 20) for TW1 and TW2 only."""
    (root / "data/2025/realisasi/TW4/jawatan-umum.yml").unlink()
    for berkas, periode, tanggal, nilai in (
        (UMUM_TW1, "TW1", "2025-04-08", tw1),
        (UMUM_TW2, "TW2", "2025-07-08", tw2),
    ):
        teks = realisasi_capaian_yml(
            periode, "jawatan-umum", "kepala-umum", tanggal, {"ik-kum": str(nilai)}
        )
        tulis(root, berkas, teks)


def baris_nilai(root: Path, berkas: str, nilai: str) -> int:
    teks = (root / berkas).read_text(encoding="utf-8")
    return teks[: teks.index(f"nilai: {nilai}")].count("\n") + 1


def dengan_kode(root: Path, kode: str) -> list[Masalah]:
    return [m for m in periksa(root, riwayat=False)[1] if m.kode == kode]


def test_the_sample_tree_has_none_of_these_problems(repo: Path) -> None:
    kode = {"nilai-di-luar-batas", "nilai-tidak-wajar", "nilai-kumulatif-tampak-total"}
    assert not [m for m in periksa(repo, riwayat=False)[1] if m.kode in kode]


def test_a_running_total_typed_as_the_quarter_amount_is_warned(repo: Path) -> None:
    # issue 13: TW1 12, the unit typed the running total 21 for TW2 (target to date 20)
    kum(repo, 12, 21)
    [m] = dengan_kode(repo, "nilai-kumulatif-tampak-total")
    assert m.tingkat is Tingkat.PERINGATAN
    assert (m.berkas, m.baris, m.kolom) == (UMUM_TW2, baris_nilai(repo, UMUM_TW2, "21"), 12)
    assert "21 tampak seperti total sejak awal tahun" in m.pesan
    assert "realisasi s.d. TW1 sudah 12" in m.pesan
    assert "capkin menghitung 33 terhadap target s.d. TW2 20" in m.pesan
    assert "isi jumlah TW2 saja (mis. 9)" in m.pesan
    assert "isian: sd-triwulan" in m.pesan


@pytest.mark.parametrize(
    ("tw1", "tw2"),
    [
        (12, 9),  # the quarter's own amount: 21 of 20
        (12, 11),  # below the earlier total
        (2, 14),  # as a total 70 %: a genuine big quarter
        (5, 20),  # as an amount 125 %: not over 150 %
    ],
)
def test_plausible_quarter_amounts_are_not_warned(repo: Path, tw1: int, tw2: int) -> None:
    kum(repo, tw1, tw2)
    assert not dengan_kode(repo, "nilai-kumulatif-tampak-total")


def test_sd_triwulan_takes_the_running_total_and_is_not_warned(repo: Path) -> None:
    ubah(
        repo,
        PK,
        "        agregasi: kumulatif\n",
        "        agregasi: kumulatif\n        isian: sd-triwulan\n",
    )
    kum(repo, 12, 21)
    assert not dengan_kode(repo, "nilai-kumulatif-tampak-total")
    hasil = compute_json(repo, 2025, "TW2")
    [ik] = [i for i in hasil["indikator"] if i["id"] == "ik-kum"]
    assert ik["realisasi"] == 21
    assert ik["capaian"] == 105


def test_sd_triwulan_total_that_goes_down_is_an_error(repo: Path) -> None:
    ubah(
        repo,
        PK,
        "        agregasi: kumulatif\n",
        "        agregasi: kumulatif\n        isian: sd-triwulan\n",
    )
    kum(repo, 12, 8)
    [m] = dengan_kode(repo, "total-kumulatif-turun")
    assert m.tingkat is Tingkat.GALAT
    assert (m.berkas, m.baris, m.kolom) == (UMUM_TW2, baris_nilai(repo, UMUM_TW2, "8"), 12)
    assert "total s.d. TW2 (8) lebih kecil dari total s.d. TW1 (12)" in m.pesan
    assert "isi TOTAL sejak awal tahun" in m.pesan


def test_isian_on_an_indicator_that_is_not_kumulatif_is_an_error(repo: Path) -> None:
    ubah(
        repo,
        PK,
        "        agregasi: terakhir\n",
        "        agregasi: terakhir\n        isian: sd-triwulan\n",
    )
    [m] = dengan_kode(repo, "isian-bukan-kumulatif")
    assert m.berkas == PK and m.baris > 0
    assert "hanya berlaku untuk indikator angka dengan agregasi kumulatif" in m.pesan
    assert "hapus kunci isian" in m.pesan


def test_value_outside_batas_is_an_error(repo: Path) -> None:
    ubah(
        repo, PK, "        target: 85\n", "        target: 85\n        batas: {min: 0, maks: 100}\n"
    )
    tulis(
        repo,
        UMUM_TW2,
        realisasi_capaian_yml(
            "TW2", "jawatan-umum", "kepala-umum", "2025-07-08", {"ik-akhir": 8420}
        ),
    )
    [m] = dengan_kode(repo, "nilai-di-luar-batas")
    assert m.tingkat is Tingkat.GALAT
    assert (m.berkas, m.baris, m.kolom) == (UMUM_TW2, baris_nilai(repo, UMUM_TW2, "8420"), 12)
    assert "8420 di luar batas indikator 'ik-akhir' (0 sampai 100" in m.pesan
    assert "periksa angkanya" in m.pesan


def test_batas_with_min_above_maks_is_an_error(repo: Path) -> None:
    ubah(
        repo, PK, "        target: 85\n", "        target: 85\n        batas: {min: 100, maks: 0}\n"
    )
    [m] = dengan_kode(repo, "batas-terbalik")
    assert m.berkas == PK and m.baris > 0
    assert "tukar kedua nilai" in m.pesan


def test_percentage_above_100_is_a_warning_without_batas(repo: Path) -> None:
    ubah(repo, PRAJA_TW2, "nilai: 95", "nilai: 140")
    [m] = dengan_kode(repo, "nilai-tidak-wajar")
    assert m.tingkat is Tingkat.PERINGATAN
    assert (m.berkas, m.baris, m.kolom) == (PRAJA_TW2, baris_nilai(repo, PRAJA_TW2, "140"), 12)
    assert "140 persen berada di luar 0–100" in m.pesan
    assert "tetapkan batas" in m.pesan


def test_percentage_within_a_declared_batas_is_not_warned(repo: Path) -> None:
    ubah(
        repo,
        PK,
        "        target: {min: 80, maks: 90}\n",
        "        target: {min: 80, maks: 90}\n        batas: {min: 0, maks: 150}\n",
    )
    ubah(repo, PRAJA_TW2, "nilai: 95", "nilai: 140")
    assert not dengan_kode(repo, "nilai-tidak-wajar")
    assert not dengan_kode(repo, "nilai-di-luar-batas")


def test_negative_count_is_a_warning(repo: Path) -> None:
    tulis(
        repo,
        PRAJA_TW2,
        realisasi_capaian_yml(
            "TW2",
            "jawatan-praja",
            "kepala-praja",
            "2025-07-09",
            {"ik-rentang": 95, "ik-kosong": -5},
        ),
    )
    [m] = dengan_kode(repo, "nilai-tidak-wajar")
    assert (m.berkas, m.baris) == (PRAJA_TW2, baris_nilai(repo, PRAJA_TW2, "-5"))
    assert "-5 bernilai negatif" in m.pesan
    assert "hapus tanda minus" in m.pesan


def test_a_number_like_1_250_is_warned_with_both_meanings(repo: Path) -> None:
    ubah(repo, PRAJA_TW2, "nilai: 95", "nilai: 1.250")
    [m] = dengan_kode(repo, "angka-bermakna-ganda")
    assert m.tingkat is Tingkat.PERINGATAN
    assert (m.berkas, m.baris, m.kolom) == (PRAJA_TW2, baris_nilai(repo, PRAJA_TW2, "1.250"), 12)
    assert "realisasi[0].nilai: 1.250 bermakna ganda dan dibaca sebagai 1,25" in m.pesan
    assert "bila maksudnya 1250, tulis 1250 tanpa titik ribuan" in m.pesan
    assert "bila maksudnya 1,25, tulis 1.25" in m.pesan


def test_a_target_like_12_500_is_warned(repo: Path) -> None:
    ubah(repo, PK, "        target: 40\n", "        target: 12.500\n")
    [m] = dengan_kode(repo, "angka-bermakna-ganda")
    assert m.berkas == PK and m.baris > 0
    assert m.pesan.startswith("sasaran[0].indikator[0].target: 12.500 bermakna ganda")
    assert "tulis 12500 tanpa titik ribuan" in m.pesan and "tulis 12.5" in m.pesan


def test_a_quoted_number_says_remove_the_quotes(repo: Path) -> None:
    ubah(repo, PRAJA_TW2, "nilai: 95", 'nilai: "92.5"')
    [m] = dengan_kode(repo, "nilai-tidak-sesuai")
    assert m.tingkat is Tingkat.GALAT
    assert (m.berkas, m.baris, m.kolom) == (PRAJA_TW2, baris_nilai(repo, PRAJA_TW2, '"92.5"'), 12)
    assert "harus berupa angka, ditemukan '92.5'" in m.pesan
    assert "hapus tanda kutip agar terbaca sebagai angka: nilai: 92.5" in m.pesan
    assert "titik desimal" not in m.pesan


def test_a_number_with_a_decimal_comma_says_how_to_write_it(repo: Path) -> None:
    ubah(repo, PRAJA_TW2, "nilai: 95", "nilai: 92,5")
    [m] = dengan_kode(repo, "nilai-tidak-sesuai")
    assert "tulis angka dengan titik desimal" in m.pesan and "nilai: 92.5" in m.pesan


KODE_NILAI = {
    "nilai-kumulatif-tampak-total",
    "total-kumulatif-turun",
    "nilai-di-luar-batas",
    "nilai-tidak-wajar",
    "angka-bermakna-ganda",
    "isian-bukan-kumulatif",
    "batas-kosong",
    "batas-terbalik",
}


def test_the_bundled_gamping_data_has_no_problem_at_all() -> None:
    sampel = Path(__file__).resolve().parents[1]
    assert (sampel / "data/instansi.yml").is_file()
    masalah = periksa(sampel, riwayat=False)[1]
    assert [str(m) for m in masalah] == []


@pytest.mark.parametrize("pohon", [tulis_data_lengkap, tulis_data_minimal, tulis_data_capaian])
def test_the_test_trees_have_none_of_the_value_problems(
    tmp_path: Path, pohon: Callable[[Path], Path]
) -> None:
    masalah = [m for m in periksa(pohon(tmp_path), riwayat=False)[1] if m.kode in KODE_NILAI]
    assert [str(m) for m in masalah] == []


@pytest.mark.parametrize(
    ("tulisan", "kode", "kata"),
    [
        # more significant digits than a float holds: not the number written
        ("1.2345678901234567890", "angka-tidak-tepat", "tidak dapat dihitung persis"),
        ("95.000000000000000001", "angka-tidak-tepat", "terbaca sebagai 95.0"),
        # too small to hold at all (reads as 0)
        ("1e-400", "angka-tidak-tepat", "terbaca sebagai 0.0"),
        # a subnormal and a tiny value: shown as 0,00, a typo for 1e3 or 0.001
        ("1e-320", "di-luar-batas", "terlalu dekat ke nol"),
        ("0.000000001", "di-luar-batas", "terlalu dekat ke nol"),
        # beyond any real figure
        ("1e308", "di-luar-batas", "di luar jangkauan"),
    ],
)
def test_a_number_a_person_almost_surely_mistyped_is_a_located_error(
    repo: Path, tulisan: str, kode: str, kata: str
) -> None:
    ubah(repo, PRAJA_TW2, "nilai: 95", f"nilai: {tulisan}")
    galat = [m for m in periksa(repo, riwayat=False)[1] if m.berkas == PRAJA_TW2]
    assert [(m.kode, m.tingkat) for m in galat] == [(kode, Tingkat.GALAT)], galat
    [m] = galat
    assert (m.baris, m.kolom) == (baris_nilai(repo, PRAJA_TW2, tulisan), 12)
    assert kata in m.pesan


@pytest.mark.parametrize("tulisan", ["85.80000000000001", "0.30000000000000004", "9.5e1", ".5"])
def test_a_float_written_as_it_is_held_passes(repo: Path, tulisan: str) -> None:
    ubah(repo, PRAJA_TW2, "nilai: 95", f"nilai: {tulisan}")
    assert [
        m
        for m in periksa(repo, riwayat=False)[1]
        if m.berkas == PRAJA_TW2 and m.tingkat is Tingkat.GALAT
    ] == []


def test_negative_zero_is_zero_everywhere(repo: Path) -> None:
    ubah(repo, PRAJA_TW2, "nilai: 95", "nilai: -0.0")
    hasil = compute_json(repo, 2025, "TW2")
    daftar = hasil["indikator"]
    assert isinstance(daftar, list)
    [ind] = [i for i in daftar if i["realisasi"] is not None and i["realisasi"] == 0]
    assert str(ind["realisasi"]) == "0.0" and str(ind["capaian"]).startswith("0")
    teks = capkin(repo, "compute", "--tahun", "2025", "--periode", "TW2").output
    assert "-0" not in teks
