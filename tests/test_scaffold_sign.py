"""`capkin sign`: a checked sign-off that keeps the siklus file's comments and layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import RepoUji, capkin, isolasi_git, tulis, tulis_data_lengkap

from capkin.validation import periksa

SIKLUS = "data/2025/siklus/TW1.yml"

SIKLUS_BERKOMENTAR = """\
# Siklus SOP Triwulan I 2025
periode: TW1
langkah:
  - {no: 1, mulai: 2025-04-01, selesai: 2025-04-01, oleh: kasubbag-kpe}  # Tapkin dipelajari
  # langkah 2: nota dinas 000.8/001/Uji
  - no: 2
    mulai: 2025-04-02
    selesai: 2025-04-15
    oleh: kasubbag-kpe
  - {no: 3, mulai: 2025-04-16, selesai: 2025-04-17, oleh: kasubbag-kpe}
surat:
  - jenis: nota-dinas  # permintaan data
    nomor: 000.8/001/Uji
    tanggal: 2025-04-02
    perihal: Permintaan data capaian kinerja Triwulan I
    dari: kasubbag-kpe
    kepada: [kepala-jawatan-praja, kepala-jawatan-sosial]
kesimpulan: |
  Dua dari lima indikator tercapai.
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tulis_data_lengkap(tmp_path)
    tulis(root, SIKLUS, SIKLUS_BERKOMENTAR)
    return root


def sign(root: Path, *args: str) -> tuple[int, str]:
    hasil = capkin(root, "sign", *args)
    return hasil.exit_code, hasil.output


def test_sign_keeps_comments_and_layout(repo: Path) -> None:
    kode, keluaran = sign(
        repo,
        "--periode",
        "TW1",
        "--langkah",
        "4",
        "--oleh",
        "panewu-anom",
        "--tanggal",
        "2025-04-22",
        "--catatan",
        "Kesimpulan: dua indikator tercapai",
    )
    assert kode == 0, keluaran
    # 2025-04-18 is Good Friday: the step starts on the next working day, Monday the 21st
    assert "mulai 2025-04-21, selesai 2025-04-22" in keluaran
    assert (repo / SIKLUS).read_text(encoding="utf-8") == SIKLUS_BERKOMENTAR.replace(
        "surat:\n",
        "  - no: 4\n    mulai: 2025-04-21\n    selesai: 2025-04-22\n    oleh: panewu-anom\n"
        "    catatan: 'Kesimpulan: dua indikator tercapai'\nsurat:\n",
    )
    _, masalah = periksa(repo, riwayat=False)
    assert [m for m in masalah if m.berkas == SIKLUS] == []


@pytest.mark.parametrize(
    ("args", "kode", "pesan"),
    [
        (
            ("--langkah", "4", "--oleh", "kepala-jawatan-praja"),
            1,
            "kepala-jawatan-praja (Siti Aminah, S.Sos.) berperan 'kepala-jawatan', padahal "
            "langkah 4 (Langkah 4) hanya boleh ditandatangani oleh peran: kasubbag-kpe, panewu-anom",
        ),
        (
            ("--langkah", "5", "--oleh", "kasubbag-kpe"),
            1,
            "langkah 4 (Langkah 4) siklus TW1 2025 belum ditandatangani",
        ),
        (
            ("--langkah", "3", "--oleh", "kasubbag-kpe"),
            1,
            "langkah 3 siklus TW1 2025 sudah ditandatangani oleh kasubbag-kpe pada 2025-04-17",
        ),
        (
            ("--langkah", "4", "--oleh", "kasubbag-kpe", "--tanggal", "2025-04-16"),
            2,
            "tanggal selesai 2025-04-16 lebih awal dari selesainya langkah 3 (2025-04-17); "
            "langkah 4 selesai paling cepat 2025-04-17: perbaiki --tanggal",
        ),
        (
            ("--langkah", "4", "--oleh", "kasubbag-kpe", "--mulai", "2025-04-16"),
            2,
            "tanggal mulai 2025-04-16 lebih awal dari selesainya langkah 3 (2025-04-17)",
        ),
        (
            (
                "--langkah",
                "4",
                "--oleh",
                "kasubbag-kpe",
                "--mulai",
                "2025-04-25",
                "--tanggal",
                "2025-04-24",
            ),
            2,
            "tanggal mulai 2025-04-25 sesudah tanggal selesai 2025-04-24",
        ),
        (("--langkah", "4", "--oleh", "bupati"), 2, "pejabat 'bupati' tidak ada"),
        (("--langkah", "9", "--oleh", "kasubbag-kpe"), 2, "tidak punya langkah 9"),
    ],
)
def test_sign_refuses(repo: Path, args: tuple[str, ...], kode: int, pesan: str) -> None:
    sebelum = (repo / SIKLUS).read_text(encoding="utf-8")
    hasil = sign(repo, "--periode", "TW1", *args)
    assert hasil[0] == kode, hasil[1]
    assert pesan in hasil[1]
    assert (repo / SIKLUS).read_text(encoding="utf-8") == sebelum


