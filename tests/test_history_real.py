"""Real offices' histories: how repositories are founded, and a year of pull requests.

An office's repository is rarely `capkin init`'s alone: GitHub creates it with a README,
data arrives in a later commit or by merging a separately made history; then a year of pull
requests brings merges, squashes, octopus merges, reverts, moves and odd dates. The
register, who signed and the cycle's approval must come out right, and a warm run must equal
a cold one throughout.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    RepoUji,
    buat_kunci_ssh,
    capkin,
    commit_ssh,
    env_git,
    gabung,
    instansi_berkunci,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    tandatangani,
    tulis,
    tulis_data_minimal,
)

from capkin.dataset import muat_dataset
from capkin.history import baca_riwayat, verifikasi_langkah
from capkin.history.signatures import Keadaan
from capkin.models.base import Periode

TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"
TW2 = "data/2025/realisasi/TW2/jawatan-umum.yml"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def _register(root: Path, cache: bool = True) -> list[dict[str, Any]]:
    return [e.as_json() for e in baca_riwayat(root, cache=cache)]


def _hangat_sama_dingin(root: Path) -> list[dict[str, Any]]:
    """Return the register after checking a cached read equals a cold one (twice warm)."""
    dingin = _register(root, cache=False)
    assert _register(root) == dingin
    assert _register(root) == dingin
    return dingin


def _verifikasi(root: Path, no: int) -> tuple[bool, Keadaan, bool]:
    """Return (counts, state, identity new) of 2025 TW1 step `no`."""
    ds, _ = muat_dataset(root)
    v = verifikasi_langkah(ds, root)[(2025, Periode.TW1, no)]
    return v.terverifikasi, v.keadaan, v.identitas_baru


def _repo_github(root: Path) -> RepoUji:
    """Return a repository as GitHub creates it with "Add a README": one commit, no data."""
    repo = RepoUji.buat(root)
    repo.commit("Initial commit", {"README.md": "# capaian\n"}, oleh="kasubbag-kpe")
    return repo


def test_data_added_after_a_readme_is_the_founding_change(tmp_path: Path) -> None:
    repo = _repo_github(tmp_path / "repo")
    tulis_data_minimal(repo.root)
    repo.commit("Data awal", oleh="kasubbag-kpe")
    # the founding change has no earlier instansi.yml: its own identities count, as at a root
    assert _verifikasi(repo.root, 1) == (True, Keadaan.EMAIL_COCOK, False)
    assert "identitas_git" not in capkin(repo.root, "validate").output


def test_a_signed_founding_change_after_a_readme_verifies_by_its_own_keys(
    tmp_path: Path,
) -> None:
    repo = _repo_github(tmp_path / "repo")
    kunci = buat_kunci_ssh(tmp_path / "kunci", "kasubbag-kpe")
    tulis_data_minimal(repo.root)
    tulis(repo.root, "data/instansi.yml", instansi_berkunci({"kasubbag-kpe": [kunci]}))
    commit_ssh(repo, "Data awal", oleh="kasubbag-kpe", kunci=kunci)
    assert _verifikasi(repo.root, 1) == (True, Keadaan.TERVERIFIKASI, False)
    # a later change cannot found the office again: deleting instansi.yml and bringing it
    # back with a new key still judges by the keys on main before
    mallory = buat_kunci_ssh(tmp_path / "kunci", "mallory")
    repo.commit("hapus", {"data/instansi.yml": None}, oleh="kasubbag-kpe")
    tulis(repo.root, "data/instansi.yml", instansi_berkunci({"kasubbag-kpe": [mallory]}))
    tulis(repo.root, SIKLUS_TW1, siklus_yml("TW1", LANGKAH_TW1[:2]))
    commit_ssh(repo, "Langkah 2", oleh="kasubbag-kpe", kunci=mallory)
    assert _verifikasi(repo.root, 2)[:2] == (False, Keadaan.TIDAK)


def test_capkin_init_history_merged_into_a_github_repository(tmp_path: Path) -> None:
    """`capkin init` made the history locally; the office pulls it into GitHub's repository."""
    lokal = RepoUji.buat(tmp_path / "lokal")
    tulis_data_minimal(lokal.root)
    lokal.commit("Data awal", oleh="kasubbag-kpe")
    tandatangani(lokal, 3)
    repo = _repo_github(tmp_path / "repo")
    repo.git("fetch", "-q", str(lokal.root), "main:lokal")
    gabung_tak_berkait = repo.git(
        "merge",
        "-q",
        "--allow-unrelated-histories",
        "--no-ff",
        "-m",
        "Gabung data",
        "lokal",
        oleh="kasubbag-kpe",
    )
    assert gabung_tak_berkait == ""
    register = _hangat_sama_dingin(repo.root)
    assert register[0]["pesan"] == "Gabung data"
    assert [p["nama"] for p in register[0]["penulis_commit"]] == [
        "BUDI SANTOSO, S.E",  # git drops a name's trailing dot
    ]
    for no in (1, 2, 3):
        assert _verifikasi(repo.root, no) == (True, Keadaan.EMAIL_COCOK, False)


