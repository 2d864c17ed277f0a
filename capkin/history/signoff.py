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
request cannot add an identity and use it at once).

Three states (`tandatangan.Keadaan`): *terverifikasi* when that commit, or a later
re-affirming commit (`capkin sign --kukuhkan`, trailer `Kukuhkan-Tanda-Tangan:
<tahun>/<periode>/<no>`) brought onto the main line after it, carries a good signature
by a key registered for the official (see `capkin.history.signatures`); *email cocok,
tanpa tanda tangan kriptografis* when only the author email matches; otherwise *tidak
terverifikasi*. Under `pengaturan.wajib_tanda_tangan_git` only the first counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from capkin.dataset import Dataset
from capkin.errors import DataError
from capkin.history.basis import baca_basis
from capkin.history.changes import konteks_berkas
from capkin.history.gitlog import Graf, RepoGit, ada_head, baca_graf, baca_versi
from capkin.history.model import EntriRiwayat, Penulis
from capkin.history.register import peta_pejabat
from capkin.history.signatures import (
    Calon,
    Keadaan,
    KunciWebflow,
    identitas_pejabat,
    keadaan,
    pejabat_mentah,
    penandatangan,
)
from capkin.layout import berkas_siklus
from capkin.models.base import Periode
from capkin.models.siklus_model import LangkahSiklus
from capkin.yamlio import baca_bytes

KunciLangkah = tuple[int, Periode, int]
"""(tahun, periode, no) of a siklus step."""


TRAILER_KUKUHKAN = "Kukuhkan-Tanda-Tangan"
"""Trailer of a re-affirming commit: `Kukuhkan-Tanda-Tangan: 2025/TW2/6`."""
_KUKUHKAN = re.compile(
    rf"^{TRAILER_KUKUHKAN}:[ \t]*([0-9]{{4}})/(TW[1-4])/([0-9]{{1,2}})[ \t]*$", re.MULTILINE
)


@dataclass(frozen=True)
class Verifikasi:
    """Whether a step's sign-off is backed by the official's own commit."""

    terverifikasi: bool
    """Whether the sign-off counts: terverifikasi, or email cocok when signatures are not
    required (`pengaturan.wajib_tanda_tangan_git: false`)."""
    commit: str | None
    """The commit that wrote the sign-off; None when it is not committed yet."""
    penulis: Penulis | None
    """Its author; for a sign-off not committed yet, who would author the next commit."""
    tanda_tangan: bool | None = None
    """Whether a good signature by a key of the official backs it (None: not committed)."""
    keadaan: Keadaan = Keadaan.TIDAK
    kukuhan: str | None = None
    """The re-affirming commit whose signature verified it, when not the signing commit."""
    tanggal_masuk: date | None = None
    """Date (committer's zone) of the main-line commit that brought the sign-off in."""
    hanya_rekan: bool = False
    """The official is named only in a `Co-authored-by:` trailer (a squash merge), which
    anyone can type: it does not verify the sign-off."""
    identitas_baru: bool = False
    """The author's email became one of the official's `identitas_git` only in the change
    that brought the sign-off in: identities must be on the main line before signing."""
    wewenang_baru: bool = False
    """The official may sign the step only by a role or a step `pelaksana` changed in the
    change that brought the sign-off in: authority, like keys, must be on main before."""

    @property
    def ditahan(self) -> bool:
        """Return whether a committed sign-off does not count: an approval step so signed
        approves nothing. It counts when signed by the official's key, or (where signatures
        are not required) when the commit's email is the official's; an author who is not
        the official never makes it count, nor does authority (a role or a step's pelaksana)
        given in the change that brought the sign-off in (`wewenang_baru`)."""
        return self.commit is not None and (not self.terverifikasi or self.wewenang_baru)

    @property
    def alasan_ditahan(self) -> str:
        """Return, in words, why a committed sign-off does not count (see `ditahan`)."""
        if self.wewenang_baru:
            return (
                "pejabat itu baru diberi wewenang menandatangani langkah ini (peran di "
                "data/instansi.yml atau pelaksana di data/sop.yml) dalam perubahan yang sama"
            )
        if self.keadaan is Keadaan.EMAIL_COCOK:
            return (
                "pengaturan wajib_tanda_tangan_git aktif dan commit yang mencatatnya tidak "
                "ditandatangani kunci terdaftar pejabat itu"
            )
        return (
            "commit yang mencatatnya tidak membuktikan pejabat itu sendiri yang menandatangani "
            "(bukan identitas git atau kunci terdaftar miliknya, atau identitas, kunci atau "
            "wewenangnya baru ditambahkan dalam perubahan yang sama)"
        )


