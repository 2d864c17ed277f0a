"""Approved is frozen (design.md, "Trust model"): each approved period as it was approved.

A period is approved by the sign-off of the SOP's last step and re-approved by each entry
of its siklus file's `revisi:`. Each approval is a *version* of the report: the one
computed from the repository as of the commit that brought the sign-off in (inside a
merged branch, the branch's own commit, so that a change pushed to the same pull request
after the signing commit counts as a change after approval). The newest version is
compared with the report computed from the current data, item by item; a difference is
named with the commit that gave the item its current value.

Computed summaries are cached by commit id (a commit fixes its data) under
`capkin.cachedir.folder_cache`.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from capkin import __version__
from capkin.achievement import HasilPeriode, Penghitung
from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.clock import zona_kantor
from capkin.dataset import Dataset
from capkin.errors import CapkinError, UsageError
from capkin.history.gitlog import Graf, RepoGit, baca_graf, baca_versi, buka_repo
from capkin.history.model import EntriRiwayat
from capkin.history.reapproval import dihitung, keadaan_revisi
from capkin.history.register import baca_riwayat
from capkin.history.signatures import (
    BERKAS_WEBFLOW,
    ENV_KUNCI_WEBFLOW,
    ENV_SIDIK_WEBFLOW,
    Keadaan,
    kunci_webflow,
)
from capkin.history.signoff import Verifikasi, _asal_cabang, _data, _pencocok, verifikasi
from capkin.layout import DATA, berkas_siklus
from capkin.models import TAHUNAN, Periode, Siklus
from capkin.pengesahan.snapshot import PembacaVersi
from capkin.pengesahan.summary import Beda, Ringkasan, bandingkan, ringkas

VERSI_CACHE = 4
"""Bump when what a summary holds, or how figures are computed, changes."""

Kunci = tuple[int, Periode]
"""(tahun, periode) of an approvable period."""


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


def daftar_disahkan(ds: Dataset) -> dict[Kunci, list[tuple[VersiSah, Callable[[Any], bool]]]]:
    """Return every approved period's approvals (oldest first) with a test for each."""
    if ds.sop is None:
        return {}
    no = ds.sop.no_pengesahan
    hasil: dict[Kunci, list[tuple[VersiSah, Callable[[Any], bool]]]] = {}
    for tahun in ds.tahun_terurut:
        for periode, s in sorted(ds.tahun[tahun].siklus.items()):
            idx = next((i for i, lk in enumerate(s.langkah) if lk.no == no), None)
            if idx is None or not s.langkah[idx].ditandatangani:
                continue
            lk = s.langkah[idx]
            assert lk.selesai is not None and lk.oleh is not None
            daftar = [(VersiSah(1, lk.selesai, lk.oleh, None, ("langkah", idx)), _pencocok(lk))]
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
            if not cocok(_data(self._versi.get((e.commit, path)), path)):
                break
            asal = e
        if asal is None:
            return None
        if len(asal.induk) > 1:
            return _asal_cabang(self.repo, self.graf, asal.commit, path, cocok)
        return asal.commit


# --- computing a period at a commit, cached -------------------------------------------------


def _sidik_kode() -> str:
    """Return a fingerprint of the code that computes and summarises a report.

    Summaries computed by other code are another file: a changed rule never compares an
    old summary with a new one.
    """
    h = hashlib.sha256(__version__.encode())
    paket = Path(__file__).parent.parent
    for path in sorted(
        [*(paket / "achievement").glob("*.py"), paket / "pengesahan" / "summary.py"]
    ):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


class _Cache:
    """Summaries by (commit, tahun, periode), in one JSON file under the cache folder."""

    def __init__(self, root: Path) -> None:
        self.path = folder_cache(root) / f"pengesahan-v{VERSI_CACHE}-{_sidik_kode()}.json"
        self.isi: dict[str, Ringkasan] = {}
        self.baru = False
        try:
            mentah = baca_entri(self.path.parent, self.path.name)  # checked against its digest
            data = json.loads(mentah) if mentah is not None else None
            if isinstance(data, dict):
                self.isi = {k: v for k, v in data.items() if isinstance(v, dict)}
        except ValueError:
            pass

    def simpan(self) -> None:
        """Write the file atomically when something was added; a failure only costs time."""
        if not self.baru:
            return
        tulis_entri(
            self.path.parent, self.path.name, json.dumps(self.isi, ensure_ascii=False).encode()
        )
        try:
            for lama in self.path.parent.glob("pengesahan-*.json"):
                if lama != self.path:  # written by other code: never read again
                    lama.unlink(missing_ok=True)
        except OSError:
            return


