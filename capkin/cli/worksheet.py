"""The worksheet commands: Excel kertas kerja out to the units and back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from capkin.cli.options import (
    Grup,
    main,
    muat_untuk_hitung,
    opsi_out,
    opsi_periode,
    opsi_tahun,
    opsi_tanggal,
    opsi_unit,
    ringkasan_masalah,
    root_dari,
)
from capkin.errors import Tingkat


@main.group(cls=Grup)
def worksheet() -> None:
    """Kertas kerja Excel untuk langkah 2 SOP: buat untuk tiap unit, lalu impor isiannya.

    \b
    Contoh:
      capkin worksheet make --periode TW2
      capkin worksheet import kertas-kerja/*.xlsx
    """


@worksheet.command("make")
@opsi_periode("Triwulan.", wajib=True)
@opsi_tahun("Tahun (bawaan: tahun terakhir yang memiliki PK).")
@opsi_unit(
    "ID unit; boleh diulang (bawaan: semua unit yang menjadi penanggung jawab indikator).",
    berulang=True,
)
@opsi_out("Folder tujuan berkas XLSX.", Path("kertas-kerja"))
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
    standar waktu SOP, petunjuk, dan satu baris per indikator unit itu, dengan apa yang
    diisi (untuk indikator kumulatif: jumlah triwulan itu saja atau total sejak awal tahun,
    realisasi s.d. triwulan lalu dan target s.d. triwulan itu). Hanya kolom Realisasi sampai
    Bukti Dukung yang dapat diisi; nilai yang sudah dilaporkan sudah terisi. Berkas yang
    sudah ada di --out (mungkin sudah diisi unit) tidak ditimpa tanpa --force.

    \b
    Contoh:
      capkin worksheet make --periode TW2
      capkin worksheet make --periode TW2 --unit jawatan-umum --out ~/kirim
    """
    from capkin.achievement import tahun_terakhir
    from capkin.clock import format_tanggal
    from capkin.models.base import Periode
    from capkin.worksheet import BELUM_DITETAPKAN, batas_waktu, tulis_kertas_kerja

    ds = muat_untuk_hitung(ctx)
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
@opsi_periode("Tolak kertas kerja periode lain.")
@opsi_tahun("Tolak kertas kerja tahun lain.")
@opsi_unit("Tolak kertas kerja unit lain.")
@opsi_tanggal("Tanggal penyampaian untuk berkas yang berubah, YYYY-MM-DD (bawaan: hari ini).")
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
    Sesudah menulis, seluruh data divalidasi ulang. Bila laporan periode itu sudah disahkan,
    perintah ini memperingatkan saat menulis (PANDUAN: Koreksi setelah disahkan).

    \b
    Contoh:
      capkin worksheet import kertas-kerja/*.xlsx --dry-run
      capkin worksheet import kk-jawatan-umum.xlsx --periode TW2 --force
    """
    from capkin.clock import hari_ini
    from capkin.dataset import muat_dataset
    from capkin.models.base import Periode
    from capkin.pengesahan.lookup import pesan_sudah_disahkan
    from capkin.validation import periksa
    from capkin.worksheet import rencanakan_impor, ringkasan_perubahan, terapkan

    root = root_dari(ctx)
    ds, _ = muat_dataset(root)
    tanggal_impor = tanggal.date() if tanggal is not None else hari_ini(ds.instansi)
    hasil = rencanakan_impor(
        ds,
        berkas,
        tanggal=tanggal_impor,
        tahun=tahun,
        periode=Periode(periode.upper()) if periode else None,
        unit=unit,
        kemajuan=(lambda n, j, nama: click.echo(f"membaca {n}/{j}: {nama}", err=True))
        if len(berkas) > 1
        else None,
    )
    # one workbook may fill two files (its unit's realisasi and the Anggaran sheet)
    rencana: dict[int, list[Any]] = {}
    for r in hasil.rencana:
        rencana.setdefault(id(r.kertas_kerja), []).append(r)
    for n, kk in enumerate(hasil.kertas_kerja, start=1):
        milik = rencana.get(id(kk), [])
        tujuan = "".join(f" → {r.berkas}{'' if r.ada else ' (berkas baru)'}" for r in milik[:1])
        click.echo(f"[{n}/{len(hasil.kertas_kerja)}] {kk.nama}{tujuan}")
        for catatan in kk.catatan:
            click.echo(f"  {catatan}")
        for i, r in enumerate(milik):
            if i:
                click.echo(f"  → {r.berkas}{'' if r.ada else ' (berkas baru)'}")
            click.echo(f"  {len(r.baru)} nilai baru, {len(r.diubah)} diubah, {r.sama} sama")
            if r.tanggal_lama is not None and r.teks is not None:
                click.echo(
                    f"  tanggal penyampaian: {r.tanggal_lama} → {tanggal_impor.isoformat()} "
                    "(tanggal berkas yang berubah; pakai --tanggal untuk tanggal lain)"
                )
    for m in hasil.masalah:
        click.echo(str(m), err=True)
    if hasil.galat:
        click.echo(
            f"Tidak ada berkas yang diubah: {len(hasil.galat)} galat. Perbaiki kertas kerja "
            "atau data di atas, lalu impor lagi.",
            err=True,
        )
        sys.exit(1)
    terdampak = {
        (r.kertas_kerja.identitas.tahun, r.kertas_kerja.identitas.periode)
        for r in hasil.rencana
        if r.kertas_kerja.identitas is not None and r.perubahan
    }
    # warn when it writes, or shows what it would write; not when a conflict refuses it
    for t, per in sorted(terdampak) if dry_run or force or not hasil.konflik else ():
        pesan = pesan_sudah_disahkan(ds, t, per)
        if pesan:
            click.echo(f"peringatan: {pesan}", err=True)
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
    click.echo(f"Validasi ulang seluruh data: {ringkasan_masalah(masalah)}.")
    sys.exit(1 if galat else 0)
