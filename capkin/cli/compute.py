"""Commands of SOP steps 3 and 4 and the SOP clock: compute, status."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from capkin.cli.options import (
    catat_peringatan,
    main,
    muat_untuk_hitung,
    opsi_format,
    opsi_periode,
    opsi_tahun,
    opsi_tanggal,
    root_dari,
    tanpa_gc,
)
from capkin.jsontext import json_rapi

if TYPE_CHECKING:
    from capkin.achievement import HasilPeriode


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
    from capkin.validation import keluaran_tersimpan

    tanpa_gc()
    if versi == "kini":  # a function of the tree's state alone: reused while it is unchanged
        teks, peringatan = keluaran_tersimpan(
            root_dari(ctx),
            f"compute\0{tahun}\0{periode}\0{fmt}",
            lambda ds: _teks(hitung(ds, *pilih_periode(ds, tahun, periode)), fmt, {"versi": versi}),
        )
        catat_peringatan(peringatan)
        click.echo(teks, nl=False)
        return
    from capkin.pengesahan.lookup import hasil_versi  # the approved version only: git

    ds = muat_untuk_hitung(ctx)
    hasil, keterangan = hasil_versi(ds, *pilih_periode(ds, tahun, periode))
    click.echo(f"catatan: {keterangan['teks']}", err=True)
    click.echo(_teks(hasil, fmt, keterangan), nl=False)


def _teks(hasil: HasilPeriode, fmt: str, keterangan: dict[str, Any]) -> str:
    """Return what compute prints: a period's results as JSON, CSV or a table.

    `keterangan` says which version is shown (`versi`) and, for an approved one, its
    `pengesahan`.
    """
    from capkin.achievement.terminal_table import tabel, teks_csv

    if fmt == "json":
        data = hasil.as_json()
        data["versi"] = keterangan["versi"]
        if "pengesahan" in keterangan:
            data["pengesahan"] = keterangan["pengesahan"]
        return json_rapi(data, 3) + "\n"
    if fmt == "csv":
        return teks_csv(hasil)
    return tabel(hasil)


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
    from capkin.pengesahan.lookup import bukti_revisi_periode

    ds = muat_untuk_hitung(ctx)
    hari = tanggal.date() if tanggal is not None else hari_ini(ds.instansi)
    st = status_siklus(ds, *pilih_siklus(ds, tahun, periode), hari)
    if fmt == "json":
        click.echo(json.dumps(st.as_json(), ensure_ascii=False, indent=2))
    else:
        # each revisi's proof, from git: who really re-approved it
        bukti = bukti_revisi_periode(ds, st.tahun, st.periode) if st.revisi else []
        click.echo(teks_status(st, ds.instansi, bukti=bukti), nl=False)