class PenghitungVersi:
    """Compute periods as of commits, reusing the cache and parsed files."""

    def __init__(self, repo: RepoGit, root: Path) -> None:
        self.repo = repo
        self.pembaca = PembacaVersi(repo, root)
        self.cache = _Cache(root)

    def hasil(self, commit: str, tahun: int, periode: Periode | str) -> HasilPeriode | None:
        """Return the period's report as of a commit; None when it cannot be computed there."""
        ds = self.pembaca.muat([commit], {tahun})[commit]
        return hitung_aman(ds, tahun, periode)

    def ringkasan(self, commits: list[str], tahun: int, periode: Periode) -> dict[str, Ringkasan]:
        """Return the summary of the period's report(s) at each commit (cached)."""
        kunci = {c: f"{c}:{tahun}:{periode}" for c in commits}
        kurang = [c for c in commits if kunci[c] not in self.cache.isi]
        if kurang:
            semua = self.pembaca.muat(kurang, {tahun})
            for c in kurang:
                self.cache.isi[kunci[c]] = ringkas_laporan(semua[c], tahun, periode)
            self.cache.baru = True
        return {c: self.cache.isi[kunci[c]] for c in commits}


def laporan_periode(periode: Periode) -> list[Periode | str]:
    """Return the reports a quarter's approval covers: TW4's also approves `tahunan`."""
    return [periode, TAHUNAN] if periode is Periode.TW4 else [periode]


def ringkas_laporan(
    ds: Dataset, tahun: int, periode: Periode, penghitung: Penghitung | None = None
) -> Ringkasan:
    """Return the summary of every report a quarter's approval covers, empty if none computes.

    Pass one `penghitung` for the many periods of a dataset: it indexes each year once.
    """
    hasil: Ringkasan = {}
    penghitung = penghitung or Penghitung(ds)
    for per in laporan_periode(periode):
        h = hitung_aman(ds, tahun, per, penghitung)
        if h is not None:
            awal = "" if per == periode else f"{per} · "
            hasil.update((awal + k, v) for k, v in ringkas(h).items())
    # the conclusion written in the siklus file is part of the approved report
    siklus = ds.tahun[tahun].siklus.get(periode) if tahun in ds.tahun else None
    kesimpulan = " ".join((siklus.kesimpulan or "").split()) if siklus is not None else ""
    if hasil and kesimpulan:  # blanks only: no written conclusion, as the report shows
        hasil["kesimpulan"] = kesimpulan
    return hasil


def hitung_aman(
    ds: Dataset, tahun: int, periode: Periode | str, penghitung: Penghitung | None = None
) -> HasilPeriode | None:
    """Return a period's report, None when the data cannot give one (e.g. no PK that year)."""
    dt = ds.tahun.get(tahun)
    if dt is None or dt.pk is None:
        return None
    try:
        return (penghitung or Penghitung(ds)).hasil(tahun, periode)
    except (CapkinError, ArithmeticError, KeyError, ValueError):
        return None


# --- attribution ----------------------------------------------------------------------------


def berkas_masukan(tahun: int, periode: Periode) -> list[str]:
    """Return the files (and folders) a quarter's reports are computed from.

    The office's settings, the year's and the year before's PK, realisasi up to the quarter
    (aggregations and the same period last year) and budget. Identical files give an
    identical report: the capkin that computes both versions is the same.
    """
    hasil = ["data/instansi.yml", berkas_siklus(tahun, periode)]  # its kesimpulan
    for t in (tahun, tahun - 1):
        hasil += [f"data/{t}/perjanjian-kinerja.yml", f"data/{t}/anggaran/"]
        hasil += [f"data/{t}/realisasi/TW{n}/" for n in range(1, periode.nomor + 1)]
    return hasil


def _masukan_berubah(repo: RepoGit, commit: str, tahun: int, periode: Periode) -> bool:
    """Return whether any input of the quarter's reports differs between a commit and now.

    Now is the work tree: changed, deleted and new (untracked, not ignored) files count.
    """
    spek = [":(literal)" + repo.ke_worktree(b) for b in berkas_masukan(tahun, periode)]
    beda = repo.jalankan("diff", "--name-only", "--no-renames", commit, "--", *spek)
    if beda.strip():
        return True
    baru = repo.jalankan("ls-files", "--others", "--exclude-standard", "--", *spek)
    return bool(baru.strip())


def _relevan(berkas: str, tahun: int) -> bool:
    """Return whether a change to this file can alter a report of `tahun`."""
    if berkas in {"data/instansi.yml", "data/sop.yml"}:
        return True
    bagian = berkas.split("/")
    return len(bagian) > 2 and bagian[1] in {str(tahun), str(tahun - 1)} and bagian[2] != "siklus"


