"""Read a whole data tree (`data/`) into one Dataset, gathering every problem."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from capkin.errors import DataError, Masalah, Tingkat, UsageError, galat, peringatan
from capkin.filecache import CacheBerkas, id_blob
from capkin.layout import (
    DATA,
    EKSTENSI,
    FOLDER_ANGGARAN,
    FOLDER_LKJIP,
    FOLDER_REALISASI,
    FOLDER_SIKLUS,
    NAMA_INSTANSI,
    NAMA_PK,
    NAMA_SOP,
    NARASI_LKJIP,
    POLA_TAHUN,
    TAHUN_SAH,
)
from capkin.lazy_dict import SEMUA, Tunda
from capkin.model_check import muat_berkas
from capkin.models.anggaran_model import Anggaran
from capkin.models.base import SLUG_POLA, Model, Periode
from capkin.models.instansi_model import Instansi
from capkin.models.perjanjian_kinerja_model import PerjanjianKinerja
from capkin.models.realisasi_model import Realisasi
from capkin.models.siklus_model import Siklus
from capkin.models.sop_model import Sop
from capkin.unread_names import (
    Temuan,
    di_luar_folder_periode,
    ekstensi_yaml,
    nama_salah,
    nilai_nama,
)
from capkin.yamlio import Dokumen, Jalur, baca_berkas, baca_biasa

M = TypeVar("M", bound=Model)

_SLUG = re.compile(SLUG_POLA)


@dataclass(frozen=True)
class DataTahun:
    """Everything recorded for one year."""

    tahun: int
    pk: PerjanjianKinerja | None
    realisasi: dict[Periode, dict[str, Realisasi]]
    siklus: dict[Periode, Siklus]
    anggaran: dict[Periode, Anggaran] = field(default_factory=dict)


@dataclass
class Dataset:
    """A loaded data tree: the models, and the parsed documents for locating problems."""

    root: Path
    instansi: Instansi | None = None
    sop: Sop | None = None
    tahun: dict[int, DataTahun] = field(default_factory=dict)
    dokumen: dict[str, Dokumen] = field(default_factory=dict)
    blob: dict[str, str] = field(default_factory=dict)
    """The git blob id of each file read from the work tree (what its models were built from)."""

    def lokasi(self, berkas: str, jalur: Jalur = (), kunci: bool = False) -> tuple[int, int]:
        """Return the (line, column) of a value in a loaded file, (0, 0) if unknown."""
        dok = self.dokumen.get(berkas)
        return dok.lokasi(jalur, kunci) if dok else (0, 0)

    def galat(
        self, berkas: str, jalur: Jalur, kode: str, pesan: str, kunci: bool = False
    ) -> Masalah:
        """Build an error located at a value of a loaded file."""
        return galat(berkas, *self.lokasi(berkas, jalur, kunci), kode, pesan)

    def peringatan(
        self, berkas: str, jalur: Jalur, kode: str, pesan: str, kunci: bool = False
    ) -> Masalah:
        """Build a warning located at a value of a loaded file."""
        return peringatan(berkas, *self.lokasi(berkas, jalur, kunci), kode, pesan)

    @property
    def tahun_terurut(self) -> list[int]:
        """Return the years present, oldest first (reading none that is read when looked at)."""
        if isinstance(self.tahun, Tunda):
            return sorted(self.tahun.kunci_tanpa_muat())
        return sorted(self.tahun)


_TAHUN_BERKAS = re.compile(rf"{DATA}/([0-9]{{4}})/")


def _tahun_berkas(berkas: object) -> int | None:
    """Return the year folder a repo-relative path lies in (data/<tahun>/...), None if none."""
    cocok = _TAHUN_BERKAS.match(berkas) if isinstance(berkas, str) else None
    return int(cocok[1]) if cocok else None


class _Pemuat:
    def __init__(
        self,
        root: Path,
        cache: bool = True,
        akar_cache: Path | None = None,
        segera: Collection[int] | None = None,
    ) -> None:
        self.root = root
        self.masalah: list[Masalah] = []
        self.ds = Dataset(root=root)
        self.cache = CacheBerkas(akar_cache or root, aktif=cache)
        self.tanpa_tautan = False
        """Set once `periksa_tautan` found no symbolic link under data/."""
        self.segera = segera
        """The years read right away; None: all (otherwise the others when looked at)."""
        self.tertunda: dict[int, Path] = {}
        """Year folders not read yet (see `segera`)."""
        self.realisasi_tertunda: dict[int, tuple[Path, Tunda[Periode, dict[str, Realisasi]]]] = {}
        """The realisasi folders of years read when looked at, read when theirs is looked at."""
        if segera is not None:
            self.ds.tahun = Tunda(self.muat_tahun_tertunda, self.tertunda.keys)
            self.ds.dokumen = Tunda(self.muat_berkas_tertunda)

    def muat_tahun_tertunda(self, tahun: object) -> None:
        """Read a year whose reading was put off (every such year for SEMUA), its realisasi
        apart: those are read when the year's `realisasi` is looked at."""
        daftar = sorted(self.tertunda) if tahun is SEMUA else [tahun]
        for t in daftar:
            folder = self.tertunda.pop(t, None) if isinstance(t, int) else None
            if folder is not None and isinstance(t, int):
                self.muat_tahun(folder, t, tunda_realisasi=True)

    def muat_realisasi_tertunda(self, tahun: int) -> None:
        """Read a year's realisasi folder whose reading was put off."""
        tunda = self.realisasi_tertunda.pop(tahun, None)
        if tunda is not None:
            folder, realisasi = tunda
            dict.update(realisasi, self.muat_realisasi(folder))

    def muat_berkas_tertunda(self, berkas: object) -> None:
        """Read what a document needs: its year, and its year's realisasi for one of those."""
        if berkas is SEMUA:
            self.muat_tahun_tertunda(SEMUA)
            for t in sorted(self.realisasi_tertunda):
                self.muat_realisasi_tertunda(t)
            return
        tahun = _tahun_berkas(berkas)
        if tahun is None:
            return
        self.muat_tahun_tertunda(tahun)
        if isinstance(berkas, str) and berkas.startswith(f"{DATA}/{tahun}/{FOLDER_REALISASI}/"):
            self.muat_realisasi_tertunda(tahun)

    def baca(self, path: Path, model: type[M]) -> M | None:
        berkas = path.relative_to(self.root).as_posix()
        if not self.di_dalam(path):  # reported once by periksa_tautan
            return None
        data = baca_biasa(path)
        if data is None:  # too large, not a regular file, unreadable: reported by baca_berkas
            try:
                baca_berkas(path, berkas)
            except DataError as exc:
                self.masalah.extend(exc.masalah)
            return None
        self.ds.blob[berkas] = blob = id_blob(data)
        dok, obj, masalah = muat_berkas(berkas, data, model, self.cache, blob)
        if dok is not None:
            self.ds.dokumen[berkas] = dok
        self.masalah.extend(masalah)
        return obj

    def asing(self, path: Path, alasan: str) -> None:
        berkas = path.relative_to(self.root).as_posix()
        self.masalah.append(peringatan(berkas, 0, 0, "berkas-tidak-dikenal", alasan))

    def lewati(self, path: Path, dibaca: Callable[[str], bool] = lambda _: False) -> bool:
        """Report a hidden, backup or mis-extended name (see `unread_names`); return whether
        the caller skips the entry. `dibaca`: whether a name is one read in this folder."""
        nama = path.name
        t = nilai_nama(nama, path.is_dir()) or nama_salah(nama, dibaca)
        if t is not None:
            self.catat(path, t)
        return t is not None or nama.startswith(".")

    def catat(self, path: Path, t: Temuan) -> None:
        berkas = path.relative_to(self.root).as_posix()
        self.masalah.append(Masalah(berkas, 0, 0, t.tingkat, t.kode, t.pesan))

    def muat(self) -> None:
        data = self.root / DATA
        for nama, model, attr in (
            (NAMA_INSTANSI, Instansi, "instansi"),
            (NAMA_SOP, Sop, "sop"),
        ):
            path = data / nama
            if path.exists():  # a folder or a pipe by that name is reported by `baca`
                setattr(self.ds, attr, self.baca(path, model))
            else:
                self.masalah.append(
                    galat(
                        f"{DATA}/{nama}",
                        0,
                        0,
                        "berkas-hilang",
                        f"berkas data/{nama} tidak ada; buat berkas ini (lihat README atau "
                        "jalankan 'capkin init' untuk contoh)",
                    )
                )
        self.periksa_tautan(data)
        for anak in sorted(data.iterdir()):
            dibaca = {NAMA_INSTANSI, NAMA_SOP}
            if anak.name in dibaca or self.lewati(anak, dibaca.__contains__):
                continue
            if anak.is_dir() and POLA_TAHUN.fullmatch(anak.name):
                if int(anak.name) not in TAHUN_SAH:
                    self.masalah.append(
                        galat(
                            anak.relative_to(self.root).as_posix(),
                            0,
                            0,
                            "tahun-tidak-sah",
                            f"folder tahun {anak.name} di luar jangkauan 1900–2100; ganti nama "
                            "folder dengan tahun yang benar",
                        )
                    )
                    continue
                # a folder out of the repo is "read" now: it gives no year (see muat_tahun)
                if self.segera is None or int(anak.name) in self.segera or not self.di_dalam(anak):
                    self.muat_tahun(anak, int(anak.name))
                else:
                    self.tertunda[int(anak.name)] = anak
            elif ekstensi_yaml(anak.name) or anak.is_dir():
                self.asing(
                    anak,
                    "berkas atau folder ini tidak dikenal capkin dan diabaikan; "
                    "data tahunan disimpan di folder data/<tahun>/ (mis. data/2025/)",
                )

    def di_dalam(self, path: Path) -> bool:
        """Return whether a path stays in the repo (`periksa_tautan` reports those that don't)."""
        if self.tanpa_tautan and path.is_relative_to(self.root / "data"):
            return True  # nothing under data/ is a link: resolving each path (slow) is moot
        return path.resolve().is_relative_to(self.root)

    def periksa_tautan(self, data: Path) -> None:
        """Report every symbolic link under data/ that leads out of the repo, of any file kind.

        Such a link could make the build publish a file of the machine (CI secrets) in the
        data ZIP, so it is an error even when capkin would not read the file.
        """
        ada_tautan = data.is_symlink()
        for folder, subfolder, berkas in os.walk(data):
            for nama in [*subfolder, *berkas]:
                path = Path(folder) / nama
                if not path.is_symlink():
                    continue
                ada_tautan = True
                if not self.di_dalam(path):
                    self.masalah.append(
                        galat(
                            path.relative_to(self.root).as_posix(),
                            0,
                            0,
                            "tautan-ke-luar-repo",
                            "tautan simbolik ini menunjuk ke luar repo dan tidak dibaca; hapus "
                            "tautannya dan simpan berkasnya di dalam repo",
                        )
                    )
        self.tanpa_tautan = not ada_tautan

    def baca_per_periode(self, folder: Path, model: type[M]) -> dict[Periode, M]:
        """Read a folder of one file per quarter (TW1.yml … TW4.yml), e.g. siklus/."""
        hasil: dict[Periode, M] = {}
        if not self.di_dalam(folder):
            return hasil
        for f in sorted(folder.iterdir()):
            if self.lewati(f, lambda n: n.removesuffix(EKSTENSI) in Periode.__members__):
                continue
            if f.suffix != EKSTENSI or f.stem not in Periode.__members__:
                self.asing(
                    f,
                    f"berkas {folder.name} harus bernama TW1.yml, TW2.yml, TW3.yml atau "
                    "TW4.yml; ubah nama berkas ini",
                )
                continue
            obj = self.baca(f, model)
            if obj is not None:
                hasil[Periode(f.stem)] = obj
        return hasil

    def muat_realisasi(self, folder: Path) -> dict[Periode, dict[str, Realisasi]]:
        """Read a year's realisasi folder: one folder per quarter, one file per unit."""
        realisasi: dict[Periode, dict[str, Realisasi]] = {}
        for sub in sorted(folder.iterdir()):
            if self.lewati(sub, Periode.__members__.__contains__):
                continue
            if sub.is_file() and ekstensi_yaml(sub.name):
                self.catat(sub, di_luar_folder_periode(sub.name))
                continue
            if not sub.is_dir() or sub.name not in Periode.__members__:
                self.asing(
                    sub,
                    f"'{sub.name}' bukan folder periode; gunakan TW1, TW2, TW3 "
                    "atau TW4 (huruf besar)",
                )
                continue
            periode = Periode(sub.name)
            if not self.di_dalam(sub):
                continue
            for f in sorted(sub.iterdir()):
                if self.lewati(f, lambda n: _SLUG.fullmatch(n.removesuffix(EKSTENSI)) is not None):
                    continue
                if f.suffix != EKSTENSI:  # a folder or a pipe named <unit>.yml: see `baca`
                    self.asing(
                        f,
                        "berkas realisasi harus bernama <unit>.yml; ubah nama "
                        "berkas ini atau pindahkan keluar dari folder data/",
                    )
                    continue
                if not _SLUG.fullmatch(f.stem):
                    self.masalah.append(
                        galat(
                            f.relative_to(self.root).as_posix(),
                            0,
                            0,
                            "nama-berkas",
                            "nama berkas realisasi harus id unit (huruf kecil a-z, angka, "
                            "titik, tanda hubung) diikuti .yml, mis. jawatan-umum.yml; "
                            "ubah nama berkas ini",
                        )
                    )
                    continue
                r = self.baca(f, Realisasi)
                if r is not None:
                    realisasi.setdefault(periode, {})[f.stem] = r
        return realisasi

    def muat_tahun(self, folder: Path, tahun: int, tunda_realisasi: bool = False) -> None:
        pk = None
        path_pk = folder / NAMA_PK
        if path_pk.exists():  # a folder or a pipe by that name is reported by `baca`
            pk = self.baca(path_pk, PerjanjianKinerja)
        realisasi: dict[Periode, dict[str, Realisasi]] = {}
        siklus: dict[Periode, Siklus] = {}
        anggaran: dict[Periode, Anggaran] = {}
        if not self.di_dalam(folder):
            return
        for anak in sorted(folder.iterdir()):
            if anak == path_pk or self.lewati(anak, NAMA_PK.__eq__):
                continue
            if anak.name == FOLDER_REALISASI and anak.is_dir():
                if not self.di_dalam(anak):
                    continue
                if tunda_realisasi:
                    realisasi = Tunda(lambda _: self.muat_realisasi_tertunda(tahun))
                    self.realisasi_tertunda[tahun] = (anak, realisasi)
                else:
                    realisasi = self.muat_realisasi(anak)
            elif anak.name == FOLDER_SIKLUS and anak.is_dir():
                siklus = self.baca_per_periode(anak, Siklus)
            elif anak.name == FOLDER_ANGGARAN and anak.is_dir():
                anggaran = self.baca_per_periode(anak, Anggaran)
            elif anak.name == FOLDER_LKJIP and anak.is_dir():
                # Markdown narratives, read as text by the LKjIP; never parsed as YAML here.
                for f in sorted(anak.iterdir()):
                    if self.lewati(f) or (f.suffix == ".md" and f.stem in NARASI_LKJIP):
                        continue
                    self.asing(
                        f,
                        "folder lkjip hanya berisi ikhtisar.md, pendahuluan.md dan penutup.md; "
                        "ubah nama berkas ini atau pindahkan",
                    )
            elif ekstensi_yaml(anak.name) or anak.is_dir():
                self.asing(
                    anak,
                    "berkas atau folder ini tidak dikenal capkin dan diabaikan; "
                    "folder tahun berisi perjanjian-kinerja.yml, realisasi/, siklus/, "
                    "anggaran/ dan lkjip/",
                )
        self.ds.tahun[tahun] = DataTahun(tahun, pk, realisasi, siklus, anggaran)


