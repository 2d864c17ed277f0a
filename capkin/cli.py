"""The `capkin` command line: parse options, call the library, format the result."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from capkin import __version__
from capkin.bahasa_click import pasang as _pasang_bahasa
from capkin.errors import CapkinError, DataError, Masalah, Tingkat
from capkin.models import TANGGAL_AKHIR, TANGGAL_AWAL

F = TypeVar("F", bound=Callable[..., Any])

_pasang_bahasa()

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _tangani_galat(fn: F) -> F:
    """Turn CapkinErrors into messages and exit codes; no traceback for bad data."""

    @wraps(fn)
    def bungkus(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DataError as exc:
            for m in exc.masalah:
                click.echo(str(m), err=True)
            galat = sum(1 for m in exc.masalah if m.tingkat is Tingkat.GALAT)
            click.echo(f"Gagal: {galat} galat. Perbaiki data di atas lalu jalankan lagi.", err=True)
            sys.exit(exc.exit_code)
        except CapkinError as exc:
            click.echo(f"galat: {exc}", err=True)
            sys.exit(exc.exit_code)

    return bungkus  # type: ignore[return-value]


class Grup(click.Group):
    """The command group; every command's errors are handled the same way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.callback is not None:
            cmd.callback = _tangani_galat(cmd.callback)
        cmd.options_metavar = "[OPSI]"
        super().add_command(cmd, name)


@click.group(cls=Grup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", message="capkin %(version)s")
@click.option(
    "-C",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Jalankan seolah-olah di FOLDER (seperti git -C).",
)
@click.pass_context
def main(ctx: click.Context, folder: Path) -> None:
    """capkin: Pengumpulan Data Capaian Kinerja sebagai kode.

    Data target, realisasi dan tanda tangan langkah SOP disimpan sebagai berkas YAML
    di folder data/. Jalankan perintah di folder repo (yang berisi data/), atau pakai -C.

    \b
    Contoh:
      capkin validate
      capkin -C ../repo-kapanewon validate --strict
    """
    ctx.ensure_object(dict)
    ctx.obj["root"] = folder


class _Tanggal(click.DateTime):
    """A YYYY-MM-DD option within the range the data format accepts (1900–2100)."""

    name = "tanggal"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        hasil = super().convert(value, param, ctx)
        if not TANGGAL_AWAL <= hasil.date() <= TANGGAL_AKHIR:
            self.fail(f"{value} di luar jangkauan 1900-01-01 sampai 2100-12-31", param, ctx)
        return hasil


_TANGGAL = _Tanggal()


def root_dari(ctx: click.Context) -> Path:
    """Return the repo folder given with -C (default: the current folder)."""
    root: Path = ctx.find_root().obj["root"]
    return root


# --- validate -------------------------------------------------------------------------------


def _ringkasan(masalah: list[Masalah]) -> str:
    galat = sum(1 for m in masalah if m.tingkat is Tingkat.GALAT)
    peringatan = len(masalah) - galat
    return f"{galat} galat, {peringatan} peringatan"


def _github_escape(teks: str, properti: bool = False) -> str:
    teks = teks.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if properti:
        teks = teks.replace(":", "%3A").replace(",", "%2C")
    return teks


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: satu baris per masalah; github: anotasi GitHub Actions; json: untuk mesin.",
)
@click.option("--strict", is_flag=True, help="Peringatan juga dianggap gagal.")
@click.pass_context
def validate(ctx: click.Context, fmt: str, strict: bool) -> None:
    """Periksa semua berkas data dan laporkan setiap masalah beserta letaknya.

    Keluar dengan kode 0 bila data sah (peringatan boleh), 1 bila ada galat
    (atau peringatan dengan --strict), 2 bila perintah salah pakai.

    \b
    Contoh:
      capkin validate
      capkin validate --strict --format github
    """
    from capkin.validation import periksa

    _, masalah = periksa(root_dari(ctx))
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
        for m in masalah:
            click.echo(str(m))
        status = "TIDAK SAH" if gagal else "sah"
        click.echo(f"Data {status}: {_ringkasan(masalah)}.")
    sys.exit(1 if gagal else 0)