def pengesahan_ditahan(
    ds: Dataset, hasil: Mapping[KunciLangkah, Verifikasi]
) -> dict[tuple[int, Periode], Verifikasi]:
    """Return the periods whose approval step (the SOP's last) is signed off in a way that
    does not count (`Verifikasi.ditahan`), from verified steps `hasil`: such a period is not
    approved. The one rule every surface follows (site, PDF, API, validate, diff, the
    warnings when editing realisasi): what the data says is approved counts only when the
    commit behind it proves the official."""
    if ds.sop is None:
        return {}
    no = ds.sop.no_pengesahan
    return {(t, p): v for (t, p, n), v in hasil.items() if n == no and v.ditahan}


def data_versi(isi: bytes | None, berkas: str) -> Any:
    if isi is None:
        return None
    try:
        return baca_bytes(isi, berkas).data
    except DataError:
        return None


def berwenang(instansi: Any, sop: Any, oleh: str, no: int) -> bool | None:
    """Return whether raw instansi.yml and sop.yml let `oleh` sign step `no` (None: unknown)."""
    daftar = sop.get("langkah") if isinstance(sop, dict) else None
    if not isinstance(daftar, list) or not isinstance(instansi, dict):
        return None
    pelaksana = next(
        (lk.get("pelaksana") for lk in daftar if isinstance(lk, dict) and lk.get("no") == no),
        None,
    )
    if not isinstance(pelaksana, list):
        return None
    peran = next((p.get("peran") for pid, p in pejabat_mentah(instansi) if pid == oleh), None)
    return peran in pelaksana


def no_pengesahan_mentah(sop: Any) -> int | None:
    """Return the approval step (the last) of a raw sop.yml, None when it cannot say."""
    daftar = sop.get("langkah") if isinstance(sop, dict) else None
    nomor = [
        lk["no"]
        for lk in (daftar if isinstance(daftar, list) else [])
        if isinstance(lk, dict) and type(lk.get("no")) is int
    ]
    return max(nomor) if nomor else None


def wajib_mentah(instansi: Any) -> bool:
    """Return whether a raw instansi.yml requires commit signatures (`wajib_tanda_tangan_git`).

    A sign-off is judged by the stricter of the setting now and on the main line before the
    change that brought it in: a change cannot turn the requirement off for itself.
    """
    pengaturan = instansi.get("pengaturan") if isinstance(instansi, dict) else None
    return isinstance(pengaturan, dict) and pengaturan.get("wajib_tanda_tangan_git") is True


def pencocok_langkah(langkah: LangkahSiklus) -> Callable[[Any], bool]:
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


def asal_cabang(
    repo: RepoGit, graf: Graf, merge: str, path: str, cocok: Callable[[Any], bool]
) -> str:
    """Return the commit of a merged branch that first carried a value; the merge if none."""
    cabang = set(graf.bawaan.get(merge, []))
    versi = baca_versi(repo, [(c, path) for c in cabang])

    def punya(c: str) -> bool:
        return c in cabang and cocok(data_versi(versi.get((c, path)), path))

    cur = next((p for p in graf.induk.get(merge, [])[1:] if punya(p)), None)
    if cur is None:
        return merge
    while True:
        lanjut = next((p for p in graf.induk.get(cur, []) if punya(p)), None)
        if lanjut is None:
            return cur
        cur = lanjut


@dataclass(frozen=True)
class Kukuhan:
    """A commit re-affirming a sign-off, and where it reached the main line."""

    calon: Calon
    posisi: int
    """Position on the first-parent line (oldest first) of the commit that brought it."""


