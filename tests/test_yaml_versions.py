"""Reading a file's next version against the one before gives what a full read gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capkin.errors import DataError
from capkin.yaml_versions import Versi, baca_versi
from capkin.yamlio import Dokumen, baca_bytes

# every construct near a `key: value` line that could change what such a line means
DASAR = """\
periode: TW1
unit: jawatan-umum
tanggal: 2025-04-08
catatan: |
  nilai: 5
  satu: dua
judul: "kutip: ya"
panjang: teks yang
  berlanjut lagi
alir: {a: 1,
  b: 2}
daftar: [x,
  y]
realisasi:
  - indikator: ik1
    nilai: 80
    hambatan: Hambatan contoh
  - indikator: ik2
    nilai: 1.250
    # komentar: 3
    keterangan: >
      lipat: 4
  -   indikator: ik3
      nilai: 7
angka:
  - 1
  - dua: 2
kosong:
sesudah: null
akhir: 9"""

# values that look harmless and values that change the structure of a line
NILAI = st.sampled_from(
    [
        "81",
        "81.5",
        "1.250",
        "-5",
        "+3",
        ".5",
        "true",
        "null",
        "~",
        "012",
        "0x1F",
        ".nan",
        "1e3",
        "teks biasa",
        "a, b",
        "(x) 50%",
        "it's",
        "a: b",
        "a #b",
        "[1, 2]",
        "{a: 1}",
        "'kutip'",
        '"dua"',
        "&j x",
        "*j",
        "!!str x",
        "|",
        ">",
        "- x",
        "-",
        "x ",
        "",
        "a\tb",
        "é",
        "- indikator: ik9",
    ]
)


def _baca(teks: str) -> Dokumen | str:
    try:
        return baca_bytes(teks.encode(), "data/uji.yml")
    except DataError as exc:
        return exc.masalah[0].kode


def _sama(a: Dokumen | str, b: Versi | str) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    d = b.dokumen
    # repr tells 1, 1.0 and True apart, and keeps key order
    assert repr(d.data) == repr(a.data)
    assert d.posisi == a.posisi and d.posisi_kunci == a.posisi_kunci
    assert d.angka_ragu == a.angka_ragu


def _versi(teks: str, sebelumnya: Versi | None) -> Versi | str:
    try:
        return baca_versi(teks.encode(), "data/uji.yml", sebelumnya)
    except DataError as exc:
        return exc.masalah[0].kode


def _ganti_nilai(teks: str, i: int, nilai: str) -> str:
    baris = teks.split("\n")
    b = baris[i % len(baris)]
    kunci, titik, _ = b.partition(": ")
    baris[i % len(baris)] = f"{kunci}: {nilai}" if titik else f"{b.rstrip()} {nilai}"
    return "\n".join(baris)


@given(
    st.lists(st.lists(st.tuples(st.integers(0, 200), NILAI), min_size=1, max_size=3), max_size=6)
)
def test_a_chain_of_edits_reads_as_a_full_read(suntingan: list[list[tuple[int, str]]]) -> None:
    teks = DASAR
    versi = _versi(teks, None)
    for langkah in suntingan:
        for i, nilai in langkah:
            teks = _ganti_nilai(teks, i, nilai)
        baru = _versi(teks, versi if isinstance(versi, Versi) else None)
        _sama(_baca(teks), baru)
        versi = baru


@given(
    st.lists(st.lists(st.tuples(st.integers(0, 200), NILAI), min_size=1, max_size=3), max_size=6)
)
def test_a_chain_read_without_positions_keeps_the_same_data(
    suntingan: list[list[tuple[int, str]]],
) -> None:
    """What the history reads (no positions) is what a full read gives, positions apart."""
    teks = DASAR
    versi: Versi | None = baca_versi(teks.encode(), "data/uji.yml", posisi=False)
    for langkah in suntingan:
        for i, nilai in langkah:
            teks = _ganti_nilai(teks, i, nilai)
        penuh = _baca(teks)
        try:
            versi = baca_versi(teks.encode(), "data/uji.yml", versi, posisi=False)
        except DataError as exc:
            assert exc.masalah[0].kode == penuh
            versi = None
            continue
        assert isinstance(penuh, Dokumen)
        d = versi.dokumen
        assert repr(d.data) == repr(penuh.data) and d.angka_ragu == penuh.angka_ragu
        assert d.posisi == {} and d.posisi_kunci == {}


@pytest.mark.parametrize(
    ("baris", "nilai", "ditambal"),
    [
        ("    nilai: 80", "    nilai: 82.5", True),
        ("  - indikator: ik1", "  - indikator: ik7", True),
        ("akhir: 9", "akhir: teks, dengan koma", True),
        ("sesudah: null", "sesudah: 5", True),
        ("  nilai: 5", "  nilai: 6", False),  # inside a literal block scalar
        ("panjang: teks yang", "panjang: teks lain", False),  # a plain scalar of two lines
        ("  b: 2}", "  b: 3}", False),  # inside a flow mapping
        ("    nilai: 80", "    nilai: 80 # komentar", False),
        ("    nilai: 80", "    nilai: '80'", False),
    ],
)
def test_which_lines_are_patched(baris: str, nilai: str, ditambal: bool) -> None:
    lama = baca_versi(DASAR.encode(), "data/uji.yml")
    teks = DASAR.replace(baris, nilai, 1)
    assert teks != DASAR
    baru = _versi(teks, lama)
    _sama(_baca(teks), baru)
    assert isinstance(baru, Versi)
    # a patched version shares the unchanged parts with the one before
    assert (baru.dokumen.data["realisasi"][2] is lama.dokumen.data["realisasi"][2]) == ditambal


def test_other_line_breaks_and_tabs_are_read_in_full() -> None:
    for teks in ("a: 1\r\nb: 2\r\n", "a: 1\nb: 'x\ty'\n"):
        lama = baca_versi(teks.encode(), "data/uji.yml")
        assert lama.skalar == {}
        baru = baca_versi(teks.replace("a: 1", "a: 2").encode(), "data/uji.yml", lama)
        assert baru.dokumen.data["a"] == 2
