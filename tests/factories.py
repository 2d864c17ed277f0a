"""Reusable builders for tests: small valid data trees and real git repositories.

Only add functions here; other test modules import them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from click.testing import Result

# --- a minimal valid data tree ----------------------------------------------------------------

PEJABAT_UJI: dict[str, tuple[str, str, str | None, str]] = {
    # id: (nama, peran, unit, email used as identitas_git)
    "panewu": ("Drs. SARJONO, M.Si.", "panewu", None, "sarjono@gamping.example"),
    "panewu-anom": ("RINA ASTUTI, S.IP.", "panewu-anom", None, "rina@gamping.example"),
    "kasubbag-kpe": ("BUDI SANTOSO, S.E.", "kasubbag-kpe", "subbag-kpe", "budi@gamping.example"),
    "kepala-jawatan-umum": (
        "SITI AMINAH, S.Sos.",
        "kepala-jawatan",
        "jawatan-umum",
        "siti@gamping.example",
    ),
}
"""Officials of the test office; each commits with the email listed."""


def instansi_yml(pejabat: Mapping[str, tuple[str, str, str | None, str]] = PEJABAT_UJI) -> str:
    """Return a valid `data/instansi.yml` with two units and the given officials."""
    baris = [
        "nama: Kapanewon Uji",
        "induk: Pemerintah Kabupaten Uji",
        "unit:",
        "  - id: subbag-kpe",
        "    nama: Subbagian Keuangan, Perencanaan dan Evaluasi",
        "  - id: jawatan-umum",
        "    nama: Jawatan Umum",
        "pejabat:",
    ]
    for pid, (nama, peran, unit, email) in pejabat.items():
        baris += [
            f"  - id: {pid}",
            f"    nama: {nama}",
            f"    peran: {peran}",
            f"    unit: {unit or 'null'}",
            f"    identitas_git: [{email}]",
        ]
    return "\n".join(baris) + "\n"


def sop_yml() -> str:
    """Return a valid `data/sop.yml` with the SOP's six steps."""
    langkah = [
        (1, "kasubbag-kpe", 1),
        (2, "kasubbag-kpe", 10),
        (3, "kasubbag-kpe", 2),
        (4, "kasubbag-kpe, panewu-anom", 1),
        (5, "kasubbag-kpe, panewu-anom", 2),
        (6, "panewu", 1),
    ]
    baris = ["nomor: 08/SOP/2023", "nama: Pengumpulan Data Capaian Kinerja", "langkah:"]
    for no, pelaksana, hari in langkah:
        baris += [
            f"  - no: {no}",
            f"    aktivitas: Langkah {no}",
            f"    pelaksana: [{pelaksana}]",
            f"    waktu_hari_kerja: {hari}",
        ]
    return "\n".join(baris) + "\n"


def pk_yml(tahun: int = 2025, target: Mapping[str, float | int] | None = None) -> str:
    """Return a valid perjanjian kinerja: one sasaran, indicators ik1.. with these targets."""
    target = target or {"ik1": 85, "ik2": 90, "ik3": 8}
    baris = [
        f"tahun: {tahun}",
        f"tanggal: {tahun}-02-03",
        "pihak_pertama: panewu",
        "pihak_kedua: Bupati Uji",
        "sasaran:",
        "  - id: ss1",
        "    uraian: Meningkatnya kualitas pelayanan publik",
        "    indikator:",
    ]
    for iid, t in target.items():
        baris += [
            f"      - id: {iid}",
            f"        uraian: Indikator {iid}",
            "        satuan: persen",
            f"        target: {t}",
            "        penanggung_jawab: jawatan-umum",
        ]
    return "\n".join(baris) + "\n"


def realisasi_yml(
    periode: str = "TW1",
    unit: str = "jawatan-umum",
    nilai: Mapping[str, float | int | str] | None = None,
    tanggal: str = "2025-04-08",
    oleh: str = "kepala-jawatan-umum",
) -> str:
    """Return a valid realisasi file of one unit for one period."""
    nilai = nilai or {"ik1": 80, "ik2": 88, "ik3": 7}
    baris = [
        f"periode: {periode}",
        f"unit: {unit}",
        f"disampaikan_oleh: {oleh}",
        f"tanggal: {tanggal}",
        "realisasi:",
    ]
    for iid, v in nilai.items():
        baris += [f"  - indikator: {iid}", f"    nilai: {v}"]
    return "\n".join(baris) + "\n"


def siklus_yml(periode: str = "TW1", langkah: Sequence[tuple[int, str, str]] = ()) -> str:
    """Return a siklus file; each step is (no, selesai date, oleh), started on its end date."""
    baris = [f"periode: {periode}", "langkah:" if langkah else "langkah: []"]
    for no, selesai, oleh in langkah:
        baris += [
            f"  - no: {no}",
            f"    mulai: {selesai}",
            f"    selesai: {selesai}",
            f"    oleh: {oleh}",
        ]
    return "\n".join(baris) + "\n"


def tulis(root: Path, berkas: str, teks: str) -> Path:
    """Write a text file under root (creating folders); return its path."""
    path = root / berkas
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(teks, encoding="utf-8")
    return path


