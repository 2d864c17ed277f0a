"""Benchmark the register (`capkin history`) on a large synthetic git history.

Builds a data repo with git fast-import: a regency-sized tree (UNITS x IND indicators x
YEARS years x 4 quarters) in one commit, then COMMITS first-parent commits by many
authors that each change one realisasi value; every tenth one is a pull request merged
with a merge commit. Then it times, on the same repository:

- plain `git log --raw -z --first-parent -- data/` (the floor: git's own walk),
- a cold run of the register (no cache; the cache is written),
- a warm run (everything cached),
- a run after one more commit (only that commit is computed).

usage: python bench/history_bench.py [--repo PATH] [--commits 10000] [--units 60]
       [--indicators 40] [--years 5]
With --repo PATH and an existing repository there, that repository is measured as is.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from capkin.cachedir import folder_cache
from capkin.history import baca_riwayat

T0 = 1_735_689_600
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def pohon(units: int, indicators: int, years: int, rnd: random.Random) -> dict[str, bytes]:
    """Return a valid data tree as {path: contents}."""
    unit = [f"unit-{u:03d}" for u in range(units)]
    berkas: dict[str, str] = {}
    s = ["nama: Kabupaten Uji Skala", "unit:"]
    s += [f"  - id: {u}\n    nama: Unit Kerja {u[-3:]}" for u in unit]
    s += [
        "pejabat:",
        "  - id: panewu\n    nama: Pejabat Utama\n    peran: panewu\n"
        "    identitas_git: [panewu@uji.example]",
    ]
    s += [
        f"  - id: kepala-{u}\n    nama: Kepala {u}\n    peran: kepala-jawatan\n    unit: {u}\n"
        f"    identitas_git: [kepala-{u}@uji.example]"
        for u in unit
    ]
    berkas["data/instansi.yml"] = "\n".join(s) + "\n"
    berkas["data/sop.yml"] = "nomor: 08/SOP/2023\nnama: Uji\nlangkah:\n" + "".join(
        f"  - no: {n}\n    aktivitas: Langkah {n}\n    pelaksana: [panewu]\n    waktu_hari_kerja: 1\n"
        for n in range(1, 7)
    )
    for y in range(2026 - years, 2026):
        pk = [
            f"tahun: {y}",
            f"tanggal: {y}-02-03",
            "pihak_pertama: panewu",
            "pihak_kedua: Bupati",
            "sasaran:",
        ]
        for u in unit:
            pk += [f"  - id: ss-{u}", f"    uraian: Sasaran {u}", "    indikator:"]
            pk += [
                f"      - id: {u}-ik{i:02d}\n        uraian: Indikator {i}\n        target: 100\n"
                f"        penanggung_jawab: {u}"
                for i in range(indicators)
            ]
        berkas[f"data/{y}/perjanjian-kinerja.yml"] = "\n".join(pk) + "\n"
        for q in range(1, 5):
            for u in unit:
                r = [
                    f"periode: TW{q}",
                    f"unit: {u}",
                    f"disampaikan_oleh: kepala-{u}",
                    f"tanggal: {y}-{3 * q:02d}-28",
                    "realisasi:",
                ]
                r += [
                    f"  - indikator: {u}-ik{i:02d}\n    nilai: {rnd.uniform(60, 110):.1f}\n"
                    f"    hambatan: Hambatan contoh {i}"
                    for i in range(indicators)
                ]
                berkas[f"data/{y}/realisasi/TW{q}/{u}.yml"] = "\n".join(r) + "\n"
    return {k: v.encode() for k, v in berkas.items()}


def bangun(repo: Path, commits: int, units: int, indicators: int, years: int) -> None:
    """Write the synthetic history into a new repository with git fast-import."""
    rnd = random.Random(11)  # noqa: S311 - reproducible test data, not secrets
    isi = pohon(units, indicators, years, rnd)
    realisasi = sorted(k for k in isi if "/realisasi/" in k)
    penulis = [f"kepala-unit-{i:03d}@uji.example" for i in range(min(units, 20))]
    penulis += ["panewu@uji.example", "staf-luar@uji.example"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=ENV)
    proses = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE, env=ENV
    )
    assert proses.stdin is not None
    tulis = proses.stdin.write

    def commit(
        ref: str, mark: int, n: int, siapa: str, pesan: str, ubah: list[str], induk: list[int]
    ) -> None:
        nama = siapa.split("@")[0]
        tulis(f"commit {ref}\nmark :{mark}\n".encode())
        for peran in ("author", "committer"):
            tulis(f"{peran} {nama} <{siapa}> {T0 + n * 600} +0700\n".encode())
        tulis(b"data %d\n%s\n" % (len(pesan.encode()), pesan.encode()))
        for i, m in enumerate(induk):
            tulis(f"{'from' if i == 0 else 'merge'} :{m}\n".encode())
        for path in ubah:
            tulis(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(isi[path]), isi[path]))

    def ubah_nilai() -> str:
        path = rnd.choice(realisasi)
        baris = isi[path].split(b"\n")
        i = rnd.choice([i for i, b in enumerate(baris) if b.startswith(b"    nilai: ")])
        baris[i] = b"    nilai: %.1f" % rnd.uniform(60, 110)
        isi[path] = b"\n".join(baris)
        return path

    commit("refs/heads/main", 1, 0, penulis[-2], "Data awal", sorted(isi), [])
    utama, mark = 1, 1
    for n in range(1, commits):
        siapa = rnd.choice(penulis)
        if n % 10 == 0:  # a pull request: one branch commit, merged by the panewu
            path = ubah_nilai()
            mark += 1
            commit("refs/heads/pr", mark, n, siapa, f"Perbarui {path}", [path], [utama])
            mark += 1
            commit(
                "refs/heads/main",
                mark,
                n,
                penulis[-2],
                f"Merge pull request #{n // 10} from unit/pr-{n}",
                [path],
                [utama, mark - 1],
            )
        else:
            path = ubah_nilai()
            mark += 1
            commit("refs/heads/main", mark, n, siapa, f"Perbarui realisasi {path}", [path], [utama])
        utama = mark
    proses.stdin.close()
    if proses.wait() != 0:
        sys.exit("git fast-import gagal")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True, env=ENV)


def ukur(nama: str, fungsi: Callable[[], object]) -> tuple[float, object]:
    """Time one call; print wall-clock and CPU time (this process and its git children)."""

    def cpu() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    mulai, cpu_mulai = time.perf_counter(), cpu()
    hasil = fungsi()
    detik = time.perf_counter() - mulai
    print(f"{nama:<44} {detik:8.2f} s wall {cpu() - cpu_mulai:8.2f} s cpu", flush=True)
    return detik, hasil


def main() -> None:
    """Build or open the repository and print the timings."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--repo", type=Path, help="repository to measure (built there when absent)")
    p.add_argument("--commits", type=int, default=10_000)
    p.add_argument("--units", type=int, default=60)
    p.add_argument("--indicators", type=int, default=40)
    p.add_argument("--years", type=int, default=5)
    a = p.parse_args()
    sementara = None
    repo = a.repo
    if repo is None:
        sementara = Path(tempfile.mkdtemp(prefix="capkin-history-bench-"))
        repo = sementara / "repo"
    os.environ.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    try:
        if not (repo / ".git").exists():
            ukur(
                f"build {a.commits} commits (fast-import)",
                lambda: bangun(repo, a.commits, a.units, a.indicators, a.years),
            )
        jumlah = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
        ).stdout.strip()
        print(f"repository: {repo} ({jumlah} commits)")
        ukur(
            "git log --raw -z --first-parent -- data/",
            lambda: subprocess.run(
                ["git", "log", "--raw", "-z", "--first-parent", "--", "data/"],
                cwd=repo,
                capture_output=True,
                check=True,
                env=ENV,
            ),
        )
        shutil.rmtree(folder_cache(repo), ignore_errors=True)
        _, dingin = ukur("cold run (no cache; cache written)", lambda: baca_riwayat(repo))
        _, hangat = ukur("warm run (all cached)", lambda: baca_riwayat(repo))
        assert dingin == hangat, "the cached register differs from the cold one"
        # a comment: one more entry, and instansi (the author mapping) stays as it was
        path = repo / "data" / "sop.yml"
        path.write_text(
            path.read_text(encoding="utf-8") + f"# {time.time_ns()}\n", encoding="utf-8"
        )
        subprocess.run(
            ["git", "commit", "-qam", "Catatan di sop.yml"],
            cwd=repo,
            check=True,
            env={
                **ENV,
                "GIT_AUTHOR_NAME": "Uji",
                "GIT_AUTHOR_EMAIL": "uji@uji.example",
                "GIT_COMMITTER_NAME": "Uji",
                "GIT_COMMITTER_EMAIL": "uji@uji.example",
            },
        )
        _, baru = ukur("after one new commit", lambda: baca_riwayat(repo))
        assert isinstance(baru, list) and isinstance(dingin, list) and baru[1:] == dingin
        print(f"entries: {len(dingin)}; changes: {sum(len(e.perubahan) for e in dingin)}")
    finally:
        if sementara is not None:
            shutil.rmtree(sementara, ignore_errors=True)


if __name__ == "__main__":
    main()
