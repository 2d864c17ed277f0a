"""`capkin sign --commit` with SSH keys and `capkin sign --kukuhkan`, in real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    RepoUji,
    capkin,
    commit_ssh,
    gabung,
    instansi_berkunci,
    isolasi_git,
    kunci_pejabat,
    repo_minimal,
    siklus_yml,
    tulis,
)

from capkin.dataset import muat_dataset
from capkin.history import verifikasi_langkah
from capkin.history.signatures import Keadaan

INSTANSI = "data/instansi.yml"
PEJABAT = ("kasubbag-kpe", "panewu-anom", "panewu")


@pytest.fixture(autouse=True)
def _git_terisolasi(monkeypatch: pytest.MonkeyPatch) -> None:
    isolasi_git(monkeypatch)
    for nama in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "EMAIL"):
        monkeypatch.delenv(nama, raising=False)


@pytest.fixture(scope="module")
def kunci(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kunci")
    return kunci_pejabat(folder, (*PEJABAT, "lain"))


@pytest.fixture
def repo(tmp_path: Path, kunci: dict[str, Path]) -> RepoUji:
    r = repo_minimal(tmp_path)
    r.commit(
        "Kunci SSH",
        {INSTANSI: instansi_berkunci({p: [kunci[p]] for p in PEJABAT})},
        oleh="panewu",
    )
    r.git("config", "user.name", "Budi Santoso")
    r.git("config", "user.email", "budi@gamping.example")
    return r


def _sign(root: Path, *args: str) -> tuple[int, str]:
    hasil = capkin(root, "sign", "--periode", "TW1", *args)
    return hasil.exit_code, hasil.output


LANGKAH_2 = ("--langkah", "2", "--oleh", "kasubbag-kpe", "--tanggal", "2025-04-14", "--commit")


def _keadaan(root: Path, no: int) -> Keadaan:
    ds, _ = muat_dataset(root)
    return {k[2]: v for k, v in verifikasi_langkah(ds, root).items()}[no].keadaan


def test_sign_commit_without_signing_set_up_explains_it(repo: RepoUji) -> None:
    sebelum = (repo.root / SIKLUS_TW1).read_text(encoding="utf-8")
    kode, keluaran = _sign(repo.root, *LANGKAH_2)
    assert kode == 1
    assert "belum diatur untuk menandatangani commit dengan kunci SSH" in keluaran
    for baris in (
        "Linux dan macOS",
        "Git for Windows",
        "git config --global gpg.format ssh",
        'git config --global user.signingkey "$HOME/.ssh/id_ed25519.pub"',
        "ssh-keygen -t ed25519",
    ):
        assert baris in keluaran
    assert (repo.root / SIKLUS_TW1).read_text(encoding="utf-8") == sebelum


def test_sign_commit_with_a_key_not_registered_for_the_official(
    repo: RepoUji, kunci: dict[str, Path]
) -> None:
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(kunci["panewu"]))
    kode, keluaran = _sign(repo.root, *LANGKAH_2)
    assert kode == 1
    assert "bukan kunci_ssh kasubbag-kpe" in keluaran


def test_sign_commit_makes_a_signed_verified_commit(repo: RepoUji, kunci: dict[str, Path]) -> None:
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(kunci["kasubbag-kpe"]) + ".pub")
    tulis(repo.root, "data/catatan.txt", "x\n")
    repo.git("add", "data/catatan.txt")  # staged work stays out of the sign-off commit
    kode, keluaran = _sign(repo.root, *LANGKAH_2)
    assert kode == 0, keluaran
    assert "ditandatangani dengan kunci SSH Anda yang terdaftar" in keluaran
    assert repo.git("show", "--name-only", "--format=", "HEAD").split() == [SIKLUS_TW1]
    assert _keadaan(repo.root, 2) is Keadaan.TERVERIFIKASI


def test_git_author_email_in_the_environment_is_what_counts(
    repo: RepoUji, kunci: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(kunci["kasubbag-kpe"]))
    # user.email is the official's, but git would author the commit as someone else
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "mallory@luar.example")
    kode, keluaran = _sign(repo.root, *LANGKAH_2)
    assert kode == 1
    assert "email git yang dipakai (mallory@luar.example) bukan identitas_git" in keluaran
    # and the other way round: the environment names the official, user.email does not
    repo.git("config", "user.email", "mallory@luar.example")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "budi@gamping.example")
    kode, keluaran = _sign(repo.root, *LANGKAH_2)
    assert kode == 0, keluaran
    assert repo.git("log", "-1", "--format=%ae").strip() == "budi@gamping.example"


def test_kukuhkan_after_a_squash_merge(repo: RepoUji, kunci: dict[str, Path]) -> None:
    repo.git("checkout", "-q", "-b", "langkah-2")
    commit_ssh(
        repo,
        "Langkah 2",
        {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1[:2])},
        oleh="kasubbag-kpe",
        kunci=kunci["kasubbag-kpe"],
    )
    repo.git("checkout", "-q", "main")
    gabung(repo, "langkah-2", "Langkah 2 (#4)", oleh="panewu", squash=True)
    assert _keadaan(repo.root, 2) is Keadaan.TIDAK
    kode, keluaran = _sign(repo.root, "--langkah", "2", "--oleh", "kasubbag-kpe", "--kukuhkan")
    assert kode == 1 and "belum diatur untuk menandatangani" in keluaran
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(kunci["kasubbag-kpe"]))
    sebelum = repo.git("rev-parse", "HEAD").strip()
    tulis(repo.root, "data/catatan.txt", "x\n")
    repo.git("add", "data/catatan.txt")
    kode, keluaran = _sign(repo.root, "--langkah", "2", "--oleh", "kasubbag-kpe", "--kukuhkan")
    assert kode == 0, keluaran
    assert "dikukuhkan" in keluaran
    assert repo.git("rev-parse", "HEAD^").strip() == sebelum
    assert repo.git("diff", "--name-only", "HEAD^", "HEAD").strip() == ""
    assert "Kukuhkan-Tanda-Tangan: 2025/TW1/2" in repo.git("log", "-1", "--format=%B")
    assert repo.git("diff", "--cached", "--name-only").strip() == "data/catatan.txt"
    assert _keadaan(repo.root, 2) is Keadaan.TERVERIFIKASI


def test_kukuhkan_refuses_other_officials_and_dates(repo: RepoUji, kunci: dict[str, Path]) -> None:
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(kunci["panewu"]))
    repo.git("config", "user.email", "sarjono@gamping.example")
    kode, keluaran = _sign(repo.root, "--langkah", "1", "--oleh", "panewu", "--kukuhkan")
    assert kode == 1 and "ditandatangani oleh kasubbag-kpe, bukan panewu" in keluaran
    kode, keluaran = _sign(
        repo.root,
        "--langkah",
        "1",
        "--oleh",
        "kasubbag-kpe",
        "--kukuhkan",
        "--tanggal",
        "2025-04-02",
    )
    assert kode == 2 and "tidak dapat digabung dengan --tanggal" in keluaran
    kode, keluaran = _sign(repo.root, "--langkah", "3", "--oleh", "kasubbag-kpe", "--kukuhkan")
    assert kode == 1 and "belum ditandatangani" in keluaran
