"""Approvals rewritten after they were signed, or left behind by a changed SOP."""

from __future__ import annotations

from typing import Any

from capkin.clock import zona_kantor
from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.history.approval_ledger import langkah_pengesahan
from capkin.history.changes import konteks_berkas
from capkin.history.gitlog import RepoGit, baca_versi
from capkin.history.late_changes import siapa_penulis
from capkin.history.model import EntriRiwayat
from capkin.history.signoff import (
    data_versi,
    no_pengesahan_mentah,
)
from capkin.layout import berkas_siklus
from capkin.models.base import Periode


def _jejak_pengesahan(
    riwayat: list[EntriRiwayat], no: int
) -> dict[tuple[int, str], tuple[tuple[str, str], int | None]]:
    """Return, per (tahun, periode), the approval step's first signed (oleh, selesai) and
    the position (oldest first) of the latest change that left it otherwise (None: never,
    or it came back to that value)."""
    keadaan: dict[tuple[int, str], dict[str, Any]] = {}
    hasil: dict[tuple[int, str], tuple[tuple[str, str], int | None]] = {}
    for n, e in enumerate(reversed(riwayat)):
        for p in e.perubahan:
            ctx = konteks_berkas(p.berkas)
            if ctx.jenis != "siklus" or ctx.tahun is None or ctx.periode is None:
                continue
            kunci = (ctx.tahun, ctx.periode)
            kini = keadaan.setdefault(kunci, {})
            if p.langkah is None and p.jalur == ctx.label and p.jenis == "hapus":
                kini.clear()  # the whole file deleted
            elif p.langkah != no:
                continue
            elif p.medan is None:
                baru = p.baru if p.jenis != "hapus" and isinstance(p.baru, dict) else {}
                kini.clear()
                kini.update(oleh=baru.get("oleh"), selesai=baru.get("selesai"))
            elif p.medan in {"oleh", "selesai"}:
                kini[p.medan] = None if p.jenis == "hapus" else p.baru
            else:
                continue
            nilai = (kini.get("oleh"), kini.get("selesai"))
            ditandatangani = all(x is not None for x in nilai)
            if kunci not in hasil:
                if ditandatangani:
                    hasil[kunci] = ((str(nilai[0]), str(nilai[1])), None)
                continue
            awal, _ = hasil[kunci]
            sama = ditandatangani and (str(nilai[0]), str(nilai[1])) == awal
            hasil[kunci] = (awal, None if sama else n)
    return hasil


def pengesahan_ditulis_ulang(ds: Dataset, riwayat: list[EntriRiwayat]) -> list[Masalah]:
    """Flag approvals (the SOP's last step) rewritten on the main line after they were signed.

    A correction after approval is a `revisi`; changing or re-signing the approval step makes
    the rewriting commit the approved version, figures and all, and the warning that the
    approval was removed lasts only one commit. This one stays until the first approval is
    back (e.g. `git revert`).
    """
    no = langkah_pengesahan(ds)
    if no is None:
        return []
    urut = riwayat[::-1]
    masalah: list[Masalah] = []
    for (tahun, periode), (awal, n) in sorted(_jejak_pengesahan(riwayat, no).items()):
        siklus = ds.tahun[tahun].siklus.get(Periode(periode)) if tahun in ds.tahun else None
        lk = siklus.cari_langkah(no) if siklus is not None else None
        if n is None or siklus is None or lk is None or lk.selesai is None or not lk.oleh:
            continue  # not rewritten, or not approved now (the report is a draft again)
        kini = (lk.oleh, lk.selesai.isoformat())
        if kini == awal:
            continue
        e = urut[n]
        idx = next(i for i, x in enumerate(siklus.langkah) if x.no == no)
        pesan = (
            f"pengesahan langkah {no} laporan {periode} {tahun} ditulis ulang: semula oleh "
            f"{awal[0]} selesai {awal[1]}, kini oleh {kini[0]} selesai {kini[1]} (diubah pada "
            f"commit {e.commit[:7]} oleh {siapa_penulis(e)}, "
            f"{e.hari(zona_kantor(ds.instansi))}). Laporan yang "
            f"sudah disahkan tidak disahkan ulang dengan mengubah atau menandatangani ulang "
            f"langkah {no}: laporan yang terbit kini dihitung dari data pengesahan yang ditulis "
            "ulang itu. Kembalikan catatan pengesahan semula (mis. git revert "
            f"{e.commit[:7]}), lalu catat koreksinya sebagai revisi: capkin sign --periode "
            f"{periode} --tahun {tahun} --langkah {no} --oleh {awal[0]} --revisi --alasan "
            '"..." (PANDUAN: Koreksi setelah disahkan)'
        )
        masalah.append(
            ds.peringatan(
                berkas_siklus(tahun, Periode(periode)),
                ("langkah", idx, "selesai"),
                "pengesahan-ditulis-ulang",
                pesan,
            )
        )
    return masalah


