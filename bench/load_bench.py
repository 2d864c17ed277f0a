"""Benchmark: load and validate a regency-sized data tree (not a test).

usage: python bench/load_bench.py [TREE] [--units 60 --indicators 40 --years 5]

Without TREE, a tree is generated in a temporary folder with the same shape as
../shared/bench/gen_scale.py (60 units x 40 indicators x 5 years x 4 quarters by default).
Prints wall time and peak memory of each stage. Target on a 2-core machine: the whole
`validate` under 10 s and under 1 GB.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from pohon import argumen, pohon

from capkin.dataset import muat_dataset
from capkin.validation import periksa_dataset


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the benchmark and print its numbers."""
    args = argumen(__doc__).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = pohon(args, Path(tmp))
        files = sum(1 for _ in (tree / "data").rglob("*.yml"))
        t0 = time.perf_counter()
        ds, masalah = muat_dataset(tree)
        t1 = time.perf_counter()
        masalah += periksa_dataset(ds)
        t2 = time.perf_counter()
        print(f"files: {files}, problems: {len(masalah)}")
        print(f"load (strict YAML + models): {t1 - t0:6.2f} s")
        print(f"cross-file checks:           {t2 - t1:6.2f} s")
        print(f"total validate:              {t2 - t0:6.2f} s, peak RSS {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
