"""capkin's cache folder as a person sees it: what it holds and how large (`capkin cache
info`), emptying it (`capkin cache bersihkan`), and pruning it after a successful build.

Every part of the folder only saves time (design.md, "Trust model"): an entry that is gone
is computed again. Pruning after a build removes, from the content-keyed folders that build
used, every entry it neither read nor wrote (`cachedir.sapu`): what the next build of the
same data needs is exactly what this one used, so the incremental build stays as fast, and
the folders stay the size of one site however many times the data changed. Emptying holds
the build lock (no build or serve of the repository runs meanwhile) and moves each part
aside with one rename before deleting it, so another capkin run reading a part sees it
whole or not at all.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from capkin.cachedir import folder_cache, sapu
from capkin.errors import UsageError
from capkin.site.lock import NAMA_KUNCI, kunci_bangun


@dataclass(frozen=True)
class JenisCache:
    """One part of the cache folder: its name (what `bersihkan` accepts), what it holds (in
    Bahasa Indonesia) and the names of its files and folders in the cache folder."""

    nama: str
    keterangan: str
    pola: tuple[str, ...]


JENIS = (
    JenisCache("berkas", "berkas data yang sudah dibaca dan diperiksa", ("berkas-v*",)),
    JenisCache(
        "validasi",
        "hasil validate, compute dan pemeriksaan riwayat",
        ("hasil-v*", "teks-v*", "integritas-v*"),
    ),
    JenisCache("riwayat", "register perubahan dari riwayat git", ("riwayat-v*", "urutan-*")),
    JenisCache("tanda-tangan", "hasil verifikasi tanda tangan commit", ("tanda-tangan*",)),
    JenisCache("pengesahan", "laporan versi yang disahkan per commit", ("pengesahan-v*",)),
    JenisCache("halaman", "halaman situs yang sudah dirender", ("halaman",)),
    JenisCache("grafik", "grafik SVG", ("grafik",)),
    JenisCache("pdf", "PDF laporan dan LKjIP", ("pdf",)),
    JenisCache("docx", "DOCX LKjIP", ("docx",)),
    JenisCache("xlsx", "unduhan XLSX", ("xlsx",)),
    JenisCache("situs", "situs terakhir, untuk build bertahap", ("situs",)),
    JenisCache("rekap", "salinan situs dan repo kantor untuk rekap", ("rekap-*",)),
    JenisCache("lain", "berkas lain (format lama, sisa proses yang terhenti)", ("*",)),
)
"""The parts, in the order shown; a name matches the first part whose pattern it matches."""

FOLDER_SESUDAH_BANGUN = ("grafik", "xlsx", "docx")
"""Content-keyed folders every build reads or writes in full (the page cache, `halaman/`,
keeps one entry per page and drops those of pages gone by itself)."""
FOLDER_PDF = "pdf"
"""Pruned only after a build that made every period's PDF."""
_AWALAN_BUANGAN = ".dibuang-"


def jenis_dari(nama: str) -> JenisCache:
    """Return the part a top-level name of the cache folder belongs to."""
    for jenis in JENIS:
        if any(fnmatch.fnmatchcase(nama, p) for p in jenis.pola):
            return jenis
    return JENIS[-1]  # pragma: no cover - "*" matches every name


@dataclass
class IsiJenis:
    """How many files and bytes one part holds."""

    jenis: JenisCache
    berkas: int = 0
    ukuran: int = 0


def _ukur(path: Path) -> tuple[int, int]:
    """Return the files and bytes under a path (symlinks counted as themselves, not followed)."""
    try:
        if not path.is_dir() or path.is_symlink():
            return 1, path.lstat().st_size
    except OSError:
        return 0, 0
    berkas = ukuran = 0
    for dasar, _, nama in os.walk(path):
        for n in nama:
            try:
                ukuran += os.lstat(os.path.join(dasar, n)).st_size
            except OSError:
                continue
            berkas += 1
    return berkas, ukuran


def _anggota(folder: Path) -> list[Path]:
    """Return the top-level files and folders of the cache folder but the build lock."""
    try:
        return sorted(p for p in folder.iterdir() if p.name != NAMA_KUNCI)
    except OSError:
        return []


def isi_cache(root: Path) -> tuple[Path, list[IsiJenis]]:
    """Return the cache folder of the data tree at `root` and, for every part, its size."""
    folder = folder_cache(root)
    isi = {j.nama: IsiJenis(j) for j in JENIS}
    for path in _anggota(folder):
        berkas, ukuran = _ukur(path)
        bagian = isi[jenis_dari(path.name).nama]
        bagian.berkas += berkas
        bagian.ukuran += ukuran
    return folder, list(isi.values())


def bersihkan_cache(root: Path, nama_jenis: tuple[str, ...] = ()) -> tuple[int, int]:
    """Empty the cache folder (only the parts named, when some are); return the files and
    bytes removed. Refused (CapkinError) while a build or serve of the repository runs."""
    dikenal = {j.nama for j in JENIS}
    asing = [n for n in nama_jenis if n not in dikenal]
    if asing:
        raise UsageError(
            f"bagian cache tidak dikenal: {', '.join(asing)}; pilih dari {', '.join(sorted(dikenal))}"
            " (lihat capkin cache info)"
        )
    folder = folder_cache(root)
    if not folder.is_dir():
        return 0, 0
    with kunci_bangun(root):
        buangan = folder / f"{_AWALAN_BUANGAN}{uuid.uuid4().hex}"
        buangan.mkdir()
        for path in _anggota(folder):
            sisa = path.name.startswith(_AWALAN_BUANGAN)  # left by an emptying that was killed
            if path != buangan and (
                sisa or not nama_jenis or jenis_dari(path.name).nama in nama_jenis
            ):
                try:
                    path.rename(buangan / path.name)  # one rename: others see it whole or gone
                except OSError:
                    continue
        berkas, ukuran = _ukur(buangan)
        shutil.rmtree(buangan, ignore_errors=True)
    return berkas, ukuran


def pangkas_sesudah_bangun(root: Path, sejak: float, *, semua_pdf: bool) -> tuple[int, int]:
    """Remove what the build that started at `sejak` (`time.time()`) and just succeeded did
    not use from the folders it used in full; return the files and bytes removed."""
    folder = folder_cache(root)
    nama = [*FOLDER_SESUDAH_BANGUN, *([FOLDER_PDF] if semua_pdf else [])]
    jumlah = ukuran = 0
    for n in nama:
        j, u = sapu(folder / n, sejak)
        jumlah += j
        ukuran += u
    return jumlah, ukuran
