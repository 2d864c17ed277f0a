"""SVG charts made at build time with pygal: text stays text, nothing loads from elsewhere.

Charts are described first (`SpekGrafik`), then drawn; each drawing is cached on disk by
the hash of its description, so a rebuild redraws only the charts whose data changed.
pygal draws a chart in ~10 ms (Vega-Lite through vl-convert took 55–80 ms: minutes for
the 2,400 indicator pages of a regency).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from capkin.achievement import format_nilai
from capkin.cachedir import baca_entri, tulis_entri

LEBAR = 640
TINGGI = 300
WARNA = ("#1f5fa8", "#c2571a", "#2e7d32", "#6a3d9a")
_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters: not allowed in XML, so not in a standalone SVG."""
_VERSI = "4"
"""Part of every cache key: change it when the drawing code changes."""


class Titik(NamedTuple):
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
    acuan: float | None = None
    """A reference value drawn as a solid line (100 for capaian in %), always on the axis."""

    @cached_property
    def kunci(self) -> str:
        """Return the hash that names this chart's cached drawing (a build asks for it several
        times per chart: made once)."""
        # the fields as they are: json writes a tuple (of points) as asdict's copy would
        medan = {f.name: getattr(self, f.name) for f in fields(self)}
        isi = _VERSI + json.dumps(medan, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(isi.encode()).hexdigest()[:32]

    def seri(self) -> dict[str, list[float | None]]:
        """Return each series' values in the order of the x axis (None where missing)."""
        hasil: dict[str, list[float | None]] = {}
        posisi = {lb: n for n, lb in enumerate(self.urutan)}
        for t in self.titik:
            hasil.setdefault(t.seri, [None] * len(self.urutan))[posisi[t.label]] = t.nilai
        return hasil


def _format(x: Any) -> str:
    return format_nilai(x) if isinstance(x, int | float) else str(x)


def _langkah_rapi(rentang: float) -> float:
    """Return a round step (1, 2, 2.5 or 5 times a power of ten) giving about five ticks."""
    kasar = rentang / 5 if rentang > 0 else 1.0
    pangkat = 10.0 ** math.floor(math.log10(kasar))
    return next(float(k * pangkat) for k in (1, 2, 2.5, 5, 10) if k * pangkat >= kasar)


def skala_y(nilai: Sequence[float], acuan: float | None, dari_nol: bool) -> list[float]:
    """Return the y axis ticks: from below the lowest value to at or above the highest.

    pygal's own ticks can stop below the highest bar (90 for a bar of 98); these always
    reach it, and include the reference value.
    """
    semua = [*nilai, *([acuan] if acuan is not None else [])]
    bawah, atas = min(semua), max(semua)
    if dari_nol:
        bawah, atas = min(bawah, 0.0), max(atas, 0.0)
    langkah = _langkah_rapi(atas - bawah)
    awal = math.floor(bawah / langkah) * langkah
    akhir = math.ceil(atas / langkah) * langkah
    if akhir == awal:
        akhir = awal + langkah
    jumlah = round((akhir - awal) / langkah)
    ticks = [round(awal + n * langkah, 10) for n in range(jumlah + 1)]
    if acuan is not None and acuan not in ticks:
        ticks = sorted({*ticks, acuan})
    return ticks


_KELAS: dict[str, type] = {}


def _kelas(jenis: str) -> Any:
    """Return pygal's Line or Bar chart class with a faster attribute lookup.

    pygal's charts look every attribute up in their render state first, through a
    `__getattribute__` that calls itself twice per lookup (a third of a chart's time); the
    subclass does the same lookup in one call. It keeps pygal's class name, which the SVG shows.
    """
    if jenis not in _KELAS:
        import pygal

        induk = pygal.Line if jenis == "garis" else pygal.Bar

        def __getattribute__(self: Any, nama: str) -> Any:
            if nama.startswith("__") or nama == "state":
                return object.__getattribute__(self, nama)
            try:
                keadaan = object.__getattribute__(self, "state")
            except AttributeError:  # before pygal's __init__ sets it
                keadaan = None
            if keadaan is None or nama not in keadaan.__dict__:
                return object.__getattribute__(self, nama)
            return getattr(keadaan, nama)

        _KELAS[jenis] = type(induk.__name__, (induk,), {"__getattribute__": __getattribute__})
    return _KELAS[jenis]


def _gambar(spek: SpekGrafik) -> str:
    from pygal.style import Style

    gaya = Style(
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#000",
        foreground_subtle="#bbb",
        colors=WARNA,
        font_family="sans-serif",
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        title_font_size=14,
        major_guide_stroke_color="#b71c1c",
        major_guide_stroke_dasharray="6,0",
    )
    seri = spek.seri()
    ticks = skala_y([t.nilai for t in spek.titik], spek.acuan, spek.jenis == "batang")
    kelas = _kelas(spek.jenis)
    grafik = kelas(
        width=LEBAR,
        height=TINGGI,
        style=gaya,
        js=[],  # the default loads pygal.js from a CDN
        disable_xml_declaration=True,
        show_legend=len(seri) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(seri),
        x_label_rotation=30 if len(spek.urutan) > 6 else 0,
        truncate_label=-1,
        truncate_legend=-1,
        y_title=spek.sumbu_y,
        value_formatter=_format,
        allow_interruptions=True,
        dots_size=3,
        include_x_axis=spek.jenis == "batang",
        range=(ticks[0], ticks[-1]),
        y_labels=ticks,
        y_labels_major=[spek.acuan] if spek.acuan is not None else [],
        show_minor_y_labels=True,
    )
    grafik.x_labels = list(spek.urutan)
    for nama, nilai in seri.items():
        grafik.add(nama, nilai)
    svg: str = grafik.render(is_unicode=True)
    return svg


def _rapikan(svg: str, spek: SpekGrafik) -> str:
    """Make the SVG one accessible, stable image: a role, a label, a title, a description."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S).replace("\n", " ")
    # pygal's own titles ("Pygal", each grid value) would be read out instead of ours
    svg = re.sub(r"<title>.*?</title>", "", svg, flags=re.S)
    # pygal's config script (for pygal.js, which is never loaded) is keyed by a random id
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)
    # pygal names each chart with a random id; use the description's hash for stable output
    asli = re.search(r'id="(chart-[0-9a-f-]+)"', svg)
    if asli:
        svg = svg.replace(asli.group(1), f"grafik-{spek.kunci[:16]}")
    label = escape(_KENDALI.sub("", spek.judul))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    kepala = f"<title>{label}</title><desc>{escape(_KENDALI.sub('', spek.deskripsi))}</desc>"
    return re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + kepala, svg, count=1)


def gambar_svg(spek: SpekGrafik) -> str:
    """Draw one chart as a standalone, accessible SVG document."""
    return _rapikan(_gambar(spek), spek)


PARALEL_MULAI = 200
"""Charts to draw from which they are drawn in parallel processes (each starts in ~1 s)."""


def _pelaksana(jumlah: int) -> ProcessPoolExecutor | None:
    """Return a pool of one process per CPU for `jumlah` charts, None when they are few
    enough to draw here (a regency's 2,400 indicator charts take ~25 s of CPU)."""
    from capkin.pdf import jumlah_proses

    n = min(jumlah_proses(), jumlah // PARALEL_MULAI)
    if n <= 1:
        return None
    import multiprocessing

    # spawn, not fork: the parent may hold threads and open pipes (as for the PDFs)
    return ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"))


def _gambar_potongan(daftar: Sequence[SpekGrafik]) -> list[str]:
    """Draw a few charts, in order (one task of a pool)."""
    return [gambar_svg(spek) for spek in daftar]


POTONGAN = 50
"""Charts drawn by one task of a pool."""


class PenggambarGrafik:
    """Draws charts, with an on-disk cache keyed by their description."""

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache
        self._svg: dict[str, str] = {}
        self._pelaksana: ProcessPoolExecutor | None = None
        self._tertunda: dict[str, Future[list[str]]] = {}
        self._potongan: dict[Future[list[str]], list[str]] = {}
        self._berkas: dict[str, list[Path]] = {}
        """Charts that go to files of their own (`ke_berkas`): written when drawn, not kept."""

    def _dari_cache(self, kunci: str) -> str | None:
        if self.cache is None:
            return None
        isi = baca_entri(self.cache, f"{kunci}.svg")
        if isi is None:
            return None
        try:
            return isi.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _perlu(self, daftar: Iterable[SpekGrafik]) -> dict[str, SpekGrafik]:
        """Return the charts of `daftar` neither drawn, nor in the cache, nor being drawn."""
        perlu: dict[str, SpekGrafik] = {}
        for spek in daftar:
            kunci = spek.kunci
            if kunci in self._svg or kunci in perlu or kunci in self._tertunda:
                continue
            ada = self._dari_cache(kunci)
            if ada is not None:
                self._terima_svg(kunci, ada)
            else:
                perlu[kunci] = spek
        return perlu

    def _terima_svg(self, kunci: str, svg: str) -> None:
        """Keep a chart: write it to its files when it has some, else hold it for `svg`."""
        tujuan = self._berkas.pop(kunci, None)
        if tujuan is None:
            self._svg[kunci] = svg
            return
        for path in tujuan:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(svg, encoding="utf-8")

    def _simpan(self, kunci: str, svg: str) -> None:
        self._terima_svg(kunci, svg)
        if self.cache is not None:
            tulis_entri(self.cache, f"{kunci}.svg", svg.encode("utf-8"))

    def ke_berkas(self, daftar: Iterable[tuple[SpekGrafik, Path]]) -> None:
        """Start drawing charts that go to files of their own, each SVG written to its file
        (or files) as soon as it is drawn or found in the cache, and not kept in memory
        (a regency's 2,400 indicator charts are ~75 MB); `selesai` waits for the last."""
        spek: list[SpekGrafik] = []
        for g, path in daftar:
            if g.kunci in self._svg:  # drawn already for a page that shows it
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self._svg[g.kunci], encoding="utf-8")
                continue
            if g.kunci not in self._berkas:
                spek.append(g)
            self._berkas.setdefault(g.kunci, []).append(path)
        self.mulai(spek)

    def terima_selesai(self) -> None:
        """Take the charts of every task finished so far (without waiting for any)."""
        for tugas in [t for t in self._potongan if t.done()]:
            self._terima(tugas)

    def siapkan(self, daftar: Iterable[SpekGrafik]) -> None:
        """Draw every chart not drawn yet (from the cache where possible)."""
        daftar = list(daftar)
        self.mulai(daftar)
        for spek in daftar:
            tugas = self._tertunda.get(spek.kunci)
            if tugas is not None:
                self._terima(tugas)
        if not self._potongan:
            self.selesai()

    def mulai(self, daftar: Iterable[SpekGrafik]) -> None:
        """Start drawing every chart not drawn yet: when there are many, in other processes
        while the caller goes on (`svg` waits for one still being drawn, `selesai` for all),
        else here and now."""
        perlu = self._perlu(daftar)
        if self._pelaksana is None:
            self._pelaksana = _pelaksana(len(perlu))
        if self._pelaksana is None or len(perlu) < PARALEL_MULAI:
            for kunci, spek in perlu.items():
                self._simpan(kunci, gambar_svg(spek))
            return
        semua = list(perlu.items())
        for i in range(0, len(semua), POTONGAN):
            potongan = semua[i : i + POTONGAN]
            tugas = self._pelaksana.submit(_gambar_potongan, [spek for _, spek in potongan])
            self._potongan[tugas] = [kunci for kunci, _ in potongan]
            for kunci, _ in potongan:
                self._tertunda[kunci] = tugas

    def _terima(self, tugas: Future[list[str]]) -> None:
        """Keep the charts of one finished task (its exception, if any, is raised)."""
        daftar = self._potongan.pop(tugas)
        for kunci, svg in zip(daftar, tugas.result(), strict=True):
            del self._tertunda[kunci]
            self._simpan(kunci, svg)

    def selesai(self) -> None:
        """Wait for every chart being drawn, then stop the processes drawing them."""
        try:
            for tugas in list(self._potongan):
                self._terima(tugas)
        finally:
            self.hentikan()

    def hentikan(self) -> None:
        """Stop drawing: charts not drawn yet are dropped (a failed build)."""
        pelaksana, self._pelaksana = self._pelaksana, None
        self._tertunda.clear()
        self._potongan.clear()
        if pelaksana is not None:
            pelaksana.shutdown(cancel_futures=True)

    def svg(self, spek: SpekGrafik) -> Markup:
        """Return a chart's SVG (drawing it now if `siapkan` did not)."""
        kunci = spek.kunci
        if kunci in self._tertunda:
            self._terima(self._tertunda[kunci])
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
    acuan: float | None = None,
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
    return SpekGrafik(judul, deskripsi, titik, tuple(label), sumbu_y, jenis, acuan)