def test_sign_creates_the_siklus_file(repo: Path) -> None:
    kode, keluaran = sign(
        repo,
        "--periode",
        "TW2",
        "--langkah",
        "1",
        "--oleh",
        "kasubbag-kpe",
        "--tanggal",
        "2025-07-01",
    )
    assert kode == 0, keluaran
    assert (repo / "data/2025/siklus/TW2.yml").read_text(encoding="utf-8") == (
        "periode: TW2\nlangkah:\n  - no: 1\n    mulai: 2025-07-01\n    selesai: 2025-07-01\n"
        "    oleh: kasubbag-kpe\n"
    )
    kode, keluaran = sign(repo, "--periode", "TW2", "--langkah", "3", "--oleh", "kasubbag-kpe")
    assert kode == 1 and "langkah 2 (Langkah 2) siklus TW2 2025 belum ditandatangani" in keluaran


def test_sign_follows_the_flow_style_of_the_step_before(repo: Path) -> None:
    kode, _ = sign(
        repo,
        "--periode",
        "TW1",
        "--langkah",
        "4",
        "--oleh",
        "kasubbag-kpe",
        "--tanggal",
        "2025-04-21",
    )
    assert kode == 0
    teks = (repo / SIKLUS).read_text(encoding="utf-8")
    assert "  - {no: 4, mulai: 2025-04-21, selesai: 2025-04-21, oleh: kasubbag-kpe}\nsurat:" in teks


def test_sign_completes_a_started_step(repo: Path) -> None:
    berjalan = "  - no: 4\n    mulai: 2025-04-18  # dimulai\n"
    tulis(repo, SIKLUS, SIKLUS_BERKOMENTAR.replace("surat:\n", berjalan + "surat:\n"))
    kode, keluaran = sign(
        repo,
        "--periode",
        "TW1",
        "--langkah",
        "4",
        "--oleh",
        "kasubbag-kpe",
        "--tanggal",
        "2025-04-23",
    )
    assert kode == 0, keluaran
    teks = (repo / SIKLUS).read_text(encoding="utf-8")
    assert (
        "  - no: 4\n    mulai: 2025-04-18  # dimulai\n    selesai: 2025-04-23\n    oleh: kasubbag-kpe\n"
    ) in teks


# --- --commit with the official's git identity ------------------------------------------------


@pytest.fixture
def repo_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RepoUji:
    isolasi_git(monkeypatch)
    r = RepoUji.buat(tmp_path / "repo")
    tulis_data_lengkap(r.root)
    r.commit("Data awal", oleh="kasubbag-kpe")
    return r


@pytest.mark.parametrize(
    ("nama", "tampil"),
    [
        ("Budi Santoso, S.E.", "Budi Santoso, S.E."),
    ],
)
def test_sign_commit_as_the_official(repo_git: RepoUji, nama: str, tampil: str) -> None:
    r = repo_git
    instansi = r.root / "data/instansi.yml"
    if nama != tampil:
        teks = instansi.read_text(encoding="utf-8")
        instansi.write_text(teks.replace("nama: Budi Santoso, S.E.", f"nama: {nama}"), "utf-8")
        r.commit("Nama", oleh="kasubbag-kpe")
    r.git("config", "user.name", "Budi Santoso")
    r.git("config", "user.email", "Budi@uji.example")
    tulis(r.root, "catatan.txt", "belum di-commit\n")  # other work stays out of the commit
    kode, keluaran = sign(
        r.root,
        "--periode",
        "TW1",
        "--langkah",
        "4",
        "--oleh",
        "kasubbag-kpe",
        "--tanggal",
        "2025-04-22",
        "--commit",
    )
    assert kode == 0, keluaran
    log = r.git("log", "-1", "--format=%ae%n%s", "--name-only").split("\n")
    assert log[:2] == [
        "Budi@uji.example",
        f"Tanda tangan langkah 4 siklus TW1 2025 oleh {tampil}",
    ]
    assert r.git("log", "-1", "--format=%(trailers)").strip() == ""
    assert log[3] == SIKLUS
    assert "commit: " in keluaran
    assert r.git("status", "--porcelain").strip() == "?? catatan.txt"


