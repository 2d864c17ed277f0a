"""SVG charts made at build time (Vega-Lite through vl-convert): text stays text.

Charts are described first (`SpekGrafik`), then drawn together in a few threads; each
drawing is cached on disk by the hash of its description, so a rebuild redraws only the
charts whose data changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

LEBAR = 560
TINGGI = 220
WARNA = ["#1f5fa8", "#c2571a", "#2e7d32", "#6a3d9a"]
_UTAS = 4
_LOKAL_ID = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["Rp", ""],
}


@dataclass(frozen=True)
class Titik:
    """One value of a series at a label of the x axis."""

    label: str
    seri: str
    nilai: float


@dataclass(frozen=True)
class SpekGrafik:
    """A chart to draw: its points, axis titles and its text alternative."""

    judul: str
    deskripsi: str
    titik: tuple[Titik, ...]
    urutan: tuple[str, ...]
    sumbu_y: str
    jenis: str = "garis"  # "garis" (lines with points) or "batang" (bars)

    def vega_lite(self) -> dict[str, Any]:
        """Return the Vega-Lite specification of the chart."""
        seri = list(dict.fromkeys(t.seri for t in self.titik))
        tanda: dict[str, Any] = (
            {"type": "line", "point": True, "strokeWidth": 2}
            if self.jenis == "garis"
            else {"type": "bar"}
        )
        encoding: dict[str, Any] = {
            "x": {
                "field": "label",
                "type": "ordinal",
                "sort": list(self.urutan),
                "title": None,
                "axis": {"labelAngle": -40 if len(self.urutan) > 6 else 0, "labelLimit": 160},
            },
            "y": {"field": "nilai", "type": "quantitative", "title": self.sumbu_y},
            "color": {
                "field": "seri",
                "type": "nominal",
                "title": None,
                "sort": seri,
                "scale": {"domain": seri, "range": WARNA[: len(seri)] or WARNA[:1]},
                "legend": {"orient": "bottom"},
            },
        }
        if self.jenis == "batang":
            encoding["xOffset"] = {"field": "seri", "sort": seri}
        return {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "width": LEBAR,
            "height": TINGGI,
            "background": "white",
            "config": {"font": "sans-serif", "view": {"stroke": "#ccc"}},
            "data": {"values": [t.__dict__ for t in self.titik]},
            "mark": tanda,
            "encoding": encoding,
        }

    @property
    def kunci(self) -> str:
        """Return the hash that names this chart's cached drawing."""
        isi = json.dumps(self.vega_lite(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(isi.encode()).hexdigest()[:32]


def _gambar(spek: dict[str, Any]) -> str:
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spek, format_locale=_LOKAL_ID)
    return svg


def _rapikan(svg: str, spek: SpekGrafik) -> str:
    """Make the SVG one accessible image: a role, a label, a title and a description."""
    svg = svg.replace("\n", " ")
    # inner marks describe themselves for screen readers; the figure's label replaces them
    svg = re.sub(r' (?:role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    label = escape(spek.judul)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" focusable="false" ',
        1,
    )
    kepala = f"<title>{label}</title><desc>{escape(spek.deskripsi)}</desc>"
    return re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + kepala, svg, count=1)


class PenggambarGrafik:
    """Draws charts in a few threads, with an on-disk cache keyed by their description."""

    def __init__(self, cache: Path | None = None, utas: int = _UTAS) -> None:
        self.cache = cache
        self.utas = utas
        self._svg: dict[str, str] = {}

    def _dari_cache(self, kunci: str) -> str | None:
        if self.cache is None:
            return None
        path = self.cache / f"{kunci}.svg"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def siapkan(self, daftar: Iterable[SpekGrafik]) -> None:
        """Draw every chart not drawn yet (from the cache where possible)."""
        perlu: dict[str, SpekGrafik] = {}
        for spek in daftar:
            kunci = spek.kunci
            if kunci in self._svg or kunci in perlu:
                continue
            ada = self._dari_cache(kunci)
            if ada is not None:
                self._svg[kunci] = ada
            else:
                perlu[kunci] = spek
        if not perlu:
            return
        with ThreadPoolExecutor(self.utas) as kolam:
            hasil = kolam.map(_gambar, [s.vega_lite() for s in perlu.values()])
            for (kunci, spek), svg in zip(perlu.items(), hasil, strict=True):
                svg = _rapikan(svg, spek)
                self._svg[kunci] = svg
                if self.cache is not None:
                    self.cache.mkdir(parents=True, exist_ok=True)
                    (self.cache / f"{kunci}.svg").write_text(svg, encoding="utf-8")

    def svg(self, spek: SpekGrafik) -> Markup:
        """Return a chart's SVG (drawing it now if `siapkan` did not)."""
        kunci = spek.kunci
        if kunci not in self._svg:
            self.siapkan([spek])
        return Markup(self._svg[kunci])  # noqa: S704 - our own SVG; data text was escaped by Vega


def grafik_seri(
    judul: str,
    deskripsi: str,
    label: Sequence[str],
    seri: Mapping[str, Sequence[float | None]],
    sumbu_y: str,
    jenis: str = "garis",
) -> SpekGrafik | None:
    """Describe a chart of several series over labels; None when there is nothing to draw."""
    titik = tuple(
        Titik(lb, nama, float(v))
        for nama, nilai in seri.items()
        for lb, v in zip(label, nilai, strict=True)
        if v is not None
    )
    if not titik:
        return None
    return SpekGrafik(judul, deskripsi, titik, tuple(label), sumbu_y, jenis)
