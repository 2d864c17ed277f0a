"""The register (riwayat): the first-parent history of `data/` as field-level entries."""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from capkin.errors import DataError, ribuan
from capkin.history.cache import CacheRiwayat
from capkin.history.changes import Isi, bandingkan
from capkin.history.gitlog import (
    CommitLog,
    PembacaBlob,
    RepoGit,
    baca_log,
    buka_repo,
    penulis_gabungan,
)
from capkin.history.model import (
    WAKTU_TIDAK_SAH,
    EntriRiwayat,
    Penulis,
    TeksPerubahan,
    waktu_commit,
)
from capkin.history.order import UrutanRiwayat, baca_urutan, simpan_urutan
from capkin.history.signatures import kunci_webflow, pr_terbukti
from capkin.model_check import bangun_model
from capkin.models.instansi_model import Instansi
from capkin.yaml_versions import Versi, baca_versi
from capkin.yamlio import baca_berkas

_PR_MERGE = re.compile(r"^Merge pull request #([0-9]+)\b")
_PR_SQUASH = re.compile(r"\(#([0-9]+)\)\s*$")
_REKAN = re.compile(r"^Co-authored-by:\s*(.*?)\s*<([^<>]+)>\s*$", re.IGNORECASE | re.MULTILINE)
_YAML = (".yml", ".yaml")


def nomor_pr(pesan: str, *, merge: bool = True) -> int | None:
    """Return the pull request number of a merge or squash commit message, if any.

    `merge` says whether the commit is a merge: a single-parent commit whose title only
    reads "Merge pull request #N" merged nothing, so it takes no pull request number.
    """
    judul = pesan.split("\n", 1)[0].strip()
    cocok = (_PR_MERGE.match(judul) if merge else None) or _PR_SQUASH.search(judul)
    return int(cocok.group(1)) if cocok else None


def _email(teks: str) -> str:
    """Normalise an identity: the email inside <...> when given, lower case."""
    cocok = re.search(r"<([^<>]+)>", teks)
    return (cocok.group(1) if cocok else teks).strip().lower()


def peta_pejabat(instansi: Instansi | None) -> dict[str, str]:
    """Return official ids by lower-case commit email, from `identitas_git`."""
    peta: dict[str, str] = {}
    for pejabat in instansi.pejabat if instansi else ():
        for identitas in pejabat.identitas_git:
            peta.setdefault(_email(identitas), pejabat.id)
    return peta


def muat_instansi(root: Path) -> Instansi | None:
    """Read `data/instansi.yml` of a root, None when it is missing or invalid."""
    path = root / "data" / "instansi.yml"
    if not path.is_file():
        return None
    try:
        instansi, _ = bangun_model(baca_berkas(path, "data/instansi.yml"), Instansi)
    except DataError:
        return None
    return instansi


# --- computing entries ----------------------------------------------------------------------


def _isi(data: bytes | None, berkas: str, sebelumnya: Versi | None) -> tuple[Isi, Versi | None]:
    """Read a blob; `sebelumnya` is the file's version before it, read against when it helps."""
    if data is None:
        return Isi(galat="isi berkas tidak ditemukan di repositori"), None
    try:
        versi = baca_versi(data, berkas, sebelumnya, posisi=False)
    except DataError as exc:
        m = exc.masalah[0]
        return Isi(galat=f"{m.pesan} (baris {m.baris})" if m.baris else m.pesan), None
    return Isi(versi.dokumen.data), versi


