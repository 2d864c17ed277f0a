"""Checks of the office file and the SOP: ids, roles, NIPs, identities, predikat bands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from capkin.clock import hari_ini as hari_ini_kantor
from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.layout import berkas_instansi, berkas_sop
from capkin.models.instansi_model import Instansi, Pejabat, Peran
from capkin.models.sop_model import LangkahSop
from capkin.sshkey import KunciSsh, urai_kunci
from capkin.validation.helpers import ganda, tidak_dikenal, unit_tidak_dikenal

_NIP = re.compile(r"[0-9]{18}")
_GITHUB = re.compile(r"@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?")


def periksa_nip(nip: str, hari_ini: date) -> str | None:
    """Return what is wrong with a NIP (in Bahasa Indonesia), or None.

    A NIP is the birth date (yyyymmdd), the TMT of appointment (yyyymm, not in the future,
    not before the official turned 18), the sex (1/2) and a 3-digit serial. `hari_ini` is
    the office's date (`capkin.clock.hari_ini`), never the machine's.
    """
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
    tgl_tmt = date(int(tmt[:4]), bulan_tmt, 1)
    if tgl_tmt > hari_ini:
        return (
            f"NIP {nip}: TMT pengangkatan {tmt[4:]}/{tmt[:4]} (angka ke-9 sampai ke-14) "
            "belum tiba; periksa NIP pada SK pengangkatan pejabat ini"
        )
    # the month the official turned 18: no civil servant is appointed before it
    if (tgl_tmt.year - tgl_lahir.year) * 12 + tgl_tmt.month - tgl_lahir.month < 18 * 12:
        return (
            f"NIP {nip}: TMT pengangkatan {tmt[4:]}/{tmt[:4]} sebelum pejabat berusia 18 "
            f"tahun (lahir {tgl_lahir.isoformat()}); periksa tanggal lahir (angka ke-1 sampai "
            "ke-8) dan TMT (angka ke-9 sampai ke-14) pada SK pengangkatan"
        )
    if kelamin not in "12":
        return f"NIP {nip}: angka ke-15 ({kelamin}) harus 1 (laki-laki) atau 2 (perempuan)"
    return None


_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>.]+")
_CONTOH = re.compile(r"\bCONTOH\b")


def isian_pejabat_lengkap(ds: Dataset, b: str, i: int, p: Pejabat) -> Iterator[Masalah]:
    """Rule (warning): no example left from `capkin init`; git identities present, emails."""
    if _CONTOH.search(p.nama):
        yield ds.peringatan(
            b,
            ("pejabat", i, "nama"),
            "contoh-belum-diganti",
            f"pejabat[{i}].nama: '{p.nama}' masih data CONTOH dari capkin init; ganti nama, "
            "NIP, pangkat, identitas_git dan github dengan data pejabat yang sebenarnya",
        )
    if not p.identitas_git:
        yield ds.peringatan(
            b,
            ("pejabat", i, "identitas_git")
            if "identitas_git" in p.model_fields_set
            else ("pejabat", i),
            "identitas-git-kosong",
            f"pejabat[{i}].identitas_git: {p.id} belum punya email git, sehingga tanda tangan "
            "dan perubahan datanya tidak dapat dicocokkan dengan commit; tulis email yang "
            "dipakai pejabat itu di git/GitHub, mis. identitas_git: [nama@instansi.go.id]",
        )
    for k, ident in enumerate(p.identitas_git):
        if not _EMAIL.fullmatch(ident.strip()):
            yield ds.galat(
                b,
                ("pejabat", i, "identitas_git", k),
                "email-tidak-sah",
                f"pejabat[{i}].identitas_git[{k}]: '{ident}' bukan alamat email; tulis email "
                "yang dipakai pejabat itu untuk commit git, mis. nama@instansi.go.id",
            )


def _peran_dikenal(ds: Dataset) -> set[str]:
    tambahan = {p.id for p in ds.instansi.pengaturan.peran_tambahan} if ds.instansi else set()
    return {p.value for p in Peran} | tambahan


def kunci_ssh_sah_dan_berbeda(
    ds: Dataset,
    i: int,
    pid: str,
    daftar: tuple[str, ...],
    pemilik: dict[str, tuple[str, int]],
) -> Iterator[Masalah]:
    """Rule: an official's SSH keys are each well formed, none listed twice (anyone's)."""
    b = berkas_instansi()
    for k, teks in enumerate(daftar):
        kunci = urai_kunci(teks)
        letak = ("pejabat", i, "kunci_ssh", k)
        if not isinstance(kunci, KunciSsh):
            yield ds.galat(b, letak, "kunci-ssh-tidak-sah", f"pejabat[{i}].kunci_ssh[{k}]: {kunci}")
            continue
        if kunci.blob in pemilik:
            lain, n = pemilik[kunci.blob]
            siapa = f"pejabat '{lain}'" if lain != pid else f"kunci_ssh[{n}] pejabat ini"
            yield ds.galat(
                b,
                letak,
                "kunci-ssh-ganda",
                f"pejabat[{i}].kunci_ssh[{k}]: kunci {kunci.sidik} sudah tercantum untuk "
                f"{siapa}; satu kunci hanya boleh mewakili satu pejabat: hapus salah satunya "
                "(setiap pejabat membuat kuncinya sendiri dengan ssh-keygen -t ed25519)",
            )
            continue
        pemilik[kunci.blob] = (pid, k)


def periksa_instansi(ds: Dataset) -> Iterator[Masalah]:
    """Check data/instansi.yml, rule by rule: ids, then each official, NIPs, predikat bands."""
    inst = ds.instansi
    if inst is None:
        return
    b = berkas_instansi()
    peran_sah = _peran_dikenal(ds)
    unit_ids = {u.id for u in inst.unit}
    yield from id_unit_dan_pejabat_berbeda(ds, b, inst)
    pemilik_identitas: dict[str, str] = {}
    pemilik_kunci: dict[str, tuple[str, int]] = {}
    for i, p in enumerate(inst.pejabat):
        if p.unit is not None and p.unit not in unit_ids:
            yield unit_tidak_dikenal(
                ds, b, ("pejabat", i, "unit"), f"pejabat[{i}].unit", p.unit, unit_ids, "daftar unit"
            )
        yield from peran_pejabat_dikenal(ds, b, i, p, peran_sah)
        if p.nip is not None and (alasan := periksa_nip(p.nip, hari_ini_kantor(inst))):
            yield ds.galat(b, ("pejabat", i, "nip"), "nip-tidak-sah", f"pejabat[{i}].nip: {alasan}")
        yield from isian_pejabat_lengkap(ds, b, i, p)
        yield from identitas_git_satu_pejabat(ds, b, i, p, pemilik_identitas)
        yield from kunci_ssh_sah_dan_berbeda(ds, i, p.id, p.kunci_ssh, pemilik_kunci)
        if p.github is not None and not _GITHUB.fullmatch(p.github):
            yield ds.galat(
                b,
                ("pejabat", i, "github"),
                "github-tidak-sah",
                f"pejabat[{i}].github: '{p.github}' bukan nama pengguna GitHub yang "
                "sah; tulis nama pengguna saja, mis. sarjono-gamping",
            )
    yield from nip_berbeda(ds, b, inst)
    yield from predikat_urut(ds, b, inst)


def id_unit_dan_pejabat_berbeda(ds: Dataset, b: str, inst: Instansi) -> Iterator[Masalah]:
    """Rule: every unit and every official has an id of its own."""
    for jenis, ids in (
        ("unit", [u.id for u in inst.unit]),
        ("pejabat", [p.id for p in inst.pejabat]),
    ):
        for i, x, j in ganda(ids):
            yield ds.galat(
                b,
                (jenis, i, "id"),
                "id-ganda",
                f"{jenis}[{i}].id: '{x}' sudah dipakai {jenis}[{j}]; setiap {jenis} perlu id sendiri",
            )


def peran_pejabat_dikenal(
    ds: Dataset, b: str, i: int, p: Pejabat, peran_sah: set[str]
) -> Iterator[Masalah]:
    """Rule: an official's peran is a built-in one or listed in pengaturan.peran_tambahan."""
    if p.peran not in peran_sah:
        yield ds.galat(
            b,
            ("pejabat", i, "peran"),
            "peran-tidak-dikenal",
            f"pejabat[{i}].peran: '{p.peran}' bukan peran yang dikenal; pilih salah "
            f"satu dari: {', '.join(sorted(peran_sah))} (atau daftarkan di "
            "pengaturan.peran_tambahan)",
        )


