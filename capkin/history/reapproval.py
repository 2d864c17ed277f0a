"""Whether each re-approval (`revisi`) was committed by the official it names.

The same test as for the approval step (`capkin.history.signoff`, design.md "Trust model"):
the commit that brought the entry in must be proven by the official's registered SSH key or
GitHub's web-flow signature (terverifikasi), or — when the office does not require
signatures — at least carry one of the official's `identitas_git` as they stood on the main
line before that change (email cocok). A re-approval that does not count is not published
and does not silence the warning about changes after approval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from capkin.dataset import Dataset
from capkin.history.basis import baca_basis
from capkin.history.gitlog import Graf, RepoGit, baca_versi
from capkin.history.model import EntriRiwayat
from capkin.history.signatures import (
    Calon,
    Keadaan,
    baca_tanda,
    identitas_pejabat,
    keadaan,
    kunci_webflow,
    pejabat_email,
    penandatangan,
)
from capkin.history.signoff import berwenang, data_versi, wajib_mentah


@dataclass(frozen=True)
class RevisiDiperiksa:
    """A re-approval appended on the main line, and how far its commit proves the official."""

    commit: str
    """The first-parent commit that appended it."""
    berkas: str
    ke: int
    """Its index in the siklus file's `revisi:`."""
    item: dict[str, Any]
    keadaan: Keadaan
    email: str
    """Author email of the commit that brought it in (inside a merged branch, the branch's)."""
    dihitung: bool


def _masuk(commit: str, riwayat: list[EntriRiwayat], graf: Callable[[], Graf]) -> str | None:
    """Return the first-parent commit that brought `commit` onto the main line."""
    if any(e.commit == commit for e in riwayat):
        return commit
    return next((e.commit for e in riwayat if commit in graf().bawaan.get(e.commit, [])), None)


def keadaan_revisi(
    ds: Dataset,
    repo: RepoGit,
    riwayat: list[EntriRiwayat],
    graf: Callable[[], Graf],
    revisi: list[tuple[str, str]],
) -> dict[str, tuple[Keadaan, str, bool]]:
    """Return, per (commit, official) of committed re-approvals, its state, author email and
    whether signatures were required on the main line before it (`wajib_mentah`)."""
    calon: dict[str, Calon] = {}
    for commit, _ in revisi:
        masuk = _masuk(commit, riwayat, graf)
        if masuk is not None and commit not in calon:
            _, email = graf().penulis.get(commit, ("", ""))
            calon[commit] = Calon(commit, masuk, email)
    if not calon:
        return {}
    webflow = kunci_webflow(repo.worktree)
    tanda = baca_tanda(repo, [(c.commit, c.masuk) for c in calon.values()], webflow)
    terbukti = penandatangan(repo, calon.values(), webflow)
    # authority counts as on main before the change, as keys do: a re-approval by an official
    # given the approving role (or a step pelaksana) in the same change does not count
    induk: dict[str, str] = {}
    basis = baca_basis(repo)
    for masuk in {c.masuk for c in calon.values()}:
        keluaran = repo.jalankan("rev-parse", "-q", "--verify", masuk + "^1", cek=False)
        if keluaran.strip():
            induk[masuk] = basis.sebelum(masuk, keluaran.decode().strip())
    berkas_sop = repo.ke_worktree("data/sop.yml")
    sop = baca_versi(repo, [(c, berkas_sop) for c in set(induk.values())])
    no = ds.sop.no_pengesahan if ds.sop else None
    hasil: dict[str, tuple[Keadaan, str, bool]] = {}
    for commit, oleh in revisi:
        c = calon.get(commit)
        if c is None:
            continue
        _, data = tanda[commit]
        cocok = pejabat_email(identitas_pejabat(data, github=True), c.email) == oleh
        k = keadaan(oleh, [terbukti[c]], cocok)
        sebelum = induk.get(c.masuk)
        if sebelum is not None and no is not None:
            isi_sop = data_versi(sop.get((sebelum, berkas_sop)), "data/sop.yml")
            if berwenang(data, isi_sop, oleh, no) is False:
                k = Keadaan.TIDAK
        hasil[f"{commit}:{oleh}"] = (k, c.email, wajib_mentah(data))
    return hasil


def dihitung(ds: Dataset, k: Keadaan, wajib_sebelum: bool = False) -> bool:
    """Return whether a re-approval in this state counts (as a step sign-off would): signatures
    are required when the data says so now or said so on main before it (`wajib_sebelum`)."""
    wajib = ds.instansi.pengaturan.wajib_tanda_tangan_git if ds.instansi else False
    return k.dihitung(wajib or wajib_sebelum)


def bukti_revisi(keadaan: Keadaan | None, dihitung: bool, *, ditahan: bool = False) -> str:
    """Return, in words, how far a re-approval is proven and whether it counts (and why not).

    `keadaan` None: not committed, or outside git (nothing to check); `ditahan`: the period's
    approval step does not count, so no re-approval of it is published either.
    """
    if ditahan:
        return (
            "tidak dihitung: pengesahan langkah terakhir periode ini sendiri tidak dihitung "
            "(menunggu pengesahan terverifikasi), jadi revisinya pun tidak diterbitkan"
        )
    if keadaan is None:
        return "belum dapat diperiksa: belum di-commit ke riwayat git"
    if dihitung:
        if keadaan is Keadaan.TERVERIFIKASI:
            return "bertanda tangan SSH terverifikasi (atau tanda tangan web GitHub atas commit pejabat itu)"
        return f"hanya email ({Keadaan.EMAIL_COCOK}); email dapat diatur siapa saja"
    if keadaan is Keadaan.EMAIL_COCOK:
        return (
            "tidak dihitung: hanya email, padahal pengaturan wajib_tanda_tangan_git aktif "
            "(kini atau di cabang main sebelum revisi itu)"
        )
    return (
        "tidak dihitung: commit yang mencatatnya tidak membuktikan pejabat itu sendiri (bukan "
        "identitas git atau kunci terdaftar miliknya, atau identitas, kunci atau wewenangnya "
        "baru ditambahkan dalam perubahan yang sama)"
    )
