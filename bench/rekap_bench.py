"""Benchmark: a national roll-up over synthetic office APIs in local folders (not a test).

usage: python bench/rekap_bench.py [--kantor 1000] [--tahun 5] [--indikator 20] [--folder DIR]
                                   [--python] [--build]

Generates KANTOR distinct office sites holding only `api/v1/` (index + TAHUN x 4 quarters of
period documents with INDIKATOR indicators and a full SOP cycle each; every office has its own
seed, name and figures), a `rekap.yml` listing them as folder sources, then times the
roll-up's stages in this process: fetch + validate every document + load the DuckDB tables;
the summaries (in DuckDB, and with `--python` in plain Python); the downloads (CSV, Parquet,
XLSX when small); the rekap's own API. `--build` then runs the whole `capkin rekap build`
(pages and MkDocs included) as a child process. Every row gives wall seconds, CPU seconds
(user + sys of the process and its children) and the peak memory of the whole process tree
(the sum of the resident sizes of the process and its workers, sampled every 0.1 s).
Target on this 2-core machine: 25,000 offices x 20 periods x 20 indicators within 60 s and
2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from capkin import api
from capkin.layout import FOLDER_API
from capkin.rekap.config import muat_rekap
from capkin.rekap.regency_api import tulis_api_rekap
from capkin.rekap.regency_site import hitung_rekap
from capkin.rekap.tables import ringkasan_python

PREDIKAT = (
    (91, "Sangat Tinggi"),
    (76, "Tinggi"),
    (66, "Sedang"),
    (51, "Rendah"),
    (0, "Sangat Rendah"),
)


def _rss_pohon(pid: int) -> int:
    """Return the resident bytes of a process and all its descendants (0 once gone)."""
    total = 0
    antre = [pid]
    while antre:
        p = antre.pop()
        try:
            with open(f"/proc/{p}/statm", encoding="ascii") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children", encoding="ascii") as f:
                    antre += [int(x) for x in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


class Puncak:
    """Sample the resident size of a process tree every 0.1 s; keep the peak (in MB)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.mb, self._stop = pid, 0.0, threading.Event()
        self._t = threading.Thread(target=self._jalan, daemon=True)
        self._t.start()

    def _jalan(self) -> None:
        while not self._stop.wait(0.1):
            self.mb = max(self.mb, _rss_pohon(self.pid) / 2**20)

    def berhenti(self) -> float:
        self._stop.set()
        self._t.join()
        return self.mb


