"""The site's page plan: which pages exist, their templates, contexts and the navigation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from capkin.achievement import KunciPeriode
from capkin.charts import SpekGrafik
from capkin.cycle import periode_siklus
from capkin.history import Perubahan
from capkin.layout import (
    HALAMAN_RIWAYAT,
    halaman_capaian,
    halaman_indikator,
    halaman_laporan,
    halaman_laporan_draf,
    halaman_lkjip,
    halaman_pk,
    halaman_siklus,
    pdf_laporan,
    unduhan_lkjip,
)
from capkin.render.capaian_pages import (
    KonteksCapaian,
    grafik_sasaran,
    konteks_beranda,
    konteks_indikator,
)
from capkin.render.env import judul_periode, nama_periode
from capkin.render.laporan import KonteksLaporan, konteks_laporan
from capkin.render.perjanjian_kinerja_page import konteks_pk
from capkin.render.riwayat_page import EntriTampil, konteks_riwayat, tampil
from capkin.render.siklus_page import konteks_siklus
from capkin.render.site_data import DataSitus
from capkin.render.unduh_page import Unduhan, unduhan

BATAS_RIWAYAT_INDIKATOR = 50
"""Changes shown on an indicator page."""

Nav = list[dict[str, Any]]


@dataclass(frozen=True)
class Halaman:
    """One generated Markdown page: where it goes, its template, title and context."""

    jalur: str
    templat: str
    judul: str
    konteks: Any
    """The page's typed context, None for a page without one."""
    ekstra: dict[str, Any]
    """Further variables its template gets (the LKjIP page's download paths)."""


def _riwayat_indikator(s: DataSitus) -> dict[str, list[EntriTampil]]:
    kelompok: dict[str, list[EntriTampil]] = defaultdict(list)
    for entri in s.riwayat:
        per: dict[str, list[Perubahan]] = defaultdict(list)
        for p in entri.perubahan:
            if p.indikator:
                per[str(p.indikator)].append(p)
        for ind, daftar in per.items():
            if len(kelompok[ind]) < BATAS_RIWAYAT_INDIKATOR:
                kelompok[ind].append(tampil(s, entri, tuple(daftar)))
    return kelompok


def panduan(root: Path) -> str:
    """Return the staff guide: the repository's own PANDUAN.md, else capkin's."""
    from capkin.scaffold import panduan_markdown

    path = root / "PANDUAN.md"
    if path.is_file() and path.resolve().is_relative_to(root.resolve()):
        return path.read_text(encoding="utf-8-sig")
    return panduan_markdown()


LkjipTahun = Callable[[int], object]
"""Return the context of a year's LKjIP page (the annual report's blocks, from `capkin.lkjip`)."""


