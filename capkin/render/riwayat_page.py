"""The typed context of the Riwayat page: register entries shown with officials and links."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlparse

from capkin.clock import zona_kantor
from capkin.history import EntriRiwayat, Penulis, Perubahan
from capkin.render.site_data import DataSitus

BATAS_RIWAYAT = 300
"""Commits shown on the Riwayat page; the whole register is in api/riwayat.json."""


def github(repo_url: str | None) -> str | None:
    """Return the repository's GitHub URL (no trailing slash, no .git), if it is on GitHub."""
    if not repo_url:
        return None
    url = urlparse(repo_url)
    if url.scheme != "https" or url.netloc.lower() not in {"github.com", "www.github.com"}:
        return None
    jalur = url.path.strip("/").removesuffix(".git")
    return f"https://github.com/{jalur}" if jalur.count("/") == 1 else None


@dataclass(frozen=True)
class EntriTampil:
    """A register entry with the author shown as the official and links to GitHub."""

    entri: EntriRiwayat
    penulis: str
    url_commit: str | None
    url_pr: str | None
    perubahan: tuple[Perubahan, ...]
    penulis_commit: tuple[str, ...] = ()
    """Authors of the commits a merge brought in, or a squash commit's co-authors."""

    @property
    def singkat(self) -> str:
        """Return the commit's short id."""
        return str(self.entri.commit)[:10]


def tampil(
    s: DataSitus, entri: EntriRiwayat, perubahan: tuple[Perubahan, ...] | None = None
) -> EntriTampil:
    """Prepare a register entry for display."""
    gh = github(s.repo_url)

    def nama(p: Penulis) -> str:
        return s.nama_jabatan(p.pejabat, p.nama)

    # the office reads its register in its own time zone, whatever zone a commit carries
    entri = replace(entri, tanggal=entri.tanggal.astimezone(zona_kantor(s.instansi)))
    return EntriTampil(
        entri,
        nama(entri.penulis),
        f"{gh}/commit/{entri.commit}" if gh else None,
        f"{gh}/pull/{entri.pr}" if gh and entri.pr else None,
        tuple(entri.perubahan if perubahan is None else perubahan),
        tuple(dict.fromkeys(nama(p) for p in entri.penulis_commit)),
    )


@dataclass(frozen=True)
class KonteksRiwayat:
    """The register: the newest entries."""

    entri: tuple[EntriTampil, ...]
    jumlah: int
    batas: int


def konteks_riwayat(s: DataSitus) -> KonteksRiwayat:
    """Build the Riwayat page's context (newest first, at most BATAS_RIWAYAT commits)."""
    return KonteksRiwayat(
        tuple(tampil(s, e) for e in s.riwayat[:BATAS_RIWAYAT]), len(s.riwayat), BATAS_RIWAYAT
    )
