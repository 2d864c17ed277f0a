"""`capkin new realisasi`: a unit's realisasi file for a period, ready to fill in."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from capkin.achievement.isian import Isian, angka_yaml, isian_indikator
from capkin.achievement.periode import nama_periode
from capkin.clock import hari_ini
from capkin.dataset import Dataset
from capkin.errors import CapkinError, DataError, Masalah, Tingkat, UsageError
from capkin.layout import berkas_instansi, berkas_pk, berkas_realisasi
from capkin.models.base import Periode
from capkin.models.instansi_model import Instansi, Pejabat
from capkin.models.perjanjian_kinerja_model import Indikator, PerjanjianKinerja, Rentang
from capkin.validation import periksa
from capkin.yaml_writer import tulis_atomik
from capkin.yamlio import baca_bytes


def galat_berkas(masalah: list[Masalah], *berkas: str) -> list[Masalah]:
    """Return the errors of these files (the ones a command cannot work without)."""
    return [m for m in masalah if m.tingkat is Tingkat.GALAT and m.berkas in berkas]


@dataclass(frozen=True)
class DataKerja:
    """A loaded tree with the office and the PK of the year a command works on."""

    ds: Dataset
    masalah: list[Masalah]
    instansi: Instansi
    tahun: int
    pk: PerjanjianKinerja


def muat_instansi_pk(root: Path, tahun: int | None) -> DataKerja:
    """Load a tree with its office and a year's PK (default: the latest year with one)."""
    ds, masalah = periksa(root, riwayat=False)
    if ds.instansi is None:
        raise DataError(galat_berkas(masalah, berkas_instansi()))
    ada = [t for t in ds.tahun_terurut if ds.tahun[t].pk is not None]
    if tahun is None:
        if not ada:
            galat = galat_berkas(masalah, *(berkas_pk(t) for t in ds.tahun))
            if galat:
                raise DataError(galat)
            raise UsageError(
                "belum ada perjanjian kinerja; buat data/<tahun>/perjanjian-kinerja.yml dahulu"
            )
        tahun = ada[-1]
    dt = ds.tahun.get(tahun)
    if dt is None or dt.pk is None:
        galat = galat_berkas(masalah, berkas_pk(tahun))
        if galat:
            raise DataError(galat)
        raise UsageError(
            f"tahun {tahun} belum punya {berkas_pk(tahun)}; tahun yang ada: "
            f"{', '.join(map(str, ada)) or '(belum ada)'}"
        )
    return DataKerja(ds, masalah, ds.instansi, tahun, dt.pk)


def kepala_unit(instansi: Instansi, unit: str) -> Pejabat | None:
    """Return the official who heads a unit, else any official of the unit, if any."""
    pilihan = instansi.kepala_unit(unit) or [p for p in instansi.pejabat if p.unit == unit]
    return pilihan[0] if pilihan else None


def skalar(teks: str) -> str:
    """Return text as a YAML scalar: plain when it reads back as the same text, else quoted."""
    try:
        polos = baca_bytes(f"x: {teks}\n".encode(), "-").data
    except DataError:
        polos = None
    return teks if polos == {"x": teks} else json.dumps(teks, ensure_ascii=False)


def _target_teks(t: int | float | Rentang | str) -> str:
    if isinstance(t, Rentang):
        return f"{t.min!s} sampai {t.maks!s}"
    if isinstance(t, str):
        return t
    return str(t)


def _satu_baris(teks: str) -> str:
    return " ".join(teks.split())


def _komentar_indikator(ind: Indikator, periode: Periode, isian: Isian | None) -> list[str]:
    baris = [f"# {ind.id} — {_satu_baris(ind.uraian)}"]
    rincian = [f"satuan: {_satu_baris(ind.satuan) or '-'}"]
    target_periode = (ind.target_periode or {}).get(periode)
    if target_periode is not None:
        rincian.append(f"target {periode}: {_target_teks(target_periode)}")
        rincian.append(f"target tahunan: {_target_teks(ind.target)}")
    else:
        rincian.append(f"target tahunan: {_target_teks(ind.target)}")
    rincian.append(f"agregasi: {ind.agregasi.value}")
    baris.append("# " + " · ".join(rincian))
    if ind.skala:
        baris.append(f"# isi nilai dengan salah satu: {', '.join(ind.skala)}")
    elif isian is not None:
        baris += ["# " + b for b in textwrap.wrap(isian.perintah(), 94)]
        if angka := isian.angka(angka_yaml):
            baris.append(f"# {angka}")
    return baris


