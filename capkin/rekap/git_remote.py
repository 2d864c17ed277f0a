"""Git sources given as an address: a clone kept in the rekap's cache, fetched on each build.

`sumber` (or `repo`) is an office's data repository at another place when it is a `file://`
address, an address starting with `git+https://` / `git+http://`, or an http(s) address
ending in `.git`. The clone lives under `<git dir>/capkin/rekap-git/` (`capkin.cachedir`),
never in a work tree; it is only ever read as data by the same strict reader and
computation every office runs. git is run through `capkin.gitcmd` with a time limit, only
the https/http/file protocols, object checks on transfer, no symbolic links written, no
tags and no submodules; a clone whose packed size exceeds the limit is refused.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import urllib.parse
from pathlib import Path

from capkin.errors import CapkinError
from capkin.gitcmd import git

AMAN = (
    "-c",
    "protocol.allow=never",
    "-c",
    "protocol.https.allow=always",
    "-c",
    "protocol.http.allow=always",
    "-c",
    "protocol.file.allow=always",
    "-c",
    "transfer.fsckObjects=true",
    "-c",
    "core.symlinks=false",
    "-c",
    "submodule.recurse=false",
    "-c",
    "http.lowSpeedLimit=1024",
    "-c",
    "http.lowSpeedTime=30",
)
"""Configuration of every clone and fetch of an office's repository."""

_KUNCI: dict[str, threading.Lock] = {}
_KUNCI_KUNCI = threading.Lock()


def alamat_git(sumber: str) -> str | None:
    """Return the address to clone when `sumber` names a git repository elsewhere, else None."""
    bagian = urllib.parse.urlsplit(sumber)
    skema = bagian.scheme.lower()
    if skema == "file":
        return sumber
    if skema in {"git+https", "git+http"}:
        return sumber[len("git+") :]
    if skema in {"https", "http"} and bagian.path.rstrip("/").endswith(".git"):
        return sumber
    return None


def _pesan(hasil: object) -> str:
    stderr = getattr(hasil, "stderr", b"")
    baris = [b for b in stderr.decode("utf-8", "replace").strip().splitlines() if b.strip()]
    return baris[-1][:200] if baris else "tanpa pesan"


def salinan_repo(alamat: str, cache: Path, detik: float, maks_mb: float) -> Path:
    """Clone (first time) or fetch an office's repository into the cache; return its work tree.

    The work tree is checked out at the repository's default branch as fetched now.
    """
    folder = cache / hashlib.sha256(alamat.encode("utf-8")).hexdigest()[:24]
    with _KUNCI_KUNCI:
        kunci = _KUNCI.setdefault(str(folder), threading.Lock())
    with kunci:
        try:
            return _perbarui(alamat, folder, detik, maks_mb)
        except CapkinError as exc:
            raise CapkinError(f"repositori {alamat} tidak dapat diambil: {exc}") from None


def _perbarui(alamat: str, folder: Path, detik: float, maks_mb: float) -> Path:
    if not (folder / ".git").is_dir():
        shutil.rmtree(folder, ignore_errors=True)  # a clone cut short earlier
        folder.parent.mkdir(parents=True, exist_ok=True)
        hasil = git(
            folder.parent,
            *AMAN,
            "clone",
            "--quiet",
            "--no-tags",
            "--no-checkout",
            "--config",
            "core.symlinks=false",
            "--",
            alamat,
            folder.name,
            detik=detik,
        )
        if hasil.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise CapkinError(f"git clone gagal ({_pesan(hasil)})")
    hasil = git(folder, *AMAN, "fetch", "--quiet", "--no-tags", "origin", "HEAD", detik=detik)
    if hasil.returncode != 0:
        raise CapkinError(f"git fetch gagal ({_pesan(hasil)})")
    ukuran = git(folder, "count-objects", "-v")
    kb = sum(
        int(b.split(b":")[1])
        for b in ukuran.stdout.splitlines()
        if b.startswith((b"size:", b"size-pack:"))
    )
    if kb > maks_mb * 1024:
        shutil.rmtree(folder, ignore_errors=True)
        raise CapkinError(
            f"repositori terlalu besar ({kb / 1024:,.0f} MB; batas {maks_mb:g} MB, "
            "pengaturan.ukuran_maks_repo_mb)"
        )
    hasil = git(folder, *AMAN, "checkout", "--quiet", "--force", "--detach", "FETCH_HEAD")
    if hasil.returncode != 0:
        raise CapkinError(f"git checkout gagal ({_pesan(hasil)})")
    git(folder, "clean", "-q", "-d", "-f", "-x")  # nothing of an older checkout stays
    return folder
