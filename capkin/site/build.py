"""`capkin build`: validate, compute, read history, write docs/, make PDFs, run MkDocs."""

from __future__ import annotations

import enum
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment

from capkin.achievement import KunciPeriode
from capkin.api import tulis_api
from capkin.cachedir import folder_cache
from capkin.charts import PenggambarGrafik
from capkin.clock import hari_ini, waktu_bangun, zona_kantor
from capkin.dataset import cari_root
from capkin.errors import CapkinError, DataError
from capkin.layout import API_RIWAYAT, ZIP_DATA
from capkin.lkjip import Lkjip, susun_lkjip, tulis_lkjip
from capkin.pdf import buat_pdf_banyak
from capkin.render import Rencana, Sisipan, buat_env, kumpulkan, render_cetak, render_halaman
from capkin.render.capaian_pages import KonteksIndikator
from capkin.render.env import berkas_aset, judul_aman
from capkin.render.laporan import KonteksLaporan
from capkin.render.site_data import DataSitus, Progres, diam
from capkin.site.cache_upkeep import pangkas_sesudah_bangun
from capkin.site.downloads import tulis_unduhan
from capkin.site.inputs import periksa_masukan
from capkin.site.lock import kunci_bangun
from capkin.site.mkdocs_config import repo_url, tulis_konfigurasi
from capkin.site.mkdocs_failures import AsalSitus, galat_mkdocs
from capkin.site.office_api import dokumen_kantor
from capkin.site.prerendered import SisipanBerkas, halaman_html, pasang_sisipan
from capkin.site.previous_build import (
    INDEKS_PENCARIAN,
    baca_terakhir,
    berkas_berubah,
    berkas_terakhir,
    gabung_indeks,
    isi_terakhir,
    kunci_situs,
    sidik_folder,
    simpan_terakhir,
    tandai_waktu,
    tempat_terakhir,
)

FOLDER_DOCS = "docs"
FOLDER_SITUS = "site"


class PilihanPdf(enum.StrEnum):
    """Which periods get a PDF report."""

    SEMUA = "semua"
    TERAKHIR = "terakhir"
    TIDAK = "tidak"

    def periode(self, s: DataSitus) -> set[KunciPeriode]:
        """Return the periods whose report gets a PDF: all, the latest year's, or none."""
        if self is PilihanPdf.TIDAK or not s.periode:
            return set()
        if self is PilihanPdf.TERAKHIR:
            akhir = max(t for t, _ in s.periode)
            return {k for k in s.periode if k[0] == akhir}
        return set(s.periode)


@dataclass(frozen=True)
class HasilBangun:
    """What a build produced."""

    out: Path
    halaman: int
    pdf: int
    detik: float


PENANDA_DOCS = ".capkin-docs"
"""Marks a docs/ folder as capkin's to empty and rewrite."""