def _commit_waktu(
    repo: RepoUji, pesan: str, berkas: dict[str, str], penulis: str, waktu: str
) -> str:
    """Commit as `Zona <zona@luar.example>` with author and committer dates `penulis`, `waktu`."""
    for nama, teks in berkas.items():
        tulis(repo.root, nama, teks)
    repo.git("add", "-A")
    env = {**env_git("Zona", "zona@luar.example"), "GIT_AUTHOR_DATE": penulis}
    env["GIT_COMMITTER_DATE"] = waktu
    subprocess.run(["git", "commit", "-q", "-m", pesan], cwd=repo.root, env=env, check=True)
    return repo.git("rev-parse", "HEAD").strip()


def test_a_year_of_pull_requests(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    # a pull request of two commits, one also touching docs, merged with a merge commit
    repo.git("checkout", "-q", "-b", "pr1")
    repo.commit("ik1 81", {TW1: realisasi_yml(nilai={"ik1": 81})}, oleh="kepala-jawatan-umum")
    repo.commit(
        "ik1 82 🎉",
        {TW1: realisasi_yml(nilai={"ik1": 82}), "docs/catatan.md": "x\n"},
        oleh='Ani, "Staf" Ünal',
        email="ani@staf.example",
    )
    repo.git("checkout", "-q", "main")
    gabung(repo, "pr1", "Merge pull request #1 from unit/pr1", oleh="panewu-anom")
    _hangat_sama_dingin(repo.root)
    tandatangani(repo, 5)
    # the approval arrives in a squash of a pull request with several people's changes
    repo.git("checkout", "-q", "-b", "pr2")
    repo.commit("Langkah 6", {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1)}, oleh="panewu")
    repo.commit("TW2", {TW2: realisasi_yml("TW2", tanggal="2025-07-08")}, oleh="kasubbag-kpe")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--squash", "pr2", oleh="panewu")
    judul = "Pengesahan TW1 (#2) " + "panjang " * 40
    repo.git(
        "commit",
        "-q",
        "-m",
        f"{judul}\n\nSigned-off-by: SARJONO <sarjono@gamping.example>",
        oleh="panewu",
    )
    repo.waktu += 3600
    squash = repo.git("rev-parse", "HEAD").strip()
    assert _verifikasi(repo.root, 6)[:2] == (True, Keadaan.EMAIL_COCOK)
    # a revert of the approval takes it away; reverting the revert by another official
    # brings the sign-off back in that official's commit, which does not prove the panewu
    repo.git("revert", "--no-edit", squash, oleh="kasubbag-kpe")
    repo.waktu += 3600
    ds, _ = muat_dataset(repo.root)
    assert (2025, Periode.TW1, 6) not in verifikasi_langkah(ds, repo.root)
    repo.git("revert", "--no-edit", "HEAD", oleh="kasubbag-kpe")
    repo.waktu += 3600
    assert _verifikasi(repo.root, 6)[0] is False
    # an octopus merge of two units' branches
    for cabang in ("o1", "o2"):
        repo.git("checkout", "-q", "-b", cabang, "main")
        repo.commit(cabang, {f"docs/{cabang}.md": cabang}, oleh="kepala-jawatan-umum")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Octopus", "o1", "o2", oleh="kasubbag-kpe")
    repo.waktu += 3600
    # an empty commit, a move of a period's folder, a delete and re-add, a file that
    # becomes a folder
    repo.commit("Kosong", oleh="kasubbag-kpe")
    repo.git("mv", "data/2025/realisasi/TW2", "data/2025/realisasi/TW3")
    repo.commit("TW2 ternyata TW3", oleh="kasubbag-kpe")
    tw3 = "data/2025/realisasi/TW3/jawatan-umum.yml"
    repo.commit("Hapus TW3", {tw3: None}, oleh="kasubbag-kpe")
    repo.commit("TW3 lagi", {tw3: realisasi_yml("TW3", tanggal="2025-10-08")}, oleh="kasubbag-kpe")
    repo.commit("Lampiran", {"data/2025/lampiran": "x\n"}, oleh="kasubbag-kpe")
    repo.commit("Lampiran folder", {"data/2025/lampiran": None}, oleh="kasubbag-kpe")
    repo.commit("Lampiran isi", {"data/2025/lampiran/a.yml": "a: 1\n"}, oleh="kasubbag-kpe")
    # dates: a zone far east, an author date in the future, a committer date near 1970
    timur = _commit_waktu(
        repo,
        "zona",
        {TW1: realisasi_yml(nilai={"ik1": 90})},
        "2030-01-01T00:00:00-1100",
        "2026-12-30T23:30:00+1400",
    )
    lama = _commit_waktu(
        repo, "lama", {TW1: realisasi_yml(nilai={"ik1": 91})}, "@1 +0000", "@100 +0000"
    )
    register = _hangat_sama_dingin(repo.root)
    pesan = [str(e["pesan"]).split("\n")[0] for e in register]
    assert pesan[:4] == ["lama", "zona", "Lampiran isi", "Lampiran folder"]
    assert "Kosong" not in pesan  # it changed no data
    menurut = {str(e["pesan"]).split("\n")[0]: e for e in register}
    # the register dates a change when it reached the main line: the committer's date
    assert menurut["zona"]["commit"] == timur
    assert menurut["zona"]["tanggal"] == "2026-12-30T23:30:00+14:00"
    assert menurut["lama"]["commit"] == lama
    assert menurut["lama"]["tanggal"] == "1970-01-01T00:01:40+00:00"
    gabungan = menurut["Merge pull request #1 from unit/pr1"]
    assert [p["nama"] for p in gabungan["penulis_commit"]] == [
        "SITI AMINAH, S.Sos",
        'Ani, "Staf" Ünal',
    ]
    assert [p["jenis"] for p in menurut["TW2 ternyata TW3"]["perubahan"]] == ["pindah"]
    assert menurut[judul.strip()]["pr"] is None  # a title is not proof of a pull request
    for args in (("validate",), ("status",), ("history",), ("diff", "HEAD~3")):
        hasil = capkin(repo.root, *args)
        assert hasil.exit_code == 0, (args, hasil.output)
    # the approval is judged again after the history is rewritten back to the squash
    repo.git("reset", "-q", "--hard", squash)
    _hangat_sama_dingin(repo.root)
    assert _verifikasi(repo.root, 6)[:2] == (True, Keadaan.EMAIL_COCOK)