def test_a_name_with_line_breaks_is_refused_before_any_commit(repo_git: RepoUji) -> None:
    """A name with a line break (here forging a Co-authored-by trailer) is a located error in
    data/instansi.yml: sign writes nothing and commits nothing."""
    r = repo_git
    instansi = r.root / "data/instansi.yml"
    teks = instansi.read_text(encoding="utf-8")
    palsu = '"Budi Santoso, S.E.\\n\\nCo-authored-by: Panewu <panewu@uji.example>"'
    instansi.write_text(teks.replace("nama: Budi Santoso, S.E.", f"nama: {palsu}"), "utf-8")
    r.commit("Nama", oleh="kasubbag-kpe")
    r.git("config", "user.name", "Budi Santoso")
    r.git("config", "user.email", "Budi@uji.example")
    kepala = r.git("rev-parse", "HEAD")
    sebelum = (r.root / SIKLUS).read_text(encoding="utf-8")
    kode, keluaran = sign(
        r.root, "--periode", "TW1", "--langkah", "4", "--oleh", "kasubbag-kpe", "--commit"
    )
    assert kode == 1, keluaran
    assert "data/instansi.yml:" in keluaran and "satu baris" in keluaran
    assert (r.root / SIKLUS).read_text(encoding="utf-8") == sebelum
    assert r.git("rev-parse", "HEAD") == kepala


def test_sign_commit_refused_for_another_identity(repo_git: RepoUji) -> None:
    r = repo_git
    r.git("config", "user.name", "Siti")
    r.git("config", "user.email", "siti@uji.example")
    sebelum = (r.root / SIKLUS).read_text(encoding="utf-8")
    kode, keluaran = sign(
        r.root, "--periode", "TW1", "--langkah", "4", "--oleh", "kasubbag-kpe", "--commit"
    )
    assert kode == 1
    assert (
        "--commit ditolak: email git yang dipakai (siti@uji.example) bukan identitas_git "
        "kasubbag-kpe (budi@uji.example)"
    ) in keluaran
    assert (r.root / SIKLUS).read_text(encoding="utf-8") == sebelum
    assert r.git("status", "--porcelain").strip() == ""


def _tanpa_sakip(repo: Path) -> None:
    """Jawatan Sosial has not reported ik-sakip yet."""
    path = repo / "data/2025/realisasi/TW1/jawatan-sosial.yml"
    teks = path.read_text(encoding="utf-8")
    path.write_text(teks.replace("  - indikator: ik-sakip\n    nilai: B\n", ""), encoding="utf-8")


def test_step_4_is_refused_while_a_unit_owes_realisasi(repo: Path) -> None:
    _tanpa_sakip(repo)
    sebelum = (repo / SIKLUS).read_text(encoding="utf-8")
    args = [
        "--periode",
        "TW1",
        "--langkah",
        "4",
        "--oleh",
        "panewu-anom",
        "--tanggal",
        "2025-04-22",
    ]
    kode, keluaran = sign(repo, *args)
    assert kode == 1
    assert "langkah 4 siklus TW1 2025 belum dapat ditandatangani" in keluaran
    assert "realisasi belum disampaikan oleh jawatan-sosial (ik-sakip)" in keluaran
    assert "--catatan" in keluaran and "capkin status" in keluaran
    assert (repo / SIKLUS).read_text(encoding="utf-8") == sebelum
    # with a reason it goes ahead, and the reason is kept in the siklus file
    alasan = "Nilai SAKIP belum diterbitkan Inspektorat; dilaporkan TW2"
    kode, keluaran = sign(repo, *args, "--catatan", alasan)
    assert kode == 0, keluaran
    assert f"catatan: {alasan}" in (repo / SIKLUS).read_text(encoding="utf-8")


def test_a_sign_off_dated_after_today_is_refused(repo: Path) -> None:
    from datetime import timedelta

    from capkin.clock import hari_ini

    # "Today" is the office's date (Asia/Jakarta here), not the machine's: from 17:00 UTC on
    # the machine's tomorrow is already the office's today.
    hari = hari_ini(None)
    besok = (hari + timedelta(days=1)).isoformat()
    sebelum = (repo / SIKLUS).read_text(encoding="utf-8")
    args = ["--periode", "TW1", "--langkah", "4", "--oleh", "panewu-anom", "--tanggal", besok]
    kode, keluaran = sign(repo, *args)
    assert kode == 2
    assert f"tanggal {besok} belum tiba (hari ini {hari})" in keluaran
    assert "perbaiki --tanggal" in keluaran
    assert (repo / SIKLUS).read_text(encoding="utf-8") == sebelum
