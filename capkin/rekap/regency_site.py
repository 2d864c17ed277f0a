"""`capkin rekap build`: fetch the offices, build the tables, write the regency's site.

The site has the same look as an office site (MkDocs Material, capkin's stylesheet and
table sorting) and publishes the same `api/v1/`, so a province can roll up regencies.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from capkin.achievement import format_persen
from capkin.cachedir import folder_cache, sapu
from capkin.charts import PenggambarGrafik, SpekGrafik, grafik_seri
from capkin.clock import waktu_bangun
from capkin.layout import (
    LETAK_REKAP,
    REKAP_INDIKATOR_INDEKS,
    REKAP_KANTOR_INDEKS,
    REKAP_PERIODE_INDEKS,
    REKAP_UNDUH,
    halaman_indikator,
    rekap_kantor,
    rekap_periode,
)
from capkin.rekap.config import Rekap, muat_rekap
from capkin.rekap.git_source import Selisih
from capkin.rekap.office_names import mengaku_kantor_lain, nama_sama, salinan_situs
from capkin.rekap.regency_api import tulis_api_rekap
from capkin.rekap.sources import HasilAmbil, olah_semua
from capkin.rekap.tables import Ringkasan, TabelRekap, predikat_rata
from capkin.render.env import buat_env, judul_aman, judul_periode, nama_periode, tautan
from capkin.render.site_data import Progres, diam

Konteks = dict[str, Any] | Callable[[], dict[str, Any]]
"""A page's template context, or what makes it when the page is written."""

FOLDER_DOCS = "docs"
FOLDER_SITUS = "site"
MUAT_SETIAP = 2000
"""Offices received between two loads of the workers' rows."""
KELOMPOK = 500
"""Offices per page of the grouped trend table (above `pengaturan.halaman_per_kantor`).

One MkDocs page per office costs ~50 ms of CPU whatever its size (the theme, the navigation):
21 minutes for 25,000 offices. Grouped, a national roll-up has 50 office pages."""


@dataclass(frozen=True)
class HasilRekap:
    """What a roll-up build produced."""

    out: Path | None
    kantor: int
    gagal: tuple[HasilAmbil, ...]
    selisih: tuple[Selisih, ...] | None
    detik: float
    nama_sama: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Names several offices' sites give themselves (`sources.nama_sama`), with their ids."""


@dataclass
class DataRekap:
    """A roll-up computed: the offices as fetched and the tables over them."""

    rekap: Rekap
    hasil: list[HasilAmbil]
    tabel: TabelRekap
    ringkasan: list[Ringkasan]
    selisih: list[Selisih] | None
    tanggal: date
    dibangun: datetime
    nama_sama: list[tuple[str, tuple[str, ...]]]
    """Names several offices' sites give themselves, with the offices' ids: shown, not hidden."""


def hitung_rekap(
    root: Path,
    *,
    tanggal: date | None = None,
    periksa: bool = False,
    progres: Progres = diam,
) -> DataRekap:
    """Read `rekap.yml`, fetch every office, and build the cross-office tables."""
    rekap = muat_rekap(root)
    dibangun = waktu_bangun().astimezone(ZoneInfo(rekap.pengaturan.zona_waktu))
    tanggal = tanggal or dibangun.date()  # the regency's day, not the machine's
    progres(f"Mengambil data {len(rekap.kantor)} kantor…")
    hasil: list[HasilAmbil] = []
    tabel = TabelRekap(rekap.pengaturan.predikat)
    selisih: list[Selisih] | None = [] if periksa else None
    if periksa:
        progres("Verifikasi: angka yang disahkan dihitung ulang dari repositori kantor…")
    cache = folder_cache(root) / "rekap-http"
    with tempfile.TemporaryDirectory(prefix="capkin-rekap-") as tmp:
        for o in olah_semua(
            rekap, root, cache=cache, tanggal=tanggal, periksa=periksa, folder_baris=Path(tmp)
        ):
            if o.kp is not None:
                tabel.tambah_tabel(o.kp, o.ind)
            if selisih is not None:
                selisih += o.selisih
            hasil.append(o.hasil)
            if len(hasil) % MUAT_SETIAP == 0:
                tabel.muat_folder(Path(tmp))  # load while the workers validate the rest
        tabel.muat_folder(Path(tmp))
    for periksa_nama in (functools.partial(mengaku_kantor_lain, rekap), salinan_situs):
        for h, alasan in periksa_nama(hasil):  # one after the other: the first reason stays
            h.alasan = alasan
            tabel.hapus_kantor(h.kantor.id)
    return DataRekap(
        rekap=rekap,
        hasil=hasil,
        tabel=tabel,
        ringkasan=tabel.ringkasan(),
        selisih=selisih,
        tanggal=tanggal,
        nama_sama=nama_sama(hasil),
        dibangun=dibangun,
    )