def _repo_berkunci(root: Path, kunci: Path) -> tuple[RepoUji, dict[str, Path]]:
    """Return a repository whose officials have SSH keys (required), steps 2-5 signed by key."""
    pejabat = ["panewu", "panewu-anom", "kasubbag-kpe"]
    kunci_ = {p: buat_kunci_ssh(kunci, p) for p in pejabat}
    repo = RepoUji.buat(root)
    tulis_data_minimal(repo.root)
    tulis(repo.root, "data/instansi.yml", instansi_berkunci({p: [kunci_[p]] for p in pejabat}))
    commit_ssh(repo, "Data awal", oleh="kasubbag-kpe", kunci=kunci_["kasubbag-kpe"])
    for n in range(2, 6):
        oleh = LANGKAH_TW1[n - 1][2]
        langkah = {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1[:n])}
        commit_ssh(repo, f"Langkah {n}", langkah, oleh=oleh, kunci=kunci_[oleh])
    return repo, kunci_


def _pr_pengesahan(repo: RepoUji, kunci: Path) -> str:
    """Commit step 6 signed by the panewu's key on branch `pr` off main; back on main."""
    repo.git("checkout", "-q", "-b", "pr")
    langkah = {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1)}
    sha = commit_ssh(repo, "Langkah 6", langkah, oleh="panewu", kunci=kunci)
    repo.git("checkout", "-q", "main")
    repo.commit("Catatan", {"README.md": "catatan\n"}, oleh="kasubbag-kpe")
    return sha


