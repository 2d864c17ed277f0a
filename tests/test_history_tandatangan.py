"""Cryptographic sign-off verification: real ssh-keygen keys, real GPG, real repositories.

Each forgery the trust model names is tried here: the official's email with another key,
no signature, a key registered in the same change, a GPG key nobody pinned, a web-flow
signature on someone else's commit, a re-affirmation by the wrong person. An approval step
whose sign-off does not count approves nothing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    KunciGpg,
    RepoUji,
    buat_kunci_gpg,
    buat_kunci_ssh,
    capkin,
    commit_ssh,
    gabung,
    git_gpg,
    instansi_berkunci,
    isolasi_git,
    kunci_pejabat,
    repo_minimal,
    siklus_yml,
    sop_yml,
)
from factories import (
    PEJABAT_BERKUNCI as PEJABAT,
)
from factories import (
    kukuhkan as _kukuhkan,
)
from factories import (
    langkah_tw1 as _langkah,
)
from factories import (
    repo_berkunci as _berkunci,
)
from factories import (
    tandatangani_berkunci as _tandatangani_berkunci,
)

from capkin.dataset import muat_dataset
from capkin.history import baca_riwayat, verifikasi_langkah
from capkin.history.basis import ENV_DASAR
from capkin.history.signatures import ENV_KUNCI_WEBFLOW, ENV_SIDIK_WEBFLOW, Keadaan
from capkin.history.signoff import Verifikasi
from capkin.pengesahan import periksa_pengesahan

INSTANSI = "data/instansi.yml"


@pytest.fixture(autouse=True)
def _git_terisolasi(monkeypatch: pytest.MonkeyPatch) -> None:
    isolasi_git(monkeypatch)
    monkeypatch.delenv(ENV_KUNCI_WEBFLOW, raising=False)
    monkeypatch.delenv(ENV_SIDIK_WEBFLOW, raising=False)


@pytest.fixture(scope="module")
def kunci(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kunci")
    return kunci_pejabat(folder, PEJABAT)


def _verifikasi(root: Path) -> dict[int, Verifikasi]:
    ds, _ = muat_dataset(root)
    return {no: v for (_, _, no), v in verifikasi_langkah(ds, root).items()}


def _validate(root: Path) -> tuple[int, str]:
    hasil = capkin(root, "validate", "--strict")
    return hasil.exit_code, hasil.output


def test_genuine_signed_sign_offs_are_verified(tmp_path: Path, kunci: dict[str, Path]) -> None:
    _berkunci(tmp_path, kunci, sampai=6)
    hasil = _verifikasi(tmp_path)
    assert {no: v.keadaan for no, v in hasil.items()} == {
        n: Keadaan.TERVERIFIKASI for n in range(1, 7)
    }
    assert hasil[1].kukuhan is not None and hasil[6].kukuhan is None
    kode, keluaran = _validate(tmp_path)
    assert kode == 0, keluaran
    # the cache lives under the git directory, never in the work tree
    assert (tmp_path / ".git" / "capkin" / "tanda-tangan.json").is_file()
    assert (
        "tanda-tangan"
        not in subprocess.run(
            ["git", "status", "--porcelain", "--ignored"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        ).stdout
    )
    # a damaged cache is ignored, the answer is the same
    (tmp_path / ".git" / "capkin" / "tanda-tangan.json").write_text("{rusak", encoding="utf-8")
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TERVERIFIKASI


def test_officials_email_with_another_officials_key_is_flagged(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    # the Kasubbag KPE sets the Panewu's email and signs with her own registered key
    commit_ssh(repo, "Langkah 6", _langkah(6), oleh="panewu", kunci=kunci["kasubbag-kpe"])
    v6 = _verifikasi(tmp_path)[6]
    assert v6.keadaan is Keadaan.EMAIL_COCOK and not v6.terverifikasi
    kode, keluaran = _validate(tmp_path)
    assert kode == 1
    [baris] = [b for b in keluaran.splitlines() if "langkah 6 siklus TW1 2025" in b]
    assert "email cocok, tanpa tanda tangan kriptografis" in baris
    assert "--kukuhkan --periode TW1 --langkah 6 --oleh panewu" in baris


def test_unsigned_commit_is_only_an_email_match(tmp_path: Path, kunci: dict[str, Path]) -> None:
    repo = _berkunci(tmp_path, kunci, wajib=False, sampai=5)
    repo.commit("Langkah 6", _langkah(6), oleh="panewu")
    v6 = _verifikasi(tmp_path)[6]
    assert v6.keadaan is Keadaan.EMAIL_COCOK and v6.tanda_tangan is False
    assert v6.terverifikasi  # counts, since signatures are not required here
    # a stranger's unsigned commit is not even an email match
    repo.commit("Langkah 6 lagi", _langkah(5), oleh="panewu")
    repo.commit("Langkah 6", _langkah(6), oleh="Mallory", email="mallory@luar.example")
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TIDAK


def _panewu_tanpa_kunci(
    tmp_path: Path, kunci: dict[str, Path]
) -> tuple[RepoUji, dict[str, list[Path]]]:
    """A repository whose officials but the panewu have keys on main, steps 1-5 signed with
    them; return it and those officials' keys."""
    repo = repo_minimal(tmp_path)
    tanpa_panewu = {p: [kunci[p]] for p in PEJABAT if p != "panewu"}
    repo.commit("Kunci", {INSTANSI: instansi_berkunci(tanpa_panewu)}, oleh="panewu")
    _kukuhkan(repo, 1, oleh="kasubbag-kpe", kunci=kunci["kasubbag-kpe"])
    _tandatangani_berkunci(repo, kunci, 5)
    return repo, tanpa_panewu


