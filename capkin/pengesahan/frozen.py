"""Approved is frozen (design.md, "Trust model"): each approved period as it was approved.

A period is approved by the sign-off of the SOP's last step and re-approved by each entry
of its siklus file's `revisi:`. Each approval is a *version* of the report: the one
computed from the repository as of the commit that brought the sign-off in (inside a
merged branch, the branch's own commit, so that a change pushed to the same pull request
after the signing commit counts as a change after approval). The newest version is
compared with the report computed from the current data, item by item; a difference is
named with the commit that gave the item its current value (`attribution`). Reports as of
a commit are computed and cached in `version_reports`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from capkin.achievement import Penghitung
from capkin.clock import zona_kantor
from capkin.dataset import Dataset
from capkin.history.gitlog import Graf, RepoGit, baca_graf, baca_versi, buka_repo
from capkin.history.model import EntriRiwayat
from capkin.history.reapproval import dihitung, keadaan_revisi
from capkin.history.register import baca_riwayat
from capkin.history.repo_state import KeadaanRepo, kunci_keadaan
from capkin.history.signatures import (
    Keadaan,
)
from capkin.history.signoff import (
    KunciLangkah,
    Verifikasi,
    asal_cabang,
    data_versi,
    pencocok_langkah,
    pengesahan_ditahan,
)
from capkin.history.verified_steps import verifikasi_tersimpan
from capkin.layout import berkas_siklus
from capkin.models.base import Periode
from capkin.models.siklus_model import Siklus
from capkin.pengesahan.attribution import atribusi, info_commit, masukan_berubah, urutan_sesudah
from capkin.pengesahan.summary import Beda, bandingkan
from capkin.pengesahan.version_reports import PenghitungVersi, ringkas_laporan

KunciKuartal = tuple[int, Periode]
"""(tahun, kuartal) of an approvable quarter: a `tahunan` report shares TW4's approvals
(a report of any period is keyed by `achievement.KunciPeriode`)."""


@dataclass(frozen=True)
class VersiSah:
    """One approval of a period's report: the approval step (ke 1) or a revisi (ke 2, 3…)."""

    ke: int
    tanggal: date
    oleh: str
    alasan: str | None
    jalur: tuple[str | int, ...]
    """Where the approval is written in the siklus file."""
    commit: str | None = None
    """The commit whose data is this version; None while the approval is not committed."""
    keadaan: Keadaan | None = None
    """For a committed revisi: whether its commit proves the official (`verifikasi`)."""
    email: str | None = None
    """Author email of that commit, when checked."""
    dihitung: bool = True
    """False for a revisi its commit does not prove: it is not published, warns."""


@dataclass(frozen=True)
class Pengesahan:
    """A period's approvals, and how the current data differs from the newest one."""

    tahun: int
    periode: Periode
    versi: tuple[VersiSah, ...]
    beda: tuple[Beda, ...] = ()
    info_commit: dict[str, tuple[str, str]] = field(default_factory=dict)
    """For commits named in `beda`: (author name, ISO date)."""
    masukan_sama: bool = False
    """The input files of the report are the same now as at the newest approval's commit, so
    the current figures are the approved ones (nothing needs computing from git)."""

    @property
    def terakhir(self) -> VersiSah:
        """Return the newest approval that counts: the version that is published."""
        return self.versi_sah[-1]

    @property
    def versi_sah(self) -> tuple[VersiSah, ...]:
        """Return the approvals that count, oldest first (the approval step always does)."""
        return tuple(v for v in self.versi if v.dihitung)

    @property
    def berubah(self) -> bool:
        """Return whether the current data alters the approved report."""
        return bool(self.beda)


def _cocok_revisi(k: int, siklus: Siklus) -> Callable[[Any], bool]:
    rev = siklus.revisi[k]

    def cocok(data: Any) -> bool:
        daftar = data.get("revisi") if isinstance(data, dict) else None
        if not isinstance(daftar, list) or len(daftar) <= k or not isinstance(daftar[k], dict):
            return False
        item = daftar[k]
        return (
            str(item.get("tanggal")) == rev.tanggal.isoformat()
            and item.get("oleh") == rev.oleh
            and item.get("alasan") == rev.alasan
        )

    return cocok


