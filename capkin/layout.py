"""Where things live: the data tree's files and folders, and the site's page paths.

The one description of the layout (design.md, "The data tree"). The loader, history,
schemas, CODEOWNERS and the site ask this module for names, globs and page paths rather
than writing them out themselves, so a path cannot be accepted in one place and refused
in another.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from capkin.models.base import SLUG_POLA, TANGGAL_AKHIR, TANGGAL_AWAL, Periode

DATA = "data"
"""The data folder, relative to the repository root."""

EKSTENSI = ".yml"
"""The one extension of data files; `.yaml` is refused (reported as unknown)."""

NAMA_INSTANSI = "instansi.yml"
NAMA_SOP = "sop.yml"
NAMA_PK = "perjanjian-kinerja.yml"
FOLDER_REALISASI = "realisasi"
FOLDER_SIKLUS = "siklus"
FOLDER_ANGGARAN = "anggaran"
FOLDER_LKJIP = "lkjip"

NARASI_LKJIP = ("ikhtisar", "pendahuluan", "penutup")
"""The narrative Markdown files a year's LKjIP may have in `data/<tahun>/lkjip/`."""

PERIODE = tuple(p.value for p in Periode)
"""The period folder and file names, in order: TW1..TW4."""

POLA_TAHUN = re.compile(r"[0-9]{4}")
"""A year folder's name; the year must also lie in TAHUN_SAH."""

TAHUN_SAH = range(TANGGAL_AWAL.year, TANGGAL_AKHIR.year + 1)
"""The years a data tree may hold."""


def berkas_instansi() -> str:
    """Return the repo-relative name of the office file."""
    return f"{DATA}/{NAMA_INSTANSI}"


def berkas_sop() -> str:
    """Return the repo-relative name of the SOP file."""
    return f"{DATA}/{NAMA_SOP}"


def folder_tahun(tahun: int | str) -> str:
    """Return the repo-relative folder of a year (`*` gives a glob)."""
    return f"{DATA}/{tahun}"


def berkas_pk(tahun: int | str) -> str:
    """Return the repo-relative name of a year's perjanjian kinerja (`*` gives a glob)."""
    return f"{folder_tahun(tahun)}/{NAMA_PK}"


def berkas_realisasi(tahun: int | str, periode: Periode | str, unit: str) -> str:
    """Return the repo-relative name of a unit's realisasi file (`*` parts give a glob)."""
    return f"{folder_tahun(tahun)}/{FOLDER_REALISASI}/{periode}/{unit}{EKSTENSI}"


def folder_siklus(tahun: int | str) -> str:
    """Return the repo-relative folder of a year's siklus files (`*` gives a glob)."""
    return f"{folder_tahun(tahun)}/{FOLDER_SIKLUS}"


def berkas_siklus(tahun: int | str, periode: Periode | str) -> str:
    """Return the repo-relative name of a period's siklus file (`*` parts give a glob)."""
    return f"{folder_siklus(tahun)}/{periode}{EKSTENSI}"


def berkas_anggaran(tahun: int | str, periode: Periode | str) -> str:
    """Return the repo-relative name of a period's budget realisation file (`*` gives a glob)."""
    return f"{folder_tahun(tahun)}/{FOLDER_ANGGARAN}/{periode}{EKSTENSI}"


def berkas_narasi(tahun: int | str, nama: str) -> str:
    """Return the repo-relative name of one LKjIP narrative file (Markdown, not data)."""
    return f"{folder_tahun(tahun)}/{FOLDER_LKJIP}/{nama}.md"


GLOB_BERKAS: dict[str, str] = {
    "instansi": berkas_instansi(),
    "sop": berkas_sop(),
    "perjanjian-kinerja": berkas_pk("*"),
    "realisasi": berkas_realisasi("*", "*", "*"),
    "siklus": berkas_siklus("*", "*"),
    "anggaran": berkas_anggaran("*", "*"),
}
"""Every data file kind and the glob (relative to the repo root) of its files."""


@dataclass(frozen=True)
class LetakBerkas:
    """What a repo-relative path is in the data tree: its kind and the keys it names."""

    jenis: str
    """A key of GLOB_BERKAS."""
    tahun: int | None = None
    periode: Periode | None = None
    unit: str | None = None


_TAHUN = r"(?P<tahun>[0-9]{4})"
_PERIODE = "(?P<periode>" + "|".join(PERIODE) + ")"
_UNIT = "(?P<unit>" + SLUG_POLA.removeprefix("^").removesuffix("$") + ")"
_EKS = re.escape(EKSTENSI)
_POLA_BERKAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("instansi", re.compile(re.escape(berkas_instansi()))),
    ("sop", re.compile(re.escape(berkas_sop()))),
    ("perjanjian-kinerja", re.compile(f"{DATA}/{_TAHUN}/{re.escape(NAMA_PK)}")),
    ("realisasi", re.compile(f"{DATA}/{_TAHUN}/{FOLDER_REALISASI}/{_PERIODE}/{_UNIT}{_EKS}")),
    ("siklus", re.compile(f"{DATA}/{_TAHUN}/{FOLDER_SIKLUS}/{_PERIODE}{_EKS}")),
    ("anggaran", re.compile(f"{DATA}/{_TAHUN}/{FOLDER_ANGGARAN}/{_PERIODE}{_EKS}")),
)


