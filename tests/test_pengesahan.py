"""Approved is frozen: a change after approval is named, a revisi re-approves (issue 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import (
    LANGKAH_TW1,
    SIKLUS_TW1,
    RepoUji,
    capkin,
    gabung,
    instansi_yml,
    pk_yml,
    realisasi_yml,
    repo_minimal,
    siklus_yml,
    sop_yml,
    tandatangani,
)

from capkin.errors import Masalah
from capkin.validation import periksa

KODE = "laporan-berubah-setelah-pengesahan"
REALISASI = "data/2025/realisasi/TW1/jawatan-umum.yml"
PK = "data/2025/perjanjian-kinerja.yml"


pytestmark = pytest.mark.usefixtures("git_terisolasi")


@pytest.fixture
def repo(tmp_path: Path) -> RepoUji:
    """A repository whose TW1 2025 report the Panewu approved (step 6 signed and committed)."""
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 6)
    return r


def beku(root: Path) -> list[Masalah]:
    _, masalah = periksa(root)
    return [m for m in masalah if m.kode == KODE]


def _satu_setelah_commit_lain(repo: RepoUji, kode: str) -> Masalah:
    """Commit an unrelated file, then return the one problem with this code: a durable
    warning must outlive the commit after the change that caused it."""
    repo.commit("Lain-lain", {"catatan.txt": "x\n"}, oleh="kasubbag-kpe")
    _, masalah = periksa(repo.root)
    [m] = [m for m in masalah if m.kode == kode]
    return m


def test_approved_and_untouched_is_silent(repo: RepoUji) -> None:
    assert beku(repo.root) == []


def test_realisasi_change_after_approval_names_figures_and_commit(repo: RepoUji) -> None:
    sha = repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    [m] = beku(repo.root)
    assert m.berkas == SIKLUS_TW1
    assert m.baris == 23  # the step 6 record
    assert "laporan TW1 2025" in m.pesan
    assert "ik1 · realisasi: 80 → 84" in m.pesan
    assert "ik1 · capaian: 94,12 % → 98,82 %" in m.pesan
    assert f"commit {sha[:7]} oleh SITI AMINAH, S.Sos" in m.pesan
    assert "--revisi" in m.pesan


# A base where every setting matters: ik2 is over its target (the cap counts), ik3 is "turun".
PK_TURUN = pk_yml().replace("        target: 8\n", "        target: 8\n        polaritas: turun\n")
INSTANSI = "data/instansi.yml"


def _instansi(pengaturan: str) -> str:
    return instansi_yml().replace("unit:\n", f"pengaturan:\n{pengaturan}unit:\n", 1)


@pytest.fixture
def repo_lengkap(tmp_path: Path) -> RepoUji:
    r = repo_minimal(tmp_path / "repo")
    r.commit(
        "ik3 turun, ik2 di atas target",
        {PK: PK_TURUN, REALISASI: realisasi_yml(nilai={"ik1": 80, "ik2": 120, "ik3": 7})},
        oleh="kasubbag-kpe",
    )
    tandatangani(r, 6)
    return r


@pytest.mark.parametrize(
    ("berkas", "teks", "harap"),
    [
        pytest.param(
            PK,
            PK_TURUN.replace("target: 85", "target: 80").replace("2025-02-03", "2025-05-02"),
            ["ik1 · target: 85 → 80", "ik1 · capaian: 94,12 % → 100,00 %"],
            id="target",
        ),
        pytest.param(
            PK,
            PK_TURUN.replace("target: 85\n", "target: 85\n        polaritas: turun\n"),
            ["ik1 · polaritas: naik → turun", "ik1 · capaian: 94,12 % → 105,88 %"],
            id="polaritas",
        ),
        pytest.param(
            INSTANSI,
            _instansi("  predikat:\n    - {min: 100, nama: Baik}\n    - {min: 0, nama: Kurang}\n"),
            ["ik1 · predikat: Sangat Tinggi → Kurang", "total · predikat: Sangat Tinggi → Baik"],
            id="band",
        ),
        pytest.param(
            INSTANSI,
            _instansi("  rumus_turun: rasio\n"),
            ["ik3 · capaian: 112,50 % → 114,29 %"],
            id="rumus_turun",
        ),
        pytest.param(
            INSTANSI,
            _instansi("  batas_capaian_rata_rata: 100\n"),
            ["sasaran ss1 · capaian: 108,87 % → 98,04 %", "total · capaian: 108,87 % → 98,04 %"],
            id="cap",
        ),
    ],
)
def test_any_input_change_after_approval_is_named(
    repo_lengkap: RepoUji, berkas: str, teks: str, harap: list[str]
) -> None:
    sha = repo_lengkap.commit("Ubah setelah disahkan", {berkas: teks}, oleh="kasubbag-kpe")
    [m] = beku(repo_lengkap.root)
    for potongan in harap:
        assert potongan in m.pesan
    assert f"commit {sha[:7]} oleh BUDI SANTOSO" in m.pesan


def test_change_in_the_same_branch_after_the_signing_commit(tmp_path: Path) -> None:
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    r.git("checkout", "-q", "-b", "pengesahan")
    signed = r.commit("Langkah 6", {SIKLUS_TW1: siklus_yml("TW1", LANGKAH_TW1)}, oleh="panewu")
    telat = r.commit(
        "Ubah realisasi di PR yang sama",
        {REALISASI: realisasi_yml(nilai={"ik1": 70, "ik2": 88, "ik3": 7})},
        oleh="kasubbag-kpe",
    )
    r.git("checkout", "-q", "main")
    gabung(r, "pengesahan", "Merge pull request #7 from kantor/pengesahan", oleh="panewu")
    [m] = beku(r.root)
    assert f"commit {signed[:7]}" in m.pesan
    assert "ik1 · realisasi: 80 → 70" in m.pesan
    assert f"commit {telat[:7]} oleh BUDI SANTOSO" in m.pesan


def test_kesimpulan_rewritten_after_approval_is_named(tmp_path: Path) -> None:
    # the Panewu approved the report with its written conclusion: rewriting the conclusion
    # afterwards changes the approved document as much as a figure does
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    disetujui = siklus_yml("TW1", LANGKAH_TW1) + "kesimpulan: Target ik1 belum tercapai.\n"
    r.commit("Langkah 6", {SIKLUS_TW1: disetujui}, oleh="panewu")
    assert beku(r.root) == []
    diubah = disetujui.replace("belum tercapai", "tercapai sepenuhnya")
    sha = r.commit("Perbaiki kesimpulan", {SIKLUS_TW1: diubah}, oleh="kasubbag-kpe")
    [m] = beku(r.root)
    assert "kesimpulan: Target ik1 belum tercapai. → Target ik1 tercapai sepenuhnya." in m.pesan
    assert f"commit {sha[:7]}" in m.pesan


def test_an_empty_kesimpulan_written_as_blanks_is_no_change(tmp_path: Path) -> None:
    # 'kesimpulan: ""' approved, then '"   "' (a web editor's blank line): the report has no
    # written conclusion either way, so nothing approved changed
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    disetujui = siklus_yml("TW1", LANGKAH_TW1) + 'kesimpulan: ""\n'
    r.commit("Langkah 6", {SIKLUS_TW1: disetujui}, oleh="panewu")
    r.commit("Spasi", {SIKLUS_TW1: disetujui.replace('""', '"   "')}, oleh="kasubbag-kpe")
    assert beku(r.root) == []


@pytest.mark.parametrize("hapus", ["langkah", "berkas", "sop"])
def test_deleting_the_approval_to_change_an_approved_report_is_named(
    repo: RepoUji, hapus: str
) -> None:
    # without its step 6 the period is a draft again: the changed figures would be published
    # as "belum disahkan" and the approved version would be gone
    berkas: dict[str, str | None] = {
        REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})
    }
    if hapus == "sop":  # a seventh SOP step: step 6 no longer approves
        tambahan = (
            "  - no: 7\n    aktivitas: Arsip\n    pelaksana: [panewu]\n    waktu_hari_kerja: 1\n"
        )
        berkas["data/sop.yml"] = sop_yml() + tambahan
    else:
        berkas[SIKLUS_TW1] = siklus_yml("TW1", LANGKAH_TW1[:5]) if hapus == "langkah" else None
    repo.commit("Tarik pengesahan, ubah ik1", berkas, oleh="kasubbag-kpe")
    [m] = beku(repo.root)
    assert m.berkas == SIKLUS_TW1
    assert "pengesahan langkah 6 laporan TW1 2025 oleh panewu" in m.pesan
    assert "--revisi" in m.pesan
    hasil = capkin(repo.root, "validate", "--strict")
    assert hasil.exit_code == 1


def test_revert_restores_silence(repo: RepoUji) -> None:
    repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    assert len(beku(repo.root)) == 1
    repo.git("revert", "--no-edit", "HEAD")
    assert beku(repo.root) == []


def test_uncommitted_change_is_flagged_as_such(repo: RepoUji) -> None:
    (repo.root / REALISASI).write_text(realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7}))
    [m] = beku(repo.root)
    assert "ik1 · realisasi: 80 → 81" in m.pesan
    assert "(belum di-commit)" in m.pesan


def test_strict_validate_fails(repo: RepoUji) -> None:
    repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    hasil = capkin(repo.root, "validate", "--strict")
    assert hasil.exit_code == 1
    assert KODE in hasil.output or "berubah oleh data sekarang" in hasil.output


def _sign(root: Path, *args: str) -> tuple[int, str]:
    hasil = capkin(root, "sign", "--periode", "TW1", *args)
    return hasil.exit_code, hasil.output


def test_revisi_reapproves_and_clears_the_warning(repo: RepoUji) -> None:
    repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    kode, keluaran = _sign(repo.root, "--langkah", "6", "--oleh", "panewu")
    assert kode == 1 and "--revisi" in keluaran
    alasan = "Koreksi realisasi ik1 (surat 000.8/140/Uji)"
    args = ("--langkah", "6", "--oleh", "panewu", "--revisi", "--tanggal", "2025-05-02")
    kode, keluaran = _sign(repo.root, *args, "--alasan", alasan)
    assert kode == 0, keluaran
    assert "disahkan ulang oleh Drs. SARJONO, M.Si. pada 2025-05-02" in keluaran
    teks = (repo.root / SIKLUS_TW1).read_text()
    assert teks.endswith(f"revisi:\n  - {{tanggal: 2025-05-02, oleh: panewu, alasan: {alasan}}}\n")
    sha = repo.commit("Pengesahan ulang TW1", oleh="panewu")
    _, masalah = periksa(repo.root)
    assert [m for m in masalah if "pengesahan" in m.kode] == []
    from capkin.pengesahan import periksa_pengesahan
    from capkin.validation import muat_valid

    ds, _ = muat_valid(repo.root)
    [p] = periksa_pengesahan(ds, repo.root)
    assert [(v.ke, v.commit is not None, v.alasan) for v in p.versi] == [
        (1, True, None),
        (2, True, alasan),
    ]
    assert p.terakhir.commit == sha


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (
            ("--oleh", "panewu-anom", "--alasan", "x"),
            "hanya boleh ditandatangani oleh peran: panewu",
        ),
        (("--oleh", "panewu"), "alasan revisi wajib diisi"),
        (("--oleh", "panewu", "--alasan", "x", "--tanggal", "2025-04-01"), "lebih awal dari"),
        (("--oleh", "panewu", "--alasan", "x", "--langkah", "5"), "tulis --langkah 6"),
    ],
)
def test_revisi_refuses(repo: RepoUji, args: tuple[str, ...], pesan: str) -> None:
    lengkap = args if "--langkah" in args else ("--langkah", "6", *args)
    kode, keluaran = _sign(repo.root, *lengkap, "--revisi")
    assert kode != 0
    assert pesan in " ".join(keluaran.split())


def test_revisi_needs_an_approval_first(tmp_path: Path) -> None:
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    kode, keluaran = _sign(
        r.root, "--langkah", "6", "--oleh", "panewu", "--revisi", "--alasan", "x"
    )
    assert kode == 1
    assert "belum disahkan" in keluaran


def test_revisi_with_commit_checks_the_identity(repo: RepoUji) -> None:
    repo.git("config", "user.name", "Bukan Panewu")
    repo.git("config", "user.email", "lain@uji.example")
    args = ("--langkah", "6", "--oleh", "panewu", "--revisi", "--alasan", "x", "--commit")
    kode, keluaran = _sign(repo.root, *args)
    assert kode == 1 and "bukan identitas_git panewu" in " ".join(keluaran.split())
    assert "revisi" not in (repo.root / SIKLUS_TW1).read_text()
    repo.git("config", "user.email", "sarjono@gamping.example")
    kode, keluaran = _sign(repo.root, *args, "--tanggal", "2025-05-02")
    assert kode == 0, keluaran
    assert repo.git("log", "-1", "--format=%ae %s").startswith(
        "sarjono@gamping.example Pengesahan ulang (revisi 1) laporan TW1 2025"
    )


def test_revisi_by_an_official_without_the_role_is_an_error(repo: RepoUji) -> None:
    teks = (repo.root / SIKLUS_TW1).read_text()
    teks += "revisi:\n  - {tanggal: 2025-05-02, oleh: kasubbag-kpe, alasan: Koreksi}\n"
    repo.commit("Revisi palsu", {SIKLUS_TW1: teks}, oleh="kasubbag-kpe")
    _, masalah = periksa(repo.root)
    [m] = [m for m in masalah if m.kode == "peran-tidak-berwenang"]
    assert (m.berkas, m.baris) == (SIKLUS_TW1, 28)


def _compute(root: Path, *args: str) -> tuple[int, str, str]:
    hasil = capkin(root, "compute", "--tahun", "2025", "--periode", "TW1", *args)
    return hasil.exit_code, hasil.stdout, hasil.stderr


def test_compute_versi_disahkan_gives_the_approved_figures(repo: RepoUji) -> None:
    import json

    sah = repo.git("log", "-1", "--format=%H").strip()  # step 6 is the last commit
    repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    kode, keluaran, galat = _compute(repo.root, "--format", "json", "--versi", "disahkan")
    assert kode == 0, galat
    data = json.loads(keluaran)
    assert data["versi"] == "disahkan"
    assert data["pengesahan"]["commit"] == sah
    assert data["pengesahan"]["tanggal"] == "2025-04-22"
    assert "ik1 · capaian: 94,12 % → 98,82 %" in data["pengesahan"]["berubah_setelah_pengesahan"]
    assert data["indikator"][0]["capaian"] == 94.12
    assert "data sekarang BERBEDA" in galat
    kode, keluaran, _ = _compute(repo.root, "--format", "json")
    data = json.loads(keluaran)
    assert (data["versi"], data["indikator"][0]["capaian"]) == ("kini", 98.82)
    assert "pengesahan" not in data


def test_compute_versi_disahkan_of_a_period_not_approved(tmp_path: Path) -> None:
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    kode, _, galat = _compute(r.root, "--versi", "disahkan")
    assert kode == 2
    assert "belum disahkan" in galat and "--versi kini" in galat


def test_diff_lists_altered_approved_periods_and_new_problems_first(repo: RepoUji) -> None:
    (repo.root / REALISASI).write_text(realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7}))
    (repo.root / "data/2025/catatan.yml").write_text("isi: bebas\n")  # a new warning
    hasil = capkin(repo.root, "diff", "HEAD")
    assert hasil.exit_code == 0, hasil.output
    md = hasil.stdout
    sah, baru, indikator = (
        md.index("### Laporan yang sudah disahkan berubah"),
        md.index("### Masalah validasi baru"),
        md.index("### Capaian indikator"),
    )
    assert sah < baru < indikator
    assert "| TW1 2025 | ik1 · capaian | 94,12 % → **98,82 %** | belum |" in md
    alasan = ("--alasan", "Koreksi ik1")
    kode, keluaran = _sign(repo.root, "--langkah", "6", "--oleh", "panewu", "--revisi", *alasan)
    assert kode == 0, keluaran
    md = capkin(repo.root, "diff", "HEAD").stdout
    assert "| TW1 2025 | ik1 · capaian | 94,12 % → **98,82 %** | ya |" in md


def test_diff_of_a_change_to_a_period_not_approved_lists_none(tmp_path: Path) -> None:
    r = repo_minimal(tmp_path / "repo")
    tandatangani(r, 5)
    (r.root / REALISASI).write_text(realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7}))
    md = capkin(r.root, "diff", "HEAD").stdout
    assert "### Capaian indikator" in md
    assert "sudah disahkan" not in md


def test_new_realisasi_warns_before_writing_into_an_approved_period(repo: RepoUji) -> None:
    (repo.root / REALISASI).unlink()
    args = ["-C", str(repo.root), "new", "realisasi", "--unit", "jawatan-umum", "--periode"]
    hasil = capkin(None, *args, "TW1")
    assert hasil.exit_code == 0, hasil.output
    assert "peringatan: laporan TW1 2025 sudah disahkan" in hasil.stderr
    assert "--revisi" in hasil.stderr and "Koreksi setelah disahkan" in hasil.stderr
    assert (repo.root / REALISASI).is_file()
    hasil = capkin(None, *args, "TW2")
    assert hasil.exit_code == 0, hasil.output
    assert "sudah disahkan" not in hasil.stderr


def test_new_realisasi_that_fails_does_not_warn_of_approval(repo: RepoUji) -> None:
    args = ["new", "realisasi", "--unit", "jawatan-umum", "--periode", "TW1"]
    hasil = capkin(repo.root, *args)  # the file exists: refused, nothing written
    assert hasil.exit_code != 0
    assert "sudah ada" in hasil.stderr
    assert "sudah disahkan" not in hasil.stderr


def test_worksheet_import_warns_when_the_period_is_approved(repo: RepoUji) -> None:
    from openpyxl import load_workbook

    out = repo.root.parent / "keluar"
    ws = ["-C", str(repo.root), "worksheet"]
    hasil = capkin(None, *ws, "make", "--periode", "TW1", "--out", str(out))
    assert hasil.exit_code == 0, hasil.output
    [xlsx] = out.glob("*.xlsx")
    wb = load_workbook(xlsx)
    lembar = wb.worksheets[0]
    baris = next(r for r in range(1, 60) if lembar[f"A{r}"].value == "ik1")
    lembar[f"E{baris}"] = 84
    wb.save(xlsx)
    hasil = capkin(None, *ws, "import", str(xlsx))
    assert hasil.exit_code == 1 and "--force" in hasil.stderr  # a conflict: nothing written
    assert "sudah disahkan" not in hasil.stderr
    hasil = capkin(None, *ws, "import", str(xlsx), "--dry-run")
    assert "peringatan: laporan TW1 2025 sudah disahkan" in hasil.stderr
    hasil = capkin(None, *ws, "import", str(xlsx), "--force")
    assert "peringatan: laporan TW1 2025 sudah disahkan" in hasil.stderr
    assert "nilai: 84" in (repo.root / REALISASI).read_text(encoding="utf-8")


def test_panduan_revisi_example_is_valid_siklus_data() -> None:
    import yaml

    from capkin.models.siklus_model import Siklus
    from capkin.scaffold import panduan_markdown

    teks = panduan_markdown().split("## 11. Koreksi setelah disahkan", 1)[1]
    contoh = yaml.safe_load(teks.split("```yaml\n", 1)[1].split("```", 1)[0])
    siklus = Siklus.model_validate({"periode": "TW1", **contoh})
    assert siklus.revisi[0].oleh == "panewu"
    assert "capkin sign --periode TW1 --langkah 6 --oleh panewu --revisi --alasan" in teks


def test_the_sop_clock_measures_the_original_cycle(repo: RepoUji) -> None:
    status = ["-C", str(repo.root), "status", "--periode", "TW1", "--tanggal", "2025-09-02"]
    sebelum = capkin(None, *status)
    assert sebelum.exit_code == 0, sebelum.output
    args = ("--langkah", "6", "--oleh", "panewu", "--revisi", "--tanggal", "2025-09-01")
    kode, keluaran = _sign(repo.root, *args, "--alasan", "Koreksi ik1")
    assert kode == 0, keluaran
    repo.commit("Pengesahan ulang", oleh="panewu")
    sesudah = capkin(None, *status)
    assert sesudah.exit_code == 0, sesudah.output
    assert sesudah.output.startswith(sebelum.output)  # every step as before, then the revisi
    assert "TERLAMBAT" not in sesudah.output
    assert (
        "Disahkan ulang (revisi 1) 1 September 2025 oleh Drs. SARJONO, M.Si.: Koreksi ik1"
        in " ".join(sesudah.output.split())
    )


def test_a_revisi_committed_by_someone_else_does_not_count(repo: RepoUji) -> None:
    """A staff member cannot silence the warning by writing the Panewu's revisi themself."""
    teks = (repo.root / SIKLUS_TW1).read_text(encoding="utf-8")
    teks += "revisi:\n  - {tanggal: 2025-05-02, oleh: panewu, alasan: Koreksi ik1}\n"
    repo.commit(
        "Koreksi ik1 dan 'pengesahan ulang'",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7}), SIKLUS_TW1: teks},
        oleh="kasubbag-kpe",
    )
    _, masalah = periksa(repo.root)
    [ttd] = [m for m in masalah if m.kode == "tanda-tangan-tidak-terverifikasi"]
    assert (ttd.berkas, ttd.baris) == (SIKLUS_TW1, 28)
    assert "revisi 1" in ttd.pesan and "budi@gamping.example" in ttd.pesan
    assert "tidak dihitung" in ttd.pesan
    [m] = [m for m in masalah if m.kode == KODE]
    assert "ik1 · capaian: 94,12 % → 98,82 %" in m.pesan
    kode, keluaran, _ = _compute(repo.root, "--versi", "disahkan", "--format", "json")
    assert kode == 0 and '"ke": 1' in keluaran
    register = capkin(repo.root, "history").output
    assert "pengesahan ulang (revisi 1) atas nama panewu: tidak terverifikasi" in register
    assert "oleh budi@gamping.example) — tidak dihitung\n" in register


