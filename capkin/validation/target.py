"""Checks of a year's perjanjian kinerja: ids, responsible units, targets that fit their indicator."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.layout import berkas_pk
from capkin.models.perjanjian_kinerja_model import (
    Agregasi,
    Indikator,
    Jenis,
    PerjanjianKinerja,
    Polaritas,
    Rentang,
)
from capkin.validation.helpers import (
    Letak,
    ganda,
    pejabat_tidak_dikenal,
    saran_angka,
    unit_tidak_dikenal,
)


def _jenis_target(ind: Indikator, nilai: object) -> str | None:
    """Return why a target value does not fit its indicator, or None."""
    if ind.jenis is Jenis.KATEGORI:
        if not isinstance(nilai, str):
            return "indikator kategori harus memakai salah satu tingkatan skala sebagai target"
        if ind.skala and nilai not in ind.skala:
            return f"'{nilai}' bukan tingkatan skala; pilih salah satu dari: {', '.join(ind.skala)}"
        return None
    if ind.polaritas is Polaritas.RENTANG:
        if not isinstance(nilai, Rentang):
            return "indikator rentang harus memakai target {min: ..., maks: ...}"
        if nilai.min >= nilai.maks:
            return (
                f"min ({nilai.min}) harus lebih kecil dari maks ({nilai.maks}); "
                "tukar atau perbaiki kedua nilai"
            )
        return None
    if not isinstance(nilai, int | float):
        return f"harus berupa angka, ditemukan {nilai!r}; {saran_angka('target', nilai)}"
    return None


def periksa_pk(ds: Dataset, tahun: int, pk: PerjanjianKinerja) -> Iterator[Masalah]:
    """Check a year's perjanjian kinerja, rule by rule: the file, then every indicator."""
    b = berkas_pk(tahun)
    inst = ds.instansi
    if pk.tahun != tahun:
        yield ds.galat(
            b,
            ("tahun",),
            "tahun-tidak-cocok",
            f"tahun: {pk.tahun} tidak sama dengan folder data/{tahun}/; samakan keduanya",
        )
    if inst and inst.cari_pejabat(pk.pihak_pertama) is None:
        yield pejabat_tidak_dikenal(ds, b, ("pihak_pertama",), "pihak_pertama", pk.pihak_pertama)
    for i, sid, j in ganda([s.id for s in pk.sasaran]):
        yield ds.galat(
            b,
            ("sasaran", i, "id"),
            "id-ganda",
            f"sasaran[{i}].id: '{sid}' sudah dipakai sasaran[{j}]",
        )
    dilihat: dict[str, tuple[int, int]] = {}
    unit_ids = {u.id for u in inst.unit} if inst else set()
    for si, sasaran in enumerate(pk.sasaran):
        for ii, ind in enumerate(sasaran.indikator):
            x = Letak(b, ("sasaran", si, "indikator", ii), f"sasaran[{si}].indikator[{ii}]")
            yield from id_indikator_unik(ds, x, ind.id, dilihat)
            dilihat.setdefault(ind.id, (si, ii))
            if inst and ind.penanggung_jawab not in unit_ids:
                yield unit_tidak_dikenal(
                    ds,
                    b,
                    (*x.jalur, "penanggung_jawab"),
                    f"{x.nama}.penanggung_jawab",
                    ind.penanggung_jawab,
                    unit_ids,
                )
            for aturan in ATURAN_INDIKATOR:
                yield from aturan(ds, x, ind)


def id_indikator_unik(
    ds: Dataset, x: Letak, id_: str, dilihat: dict[str, tuple[int, int]]
) -> Iterator[Masalah]:
    """Rule: an indicator id is used once in a year, across all sasaran."""
    if id_ in dilihat:
        ps, pi = dilihat[id_]
        yield x.galat(
            ds,
            "id",
            "id-ganda",
            f"{x.nama}.id: indikator '{id_}' sudah ada di "
            f"sasaran[{ps}].indikator[{pi}]; id indikator harus unik dalam "
            "satu tahun",
        )


def skala_kategori(ds: Dataset, x: Letak, ind: Indikator) -> Iterator[Masalah]:
    """Rule: a kategori indicator has a skala of distinct levels; no other kind has one."""
    if ind.jenis is Jenis.KATEGORI:
        if not ind.skala:
            yield x.galat(
                ds,
                "jenis",
                "skala-hilang",
                f"{x.nama}: indikator kategori perlu 'skala', daftar tingkatan dari yang "
                "terendah, mis. skala: [C, CC, B, BB, A, AA]",
            )
        else:
            for k, lvl, _ in ganda(list(ind.skala)):
                yield x.galat(
                    ds,
                    ("skala", k),
                    "skala-ganda",
                    f"{x.nama}.skala: tingkatan '{lvl}' ditulis dua kali",
                )
    elif ind.skala:
        yield x.peringatan(
            ds,
            "skala",
            "skala-diabaikan",
            f"{x.nama}.skala: hanya dipakai untuk jenis kategori; hapus skala atau "
            "ubah jenis menjadi kategori",
        )