def _cpu() -> float:
    """CPU seconds (user + sys) of this process and its reaped children so far."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _predikat(x: float) -> str:
    return next(n for batas, n in PREDIKAT if x >= batas)


def _periode(acak: random.Random, nama: str, tahun: int, p: str, n_ind: int) -> dict[str, Any]:
    """Return one period document as plain data (the shape of `api.Periode`, no model: fast)."""
    indikator: list[dict[str, Any]] = []
    tercapai = 0
    for i in range(n_ind):
        c = round(acak.uniform(40, 130), 2)
        tercapai += c >= 100
        indikator.append(
            {
                "id": f"iku{i + 1:02d}",
                "sasaran": f"ss{i // 5 + 1}",
                "uraian": f"Indikator kinerja utama {i + 1}",
                "satuan": "persen",
                "target": 100.0,
                "realisasi": c,
                "capaian": c,
                "predikat": _predikat(c),
                "status": "tercapai" if c >= 100 else "tidak tercapai",
            }
        )
    # sasaran of five indicators, each the mean of its capped capaian; the total their mean
    # (as capkin computes them, and as the roll-up checks a document against itself)
    per_sasaran: dict[str, list[float]] = {}
    for i in indikator:
        per_sasaran.setdefault(i["sasaran"], []).append(min(i["capaian"], 120))
    rata = {s: sum(c) / len(c) for s, c in per_sasaran.items()}
    sasaran = [
        {"id": s, "uraian": f"Sasaran {s}", "capaian": round(r, 2), "predikat": _predikat(r)}
        for s, r in rata.items()
    ]
    total = round(sum(rata.values()) / len(rata), 2)
    mulai = date(tahun + (p == "TW4"), {"TW1": 4, "TW2": 7, "TW3": 10, "TW4": 1}[p], 1)
    langkah = []
    for no, std in enumerate((1, 10, 2, 1, 2, 1), start=1):
        selesai = mulai + timedelta(days=std + acak.randint(0, 2))
        tenggat = mulai + timedelta(days=std + 1)
        langkah.append(
            {
                "no": no,
                "status": "selesai",
                "mulai": mulai.isoformat(),
                "selesai": selesai.isoformat(),
                "tenggat": tenggat.isoformat(),
                "hari_kerja": std,
                "standar_hari_kerja": std,
                "tepat_waktu": selesai <= tenggat,
            }
        )
        mulai = selesai + timedelta(days=1)
    disahkan = acak.random() < 0.8
    return {
        "api": api.VERSI_API,
        "instansi": nama,
        "tahun": tahun,
        "periode": p,
        "capaian_total": total,
        "predikat_total": _predikat(total),
        "status": "disahkan" if disahkan else "belum disahkan",
        "jumlah_indikator": n_ind,
        "indikator_tercapai": tercapai,
        "indikator_tanpa_data": 0,
        "indikator": indikator,
        "sasaran": sasaran,
        "disahkan": {
            "tanggal": langkah[-1]["selesai"],
            "oleh": "panewu",
            "nama": "Panewu",
            "langkah": 6,
            "commit": acak.getrandbits(160).to_bytes(20, "big").hex(),
            "revisi": 0,
            "terverifikasi": True,
        }
        if disahkan
        else None,
        "siklus": {
            "tanggal": "2026-01-31",
            "langkah": langkah,
            "total_hari_kerja": 17,
            "standar_total_hari_kerja": 17,
        },
        "belum_menyampaikan": [],
        "tautan": {"capaian": f"capaian/{tahun}/{p}.html"},
    }


def _tulis_kantor(folder: Path, k: int, tahun: int, n_ind: int) -> None:
    """Write one distinct office's `api/v1/` (its own seed, name and figures), compact JSON."""
    acak = random.Random(f"kantor-{k}")  # noqa: S311 - synthetic figures, not secrets
    nama = f"Kantor Sintetis {k:05d}"
    v1 = folder / f"k{k:05d}" / FOLDER_API
    daftar = [
        _periode(acak, nama, 2021 + t, p, n_ind)
        for t in range(tahun)
        for p in ("TW1", "TW2", "TW3", "TW4")
    ]
    for t in range(tahun):
        (v1 / str(2021 + t)).mkdir(parents=True, exist_ok=True)
    for d in daftar:
        (v1 / api.jalur_periode(d["tahun"], d["periode"])).write_text(
            json.dumps(d, separators=(",", ":")), encoding="utf-8"
        )
    indeks = {
        "api": api.VERSI_API,
        "jenis": "kantor",
        "instansi": {"nama": nama, "induk": "Pemerintah Sintetis"},
        "generator": {"nama": "capkin", "versi": "bench"},
        "dibangun": "2026-01-31T01:00:00Z",
        "tanggal": "2026-01-31",
        "periode": [
            {
                "tahun": d["tahun"],
                "periode": d["periode"],
                "capaian_total": d["capaian_total"],
                "predikat_total": d["predikat_total"],
                "disahkan": d["disahkan"] is not None,
                "tautan": d["tautan"],
            }
            for d in daftar
        ],
    }
    (v1 / "index.json").write_text(json.dumps(indeks, separators=(",", ":")), encoding="utf-8")


def _tulis_lote(folder: Path, awal: int, akhir: int, tahun: int, n_ind: int) -> int:
    for k in range(awal, akhir):
        _tulis_kantor(folder, k, tahun, n_ind)
    return akhir - awal


def buat_kantor(folder: Path, n: int, tahun: int, n_ind: int) -> Path:
    """Write `n` distinct synthetic office APIs and a rekap.yml listing them; return the rekap
    folder. One process per CPU, 100 offices per task."""
    rekap = folder / "rekap"
    rekap.mkdir(parents=True, exist_ok=True)
    _tulis_kantor(folder, 0, tahun, n_ind)
    v1 = folder / "k00000" / FOLDER_API  # the generator's shape is the API's shape
    api.Indeks.model_validate_json((v1 / "index.json").read_bytes())
    api.Periode.model_validate_json((v1 / "2021/TW1.json").read_bytes())
    cpu = len(os.sched_getaffinity(0))
    with ProcessPoolExecutor(max_workers=cpu) as ex:
        list(
            ex.map(
                _tulis_lote,
                *zip(
                    *((folder, a, min(a + 100, n), tahun, n_ind) for a in range(1, n, 100)),
                    strict=True,
                ),
            )
        )
    baris = ["nama: Rekap Nasional Sintetis", "kantor:"]
    baris += [
        f"  - {{id: k{k:05d}, nama: Kantor Sintetis {k:05d}, sumber: ../k{k:05d}}}"
        for k in range(n)
    ]
    (rekap / "rekap.yml").write_text("\n".join(baris) + "\n", encoding="utf-8")
    return rekap