def test_a_revisi_by_a_role_granted_in_the_same_change_does_not_count(repo: RepoUji) -> None:
    """A unit head who makes herself 'panewu' in the same change cannot re-approve."""
    teks = (repo.root / SIKLUS_TW1).read_text(encoding="utf-8")
    teks += "revisi:\n  - {tanggal: 2025-05-02, oleh: kepala-jawatan-umum, alasan: Koreksi}\n"
    instansi = (repo.root / INSTANSI).read_text(encoding="utf-8")
    repo.commit(
        "Koreksi ik1 dan pengesahan ulang",
        {
            REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7}),
            SIKLUS_TW1: teks,
            INSTANSI: instansi.replace("peran: kepala-jawatan", "peran: panewu"),
        },
        oleh="kepala-jawatan-umum",
    )
    _, masalah = periksa(repo.root)
    [ttd] = [m for m in masalah if m.kode == "tanda-tangan-tidak-terverifikasi"]
    assert "revisi 1" in ttd.pesan and "tidak dihitung" in ttd.pesan
    [m] = [m for m in masalah if m.kode == KODE]
    assert "ik1 · capaian: 94,12 % → 98,82 %" in m.pesan


def test_the_comparison_is_cached_by_commit_under_the_git_dir(repo: RepoUji) -> None:
    import json

    from capkin.cachedir import baca_entri

    sah = repo.git("log", "-1", "--format=%H").strip()
    assert beku(repo.root) == []
    cache = list((repo.root / ".git" / "capkin").glob("pengesahan-*.json"))
    assert cache == []  # inputs unchanged since approval: nothing needed computing
    sha = repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    pertama = beku(repo.root)
    [path] = (repo.root / ".git" / "capkin").glob("pengesahan-*.json")
    mentah = baca_entri(path.parent, path.name)  # checked against its digest
    assert mentah is not None
    isi = json.loads(mentah)
    assert set(isi) == {f"{sah}:2025:TW1", f"{sha}:2025:TW1"}
    assert isi[f"{sah}:2025:TW1"]["ik1 · capaian"] == "94,12 %"
    assert beku(repo.root) == pertama  # from the cache
    path.write_bytes(path.read_bytes().replace(b"94,12", b"99,99"))  # tampered: not used
    assert beku(repo.root) == pertama
    path.unlink()
    assert beku(repo.root) == pertama  # a cache can be deleted at any time