def tulis_data_minimal(root: Path, tahun: int = 2025) -> Path:
    """Write a minimal valid data tree (instansi, sop, PK, one realisasi, one siklus)."""
    tulis(root, "data/instansi.yml", instansi_yml())
    tulis(root, "data/sop.yml", sop_yml())
    tulis(root, f"data/{tahun}/perjanjian-kinerja.yml", pk_yml(tahun))
    tulis(
        root,
        f"data/{tahun}/realisasi/TW1/jawatan-umum.yml",
        realisasi_yml(tanggal=f"{tahun}-04-08"),
    )
    tulis(
        root,
        f"data/{tahun}/siklus/TW1.yml",
        siklus_yml("TW1", [(1, f"{tahun}-04-01", "kasubbag-kpe")]),
    )
    return root


# --- real git repositories ------------------------------------------------------------------


def env_git(nama: str = "Penguji", email: str = "penguji@uji.example") -> dict[str, str]:
    """Return an environment for git that ignores the machine's config and sets an identity."""
    env = dict(os.environ)
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=nama,
        GIT_AUTHOR_EMAIL=email,
        GIT_COMMITTER_NAME=nama,
        GIT_COMMITTER_EMAIL=email,
        GIT_TERMINAL_PROMPT="0",
    )
    return env


@dataclass
class RepoUji:
    """A real git repository in a temporary folder, committed to by several people."""

    root: Path
    waktu: int = 1_798_000_000
    """Author/committer time of the next commit (seconds, late 2026: after every date the
    fixtures sign, since a sign-off dated after its commit is an error); each commit adds an hour."""

    @classmethod
    def buat(cls, root: Path) -> RepoUji:
        """Initialise a repository on branch main with signing and hooks off."""
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "-q", "-b", "main")
        repo.git("config", "commit.gpgsign", "false")
        repo.git("config", "tag.gpgsign", "false")
        return repo

    def git(self, *args: str, oleh: str | None = None, email: str | None = None) -> str:
        """Run git in the repository as the given person (a PEJABAT_UJI id, or name+email)."""
        if oleh is not None and oleh in PEJABAT_UJI:
            nama, _, _, surel = PEJABAT_UJI[oleh]
        else:
            nama, surel = oleh or "Penguji", email or "penguji@uji.example"
        env = env_git(nama, email or surel)
        tanggal = f"@{self.waktu} +0700"
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = tanggal
        hasil = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False
        )
        if hasil.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} gagal:\n{hasil.stdout}\n{hasil.stderr}")
        return hasil.stdout

    def commit(
        self,
        pesan: str,
        berkas: Mapping[str, str | None] | None = None,
        *,
        oleh: str | None = None,
        email: str | None = None,
    ) -> str:
        """Write (text) or delete (None) files, commit everything as `oleh`; return the id."""
        for nama, teks in (berkas or {}).items():
            if teks is None:
                self.git("rm", "-q", "--", nama)
            else:
                tulis(self.root, nama, teks)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", pesan, oleh=oleh, email=email)
        self.waktu += 3600
        return self.git("rev-parse", "HEAD").strip()


# --- a complete valid data tree (every kind of value), for validation tests ---------------

INSTANSI_LENGKAP = """\
nama: Kapanewon Uji Lengkap
induk: Pemerintah Kabupaten Uji
pengaturan:
  rumus_turun: selisih
  batas_capaian_rata_rata: 120
  wajib_tanda_tangan_git: false
unit:
  - id: subbag-kpe
    nama: Subbagian Keuangan, Perencanaan dan Evaluasi
  - id: jawatan-praja
    nama: Jawatan Praja
  - id: jawatan-sosial
    nama: Jawatan Sosial
pejabat:
  - id: panewu
    nama: Drs. SARJONO, M.Si.
    nip: "196711161994011001"
    pangkat: Pembina Tingkat I
    jabatan: Panewu
    peran: panewu
    unit: null
    identitas_git: [sarjono@uji.example]
  - id: panewu-anom
    nama: Rina Astuti, S.IP.
    nip: "197503122000032002"
    peran: panewu-anom
    identitas_git: [rina@uji.example]
  - id: kasubbag-kpe
    nama: Budi Santoso, S.E.
    nip: "198001012005011003"
    peran: kasubbag-kpe
    unit: subbag-kpe
    identitas_git: [budi@uji.example]
  - id: kepala-jawatan-praja
    nama: Siti Aminah, S.Sos.
    nip: "198205152006042004"
    peran: kepala-jawatan
    unit: jawatan-praja
    identitas_git: [siti@uji.example]
  - id: kepala-jawatan-sosial
    nama: Agus Wibowo, S.Sos.
    nip: "198107072008011005"
    peran: kepala-jawatan
    unit: jawatan-sosial
    identitas_git: [agus@uji.example]
"""

PK_LENGKAP = """\
tahun: 2025
tanggal: 2025-02-03
pihak_pertama: panewu
pihak_kedua: Bupati Uji
sasaran:
  - id: ss1
    uraian: Meningkatnya kualitas pelayanan publik
    indikator:
      - id: ik-ikm
        uraian: Indeks Kepuasan Masyarakat
        satuan: indeks
        jenis: angka
        polaritas: naik
        agregasi: terakhir
        target: 85
        target_periode: {TW1: 82, TW2: 83, TW3: 84, TW4: 85}
        penanggung_jawab: jawatan-praja
        target_renstra: {tahun: 2026, nilai: 88}
      - id: ik-waktu
        uraian: Rata-rata waktu penyelesaian layanan
        satuan: hari
        polaritas: turun
        agregasi: rata-rata
        target: 3
        penanggung_jawab: jawatan-praja
  - id: ss2
    uraian: Meningkatnya akuntabilitas kinerja
    indikator:
      - id: ik-serapan
        uraian: Serapan anggaran
        satuan: persen
        polaritas: rentang
        agregasi: terakhir
        target: {min: 90, maks: 100}
        penanggung_jawab: jawatan-sosial
      - id: ik-kegiatan
        uraian: Jumlah kegiatan pemberdayaan
        satuan: kegiatan
        polaritas: naik
        agregasi: kumulatif
        target: 40
        target_periode: {TW1: 10, TW2: 20, TW3: 30, TW4: 40}
        penanggung_jawab: jawatan-sosial
      - id: ik-sakip
        uraian: Nilai SAKIP
        satuan: predikat
        jenis: kategori
        target: BB
        skala: [C, CC, B, BB, A, AA]
        penanggung_jawab: jawatan-sosial
"""

