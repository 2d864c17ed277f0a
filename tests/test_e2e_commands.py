"""diff, codeowners and sign on the second office (its own roles and a four-step SOP)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_e2e_office import INSTANSI, commit, jalan, tulis_dinas


@pytest.fixture(scope="module")
def dinas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # kabid-ikp (a custom role heading bidang-ikp) and kasubbag-prog have GitHub handles
    teks = INSTANSI.replace(
        "unit: bidang-ikp, identitas_git: [hendra@kominfo.example]}",
        "unit: bidang-ikp, identitas_git: [hendra@kominfo.example], github: hendragun}",
    )
    assert "hendragun" in teks
    return tulis_dinas(tmp_path_factory.mktemp("perintah"), instansi=teks)


def test_diff_reports_new_realisasi_and_signoff(dinas: Path) -> None:
    r = jalan(dinas, "diff", "HEAD~5", "HEAD", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert {u["unit"] for u in d["laporan_unit"]} == {
        "bidang-ikp",
        "bidang-tik",
        "bidang-statistik",
        "sekretariat",
    }
    assert [(x["periode"], x["no"], x["oleh"]) for x in d["langkah"]] == [
        ("TW3", 1, "kasubbag-prog")
    ]


def test_diff_counts_the_units_indicators(dinas: Path) -> None:
    r = jalan(dinas, "diff", "HEAD~5", "HEAD", "--format", "json")
    tik = next(u for u in json.loads(r.output)["laporan_unit"] if u["unit"] == "bidang-tik")
    assert (tik["terisi"], tik["jumlah"]) == (1, 2)


def test_codeowners_message_for_headless_unit(dinas: Path) -> None:
    r = jalan(dinas, "codeowners")
    assert r.exit_code == 0, r.output
    teks = (dinas / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "instansi.yml belum punya handle" not in teks


def test_codeowners_custom_role_unit_head(dinas: Path) -> None:
    jalan(dinas, "codeowners")
    teks = (dinas / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/data/*/realisasi/*/bidang-ikp.yml @hendragun" in teks


def test_sign_follows_this_offices_sop(dinas: Path, tmp_path: Path) -> None:
    r = jalan(dinas, "sign", "--periode", "tw2", "--langkah", "3", "--oleh", "sekdin")
    assert r.exit_code == 1 and "langkah 2" in r.output  # steps in order
    r = jalan(dinas, "sign", "--periode", "tw2", "--langkah", "2", "--oleh", "kabid-ikp")
    assert r.exit_code == 1 and "kasubbag-program" in r.output  # role from sop.yml
    r = jalan(dinas, "sign", "--periode", "tw2", "--langkah", "5", "--oleh", "kadis")
    assert r.exit_code == 2 and "1, 2, 3, 4" in r.output  # this SOP has four steps


def test_change_after_approval_flagged_for_last_step_of_this_sop(tmp_path: Path) -> None:
    root = tulis_dinas(tmp_path / "repo")
    berkas = root / "data/2026/realisasi/TW1/bidang-ikp.yml"
    berkas.write_text(
        berkas.read_text(encoding="utf-8").replace("nilai: 77", "nilai: 79"), encoding="utf-8"
    )
    commit(root, "kabid-ikp", "Ubah TW1 setelah disetujui", "2026-05-04T09:00:00+07:00")
    r = jalan(root, "validate", "--strict")
    assert r.exit_code == 1, r.output
    assert "data/2026/realisasi/TW1/bidang-ikp.yml:" in r.output
