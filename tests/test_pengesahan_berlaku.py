"""Approvals from proof: one rule on every surface, and the insider's attacks on it. Real
repositories with several authors, real ssh-keygen keys.

A step-6 sign-off that its commit does not prove approves nothing: the site publishes the
period as a draft. The warning about realisasi changed after approval, the PR diff's
approved-report section and the warning when a person edits realisasi must say the same,
and a pull request that deletes or re-dates the approval withdraws it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from factories import (
    PEJABAT_BERKUNCI,
    PEJABAT_UJI,
    RepoUji,
    capkin,
    commit_ssh,
    compute_json,
    instansi_berkunci,
    isolasi_git,
    kunci_pejabat,
    langkah_tw1,
    realisasi_yml,
    repo_berkunci,
    sop_yml,
)

from capkin.dataset import muat_dataset
from capkin.history import periksa_integritas
from capkin.history.signatures import ENV_KUNCI_WEBFLOW, ENV_SIDIK_WEBFLOW
from capkin.models.base import Periode
from capkin.pengesahan import periksa_pengesahan
from capkin.pengesahan.lookup import pesan_sudah_disahkan

REALISASI = "data/2025/realisasi/TW1/jawatan-umum.yml"
KOREKSI = {REALISASI: realisasi_yml(nilai={"ik1": 70, "ik2": 88, "ik3": 7})}


@pytest.fixture(autouse=True)
def _git_terisolasi(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    isolasi_git(monkeypatch)
    monkeypatch.delenv(ENV_KUNCI_WEBFLOW, raising=False)
    monkeypatch.delenv(ENV_SIDIK_WEBFLOW, raising=False)
    yield


@pytest.fixture(scope="module")
def kunci(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return kunci_pejabat(tmp_path_factory.mktemp("kunci"), [*PEJABAT_BERKUNCI, "penyusup"])


def _disetujui(root: Path, kunci: dict[str, Path], *, asli: bool) -> RepoUji:
    """Steps 1-5 signed with keys; step 6 by the Panewu's own key (`asli`), or committed by
    a staff member under the Panewu's email without a signature (held back)."""
    repo = repo_berkunci(root, kunci, sampai=5)
    if asli:
        commit_ssh(repo, "Langkah 6", langkah_tw1(6), oleh="panewu", kunci=kunci["panewu"])
    else:
        surel = PEJABAT_UJI["panewu"][3]
        repo.commit("Langkah 6", langkah_tw1(6), oleh="kasubbag-kpe", email=surel)
    return repo


def _diff(root: Path, *args: str) -> list[dict[str, Any]]:
    hasil = capkin(root, "diff", *args, "--format", "json")
    assert hasil.exit_code == 0, hasil.output
    disahkan: list[dict[str, Any]] = json.loads(hasil.output)["disahkan"]
    return disahkan


@pytest.mark.parametrize("asli", [True, False], ids=["genuine", "held-back"])
def test_every_surface_agrees_on_whether_the_period_is_approved(
    tmp_path: Path, kunci: dict[str, Path], asli: bool
) -> None:
    repo = _disetujui(tmp_path, kunci, asli=asli)
    repo.commit("Koreksi realisasi", KOREKSI, oleh="kasubbag-kpe")
    ds, _ = muat_dataset(tmp_path)
    # what the site publishes as approved
    terbit = [(p.tahun, p.periode) for p in periksa_pengesahan(ds, tmp_path)]
    assert terbit == ([(2025, Periode.TW1)] if asli else [])
    # validate's warning about realisasi changed after approval
    kode = {m.kode for m in periksa_integritas(ds, tmp_path)}
    assert ("realisasi-berubah-setelah-pengesahan" in kode) is asli
    # the warning when a person edits realisasi (CLI, worksheet)
    pesan = pesan_sudah_disahkan(ds, 2025, Periode.TW1)
    assert (pesan is not None) is asli
    # the PR diff's approved-report section
    disahkan = _diff(tmp_path, "HEAD~1", "HEAD")
    assert [(u["tahun"], u["periode"]) for u in disahkan] == ([(2025, "TW1")] if asli else [])
    if asli:
        assert disahkan[0]["beda"][0]["item"] != "pengesahan"