REALISASI_PRAJA = """\
periode: TW1
unit: jawatan-praja
disampaikan_oleh: kepala-jawatan-praja
tanggal: 2025-04-08
realisasi:
  - indikator: ik-ikm
    nilai: 83.4
    hambatan: Responden survei sedikit
    strategi: Survei daring
    bukti: [bukti/ikm.txt, https://example.go.id/ikm]
  - indikator: ik-waktu
    nilai: 2.5
"""

REALISASI_SOSIAL = """\
periode: TW1
unit: jawatan-sosial
disampaikan_oleh: kepala-jawatan-sosial
tanggal: 2025-04-09
realisasi:
  - indikator: ik-serapan
    nilai: 24.5
  - indikator: ik-kegiatan
    nilai: 9
  - indikator: ik-sakip
    nilai: B
"""

SIKLUS_LENGKAP = """\
periode: TW1
langkah:
  - {no: 1, mulai: 2025-04-01, selesai: 2025-04-01, oleh: kasubbag-kpe}
  - no: 2
    mulai: 2025-04-02
    selesai: 2025-04-15
    oleh: kasubbag-kpe
  - {no: 3, mulai: 2025-04-16, selesai: 2025-04-17, oleh: kasubbag-kpe}
surat:
  - jenis: nota-dinas
    nomor: 000.8/001/Uji
    tanggal: 2025-04-02
    perihal: Permintaan data capaian kinerja Triwulan I
    dari: kasubbag-kpe
    kepada: [kepala-jawatan-praja, kepala-jawatan-sosial]
"""


def tulis_data_lengkap(root: Path) -> Path:
    """Write a valid tree using every kind of indicator, settings, NIPs, bukti and surat."""
    tulis(root, "data/instansi.yml", INSTANSI_LENGKAP)
    tulis(root, "data/sop.yml", sop_yml())
    tulis(root, "data/2025/perjanjian-kinerja.yml", PK_LENGKAP)
    tulis(root, "data/2025/realisasi/TW1/jawatan-praja.yml", REALISASI_PRAJA)
    tulis(root, "data/2025/realisasi/TW1/jawatan-sosial.yml", REALISASI_SOSIAL)
    tulis(root, "data/2025/siklus/TW1.yml", SIKLUS_LENGKAP)
    tulis(root, "bukti/ikm.txt", "Rekap survei IKM TW1 2025\n")
    return root


# --- a data tree for the achievement engine: every polaritas and agregasi, two years -------

INSTANSI_CAPAIAN = """\
nama: Kapanewon Uji Capaian
unit:
  - id: jawatan-umum
    nama: Jawatan Umum
  - id: jawatan-praja
    nama: Jawatan Praja
  - id: subbag-kpe
    nama: Subbagian Keuangan, Perencanaan dan Evaluasi
pejabat:
  - {id: panewu, nama: "Drs. SARJONO, M.Si.", peran: panewu}
  - {id: panewu-anom, nama: "Rina Astuti, S.IP.", peran: panewu-anom}
  - {id: kasubbag-kpe, nama: "Budi Santoso, S.E.", peran: kasubbag-kpe, unit: subbag-kpe}
  - {id: kepala-umum, nama: "Siti Aminah, S.Sos.", peran: kepala-jawatan, unit: jawatan-umum}
  - {id: kepala-praja, nama: "Agus Wibowo, S.Sos.", peran: kepala-jawatan, unit: jawatan-praja}
"""

PK_CAPAIAN_2025 = """\
tahun: 2025
tanggal: 2025-02-03
pihak_pertama: panewu
pihak_kedua: Bupati Uji
sasaran:
  - id: ss1
    uraian: Meningkatnya kualitas pelayanan publik
    indikator:
      - id: ik-kum
        uraian: Jumlah kegiatan pemberdayaan
        satuan: kegiatan
        polaritas: naik
        agregasi: kumulatif
        target: 40
        target_periode: {TW1: 10, TW2: 20, TW3: 30, TW4: 40}
        penanggung_jawab: jawatan-umum
      - id: ik-akhir
        uraian: Indeks Kepuasan Masyarakat
        satuan: indeks
        polaritas: naik
        agregasi: terakhir
        target: 85
        penanggung_jawab: jawatan-umum
        target_renstra: {tahun: 2026, nilai: 100}
      - id: ik-rata
        uraian: Rata-rata waktu penyelesaian layanan
        satuan: hari
        polaritas: turun
        agregasi: rata-rata
        target: 3
        target_periode: {TW1: 3, TW2: 3}
        penanggung_jawab: jawatan-umum
      - id: ik-kat
        uraian: Nilai SAKIP
        satuan: predikat
        jenis: kategori
        target: BB
        target_periode: {TW2: B}
        skala: [C, CC, B, BB, A, AA]
        penanggung_jawab: jawatan-umum
  - id: ss2
    uraian: Meningkatnya akuntabilitas kinerja
    indikator:
      - id: ik-rentang
        uraian: Serapan anggaran
        satuan: persen
        polaritas: rentang
        target: {min: 80, maks: 90}
        penanggung_jawab: jawatan-praja
      - id: ik-kosong
        uraian: Jumlah inovasi pelayanan
        satuan: inovasi
        target: 2
        penanggung_jawab: jawatan-praja
"""

