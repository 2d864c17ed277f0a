"""Integrity checks from git: verified sign-offs, late target and realisasi changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from factories import (
    LANGKAH_TW1,
    RepoUji,
    capkin,
    gabung,
    pk_yml,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    tandatangani,
    tulis,
    tulis_data_minimal,
)

from capkin.dataset import Dataset, muat_dataset
from capkin.errors import Masalah, Tingkat
from capkin.history import periksa_integritas, verifikasi_langkah
from capkin.models.base import Periode

SIKLUS = "data/2025/siklus/TW1.yml"
TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"
PK = "data/2025/perjanjian-kinerja.yml"
LANGKAH = LANGKAH_TW1


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def _periksa(root: Path) -> tuple[Dataset, list[Masalah]]:
    ds, _ = muat_dataset(root)
    return ds, periksa_integritas(ds, root)


def _kode(masalah: list[Masalah], kode: str) -> list[Masalah]:
    return [m for m in masalah if m.kode == kode]


TANPA_KUNCI = "tanda-tangan-tanpa-kriptografi"
"""Warning for a sign-off backed only by the author's email (no SSH key in these tests)."""


def _selain_tanpa_kunci(masalah: list[Masalah], jumlah: int) -> list[Masalah]:
    """Check that `jumlah` sign-offs are flagged as email-only; return the other problems."""
    assert len(_kode(masalah, TANPA_KUNCI)) == jumlah
    return [m for m in masalah if m.kode != TANPA_KUNCI]


def test_genuine_sign_offs_are_verified(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    ds, masalah = _periksa(tmp_path)
    assert _selain_tanpa_kunci(masalah, 6) == []
    hasil = verifikasi_langkah(ds, tmp_path)
    assert set(hasil) == {(2025, Periode.TW1, n) for n in range(1, 7)}
    v6 = hasil[(2025, Periode.TW1, 6)]
    assert v6.terverifikasi and v6.penulis is not None
    assert (v6.penulis.email, v6.penulis.pejabat) == ("sarjono@gamping.example", "panewu")
    assert v6.commit == repo.git("rev-parse", "HEAD").strip()


def test_forged_sign_off_is_flagged_at_its_oleh(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 5)
    palsu = repo.commit(
        "Langkah 6",
        {SIKLUS: siklus_yml("TW1", LANGKAH)},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    ds, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "tanda-tangan-tidak-terverifikasi")
    assert m.tingkat is Tingkat.PERINGATAN
    assert m.berkas == SIKLUS
    assert (m.baris, m.kolom) == ds.lokasi(SIKLUS, ("langkah", 5, "oleh"))
    assert "langkah 6" in m.pesan and "panewu (Drs. SARJONO, M.Si.)" in m.pesan
    assert "mallory@luar.example" in m.pesan and palsu[:7] in m.pesan
    assert not verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 6)].terverifikasi


def test_merge_by_the_official_does_not_verify_someone_elses_commit(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 5)
    repo.git("checkout", "-q", "-b", "pengesahan")
    repo.commit(
        "Langkah 6",
        {SIKLUS: siklus_yml("TW1", LANGKAH)},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    repo.git("checkout", "-q", "main")
    gabung(repo, "pengesahan", "Merge pull request #9 from pengesahan", oleh="panewu")
    _, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "tanda-tangan-tidak-terverifikasi")
    assert "mallory@luar.example" in m.pesan


def test_sign_off_on_a_branch_merged_by_someone_else_is_verified(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 5)
    repo.git("checkout", "-q", "-b", "pengesahan")
    tandatangani(repo, 6, dari=6)
    repo.git("checkout", "-q", "main")
    gabung(repo, "pengesahan", "Merge pull request #9 from pengesahan", oleh="kasubbag-kpe")
    ds, masalah = _periksa(tmp_path)
    assert _kode(masalah, "tanda-tangan-tidak-terverifikasi") == []
    assert verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 6)].terverifikasi


def test_changing_the_date_of_a_sign_off_makes_it_the_changers(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    ubah = [*LANGKAH[:5], (6, "2025-04-23", "panewu")]
    repo.commit("Ubah tanggal", {SIKLUS: siklus_yml("TW1", ubah)}, oleh="kasubbag-kpe")
    _, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "tanda-tangan-tidak-terverifikasi")
    assert "budi@gamping.example" in m.pesan


def test_uncommitted_sign_off_is_flagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 3)
    tulis(tmp_path, SIKLUS, siklus_yml("TW1", LANGKAH[:4]))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Mallory")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "mallory@luar.example")
    _, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "tanda-tangan-tidak-terverifikasi")
    assert "langkah 4" in m.pesan and "belum di-commit" in m.pesan
    assert "mallory@luar.example" in m.pesan


