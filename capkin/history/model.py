"""The register's records: who changed what, when, in which pull request."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from capkin.errors import CapkinError

JENIS_PERUBAHAN = ("tambah", "ubah", "hapus", "pindah")
"""Kinds of change: added, changed, removed, moved (a renamed file)."""


class RiwayatDangkal(CapkinError):
    """The repository is a shallow clone: its history is cut off."""

    def __init__(self, folder: str) -> None:
        super().__init__(
            f"repositori git di {folder} adalah salinan dangkal (shallow clone), sehingga "
            "riwayatnya terpotong dan register perubahan serta pemeriksaan tanda tangan tidak "
            "dapat dibuat. Ambil riwayat lengkap dengan 'git fetch --unshallow', atau di GitHub "
            "Actions tambahkan 'fetch-depth: 0' pada langkah actions/checkout."
        )


@dataclass(frozen=True)
class Penulis:
    """A commit author and the official (`pejabat` id) that identity belongs to, if any."""

    nama: str
    email: str
    pejabat: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the author as `{"nama", "email", "pejabat"}`."""
        return {"nama": self.nama, "email": self.email, "pejabat": self.pejabat}


@dataclass(frozen=True)
class Perubahan:
    """One changed field (or whole item or file) of a data file, named in domain terms."""

    berkas: str
    jalur: str
    jenis: str
    lama: Any = None
    baru: Any = None
    catatan: str | None = None
    tahun: int | None = None
    periode: str | None = None
    unit: str | None = None
    indikator: str | None = None
    langkah: int | None = None
    medan: str | None = None
    """The changed key (`nilai`, `target`, `oleh`...), None for a whole item or file."""

    def as_json(self) -> dict[str, Any]:
        """Return the change in the shape of `capkin history --format json`."""
        return {
            "berkas": self.berkas,
            "jalur": self.jalur,
            "jenis": self.jenis,
            "lama": self.lama,
            "baru": self.baru,
            "catatan": self.catatan,
        }

    def simpan(self) -> dict[str, Any]:
        """Return every field, for the cache."""
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def muat(cls, data: dict[str, Any]) -> Perubahan:
        """Rebuild a change from its cached form; ValueError for a form it cannot be.

        A register holds hundreds of thousands of changes: this fills the instance's
        fields directly (three times faster than the frozen dataclass's __init__).
        """
        if not (_WAJIB <= data.keys() <= _MEDAN):
            raise ValueError("bentuk perubahan tidak dikenal")
        obj = object.__new__(cls)
        obj.__dict__.update(_KOSONG)
        obj.__dict__.update(data)
        return obj


_MEDAN = frozenset(f.name for f in fields(Perubahan))
_WAJIB = frozenset({"berkas", "jalur", "jenis"})
_KOSONG = {nama: None for nama in _MEDAN - _WAJIB}


@dataclass(frozen=True)
class EntriRiwayat:
    """One first-parent commit of the register and the changes it made to `data/`."""

    commit: str
    tanggal: datetime
    penulis: Penulis
    pesan: str
    pr: int | None = None
    penulis_commit: tuple[Penulis, ...] = ()
    perubahan: tuple[Perubahan, ...] = field(default=())
    induk: tuple[str, ...] = ()
    """Parent commit ids; more than one for a merge commit."""

    @property
    def judul(self) -> str:
        """Return the first line of the commit message."""
        return self.pesan.split("\n", 1)[0]

    def as_json(self) -> dict[str, Any]:
        """Return the entry in the shape of `capkin history --format json`."""
        return {
            "commit": self.commit,
            "tanggal": self.tanggal.isoformat(),
            "penulis": self.penulis.as_json(),
            "pesan": self.pesan,
            "pr": self.pr,
            "penulis_commit": [p.as_json() for p in self.penulis_commit],
            "perubahan": [p.as_json() for p in self.perubahan],
        }

    def saring(self, perubahan: tuple[Perubahan, ...]) -> EntriRiwayat:
        """Return a copy holding only the given changes."""
        return replace(self, perubahan=perubahan)
