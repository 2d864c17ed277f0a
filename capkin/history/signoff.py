"""Who really signed each step: the commit that gave a sign-off its current value.

A step's sign-off is its `oleh` and `selesai`. Its commit is found by value, not by line,
so reformatting a file does not take a sign-off over: on the first-parent line it is the
newest commit that changed that step's `oleh` or `selesai` (or replaced the whole step or
file). When that commit is a merge, the sign-off came from the merged branch, and the
commit inside the branch that first carried the value is the one that counts: an official
merging a pull request does not make someone else's commit theirs. A commit that made
the file unreadable or readable again counts as changing every step, so a sign-off cannot
slip in unseen. The sign-off is verified when that commit's author email is one of the
official's `identitas_git` as they stood on the main line before that change (so a pull
request cannot add an identity and use it at once) and, with
`pengaturan.wajib_tanda_tangan_git`, when `git verify-commit` accepts it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from capkin.dataset import Dataset, berkas_siklus
from capkin.errors import DataError
from capkin.history.changes import konteks_berkas
from capkin.history.gitlog import Graf, RepoGit, baca_graf, baca_versi, verifikasi_tanda_tangan
from capkin.history.model import EntriRiwayat, Penulis
from capkin.history.register import peta_pejabat
from capkin.models import LangkahSiklus, Periode
from capkin.yamlio import baca_bytes

KunciLangkah = tuple[int, Periode, int]
"""(tahun, periode, no) of a siklus step."""


@dataclass(frozen=True)
class Verifikasi:
    """Whether a step's sign-off is backed by the official's own commit."""

    terverifikasi: bool
    commit: str | None
    """The commit that wrote the sign-off; None when it is not committed yet."""
    penulis: Penulis | None
    """Its author; for a sign-off not committed yet, who would author the next commit."""
    tanda_tangan: bool | None = None
    """Result of `git verify-commit`, when signatures are required."""
    hanya_rekan: bool = False
    """The official is named only in a `Co-authored-by:` trailer (a squash merge), which
    anyone can type: it does not verify the sign-off."""
    identitas_baru: bool = False
    """The author's email became one of the official's `identitas_git` only in the change
    that brought the sign-off in: identities must be on the main line before signing."""


def _data(isi: bytes | None, berkas: str) -> Any:
    if isi is None:
        return None
    try:
        return baca_bytes(isi, berkas).data
    except DataError:
        return None


def _pencocok(langkah: LangkahSiklus) -> Callable[[Any], bool]:
    """Return a test: does a version of the siklus file carry this step's sign-off?"""
    selesai = langkah.selesai.isoformat() if langkah.selesai else None

    def cocok(data: Any) -> bool:
        daftar = data.get("langkah") if isinstance(data, dict) else None
        for item in daftar if isinstance(daftar, list) else []:
            if isinstance(item, dict) and type(item.get("no")) is int and item["no"] == langkah.no:
                return item.get("oleh") == langkah.oleh and str(item.get("selesai")) == selesai
        return False

    return cocok


def _perubahan_terakhir(riwayat: list[EntriRiwayat]) -> dict[tuple[int, str, int | None], int]:
    """Return, per (tahun, periode, no), the position (oldest first) of its latest change.

    `no` None stands for a change to the whole file, which touches every step.
    """
    hasil: dict[tuple[int, str, int | None], int] = {}
    for n, e in enumerate(reversed(riwayat)):
        for p in e.perubahan:
            ctx = konteks_berkas(p.berkas)
            if ctx.jenis != "siklus" or ctx.tahun is None or ctx.periode is None:
                continue
            if p.langkah is not None and p.medan in (None, "oleh", "selesai"):
                hasil[(ctx.tahun, ctx.periode, p.langkah)] = n
            elif p.langkah is None and (p.jalur == ctx.label or p.medan == "langkah"):
                hasil[(ctx.tahun, ctx.periode, None)] = n
    return hasil


def _asal_cabang(
    repo: RepoGit, graf: Graf, merge: str, path: str, cocok: Callable[[Any], bool]
) -> str:
    """Return the commit of a merged branch that first carried a value; the merge if none."""
    cabang = set(graf.bawaan.get(merge, []))
    versi = baca_versi(repo, [(c, path) for c in cabang])

    def punya(c: str) -> bool:
        return c in cabang and cocok(_data(versi.get((c, path)), path))

    cur = next((p for p in graf.induk.get(merge, [])[1:] if punya(p)), None)
    if cur is None:
        return merge
    while True:
        lanjut = next((p for p in graf.induk.get(cur, []) if punya(p)), None)
        if lanjut is None:
            return cur
        cur = lanjut


