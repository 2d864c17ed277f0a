"""The kesimpulan in the report: paragraphs flow; an editor's line wraps are not kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import tulis_data_lengkap

from capkin.charts import PenggambarGrafik
from capkin.render.env import paragraf

SIKLUS = "data/2025/siklus/TW1.yml"


@pytest.mark.parametrize(
    ("teks", "harap"),
    [
        ("Dua dari lima\nindikator tercapai.\n", ["Dua dari lima indikator tercapai."]),
        ("Satu.\n\nDua\nbaris.\n", ["Satu.", "Dua baris."]),
        (
            "Hambatan:\n- dana terlambat\n- SDM kurang\n",
            ["Hambatan:\n- dana terlambat\n- SDM kurang"],
        ),
        ("  \n", []),
        (None, []),
    ],
)
def test_paragraf(teks: str | None, harap: list[str]) -> None:
    assert paragraf(teks) == harap


def test_report_kesimpulan_joins_wrapped_lines(tmp_path: Path) -> None:
    from capkin.render import Rencana, buat_env, kumpulkan, render_cetak
    from capkin.render.laporan import konteks_laporan
    from capkin.validation import muat_valid

    root = tulis_data_lengkap(tmp_path)
    path = root / SIKLUS
    teks = path.read_text(encoding="utf-8")
    assert "kesimpulan:" not in teks
    kesimpulan = (
        "kesimpulan: |\n  Dua dari lima indikator tercapai; capaian IKM\n"
        "  naik dari triwulan lalu.\n\n  Serapan anggaran masih rendah.\n"
    )
    path.write_text(teks + kesimpulan, encoding="utf-8")
    ds, _ = muat_valid(root)
    s = kumpulkan(ds, tanggal=date(2025, 5, 1))
    k = konteks_laporan(s, 2025, "TW1", False)
    html = render_cetak(buat_env(root), Rencana(s, set()), PenggambarGrafik(None), k, "")
    assert (
        '<p class="capkin-teks">Dua dari lima indikator tercapai; capaian IKM naik dari '
        "triwulan lalu.</p>" in html
    )
    assert '<p class="capkin-teks">Serapan anggaran masih rendah.</p>' in html
