"""The register's records: who changed what, when, in which pull request."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, tzinfo
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


@dataclass(frozen=True, slots=True)
class Perubahan:
    """One changed field (or whole item or file) of a data file, named in domain terms.

    A register holds hundreds of thousands of changes: slots, not a `__dict__` each, and
    the names repeated across changes (file, unit, indicator...) shared (`muat`).
    """

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

    def rincian(self) -> dict[str, Any]:
        """Return the fields `as_json` leaves out that are set (where the change is), for the
        cache: with `as_json` they give every field back (`muat`)."""
        return {k: v for k in _RINCIAN if (v := getattr(self, k)) is not None}

    @classmethod
    def muat(cls, data: dict[str, Any]) -> Perubahan:
        """Rebuild a change from its cached form; ValueError for a form it cannot be.

        Fills the instance's slots directly (faster than the frozen dataclass's __init__);
        a value many changes repeat (`_BERSAMA`) is one object for all of them.
        """
        if not (_WAJIB <= data.keys() <= _MEDAN):
            raise ValueError("bentuk perubahan tidak dikenal")
        obj = object.__new__(cls)
        for nama in _MEDAN_URUT:
            nilai = data.get(nama)
            if nama in _BERSAMA and type(nilai) in (str, int):
                nilai = _SAMA.setdefault(nilai, nilai)
            _isi(obj, nama, nilai)
        return obj


_isi = object.__setattr__
_MEDAN_URUT = tuple(f.name for f in fields(Perubahan))
_MEDAN = frozenset(_MEDAN_URUT)
_RINCIAN = tuple(sorted(_MEDAN - Perubahan("", "", "").as_json().keys()))
_WAJIB = frozenset({"berkas", "jalur", "jenis"})
_BERSAMA = frozenset(
    {"berkas", "jenis", "tahun", "periode", "unit", "indikator", "langkah", "medan"}
)
"""Fields whose values repeat across a register's changes (a few thousand distinct ones)."""
_SAMA: dict[object, object] = {}
"""One object for each value of a `_BERSAMA` field decoded so far."""


class _PerubahanTertunda:
    """The `perubahan` field of an entry read from the cache: decoded when first read.

    A register holds hundreds of thousands of changes, and `history --format json` prints
    them as the JSON text the cache holds, so an entry built by `EntriRiwayat.tertunda`
    keeps its changes as text until something reads the field (then they are decoded once
    and stored as the field's value, the texts dropped: `teks_json` writes the same text from
    the changes). A non-data descriptor: an entry built the usual way has the field in its
    own `__dict__` and never comes here.
    """

    def __get__(self, obj: object, owner: type | None = None) -> tuple[Perubahan, ...]:
        if obj is None:
            return ()  # the field's default, read by dataclass
        d = obj.__dict__
        keluaran = json.loads(d["_teks_keluaran"])
        rincian = json.loads(d["_teks_rincian"])
        nilai = tuple(Perubahan.muat({**k, **r}) for k, r in zip(keluaran, rincian, strict=True))
        d["perubahan"] = nilai
        del d["_teks_keluaran"], d["_teks_rincian"]
        return nilai


TANGGAL_TIDAK_SAH = "tanggal tidak sah"
"""Shown for a commit time git cannot print (before 1970, beyond year 9999, garbage)."""

WAKTU_TIDAK_SAH = datetime.fromtimestamp(0, UTC)
"""What an entry holds for such a time: 1970-01-01T00:00:00Z, never a real commit's time."""


def waktu_commit(teks: str) -> datetime | None:
    """Read a commit time as git prints `%cI`; None when git could not print it.

    git leaves `%cI` unexpanded for a date it cannot read (one before 1970, garbage), prints
    1970-01-01T00:00:00Z for one that overflows, and a five-digit year past 9999; a zone like
    +9999 it prints as given, so such a time is read without its zone (as UTC).
    """
    try:
        waktu = datetime.fromisoformat(teks)
    except ValueError:
        try:
            waktu = datetime.fromisoformat(teks[:19]).replace(tzinfo=UTC)
        except ValueError:
            return None
    if waktu.tzinfo is None:
        waktu = waktu.replace(tzinfo=UTC)
    return waktu if waktu.timestamp() > 0 else None


PR_MENURUT_JUDUL = "menurut judul commit yang ditandatangani GitHub"
"""Said of a pull request number only a signed commit's title gives (`pr_dasar` "judul")."""


