"""The register is read incrementally from the last cached commit, and stays exact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgpack
import pytest
from factories import RepoUji, gabung, realisasi_yml, repo_minimal

import capkin.history.gitlog as gitlog
import capkin.history.register as register
import capkin.yaml_versions as yaml_versions
from capkin.cachedir import baca_entri, folder_cache, tulis_entri
from capkin.history import baca_riwayat, format_json
from capkin.history.order import NAMA, baca_urutan
from capkin.jsontext import json_rapi

REALISASI = "data/2025/realisasi/TW1/jawatan-umum.yml"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def _json(root: Path, cache: bool = True) -> list[dict[str, Any]]:
    return [e.as_json() for e in baca_riwayat(root, cache=cache)]


def _ubah(repo: RepoUji, nilai: int, oleh: str = "kepala-jawatan-umum") -> str:
    return repo.commit(
        f"Realisasi ik1 {nilai}", {REALISASI: realisasi_yml(nilai={"ik1": nilai})}, oleh=oleh
    )


@pytest.fixture
def log_dibaca(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the revision range of every `git log` the register runs (the real one runs)."""
    rentang: list[str] = []
    asli = gitlog.baca_log  # the function the register imported

    def catat(repo: Any, r: str = "HEAD") -> Any:
        rentang.append(r)
        return asli(repo, r)

    monkeypatch.setattr(register, "baca_log", catat)
    return rentang


def test_new_commits_are_read_from_the_last_cached_one(
    tmp_path: Path, log_dibaca: list[str]
) -> None:
    repo = repo_minimal(tmp_path / "repo")
    pertama = _ubah(repo, 81)
    assert len(_json(repo.root)) == 2
    assert log_dibaca == [pertama]  # cold: the whole first-parent walk of HEAD
    log_dibaca.clear()
    assert len(_json(repo.root)) == 2
    assert log_dibaca == []  # HEAD did not move: no git log at all
    kedua = _ubah(repo, 82)
    register_hangat = _json(repo.root)
    assert log_dibaca == [f"{pertama}..{kedua}"]
    assert register_hangat == _json(repo.root, cache=False)
    assert register_hangat[0]["commit"] == kedua
    urutan = baca_urutan(repo.root, "")
    assert urutan is not None and urutan.kepala == kedua and len(urutan.commit) == 3


def test_merges_resets_and_rewrites_give_the_full_register(
    tmp_path: Path, log_dibaca: list[str]
) -> None:
    repo = repo_minimal(tmp_path / "repo")
    awal = _ubah(repo, 81)
    _json(repo.root)
    # a branch merged with --no-ff: the merge joins the first-parent line
    repo.git("checkout", "-q", "-b", "fitur")
    fitur = _ubah(repo, 90)
    repo.git("checkout", "-q", "main")
    tw2 = REALISASI.replace("TW1", "TW2")
    repo.commit("Realisasi TW2", {tw2: realisasi_yml("TW2", tanggal="2025-07-08")})
    gabung(repo, "fitur", "Merge pull request #7 from uji/fitur", oleh="kasubbag-kpe")
    kepala = repo.git("rev-parse", "HEAD").strip()
    assert _json(repo.root) == _json(repo.root, cache=False)
    # the cached head is an ancestor of HEAD only through a merge's second parent
    repo.git("checkout", "-q", fitur)
    assert _json(repo.root) == _json(repo.root, cache=False)
    repo.git("checkout", "-q", "main")
    log_dibaca.clear()
    assert _json(repo.root) == _json(repo.root, cache=False)
    assert log_dibaca[0] == kepala, "off the first-parent line: the whole walk"
    # HEAD moves back: the cached head is not an ancestor
    repo.git("reset", "-q", "--hard", awal)
    log_dibaca.clear()
    assert _json(repo.root) == _json(repo.root, cache=False)
    assert log_dibaca[0] == awal
    # an amended HEAD replaces the cached one
    repo.git("commit", "-q", "--amend", "-m", "Realisasi ik1 81 (diubah)")
    assert _json(repo.root) == _json(repo.root, cache=False)
    assert _json(repo.root)[0]["pesan"] == "Realisasi ik1 81 (diubah)"


def test_damaged_or_foreign_order_is_ignored(tmp_path: Path, log_dibaca: list[str]) -> None:
    repo = repo_minimal(tmp_path / "repo")
    kepala = _ubah(repo, 81)
    lengkap = _json(repo.root)
    folder = folder_cache(repo.root)
    asli = baca_entri(folder, NAMA)
    assert asli is not None
    bukan_sha = asli.replace(kepala.encode(), b"z" * 40)
    lain = msgpack.packb([["capkin-urutan", 1, "sub/"], kepala, [kepala]])
    for isi in (b"\x93sampah", b"", bukan_sha, lain):
        tulis_entri(folder, NAMA, isi)  # a valid digest: the content itself is checked
        log_dibaca.clear()
        assert _json(repo.root) == lengkap
        assert log_dibaca == [kepala]
    (folder / NAMA).write_bytes(asli)  # no digest line: refused before it is read
    log_dibaca.clear()
    assert _json(repo.root) == lengkap
    assert log_dibaca == [kepala]