_MODEL_BERKAS: tuple[tuple[re.Pattern[str], type[Model]], ...] = (
    (re.compile(r"data/instansi\.yml"), Instansi),
    (re.compile(r"data/sop\.yml"), Sop),
    (re.compile(r"data/[0-9]{4}/perjanjian-kinerja\.yml"), PerjanjianKinerja),
    (re.compile(rf"data/[0-9]{{4}}/realisasi/TW[1-4]/{SLUG_POLA.strip('^$')}\.yml"), Realisasi),
    (re.compile(r"data/[0-9]{4}/siklus/TW[1-4]\.yml"), Siklus),
)


def baca_model(
    berkas: str, isi: bytes, cache: CacheBerkas | None = None
) -> tuple[Dokumen | None, Model | None, list[Masalah]]:
    """Parse one data file from its bytes into (document, model, problems); never raises.

    The model kind comes from the repo-relative path; a path capkin does not read gives
    (None, None, []). Every file a `muat_isi` dataset holds is read through here.
    """
    model = next((m for pola, m in _MODEL_BERKAS if pola.fullmatch(berkas)), None)
    if model is None:
        return None, None, []
    dok, obj, masalah = muat_berkas(berkas, isi, model, cache)
    return dok, obj, masalah


Pembaca = Callable[[str, bytes], tuple[Dokumen | None, Model | None, list[Masalah]]]
"""How `muat_isi` parses one file: `baca_model`, or a cache in front of it."""