def pengesahan_ditinggalkan(
    ds: Dataset, repo: RepoGit, riwayat: list[EntriRiwayat]
) -> list[Masalah]:
    """Flag periods approved under an earlier SOP that a changed SOP turned back into drafts.

    A period is approved by the sign-off of the SOP's last step as the SOP stood when it was
    signed. Adding a step to data/sop.yml later must not withdraw that approval (and with it
    the frozen report) unseen; the warning that the approval was removed lasted one commit.
    """
    no = langkah_pengesahan(ds)
    if no is None or sum(any(p.berkas == "data/sop.yml" for p in e.perubahan) for e in riwayat) < 2:
        return []  # one version of the SOP ever: its last step always approved
    draf = {
        (t, str(per)): s
        for t, dt in ds.tahun.items()
        for per, s in dt.siklus.items()
        if not ((lk := s.cari_langkah(no)) is not None and lk.ditandatangani)
    }
    urut = riwayat[::-1]
    tanda: list[tuple[int, tuple[int, str], int]] = []
    for n, e in enumerate(urut):
        for p in e.perubahan:
            ctx = konteks_berkas(p.berkas)
            kunci = (ctx.tahun or 0, ctx.periode or "")
            if (
                ctx.jenis == "siklus"
                and kunci in draf
                and p.langkah is not None
                and p.langkah != no
                and p.jenis in {"tambah", "ubah"}
                and (
                    p.medan in {"oleh", "selesai"} or (p.medan is None and isinstance(p.baru, dict))
                )
            ):
                tanda.append((n, kunci, p.langkah))
    if not tanda:
        return []
    path = repo.ke_worktree("data/sop.yml")
    # HEAD and its first parent: where the approval was still in force there, the warning
    # that it was removed (`pengesahan.alterations`) says so already
    acuan = [
        c
        for c in ("HEAD", "HEAD^1")
        if repo.jalankan("rev-parse", "-q", "--verify", c + "^{commit}", cek=False).strip()
    ]
    versi = baca_versi(repo, [(c, path) for c in {*acuan, *(urut[n].commit for n, _, _ in tanda)}])
    masih = {no_pengesahan_mentah(data_versi(versi.get((c, path)), "data/sop.yml")) for c in acuan}
    masalah: list[Masalah] = []
    dilaporkan: set[tuple[int, str]] = set()
    for n, (tahun, periode), langkah in tanda:
        e = urut[n]
        if (tahun, periode) in dilaporkan:
            continue
        if langkah in masih:
            continue
        if no_pengesahan_mentah(data_versi(versi.get((e.commit, path)), "data/sop.yml")) != langkah:
            continue
        siklus = draf[(tahun, periode)]
        lk = siklus.cari_langkah(langkah)
        if lk is None or not lk.ditandatangani:
            continue  # the approval itself is gone: a draft again, as the data says
        dilaporkan.add((tahun, periode))
        idx = next(i for i, x in enumerate(siklus.langkah) if x.no == langkah)
        masalah.append(
            ds.peringatan(
                berkas_siklus(tahun, Periode(periode)),
                ("langkah", idx, "oleh"),
                "pengesahan-tertinggal-sop",
                f"laporan {periode} {tahun} disahkan dengan tanda tangan langkah {langkah} "
                f"oleh {lk.oleh} (commit {e.commit[:7]}), langkah terakhir SOP saat itu, tetapi "
                f"data/sop.yml kini menjadikan langkah {no} langkah pengesahan: laporan itu "
                "kembali menjadi draf dan versi yang disahkan tidak lagi diterbitkan. Mengubah "
                "SOP tidak mencabut pengesahan yang sudah ada; kembalikan langkah SOP itu, atau "
                f"minta pejabat yang berwenang menandatangani langkah {no} periode ini "
                f"(capkin sign --periode {periode} --tahun {tahun} --langkah {no} ...)",
            )
        )
    return masalah
