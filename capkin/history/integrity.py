"""Checks that need the git history: verified sign-offs and changes made too late.

How a sign-off is attributed to a commit is described in `capkin.history.signoff`.
"""

from __future__ import annotations

from pathlib import Path

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.history.approval_ledger import revisi_diperiksa
from capkin.history.approval_rewrites import pengesahan_ditinggalkan, pengesahan_ditulis_ulang
from capkin.history.gitlog import buka_repo
from capkin.history.late_changes import (
    realisasi_setelah_pengesahan,
    revisi_tanpa_kriptografi,
    target_berubah,
)
from capkin.history.model import EntriRiwayat
from capkin.history.register import baca_riwayat
from capkin.history.signatures import kunci_webflow
from capkin.history.signoff import (
    KunciLangkah,
    Verifikasi,
    verifikasi,
)
from capkin.history.signoff_problems import masalah_tanda_tangan


def verifikasi_langkah(
    ds: Dataset, root: Path, riwayat: list[EntriRiwayat] | None = None
) -> dict[KunciLangkah, Verifikasi]:
    """Return, for each signed step (tahun, periode, no), whether its sign-off is verified.

    `riwayat` is the register when the caller has read it already. Empty outside a git
    repository; raises RiwayatDangkal for a shallow clone.
    """
    repo = buka_repo(root)
    if repo is None:
        return {}
    if riwayat is None:
        riwayat = baca_riwayat(root, instansi=ds.instansi)
    return verifikasi(ds, repo, riwayat, kunci_webflow(repo.worktree))


def periksa_integritas(ds: Dataset, root: Path) -> list[Masalah]:
    """Return the problems only git can show: unverified sign-offs, late changes.

    Empty outside a git repository; raises RiwayatDangkal for a shallow clone.
    """
    repo = buka_repo(root)
    if repo is None:
        return []
    riwayat = baca_riwayat(root, instansi=ds.instansi)
    revisi = revisi_diperiksa(ds, repo, riwayat)
    return (
        masalah_tanda_tangan(ds, verifikasi(ds, repo, riwayat, kunci_webflow(repo.worktree)))
        + target_berubah(ds, riwayat)
        + realisasi_setelah_pengesahan(ds, riwayat, revisi)
        + revisi_tanpa_kriptografi(ds, riwayat, revisi)
        + pengesahan_ditulis_ulang(ds, riwayat)
        + pengesahan_ditinggalkan(ds, repo, riwayat)
    )