def petunjuk_isian(ds: Dataset, tahun: int, periode: Periode) -> dict[str, Isian]:
    """Return, by indicator id, what to enter this quarter, with the totals so far."""
    from capkin.achievement.engine import Penghitung

    data = ds.tahun.get(tahun)
    if data is None or data.pk is None:
        return {}
    penghitung = Penghitung(ds)
    return {
        i.id: isian_indikator(penghitung, tahun, periode, i) for _, i in data.pk.semua_indikator()
    }


def isi_realisasi(
    instansi: Instansi,
    pk: PerjanjianKinerja,
    tahun: int,
    periode: Periode,
    unit: str,
    tanggal: date,
    petunjuk: Mapping[str, Isian] | None = None,
) -> str:
    """Return the text of a new realisasi file: a unit's indicators with empty values.

    `petunjuk` (from `petunjuk_isian`) adds, per indicator, what to enter this quarter.
    """
    data_unit = instansi.cari_unit(unit)
    if data_unit is None:
        raise UsageError(
            f"unit '{unit}' tidak ada di data/instansi.yml; unit yang ada: "
            f"{', '.join(u.id for u in instansi.unit)}"
        )
    indikator = [i for _, i in pk.semua_indikator() if i.penanggung_jawab == unit]
    if not indikator:
        raise UsageError(
            f"unit '{unit}' bukan penanggung jawab indikator mana pun di {berkas_pk(tahun)}; "
            "periksa penanggung_jawab di perjanjian kinerja"
        )
    kepala = kepala_unit(instansi, unit)
    if kepala is None:
        raise UsageError(
            f"unit '{unit}' belum punya pejabat di data/instansi.yml; tambahkan kepala unitnya "
            f"(peran {instansi.teks_peran_kepala_unit()}, unit: {unit}) dahulu"
        )
    baris = [
        f"# Realisasi {nama_periode(periode)} {tahun} — {_satu_baris(data_unit.nama)}",
        "# Isi `nilai` setiap indikator (angka desimal memakai titik, mis. 83.4), lalu hambatan,",
        "# strategi yang sudah dilakukan dan tindak lanjut bila ada. Bukti dukung: jalur berkas di",
        "# repo atau tautan https://, mis. bukti: [https://contoh.go.id/laporan.pdf]",
        f"periode: {periode.value}",
        f"unit: {skalar(unit)}",
        f"disampaikan_oleh: {skalar(kepala.id)}",
        f"tanggal: {tanggal.isoformat()}",
        "realisasi:",
    ]
    for ind in indikator:
        baris += ["  " + k for k in _komentar_indikator(ind, periode, (petunjuk or {}).get(ind.id))]
        baris += [
            f"  - indikator: {skalar(ind.id)}",
            "    nilai:",
            "    hambatan:",
            "    strategi:",
            "    tindak_lanjut:",
            "    bukti: []",
        ]
    return "\n".join(baris) + "\n"


def buat_realisasi(
    root: Path,
    periode: Periode,
    unit: str,
    tahun: int | None = None,
    tanggal: date | None = None,
) -> Path:
    """Write `data/<tahun>/realisasi/<periode>/<unit>.yml` pre-filled; never overwrite one."""
    kerja = muat_instansi_pk(root, tahun)
    berkas = berkas_realisasi(kerja.tahun, periode, unit)
    path = kerja.ds.root / berkas
    if path.exists():
        raise CapkinError(
            f"{berkas} sudah ada; berkas itu tidak ditimpa. Buka dan sunting berkas tersebut, "
            "atau hapus dahulu bila memang ingin membuat ulang"
        )
    hari = tanggal or hari_ini(kerja.instansi)  # the office's date, not the machine's
    petunjuk = petunjuk_isian(kerja.ds, kerja.tahun, periode)
    teks = isi_realisasi(kerja.instansi, kerja.pk, kerja.tahun, periode, unit, hari, petunjuk)
    tulis_atomik(path, teks)
    return path