@pytest.mark.parametrize(
    "langkah", [5, 6], ids=["step-6-deleted", "step-6-re-dated-by-someone-else"]
)
def test_a_pull_request_that_withdraws_the_approval_says_so(
    tmp_path: Path, kunci: dict[str, Path], langkah: int
) -> None:
    repo = _disetujui(tmp_path, kunci, asli=True)
    repo.git("switch", "-q", "-c", "koreksi")
    siklus = langkah_tw1(langkah)
    if langkah == 6:  # re-dated a day later, committed by the Kasubbag KPE
        siklus = {k: v.replace("2025-04-22", "2025-04-23") for k, v in siklus.items()}
    repo.commit("Koreksi", {**KOREKSI, **siklus}, oleh="kasubbag-kpe")
    [u] = _diff(tmp_path, "main", "koreksi")
    assert (u["tahun"], u["periode"]) == (2025, "TW1")
    assert u["beda"][0] == {
        "item": "pengesahan",
        "lama": "disahkan",
        "baru": "tidak lagi disahkan (laporan kembali menjadi draf)",
    }
    assert len(u["beda"]) > 1  # the figures it changes too
    # the same from the work tree, before anything is committed
    repo.git("switch", "-q", "main")
    for berkas, teks in {**KOREKSI, **siklus}.items():
        (tmp_path / berkas).write_text(teks, encoding="utf-8")
    [u] = _diff(tmp_path, "main")
    # an uncommitted approval is judged once committed (by whom decides), as validate does
    assert (u["beda"][0]["item"] == "pengesahan") is (langkah == 5)
    teks = capkin(tmp_path, "diff", "main", "koreksi").output
    assert "tidak lagi disahkan (laporan kembali menjadi draf)" in teks
    # no temporary work tree is left registered
    assert repo.git("worktree", "list").count("\n") == 1