PK_CAPAIAN_2024 = """\
tahun: 2024
tanggal: 2024-02-05
pihak_pertama: panewu
pihak_kedua: Bupati Uji
sasaran:
  - id: ss1
    uraian: Meningkatnya kualitas pelayanan publik
    indikator:
      - id: ik-akhir
        uraian: Indeks Kepuasan Masyarakat
        satuan: indeks
        target: 80
        penanggung_jawab: jawatan-umum
"""


def realisasi_capaian_yml(
    periode: str, unit: str, oleh: str, tanggal: str, nilai: Mapping[str, float | int | str]
) -> str:
    """Return a realisasi file whose entries carry a hambatan and a strategi each."""
    baris = [
        f"periode: {periode}",
        f"unit: {unit}",
        f"disampaikan_oleh: {oleh}",
        f"tanggal: {tanggal}",
        "realisasi:",
    ]
    for iid, v in nilai.items():
        baris += [
            f"  - indikator: {iid}",
            f"    nilai: {v}",
            f"    hambatan: Hambatan {iid} {periode}",
            f"    strategi: Strategi {iid} {periode}",
        ]
    return "\n".join(baris) + "\n"


_Nilai = dict[str, float | int | str]


def tulis_data_capaian(root: Path) -> Path:
    """Write a tree with every polaritas and agregasi over 2024-2025 (see test_achievement)."""
    tulis(root, "data/instansi.yml", INSTANSI_CAPAIAN)
    tulis(root, "data/sop.yml", sop_yml())
    tulis(root, "data/2024/perjanjian-kinerja.yml", PK_CAPAIAN_2024)
    tulis(root, "data/2025/perjanjian-kinerja.yml", PK_CAPAIAN_2025)
    r = "data/{}/realisasi/{}/{}.yml"
    umum = ("jawatan-umum", "kepala-umum")
    praja = ("jawatan-praja", "kepala-praja")
    tw1: _Nilai = {"ik-kum": 9, "ik-akhir": 80, "ik-rata": 2.5, "ik-kat": "CC"}
    tw2: _Nilai = {"ik-kum": 12, "ik-akhir": 110, "ik-rata": 3.5, "ik-kat": "B"}
    tw4: _Nilai = {"ik-kum": 15, "ik-akhir": 84, "ik-rata": 3, "ik-kat": "A"}
    isi: list[tuple[int, str, tuple[str, str], str, _Nilai]] = [
        (2024, "TW2", umum, "2024-07-05", {"ik-akhir": 76}),
        (2025, "TW1", umum, "2025-04-08", tw1),
        (2025, "TW2", umum, "2025-07-08", tw2),
        (2025, "TW2", praja, "2025-07-09", {"ik-rentang": 95}),
        (2025, "TW4", umum, "2026-01-08", tw4),
        (2025, "TW4", praja, "2026-01-09", {"ik-rentang": 85}),
    ]
    for tahun, periode, (unit, oleh), tanggal, nilai in isi:
        tulis(
            root,
            r.format(tahun, periode, unit),
            realisasi_capaian_yml(periode, unit, oleh, tanggal, nilai),
        )
    return root


# --- git history helpers (merges, isolation) ------------------------------------------------


def isolasi_git(monkeypatch: Any) -> None:
    """Make git run by library code ignore the machine's global and system config."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")


def identitas_git(monkeypatch: Any, nama: str, email: str) -> None:
    """Make commits that library code makes (e.g. `capkin init`) authored and committed by
    this person."""
    for peran in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{peran}_NAME", nama)
        monkeypatch.setenv(f"GIT_{peran}_EMAIL", email)


def gabung(repo: RepoUji, cabang: str, pesan: str, *, oleh: str, squash: bool = False) -> str:
    """Merge a branch into the current one as `oleh` (--no-ff, or --squash); return the id."""
    if squash:
        repo.git("merge", "-q", "--squash", cabang, oleh=oleh)
        repo.git("commit", "-q", "-m", pesan, oleh=oleh)
    else:
        repo.git("merge", "-q", "--no-ff", "-m", pesan, cabang, oleh=oleh)
    repo.waktu += 3600
    return repo.git("rev-parse", "HEAD").strip()


# --- a richer generated tree for site tests (every polaritas, agregasi, jenis) ---------------


def _pk_situs(tahun: int, naik: int) -> str:
    """Return a perjanjian kinerja with six indicators covering every kind of indicator."""
    return f"""tahun: {tahun}