def test_key_registered_in_the_same_change_does_not_verify(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo, tanpa_panewu = _panewu_tanpa_kunci(tmp_path, kunci)
    penyusup = buat_kunci_ssh(tmp_path / "luar", "penyusup")  # a key the panewu never had
    commit_ssh(
        repo,
        "Langkah 6 dan kunci baru",
        {**_langkah(6), INSTANSI: instansi_berkunci({**tanpa_panewu, "panewu": [penyusup]})},
        oleh="panewu",
        kunci=penyusup,
    )
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK
    assert _validate(tmp_path)[0] == 1


def test_on_a_branch_earlier_branch_commits_are_not_main_line_once_the_base_is_known(
    tmp_path: Path, kunci: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a pull request registers a key in one commit and signs with it in the next; checked on
    # the branch itself (not its merge commit), HEAD's first-parent line holds both
    repo, tanpa_panewu = _panewu_tanpa_kunci(tmp_path, kunci)
    repo.git("checkout", "-q", "-b", "pr")
    penyusup = buat_kunci_ssh(tmp_path / "luar", "penyusup")  # a key the panewu never had
    repo.commit(
        "Kunci baru",
        {INSTANSI: instansi_berkunci({**tanpa_panewu, "panewu": [penyusup]})},
        oleh="panewu",
    )
    commit_ssh(repo, "Langkah 6", _langkah(6), oleh="panewu", kunci=penyusup)
    monkeypatch.delenv(ENV_DASAR, raising=False)
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TERVERIFIKASI  # no base: the old view
    # an explicit base: the branch is one change, judged by main's keys before it
    monkeypatch.setenv(ENV_DASAR, "main")
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK
    kode, keluaran = _validate(tmp_path)
    assert kode == 1 and "Garis utama: main (sampai " in keluaran
    # the same base named on the command line, and only for that command
    monkeypatch.delenv(ENV_DASAR)
    hasil = capkin(tmp_path, "validate", "--strict", "--dasar", "main")
    assert hasil.exit_code == 1 and "Garis utama: main (sampai " in hasil.output
    assert "TW1.yml:26:11: peringatan: tanda tangan langkah 6" in hasil.output
    assert ENV_DASAR not in os.environ
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TERVERIFIKASI  # no base again
    hasil = capkin(tmp_path, "history", "--dasar", "main")
    assert hasil.exit_code == 0 and "Garis utama: main (sampai " in hasil.output
    for salah in ("tidak-ada", "--help"):
        hasil = capkin(tmp_path, "validate", f"--dasar={salah}")
        assert hasil.exit_code == 2 and "--dasar" in hasil.output, hasil.output
    assert "git fetch origin main" in capkin(tmp_path, "validate", "--dasar", "x").output
    monkeypatch.setenv(ENV_DASAR, "main")
    # GitHub Actions' base branch, as origin/<ref>
    monkeypatch.delenv(ENV_DASAR)
    repo.git("update-ref", "refs/remotes/origin/main", "main")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK
    hasil = capkin(tmp_path, "history")
    assert "Garis utama: origin/main" in hasil.output
    # the merge commit CI checks: the same answer with or without the base
    repo.git("checkout", "-q", "main")
    gabung(repo, "pr", "Merge pull request #5 from kantor/pr", oleh="kasubbag-kpe")
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK
    monkeypatch.delenv("GITHUB_BASE_REF")
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK


def test_key_removed_later_keeps_old_sign_offs_verified(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=6)
    tanpa_panewu = {p: [kunci[p]] for p in PEJABAT if p != "panewu"}
    repo.commit("Panewu pensiun: kunci dicabut", {INSTANSI: instansi_berkunci(tanpa_panewu)})
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TERVERIFIKASI
    assert _validate(tmp_path)[0] == 0


def test_re_affirmation_counts_only_by_the_official_and_after_the_sign_off(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    # a re-affirmation made before the sign-off existed does not carry over to it
    _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    repo.commit("Langkah 6", _langkah(6), oleh="panewu")
    # another official re-affirming in the Panewu's name proves nothing
    _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu-anom"])
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK
    sah = _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    v6 = _verifikasi(tmp_path)[6]
    assert v6.keadaan is Keadaan.TERVERIFIKASI and v6.kukuhan == sah


def test_re_affirmation_from_a_branch_made_before_the_sign_off_does_not_count(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    # the Panewu's genuine re-affirmation waits on a branch made before step 6 existed; the
    # Kasubbag KPE then writes step 6 in the Panewu's name and merges that branch after it
    repo = _berkunci(tmp_path, kunci, sampai=5)
    repo.git("checkout", "-q", "-b", "kukuhkan-lama")
    _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    repo.git("checkout", "-q", "main")
    commit_ssh(repo, "Langkah 6", _langkah(6), oleh="panewu", kunci=kunci["kasubbag-kpe"])
    gabung(repo, "kukuhkan-lama", "Merge kukuhkan-lama", oleh="kasubbag-kpe")
    v6 = _verifikasi(tmp_path)[6]
    assert v6.keadaan is Keadaan.EMAIL_COCOK and not v6.terverifikasi
    assert _validate(tmp_path)[0] == 1


@pytest.mark.parametrize("cara", ["sop", "peran"])
def test_authority_granted_in_the_same_change_does_not_count(
    tmp_path: Path, kunci: dict[str, Path], cara: str
) -> None:
    # the signer's own key, but the right to sign step 6 comes from the same pull request:
    # the step's pelaksana in sop.yml, or the signer's peran in instansi.yml
    repo = _berkunci(tmp_path, kunci, sampai=5)
    kepala = buat_kunci_ssh(tmp_path / "kepala", "kepala-jawatan-umum")
    semua = {**{p: [kunci[p]] for p in PEJABAT}, "kepala-jawatan-umum": [kepala]}
    repo.commit("Kunci kepala jawatan", {INSTANSI: instansi_berkunci(semua)}, oleh="panewu")
    repo.git("checkout", "-q", "-b", "sahkan-sendiri")
    langkah = [*LANGKAH_TW1[:5], (6, "2025-04-22", "kepala-jawatan-umum")]
    berkas = {SIKLUS_TW1: siklus_yml("TW1", langkah)}
    if cara == "sop":
        berkas["data/sop.yml"] = sop_yml().replace(
            "pelaksana: [panewu]", "pelaksana: [panewu, kepala-jawatan]"
        )
    else:
        instansi = (tmp_path / INSTANSI).read_text(encoding="utf-8")
        berkas[INSTANSI] = instansi.replace("peran: kepala-jawatan", "peran: panewu")
    commit_ssh(repo, "Langkah 6", berkas, oleh="kepala-jawatan-umum", kunci=kepala)
    repo.git("checkout", "-q", "main")
    gabung(repo, "sahkan-sendiri", "Merge sahkan-sendiri", oleh="panewu-anom")
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TERVERIFIKASI  # the key is genuine
    kode, keluaran = _validate(tmp_path)
    assert kode == 1
    [baris] = [b for b in keluaran.splitlines() if "peran pejabat" in b]
    assert baris.startswith("data/2025/siklus/TW1.yml:26:11: galat: langkah 6 siklus TW1 2025")
    assert "baru diubah dalam perubahan yang sama" in baris


def test_re_affirm_after_a_squash_merge(tmp_path: Path, kunci: dict[str, Path]) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    repo.git("checkout", "-q", "-b", "langkah-6")
    commit_ssh(repo, "Langkah 6", _langkah(6), oleh="panewu", kunci=kunci["panewu"])
    repo.git("checkout", "-q", "main")
    gabung(repo, "langkah-6", "Langkah 6 (#3)", oleh="kasubbag-kpe", squash=True)
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TIDAK
    # re-affirmed on a branch, merged with a merge commit by someone else
    repo.git("checkout", "-q", "-b", "kukuhkan-6")
    sah = _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    repo.git("checkout", "-q", "main")
    repo.commit("Perubahan lain di main", {"data/catatan.txt": "x\n"}, oleh="kasubbag-kpe")
    gabung(repo, "kukuhkan-6", "Merge kukuhkan", oleh="kasubbag-kpe")
    v6 = _verifikasi(tmp_path)[6]
    assert v6.keadaan is Keadaan.TERVERIFIKASI and v6.kukuhan == sah
    assert _validate(tmp_path)[0] == 0


def test_rebase_and_merge_proves_nothing_until_re_affirmed(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    # GitHub's "Rebase and merge" writes new commits, unsigned (neither the author's
    # signature nor web-flow's), keeping the author and the title: only an email match is left
    repo = _berkunci(tmp_path, kunci, sampai=5)
    repo.git("checkout", "-q", "-b", "langkah-6")
    asli = commit_ssh(repo, "Langkah 6 (#4)", _langkah(6), oleh="panewu", kunci=kunci["panewu"])
    repo.git("checkout", "-q", "main")
    repo.commit("Perubahan lain di main", {"data/catatan.txt": "x\n"}, oleh="kasubbag-kpe")
    repo.git("checkout", "-q", "langkah-6")
    repo.git("rebase", "-q", "--no-gpg-sign", "main", oleh="kasubbag-kpe")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "langkah-6", oleh="kasubbag-kpe")
    baru = repo.git("rev-parse", "HEAD").strip()
    assert baru != asli
    assert repo.git("log", "-1", "--format=%ae %G?", baru).split() == [
        "sarjono@gamping.example",
        "N",
    ]
    v6 = _verifikasi(tmp_path)[6]
    assert v6.keadaan is Keadaan.EMAIL_COCOK
    assert _validate(tmp_path)[0] == 1
    # no pull request number either: only GitHub's signature could show it
    entri = next(e for e in baca_riwayat(tmp_path) if e.commit == baru)
    assert entri.pr is None
    # the official re-affirms with their key: verified again
    _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TERVERIFIKASI


def test_sign_off_dated_after_its_commit_is_an_error(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    langkah = [*LANGKAH_TW1[:5], (6, "2027-01-15", "panewu")]
    commit_ssh(
        repo,
        "Langkah 6",
        {SIKLUS_TW1: siklus_yml("TW1", langkah)},
        oleh="panewu",
        kunci=kunci["panewu"],
    )
    kode, keluaran = _validate(tmp_path)
    assert kode == 1
    assert "galat: langkah 6 siklus TW1 2025: selesai 2027-01-15 sesudah tanggal commit" in keluaran


# --- GitHub's web-flow signature, with a locally generated key in its place ----------------


@pytest.fixture(scope="module")
def gpg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, KunciGpg]]:
    """Two GPG keys: a stand-in for GitHub's web-flow key, and an unknown one."""
    folder = tmp_path_factory.mktemp("gpg")
    hasil = {nama: buat_kunci_gpg(folder, nama) for nama in ("webflow", "asing")}
    yield hasil
    for kunci in hasil.values():
        kunci.hapus()


def _commit_web(repo: RepoUji, kunci: KunciGpg, email: str, berkas: dict[str, str]) -> str:
    """Commit as GitHub's web editor does: authored by the user, signed by GitHub."""
    for nama, teks in berkas.items():
        (repo.root / nama).write_text(teks, encoding="utf-8")
    repo.git("add", "-A")
    git_gpg(
        repo, kunci, "commit", "-q", "-S", "-m", "Update TW1.yml", nama="Pengguna Web", email=email
    )
    repo.waktu += 3600
    return repo.git("rev-parse", "HEAD").strip()


def _web_flow_repo(
    tmp_path: Path, kunci: dict[str, Path], github: bool = False, identitas: str = ""
) -> RepoUji:
    repo = _berkunci(tmp_path, kunci)
    if github or identitas:
        teks = (tmp_path / INSTANSI).read_text(encoding="utf-8")
        tambah = "    github: sarjono-gamping\n" if github else ""
        teks = teks.replace("  - id: panewu\n", "  - id: panewu\n" + tambah)
        if identitas:
            teks = teks.replace(
                "identitas_git: [sarjono@gamping.example", f"identitas_git: [{identitas}"
            )
            assert identitas in teks
        repo.commit("GitHub Panewu", {INSTANSI: teks}, oleh="panewu")
    _tandatangani_berkunci(repo, kunci, 5)
    return repo


def test_web_flow_signature_verifies_the_officials_web_editor_commit(
    tmp_path: Path,
    kunci: dict[str, Path],
    gpg: dict[str, KunciGpg],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = _web_flow_repo(tmp_path, kunci)
    _commit_web(repo, gpg["webflow"], "sarjono@gamping.example", _langkah(6))
    monkeypatch.setenv(ENV_KUNCI_WEBFLOW, str(gpg["webflow"].publik))
    # GitHub's own fingerprints pinned: the stand-in key is not GitHub's, nothing verifies
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK
    monkeypatch.setenv(ENV_SIDIK_WEBFLOW, gpg["webflow"].sidik)
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.TERVERIFIKASI
    assert _validate(tmp_path)[0] == 0
    # without the key file the web-flow path is closed
    monkeypatch.delenv(ENV_KUNCI_WEBFLOW)
    assert _verifikasi(tmp_path)[6].keadaan is Keadaan.EMAIL_COCOK


def _keadaan_web(
    repo: RepoUji, gpg: dict[str, KunciGpg], monkeypatch: pytest.MonkeyPatch, email: str
) -> Keadaan:
    """Commit step 6 through the web editor as `email`, trust the stand-in web-flow key and
    return how far that sign-off is proven."""
    _commit_web(repo, gpg["webflow"], email, _langkah(6))
    monkeypatch.setenv(ENV_KUNCI_WEBFLOW, str(gpg["webflow"].publik))
    monkeypatch.setenv(ENV_SIDIK_WEBFLOW, gpg["webflow"].sidik)
    return _verifikasi(repo.root)[6].keadaan


@pytest.mark.parametrize(
    ("daftar", "email", "keadaan"),
    [
        # the older id-less noreply form can only be matched by its handle
        ({"github": True}, "Sarjono-Gamping@users.noreply.github.com", Keadaan.TERVERIFIKASI),
        # the handle was renamed and re-registered by another account (id 9999): the handle
        # registered in `github` must not give that account the panewu's identity
        ({"github": True}, "9999+sarjono-gamping@users.noreply.github.com", Keadaan.TIDAK),
        # the official registered their account id's address; they renamed the handle since
        (
            {"identitas": "4242+sarjono-lama@users.noreply.github.com"},
            "4242+Sarjono-Baru@users.noreply.github.com",
            Keadaan.TERVERIFIKASI,
        ),
    ],
    ids=["noreply-handle", "noreply-id-lain", "noreply-id-terdaftar-handle-baru"],
)
def test_a_github_noreply_address_is_matched_by_its_account_id_else_its_handle(
    tmp_path: Path,
    kunci: dict[str, Path],
    gpg: dict[str, KunciGpg],
    monkeypatch: pytest.MonkeyPatch,
    daftar: dict[str, Any],
    email: str,
    keadaan: Keadaan,
) -> None:
    repo = _web_flow_repo(tmp_path, kunci, **daftar)
    assert _keadaan_web(repo, gpg, monkeypatch, email) is keadaan


@pytest.mark.parametrize(
    ("penandatangan", "email"),
    [("asing", "sarjono@gamping.example"), ("webflow", "mallory@luar.example")],
    ids=["kunci-gpg-asing", "web-editor-orang-lain"],
)
def test_unknown_gpg_key_or_someone_elses_web_commit_is_not_verified(
    tmp_path: Path,
    kunci: dict[str, Path],
    gpg: dict[str, KunciGpg],
    monkeypatch: pytest.MonkeyPatch,
    penandatangan: str,
    email: str,
) -> None:
    repo = _web_flow_repo(tmp_path, kunci)
    _commit_web(repo, gpg[penandatangan], email, _langkah(6))
    monkeypatch.setenv(ENV_KUNCI_WEBFLOW, str(gpg["webflow"].publik))
    monkeypatch.setenv(ENV_SIDIK_WEBFLOW, gpg["webflow"].sidik)
    # the user's own keyring trusting the unknown key changes nothing: it is never read
    monkeypatch.setenv("GNUPGHOME", gpg[penandatangan].home)
    v6 = _verifikasi(tmp_path)[6]
    assert v6.keadaan is not Keadaan.TERVERIFIKASI
    assert _validate(tmp_path)[0] == 1


def test_hostile_instansi_cannot_inject_allowed_signers_options(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    from capkin.history.signatures import daftar_penanda

    publik = Path(str(kunci["panewu"]) + ".pub").read_text(encoding="utf-8").strip()
    data = {
        "pejabat": [
            {"id": "panewu", "kunci_ssh": [publik, "cert-authority " + publik, 7]},
            {"id": "*", "kunci_ssh": [publik]},
            {"id": "x\npanewu", "kunci_ssh": [publik]},
            {"id": "kasubbag-kpe", "kunci_ssh": [publik]},  # same key: proves neither
            {
                "id": "panewu-anom",
                "kunci_ssh": [Path(str(kunci["panewu-anom"]) + ".pub").read_text(encoding="utf-8")],
            },
        ]
    }
    teks = daftar_penanda(data)
    assert teks.splitlines() == [
        "panewu-anom "
        + " ".join(Path(str(kunci["panewu-anom"]) + ".pub").read_text(encoding="utf-8").split()[:2])
    ]


def test_history_names_each_sign_offs_state(tmp_path: Path, kunci: dict[str, Path]) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    tanpa = repo.commit("Langkah 6", _langkah(6), oleh="panewu")
    keluaran = capkin(tmp_path, "history").output
    baris = keluaran.split("Keadaan tanda tangan langkah SOP:\n", 1)[1].splitlines()
    assert baris[0].startswith("  TW1 2025 langkah 1: terverifikasi (commit ")
    assert ", dikukuhkan " in baris[0]
    assert baris[4].startswith("  TW1 2025 langkah 5: terverifikasi (commit ")
    assert baris[5] == (
        f"  TW1 2025 langkah 6: email cocok, tanpa tanda tangan kriptografis (commit {tanpa[:7]})"
        " — tidak dihitung (pengaturan.wajib_tanda_tangan_git aktif)"
    )
    # a filtered register is about figures, not sign-offs
    saring = capkin(tmp_path, "history", "--unit", "jawatan-umum")
    assert "Keadaan tanda tangan" not in saring.output


def test_init_keeps_the_web_flow_key_only_with_a_pinned_fingerprint(
    tmp_path: Path, gpg: dict[str, KunciGpg], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPKIN_URL_WEBFLOW", gpg["webflow"].publik.as_uri())
    # against GitHub's pinned fingerprints the stand-in key is refused and nothing is written
    hasil = capkin(None, "init", str(tmp_path / "a"), "--nama", "Kapanewon A")
    assert hasil.exit_code == 0, hasil.output
    assert f"sidik jari {gpg['webflow'].sidik} bukan milik GitHub" in hasil.output
    assert not (tmp_path / "a" / ".github" / "web-flow.gpg").exists()
    monkeypatch.setenv(ENV_SIDIK_WEBFLOW, gpg["webflow"].sidik)
    hasil = capkin(None, "init", str(tmp_path / "b"), "--nama", "Kapanewon B")
    assert hasil.exit_code == 0, hasil.output
    assert "disimpan di .github/web-flow.gpg (sidik jarinya sudah diperiksa)" in hasil.output
    kunci = tmp_path / "b" / ".github" / "web-flow.gpg"
    assert kunci.read_text(encoding="utf-8") == gpg["webflow"].publik.read_text(encoding="utf-8")
    berkas = subprocess.run(
        ["git", "ls-files"], cwd=tmp_path / "b", capture_output=True, text=True, check=True
    ).stdout.split()
    assert ".github/web-flow.gpg" in berkas
    teks = (tmp_path / "b" / "data" / "instansi.yml").read_text(encoding="utf-8")
    assert "  wajib_tanda_tangan_git: true\n" in teks
    # an unreachable source is a note, not a failure
    monkeypatch.setenv("CAPKIN_URL_WEBFLOW", (tmp_path / "tidak-ada.gpg").as_uri())
    hasil = capkin(None, "init", str(tmp_path / "c"), "--nama", "Kapanewon C")
    assert hasil.exit_code == 0 and "tidak dapat diunduh" in hasil.output


# --- the bundled Gamping sample -------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def test_sample_test_keys_are_the_registered_ones() -> None:
    from capkin.sshkey import urai_kunci

    ds, _ = muat_dataset(REPO)
    assert ds.instansi is not None
    for p in ds.instansi.pejabat:
        publik = (REPO / "tests" / "kunci" / f"{p.id}.pub").read_text(encoding="utf-8").strip()
        assert list(p.kunci_ssh) == [publik], p.id
        assert "KUNCI UJI" in publik and not isinstance(urai_kunci(publik), str)


def test_every_sign_off_of_the_sample_is_verified() -> None:
    ds, _ = muat_dataset(REPO)
    hasil = verifikasi_langkah(ds, REPO)
    assert len(hasil) >= 40
    belum = {k: v.keadaan.value for k, v in hasil.items() if v.keadaan is not Keadaan.TERVERIFIKASI}
    assert belum == {}, "jalankan scripts/kukuhkan-contoh (lihat tests/kunci/README.md)"


def test_site_and_report_say_each_state_honestly(tmp_path: Path, kunci: dict[str, Path]) -> None:
    import re

    repo = _berkunci(tmp_path, kunci, sampai=4)
    repo.commit("Langkah 5", _langkah(5), oleh="panewu-anom")  # email only
    repo.commit("Langkah 6", _langkah(6), oleh="panewu")
    sah = _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    hasil = capkin(tmp_path, "build", "--no-pdf")
    assert hasil.exit_code == 0, hasil.output

    def teks(nama: str) -> str:
        isi = (tmp_path / "site" / nama).read_text(encoding="utf-8")
        return " ".join(re.sub(r"<[^>]+>", " ", isi).split())

    laporan = teks("laporan/2025/TW1.html")
    assert (
        "Tanda tangan langkah 6: terverifikasi : dikukuhkan dengan commit bertanda tangan "
        f"kriptografis pejabat yang bersangkutan (commit {sah[:10]} ;" in laporan
    )
    siklus = teks("siklus/2025/TW1.html")
    assert siklus.count(" terverifikasi ") >= 5
    assert "email cocok, tanpa tanda tangan kriptografis (tidak dihitung)" in siklus


def test_a_change_cannot_lower_the_signature_requirement_for_itself(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    """Turning `wajib_tanda_tangan_git` off counts only for sign-offs made once it is on main:
    a staff member who turns it off and writes a re-approval in the Panewu's name (her email)
    in the same change does not re-approve."""
    from factories import realisasi_yml

    from capkin.validation import periksa

    repo = _berkunci(tmp_path, kunci, sampai=6)
    realisasi = "data/2025/realisasi/TW1/jawatan-umum.yml"
    siklus = (tmp_path / SIKLUS_TW1).read_text(encoding="utf-8")
    siklus += "revisi:\n  - {tanggal: 2025-05-02, oleh: panewu, alasan: Koreksi ik1}\n"
    longgar = instansi_berkunci({p: [kunci[p]] for p in PEJABAT}, wajib=False)
    repo.commit(
        "Koreksi, pengesahan ulang, dan tanda tangan tidak wajib lagi",
        {
            realisasi: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7}),
            SIKLUS_TW1: siklus,
            INSTANSI: longgar,
        },
        oleh="kasubbag-kpe",
        email="sarjono@gamping.example",
    )
    _, masalah = periksa(tmp_path)
    [ttd] = [m for m in masalah if m.kode == "tanda-tangan-tidak-terverifikasi"]
    assert "revisi 1" in ttd.pesan and "tidak dihitung" in ttd.pesan
    assert [m for m in masalah if m.kode == "laporan-berubah-setelah-pengesahan"]
    # once the setting is on main, a later email-only re-approval counts (with its warning)
    repo.commit("Pengesahan ulang", {}, oleh="panewu")
    siklus += "  - {tanggal: 2025-05-03, oleh: panewu, alasan: Koreksi ik1 lagi}\n"
    repo.commit("Pengesahan ulang 2", {SIKLUS_TW1: siklus}, oleh="panewu")
    _, masalah = periksa(tmp_path)
    assert not [m for m in masalah if m.kode == "laporan-berubah-setelah-pengesahan"]
    assert [m for m in masalah if m.kode == "tanda-tangan-tanpa-kriptografi" and m.baris]


def test_a_sign_off_cannot_turn_the_requirement_off_for_itself(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    longgar = instansi_berkunci({p: [kunci[p]] for p in PEJABAT}, wajib=False)
    repo.commit("Langkah 6", {**_langkah(6), INSTANSI: longgar}, oleh="panewu")
    v = _verifikasi(tmp_path)[6]
    assert v.keadaan is Keadaan.EMAIL_COCOK and not v.terverifikasi
    # a sign-off made once the setting is on main counts on the email
    repo.commit("Langkah 6 lagi", {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1[:5])}, oleh="panewu")
    repo.commit("Langkah 6", _langkah(6), oleh="panewu")
    assert _verifikasi(tmp_path)[6].terverifikasi


# --- an approval step that does not count approves nothing (design.md, "Trust model") ----
# Under `wajib_tanda_tangan_git: true` a step-6 sign-off committed with the Panewu's email
# but no signature by her registered key is not published as approved (site, API, compute
# `--versi disahkan`) and nothing is frozen from it; once she re-affirms it with her key, it
# is. Where signatures are optional the email match counts, as before.


def _disahkan(root: Path) -> list[tuple[int, str]]:
    ds, _ = muat_dataset(root)
    return [(p.tahun, str(p.periode)) for p in periksa_pengesahan(ds, root)]


def _bangun(root: Path, *, pdf: bool = False) -> tuple[str, dict[str, object]]:
    """Build the site; return the TW1 report's text (page, then PDF) and its API document."""
    hasil = capkin(root, "build", *([] if pdf else ["--no-pdf"]))
    assert hasil.exit_code == 0, hasil.output
    isi = (root / "site/laporan/2025/TW1.html").read_text(encoding="utf-8")
    teks = " ".join(re.sub(r"<[^>]+>", " ", isi).split())
    if pdf:
        from pypdf import PdfReader

        from capkin.layout import pdf_laporan

        halaman = PdfReader(root / "site" / pdf_laporan(2025, "TW1")).pages
        teks += " PDF: " + " ".join(" ".join(h.extract_text() for h in halaman).split())
    dok = json.loads((root / "site/api/v1/2025/TW1.json").read_text(encoding="utf-8"))
    return teks, dok


def _versi_disahkan(root: Path) -> Any:
    """Run `capkin compute --versi disahkan` for TW1 2025; return the CLI result."""
    return capkin(root, "compute", "--tahun", "2025", "--periode", "TW1", "--versi", "disahkan")


def _menunggu(teks: str, dok: dict[str, object]) -> None:
    """Assert a report (page or PDF text, and its API document) awaits a verified approval."""
    assert "Menunggu pengesahan terverifikasi" in teks
    assert "Disahkan " not in teks and "telah disetujui" not in teks
    assert dok["status"] == "belum disahkan" and dok["disahkan"] is None


def _terbit_disahkan(root: Path) -> dict[str, Any]:
    """Build the site, assert TW1 2025 is published as approved; return the API's approval."""
    teks, dok = _bangun(root)
    assert "Menunggu pengesahan" not in teks and "Disahkan " in teks
    assert dok["status"] == "disahkan" and dok["menunggu_pengesahan"] is None
    assert isinstance(dok["disahkan"], dict)
    return dok["disahkan"]


def test_forged_approval_under_required_signatures_is_not_published(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    # a staff member commits step 6 with the Panewu's email, unsigned
    repo.commit(
        "Langkah 6",
        _langkah(6),
        oleh="kasubbag-kpe",
        email="sarjono@gamping.example",
    )
    assert _disahkan(tmp_path) == []
    kode = capkin(tmp_path, "validate")
    assert "tidak diterbitkan sebagai disahkan" in kode.output
    versi = _versi_disahkan(tmp_path)
    assert versi.exit_code != 0
    assert "menunggu pengesahan terverifikasi" in versi.output
    teks, dok = _bangun(tmp_path, pdf=True)
    halaman, pdf = teks.split(" PDF: ")
    _menunggu(halaman, dok)
    _menunggu(pdf, dok)
    assert "wajib_tanda_tangan_git" in str(dok["menunggu_pengesahan"])

    # the Panewu re-affirms it with her own key: now it is approved, frozen at step 6's commit
    _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    assert _disahkan(tmp_path) == [(2025, "TW1")]
    assert _terbit_disahkan(tmp_path)["bukti"] == "terverifikasi"


def test_genuine_signed_approval_is_published(tmp_path: Path, kunci: dict[str, Path]) -> None:
    repo = _berkunci(tmp_path, kunci, sampai=5)
    commit_ssh(
        repo,
        "Langkah 6",
        _langkah(6),
        oleh="panewu",
        kunci=kunci["panewu"],
    )
    assert _disahkan(tmp_path) == [(2025, "TW1")]
    versi = _versi_disahkan(tmp_path)
    assert versi.exit_code == 0, versi.output


def test_email_match_still_approves_where_signatures_are_optional(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _berkunci(tmp_path, kunci, wajib=False, sampai=5)
    repo.commit("Langkah 6", _langkah(6), oleh="panewu")
    assert _disahkan(tmp_path) == [(2025, "TW1")]
    bukti = _terbit_disahkan(tmp_path)["bukti"]
    assert bukti == "email cocok, tanpa tanda tangan kriptografis"


def test_an_approval_by_someone_else_is_not_published_even_where_signatures_are_optional(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    # a staff member writes step 6 in the Panewu's name and commits it as herself: no email
    # match, no signature. Optional signatures do not make someone else's commit count.
    repo = _berkunci(tmp_path, kunci, wajib=False, sampai=5)
    repo.commit("Langkah 6", _langkah(6), oleh="kasubbag-kpe")
    assert _disahkan(tmp_path) == []
    versi = _versi_disahkan(tmp_path)
    assert versi.exit_code != 0
    assert "tidak membuktikan pejabat itu sendiri" in versi.output
    teks, dok = _bangun(tmp_path)
    _menunggu(teks, dok)
    assert "tidak membuktikan pejabat itu sendiri" in teks
    assert "tidak membuktikan pejabat itu sendiri" in str(dok["menunggu_pengesahan"])

    # the Panewu re-affirms it with her own key: now it counts
    _kukuhkan(repo, 6, oleh="panewu", kunci=kunci["panewu"])
    assert _disahkan(tmp_path) == [(2025, "TW1")]