def test_a_held_back_approval_deleted_in_a_pull_request_withdraws_nothing(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = _disetujui(tmp_path, kunci, asli=False)
    repo.git("switch", "-q", "-c", "koreksi")
    repo.commit("Koreksi", {**KOREKSI, **langkah_tw1(5)}, oleh="kasubbag-kpe")
    assert _diff(tmp_path, "main", "koreksi") == []


def test_a_build_verifies_each_sign_off_once(
    tmp_path: Path, kunci: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import capkin.history.signoff as signoff
    import capkin.history.verified_steps as langkah

    _disetujui(tmp_path, kunci, asli=True)
    dipanggil: list[int] = []
    asli = signoff.verifikasi  # the function verified_steps imported

    def dihitung(*args: Any, **kwargs: Any) -> Any:
        dipanggil.append(1)
        return asli(*args, **kwargs)

    monkeypatch.setattr(langkah, "verifikasi", dihitung)
    # validation (signature warnings, what is approved), the approved versions and the pages
    # showing each step's proof: one verification of every sign-off
    hasil = capkin(tmp_path, "build", "--no-pdf")
    assert hasil.exit_code == 0, hasil.output
    assert len(dipanggil) == 1
    dok = json.loads((tmp_path / "site/api/v1/2025/TW1.json").read_text(encoding="utf-8"))
    assert dok["status"] == "disahkan"
    assert dok["disahkan"]["bukti"] == "terverifikasi"


ALASAN_BERBAHAYA = '<script>alert("revisi")</script> **tebal**'


def _revisi(n: int) -> dict[str, str]:
    """The siklus file of 2025 TW1 approved at step 6 and re-approved `n` times."""
    alasan = ["Koreksi ik1 (surat 000.8/140)", "Koreksi ik2", ALASAN_BERBAHAYA]
    baris = [
        f"  - {{tanggal: 2025-05-0{k + 1}, oleh: panewu, alasan: {json.dumps(alasan[k])}}}"
        for k in range(n)
    ]
    [(berkas, teks)] = langkah_tw1(6).items()
    return {berkas: teks + "revisi:\n" + "\n".join(baris) + "\n"}


def _tiga_revisi(root: Path, kunci: dict[str, Path]) -> RepoUji:
    """Signatures optional; step 6 by the Panewu's key, then three re-approvals: signed with
    her key, committed under her email only, and committed by a staff member as herself."""
    repo = repo_berkunci(root, kunci, wajib=False, sampai=5)
    commit_ssh(repo, "Langkah 6", langkah_tw1(6), oleh="panewu", kunci=kunci["panewu"])
    commit_ssh(repo, "Revisi 1", _revisi(1), oleh="panewu", kunci=kunci["panewu"])
    repo.commit("Revisi 2", _revisi(2), oleh="panewu")
    repo.commit("Revisi 3", _revisi(3), oleh="kasubbag-kpe")
    return repo


BUKTI = [
    "bertanda tangan SSH terverifikasi",
    "hanya email (email cocok, tanpa tanda tangan kriptografis)",
    "tidak dihitung: commit yang mencatatnya tidak membuktikan pejabat itu sendiri",
]


def test_status_shows_each_revisi_with_its_proof(tmp_path: Path, kunci: dict[str, Path]) -> None:
    _tiga_revisi(tmp_path, kunci)
    hasil = capkin(tmp_path, "status", "--tahun", "2025", "--periode", "TW1")
    assert hasil.exit_code == 0, hasil.output
    teks = " ".join(hasil.output.split())
    baris = teks.split("Disahkan ulang (revisi ")[1:]
    assert len(baris) == 3
    for k, (b, bukti) in enumerate(zip(baris, BUKTI, strict=True), 1):
        assert b.startswith(f"{k})") and f"Bukti: {bukti}" in b, b


def test_the_siklus_page_lists_each_revisi_with_its_proof(
    tmp_path: Path, kunci: dict[str, Path], buka: Any
) -> None:
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    _tiga_revisi(tmp_path, kunci)
    hasil = capkin(tmp_path, "build", "--no-pdf")
    assert hasil.exit_code == 0, hasil.output

    class Diam(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Diam, directory=str(tmp_path / "site"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        situs = SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}/", nama="revisi")
        halaman = buka(situs, "siklus/2025/TW1.html")
        baris = halaman.locator('tr[data-capkin="revisi"]')
        assert baris.count() == 3
        for k, bukti in enumerate(BUKTI):
            sel = baris.nth(k).locator("td")
            assert sel.nth(0).inner_text() == str(k + 1)
            assert "SARJONO" in sel.nth(2).inner_text()
            assert sel.nth(4).inner_text().startswith(bukti)
        # the reason is text: neither run nor read as Markdown
        assert baris.nth(2).locator("td").nth(3).inner_text() == ALASAN_BERBAHAYA
        assert baris.nth(2).locator("script, strong >> text=tebal").count() == 0
        assert not buka.kunjungan.galat and not buka.kunjungan.luar
    finally:
        server.shutdown()
        server.server_close()


# --- the insider's attacks --------------------------------------------------------------------
# The insider is the Kasubbag KPE: she runs the cycle, has her own registered key, and wants
# TW1 2025 published as approved by the Panewu without the Panewu proving it. Each attack is
# judged by the real CLI (`capkin validate --strict`) and the rule the site publishes by.

INSTANSI = "data/instansi.yml"
SUREL_KPE = PEJABAT_UJI["kasubbag-kpe"][3]
SUREL_PANEWU = PEJABAT_UJI["panewu"][3]


def _disahkan_tw1(root: Path) -> bool:
    """Return whether TW1 2025 is approved as the site publishes it."""
    ds, _ = muat_dataset(root)
    return [(p.tahun, str(p.periode)) for p in periksa_pengesahan(ds, root)] == [(2025, "TW1")]


def _validate(root: Path) -> str:
    hasil = capkin(root, "validate", "--strict")
    assert hasil.exit_code != 0, hasil.output  # the attack never passes the strict check
    return " ".join(hasil.output.split())


def _gabung(repo: RepoUji, cabang: str, *, ff: bool) -> None:
    """Bring a branch onto main: a merge commit by the Panewu, or a fast-forward."""
    repo.git("switch", "-q", "main")
    if ff:
        repo.git("merge", "-q", "--ff-only", cabang)
    else:
        repo.git("merge", "-q", "--no-ff", "-m", f"Merge {cabang}", cabang, oleh="panewu")
        repo.waktu += 3600


def _serangan(
    tmp_path: Path,
    kunci: dict[str, Path],
    ubah: dict[str, str],
    langkah_6: dict[str, str],
    *,
    dengan: str,
    email: str | None,
    ff: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a branch she commits `ubah` as herself, then step 6 signed with key `dengan`; the
    branch reaches main; TW1 must not be published as approved, nor pass validation."""
    repo = repo_berkunci(tmp_path, kunci, sampai=5)
    sebelum = repo.git("rev-parse", "main").strip()
    repo.git("switch", "-q", "-c", "serangan")
    repo.commit("Perbarui data pejabat", ubah, oleh="kasubbag-kpe")
    commit_ssh(repo, "Langkah 6", langkah_6, oleh="kasubbag-kpe", kunci=kunci[dengan], email=email)
    _gabung(repo, "serangan", ff=ff)
    if ff:  # commits that reached main one by one: the pull request's check knows its base
        monkeypatch.setenv("CAPKIN_DASAR", sebelum)
    assert not _disahkan_tw1(tmp_path)
    assert "langkah 6" in _validate(tmp_path)


@pytest.mark.parametrize("milik", ["kasubbag-kpe", "penyusup"], ids=["her-key", "a-new-key"])
@pytest.mark.parametrize("ff", [False, True], ids=["merge-commit", "fast-forward"])
def test_own_key_added_to_the_officials_keys_in_the_same_change(
    tmp_path: Path, kunci: dict[str, Path], ff: bool, milik: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # she adds a key she holds to the Panewu's kunci_ssh, then signs step 6 with it
    kunci_baru = {p: [kunci[p]] for p in PEJABAT_BERKUNCI}
    kunci_baru["panewu"] = [kunci["panewu"], kunci[milik]]
    ubah = {INSTANSI: instansi_berkunci(kunci_baru)}
    _serangan(
        tmp_path,
        kunci,
        ubah,
        langkah_tw1(6),
        dengan=milik,
        email=SUREL_PANEWU,
        ff=ff,
        monkeypatch=monkeypatch,
    )


@pytest.mark.parametrize("berkas", ["instansi", "sop"])
@pytest.mark.parametrize("ff", [False, True], ids=["merge-commit", "fast-forward"])
def test_making_herself_the_official_in_the_same_change(
    tmp_path: Path, kunci: dict[str, Path], berkas: str, ff: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if berkas == "instansi":  # her role becomes the Panewu's
        teks = instansi_berkunci({p: [kunci[p]] for p in PEJABAT_BERKUNCI})
        ubah = {INSTANSI: teks.replace("    peran: kasubbag-kpe\n", "    peran: panewu\n", 1)}
    else:  # step 6 may be signed by her role too
        teks = sop_yml().replace("pelaksana: [panewu]", "pelaksana: [panewu, kasubbag-kpe]")
        ubah = {"data/sop.yml": teks}
    [baru] = ubah.values()  # the change did happen: two Panewu roles, or a wider pelaksana
    assert baru.count("panewu, kasubbag-kpe]") + baru.count("peran: panewu\n") == 2 - (
        berkas == "sop"
    )
    siklus = {k: v.replace("oleh: panewu", "oleh: kasubbag-kpe") for k, v in langkah_tw1(6).items()}
    _serangan(
        tmp_path,
        kunci,
        ubah,
        siklus,
        dengan="kasubbag-kpe",
        email=None,
        ff=ff,
        monkeypatch=monkeypatch,
    )


def test_a_mailmap_in_the_tree_makes_nobody_the_official(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = repo_berkunci(tmp_path, kunci, wajib=False, sampai=5)
    nama = PEJABAT_UJI["panewu"][0]
    repo.commit(
        "mailmap", {".mailmap": f"{nama} <{SUREL_PANEWU}> <{SUREL_KPE}>\n"}, oleh="kasubbag-kpe"
    )
    repo.git("config", "log.mailmap", "true")
    repo.git("config", "mailmap.file", str(tmp_path / ".mailmap"))
    repo.commit("Langkah 6", langkah_tw1(6), oleh="kasubbag-kpe")
    assert not _disahkan_tw1(tmp_path)
    assert "langkah 6" in _validate(tmp_path)


@pytest.mark.parametrize("cara", ["cherry-pick", "rebase"])
def test_an_officials_signed_commit_replayed_onto_other_figures(
    tmp_path: Path, kunci: dict[str, Path], cara: str
) -> None:
    repo = repo_berkunci(tmp_path, kunci, sampai=5)
    # the Panewu signs step 6 on a branch of her own, over the figures as they were
    repo.git("switch", "-q", "-c", "panewu")
    asli = commit_ssh(repo, "Langkah 6", langkah_tw1(6), oleh="panewu", kunci=kunci["panewu"])
    # on main the figures change, then her signed commit is replayed on top of them
    repo.git("switch", "-q", "main")
    koreksi = {REALISASI: realisasi_yml(nilai={"ik1": 40, "ik2": 88, "ik3": 7})}
    repo.commit("Koreksi realisasi", koreksi, oleh="kasubbag-kpe")
    if cara == "cherry-pick":
        repo.git("cherry-pick", asli, oleh="kasubbag-kpe")
    else:
        repo.git("switch", "-q", "panewu")
        repo.git("rebase", "-q", "main", oleh="kasubbag-kpe")
        _gabung(repo, "panewu", ff=True)
    assert not _disahkan_tw1(tmp_path)
    assert "langkah 6" in _validate(tmp_path)


def test_a_step_6_dated_before_the_figures_it_approves(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = repo_berkunci(tmp_path, kunci, sampai=5)
    # new figures reported on 2025-05-02, then step 6 signed by the Panewu dated 2025-04-22
    koreksi = {
        REALISASI: realisasi_yml(nilai={"ik1": 40, "ik2": 88, "ik3": 7}, tanggal="2025-05-02")
    }
    repo.commit("Realisasi baru", koreksi, oleh="kasubbag-kpe")
    commit_ssh(repo, "Langkah 6", langkah_tw1(6), oleh="panewu", kunci=kunci["panewu"])
    teks = _validate(tmp_path)
    assert "pengesahan tidak dapat mengesahkan data yang belum ada" in teks
    assert "bertanggal 2025-05-02" in teks


def test_approving_a_period_whose_realisasi_are_incomplete(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    repo = repo_berkunci(tmp_path, kunci, sampai=5)
    kurang = {REALISASI: realisasi_yml(nilai={"ik1": 80, "ik2": 88})}
    repo.commit("Realisasi tanpa ik3", kurang, oleh="kasubbag-kpe")
    commit_ssh(repo, "Langkah 6", langkah_tw1(6), oleh="panewu", kunci=kunci["panewu"])
    teks = _validate(tmp_path)
    assert "1 indikator belum berisi realisasi TW1 di berkas unit mana pun: ik3" in teks


def test_a_value_in_another_units_file_is_not_called_missing_at_approval(
    tmp_path: Path, kunci: dict[str, Path]
) -> None:
    """The report computes ik3 from the Kasubbag KPE's file (noting the unit), so the approval
    warning must not say the approved report holds 'belum ada data' for it; status agrees."""
    repo = repo_berkunci(tmp_path, kunci, sampai=5)
    lain = "data/2025/realisasi/TW1/subbag-kpe.yml"
    berkas = {
        REALISASI: realisasi_yml(nilai={"ik1": 80, "ik2": 88}),
        lain: realisasi_yml(unit="subbag-kpe", nilai={"ik3": 7}, oleh="kasubbag-kpe"),
    }
    repo.commit("ik3 dari subbag KPE", berkas, oleh="kasubbag-kpe")
    commit_ssh(repo, "Langkah 6", langkah_tw1(6), oleh="panewu", kunci=kunci["panewu"])
    hasil = capkin(tmp_path, "validate")
    assert "belum berisi realisasi" not in hasil.output, hasil.output
    [ik3] = [i for i in compute_json(tmp_path, 2025, "TW1")["indikator"] if i["id"] == "ik3"]
    assert ik3["status"] != "belum ada data"
    status = capkin(tmp_path, "status", "--periode", "TW1", "--tanggal", "2025-05-30")
    assert "Semua unit sudah menyampaikan realisasi TW1." in status.output, status.output