def _perubahan_commit(
    repo: RepoGit, commits: list[CommitLog]
) -> Iterator[tuple[CommitLog, tuple[str, str]]]:
    """Yield each commit (given oldest first) with the texts of its changes
    (`TeksPerubahan`), reading each blob once.

    A blob is parsed when a commit first needs it, against the version before it in that
    commit (most commits change a value or two: see `yaml_versions.baca_versi`).
    """
    perlu: Counter[str] = Counter()
    urutan: list[str] = []
    for k in commits:
        for b in k.berkas:
            for sha, path in ((b.blob_lama, b.path_lama or b.path), (b.blob_baru, b.path)):
                if sha is not None and path.endswith(_YAML):
                    if sha not in perlu:
                        urutan.append(sha)
                    perlu[sha] += 1
    with PembacaBlob(repo, urutan) as pembaca:
        aliran = iter(pembaca)
        mentah: dict[str, bytes | None] = {}
        dimuat: dict[str, tuple[Isi, Versi | None]] = {}

        def ambil(
            sha: str | None, berkas: str, sebelumnya: tuple[Isi, Versi | None] | None
        ) -> tuple[Isi, Versi | None] | None:
            if sha is None:
                return None
            if not berkas.endswith(_YAML):
                return Isi(sha, bukan_yaml=True), None
            isi = dimuat.get(sha)
            if isi is None:
                while sha not in mentah:
                    s, data = next(aliran)
                    mentah[s] = data
                dasar = sebelumnya[1] if sebelumnya is not None else None
                isi = dimuat[sha] = _isi(mentah.pop(sha), berkas, dasar)
            perlu[sha] -= 1
            if perlu[sha] <= 0:
                del dimuat[sha]
            return isi

        for k in commits:
            perubahan = TeksPerubahan()
            for b in k.berkas:
                berkas = repo.ke_root(b.path)
                lama_path = repo.ke_root(b.path_lama) if b.path_lama else None
                lama = ambil(b.blob_lama, b.path_lama or b.path, None)
                baru = ambil(b.blob_baru, b.path, lama)
                if berkas is None or not berkas.startswith("data/"):
                    continue
                perubahan.tambah(
                    bandingkan(
                        berkas,
                        lama[0] if lama is not None else None,
                        baru[0] if baru is not None else None,
                        lama_path,
                    )
                )
            yield k, perubahan.teks()


def _mentah(k: CommitLog, teks: tuple[str, str], dibawa: list[tuple[str, str]]) -> dict[str, Any]:
    """Return the cacheable form of an entry (`teks`: the texts of its changes): raw
    identities, no official mapping."""
    if len(k.induk) < 2:
        dibawa = [(nama, email) for nama, email in _REKAN.findall(k.pesan)]
    return {
        "commit": k.sha,
        "induk": list(k.induk),
        "tanggal": k.tanggal,
        "nama": k.nama,
        "email": k.email,
        "pesan": k.pesan,
        "pr": nomor_pr(k.pesan, merge=len(k.induk) > 1),
        "penulis_commit": [list(p) for p in dibawa],
        "keluaran": teks[0],
        "rincian": teks[1],
    }


def _waktu(teks: str) -> datetime:
    """Read a commit's time; one git cannot print is `WAKTU_TIDAK_SAH` (shown as such)."""
    return waktu_commit(teks) or WAKTU_TIDAK_SAH


def _entri(data: dict[str, Any], peta: dict[str, str]) -> EntriRiwayat:
    """Build an entry from its cacheable form, mapping identities to officials.

    Its changes stay JSON text until read (`EntriRiwayat.tertunda`); ValueError, KeyError or
    TypeError for a form it cannot be.
    """

    def penulis(nama: str, email: str) -> Penulis:
        return Penulis(nama, email, peta.get(email.lower()))

    teks_keluaran, teks_rincian = data["keluaran"], data["rincian"]
    if not (isinstance(teks_keluaran, str) and isinstance(teks_rincian, str)):
        raise TypeError("bentuk entri tidak dikenal")
    return EntriRiwayat.tertunda(
        teks_keluaran,
        teks_rincian,
        commit=data["commit"],
        tanggal=_waktu(data["tanggal"]),
        penulis=penulis(data["nama"], data["email"]),
        pesan=data["pesan"],
        pr=data["pr"],
        penulis_commit=tuple(penulis(n, e) for n, e in data["penulis_commit"]),
        induk=tuple(data["induk"]),
    )


LANGKAH_PROGRES = 1000
"""Commits read between two progress lines (and the least worth a first one)."""