def daftar_disahkan(
    ds: Dataset,
) -> dict[KunciKuartal, list[tuple[VersiSah, Callable[[Any], bool]]]]:
    """Return every approved period's approvals (oldest first) with a test for each."""
    if ds.sop is None:
        return {}
    no = ds.sop.no_pengesahan
    hasil: dict[KunciKuartal, list[tuple[VersiSah, Callable[[Any], bool]]]] = {}
    for tahun in ds.tahun_terurut:
        for periode, s in sorted(ds.tahun[tahun].siklus.items()):
            idx = next((i for i, lk in enumerate(s.langkah) if lk.no == no), None)
            if idx is None or not s.langkah[idx].ditandatangani:
                continue
            lk = s.langkah[idx]
            assert lk.selesai is not None and lk.oleh is not None
            daftar = [
                (VersiSah(1, lk.selesai, lk.oleh, None, ("langkah", idx)), pencocok_langkah(lk))
            ]
            for k, rev in enumerate(s.revisi):
                versi = VersiSah(k + 2, rev.tanggal, rev.oleh, rev.alasan, ("revisi", k))
                daftar.append((versi, _cocok_revisi(k, s)))
            hasil[(tahun, periode)] = daftar
    return hasil


# --- which commit brought each approval in --------------------------------------------------


class _Asal:
    """Find the commit that brought a value of a siklus file in, as `signoff` does."""

    def __init__(self, repo: RepoGit, riwayat: list[EntriRiwayat]) -> None:
        self.repo = repo
        self.urut = riwayat[::-1]
        self._graf: Graf | None = None
        self._versi: dict[tuple[str, str], bytes] = {}

    @property
    def graf(self) -> Graf:
        if self._graf is None:
            self._graf = baca_graf(self.repo)
        return self._graf

    def siapkan(self, berkas: list[str]) -> None:
        """Read every committed version of these files at once."""
        inginkan = set(berkas)
        minta = [
            (e.commit, self.repo.ke_worktree(p.berkas))
            for e in self.urut
            for p in e.perubahan
            if p.berkas in inginkan
        ]
        self._versi.update(baca_versi(self.repo, minta))

    def cari(self, berkas: str, cocok: Callable[[Any], bool]) -> str | None:
        """Return the commit that brought the value in; None when it is not committed."""
        path = self.repo.ke_worktree(berkas)
        menyentuh = [e for e in self.urut if any(p.berkas == berkas for p in e.perubahan)]
        asal: EntriRiwayat | None = None
        for e in reversed(menyentuh):
            if not cocok(data_versi(self._versi.get((e.commit, path)), path)):
                break
            asal = e
        if asal is None:
            return None
        if len(asal.induk) > 1:
            return asal_cabang(self.repo, self.graf, asal.commit, path, cocok)
        return asal.commit


# --- the whole check ------------------------------------------------------------------------


def langkah_ditahan(
    ds: Dataset,
    repo: RepoGit,
    riwayat: list[EntriRiwayat],
    kunci: list[KunciKuartal],
    diverifikasi: Mapping[KunciLangkah, Verifikasi] | None = None,
) -> dict[KunciKuartal, Verifikasi]:
    """Return the periods whose approval step's sign-off does not count (`Verifikasi.ditahan`).

    Where signatures are required (now, or on main before the change), a step-6 sign-off
    committed without the official's signature approves nothing: like a revisi that does
    not count, the period is not published as approved and nothing is frozen from it.
    `diverifikasi`: every signed step already verified (e.g. by a site build), so that no
    sign-off is verified twice.
    """
    if ds.sop is None or not kunci:
        return {}
    if diverifikasi is None:
        diverifikasi = verifikasi_tersimpan(ds, repo, riwayat)
    dicari = set(kunci)
    return {k: v for k, v in pengesahan_ditahan(ds, diverifikasi).items() if k in dicari}


def disahkan_berlaku(
    ds: Dataset,
    repo: RepoGit | None,
    riwayat: list[EntriRiwayat] | None = None,
    diverifikasi: Mapping[KunciLangkah, Verifikasi] | None = None,
) -> dict[KunciKuartal, list[tuple[VersiSah, Callable[[Any], bool]]]]:
    """Return the approved periods that count: `daftar_disahkan` without those whose approval
    step is held back (`langkah_ditahan`). Outside git, every approval the data holds."""
    disahkan = daftar_disahkan(ds)
    if not disahkan or repo is None:
        return disahkan
    if riwayat is None:
        riwayat = baca_riwayat(ds.root, instansi=ds.instansi)
    ditahan = langkah_ditahan(ds, repo, riwayat, list(disahkan), diverifikasi)
    return {k: daftar for k, daftar in disahkan.items() if k not in ditahan}