tanggal: {tahun}-02-03
pihak_pertama: panewu
pihak_kedua: Bupati Uji
sasaran:
  - id: ss1
    uraian: Meningkatnya kualitas pelayanan publik
    indikator:
      - id: ik1
        uraian: Indeks Kepuasan Masyarakat
        satuan: indeks
        target: {85 + naik}
        target_periode: {{TW1: 82, TW2: 83, TW3: 84, TW4: {85 + naik}}}
        penanggung_jawab: jawatan-umum
        definisi: "Hasil survei <b>IKM</b> & skala 25–100"
        target_renstra: {{tahun: 2026, nilai: 88}}
      - id: ik2
        uraian: Rata-rata waktu layanan
        satuan: hari
        polaritas: turun
        target: 3
        penanggung_jawab: jawatan-umum
      - id: ik3
        uraian: Persentase layanan dalam rentang baku
        satuan: persen
        polaritas: rentang
        agregasi: rata-rata
        target: {{min: 80, maks: 90}}
        penanggung_jawab: jawatan-praja
  - id: ss2
    uraian: Meningkatnya akuntabilitas kinerja
    indikator:
      - id: ik4
        uraian: Nilai SAKIP
        jenis: kategori
        skala: [C, CC, B, BB, A, AA]
        target: BB
        penanggung_jawab: subbag-kpe
      - id: ik5
        uraian: Jumlah kegiatan pembinaan
        satuan: kegiatan
        agregasi: kumulatif
        target: 40
        target_periode: {{TW1: 10, TW2: 20, TW3: 30, TW4: 40}}
        penanggung_jawab: jawatan-praja
      - id: ik6
        uraian: Realisasi anggaran
        satuan: rupiah
        target: 1250000000
        penanggung_jawab: subbag-kpe
program:
  - uraian: Program Penunjang Urusan Pemerintahan Daerah
    anggaran: 1250000000
