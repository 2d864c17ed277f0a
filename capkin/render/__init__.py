"""Rendering: typed page contexts → Markdown/HTML strings through Jinja2 templates.

Build a context (`capkin.render.site_data`, `konteks`, `laporan`, `register`), render a
template to a string here, and let `capkin.site` write the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup

from capkin.achievement import HasilPeriode, KunciPeriode
from capkin.charts import PenggambarGrafik
from capkin.layout import LETAK_SITUS, halaman_laporan, pdf_laporan
from capkin.models.base import Periode
from capkin.render.env import buat_env, judul_periode, label_periode, tautan
from capkin.render.laporan import KonteksLaporan
from capkin.render.markers import KUNCI_SISIPAN, Sisipan
from capkin.render.page_cache import CacheHalaman, Sidik, SitusTerpantau, sidik_kode
from capkin.render.pages import Halaman, Rencana
from capkin.render.riwayat_page import github, tampil
from capkin.render.site_data import DataSitus, Progres, diam, kumpulkan

__all__ = [
    "DataSitus",
    "Halaman",
    "KunciPeriode",
    "Progres",
    "Rencana",
    "Sisipan",
    "buat_env",
    "diam",
    "kumpulkan",
    "render_cetak",
    "render_halaman",
    "sumber_templat",
]


BATAS_PERUBAHAN = 40
"""Changes listed per commit on a page; a first commit may add a whole regency's files."""


def _peta_sasaran(hasil: HasilPeriode) -> dict[str, str]:
    return {s.id: f"{s.id} {s.uraian}" for s in hasil.sasaran}


def _tautan_bukti(s: DataSitus) -> Callable[[str], str | None]:
    gh = github(s.repo_url)

    def bukti(b: str) -> str | None:
        if b.startswith(("https://", "http://")):
            return b
        return f"{gh}/blob/HEAD/{b.lstrip('/')}" if gh else None

    return bukti


def _global(s: DataSitus, rencana: Rencana, grafik: PenggambarGrafik) -> dict[str, Any]:
    return {
        "s": s,
        "svg": grafik.svg,
        "tampil": lambda e: tampil(s, e),
        "peta_sasaran": _peta_sasaran,
        "judul_periode": judul_periode,
        "label_periode": label_periode,
        "nama_pdf": pdf_laporan,
        "letak": LETAK_SITUS,
        "rencana_pdf": rencana.pdf,
        "tautan_bukti": _tautan_bukti(s),
        "periode_semua": list(Periode),
        "standar_total": sum(x.waktu_hari_kerja for x in s.sop.langkah) if s.sop else 0,
        "cetak": False,
        "batas_perubahan": BATAS_PERUBAHAN,
        "github_repo": github(s.repo_url),
    }


def render_halaman(
    env: Environment,
    rencana: Rencana,
    grafik: PenggambarGrafik,
    sisipan: MutableMapping[str, Sisipan] | None = None,
    simpanan: Path | None = None,
) -> Iterator[tuple[str, str]]:
    """Yield (docs-relative path, Markdown text) of every page of the plan.

    With `sisipan`, HTML a template wraps in `sisip` is kept there by page path, and the page
    holds a marker in its place (`capkin.render.markers`). With `simpanan` (a cache folder), a
    page whose inputs are those of its kept render is taken from there (`page_cache`).
    """
    umum = _global(rencana.s, rencana, grafik)
    # a kept page holds its markers: only a render that keeps its HTML aside uses the cache
    cache = (
        _cache_halaman(env, rencana, simpanan)
        if simpanan is not None and sisipan is not None
        else None
    )
    for h in rencana.halaman:
        sidik = cache.sidik(h.jalur, h.templat, h.judul, h.konteks, h.ekstra) if cache else None
        entri = cache.ambil(h.jalur, sidik) if cache is not None and sidik is not None else None
        if entri is not None:
            if sisipan is not None and entri.sisipan:
                sisipan[h.jalur] = Sisipan(dict(entri.sisipan))
            yield h.jalur, entri.teks
            continue
        templat = env.get_template(h.templat)
        tempat = Sisipan() if sisipan is not None else None
        s = SitusTerpantau(rencana.s)
        teks = templat.render(
            {
                **umum,
                **h.ekstra,
                "s": s,
                "k": h.konteks,
                "judul": h.judul,
                "halaman": h.jalur,
                "url": lambda ke, _dari=h.jalur: tautan(_dari, ke),
                KUNCI_SISIPAN: tempat,
            }
        )
        isi = tempat.isi if tempat is not None else {}
        if sisipan is not None and isi:
            sisipan[h.jalur] = Sisipan(dict(isi))
        if cache is not None and sidik is not None:
            cache.simpan(h.jalur, sidik, s.dibaca, teks, isi)
        # the render's context lives on in a reference cycle (a template's macros refer to it)
        # until a full garbage collection, which a build holding millions of objects seldom
        # runs: let go of the page's HTML now (a regency's report page holds megabytes)
        isi.clear()
        yield h.jalur, teks
    if cache is not None:
        cache.sisakan(h.jalur for h in rencana.halaman)


def _cache_halaman(env: Environment, rencana: Rencana, folder: Path) -> CacheHalaman | None:
    """Return the kept pages of the plan's site, keyed under the code and what every page gets."""
    s = rencana.s
    sidik = Sidik()
    loader = env.loader
    folder_templat = (
        [Path(p) for f in loader.loaders if isinstance(f, FileSystemLoader) for p in f.searchpath]
        if isinstance(loader, ChoiceLoader)
        else []
    )
    dasar = sidik(
        sidik_kode(folder_templat),
        s.instansi,
        s.sop,
        s.repo_url,
        sorted(rencana.pdf),
    )
    return CacheHalaman(folder, dasar, s, sidik) if dasar is not None else None


def render_cetak(
    env: Environment,
    rencana: Rencana,
    grafik: PenggambarGrafik,
    konteks: KonteksLaporan,
    css: str,
) -> str:
    """Render the standalone HTML of a report, for the PDF."""
    umum = _global(rencana.s, rencana, grafik)
    umum["cetak"] = True
    jalur = halaman_laporan(konteks.tahun, konteks.periode)
    return env.get_template("laporan_cetak.html").render(
        **umum,
        k=konteks,
        judul=konteks.judul_periode,
        halaman=jalur,
        url=lambda ke: tautan(jalur, ke),
        css_cetak=Markup(css),  # noqa: S704 - our own stylesheet file
    )


def sumber_templat(env: Environment, nama: str) -> str:
    """Return the text of a template or asset file as found by the loader."""
    assert env.loader is not None
    teks, _, _ = env.loader.get_source(env, nama)
    return teks
