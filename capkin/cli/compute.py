"""Commands of SOP steps 3 and 4 and the SOP clock: compute, status."""

from __future__ import annotations

import json
from typing import Any

import click

from capkin.cli.options import (
    main,
    muat_untuk_hitung,
    opsi_format,
    opsi_periode,
    opsi_tahun,
    opsi_tanggal,
)
from capkin.jsontext import json_rapi


@main.command()
@opsi_tahun()
@opsi_periode("Periode (bawaan: triwulan terakhir yang memiliki realisasi).", tahunan=True)
@opsi_format(
    "table: tabel per sasaran; json dan csv: untuk mesin dan spreadsheet.",
    "table",
    "json",
    "csv",
)
@click.option(
    "--versi",
    type=click.Choice(["kini", "disahkan"]),
    default="kini",
    show_default=True,
    help="kini: dari data sekarang (draf); disahkan: laporan seperti saat disahkan "
    "(data per commit pengesahan terakhir).",
)
@click.pass_context
def compute(
    ctx: click.Context, tahun: int | None, periode: str | None, fmt: str, versi: str
) -> None:
    """Hitung capaian kinerja tiap indikator, sasaran dan total untuk satu periode.

    Langkah 3 dan 4 SOP: membandingkan realisasi dengan target dan menyimpulkan
    tercapai atau tidak, dengan predikat dan pembanding.

    \b
    Contoh:
      capkin compute
      capkin compute --tahun 2025 --periode TW2 --format json
      capkin compute --tahun 2025 --periode TW1 --versi disahkan --format json
    """
    from capkin.achievement import hitung, pilih_periode
    from capkin.achievement.terminal_table import tabel, teks_csv
    from capkin.pengesahan.frozen import hasil_versi

    ds = muat_untuk_hitung(ctx)
    tahun_, periode_ = pilih_periode(ds, tahun, periode)
    if versi == "disahkan":
        hasil, keterangan = hasil_versi(ds, tahun_, periode_)
        click.echo(f"catatan: {keterangan['teks']}", err=True)
    else:
        hasil = hitung(ds, tahun_, periode_)
        keterangan = {"versi": "kini"}
    if fmt == "json":
        data = hasil.as_json()
        data["versi"] = keterangan["versi"]
        if versi == "disahkan":
            data["pengesahan"] = keterangan["pengesahan"]
        click.echo(json_rapi(data, 3))
    elif fmt == "csv":
        click.echo(teks_csv(hasil), nl=False)
    else:
        click.echo(tabel(hasil), nl=False)


@main.command()
@opsi_tahun()
@opsi_periode("Triwulan (bawaan: triwulan terakhir yang memiliki siklus atau realisasi).")
@opsi_tanggal("Keadaan per tanggal YYYY-MM-DD (bawaan: hari ini).")
@opsi_format(
    "text: untuk dibaca; json: untuk mesin.",
    "text",
    "json",
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
    from capkin.clock import hari_ini
    from capkin.cycle import pilih_siklus, status_siklus, teks_status

    ds = muat_untuk_hitung(ctx)
    hari = tanggal.date() if tanggal is not None else hari_ini(ds.instansi)
    st = status_siklus(ds, *pilih_siklus(ds, tahun, periode), hari)
    if fmt == "json":
        click.echo(json.dumps(st.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(teks_status(st, ds.instansi), nl=False)