def test_sign_off_about_to_be_committed_by_the_official_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a pre-commit hook sees: the official's own sign-off, staged, not committed yet."""
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 3)
    tulis(tmp_path, SIKLUS, siklus_yml("TW1", LANGKAH[:4]))
    repo.git("add", SIKLUS)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Rina")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "RINA@gamping.example")
    ds, masalah = _periksa(tmp_path)
    assert _selain_tanpa_kunci(masalah, 3) == []
    v = verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 4)]
    assert (v.terverifikasi, v.commit) == (False, None)
    assert v.penulis is not None and v.penulis.pejabat == "panewu-anom"


def test_sign_offs_in_a_repository_without_commits_are_not_committed(tmp_path: Path) -> None:
    RepoUji.buat(tmp_path)
    tulis_data_minimal(tmp_path)
    _, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "tanda-tangan-tidak-terverifikasi")
    assert "belum di-commit" in m.pesan


def test_outside_git_nothing_is_checked(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    ds, masalah = _periksa(tmp_path)
    assert masalah == []
    assert verifikasi_langkah(ds, tmp_path) == {}


def test_target_changed_after_realisasi_exists(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path)
    tulis_data_minimal(tmp_path)
    (tmp_path / TW1).unlink()
    repo.commit("PK awal", oleh="kasubbag-kpe")
    repo.commit(
        "Revisi PK sebelum realisasi", {PK: pk_yml(target={"ik1": 85, "ik2": 91, "ik3": 8})}
    )
    repo.commit("Realisasi TW1", {TW1: realisasi_yml()}, oleh="kepala-jawatan-umum")
    telat = repo.commit(
        "Turunkan target ik3",
        {PK: pk_yml(target={"ik1": 85, "ik2": 91, "ik3": 6})},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    ds, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "target-berubah")
    assert m.tingkat is Tingkat.PERINGATAN and m.berkas == PK
    assert (m.baris, m.kolom) == ds.lokasi(PK, ("sasaran", 0, "indikator", 2, "target"))
    assert telat[:7] in m.pesan and "mallory@luar.example" in m.pesan
    assert "ik3 · target: 8 → 6" in m.pesan
    # a formal revision of the agreement carries a new date: then the change is accepted
    revisi = pk_yml(target={"ik1": 85, "ik2": 91, "ik3": 6}).replace("2025-02-03", "2025-06-02")
    repo.commit("Perjanjian Kinerja perubahan", {PK: revisi}, oleh="panewu")
    _, masalah = _periksa(tmp_path)
    assert _kode(masalah, "target-berubah") == []


def test_realisasi_changed_after_step_6(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    nilai = {"ik1": 80, "ik2": 95, "ik3": 7}
    ubah = repo.commit("Ubah ik2", {TW1: realisasi_yml(nilai=nilai)}, oleh="kepala-jawatan-umum")
    ds, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "realisasi-berubah-setelah-pengesahan")
    assert m.berkas == TW1 and ubah[:7] in m.pesan
    assert (m.baris, m.kolom) == ds.lokasi(TW1, ("realisasi", 1))
    assert "ik2 · nilai: 88 → 95" in m.pesan
    # signing step 6 again accepts the change
    ulang = [*LANGKAH[:5], (6, "2025-04-24", "panewu")]
    repo.commit("Sahkan ulang", {SIKLUS: siklus_yml("TW1", ulang)}, oleh="panewu")
    _, masalah = _periksa(tmp_path)
    assert _kode(masalah, "realisasi-berubah-setelah-pengesahan") == []


REVISI_PALSU = "revisi:\n  - {tanggal: 2025-05-02, oleh: panewu, alasan: Koreksi ik2}\n"
"""A re-approval naming the Panewu, for a staff member to commit without the Panewu's proof."""


@pytest.mark.parametrize("urutan", ["revisi-lalu-realisasi", "realisasi-lalu-revisi", "bersama"])
def test_a_revisi_the_official_did_not_commit_does_not_reapprove(
    tmp_path: Path, urutan: str
) -> None:
    """A staff member's revisi in the Panewu's name does not silence a late realisasi change."""
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    siklus = (tmp_path / SIKLUS).read_text(encoding="utf-8") + REVISI_PALSU
    realisasi = realisasi_yml(nilai={"ik1": 80, "ik2": 95, "ik3": 7})
    if urutan == "bersama":
        ubah = repo.commit("Ubah ik2", {TW1: realisasi, SIKLUS: siklus}, oleh="kasubbag-kpe")
    elif urutan == "revisi-lalu-realisasi":
        repo.commit("Sahkan ulang", {SIKLUS: siklus}, oleh="kasubbag-kpe")
        ubah = repo.commit("Ubah ik2", {TW1: realisasi}, oleh="kasubbag-kpe")
    else:
        ubah = repo.commit("Ubah ik2", {TW1: realisasi}, oleh="kasubbag-kpe")
        repo.commit("Sahkan ulang", {SIKLUS: siklus}, oleh="kasubbag-kpe")
    _, masalah = _periksa(tmp_path)
    [m] = _kode(masalah, "realisasi-berubah-setelah-pengesahan")
    assert m.berkas == TW1 and ubah[:7] in m.pesan
    assert "ik2 · nilai: 88 → 95" in m.pesan


def test_a_revisi_the_official_committed_reapproves(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    repo.commit(
        "Ubah ik2",
        {TW1: realisasi_yml(nilai={"ik1": 80, "ik2": 95, "ik3": 7})},
        oleh="kasubbag-kpe",
    )
    siklus = (tmp_path / SIKLUS).read_text(encoding="utf-8") + REVISI_PALSU
    repo.commit("Sahkan ulang", {SIKLUS: siklus}, oleh="panewu")
    _, masalah = _periksa(tmp_path)
    assert _kode(masalah, "realisasi-berubah-setelah-pengesahan") == []


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_reformatting_keeps_a_sign_off_verified(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    alir = "periode: TW1\nlangkah:\n" + "".join(
        f"  - {{no: {no}, mulai: {d}, selesai: {d}, oleh: {o}}}\n" for no, d, o in LANGKAH
    )
    repo.commit(
        "Rapikan format siklus", {SIKLUS: alir}, oleh="Mallory", email="mallory@luar.example"
    )
    ds, masalah = _periksa(tmp_path)
    assert _selain_tanpa_kunci(masalah, 6) == []
    assert verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 6)].penulis is not None


def test_sign_off_slipped_in_while_repairing_a_broken_file_is_flagged(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 5)
    repo.commit("Rusak", {SIKLUS: "periode: TW1\nlangkah: [\n"}, oleh="kasubbag-kpe")
    repo.commit(
        "Perbaiki",
        {SIKLUS: siklus_yml("TW1", LANGKAH)},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    _, masalah = _periksa(tmp_path)
    tidak = _kode(masalah, "tanda-tangan-tidak-terverifikasi")
    assert len(tidak) == 6
    assert all("mallory@luar.example" in m.pesan for m in tidak)


def test_branch_commit_that_introduced_the_value_is_found_among_several(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 5)
    repo.git("checkout", "-q", "-b", "tw1")
    repo.commit(
        "Catatan", {TW1: realisasi_yml(nilai={"ik1": 80, "ik2": 88, "ik3": 8})}, oleh="kasubbag-kpe"
    )
    tandatangani(repo, 6, dari=6)
    dengan_catatan = [*LANGKAH[:5], (6, "2025-04-22", "panewu")]
    teks = siklus_yml("TW1", dengan_catatan) + "kesimpulan: Tercapai.\n"
    repo.commit("Kesimpulan", {SIKLUS: teks}, oleh="kasubbag-kpe")
    repo.git("checkout", "-q", "main")
    gabung(repo, "tw1", "Merge pull request #3 from tw1", oleh="kasubbag-kpe")
    ds, masalah = _periksa(tmp_path)
    assert _kode(masalah, "tanda-tangan-tidak-terverifikasi") == []
    v = verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 6)]
    assert v.penulis is not None and v.penulis.pejabat == "panewu"