def muat_isi(
    root: Path, isi: Iterable[tuple[str, bytes]], baca: Pembaca = baca_model
) -> tuple[Dataset, list[Masalah]]:
    """Build a Dataset from (repo-relative path, bytes) pairs, e.g. blobs of a git commit.

    Unlike `muat_dataset` nothing is read from the file system, so a past revision can be
    loaded without a checkout; files that fail to parse are left out and reported.
    """
    ds = Dataset(root=root)
    masalah: list[Masalah] = []
    per_tahun: dict[int, DataTahun] = {}
    for berkas, data in sorted(isi):
        dok, obj, salah = baca(berkas, data)
        masalah += salah
        if dok is None or obj is None:
            continue
        ds.dokumen[berkas] = dok
        bagian = berkas.split("/")
        if isinstance(obj, Instansi):
            ds.instansi = obj
        elif isinstance(obj, Sop):
            ds.sop = obj
        else:
            tahun = int(bagian[1])
            dt = per_tahun.setdefault(tahun, DataTahun(tahun, None, {}, {}))
            if isinstance(obj, PerjanjianKinerja):
                per_tahun[tahun] = DataTahun(tahun, obj, dt.realisasi, dt.siklus)
            elif isinstance(obj, Realisasi):
                dt.realisasi.setdefault(Periode(bagian[3]), {})[bagian[4][:-4]] = obj
            elif isinstance(obj, Siklus):
                dt.siklus[Periode(bagian[3][:-4])] = obj
    ds.tahun = dict(sorted(per_tahun.items()))
    return ds, masalah