@dataclass(frozen=True)
class EntriRiwayat:
    """One first-parent commit of the register and the changes it made to `data/`."""

    commit: str
    tanggal: datetime
    penulis: Penulis
    pesan: str
    pr: int | None = None
    penulis_commit: tuple[Penulis, ...] = ()
    perubahan: tuple[Perubahan, ...] = _PerubahanTertunda()  # type: ignore[assignment]
    induk: tuple[str, ...] = ()
    """Parent commit ids; more than one for a merge commit."""

    @classmethod
    def tertunda(cls, teks_keluaran: str, teks_rincian: str, **medan: Any) -> EntriRiwayat:
        """Return an entry whose changes stay text until read (see `_PerubahanTertunda`).

        `teks_keluaran` is the JSON list of the changes' `as_json()` forms, `teks_rincian` that
        of their `rincian()` (`TeksPerubahan` writes both); `medan` gives every other field.
        """
        if medan.keys() != _MEDAN_ENTRI:
            raise ValueError("bentuk entri tidak dikenal")
        obj = object.__new__(cls)
        obj.__dict__.update(medan, _teks_keluaran=teks_keluaran, _teks_rincian=teks_rincian)
        return obj

    @property
    def pr_dasar(self) -> str | None:
        """How far the pull request number is proven, when there is one.

        "gabungan": a merge commit GitHub signed, titled "Merge pull request #N": its two
        parents show a branch was merged. "judul": a one-parent commit GitHub signed whose
        title ends "(#N)": a squash merge, a rebased one and a web-editor commit whose author
        typed "(#N)" look the same offline, so only the title gives the number.
        """
        if self.pr is None:
            return None
        gabungan = len(self.induk) > 1 and self.judul.startswith(f"Merge pull request #{self.pr}")
        return "gabungan" if gabungan else "judul"

    @property
    def teks_pr(self) -> str | None:
        """Return the pull request as people read it, saying what proves it."""
        if self.pr is None:
            return None
        return f"PR #{self.pr}" + (f" {PR_MENURUT_JUDUL}" if self.pr_dasar == "judul" else "")

    @property
    def tanggal_sah(self) -> bool:
        """Return whether git could print the commit's time (see `waktu_commit`)."""
        return self.tanggal.timestamp() > 0

    def hari(self, zona: tzinfo) -> str:
        """Return the commit's ISO date in `zona`, or "tanggal tidak sah"."""
        return (
            self.tanggal.astimezone(zona).date().isoformat()
            if self.tanggal_sah
            else TANGGAL_TIDAK_SAH
        )

    @property
    def judul(self) -> str:
        """Return the first line of the commit message."""
        return self.pesan.split("\n", 1)[0]

    def _kepala_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "tanggal": self.tanggal.isoformat() if self.tanggal_sah else None,
            "penulis": self.penulis.as_json(),
            "pesan": self.pesan,
            "pr": self.pr,
            "pr_dasar": self.pr_dasar,
            "penulis_commit": [p.as_json() for p in self.penulis_commit],
        }

    def as_json(self) -> dict[str, Any]:
        """Return the entry in the shape of `capkin history --format json`."""
        return {**self._kepala_json(), "perubahan": [p.as_json() for p in self.perubahan]}

    def teks_json(self) -> str:
        """Return `json.dumps(self.as_json(), ensure_ascii=False)`, from the cached text of
        the changes when the entry was read from the cache."""
        keluaran = self.__dict__.get("_teks_keluaran")
        if keluaran is None:
            return json.dumps(self.as_json(), ensure_ascii=False)
        # the changes come last: the same text the encoder would write for them
        kepala = json.dumps(self._kepala_json(), ensure_ascii=False)
        return f'{kepala[:-1]}, "perubahan": {keluaran}}}'

    def saring(self, perubahan: tuple[Perubahan, ...]) -> EntriRiwayat:
        """Return a copy holding only the given changes."""
        return replace(self, perubahan=perubahan)

    def tanpa_pr(self) -> EntriRiwayat:
        """Return a copy without a pull request number (changes still unread stay so)."""
        obj = object.__new__(type(self))
        obj.__dict__.update(self.__dict__, pr=None)
        return obj


_MEDAN_ENTRI = frozenset(f.name for f in fields(EntriRiwayat)) - {"perubahan"}


class TeksPerubahan:
    """The two texts `EntriRiwayat.tertunda` keeps of a commit's changes, written a file's
    changes at a time: a commit that adds a regency's whole tree makes ~300,000 changes,
    never all alive at once. The texts are those `json.dumps` gives the whole lists."""

    def __init__(self) -> None:
        self._keluaran: list[str] = []
        self._rincian: list[str] = []

    def tambah(self, perubahan: list[Perubahan]) -> None:
        """Add the changes of one file."""
        if perubahan:
            # a list's items, as `json.dumps` separates them in the whole list
            keluaran = json.dumps([p.as_json() for p in perubahan], ensure_ascii=False)
            self._keluaran.append(keluaran[1:-1])
            rincian = json.dumps([p.rincian() for p in perubahan], ensure_ascii=False)
            self._rincian.append(rincian[1:-1])

    def teks(self) -> tuple[str, str]:
        """Return the texts of the `as_json()` and of the `rincian()` forms of the changes."""
        return f"[{', '.join(self._keluaran)}]", f"[{', '.join(self._rincian)}]"
