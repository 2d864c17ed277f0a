"""Write a site's `api/v1/`: the index, one file per period and the JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

from capkin.rekap import api


def _tulis(path: Path, teks: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(teks, encoding="utf-8")


def tulis_api(docs: Path, indeks: api.Indeks, daftar: list[api.Periode]) -> None:
    """Write `api/v1/` under a site's docs folder."""
    folder = docs / api.FOLDER_API
    _tulis(folder / "index.json", indeks.model_dump_json(indent=1) + "\n")
    for d in daftar:
        _tulis(folder / api.jalur_periode(d.tahun, d.periode), d.model_dump_json(indent=1) + "\n")
    for jenis in api.SKEMA:
        _tulis(
            folder / "schema" / f"{jenis}.schema.json",
            json.dumps(api.skema(jenis), ensure_ascii=False, indent=2) + "\n",
        )
