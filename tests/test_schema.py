"""`capkin schema`: JSON Schemas that accept every valid file and the editor mapping."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from factories import capkin, tulis_data_lengkap

from capkin.layout import kenali_berkas
from capkin.schema import POLA_BERKAS
from capkin.yamlio import baca_berkas

REPO_ASAL = Path(__file__).resolve().parent.parent


def _skema_untuk(berkas: str, folder: Path) -> dict[str, Any]:
    for jenis, pola in POLA_BERKAS.items():
        if any(fnmatch.fnmatch(berkas, p) for p in pola):
            skema: dict[str, Any] = json.loads(
                (folder / f"{jenis}.schema.json").read_text(encoding="utf-8")
            )
            return skema
    raise AssertionError(f"no schema maps {berkas}")


@pytest.fixture
def tertulis(tmp_path: Path) -> Path:
    root = tulis_data_lengkap(tmp_path)
    hasil = capkin(root, "schema")
    assert hasil.exit_code == 0, hasil.output
    return root


def test_schemas_are_draft_2020_12(tertulis: Path) -> None:
    folder = tertulis / ".vscode/schemas"
    for jenis in POLA_BERKAS:
        isi = json.loads((folder / f"{jenis}.schema.json").read_text(encoding="utf-8"))
        assert isi["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(isi)


def test_vscode_settings_map_data_globs(tertulis: Path) -> None:
    settings = json.loads((tertulis / ".vscode/settings.json").read_text(encoding="utf-8"))
    peta = settings["yaml.schemas"]
    assert peta["./.vscode/schemas/realisasi.schema.json"] == ["data/*/realisasi/*/*.yml"]
    assert set(peta) == {f"./.vscode/schemas/{j}.schema.json" for j in POLA_BERKAS}


def test_existing_settings_are_kept(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path)
    (root / ".vscode").mkdir()
    (root / ".vscode/settings.json").write_text('{"editor.tabSize": 2}', encoding="utf-8")
    capkin(root, "schema")
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["editor.tabSize"] == 2
    assert "yaml.schemas" in settings


def _semua_berkas(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*.yml"))


def test_every_valid_file_validates_against_its_schema(tertulis: Path) -> None:
    folder = tertulis / ".vscode/schemas"
    berkas_uji = _semua_berkas(tertulis)
    # every kind of file the test tree holds is checked: the loop does not run over nothing
    jenis = {letak.jenis for b in berkas_uji if (letak := kenali_berkas(b)) is not None}
    assert jenis == {"instansi", "sop", "perjanjian-kinerja", "realisasi", "siklus"}
    for berkas in berkas_uji:
        data = baca_berkas(tertulis / berkas, berkas).data
        jsonschema.validate(data, _skema_untuk(berkas, folder))


def test_every_sample_file_validates_against_its_schema() -> None:
    berkas_contoh = _semua_berkas(REPO_ASAL)
    assert berkas_contoh, "the repo ships sample data in data/"
    for berkas in berkas_contoh:
        data = baca_berkas(REPO_ASAL / berkas, berkas).data
        jsonschema.validate(data, _skema_untuk(berkas, REPO_ASAL / ".vscode/schemas"))


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    """The repo's own .vscode/schemas must equal what `capkin schema` writes now."""
    from capkin.schema import semua_skema

    for jenis, isi in semua_skema().items():
        path = REPO_ASAL / ".vscode/schemas" / f"{jenis}.schema.json"
        assert json.loads(path.read_text(encoding="utf-8")) == isi, (
            f"{path} is stale: run `capkin schema` and commit the result"
        )


def test_schema_rejects_what_validate_rejects(tertulis: Path) -> None:
    skema = _skema_untuk("data/2025/realisasi/TW1/x.yml", tertulis / ".vscode/schemas")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"periode": "TW5", "unit": "x", "disampaikan_oleh": "y", "tanggal": "2025-01-01"}, skema
        )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {
                "periode": "TW1",
                "unit": "x",
                "disampaikan_oleh": "y",
                "tanggal": "2025-01-01",
                "warna": 1,
            },
            skema,
        )
