"""Signed sign-off commits: the identity and SSH key git will really use, and re-affirmation.

`capkin sign --commit` and `capkin sign --kukuhkan` check, before writing anything, that
the commit git is about to make is authored by one of the official's `identitas_git`
(`git var GIT_AUTHOR_IDENT`, which honours `GIT_AUTHOR_EMAIL` and every config level, not
just `user.email`) and that the configured signing key is one of the official's
`kunci_ssh`. A re-affirmation is an empty signed commit made with `git commit-tree`
(nothing staged can slip into it) carrying the trailer that `capkin.history.signoff` reads.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from capkin.errors import CapkinError, UsageError
from capkin.gitcmd import git_teks as git
from capkin.history.signoff import TRAILER_KUKUHKAN
from capkin.models.base import Periode
from capkin.models.instansi_model import Pejabat
from capkin.sshkey import KunciSsh, urai_kunci

PANDUAN_KUNCI = """\
Cara menyiapkan tanda tangan commit dengan kunci SSH (sekali saja per komputer):
  Linux dan macOS (Terminal), atau Git for Windows (buka "Git Bash"):
    ssh-keygen -t ed25519 -C "email-anda@instansi.go.id"   # bila belum punya kunci
    git config --global gpg.format ssh
    git config --global user.signingkey "$HOME/.ssh/id_ed25519.pub"
    git config --global commit.gpgsign true
  Lalu daftarkan kunci publiknya (isi berkas ~/.ssh/id_ed25519.pub, satu baris
  'ssh-ed25519 AAAA...') di kunci_ssh pejabat Anda di data/instansi.yml melalui pull request
  yang disetujui Kasubbag KPE dan pimpinan kantor, dan tunggu sampai digabung ke main. Jangan
  pernah membagikan berkas ~/.ssh/id_ed25519 (tanpa .pub): itu kunci rahasia Anda. Lihat
  PANDUAN.md, bagian "Menandatangani dengan kunci SSH"."""


@dataclass(frozen=True)
class Penandatangan:
    """Who git will make the next commit as, and with which SSH key (if signing is set up)."""

    nama: str
    email: str
    kunci: KunciSsh | None


def identitas_commit(root: Path) -> tuple[str, str] | None:
    """Return (name, email) git will author the next commit with, None when git cannot say."""
    hasil = git(root, "var", "GIT_AUTHOR_IDENT")
    cocok = re.match(r"(.*?)\s*<([^<>]*)>", hasil.stdout) if hasil.returncode == 0 else None
    return (cocok.group(1), cocok.group(2)) if cocok else None


def _baca_kunci_publik(nilai: str) -> KunciSsh | str:
    """Return the public half of a `user.signingkey` value (literal key or key file)."""
    if nilai.startswith("key::"):
        nilai = nilai[5:]
    if nilai.startswith(("ssh-", "ecdsa-")):
        return urai_kunci(nilai)
    path = Path(nilai).expanduser()
    pub = path if path.suffix == ".pub" else Path(str(path) + ".pub")
    try:
        if pub.is_file():
            return urai_kunci(pub.read_text(encoding="utf-8").strip())
        hasil = subprocess.run(
            ["ssh-keygen", "-y", "-f", str(path)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, UnicodeDecodeError, subprocess.TimeoutExpired) as exc:
        return f"berkas kunci {path} tidak dapat dibaca ({exc})"
    if hasil.returncode != 0:
        return f"berkas kunci {path} tidak dapat dibaca; arahkan user.signingkey ke berkas .pub-nya"
    return urai_kunci(hasil.stdout.strip())


def penandatangan(root: Path) -> Penandatangan:
    """Return the identity and SSH signing key of the next commit in `root`."""
    if git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise UsageError(
            f"{root} bukan repo git; tanda tangan commit hanya dapat dibuat di repo git"
        )
    ident = identitas_commit(root)
    if ident is None:
        raise CapkinError(
            'git belum tahu siapa Anda: atur dengan git config --global user.name "Nama Anda" '
            "dan git config --global user.email email-anda@instansi.go.id"
        )
    format_ = git(root, "config", "gpg.format").stdout.strip()
    nilai = git(root, "config", "user.signingkey").stdout.strip()
    kunci: KunciSsh | None = None
    if format_ == "ssh" and nilai:
        hasil = _baca_kunci_publik(nilai)
        if not isinstance(hasil, KunciSsh):
            raise CapkinError(
                f"kunci penanda tangan git (user.signingkey): {hasil}\n{PANDUAN_KUNCI}"
            )
        kunci = hasil
    return Penandatangan(ident[0], ident[1], kunci)


def periksa_penandatangan(root: Path, pejabat: Pejabat, *, wajib_kunci: bool) -> Penandatangan:
    """Refuse unless the next commit is the official's: their email and, if needed, their key.

    `wajib_kunci`: a signature is needed (the office requires it, or the official has
    registered keys); then the configured key must be one of the official's `kunci_ssh`.
    """
    siapa = penandatangan(root)
    diizinkan = {e.strip().lower() for e in pejabat.identitas_git}
    if siapa.email.lower() not in diizinkan:
        daftar = ", ".join(pejabat.identitas_git) or "(belum ada)"
        raise CapkinError(
            f"--commit ditolak: email git yang dipakai ({siapa.email}) bukan identitas_git "
            f"{pejabat.id} ({daftar}). Commit tanda tangan harus dibuat oleh pejabat itu "
            "sendiri: jalankan perintah ini di komputer pejabat tersebut (git config user.email "
            "<email-nya>; periksa juga variabel GIT_AUTHOR_EMAIL), atau tambahkan email itu ke "
            "identitas_git di data/instansi.yml melalui pull request. Tanpa --commit, berkas "
            "tidak diubah."
        )
    if not wajib_kunci:
        return siapa
    terdaftar = [k for k in (urai_kunci(t) for t in pejabat.kunci_ssh) if isinstance(k, KunciSsh)]
    if siapa.kunci is None:
        raise CapkinError(
            f"--commit ditolak: git di komputer ini belum diatur untuk menandatangani commit "
            f"dengan kunci SSH, padahal tanda tangan {pejabat.id} harus bertanda tangan "
            f"kriptografis. Berkas tidak diubah.\n{PANDUAN_KUNCI}"
        )
    if not terdaftar:
        raise CapkinError(
            f"--commit ditolak: {pejabat.id} belum punya kunci_ssh di data/instansi.yml, padahal "
            "pengaturan.wajib_tanda_tangan_git aktif. Daftarkan dahulu kunci publik Anda "
            f"({siapa.kunci.sidik}) melalui pull request. Berkas tidak diubah.\n{PANDUAN_KUNCI}"
        )
    if siapa.kunci.blob not in {k.blob for k in terdaftar}:
        raise CapkinError(
            f"--commit ditolak: kunci penanda tangan git Anda ({siapa.kunci.sidik}) bukan kunci_ssh "
            f"{pejabat.id} (terdaftar: {', '.join(k.sidik for k in terdaftar)}). Atur "
            "user.signingkey ke kunci yang terdaftar, atau daftarkan kunci ini melalui pull "
            f"request. Berkas tidak diubah.\n{PANDUAN_KUNCI}"
        )
    return siapa


def args_tanda_tangan(siapa: Penandatangan) -> list[str]:
    """Return the git options that make the next commit signed with the checked key.

    The configured `user.signingkey` is used as it is (a literal key would need ssh-agent).
    """
    return [] if siapa.kunci is None else ["-c", "gpg.format=ssh"]


def judul_commit(teks: str) -> str:
    """Return a commit message capkin writes as one line: a name from data with line breaks
    ("Budi\n\nCo-authored-by: …", "…\nKukuhkan-Tanda-Tangan: …") must not add trailers,
    which the register and the sign-off checks read."""
    return " ".join(teks.split())


def trailer_kukuhkan(tahun: int, periode: Periode, no: int) -> str:
    """Return the trailer line that names the sign-off a re-affirming commit confirms."""
    return f"{TRAILER_KUKUHKAN}: {tahun}/{periode.value}/{no}"


def commit_kukuhkan(root: Path, siapa: Penandatangan, judul: str, trailer: str) -> str:
    """Make an empty commit on HEAD signed with the checked key; return its id.

    Built with `git commit-tree` from HEAD's tree, so nothing staged or changed is included.
    """
    kepala = git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}").stdout.strip()
    if not kepala:
        raise CapkinError("repo ini belum punya commit; belum ada tanda tangan untuk dikukuhkan")
    hasil = git(
        root,
        *args_tanda_tangan(siapa),
        "commit-tree",
        "-S",
        "-p",
        kepala,
        "-m",
        judul_commit(judul),
        "-m",
        trailer,
        f"{kepala}^{{tree}}",
    )
    if hasil.returncode != 0:
        raise CapkinError(
            f"commit pengukuhan gagal: {hasil.stderr.strip()}. Periksa pengaturan kunci SSH "
            f"Anda.\n{PANDUAN_KUNCI}"
        )
    baru = hasil.stdout.strip()
    pindah = git(root, "update-ref", "-m", "capkin sign --kukuhkan", "HEAD", baru, kepala)
    if pindah.returncode != 0:
        raise CapkinError(f"HEAD tidak dapat dipindahkan ke {baru}: {pindah.stderr.strip()}")
    return baru