def test_a_merged_signed_approval_verifies(tmp_path: Path) -> None:
    repo, kunci = _repo_berkunci(tmp_path / "repo", tmp_path / "kunci")
    sha = _pr_pengesahan(repo, kunci["panewu"])
    gabung(repo, "pr", "Merge pull request #3 from pr", oleh="kasubbag-kpe")
    ds, _ = muat_dataset(repo.root)
    v = verifikasi_langkah(ds, repo.root)[(2025, Periode.TW1, 6)]
    assert (v.terverifikasi, v.commit, v.keadaan) == (True, sha, Keadaan.TERVERIFIKASI)


@pytest.mark.parametrize("tanda", ["hilang", "pengurus"])
def test_a_rebase_merge_or_cherry_pick_rewrites_the_approval(tmp_path: Path, tanda: str) -> None:
    """GitHub's "Rebase and merge" and a cherry-pick make new commits: the panewu's signature
    is lost, or the committer signs the copy with their own key; neither proves the panewu."""
    repo, kunci = _repo_berkunci(tmp_path / "repo", tmp_path / "kunci")
    _pr_pengesahan(repo, kunci["panewu"])
    args = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={kunci['kasubbag-kpe']}"]
    ambil = ["cherry-pick", *(["-S"] if tanda == "pengurus" else []), "pr"]
    subprocess.run(
        ["git", *args, *ambil],
        cwd=repo.root,
        env=env_git("BUDI SANTOSO, S.E.", "budi@gamping.example"),
        check=True,
        capture_output=True,
    )
    ds, _ = muat_dataset(repo.root)
    v = verifikasi_langkah(ds, repo.root)[(2025, Periode.TW1, 6)]
    assert v.penulis is not None and v.penulis.pejabat == "panewu"  # the author is kept
    assert (v.terverifikasi, v.keadaan) == (False, Keadaan.EMAIL_COCOK)
    keluaran = capkin(repo.root, "validate").output
    assert "capkin sign --kukuhkan --periode TW1 --langkah 6 --oleh panewu" in keluaran
    # the panewu re-affirms with their key on top: verified again
    commit_ssh(
        repo,
        "Kukuhkan\n\nKukuhkan-Tanda-Tangan: 2025/TW1/6",
        oleh="panewu",
        kunci=kunci["panewu"],
    )
    assert _verifikasi(repo.root, 6)[:2] == (True, Keadaan.TERVERIFIKASI)


