"""Offices unlike the Gamping sample, generated: every command succeeds on each valid tree.

One unit or many, a unit with no indicator, Unicode, apostrophes and very long names, every
`isian` kind, `batas`, budget keys, a year with no realisasi yet, periods with nothing signed.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from factories import capkin

SOP = Path(__file__).parent.parent / "capkin/scaffold/files/sop.yml"
NAMA = [
    "Bidang Pengelolaan Informasi & Komunikasi Publik",
    "Seksi Pemberdayaan Masyarakat Jum'at Bersih",
    "Bidang Ölçü — Ĳssel ‘kutip’ “ganda” 日本語 <b>tebal</b>",
    "Sub Bagian " + "Perencanaan, Evaluasi dan Pelaporan Kinerja " * 8,
]


def _q(teks: str) -> str:
    return json.dumps(teks, ensure_ascii=False)


def _indikator(rng: random.Random, i: int, unit: str) -> tuple[str, str]:
    """Return (YAML of one indicator, kind) with a kind chosen in turn."""
    jenis = ["kum-tw", "kum-sd", "turun", "rentang", "kategori", "rata", "persen"][i % 7]
    dasar = f"      - id: ik{i}\n        uraian: {_q(NAMA[i % 4] + f' ik{i}')}\n"
    dasar += f"        satuan: {'persen' if jenis == 'persen' else 'dokumen'}\n"
    dasar += f"        penanggung_jawab: {unit}\n"
    isi = {
        "kum-tw": "        agregasi: kumulatif\n        isian: triwulan\n        target: 40\n"
        "        target_periode: {TW1: 10, TW2: 20, TW3: 30, TW4: 40}\n",
        "kum-sd": "        agregasi: kumulatif\n        isian: sd-triwulan\n        target: 400\n"
        "        batas: {min: 0, maks: 1000}\n",
        "turun": "        polaritas: turun\n        target: 5\n",
        "rentang": "        polaritas: rentang\n        target: {min: 20, maks: 40}\n",
        "kategori": "        jenis: kategori\n        skala: [C, B, A]\n        target: B\n",
        "rata": "        agregasi: rata-rata\n        target: 80\n        batas: {min: 0}\n",
        "persen": f"        target: {rng.choice([0, 50, 99.5])}\n",
    }[jenis]
    return dasar + isi, jenis


def _nilai(rng: random.Random, jenis: str, tw: int) -> str:
    return {
        "kum-tw": str(rng.randint(0, 15)),
        "kum-sd": str(100 * tw + rng.randint(-20, 20)),
        "turun": str(rng.choice([0, 4, 6.5])),
        "rentang": str(rng.choice([15, 30, 45])),
        "kategori": rng.choice(["C", "B", "A"]),
        "rata": str(rng.randint(60, 100)),
        "persen": str(rng.choice([0, 49.99, 100])),
    }[jenis]


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=KPE", "-c", "user.email=kpe@kantor.example", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def tulis_kantor(root: Path, seed: int) -> Path:
    """Write a valid office tree as a git repo, shaped by `seed`."""
    rng = random.Random(seed)
    n_unit = [1, 3, 7][seed % 3]
    unit = [f"unit-{k}" for k in range(n_unit)]
    (root / "data/2025/realisasi").mkdir(parents=True)
    shutil.copy(SOP, root / "data/sop.yml")
    instansi = f"nama: {_q(NAMA[seed % 4] + ' Kantor')}\ninduk: Pemerintah Kota Contoh\nunit:\n"
    instansi += "".join(f"  - {{id: {u}, nama: {_q(NAMA[k % 4])}}}\n" for k, u in enumerate(unit))
    instansi += "pejabat:\n"
    for k, peran in enumerate(("panewu", "panewu-anom", "kasubbag-kpe")):
        email = "kpe@kantor.example" if peran == "kasubbag-kpe" else f"{peran}@kantor.example"
        instansi += (
            f'  - {{id: {peran}, nama: "D\'Artagnan {peran}", nip: "19700101199503100{k}", '
            f"peran: {peran}, identitas_git: [{email}]}}\n"
        )
    for k, u in enumerate(unit):
        instansi += (
            f"  - {{id: kepala-{u}, nama: \"Ni Luh Ayu 'Kepala' {u}\", "
            f'nip: "198001012005012{k:03d}", peran: kepala-jawatan, unit: {u}}}\n'
        )
    (root / "data/instansi.yml").write_text(instansi, encoding="utf-8")
    # the last unit of a many-unit office answers for no indicator
    penanggung = unit[:-1] if n_unit > 2 else unit
    indikator = [_indikator(rng, i, penanggung[i % len(penanggung)]) for i in range(7 + seed)]
    for tahun in (2025, 2026):  # 2026: a year just started, no realisasi
        pk = f"tahun: {tahun}\ntanggal: {tahun}-01-15\npihak_pertama: panewu\npihak_kedua: Wali Kota\n"
        pk += "program:\n  - {kode: '1.01', uraian: Program Satu, anggaran: 1000000, "
        pk += (
            "anggaran_kas: {TW1: 200000, TW2: 500000, TW3: 800000, TW4: 1000000}, sasaran: [s1]}\n"
        )
        pk += f"sasaran:\n  - id: s1\n    uraian: {_q(NAMA[2])}\n    indikator:\n"
        pk += "".join(y for y, _ in indikator)
        (root / f"data/{tahun}/perjanjian-kinerja.yml").parent.mkdir(parents=True, exist_ok=True)
        (root / f"data/{tahun}/perjanjian-kinerja.yml").write_text(pk, encoding="utf-8")
    for tw in range(1, 2 + seed % 4):
        for u in penanggung:
            baris = [
                f"  - indikator: ik{i}\n    nilai: {_nilai(rng, j, tw)}\n"
                f"    hambatan: {_q(NAMA[i % 4] + ' =HYPERLINK(x) @tim')}\n"
                for i, (_, j) in enumerate(indikator)
                if penanggung[i % len(penanggung)] == u and rng.random() > 0.15
            ]
            if baris:
                f = root / f"data/2025/realisasi/TW{tw}/{u}.yml"
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_text(
                    f"periode: TW{tw}\nunit: {u}\ndisampaikan_oleh: kepala-{u}\n"
                    f"tanggal: 2025-{3 * tw + 1:02d}-05\nrealisasi:\n" + "".join(baris),
                    encoding="utf-8",
                )
    anggaran = root / "data/2025/anggaran/TW1.yml"
    anggaran.parent.mkdir(parents=True)
    anggaran.write_text(
        "periode: TW1\nsumber: SIPD\ntanggal: 2025-04-05\nrealisasi:\n"
        "  - {program: '1.01', nilai: 150000}\n",
        encoding="utf-8",
    )
    # TW1: steps 1-2 signed; later periods: nothing signed
    siklus = root / "data/2025/siklus/TW1.yml"
    siklus.parent.mkdir(parents=True)
    siklus.write_text(
        "periode: TW1\nlangkah:\n"
        "  - {no: 1, mulai: 2025-04-01, selesai: 2025-04-01, oleh: kasubbag-kpe}\n"
        "  - {no: 2, mulai: 2025-04-02, selesai: 2025-04-15, oleh: kasubbag-kpe}\n",
        encoding="utf-8",
    )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Data kantor")
    return root


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_command_succeeds_on_a_generated_office(tmp_path: Path, seed: int) -> None:
    root = tulis_kantor(tmp_path / "kantor", seed)
    for perintah in (
        ["validate"],
        ["compute", "--tahun", "2025", "--format", "json"],
        ["compute", "--tahun", "2025", "--periode", "TW1", "--format", "csv"],
        ["status", "--tahun", "2025", "--periode", "TW1"],
        ["history"],
        ["diff", "HEAD", "HEAD"],
        ["lkjip", "--tahun", "2025", "--no-pdf", "--out", str(tmp_path / "lkjip")],
        ["worksheet", "make", "--tahun", "2025", "--periode", "TW1", "--out", str(tmp_path / "kk")],
        ["build", "--no-pdf"],
    ):
        r = capkin(root, *perintah)
        assert r.exit_code == 0, (perintah, r.output[-3000:])
    assert (root / "site/index.html").is_file()
    # the year just started: compute says so (a usage error), status shows its first cycle
    r = capkin(root, "compute")
    assert r.exit_code == 2 and "tahun 2026 belum memiliki realisasi" in r.output
    assert capkin(root, "status", "--tanggal", "2026-02-02").exit_code == 0
    # the worksheets come back unchanged: nothing to import over the units' files
    kertas = sorted(str(p) for p in (tmp_path / "kk").glob("*.xlsx"))
    assert kertas
    r = capkin(root, "worksheet", "import", "--dry-run", *kertas)
    assert r.exit_code == 0, r.output[-3000:]
