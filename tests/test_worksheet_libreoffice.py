"""Worksheets saved by LibreOffice Calc still import (a real `soffice --convert-to` round trip)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from factories import tulis_data_lengkap
from test_worksheet import SOSIAL, _buat, _capkin, _isi

pytestmark = pytest.mark.slow


def _simpan_dengan_libreoffice(sumber: Path, tmp_path: Path) -> Path:
    """Open and save a workbook with LibreOffice Calc, headless, with a throwaway profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail(
            "soffice not found: install LibreOffice Calc "
            "(Debian: apt-get install -y libreoffice-calc-nogui) to run the worksheet round trip"
        )
    keluar = tmp_path / "lo-keluar"
    rumah = tmp_path / "lo-rumah"
    rumah.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(rumah)}
    proses = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo-profil').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(keluar),
            str(sumber),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    hasil = keluar / sumber.name
    assert hasil.is_file(), (
        f"soffice failed ({proses.returncode}):\n{proses.stdout}\n{proses.stderr}"
    )
    return hasil


def test_isian_yang_disimpan_libreoffice_terimpor(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path / "repo")
    isi = _isi(
        _buat(root, "TW2"),
        {
            "E17": "92,5",
            "F17": "Pencairan terlambat\nrevisi DPA",
            "I17": "bukti/ikm.txt; https://sleman.go.id/dpa.pdf",
            "E18": "=10+8",
            "E19": "bb",
        },
    )
    lo = _simpan_dengan_libreoffice(isi, tmp_path)
    hasil = _capkin(root, "import", str(lo), "--tanggal", "2025-07-10")
    assert hasil.exit_code == 0, hasil.output
    assert f"{lo}!Kertas Kerja!E17: '92,5' dibaca sebagai 92.5" in hasil.output
    assert f"{lo}!Kertas Kerja!E18: berisi rumus; dipakai hasil tersimpannya 18" in hasil.output
    data = yaml.safe_load((root / "data/2025/realisasi/TW2/jawatan-sosial.yml").read_text())
    # the new file is the `new realisasi` template: keys left empty stay, empty
    terisi = [{k: v for k, v in e.items() if v not in (None, [])} for e in data["realisasi"]]
    assert terisi == [
        {
            "indikator": "ik-serapan",
            "nilai": 92.5,
            "hambatan": "Pencairan terlambat\nrevisi DPA",
            "bukti": ["bukti/ikm.txt", "https://sleman.go.id/dpa.pdf"],
        },
        {"indikator": "ik-kegiatan", "nilai": 18},
        {"indikator": "ik-sakip", "nilai": "BB"},
    ]


def test_kertas_kerja_terisi_yang_disimpan_libreoffice_tidak_mengubah_apa_pun(
    tmp_path: Path,
) -> None:
    root = tulis_data_lengkap(tmp_path / "repo")
    lo = _simpan_dengan_libreoffice(_buat(root, "TW1"), tmp_path)
    sebelum = (root / SOSIAL).read_bytes()
    hasil = _capkin(root, "import", str(lo))
    assert hasil.exit_code == 0, hasil.output
    assert "0 nilai baru, 0 diubah, 3 sama" in hasil.output
    assert (root / SOSIAL).read_bytes() == sebelum