def _urutan_sesudah(
    repo: RepoGit,
    graf: Callable[[], Graf],
    riwayat: list[EntriRiwayat],
    commit: str,
    tahun: int,
    siklus: str | None = None,
) -> list[str]:
    """Return the commits after an approval that may have altered the report, oldest first.

    Commits of the merged branch after the signing commit, then the first-parent commits
    from the one that brought the approval in.
    """
    urut = riwayat[::-1]
    n = next((m for m, e in enumerate(urut) if e.commit == commit), None)
    hasil: list[str] = []
    if n is None:  # a commit of a merged branch: find the merge that brought it in
        n = next((m for m, e in enumerate(urut) if commit in graf().bawaan.get(e.commit, [])), None)
        if n is None:
            return []
        merge = urut[n]
        hasil += (
            repo.jalankan(
                "rev-list",
                "--reverse",
                "--topo-order",
                "--ancestry-path",
                f"{commit}..{merge.induk[1]}",
            )
            .decode()
            .split()
        )
        hasil.append(merge.commit)
    for e in urut[n + 1 :]:
        if any(_relevan(p.berkas, tahun) or p.berkas == siklus for p in e.perubahan):
            hasil.append(e.commit)
    return hasil


def _atribusi(
    beda: list[Beda],
    awal: str,
    urutan: list[str],
    nilai: dict[str, Ringkasan],
) -> list[Beda]:
    """Name, for each differing item, the newest commit that set its current value."""
    hasil: list[Beda] = []
    for b in beda:
        pelaku: str | None = None
        sebelum = nilai[awal].get(b.label, "—")
        for c in urutan:
            kini = nilai[c].get(b.label, "—")
            if kini != sebelum and kini == b.baru:
                pelaku = c
            sebelum = kini
        hasil.append(Beda(b.label, b.lama, b.baru, pelaku))
    return hasil


def _info(repo: RepoGit, commits: set[str], zona: tzinfo) -> dict[str, tuple[str, str]]:
    """Return each commit's (author name, ISO date of its commit in the office's zone)."""
    if not commits:
        return {}
    keluaran = repo.jalankan(
        "show", "-s", "-z", "--format=%H%x00%an%x00%cI", *sorted(commits)
    ).decode("utf-8", "replace")
    token = [t.strip("\n") for t in keluaran.split("\x00")]
    return {
        token[i]: (
            token[i + 1],
            datetime.fromisoformat(token[i + 2]).astimezone(zona).date().isoformat(),
        )
        for i in range(0, len(token) - 2, 3)
        if token[i] in commits
    }


# --- the whole check ------------------------------------------------------------------------


def langkah_ditahan(
    ds: Dataset, repo: RepoGit, riwayat: list[EntriRiwayat], kunci: list[Kunci]
) -> dict[Kunci, Verifikasi]:
    """Return the periods whose approval step's sign-off does not count (`Verifikasi.ditahan`).

    Where signatures are required (now, or on main before the change), a step-6 sign-off
    committed without the official's signature approves nothing: like a revisi that does
    not count, the period is not published as approved and nothing is frozen from it.
    """
    if ds.sop is None or not kunci:
        return {}
    no = ds.sop.no_pengesahan
    hasil = verifikasi(
        ds, repo, riwayat, kunci_webflow(repo.worktree), hanya={(t, p, no) for t, p in kunci}
    )
    return {(t, p): v for (t, p, _), v in hasil.items() if v.ditahan}


_BARU_NS = 2_000_000_000
"""A file modified this recently (ns) may change again within its timestamp's granularity."""

Stat = tuple[int, int, int]
"""A file's (mtime in ns, size, inode); (-1, -1, -1) when it is missing."""


