"""Benchmark: build the site of a regency-sized data tree (not a test).

usage: python bench/build_bench.py [TREE] [--units 60 --indicators 40 --years 5] [--pdf]

Without TREE, a tree is generated in a temporary folder with the shape of
../shared/bench/gen_scale.py and committed to a fresh git repository (the site reads the
history). Prints the wall and CPU time of each build stage (from capkin's own progress
lines), the CPU split into this process's own (capkin) and its children's (MkDocs, the chart
and PDF workers). A child's CPU is counted only when it ends: MkDocs runs beside capkin's own
writing from "Menjalankan MkDocs" on and its whole CPU shows in the stage in which it ends, so
read a stage's cost in the capkin column and the processes' in the children column. Also this process's
resident memory as the stage starts and its peak so far (what the data held from stage to
stage costs; MkDocs and the workers are children, in the final peak), the page count and the
size of site/. Runs the build twice: cold, then warm (charts, PDFs and the git
register come from .git/capkin/). Without --pdf no PDF is made: one PDF of a 2,400-indicator
period is ~350 pages and takes about a minute of CPU. With --pdf, the PDF row: how many PDFs
(periods, approved versions, LKjIP), their pages, and the PDF stage's seconds per PDF and per
page, wall and CPU (the first build renders them all; the second takes them from the cache).
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from pohon import argumen, pohon
from pypdf import PdfReader

from capkin.site import PilihanPdf, bangun


def _ukuran_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _cpu() -> tuple[float, float]:
    """Return CPU seconds used so far by this process and by its waited-for children."""
    sendiri = resource.getrusage(resource.RUSAGE_SELF)
    anak = resource.getrusage(resource.RUSAGE_CHILDREN)
    return sendiri.ru_utime + sendiri.ru_stime, anak.ru_utime + anak.ru_stime


def _rss_mb() -> tuple[float, float]:
    """Return this process's resident size now and its peak so far, in MB (Linux)."""
    nilai = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for baris in status:
            nama, _, isi = baris.partition(":")
            if nama in ("VmRSS", "VmHWM"):
                nilai[nama] = int(isi.split()[0]) / 1024
    return nilai.get("VmRSS", 0.0), nilai.get("VmHWM", 0.0)


def _baris_pdf(out: Path, detik: float, cpu: float) -> None:
    """Print the PDF row: PDFs, pages, and the PDF stage's cost per PDF and per page."""
    berkas = sorted(out.rglob("*.pdf"))
    if not berkas:
        return
    halaman = sum(len(PdfReader(p).pages) for p in berkas)
    print(
        f"   PDF: {len(berkas)} PDFs, {halaman} pages; stage {detik:.1f} s wall / {cpu:.1f} s CPU; "
        f"per PDF {detik / len(berkas):.2f} s wall / {cpu / len(berkas):.2f} s CPU; "
        f"per page {detik / halaman * 1000:.0f} ms wall / {cpu / halaman * 1000:.0f} ms CPU"
    )


def _sekali(tree: Path, pdf: PilihanPdf, label: str) -> None:
    awal, (sendiri_awal, anak_awal) = time.perf_counter(), _cpu()
    tahap: list[tuple[float, float, float, str, tuple[float, float]]] = []

    def kini() -> tuple[float, float, float]:
        sendiri, anak = _cpu()
        return time.perf_counter() - awal, sendiri - sendiri_awal, anak - anak_awal

    def progres(baris: str) -> None:
        tahap.append((*kini(), baris, _rss_mb()))

    hasil = bangun(tree, pdf=pdf, progres=progres)
    total = kini()
    print(
        f"-- {label}: {total[0]:.1f} s wall, {total[1] + total[2]:.1f} s CPU "
        f"(capkin {total[1]:.1f} s, children {total[2]:.1f} s)"
    )
    for i, (t, sendiri, anak, baris, (rss, hwm)) in enumerate(tahap):
        akhir = tahap[i + 1][:3] if i + 1 < len(tahap) else total
        cpu_sendiri, cpu_anak = akhir[1] - sendiri, akhir[2] - anak
        print(
            f"   {akhir[0] - t:7.1f} s wall {cpu_sendiri + cpu_anak:7.1f} s CPU"
            f" (capkin {cpu_sendiri:6.1f}, children {cpu_anak:6.1f})"
            f"  {rss:5.0f} MB ({hwm:5.0f} peak)  {baris}"
        )
        if baris.startswith("Membuat PDF"):
            _baris_pdf(hasil.out, akhir[0] - t, cpu_sendiri + cpu_anak)
    halaman = sum(1 for _ in hasil.out.rglob("*.html"))
    puncak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(
        f"   {halaman} HTML pages, site/ {_ukuran_mb(hasil.out):.0f} MB, peak {puncak / 1024:.0f} MB"
    )


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