def cari_root(mulai: Path) -> Path:
    """Return the repo root: `mulai` if it holds `data/`; raise a UsageError otherwise."""
    mulai = mulai.resolve()
    if not mulai.is_dir():
        raise UsageError(f"folder {mulai} tidak ada; periksa jalur yang diberikan pada -C")
    if (mulai / "data").is_dir():
        return mulai
    raise UsageError(
        f"folder {mulai} tidak berisi folder data/; jalankan capkin di folder repo data "
        "(yang berisi data/), atau pakai -C FOLDER"
    )


def muat_dataset(
    root: Path,
    *,
    cache: bool = True,
    akar_cache: Path | None = None,
    segera: Collection[int] | None = None,
) -> tuple[Dataset, list[Masalah]]:
    """Load every file under `root/data`; return the dataset and the problems of reading it.

    Files that fail to parse or to match their model are left out of the dataset and
    reported; nothing here raises for bad data. With `cache`, files read before (same path,
    same bytes) come from capkin's file cache (`capkin.filecache`) instead of being parsed.
    `akar_cache` is the repository whose cache to use when `root` is a copy of one of its
    revisions in a temporary folder (which would otherwise get a cache of its own, never
    read again).

    With `segera`, only those years are read now: each other year is read the first time
    the dataset's `tahun` or `dokumen` looks at it (anything that sees every year reads
    them all), its realisasi folder when its `realisasi` (or a document in it) is looked
    at, and the problems of reading them are not returned.
    """
    pemuat = _Pemuat(cari_root(root), cache=cache, akar_cache=akar_cache, segera=segera)
    pemuat.muat()
    pemuat.cache.simpan(lengkap=not pemuat.tertunda)
    return pemuat.ds, list(pemuat.masalah)  # not the list years read later add to


def ada_galat(masalah: Iterable[Masalah]) -> bool:
    """Return whether any problem is an error."""
    return any(m.tingkat is Tingkat.GALAT for m in masalah)
