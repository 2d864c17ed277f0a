"""`capkin codeowners`: write `.github/CODEOWNERS` from `instansi.yml` (text in capkin.reviewers)."""

from __future__ import annotations

from pathlib import Path

from capkin.models.instansi_model import Instansi
from capkin.models.sop_model import Sop
from capkin.reviewers import BERKAS_CODEOWNERS, isi_codeowners
from capkin.yaml_writer import tulis_atomik


def tulis_codeowners(instansi: Instansi, root: Path, sop: Sop | None = None) -> Path:
    """Write `.github/CODEOWNERS` for an office under `root`; return its path."""
    path = root / BERKAS_CODEOWNERS
    tulis_atomik(path, isi_codeowners(instansi, sop))
    return path