# --- pages -----------------------------------------------------------------------------------


def _konteks_periode(d: DataRekap, x: Ringkasan, umum: dict[str, Any]) -> dict[str, Any]:
    """Return a period page's context, queried when the page is written (one period's rows
    in memory at a time: 25,000 per period in a national roll-up)."""
    baris = d.tabel.baris_periode(x.tahun, x.periode)
    terbit = {b["kantor_id"] for b in baris}
    belum = [
        {"id": h.kantor.id, "nama": h.kantor.nama, "alasan": h.alasan}
        for h in d.hasil
        if h.kantor.id not in terbit
    ]
    return {**umum, "x": x, "baris": baris, "belum": belum}


def _konteks_indikator(
    d: DataRekap, i: dict[str, Any], halaman_kantor: dict[str, str]
) -> dict[str, Any]:
    """Return a shared indicator's page context, queried when the page is written.

    Up to `halaman_per_kantor` offices: every office's figures per period. Above it (20
    periods x 25,000 offices would be 500,000 rows on one page) the spread across the
    offices per period: how many, mean, median, lowest, highest, achieved.
    """
    if _per_kantor(d):
        baris = d.tabel.banding_indikator([i["indikator"]])[i["indikator"]]
        return {"i": i, "baris": baris, "sebaran": None, "halaman_kantor": halaman_kantor}
    sebaran = d.tabel.sebaran_indikator(i["indikator"])
    return {"i": i, "baris": None, "sebaran": sebaran, "halaman_kantor": halaman_kantor}


def _per_kantor(d: DataRekap) -> bool:
    return len(d.hasil) <= d.rekap.pengaturan.halaman_per_kantor


def jalur_kantor(d: DataRekap) -> dict[str, str]:
    """Return each office's page (docs path, with an anchor when offices are grouped)."""
    if _per_kantor(d):
        return {h.kantor.id: rekap_kantor(h.kantor.id) for h in d.hasil}
    return {
        h.kantor.id: f"kantor-kelompok/{n // KELOMPOK + 1:03d}.md#kantor-{h.kantor.id}"
        for n, h in enumerate(d.hasil)
    }


def _grafik_tren(nama: str, baris: list[dict[str, Any]]) -> SpekGrafik | None:
    label = [f"{b['periode']} {b['tahun']}" for b in baris]
    nilai = [b["capaian_total"] for b in baris]
    teks = "; ".join(f"{lb}: {format_persen(v)}" for lb, v in zip(label, nilai, strict=True))
    return grafik_seri(
        f"Tren capaian total {nama}",
        f"Diagram garis capaian total (%) {nama} per periode. {teks}.",
        label,
        {"Capaian total (%)": nilai},
        "Capaian (%)",
        acuan=100,
    )