def kenali_berkas(berkas: str) -> LetakBerkas | None:
    """Return what a repo-relative path is, None when the loader would not read it as data."""
    for jenis, pola in _POLA_BERKAS:
        cocok = pola.fullmatch(berkas)
        if cocok is None:
            continue
        g = cocok.groupdict()
        tahun = int(g["tahun"]) if g.get("tahun") else None
        if tahun is not None and tahun not in TAHUN_SAH:
            return None
        periode = Periode(g["periode"]) if g.get("periode") else None
        return LetakBerkas(jenis, tahun, periode, g.get("unit"))
    return None


# --- the site: docs-relative paths of pages and downloads -----------------------------------
# Pages are Markdown paths (`a/b.md`); `render.env.tautan` turns one into a relative URL.
# Templates get these functions as `letak` and never put a path together themselves.

HALAMAN_RIWAYAT = "riwayat.md"
FOLDER_API = "api/v1"
"""The versioned JSON API of every capkin site (`capkin.api`)."""
API_RIWAYAT = "api/riwayat.json"
ZIP_DATA = "unduh/data.zip"


def _halaman_periode(folder: str, tahun: int, periode: str) -> str:
    """Return the docs-relative path of a period's page: `<folder>/<tahun>/<periode>.md`."""
    return f"{folder}/{tahun}/{periode}.md"


def halaman_capaian(tahun: int, periode: str) -> str:
    """Return the docs-relative path of a period's capaian page."""
    return _halaman_periode("capaian", tahun, periode)


def halaman_laporan(tahun: int, periode: str) -> str:
    """Return the docs-relative path of a period's report page."""
    return _halaman_periode("laporan", tahun, periode)


def halaman_laporan_draf(tahun: int, periode: str) -> str:
    """Return the docs-relative path of the draft (current data) of an approved report."""
    return f"laporan/{tahun}/{periode}-draf.md"


def halaman_indikator(id_: str) -> str:
    """Return the docs-relative path of an indicator page."""
    return f"indikator/{id_}.md"


def svg_indikator(id_: str) -> str:
    """Return the docs-relative path of an indicator page's chart (SVG)."""
    return f"indikator/{id_}.svg"


def halaman_siklus(tahun: int, periode: str) -> str:
    """Return the docs-relative path of a cycle page."""
    return _halaman_periode("siklus", tahun, periode)


def halaman_pk(tahun: int) -> str:
    """Return the docs-relative path of a perjanjian kinerja page."""
    return f"perjanjian-kinerja/{tahun}.md"


def halaman_lkjip(tahun: int) -> str:
    """Return the docs-relative path of a year's LKjIP (annual Laporan Kinerja) page."""
    return f"{FOLDER_LKJIP}/{tahun}.md"


def unduhan_lkjip(tahun: int, ekstensi: str) -> str:
    """Return the docs-relative path of a year's LKjIP as `pdf`, `docx` or `html`."""
    return f"{FOLDER_LKJIP}/laporan-kinerja-{tahun}.{ekstensi}"


def pdf_laporan(tahun: int, periode: str, ke: int | None = None) -> str:
    """Return the docs-relative path of a period's PDF report (of approved version `ke`)."""
    akhir = f"-v{ke}" if ke is not None else ""
    return f"laporan/{tahun}/laporan-data-capaian-kinerja-{tahun}-{periode}{akhir}.pdf"


def unduhan_capaian(tahun: int, periode: str, ekstensi: str) -> str:
    """Return the docs-relative path of a period's capaian table as `csv` or `xlsx`."""
    return f"unduh/capaian-{tahun}-{periode}.{ekstensi}"


def api_periode(tahun: int, periode: str) -> str:
    """Return the docs-relative path of a period's results as JSON."""
    return f"api/{tahun}/{periode}.json"


# The regency roll-up site (`capkin rekap`): its pages and downloads (its templates get them
# as `letak`, `LETAK_REKAP` below); a shared indicator's page is at `halaman_indikator`, as on
# an office site.

REKAP_PERIODE_INDEKS = "periode/index.md"
REKAP_KANTOR_INDEKS = "kantor.md"
REKAP_INDIKATOR_INDEKS = "indikator.md"
REKAP_UNDUH = "unduh.md"
API_INDEKS = f"{FOLDER_API}/index.json"


def rekap_periode(tahun: int, periode: str) -> str:
    """Return the docs-relative path of a period's page of the roll-up."""
    return _halaman_periode("periode", tahun, periode)


def rekap_kantor(kantor: str) -> str:
    """Return the docs-relative path of an office's page of the roll-up."""
    return f"kantor/{kantor}.md"


def unduhan_rekap(tabel: str, ekstensi: str) -> str:
    """Return the docs-relative path of a roll-up table (`kantor-periode`, `indikator`)."""
    return f"unduh/rekap-{tabel}.{ekstensi}"


# --- what each site's templates get as `letak` ----------------------------------------------

LETAK_SITUS: Mapping[str, object] = MappingProxyType(
    {
        "capaian": halaman_capaian,
        "laporan": halaman_laporan,
        "indikator": halaman_indikator,
        "siklus": halaman_siklus,
        "pk": halaman_pk,
        "pdf": pdf_laporan,
        "unduhan": unduhan_capaian,
        "api": api_periode,
        "riwayat": HALAMAN_RIWAYAT,
        "api_riwayat": API_RIWAYAT,
        "zip_data": ZIP_DATA,
    }
)
"""The office site's page and download paths, given to its templates as `letak`."""

LETAK_REKAP: Mapping[str, object] = MappingProxyType(
    {
        "periode": rekap_periode,
        "kantor": rekap_kantor,
        "indikator": halaman_indikator,
        "unduhan": unduhan_rekap,
        "api_indeks": API_INDEKS,
    }
)
"""The roll-up's page and download paths, given to its templates as `letak`."""
