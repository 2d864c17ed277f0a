"""Set-up mistakes in data/instansi.yml: examples left, git identities, NIPs, CODEOWNERS."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import tulis_data_lengkap

from capkin.errors import Masalah, Tingkat
from capkin.validation import periksa, periksa_nip

INSTANSI = "data/instansi.yml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return tulis_data_lengkap(tmp_path)


def ubah(root: Path, lama: str, baru: str) -> None:
    path = root / INSTANSI
    teks = path.read_text(encoding="utf-8")
    assert teks.count(lama) == 1, f"{lama!r} must occur once"
    path.write_text(teks.replace(lama, baru), encoding="utf-8")


def baris(root: Path, penanda: str) -> int:
    teks = (root / INSTANSI).read_text(encoding="utf-8")
    return teks[: teks.index(penanda)].count("\n") + 1


def satu(root: Path, kode: str) -> Masalah:
    [m] = [m for m in periksa(root, riwayat=False)[1] if m.kode == kode]
    return m


def test_the_complete_tree_has_no_set_up_problems(repo: Path) -> None:
    assert periksa(repo, riwayat=False)[1] == []


def test_an_example_official_left_from_init_is_warned(repo: Path) -> None:
    ubah(repo, "nama: Rina Astuti, S.IP.", "nama: CONTOH Nama Panewu Anom")
    m = satu(repo, "contoh-belum-diganti")
    assert m.tingkat is Tingkat.PERINGATAN
    assert (m.berkas, m.baris, m.kolom) == (INSTANSI, baris(repo, "CONTOH Nama"), 11)
    assert "pejabat[1].nama: 'CONTOH Nama Panewu Anom' masih data CONTOH" in m.pesan
    assert "ganti nama, NIP, pangkat, identitas_git dan github" in m.pesan


def test_an_empty_identitas_git_is_warned(repo: Path) -> None:
    ubah(repo, "identitas_git: [rina@uji.example]", "identitas_git: []")
    m = satu(repo, "identitas-git-kosong")
    assert m.tingkat is Tingkat.PERINGATAN
    assert (m.berkas, m.baris) == (INSTANSI, baris(repo, "identitas_git: []"))
    assert "panewu-anom belum punya email git" in m.pesan
    assert "identitas_git: [nama@instansi.go.id]" in m.pesan


def test_an_identitas_git_that_is_not_an_email_is_an_error(repo: Path) -> None:
    ubah(repo, "identitas_git: [rina@uji.example]", "identitas_git: [rina uji.example]")
    m = satu(repo, "email-tidak-sah")
    assert m.tingkat is Tingkat.GALAT
    assert (m.berkas, m.baris, m.kolom) == (INSTANSI, baris(repo, "identitas_git: [rina"), 21)
    assert "pejabat[1].identitas_git[0]: 'rina uji.example' bukan alamat email" in m.pesan
    assert "mis. nama@instansi.go.id" in m.pesan


def test_the_same_nip_for_two_officials_is_an_error(repo: Path) -> None:
    ubah(repo, 'nip: "198001012005011003"', 'nip: "197503122000032002"')
    m = satu(repo, "nip-ganda")
    assert m.tingkat is Tingkat.GALAT
    assert (m.berkas, m.baris) == (
        INSTANSI,
        baris(repo, 'nip: "197503122000032002"\n    peran: kasubbag-kpe'),
    )
    assert "pejabat[2].nip: 197503122000032002 sudah dipakai pejabat[1] (panewu-anom)" in m.pesan
    assert "periksa NIP pada SK pengangkatan" in m.pesan


@pytest.mark.parametrize(
    ("nip", "kata"),
    [
        ("198001012031011003", "TMT pengangkatan 01/2031 (angka ke-9 sampai ke-14) belum tiba"),
        ("198001011997011003", "TMT pengangkatan 01/1997 sebelum pejabat berusia 18 tahun"),
    ],
)
def test_an_implausible_tmt_is_an_error(repo: Path, nip: str, kata: str) -> None:
    ubah(repo, 'nip: "198001012005011003"', f'nip: "{nip}"')
    m = satu(repo, "nip-tidak-sah")
    assert m.tingkat is Tingkat.GALAT
    assert (m.berkas, m.baris) == (INSTANSI, baris(repo, f'nip: "{nip}"'))
    assert kata in m.pesan
    assert "SK pengangkatan" in m.pesan


def test_tmt_rules_at_the_edges() -> None:
    hari_ini = date(2026, 11, 26)
    assert periksa_nip("198001012026111003", hari_ini) is None  # this month
    assert periksa_nip("198001012026121003", hari_ini) is not None  # next month
    assert periksa_nip("198001011998011003", hari_ini) is None  # turned 18 that month
    assert periksa_nip("198002011998011003", hari_ini) is not None  # a month short


def test_codeowners_older_than_instansi_is_warned(repo: Path) -> None:
    from capkin.dataset import muat_dataset
    from capkin.scaffold.codeowners import tulis_codeowners

    ds, _ = muat_dataset(repo)
    assert ds.instansi is not None
    tulis_codeowners(ds.instansi, repo)
    assert not [m for m in periksa(repo, riwayat=False)[1] if m.kode == "codeowners-usang"]
    ubah(repo, "nama: Jawatan Sosial", "nama: Jawatan Sosial dan Kesejahteraan")
    m = satu(repo, "codeowners-usang")
    assert m.tingkat is Tingkat.PERINGATAN
    assert m.berkas == ".github/CODEOWNERS"
    baris = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
    assert (m.baris, m.kolom) != (0, 0)  # the first line that differs, where the fix goes
    assert "Jawatan Sosial" in baris[m.baris - 1] and m.kolom == 1
    assert all("Jawatan Sosial" not in b for b in baris[: m.baris - 1])
    assert str(m).startswith(f".github/CODEOWNERS:{m.baris}:1: peringatan:")
    assert "tidak sesuai lagi dengan data/instansi.yml" in m.pesan
    assert "jalankan `capkin codeowners`" in m.pesan