def _halaman_kantor(d: DataRekap, hal: list[tuple[str, str, str, Konteks]]) -> list[Any]:
    """Add the offices' pages to `hal`; return the office list for the index page.

    Up to `pengaturan.halaman_per_kantor` offices (a regency) each get a page with a trend
    chart and table; above it (a province, a country) the offices share pages of
    `KELOMPOK`, one row per office and one column per period, from one query.
    """
    daftar = []
    halaman = jalur_kantor(d)
    for h in d.hasil:
        daftar.append(
            {
                "id": h.kantor.id,
                "nama": h.kantor.nama,
                "sumber": h.kantor.sumber,
                "url": h.url_situs,
                "alasan": h.alasan,
                "periode": h.jumlah_periode,
                "halaman": halaman[h.kantor.id],
            }
        )
    if _per_kantor(d):
        for h, k in zip(d.hasil, daftar, strict=True):
            baris = d.tabel.baris_kantor(h.kantor.id)
            hal.append(
                (
                    rekap_kantor(h.kantor.id),
                    "rekap_kantor.md",
                    h.kantor.nama,
                    {
                        "k": k,
                        "baris": baris,
                        "grafik": _grafik_tren(h.kantor.nama, baris),
                    },
                )
            )
        return daftar
    periode = d.tabel.periode()
    for n in range(0, len(daftar), KELOMPOK):
        anggota = daftar[n : n + KELOMPOK]
        hal.append(
            (
                f"kantor-kelompok/{n // KELOMPOK + 1:03d}.md",
                "rekap_kantor_kelompok.md",
                f"Kantor {n + 1}–{n + len(anggota)}",
                functools.partial(_konteks_kelompok, d, anggota, periode, n + 1),
            )
        )
    return daftar


def _konteks_kelompok(
    d: DataRekap, anggota: list[Any], periode: list[tuple[int, str]], awal: int
) -> dict[str, Any]:
    """Return a grouped office page's context, queried when the page is written."""
    nilai = d.tabel.matriks_kantor([k["id"] for k in anggota])
    return {"anggota": anggota, "periode": periode, "nilai": nilai, "awal": awal}


def _halaman(d: DataRekap) -> tuple[list[tuple[str, str, str, Konteks]], list[Any]]:
    """Return the pages (path, template, title, context) and the navigation."""
    band = d.rekap.pengaturan.predikat
    umum: dict[str, Any] = {"predikat": lambda x: predikat_rata(x, band)}
    hal: list[tuple[str, str, str, Konteks]] = []
    berhasil = sum(1 for h in d.hasil if h.berhasil)
    gagal = [h for h in d.hasil if not h.berhasil]
    hal.append(
        (
            "index.md",
            "rekap_beranda.md",
            d.rekap.nama,
            {
                **umum,
                "r": d.rekap,
                "kantor": d.hasil,
                "berhasil": berhasil,
                "gagal": gagal,
                "ringkasan": d.ringkasan,
                "selisih": d.selisih,
                "nama_sama": d.nama_sama,
                "dibangun": d.dibangun,
            },
        )
    )
    nav: list[Any] = [{"Beranda": "index.md"}]
    periode_nav: list[Any] = [{"Periode": REKAP_PERIODE_INDEKS}]
    hal.append(
        (REKAP_PERIODE_INDEKS, "rekap_periode_indeks.md", "Periode", {"ringkasan": d.ringkasan})
    )
    halaman_kantor = jalur_kantor(d)
    per_tahun: dict[int, list[Any]] = {}
    for x in d.ringkasan:
        jalur = rekap_periode(x.tahun, x.periode)
        hal.append(
            (
                jalur,
                "rekap_periode.md",
                f"Capaian {judul_periode(x.tahun, x.periode)}",
                functools.partial(
                    _konteks_periode, d, x, {**umum, "halaman_kantor": halaman_kantor}
                ),
            )
        )
        per_tahun.setdefault(x.tahun, []).append({nama_periode(x.periode): jalur})
    for t in sorted(per_tahun, reverse=True):
        periode_nav.append({str(t): per_tahun[t]})
    nav.append({"Periode": periode_nav})
    daftar_kantor = _halaman_kantor(d, hal)
    hal.append((REKAP_KANTOR_INDEKS, "rekap_kantor_indeks.md", "Kantor", {"daftar": daftar_kantor}))
    nav.append({"Kantor": REKAP_KANTOR_INDEKS})
    bersama = d.tabel.indikator_bersama()
    for i in bersama:
        hal.append(
            (
                halaman_indikator(i["indikator"]),
                "rekap_indikator.md",
                f"{i['indikator']}: {i['uraian']}",
                functools.partial(_konteks_indikator, d, i, halaman_kantor),
            )
        )
    hal.append(
        (
            REKAP_INDIKATOR_INDEKS,
            "rekap_indikator_indeks.md",
            "Indikator Bersama",
            {"daftar": bersama},
        )
    )
    nav.append({"Indikator Bersama": REKAP_INDIKATOR_INDEKS})
    hal.append((REKAP_UNDUH, "rekap_unduh.md", "Unduh Data", {}))
    nav.append({"Unduh": REKAP_UNDUH})
    return hal, nav