def baca_kukuhan(repo: RepoGit) -> tuple[dict[KunciLangkah, list[Kukuhan]], dict[str, int]]:
    """Return the re-affirming commits by step, and first-parent positions by commit.

    Two processes (three when a re-affirmation came through a merge), whatever the history.
    """
    if not ada_head(repo):
        return {}, {}
    keluaran = repo.jalankan(
        "log", "-z", "--format=%H%x00%ae%x00%B", f"--grep=^{TRAILER_KUKUHKAN}:", "HEAD"
    ).decode("utf-8", "replace")
    token = keluaran.split("\x00")
    ditemukan: list[tuple[str, str, list[KunciLangkah]]] = []
    for n in range(0, len(token) - 2, 3):
        sha, email, pesan = token[n].strip("\n"), token[n + 1], token[n + 2]
        kunci = [(int(t), Periode(p), int(no)) for t, p, no in _KUKUHKAN.findall(pesan)]
        if kunci:
            ditemukan.append((sha, email, kunci))
    if not ditemukan:
        return {}, {}
    garis = repo.jalankan("rev-list", "--first-parent", "HEAD").decode().split()[::-1]
    posisi = {c: i for i, c in enumerate(garis)}
    pembawa: dict[str, str] = {}
    if any(sha not in posisi for sha, _, _ in ditemukan):
        graf = baca_graf(repo)
        pembawa = {c: m for m, dibawa in graf.bawaan.items() for c in dibawa}
    hasil: dict[KunciLangkah, list[Kukuhan]] = {}
    for sha, email, kunci in ditemukan:
        masuk = sha if sha in posisi else pembawa.get(sha)
        if masuk is None:
            continue
        for k in kunci:
            hasil.setdefault(k, []).append(Kukuhan(Calon(sha, masuk, email), posisi[masuk]))
    return hasil, posisi


def _turunan(repo: RepoGit, sha: str, masuk: str, k: Calon) -> bool:
    """Return whether re-affirming commit `k` descends from signing commit `sha`."""
    if sha == masuk and k.commit == k.masuk:
        return True  # both on the first-parent line, the re-affirmation not before it
    dasar = repo.jalankan("merge-base", sha, k.commit, cek=False).decode().strip()
    return dasar == sha


def penulis_berikut(repo: RepoGit, peta: dict[str, str]) -> Penulis | None:
    """Return who would author the next commit here (`git var`), None when git cannot say."""
    ident = repo.jalankan("var", "GIT_AUTHOR_IDENT", cek=False).decode("utf-8", "replace")
    cocok = re.match(r"(.*?)\s*<([^<>]*)>", ident)
    if cocok is None:
        return None
    nama, email = cocok.groups()
    return Penulis(nama, email, peta.get(email.lower()))


