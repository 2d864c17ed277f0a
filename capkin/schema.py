"""JSON Schemas of the data files, and editor settings that use them while staff type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from capkin.layout import GLOB_BERKAS
from capkin.models.file_kinds import JENIS_BERKAS
from capkin.yaml_writer import tulis_atomik

DRAFT = "https://json-schema.org/draft/2020-12/schema"

FOLDER_BAKU = ".vscode/schemas"
"""Where `capkin schema` writes the schemas, relative to the repo root."""

POLA_BERKAS: dict[str, list[str]] = {jenis: [glob] for jenis, glob in GLOB_BERKAS.items()}
"""Which data files each schema applies to (globs relative to the repo root)."""

JUDUL: dict[str, str] = {
    "instansi": "Instansi: kantor, unit dan pejabat",
    "sop": "SOP sebagai data",
    "perjanjian-kinerja": "Perjanjian Kinerja (target tahunan)",
    "realisasi": "Realisasi satu unit untuk satu triwulan",
    "siklus": "Siklus SOP satu triwulan",
    "anggaran": "Realisasi anggaran program sampai dengan satu triwulan",
}


DESKRIPSI: dict[str, str] = {
    "Agregasi": "Cara nilai triwulan digabung: kumulatif (dijumlah), terakhir, rata-rata.",
    "Polaritas": "naik: makin tinggi makin baik; turun: makin rendah makin baik; rentang: harus di antara min dan maks.",
    "Jenis": "angka, atau kategori (tingkatan pada skala).",
    "Periode": "Triwulan: TW1, TW2, TW3 atau TW4.",
    "RumusTurun": "selisih: (2T - R) / T x 100; rasio: T / R x 100.",
    "JenisSurat": "Jenis catatan surat-menyurat.",
    "Indikator": "Indikator kinerja beserta targetnya.",
    "Sasaran": "Sasaran strategis dan indikatornya.",
    "Rentang": "Target rentang: {min: ..., maks: ...}.",
    "TargetRenstra": "Target akhir Renstra.",
    "Batas": "Nilai realisasi yang masuk akal: {min: ..., maks: ...}; di luar batas: galat.",
    "Isian": "Indikator kumulatif: triwulan (jumlah triwulan itu saja) atau sd-triwulan (total sejak awal tahun).",
    "Program": "Program anggaran yang mendukung target: kode, pagu, anggaran kas, sasaran dan porsinya.",
    "MetodeEfisiensi": "indeks: capaian / serapan (>= 1 efisien); sisa: 1 - realisasi / pagu, bila capaian >= 100.",
    "EntriAnggaran": "Realisasi anggaran satu program sampai dengan triwulan ini (Rp).",
    "EntriRealisasi": "Realisasi satu indikator, dengan hambatan, strategi, tindak lanjut dan bukti dukung.",
    "LangkahSiklus": "Catatan satu langkah SOP: mulai, selesai dan pejabat yang menandatangani.",
    "Surat": "Catatan nota dinas, surat atau tanda terima.",
    "LangkahSop": "Satu langkah SOP dengan mutu bakunya.",
    "Unit": "Unit kerja (jawatan, subbagian).",
    "Pejabat": "Pejabat kantor.",
    "Pengaturan": "Pengaturan perhitungan capaian, standar waktu SOP dan zona waktu.",
    "BandPredikat": "Batas bawah satu predikat.",
    "PeranTambahan": "Peran tambahan di luar lima peran SOP.",
}
"""Indonesian descriptions shown by editors, by model name (docstrings are English)."""


def _ganti_deskripsi(node: dict[str, Any], nama: str) -> None:
    if nama in DESKRIPSI:
        node["description"] = DESKRIPSI[nama]
    else:
        node.pop("description", None)


def skema(jenis: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one data file kind."""
    model = JENIS_BERKAS[jenis]
    hasil: dict[str, Any] = {"$schema": DRAFT, "$id": f"capkin:{jenis}.schema.json"}
    hasil.update(model.model_json_schema(mode="validation"))
    for nama, definisi in hasil.get("$defs", {}).items():
        _ganti_deskripsi(definisi, nama)
    hasil["title"] = JUDUL[jenis]
    hasil["description"] = JUDUL[jenis] + " (format data capkin)."
    return hasil


def semua_skema() -> dict[str, dict[str, Any]]:
    """Return every data file kind's schema, by kind."""
    return {jenis: skema(jenis) for jenis in JENIS_BERKAS}


def tulis_skema(root: Path, folder: Path | None = None) -> list[Path]:
    """Write the schemas and merge the mapping into `.vscode/settings.json`; return files written."""
    folder = folder if folder is not None else root / FOLDER_BAKU
    ditulis: list[Path] = []
    pemetaan: dict[str, list[str]] = {}
    for jenis, isi in semua_skema().items():
        path = folder / f"{jenis}.schema.json"
        tulis_atomik(path, json.dumps(isi, ensure_ascii=False, indent=2) + "\n")
        ditulis.append(path)
        try:
            kunci = "./" + path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            kunci = path.resolve().as_uri()
        pemetaan[kunci] = POLA_BERKAS[jenis]
    settings_path = root / ".vscode" / "settings.json"
    settings: dict[str, Any] = {}
    if settings_path.is_file():
        try:
            lama = json.loads(settings_path.read_text(encoding="utf-8"))
            if isinstance(lama, dict):
                settings = lama
        except json.JSONDecodeError:
            settings = {}
    yaml_schemas = settings.get("yaml.schemas")
    if not isinstance(yaml_schemas, dict):
        yaml_schemas = {}
    yaml_schemas.update(pemetaan)
    settings["yaml.schemas"] = yaml_schemas
    settings.setdefault("yaml.customTags", [])
    settings.setdefault("files.associations", {"*.yml": "yaml"})
    tulis_atomik(settings_path, json.dumps(settings, ensure_ascii=False, indent=2) + "\n")
    ditulis.append(settings_path)
    return ditulis
