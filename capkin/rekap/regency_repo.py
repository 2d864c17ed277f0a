"""`capkin rekap init`: a ready roll-up repository for a regency, committed on branch main."""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

from capkin.errors import UsageError
from capkin.rekap.config import BERKAS, skema_rekap
from capkin.scaffold import PASANG_CAPKIN, teks_templat
from capkin.scaffold.office_repo import commit_pertama, persyaratan, sumber_capkin
from capkin.scaffold.realisasi_file import skalar
from capkin.yaml_writer import tulis_atomik

SKEMA_EDITOR = ".vscode/schemas/rekap.schema.json"
ALUR_REKAP = ".github/workflows/publish.yml"


def isi_rekap(nama: str, induk: str | None) -> dict[str, str]:
    """Return every text file of a new roll-up repository, by repo-relative path."""
    nilai = {"nama": skalar(nama), "induk": skalar(induk) if induk else "null"}
    return {
        BERKAS: Template(teks_templat("rekap/rekap.yml")).substitute(nilai),
        "mkdocs.yml": Template(teks_templat("rekap/mkdocs.yml")).substitute(nilai),
        ".gitignore": teks_templat("gitignore"),
        "requirements.txt": persyaratan(sumber_capkin()),
        ALUR_REKAP: teks_templat("rekap/publish.yml").replace(
            PASANG_CAPKIN, "pip install -r requirements.txt"
        ),
        SKEMA_EDITOR: json.dumps(skema_rekap(), ensure_ascii=False, indent=2) + "\n",
        ".vscode/settings.json": json.dumps(
            {"yaml.schemas": {f"./{SKEMA_EDITOR}": [BERKAS]}}, indent=2
        )
        + "\n",
        "README.md": f"# {nama}\n\nRekap capaian kinerja kantor-kantor, dibangun oleh "
        "`capkin rekap build` dari situs setiap kantor. Daftar kantor ada di `rekap.yml`; "
        "lihat bagian *Rekap kabupaten* di PANDUAN capkin.\n",
    }


def buat_rekap(root: Path, nama: str, induk: str | None = None) -> tuple[list[str], str]:
    """Write a new roll-up repository into an empty or new folder and commit it."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(f"folder {root} sudah ada dan tidak kosong; pilih folder baru")
    isi = isi_rekap(nama, induk)
    for jalur, teks in isi.items():
        tulis_atomik(root / jalur, teks)
    commit, _ = commit_pertama(root, f"Mulai rekap capaian kinerja: {nama}")
    return sorted(isi), commit
