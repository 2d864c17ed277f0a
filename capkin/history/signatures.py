"""Cryptographic commit signatures: who, among the officials, really signed a commit.

git checks the signatures itself, with settings given for that one call only, never the
user's keyring or global configuration:

- SSH signatures against an allowed-signers list written from `instansi.yml` **as it stood
  on the main line before the change that brought the commit in**, one line
  `<official id> <key>` per registered `kunci_ssh`, so a pull request cannot register a
  key and use it at once. A good signature (`%G?` = G) names the official as principal.
- GitHub's web-flow GPG signature (commits made in the web editor, merges made by GitHub),
  checked in a throwaway `GNUPGHOME` holding only the key file given, and accepted only
  from the pinned fingerprints. It proves GitHub made the commit; which official made it
  is then the commit's author, matched against that official's `identitas_git` or the
  noreply address of their `github` handle (as they stood before the change); a noreply
  address with an account id matches only that id, registered in `identitas_git`.

Only the commits asked about are checked (those that bring or re-affirm a sign-off, PR
merges), one `git log --no-walk` per allowed-signers list, and each result is cached by
commit id and list under the git directory.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.errors import DataError
from capkin.gitcmd import lingkungan, perintah
from capkin.history.basis import baca_basis
from capkin.history.gitlog import RepoGit, baca_versi
from capkin.models.base import SLUG_POLA
from capkin.sshkey import KunciSsh, urai_kunci
from capkin.yamlio import baca_bytes

SIDIK_WEBFLOW = (
    "968479A1AFF927E37D1A566BB5690EEEBB952194",
    "5DE3E0509C47EA3CF04A42D34AEE18F83AFDEB23",
)
"""GitHub's web-flow signing keys: current, and the one used until 2024."""
URL_WEBFLOW = "https://github.com/web-flow.gpg"
ENV_KUNCI_WEBFLOW = "CAPKIN_KUNCI_WEBFLOW"
"""Path of GitHub's web-flow public key (fetched by `capkin init` and the workflows)."""
ENV_SIDIK_WEBFLOW = "CAPKIN_SIDIK_WEBFLOW"
"""Fingerprints accepted for it, comma-separated; the pinned ones when unset."""
ENV_URL_WEBFLOW = "CAPKIN_URL_WEBFLOW"
"""Where `capkin init` fetches the key from (default: `URL_WEBFLOW`)."""
BERKAS_WEBFLOW = ".github/web-flow.gpg"
"""Where `capkin init` keeps the key in an office's repository (checked before each use)."""

_VERSI_CACHE = 2
"""2: results read while replace refs could stand in for the commits are not reused."""
_SLUG = re.compile(SLUG_POLA)
_NOREPLY = re.compile(r"(?:([0-9]+)\+)?([A-Za-z0-9-]+)@users\.noreply\.github\.com")
"""A GitHub noreply address: `ID+handle@…` (accounts since 2017) or the older `handle@…`."""


class Keadaan(enum.StrEnum):
    """How far a sign-off is proven, worded as people read it."""

    TERVERIFIKASI = "terverifikasi"
    """A good signature by a key registered for the official (or GitHub's web editor)."""
    EMAIL_COCOK = "email cocok, tanpa tanda tangan kriptografis"
    """Only the commit's author email matches the official: anyone can set an email."""
    TIDAK = "tidak terverifikasi"

    def dihitung(self, wajib_tanda: bool) -> bool:
        """Return whether a sign-off in this state counts: signed, or (where the office does
        not require a signature) its email matches."""
        return self is Keadaan.TERVERIFIKASI or (self is Keadaan.EMAIL_COCOK and not wajib_tanda)


@dataclass(frozen=True)
class KunciWebflow:
    """GitHub's web-flow public key file and the fingerprints it must carry."""

    path: Path
    sidik: tuple[str, ...] = SIDIK_WEBFLOW


def sidik_webflow() -> tuple[str, ...]:
    """Return the accepted web-flow fingerprints: `$CAPKIN_SIDIK_WEBFLOW`, else the pinned ones."""
    sidik = tuple(
        s.strip().replace(" ", "").upper()
        for s in os.environ.get(ENV_SIDIK_WEBFLOW, "").split(",")
        if s.strip()
    )
    return sidik or SIDIK_WEBFLOW