# --- schema ---------------------------------------------------------------------------------


@main.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder tujuan skema (bawaan: .vscode/schemas di repo).",
)
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
    from capkin.schema import tulis_skema

    root = root_dari(ctx).resolve()
    folder = None if out is None else (out if out.is_absolute() else Path.cwd() / out)
    for path in tulis_skema(root, folder):
        click.echo(f"ditulis: {path}")


# --- compute and status ---------------------------------------------------------------------


def _muat_untuk_hitung(ctx: click.Context) -> Any:
    """Load a valid data tree; say on stderr how many warnings it has."""
    from capkin.validation import muat_valid

    ds, peringatan = muat_valid(root_dari(ctx))
    if peringatan:
        click.echo(
            f"catatan: data memiliki {len(peringatan)} peringatan; lihat 'capkin validate'",
            err=True,
        )
    return ds


@main.command()
@click.option("--tahun", type=int, default=None, help="Tahun (bawaan: tahun terakhir).")
@click.option(
    "--periode",
    type=click.Choice(["TW1", "TW2", "TW3", "TW4", "tahunan"], case_sensitive=False),
    default=None,
    help="Periode (bawaan: triwulan terakhir yang memiliki realisasi).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: tabel per sasaran; json dan csv: untuk mesin dan spreadsheet.",
)
@click.pass_context
def compute(ctx: click.Context, tahun: int | None, periode: str | None, fmt: str) -> None:
    """Hitung capaian kinerja tiap indikator, sasaran dan total untuk satu periode.

    Langkah 3 dan 4 SOP: membandingkan realisasi dengan target dan menyimpulkan
    tercapai atau tidak, dengan predikat dan pembanding.

    \b
    Contoh:
      capkin compute
      capkin compute --tahun 2025 --periode TW2 --format json
    """
    from capkin.achievement import hitung, pilih_periode
    from capkin.achievement.tabel import tabel, teks_csv

    ds = _muat_untuk_hitung(ctx)
    hasil = hitung(ds, *pilih_periode(ds, tahun, periode))
    if fmt == "json":
        click.echo(json.dumps(hasil.as_json(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(teks_csv(hasil), nl=False)
    else:
        click.echo(tabel(hasil), nl=False)


@main.command()
@click.option("--tahun", type=int, default=None, help="Tahun (bawaan: tahun terakhir).")
@click.option(
    "--periode",
    type=click.Choice(["TW1", "TW2", "TW3", "TW4"], case_sensitive=False),
    default=None,
    help="Triwulan (bawaan: triwulan terakhir yang memiliki siklus atau realisasi).",
)
@click.option(
    "--tanggal",
    type=_TANGGAL,
    default=None,
    help="Keadaan per tanggal YYYY-MM-DD (bawaan: hari ini).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: untuk dibaca; json: untuk mesin.",
)
@click.pass_context
def status(
    ctx: click.Context, tahun: int | None, periode: str | None, tanggal: Any, fmt: str
) -> None:
    """Tampilkan keadaan siklus SOP: tiap langkah terhadap standar waktunya, dan siapa yang belum
    menyampaikan realisasi.

    Hari kerja dihitung Senin–Jumat tanpa libur nasional, cuti bersama dan
    hari_libur_tambahan.

    \b
    Contoh:
      capkin status
      capkin status --tahun 2025 --periode TW2 --tanggal 2025-07-10 --format json
    """
    from datetime import date

    from capkin.cycle import pilih_siklus, status_siklus, teks_status

    ds = _muat_untuk_hitung(ctx)
    hari = tanggal.date() if tanggal is not None else date.today()
    st = status_siklus(ds, *pilih_siklus(ds, tahun, periode), hari)
    if fmt == "json":
        click.echo(json.dumps(st.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(teks_status(st, ds.instansi), nl=False)


# --- pull-request workflow: codeowners, new, sign -------------------------------------------

_PERIODE_TW = click.Choice(["TW1", "TW2", "TW3", "TW4"], case_sensitive=False)


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
    from capkin.dataset import berkas_instansi
    from capkin.scaffold.codeowners import BERKAS_CODEOWNERS, codeowners_usang, tulis_codeowners
    from capkin.scaffold.new import galat_berkas
    from capkin.validation import periksa

    ds, masalah = periksa(root_dari(ctx), riwayat=False)
    if ds.instansi is None:
        raise DataError(galat_berkas(masalah, berkas_instansi()))
    if check:
        path = ds.root / BERKAS_CODEOWNERS
        if not path.is_file() or codeowners_usang(ds.instansi, ds.root):
            click.echo(
                f"{BERKAS_CODEOWNERS} belum ada atau tidak sesuai dengan data/instansi.yml; "
                "jalankan 'capkin codeowners'.",
                err=True,
            )
            sys.exit(1)
        click.echo(f"{BERKAS_CODEOWNERS} sudah mutakhir.")
        return
    click.echo(f"ditulis: {tulis_codeowners(ds.instansi, ds.root)}")


@main.group(cls=Grup)
def new() -> None:
    """Buat berkas data baru yang sudah terisi kerangkanya.

    \b
    Contoh:
      capkin new realisasi --periode TW2 --unit jawatan-umum
    """


@new.command("realisasi")
@click.option("--periode", type=_PERIODE_TW, required=True, help="Triwulan: TW1–TW4.")
@click.option("--unit", required=True, help="ID unit di data/instansi.yml.")
@click.option(
    "--tahun", type=int, default=None, help="Tahun (bawaan: tahun terakhir yang memiliki PK)."
)
@click.pass_context
def new_realisasi(ctx: click.Context, periode: str, unit: str, tahun: int | None) -> None:
    """Tulis berkas realisasi satu unit untuk satu triwulan, berisi indikatornya.

    Setiap indikator diberi keterangan (uraian, satuan, target) dan kolom kosong untuk diisi:
    nilai, hambatan, strategi, tindak_lanjut, bukti. Berkas yang sudah ada tidak ditimpa.

    \b
    Contoh:
      capkin new realisasi --periode TW2 --unit jawatan-umum
      capkin new realisasi --periode TW1 --unit jawatan-praja --tahun 2025
    """
    from capkin.models import Periode
    from capkin.scaffold.new import buat_realisasi

    path = buat_realisasi(root_dari(ctx), Periode(periode.upper()), unit, tahun)
    click.echo(f"ditulis: {path}")
    click.echo("Isi nilai setiap indikator, lalu jalankan 'capkin validate'.")


@main.command()
@click.option("--periode", type=_PERIODE_TW, required=True, help="Triwulan siklus: TW1–TW4.")
@click.option("--langkah", "no", type=int, required=True, help="Nomor langkah SOP (lihat data/sop.yml; SOP 08/SOP/2023: 1–6).")
@click.option("--oleh", required=True, help="ID pejabat yang menandatangani.")
@click.option("--tanggal", type=_TANGGAL, default=None, help="Tanggal selesai (bawaan: hari ini).")
@click.option(
    "--tahun", type=int, default=None, help="Tahun (bawaan: tahun terakhir yang memiliki PK)."
)
@click.option(
    "--mulai",
    type=_TANGGAL,
    default=None,
    help="Tanggal mulai (bawaan: yang sudah tercatat, atau hari kerja sesudah langkah sebelumnya).",
)
@click.option("--catatan", default=None, help="Catatan untuk langkah ini.")
@click.option("--dokumen", default=None, help="Dokumen hasil langkah ini (mis. laporan terkirim).")
@click.option(
    "--commit",
    "buat_commit",
    is_flag=True,
    help="Commit berkas siklus dengan identitas git Anda (harus salah satu identitas_git pejabat).",
)
@click.pass_context
def sign(
    ctx: click.Context,
    periode: str,
    no: int,
    oleh: str,
    tanggal: Any,
    tahun: int | None,
    mulai: Any,
    catatan: str | None,
    dokumen: str | None,
    buat_commit: bool,
) -> None:
    """Tandatangani satu langkah SOP di berkas siklus triwulan (data/<tahun>/siklus/<P>.yml).

    Diperiksa dahulu: pejabat ada, perannya termasuk pelaksana langkah itu, semua langkah
    sebelumnya sudah ditandatangani, langkah ini belum, dan tanggalnya berurutan. Komentar dan
    tata letak berkas tetap terjaga.

    \b
    Contoh:
      capkin sign --periode TW2 --langkah 3 --oleh kasubbag-kpe
      capkin sign --periode TW2 --langkah 6 --oleh panewu --tanggal 2025-07-25 --commit
    """
    from capkin.models import Periode
    from capkin.scaffold.sign import tanda_tangani

    hasil = tanda_tangani(
        root_dari(ctx),
        Periode(periode.upper()),
        no,
        oleh,
        tanggal=tanggal.date() if tanggal else None,
        tahun=tahun,
        mulai=mulai.date() if mulai else None,
        catatan=catatan,
        dokumen=dokumen,
        commit=buat_commit,
    )
    click.echo(
        f"Langkah {hasil.no} ({hasil.aktivitas}) siklus {hasil.periode} {hasil.tahun} "
        f"ditandatangani oleh {hasil.pejabat.nama}: mulai {hasil.mulai}, selesai {hasil.selesai}."
    )
    click.echo(f"ditulis: {hasil.berkas}")
    if hasil.commit:
        click.echo(f"commit: {hasil.commit}")


# --- history --------------------------------------------------------------------------------


@main.command()
@click.option(
    "--since",
    "sejak",
    type=_TANGGAL,
    metavar="TANGGAL",
    help="Hanya perubahan sejak tanggal ini (YYYY-MM-DD).",
)
@click.option("--indikator", metavar="ID", help="Hanya perubahan tentang indikator ini (mis. ik1).")
@click.option("--unit", metavar="ID", help="Hanya perubahan tentang unit ini (mis. jawatan-umum).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: untuk dibaca; json: untuk mesin; markdown: tabel untuk halaman.",
)
@click.option(
    "--limit", "batas", type=click.IntRange(min=1), metavar="N", help="Paling banyak N entri."
)
@click.option("--no-cache", is_flag=True, help="Hitung ulang tanpa .capkin-cache/.")
@click.pass_context
def history(
    ctx: click.Context,
    sejak: Any,
    indikator: str | None,
    unit: str | None,
    fmt: str,
    batas: int | None,
    no_cache: bool,
) -> None:
    """Tampilkan register perubahan data dari riwayat git, terbaru dahulu.

    Setiap entri adalah satu commit (pull request yang digabung tampil sebagai satu entri):
    tanggal, penulis dan pejabatnya, nomor PR, dan perubahan per isian data.

    \b
    Contoh:
      capkin history --since 2025-07-01 --indikator ik1
      capkin history --unit jawatan-umum --format markdown --limit 20
    """
    from capkin.dataset import cari_root
    from capkin.history import (
        baca_riwayat,
        dalam_git,
        format_json,
        format_markdown,
        format_teks,
        muat_instansi,
        saring_riwayat,
    )

    root = cari_root(root_dari(ctx))
    if not dalam_git(root):
        click.echo(
            f"Folder {root} bukan bagian dari repositori git, jadi register perubahan kosong. "
            "Jalankan 'git init' dan commit data untuk mulai mencatat riwayat.",
            err=True,
        )
    instansi = muat_instansi(root)
    riwayat = saring_riwayat(
        baca_riwayat(root, instansi=instansi, cache=not no_cache),
        sejak=sejak.date() if sejak else None,
        indikator=indikator,
        unit=unit,
        batas=batas,
    )
    if fmt == "json":
        click.echo(format_json(riwayat), nl=False)
    elif fmt == "markdown":
        click.echo(format_markdown(riwayat, instansi), nl=False)
    else:
        click.echo(format_teks(riwayat, instansi), nl=False)


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown: untuk komentar pull request; json: untuk mesin.",
)
@click.pass_context
def diff(ctx: click.Context, base: str, head: str | None, fmt: str) -> None:
    """Tunjukkan apa yang diubah sebuah perubahan pada laporan, dari revisi git BASE ke HEAD.

    HEAD bawaannya pohon kerja (berkas yang sekarang ada di folder). Yang dilaporkan: indikator
    yang realisasi, capaian, predikat atau statusnya berubah, target yang berubah, langkah SOP
    yang ditandatangani, unit yang kini menyampaikan realisasi, dan masalah validasi baru.

    \b
    Contoh:
      capkin diff origin/main
      capkin diff HEAD~1 HEAD --format json
    """
    from capkin.diff import as_json, bandingkan, markdown

    hasil = bandingkan(root_dari(ctx), base, head)
    if fmt == "json":
        click.echo(json.dumps(as_json(hasil), ensure_ascii=False, indent=2))
    else:
        click.echo(markdown(hasil), nl=False)


# --- worksheet: kertas kerja for step 2 -----------------------------------------------------


@main.group(cls=Grup)
def worksheet() -> None:
    """Kertas kerja Excel untuk langkah 2 SOP: buat untuk tiap unit, lalu impor isiannya.

    \b
    Contoh:
      capkin worksheet make --periode TW2
      capkin worksheet import kertas-kerja/*.xlsx
    """


@worksheet.command("make")
@click.option("--periode", type=_PERIODE_TW, required=True, help="Triwulan: TW1–TW4.")
@click.option(
    "--tahun", type=int, default=None, help="Tahun (bawaan: tahun terakhir yang memiliki PK)."
)
@click.option(
    "--unit",
    multiple=True,
    help="ID unit; boleh diulang (bawaan: semua unit yang menjadi penanggung jawab indikator).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("kertas-kerja"),
    show_default=True,
    help="Folder tujuan berkas XLSX.",
)
@click.option("--force", is_flag=True, help="Timpa berkas kertas kerja yang sudah ada di --out.")
@click.pass_context
def worksheet_make(
    ctx: click.Context,
    periode: str,
    tahun: int | None,
    unit: tuple[str, ...],
    out: Path,
    force: bool,
) -> None:
    """Buat kertas kerja XLSX per unit untuk diisi realisasi, hambatan dan strateginya.

    Setiap berkas berisi lembar 'Kertas Kerja': identitas, batas waktu langkah 2 menurut
    jam SOP, petunjuk, dan satu baris per indikator unit itu. Hanya kolom Realisasi sampai
    Bukti Dukung yang dapat diisi; nilai yang sudah dilaporkan sudah terisi. Berkas yang
    sudah ada di --out (mungkin sudah diisi unit) tidak ditimpa tanpa --force.

    \b
    Contoh:
      capkin worksheet make --periode TW2
      capkin worksheet make --periode TW2 --unit jawatan-umum --out ~/kirim
    """
    from capkin.achievement import tahun_terakhir
    from capkin.clock import format_tanggal
    from capkin.models import Periode
    from capkin.worksheet import BELUM_DITETAPKAN, batas_waktu, tulis_kertas_kerja

    ds = _muat_untuk_hitung(ctx)
    th = tahun if tahun is not None else tahun_terakhir(ds)
    p = Periode(periode.upper())
    ditulis, dilewati = tulis_kertas_kerja(ds, th, p, out, unit, timpa=force)
    for path in ditulis:
        click.echo(f"ditulis: {path}")
    if dilewati:
        click.echo(f"dilewati (bukan penanggung jawab indikator): {', '.join(dilewati)}")
    tenggat = batas_waktu(ds, th, p)
    click.echo(
        f"{len(ditulis)} kertas kerja {p.value} {th}; batas waktu pengisian: "
        f"{format_tanggal(tenggat) if tenggat else BELUM_DITETAPKAN}."
    )
    if ditulis:
        click.echo("Kirim berkas itu ke unitnya; setelah diisi, impor dengan: "
                   "capkin worksheet import BERKAS.xlsx")  # fmt: skip


@worksheet.command("import")
@click.argument("berkas", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Timpa nilai yang berbeda dengan data yang ada.")
@click.option("--dry-run", is_flag=True, help="Tunjukkan perubahannya tanpa menulis berkas.")
@click.option("--periode", type=_PERIODE_TW, default=None, help="Tolak kertas kerja periode lain.")
@click.option("--tahun", type=int, default=None, help="Tolak kertas kerja tahun lain.")
@click.option("--unit", default=None, help="Tolak kertas kerja unit lain.")
@click.option(
    "--tanggal",
    type=_TANGGAL,
    default=None,
    help="Tanggal penyampaian untuk berkas yang berubah, YYYY-MM-DD (bawaan: hari ini).",
)
@click.pass_context
def worksheet_import(
    ctx: click.Context,
    berkas: tuple[Path, ...],
    force: bool,
    dry_run: bool,
    periode: str | None,
    tahun: int | None,
    unit: str | None,
    tanggal: Any,
) -> None:
    """Impor kertas kerja yang sudah diisi ke berkas realisasi unitnya.

    Sel kosong tidak menghapus nilai yang ada. Nilai yang berbeda dengan data yang sudah
    ada tidak ditimpa tanpa --force: perintah menampilkan lama → baru dan keluar dengan
    kode 1 tanpa mengubah berkas apa pun. Berkas baru diisi disampaikan_oleh = kepala unit
    dan tanggal = hari ini (atau --tanggal); berkas yang ada diperbarui di tempat (komentar
    dan urutan kunci tetap) dan tanggalnya diperbarui hanya bila ada nilai yang berubah.
    Angka yang diketik sebagai teks dibaca dengan koma desimal (83,5 → 83.5; 1.250.000 →
    1250000) dan dilaporkan; 1.250 bermakna ganda sehingga ditolak.
    Sesudah menulis, seluruh data divalidasi ulang.

    \b
    Contoh:
      capkin worksheet import kertas-kerja/*.xlsx --dry-run
      capkin worksheet import kk-jawatan-umum.xlsx --periode TW2 --force
    """
    from datetime import date

    from capkin.dataset import muat_dataset
    from capkin.models import Periode
    from capkin.validation import periksa
    from capkin.worksheet import rencanakan_impor, ringkasan_perubahan, terapkan

    root = root_dari(ctx)
    ds, _ = muat_dataset(root)
    hasil = rencanakan_impor(
        ds,
        berkas,
        tanggal=tanggal.date() if tanggal is not None else date.today(),
        tahun=tahun,
        periode=Periode(periode.upper()) if periode else None,
        unit=unit,
        kemajuan=(lambda n, j, nama: click.echo(f"membaca {n}/{j}: {nama}", err=True))
        if len(berkas) > 1
        else None,
    )
    rencana = {id(r.kertas_kerja): r for r in hasil.rencana}
    for n, kk in enumerate(hasil.kertas_kerja, start=1):
        r = rencana.get(id(kk))
        tujuan = f" → {r.berkas}{'' if r.ada else ' (berkas baru)'}" if r else ""
        click.echo(f"[{n}/{len(hasil.kertas_kerja)}] {kk.nama}{tujuan}")
        for catatan in kk.catatan:
            click.echo(f"  {catatan}")
        if r is not None:
            click.echo(f"  {len(r.baru)} nilai baru, {len(r.diubah)} diubah, {r.sama} sama")
    for m in hasil.masalah:
        click.echo(str(m), err=True)
    if hasil.galat:
        click.echo(
            f"Tidak ada berkas yang diubah: {len(hasil.galat)} galat. Perbaiki kertas kerja "
            "atau data di atas, lalu impor lagi.",
            err=True,
        )
        sys.exit(1)
    if dry_run or (hasil.konflik and not force):
        for r in hasil.rencana:
            for p in r.perubahan:
                click.echo(("  diubah: " if p.konflik else "  baru: ") + ringkasan_perubahan(p))
    if hasil.konflik and not force:
        click.echo(
            f"Tidak ada berkas yang diubah: {len(hasil.konflik)} nilai berbeda dengan data yang "
            "sudah ada (lama → baru di atas). Periksa nilainya; bila kertas kerja yang benar, "
            "jalankan lagi dengan --force.",
            err=True,
        )
        sys.exit(1)
    if dry_run:
        click.echo("Uji coba (--dry-run): tidak ada berkas yang ditulis.")
        return
    ditulis = terapkan(hasil, force=force)
    for b in ditulis:
        click.echo(f"ditulis: {b}")
    if ditulis:
        click.echo("Periksa perubahannya dengan 'git diff', lalu commit dan ajukan pull request.")
    else:
        click.echo("Tidak ada perubahan: data sudah sama dengan kertas kerja.")
    _, masalah = periksa(root)
    galat = [m for m in masalah if m.tingkat is Tingkat.GALAT]
    for m in galat:
        click.echo(str(m), err=True)
    click.echo(f"Validasi ulang seluruh data: {_ringkasan(masalah)}.")
    sys.exit(1 if galat else 0)


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
    from capkin.scaffold.init import IDENTITAS_CADANGAN, buat_repo

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
    click.echo("Langkah berikutnya:")
    click.echo("  1. Ganti data CONTOH di data/instansi.yml dan data/*/perjanjian-kinerja.yml.")
    click.echo(f"  2. capkin -C {folder} validate")
    click.echo("  3. Dorong repo ke GitHub dan aktifkan Pages (Source: GitHub Actions).")
    click.echo("  4. Bagikan PANDUAN.md kepada staf.")


# --- build, serve ----------------------------------------------------------------------------


def _opsi_pdf(semua: bool, no_pdf: bool) -> Any:
    from capkin.site import PilihanPdf

    if no_pdf:
        return PilihanPdf.TIDAK
    return PilihanPdf.SEMUA if semua else PilihanPdf.TERAKHIR


def _progres(baris: str) -> None:
    click.echo(baris, err=True)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder hasil situs (bawaan: site/ di folder repo).",
)
@click.option("--no-pdf", is_flag=True, help="Lewati pembuatan PDF laporan.")
@click.option(
    "--pdf-semua/--pdf-terakhir",
    default=True,
    show_default=True,
    help="PDF laporan untuk semua periode, atau hanya periode tahun terakhir.",
)
@click.pass_context
def build(ctx: click.Context, out: Path | None, no_pdf: bool, pdf_semua: bool) -> None:
    """Bangun situs laporan: validasi, hitung capaian, tulis halaman ke docs/, jalankan MkDocs.

    Data yang tidak sah menghentikan pembangunan dengan pesan yang sama seperti
    'capkin validate'. PDF yang isinya tidak berubah diambil dari .capkin-cache/.

    \b
    Contoh:
      capkin build
      capkin build --out public --no-pdf
    """
    from capkin.site import bangun

    bangun(root_dari(ctx), out, pdf=_opsi_pdf(pdf_semua, no_pdf), progres=_progres)


@main.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port di 127.0.0.1.",
)
@click.option("--no-pdf", is_flag=True, help="Lewati pembuatan PDF laporan.")
@click.pass_context
def serve(ctx: click.Context, port: int, no_pdf: bool) -> None:
    """Bangun situs, sajikan di 127.0.0.1, dan bangun ulang saat data/ atau templat berubah.

    \b
    Contoh:
      capkin serve
      capkin serve --port 8080 --no-pdf
    """
    from capkin.site.sajikan import Penyaji

    penyaji = Penyaji(root_dari(ctx), port, pdf=_opsi_pdf(True, no_pdf), progres=_progres)
    penyaji.start()
    click.echo(f"Menyajikan {penyaji.url} (Ctrl+C untuk berhenti)", err=True)
    try:
        penyaji.tunggu()
    except KeyboardInterrupt:
        penyaji.stop()