def identitas_git_satu_pejabat(
    ds: Dataset, b: str, i: int, p: Pejabat, pemilik: dict[str, str]
) -> Iterator[Masalah]:
    """Rule: a git identity (email, any case) stands for one official only."""
    for k, ident in enumerate(p.identitas_git):
        kunci = ident.strip().lower()
        if kunci in pemilik and pemilik[kunci] != p.id:
            yield ds.galat(
                b,
                ("pejabat", i, "identitas_git", k),
                "identitas-ganda",
                f"pejabat[{i}].identitas_git: '{ident}' sudah dipakai pejabat "
                f"'{pemilik[kunci]}'; satu identitas git hanya boleh "
                "mewakili satu pejabat",
            )
        pemilik.setdefault(kunci, p.id)


def nip_berbeda(ds: Dataset, b: str, inst: Instansi) -> Iterator[Masalah]:
    """Rule: no two officials share a NIP."""
    for i, nip, j in ganda([p.nip or "" for p in inst.pejabat]):
        if nip:
            yield ds.galat(
                b,
                ("pejabat", i, "nip"),
                "nip-ganda",
                f"pejabat[{i}].nip: {nip} sudah dipakai pejabat[{j}] ({inst.pejabat[j].id}); "
                "setiap pejabat punya NIP sendiri, periksa NIP pada SK pengangkatan",
            )