def test_a_conflict_resolved_in_a_merge_is_the_merger_s_change(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 5)
    dasar = siklus_yml("TW1", LANGKAH_TW1[:5])
    repo.git("checkout", "-q", "-b", "unit")
    repo.commit("unit", {SIKLUS_TW1: "# unit\n" + dasar}, oleh="kepala-jawatan-umum")
    repo.git("checkout", "-q", "main")
    repo.commit("main", {SIKLUS_TW1: "# main\n" + dasar}, oleh="kasubbag-kpe")
    konflik = subprocess.run(
        ["git", "merge", "unit"], cwd=repo.root, env=env_git(), capture_output=True
    )
    assert konflik.returncode != 0
    # the resolution writes step 6 in the panewu's name: no branch carried it
    tulis(repo.root, SIKLUS_TW1, siklus_yml("TW1", LANGKAH_TW1))
    repo.git("add", "-A")
    repo.git("commit", "-q", "--no-edit", oleh="Mallory", email="mallory@luar.example")
    merge = repo.git("rev-parse", "HEAD").strip()
    ds, _ = muat_dataset(repo.root)
    v = verifikasi_langkah(ds, repo.root)[(2025, Periode.TW1, 6)]
    assert (v.terverifikasi, v.commit, v.keadaan) == (False, merge, Keadaan.TIDAK)
    assert v.penulis is not None and v.penulis.email == "mallory@luar.example"
    register = _hangat_sama_dingin(repo.root)
    assert register[0]["commit"] == merge
    assert any(p["jalur"].endswith("langkah 6") for p in register[0]["perubahan"])


def test_an_amended_sign_off_replaces_the_cached_one(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 6)
    _hangat_sama_dingin(repo.root)
    assert _verifikasi(repo.root, 6)[0]
    # the commit is amended by someone else (a force-push of main): a new id, a new author
    repo.git("commit", "-q", "--amend", "--reset-author", "--no-edit", oleh="kasubbag-kpe")
    register = _hangat_sama_dingin(repo.root)
    assert register[0]["penulis"]["email"] == "budi@gamping.example"
    assert _verifikasi(repo.root, 6)[0] is False


def test_a_year_folder_moved_brings_its_sign_offs_in_the_mover_s_name(tmp_path: Path) -> None:
    """`git mv data/2025 data/2026`: the 2026 sign-offs are new claims, made by the mover."""
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 6)
    repo.git("mv", "data/2025", "data/2026")
    pk = repo.root / "data/2026/perjanjian-kinerja.yml"
    pk.write_text(pk.read_text().replace("2025", "2026"))
    pindah = repo.commit("Tahun yang benar 2026", oleh="kepala-jawatan-umum")
    register = _hangat_sama_dingin(repo.root)
    assert register[0]["commit"] == pindah
    jenis = {p["jalur"]: p["jenis"] for p in register[0]["perubahan"]}
    assert jenis["siklus TW1 2026"] == "pindah"
    ds, _ = muat_dataset(repo.root)
    v = verifikasi_langkah(ds, repo.root)[(2026, Periode.TW1, 6)]
    assert (v.terverifikasi, v.commit) == (False, pindah)
    assert "pengesahan langkah 6 laporan TW1 2025" in capkin(repo.root, "validate").output


def test_an_approval_brought_by_an_octopus_merge_is_its_branch_author_s(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 5)
    repo.git("checkout", "-q", "-b", "unit")
    repo.commit("ik1 81", {TW1: realisasi_yml(nilai={"ik1": 81})}, oleh="kepala-jawatan-umum")
    repo.git("checkout", "-q", "-b", "pengesahan", "main")
    langkah = {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1)}
    sah = repo.commit("Langkah 6", langkah, oleh="panewu")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Octopus", "unit", "pengesahan", oleh="kasubbag-kpe")
    ds, _ = muat_dataset(repo.root)
    v = verifikasi_langkah(ds, repo.root)[(2025, Periode.TW1, 6)]
    assert (v.terverifikasi, v.commit, v.keadaan) == (True, sah, Keadaan.EMAIL_COCOK)
    gabungan = _hangat_sama_dingin(repo.root)[0]
    assert {p["email"] for p in gabungan["penulis_commit"]} == {
        "siti@gamping.example",
        "sarjono@gamping.example",
    }
