"""Checks across files: references, paths, values that fit their indicators, dates, NIPs.

Loading (`capkin.dataset`) checks each file against its model; this package checks what
only the whole tree can tell, gathering every problem before anyone fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from capkin.dataset import Dataset, ada_galat, cari_root, muat_dataset
from capkin.errors import DataError, Masalah, urutkan
from capkin.validation.anggaran import periksa_anggaran
from capkin.validation.instansi import periksa_instansi, periksa_nip, periksa_sop
from capkin.validation.nilai import periksa_angka_ganda, periksa_nilai
from capkin.validation.realisasi import periksa_realisasi, periksa_tanggal_ada
from capkin.validation.repository import periksa_cache_tertrack, periksa_codeowners
from capkin.validation.result_cache import (
    CacheHasil,
    Sebagian,
    integritas_tersimpan,
)
from capkin.validation.siklus import periksa_siklus
from capkin.validation.state_digest import tahun_masalah
from capkin.validation.target import periksa_pk


def periksa_dataset(ds: Dataset) -> list[Masalah]:
    """Return every cross-file problem of a loaded dataset."""
    masalah: list[Masalah] = []
    masalah += periksa_instansi(ds)
    masalah += periksa_sop(ds)
    for tahun, dt in sorted(ds.tahun.items()):
        if dt.pk is not None:
            masalah += periksa_pk(ds, tahun, dt.pk)
    masalah += periksa_realisasi(ds)
    masalah += periksa_nilai(ds)
    masalah += periksa_angka_ganda(ds)
    masalah += periksa_siklus(ds)
    masalah += periksa_tanggal_ada(ds)
    masalah += periksa_anggaran(ds)
    return masalah


def _periksa_dasar(ds: Dataset) -> list[Masalah]:
    """Return the cross-file problems of a loaded dataset and of the files beside data/."""
    return [
        *periksa_dataset(ds),
        *periksa_codeowners(ds, ds.root),
        *periksa_cache_tertrack(ds.root),
    ]


def _periksa_bagian(
    root: Path,
    *,
    riwayat: bool,
    akar_cache: Path | None = None,
    cache: CacheHasil | None = None,
) -> tuple[Dataset, dict[str, list[Masalah]]]:
    """Load and check a data tree; return the dataset and the problems by part (`dasar`:
    loading and cross-file checks, `riwayat`: the git history's).

    With a `cache` that offers the outcome of a state differing only in some year folders
    (`CacheHasil.sebagian`), only those years are read and checked for `dasar`; the others
    are read when the history checks look at them.
    """
    sebagian = cache.sebagian if cache is not None else None
    if sebagian is None:
        ds, dasar = muat_dataset(root, akar_cache=akar_cache)
        dasar += _periksa_dasar(ds)
        # what locating these problems unpacked is freed before the history's walk
        for dok in ds.dokumen.values():
            dok.lepas()
    else:
        ds, dasar = _periksa_tahun(root, sebagian)
    bagian = {"dasar": dasar}
    if riwayat:
        from capkin.history import periksa_integritas

        sejarah = integritas_tersimpan(
            ds, lambda d: periksa_integritas(d, d.root), cache.blob if cache else None
        )
        if not ada_galat(dasar) and not ada_galat(sejarah):  # figures only from valid data
            from capkin.pengesahan.alterations import periksa_laporan_beku

            sejarah += periksa_laporan_beku(ds, ds.root)
        bagian["riwayat"] = sejarah
    return ds, bagian


def _periksa_tahun(root: Path, sebagian: Sebagian) -> tuple[Dataset, list[Masalah]]:
    """Check again only the years `sebagian` names; return the dataset (the other years read
    when looked at) and the whole `dasar` part: the other years' problems as stored."""
    ds, dimuat = muat_dataset(root, segera=sebagian.kotor)
    # the years checked again, alone: a check sees one year at a time (`tahun_masalah`)
    terbatas = replace(
        ds,
        tahun={t: ds.tahun[t] for t in sorted(sebagian.kotor) if t in ds.tahun},
        dokumen=dict(dict.items(ds.dokumen)),
    )
    baru = [*dimuat, *_periksa_dasar(terbatas)]
    return ds, [*sebagian.masalah, *(m for m in baru if tahun_masalah(m) in sebagian.kotor)]


def periksa(
    root: Path, *, riwayat: bool = True, akar_cache: Path | None = None
) -> tuple[Dataset, list[Masalah]]:
    """Load and check a data tree; return the dataset and every problem, sorted.

    With `riwayat`, checks that need the git history (verified sign-offs, late changes)
    run too when the tree is in a git repository.
    """
    ds, bagian = _periksa_bagian(root, riwayat=riwayat, akar_cache=akar_cache)
    return ds, urutkan(m for daftar in bagian.values() for m in daftar)


def periksa_tersimpan(
    root: Path, jenis: str, tambahan: Callable[[Dataset], list[Masalah]]
) -> list[Masalah]:
    """Return every problem of `periksa(root)` and of `tambahan(ds)`, sorted.

    When every input is as it was when last checked, the outcome is returned without
    loading the tree (`result_cache`); `jenis` names the part `tambahan` adds.
    """
    cache = CacheHasil(cari_root(root))
    masalah = cache.baca("dasar", "riwayat", jenis)
    if masalah is not None:
        return urutkan(masalah)
    ds, bagian = _periksa_bagian(root, riwayat=True, cache=cache)
    bagian[jenis] = tambahan(ds)
    cache.simpan(ds, bagian, sebagian=cache.sebagian)
    return urutkan(m for daftar in bagian.values() for m in daftar)


def _muat_valid(
    root: Path,
    riwayat: bool,
    akar_cache: Path | None,
    cache: CacheHasil | None,
    tunda: bool = False,
) -> tuple[Dataset, list[Masalah]]:
    """`muat_valid`; with `tunda`, a tree whose outcome is known is read a year at a time,
    as its years are looked at (`muat_dataset`'s `segera`)."""
    bagian = ("dasar", "riwayat") if riwayat else ("dasar",)
    if cache is not None and (tersimpan := cache.baca(*bagian)) is not None:
        masalah = urutkan(tersimpan)
        if ada_galat(masalah):
            raise DataError(masalah)
        ds, _ = muat_dataset(root, segera=() if tunda else None)
        return ds, masalah
    ds, semua = _periksa_bagian(root, riwayat=riwayat, akar_cache=akar_cache, cache=cache)
    if cache is not None:
        cache.simpan(ds, semua, sebagian=cache.sebagian)
    masalah = urutkan(m for daftar in semua.values() for m in daftar)
    if ada_galat(masalah):
        raise DataError(masalah)
    return ds, masalah


def muat_valid(
    root: Path, *, riwayat: bool = False, akar_cache: Path | None = None
) -> tuple[Dataset, list[Masalah]]:
    """Load a data tree for computing; raise DataError when it has any error.

    Returns the dataset and its warnings. The checks are skipped when the outcome of
    checking this exact state is known (`result_cache`, e.g. from `capkin validate`).
    """
    # a copy of a revision in a temporary folder (`akar_cache`) is never checked twice
    cache = None if akar_cache else CacheHasil(cari_root(root))
    return _muat_valid(root, riwayat, akar_cache, cache)


def keluaran_tersimpan(
    root: Path, nama: str, buat: Callable[[Dataset], str]
) -> tuple[str, list[Masalah]]:
    """Return the text `buat` makes from the valid tree (`muat_valid`), and its warnings.

    The text is stored with the outcome of the tree's state under `nama` (which must say
    everything else the text depends on, e.g. a command's options) and reused while every
    input is unchanged. Raises DataError when the tree has an error.
    """
    cache = CacheHasil(cari_root(root))
    teks, masalah = cache.baca_teks(nama), cache.baca("dasar")
    if teks is not None and masalah is not None and not ada_galat(masalah):
        return teks, urutkan(masalah)
    ds, masalah = _muat_valid(root, False, None, cache, tunda=True)
    teks = buat(ds)
    cache.simpan(ds, {}, {nama: teks})
    return teks, masalah


__all__ = [
    "keluaran_tersimpan",
    "muat_valid",
    "periksa",
    "periksa_dataset",
    "periksa_nip",
    "periksa_tersimpan",
]
