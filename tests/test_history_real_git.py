"""Real repositories' git settings: what capkin reads is the commits as they are.

`git replace` objects and an `info/grafts` file make git show other parents or contents than
a commit holds; hooks and an fsmonitor named in a repository's config are programs; a
repository may store commit messages in another encoding and print logs in yet another.
None of that may change the register, who signed, or run anything.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    RepoUji,
    capkin,
    gabung,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    tandatangani,
    tulis,
    tulis_data_minimal,
)

from capkin.dataset import muat_dataset
from capkin.history import baca_riwayat, verifikasi_langkah
from capkin.models.base import Periode

TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def _register(root: Path, cache: bool = False) -> list[dict[str, Any]]:
    return [e.as_json() for e in baca_riwayat(root, cache=cache)]


def _pengesahan(root: Path) -> tuple[bool, str | None, str | None]:
    """Return (counts, commit, author email) of the 2025 TW1 approval step (6)."""
    ds, _ = muat_dataset(root)
    v = verifikasi_langkah(ds, root)[(2025, Periode.TW1, 6)]
    return v.terverifikasi, v.commit, v.penulis.email if v.penulis else None


def test_replace_objects_and_grafts_do_not_change_the_register(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    asli = repo.commit("ik1 81", {TW1: realisasi_yml(nilai={"ik1": 81})}, oleh="kasubbag-kpe")
    tandatangani(repo, 6)
    harap = _register(repo.root)
    disahkan = _pengesahan(repo.root)
    assert disahkan[0]
    # a stand-in for the realisasi commit, by someone else with another value
    repo.git("checkout", "-q", "-b", "tiruan", asli + "^")
    tiruan = repo.commit("ik1 99", {TW1: realisasi_yml(nilai={"ik1": 99})}, oleh="panewu")
    repo.git("checkout", "-q", "main")
    repo.git("replace", asli, tiruan)
    assert _register(repo.root) == harap
    assert _register(repo.root, cache=True) == harap
    assert _pengesahan(repo.root) == disahkan
    repo.git("replace", "-d", asli)
    # a grafts file cutting the history at the sign-off: the register stays whole
    (repo.root / ".git" / "info").mkdir(exist_ok=True)
    kepala = repo.git("rev-parse", "HEAD").strip()
    (repo.root / ".git" / "info" / "grafts").write_text(f"{kepala}\n{asli} {tiruan}\n")
    assert _register(repo.root) == harap
    assert _pengesahan(repo.root) == disahkan
    assert capkin(repo.root, "validate").exit_code == 0


def test_hooks_fsmonitor_and_filters_of_the_repository_are_not_run(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tanda = tmp_path / "jalan"
    tanda.mkdir()
    kait = tmp_path / "kait"
    kait.mkdir()
    for nama in ("pre-commit", "commit-msg", "post-commit", "reference-transaction", "monitor"):
        (kait / nama).write_text(f"#!/bin/sh\ntouch '{tanda}/{nama}'\nexit 0\n")
        (kait / nama).chmod(0o755)
    repo.git("config", "core.hooksPath", str(kait))
    repo.git("config", "core.fsmonitor", str(kait / "monitor"))
    for arah in ("clean", "smudge"):
        repo.git("config", f"filter.rahasia.{arah}", f"sh -c 'touch {tanda}/{arah}; cat'")
    repo.git("config", "filter.rahasia.required", "true")
    repo.commit("atribut", {".gitattributes": "*.yml filter=rahasia\n"}, oleh="kasubbag-kpe")
    repo.commit("ik1 81", {TW1: realisasi_yml(nilai={"ik1": 81})}, oleh="kasubbag-kpe")
    # git itself runs them for a person's commit
    assert {"pre-commit", "clean"} <= {p.name for p in tanda.iterdir()}
    for berkas in tanda.iterdir():
        berkas.unlink()
    (repo.root / TW1).write_text(realisasi_yml(nilai={"ik1": 82}))  # an uncommitted edit
    for args in (
        ("validate",),
        ("history",),
        ("status",),
        ("diff", "HEAD~1"),
        ("sign", "--periode", "TW1", "--langkah", "2", "--oleh", "kasubbag-kpe"),
        ("sign", "--periode", "TW1", "--langkah", "2", "--oleh", "kasubbag-kpe", "--commit"),
    ):
        hasil = capkin(repo.root, *args, *(("--tanggal", "2025-04-14") if "sign" in args else ()))
        assert hasil.exit_code in (0, 1), hasil.output
        assert sorted(p.name for p in tanda.iterdir()) == [], args


def _commit_mentah(repo: RepoUji, pesan: str, nama: str, email: str, kepala: str = "") -> str:
    """Commit the staged tree as written by hand: `kepala` holds extra header lines (an
    `encoding`, a `gpgsig`); the text is stored in Latin-1 when `kepala` names that encoding,
    as an old Windows git configured with `i18n.commitEncoding=ISO-8859-1` stores it."""
    pohon = repo.git("write-tree").strip()
    induk = repo.git("rev-parse", "HEAD").strip()
    waktu = f"{repo.waktu} +0700"
    teks = (
        f"tree {pohon}\nparent {induk}\n"
        f"author {nama} <{email}> {waktu}\ncommitter {nama} <{email}> {waktu}\n"
        f"{kepala}\n{pesan}\n"
    )
    isi = teks.encode("latin-1" if "ISO-8859-1" in kepala else "utf-8")
    sha = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo.root,
        input=isi,
        capture_output=True,
        check=True,
    ).stdout.decode()
    repo.git("update-ref", "HEAD", sha.strip())
    repo.waktu += 3600
    return sha.strip()


_LATIN1 = "encoding ISO-8859-1\n"


def test_commits_in_another_encoding_read_as_their_authors_wrote_them(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    # the office's log output is set to Latin-1 too: capkin reads UTF-8 whatever it says
    repo.git("config", "i18n.logOutputEncoding", "ISO-8859-1")
    repo.git("checkout", "-q", "-b", "unit")
    (repo.root / TW1).write_text(realisasi_yml(nilai={"ik1": 70}))
    repo.git("add", "-A")
    _commit_mentah(repo, "Realisasi TW1 dikoreksi (é, ç)", "Ani Ñúñez", "ani@staf.example", _LATIN1)
    repo.git("checkout", "-q", "main")
    gabung(repo, "unit", "Merge branch 'unit'", oleh="kasubbag-kpe")
    (repo.root / TW1).write_text(realisasi_yml(nilai={"ik1": 71}))
    repo.git("add", "-A")
    _commit_mentah(repo, "Koreksi lagi: café", "Ani Ñúñez", "ani@staf.example", _LATIN1)
    register = _register(repo.root)
    assert register == _register(repo.root, cache=True) == _register(repo.root, cache=True)
    assert register[0]["penulis"]["nama"] == "Ani Ñúñez"
    assert register[0]["pesan"] == "Koreksi lagi: café"
    # the merge names the author its branch brought in, read from the whole graph
    assert register[1]["penulis_commit"] == [
        {"nama": "Ani Ñúñez", "email": "ani@staf.example", "pejabat": None}
    ]
    teks = capkin(repo.root, "history").output
    assert "Ani Ñúñez" in teks and "café" in teks


def test_a_mailmap_in_the_tree_does_not_change_who_signed(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 5)
    # a pull request adds a .mailmap mapping the author of the next commit onto the panewu
    repo.commit(
        "mailmap",
        {".mailmap": "Drs. SARJONO, M.Si. <sarjono@gamping.example> <palsu@luar.example>\n"},
        oleh="Orang Luar",
        email="palsu@luar.example",
    )
    repo.commit(
        "Langkah 6",
        {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1)},
        oleh="Orang Luar",
        email="palsu@luar.example",
    )
    repo.git("config", "log.mailmap", "true")
    sah, _, email = _pengesahan(repo.root)
    assert (sah, email) == (False, "palsu@luar.example")
    assert _register(repo.root)[0]["penulis"] == {
        "nama": "Orang Luar",
        "email": "palsu@luar.example",
        "pejabat": None,
    }


@pytest.mark.parametrize(
    "medan",
    [
        "log.showRoot=false",
        "log.follow=true",
        "diff.renames=false",
        "diff.renames=copies",
        "diff.relative=true",
        "color.ui=always",
        "log.diffMerges=combined",
        "format.pretty=oneline",
    ],
)
def test_the_repository_config_does_not_change_the_register(tmp_path: Path, medan: str) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 6)
    repo.git("mv", "data/2025/realisasi/TW1", "data/2025/realisasi/TW2")
    repo.commit("Pindah ke TW2", oleh="kasubbag-kpe")
    harap = _register(repo.root)
    kunci, _, nilai = medan.partition("=")
    repo.git("config", kunci, nilai)
    assert _register(repo.root) == harap


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("history",),
        ("diff", "HEAD"),
        ("compute", "--tahun", "2025", "--periode", "TW1", "--versi", "disahkan"),
        ("build", "--no-pdf"),
    ],
)
def test_every_command_reading_history_refuses_a_ci_shallow_clone(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """actions/checkout fetches one commit unless told `fetch-depth: 0`: no wrong register."""
    repo = repo_minimal(tmp_path / "asal")
    tandatangani(repo, 6)
    dangkal = tmp_path / "dangkal"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(dangkal))
    hasil = capkin(dangkal, *args)
    assert hasil.exit_code == 1
    assert "salinan dangkal (shallow clone)" in hasil.output
    assert "fetch-depth: 0" in hasil.output


def test_an_x509_signature_does_not_run_the_repository_s_program(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 5)
    tanda = tmp_path / "dijalankan"
    program = tmp_path / "gpgsm-palsu"
    program.write_text(f"#!/bin/sh\ntouch '{tanda}'\nexit 0\n")
    program.chmod(0o755)
    repo.git("config", "gpg.x509.program", str(program))
    (repo.root / SIKLUS_TW1).write_text(siklus_yml("TW1", LANGKAH_TW1))
    repo.git("add", "-A")
    x509 = "gpgsig -----BEGIN SIGNED MESSAGE-----\n MIAGCSqGSIb3DQEHAqCA\n -----END SIGNED MESSAGE-----\n"
    _commit_mentah(repo, "Langkah 6", "Drs. SARJONO", "sarjono@gamping.example", x509)
    ds, _ = muat_dataset(repo.root)
    v = verifikasi_langkah(ds, repo.root)[(2025, Periode.TW1, 6)]
    assert v.keadaan.value == "email cocok, tanpa tanda tangan kriptografis"
    assert not tanda.exists()


def test_diff_reads_the_base_tree_as_committed(tmp_path: Path) -> None:
    """`.gitattributes` on main (`export-ignore`, `export-subst`) and links out of the tree
    do not change, or stop, what `capkin diff` compares."""
    repo = repo_minimal(tmp_path / "repo")
    tandatangani(repo, 6)
    atribut = "data/2025/realisasi/** export-ignore\ndata/instansi.yml export-subst\n"
    repo.commit("Atribut", {".gitattributes": atribut}, oleh="kasubbag-kpe")
    (repo.root / "bukti").mkdir()
    (repo.root / "bukti" / "luar").symlink_to("../../luar.pdf")
    (repo.root / "bukti" / "dalam").symlink_to("../README.md")
    repo.commit("Tautan", {"README.md": "# kantor $Format:%H$\n"}, oleh="kasubbag-kpe")
    (repo.root / TW1).write_text(realisasi_yml(nilai={"ik1": 99}))
    hasil = capkin(repo.root, "diff", "HEAD", "--format", "json")
    assert hasil.exit_code == 0, hasil.output
    ik1 = [u["realisasi"] for u in json.loads(hasil.stdout)["indikator"] if u["indikator"] == "ik1"]
    assert ik1 == [{"lama": 80, "baru": 99}]


def test_rekap_verification_reads_an_approval_commit_as_committed(tmp_path: Path) -> None:
    """The regency's `--verifikasi` takes `data/` at the approval commit out of the office's
    repository whatever its `.gitattributes` say, also when the data sits in a subfolder."""
    from capkin.rekap.git_source import _ekstrak

    for folder in ("", "kantor/"):
        repo = RepoUji.buat(tmp_path / f"repo-{folder.strip('/')}")
        tulis_data_minimal(repo.root / folder)
        atribut = f"{folder}data/2025/** export-ignore\n{folder}data/*.yml export-subst\n"
        tulis(repo.root, f"{folder}data/catatan.yml", "versi: $Format:%H$\n")
        commit = repo.commit("Data awal", {".gitattributes": atribut}, oleh="kasubbag-kpe")
        keluar = tmp_path / f"keluar-{folder.strip('/')}"
        _ekstrak(repo.root / folder, commit, keluar)
        assert (keluar / TW1).read_text() == (repo.root / folder / TW1).read_text()
        assert (keluar / "data/catatan.yml").read_text() == "versi: $Format:%H$\n"
        assert sorted(p.name for p in keluar.iterdir()) == ["data"]


def test_a_hook_s_repository_variables_do_not_change_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-commit hook in a linked worktree runs with GIT_DIR and a relative GIT_INDEX_FILE:
    `capkin -C kantor validate` there still reads the repository holding `kantor`."""
    repo = RepoUji.buat(tmp_path / "repo")
    tulis_data_minimal(repo.root / "kantor")
    repo.commit("Data awal", oleh="kasubbag-kpe")
    tulis(repo.root, "kantor/" + TW1, realisasi_yml(nilai={"ik1": 81}))
    repo.commit("ik1 81", oleh="kepala-jawatan-umum")
    harap = _register(repo.root / "kantor")
    assert len(harap) == 2
    lain = repo_minimal(tmp_path / "lain")
    monkeypatch.setenv("GIT_DIR", str(lain.root / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", ".git/index")
    assert _register(repo.root / "kantor") == harap
    assert capkin(repo.root / "kantor", "validate").exit_code == 0
