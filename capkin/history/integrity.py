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
from capkin.history.signoff import (
    KunciLangkah,
    Verifikasi,
    pengesahan_ditahan,
)
from capkin.history.signoff_problems import masalah_tanda_tangan
from capkin.history.verified_steps import verifikasi_tersimpan


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
    return verifikasi_tersimpan(ds, repo, riwayat)


def periksa_integritas(ds: Dataset, root: Path) -> list[Masalah]:
    """Return the problems only git can show: unverified sign-offs, late changes.

    Empty outside a git repository; raises RiwayatDangkal for a shallow clone.
    """
    repo = buka_repo(root)
    if repo is None:
        return []
    riwayat = baca_riwayat(root, instansi=ds.instansi)
    revisi = revisi_diperiksa(ds, repo, riwayat)
    langkah = verifikasi_tersimpan(ds, repo, riwayat)
    # a period whose approval step does not count is not approved: nothing to warn about
    # changing after approval, as the site publishes it as a draft (the one rule)
    ditahan = set(pengesahan_ditahan(ds, langkah))
    return (
        masalah_tanda_tangan(ds, langkah)
        + target_berubah(ds, riwayat)
        + realisasi_setelah_pengesahan(ds, riwayat, revisi, ditahan)
        + revisi_tanpa_kriptografi(ds, riwayat, revisi, ditahan)
        + pengesahan_ditulis_ulang(ds, riwayat)
        + pengesahan_ditinggalkan(ds, repo, riwayat)
    )
