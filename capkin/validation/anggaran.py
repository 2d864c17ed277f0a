"""Checks of the budget: programs in the perjanjian kinerja and the anggaran files."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from capkin.achievement.numbers import desimal, format_angka
from capkin.dataset import Dataset, DataTahun
from capkin.errors import Masalah
from capkin.layout import berkas_anggaran, berkas_pk
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import PerjanjianKinerja, Program
from capkin.validation.helpers import KODE_RUJUKAN, ganda, periode_beda_nama_berkas, tidak_dikenal

TOLERANSI_PORSI = Decimal("0.0001")
"""How far the porsi of a program may sum away from 1 (rounding such as 0.33 + 0.67)."""


def _rp(x: int | float | Decimal) -> str:
    return "Rp" + format_angka(x, 0)


def periksa_program(ds: Dataset, tahun: int, pk: PerjanjianKinerja) -> Iterator[Masalah]:
    """Check the programs of a year's perjanjian kinerja, rule by rule, program by program."""
    b = berkas_pk(tahun)
    yield from program_berbeda(ds, b, pk)
    sasaran_ids = {s.id for s in pk.sasaran}
    for i, p in enumerate(pk.program):
        yield from sasaran_program_dikenal(ds, b, i, p, sasaran_ids)
        yield from program_berpagu(ds, b, i, p)
        if p.porsi is not None:
            yield from porsi_program(ds, b, i, p, p.porsi)
        if p.anggaran_kas:
            yield from anggaran_kas_naik_dalam_pagu(ds, b, i, p, p.anggaran_kas)


def program_berbeda(ds: Dataset, b: str, pk: PerjanjianKinerja) -> Iterator[Masalah]:
    """Rule: every program has its own kode (or uraian), as anggaran files name it so."""
    for i, kunci, j in ganda([p.kunci for p in pk.program]):
        yield ds.galat(
            b,
            ("program", i, "kode" if pk.program[i].kode is not None else "uraian"),
            "program-ganda",
            f"program[{i}]: '{kunci}' sudah dipakai program[{j}]; berkas anggaran menyebut "
            "program dengan kodenya (atau uraiannya), jadi setiap program harus berbeda",
        )


def sasaran_program_dikenal(
    ds: Dataset, b: str, i: int, p: Program, sasaran_ids: set[str]
) -> Iterator[Masalah]:
    """Rule: a program names each sasaran once, and only sasaran of its perjanjian kinerja."""
    nama = f"program[{i}]"
    for k, sid, _ in ganda(list(p.sasaran)):
        yield ds.galat(
            b,
            ("program", i, "sasaran", k),
            "id-ganda",
            f"{nama}.sasaran[{k}]: '{sid}' ditulis dua kali; hapus salah satunya",
        )
    yield from tidak_dikenal(
        ds,
        b,
        ("program", i, "sasaran"),
        p.sasaran,
        sasaran_ids,
        KODE_RUJUKAN,
        lambda k, sid: (
            f"{nama}.sasaran[{k}]: sasaran '{sid}' tidak ada di perjanjian kinerja "
            "ini; tulis salah satu dari"
        ),
    )


def program_berpagu(ds: Dataset, b: str, i: int, p: Program) -> Iterator[Masalah]:
    """Rule (warning): a program serving sasaran has a pagu, else its serapan is unknown."""
    if p.sasaran and p.anggaran is None:
        yield ds.peringatan(
            b,
            ("program", i),
            "program-tanpa-pagu",
            f"program[{i}]: program '{p.kunci}' tanpa 'anggaran' (pagu); serapan dan "
            "efisiensinya tidak dapat dihitung. Tambahkan anggaran: <pagu dalam rupiah>",
        )


def porsi_program(
    ds: Dataset, b: str, i: int, p: Program, porsi: dict[str, float]
) -> Iterator[Masalah]:
    """Rule: a program's porsi splits its pagu over exactly its sasaran, parts summing to 1."""
    jalur = ("program", i, "porsi")
    nama = f"program[{i}].porsi"
    if not p.sasaran:
        yield ds.galat(
            b,
            jalur,
            "porsi-tanpa-sasaran",
            f"{nama}: program tanpa daftar 'sasaran' tidak dapat dibagi; tambahkan "
            "sasaran: [...] atau hapus porsi",
        )
    for sid, nilai in porsi.items():
        if sid not in p.sasaran:
            yield ds.galat(
                b,
                (*jalur, sid),
                "porsi-tidak-dikenal",
                f"{nama}: '{sid}' tidak ada di daftar sasaran program ini "
                f"({', '.join(p.sasaran) or 'kosong'}); samakan kedua daftar",
                kunci=True,
            )
        if nilai <= 0 or nilai > 1:
            yield ds.galat(
                b,
                (*jalur, sid),
                "porsi-di-luar-batas",
                f"{nama}.{sid}: {nilai} harus lebih dari 0 dan paling besar 1 "
                "(bagian dari pagu, mis. 0.7)",
            )
    hilang = [s for s in p.sasaran if s not in porsi]
    if hilang and p.sasaran:
        yield ds.galat(
            b,
            jalur,
            "porsi-tidak-lengkap",
            f"{nama}: sasaran {', '.join(hilang)} belum diberi porsi; isi porsi "
            "untuk setiap sasaran program, atau hapus porsi agar dibagi rata",
        )
    jumlah = sum((desimal(v) for v in porsi.values()), Decimal(0))
    if porsi and abs(jumlah - 1) > TOLERANSI_PORSI:
        yield ds.galat(
            b,
            jalur,
            "porsi-tidak-satu",
            f"{nama}: jumlah porsi {jumlah.normalize():f}, seharusnya 1; "
            "ubah porsinya agar jumlahnya 1 (mis. 0.7 dan 0.3)",
        )