def main() -> None:
    """Generate (or reuse) the offices and time each stage."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kantor", type=int, default=1000)
    ap.add_argument("--tahun", type=int, default=5)
    ap.add_argument("--indikator", type=int, default=20)
    ap.add_argument("--folder", type=Path, default=None, help="reuse/generate here (kept)")
    ap.add_argument("--python", action="store_true", help="also the summaries in plain Python")
    ap.add_argument("--build", action="store_true", help="also the whole 'capkin rekap build'")
    ap.add_argument("--hanya-build", action="store_true", help="only the whole 'rekap build'")
    args = ap.parse_args()
    tmp = None
    if args.folder is None:
        tmp = tempfile.TemporaryDirectory()
        args.folder = Path(tmp.name)
    rekap = args.folder / "rekap"
    if not (rekap / "rekap.yml").is_file():
        w, c = time.perf_counter(), _cpu()
        buat_kantor(args.folder, args.kantor, args.tahun, args.indikator)
        ukuran = sum(
            int(x)
            for x in subprocess.run(
                ["du", "-sb", "--exclude=rekap", str(args.folder)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[:1]
        )
        print(
            f"generate {args.kantor} distinct offices: {time.perf_counter() - w:6.1f} s wall, "
            f"{_cpu() - c:6.1f} s CPU, {ukuran / 2**20:,.0f} MB on disk"
        )
    if not args.hanya_build:
        _tahap(rekap, args.python)
    if args.build or args.hanya_build:
        _build(rekap, len(muat_rekap(rekap).kantor))  # a reused folder may hold another count
    if tmp is not None:
        tmp.cleanup()


def _tahap(rekap: Path, python: bool) -> None:
    """Time the roll-up's stages in this process (no pages)."""
    puncak = Puncak(os.getpid())
    w0, c0 = time.perf_counter(), _cpu()
    d = hitung_rekap(rekap, tanggal=date(2026, 1, 31))
    w1, c1 = time.perf_counter(), _cpu()
    gagal = sum(1 for h in d.hasil if not h.berhasil)
    print(f"offices: {len(d.hasil)} (failed {gagal})")
    print(
        f"fetch + validate + load DuckDB: {w1 - w0:6.2f} s wall, {c1 - c0:6.2f} s CPU "
        f"(peak so far {puncak.mb:.0f} MB)"
    )
    r_duck = d.tabel.ringkasan()
    w2, c2 = time.perf_counter(), _cpu()
    print(f"summaries, DuckDB:              {w2 - w1:6.2f} s wall, {c2 - c1:6.2f} s CPU")
    keluar = rekap.parent / "keluar"
    ditulis = d.tabel.ekspor(keluar / "unduh")
    w3, c3 = time.perf_counter(), _cpu()
    tulis_api_rekap(keluar, d)
    w4, c4 = time.perf_counter(), _cpu()
    print(
        f"downloads ({', '.join(sorted(p.suffix for p in ditulis))}): "
        f"{w3 - w2:6.2f} s wall, {c3 - c2:6.2f} s CPU (peak so far {puncak.mb:.0f} MB)"
    )
    print(f"own api/v1:                     {w4 - w3:6.2f} s wall, {c4 - c3:6.2f} s CPU")
    print(
        f"ROLL-UP WITHOUT PAGES, {len(d.hasil)} offices: {w4 - w0:6.2f} s wall, "
        f"{c4 - c0:6.2f} s CPU, peak {puncak.berhenti():.0f} MB (process + workers)"
    )
    if python:
        # plain Python needs the documents again (the roll-up drops them once loaded)
        s1 = time.perf_counter()
        dok = []
        for h in d.hasil:
            folder = (rekap / h.kantor.sumber).resolve() / "api" / "v1"
            indeks = api.Indeks.model_validate_json((folder / "index.json").read_bytes())
            for r in indeks.periode:
                jalur = folder / api.jalur_periode(r.tahun, r.periode)
                dok.append(api.Periode.model_validate_json(jalur.read_bytes()))
        s2 = time.perf_counter()
        r_py = ringkasan_python(dok, d.rekap.pengaturan.predikat)
        s3 = time.perf_counter()
        del dok
        sama = [(x.tahun, x.periode, x.kantor, x.sebaran) for x in r_duck] == [
            (x.tahun, x.periode, x.kantor, x.sebaran) for x in r_py
        ] and all(
            abs((a.rata_rata or 0) - (b.rata_rata or 0)) < 1e-9 and a.median == b.median
            for a, b in zip(r_duck, r_py, strict=True)
        )
        print(
            f"summaries, plain Python:  {s3 - s2:6.2f} s (+ {s2 - s1:.2f} s re-reading the "
            f"documents it needs); same result: {sama}"
        )


def _build(rekap: Path, kantor: int) -> None:
    """Run the whole `capkin rekap build` as a child process; wall, CPU and tree peak."""
    w, mulai = time.perf_counter(), os.times()
    proses = subprocess.Popen(
        [sys.executable, "-m", "capkin", "-C", str(rekap), "rekap", "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    puncak = Puncak(proses.pid)
    _, galat = proses.communicate()
    akhir = os.times()
    cpu = sum(akhir[2:4]) - sum(mulai[2:4])
    print(
        f"WHOLE 'capkin rekap build' (pages + MkDocs), {kantor} offices: "
        f"{time.perf_counter() - w:6.2f} s wall, {cpu:6.2f} s CPU, "
        f"peak {puncak.berhenti():.0f} MB, exit {proses.returncode}"
    )
    for baris in galat.splitlines()[-6:]:
        print("   ", baris)


if __name__ == "__main__":
    main()