def test_other_changes_to_the_siklus_file_do_not_take_sign_offs_over(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    surat = (
        "surat:\n  - jenis: tanda-terima\n    nomor: TT/1\n    tanggal: 2025-04-22\n"
        "    perihal: Tanda terima laporan\n    dari_luar: Inspektorat\n    kepada: [panewu]\n"
        "kesimpulan: Sebagian besar target tercapai.\n"
    )
    teks = siklus_yml("TW1", LANGKAH) + surat
    repo.commit("Catat tanda terima", {SIKLUS: teks}, oleh="Mallory", email="mallory@luar.example")
    _, masalah = _periksa(tmp_path)
    assert _selain_tanpa_kunci(masalah, 6) == []


def test_validate_reports_forged_sign_off_and_strict_fails(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tandatangani(repo, 5)
    repo.commit(
        "Langkah 6", {SIKLUS: siklus_yml("TW1", LANGKAH)}, oleh="Mallory", email="m@luar.example"
    )
    biasa = capkin(tmp_path, "validate", "--format", "json")
    kode = [m["kode"] for m in json.loads(biasa.stdout)["masalah"]]
    assert "tanda-tangan-tidak-terverifikasi" in kode
    ketat = capkin(tmp_path, "validate", "--strict")
    assert biasa.exit_code == 0 and ketat.exit_code == 1
    assert "tanda-tangan-tidak-terverifikasi" not in ketat.stdout  # the message, not the code
    assert "m@luar.example" in ketat.stdout