def predikat_urut(ds: Dataset, b: str, inst: Instansi) -> Iterator[Masalah]:
    """Rule: predikat bands run from the highest `min` down, all different, the last at 0."""
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
    elif mins and mins[-1] > 0:
        yield ds.peringatan(
            b,
            ("pengaturan", "predikat", len(mins) - 1, "min"),
            "predikat-tidak-lengkap",
            f"pengaturan.predikat: batas terendah {bands[-1].min} di atas 0, sehingga capaian "
            f"di bawahnya tidak punya predikat; ubah 'min' predikat '{bands[-1].nama}' menjadi 0",
        )


def periksa_sop(ds: Dataset) -> Iterator[Masalah]:
    """Check data/sop.yml: steps numbered 1, 2, 3, … and signed by known peran."""
    if ds.sop is None:
        return
    peran_sah = _peran_dikenal(ds)
    for i, langkah in enumerate(ds.sop.langkah):
        yield from langkah_bernomor_urut(ds, i, langkah)
        yield from pelaksana_dikenal(ds, i, langkah, peran_sah)


def langkah_bernomor_urut(ds: Dataset, i: int, langkah: LangkahSop) -> Iterator[Masalah]:
    """Rule: the SOP's steps are numbered 1, 2, 3, … in file order."""
    if langkah.no != i + 1:
        yield ds.galat(
            berkas_sop(),
            ("langkah", i, "no"),
            "langkah-tidak-urut",
            f"langkah[{i}].no: ditemukan {langkah.no}, seharusnya {i + 1}; "
            "langkah SOP diberi nomor 1, 2, 3, ... berurutan",
        )


def pelaksana_dikenal(
    ds: Dataset, i: int, langkah: LangkahSop, peran_sah: set[str]
) -> Iterator[Masalah]:
    """Rule: a step is signed by peran that exist (built in or in pengaturan.peran_tambahan)."""
    yield from tidak_dikenal(
        ds,
        berkas_sop(),
        ("langkah", i, "pelaksana"),
        langkah.pelaksana,
        peran_sah,
        "peran-tidak-dikenal",
        lambda _, peran: (
            f"langkah[{i}].pelaksana: '{peran}' bukan peran yang dikenal; pilih salah satu dari"
        ),
    )