def _hapus(path: Path) -> None:
    """Remove a folder of capkin's, or a symlink in its place (never what the link points to)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def siapkan_docs(docs: Path) -> None:
    """Empty docs/ for a fresh write; refuse when it holds files capkin did not write."""
    if docs.is_symlink() or (docs.exists() and not docs.is_dir()):
        raise CapkinError(
            f"{docs} bukan folder biasa (symlink atau berkas); capkin menulis halaman situs ke "
            "folder docs/ di repo. Hapus docs dari repo (git rm docs), lalu jalankan lagi."
        )
    if docs.exists():
        milik_capkin = (docs / PENANDA_DOCS).is_file() or (docs / "assets/capkin.css").is_file()
        if any(docs.iterdir()) and not milik_capkin:
            raise CapkinError(
                f"folder {docs} berisi berkas yang tidak dibuat capkin; capkin menulis ulang "
                "seluruh folder docs/ setiap kali membangun situs. Pindahkan berkas itu (halaman "
                "sendiri dapat ditaruh sebagai templat di site_templates/), lalu hapus docs/."
            )
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    (docs / PENANDA_DOCS).write_text(
        "Folder ini dibuat oleh capkin build dan ditulis ulang setiap kali; jangan diubah.\n",
        encoding="utf-8",
    )


def _tampil(folder: Path) -> str:
    """Show a folder relative to the current one when it is below it: "site/"."""
    try:
        return f"{folder.resolve().relative_to(Path.cwd().resolve()).as_posix()}/"
    except ValueError:
        return str(folder)


_MKDOCS_SANDBOX = (
    "import jinja2, jinja2.sandbox; jinja2.Environment = jinja2.sandbox.SandboxedEnvironment; "
    "from mkdocs.__main__ import cli; cli(prog_name='mkdocs')"
)
"""Run MkDocs with its theme templates in a Jinja sandbox: a theme override under
site_templates/tema/ comes from a pull request and must not reach Python."""

_MKDOCS_KOTOR = (
    "import logging; logging.getLogger('mkdocs.commands.build').addFilter("
    "lambda r: not r.getMessage().startswith(\"A 'dirty' build\")); "
)
"""For `--dirty`: drop MkDocs' warning that a dirty build may leave navigation stale (capkin
builds dirty only when the navigation and every title are unchanged), which --strict would
count as a failure."""


class ProsesMkdocs:
    """A running `mkdocs build --strict` on a configuration (`--dirty` when `kotor`).

    Its output goes to a temporary file, never to a pipe, so MkDocs never waits on capkin
    while capkin does other work. MkDocs dates the sitemap and its gzip copy with
    SOURCE_DATE_EPOCH: `waktu`, the time the build is as of (`waktu_bangun`), when given;
    the clock's otherwise, never a value the environment happens to hold.
    """

    def __init__(
        self,
        config: Path,
        waktu: datetime | None = None,
        *,
        kotor: bool = False,
        asal: AsalSitus | None = None,
    ) -> None:
        self._asal = asal
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed once MkDocs ends
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        if waktu is not None:
            env["SOURCE_DATE_EPOCH"] = str(int(waktu.timestamp()))
        self._proses = subprocess.Popen(
            # -P: the current folder (the repository) is not put on sys.path, so no file of
            # the repository can stand in for a module MkDocs or Markdown imports
            [
                sys.executable,
                "-P",
                "-c",
                (_MKDOCS_KOTOR if kotor else "") + _MKDOCS_SANDBOX,
                "build",
                "--strict",
                *(["--dirty"] if kotor else []),
                "-f",
                str(config),
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )

    def tunggu(self) -> None:
        """Wait for MkDocs to finish; on failure, what it says told at the files a person
        edited (`mkdocs_failures`)."""
        try:
            kode = self._proses.wait()
            self._log.seek(0)
            log = self._log.read().decode("utf-8", errors="replace").strip()
        finally:
            self._log.close()
        if kode != 0:
            raise galat_mkdocs(log, self._asal)

    def selagi(self, kerja: Callable[[], None]) -> None:
        """Do `kerja` while MkDocs runs, then wait for it; MkDocs is stopped if `kerja` fails."""
        try:
            kerja()
        except BaseException:
            self._proses.kill()
            self._proses.wait()
            self._log.close()
            raise
        self.tunggu()


def jalankan_mkdocs(
    config: Path,
    waktu: datetime | None = None,
    *,
    kotor: bool = False,
    asal: AsalSitus | None = None,
) -> None:
    """Run `mkdocs build --strict` on a configuration (`--dirty` when `kotor`), as of `waktu`.

    `mkdocs_failures.MkdocsGagal` on failure, located by `asal`.
    """
    ProsesMkdocs(config, waktu, kotor=kotor, asal=asal).tunggu()


def bangun(
    root: Path,
    out: Path | None = None,
    *,
    pdf: PilihanPdf = PilihanPdf.SEMUA,
    progres: Progres = diam,
    tanggal: date | None = None,
) -> HasilBangun:
    """Build the whole site of a data repo into `out` (default `<root>/site`).

    One build at a time per repository (`kunci_bangun`); the site is built into a folder
    next to `out` and swapped in whole, so `out` is never left half-written. Once it is,
    what the build did not use is pruned from the cache (`pangkas_sesudah_bangun`).
    """
    mulai = time.monotonic()
    root = cari_root(root)
    out = out if out is not None else root / FOLDER_SITUS
    with kunci_bangun(root):
        sejak = time.time()
        baru = out.with_name(f".{out.name}.baru")
        lama = out.with_name(f".{out.name}.lama")
        for sisa in (baru, lama):  # left by a build that was killed
            _hapus(sisa)
        try:
            # the pages' pre-rendered HTML waits on disk for MkDocs, not in memory
            with SisipanBerkas(folder_cache(root)) as sisipan:
                halaman, jumlah_pdf = _bangun(root, baru, pdf, progres, tanggal, sisipan)
            if out.is_dir() and not out.is_symlink():
                out.rename(lama)
            elif out.exists() or out.is_symlink():
                out.unlink()
            baru.rename(out)
        finally:
            _hapus(baru)
            _hapus(lama)
        pangkas_sesudah_bangun(root, sejak, semua_pdf=pdf is PilihanPdf.SEMUA)
    detik = time.monotonic() - mulai
    progres(f"Selesai: {_tampil(out)} ({detik:.0f} detik)")
    return HasilBangun(out, halaman, jumlah_pdf, detik)


def _bangun(
    root: Path,
    out: Path,
    pdf: PilihanPdf,
    progres: Progres,
    tanggal: date | None,
    sisipan: MutableMapping[str, Sisipan],
) -> tuple[int, int]:
    """Build the site into `out`; return the number of pages and of PDFs."""
    from capkin.validation import muat_valid

    progres("Memvalidasi data…")
    ds, _ = muat_valid(root, riwayat=True)
    masukan = periksa_masukan(root, ds.instansi)
    if masukan:
        raise DataError(masukan)
    waktu = waktu_bangun()
    s = kumpulkan(
        ds,
        tanggal=tanggal or hari_ini(ds.instansi, waktu),
        repo_url=repo_url(root),
        progres=progres,
    )
    rencana = Rencana(s, pdf.periode(s), lambda tahun: susun_lkjip(s.ds, s.ds.root, tahun, s.hasil))
    env = buat_env(root, zona_kantor(ds.instansi))
    cache = folder_cache(root)
    grafik = PenggambarGrafik(cache / "grafik")
    docs = root / FOLDER_DOCS
    progres(f"Menulis halaman ({len(rencana.halaman)})…")
    indikator = [
        h.konteks
        for h in rencana.halaman
        if isinstance(h.konteks, KonteksIndikator) and h.konteks.grafik is not None
    ]
    # an indicator's chart is a file of its own: the pages are rendered while other
    # processes draw those charts, each written to its file as it comes
    berkas = {k.grafik.kunci for k in indikator if k.grafik is not None}
    siapkan_docs(docs)
    grafik.siapkan(g for g in rencana.grafik() if g.kunci not in berkas)
    try:
        grafik.ke_berkas(
            (k.grafik, docs / k.berkas_grafik) for k in indikator if k.grafik is not None
        )
        for jalur, teks in render_halaman(env, rencana, grafik, sisipan, cache / "halaman"):
            path = docs / jalur
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(teks, encoding="utf-8")
            grafik.terima_selesai()
        grafik.selesai()
    finally:
        grafik.hentikan()
    for nama, path in berkas_aset(root):
        tujuan = docs / nama
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tujuan)
    tulis_api(docs, *dokumen_kantor(rencana, waktu))
    _tempat_lampiran(docs, rencana)
    nama = judul_aman(f"Capaian Kinerja {s.instansi.nama}")  # the theme prints it unescaped
    config = tulis_konfigurasi(root, docs, out, rencana.nav, nama)
    lampiran = out.with_name(f"{out.name}.lampiran")
    _hapus(lampiran)
    try:
        _jalankan_bertahap(
            root,
            (config, waktu),
            docs,
            out,
            rencana,
            sisipan,
            progres,
            lambda: _tulis_lampiran(lampiran, root, env, rencana, grafik, progres),
            lampiran,
        )
    finally:
        _hapus(lampiran)
    return len(rencana.halaman), len(rencana.pdf)


def _tempat_lampiran(docs: Path, rencana: Rencana) -> None:
    """Put an empty file in docs/ where each file written while MkDocs runs will be, so a
    Markdown link to one in an office's own template is a link MkDocs finds (`--strict`)."""
    jalur = [j for u in rencana.unduhan() for j in (u.csv, u.xlsx, u.json)]
    jalur += [API_RIWAYAT, ZIP_DATA]
    for h in rencana.halaman:
        if isinstance(h.konteks, Lkjip):
            jalur += [j for j in (h.ekstra["k_docx"], h.ekstra["k_pdf"]) if j is not None]
        elif rencana.pdf and isinstance(h.konteks, KonteksLaporan) and h.konteks.pdf:
            jalur.append(h.konteks.pdf)
    jalur += [k.pdf for k in rencana.pdf_versi if rencana.pdf and k.pdf]
    for j in jalur:
        path = docs / j
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def _tulis_lampiran(
    lampiran: Path,
    root: Path,
    env: Environment,
    rencana: Rencana,
    grafik: PenggambarGrafik,
    progres: Progres,
) -> None:
    """Write the site's files that no page is built from (downloads, LKjIP files, PDFs) into
    `lampiran`, by their docs-relative path: this runs while MkDocs builds the pages."""
    s = rencana.s
    cache = folder_cache(root)
    tulis_unduhan(lampiran, root, s.hasil, rencana.unduhan(), s.riwayat, cache / "xlsx")
    lkjip = [h for h in rencana.halaman if isinstance(h.konteks, Lkjip)]
    if lkjip:
        progres(f"Menulis LKjIP ({len(lkjip)})…")
    # every LKjIP's PDF is rendered with the periods' PDFs, in the same processes
    pdf_lkjip = [
        tulis_lkjip(
            env,
            h.konteks,
            lampiran / Path(h.ekstra["k_docx"]).parent,
            grafik=grafik,
            pdf=h.ekstra["k_pdf"] is not None,
            pdf_sekarang=False,
            cache_docx=cache / "docx",
        ).pdf
        for h in lkjip
        if isinstance(h.konteks, Lkjip)
    ]
    tugas = [t for t in pdf_lkjip if t is not None]
    if rencana.pdf:
        css = (root / FOLDER_DOCS / "assets" / "cetak.css").read_text(encoding="utf-8")
        tugas += [
            (render_cetak(env, rencana, grafik, h.konteks, css), lampiran / h.konteks.pdf)
            for h in rencana.halaman
            if isinstance(h.konteks, KonteksLaporan) and h.konteks.pdf
        ]
        # every approved version keeps its own PDF (…-v1.pdf, -v2.pdf)
        tugas += [
            (render_cetak(env, rencana, grafik, k, css), lampiran / k.pdf)
            for k in rencana.pdf_versi
            if k.pdf
        ]
    if tugas:
        progres(f"Membuat PDF ({len(tugas)})…")
        buat_pdf_banyak(tugas, cache / "pdf")


