"""The caches on real repositories: worktrees, detached heads, renamed branches, rewrites
and damaged cache files; a cached run always equals a cold one."""

from __future__ import annotations

from pathlib import Path

import msgpack
import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    RepoUji,
    buat_kunci_ssh,
    commit_ssh,
    instansi_berkunci,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    tandatangani,
    tulis,
)

from capkin.cachedir import baca_entri, folder_cache
from capkin.dataset import muat_dataset
from capkin.history import baca_riwayat, verifikasi_langkah
from capkin.history.cache import VERSI, CacheRiwayat

TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def _sama(root: Path) -> int:
    """Check two cached reads equal a cold one (register and sign-offs); return its length."""
    dingin = [e.as_json() for e in baca_riwayat(root, cache=False)]
    for _ in range(2):
        assert [e.as_json() for e in baca_riwayat(root)] == dingin
    ds, _ = muat_dataset(root)
    pertama = verifikasi_langkah(ds, root)
    assert verifikasi_langkah(ds, root) == pertama
    return len(dingin)


def _ubah(repo: RepoUji, nilai: int) -> str:
    berkas = {TW1: realisasi_yml(nilai={"ik1": nilai})}
    return repo.commit(f"ik1 {nilai}", berkas, oleh="kepala-jawatan-umum")


def test_worktrees_detached_heads_renamed_branches_and_resets(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 6)
    for n in range(3):
        _ubah(repo, 70 + n)
    assert _sama(repo.root) == 9
    # a second worktree on an older commit shares the cache under the common git directory
    lain = RepoUji(tmp_path / "lain", repo.waktu)
    repo.git("worktree", "add", "-q", "-b", "lain", str(lain.root), "HEAD~4")
    _ubah(lain, 50)
    assert folder_cache(lain.root) == folder_cache(repo.root)
    assert _sama(lain.root) == 6
    assert _sama(repo.root) == 9
    assert _sama(lain.root) == 6
    repo.git("checkout", "-q", "--detach", "HEAD~2")
    assert _sama(repo.root) == 7
    repo.git("checkout", "-q", "main")
    repo.git("branch", "-m", "main", "trunk")  # the default branch need not be main
    assert _sama(repo.root) == 9
    repo.git("reset", "-q", "--hard", "HEAD~3")  # a force-push back
    assert _sama(repo.root) == 6
    _ubah(repo, 99)
    assert _sama(repo.root) == 7


@pytest.mark.parametrize("rusak", ["dibalik", "kosong", "dipotong"])
def test_damaged_cache_files_are_read_as_a_cold_run(tmp_path: Path, rusak: str) -> None:
    kunci = buat_kunci_ssh(tmp_path / "kunci", "panewu")
    repo = repo_minimal(tmp_path / "repo")
    tulis(repo.root, "data/instansi.yml", instansi_berkunci({"panewu": [kunci]}, wajib=False))
    repo.commit("Kunci panewu", oleh="kasubbag-kpe")
    tandatangani(repo, 5)
    langkah = {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1)}
    commit_ssh(repo, "Langkah 6", langkah, oleh="panewu", kunci=kunci)
    _sama(repo.root)
    folder = folder_cache(repo.root)
    berkas = sorted(p for p in folder.rglob("*") if p.is_file())
    assert {"tanda-tangan.json", "urutan-riwayat-v1.msgpack"} <= {p.name for p in berkas}
    for path in berkas:
        isi = bytearray(path.read_bytes())
        isi[len(isi) // 2] ^= 0xFF
        rusakan = {"dibalik": bytes(isi), "kosong": b"", "dipotong": bytes(isi[: len(isi) // 2])}
        path.write_bytes(rusakan[rusak])
    _sama(repo.root)


def test_a_pack_is_written_in_parts_as_one_packed_whole(tmp_path: Path) -> None:
    """A pack is written an entry and a long text at a time (never held whole), in the very
    bytes `msgpack.packb` gives the whole pack, and read back."""
    repo = repo_minimal(tmp_path / "repo")
    entri = {
        f"{i:040x}": {"commit": f"{i:040x}", "pr": None, "keluaran": "é" * i, "rincian": "x" * i}
        for i in (0, 31, 255, 65535, 65536, 200_000)
    }
    CacheRiwayat(repo.root).simpan(entri)
    folder = folder_cache(repo.root) / f"riwayat-v{VERSI}"
    (paket,) = folder.glob("paket-*.msgpack")
    isi = baca_entri(folder, paket.name)
    assert isi == msgpack.packb({"versi": VERSI, "entri": entri}, use_bin_type=True)
    assert all(CacheRiwayat(repo.root).baca(sha) == e for sha, e in entri.items())