def _hitung_pemeriksaan(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the approval checks that do the work (not answered from the last result)."""
    from capkin.pengesahan import frozen as beku

    jumlah: list[int] = []

    class Asal(beku._Asal):
        def __init__(self, *args: Any) -> None:
            jumlah.append(1)
            super().__init__(*args)

    monkeypatch.setattr(beku, "_Asal", Asal)
    return jumlah


def test_a_build_checks_the_approvals_once(
    repo: RepoUji, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from capkin.site import PilihanPdf, bangun

    repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    (repo.root / ".gitignore").write_text("docs/\n", encoding="utf-8")
    jumlah = _hitung_pemeriksaan(monkeypatch)
    bangun(repo.root, tmp_path / "site", pdf=PilihanPdf.TIDAK)
    assert len(jumlah) == 1


def test_the_last_approval_check_is_not_reused_after_a_change(
    repo: RepoUji, monkeypatch: pytest.MonkeyPatch
) -> None:
    from capkin.dataset import muat_dataset
    from capkin.history import baca_riwayat
    from capkin.pengesahan import periksa_pengesahan

    repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kepala-jawatan-umum",
    )
    jumlah = _hitung_pemeriksaan(monkeypatch)
    ds, _ = muat_dataset(repo.root)
    pertama = periksa_pengesahan(ds, repo.root)
    [p] = pertama
    assert p.berubah
    assert periksa_pengesahan(ds, repo.root, baca_riwayat(repo.root)) == pertama
    assert len(jumlah) == 1
    # the same dataset, but the file it was read from changed since: checked again
    (repo.root / REALISASI).write_text(realisasi_yml(), encoding="utf-8")
    [p] = periksa_pengesahan(ds, repo.root)
    assert len(jumlah) == 2 and not p.berubah  # the work tree has the approved inputs again
    # a new commit
    repo.commit("Kembalikan ik1", oleh="kepala-jawatan-umum")
    periksa_pengesahan(ds, repo.root)
    assert len(jumlah) == 3
    # another dataset of the same data
    ds2, _ = muat_dataset(repo.root)
    [p] = periksa_pengesahan(ds2, repo.root)
    assert len(jumlah) == 4 and not p.berubah
    periksa_pengesahan(ds2, repo.root)
    assert len(jumlah) == 4


def test_a_revisi_proven_only_by_an_email_says_so_and_names_what_it_approved(
    repo: RepoUji,
) -> None:
    """A staff member who sets the Panewu's email can re-approve (signatures are optional
    here), but not unseen: the revisi is flagged as a step sign-off would be, with the
    realisasi changes it approved."""
    ubah = repo.commit(
        "Koreksi ik1",
        {REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7})},
        oleh="kasubbag-kpe",
    )
    teks = (repo.root / SIKLUS_TW1).read_text(encoding="utf-8")
    teks += "revisi:\n  - {tanggal: 2025-05-02, oleh: panewu, alasan: Koreksi ik1}\n"
    palsu = repo.commit(
        "Pengesahan ulang", {SIKLUS_TW1: teks}, oleh="kasubbag-kpe", email="sarjono@gamping.example"
    )
    _, masalah = periksa(repo.root)
    assert [m for m in masalah if m.kode == KODE] == []  # the revisi counts: not wajib
    [m] = [m for m in masalah if m.kode == "tanda-tangan-tanpa-kriptografi" and m.baris == 28]
    assert m.berkas == SIKLUS_TW1 and m.kolom == 33  # the revisi's `oleh`
    assert "revisi 1" in m.pesan and "email cocok, tanpa tanda tangan kriptografis" in m.pesan
    assert f"commit {palsu[:7]} oleh sarjono@gamping.example" in m.pesan
    assert f"ik1 · nilai: 80 → 84 (commit {ubah[:7]} oleh BUDI SANTOSO" in m.pesan
    assert "--revisi" in m.pesan and "--commit" in m.pesan
    # the register says what proves it, as it does for each step
    register = capkin(repo.root, "history").output
    assert (
        "TW1 2025 pengesahan ulang (revisi 1) atas nama panewu: email cocok, tanpa tanda "
        f"tangan kriptografis (commit {palsu[:7]} oleh sarjono@gamping.example)\n"
    ) in register


def test_rewriting_the_approval_step_stays_flagged_until_it_is_back(repo: RepoUji) -> None:
    """A staff member who changes figures and re-dates step 6 in the Panewu's name makes the
    rewritten version the approved one; the warning that the approval was removed lasted
    one commit, this one lasts until the first approval is back."""
    awal = (repo.root / SIKLUS_TW1).read_text(encoding="utf-8")
    tulis_ulang = repo.commit(
        "Koreksi",
        {
            REALISASI: realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7}),
            SIKLUS_TW1: awal.replace("selesai: 2025-04-22", "selesai: 2025-04-23"),
        },
        oleh="kasubbag-kpe",
        email="sarjono@gamping.example",
    )
    m = _satu_setelah_commit_lain(repo, "pengesahan-ditulis-ulang")
    assert (m.berkas, m.baris) == (SIKLUS_TW1, 25)  # step 6's selesai
    assert "semula oleh panewu selesai 2025-04-22, kini oleh panewu selesai 2025-04-23" in m.pesan
    assert f"commit {tulis_ulang[:7]} oleh BUDI SANTOSO" in m.pesan
    assert "--revisi" in m.pesan and f"git revert {tulis_ulang[:7]}" in m.pesan
    # the first approval back (figures kept as a correction to re-approve): nothing to flag
    repo.commit("Kembalikan pengesahan", {SIKLUS_TW1: awal}, oleh="kasubbag-kpe")
    _, masalah = periksa(repo.root)
    assert [m for m in masalah if m.kode == "pengesahan-ditulis-ulang"] == []
    assert [m for m in masalah if m.kode == KODE]  # the correction awaits its revisi


def test_a_step_added_to_the_sop_does_not_withdraw_an_approval_unseen(repo: RepoUji) -> None:
    """Adding a 7th step makes step 7 the approval step: TW1, approved by step 6, would turn
    back into a draft (its frozen report unpublished) with a warning lasting one commit."""
    sop = sop_yml() + "  - no: 7\n    aktivitas: Langkah 7\n    pelaksana: [panewu]\n"
    sop += "    waktu_hari_kerja: 1\n"
    repo.commit(
        "SOP baru dan koreksi",
        {INSTANSI.replace("instansi", "sop"): sop, REALISASI: realisasi_yml(nilai={"ik1": 84})},
        oleh="kasubbag-kpe",
    )
    m = _satu_setelah_commit_lain(repo, "pengesahan-tertinggal-sop")
    assert (m.berkas, m.baris) == (SIKLUS_TW1, 26)  # step 6's oleh
    assert "disahkan dengan tanda tangan langkah 6 oleh panewu" in m.pesan
    assert "kini menjadikan langkah 7 langkah pengesahan" in m.pesan
