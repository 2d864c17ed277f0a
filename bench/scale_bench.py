"""Benchmark: every row of issue 16's table in one run, as ratios against floors (not a test).

usage: python bench/scale_bench.py [REPO] [--units 60 --indicators 40 --years 5]
       [--commits 10000] [--pdf] [--skip-build | --only-build] [--gamping] [--rows TEXT,...]

Without REPO, a tree is generated with ../shared/bench/gen_scale.py and given a history with
gen_history.py (COMMITS commits) in a temporary folder. With REPO (a git repository holding
data/), that repository is measured; it is changed (one uncommitted edit, one commit) and
its capkin caches are emptied, so give it a copy.

Floors, measured in the same run on the same machine:
- load: PyYAML's C loader over every data file (`yaml.load`, CSafeLoader);
- blob: reading every blob the first-parent history of data/ changed through one
  `git cat-file --batch` and composing it with the C composer.
With --only-build, only the site rows are measured (validate and history run first, unmeasured,
so that the build meets the same caches as in a full run). With --gamping, the bundled Gamping
sample (a clone of this repository) is built with its PDFs twice: the first build fills the PDF
cache, the second is the everyday one. With --rows (comma-separated parts of row names, e.g.
`--rows edited,compute`), only the rows whose name contains one of them are measured and
printed: the validate steps before a selected row still run (unmeasured) as its set-up, the
floors are measured only for a selected cold row, and history and the site are skipped
unless one of their rows is selected.

Each command runs as `python -m capkin ...` in a fresh process (start-up included); peak
memory is the largest resident size of the command and its children.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pohon import GEN, argumen

from capkin.cachedir import folder_cache

GEN_HISTORY = GEN.with_name("gen_history.py")
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


@dataclass
class Baris:
    """One row of the table: what was measured, and the target it is held to."""

    operasi: str
    detik: float
    cpu: float
    mb: float
    target: str
    batas: float
    batas_cpu: float
    batas_mb: float = float("inf")

    def lulus(self, cpu: bool) -> str:
        """Return whether the wall (or CPU) time and the memory meet the target."""
        nilai, batas = (self.cpu, self.batas_cpu) if cpu else (self.detik, self.batas)
        return "yes" if nilai <= batas and self.mb <= self.batas_mb else "NO"


def _jalan(repo: Path, *args: str) -> tuple[float, float, float]:
    """Run `capkin ARGS` in repo; return (seconds, CPU seconds, peak MB), children included."""
    mulai = time.perf_counter()
    proses = subprocess.Popen(
        [sys.executable, "-m", "capkin", *args],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert proses.stderr is not None
    galat = proses.stderr.read()
    _, status, pakai = os.wait4(proses.pid, 0)
    proses.returncode = os.waitstatus_to_exitcode(status)
    detik = time.perf_counter() - mulai
    # 1: data with errors is still a measured run, but a crash (also exit 1) is not
    if proses.returncode not in (0, 1) or b"Traceback (most recent call last)" in galat:
        sys.exit(f"capkin {' '.join(args)} failed:\n{galat.decode(errors='replace')}")
    return detik, pakai.ru_utime + pakai.ru_stime, pakai.ru_maxrss / 1024


def _cpu() -> float:
    """Return CPU seconds used so far by this process and its waited-for children."""
    sendiri = resource.getrusage(resource.RUSAGE_SELF)
    anak = resource.getrusage(resource.RUSAGE_CHILDREN)
    return sendiri.ru_utime + sendiri.ru_stime + anak.ru_utime + anak.ru_stime


def lantai_muat(repo: Path) -> tuple[float, float]:
    """Return the (wall, CPU) seconds PyYAML's C loader takes over every data file."""
    mulai, cpu = time.perf_counter(), _cpu()
    for path in sorted((repo / "data").rglob("*.yml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - mulai, _cpu() - cpu


def lantai_blob(repo: Path) -> tuple[float, float]:
    """Return the (wall, CPU) seconds to read and C-compose every blob data/'s history changed."""
    mulai, cpu = time.perf_counter(), _cpu()
    log = subprocess.run(
        ["git", "log", "--first-parent", "--raw", "-z", "--no-abbrev", "--format=", "--", "data/"],
        cwd=repo,
        capture_output=True,
        check=True,
        env=ENV,
    ).stdout.split(b"\0")
    blob = sorted(
        {t.split(b" ")[3].decode() for t in log if t.startswith((b":", b"\n:"))} - {"0" * 40}
    )
    proses = subprocess.Popen(
        ["git", "cat-file", "--batch"],
        cwd=repo,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=ENV,
    )
    assert proses.stdin is not None and proses.stdout is not None
    masuk = proses.stdin

    def tulis() -> None:  # fed from a thread: writing every id first would deadlock
        masuk.write("".join(b + "\n" for b in blob).encode())
        masuk.close()

    penulis = threading.Thread(target=tulis)
    penulis.start()
    for _ in blob:
        ukuran = int(proses.stdout.readline().split()[2])
        data = proses.stdout.read(ukuran)
        proses.stdout.read(1)
        yaml.compose(data, Loader=yaml.CSafeLoader)
    penulis.join()
    proses.wait()
    return time.perf_counter() - mulai, _cpu() - cpu


def _kosongkan_cache(repo: Path) -> None:
    shutil.rmtree(folder_cache(repo), ignore_errors=True)


def _ubah_satu(repo: Path) -> None:
    """Change the first realisasi value of one file in the work tree (uncommitted), always
    to a value it does not hold (a repository measured before may hold any)."""
    path = sorted((repo / "data").rglob("realisasi/TW2/*.yml"))[0]
    teks = path.read_text(encoding="utf-8")
    i = teks.index("nilai: ") + len("nilai: ")
    j = teks.index("\n", i)
    try:
        lama = float(teks[i:j])
    except ValueError:
        lama = 0.0
    baru = f"{lama + 1.1:.1f}" if lama < 200 else "50.5"
    path.write_text(teks[:i] + baru + teks[j:], encoding="utf-8")


def _commit(repo: Path, pesan: str) -> None:
    perintah = ["git", "-c", "user.name=bench", "-c", "user.email=bench@uji.example"]
    subprocess.run([*perintah, "commit", "-qam", pesan], cwd=repo, check=True, env=ENV)


def ukur(
    repo: Path,
    *,
    pdf: bool,
    build: bool,
    hanya_build: bool = False,
    baris_dipilih: tuple[str, ...] = (),
) -> tuple[list[Baris], str]:
    """Measure every row on `repo`; return the table and the floors.

    Targets are checked on wall time and, apart, on CPU time: on a shared machine (load
    above the CPU count) CPU time is what an idle machine's wall time would be for the
    single-process rows. `baris_dipilih` (parts of row names) limits what is measured.
    """

    def dipilih(operasi: str) -> bool:
        return not baris_dipilih or any(b in operasi for b in baris_dipilih)

    if hanya_build:
        baris: list[Baris] = []
        _kosongkan_cache(repo)
        _jalan(repo, "validate")
        _jalan(repo, "history", "--format", "json")
        _ukur_build(repo, baris, pdf=pdf)
        return baris, "floors: not measured (--only-build)"
    baris = []
    if dipilih("validate, cold") or dipilih("history --format json, cold"):
        (muat, muat_cpu), (blob, blob_cpu) = lantai_muat(repo), lantai_blob(repo)
        lantai_teks = (
            f"floors: load (PyYAML C) {muat:.1f} s wall / {muat_cpu:.1f} s CPU, "
            f"blob (read + C-compose) {blob:.1f} s wall / {blob_cpu:.1f} s CPU"
        )
    else:
        muat = muat_cpu = blob = blob_cpu = float("nan")
        lantai_teks = "floors: not measured (--rows)"
    print(lantai_teks, flush=True)

    def catat(operasi: str, perintah: tuple[str, ...], *args: Any) -> None:
        hasil = _jalan(repo, *perintah)
        if dipilih(operasi):
            _catat(baris, operasi, hasil, *args)

    _kosongkan_cache(repo)
    batas, batas_cpu = 1.3 * (muat + blob), 1.3 * (muat_cpu + blob_cpu)
    catat(
        "validate, cold",
        ("validate",),
        batas,
        f"≤ 1.3 × (load + blob) = {batas:.1f} s wall / {batas_cpu:.1f} s CPU",
        batas_cpu,
    )
    catat("validate, nothing changed", ("validate",), 1.0, "≤ 1.0 s")
    _ubah_satu(repo)
    catat("validate, one realisasi edited", ("validate",), 1.5, "≤ 1.5 s")
    catat("compute --format json, warm", ("compute", "--format", "json"), 1.0, "≤ 1.0 s")
    subprocess.run(["git", "checkout", "-q", "--", "data/"], cwd=repo, check=True, env=ENV)
    rest = ["history --format json, cold", "history, one new commit"]
    if build:
        rest += ["build --no-pdf, cold", "build --no-pdf, one realisasi changed"]
    if not any(dipilih(operasi) for operasi in rest):
        return baris, lantai_teks
    _kosongkan_cache(repo)
    batas, batas_cpu = 1.5 * blob, 1.5 * blob_cpu
    catat(
        "history --format json, cold",
        ("history", "--format", "json"),
        batas,
        f"≤ 1.5 × blob = {batas:.1f} s wall / {batas_cpu:.1f} s CPU",
        batas_cpu,
    )
    _ubah_satu(repo)
    _commit(repo, "Perbarui satu realisasi")
    catat("history, one new commit", ("history", "--format", "json"), 1.0, "≤ 1.0 s")
    if build and any(dipilih(operasi) for operasi in rest[2:]):
        _ukur_build(repo, baris, pdf=pdf)
    return baris, lantai_teks


def _catat(
    baris: list[Baris],
    operasi: str,
    hasil: tuple[float, float, float],
    batas: float,
    target: str,
    batas_cpu: float | None = None,
) -> None:
    detik, cpu, mb = hasil
    baris.append(Baris(operasi, detik, cpu, mb, target, batas, batas_cpu or batas))
    print(f"  {operasi}: {detik:.2f} s, CPU {cpu:.2f} s, {mb:.0f} MB", flush=True)


def _ukur_build(repo: Path, baris: list[Baris], *, pdf: bool) -> None:
    """The site rows: cold, then after one realisasi changed (the kept site is reused)."""
    hasil = _jalan(repo, "build", "--no-pdf")
    _catat(baris, "build --no-pdf, cold", hasil, 90, "≤ 90 s, ≤ 600 MB")
    baris[-1].batas_mb = 600
    _ubah_satu(repo)
    hasil = _jalan(repo, "build", "--no-pdf")
    _catat(baris, "build --no-pdf, one realisasi changed", hasil, 20, "≤ 20 s")
    if pdf:
        hasil = _jalan(repo, "build")
        _catat(baris, "build, every period's PDF, first time", hasil, 600, "≤ 600 s")


def ukur_gamping(baris: list[Baris], tmp: Path) -> None:
    """Build the bundled Gamping sample with its PDFs twice, in a clone of this repository."""
    sumber = Path(__file__).resolve().parents[1]
    klon = tmp / "gamping"
    subprocess.run(["git", "clone", "-q", str(sumber), str(klon)], check=True, env=ENV)
    hasil = _jalan(klon, "build")
    _catat(baris, "Gamping sample, build with PDFs, first", hasil, float("inf"), "(fills caches)")
    hasil = _jalan(klon, "build")
    _catat(baris, "Gamping sample, build with PDFs, again", hasil, 10, "≤ 10 s (as before)")


def cetak(baris: list[Baris], kepala: str) -> None:
    """Print the table as Markdown."""
    print(f"\n{kepala}\n")
    print("| operation | wall s | CPU s | peak MB | target | met (wall) | met (CPU) |")
    print("|---|---:|---:|---:|---|---|---|")
    for b in baris:
        print(
            f"| {b.operasi} | {b.detik:.2f} | {b.cpu:.2f} | {b.mb:.0f} | {b.target} "
            f"| {b.lulus(cpu=False)} | {b.lulus(cpu=True)} |"
        )


def main() -> None:
    """Run the benchmark and print its table."""
    ap = argumen(__doc__)
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--pdf", action="store_true", help="also build with every period's PDF")
    ap.add_argument(
        "--skip-build", action="store_true", help="measure validate/compute/history only"
    )
    ap.add_argument("--only-build", action="store_true", help="measure the site rows only")
    ap.add_argument("--gamping", action="store_true", help="also build the Gamping sample")
    ap.add_argument(
        "--rows", default="", help="measure only rows whose name contains one of these (a,b,...)"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.tree
        if repo is None:
            repo = Path(tmp) / "repo"
            ukuran = [str(args.units), str(args.indicators), str(args.years)]
            subprocess.run([sys.executable, str(GEN), str(repo), *ukuran], check=True)
            subprocess.run(
                [sys.executable, str(GEN_HISTORY), str(repo), str(args.commits)],
                check=True,
                env=ENV,
            )
        baris, lantai = ukur(
            Path(repo),
            pdf=args.pdf,
            build=not args.skip_build,
            hanya_build=args.only_build,
            baris_dipilih=tuple(b.strip() for b in args.rows.split(",") if b.strip()),
        )
        if args.gamping:
            ukur_gamping(baris, Path(tmp))
        cpu = len(os.sched_getaffinity(0))
        beban = os.getloadavg()[0]
        sendiri = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cetak(
            baris, f"{repo}: {cpu} CPUs, load average {beban:.1f}; {lantai}; bench {sendiri:.0f} MB"
        )


if __name__ == "__main__":
    main()
