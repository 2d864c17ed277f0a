"""End to end on a second office: a Dinas with its own roles, SOP, settings and git authors.

The tree differs from the Gamping sample on purpose: one year only, `rumus_turun: rasio`,
no averaging cap, a 95 % threshold, custom predikat bands, extra roles, a four-step SOP, a
kategori indicator with another scale, indicators without `target_periode`, a rentang
indicator, a zero target, realisasi missing for a unit and for a middle period, and cycles
still in progress. Every figure asserted here was worked out by hand from design.md.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from factories import capkin

INSTANSI = """\
nama: Dinas Komunikasi dan Informatika Kabupaten Kulon Progo
induk: Pemerintah Kabupaten Kulon Progo
pengaturan:
  rumus_turun: rasio
  batas_capaian_rata_rata: null
  ambang_tercapai: 95
  predikat:
    - {min: 90, nama: Sangat Baik}
    - {min: 70, nama: Baik}
    - {min: 50, nama: Cukup}
    - {min: 0, nama: Kurang}
  hari_libur_tambahan: [2026-03-10]
  peran_tambahan:
    - {id: kepala-dinas, nama: Kepala Dinas}
    - {id: sekretaris, nama: Sekretaris Dinas}
    - {id: kasubbag-program, nama: Kepala Subbagian Program}
    - {id: kabid, nama: Kepala Bidang}
unit:
  - {id: sekretariat, nama: Sekretariat}
  - {id: bidang-ikp, nama: Bidang Informasi dan Komunikasi Publik}
  - {id: bidang-tik, nama: Bidang Teknologi Informasi dan Komunikasi}
  - {id: bidang-statistik, nama: Bidang Statistik dan Persandian}
pejabat:
  - {id: kadis, nama: "Ir. Bambang Wahyudi, M.T.", nip: "197001011995031001",
     peran: kepala-dinas, identitas_git: [bambang@kominfo.example]}
  - {id: sekdin, nama: Dra. Endang Lestari, nip: "197202021997032002", peran: sekretaris,
     unit: sekretariat, identitas_git: [endang@kominfo.example]}
  - {id: kasubbag-prog, nama: "Yuli Astuti, S.E.", nip: "198503032010012003",
     peran: kasubbag-program, unit: sekretariat, identitas_git: [yuli@kominfo.example]}
  - {id: kabid-ikp, nama: "Hendra Gunawan, S.Sos.", nip: "197804042005011004", peran: kabid,
     unit: bidang-ikp, identitas_git: [hendra@kominfo.example]}
  - {id: kabid-tik, nama: "Ratna Sari, S.Kom., M.Cs.", nip: "198105052006042005", peran: kabid,
     unit: bidang-tik, identitas_git: [ratna@kominfo.example]}
  - {id: kabid-stat, nama: "Joko Prasetyo, S.Si.", nip: "197906062003121006", peran: kabid,
     unit: bidang-statistik, identitas_git: [joko@kominfo.example]}
"""

SOP = """\
nomor: 012/SOP/KOMINFO/2025
nama: Pengumpulan Data Capaian Kinerja Dinas
langkah:
  - {no: 1, aktivitas: Menelaah PK, pelaksana: [kasubbag-program], waktu_hari_kerja: 2}
  - {no: 2, aktivitas: Meminta realisasi, pelaksana: [kasubbag-program], waktu_hari_kerja: 7}
  - {no: 3, aktivitas: Membandingkan, pelaksana: [kasubbag-program, sekretaris],
     waktu_hari_kerja: 3}
  - {no: 4, aktivitas: Menyampaikan laporan, pelaksana: [kepala-dinas], waktu_hari_kerja: 2}