def test_cached_order_without_its_entries_walks_again(
    tmp_path: Path, log_dibaca: list[str]
) -> None:
    """An order naming commits whose entries are gone is not trusted: the log is read again."""
    repo = repo_minimal(tmp_path / "repo")
    kepala = _ubah(repo, 81)
    lengkap = _json(repo.root)
    for paket in folder_cache(repo.root).rglob("paket-*"):
        paket.unlink()
    for paket in repo.root.rglob("paket-*"):
        paket.unlink()
    log_dibaca.clear()
    assert _json(repo.root) == lengkap
    assert log_dibaca == [kepala]


def _sunting(repo: RepoUji, berkas: str, lama: str, baru: str, oleh: str) -> str:
    teks = (repo.root / berkas).read_text(encoding="utf-8")
    assert lama in teks
    return repo.commit(f"Sunting {berkas}", {berkas: teks.replace(lama, baru, 1)}, oleh=oleh)


def test_every_way_of_reading_gives_the_same_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold, cached and incremental reads, with files read against their version before or in
    full, agree after value edits, other edits, a merge, a deletion and a forced main."""
    repo = repo_minimal(tmp_path / "repo")

    asli = yaml_versions.baca_versi  # the function the register imported

    def baca(cache: bool = True) -> str:
        riwayat = baca_riwayat(repo.root, cache=cache)
        # the JSON of entries whose changes are still cached text, then of the changes read
        teks = format_json(riwayat)
        assert teks == json_rapi([e.as_json() for e in riwayat], 1) + "\n"
        # repr tells 1, 1.0 and True apart
        return teks + repr(riwayat)

    def penuh() -> str:
        # every blob parsed in full: the reference the faster reading must equal
        with monkeypatch.context() as m:
            m.setattr(
                register,
                "baca_versi",
                lambda data, berkas, _sebelumnya=None, **opsi: asli(data, berkas, **opsi),
            )
            return baca(cache=False)

    def periksa() -> None:
        acuan = penuh()
        assert baca() == acuan  # incremental from the last cached commit
        assert baca() == acuan  # all cached
        assert baca(cache=False) == acuan  # cold

    periksa()
    tw2 = REALISASI.replace("TW1", "TW2")
    orang = ["kepala-jawatan-umum", "kasubbag-kpe", "panewu"]
    sebelum: object = 80
    for n, nilai in enumerate([81, 82.5, "1.250", "true", 84]):
        _sunting(repo, REALISASI, f"nilai: {sebelum}", f"nilai: {nilai}", orang[n % 3])
        sebelum = nilai
    periksa()
    # not a value edit: a comment, an item more, a quoted value
    _sunting(
        repo, REALISASI, "  - indikator: ik2", "  # dicatat ulang\n  - indikator: ik2", "panewu"
    )
    _sunting(repo, REALISASI, "nilai: 88", "nilai: '88'", "kepala-jawatan-umum")
    repo.commit(
        "Realisasi TW2",
        {tw2: realisasi_yml("TW2", tanggal="2025-07-08")},
        oleh="kepala-jawatan-umum",
    )
    periksa()
    # a branch merged with --no-ff, then a file deleted
    repo.git("checkout", "-q", "-b", "fitur")
    _sunting(repo, tw2, "nilai: 7", "nilai: 9", "kepala-jawatan-umum")
    repo.git("checkout", "-q", "main")
    _sunting(repo, REALISASI, "nilai: 84", "nilai: 85", "kasubbag-kpe")
    gabung(repo, "fitur", "Merge pull request #3 from uji/fitur", oleh="kasubbag-kpe")
    periksa()
    cabang = repo.git("rev-parse", "HEAD").strip()
    repo.commit("Hapus TW2", {tw2: None}, oleh="panewu")
    periksa()
    # main rewritten: reset below the cached head, new history forced in its place
    repo.git("reset", "-q", "--hard", cabang + "~2")
    _sunting(repo, REALISASI, "nilai: 84", "nilai: 99", "panewu")
    periksa()
    assert _json(repo.root)[0]["perubahan"] == [
        {
            "berkas": REALISASI,
            "jalur": "realisasi TW1 2025 · jawatan-umum · ik1 · nilai",
            "jenis": "ubah",
            "lama": 84,
            "baru": 99,
            "catatan": None,
        }
    ]


def test_cached_entries_keep_their_changes_as_text_until_read(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path / "repo")
    _ubah(repo, 81)
    dingin = baca_riwayat(repo.root)
    hangat = baca_riwayat(repo.root)
    belum = [e for e in hangat if "perubahan" not in e.__dict__]
    assert len(belum) == len(hangat) == 2
    # printing the JSON register writes the cached text: nothing is decoded
    assert format_json(hangat) == format_json(dingin)
    tanpa = hangat[0].tanpa_pr()
    assert tanpa.pr is None and "perubahan" not in tanpa.__dict__
    assert all("perubahan" not in e.__dict__ for e in hangat)
    # reading the field decodes the changes once, equal to those computed
    assert hangat == dingin and tanpa.perubahan == dingin[0].perubahan
    assert all("perubahan" in e.__dict__ for e in hangat)
    # once decoded, the texts are dropped and the JSON is written from the changes, the same
    assert not any("_teks_keluaran" in e.__dict__ for e in hangat)
    assert format_json(hangat) == format_json(dingin)
    # the names a register repeats are one object
    tahun = [p.tahun for e in hangat for p in e.perubahan if p.tahun is not None]
    assert len(tahun) > 1 and all(t is tahun[0] for t in tahun)