def kunci_webflow(root: Path | None = None) -> KunciWebflow | None:
    """Return the web-flow key to use: `$CAPKIN_KUNCI_WEBFLOW`, else `.github/web-flow.gpg`."""
    env = os.environ.get(ENV_KUNCI_WEBFLOW)
    path = Path(env) if env else (root / BERKAS_WEBFLOW if root is not None else None)
    if path is None or not path.is_file():
        return None
    return KunciWebflow(path, sidik_webflow())


@dataclass(frozen=True)
class Tanda:
    """A commit's signature as git reports it."""

    status: str
    """`%G?`: G good, U good but untrusted/unlisted, N none, B bad, E cannot check, ..."""
    penanda: str
    """`%GS`: the principal (SSH, an official id) or the key's user id (GPG)."""
    sidik: str
    """`%GF`: fingerprint of the signing key (SSH: SHA256:..., GPG: hex)."""
    sidik_utama: str
    """`%GP`: fingerprint of the primary key (GPG)."""

    @property
    def ssh(self) -> bool:
        """Return whether this is an SSH signature."""
        return self.sidik.startswith("SHA256:")

    def pejabat_ssh(self) -> str | None:
        """Return the official whose registered SSH key made a good signature, if any."""
        return self.penanda if self.ssh and self.status == "G" and self.penanda else None

    def oleh_webflow(self, sidik: Iterable[str]) -> bool:
        """Return whether GitHub's web-flow key (one of these fingerprints) signed it."""
        # G or U: gpg has no trust path to a key imported for one call; Y: the old key
        # has expired since it signed. Only a pinned fingerprint counts either way.
        if self.ssh or self.status not in ("G", "U", "Y"):
            return False
        dikenal = {s.upper() for s in sidik}
        return self.sidik.upper() in dikenal or self.sidik_utama.upper() in dikenal


@dataclass(frozen=True)
class Calon:
    """A commit that may prove a sign-off: the signing commit and how it reached main."""

    commit: str
    masuk: str
    """The first-parent commit that brought `commit` onto the main line (itself, if on it)."""
    email: str
    """Author email of `commit`."""


def data_instansi(isi: bytes | None) -> Any:
    """Return a raw `instansi.yml` (any shape) from its bytes; None when absent or unreadable."""
    if isi is None:
        return None
    try:
        return baca_bytes(isi, "data/instansi.yml").data
    except DataError:
        return None


