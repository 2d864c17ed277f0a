"""One writer for people's YAML: every editing command keeps the file's own layout.

A person's file must come back byte-identical except the lines the command meant to change:
CRLF line endings, a byte order mark, 4-space indentation, comments and long lines stay.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from factories import capkin, tulis_data_lengkap
from openpyxl import load_workbook
from sumber import modul_yang_memuat

from capkin.worksheet import LEMBAR
from capkin.yaml_writer import buka_naskah, gaya_indentasi, tulis_atomik

PANJANG = "Rapat koordinasi dengan seluruh jawatan dan padukuhan" + " tentang capaian," * 8
"""A value longer than any line width, which must stay on its one line."""


def _crlf(teks: str) -> bytes:
    return ("\ufeff" + teks).replace("\n", "\r\n").encode("utf-8")


def _capkin(root: Path, *args: str) -> str:
    hasil = capkin(root, *args)
    assert hasil.exit_code == 0, hasil.output
    return hasil.output


SIKLUS_4 = f"""\
# Siklus SOP Triwulan I 2025
periode: TW1
langkah:
    - {{no: 1, mulai: 2025-04-01, selesai: 2025-04-01, oleh: kasubbag-kpe}}  # dipelajari
    # langkah 2: nota dinas
    - no: 2
      mulai: 2025-04-02
      selesai: 2025-04-15
      oleh: kasubbag-kpe
      catatan: {PANJANG}
    - no: 3
      mulai: 2025-04-16
      selesai: 2025-04-17
      oleh: kasubbag-kpe
surat:
    - jenis: nota-dinas  # permintaan data
      nomor: 000.8/001/Uji
      tanggal: 2025-04-02
      perihal: Permintaan data capaian kinerja Triwulan I
      dari: kasubbag-kpe
      kepada:
          - kepala-jawatan-praja
          - kepala-jawatan-sosial
kesimpulan: |
    Dua dari lima indikator tercapai.
"""


def test_sign_keeps_crlf_bom_indentation_comments_and_long_lines(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path)
    path = root / "data/2025/siklus/TW1.yml"
    path.write_bytes(_crlf(SIKLUS_4))
    _capkin(
        root,
        "sign",
        *("--periode", "TW1", "--langkah", "4", "--oleh", "panewu-anom"),
        *("--tanggal", "2025-04-22", "--catatan", PANJANG),
    )
    langkah_4 = (
        "    - no: 4\n      mulai: 2025-04-21\n      selesai: 2025-04-22\n"
        f"      oleh: panewu-anom\n      catatan: {PANJANG}\n"
    )
    assert path.read_bytes() == _crlf(SIKLUS_4.replace("surat:\n", langkah_4 + "surat:\n"))


REALISASI_4 = f"""\
# Realisasi Triwulan I 2025 — Jawatan Praja
periode: TW1
unit: jawatan-praja
disampaikan_oleh: kepala-jawatan-praja
tanggal: 2025-04-08
realisasi:
    # IKM dari survei
    - indikator: ik-ikm
      nilai: 83.4  # sementara
      hambatan: {PANJANG}
      bukti:
          - bukti/ikm.txt
    - indikator: ik-waktu
      nilai: 2.5
# akhir laporan
"""


def test_worksheet_import_keeps_crlf_bom_indentation_comments_and_long_lines(
    tmp_path: Path,
) -> None:
    root = tulis_data_lengkap(tmp_path / "repo")
    path = root / "data/2025/realisasi/TW1/jawatan-praja.yml"
    path.write_bytes(_crlf(REALISASI_4))
    out = tmp_path / "keluar"
    _capkin(
        root,
        *("worksheet", "make", "--periode", "TW1", "--unit", "jawatan-praja"),
        *("--out", str(out)),
    )
    xlsx = out / "kertas-kerja-2025-TW1-jawatan-praja.xlsx"
    wb = load_workbook(xlsx)
    wb[LEMBAR]["G18"] = "Antrean daring"
    wb.save(xlsx)
    _capkin(root, "worksheet", "import", str(xlsx), "--tanggal", "2025-04-08")
    diharapkan = REALISASI_4.replace("nilai: 2.5\n", "nilai: 2.5\n      strategi: Antrean daring\n")
    assert path.read_bytes() == _crlf(diharapkan)


@pytest.mark.parametrize(
    ("teks", "gaya"),
    [
        ("a:\n  b: 1\nc:\n  - x\n", (2, 4, 2)),
        ("a:\n    b: 1\nc:\n    - x\n", (4, 6, 4)),
        ("c:\n- x\na:\n   b: 1\n", (3, 2, 0)),
        ("# a:\n#   b\nc: |\n    teks\nd:\n  -   e: 1\n", (4, 6, 2)),
        ("a: 1\n", (2, 4, 2)),
        # a person's text in a block scalar is not structure, however YAML-like it looks
        ("k: |\n   Catatan:\n   - poin satu\n   x:\n       y\nd:\n  - e\n", (3, 4, 2)),
    ],
)
def test_indentation_is_read_from_the_text(teks: str, gaya: tuple[int, int, int]) -> None:
    assert gaya_indentasi(teks) == gaya


def test_an_unchanged_document_comes_back_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    asli = _crlf(SIKLUS_4)
    path.write_bytes(asli)
    naskah = buka_naskah(path)
    tulis_atomik(path, naskah.teks())
    assert path.read_bytes() == asli


def _ruamel_yaml_dibuat(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.ImportFrom)
        and node.module == "ruamel.yaml"
        and any(a.name == "YAML" for a in node.names)
    )


def test_only_yaml_writer_writes_yaml() -> None:
    """No module but yaml_writer builds its own ruamel YAML instance (a second writer)."""
    assert modul_yang_memuat(_ruamel_yaml_dibuat) == {"yaml_writer.py"}
