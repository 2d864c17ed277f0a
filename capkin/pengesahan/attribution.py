"""Which commit after an approval set each item of the report that differs from it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from capkin.history.gitlog import Graf, RepoGit
from capkin.history.model import TANGGAL_TIDAK_SAH, EntriRiwayat, waktu_commit
from capkin.layout import berkas_siklus
from capkin.models.base import Periode
from capkin.pengesahan.summary import Beda, Ringkasan


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


def masukan_berubah(repo: RepoGit, commit: str, tahun: int, periode: Periode) -> bool:
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


def urutan_sesudah(
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


def atribusi(
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


def _hari(teks: str, zona: tzinfo) -> str:
    waktu = waktu_commit(teks)
    return waktu.astimezone(zona).date().isoformat() if waktu else TANGGAL_TIDAK_SAH


def info_commit(repo: RepoGit, commits: set[str], zona: tzinfo) -> dict[str, tuple[str, str]]:
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
            _hari(token[i + 2], zona),
        )
        for i in range(0, len(token) - 2, 3)
        if token[i] in commits
    }
