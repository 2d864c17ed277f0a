"""Charts: the y axis reaches the highest bar, and capaian charts show a 100 % line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from capkin.charts import SpekGrafik, gambar_svg, grafik_seri, skala_y


@pytest.mark.parametrize(
    ("nilai", "acuan", "dari_nol"),
    [
        ([85.5, 98.0, 72.0], 100.0, True),  # issue 13: the axis stopped at 90
        ([120.3, 60.0], 100.0, True),
        ([3.2, 2.5], None, False),
        ([-5.0, 8420.0], None, True),
        ([0.0], None, True),
        ([7.0, 7.0], None, False),
    ],
)
def test_axis_covers_every_value_and_the_reference(
    nilai: list[float], acuan: float | None, dari_nol: bool
) -> None:
    ticks = skala_y(nilai, acuan, dari_nol)
    assert ticks == sorted(ticks) and len(ticks) >= 2
    assert ticks[0] <= min(nilai) and ticks[-1] >= max(nilai)
    if acuan is not None:
        assert acuan in ticks
    if dari_nol:
        assert ticks[0] <= 0


def test_capaian_bars_reach_the_top_bar_and_draw_a_100_line() -> None:
    spek = grafik_seri(
        "Capaian per sasaran",
        "Diagram batang capaian",
        ["ss1", "ss2", "ss3"],
        {"Capaian (%)": [85.5, 98.0, 72.0]},
        "Capaian (%)",
        jenis="batang",
        acuan=100,
    )
    assert spek is not None
    svg = gambar_svg(spek)
    label = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "100" in label and "90" not in label
    # the 100 line is pygal's one major guide, drawn solid in red
    assert svg.count('class="major guide line"') == 1


def test_a_chart_is_drawn_to_the_same_bytes_every_time() -> None:
    """No random id (pygal's own) and no script: a site's SVG depends on its data alone."""
    spek = grafik_seri("Capaian", "Garis", ["TW1", "TW2"], {"Realisasi": [1.0, 2.0]}, "x")
    assert spek is not None
    svg = gambar_svg(spek)
    assert svg == gambar_svg(spek)
    assert "<script" not in svg and "chart-" not in svg
    assert "#b71c1c" in svg


def _banyak(jumlah: int, naik: float) -> list[SpekGrafik | None]:
    """Return `jumlah` small line charts."""
    return [
        grafik_seri(f"Indikator {n}", "Garis", ["TW1", "TW2"], {"Realisasi": [n, n + naik]}, "x")
        for n in range(jumlah)
    ]


def test_many_charts_are_drawn_in_parallel_processes_as_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from capkin import charts

    spek = _banyak(6, 1.5)
    monkeypatch.setattr(charts, "PARALEL_MULAI", 2)  # a regency's thousands, in small
    gambar = charts.PenggambarGrafik(None)
    gambar.siapkan(s for s in spek if s is not None)
    for s in spek:
        assert s is not None
        assert gambar.svg(s) == gambar_svg(s)


def test_charts_drawn_in_the_background_are_there_when_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from capkin import charts

    spek = _banyak(8, 2.5)
    monkeypatch.setattr(charts, "PARALEL_MULAI", 2)
    monkeypatch.setattr(charts, "POTONGAN", 2)
    gambar = charts.PenggambarGrafik(None)
    gambar.mulai(s for s in spek[:6] if s is not None)
    # one still being drawn is waited for; one drawn meanwhile is drawn here
    for s in (spek[5], spek[7], spek[0]):
        assert s is not None
        assert gambar.svg(s) == gambar_svg(s)
    gambar.selesai()
    for s in spek:
        assert s is not None
        assert gambar.svg(s) == gambar_svg(s)


def test_charts_for_files_are_written_as_drawn_and_again_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from capkin import charts

    spek = [s for s in _banyak(7, 0.5) if s is not None]
    monkeypatch.setattr(charts, "PARALEL_MULAI", 2)
    monkeypatch.setattr(charts, "POTONGAN", 2)
    cache = tmp_path / "cache"
    tulisan: list[dict[str, str]] = []
    for putaran in ("baru", "dari-cache"):
        out = tmp_path / putaran
        gambar = charts.PenggambarGrafik(cache)
        gambar.svg(spek[0])  # one drawn already for a page that shows it
        # the same chart twice goes to both of its files
        gambar.ke_berkas(
            [(s, out / f"g{n}.svg") for n, s in enumerate(spek)]
            + [(spek[3], out / "sub" / "lagi.svg")]
        )
        gambar.terima_selesai()
        gambar.selesai()
        teks = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.svg")}
        assert len(teks) == len(spek) + 1
        assert teks["sub/lagi.svg"] == teks["g3.svg"]
        for n, s in enumerate(spek):
            assert teks[f"g{n}.svg"] == gambar_svg(s)
        tulisan.append(teks)
    assert tulisan[0] == tulisan[1]  # the second build copies what the first one drew
