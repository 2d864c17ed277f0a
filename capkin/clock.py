"""The SOP clock: Indonesian working days and step deadlines."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from capkin.errors import UsageError
from capkin.models.instansi_model import Instansi

_KATEGORI_LIBUR = ("public", "government")
"""National holidays (public) and cuti bersama (government)."""

LIBUR_TAMBAHAN = "Hari libur tambahan"
"""Name given to a local day off from `pengaturan.hari_libur_tambahan`."""

_SEHARI = timedelta(days=1)


def zona_kantor(instansi: Instansi | None) -> ZoneInfo:
    """Return the office's time zone (`pengaturan.zona_waktu`, Asia/Jakarta by default)."""
    return ZoneInfo(instansi.pengaturan.zona_waktu if instansi else "Asia/Jakarta")


SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
"""The reproducible-builds variable: seconds since 1970-01-01 UTC a build is as of."""


def waktu_bangun(sekarang: datetime | None = None) -> datetime:
    """Return the time a build is as of (UTC, whole seconds): SOURCE_DATE_EPOCH when set.

    The clock of the machine that builds, by default: on CI the runner's, which no one in
    the office sets. A commit's own time is never used: anyone can write any date into a
    commit, and a backdated one would hide a late step. Whoever rebuilds a published site
    to check it sets SOURCE_DATE_EPOCH to the site's `dibangun` and gets the same bytes.
    """
    teks = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not teks:
        return (sekarang or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(teks), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"{SOURCE_DATE_EPOCH}={teks!r} bukan waktu yang sah: isi dengan jumlah detik sejak "
            "1 Januari 1970 UTC, mis. `export SOURCE_DATE_EPOCH=$(date +%s)`, atau hapus "
            f"variabel itu (`unset {SOURCE_DATE_EPOCH}`) agar situs dibangun per waktu sekarang"
        ) from None


def hari_ini(instansi: Instansi | None, sekarang: datetime | None = None) -> date:
    """Return today's date in the office's time zone, whatever zone the machine runs in.

    CI runs in UTC, seven hours behind WIB: the machine's date would date a morning build
    a day early, and with it every step's state and deadline on the site.
    """
    return (sekarang or datetime.now(UTC)).astimezone(zona_kantor(instansi)).date()


@functools.cache
def _libur_nasional(tahun: int) -> dict[date, str]:
    """Return a year's national holidays and cuti bersama by date, with Indonesian names."""
    # One lookup table per year, shared by every calendar: the holidays package is slow
    # per date, a dict is not. Callers only read it. Imported here: checking or computing
    # data needs today's date, not the calendar.
    import holidays

    nasional = holidays.country_holidays(
        "ID", years=tahun, categories=_KATEGORI_LIBUR, language="id"
    )
    return {d: str(nama) for d, nama in nasional.items() if d.year == tahun}


class KalenderKerja:
    """Working days: Monday–Friday minus national holidays, cuti bersama and local days off."""

    def __init__(self, hari_libur_tambahan: Iterable[date] = ()) -> None:
        self._tambahan = frozenset(hari_libur_tambahan)

    @classmethod
    def untuk(cls, instansi: Instansi | None) -> KalenderKerja:
        """Return the calendar of an office (its `hari_libur_tambahan`); national only if None."""
        if instansi is None:
            return cls()
        return cls(instansi.pengaturan.hari_libur_tambahan)

    def nama_libur(self, d: date) -> str | None:
        """Return the name of the holiday or local day off on `d`, None if there is none."""
        nama = _libur_nasional(d.year).get(d)
        if nama is not None:
            return nama
        return LIBUR_TAMBAHAN if d in self._tambahan else None

    def hari_kerja(self, d: date) -> bool:
        """Return whether `d` is a working day."""
        return d.weekday() < 5 and d not in self._tambahan and d not in _libur_nasional(d.year)

    def berikutnya(self, d: date) -> date:
        """Return the first working day strictly after `d`."""
        d += _SEHARI
        while not self.hari_kerja(d):
            d += _SEHARI
        return d

    def pertama(self, d: date) -> date:
        """Return `d` if it is a working day, else the first working day after it."""
        return d if self.hari_kerja(d) else self.berikutnya(d)

    def tenggat(self, mulai: date, hari: int) -> date:
        """Return the deadline of a task of `hari` working days starting on `mulai`.

        `mulai` counts as day 1 (the count starts at the next working day when `mulai`
        is not one). A standard of 0 days is treated as 1: the task is due on its first
        working day.
        """
        d = self.pertama(mulai)
        for _ in range(max(hari, 1) - 1):
            d = self.berikutnya(d)
        return d

    def hitung(self, mulai: date, selesai: date) -> int:
        """Return the number of working days in [mulai, selesai], both included; 0 if reversed."""
        jumlah = 0
        d = mulai
        while d <= selesai:
            if self.hari_kerja(d):
                jumlah += 1
            d += _SEHARI
        return jumlah


def format_tanggal(d: date | None) -> str:
    """Format a date the Indonesian way, e.g. "3 Juli 2025"; "–" for None."""
    if d is None:
        return "–"
    return _format_tanggal(d)


@functools.lru_cache(maxsize=4096)
def _format_tanggal(d: date) -> str:
    """Babel takes ~50 µs per date; a roll-up's pages show the same few hundred dates 100,000s
    of times."""
    from babel.dates import format_date  # only where dates are shown

    return format_date(d, format="d MMMM y", locale="id")
