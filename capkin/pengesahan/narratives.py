"""LKjIP narratives changed after the year's TW4 report was approved.

The LKjIP of a year stops being a draft when TW4 is approved (its title loses DRAF), so the
narratives (`data/<tahun>/lkjip/*.md`) that existed at the newest approval of TW4 (the
approval step or a `revisi`) are part of what was approved: one changed or deleted since is a
warning on that file, naming the approving commit and the commit that changed it. A narrative
first written after the approval is not warned about: the LKjIP is usually written after TW4
is approved, and no approval covered it (a `revisi` of TW4 does).
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path, PurePosixPath

from capkin.clock import zona_kantor
from capkin.dataset import Dataset
from capkin.errors import Masalah, peringatan
from capkin.history.gitlog import RepoGit, buka_repo
from capkin.history.model import TANGGAL_TIDAK_SAH, waktu_commit
from capkin.layout import NARASI_LKJIP, berkas_narasi
from capkin.models.base import Periode
from capkin.pengesahan.frozen import Pengesahan

KODE = "narasi-lkjip-berubah-setelah-pengesahan"


def _berubah_sejak(repo: RepoGit, commit: str, folder: str) -> list[str]:
    """Return the work-tree paths under `folder` that differ now from `commit`.

    Now is the work tree: changed, deleted and new (untracked, not ignored) files count.
    """
    spek = ":(literal)" + repo.ke_worktree(folder)
    beda = repo.jalankan("diff", "--name-only", "-z", "--no-renames", commit, "--", spek)
    baru = repo.jalankan("ls-files", "-z", "--others", "--exclude-standard", "--", spek)
    daftar = (beda + baru).decode("utf-8", "surrogateescape").split("\0")
    return sorted({p for p in daftar if p})


def _pengubah(repo: RepoGit, commit: str, path: str, zona: tzinfo) -> str:
    """Name the newest commit after `commit` that changed `path`, or say it is uncommitted."""
    kini = repo.jalankan("diff", "--name-only", "HEAD", "--", ":(literal)" + path, cek=False)
    baru = repo.jalankan("ls-files", "--others", "--", ":(literal)" + path, cek=False)
    if kini.strip() or baru.strip():
        return "perubahannya belum di-commit"
    keluaran = repo.jalankan(
        "log", "-1", "--format=%H%x00%an%x00%cI", f"{commit}..HEAD", "--", ":(literal)" + path
    ).decode("utf-8", "replace")
    bagian = keluaran.strip().split("\0")
    if len(bagian) != 3:
        return "diubah sesudahnya"
    waktu = waktu_commit(bagian[2])
    hari = waktu.astimezone(zona).date().isoformat() if waktu else TANGGAL_TIDAK_SAH
    return f"diubah oleh commit {bagian[0][:7]} ({bagian[1]}, {hari})"


def periksa_narasi_beku(ds: Dataset, root: Path, daftar: list[Pengesahan]) -> list[Masalah]:
    """Return one warning per narrative that differs from the newest approval of its TW4."""
    tw4 = [p for p in daftar if p.periode is Periode.TW4 and p.terakhir.commit is not None]
    repo = buka_repo(root) if tw4 else None
    if repo is None:
        return []
    no = ds.sop.no_pengesahan if ds.sop else 6
    zona = zona_kantor(ds.instansi)
    masalah: list[Masalah] = []
    for p in tw4:
        v = p.terakhir
        assert v.commit is not None
        sah = {berkas_narasi(p.tahun, n) for n in NARASI_LKJIP}
        folder = PurePosixPath(min(sah)).parent.as_posix() + "/"
        for path in _berubah_sejak(repo, v.commit, folder):
            berkas = repo.ke_root(path)
            if berkas not in sah:
                continue
            pejabat = ds.instansi.cari_pejabat(v.oleh) if ds.instansi else None
            disahkan = (
                f"laporan TW4 {p.tahun} disahkan oleh {pejabat.nama if pejabat else v.oleh} pada "
                f"{v.tanggal.isoformat()}"
                + (f" (revisi {v.ke - 1})" if v.ke > 1 else "")
                + f", commit {v.commit[:7]}"
            )
            jenis = repo.jalankan("cat-file", "-t", f"{v.commit}:{path}", cek=False)
            if jenis.strip() != b"blob":
                continue  # written after the approval, as LKjIPs usually are: nothing to alter
            kembali = f"kembalikan berkasnya: git checkout {v.commit[:7]} -- {berkas}"
            masalah.append(
                peringatan(
                    berkas,
                    1,
                    1,
                    KODE,
                    f"narasi LKjIP {p.tahun} ini berbeda dengan saat {disahkan}; "
                    f"{_pengubah(repo, v.commit, path, zona)}. Sejak pengesahan itu LKjIP {p.tahun} "
                    "tidak lagi draf, jadi narasinya ikut disahkan. Bila perubahan ini benar, "
                    f"minta {v.oleh} mengesahkan ulang laporan TW4: capkin sign --periode TW4 "
                    f"--tahun {p.tahun} --langkah {no} --oleh {v.oleh} --revisi --alasan "
                    f'"..." (PANDUAN: Koreksi setelah disahkan); bila tidak, {kembali}',
                )
            )
    return masalah
