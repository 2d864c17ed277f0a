"""Git sources: an office's API computed from its own data repository, and `--verifikasi`.

The roll-up never trusts a repository's files as code: it reads them as data with the same
strict reader and computation every office runs (`capkin build`). Verification computes each
approved period at its approval commit (written from git's objects, never checked out in
the office's work tree) and compares it with the figures the office published.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from capkin import api
from capkin.errors import CapkinError, DataError, Tingkat
from capkin.gitcmd import GitGagal

TOLERANSI = 0.005
"""Published figures are rounded to 2 places: a difference below half a hundredth is none."""


def api_repo(root: Path, tanggal: date) -> tuple[api.Indeks, list[api.Periode]]:
    """Compute an office's API documents from its data repository, as `capkin build` would."""
    from capkin.render import Rencana, kumpulkan
    from capkin.site.office_api import dokumen_kantor
    from capkin.validation import muat_valid

    try:
        ds, _ = muat_valid(root, riwayat=True)
    except DataError as exc:
        raise CapkinError(alasan_data(exc)) from None
    s = kumpulkan(ds, tanggal=tanggal)
    return dokumen_kantor(Rencana(s, set()))


def alasan_data(exc: DataError) -> str:
    """Return why an office's data is refused, on one line: its first error (not a warning
    that sorts before it), how many more, and what to do."""
    galat = [m for m in exc.masalah if m.tingkat is Tingkat.GALAT] or exc.masalah
    if not galat:
        return str(exc).split("\n", 1)[0] or "data kantor tidak dapat dibaca"
    lain = len(galat) - 1
    return (
        f"data kantor tidak sah: {galat[0]}"
        + (f" (dan {lain} galat lain)" if lain else "")
        + "; minta kantor menjalankan capkin validate dan memperbaiki datanya"
    )


@dataclass(frozen=True)
class Selisih:
    """A published approved figure that differs from the repository at the approval commit."""

    kantor: str
    tahun: int | None
    periode: str
    apa: str
    terbit: float | None = None
    repo: float | None = None
    commit: str | None = None

    def __str__(self) -> str:
        tempat = f"{self.kantor} {self.tahun} {self.periode}" if self.tahun else self.kantor
        if self.terbit is None and self.repo is None:
            return f"{tempat}: {self.apa}"

        def f(x: float | None) -> str:
            return "–" if x is None else f"{x:.2f}".replace(".", ",")

        asal = f"commit {self.commit[:12]}" if self.commit else "repositori"
        return f"{tempat}: {self.apa} terbit {f(self.terbit)}, menurut {asal} {f(self.repo)}"


def _ekstrak(repo: Path, commit: str, tujuan: Path) -> None:
    """Write `data/` as of `commit` under `tujuan`, from git's objects as committed."""
    from capkin.history.gitlog import buka_repo, tulis_pohon

    try:
        git_repo = buka_repo(repo)
        if git_repo is None:
            raise GitGagal(f"{repo} bukan repositori git")
        tulis_pohon(git_repo, commit, tujuan, "data")
    except GitGagal as exc:
        raise CapkinError(
            f"commit {commit[:12]} tidak dapat dibaca dari {repo} ({exc}); "
            "ambil riwayat lengkap repositori (git fetch)"
        ) from None


def _beda(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return abs(a - b) > TOLERANSI


def verifikasi(kantor: str, repo: Path, daftar: list[api.Periode]) -> list[Selisih]:
    """Compare each approved published period with the repository at its approval commit."""
    from capkin.achievement import Penghitung
    from capkin.achievement.numbers import angka_json
    from capkin.validation import muat_valid

    selisih: list[Selisih] = []
    hitung: dict[str, Penghitung] = {}
    for d in daftar:
        if d.disahkan is None:
            continue
        commit = d.disahkan.commit
        if commit is None:
            selisih.append(
                Selisih(
                    kantor,
                    d.tahun,
                    d.periode,
                    "disahkan tanpa commit pengesahan; tidak dapat diverifikasi",
                )
            )
            continue
        if commit not in hitung:
            with tempfile.TemporaryDirectory(prefix="capkin-verifikasi-") as tmp:
                _ekstrak(repo, commit, Path(tmp))
                try:
                    ds, _ = muat_valid(Path(tmp), akar_cache=repo)
                except DataError as exc:  # its first error, not a warning sorting before it
                    raise CapkinError(f"commit {commit[:12]}: {alasan_data(exc)}") from None
                hitung[commit] = Penghitung(ds)
                hp = hitung[commit].hasil(d.tahun, d.periode)
        else:
            hp = hitung[commit].hasil(d.tahun, d.periode)
        total = angka_json(hp.capaian_total)
        if _beda(d.capaian_total, total):
            selisih.append(
                Selisih(kantor, d.tahun, d.periode, "capaian total", d.capaian_total, total, commit)
            )
        repo_ind = {i.id: angka_json(i.capaian) for i in hp.indikator}
        for i in d.indikator:
            if i.id not in repo_ind or _beda(i.capaian, repo_ind[i.id]):
                selisih.append(
                    Selisih(
                        kantor,
                        d.tahun,
                        d.periode,
                        f"capaian {i.id}",
                        i.capaian,
                        repo_ind.get(i.id),
                        commit,
                    )
                )
    return selisih
