"""Checks across files: references, paths, values that fit their indicators, dates, NIPs.

Loading (`capkin.dataset`) checks each file against its model; this module checks what
only the whole tree can tell, gathering every problem before anyone fails.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from capkin.dataset import (
    Dataset,
    ada_galat,
    berkas_instansi,
    berkas_pk,
    berkas_realisasi,
    berkas_siklus,
    berkas_sop,
    muat_dataset,
)
from capkin.errors import DataError, Masalah
from capkin.models import (
    Agregasi,
    Indikator,
    Jenis,
    Peran,
    Periode,
    PerjanjianKinerja,
    Polaritas,
    Rentang,
)
from capkin.scaffold.codeowners import periksa_codeowners

_NIP = re.compile(r"[0-9]{18}")
_GITHUB = re.compile(r"@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?")


def _ganda(nilai: list[str]) -> Iterator[tuple[int, str, int]]:
    """Yield (index, value, first index) for each repeated value."""
    pertama: dict[str, int] = {}
    for i, v in enumerate(nilai):
        if v in pertama:
            yield i, v, pertama[v]
        else:
            pertama[v] = i


def periksa_nip(nip: str) -> str | None:
    """Return what is wrong with a NIP's shape (in Bahasa Indonesia), or None."""
    if not _NIP.fullmatch(nip):
        return f"NIP {nip!r} harus terdiri atas tepat 18 angka, tanpa spasi atau titik"
    lahir, tmt, kelamin = nip[:8], nip[8:14], nip[14]
    try:
        tgl_lahir = date(int(lahir[:4]), int(lahir[4:6]), int(lahir[6:8]))
    except ValueError:
        return (
            f"NIP {nip}: 8 angka pertama ({lahir}) harus tanggal lahir yang ada "
            "(tahun, bulan, tanggal: yyyymmdd)"
        )
    bulan_tmt = int(tmt[4:])
    if not 1 <= bulan_tmt <= 12 or int(tmt[:4]) < tgl_lahir.year:
        return (
            f"NIP {nip}: angka ke-9 sampai ke-14 ({tmt}) harus TMT pengangkatan yang ada "
            "(tahun dan bulan: yyyymm, sesudah tahun lahir)"
        )
    if kelamin not in "12":
        return f"NIP {nip}: angka ke-15 ({kelamin}) harus 1 (laki-laki) atau 2 (perempuan)"
    return None


def _peran_dikenal(ds: Dataset) -> set[str]:
    tambahan = {p.id for p in ds.instansi.pengaturan.peran_tambahan} if ds.instansi else set()
    return {p.value for p in Peran} | tambahan