def _stat(path: str) -> Stat:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return (-1, -1, -1)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _sidik(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def _keadaan_berkas(root: Path) -> dict[str, Stat]:
    """Return the stat of every file under `data/` and of the web-flow key, by path.

    Together with HEAD this pins everything `periksa_pengesahan` reads beyond the dataset: an
    edited, added or removed data file changes it.
    """
    hasil: dict[str, Stat] = {}
    tumpukan = [root / DATA]
    while tumpukan:
        try:
            isi = list(os.scandir(tumpukan.pop()))
        except OSError:
            continue
        for masuk in isi:
            if masuk.is_dir(follow_symlinks=False):
                tumpukan.append(Path(masuk.path))
            else:
                hasil[masuk.path] = _stat(masuk.path)
    for path in (os.environ.get(ENV_KUNCI_WEBFLOW), str(root / BERKAS_WEBFLOW)):
        if path:
            hasil[path] = _stat(path)
    return hasil


@dataclass(frozen=True)
class _Keadaan:
    """The state `periksa_pengesahan` depends on beyond its dataset."""

    kunci: tuple[Any, ...]
    """Paths, HEAD, the register passed, the web-flow setting."""
    berkas: dict[str, Stat]
    sidik: dict[str, str]
    """Contents digest of the files modified just before: as git does for its index, a
    write within the same timestamp tick would not show in their stat."""

    @classmethod
    def kini(cls, kunci: tuple[Any, ...], root: Path) -> _Keadaan:
        berkas = _keadaan_berkas(root)
        baru_sejak = time.time_ns() - _BARU_NS
        sidik = {p: _sidik(p) for p, st in berkas.items() if st[0] >= baru_sejak}
        return cls(kunci, berkas, sidik)

    def sama(self, kunci: tuple[Any, ...], root: Path) -> bool:
        """Return whether the state is still this one."""
        return (
            kunci == self.kunci
            and _keadaan_berkas(root) == self.berkas
            and all(_sidik(p) == s for p, s in self.sidik.items())
        )


_terakhir: tuple[weakref.ref[Dataset], _Keadaan, list[Pengesahan]] | None = None
"""The last result of `periksa_pengesahan`: its dataset, the repository state, the result.

A build checks approvals twice (validation, then publishing) with the same dataset and
repository; the second call reuses the first's result. Any change of the dataset (another
object), HEAD, the register passed, the data files or the web-flow settings is a miss.
"""


def periksa_pengesahan(
    ds: Dataset, root: Path, riwayat: list[EntriRiwayat] | None = None
) -> list[Pengesahan]:
    """Return every approved period with its versions and the differences from now.

    A period whose approval step's sign-off does not count (`langkah_ditahan`) is not
    approved. Outside a git repository every approval is uncommitted and nothing is
    compared (signatures cannot be checked: every approval is kept, as the data says).
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
    head = repo.jalankan("rev-parse", "-q", "--verify", "HEAD", cek=False).decode().strip() or None
    global _terakhir
    kunci = (
        root.resolve(),
        ds.root.resolve(),
        head,
        len(riwayat),
        riwayat[0].commit if riwayat else None,
        os.environ.get(ENV_SIDIK_WEBFLOW),
    )
    if _terakhir is not None and _terakhir[0]() is ds and _terakhir[1].sama(kunci, ds.root):
        return list(_terakhir[2])
    keadaan = _Keadaan.kini(kunci, ds.root)
    ditahan = langkah_ditahan(ds, repo, riwayat, list(disahkan))
    disahkan = {k: daftar for k, daftar in disahkan.items() if k not in ditahan}
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
        if not _masukan_berubah(repo, akhir.commit, tahun, periode):
            hasil.append(Pengesahan(tahun, periode, tuple(versi), masukan_sama=True))
            continue
        if head is not None and not _masukan_berubah(repo, head, tahun, periode):
            kini = hitung.ringkasan([head], tahun, periode)[head]  # cached by commit id
        else:
            kini = ringkas_laporan(ds, tahun, periode, penghitung)
        if not kini:
            continue
        sah = hitung.ringkasan([akhir.commit], tahun, periode)[akhir.commit]
        beda = bandingkan(sah, kini)
        info: dict[str, tuple[str, str]] = {}
        if beda:
            urutan = _urutan_sesudah(repo, lambda: asal.graf, riwayat, akhir.commit, tahun, berkas)
            nilai = hitung.ringkasan([akhir.commit, *urutan], tahun, periode)
            beda = _atribusi(beda, akhir.commit, urutan, nilai)
            info = _info(repo, {b.commit for b in beda if b.commit}, zona_kantor(ds.instansi))
        hasil.append(Pengesahan(tahun, periode, tuple(versi), tuple(beda), info))
    hitung.cache.simpan()
    _terakhir = (weakref.ref(ds), keadaan, list(hasil))
    return hasil


def kuartal_laporan(periode: Periode | str) -> Periode:
    """Return the quarter whose siklus approves a report (TW4 for `tahunan`)."""
    return periode if isinstance(periode, Periode) else Periode.TW4


def pengesahan_periode(
    ds: Dataset, root: Path, tahun: int, periode: Periode | str
) -> Pengesahan | None:
    """Return the approvals of the quarter that approves a report, None when it is not approved."""
    kuartal = kuartal_laporan(periode)
    if (tahun, kuartal) not in daftar_disahkan(ds):
        return None
    return next(
        (p for p in periksa_pengesahan(ds, root) if (p.tahun, p.periode) == (tahun, kuartal)),
        None,
    )


def versi_json(p: Pengesahan | None, v: VersiSah | None = None) -> dict[str, Any] | None:
    """Return an approval for JSON: {ke, tanggal, oleh, alasan, commit, berubah}."""
    if p is None:
        return None
    v = v or p.terakhir
    return {
        "ke": v.ke,
        "tanggal": v.tanggal.isoformat(),
        "oleh": v.oleh,
        "alasan": v.alasan,
        "commit": v.commit,
        "berubah_setelah_pengesahan": [b.teks() for b in p.beda] if v is p.terakhir else [],
    }


def hasil_versi(
    ds: Dataset, tahun: int, periode: Periode | str
) -> tuple[HasilPeriode, dict[str, Any]]:
    """Return a report as approved, with what to say about its version; UsageError if none."""
    kuartal = kuartal_laporan(periode)
    p = pengesahan_periode(ds, ds.root, tahun, periode)
    repo = buka_repo(ds.root)
    ditahan = (
        langkah_ditahan(
            ds, repo, baca_riwayat(ds.root, instansi=ds.instansi), [(tahun, kuartal)]
        ).get((tahun, kuartal))
        if p is None and repo is not None and (tahun, kuartal) in daftar_disahkan(ds)
        else None
    )
    if ditahan is not None:
        no = ds.sop.no_pengesahan if ds.sop else 6
        raise UsageError(
            f"laporan {periode} {tahun} belum disahkan: tanda tangan langkah {no} siklus "
            f"{kuartal} tidak dihitung karena {ditahan.alasan_ditahan}, jadi laporan menunggu "
            "pengesahan terverifikasi (lihat 'capkin validate'); pakai --versi kini untuk draf "
            "dari data sekarang"
        )
    if p is None:
        raise UsageError(
            f"laporan {periode} {tahun} belum disahkan (siklus {kuartal} belum ditandatangani "
            "sampai langkah terakhir), jadi belum ada versi disahkan; pakai --versi kini untuk "
            "draf dari data sekarang"
        )
    v = p.terakhir
    if v.commit is None or repo is None:
        raise UsageError(
            f"pengesahan laporan {periode} {tahun} belum di-commit ke git, jadi versi "
            "disahkannya belum tercatat; commit berkas siklusnya dahulu, atau pakai --versi kini"
        )
    hasil = PenghitungVersi(repo, ds.root).hasil(v.commit, tahun, periode)
    if hasil is None:
        raise UsageError(
            f"laporan {periode} {tahun} tidak dapat dihitung dari data per commit "
            f"{v.commit[:7]}; periksa data pada commit itu dengan 'git show {v.commit[:7]}'"
        )
    teks = (
        f"versi disahkan {v.tanggal.isoformat()} oleh {v.oleh}"
        + (f" (revisi {v.ke - 1}: {v.alasan})" if v.ke > 1 else "")
        + f", data per commit {v.commit[:7]}"
        + ("; data sekarang BERBEDA (lihat capkin validate)" if p.berubah else "")
    )
    return hasil, {"versi": "disahkan", "pengesahan": versi_json(p), "teks": teks}


def pesan_sudah_disahkan(ds: Dataset, tahun: int, periode: Periode) -> str | None:
    """Return a warning for editing realisasi of a period whose approved reports it alters.

    A quarter's realisasi feeds its own report and the later ones of the year (kumulatif,
    rata-rata, tahunan); None when none of them is approved.
    """
    disahkan = [p for t, p in daftar_disahkan(ds) if t == tahun and p.nomor >= periode.nomor]
    if not disahkan:
        return None
    no = ds.sop.no_pengesahan if ds.sop else 6
    daftar = ", ".join(f"{p} {tahun}" for p in disahkan)
    oleh = next(
        (lk.oleh for lk in ds.tahun[tahun].siklus[disahkan[0]].langkah if lk.no == no), "panewu"
    )
    return (
        f"laporan {daftar} sudah disahkan; mengubah realisasi {periode} {tahun} mengubah laporan "
        "yang disahkan. Situs tetap menerbitkan versi yang disahkan dan 'capkin validate "
        "--strict' gagal sampai laporan disahkan ulang: setelah koreksi ini digabung, minta "
        f"pejabat yang mengesahkan ({oleh}) mengesahkan ulang setiap laporan itu, mis. "
        "capkin sign --periode "
        f"{disahkan[0]} --tahun {tahun} --langkah {no} "
        f'--oleh {oleh} --revisi --alasan "..." (PANDUAN: Koreksi setelah disahkan)'
    )