def anggaran_kas_naik_dalam_pagu(
    ds: Dataset, b: str, i: int, p: Program, kas: dict[Periode, int | float]
) -> Iterator[Masalah]:
    """Rule (warning): the cash plan is cumulative (never falls) and stays within the pagu."""
    nama = f"program[{i}].anggaran_kas"
    sebelumnya: tuple[Periode, int | float] | None = None
    for periode in Periode:
        if periode not in kas:
            continue
        jalur = ("program", i, "anggaran_kas", periode.value)
        nilai_kas = kas[periode]
        if sebelumnya is not None and nilai_kas < sebelumnya[1]:
            yield ds.peringatan(
                b,
                jalur,
                "anggaran-kas-turun",
                f"{nama}.{periode}: {_rp(nilai_kas)} lebih kecil dari "
                f"{sebelumnya[0]} ({_rp(sebelumnya[1])}); anggaran kas ditulis sampai "
                "dengan triwulan itu (kumulatif), periksa angkanya",
            )
        if p.anggaran is not None and nilai_kas > p.anggaran:
            yield ds.peringatan(
                b,
                jalur,
                "anggaran-kas-melebihi-pagu",
                f"{nama}.{periode}: {_rp(nilai_kas)} melebihi pagu "
                f"{_rp(p.anggaran)}; periksa angkanya",
            )
        sebelumnya = (periode, nilai_kas)


def periksa_anggaran_tahun(ds: Dataset, tahun: int, dt: DataTahun) -> Iterator[Masalah]:
    """Check a year's anggaran files against its programs and against each other."""
    program = {p.kunci: p for p in dt.pk.program} if dt.pk else {}
    sebelumnya: dict[str, tuple[Periode, int | float]] = {}
    for periode in Periode:
        ang = dt.anggaran.get(periode)
        if ang is None:
            continue
        b = berkas_anggaran(tahun, periode)
        if ang.periode is not periode:
            yield periode_beda_nama_berkas(ds, b, ang.periode, periode)
        if ang.tanggal is not None and ang.tanggal.year < tahun:
            yield ds.peringatan(
                b,
                ("tanggal",),
                "tanggal-di-luar-tahun",
                f"tanggal: {ang.tanggal.isoformat()} sebelum tahun anggaran {tahun}; "
                "periksa tahunnya",
            )
        for i, kunci, j in ganda([e.program for e in ang.realisasi]):
            yield ds.galat(
                b,
                ("realisasi", i, "program"),
                "program-ganda",
                f"realisasi[{i}].program: '{kunci}' sudah dicatat di realisasi[{j}]; "
                "gabungkan keduanya menjadi satu angka sampai dengan triwulan ini",
            )
        for i, e in enumerate(ang.realisasi):
            jalur = ("realisasi", i)
            p = program.get(e.program)
            if p is None:
                ada = ", ".join(f"'{k}'" for k in program) or "belum ada program"
                yield ds.galat(
                    b,
                    (*jalur, "program"),
                    "program-tidak-dikenal",
                    f"realisasi[{i}].program: program '{e.program}' tidak ada di "
                    f"{berkas_pk(tahun)}; tulis kode program (atau uraiannya bila tanpa kode) "
                    f"yang terdaftar: {ada}",
                )
                continue
            if e.nilai is None:
                continue
            if p.anggaran is not None and e.nilai > p.anggaran:
                yield ds.peringatan(
                    b,
                    (*jalur, "nilai"),
                    "realisasi-melebihi-pagu",
                    f"realisasi[{i}].nilai: {_rp(e.nilai)} melebihi pagu program '{e.program}' "
                    f"({_rp(p.anggaran)}); periksa angkanya atau pagunya",
                )
            lalu = sebelumnya.get(e.program)
            if lalu is not None and e.nilai < lalu[1]:
                yield ds.peringatan(
                    b,
                    (*jalur, "nilai"),
                    "realisasi-anggaran-turun",
                    f"realisasi[{i}].nilai: {_rp(e.nilai)} lebih kecil dari realisasi "
                    f"{lalu[0]} ({_rp(lalu[1])}); realisasi anggaran ditulis sampai dengan "
                    "triwulan ini, jadi tidak turun kecuali ada koreksi. Periksa angkanya",
                )
            sebelumnya[e.program] = (periode, e.nilai)


def periksa_anggaran(ds: Dataset) -> Iterator[Masalah]:
    """Check every year's programs and anggaran files."""
    for tahun, dt in sorted(ds.tahun.items()):
        if dt.pk is not None:
            yield from periksa_program(ds, tahun, dt.pk)
        if dt.anggaran and dt.pk is not None:
            yield from periksa_anggaran_tahun(ds, tahun, dt)
        elif dt.anggaran:
            periode = min(dt.anggaran, key=lambda p: p.nomor)
            yield ds.galat(
                berkas_anggaran(tahun, periode),
                (),
                "tanpa-perjanjian-kinerja",
                f"ada realisasi anggaran tahun {tahun} tetapi tidak ada {berkas_pk(tahun)}; "
                "tambahkan perjanjian kinerja dengan daftar program",
            )
