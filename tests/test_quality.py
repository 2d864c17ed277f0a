"""The code passes its own linters: ruff (lint and format) and mypy --strict."""

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
