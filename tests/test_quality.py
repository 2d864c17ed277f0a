"""The code passes its own linters (ruff lint and format, mypy --strict) and keeps its
modules short."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _jalan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint() -> None:
    hasil = _jalan(str(BIN / "ruff"), "check", "capkin", "tests", "bench")
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


def test_ruff_format() -> None:
    hasil = _jalan(str(BIN / "ruff"), "format", "--check", "capkin", "tests", "bench")
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


def test_mypy_strict(tmp_path: Path) -> None:
    hasil = _jalan(str(BIN / "mypy"), "--cache-dir", str(tmp_path / "mypy"))
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


BATAS_BARIS = 500
"""Most lines a module of capkin/ may have: a longer one is split by what it holds."""


def test_no_module_is_over_500_lines() -> None:
    panjang = {
        p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in sorted((ROOT / "capkin").rglob("*.py"))
    }
    lebih = {m: n for m, n in panjang.items() if n > BATAS_BARIS}
    assert not lebih, f"split by what it holds (DEVELOPMENT.md, Names): {lebih}"