_terakhir: tuple[weakref.ref[Dataset], KeadaanRepo, list[Pengesahan]] | None = None
"""The last result of `periksa_pengesahan`: its dataset, the repository state, the result.

A build checks approvals twice (validation, then publishing) with the same dataset and
repository; the second call reuses the first's result. Any change of the dataset (another
object), HEAD, the register passed, the data files or the web-flow settings is a miss.
"""


def periksa_pengesahan(
    ds: Dataset,
    root: Path,
    riwayat: list[EntriRiwayat] | None = None,
    diverifikasi: Mapping[KunciLangkah, Verifikasi] | None = None,
) -> list[Pengesahan]:
    """Return every approved period with its versions and the differences from now.

    A period whose approval step's sign-off does not count (`langkah_ditahan`) is not
    approved. Outside a git repository every approval is uncommitted and nothing is
    compared (signatures cannot be checked: every approval is kept, as the data says).
    `diverifikasi`: the signed steps already verified by the caller (see `langkah_ditahan`).
    """
    disahkan = daftar_disahkan(ds)
    if not disahkan:
        return []
    repo = buka_repo(root)
    if repo is None:
        return [
            Pengesahan(t, p, tuple(v for v, _ in daftar)) for (t, p), daftar in disahkan.items()
        ]
    if riwayat is None:
        riwayat = baca_riwayat(root, instansi=ds.instansi)
    # the work tree's report equals HEAD's when its inputs are unchanged (always in CI)
    global _terakhir
    kunci = kunci_keadaan(root, ds.root, repo, riwayat)
    head: str | None = kunci[2]
    if _terakhir is not None and _terakhir[0]() is ds and _terakhir[1].sama(kunci, ds.root):
        return list(_terakhir[2])
    keadaan = KeadaanRepo.kini(kunci, ds.root)
    disahkan = disahkan_berlaku(ds, repo, riwayat, diverifikasi)
    asal = _Asal(repo, riwayat)
    asal.siapkan([berkas_siklus(t, p) for t, p in disahkan])
    hitung = PenghitungVersi(repo, ds.root)
    penghitung = Penghitung(ds)
    hasil: list[Pengesahan] = []
    for (tahun, periode), daftar in disahkan.items():
        berkas = berkas_siklus(tahun, periode)
        versi = [replace(v, commit=asal.cari(berkas, cocok)) for v, cocok in daftar]
        if len(versi) > 1:
            revisi = [(v.commit, v.oleh) for v in versi[1:] if v.commit is not None]
            diperiksa = keadaan_revisi(ds, repo, riwayat, lambda: asal.graf, revisi)
            for n, v in enumerate(versi[1:], 1):
                k = diperiksa.get(f"{v.commit}:{v.oleh}")
                if k is not None:
                    versi[n] = replace(
                        v, keadaan=k[0], email=k[1], dihitung=dihitung(ds, k[0], k[2])
                    )
        akhir = next(v for v in reversed(versi) if v.dihitung)
        if akhir.commit is None:
            hasil.append(Pengesahan(tahun, periode, tuple(versi)))
            continue
        if not masukan_berubah(repo, akhir.commit, tahun, periode):
            hasil.append(Pengesahan(tahun, periode, tuple(versi), masukan_sama=True))
            continue
        if head is not None and not masukan_berubah(repo, head, tahun, periode):
            kini = hitung.ringkasan([head], tahun, periode)[head]  # cached by commit id
        else:
            kini = ringkas_laporan(ds, tahun, periode, penghitung)
        if not kini:
            continue
        sah = hitung.ringkasan([akhir.commit], tahun, periode)[akhir.commit]
        beda = bandingkan(sah, kini)
        info: dict[str, tuple[str, str]] = {}
        if beda:
            urutan = urutan_sesudah(repo, lambda: asal.graf, riwayat, akhir.commit, tahun, berkas)
            nilai = hitung.ringkasan([akhir.commit, *urutan], tahun, periode)
            beda = atribusi(beda, akhir.commit, urutan, nilai)
            info = info_commit(repo, {b.commit for b in beda if b.commit}, zona_kantor(ds.instansi))
        hasil.append(Pengesahan(tahun, periode, tuple(versi), tuple(beda), info))
    hitung.cache.simpan()
    _terakhir = (weakref.ref(ds), keadaan, list(hasil))
    return hasil
