"""The git edge: find the repository, walk its log, read blobs, write a revision's tree as
files, find merged authors.

The whole walk costs a constant number of processes: one `git log --raw -z` over the
first-parent history of `data/`, one `git cat-file --batch` fed from a thread, and, when
merge commits are new, one `git log` over the whole graph for the authors they brought in.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from capkin.gitcmd import GitGagal, cari_worktree, git, git_popen
from capkin.history.model import RiwayatDangkal


@dataclass(frozen=True)
class RepoGit:
    """A git work tree and where the capkin root sits inside it."""

    worktree: Path
    awalan: str
    """Path of the capkin root relative to the work tree, '' or ending in '/'."""

    def jalankan(self, *args: str, masukan: bytes | None = None, cek: bool = True) -> bytes:
        """Run one git command in the work tree and return its output."""
        hasil = git(self.worktree, *args, masukan=masukan)
        if cek and hasil.returncode != 0:
            pesan = hasil.stderr.decode("utf-8", "replace").strip()
            raise GitGagal(f"perintah 'git {args[0]}' gagal: {pesan}")
        return hasil.stdout

    def ke_root(self, path: str) -> str | None:
        """Return a work-tree path relative to the capkin root, None if outside it."""
        if not path.startswith(self.awalan):
            return None
        return path[len(self.awalan) :]

    def ke_worktree(self, berkas: str) -> str:
        """Return a root-relative path relative to the work tree."""
        return self.awalan + berkas


def buka_repo(root: Path) -> RepoGit | None:
    """Return the git work tree holding `root`, None when it is not in one.

    Raises RiwayatDangkal for a shallow clone.
    """
    ditemukan = cari_worktree(root)
    if ditemukan is None:
        return None
    worktree, dangkal = ditemukan
    if dangkal:
        raise RiwayatDangkal(str(worktree))
    rel = root.resolve().relative_to(worktree).as_posix()
    return RepoGit(worktree, "" if rel == "." else rel + "/")


def dalam_git(root: Path) -> bool:
    """Return whether `root` lies inside a git work tree (shallow or not)."""
    return cari_worktree(root) is not None


def ada_head(repo: RepoGit) -> bool:
    """Return whether the repository has at least one commit."""
    return bool(repo.jalankan("rev-parse", "-q", "--verify", "HEAD^{commit}", cek=False).strip())


# --- the first-parent log -------------------------------------------------------------------


@dataclass(frozen=True)
class BerkasBerubah:
    """One line of `git log --raw`: a path changed by a commit."""

    status: str
    """A (added), M (changed), D (deleted), R (renamed), T (type change)."""
    path: str
    blob_lama: str | None
    blob_baru: str | None
    path_lama: str | None = None


@dataclass
class CommitLog:
    """A first-parent commit as read from `git log`."""

    sha: str
    induk: tuple[str, ...]
    nama: str
    email: str
    tanggal: str
    pesan: str
    berkas: list[BerkasBerubah] = field(default_factory=list)


# NUL is the only byte git keeps out of names, emails and messages: every field ends in one
_FORMAT = "--format=%H%x00%P%x00%an%x00%ae%x00%cI%x00%B"
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_MODE_BERKAS = {"100644", "100755"}


def _blob(mode: str, sha: str) -> str | None:
    return sha if mode in _MODE_BERKAS and sha.strip("0") else None


def _urai_raw(token: list[str], i: int) -> tuple[list[BerkasBerubah], int]:
    """Read the `--raw -z` lines starting at token `i`; return them and the next token."""
    hasil: list[BerkasBerubah] = []
    while i < len(token):
        meta = token[i].lstrip("\n")
        if not meta:
            i += 1
            continue
        if not meta.startswith(":"):
            break
        mode_lama, mode_baru, sha_lama, sha_baru, status = meta[1:].split(" ", 4)
        kode = status[:1]
        if kode in "RC":
            lama, baru = token[i + 1], token[i + 2]
            i += 3
        else:
            lama = baru = token[i + 1]
            i += 2
        hasil.append(
            BerkasBerubah(
                "R" if kode == "R" else "A" if kode == "C" else kode,
                baru,
                None if kode in "AC" else _blob(mode_lama, sha_lama),
                None if kode == "D" else _blob(mode_baru, sha_baru),
                lama if kode == "R" else None,
            )
        )
    return hasil, i


def _urai_log(keluaran: str) -> list[CommitLog]:
    """Parse `git log -z --raw` output in `_FORMAT`, field by field (no separator guessing)."""
    token = keluaran.split("\x00")
    hasil: list[CommitLog] = []
    i = 0
    while i < len(token):
        sha = token[i].lstrip("\n")
        if not sha:
            i += 1
            continue
        if not _SHA.fullmatch(sha) or i + 6 > len(token):
            raise GitGagal("keluaran 'git log' tidak dikenali")
        induk, nama, email, tanggal, pesan = token[i + 1 : i + 6]
        commit = CommitLog(sha, tuple(induk.split()), nama, email, tanggal, pesan.strip())
        commit.berkas, i = _urai_raw(token, i + 6)
        hasil.append(commit)
    return hasil


def baca_log(repo: RepoGit, rentang: str = "HEAD") -> list[CommitLog]:
    """Return the first-parent commits of HEAD (or of a range `A..B`) that touch `data/`, newest first."""
    keluaran = repo.jalankan(
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "-M",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-color",
        "--encoding=UTF-8",
        _FORMAT,
        rentang,
        "--",
        ":(literal)" + repo.ke_worktree("data/"),
    ).decode("utf-8", "replace")
    return _urai_log(keluaran)


# --- blobs ----------------------------------------------------------------------------------


class PembacaBlob:
    """Read blobs in a known order through one `git cat-file --batch` process."""

    def __init__(self, repo: RepoGit, urutan: Iterable[str]) -> None:
        # git's complaints go to a file, not a pipe nobody reads, and are shown if it dies
        self._galat = tempfile.TemporaryFile()  # noqa: SIM115 (closed in tutup)
        self._proses = git_popen(
            repo.worktree, "cat-file", "--batch", stdin=subprocess.PIPE, stderr=self._galat
        )
        daftar = list(urutan)
        # writing every id before reading would fill both pipes and deadlock
        self._penulis = threading.Thread(target=self._tulis, args=(daftar,), daemon=True)
        self._penulis.start()
        self._sisa = iter(daftar)

    def _tulis(self, daftar: list[str]) -> None:
        assert self._proses.stdin is not None
        try:
            for i in range(0, len(daftar), 256):
                self._proses.stdin.write("".join(s + "\n" for s in daftar[i : i + 256]).encode())
            self._proses.stdin.close()
        except (BrokenPipeError, ValueError):
            pass

    def __iter__(self) -> Iterator[tuple[str, bytes | None]]:
        """Yield (id, contents) in the order given; None for a missing object."""
        keluaran = self._proses.stdout
        assert keluaran is not None
        for sha in self._sisa:
            baris = keluaran.readline().decode("utf-8", "replace").rstrip("\n")
            if not baris:
                raise self._berhenti(sha)
            if baris.endswith((" missing", " ambiguous")):
                yield sha, None
                continue
            bagian = baris.rsplit(" ", 2)
            if len(bagian) != 3 or not bagian[2].isdigit():
                raise GitGagal("keluaran 'git cat-file --batch' tidak dikenali")
            data = keluaran.read(int(bagian[2]))
            keluaran.read(1)
            yield sha, data

    def _berhenti(self, sha: str) -> GitGagal:
        """Return the error for a `git cat-file` that stopped before answering `sha`."""
        self._proses.wait()
        self._galat.seek(0)
        pesan = " ".join(self._galat.read().decode("utf-8", "replace").split())
        return GitGagal(
            f"isi objek git {sha} tidak dapat dibaca ('git cat-file' berhenti: "
            f"{pesan or 'tanpa keterangan'}). Bila repositori ini salinan parsial "
            "(git clone --filter), pastikan remote asalnya dapat dihubungi, atau clone ulang "
            "tanpa --filter"
        )

    def tutup(self) -> None:
        """Stop the process."""
        if self._proses.poll() is None:
            self._proses.kill()
        self._proses.wait()
        self._penulis.join(timeout=5)
        if self._proses.stdout is not None:
            self._proses.stdout.close()
        self._galat.close()

    def __enter__(self) -> PembacaBlob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()


# --- a revision's tree as files -------------------------------------------------------------


def _aman(path: str) -> bool:
    """Return whether a tree path can be written under the target folder (no `..`, `.git`)."""
    bagian = path.split("/")
    return not path.startswith("/") and all(b not in ("", ".", "..", ".git") for b in bagian)


def _tautan(tujuan: Path, path: str, target: bytes) -> None:
    """Write a symbolic link from the tree when it points inside `tujuan`, as `tar`'s data
    filter allows; one pointing elsewhere is left out (validation reports it in the work tree)."""
    teks = target.decode("utf-8", "surrogateescape")
    sasaran = os.path.normpath(os.path.join(os.path.dirname(path), teks))
    if not teks.startswith("/") and sasaran != ".." and not sasaran.startswith("../"):
        os.symlink(teks, tujuan / path)


def tulis_pohon(repo: RepoGit, sha: str, tujuan: Path, hanya: str | None = None) -> None:
    """Write the tree of commit `sha` (as seen from the capkin root; only the folder `hanya`
    of it, when given) under `tujuan`.

    The files come from git's objects as committed (one `git ls-tree`, one `git cat-file
    --batch`, read one at a time): not through `git archive`, which applies the tree's own
    `.gitattributes` (`export-ignore` leaves files out, `export-subst` rewrites them). Raises
    GitGagal when git cannot list the commit (not fetched).
    """
    pohon = f"{sha}:{repo.awalan.rstrip('/')}" if repo.awalan else sha
    tujuan.mkdir(parents=True, exist_ok=True)
    keluaran = repo.jalankan("ls-tree", "-r", "-z", pohon, *(("--", hanya) if hanya else ()))
    tulis: dict[str, list[tuple[str, str]]] = {}  # blob id: (mode, path) of each copy
    for baris in keluaran.decode("utf-8", "surrogateescape").split("\x00"):
        meta, _, path = baris.partition("\t")
        bagian = meta.split()
        if len(bagian) != 3 or not _aman(path):
            continue
        if bagian[1] == "blob":
            tulis.setdefault(bagian[2], []).append((bagian[0], path))
        elif bagian[1] == "commit":  # a submodule: an empty folder, as git archive writes
            (tujuan / path).mkdir(parents=True, exist_ok=True)
    with PembacaBlob(repo, list(tulis)) as pembaca:
        for blob, isi in pembaca:
            for mode, path in tulis[blob]:
                (tujuan / path).parent.mkdir(parents=True, exist_ok=True)
                if mode == "120000":
                    _tautan(tujuan, path, isi or b"")
                elif isi is not None:
                    (tujuan / path).write_bytes(isi)


# --- authors of merged branches -------------------------------------------------------------


@dataclass(frozen=True)
class Graf:
    """The commit graph of HEAD: parents and authors, and what each merge brought in."""

    induk: dict[str, list[str]]
    penulis: dict[str, tuple[str, str]]
    bawaan: dict[str, list[str]]
    """For each first-parent commit, the commits it brought onto that line, newest first."""


def baca_graf(repo: RepoGit) -> Graf:
    """Read the whole commit graph of HEAD with one `git log`."""
    keluaran = repo.jalankan("log", "-z", "--format=%H%x00%P%x00%an%x00%ae", "HEAD")
    induk: dict[str, list[str]] = {}
    penulis: dict[str, tuple[str, str]] = {}
    urutan: dict[str, int] = {}
    token = keluaran.decode("utf-8", "replace").split("\x00")
    # four NUL-ended fields per commit (NUL cannot occur in a name or email)
    for n in range(0, len(token) - 3, 4):
        sha, p, nama, email = token[n].strip("\n"), token[n + 1], token[n + 2], token[n + 3]
        induk[sha] = p.split()
        penulis[sha] = (nama, email)
        urutan[sha] = len(urutan)
    # the first-parent line, oldest first
    garis: list[str] = []
    cur: str | None = next(iter(induk), None)
    while cur is not None:
        garis.append(cur)
        cur = induk[cur][0] if induk.get(cur) else None
    garis.reverse()
    # everything reachable from the older line was brought in by an older commit
    dilihat: set[str] = set(garis)
    bawaan: dict[str, list[str]] = {}
    for sha in garis:
        tumpukan = list(induk.get(sha, [])[1:])
        dibawa: list[str] = []
        while tumpukan:
            c = tumpukan.pop()
            if c in dilihat or c not in induk:
                continue
            dilihat.add(c)
            dibawa.append(c)
            tumpukan.extend(induk[c])
        if dibawa:
            bawaan[sha] = sorted(dibawa, key=urutan.__getitem__)
    return Graf(induk, penulis, bawaan)


def penulis_gabungan(repo: RepoGit, merge: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Return, for each first-parent merge commit given, the authors of the commits it merged.

    A commit counts for the oldest merge that brought it onto the first-parent line.
    Authors are (name, email), oldest first, without repeats.
    """
    if not merge:
        return {}
    graf = baca_graf(repo)
    hasil: dict[str, list[tuple[str, str]]] = {}
    for sha in merge:
        unik: dict[str, tuple[str, str]] = {}
        for c in reversed(graf.bawaan.get(sha, [])):
            nama, email = graf.penulis[c]
            unik.setdefault(email.lower(), (nama, email))
        hasil[sha] = list(unik.values())
    return hasil


def baca_versi(
    repo: RepoGit, permintaan: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], bytes]:
    """Return the contents of files at commits, {(commit, path): bytes}; absent ones are left out.

    One `git cat-file --batch` process for every request.
    """
    daftar = list(dict.fromkeys(permintaan))
    if not daftar:
        return {}
    with PembacaBlob(repo, [f"{c}:{p}" for c, p in daftar]) as pembaca:
        return {k: data for k, (_, data) in zip(daftar, pembaca, strict=True) if data is not None}
