"""Benchmark: build the site of a regency-sized data tree (not a test).

usage: python bench/build_bench.py [TREE] [--units 60 --indicators 40 --years 5] [--pdf]

Without TREE, a tree is generated in a temporary folder with the shape of
../shared/bench/gen_scale.py and committed to a fresh git repository (the site reads the
history). Prints the time of each build stage (from capkin's own progress lines), the
page count and the size of site/. Runs the build twice: cold, then warm (charts, PDFs and
the git register come from .git/capkin/). Without --pdf no PDF is made: one PDF of a
2,400-indicator period is ~350 pages and takes about a minute.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pohon import argumen, pohon

from capkin.site import PilihanPdf, bangun


def _ukuran_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _sekali(tree: Path, pdf: PilihanPdf, label: str) -> None:
    awal = time.perf_counter()
    tahap: list[tuple[float, str]] = []

    def progres(baris: str) -> None:
        tahap.append((time.perf_counter() - awal, baris))

    hasil = bangun(tree, pdf=pdf, progres=progres)
    total = time.perf_counter() - awal
    print(f"-- {label}: {total:.1f} s")
    for i, (t, baris) in enumerate(tahap):
        akhir = tahap[i + 1][0] if i + 1 < len(tahap) else total
        print(f"   {akhir - t:7.1f} s  {baris}")
    halaman = sum(1 for _ in hasil.out.rglob("*.html"))
    print(f"   {halaman} HTML pages, site/ {_ukuran_mb(hasil.out):.0f} MB")


def main() -> None:
    """Run the benchmark and print its numbers."""
    ap = argumen(__doc__)
    ap.add_argument("--pdf", action="store_true", help="also make every period's PDF")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = pohon(args, Path(tmp), git=True)
        pdf = PilihanPdf.SEMUA if args.pdf else PilihanPdf.TIDAK
        _sekali(tree, pdf, "cold build")
        _sekali(tree, pdf, "warm build")


if __name__ == "__main__":
    main()
