"""Checks of realisasi files: paths, references, values that fit their indicator, bukti."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.layout import berkas_realisasi
from capkin.models.base import Periode
from capkin.models.instansi_model import Peran
from capkin.models.perjanjian_kinerja_model import Indikator, Jenis
from capkin.models.realisasi_model import EntriRealisasi, Realisasi
from capkin.validation.helpers import (
    pejabat_tidak_dikenal,
    saran_angka,
    unit_tidak_dikenal,
)


def bukti_di_dalam_repo(
    ds: Dataset, b: str, jalur: tuple[str | int, ...], bukti: str
) -> Iterator[Masalah]:
    """Rule: a bukti is an http(s) link or a path to a file inside the repository.

    A path that leads outside (absolute, `..`, a drive letter, a symlink out) is an error;
    one that does not exist is a warning.
    """
    if "://" in bukti or bukti.lower().startswith(("mailto:", "javascript:", "data:")):
        skema = urlsplit(bukti).scheme.lower()
        if skema not in {"http", "https"}:
            yield ds.galat(
                b,
                jalur,
                "bukti-tidak-sah",
                f"bukti '{bukti}': hanya tautan http:// atau https:// atau jalur berkas "
                "di dalam repo yang diizinkan",
            )
        return
    p = PurePosixPath(bukti.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts or re.match(r"^[A-Za-z]:", bukti):
        yield ds.galat(
            b,
            jalur,
            "bukti-di-luar-repo",
            f"bukti '{bukti}' menunjuk ke luar repo; tulis jalur relatif dari akar repo, "
            "mis. bukti/2025/tw2/ikm.pdf",
        )
        return
    target = (ds.root / p).resolve()
    if not target.is_relative_to(ds.root.resolve()):
        yield ds.galat(
            b,
            jalur,
            "bukti-di-luar-repo",
            f"bukti '{bukti}' menunjuk ke luar repo (lewat tautan simbolik); simpan "
            "berkasnya di dalam repo",
        )
    elif not target.exists():
        yield ds.peringatan(
            b,
            jalur,
            "bukti-tidak-ada",
            f"bukti '{bukti}' tidak ditemukan di repo; tambahkan berkasnya atau perbaiki jalurnya",
        )


def periksa_realisasi(ds: Dataset) -> Iterator[Masalah]:
    """Check every realisasi file, rule by rule: the file itself, then each entry."""
    unit_ids = {u.id for u in ds.instansi.unit} if ds.instansi else set()
    for tahun, dt in sorted(ds.tahun.items()):
        indeks = {i.id: i for _, i in dt.pk.semua_indikator()} if dt.pk else {}
        for periode, per_unit in sorted(dt.realisasi.items()):
            pelapor: dict[str, str] = {}
            for unit, r in sorted(per_unit.items()):
                b = berkas_realisasi(tahun, periode, unit)
                if dt.pk is None:
                    yield ds.galat(
                        b,
                        (),
                        "pk-hilang",
                        f"tahun {tahun} belum punya data/{tahun}/perjanjian-kinerja.yml; "
                        "buat perjanjian kinerja tahun itu sebelum mengisi realisasi",
                    )
                yield from isi_sesuai_letak(ds, b, periode, unit, r, unit_ids)
                yield from penyampai_dari_unitnya(ds, b, unit, r)
                for k, entri in enumerate(r.realisasi):
                    yield from indikator_sekali_per_periode(ds, b, k, entri, periode, pelapor)
                    pelapor.setdefault(entri.indikator, b)
                    ind = indeks.get(entri.indikator)
                    if ind is None:
                        if dt.pk is not None:
                            yield ds.galat(
                                b,
                                ("realisasi", k, "indikator"),
                                "rujukan-tidak-dikenal",
                                f"realisasi[{k}].indikator: '{entri.indikator}' tidak ada di "
                                f"perjanjian kinerja {tahun}; periksa ejaan id indikatornya",
                            )
                    else:
                        yield from indikator_milik_unit(ds, b, k, ind, unit)
                        jalur = ("realisasi", k)
                        yield from nilai_sesuai_jenis(
                            ds, b, jalur, f"realisasi[{k}]", ind, entri.nilai
                        )
                    for n, bukti in enumerate(entri.bukti):
                        yield from bukti_di_dalam_repo(ds, b, ("realisasi", k, "bukti", n), bukti)


def isi_sesuai_letak(
    ds: Dataset, b: str, periode: Periode, unit: str, r: Realisasi, unit_ids: set[str]
) -> Iterator[Masalah]:
    """Rule: a file's `periode` and `unit` are its folder and file name, and the unit exists."""
    if r.periode is not periode:
        yield ds.galat(
            b,
            ("periode",),
            "periode-tidak-cocok",
            f"periode: '{r.periode}' tidak sama dengan folder {periode}; "
            f"tulis periode: {periode} atau pindahkan berkas ini ke folder "
            f"realisasi/{r.periode}/",
        )
    if r.unit != unit:
        yield ds.galat(
            b,
            ("unit",),
            "unit-tidak-cocok",
            f"unit: '{r.unit}' tidak sama dengan nama berkas {unit}.yml; "
            f"tulis unit: {unit} atau ganti nama berkas menjadi {r.unit}.yml",
        )
    if ds.instansi and unit not in unit_ids:
        yield unit_tidak_dikenal(ds, b, ("unit",), None, unit, unit_ids)


