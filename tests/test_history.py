"""The register from real git repositories: merges, squashes, renames, broken YAML, cache."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgpack
import pytest
from factories import (
    KunciGpg,
    RepoUji,
    buat_kunci_gpg,
    capkin,
    env_git,
    gabung_github,
    git_gpg,
    pk_yml,
    realisasi_yml,
    tulis,
    tulis_data_minimal,
)

from capkin.cachedir import folder_cache
from capkin.history import (
    EntriRiwayat,
    RiwayatDangkal,
    baca_riwayat,
    format_markdown,
    format_teks,
    muat_instansi,
    nomor_pr,
    saring_riwayat,
    uraikan,
)
from capkin.history.cache import PAKET_MAKS, VERSI

TW1 = "data/2025/realisasi/TW1/jawatan-umum.yml"
TW2 = "data/2025/realisasi/TW2/jawatan-umum.yml"
TW3 = "data/2025/realisasi/TW3/jawatan-umum.yml"
PK = "data/2025/perjanjian-kinerja.yml"


@dataclass
class Sejarah:
    """A built repository and the ids of its notable commits."""

    repo: RepoUji
    awal: str
    rusak: str
    pulih: str
    merge: str
    squash: str
    pindah: str
    hapus: str
    readme: str


pytestmark = pytest.mark.usefixtures("git_terisolasi")


@pytest.fixture(scope="module")
def webflow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KunciGpg]:
    """A local GPG key standing in for GitHub's web-flow key, trusted through the env."""
    kunci = buat_kunci_gpg(tmp_path_factory.mktemp("webflow"))
    with pytest.MonkeyPatch.context() as mp:
        for nama, nilai in kunci.env().items():
            mp.setenv(nama, nilai)
        yield kunci
    kunci.hapus()


