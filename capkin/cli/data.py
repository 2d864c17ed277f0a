"""Commands on the data files: validate, schema, new, codeowners, init (sign: `signing`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from capkin.cli.options import (
    OPSI_DASAR,
    Grup,
    main,
    opsi_format,
    opsi_out,
    opsi_periode,
    opsi_tahun,
    opsi_unit,
    ringkasan_masalah,
    root_dari,
    tanpa_gc,
)
from capkin.errors import CapkinError, DataError, Masalah, Tingkat, tanpa_arah

if TYPE_CHECKING:
    from capkin.dataset import Dataset


def _github_escape(teks: str, properti: bool = False) -> str:
    teks = tanpa_arah(teks).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if properti:
        teks = teks.replace(":", "%3A").replace(",", "%2C")
    return teks


def _masukan_situs(ds: Dataset) -> list[Masalah]:
    """Return what `capkin build` would refuse (mkdocs.yml that runs code, symlinks copied into
    the site): it fails the pull request's check, not only the publication after the merge."""
    from capkin.site.inputs import periksa_masukan  # imported only when the check runs

    return periksa_masukan(ds.root, ds.instansi)


@main.command()
@opsi_format(
    "text: satu baris per masalah; github: anotasi GitHub Actions; json: untuk mesin.",
    "text",
    "github",
    "json",
)
@click.option("--strict", is_flag=True, help="Peringatan juga dianggap gagal.")
@OPSI_DASAR
@click.pass_context
def validate(ctx: click.Context, fmt: str, strict: bool) -> None:
    """Periksa semua berkas data dan laporkan setiap masalah beserta letaknya.

    Keluar dengan kode 0 bila data sah (peringatan boleh), 1 bila ada galat
    (atau peringatan dengan --strict), 2 bila perintah salah pakai.

    \b
    Contoh:
      capkin validate
      capkin validate --strict --format github
      capkin validate --strict --dasar origin/main
    """
    from capkin.validation import periksa_tersimpan

    tanpa_gc()
    masalah = periksa_tersimpan(root_dari(ctx), "validate", _masukan_situs)
    gagal = any(m.tingkat is Tingkat.GALAT or strict for m in masalah)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"valid": not gagal, "masalah": [m.as_json() for m in masalah]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        if fmt == "github":
            for m in masalah:
                perintah = "error" if m.tingkat is Tingkat.GALAT or strict else "warning"
                lokasi = f"file={_github_escape(m.berkas, True)}"
                if m.baris:
                    lokasi += f",line={m.baris},col={m.kolom}"
                click.echo(f"::{perintah} {lokasi}::{_github_escape(m.pesan)}")
        # one write for all: a regency's 10,000 warnings echoed one by one cost a write and
        # a terminal check each
        click.echo("".join(f"{m}\n" for m in masalah), nl=False)
        status = "TIDAK SAH" if gagal else "sah"
        click.echo(f"Data {status}: {ringkasan_masalah(masalah)}.")
        _basis(root_dari(ctx))
    sys.exit(1 if gagal else 0)


def _basis(root: Path) -> None:
    """Say which history counted as main line when a base was named (history.basis)."""
    from capkin.history.basis import baca_basis, rev_dasar
    from capkin.history.gitlog import buka_repo

    if rev_dasar() is None:
        return
    try:
        repo = buka_repo(root)
    except CapkinError:  # a shallow clone: the checks said so already
        return
    if repo is not None:
        click.echo(f"{baca_basis(repo).teks()}.")


@main.command()
@opsi_out("Folder tujuan skema (bawaan: .vscode/schemas di repo).")
@click.pass_context
def schema(ctx: click.Context, out: Path | None) -> None:
    """Tulis JSON Schema tiap jenis berkas data dan pengaturan editor yang memakainya.

    Editor (VS Code dengan ekstensi YAML) lalu melengkapi kunci dan menandai kesalahan
    saat staf mengetik di folder data/.

    \b
    Contoh:
      capkin schema
      capkin schema --out skema/
    """
    from capkin.dataset import cari_root
    from capkin.schema import tulis_skema

    root = cari_root(root_dari(ctx))
    folder = None if out is None else (out if out.is_absolute() else Path.cwd() / out)
    for path in tulis_skema(root, folder):
        click.echo(f"ditulis: {path}")


