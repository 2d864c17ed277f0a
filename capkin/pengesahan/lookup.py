"""One period's approval for commands: the approved report, what to say when editing it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from capkin.achievement import HasilPeriode
from capkin.dataset import Dataset
from capkin.errors import UsageError
from capkin.history.approval_ledger import verifikasi_revisi
from capkin.history.gitlog import buka_repo
from capkin.history.model import RiwayatDangkal
from capkin.history.reapproval import bukti_revisi
from capkin.history.register import baca_riwayat
from capkin.layout import berkas_siklus
from capkin.models.base import Periode
from capkin.pengesahan.frozen import (
    Pengesahan,
    VersiSah,
    daftar_disahkan,
    disahkan_berlaku,
    langkah_ditahan,
    periksa_pengesahan,
)
from capkin.pengesahan.version_reports import PenghitungVersi


def kuartal_laporan(periode: Periode | str) -> Periode:
    """Return the quarter whose siklus approves a report (TW4 for `tahunan`)."""
    return periode if isinstance(periode, Periode) else Periode.TW4


def pengesahan_periode(
    ds: Dataset, root: Path, tahun: int, periode: Periode | str
) -> Pengesahan | None:
    """Return the approvals of the quarter that approves a report, None when it is not approved."""
    kuartal = kuartal_laporan(periode)
    if (tahun, kuartal) not in daftar_disahkan(ds):
        return None
    return next(
        (p for p in periksa_pengesahan(ds, root) if (p.tahun, p.periode) == (tahun, kuartal)),
        None,
    )


def versi_json(p: Pengesahan | None, v: VersiSah | None = None) -> dict[str, Any] | None:
    """Return an approval for JSON: {ke, tanggal, oleh, alasan, commit, berubah}."""
    if p is None:
        return None
    v = v or p.terakhir
    return {
        "ke": v.ke,
        "tanggal": v.tanggal.isoformat(),
        "oleh": v.oleh,
        "alasan": v.alasan,
        "commit": v.commit,
        "berubah_setelah_pengesahan": [b.teks() for b in p.beda] if v is p.terakhir else [],
    }


def hasil_versi(
    ds: Dataset, tahun: int, periode: Periode | str
) -> tuple[HasilPeriode, dict[str, Any]]:
    """Return a report as approved, with what to say about its version; UsageError if none."""
    kuartal = kuartal_laporan(periode)
    p = pengesahan_periode(ds, ds.root, tahun, periode)
    repo = buka_repo(ds.root)
    ditahan = (
        langkah_ditahan(
            ds, repo, baca_riwayat(ds.root, instansi=ds.instansi), [(tahun, kuartal)]
        ).get((tahun, kuartal))
        if p is None and repo is not None and (tahun, kuartal) in daftar_disahkan(ds)
        else None
    )
    if ditahan is not None:
        no = ds.sop.no_pengesahan if ds.sop else 6
        raise UsageError(
            f"laporan {periode} {tahun} belum disahkan: tanda tangan langkah {no} siklus "
            f"{kuartal} tidak dihitung karena {ditahan.alasan_ditahan}, jadi laporan menunggu "
            "pengesahan terverifikasi (lihat 'capkin validate'); pakai --versi kini untuk draf "
            "dari data sekarang"
        )
    if p is None:
        raise UsageError(
            f"laporan {periode} {tahun} belum disahkan (siklus {kuartal} belum ditandatangani "
            "sampai langkah terakhir), jadi belum ada versi disahkan; pakai --versi kini untuk "
            "draf dari data sekarang"
        )
    v = p.terakhir
    if v.commit is None or repo is None:
        raise UsageError(
            f"pengesahan laporan {periode} {tahun} belum di-commit ke git, jadi versi "
            "disahkannya belum tercatat; commit berkas siklusnya dahulu, atau pakai --versi kini"
        )
    hasil = PenghitungVersi(repo, ds.root).hasil(v.commit, tahun, periode)
    if hasil is None:
        raise UsageError(
            f"laporan {periode} {tahun} tidak dapat dihitung dari data per commit "
            f"{v.commit[:7]}; periksa data pada commit itu dengan 'git show {v.commit[:7]}'"
        )
    teks = (
        f"versi disahkan {v.tanggal.isoformat()} oleh {v.oleh}"
        + (f" (revisi {v.ke - 1}: {v.alasan})" if v.ke > 1 else "")
        + f", data per commit {v.commit[:7]}"
        + ("; data sekarang BERBEDA (lihat capkin validate)" if p.berubah else "")
    )
    return hasil, {"versi": "disahkan", "pengesahan": versi_json(p), "teks": teks}


def pesan_sudah_disahkan(ds: Dataset, tahun: int, periode: Periode) -> str | None:
    """Return a warning for editing realisasi of a period whose approved reports it alters.

    A quarter's realisasi feeds its own report and the later ones of the year (kumulatif,
    rata-rata, tahunan); None when none of them is approved.
    """
    disahkan = [p for t, p in daftar_disahkan(ds) if t == tahun and p.nomor >= periode.nomor]
    if disahkan:  # approved as the data says: keep those that count (the one rule)
        try:
            repo = buka_repo(ds.root)
        except RiwayatDangkal:
            repo = None  # no history to prove it by: warn as the data says
        berlaku = disahkan_berlaku(ds, repo)
        disahkan = [p for p in disahkan if (tahun, p) in berlaku]
    if not disahkan:
        return None
    no = ds.sop.no_pengesahan if ds.sop else 6
    daftar = ", ".join(f"{p} {tahun}" for p in disahkan)
    oleh = next(
        (lk.oleh for lk in ds.tahun[tahun].siklus[disahkan[0]].langkah if lk.no == no), "panewu"
    )
    return (
        f"laporan {daftar} sudah disahkan; mengubah realisasi {periode} {tahun} mengubah laporan "
        "yang disahkan. Situs tetap menerbitkan versi yang disahkan dan 'capkin validate "
        "--strict' gagal sampai laporan disahkan ulang: setelah koreksi ini digabung, minta "
        f"pejabat yang mengesahkan ({oleh}) mengesahkan ulang setiap laporan itu, mis. "
        "capkin sign --periode "
        f"{disahkan[0]} --tahun {tahun} --langkah {no} "
        f'--oleh {oleh} --revisi --alasan "..." (PANDUAN: Koreksi setelah disahkan)'
    )


def bukti_revisi_periode(ds: Dataset, tahun: int, periode: Periode) -> list[str]:
    """Return, for each `revisi` of a period's siklus file (oldest first), how far it is
    proven and whether it counts (`history.reapproval.bukti_revisi`)."""
    dt = ds.tahun.get(tahun)
    siklus = dt.siklus.get(periode) if dt is not None else None
    if siklus is None or not siklus.revisi:
        return []
    try:
        repo = buka_repo(ds.root)
    except RiwayatDangkal:
        repo = None
    if repo is None:
        return ["belum dapat diperiksa: tidak ada riwayat git lengkap"] * len(siklus.revisi)
    riwayat = baca_riwayat(ds.root, instansi=ds.instansi)
    ditahan = (tahun, periode) in daftar_disahkan(ds) and (tahun, periode) not in (
        disahkan_berlaku(ds, repo, riwayat)
    )
    berkas = berkas_siklus(tahun, periode)
    diperiksa = {r.ke: r for r in verifikasi_revisi(ds, ds.root, riwayat) if r.berkas == berkas}
    hasil: list[str] = []
    for k in range(len(siklus.revisi)):
        r = diperiksa.get(k)
        hasil.append(
            bukti_revisi(r.keadaan if r else None, r.dihitung if r else False, ditahan=ditahan)
        )
    return hasil