@pytest.fixture(scope="module")
def sejarah(tmp_path_factory: pytest.TempPathFactory, webflow: KunciGpg) -> Sejarah:
    root = tmp_path_factory.mktemp("riwayat")
    repo = RepoUji.buat(root)
    tulis_data_minimal(root)
    awal = repo.commit("Data awal 2025", oleh="kasubbag-kpe")
    rusak = repo.commit(
        "Realisasi TW1 (salah ketik)",
        {TW1: "periode: TW1\nrealisasi: [\n"},
        oleh="kepala-jawatan-umum",
    )
    pulih = repo.commit(
        "Perbaiki realisasi TW1",
        {TW1: realisasi_yml(nilai={"ik1": 80, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    # a pull request from a unit, merged with a merge commit by the panewu anom
    repo.git("checkout", "-q", "-b", "unit/tw2")
    repo.commit(
        "Realisasi TW2",
        {TW2: realisasi_yml("TW2", nilai={"ik1": 82, "ik2": 89}, tanggal="2025-07-08")},
        oleh="kepala-jawatan-umum",
    )
    repo.commit(
        "Koreksi ik1 TW1",
        {TW1: realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7})},
        email="ani@staf.example",
        oleh="Ani Staf",
    )
    repo.git("checkout", "-q", "main")
    repo.commit("Catatan di luar data", {"README.md": "catatan\n"}, oleh="kasubbag-kpe")
    merge = gabung_github(
        repo, "unit/tw2", "Merge pull request #7 from unit/tw2", webflow, oleh="panewu-anom"
    )
    # a squash-merged pull request changing a target, plus a file outside data/
    repo.git("checkout", "-q", "-b", "pk-ik3")
    repo.commit(
        "Naikkan target ik3",
        {PK: pk_yml(target={"ik1": 85, "ik2": 90, "ik3": 10})},
        oleh="kasubbag-kpe",
    )
    repo.commit("Tulis alasan", {"docs-notes.txt": "alasan\n"}, oleh="kasubbag-kpe")
    repo.git("checkout", "-q", "main")
    squash = gabung_github(
        repo, "pk-ik3", "Ubah target ik3 (#8)", webflow, oleh="kasubbag-kpe", squash=True
    )
    # a move: TW2 really belonged to TW3, with its content corrected
    (root / TW2).unlink()
    pindah = repo.commit(
        "Pindahkan realisasi ke TW3",
        {TW3: realisasi_yml("TW3", nilai={"ik1": 82, "ik2": 89}, tanggal="2025-07-08")},
        oleh="kepala-jawatan-umum",
    )
    hapus = repo.commit("Hapus realisasi TW3", {TW3: None}, oleh="kasubbag-kpe")
    readme = repo.commit("Hanya README", {"README.md": "lain\n"}, oleh="kasubbag-kpe")
    return Sejarah(repo, awal, rusak, pulih, merge, squash, pindah, hapus, readme)


@pytest.fixture(scope="module")
def register(sejarah: Sejarah) -> list[EntriRiwayat]:
    return baca_riwayat(sejarah.repo.root, cache=False)


def _entri(register: list[EntriRiwayat], sha: str) -> EntriRiwayat:
    return next(e for e in register if e.commit == sha)


def _teks(e: EntriRiwayat) -> list[str]:
    return [uraikan(p) for p in e.perubahan]


def test_first_parent_entries_newest_first(sejarah: Sejarah, register: list[EntriRiwayat]) -> None:
    assert [e.commit for e in register] == [
        sejarah.hapus,
        sejarah.pindah,
        sejarah.squash,
        sejarah.merge,
        sejarah.pulih,
        sejarah.rusak,
        sejarah.awal,
    ]
    assert sejarah.readme not in {e.commit for e in register}
    assert register[-1].tanggal.utcoffset() is not None


def test_merge_entry_is_the_merger_with_the_branch_authors(
    sejarah: Sejarah, register: list[EntriRiwayat]
) -> None:
    e = _entri(register, sejarah.merge)
    assert e.pr == 7
    assert (e.penulis.email, e.penulis.pejabat) == ("rina@gamping.example", "panewu-anom")
    assert [(p.email, p.pejabat) for p in e.penulis_commit] == [
        ("siti@gamping.example", "kepala-jawatan-umum"),
        ("ani@staf.example", None),
    ]
    assert "realisasi TW1 2025 · jawatan-umum · ik1 · nilai: 80 → 81" in _teks(e)
    tambah = [p for p in e.perubahan if p.berkas == TW2 and p.indikator == "ik1"]
    assert tambah[0].jenis == "tambah"
    assert tambah[0].baru == {"indikator": "ik1", "nilai": 82}
    assert (tambah[0].tahun, tambah[0].periode, tambah[0].unit) == (2025, "TW2", "jawatan-umum")


def test_squash_entry_names_the_target_change(
    sejarah: Sejarah, register: list[EntriRiwayat]
) -> None:
    e = _entri(register, sejarah.squash)
    assert e.pr == 8
    assert e.penulis.pejabat == "kasubbag-kpe"
    assert _teks(e) == ["perjanjian-kinerja 2025 · ik3 · target: 8 → 10"]
    p = e.perubahan[0]
    assert (p.berkas, p.indikator, p.medan, p.lama, p.baru) == (PK, "ik3", "target", 8, 10)
    assert p.unit == "jawatan-umum"


def test_rename_is_a_move_with_its_content_changes(
    sejarah: Sejarah, register: list[EntriRiwayat]
) -> None:
    e = _entri(register, sejarah.pindah)
    pindah = [p for p in e.perubahan if p.jenis == "pindah"]
    assert [(p.berkas, p.lama, p.baru) for p in pindah] == [(TW3, TW2, TW3)]
    assert "realisasi TW3 2025 · jawatan-umum · periode: TW2 → TW3" in _teks(e)
    assert all(p.berkas == TW3 for p in e.perubahan)


def test_deleted_file_lists_what_it_held(sejarah: Sejarah, register: list[EntriRiwayat]) -> None:
    e = _entri(register, sejarah.hapus)
    assert e.perubahan[0].jenis == "hapus"
    assert e.perubahan[0].catatan == "berkas dihapus"
    ik1 = next(p for p in e.perubahan if p.indikator == "ik1")
    assert (ik1.jenis, ik1.lama, ik1.baru) == ("hapus", {"indikator": "ik1", "nilai": 82}, None)


def test_broken_yaml_in_an_old_commit_is_recorded(
    sejarah: Sejarah, register: list[EntriRiwayat]
) -> None:
    rusak = _entri(register, sejarah.rusak)
    assert len(rusak.perubahan) == 1
    assert rusak.perubahan[0].catatan is not None
    assert rusak.perubahan[0].catatan.startswith("berkas tidak dapat dibaca pada commit ini")
    assert "baris" in rusak.perubahan[0].catatan
    pulih = _entri(register, sejarah.pulih)
    assert "dapat dibaca kembali" in (pulih.perubahan[0].catatan or "")


def test_initial_commit_adds_every_item(sejarah: Sejarah, register: list[EntriRiwayat]) -> None:
    awal = _entri(register, sejarah.awal)
    berkas = {p.berkas for p in awal.perubahan}
    assert berkas == {
        "data/instansi.yml",
        "data/sop.yml",
        PK,
        TW1,
        "data/2025/siklus/TW1.yml",
    }
    teks = _teks(awal)
    assert (
        "siklus TW1 2025 · langkah 1 · ditandatangani oleh kasubbag-kpe (selesai 2025-04-01)"
        in teks
    )
    assert any(t.startswith("perjanjian-kinerja 2025 · ik2: ditambahkan (") for t in teks)
    assert "realisasi TW1 2025 · jawatan-umum · tanggal: – → 2025-04-08" in teks


def _paket(folder: Path) -> dict[Path, set[str]]:
    """Return each cache pack and the commits it holds."""
    return {
        p: set(msgpack.unpackb(p.read_bytes().partition(b"\n")[2])["entri"])
        for p in sorted(folder.glob("paket-*.msgpack"))
    }


def test_cache_gives_the_same_register_and_reads_only_new_commits(
    sejarah: Sejarah, register: list[EntriRiwayat], tmp_path: Path
) -> None:
    salinan = tmp_path / "salinan"
    subprocess.run(
        ["git", "clone", "-q", str(sejarah.repo.root), str(salinan)], check=True, env=env_git()
    )
    dingin = baca_riwayat(salinan, cache=True)
    folder = folder_cache(salinan) / f"riwayat-v{VERSI}"
    assert folder.is_relative_to(salinan / ".git")
    [(pertama, isi)] = _paket(folder).items()
    assert isi == {e.commit for e in register}
    assert not subprocess.run(
        ["git", "status", "--porcelain"], cwd=salinan, capture_output=True, text=True, check=True
    ).stdout
    assert baca_riwayat(salinan) == dingin == register
    # after one new commit only that commit is computed, into a pack of its own
    inode = pertama.stat().st_ino  # a pack written again is a new file renamed over it
    repo = RepoUji(salinan, waktu=sejarah.repo.waktu)
    baru = repo.commit(
        "Ubah nilai", {TW1: realisasi_yml(nilai={"ik1": 90})}, oleh="kepala-jawatan-umum"
    )
    hangat = baca_riwayat(salinan)
    assert hangat[0].commit == baru and hangat[1:] == register
    assert pertama.stat().st_ino == inode
    assert list(_paket(folder).values())[1:] == [{baru}]
    # a damaged pack and a pack of another format version are ignored, then replaced
    pertama.write_text("{rusak", encoding="utf-8")
    asing = folder / "paket-0.msgpack"
    asing.write_bytes(msgpack.packb({"versi": 0, "entri": {}}))
    assert baca_riwayat(salinan) == hangat
    [(_, isi)] = _paket(folder).items()
    assert isi == {e.commit for e in hangat}
    # packs are merged before they pile up
    for n in range(PAKET_MAKS + 1):
        repo.commit(f"Ubah {n}", {TW1: realisasi_yml(nilai={"ik1": n})}, oleh="kasubbag-kpe")
        semua = baca_riwayat(salinan)
    assert 1 <= len(_paket(folder)) <= PAKET_MAKS
    assert semua == baca_riwayat(salinan, cache=False)


def test_officials_are_mapped_at_read_time(sejarah: Sejarah, tmp_path: Path) -> None:
    instansi = muat_instansi(sejarah.repo.root)
    assert instansi is not None
    tanpa_identitas = instansi.model_copy(
        update={
            "pejabat": tuple(p.model_copy(update={"identitas_git": ()}) for p in instansi.pejabat)
        }
    )
    salinan = baca_riwayat(sejarah.repo.root, instansi=tanpa_identitas)
    assert all(e.penulis.pejabat is None for e in salinan)


def test_shallow_clone_is_refused_with_advice(sejarah: Sejarah, tmp_path: Path) -> None:
    dangkal = tmp_path / "dangkal"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{sejarah.repo.root}", str(dangkal)],
        check=True,
        env=env_git(),
    )
    with pytest.raises(RiwayatDangkal, match="fetch-depth: 0") as info:
        baca_riwayat(dangkal)
    assert "git fetch --unshallow" in str(info.value)
    hasil = capkin(dangkal, "history")
    assert hasil.exit_code == 1
    assert "fetch-depth: 0" in hasil.output


def test_a_filter_that_matches_nothing_says_so(sejarah: Sejarah) -> None:
    root = str(sejarah.repo.root)
    hasil = capkin(root, "history", "--unit", "tidak-ada", "--no-cache")
    assert hasil.exit_code == 0
    assert "Tidak ada perubahan data yang cocok dengan --unit tidak-ada." in hasil.stdout
    assert "Belum ada perubahan data" not in hasil.output
    json_ = capkin(root, "history", "--indikator", "x", "--format", "json")
    assert json.loads(json_.stdout) == [] and "--indikator x" in json_.stderr


def test_not_a_git_repository_gives_an_empty_register(tmp_path: Path) -> None:
    tulis_data_minimal(tmp_path)
    assert baca_riwayat(tmp_path) == []
    hasil = capkin(tmp_path, "history", "--format", "json")
    assert hasil.exit_code == 0
    assert json.loads(hasil.stdout) == []
    assert "bukan bagian dari repositori git" in hasil.stderr


def test_repository_without_commits_gives_an_empty_register(tmp_path: Path) -> None:
    RepoUji.buat(tmp_path)
    tulis_data_minimal(tmp_path)
    assert baca_riwayat(tmp_path) == []


def test_data_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repo = RepoUji.buat(tmp_path)
    tulis_data_minimal(tmp_path / "kantor")
    repo.commit("awal", oleh="kasubbag-kpe")
    repo.commit("ubah", {f"kantor/{TW1}": realisasi_yml(nilai={"ik1": 99})}, oleh="kasubbag-kpe")
    hasil = baca_riwayat(tmp_path / "kantor")
    assert [p.berkas for p in hasil[0].perubahan] == [TW1, TW1, TW1]
    assert "realisasi TW1 2025 · jawatan-umum · ik1 · nilai: 80 → 99" in _teks(hasil[0])


@pytest.mark.parametrize(
    ("pesan", "pr"),
    [
        ("Merge pull request #12 from kantor/tw2\n\nRealisasi", 12),
        ("Realisasi TW2 jawatan umum (#34)", 34),
        ("Realisasi TW2 (#34) tambahan", None),
        ("Perbaiki #5", None),
    ],
)
def test_pull_request_numbers(pesan: str, pr: int | None) -> None:
    assert nomor_pr(pesan) == pr


def test_filters(register: list[EntriRiwayat], sejarah: Sejarah) -> None:
    ik3 = saring_riwayat(register, indikator="ik3")
    assert sejarah.squash in {e.commit for e in ik3}
    assert all(p.indikator == "ik3" for e in ik3 for p in e.perubahan)
    umum = saring_riwayat(register, unit="jawatan-umum")
    assert all(p.unit == "jawatan-umum" for e in umum for p in e.perubahan)
    assert saring_riwayat(register, unit="tidak-ada") == []
    terakhir = saring_riwayat(register, sejak=register[1].tanggal.date(), batas=1)
    assert [e.commit for e in terakhir] == [sejarah.hapus]


def test_register_says_what_proves_each_pull_request_number(
    register: list[EntriRiwayat], sejarah: Sejarah
) -> None:
    # a merge commit GitHub signed proves a merged branch; a one-parent commit GitHub signed
    # titled "(#8)" may be a squash merge or a web-editor commit typed so: only its title says
    merge, squash = _entri(register, sejarah.merge), _entri(register, sejarah.squash)
    assert (merge.pr_dasar, merge.teks_pr) == ("gabungan", "PR #7")
    assert squash.pr_dasar == "judul"
    assert squash.teks_pr == "PR #8 menurut judul commit yang ditandatangani GitHub"
    teks = format_teks(register)
    assert "PR #8 menurut judul commit yang ditandatangani GitHub" in teks
    assert "PR #7\n" in teks
    md = format_markdown(register)
    assert "| PR #8 menurut judul commit yang ditandatangani GitHub |" in md
    assert json.loads(squash.teks_json())["pr_dasar"] == "judul"
    assert merge.as_json()["pr_dasar"] == "gabungan"


def test_text_and_markdown_are_indonesian(register: list[EntriRiwayat], sejarah: Sejarah) -> None:
    instansi = muat_instansi(sejarah.repo.root)
    teks = format_teks(register, instansi)
    assert "PR #7" in teks and "RINA ASTUTI, S.IP. (panewu-anom)" in teks
    assert "    • perjanjian-kinerja 2025 · ik3 · target: 8 → 10" in teks
    assert "Desember 2026" in teks and "WIB" in teks
    md = format_markdown(register, instansi)
    assert md.startswith("| Tanggal | Commit | Penulis | PR | Perubahan |")
    assert "Ani Staf &lt;ani@staf.example&gt; (bukan identitas git pejabat)" in md
    assert md.count("\n") == len(register) + 2


def test_cli_history_json_shape(sejarah: Sejarah) -> None:
    hasil = capkin(
        sejarah.repo.root, "history", "--format", "json", "--indikator", "ik3", "--no-cache"
    )
    assert hasil.exit_code == 0, hasil.output
    data = json.loads(hasil.stdout)
    entri = next(e for e in data if e["commit"] == sejarah.squash)
    assert set(entri) == {
        "commit",
        "tanggal",
        "penulis",
        "pesan",
        "pr",
        "pr_dasar",
        "penulis_commit",
        "perubahan",
    }
    assert entri["penulis"] == {
        "nama": "BUDI SANTOSO, S.E",
        "email": "budi@gamping.example",
        "pejabat": "kasubbag-kpe",
    }
    assert entri["perubahan"] == [
        {
            "berkas": PK,
            "jalur": "perjanjian-kinerja 2025 · ik3 · target",
            "jenis": "ubah",
            "lama": 8,
            "baru": 10,
            "catatan": None,
        }
    ]


def test_cli_history_text_and_since(sejarah: Sejarah) -> None:
    hasil = capkin(sejarah.repo.root, "history", "--since", "2030-01-01")
    assert hasil.exit_code == 0
    assert "Belum ada perubahan" in hasil.stdout
    hasil = capkin(sejarah.repo.root, "history", "--limit", "1", "--format", "markdown")
    assert hasil.exit_code == 0 and sejarah.hapus[:7] in hasil.stdout
    salah = capkin(sejarah.repo.root, "history", "--since", "kemarin")
    assert salah.exit_code == 2


def test_environment_without_home(sejarah: Sejarah, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOME", raising=False)
    assert baca_riwayat(sejarah.repo.root, cache=False)[0].commit == sejarah.hapus
    assert os.environ.get("HOME") is None


def test_squash_commit_lists_its_co_authors(tmp_path: Path, webflow: KunciGpg) -> None:
    repo = RepoUji.buat(tmp_path)
    tulis_data_minimal(tmp_path)
    repo.commit("awal", oleh="kasubbag-kpe")
    pesan = (
        "Realisasi TW1 jawatan umum (#9)\n\n* Isi ik1\n\n"
        "Co-authored-by: Ani Staf <ani@staf.example>\n"
        "Co-authored-by: SITI AMINAH <Siti@Gamping.example>\n"
    )
    tulis(tmp_path, TW1, realisasi_yml(nilai={"ik1": 70}))
    repo.git("add", "-A")
    git_gpg(repo, webflow, "commit", "-q", "-S", "-m", pesan, nama="Budi", email="budi@x.example")
    e = baca_riwayat(tmp_path)[0]
    assert e.pr == 9
    assert [(p.nama, p.pejabat) for p in e.penulis_commit] == [
        ("Ani Staf", None),
        ("SITI AMINAH", "kepala-jawatan-umum"),
    ]