def penyampai_dari_unitnya(ds: Dataset, b: str, unit: str, r: Realisasi) -> Iterator[Masalah]:
    """Rule: the official who submits a file is registered and heads that unit.

    The Kasubbag KPE may enter data on a unit's behalf (step 2 of the SOP).
    """
    inst = ds.instansi
    penyampai = inst.cari_pejabat(r.disampaikan_oleh) if inst else None
    if inst and penyampai is None:
        yield pejabat_tidak_dikenal(
            ds, b, ("disampaikan_oleh",), "disampaikan_oleh", r.disampaikan_oleh
        )
    elif (
        penyampai is not None
        and penyampai.unit not in (None, unit)
        and penyampai.peran != Peran.KASUBBAG_KPE
    ):
        yield ds.peringatan(
            b,
            ("disampaikan_oleh",),
            "penyampai-unit-lain",
            f"disampaikan_oleh: {penyampai.id} adalah pejabat unit "
            f"'{penyampai.unit}', bukan '{unit}'; tulis id kepala unit {unit}",
        )


def indikator_sekali_per_periode(
    ds: Dataset, b: str, k: int, entri: EntriRealisasi, periode: Periode, pelapor: dict[str, str]
) -> Iterator[Masalah]:
    """Rule: an indicator is reported once per period, across all units' files."""
    if entri.indikator in pelapor:
        yield ds.galat(
            b,
            ("realisasi", k, "indikator"),
            "indikator-ganda",
            f"realisasi[{k}].indikator: '{entri.indikator}' sudah dilaporkan "
            f"untuk {periode} di {pelapor[entri.indikator]}; satu "
            "indikator hanya dilaporkan sekali per periode",
        )


def indikator_milik_unit(
    ds: Dataset, b: str, k: int, ind: Indikator, unit: str
) -> Iterator[Masalah]:
    """Rule (warning): a unit reports the indicators it answers for."""
    if ind.penanggung_jawab != unit:
        yield ds.peringatan(
            b,
            ("realisasi", k, "indikator"),
            "bukan-penanggung-jawab",
            f"realisasi[{k}].indikator: '{ind.id}' menjadi tanggung jawab "
            f"'{ind.penanggung_jawab}', bukan '{unit}'; laporkan di berkas "
            f"unit {ind.penanggung_jawab}",
        )


def nilai_sesuai_jenis(
    ds: Dataset,
    b: str,
    jalur: tuple[str | int, ...],
    nama: str,
    ind: Indikator,
    nilai: object,
) -> Iterator[Masalah]:
    """Rule: a value fits its indicator: a level of its skala, or a finite number."""
    if nilai is None:
        return
    if ind.jenis is Jenis.KATEGORI:
        if not isinstance(nilai, str) or (ind.skala and nilai not in ind.skala):
            pilihan = ", ".join(ind.skala or ())
            yield ds.galat(
                b,
                (*jalur, "nilai"),
                "nilai-tidak-sesuai",
                f"{nama}.nilai: harus salah satu tingkatan skala indikator '{ind.id}' "
                f"({pilihan}), ditemukan {nilai!r}",
            )
    elif not isinstance(nilai, int | float):
        yield ds.galat(
            b,
            (*jalur, "nilai"),
            "nilai-tidak-sesuai",
            f"{nama}.nilai: harus berupa angka, ditemukan {nilai!r}; {saran_angka('nilai', nilai)}",
        )
    elif nilai != nilai or nilai in (float("inf"), float("-inf")):
        yield ds.galat(
            b,
            (*jalur, "nilai"),
            "nilai-tidak-sesuai",
            f"{nama}.nilai: harus angka yang terhingga, ditemukan {nilai}",
        )


def periksa_tanggal_ada(ds: Dataset) -> Iterator[Masalah]:
    """Flag realisasi dates far outside their year (typo guard)."""
    for tahun, dt in sorted(ds.tahun.items()):
        for periode, per_unit in sorted(dt.realisasi.items()):
            for unit, r in sorted(per_unit.items()):
                if not tahun <= r.tanggal.year <= tahun + 1:
                    b = berkas_realisasi(tahun, periode, unit)
                    yield ds.peringatan(
                        b,
                        ("tanggal",),
                        "tanggal-janggal",
                        f"tanggal: {r.tanggal} berada di luar tahun {tahun} dan "
                        f"{tahun + 1}; periksa kembali tanggalnya",
                    )
