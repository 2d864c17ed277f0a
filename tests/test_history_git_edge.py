"""The register on unusual git histories: forged fields, merge titles, clones, reverts."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    buat_kunci_gpg,
    capkin,
    env_git,
    gabung,
    gabung_github,
    pk_yml,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    tulis,
)

from capkin.dataset import muat_dataset
from capkin.history import baca_riwayat, periksa_integritas, verifikasi_langkah
from capkin.history.cache import VERSI
from capkin.models.base import Periode
from capkin.render.env import format_waktu

TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def test_only_commits_github_made_take_a_pull_request_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    webflow = buat_kunci_gpg(tmp_path / "webflow")
    asing = buat_kunci_gpg(tmp_path / "asing", "asing")
    try:
        repo = repo_minimal(tmp_path / "repo")
        palsu = repo.commit(
            "Merge pull request #12 from kantor/tw1",
            {TW1: realisasi_yml(nilai={"ik1": 81})},
            oleh="kepala-jawatan-umum",
        )
        # a plain commit titled like a squash merge
        judul = repo.commit(
            "Realisasi TW1 (#12)", {TW1: realisasi_yml(nilai={"ik1": 80})}, oleh="kasubbag-kpe"
        )
        repo.git("checkout", "-q", "-b", "tw1")
        repo.commit(
            "Realisasi", {TW1: realisasi_yml(nilai={"ik1": 82})}, oleh="kepala-jawatan-umum"
        )
        repo.git("checkout", "-q", "main")
        # a real merge commit in GitHub's shape, but signed by someone's own GPG key
        asing_merge = gabung_github(
            repo, "tw1", "Merge pull request #14 from kantor/tw1", asing, oleh="kasubbag-kpe"
        )
        repo.git("checkout", "-q", "tw1")
        repo.commit(
            "Realisasi 2", {TW1: realisasi_yml(nilai={"ik1": 83})}, oleh="kepala-jawatan-umum"
        )
        repo.git("checkout", "-q", "main")
        asli = gabung_github(
            repo, "tw1", "Merge pull request #13 from kantor/tw1", webflow, oleh="kasubbag-kpe"
        )
        for nama, nilai in webflow.env().items():
            monkeypatch.setenv(nama, nilai)
        for cache in (False, True, True):
            pr = {e.commit: e.pr for e in baca_riwayat(tmp_path / "repo", cache=cache)}
            assert pr[palsu] is None and pr[judul] is None and pr[asing_merge] is None
            assert pr[asli] == 13
        # without GitHub's key nothing proves a pull request: no number is shown
        monkeypatch.delenv("CAPKIN_KUNCI_WEBFLOW")
        assert all(e.pr is None for e in baca_riwayat(tmp_path / "repo"))
    finally:
        webflow.hapus()
        asing.hapus()


def _klon_parsial(asal: Path, tujuan: Path) -> None:
    for kunci in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        subprocess.run(["git", "config", kunci, "true"], cwd=asal, check=True, env=env_git())
    subprocess.run(
        ["git", "clone", "-q", "--filter=blob:none", f"file://{asal}", str(tujuan)],
        check=True,
        env=env_git(),
    )


def test_partial_clone_reads_blobs_lazily(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "asal")
    repo.commit("ubah", {TW1: realisasi_yml(nilai={"ik1": 99})}, oleh="kepala-jawatan-umum")
    _klon_parsial(repo.root, tmp_path / "klon")
    assert baca_riwayat(tmp_path / "klon", cache=False) == baca_riwayat(repo.root, cache=False)


def test_partial_clone_without_its_remote_is_a_located_error(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "asal")
    repo.commit("ubah", {TW1: realisasi_yml(nilai={"ik1": 99})}, oleh="kepala-jawatan-umum")
    klon = tmp_path / "klon"
    _klon_parsial(repo.root, klon)
    subprocess.run(
        ["git", "remote", "set-url", "origin", f"file://{tmp_path / 'hilang'}"],
        cwd=klon,
        check=True,
        env=env_git(),
    )
    hasil = capkin(klon, "history", "--no-cache")
    assert hasil.exit_code == 1, hasil.output
    assert hasil.exception is None or isinstance(hasil.exception, SystemExit)
    assert "tidak dapat dibaca" in hasil.stderr
    assert "--filter" in hasil.stderr


SIKLUS = SIKLUS_TW1


def test_a_message_cannot_forge_a_register_entry_or_a_sign_off(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    induk = repo.git("rev-parse", "HEAD").strip()
    palsu = f"\x1e{'f' * 40}\x1f{induk}\x1fBUDI\x1fbudi@gamping.example\x1f2025-04-14T10:00:00+07:00\x1fok"
    langkah = [(1, "2025-04-01", "kasubbag-kpe"), (2, "2025-04-14", "kasubbag-kpe")]
    asli = repo.commit(
        f"Langkah 2\n{palsu}", {SIKLUS: siklus_yml("TW1", langkah)}, oleh="panewu-anom"
    )
    riwayat = baca_riwayat(tmp_path, cache=False)
    assert riwayat[0].commit == asli
    assert "f" * 40 not in {e.commit for e in riwayat}
    assert riwayat[0].penulis.pejabat == "panewu-anom"
    assert [p.langkah for p in riwayat[0].perubahan] == [2]
    hasil = capkin(tmp_path, "validate", "--format", "json")
    assert "tanda tangan langkah 2" in hasil.stdout
    assert "RINA ASTUTI" in hasil.stdout


def test_control_characters_in_an_author_name(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    sha = repo.commit(
        "ubah",
        {TW1: realisasi_yml(nilai={"ik1": 99})},
        oleh="Jahil\x1fbudi@gamping.example\x1f",
        email="jahil@uji.example",
    )
    e = baca_riwayat(tmp_path, cache=False)[0]
    assert (e.commit, e.penulis.email, e.penulis.pejabat) == (sha, "jahil@uji.example", None)


PK = "data/2025/perjanjian-kinerja.yml"


def test_a_reverted_late_target_change_is_not_flagged(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    repo.commit("Turunkan ik3", {PK: pk_yml(target={"ik1": 85, "ik2": 90, "ik3": 6})}, oleh="x")
    repo.commit("Naikkan ik1", {PK: pk_yml(target={"ik1": 95, "ik2": 90, "ik3": 6})}, oleh="x")
    repo.git("revert", "--no-edit", "HEAD~1", oleh="panewu")
    ds, _ = muat_dataset(tmp_path)
    pesan = [m.pesan for m in periksa_integritas(ds, tmp_path) if m.kode == "target-berubah"]
    # ik3 went back to 8: nothing left to fix; ik1 is still changed
    assert len(pesan) == 1
    assert "ik1 · target: 85 → 95" in pesan[0]


def test_terminal_escapes_in_commit_text_are_shown_not_obeyed(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    repo.commit(
        "Realisasi\x1b[1A\x1b[2K\u202e",
        {TW1: realisasi_yml(nilai={"ik1": 99})},
        oleh="Mallory\x1b[2K",
        email="mallory@luar.example",
    )
    hasil = capkin(tmp_path, "history", "--no-cache")
    assert hasil.exit_code == 0
    assert "\x1b" not in hasil.stdout and "\u202e" not in hasil.stdout
    assert "Realisasi\\x1b[1A\\x1b[2K\\u202e" in hasil.stdout
    assert "Mallory\\x1b[2K <mallory@luar.example>" in hasil.stdout


def test_register_times_on_the_site_name_their_zone() -> None:
    def waktu(jam: int, menit: int = 0) -> datetime:
        return datetime(2025, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=jam, minutes=menit)))

    # two commits at "10.00" in different zones are 17¾ hours apart: the page must say so
    assert format_waktu(waktu(7)) == "1 Maret 2025 10.00 WIB"
    assert format_waktu(waktu(5, 45)) == "1 Maret 2025 10.00 UTC+05.45"
    assert format_waktu(waktu(-12)) == "1 Maret 2025 10.00 UTC-12.00"
    assert format_waktu(waktu(14)) == "1 Maret 2025 10.00 UTC+14.00"
    assert format_waktu(datetime(2025, 3, 1, 10, 0)) == "1 Maret 2025 10.00"


def test_a_cache_committed_to_the_repository_is_an_error_and_never_read(
    tmp_path: Path,
) -> None:
    repo = repo_minimal(tmp_path)
    asli = baca_riwayat(tmp_path, cache=False)
    # a pull request plants a forged register pack where capkin used to keep its cache
    palsu = {
        e.commit: {
            "commit": e.commit,
            "induk": list(e.induk),
            "tanggal": e.tanggal.isoformat(),
            "nama": "Palsu",
            "email": "palsu@luar.example",
            "pesan": "Palsu",
            "pr": None,
            "penulis_commit": [],
            "perubahan": [],
        }
        for e in asli
    }
    paket = json.dumps({"versi": VERSI, "entri": palsu})
    berkas = f".capkin-cache/riwayat-v{VERSI}/paket-0.json"
    repo.commit("Tambah cache", {berkas: paket}, oleh="kasubbag-kpe")
    hasil = capkin(tmp_path, "validate", "--format", "json")
    assert hasil.exit_code == 1, hasil.output
    [m] = [m for m in json.loads(hasil.stdout)["masalah"] if m["kode"] == "cache-dalam-repositori"]
    assert m["berkas"] == berkas
    assert "git rm -r --cached .capkin-cache" in m["pesan"]
    bangun = capkin(tmp_path, "build", "--no-pdf")
    assert bangun.exit_code == 1
    assert "berkas cache tersimpan di repositori" in bangun.stderr
    # the register never reads it: the history is the one computed from git
    assert baca_riwayat(tmp_path) == asli
    assert capkin(tmp_path, "history").exit_code == 0


def test_a_co_author_trailer_does_not_verify_a_sign_off_but_is_explained(
    tmp_path: Path,
) -> None:
    repo = repo_minimal(tmp_path)
    langkah = [(1, "2025-04-01", "kasubbag-kpe"), (2, "2025-04-14", "kasubbag-kpe")]
    repo.git("checkout", "-q", "-b", "langkah-2")
    repo.commit("Langkah 2", {SIKLUS: siklus_yml("TW1", langkah)}, oleh="kasubbag-kpe")
    repo.git("checkout", "-q", "main")
    pesan = "Langkah 2 (#4)\n\nCo-authored-by: Budi <BUDI@gamping.example>"
    gabung(repo, "langkah-2", pesan, oleh="kepala-jawatan-umum", squash=True)
    ds, _ = muat_dataset(tmp_path)
    v = verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 2)]
    assert (v.terverifikasi, v.hanya_rekan) == (False, True)
    [m] = [m for m in periksa_integritas(ds, tmp_path) if "langkah 2" in m.pesan]
    assert "Co-authored-by" in m.pesan and "SITI AMINAH" in m.pesan


def test_riwayat_page_names_the_authors_a_merge_brought_in(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    repo.git("checkout", "-q", "-b", "tw1")
    repo.commit("Realisasi", {TW1: realisasi_yml(nilai={"ik1": 82})}, oleh="kepala-jawatan-umum")
    repo.git("checkout", "-q", "main")
    gabung(repo, "tw1", "Merge pull request #5 from kantor/tw1", oleh="panewu")
    hasil = capkin(tmp_path, "build", "--no-pdf")
    assert hasil.exit_code == 0, hasil.output
    halaman = (tmp_path / "docs" / "riwayat.md").read_text(encoding="utf-8")
    assert "Penulis commit: SITI AMINAH, S.Sos. (kepala-jawatan)" in halaman


def test_an_undone_realisasi_change_after_approval_is_not_flagged(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    repo.commit("Sahkan", {SIKLUS: siklus_yml("TW1", LANGKAH_TW1)}, oleh="panewu")
    nilai = {"ik1": 80, "ik2": 88, "ik3": 7}
    repo.commit("Ubah ik1", {TW1: realisasi_yml(nilai={**nilai, "ik1": 70})}, oleh="x")
    repo.commit("Ubah ik2", {TW1: realisasi_yml(nilai={**nilai, "ik1": 70, "ik2": 50})}, oleh="x")
    repo.commit("Kembalikan ik1", {TW1: realisasi_yml(nilai={**nilai, "ik2": 50})}, oleh="x")

    def telat() -> list[str]:
        ds, _ = muat_dataset(tmp_path)
        masalah = periksa_integritas(ds, tmp_path)
        return [m.pesan for m in masalah if m.kode == "realisasi-berubah-setelah-pengesahan"]

    # ik1 went back to 80: only ik2 is left to re-approve
    [pesan] = telat()
    assert "ik2 · nilai: 88 → 50" in pesan
    # deleting the file stays flagged even though its whole-file note holds no values
    repo.commit("Hapus", {TW1: None}, oleh="x")
    assert any("berkas dihapus" in p for p in telat())


def _commit_mentah(root: Path, tanggal: str, pesan: str, email: str = "a@x.example") -> str:
    """Commit the index with a raw author/committer time (one git itself would refuse)."""
    pohon = subprocess.run(
        ["git", "write-tree"], cwd=root, capture_output=True, text=True, check=True, env=env_git()
    ).stdout.strip()
    induk = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, env=env_git()
    ).stdout.strip()
    objek = (
        f"tree {pohon}\nparent {induk}\nauthor A <{email}> {tanggal}\n"
        f"committer A <{email}> {tanggal}\n\n{pesan}\n"
    )
    sha = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
        cwd=root,
        input=objek,
        capture_output=True,
        text=True,
        check=True,
        env=env_git(),
    ).stdout.strip()
    subprocess.run(["git", "update-ref", "HEAD", sha], cwd=root, check=True, env=env_git())
    return sha


def test_terminal_escapes_in_an_author_name_are_shown_in_validate_warnings(
    tmp_path: Path,
) -> None:
    repo = repo_minimal(tmp_path)
    langkah = [(1, "2025-04-01", "kasubbag-kpe"), (2, "2025-04-14", "kasubbag-kpe")]
    repo.commit(
        "Langkah 2",
        {SIKLUS: siklus_yml("TW1", langkah)},
        oleh="Mallory\x1b[1A\x1b[2K",
        email="mallory@luar.example",
    )
    hasil = capkin(tmp_path, "validate")
    assert hasil.exit_code == 0, hasil.output
    assert "\x1b" not in hasil.output
    assert "Mallory\\x1b[1A\\x1b[2K <mallory@luar.example>" in hasil.output


def test_riwayat_page_says_a_squash_pr_number_comes_from_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a one-parent commit GitHub signed, titled "(#6)": a squash merge or a web-editor commit
    # alike; the page names the number only as the signed title's
    webflow = buat_kunci_gpg(tmp_path / "webflow")
    try:
        repo = repo_minimal(tmp_path / "repo")
        repo.git("checkout", "-q", "-b", "tw1")
        repo.commit(
            "Realisasi", {TW1: realisasi_yml(nilai={"ik1": 82})}, oleh="kepala-jawatan-umum"
        )
        repo.git("checkout", "-q", "main")
        gabung_github(repo, "tw1", "Realisasi TW1 (#6)", webflow, oleh="panewu", squash=True)
        repo.git("checkout", "-q", "-b", "tw1b")
        repo.commit(
            "Realisasi 2", {TW1: realisasi_yml(nilai={"ik1": 83})}, oleh="kepala-jawatan-umum"
        )
        repo.git("checkout", "-q", "main")
        gabung_github(
            repo, "tw1b", "Merge pull request #7 from kantor/tw1b", webflow, oleh="panewu"
        )
        for nama, nilai in webflow.env().items():
            monkeypatch.setenv(nama, nilai)
        hasil = capkin(tmp_path / "repo", "build", "--no-pdf")
        assert hasil.exit_code == 0, hasil.output
        halaman = (tmp_path / "repo" / "docs" / "riwayat.md").read_text(encoding="utf-8")
        assert "PR #6 menurut judul commit yang ditandatangani GitHub" in halaman
        assert "PR #7" in halaman and "PR #7 menurut" not in halaman
    finally:
        webflow.hapus()


@pytest.mark.parametrize(
    ("tanggal", "sah"),
    [
        ("1700000000 +9999", True),  # a zone git prints as given: read without it
        ("-100 +0000", False),  # before 1970: git leaves %cI unexpanded
        ("99999999999999999999 +0000", False),  # overflows: git prints 1970-01-01T00:00:00Z
        ("253402300800 +0000", False),  # year 10000
        ("abc +0700", False),
    ],
)
def test_a_commit_time_git_cannot_print_is_shown_as_not_valid_never_as_1970(
    tmp_path: Path, tanggal: str, sah: bool
) -> None:
    repo = repo_minimal(tmp_path)
    tulis(tmp_path, TW1, realisasi_yml(nilai={"ik1": 99}))
    repo.git("add", "-A")
    sha = _commit_mentah(tmp_path, tanggal, "Tanggal rusak")
    for argumen in (["history", "--no-cache"], ["history"], ["history"], ["validate"]):
        hasil = capkin(tmp_path, *argumen)
        assert hasil.exception is None or isinstance(hasil.exception, SystemExit), argumen
        assert hasil.exit_code == 0, hasil.output
    assert baca_riwayat(tmp_path)[0].commit == sha
    teks = capkin(tmp_path, "history", "--no-cache").output
    [blok] = [b for b in teks.split("\n\n") if b.startswith(sha[:7])]
    assert ("tanggal tidak sah" in blok) is not sah and "1970" not in blok, blok
    data = json.loads(capkin(tmp_path, "history", "--format", "json").stdout)
    [entri] = [e for e in data if e["commit"] == sha]
    assert (entri["tanggal"] is None) is not sah
    # kept by a --since filter: an unknown time says nothing of when
    sejak = capkin(tmp_path, "history", "--since", "2023-01-01").output
    assert sha[:7] in sejak
    md = capkin(tmp_path, "history", "--format", "markdown").output
    [baris] = [b for b in md.splitlines() if sha[:7] in b]
    assert baris.startswith("| tanggal tidak sah |" if not sah else "| 2023-11-"), baris


def test_the_riwayat_page_shows_an_unprintable_commit_time_as_not_valid(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    tulis(tmp_path, TW1, realisasi_yml(nilai={"ik1": 99}))
    repo.git("add", "-A")
    _commit_mentah(tmp_path, "-100 +0000", "Tanggal rusak")
    hasil = capkin(tmp_path, "build", "--no-pdf")
    assert hasil.exit_code == 0, hasil.output
    halaman = (tmp_path / "docs" / "riwayat.md").read_text(encoding="utf-8")
    assert "<strong>tanggal tidak sah</strong>" in halaman and "1970" not in halaman


def test_a_sign_off_in_a_commit_with_an_unprintable_time_is_not_called_dated_ahead(
    tmp_path: Path,
) -> None:
    """The dated-ahead check compares a step's date with its commit's; a time git cannot
    print is not 1970-01-01, so the step is not "dated after its commit"."""
    from factories import PEJABAT_UJI

    repo_minimal(tmp_path)
    tulis(tmp_path, SIKLUS_TW1, siklus_yml("TW1", LANGKAH_TW1[:2]))
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True, env=env_git())
    _commit_mentah(tmp_path, "-100 +0000", "Langkah 2", PEJABAT_UJI["kasubbag-kpe"][3])
    hasil = capkin(tmp_path, "validate")
    assert hasil.exception is None or isinstance(hasil.exception, SystemExit)
    assert "sesudah tanggal commit" not in hasil.output, hasil.output
    assert "1970" not in hasil.output, hasil.output