def verifikasi(
    ds: Dataset,
    repo: RepoGit,
    riwayat: list[EntriRiwayat],
    webflow: KunciWebflow | None = None,
    hanya: set[KunciLangkah] | None = None,
) -> dict[KunciLangkah, Verifikasi]:
    """Return the verification of every signed step of the dataset (of `hanya`, when given).

    `webflow` is GitHub's web-flow key (`tandatangan.kunci_webflow`); without it commits
    made in GitHub's web editor are not cryptographically verified.
    """
    if ds.instansi is None:
        return {}
    peta = peta_pejabat(ds.instansi)
    wajib_tanda = ds.instansi.pengaturan.wajib_tanda_tangan_git
    # a commit's day is the office's day: GitHub's web editor records times in UTC
    zona = ZoneInfo(ds.instansi.pengaturan.zona_waktu)
    tertanda = [
        (tahun, periode, langkah)
        for tahun in ds.tahun_terurut
        for periode, siklus in sorted(ds.tahun[tahun].siklus.items())
        for langkah in siklus.langkah
        if langkah.ditandatangani and (hanya is None or (tahun, periode, langkah.no) in hanya)
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
    basis = baca_basis(repo)
    for m in posisi.values():
        if m >= 0:
            e = urut[m]
            sebelum[e.commit] = basis.sebelum(e.commit, e.induk[0] if e.induk else e.commit)
    berkas_sop = repo.ke_worktree("data/sop.yml")
    versi_instansi = baca_versi(
        repo,
        [(c, b) for c in set(sebelum.values()) for b in (berkas_instansi, berkas_sop)],
    )
    peta_sebelum = {
        c: identitas_pejabat(
            data_versi(versi_instansi.get((induk, berkas_instansi)), berkas_instansi), github=False
        )
        for c, induk in sebelum.items()
    }
    graf: Graf | None = None
    calon: Penulis | None = None
    calon_dicari = False
    kukuhan, posisi_garis = baca_kukuhan(repo)
    # first pass: who signed each sign-off, by email; the signatures are read in one go after
    tertunda: list[tuple[KunciLangkah, LangkahSiklus, EntriRiwayat, Penulis, list[Calon]]] = []
    hasil: dict[KunciLangkah, Verifikasi] = {}
    for tahun, periode, langkah in tertanda:
        path = paths[(tahun, periode)]
        cocok = pencocok_langkah(langkah)
        n = posisi[(tahun, periode, langkah.no)]
        if n < 0 or not cocok(data_versi(head.get(("HEAD", path)), path)):
            if not calon_dicari:
                calon, calon_dicari = penulis_berikut(repo, peta), True
            hasil[(tahun, periode, langkah.no)] = Verifikasi(False, None, calon)
            continue
        entri = urut[n]
        sha, nama, email = entri.commit, entri.penulis.nama, entri.penulis.email
        if len(entri.induk) > 1:
            graf = graf or baca_graf(repo)
            sha = asal_cabang(repo, graf, entri.commit, path, cocok)
            nama, email = graf.penulis.get(sha, (nama, email))
        penulis = Penulis(nama, email, peta.get(email.lower()))
        daftar = [Calon(sha, entri.commit, email)]
        mulai = posisi_garis.get(entri.commit, -1)
        # a re-affirmation counts only when made on top of the sign-off (it descends from
        # the signing commit): one made earlier and merged later confirmed something else
        daftar += [
            k.calon
            for k in kukuhan.get((tahun, periode, langkah.no), [])
            if mulai >= 0 and k.posisi >= mulai and _turunan(repo, sha, entri.commit, k.calon)
        ]
        tertunda.append(((tahun, periode, langkah.no), langkah, entri, penulis, daftar))
    terbukti = penandatangan(repo, [c for *_, d in tertunda for c in d], webflow)
    for kunci, langkah, entri, penulis, daftar in tertunda:
        oleh = langkah.oleh or ""
        lama = peta_sebelum.get(entri.commit, {})
        sekarang = penulis.pejabat is not None and penulis.pejabat == oleh
        benar = sekarang and lama.get(penulis.email.lower()) == oleh
        rekan = len(entri.induk) < 2 and any(
            lama.get(r.email.lower()) == oleh for r in entri.penulis_commit
        )
        status = keadaan(oleh, (terbukti[c] for c in daftar), benar)
        induk = sebelum.get(entri.commit)
        instansi_sebelum = (
            data_versi(versi_instansi.get((induk, berkas_instansi)), berkas_instansi)
            if induk is not None and induk != entri.commit
            else None
        )
        wajib = wajib_tanda or wajib_mentah(instansi_sebelum)
        wewenang = (
            berwenang(
                data_versi(versi_instansi.get((induk, berkas_instansi)), berkas_instansi),
                data_versi(versi_instansi.get((induk, berkas_sop)), berkas_sop),
                oleh,
                langkah.no,
            )
            if induk is not None and induk != entri.commit
            else None
        )
        bukti = next((c.commit for c in daftar if terbukti[c] == oleh), None)
        hasil[kunci] = Verifikasi(
            status.dihitung(wajib),
            daftar[0].commit,
            penulis,
            status is Keadaan.TERVERIFIKASI,
            status,
            kukuhan=bukti if bukti != daftar[0].commit else None,
            # a time git cannot print proves no date: the dated-ahead check has nothing to go on
            tanggal_masuk=entri.tanggal.astimezone(zona).date() if entri.tanggal_sah else None,
            hanya_rekan=rekan and not benar,
            identitas_baru=sekarang and not benar,
            wewenang_baru=wewenang is False,
        )
    return hasil