@main.command()
@click.option(
    "--check",
    is_flag=True,
    help="Jangan menulis; keluar dengan kode 1 bila .github/CODEOWNERS belum mutakhir.",
)
@click.pass_context
def codeowners(ctx: click.Context, check: bool) -> None:
    """Tulis .github/CODEOWNERS dari handle github di data/instansi.yml.

    Realisasi tiap unit ditinjau kepala unitnya; PK, SOP dan instansi oleh Kasubbag KPE dan
    Panewu; siklus oleh Kasubbag KPE. Pejabat tanpa handle github dilewati dengan catatan.

    \b
    Contoh:
      capkin codeowners
      capkin codeowners --check
    """
    from capkin.layout import berkas_instansi
    from capkin.reviewers import BERKAS_CODEOWNERS, codeowners_usang
    from capkin.scaffold.codeowners import tulis_codeowners
    from capkin.scaffold.realisasi_file import galat_berkas
    from capkin.validation import periksa

    ds, masalah = periksa(root_dari(ctx), riwayat=False)
    if ds.instansi is None:
        raise DataError(galat_berkas(masalah, berkas_instansi()))
    if check:
        path = ds.root / BERKAS_CODEOWNERS
        if not path.is_file() or codeowners_usang(ds.instansi, ds.root, ds.sop):
            click.echo(
                f"{BERKAS_CODEOWNERS} belum ada atau tidak sesuai dengan data/instansi.yml; "
                "jalankan 'capkin codeowners'.",
                err=True,
            )
            sys.exit(1)
        click.echo(f"{BERKAS_CODEOWNERS} sudah mutakhir.")
        return
    click.echo(f"ditulis: {tulis_codeowners(ds.instansi, ds.root, ds.sop)}")


@main.group(cls=Grup)
def new() -> None:
    """Buat berkas data baru yang sudah terisi kerangkanya.

    \b
    Contoh:
      capkin new realisasi --periode TW2 --unit jawatan-umum
      capkin new anggaran --periode TW2
    """


@new.command("realisasi")
@opsi_periode("Triwulan.", wajib=True)
@opsi_unit("ID unit di data/instansi.yml.", wajib=True)
@opsi_tahun("Tahun (bawaan: tahun terakhir yang memiliki PK).")
@click.pass_context
def new_realisasi(ctx: click.Context, periode: str, unit: str, tahun: int | None) -> None:
    """Tulis berkas realisasi satu unit untuk satu triwulan, berisi indikatornya.

    Setiap indikator diberi keterangan (uraian, satuan, target) dan kolom kosong untuk diisi:
    nilai, hambatan, strategi, tindak_lanjut, bukti. Berkas yang sudah ada tidak ditimpa.
    Bila laporan periode itu sudah disahkan, perintah ini memperingatkan setelah menulis
    (PANDUAN: Koreksi setelah disahkan).

    \b
    Contoh:
      capkin new realisasi --periode TW2 --unit jawatan-umum
      capkin new realisasi --periode TW1 --unit jawatan-praja --tahun 2025
    """
    from capkin.dataset import muat_dataset
    from capkin.models.base import Periode
    from capkin.pengesahan.lookup import pesan_sudah_disahkan
    from capkin.scaffold.realisasi_file import buat_realisasi

    per = Periode(periode.upper())
    ds, _ = muat_dataset(root_dari(ctx))
    ada_pk = [t for t in ds.tahun_terurut if ds.tahun[t].pk is not None]
    th = tahun if tahun is not None else (ada_pk[-1] if ada_pk else None)
    pesan = pesan_sudah_disahkan(ds, th, per) if th in ds.tahun else None
    path = buat_realisasi(root_dari(ctx), per, unit, tahun)
    if pesan:  # only once the file is written: a refused command changes nothing approved
        click.echo(f"peringatan: {pesan}", err=True)
    click.echo(f"ditulis: {path}")
    click.echo("Isi nilai setiap indikator, lalu jalankan 'capkin validate'.")


