"""Every signed step verified once per dataset and repository state.

A build checks sign-offs for validation (`integrity`), for what is approved
(`pengesahan.frozen`) and for the pages that show each step's proof: the three ask here, and
the second and third get the first's answer. Any change of the dataset (another object), HEAD,
the register passed, the data files, the web-flow settings, the main line's base or the next
commit's identity is a miss.
"""

from __future__ import annotations

import weakref

from capkin.dataset import Dataset
from capkin.history.gitlog import RepoGit
from capkin.history.model import EntriRiwayat
from capkin.history.repo_state import KeadaanRepo, kunci_keadaan
from capkin.history.signatures import kunci_webflow
from capkin.history.signoff import KunciLangkah, Verifikasi, verifikasi

_terakhir: tuple[weakref.ref[Dataset], KeadaanRepo, dict[KunciLangkah, Verifikasi]] | None = None
"""The last answer: its dataset, the repository state, the verification of every step."""


def verifikasi_tersimpan(
    ds: Dataset, repo: RepoGit, riwayat: list[EntriRiwayat]
) -> dict[KunciLangkah, Verifikasi]:
    """Return the verification of every signed step (`signoff.verifikasi`), computed once
    for this dataset object and repository state."""
    global _terakhir
    kunci = kunci_keadaan(repo.worktree / repo.awalan, ds.root, repo, riwayat)
    if _terakhir is not None and _terakhir[0]() is ds and _terakhir[1].sama(kunci, ds.root):
        return _terakhir[2]
    keadaan = KeadaanRepo.kini(kunci, ds.root)
    hasil = verifikasi(ds, repo, riwayat, kunci_webflow(repo.worktree))
    _terakhir = (weakref.ref(ds), keadaan, hasil)
    return hasil