def _peta_data(data: Any) -> dict[str, str]:
    """Return official ids by lower-case email from a raw `instansi.yml` (any shape)."""
    peta: dict[str, str] = {}
    daftar = data.get("pejabat") if isinstance(data, dict) else None
    for p in daftar if isinstance(daftar, list) else []:
        if not isinstance(p, dict) or not isinstance(p.get("id"), str):
            continue
        identitas = p.get("identitas_git")
        for email in identitas if isinstance(identitas, list) else []:
            if isinstance(email, str):
                peta.setdefault(email.strip().lower(), p["id"])
    return peta


def penulis_berikut(repo: RepoGit, peta: dict[str, str]) -> Penulis | None:
    """Return who would author the next commit here (`git var`), None when git cannot say."""
    ident = repo.jalankan("var", "GIT_AUTHOR_IDENT", cek=False).decode("utf-8", "replace")
    cocok = re.match(r"(.*?)\s*<([^<>]*)>", ident)
    if cocok is None:
        return None
    nama, email = cocok.groups()
    return Penulis(nama, email, peta.get(email.lower()))


def verifikasi(
    ds: Dataset, repo: RepoGit, riwayat: list[EntriRiwayat]
) -> dict[KunciLangkah, Verifikasi]:
    """Return the verification of every signed step of the dataset."""
    if ds.instansi is None:
        return {}
    peta = peta_pejabat(ds.instansi)
    wajib_tanda = ds.instansi.pengaturan.wajib_tanda_tangan_git
    tertanda = [
        (tahun, periode, langkah)
        for tahun in ds.tahun_terurut
        for periode, siklus in sorted(ds.tahun[tahun].siklus.items())
        for langkah in siklus.langkah
        if langkah.ditandatangani
    ]
    paths = {(t, p): repo.ke_worktree(berkas_siklus(t, p)) for t, p, _ in tertanda}
    head = baca_versi(repo, [("HEAD", path) for path in paths.values()]) if riwayat else {}
    terakhir = _perubahan_terakhir(riwayat)
    urut = riwayat[::-1]
    # Identities count as they stood on the main line just before the change that brought
    # a sign-off in, so a pull request cannot add its author's email to an official's
    # identitas_git and sign in that official's name at once. (A root commit has no
    # earlier state: its own instansi.yml counts.)
    berkas_instansi = repo.ke_worktree("data/instansi.yml")
    # position (oldest first) of the change that brought each sign-off in; -1: none
    posisi = {
        (t, p, lk.no): max(
            terakhir.get((t, str(p), lk.no), -1), terakhir.get((t, str(p), None), -1)
        )
        for t, p, lk in tertanda
    }
    sebelum: dict[str, str] = {}
    for m in posisi.values():
        if m >= 0:
            e = urut[m]
            sebelum[e.commit] = e.induk[0] if e.induk else e.commit
    versi_instansi = baca_versi(repo, [(c, berkas_instansi) for c in set(sebelum.values())])
    peta_sebelum = {
        c: _peta_data(_data(versi_instansi.get((induk, berkas_instansi)), berkas_instansi))
        for c, induk in sebelum.items()
    }
    graf: Graf | None = None
    calon: Penulis | None = None
    calon_dicari = False
    tanda: dict[str, bool] = {}
    hasil: dict[KunciLangkah, Verifikasi] = {}
    for tahun, periode, langkah in tertanda:
        path = paths[(tahun, periode)]
        cocok = _pencocok(langkah)
        n = posisi[(tahun, periode, langkah.no)]
        if n < 0 or not cocok(_data(head.get(("HEAD", path)), path)):
            if not calon_dicari:
                calon, calon_dicari = penulis_berikut(repo, peta), True
            hasil[(tahun, periode, langkah.no)] = Verifikasi(False, None, calon)
            continue
        entri = urut[n]
        sha, nama, email = entri.commit, entri.penulis.nama, entri.penulis.email
        if len(entri.induk) > 1:
            graf = graf or baca_graf(repo)
            sha = _asal_cabang(repo, graf, entri.commit, path, cocok)
            nama, email = graf.penulis.get(sha, (nama, email))
        penulis = Penulis(nama, email, peta.get(email.lower()))
        ttd: bool | None = None
        if wajib_tanda:
            if sha not in tanda:
                tanda[sha] = verifikasi_tanda_tangan(repo, sha)
            ttd = tanda[sha]
        lama = peta_sebelum.get(entri.commit, {})
        sekarang = penulis.pejabat is not None and penulis.pejabat == langkah.oleh
        benar = sekarang and lama.get(email.lower()) == langkah.oleh
        rekan = len(entri.induk) < 2 and any(
            lama.get(r.email.lower()) == langkah.oleh for r in entri.penulis_commit
        )
        hasil[(tahun, periode, langkah.no)] = Verifikasi(
            benar and ttd is not False,
            sha,
            penulis,
            ttd,
            hanya_rekan=rekan and not benar,
            identitas_baru=sekarang and not benar,
        )
    return hasil
