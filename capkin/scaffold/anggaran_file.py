"""`capkin new anggaran`: a quarter's budget realisation file, one entry per program."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from capkin.achievement.numbers import format_angka
from capkin.achievement.periode import nama_periode
from capkin.clock import hari_ini
from capkin.errors import CapkinError, UsageError
from capkin.layout import berkas_anggaran, berkas_pk
from capkin.models.anggaran_model import Anggaran
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import PerjanjianKinerja
from capkin.scaffold.realisasi_file import muat_instansi_pk, skalar
from capkin.yaml_writer import tulis_atomik


def _rp(x: int | float | None) -> str:
    return "-" if x is None else "Rp" + format_angka(x, 0)


def isi_anggaran(
    pk: PerjanjianKinerja,
    tahun: int,
    periode: Periode,
    tanggal: date,
    lalu: tuple[Periode, Anggaran] | None = None,
) -> str:
    """Return the text of a new anggaran file: every program with an empty `nilai`."""
    if not pk.program:
        raise UsageError(
            f"{berkas_pk(tahun)} belum mencantumkan program; tambahkan program: dengan kode, "
            "uraian, anggaran (pagu), anggaran_kas dan sasaran dahulu"
        )
    sebelum = {}
    if lalu is not None:
        sebelum = {e.program: e.nilai for e in lalu[1].realisasi if e.nilai is not None}
    baris = [
        f"# Realisasi anggaran sampai dengan {nama_periode(periode)} {tahun}",
        "# Isi `nilai` setiap program dengan realisasi SAMPAI DENGAN triwulan ini (kumulatif,",
        "# dalam rupiah, tanpa titik ribuan, mis. 583000000), menurut SIPD atau buku kas.",
        f"periode: {periode.value}",
        "sumber: SIPD",
        f"tanggal: {tanggal.isoformat()}",
        "realisasi:",
    ]
    for p in pk.program:
        kas = (p.anggaran_kas or {}).get(periode)
        rincian = [f"pagu {_rp(p.anggaran)}"]
        if kas is not None:
            rincian.append(f"anggaran kas s.d. {periode}: {_rp(kas)}")
        if lalu is not None and p.kunci in sebelum:
            rincian.append(f"realisasi s.d. {lalu[0]}: {_rp(sebelum[p.kunci])}")
        baris += [
            f"  # {' '.join(p.uraian.split())}",
            "  # " + " · ".join(rincian),
            f"  - program: {skalar(p.kunci)}",
            "    nilai:",
        ]
    return "\n".join(baris) + "\n"


def buat_anggaran(
    root: Path, periode: Periode, tahun: int | None = None, tanggal: date | None = None
) -> Path:
    """Write `data/<tahun>/anggaran/<periode>.yml` pre-filled; never overwrite one."""
    kerja = muat_instansi_pk(root, tahun)
    berkas = berkas_anggaran(kerja.tahun, periode)
    path = kerja.ds.root / berkas
    if path.exists():
        raise CapkinError(
            f"{berkas} sudah ada; berkas itu tidak ditimpa. Buka dan sunting berkas tersebut, "
            "atau hapus dahulu bila memang ingin membuat ulang"
        )
    ada = kerja.ds.tahun[kerja.tahun].anggaran
    lalu = max(
        ((p, a) for p, a in ada.items() if p.nomor < periode.nomor),
        key=lambda pa: pa[0].nomor,
        default=None,
    )
    hari = tanggal or hari_ini(kerja.instansi)  # the office's date, not the machine's
    teks = isi_anggaran(kerja.pk, kerja.tahun, periode, hari, lalu)
    tulis_atomik(path, teks)
    return path
