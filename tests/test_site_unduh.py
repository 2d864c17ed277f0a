"""Downloads: a period's workbook is made once per content and reused from the cache."""

from __future__ import annotations

from pathlib import Path

from factories import tulis_data_capaian
from openpyxl import load_workbook

from capkin.achievement import hitung
from capkin.cachedir import tulis_entri
from capkin.site.downloads import tulis_xlsx
from capkin.validation import muat_valid


def _nilai(path: Path) -> list[tuple[object, ...]]:
    return [tuple(r) for r in load_workbook(path).active.iter_rows(values_only=True)]


def test_workbook_is_reused_for_the_same_rows_only(tmp_path: Path) -> None:
    ds, _ = muat_valid(tulis_data_capaian(tmp_path / "repo"))
    cache = tmp_path / "cache"
    tw1, tw2 = hitung(ds, 2025, "TW1"), hitung(ds, 2025, "TW2")
    tulis_xlsx(tw1, tmp_path / "a.xlsx", cache)
    (simpanan,) = cache.iterdir()
    tulis_xlsx(tw1, tmp_path / "b.xlsx")  # no cache: made afresh
    assert _nilai(tmp_path / "a.xlsx") == _nilai(tmp_path / "b.xlsx")
    tulis_entri(cache, simpanan.name, (tmp_path / "a.xlsx").read_bytes() + b"tanda")
    tulis_xlsx(tw1, tmp_path / "c.xlsx", cache)
    assert (tmp_path / "c.xlsx").read_bytes().endswith(b"tanda")  # reused
    tulis_xlsx(tw2, tmp_path / "d.xlsx", cache)  # other rows: another workbook
    assert _nilai(tmp_path / "d.xlsx") != _nilai(tmp_path / "a.xlsx")
    assert len(list(cache.iterdir())) == 2