"""


def _ik(id_: str, pj: str, target: str, extra: str = "") -> str:
    return (
        f"      - id: {id_}\n        uraian: Indikator {id_}\n        satuan: unit\n"
        f"        target: {target}\n        penanggung_jawab: {pj}\n{extra}"
    )


PK = (
    "tahun: 2026\ntanggal: 2026-01-30\npihak_pertama: kadis\npihak_kedua: Bupati Kulon Progo\n"
    "sasaran:\n  - id: s-layanan\n    uraian: Meningkatnya layanan informasi\n    indikator:\n"
    + _ik(
        "ikm", "bidang-ikp", "80", "        target_periode: {TW1: 78, TW2: 79, TW3: 80, TW4: 80}\n"
    )
    + _ik(
        "waktu-aduan", "bidang-ikp", "4", "        polaritas: turun\n        agregasi: rata-rata\n"
    )
    + _ik(
        "konten",
        "bidang-ikp",
        "400",
        "        agregasi: kumulatif\n        target_periode: {TW1: 100, TW2: 200, TW3: 300, TW4: 400}\n",
    )
    + "  - id: s-tik\n    uraian: Meningkatnya keandalan TIK\n    indikator:\n"
    + _ik(
        "insiden",
        "bidang-statistik",
        "8",
        "        polaritas: turun\n        agregasi: kumulatif\n"
        "        target_periode: {TW1: 2, TW2: 4, TW3: 6, TW4: 8}\n",
    )
    + _ik("latensi", "bidang-tik", "{min: 20, maks: 40}", "        polaritas: rentang\n")
    + _ik("gangguan", "bidang-tik", "0", "        polaritas: turun\n")
    + "  - id: s-akuntabilitas\n    uraian: Meningkatnya akuntabilitas\n    indikator:\n"
    + _ik(
        "spbe",
        "sekretariat",
        "Sangat Baik",
        "        jenis: kategori\n        skala: [Kurang, Cukup, Baik, Sangat Baik, Memuaskan]\n"
        "        target_periode: {TW2: Baik, TW4: Sangat Baik}\n",
    )
    + _ik(
        "serapan",
        "sekretariat",
        "95",
        "        agregasi: rata-rata\n        target_periode: {TW1: 90, TW2: 92, TW4: 95}\n",
    )
)

REALISASI: dict[tuple[str, str], tuple[str, str, list[tuple[str, Any]]]] = {
    ("TW1", "bidang-ikp"): (
        "kabid-ikp",
        "2026-04-08",
        [("ikm", 77), ("waktu-aduan", 5), ("konten", 120)],
    ),
    ("TW1", "bidang-tik"): ("kabid-tik", "2026-04-09", [("latensi", 15), ("gangguan", 0)]),
    ("TW1", "bidang-statistik"): ("kabid-stat", "2026-04-09", [("insiden", 1)]),
    ("TW1", "sekretariat"): ("sekdin", "2026-04-10", [("spbe", "Cukup"), ("serapan", 88)]),
    ("TW2", "bidang-ikp"): ("kabid-ikp", "2026-07-08", [("ikm", 81), ("waktu-aduan", 3)]),
    ("TW2", "bidang-tik"): ("kabid-tik", "2026-07-09", [("latensi", 50), ("gangguan", 2)]),
    ("TW2", "sekretariat"): ("sekdin", "2026-07-10", [("spbe", "Baik"), ("serapan", 94)]),
    ("TW3", "bidang-ikp"): (
        "kabid-ikp",
        "2026-10-07",
        [("ikm", 79.5), ("waktu-aduan", 4), ("konten", 130)],
    ),
    ("TW3", "bidang-tik"): ("kabid-tik", "2026-10-08", [("latensi", 30)]),
    ("TW3", "bidang-statistik"): ("kabid-stat", "2026-10-08", [("insiden", 3)]),
    ("TW3", "sekretariat"): ("sekdin", "2026-10-09", [("spbe", "Kurang"), ("serapan", 96)]),
}

SIKLUS: dict[str, list[str]] = {
    "TW1": [
        "{no: 1, mulai: 2026-04-01, selesai: 2026-04-02, oleh: kasubbag-prog}",
        "{no: 2, mulai: 2026-04-03, selesai: 2026-04-13, oleh: kasubbag-prog}",
        "{no: 3, mulai: 2026-04-14, selesai: 2026-04-15, oleh: sekdin}",
        "{no: 4, mulai: 2026-04-16, selesai: 2026-04-17, oleh: kadis, dokumen: Laporan TW1}",
    ],
    "TW2": [
        "{no: 1, mulai: 2026-07-01, selesai: 2026-07-02, oleh: kasubbag-prog}",
        "{no: 2, mulai: 2026-07-03}",
    ],
    "TW3": ["{no: 1, mulai: 2026-10-01, selesai: 2026-10-01, oleh: kasubbag-prog}"],
}

EMAIL = {
    "kadis": "bambang@kominfo.example",
    "sekdin": "endang@kominfo.example",
    "kasubbag-prog": "yuli@kominfo.example",
    "kabid-ikp": "hendra@kominfo.example",
    "kabid-tik": "ratna@kominfo.example",
    "kabid-stat": "joko@kominfo.example",
}


def git(root: Path, siapa: str, *args: str, tanggal: str | None = None) -> str:
    """Run git in `root` as official `siapa`, isolated from the machine's git config."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    if tanggal:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = tanggal
    email = EMAIL.get(siapa, f"{siapa}@luar.example")
    hasil = subprocess.run(
        ["git", "-c", f"user.name={siapa}", "-c", f"user.email={email}", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return hasil.stdout


def tulis(root: Path, rel: str, teks: str) -> None:
    """Write a UTF-8 file under root, making folders."""
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(teks, encoding="utf-8")


def commit(root: Path, siapa: str, pesan: str, tanggal: str) -> None:
    """Commit everything as `siapa` on `tanggal`."""
    git(root, siapa, "add", "-A")
    git(root, siapa, "commit", "-qm", pesan, tanggal=tanggal)


def realisasi_yml(periode: str, unit: str, oleh: str, tgl: str, isi: list[tuple[str, Any]]) -> str:
    """Return a realisasi file."""
    s = f"periode: {periode}\nunit: {unit}\ndisampaikan_oleh: {oleh}\ntanggal: {tgl}\nrealisasi:\n"
    for ik, nilai in isi:
        s += f"  - indikator: {ik}\n    nilai: {nilai}\n    hambatan: Kendala {ik}.\n"
    return s


def tulis_dinas(root: Path, *, instansi: str = INSTANSI) -> Path:
    """Write the Dinas tree as a git repo: each file committed by the official it belongs to."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "kasubbag-prog", "init", "-q", "-b", "main")
    tulis(root, "data/instansi.yml", instansi)
    tulis(root, "data/sop.yml", SOP)
    commit(root, "kasubbag-prog", "Instansi dan SOP", "2026-01-05T09:00:00+07:00")
    tulis(root, "data/2026/perjanjian-kinerja.yml", PK)
    commit(root, "kadis", "Perjanjian Kinerja 2026", "2026-01-30T10:00:00+07:00")
    for periode, langkah in SIKLUS.items():
        tgl = "2026-01-01"
        for (p, unit), (oleh, tgl, isi) in REALISASI.items():
            if p == periode:
                tulis(
                    root,
                    f"data/2026/realisasi/{p}/{unit}.yml",
                    realisasi_yml(p, unit, oleh, tgl, isi),
                )
                commit(root, oleh, f"Realisasi {p} {unit}", f"{tgl}T10:00:00+07:00")
        for k in range(1, len(langkah) + 1):
            oleh = (
                langkah[k - 1].split("oleh: ")[1].split(",")[0].rstrip("}")
                if "oleh" in langkah[k - 1]
                else "kasubbag-prog"
            )
            badan = f"periode: {periode}\nlangkah:\n" + "".join(f"  - {x}\n" for x in langkah[:k])
            if periode == "TW1":
                badan += "kesimpulan: Sebagian besar indikator belum tercapai.\n"
            tulis(root, f"data/2026/siklus/{periode}.yml", badan)
            commit(root, oleh, f"Siklus {periode} langkah {k}", f"{tgl}T15:0{k}:00+07:00")
    return root


def jalan(root: Path, *args: str) -> Result:
    """Run capkin in-process on `root`."""
    return capkin(root, *args)


@pytest.fixture(scope="module")
def dinas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tulis_dinas(tmp_path_factory.mktemp("dinas"))


def hitung(root: Path, periode: str) -> dict[str, Any]:
    r = jalan(root, "compute", "--periode", periode, "--format", "json")
    assert r.exit_code == 0, r.output
    data: dict[str, Any] = json.loads(r.output)
    return data


def per_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in data["indikator"]}


def test_validate_passes_and_strict_names_only_email_only_sign_offs(dinas: Path) -> None:
    r = jalan(dinas, "validate")
    assert r.exit_code == 0, r.output
    # no official registered an SSH key: every sign-off is an email match only, a warning
    ketat = jalan(dinas, "validate", "--strict")
    peringatan = [b for b in ketat.output.splitlines() if ": peringatan: " in b]
    assert ketat.exit_code == 1 and peringatan
    assert all("email cocok, tanpa tanda tangan kriptografis" in b for b in peringatan)
    assert ": galat: " not in ketat.output


def test_tw1_figures_by_hand(dinas: Path) -> None:
    d = hitung(dinas, "tw1")
    i = per_id(d)
    assert i["ikm"]["capaian"] == 98.72  # 77 / 78
    assert i["ikm"]["status"] == "tercapai"  # ambang 95
    assert i["waktu-aduan"]["capaian"] == 80.0  # rasio T/R = 4 / 5
    assert i["konten"]["capaian"] == 120.0  # no cap per indicator
    assert i["insiden"]["capaian"] == 200.0  # rasio, kumulatif: 2 / 1
    assert i["latensi"]["capaian"] == 75.0  # below the range: 15 / 20
    assert i["gangguan"]["capaian"] == 100.0  # T = 0 and met
    assert i["spbe"]["capaian"] == 50.0  # Cukup (2) / Sangat Baik (4)
    assert i["serapan"]["capaian"] == 97.78  # 88 / 90
    sasaran = {s["id"]: s for s in d["sasaran"]}
    assert sasaran["s-tik"]["capaian"] == 125.0  # (200 + 75 + 100) / 3, batas null: no cap
    assert sasaran["s-akuntabilitas"]["predikat"] == "Baik"  # 73.89 in the 70-90 band
    assert d["capaian_total"] == 99.49
    assert d["predikat_total"] == "Sangat Baik"


def test_tw2_missing_unit_and_above_range(dinas: Path) -> None:
    d = hitung(dinas, "tw2")
    i = per_id(d)
    assert i["insiden"]["status"] == "belum ada data"  # bidang-statistik sent nothing
    assert i["konten"]["status"] == "belum ada data"
    assert i["latensi"]["capaian"] == 75.0  # above: (2*40 - 50) / 40
    assert i["gangguan"]["capaian"] == 0.0  # T = 0, missed
    assert i["waktu-aduan"]["capaian"] == 100.0  # mean(5, 3) = 4
    assert i["spbe"]["capaian"] == 100.0  # TW2 target Baik reached
    assert i["serapan"]["capaian"] == 98.91  # mean(88, 94) / 92
    assert d["capaian_total"] == 79.41


def test_tw3_cumulative_with_missing_middle_period(dinas: Path) -> None:
    d = hitung(dinas, "tw3")
    i = per_id(d)
    assert i["konten"]["realisasi"] == 250.0  # 120 + (TW2 missing) + 130
    assert i["konten"]["capaian"] == 83.33
    assert any("TW2" in c for c in i["konten"]["catatan"])
    assert i["insiden"]["capaian"] == 150.0  # 6 / (1 + 3)
    assert i["serapan"]["capaian"] == 97.54  # mean(88, 94, 96) / 95, TW3 target missing
    assert any("tidak ditetapkan" in c for c in i["serapan"]["catatan"])
    assert i["spbe"]["capaian"] == 25.0  # Kurang (1) / Sangat Baik (4)
    assert d["capaian_total"] == 93.5


def test_csv_and_table_formats(dinas: Path) -> None:
    r = jalan(dinas, "compute", "--periode", "tw2", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("id,sasaran,uraian")
    t = jalan(dinas, "compute", "--periode", "tw3")
    assert t.exit_code == 0, t.output
    assert "93,50 %" in t.output and "Sangat Baik" in t.output


def test_status_counts_working_days_of_this_sop(dinas: Path) -> None:
    r = jalan(dinas, "status", "--periode", "tw2", "--tanggal", "2026-07-20", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    l2 = next(x for x in d["langkah"] if x["no"] == 2)
    assert l2["tenggat"] == "2026-07-13"  # 7 working days from Fri 3 July
    assert l2["hari_kerja"] == 12
    assert len(d["langkah"]) == 4  # this office's SOP has four steps


@pytest.mark.parametrize(
    ("periode", "tanggal", "total"),
    [
        # stalled at step 2 since 2 October: 42 working days to 27 November, standard 14
        (
            "TW3",
            "2026-11-27",
            "Total: 42 hari kerja sejak langkah pertama dimulai (1 Oktober 2026 sampai 27 "
            "November 2026), siklus belum selesai; sudah melewati standar SOP 14 hari kerja "
            "sebanyak 28 hari kerja.",
        ),
        (
            "TW1",
            "2026-11-27",
            "Total: 12 hari kerja (1 April 2026 sampai 17 April 2026), dalam standar SOP 14 "
            "hari kerja.",
        ),
    ],
)
def test_status_total_says_what_it_counts_against_this_sops_standard(
    dinas: Path, periode: str, tanggal: str, total: str
) -> None:
    """A total past the standard was printed "Total: 42 dari 14 hari kerja", as if 42 of an
    allowance of 14: an open cycle counts to the date, so say so and by how much it is over."""
    r = jalan(dinas, "status", "--periode", periode, "--tanggal", tanggal)
    assert r.exit_code == 0, r.output
    teks = " ".join(r.output.split())
    assert total in teks, teks
    assert " dari 14 hari kerja standar" not in teks
    j = json.loads(jalan(dinas, "status", "--periode", periode, "--tanggal", tanggal,
                         "--format", "json").output)  # fmt: skip
    assert j["standar_total_hari_kerja"] == 14


def test_history_names_officials(dinas: Path) -> None:
    r = jalan(dinas, "history", "--unit", "bidang-ikp", "--format", "json", "--no-cache")
    assert r.exit_code == 0, r.output
    assert "Hendra Gunawan" in r.output
    assert "Traceback" not in r.output