def tulis_situs(root: Path, d: DataRekap, out: Path, progres: Progres = diam) -> None:
    """Write the roll-up's pages, downloads and API into docs/, then run MkDocs into `out`."""
    from capkin.render import Sisipan
    from capkin.render.env import berkas_aset
    from capkin.render.markers import KUNCI_SISIPAN
    from capkin.site.build import jalankan_mkdocs, siapkan_docs
    from capkin.site.mkdocs_config import tulis_konfigurasi
    from capkin.site.mkdocs_failures import AsalSitus
    from capkin.site.prerendered import pasang_sisipan

    docs = root / FOLDER_DOCS
    siapkan_docs(docs)
    env = buat_env(root)
    grafik = PenggambarGrafik(folder_cache(root) / "grafik")
    progres("Menulis unduhan (CSV, XLSX, Parquet) dan API…")
    ada = {p.relative_to(docs).as_posix() for p in d.tabel.ekspor(docs / "unduh")}
    tulis_api_rekap(docs, d)
    hal, nav = _halaman(d)
    progres(f"Menulis halaman ({len(hal)})…")
    umum = {"judul_periode": judul_periode, "ada": ada, "letak": LETAK_REKAP, "svg": grafik.svg}
    sisipan: dict[str, Sisipan] = {}  # the big tables, put in the pages after MkDocs
    for jalur, templat, judul, konteks in hal:
        tempat = Sisipan()
        teks = env.get_template(templat).render(
            **(konteks() if callable(konteks) else konteks),
            **umum,
            judul=judul,
            halaman=jalur,
            url=lambda ke, _dari=jalur: tautan(_dari, ke),
            **{KUNCI_SISIPAN: tempat},
        )
        if tempat.isi:
            sisipan[jalur] = tempat
        path = docs / jalur
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(teks, encoding="utf-8")
    for nama, path in berkas_aset(root):
        tujuan = docs / nama
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tujuan)
    progres("Menjalankan MkDocs…")
    config = tulis_konfigurasi(root, docs, out, nav, judul_aman(d.rekap.nama))
    jalankan_mkdocs(config, d.dibangun, asal=AsalSitus(root, {j: t for j, t, _, _ in hal}, config))
    pasang_sisipan(out, sisipan)


def bangun_rekap(
    root: Path,
    out: Path | None = None,
    *,
    tanggal: date | None = None,
    periksa: bool = False,
    progres: Progres = diam,
) -> HasilRekap:
    """Build the regency's roll-up site from `rekap.yml` in `root`."""
    mulai, sejak = time.monotonic(), time.time()
    out = out if out is not None else root / FOLDER_SITUS
    d = hitung_rekap(root, tanggal=tanggal, periksa=periksa, progres=progres)
    tulis_situs(root, d, out, progres)
    sapu(folder_cache(root) / "grafik", sejak)  # every page's chart was read or drawn
    detik = time.monotonic() - mulai
    progres(f"Selesai: {out} ({detik:.0f} detik)")
    return HasilRekap(
        out=out,
        kantor=len(d.hasil),
        gagal=tuple(h for h in d.hasil if not h.berhasil),
        selisih=None if d.selisih is None else tuple(d.selisih),
        detik=detik,
        nama_sama=tuple(d.nama_sama),
    )