"""


_NILAI_SITUS: dict[str, dict[str, object]] = {
    # indikator: per periode value (None: not reported)
    "ik1": {"TW1": 80.5, "TW2": 83.4, "TW3": 86, "TW4": 87.25},
    "ik2": {"TW1": 3.5, "TW2": 2.8, "TW3": 3, "TW4": 2.5},
    "ik3": {"TW1": 78, "TW2": 85, "TW3": 92, "TW4": 88},
    "ik4": {"TW1": "B", "TW2": "BB", "TW3": "BB", "TW4": "A"},
    "ik5": {"TW1": 9, "TW2": 12, "TW3": 11, "TW4": 10},
    "ik6": {"TW2": 600000000, "TW4": 1180000000},
}
_UNIT_SITUS = {
    "jawatan-umum": ("kepala-jawatan-umum", ["ik1", "ik2"]),
    "jawatan-praja": ("kepala-jawatan-praja", ["ik3", "ik5"]),
    "subbag-kpe": ("kasubbag-kpe", ["ik4", "ik6"]),
}
HAMBATAN_BERBAHAYA = '<script>alert("hambatan")</script> **tebal** [tautan](javascript:alert(1))'
"""A hambatan the site must show as text."""

PEJABAT_SITUS = {
    **PEJABAT_UJI,
    "kepala-jawatan-praja": (
        "AGUS PRAYITNO, S.H.",
        "kepala-jawatan",
        "jawatan-praja",
        "agus@gamping.example",
    ),
}


def _realisasi_situs(tahun: int, periode: str, unit: str) -> str | None:
    oleh, daftar = _UNIT_SITUS[unit]
    bulan = {"TW1": 4, "TW2": 7, "TW3": 10, "TW4": 12}[periode]
    baris = [
        f"periode: {periode}",
        f"unit: {unit}",
        f"disampaikan_oleh: {oleh}",
        f"tanggal: {tahun}-{bulan:02d}-0{3 if periode != 'TW4' else 8}",
        "realisasi:",
    ]
    for iid in daftar:
        nilai = _NILAI_SITUS[iid].get(periode)
        if nilai is None:
            continue
        baris += [f"  - indikator: {iid}", f"    nilai: {nilai}"]
        if iid == "ik1":
            baris += [
                f"    hambatan: '{HAMBATAN_BERBAHAYA}'",
                "    strategi: Menambah petugas loket",
                "    tindak_lanjut: Survei ulang",
                "    bukti: [https://contoh.example/bukti-ikm.pdf]",
            ]
    return "\n".join(baris) + "\n" if len(baris) > 5 else None


def _siklus_situs(tahun: int, periode: str, lengkap: bool) -> str:
    m = {"TW1": 4, "TW2": 7, "TW3": 10, "TW4": 1}[periode]
    t = tahun + (1 if periode == "TW4" else 0)
    langkah = [
        (1, f"{t}-{m:02d}-01", f"{t}-{m:02d}-01", "kasubbag-kpe"),
        (2, f"{t}-{m:02d}-02", f"{t}-{m:02d}-14", "kasubbag-kpe"),
        (3, f"{t}-{m:02d}-15", f"{t}-{m:02d}-16", "kasubbag-kpe"),
        (4, f"{t}-{m:02d}-17", f"{t}-{m:02d}-17", "panewu-anom"),
        (5, f"{t}-{m:02d}-18", f"{t}-{m:02d}-21", "kasubbag-kpe"),
        (6, f"{t}-{m:02d}-22", f"{t}-{m:02d}-22", "panewu"),
    ]
    if not lengkap:
        langkah = langkah[:2]
    baris = [f"periode: {periode}", "langkah:"]
    for no, mulai, selesai, oleh in langkah:
        baris.append(f"  - {{no: {no}, mulai: {mulai}, selesai: {selesai}, oleh: {oleh}}}")
    baris += [
        "surat:",
        "  - jenis: nota-dinas",
        f'    nomor: "000.8/{m}1/Uji"',
        f"    tanggal: {t}-{m:02d}-02",
        f"    perihal: Permintaan data capaian kinerja {periode}",
        "    dari: kasubbag-kpe",
        "    kepada: [kepala-jawatan-umum, kepala-jawatan-praja]",
        "kesimpulan: |",
        f"  Kesimpulan tim {periode} {tahun}: <i>sebagian besar</i> target tercapai.",
    ]
    return "\n".join(baris) + "\n"


def _sebagai(pejabat: str) -> dict[str, str]:
    nama, _, _, email = PEJABAT_SITUS[pejabat]
    return {"oleh": nama, "email": email}


def buat_repo_situs(root: Path) -> RepoUji:
    """Make a git repo with a two-year tree for site tests, committed by several officials.

    2024 has TW1–TW4 (every cycle complete); 2025 has TW1 complete and TW2 in progress.
    ik1's hambatan holds HAMBATAN_BERBAHAYA; ik6 has no TW1/TW3 value.
    """
    repo = RepoUji.buat(root)
    repo.commit(
        "Data kantor dan SOP",
        {
            "data/instansi.yml": instansi_yml(PEJABAT_SITUS).replace(
                "  - id: jawatan-umum\n",
                "  - id: jawatan-praja\n    nama: Jawatan Praja\n  - id: jawatan-umum\n",
            ),
            "data/sop.yml": sop_yml(),
        },
        **_sebagai("kasubbag-kpe"),
    )
    for tahun, periode_ada in ((2024, ["TW1", "TW2", "TW3", "TW4"]), (2025, ["TW1", "TW2"])):
        repo.commit(
            f"Perjanjian kinerja {tahun}",
            {f"data/{tahun}/perjanjian-kinerja.yml": _pk_situs(tahun, tahun - 2024)},
            **_sebagai("kasubbag-kpe"),
        )
        for periode in periode_ada:
            for unit, (oleh, _) in _UNIT_SITUS.items():
                teks = _realisasi_situs(tahun, periode, unit)
                if teks is not None:
                    repo.commit(
                        f"Realisasi {periode} {tahun} {unit}",
                        {f"data/{tahun}/realisasi/{periode}/{unit}.yml": teks},
                        **_sebagai(oleh),
                    )
            lengkap = not (tahun == 2025 and periode == "TW2")
            repo.commit(
                f"Siklus {periode} {tahun}",
                {f"data/{tahun}/siklus/{periode}.yml": _siklus_situs(tahun, periode, lengkap)},
                **_sebagai("panewu" if lengkap else "kasubbag-kpe"),
            )
    return repo


def compute_json(root: Path, tahun: int, periode: str) -> dict[str, Any]:
    """Return `capkin compute --format json` of a period (stdout only), asserting success."""
    import json

    from click.testing import CliRunner

    from capkin.cli import main

    args = ["-C", str(root), "compute", "--tahun", str(tahun), "--periode", periode]
    r = CliRunner().invoke(main, [*args, "--format", "json"])
    assert r.exit_code == 0, r.output
    hasil: dict[str, Any] = json.loads(r.stdout)
    return hasil


# --- a signed SOP cycle in a real repository ------------------------------------------------

SIKLUS_TW1 = "data/2025/siklus/TW1.yml"

LANGKAH_TW1 = [
    (1, "2025-04-01", "kasubbag-kpe"),
    (2, "2025-04-14", "kasubbag-kpe"),
    (3, "2025-04-16", "kasubbag-kpe"),
    (4, "2025-04-17", "panewu-anom"),
    (5, "2025-04-21", "panewu-anom"),
    (6, "2025-04-22", "panewu"),
]
"""The six steps of 2025 TW1 in the minimal tree: (no, selesai, signing official)."""


def repo_minimal(root: Path) -> RepoUji:
    """Return a repository holding the minimal data tree, committed by the Kasubbag KPE."""
    repo = RepoUji.buat(root)
    tulis_data_minimal(root)
    repo.commit("Data awal", oleh="kasubbag-kpe")
    return repo


def tandatangani(repo: RepoUji, sampai: int, *, dari: int = 2) -> None:
    """Commit the TW1 steps `dari`..`sampai`, each by the official who signs it."""
    for n in range(dari, sampai + 1):
        repo.commit(
            f"Langkah {n}",
            {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1[:n])},
            oleh=LANGKAH_TW1[n - 1][2],
        )


# --- SSH signing keys (real ssh-keygen) -----------------------------------------------------


def buat_kunci_ssh(folder: Path, nama: str, jenis: str = "ed25519", bit: int | None = None) -> Path:
    """Generate an unencrypted SSH key pair `folder/nama` with ssh-keygen; return the private key."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / nama
    args = ["ssh-keygen", "-q", "-t", jenis, "-N", "", "-C", f"{nama}@uji", "-f", str(path)]
    if bit is not None:
        args[4:4] = ["-b", str(bit)]
    subprocess.run(args, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return path


def kunci_pejabat(folder: Path, pejabat: Sequence[str]) -> dict[str, Path]:
    """Generate one ed25519 key per official id, named after it."""
    return {p: buat_kunci_ssh(folder, p) for p in pejabat}


def kunci_publik(kunci: Path) -> str:
    """Return the `.pub` line of a key made by `buat_kunci_ssh`."""
    return Path(str(kunci) + ".pub").read_text(encoding="utf-8").strip()


# --- a budget tree worked by hand (test_anggaran, test_lkjip) ---------------------------------

PK_ANGGARAN = """\
tahun: 2025
tanggal: 2025-02-03
pihak_pertama: panewu
pihak_kedua: Bupati Uji
sasaran:
  - id: ss1
    uraian: Sasaran satu
    indikator:
      - {id: ik1, uraian: Indikator satu, target: 80, penanggung_jawab: jawatan-umum}
  - id: ss2
    uraian: Sasaran dua
    indikator:
      - {id: ik2, uraian: Indikator dua, target: 100, penanggung_jawab: jawatan-umum}
  - id: ss3
    uraian: Sasaran tanpa program
    indikator:
      - {id: ik3, uraian: Indikator tiga, target: 10, penanggung_jawab: jawatan-umum}
program:
  - kode: "1.01"
    uraian: Program Satu
    anggaran: 1000000
    anggaran_kas: {TW1: 200000}
    sasaran: [ss1]
  - uraian: Program Dua
    anggaran: 600000
    sasaran: [ss1, ss2]
  - kode: "3.01"
    uraian: Program Tiga
    anggaran: 400000
    anggaran_kas: {TW1: 100000, TW4: 400000}
    sasaran: [ss1, ss2]
    porsi: {ss1: 0.25, ss2: 0.75}
"""

ANGGARAN_TW1_UJI = """\
periode: TW1
sumber: SIPD
tanggal: 2025-04-05
realisasi:
  - {program: "1.01", nilai: 160000}
  - {program: Program Dua, nilai: 150000}
  - {program: "3.01", nilai: 100000}
"""

ANGGARAN_TW4_UJI = """\
periode: TW4
sumber: SIPD
tanggal: 2026-01-06
realisasi:
  - {program: "1.01", nilai: 1000000}
  - {program: Program Dua, nilai: 660000}
  - {program: "3.01", nilai: 380000}
"""


def _realisasi_anggaran(periode: str, nilai: dict[str, int]) -> str:
    baris = [
        f"periode: {periode}",
        "unit: jawatan-umum",
        "disampaikan_oleh: kepala-jawatan-umum",
        "tanggal: 2025-04-08" if periode == "TW1" else "tanggal: 2026-01-08",
        "realisasi:",
    ]
    baris += [f"  - {{indikator: {k}, nilai: {v}}}" for k, v in nilai.items()]
    return "\n".join(baris) + "\n"


def _instansi_metode(metode: str) -> str:
    teks = instansi_yml()
    return teks.replace("unit:\n", f"pengaturan:\n  metode_efisiensi: {metode}\nunit:\n", 1)


def tulis_data_anggaran(root: Path, metode: str = "indeks") -> Path:
    """Write the hand-worked tree: three programs (one split by porsi), a sasaran without one."""
    tulis(root, "data/instansi.yml", _instansi_metode(metode))
    tulis(root, "data/sop.yml", sop_yml())
    tulis(root, "data/2025/perjanjian-kinerja.yml", PK_ANGGARAN)
    tulis(
        root,
        "data/2025/realisasi/TW1/jawatan-umum.yml",
        _realisasi_anggaran("TW1", {"ik1": 80, "ik2": 90}),
    )
    tulis(
        root,
        "data/2025/realisasi/TW4/jawatan-umum.yml",
        _realisasi_anggaran("TW4", {"ik1": 80, "ik2": 100, "ik3": 10}),
    )
    tulis(root, "data/2025/anggaran/TW1.yml", ANGGARAN_TW1_UJI)
    tulis(root, "data/2025/anggaran/TW4.yml", ANGGARAN_TW4_UJI)
    return root


def instansi_berkunci(kunci: Mapping[str, Sequence[Path]], *, wajib: bool = True) -> str:
    """Return the test office's instansi.yml with these officials' SSH keys registered."""
    teks = instansi_yml()
    for pid, daftar in kunci.items():
        penanda = f"  - id: {pid}\n"
        isi = ", ".join(f"'{kunci_publik(k)}'" for k in daftar)
        teks = teks.replace(penanda, f"{penanda}    kunci_ssh: [{isi}]\n")
    return teks + f"pengaturan:\n  wajib_tanda_tangan_git: {'true' if wajib else 'false'}\n"


def commit_ssh(
    repo: RepoUji,
    pesan: str,
    berkas: Mapping[str, str] | None = None,
    *,
    oleh: str,
    kunci: Path,
    email: str | None = None,
) -> str:
    """Write files and make an SSH-signed commit (empty when no file changes) as `oleh`."""
    for nama, teks in (berkas or {}).items():
        tulis(repo.root, nama, teks)
    repo.git("add", "-A")
    repo.git(
        *("-c", "gpg.format=ssh", "-c", f"user.signingkey={kunci}"),
        *("commit", "-q", "--allow-empty", "-S", "-m", pesan),
        oleh=oleh,
        email=email,
    )
    repo.waktu += 3600
    return repo.git("rev-parse", "HEAD").strip()


# --- running the CLI -------------------------------------------------------------------------


def capkin(root: Path | str | None, *args: str) -> Result:
    """Run `capkin [-C root] args...` in-process; fail on a traceback; return Click's Result.

    The one way tests invoke the CLI: an uncaught exception (a traceback a user would see)
    fails the test whatever exit code the test expects.
    """
    from click.testing import CliRunner

    from capkin.cli import main

    awal = ["-C", str(root)] if root is not None else []
    hasil = CliRunner().invoke(main, [*awal, *args], prog_name="capkin")
    if hasil.exception is not None and not isinstance(hasil.exception, SystemExit):
        raise AssertionError(f"capkin {' '.join(args)} crashed") from hasil.exception
    return hasil


# --- a GPG key standing in for GitHub's web-flow key ----------------------------------------


@dataclass(frozen=True)
class KunciGpg:
    """A locally generated GPG key: its throwaway home, fingerprint and exported public key."""

    home: str
    sidik: str
    publik: Path

    def env(self) -> dict[str, str]:
        """Return the environment that makes capkin trust this key as GitHub's web-flow key."""
        return {"CAPKIN_KUNCI_WEBFLOW": str(self.publik), "CAPKIN_SIDIK_WEBFLOW": self.sidik}

    def hapus(self) -> None:
        """Stop its gpg-agent and delete its home."""
        subprocess.run(["gpgconf", "--homedir", self.home, "--kill", "all"], check=False)
        shutil.rmtree(self.home, ignore_errors=True)


def _gpg(home: str, *args: str) -> str:
    return subprocess.run(
        ["gpg", "--batch", "--quiet", "--homedir", home, *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def buat_kunci_gpg(folder: Path, nama: str = "webflow") -> KunciGpg:
    """Generate an ed25519 GPG signing key; its public half is written to `folder/<nama>.gpg`."""
    # a short home path: gpg-agent's socket must fit in a sockaddr
    home = tempfile.mkdtemp(prefix="g", dir="/tmp")
    os.chmod(home, 0o700)
    uid = f"{nama} <{nama}@uji.example>"
    _gpg(home, "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never")
    sidik = next(
        b.split(":")[9]
        for b in _gpg(home, "--with-colons", "--list-keys").splitlines()
        if b.startswith("fpr:")
    )
    folder.mkdir(parents=True, exist_ok=True)
    publik = folder / f"{nama}.gpg"
    publik.write_text(_gpg(home, "--armor", "--export", sidik), encoding="utf-8")
    return KunciGpg(home, sidik, publik)


def git_gpg(repo: RepoUji, kunci: KunciGpg, *args: str, nama: str, email: str) -> str:
    """Run git as `nama <email>` with GitHub as committer, signing with `kunci` (`-S`)."""
    env = env_git(nama, email)
    env.update(
        GNUPGHOME=kunci.home,
        GIT_COMMITTER_NAME="GitHub",
        GIT_COMMITTER_EMAIL="noreply@github.com",
        GIT_AUTHOR_DATE=f"@{repo.waktu} +0700",
        GIT_COMMITTER_DATE=f"@{repo.waktu} +0700",
    )
    hasil = subprocess.run(
        ["git", "-c", "gpg.format=openpgp", "-c", f"user.signingkey={kunci.sidik}", *args],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if hasil.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} gagal:\n{hasil.stdout}\n{hasil.stderr}")
    return hasil.stdout


def gabung_github(
    repo: RepoUji, cabang: str, pesan: str, kunci: KunciGpg, *, oleh: str, squash: bool = False
) -> str:
    """Merge as GitHub's merge button does: a merge (or squash) commit signed by web-flow."""
    nama, _, _, email = PEJABAT_UJI[oleh]
    if squash:
        repo.git("merge", "-q", "--squash", cabang, oleh=oleh)
        git_gpg(repo, kunci, "commit", "-q", "-S", "-m", pesan, nama=nama, email=email)
    else:
        git_gpg(
            repo, kunci, "merge", "-q", "--no-ff", "-S", "-m", pesan, cabang, nama=nama, email=email
        )
    repo.waktu += 3600
    return repo.git("rev-parse", "HEAD").strip()


# --- a repository whose officials sign with registered SSH keys ----------------------------

PEJABAT_BERKUNCI = ("kasubbag-kpe", "panewu-anom", "panewu")
"""The officials who sign the TW1 steps of the minimal tree, each with a key of their own."""


def langkah_tw1(n: int) -> dict[str, str]:
    """Return the siklus file of 2025 TW1 signed up to step `n` (`LANGKAH_TW1`)."""
    return {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1[:n])}


def kukuhkan(repo: RepoUji, no: int, *, oleh: str, kunci: Path) -> str:
    """Commit, signed with `kunci`, a re-affirmation of 2025 TW1 step `no` as `oleh`."""
    from capkin.history.signoff import TRAILER_KUKUHKAN

    return commit_ssh(
        repo,
        f"Kukuhkan tanda tangan langkah {no}\n\n{TRAILER_KUKUHKAN}: 2025/TW1/{no}",
        oleh=oleh,
        kunci=kunci,
    )


def repo_berkunci(
    root: Path, kunci: Mapping[str, Path], *, wajib: bool = True, sampai: int = 1
) -> RepoUji:
    """A repository whose officials' keys are on main; step 1 re-affirmed by its signer and
    steps 2 to `sampai` signed with their signers' keys."""
    repo = repo_minimal(root)
    repo.commit(
        "Daftarkan kunci SSH",
        {
            "data/instansi.yml": instansi_berkunci(
                {p: [kunci[p]] for p in PEJABAT_BERKUNCI}, wajib=wajib
            )
        },
        oleh="panewu",
    )
    kukuhkan(repo, 1, oleh="kasubbag-kpe", kunci=kunci["kasubbag-kpe"])
    tandatangani_berkunci(repo, kunci, sampai)
    return repo


def tandatangani_berkunci(repo: RepoUji, kunci: Mapping[str, Path], sampai: int) -> None:
    """Commit 2025 TW1 steps 2..`sampai`, each signed with its signer's key."""
    for n in range(2, sampai + 1):
        oleh = LANGKAH_TW1[n - 1][2]
        commit_ssh(repo, f"Langkah {n}", langkah_tw1(n), oleh=oleh, kunci=kunci[oleh])
