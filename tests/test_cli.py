"""The command line itself: Indonesian usage errors, help, dates, exit codes."""

from __future__ import annotations

from factories import capkin

from capkin.cli import main


def jalan(*args: str) -> tuple[int, str]:
    hasil = capkin(None, *args)
    return hasil.exit_code, hasil.output


def test_usage_errors_are_in_indonesian() -> None:
    kode, keluaran = jalan("validate", "--format", "xml")
    assert kode == 2
    assert "Pemakaian: capkin validate [OPSI]" in keluaran
    assert "Coba 'capkin validate --help' untuk bantuan." in keluaran
    assert "Galat: Nilai tidak sah untuk '--format': 'xml' bukan pilihan yang sah" in keluaran
    for inggris in ("Usage", "Error", "Invalid value", "is not one of"):
        assert inggris not in keluaran


def test_an_unknown_period_lists_the_periods_as_they_are_written() -> None:
    kode, keluaran = jalan("compute", "--periode", "TW5")
    assert kode == 2
    assert (
        "'TW5' bukan pilihan yang sah; pilih salah satu dari 'TW1', 'TW2', 'TW3', 'TW4', 'tahunan'."
        in keluaran
    )


def test_unknown_command_suggests_the_right_one() -> None:
    kode, keluaran = jalan("validat")
    assert kode == 2
    assert "Tidak ada perintah 'validat'. Mungkin maksud Anda 'validate'?" in keluaran


def test_dates_are_checked_and_shown_as_yyyy_mm_dd() -> None:
    kode, keluaran = jalan("status", "--tanggal", "2025-02-30")
    assert kode == 2
    assert "bukan tanggal yang sah; tulis dengan format YYYY-MM-DD" in keluaran
    kode, keluaran = jalan("status", "--tanggal", "9999-12-31")
    assert kode == 2
    assert "di luar jangkauan" in keluaran
    _, bantuan = jalan("status", "--help")
    assert "--tanggal YYYY-MM-DD" in bantuan


def test_every_command_has_indonesian_help_with_an_example() -> None:
    _, keluaran = jalan("--help")
    assert "Pemakaian: capkin [OPSI] PERINTAH [ARGUMEN]..." in keluaran
    assert "Tampilkan bantuan ini lalu keluar." in keluaran
    perintah = [c for c in main.commands]
    assert {"validate", "schema", "compute", "status", "history", "build"} <= set(perintah)
    for nama in perintah:
        sub = main.commands[nama]
        daftar = [[nama, s] for s in getattr(sub, "commands", {})] or [[nama]]
        for args in daftar:
            kode, bantuan = jalan(*args, "--help")
            assert kode == 0
            assert "Contoh:" in bantuan, f"capkin {' '.join(args)} --help has no example"
            assert "Show this message" not in bantuan


def test_missing_required_option_is_in_indonesian() -> None:
    kode, keluaran = jalan("sign", "--langkah", "1")
    assert kode == 2
    assert "belum diisi" in keluaran