def _periksa_instansi(ds: Dataset) -> Iterator[Masalah]:
    inst = ds.instansi
    if inst is None:
        return
    b = berkas_instansi()
    peran_sah = _peran_dikenal(ds)
    unit_ids = {u.id for u in inst.unit}
    for i, uid, j in _ganda([u.id for u in inst.unit]):
        yield ds.galat(
            b,
            ("unit", i, "id"),
            "id-ganda",
            f"unit[{i}].id: '{uid}' sudah dipakai unit[{j}]; setiap unit perlu id sendiri",
        )
    for i, pid, j in _ganda([p.id for p in inst.pejabat]):
        yield ds.galat(
            b,
            ("pejabat", i, "id"),
            "id-ganda",
            f"pejabat[{i}].id: '{pid}' sudah dipakai pejabat[{j}]; setiap pejabat perlu id sendiri",
        )
    pemilik_identitas: dict[str, str] = {}
    for i, p in enumerate(inst.pejabat):
        if p.unit is not None and p.unit not in unit_ids:
            yield ds.galat(
                b,
                ("pejabat", i, "unit"),
                "rujukan-tidak-dikenal",
                f"pejabat[{i}].unit: unit '{p.unit}' tidak ada di daftar unit; "
                f"pilih salah satu dari: {', '.join(sorted(unit_ids))}",
            )
        if p.peran not in peran_sah:
            yield ds.galat(
                b,
                ("pejabat", i, "peran"),
                "peran-tidak-dikenal",
                f"pejabat[{i}].peran: '{p.peran}' bukan peran yang dikenal; pilih salah "
                f"satu dari: {', '.join(sorted(peran_sah))} (atau daftarkan di "
                "pengaturan.peran_tambahan)",
            )
        if p.nip is not None and (alasan := periksa_nip(p.nip)):
            yield ds.galat(b, ("pejabat", i, "nip"), "nip-tidak-sah", f"pejabat[{i}].nip: {alasan}")
        for k, ident in enumerate(p.identitas_git):
            kunci = ident.strip().lower()
            if kunci in pemilik_identitas and pemilik_identitas[kunci] != p.id:
                yield ds.galat(
                    b,
                    ("pejabat", i, "identitas_git", k),
                    "identitas-ganda",
                    f"pejabat[{i}].identitas_git: '{ident}' sudah dipakai pejabat "
                    f"'{pemilik_identitas[kunci]}'; satu identitas git hanya boleh "
                    "mewakili satu pejabat",
                )
            pemilik_identitas.setdefault(kunci, p.id)
        if p.github is not None and not _GITHUB.fullmatch(p.github):
            yield ds.galat(
                b,
                ("pejabat", i, "github"),
                "github-tidak-sah",
                f"pejabat[{i}].github: '{p.github}' bukan nama pengguna GitHub yang "
                "sah; tulis nama pengguna saja, mis. sarjono-gamping",
            )
    bands = inst.pengaturan.predikat
    mins = [float(band.min) for band in bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        yield ds.galat(
            b,
            ("pengaturan", "predikat"),
            "predikat-tidak-urut",
            "pengaturan.predikat: batas 'min' harus berurutan dari yang tertinggi ke "
            "terendah dan tidak boleh sama",
        )


def _periksa_sop(ds: Dataset) -> Iterator[Masalah]:
    sop = ds.sop
    if sop is None:
        return
    b = berkas_sop()
    peran_sah = _peran_dikenal(ds)
    for i, langkah in enumerate(sop.langkah):
        if langkah.no != i + 1:
            yield ds.galat(
                b,
                ("langkah", i, "no"),
                "langkah-tidak-urut",
                f"langkah[{i}].no: ditemukan {langkah.no}, seharusnya {i + 1}; "
                "langkah SOP diberi nomor 1, 2, 3, ... berurutan",
            )
        for k, peran in enumerate(langkah.pelaksana):
            if peran not in peran_sah:
                yield ds.galat(
                    b,
                    ("langkah", i, "pelaksana", k),
                    "peran-tidak-dikenal",
                    f"langkah[{i}].pelaksana: '{peran}' bukan peran yang dikenal; "
                    f"pilih salah satu dari: {', '.join(sorted(peran_sah))}",
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
        return f"harus berupa angka, ditemukan {nilai!r}"
    return None


def _periksa_pk(ds: Dataset, tahun: int, pk: PerjanjianKinerja) -> Iterator[Masalah]:
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
        yield ds.galat(
            b,
            ("pihak_pertama",),
            "rujukan-tidak-dikenal",
            f"pihak_pertama: pejabat '{pk.pihak_pertama}' tidak ada di "
            "data/instansi.yml; tulis id pejabat yang terdaftar",
        )
    for i, sid, j in _ganda([s.id for s in pk.sasaran]):
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
            jalur = ("sasaran", si, "indikator", ii)
            nama = f"sasaran[{si}].indikator[{ii}]"
            if ind.id in dilihat:
                ps, pi = dilihat[ind.id]
                yield ds.galat(
                    b,
                    (*jalur, "id"),
                    "id-ganda",
                    f"{nama}.id: indikator '{ind.id}' sudah ada di "
                    f"sasaran[{ps}].indikator[{pi}]; id indikator harus unik dalam "
                    "satu tahun",
                )
            dilihat.setdefault(ind.id, (si, ii))
            if inst and ind.penanggung_jawab not in unit_ids:
                yield ds.galat(
                    b,
                    (*jalur, "penanggung_jawab"),
                    "rujukan-tidak-dikenal",
                    f"{nama}.penanggung_jawab: unit '{ind.penanggung_jawab}' tidak ada "
                    f"di data/instansi.yml; pilih salah satu dari: "
                    f"{', '.join(sorted(unit_ids))}",
                )
            yield from _periksa_target_indikator(ds, b, jalur, nama, ind)


def _periksa_target_indikator(
    ds: Dataset, b: str, jalur: tuple[str | int, ...], nama: str, ind: Indikator
) -> Iterator[Masalah]:
    if ind.jenis is Jenis.KATEGORI:
        if not ind.skala:
            yield ds.galat(
                b,
                (*jalur, "jenis"),
                "skala-hilang",
                f"{nama}: indikator kategori perlu 'skala', daftar tingkatan dari yang "
                "terendah, mis. skala: [C, CC, B, BB, A, AA]",
            )
        else:
            for k, lvl, _ in _ganda(list(ind.skala)):
                yield ds.galat(
                    b,
                    (*jalur, "skala", k),
                    "skala-ganda",
                    f"{nama}.skala: tingkatan '{lvl}' ditulis dua kali",
                )
    elif ind.skala:
        yield ds.peringatan(
            b,
            (*jalur, "skala"),
            "skala-diabaikan",
            f"{nama}.skala: hanya dipakai untuk jenis kategori; hapus skala atau "
            "ubah jenis menjadi kategori",
        )
    if (alasan := _jenis_target(ind, ind.target)) is not None:
        yield ds.galat(b, (*jalur, "target"), "target-tidak-sesuai", f"{nama}.target: {alasan}")
    for periode, nilai in (ind.target_periode or {}).items():
        if (alasan := _jenis_target(ind, nilai)) is not None:
            yield ds.galat(
                b,
                (*jalur, "target_periode", periode.value),
                "target-tidak-sesuai",
                f"{nama}.target_periode.{periode.value}: {alasan}",
            )
    if ind.target_renstra is not None:
        alasan = _jenis_target(ind, ind.target_renstra.nilai)
        if alasan is not None:
            yield ds.galat(
                b,
                (*jalur, "target_renstra", "nilai"),
                "target-tidak-sesuai",
                f"{nama}.target_renstra.nilai: {alasan}",
            )
    if ind.agregasi is Agregasi.KUMULATIF and ind.target_periode:
        urut = sorted(ind.target_periode.items(), key=lambda kv: kv[0].nomor)
        for (p0, v0), (p1, v1) in itertools.pairwise(urut):
            if isinstance(v0, int | float) and isinstance(v1, int | float) and v1 < v0:
                yield ds.peringatan(
                    b,
                    (*jalur, "target_periode", p1.value),
                    "target-kumulatif-turun",
                    f"{nama}.target_periode.{p1.value}: {v1} lebih kecil dari {p0.value} ({v0}); "
                    "target kumulatif adalah nilai s.d. triwulan itu, sehingga tidak boleh turun",
                )


def _periksa_bukti(
    ds: Dataset, b: str, jalur: tuple[str | int, ...], bukti: str
) -> Iterator[Masalah]:
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


def _periksa_realisasi(ds: Dataset) -> Iterator[Masalah]:
    inst = ds.instansi
    unit_ids = {u.id for u in inst.unit} if inst else set()
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
                if inst and unit not in unit_ids:
                    yield ds.galat(
                        b,
                        ("unit",),
                        "rujukan-tidak-dikenal",
                        f"unit '{unit}' tidak ada di data/instansi.yml; pilih salah satu "
                        f"dari: {', '.join(sorted(unit_ids))}",
                    )
                if inst and inst.cari_pejabat(r.disampaikan_oleh) is None:
                    yield ds.galat(
                        b,
                        ("disampaikan_oleh",),
                        "rujukan-tidak-dikenal",
                        f"disampaikan_oleh: pejabat '{r.disampaikan_oleh}' tidak ada di "
                        "data/instansi.yml; tulis id pejabat yang terdaftar",
                    )
                for k, entri in enumerate(r.realisasi):
                    jalur = ("realisasi", k)
                    nama = f"realisasi[{k}]"
                    if entri.indikator in pelapor:
                        yield ds.galat(
                            b,
                            (*jalur, "indikator"),
                            "indikator-ganda",
                            f"{nama}.indikator: '{entri.indikator}' sudah dilaporkan "
                            f"untuk {periode} di {pelapor[entri.indikator]}; satu "
                            "indikator hanya dilaporkan sekali per periode",
                        )
                    pelapor.setdefault(entri.indikator, b)
                    ind = indeks.get(entri.indikator)
                    if ind is None:
                        if dt.pk is not None:
                            yield ds.galat(
                                b,
                                (*jalur, "indikator"),
                                "rujukan-tidak-dikenal",
                                f"{nama}.indikator: '{entri.indikator}' tidak ada di "
                                f"perjanjian kinerja {tahun}; periksa ejaan id "
                                "indikatornya",
                            )
                    else:
                        if ind.penanggung_jawab != unit:
                            yield ds.peringatan(
                                b,
                                (*jalur, "indikator"),
                                "bukan-penanggung-jawab",
                                f"{nama}.indikator: '{ind.id}' menjadi tanggung jawab "
                                f"'{ind.penanggung_jawab}', bukan '{unit}'; laporkan di berkas "
                                f"unit {ind.penanggung_jawab}",
                            )
                        yield from _periksa_nilai(ds, b, jalur, nama, ind, entri.nilai)
                    for n, bukti in enumerate(entri.bukti):
                        yield from _periksa_bukti(ds, b, (*jalur, "bukti", n), bukti)


def _periksa_nilai(
    ds: Dataset,
    b: str,
    jalur: tuple[str | int, ...],
    nama: str,
    ind: Indikator,
    nilai: object,
) -> Iterator[Masalah]:
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
            f"{nama}.nilai: harus berupa angka, ditemukan {nilai!r}; tulis angka "
            "dengan titik desimal, mis. 83.5",
        )
    elif nilai != nilai or nilai in (float("inf"), float("-inf")):
        yield ds.galat(
            b,
            (*jalur, "nilai"),
            "nilai-tidak-sesuai",
            f"{nama}.nilai: harus angka yang terhingga, ditemukan {nilai}",
        )


def _periksa_siklus(ds: Dataset) -> Iterator[Masalah]:
    inst, sop = ds.instansi, ds.sop
    for tahun, dt in sorted(ds.tahun.items()):
        for periode, s in sorted(dt.siklus.items()):
            b = berkas_siklus(tahun, periode)
            if s.periode is not periode:
                yield ds.galat(
                    b,
                    ("periode",),
                    "periode-tidak-cocok",
                    f"periode: '{s.periode}' tidak sama dengan nama berkas "
                    f"{periode}.yml; samakan keduanya",
                )
            for i, no, j in _ganda([str(lk.no) for lk in s.langkah]):
                yield ds.galat(
                    b,
                    ("langkah", i, "no"),
                    "langkah-ganda",
                    f"langkah[{i}].no: langkah {no} sudah dicatat di langkah[{j}]",
                )
            sebelumnya = None
            for i, lk in enumerate(s.langkah):
                jalur = ("langkah", i)
                nama = f"langkah[{i}]"
                lsop = sop.cari_langkah(lk.no) if sop else None
                if sop and lsop is None:
                    yield ds.galat(
                        b,
                        (*jalur, "no"),
                        "langkah-tidak-dikenal",
                        f"{nama}.no: SOP {sop.nomor} tidak punya langkah {lk.no}; "
                        f"langkah yang ada: 1–{len(sop.langkah)}",
                    )
                if lk.selesai is not None and lk.oleh is None:
                    yield ds.galat(
                        b,
                        (*jalur, "selesai"),
                        "tanda-tangan-tidak-lengkap",
                        f"{nama}: langkah {lk.no} punya 'selesai' tetapi tanpa 'oleh'; "
                        "tambahkan oleh: <id pejabat> yang menandatangani",
                    )
                if lk.oleh is not None and inst:
                    pj = inst.cari_pejabat(lk.oleh)
                    if pj is None:
                        yield ds.galat(
                            b,
                            (*jalur, "oleh"),
                            "rujukan-tidak-dikenal",
                            f"{nama}.oleh: pejabat '{lk.oleh}' tidak ada di "
                            "data/instansi.yml; tulis id pejabat yang terdaftar",
                        )
                    elif lsop is not None and pj.peran not in lsop.pelaksana:
                        yield ds.galat(
                            b,
                            (*jalur, "oleh"),
                            "peran-tidak-berwenang",
                            f"{nama}.oleh: {pj.id} berperan '{pj.peran}', padahal "
                            f"langkah {lk.no} hanya boleh ditandatangani oleh "
                            f"{', '.join(lsop.pelaksana)}; ganti 'oleh' dengan pejabat "
                            "yang berwenang",
                        )
                if lk.mulai and lk.selesai and lk.selesai < lk.mulai:
                    yield ds.galat(
                        b,
                        (*jalur, "selesai"),
                        "tanggal-tidak-urut",
                        f"{nama}.selesai: {lk.selesai} lebih awal dari mulai "
                        f"{lk.mulai}; perbaiki salah satu tanggal",
                    )
                if sebelumnya is not None:
                    if lk.no <= sebelumnya.no:
                        yield ds.galat(
                            b,
                            (*jalur, "no"),
                            "langkah-tidak-urut",
                            f"{nama}.no: langkah {lk.no} ditulis sesudah langkah "
                            f"{sebelumnya.no}; urutkan langkah dari kecil ke besar",
                        )
                    elif lk.no > sebelumnya.no + 1 and (lk.mulai or lk.selesai):
                        hilang = list(range(sebelumnya.no + 1, lk.no))
                        daftar = " dan ".join(
                            filter(None, [", ".join(map(str, hilang[:-1])), str(hilang[-1])])
                        )
                        yield ds.galat(
                            b,
                            (*jalur, "no"),
                            "langkah-dilompati",
                            f"{nama}: langkah {daftar} belum dicatat sebelum langkah {lk.no}; "
                            "langkah SOP dikerjakan berurutan, catat dan tandatangani langkah "
                            "yang terlewat dahulu",
                        )
                    elif not sebelumnya.ditandatangani and (lk.mulai or lk.selesai):
                        yield ds.galat(
                            b,
                            (*jalur, "no"),
                            "langkah-dilompati",
                            f"{nama}: langkah {lk.no} dikerjakan sebelum langkah "
                            f"{sebelumnya.no} selesai; selesaikan dan tandatangani "
                            f"langkah {sebelumnya.no} dahulu",
                        )
                    awal = lk.mulai or lk.selesai
                    if sebelumnya.selesai and awal and awal < sebelumnya.selesai:
                        kunci = "mulai" if lk.mulai else "selesai"
                        yield ds.galat(
                            b,
                            (*jalur, kunci),
                            "tanggal-tidak-urut",
                            f"{nama}.{kunci}: {awal} lebih awal dari selesainya "
                            f"langkah {sebelumnya.no} ({sebelumnya.selesai}); langkah "
                            "dikerjakan berurutan",
                        )
                elif lk.no != 1 and sop and (lk.mulai or lk.selesai):
                    yield ds.galat(
                        b,
                        (*jalur, "no"),
                        "langkah-dilompati",
                        f"{nama}: siklus dimulai dari langkah {lk.no}; catat dan "
                        "tandatangani langkah 1 dahulu",
                    )
                sebelumnya = lk
            for k, surat in enumerate(s.surat):
                jalur = ("surat", k)
                if not surat.kepada and not surat.kepada_luar:
                    yield ds.galat(
                        b,
                        jalur,
                        "surat-tanpa-penerima",
                        f"surat[{k}]: tulis penerima di 'kepada' (id pejabat) atau "
                        "'kepada_luar' (nama penerima di luar kantor)",
                    )
                if surat.dari is None and surat.dari_luar is None:
                    yield ds.galat(
                        b,
                        jalur,
                        "surat-tanpa-pengirim",
                        f"surat[{k}]: tulis pengirim di 'dari' (id pejabat) atau 'dari_luar'",
                    )
                if not inst:
                    continue
                for kunci, ids in (
                    ("dari", [surat.dari] if surat.dari else []),
                    ("kepada", list(surat.kepada)),
                ):
                    for n, pid in enumerate(ids):
                        if inst.cari_pejabat(pid) is None:
                            sub = (kunci,) if kunci == "dari" else (kunci, n)
                            yield ds.galat(
                                b,
                                (*jalur, *sub),
                                "rujukan-tidak-dikenal",
                                f"surat[{k}].{kunci}: pejabat '{pid}' tidak ada di "
                                "data/instansi.yml; tulis id pejabat, atau tulis nama "
                                f"penerima/pengirim luar di '{kunci}_luar'",
                            )


def _periksa_tanggal_ada(ds: Dataset) -> Iterator[Masalah]:
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


def periksa_dataset(ds: Dataset) -> list[Masalah]:
    """Return every cross-file problem of a loaded dataset."""
    masalah: list[Masalah] = []
    masalah += _periksa_instansi(ds)
    masalah += _periksa_sop(ds)
    for tahun, dt in sorted(ds.tahun.items()):
        if dt.pk is not None:
            masalah += _periksa_pk(ds, tahun, dt.pk)
    masalah += _periksa_realisasi(ds)
    masalah += _periksa_siklus(ds)
    masalah += _periksa_tanggal_ada(ds)
    return masalah


def periksa(root: Path, *, riwayat: bool = True) -> tuple[Dataset, list[Masalah]]:
    """Load and check a data tree; return the dataset and every problem, sorted.

    With `riwayat`, checks that need the git history (verified sign-offs, late changes)
    run too when the tree is in a git repository.
    """
    ds, masalah = muat_dataset(root)
    masalah += periksa_dataset(ds)
    masalah += periksa_codeowners(ds, ds.root)
    if riwayat:
        from capkin.history import periksa_integritas

        masalah += periksa_integritas(ds, ds.root)
    return ds, sorted(set(masalah))


def muat_valid(root: Path, *, riwayat: bool = False) -> tuple[Dataset, list[Masalah]]:
    """Load a data tree for computing; raise DataError when it has any error.

    Returns the dataset and its warnings.
    """
    ds, masalah = periksa(root, riwayat=riwayat)
    if ada_galat(masalah):
        raise DataError(masalah)
    return ds, masalah


__all__ = ["Periode", "muat_valid", "periksa", "periksa_dataset", "periksa_nip"]
