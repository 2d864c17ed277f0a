"""Where each approval sits on the main line: the approval step's sign-offs and the
re-approvals (`revisi`) appended, each with whether it counts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from capkin.dataset import Dataset
from capkin.history.changes import konteks_berkas
from capkin.history.gitlog import Graf, RepoGit, baca_graf, buka_repo
from capkin.history.model import EntriRiwayat, Perubahan
from capkin.history.reapproval import RevisiDiperiksa, dihitung, keadaan_revisi
from capkin.history.register import baca_riwayat
from capkin.history.signoff import (
    asal_cabang,
)


def langkah_pengesahan(ds: Dataset) -> int | None:
    """Return the number of the SOP's last step, whose sign-off approves a period's report."""
    return ds.sop.no_pengesahan if ds.sop is not None else None


def _revisi_baru(p: Perubahan) -> bool:
    """Return whether a change appends a re-approval to a siklus file's `revisi:`."""
    lama = p.lama if isinstance(p.lama, list) else []
    return p.medan == "revisi" and isinstance(p.baru, list) and len(p.baru) > len(lama)


def _cocok_item(k: int, item: Any) -> Callable[[Any], bool]:
    """Return a test: does a siklus file's data hold this re-approval at `revisi[k]`?"""

    def cocok(data: Any) -> bool:
        daftar = data.get("revisi") if isinstance(data, dict) else None
        if not isinstance(daftar, list) or len(daftar) <= k or not isinstance(daftar[k], dict):
            return False
        return all(str(daftar[k].get(m)) == str(item.get(m)) for m in ("tanggal", "oleh", "alasan"))

    return cocok


def revisi_diperiksa(
    ds: Dataset, repo: RepoGit, riwayat: list[EntriRiwayat]
) -> list[RevisiDiperiksa]:
    """Return every re-approval appended on the main line, with its proof (oldest last).

    Whether it counts is decided as for a published version (`capkin.history.reapproval`):
    the commit that brought the entry in (inside a merged branch, the branch's own) must
    prove the official it names.
    """
    baru: list[tuple[EntriRiwayat, Perubahan, int, str]] = []
    for e in riwayat:
        for p in e.perubahan:
            if p.tahun is None or p.periode is None or not _revisi_baru(p):
                continue
            lama = p.lama if isinstance(p.lama, list) else []
            for k in range(len(lama), len(p.baru)):
                item = p.baru[k]
                if isinstance(item, dict) and isinstance(item.get("oleh"), str):
                    baru.append((e, p, k, item["oleh"]))
    if not baru:
        return []
    graf: list[Graf] = []

    def baca() -> Graf:
        if not graf:
            graf.append(baca_graf(repo))
        return graf[0]

    asal: list[tuple[EntriRiwayat, Perubahan, int, str, str]] = []
    for e, p, k, oleh in baru:
        commit = e.commit
        if len(e.induk) > 1:
            commit = asal_cabang(
                repo, baca(), e.commit, repo.ke_worktree(p.berkas), _cocok_item(k, p.baru[k])
            )
        asal.append((e, p, k, oleh, commit))
    dicari = list(dict.fromkeys((commit, oleh) for *_, oleh, commit in asal))
    keadaan = keadaan_revisi(ds, repo, riwayat, baca, dicari)
    return [
        RevisiDiperiksa(e.commit, p.berkas, k, p.baru[k], kd[0], kd[1], dihitung(ds, kd[0], kd[2]))
        for e, p, k, oleh, commit in asal
        if (kd := keadaan.get(f"{commit}:{oleh}")) is not None
    ]


def masih_tercatat(ds: Dataset, r: RevisiDiperiksa) -> bool:
    """Return whether the current data still holds the re-approval where it was appended."""
    dok = ds.dokumen.get(r.berkas)
    return dok is not None and _cocok_item(r.ke, r.item)(dok.data)


def verifikasi_revisi(
    ds: Dataset, root: Path, riwayat: list[EntriRiwayat] | None = None
) -> list[RevisiDiperiksa]:
    """Return the re-approvals of the current data, each with how far its commit proves the
    official it names (oldest last, as the register). Empty outside a git repository."""
    repo = buka_repo(root)
    if repo is None:
        return []
    if riwayat is None:
        riwayat = baca_riwayat(root, instansi=ds.instansi)
    return [r for r in revisi_diperiksa(ds, repo, riwayat) if masih_tercatat(ds, r)]


def revisi_dihitung(revisi: list[RevisiDiperiksa]) -> set[tuple[str, str, int]]:
    """Return (commit, siklus file, index) of the appended re-approvals that count."""
    return {(r.commit, r.berkas, r.ke) for r in revisi if r.dihitung}


def posisi_pengesahan(
    riwayat: list[EntriRiwayat], no: int, revisi_sah: set[tuple[str, str, int]]
) -> dict[tuple[int, str], list[int]]:
    """Return, per (tahun, periode), the positions (oldest first) of every approval: the
    step `no` sign-off or a re-approval (`revisi`) that counts (`revisi_sah`)."""
    hasil: dict[tuple[int, str], list[int]] = {}
    for n, e in enumerate(reversed(riwayat)):
        for p in e.perubahan:
            if (
                p.tahun is not None
                and p.periode is not None
                and _revisi_baru(p)
                and any(
                    (e.commit, p.berkas, k) in revisi_sah
                    for k in range(len(p.lama) if isinstance(p.lama, list) else 0, len(p.baru))
                )
            ) or (
                p.langkah == no
                and p.tahun is not None
                and p.periode is not None
                and p.jenis in {"tambah", "ubah"}
                and (
                    p.medan in {"oleh", "selesai"} or (p.medan is None and isinstance(p.baru, dict))
                )
                and konteks_berkas(p.berkas).jenis == "siklus"
            ):
                daftar = hasil.setdefault((p.tahun, p.periode), [])
                if not daftar or daftar[-1] != n:
                    daftar.append(n)
    return hasil