def pejabat_mentah(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    daftar = data.get("pejabat") if isinstance(data, dict) else None
    for p in daftar if isinstance(daftar, list) else []:
        if isinstance(p, dict) and isinstance(p.get("id"), str) and _SLUG.fullmatch(p["id"]):
            yield p["id"], p


def daftar_penanda(data: Any) -> str:
    """Return the allowed-signers list of a raw `instansi.yml`: `<official id> <key>` lines.

    Only well-formed keys of officials with a slug id are written (data is never passed
    through to `ssh-keygen` as options), and a key registered for two officials is left
    out: it proves neither.
    """
    pemilik: dict[str, set[str]] = {}
    kunci: dict[str, KunciSsh] = {}
    for pid, p in pejabat_mentah(data):
        daftar = p.get("kunci_ssh")
        for teks in daftar if isinstance(daftar, list) else []:
            k = urai_kunci(teks) if isinstance(teks, str) else None
            if isinstance(k, KunciSsh):
                pemilik.setdefault(k.blob, set()).add(pid)
                kunci.setdefault(k.blob, k)
    return "".join(
        f"{next(iter(ids))} {kunci[blob].teks}\n"
        for blob, ids in sorted(pemilik.items())
        if len(ids) == 1
    )


def identitas_pejabat(data: Any, github: bool) -> dict[str, str]:
    """Return official ids by lower-case email from a raw `instansi.yml`.

    With `github`, the noreply addresses of their `github` handles count too.
    """
    peta: dict[str, str] = {}
    for pid, p in pejabat_mentah(data):
        identitas = p.get("identitas_git")
        for email in identitas if isinstance(identitas, list) else []:
            if isinstance(email, str):
                peta.setdefault(email.strip().lower(), pid)
                # a registered `ID+handle@users.noreply…` address registers the account id:
                # the same account keeps matching after it renames its handle
                noreply = _NOREPLY.fullmatch(email.strip().lower())
                if noreply and noreply.group(1):
                    peta.setdefault(f"github-id:{int(noreply.group(1))}", pid)
        handle = p.get("github")
        if github and isinstance(handle, str) and handle.strip().lstrip("@"):
            nama = handle.strip().lstrip("@").split("/")[0].lower()
            peta.setdefault(f"github:{nama}", pid)
    return peta


def pejabat_email(peta: Mapping[str, str], email: str) -> str | None:
    """Return the official an author email belongs to in `identitas_pejabat`'s map.

    A noreply address carrying an account id (`ID+handle@users.noreply.github.com`) is
    matched by that id alone, never by its handle: a handle can be renamed and then taken
    by another account, which gets a new id. Only the older id-less form matches a handle.
    """
    email = email.strip().lower()
    cocok = _NOREPLY.fullmatch(email)
    if cocok and cocok.group(1):
        return peta.get(f"github-id:{int(cocok.group(1))}")
    if email in peta:
        return peta[email]
    return peta.get(f"github:{cocok.group(2)}") if cocok else None


@contextmanager
def _gnupg(webflow: KunciWebflow | None) -> Iterator[str]:
    """Yield a throwaway GNUPGHOME holding only the web-flow key (or nothing)."""
    folder = tempfile.mkdtemp(prefix="capkin-gpg-")
    env = {**os.environ, "GNUPGHOME": folder, "LC_ALL": "C"}
    try:
        if webflow is not None and shutil.which("gpg"):
            subprocess.run(
                ["gpg", "--batch", "--quiet", "--no-autostart", "--import", str(webflow.path)],
                env=env,
                capture_output=True,
                check=False,
            )
        yield folder
    finally:
        if shutil.which("gpgconf"):
            subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _baca_git(repo: RepoGit, commit: list[str], penanda: str, gnupg: str) -> dict[str, Tanda]:
    """Return the signatures of `commit` as git sees them with this allowed-signers list."""
    with tempfile.TemporaryDirectory(prefix="capkin-ssh-") as folder:
        berkas = Path(folder) / "allowed_signers"
        berkas.write_text(penanda, encoding="utf-8")
        hasil = subprocess.run(
            perintah(
                *("-c", f"safe.directory={repo.worktree}"),
                *("-c", "gpg.program=gpg", "-c", "gpg.openpgp.program=gpg"),
                # an X.509 signature would run the repository's own gpg.x509.program
                *("-c", "gpg.x509.program=gpgsm", "-c", "gpg.ssh.revocationFile="),
                *("-c", "gpg.ssh.program=ssh-keygen"),
                *("-c", f"gpg.ssh.allowedSignersFile={berkas}"),
                *("log", "--no-walk=unsorted", "--stdin", "-z"),
                "--format=%H%x00%G?%x00%GS%x00%GF%x00%GP",
            ),
            cwd=repo.worktree,
            input="".join(c + "\n" for c in commit).encode(),
            capture_output=True,
            # signatures are judged by capkin's settings alone: no global or system config
            # (which could name another allowed-signers file or program), no user keyring
            env={
                **lingkungan(),
                "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_CONFIG_NOSYSTEM": "1",
                "GNUPGHOME": gnupg,
            },
            check=False,
        )
    token = hasil.stdout.decode("utf-8", "replace").split("\x00")
    tanda: dict[str, Tanda] = {}
    for n in range(0, len(token) - 4, 5):
        sha = token[n].strip("\n")
        tanda[sha] = Tanda(*(t.strip() for t in token[n + 1 : n + 5]))
    return tanda


def _jejak(penanda: str, webflow: KunciWebflow | None) -> str:
    """Return what a cached result depends on besides the commit: the list and the key."""
    h = hashlib.sha256(penanda.encode())
    if webflow is not None:
        h.update(b"\0" + ",".join(webflow.sidik).encode() + b"\0")
        with suppress(OSError):
            h.update(webflow.path.read_bytes())
    return h.hexdigest()[:32]


def _muat_cache(path: Path) -> dict[str, list[str]]:
    isi = baca_entri(path.parent, path.name)  # checked against its digest
    try:
        data = json.loads(isi) if isi is not None else None
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("versi") != _VERSI_CACHE:
        return {}
    hasil = data.get("hasil")
    return hasil if isinstance(hasil, dict) else {}


def _simpan_cache(path: Path, isi: dict[str, list[str]]) -> None:
    # a cache that cannot be written only costs time next run (tulis_entri skips it)
    tulis_entri(path.parent, path.name, json.dumps({"versi": _VERSI_CACHE, "hasil": isi}).encode())


def baca_tanda(
    repo: RepoGit,
    permintaan: Iterable[tuple[str, str]],
    webflow: KunciWebflow | None = None,
) -> dict[str, tuple[Tanda, Any]]:
    """Return, per commit, its signature and the raw `instansi.yml` it is judged against.

    `permintaan` holds (commit, the first-parent commit that brought it in); the list of
    keys is `instansi.yml` in that first-parent commit's parent (for a root commit, its own).
    """
    daftar = dict(permintaan)
    if not daftar:
        return {}
    # one process for every parent: `log --no-walk` prints each commit with its parents
    masukan = "".join(m + "\n" for m in set(daftar.values())).encode()
    keluaran = repo.jalankan(
        "log", "--no-walk=unsorted", "--stdin", "--format=%H %P", masukan=masukan
    ).decode("ascii", "replace")
    induk: dict[str, str] = {}
    basis = baca_basis(repo)
    for baris in keluaran.splitlines():
        bagian = baris.split()
        if bagian:
            induk[bagian[0]] = basis.sebelum(bagian[0], bagian[1] if len(bagian) > 1 else bagian[0])
    for masuk in set(daftar.values()):
        induk.setdefault(masuk, masuk)
    path = repo.ke_worktree("data/instansi.yml")
    versi = baca_versi(repo, [(c, path) for c in set(induk.values())])
    instansi = {m: data_instansi(versi.get((c, path))) for m, c in induk.items()}
    penanda = {m: daftar_penanda(d) for m, d in instansi.items()}
    cache_path = folder_cache(repo.worktree) / "tanda-tangan.json"
    cache = _muat_cache(cache_path)
    hasil: dict[str, tuple[Tanda, Any]] = {}
    kelompok: dict[str, list[str]] = {}
    for commit, masuk in daftar.items():
        kunci = f"{commit}:{_jejak(penanda[masuk], webflow)}"
        simpan = cache.get(kunci)
        if (
            isinstance(simpan, list)
            and len(simpan) == 4
            and all(isinstance(s, str) for s in simpan)
        ):
            hasil[commit] = (Tanda(*simpan), instansi[masuk])
        else:
            kelompok.setdefault(penanda[masuk], []).append(commit)
    if kelompok:
        with _gnupg(webflow) as gnupg:
            for teks, anggota in kelompok.items():
                dibaca = _baca_git(repo, anggota, teks, gnupg)
                for c in anggota:
                    t = dibaca.get(c, Tanda("E", "", "", ""))
                    hasil[c] = (t, instansi[daftar[c]])
                    cache[f"{c}:{_jejak(teks, webflow)}"] = [
                        t.status,
                        t.penanda,
                        t.sidik,
                        t.sidik_utama,
                    ]
        _simpan_cache(cache_path, cache)
    return hasil


def penandatangan(
    repo: RepoGit, calon: Iterable[Calon], webflow: KunciWebflow | None = None
) -> dict[Calon, str | None]:
    """Return, per candidate commit, the official it cryptographically proves, or None.

    An SSH signature proves the official whose registered key made it; GitHub's web-flow
    signature proves the official whose identity (or GitHub noreply address) is the
    commit's author. Keys and identities count as they stood on the main line before the
    change that brought the commit in.
    """
    semua = list(dict.fromkeys(calon))
    tanda = baca_tanda(repo, [(c.commit, c.masuk) for c in semua], webflow)
    hasil: dict[Calon, str | None] = {}
    for c in semua:
        t, data = tanda[c.commit]
        siapa = t.pejabat_ssh()
        if siapa is None and webflow is not None and t.oleh_webflow(webflow.sidik):
            siapa = pejabat_email(identitas_pejabat(data, github=True), c.email)
        hasil[c] = siapa
    return hasil


def keadaan(oleh: str, terbukti: Iterable[str | None], email_cocok: bool) -> Keadaan:
    """Return the state of a sign-off by `oleh` from what its candidate commits prove."""
    if any(p == oleh for p in terbukti):
        return Keadaan.TERVERIFIKASI
    return Keadaan.EMAIL_COCOK if email_cocok else Keadaan.TIDAK


def pr_terbukti(repo: RepoGit, calon: Iterable[str], webflow: KunciWebflow | None) -> set[str]:
    """Return which of these pull-request commits GitHub made (its web-flow signature).

    A title like "Merge pull request #12" or "… (#12)" can be typed by anyone; only GitHub's
    signature on the commit shows the number is a real pull request. Without the web-flow
    key nothing can be shown, so no number is.
    """
    daftar = list(dict.fromkeys(calon))
    if webflow is None or not daftar:
        return set()
    tanda = baca_tanda(repo, [(c, c) for c in daftar], webflow)
    return {c for c in daftar if tanda[c][0].oleh_webflow(webflow.sidik)}


def periksa_kunci_webflow(isi: bytes, sidik: Iterable[str] = SIDIK_WEBFLOW) -> str | None:
    """Return what is wrong with a downloaded web-flow key file, or None when every key in it
    has a pinned fingerprint (checked with `gpg --show-keys` in a throwaway home)."""
    if not shutil.which("gpg"):
        return "gpg tidak terpasang, sehingga sidik jari kunci tidak dapat diperiksa"
    dikenal = {s.upper() for s in sidik}
    with _gnupg(None) as home:
        hasil = subprocess.run(
            ["gpg", "--batch", "--no-autostart", "--with-colons", "--show-keys"],
            input=isi,
            capture_output=True,
            env={**os.environ, "GNUPGHOME": home, "LC_ALL": "C"},
            check=False,
        )
    utama: list[str] = []
    sesudah_pub = False
    for baris in hasil.stdout.decode("utf-8", "replace").splitlines():
        kolom = baris.split(":")
        if kolom[0] == "pub":
            sesudah_pub = True
        elif kolom[0] == "fpr" and sesudah_pub and len(kolom) > 9:
            utama.append(kolom[9].upper())
            sesudah_pub = False
    if hasil.returncode != 0 or not utama:
        return "berkas itu bukan kunci publik GPG"
    asing = [f for f in utama if f not in dikenal]
    if asing:
        return (
            f"sidik jari {', '.join(asing)} bukan milik GitHub (yang diterima: "
            f"{', '.join(sorted(dikenal))})"
        )
    return None


def unduh_kunci_webflow(
    tujuan: Path, url: str | None = None, sidik: Iterable[str] | None = None
) -> str | None:
    """Fetch GitHub's web-flow key, check its fingerprints and write it to `tujuan`.

    Returns None when written, otherwise why not (Bahasa Indonesia); nothing is written then.
    """
    import urllib.request

    url = url or os.environ.get(ENV_URL_WEBFLOW) or URL_WEBFLOW
    try:
        with urllib.request.urlopen(url, timeout=15) as respon:  # noqa: S310 (https or a test file)
            isi = respon.read(1_000_000)
    except (OSError, ValueError) as exc:
        return f"kunci {url} tidak dapat diunduh ({exc})"
    alasan = periksa_kunci_webflow(isi, sidik_webflow() if sidik is None else sidik)
    if alasan is not None:
        return f"kunci {url} ditolak: {alasan}"
    try:
        teks = isi.decode("ascii")
    except UnicodeDecodeError:
        return f"kunci {url} ditolak: bukan kunci ASCII-armored"
    from capkin.yaml_writer import tulis_atomik

    tulis_atomik(tujuan, teks)
    return None
