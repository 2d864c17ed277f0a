"""Shared by the benchmarks: the command-line shape of a tree and making one."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

GEN = Path(__file__).resolve().parents[2] / "shared" / "bench" / "gen_scale.py"
"""The regency-sized tree generator shipped beside the project (../shared/bench)."""


def argumen(doc: str | None) -> argparse.ArgumentParser:
    """Return a parser with TREE and the generated tree's size (--units/--indicators/--years)."""
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("tree", nargs="?", type=Path)
    ap.add_argument("--units", type=int, default=60)
    ap.add_argument("--indicators", type=int, default=40)
    ap.add_argument("--years", type=int, default=5)
    return ap


def pohon(args: argparse.Namespace, tmp: Path, *, git: bool = False) -> Path:
    """Return the tree to measure: args.tree, or a generated one under tmp (committed if git)."""
    if args.tree is not None:
        return Path(args.tree)
    if not GEN.is_file():
        sys.exit(f"give a TREE, or put gen_scale.py at {GEN}")
    tree = tmp / "tree"
    ukuran = [str(args.units), str(args.indicators), str(args.years)]
    subprocess.run([sys.executable, str(GEN), str(tree), *ukuran], check=True)
    if git:
        perintah = ["git", "-C", str(tree), "-c", "user.name=bench", "-c", "user.email=b@x"]
        subprocess.run([*perintah, "init", "-q", "-b", "main"], check=True)
        subprocess.run([*perintah, "add", "data"], check=True)
        subprocess.run([*perintah, "commit", "-q", "-m", "data"], check=True)
    return tree
