"""Benchmark: a national roll-up over synthetic office APIs in local folders (not a test).

usage: python bench/rekap_bench.py [--kantor 1000] [--tahun 5] [--indikator 20] [--folder DIR]
                                   [--situs]

Generates KANTOR office sites holding only `api/v1/` (index + TAHUN x 4 quarters of period
documents with INDIKATOR indicators and a full SOP cycle each), a `rekap.yml` listing them as
folder sources, then times the roll-up's stages: fetch + validate every document + load the
DuckDB tables; the summaries in DuckDB and in plain Python; the downloads (CSV, Parquet,
XLSX when small); the rekap's own API. `--situs` also writes the pages and runs MkDocs.
Target on this 2-core machine: 25,000 offices x 20 periods x 20 indicators within 60 s and
2 GB (the site's pages excluded: MkDocs renders tens of thousands of pages far slower).
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from capkin.rekap import api
from capkin.rekap.api_files import tulis_api
from capkin.rekap.regency_site import dokumen_rekap, hitung_rekap, tulis_situs
from capkin.rekap.tables import ringkasan_python

PREDIKAT = (
    (91, "Sangat Tinggi"),
    (76, "Tinggi"),
    (66, "Sedang"),
    (51, "Rendah"),
    (0, "Sangat Rendah"),
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _predikat(x: float) -> str:
    return next(n for batas, n in PREDIKAT if x >= batas)


def _periode(acak: random.Random, nama: str, tahun: int, p: str, n_ind: int) -> api.Periode:
    indikator = []
    for i in range(n_ind):
        c = round(acak.uniform(40, 130), 2)
        indikator.append(
            api.Indikator(
                id=f"iku{i + 1:02d}",
                sasaran=f"ss{i // 5 + 1}",
                uraian=f"Indikator kinerja utama {i + 1}",
                satuan="persen",
                target=100.0,
                realisasi=c,
                capaian=c,
                predikat=_predikat(c),
                status="tercapai" if c >= 100 else "tidak tercapai",
            )
        )
    total = round(sum(min(i.capaian or 0, 120) for i in indikator) / n_ind, 2)
    mulai = date(tahun + (p == "TW4"), {"TW1": 4, "TW2": 7, "TW3": 10, "TW4": 1}[p], 1)
    langkah = []
    for no, std in enumerate((1, 10, 2, 1, 2, 1), start=1):
        selesai = mulai + timedelta(days=std + acak.randint(0, 2))
        langkah.append(
            api.Langkah(
                no=no,
                status="selesai",
                mulai=mulai,
                selesai=selesai,
                tenggat=mulai + timedelta(days=std + 1),
                hari_kerja=std,
                standar_hari_kerja=std,
                tepat_waktu=selesai <= mulai + timedelta(days=std + 1),
            )
        )
        mulai = selesai + timedelta(days=1)
    disahkan = acak.random() < 0.8
    return api.Periode(
        api=api.VERSI_API,
        instansi=nama,
        tahun=tahun,
        periode=p,  # type: ignore[arg-type]
        capaian_total=total,
        predikat_total=_predikat(total),
        status="disahkan" if disahkan else "belum disahkan",
        jumlah_indikator=n_ind,
        indikator_tercapai=sum(1 for i in indikator if i.status == "tercapai"),
        indikator_tanpa_data=0,
        indikator=indikator,
        sasaran=[],
        disahkan=api.Pengesahan(
            tanggal=langkah[-1].selesai or mulai,
            oleh="panewu",
            nama="Panewu",
            langkah=6,
            commit="0" * 40,
            revisi=0,
            terverifikasi=True,
        )
        if disahkan
        else None,
        siklus=api.Siklus(
            tanggal=date(2026, 1, 31),
            langkah=langkah,
            total_hari_kerja=17,
            standar_total_hari_kerja=17,
        ),
        belum_menyampaikan=[],
        tautan=api.Tautan(capaian=f"capaian/{tahun}/{p}.html"),
    )


def buat_kantor(folder: Path, n: int, tahun: int, n_ind: int) -> Path:
    """Write `n` synthetic office APIs and a rekap.yml listing them; return the rekap folder."""
    acak = random.Random(14)  # noqa: S311 - synthetic figures, not secrets
    rekap = folder / "rekap"
    rekap.mkdir(parents=True, exist_ok=True)
    baris = ["nama: Rekap Nasional Sintetis", "kantor:"]
    for k in range(n):
        nama = f"Kantor Sintetis {k:05d}"
        daftar = [
            _periode(acak, nama, 2021 + t, p, n_ind)
            for t in range(tahun)
            for p in ("TW1", "TW2", "TW3", "TW4")
        ]
        instansi = api.Instansi(nama=nama, induk="Pemerintah Sintetis")
        tulis_api(
            folder / f"k{k:05d}",
            api.indeks_dari("kantor", instansi, date(2026, 1, 31), daftar),
            daftar,
        )
        baris.append(f"  - {{id: k{k:05d}, nama: {nama}, sumber: ../k{k:05d}}}")
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
    ap.add_argument("--situs", action="store_true", help="also write pages and run MkDocs")
    args = ap.parse_args()
    tmp = None
    if args.folder is None:
        tmp = tempfile.TemporaryDirectory()
        args.folder = Path(tmp.name)
    rekap = args.folder / "rekap"
    t0 = time.perf_counter()
    if not (rekap / "rekap.yml").is_file():
        buat_kantor(args.folder, args.kantor, args.tahun, args.indikator)
        print(f"generate {args.kantor} offices: {time.perf_counter() - t0:6.1f} s")
    t1 = time.perf_counter()
    d = hitung_rekap(rekap, tanggal=date(2026, 1, 31))
    t2 = time.perf_counter()
    gagal = sum(1 for h in d.hasil if not h.berhasil)
    print(f"offices: {len(d.hasil)} (failed {gagal}), peak {_peak_mb():.0f} MB")
    print(f"fetch + validate + load DuckDB: {t2 - t1:6.2f} s")
    s0 = time.perf_counter()
    r_duck = d.tabel.ringkasan()
    s1 = time.perf_counter()
    # plain Python needs the documents again (the roll-up drops them once loaded)
    dok = []
    for h in d.hasil:
        folder = (rekap / h.kantor.sumber).resolve() / "api" / "v1"
        for t, p in h.tautan:
            dok.append(api.Periode.model_validate_json((folder / f"{t}/{p}.json").read_bytes()))
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
    print(f"summaries, DuckDB:        {s1 - s0:6.2f} s")
    print(
        f"summaries, plain Python:  {s3 - s2:6.2f} s (+ {s2 - s1:.2f} s re-reading the documents it needs); same result: {sama}"
    )
    b0 = time.perf_counter()
    keluar = args.folder / "keluar"
    ditulis = d.tabel.ekspor(keluar / "unduh")
    b1 = time.perf_counter()
    tulis_api(keluar, *dokumen_rekap(d))
    b2 = time.perf_counter()
    print(f"downloads ({', '.join(sorted(p.suffix for p in ditulis))}): {b1 - b0:6.2f} s")
    print(f"own api/v1: {b2 - b1:6.2f} s")
    print(
        f"roll-up without pages: {(t2 - t1) + (s1 - s0) + (b2 - b0):6.2f} s, peak {_peak_mb():.0f} MB"
    )
    if args.situs:
        c0 = time.perf_counter()
        tulis_situs(rekap, d, rekap / "site")
        print(f"pages + MkDocs: {time.perf_counter() - c0:6.2f} s")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