def _jalankan_bertahap(
    root: Path,
    mkdocs: tuple[Path, datetime],
    docs: Path,
    out: Path,
    rencana: Rencana,
    sisipan: Mapping[str, Sisipan],
    progres: Progres,
    tulis_lampiran: Callable[[], None],
    lampiran: Path,
) -> None:
    """Run MkDocs on docs/ into `out`: only the changed pages when the kept site allows it.

    `tulis_lampiran` writes the files no page is built from into `lampiran` while MkDocs runs
    (the two use both CPUs); they are then moved into `out` and copied into docs/. The kept
    site keeps none of them: every build writes them afresh. `mkdocs` is the configuration
    and the time the build is as of (MkDocs dates the sitemap with it).
    """
    config, waktu = mkdocs
    cache = folder_cache(root)
    asal = AsalSitus(root, {h.jalur: h.templat for h in rencana.halaman}, config)
    sidik = sidik_folder(docs)
    tema = json.loads(config.read_text(encoding="utf-8").partition("\n")[2]).get("theme", {})
    kunci = kunci_situs(
        config,
        root / "mkdocs.yml",
        Path(tema["custom_dir"]) if "custom_dir" in tema else None,
        ((h.jalur, h.judul) for h in rencana.halaman),
        sidik,
    )
    lama = baca_terakhir(cache)
    berubah = berkas_berubah(lama, kunci, sidik)
    sebelum = berkas_terakhir(cache, lama, INDEKS_PENCARIAN) if lama is not None else None
    if (
        lama is not None
        and berubah is not None
        and (sebelum is not None or INDEKS_PENCARIAN not in lama.situs)
    ):
        halaman = {j for j in berubah if j.endswith(".md")}
        progres(f"Menjalankan MkDocs (halaman berubah: {len(halaman)})…")
        tempat = tempat_terakhir(
            lama, out, {halaman_html(j) if j in halaman else j for j in berubah}
        )
        tandai_waktu(docs, sidik, berubah)
        ProsesMkdocs(config, waktu, kotor=True, asal=asal).selagi(tulis_lampiran)
        indeks = out / INDEKS_PENCARIAN
        gabung = (
            gabung_indeks(sebelum, indeks.read_bytes(), {halaman_html(j) for j in halaman})
            if sebelum is not None and indeks.is_file()
            else b""
        )
        if gabung is not None and isi_terakhir(cache, lama, out, tempat):
            if gabung:
                indeks.write_bytes(gabung)
            pasang_sisipan(out, sisipan, halaman)
            ditaruh = _taruh_lampiran(lampiran, out, docs)
            simpan_terakhir(cache, out, kunci, sidik, ditaruh)
            return
        # a page new to the search index, or a kept file changed in place: build it all
        shutil.rmtree(out, ignore_errors=True)
        progres("Menjalankan MkDocs…")
        jalankan_mkdocs(config, waktu, asal=asal)
    else:
        progres("Menjalankan MkDocs…")
        ProsesMkdocs(config, waktu, asal=asal).selagi(tulis_lampiran)
    pasang_sisipan(out, sisipan)
    ditaruh = _taruh_lampiran(lampiran, out, docs)
    simpan_terakhir(cache, out, kunci, sidik, ditaruh)


def _taruh_lampiran(lampiran: Path, out: Path, docs: Path) -> set[str]:
    """Move every file of `lampiran` into the built site `out` and copy it into docs/, at the
    same relative path; return those paths."""
    ditaruh: set[str] = set()
    for dasar, _, berkas in os.walk(lampiran):
        for nama in berkas:
            asal = Path(dasar, nama)
            jalur = asal.relative_to(lampiran).as_posix()
            for folder in (out, docs):
                (folder / jalur).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asal, docs / jalur)
            os.replace(asal, out / jalur)
            ditaruh.add(jalur)
    return ditaruh
