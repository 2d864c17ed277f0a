"""`capkin history` shows times in the office's time zone, whatever zone a commit carries."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import capkin, env_git, realisasi_yml, repo_minimal, tulis

REALISASI = "data/2025/realisasi/TW1/jawatan-umum.yml"


def _commit_utc(root: Path) -> None:
    """Commit a realisasi change as GitHub's web editor does: the time in UTC."""
    tulis(root, REALISASI, realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7}))
    env = env_git("Siti", "siti@gamping.example")
    # 2025-03-03 02:30 UTC is 09.30 WIB and 10.30 WITA
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "2025-03-03T02:30:00 +0000"
    for args in (["add", "-A"], ["commit", "-q", "-m", "Realisasi TW1"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.parametrize(
    ("pengaturan", "harap"),
    [
        ("", "Senin, 3 Maret 2025 09.30 WIB"),
        ("pengaturan:\n  zona_waktu: Asia/Makassar\n", "Senin, 3 Maret 2025 10.30 WITA"),
    ],
)
def test_history_shows_the_office_time_zone(tmp_path: Path, pengaturan: str, harap: str) -> None:
    repo = repo_minimal(tmp_path)
    if pengaturan:
        path = tmp_path / "data/instansi.yml"
        teks = path.read_text(encoding="utf-8")
        repo.commit(
            "Zona waktu", {"data/instansi.yml": teks.replace("unit:\n", pengaturan + "unit:\n", 1)}
        )
    _commit_utc(tmp_path)
    hasil = capkin(tmp_path, "history")
    assert hasil.exit_code == 0, hasil.output
    assert harap in hasil.output
    assert "UTC" not in hasil.output


def test_an_unknown_time_zone_is_a_located_error(tmp_path: Path) -> None:
    repo = repo_minimal(tmp_path)
    path = tmp_path / "data/instansi.yml"
    teks = path.read_text(encoding="utf-8").replace(
        "unit:\n", "pengaturan:\n  zona_waktu: WIB\n" + "unit:\n", 1
    )
    repo.commit("Zona waktu", {"data/instansi.yml": teks})
    hasil = capkin(tmp_path, "validate")
    assert hasil.exit_code == 1
    assert (
        "data/instansi.yml:4:15: galat: pengaturan.zona_waktu: zona waktu 'WIB' tidak dikenal"
        in hasil.output
    )
    assert "Asia/Jakarta (WIB)" in hasil.output


def test_the_site_register_shows_the_office_time_zone(tmp_path: Path) -> None:
    from datetime import date

    from capkin.render import kumpulkan
    from capkin.render.env import format_waktu
    from capkin.render.riwayat_page import konteks_riwayat
    from capkin.validation import muat_valid

    repo_minimal(tmp_path)
    _commit_utc(tmp_path)
    ds, _ = muat_valid(tmp_path)
    k = konteks_riwayat(kumpulkan(ds, tanggal=date(2025, 3, 4)))
    [utc] = [e for e in k.entri if e.entri.judul == "Realisasi TW1"]
    assert format_waktu(utc.entri.tanggal) == "3 Maret 2025 09.30 WIB"


def test_since_counts_days_in_the_office_time_zone(tmp_path: Path) -> None:
    """A commit at 2025-03-02 20:00 UTC is shown on 3 March in WIB: --since 2025-03-03 keeps it."""
    repo_minimal(tmp_path)
    tulis(tmp_path, REALISASI, realisasi_yml(nilai={"ik1": 81, "ik2": 88, "ik3": 7}))
    env = env_git("Siti", "siti@gamping.example")
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "2025-03-02T20:00:00 +0000"
    for args in (["add", "-A"], ["commit", "-q", "-m", "Realisasi TW1 malam"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    hasil = capkin(tmp_path, "history", "--since", "2025-03-03")
    assert hasil.exit_code == 0, hasil.output
    assert "Senin, 3 Maret 2025 03.00 WIB" in hasil.output, hasil.output
    assert "Realisasi TW1 malam" in hasil.output


@pytest.mark.parametrize(
    ("waktu", "depan"),
    [
        ("2025-04-13T23:30:00 +0000", False),  # 06.30 WIB on 14 April: signed on its day
        ("2025-04-13T16:00:00 +0000", True),  # 23.00 WIB on 13 April: dated a day ahead
    ],
)
def test_a_morning_sign_off_in_utc_is_not_dated_ahead(
    tmp_path: Path, waktu: str, depan: bool
) -> None:
    """A commit's day is the office's day: GitHub's web editor records UTC, 7 hours behind."""
    from factories import LANGKAH_TW1, PEJABAT_UJI, siklus_yml

    repo_minimal(tmp_path)
    tulis(tmp_path, "data/2025/siklus/TW1.yml", siklus_yml("TW1", LANGKAH_TW1[:2]))
    nama, _, _, surel = PEJABAT_UJI["kasubbag-kpe"]
    env = env_git(nama, surel)
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = waktu
    for args in (["add", "-A"], ["commit", "-q", "-m", "Langkah 2"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    hasil = capkin(tmp_path, "validate")
    assert (
        "tanda-tangan-bertanggal-depan" in hasil.output or "sesudah tanggal commit" in hasil.output
    ) is depan, hasil.output


def test_page_times_are_shown_in_the_office_time_zone() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from capkin.render import buat_env

    t = datetime(2025, 3, 3, 2, 30, tzinfo=UTC)  # as a web-editor commit records it
    templat = "{{ t|tanggal }}"
    wit = buat_env(None, ZoneInfo("Asia/Jayapura")).from_string(templat).render(t=t)
    assert wit == "3 Maret 2025 11.30 WIT"
    assert buat_env(None).from_string(templat).render(t=t) == "3 Maret 2025 02.30 UTC"


@contextlib.contextmanager
def _mesin_di_zona_lain() -> Iterator[date]:
    """Run the machine in a zone whose date differs from Jakarta's now; yield Jakarta's date."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    sekarang = datetime.now(UTC)
    jakarta = sekarang.astimezone(ZoneInfo("Asia/Jakarta")).date()
    zona = next(
        z
        for z in ("Etc/GMT+12", "Pacific/Kiritimati")  # UTC-12, UTC+14
        if sekarang.astimezone(ZoneInfo(z)).date() != jakarta
    )
    semula = os.environ.get("TZ")
    os.environ["TZ"] = zona
    time.tzset()
    try:
        assert date.today() != jakarta  # the machine's date is another day
        yield jakarta
    finally:
        if semula is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = semula
        time.tzset()


def test_status_and_site_are_dated_in_the_office_time_zone(tmp_path: Path) -> None:
    """A build in CI (UTC) before 07.00 WIB is still today in the office, not yesterday."""
    import json

    from factories import capkin

    from capkin.clock import format_tanggal

    repo_minimal(tmp_path)
    with _mesin_di_zona_lain() as hari:
        hasil = capkin(tmp_path, "status", "--format", "json")
        assert hasil.exit_code == 0, hasil.output
        assert json.loads(hasil.stdout)["tanggal"] == hari.isoformat()
        hasil = capkin(tmp_path, "build", "--no-pdf")
        assert hasil.exit_code == 0, hasil.output
    halaman = (tmp_path / "site/siklus/index.html").read_text(encoding="utf-8")
    assert f"Keadaan dihitung per {format_tanggal(hari)}" in halaman


def test_a_change_after_approval_is_dated_in_the_office_time_zone(tmp_path: Path) -> None:
    """The commit that altered an approved report is dated as the office reads it."""
    from factories import tandatangani

    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    tulis(tmp_path, REALISASI, realisasi_yml(nilai={"ik1": 84, "ik2": 88, "ik3": 7}))
    env = env_git("Siti", "siti@gamping.example")
    # 2026-12-31 20:00 UTC is 1 January 2027 03.00 WIB
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "2026-12-31T20:00:00 +0000"
    for args in (["add", "-A"], ["commit", "-q", "-m", "Koreksi ik1"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    hasil = capkin(tmp_path, "validate")
    assert "laporan TW1 2025 yang sudah disahkan oleh Drs. SARJONO" in hasil.output, hasil.output
    assert "oleh Siti, 2027-01-01)" in hasil.output, hasil.output
    assert "oleh Siti <siti@gamping.example> (2027-01-01)" in hasil.output  # the same day


def test_sign_and_new_date_today_in_the_office_time_zone(tmp_path: Path) -> None:
    """On a machine in another zone, 'today' for a sign-off or a new file is the office's."""
    from factories import capkin

    repo_minimal(tmp_path)
    args = ("sign", "--periode", "TW1", "--tahun", "2025", "--langkah", "2", "--oleh")
    baru = ("new", "realisasi", "--periode", "TW2", "--unit", "jawatan-umum", "--tahun", "2025")
    with _mesin_di_zona_lain() as hari:
        hasil = capkin(tmp_path, *args, "kasubbag-kpe")
        assert hasil.exit_code == 0, hasil.output
        hasil = capkin(tmp_path, *baru)
        assert hasil.exit_code == 0, hasil.output
    siklus = (tmp_path / "data/2025/siklus/TW1.yml").read_text(encoding="utf-8")
    assert f"selesai: {hari.isoformat()}" in siklus
    realisasi = (tmp_path / "data/2025/realisasi/TW2/jawatan-umum.yml").read_text(encoding="utf-8")
    assert f"tanggal: {hari.isoformat()}" in realisasi


def test_init_dates_the_new_office_in_its_zone(tmp_path: Path, monkeypatch: Any) -> None:
    """`capkin init` writes the office's date (Asia/Jakarta), not the machine's."""
    from factories import identitas_git, isolasi_git

    isolasi_git(monkeypatch)
    identitas_git(monkeypatch, "Admin", "admin@depok.example")
    root = tmp_path / "kantor"
    with _mesin_di_zona_lain() as hari:
        hasil = capkin(None, "init", str(root), "--nama", "Kapanewon Depok")
    assert hasil.exit_code == 0, hasil.output
    pk = (root / f"data/{hari.year}/perjanjian-kinerja.yml").read_text(encoding="utf-8")
    assert f"tanggal: {hari.isoformat()}" in pk


def test_a_worksheet_is_stamped_in_the_office_zone(tmp_path: Path) -> None:
    """The worksheet's creation time carries the office's offset, not the machine's."""
    from factories import tulis_data_lengkap
    from openpyxl import load_workbook

    from capkin.worksheet import LEMBAR_IDENTITAS

    tulis_data_lengkap(tmp_path / "repo")
    out = tmp_path / "keluar"
    with _mesin_di_zona_lain():
        hasil = capkin(
            tmp_path / "repo",
            "worksheet",
            "make",
            "--periode",
            "TW1",
            "--unit",
            "jawatan-sosial",
            "--out",
            str(out),
        )
    assert hasil.exit_code == 0, hasil.output
    wb = load_workbook(out / "kertas-kerja-2025-TW1-jawatan-sosial.xlsx")
    data = {r[0].value: r[1].value for r in wb[LEMBAR_IDENTITAS].iter_rows(max_col=2)}
    assert str(data["dibuat"]).endswith("+07:00")  # WIB, the office's zone


def test_a_nip_appointed_this_month_in_the_office_is_not_in_the_future(tmp_path: Path) -> None:
    """The NIP's TMT is compared with the office's month (it differs from the machine's
    only around a month's turn)."""
    from capkin.validation import periksa

    repo_minimal(tmp_path)
    with _mesin_di_zona_lain() as hari:
        nip = f"19800101{hari.year:04d}{hari.month:02d}1003"
        path = tmp_path / "data/instansi.yml"
        teks = path.read_text(encoding="utf-8")
        path.write_text(
            teks.replace("    peran: panewu\n", f'    peran: panewu\n    nip: "{nip}"\n', 1),
            encoding="utf-8",
        )
        _, masalah = periksa(tmp_path, riwayat=False)
    assert [m.pesan for m in masalah if m.kode == "nip-tidak-sah"] == []