def kategori_tanpa_polaritas_agregasi(ds: Dataset, x: Letak, ind: Indikator) -> Iterator[Masalah]:
    """Rule (warning): a kategori indicator writes no polaritas or agregasi but the defaults."""
    if ind.jenis is not Jenis.KATEGORI:
        return
    pilihan: tuple[tuple[str, Polaritas | Agregasi, Polaritas | Agregasi], ...] = (
        ("polaritas", ind.polaritas, Polaritas.NAIK),
        ("agregasi", ind.agregasi, Agregasi.TERAKHIR),
    )
    for kunci, dipakai, baku in pilihan:
        if dipakai is not baku and kunci in ind.model_fields_set:
            yield x.peringatan(
                ds,
                kunci,
                "kategori-diabaikan",
                f"{x.nama}.{kunci}: indikator kategori selalu dibandingkan menurut urutan skala "
                f"dengan nilai terakhir, sehingga {kunci} '{dipakai.value}' diabaikan; hapus "
                f"kunci ini atau tulis {kunci}: {baku.value}",
            )


def target_sesuai_jenis(ds: Dataset, x: Letak, ind: Indikator) -> Iterator[Masalah]:
    """Rule: target, target_periode, target_renstra and standar_nasional fit the indicator."""
    nilai: list[tuple[tuple[str, ...], object]] = [(("target",), ind.target)]
    nilai += [(("target_periode", p.value), v) for p, v in (ind.target_periode or {}).items()]
    if ind.target_renstra is not None:
        nilai.append((("target_renstra", "nilai"), ind.target_renstra.nilai))
    if ind.standar_nasional is not None:
        nilai.append((("standar_nasional",), ind.standar_nasional))
    for kunci, v in nilai:
        if (alasan := _jenis_target(ind, v)) is not None:
            yield x.galat(
                ds,
                kunci,
                "target-tidak-sesuai",
                f"{x.nama}.{'.'.join(kunci)}: {alasan}",
            )


def target_kumulatif_tidak_turun(ds: Dataset, x: Letak, ind: Indikator) -> Iterator[Masalah]:
    """Rule (warning): a kumulatif indicator's quarterly targets never fall."""
    if ind.agregasi is not Agregasi.KUMULATIF or not ind.target_periode:
        return
    urut = sorted(ind.target_periode.items(), key=lambda kv: kv[0].nomor)
    for (p0, v0), (p1, v1) in itertools.pairwise(urut):
        if isinstance(v0, int | float) and isinstance(v1, int | float) and v1 < v0:
            yield x.peringatan(
                ds,
                ("target_periode", p1.value),
                "target-kumulatif-turun",
                f"{x.nama}.target_periode.{p1.value}: {v1} lebih kecil dari {p0.value} ({v0}); "
                "target kumulatif adalah nilai s.d. triwulan itu, sehingga tidak boleh turun",
            )


def isian_dan_batas(ds: Dataset, x: Letak, ind: Indikator) -> Iterator[Masalah]:
    """Rule: `isian` only on a kumulatif number indicator; `batas` names a min below its maks."""
    if ind.isian is not None and (
        ind.agregasi is not Agregasi.KUMULATIF or ind.jenis is Jenis.KATEGORI
    ):
        yield x.galat(
            ds,
            "isian",
            "isian-bukan-kumulatif",
            f"{x.nama}.isian: hanya berlaku untuk indikator angka dengan agregasi kumulatif "
            f"(indikator ini {ind.jenis.value}, agregasi {ind.agregasi.value}); hapus kunci "
            "isian",
        )
    if ind.batas is not None:
        bawah, atas = ind.batas.min, ind.batas.maks
        if bawah is None and atas is None:
            yield x.galat(
                ds,
                "batas",
                "batas-kosong",
                f"{x.nama}.batas: tulis min, maks atau keduanya, mis. batas: "
                "{min: 0, maks: 100}; atau hapus kunci batas",
            )
        elif bawah is not None and atas is not None and bawah > atas:
            yield x.galat(
                ds,
                "batas",
                "batas-terbalik",
                f"{x.nama}.batas: min ({bawah}) lebih besar dari maks ({atas}); tukar kedua nilai",
            )


ATURAN_INDIKATOR: tuple[Callable[[Dataset, Letak, Indikator], Iterator[Masalah]], ...] = (
    skala_kategori,
    kategori_tanpa_polaritas_agregasi,
    target_sesuai_jenis,
    target_kumulatif_tidak_turun,
    isian_dan_batas,
)
"""The rules every indicator of a perjanjian kinerja is checked by, in the order they report."""