def baca_riwayat(
    root: Path,
    *,
    instansi: Instansi | None = None,
    cache: bool = True,
    progres: Callable[[str], None] | None = None,
) -> list[EntriRiwayat]:
    """Return the register of `root/data`, newest first.

    Empty when `root` is not in a git repository or has no commit yet; raises
    RiwayatDangkal for a shallow clone. `instansi` maps authors to officials (read from
    `data/instansi.yml` when not given). With `cache`, entries of commits already seen are
    read from capkin's cache folder (under the git directory) and only new commits are computed. `progres` is told how
    many commits must be read and, on long walks, how far it has come.
    """
    repo = buka_repo(root)
    if repo is None:
        return []
    kepala = repo.jalankan("rev-parse", "-q", "--verify", "HEAD^{commit}", cek=False)
    kepala_sha = kepala.decode("ascii", "replace").strip()
    if not kepala_sha:
        return []
    peta = peta_pejabat(instansi if instansi is not None else muat_instansi(root))
    simpanan = CacheRiwayat(root, cache)
    urutan, commits = _urutan(root, repo, kepala_sha, cache)
    hasil = _dari_cache(simpanan, urutan, commits, peta)
    if hasil is None:  # the cached order names a commit whose entry is gone: walk it all
        commits = baca_log(repo, kepala_sha)
        urutan = [k.sha for k in commits]
        hasil = _dari_cache(simpanan, urutan, commits, peta)
        assert hasil is not None
    baru = [k for k in commits if k.sha not in hasil]
    if baru:
        dibawa = penulis_gabungan(repo, {k.sha for k in baru if len(k.induk) > 1})
        dihitung: dict[str, dict[str, Any]] = {}
        # parsing builds millions of small objects and no cycles: the cyclic GC only slows it
        gc_aktif = gc.isenabled()
        gc.disable()
        try:
            if progres is not None and len(baru) >= LANGKAH_PROGRES:
                progres(f"Membaca {ribuan(len(baru))} commit dari riwayat git…")
            for n, (k, perubahan) in enumerate(_perubahan_commit(repo, baru[::-1]), 1):
                dihitung[k.sha] = _mentah(k, perubahan, dibawa.get(k.sha, []))
                hasil[k.sha] = _entri(dihitung[k.sha], peta)
                if progres is not None and n % LANGKAH_PROGRES == 0 and n < len(baru):
                    progres(f"… {ribuan(n)} dari {ribuan(len(baru))} commit")
        finally:
            if gc_aktif:
                gc.enable()
        simpanan.simpan(dihitung)
    if cache and (baru or commits):
        simpan_urutan(root, repo.awalan, UrutanRiwayat(kepala_sha, tuple(urutan)))
    daftar = [hasil[sha] for sha in urutan]
    # a PR number is shown only where GitHub's signature proves GitHub made the commit
    sah = pr_terbukti(
        repo, (e.commit for e in daftar if e.pr is not None), kunci_webflow(repo.worktree)
    )
    return [e if e.pr is None or e.commit in sah else e.tanpa_pr() for e in daftar]


def _urutan(
    root: Path, repo: RepoGit, kepala: str, cache: bool
) -> tuple[list[str], list[CommitLog]]:
    """Return the register's commit ids (newest first) and the commits read from git now.

    From the cached order when HEAD has not moved, or moved forward along its first-parent
    line (then only the new commits are read); the whole first-parent walk otherwise.
    """
    lama = baca_urutan(root, repo.awalan) if cache else None
    if lama is not None and lama.kepala == kepala:
        return list(lama.commit), []
    if lama is not None and _di_garis_pertama(repo, lama.kepala, kepala):
        commits = baca_log(repo, f"{lama.kepala}..{kepala}")
        return [k.sha for k in commits] + list(lama.commit), commits
    commits = baca_log(repo, kepala)
    return [k.sha for k in commits], commits


def _di_garis_pertama(repo: RepoGit, lama: str, kepala: str) -> bool:
    """Return whether commit `lama` is on the first-parent line of `kepala` (and not it)."""
    keluaran = repo.jalankan(
        "rev-list", "--first-parent", "--parents", f"{lama}..{kepala}", cek=False
    ).decode("ascii", "replace")
    # one line "commit parents..." per commit, newest first: the oldest commit of the range
    # must have `lama` as its first parent (a missing `lama` or a failure prints nothing)
    baris = keluaran.strip().rsplit("\n", 1)[-1].split()
    return len(baris) >= 2 and baris[1] == lama


def _dari_cache(
    simpanan: CacheRiwayat,
    urutan: list[str],
    commits: list[CommitLog],
    peta: dict[str, str],
) -> dict[str, EntriRiwayat] | None:
    """Return the cached entries of the register's commits; None when one read from the
    cached order (not from git now) has no usable entry."""
    dari_git = {k.sha for k in commits}
    hasil: dict[str, EntriRiwayat] = {}
    for sha in urutan:
        data = simpanan.baca(sha)
        try:
            if data is not None:
                hasil[sha] = _entri(data, peta)
                continue
        except (KeyError, TypeError, ValueError):
            pass
        if sha not in dari_git:
            return None
    return hasil