@new.command("anggaran")
@opsi_periode("Triwulan.", wajib=True)
@opsi_tahun("Tahun (bawaan: tahun terakhir yang memiliki PK).")
@click.pass_context
def new_anggaran(ctx: click.Context, periode: str, tahun: int | None) -> None:
    """Tulis berkas realisasi anggaran satu triwulan, berisi semua program PK.

    Setiap program diberi keterangan (uraian, pagu, anggaran kas, realisasi triwulan
    sebelumnya) dan `nilai` kosong untuk diisi Kasubbag KPE dengan realisasi sampai dengan
    triwulan itu. Berkas yang sudah ada tidak ditimpa.

    \b
    Contoh:
      capkin new anggaran --periode TW2
      capkin new anggaran --periode TW4 --tahun 2025
    """
    from capkin.models.base import Periode
    from capkin.scaffold.anggaran_file import buat_anggaran

    path = buat_anggaran(root_dari(ctx), Periode(periode.upper()), tahun)
    click.echo(f"ditulis: {path}")
    click.echo("Isi nilai setiap program, lalu jalankan 'capkin validate'.")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--nama", required=True, help='Nama kantor, mis. "Kapanewon Depok".')
@click.option("--induk", default=None, help='Pemerintah induk, mis. "Pemerintah Kabupaten Sleman".')
def init(folder: Path, nama: str, induk: str | None) -> None:
    """Buat repo data baru untuk sebuah kantor di FOLDER (baru atau kosong), siap dipakai.

    Isinya: data/instansi.yml (contoh unit dan pejabat untuk diganti), data/sop.yml
    (SOP 08/SOP/2023), kerangka perjanjian kinerja tahun ini, mkdocs.yml, alur kerja GitHub
    Actions, .gitignore, pengaturan skema editor, .pre-commit-config.yaml, PANDUAN.md dan
    README.md; lalu git init dengan commit pertama.

    \b
    Contoh:
      capkin init kapanewon-depok --nama "Kapanewon Depok" --induk "Pemerintah Kabupaten Sleman"
    """
    from capkin.scaffold.office_repo import IDENTITAS_CADANGAN, buat_repo

    hasil = buat_repo(folder, nama, induk)
    click.echo(
        f"Repo baru dibuat di {hasil.root} ({len(hasil.berkas)} berkas, commit {hasil.commit[:12]})."
    )
    if hasil.identitas_cadangan:
        nama_git, email_git = IDENTITAS_CADANGAN
        click.echo(
            f"catatan: git belum punya user.name/user.email, jadi commit pertama dibuat atas nama "
            f"{nama_git} <{email_git}>. Atur identitas Anda dengan 'git config --global user.name' "
            "dan 'git config --global user.email'."
        )
    if hasil.kunci_webflow is None:
        click.echo(
            "Kunci publik GitHub untuk commit dari editor web disimpan di .github/web-flow.gpg "
            "(sidik jarinya sudah diperiksa)."
        )
    else:
        click.echo(
            f"catatan: {hasil.kunci_webflow}. Tanda tangan dari editor web GitHub belum dapat "
            "diverifikasi di komputer ini sampai kunci itu ada: jalankan 'curl -fsSL "
            "https://github.com/web-flow.gpg -o .github/web-flow.gpg' di repo ini (capkin "
            "memeriksa sidik jarinya); alur kerja GitHub Actions mengunduhnya sendiri."
        )
    click.echo("Langkah berikutnya:")
    click.echo(
        "  1. Ganti data CONTOH di data/instansi.yml dan data/*/perjanjian-kinerja.yml, dan"
        " sesuaikan data/sop.yml dengan SOP kantor Anda (lihat PANDUAN.md bagian 8)."
    )
    click.echo(f"  2. capkin -C {folder} validate")
    click.echo("  3. Dorong repo ke GitHub dan aktifkan Pages (Source: GitHub Actions).")
    click.echo("  4. Bagikan PANDUAN.md kepada staf.")