class Rencana:
    """Every page of the site with its navigation, built from computed site data.

    `lkjip` gives the context of a year's LKjIP page; the annual report is built on top of
    the pages, so the publishing layer passes it in (`capkin.site.build`), and a plan made
    without it (an office's API documents, a single report's print) has no LKjIP pages.
    """

    def __init__(
        self, s: DataSitus, pdf: set[KunciPeriode], lkjip: LkjipTahun | None = None
    ) -> None:
        self.s = s
        self.pdf = pdf
        self._konteks_lkjip = lkjip
        self.halaman: list[Halaman] = []
        self.nav: Nav = []
        self.pdf_versi: list[KonteksLaporan] = []
        """Reports of every approved version, printed to their own PDF (…-v1.pdf, -v2.pdf)."""
        self._susun()

    def grafik(self) -> Iterator[SpekGrafik]:
        """Yield every chart the pages show."""
        for h in self.halaman:
            for nama in ("grafik", "grafik_anggaran"):
                g = getattr(h.konteks, nama, None)
                if isinstance(g, SpekGrafik):
                    yield g

    def _tambah(
        self, jalur: str, templat: str, judul: str, konteks: Any = None, **ekstra: Any
    ) -> str:
        self.halaman.append(Halaman(jalur, templat, judul, konteks, ekstra))
        return jalur

    def _per_periode(
        self,
        judul: str,
        indeks: str,
        jalur: Any,
        templat: str,
        buat: Any,
        daftar: list[KunciPeriode],
    ) -> None:
        bagian: Nav = [{judul: self._tambah(indeks, f"{templat}_indeks.md", judul, daftar=daftar)}]
        for tahun in sorted({t for t, _ in daftar}, reverse=True):
            isi: Nav = []
            for t, p in daftar:
                if t == tahun:
                    j = self._tambah(
                        jalur(t, p), f"{templat}.md", f"{judul} {judul_periode(t, p)}", buat(t, p)
                    )
                    isi.append({nama_periode(p): j})
            bagian.append({str(tahun): isi})
        self.nav.append({judul: bagian})

    def _susun(self) -> None:
        s = self.s
        self.nav.append(
            {"Beranda": self._tambah("index.md", "beranda.md", "Beranda", konteks_beranda(s))}
        )
        periode = s.periode
        self._per_periode(
            "Capaian",
            "capaian/index.md",
            halaman_capaian,
            "capaian",
            lambda t, p: KonteksCapaian(t, p, s.hasil[(t, p)], grafik_sasaran(s.hasil[(t, p)])),
            periode,
        )
        self._indikator()
        self._per_periode(
            "Laporan",
            "laporan/index.md",
            halaman_laporan,
            "laporan",
            lambda t, p: konteks_laporan(s, t, p, (t, p) in self.pdf),
            periode,
        )
        self._lkjip()
        self._versi_laporan()
        siklus = [(t, str(p)) for t in s.tahun for p in periode_siklus(s.ds, t)]
        if s.sop is not None:
            self._per_periode(
                "Siklus SOP",
                "siklus/index.md",
                halaman_siklus,
                "siklus",
                lambda t, p: konteks_siklus(s, t, p),
                siklus,
            )
        pk: Nav = []
        for t in sorted(s.tahun, reverse=True):
            pk.append(
                {
                    str(t): self._tambah(
                        halaman_pk(t),
                        "perjanjian_kinerja.md",
                        f"Perjanjian Kinerja {t}",
                        konteks_pk(s, t),
                    )
                }
            )
        if pk:
            self.nav.append({"Perjanjian Kinerja": pk})
        self.nav.append(
            {
                "Riwayat": self._tambah(
                    HALAMAN_RIWAYAT, "riwayat.md", "Riwayat Perubahan", konteks_riwayat(s)
                )
            }
        )
        self.nav.append(
            {"Unduh": self._tambah("unduh.md", "unduh.md", "Unduh Data", self.unduhan())}
        )
        self.nav.append(
            {"Panduan": self._tambah("panduan.md", "panduan.md", "Panduan", panduan(s.ds.root))}
        )

    def _lkjip(self) -> None:
        """Add the annual Laporan Kinerja of every year with data (a DRAF until TW4 is approved)."""
        if self._konteks_lkjip is None:
            return
        s = self.s
        halaman: Nav = []
        for t in sorted({t for t, _ in s.periode}, reverse=True):
            pdf = unduhan_lkjip(t, "pdf") if any(k[0] == t for k in self.pdf) else None
            j = self._tambah(
                halaman_lkjip(t),
                "lkjip.md",
                f"Laporan Kinerja (LKjIP) {t}",
                self._konteks_lkjip(t),
                k_pdf=pdf,
                k_docx=unduhan_lkjip(t, "docx"),
            )
            halaman.append({str(t): j})
        if halaman:
            self.nav.append({"LKjIP": halaman})

    def unduhan(self) -> list[Unduhan]:
        """Return the downloads of every period, newest first."""
        return [
            unduhan(t, p, pdf_laporan(t, p) if (t, p) in self.pdf else None)
            for t, p in reversed(self.s.periode)
        ]

    def _versi_laporan(self) -> None:
        """Add the draft pages of approved reports whose data changed, and every version's PDF."""
        s = self.s
        for t, p in s.periode:
            if (t, p) in s.terbit.draf:
                judul = f"Laporan {judul_periode(t, p)} (draf, belum disahkan)"
                konteks = konteks_laporan(s, t, p, False, draf=True)
                self._tambah(halaman_laporan_draf(t, p), "laporan.md", judul, konteks)
            if (t, p) in self.pdf:
                self.pdf_versi += [
                    konteks_laporan(s, t, p, True, ke=ke)
                    for (vt, vp, ke) in s.terbit.versi
                    if (vt, vp) == (t, p)
                ]

    def _indikator(self) -> None:
        s = self.s
        definisi = s.indikator()
        baris = s.baris_indikator()
        riwayat = _riwayat_indikator(s)
        ringkas = []
        # each indicator's sasaran by year, from one pass over that year's PK (a search per
        # indicator went over the whole PK: quadratic in a regency's 2,400 indicators)
        sasaran: dict[int, dict[str, str]] = {}
        for id_, defs in definisi.items():
            tahun = defs[-1][0]
            if tahun not in sasaran:
                pk = s.ds.tahun[tahun].pk
                assert pk is not None
                sasaran[tahun] = {}
                for sas, i in pk.semua_indikator():
                    sasaran[tahun].setdefault(i.id, sas.uraian)
            k = konteks_indikator(
                s, id_, defs, baris.get(id_, []), riwayat.get(id_, []), sasaran[tahun][id_]
            )
            judul = f"{id_}: {k.definisi.uraian}"
            self._tambah(halaman_indikator(id_), "indikator.md", judul, k)
            ringkas.append(k)
        self.nav.append(
            {
                "Indikator": self._tambah(
                    "indikator/index.md", "indikator_indeks.md", "Indikator", daftar=ringkas
                )
            }
        )
