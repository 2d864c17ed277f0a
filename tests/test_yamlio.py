"""Strict YAML reading: YAML 1.2 meaning, refusals, encodings, positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import capkin, tulis_data_lengkap

from capkin.errors import DataError
from capkin.yaml_writer import buka_naskah, tulis_atomik
from capkin.yamlio import UKURAN_MAKS, baca_berkas, baca_bytes


@pytest.mark.parametrize(
    ("teks", "diharapkan"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("NO", "NO"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("012", 12),
        ("0o12", 10),
        ("0x1F", 31),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("2025-07-08", "2025-07-08"),
        ("~", None),
        ("null", None),
        ("", None),
        ("83.4", 83.4),
        ("-1e3", -1000.0),
        ("'012'", "012"),
        ('"yes"', "yes"),
        (".5", 0.5),
        ("+7", 7),
    ],
)
def test_yaml_12_scalars(teks: str, diharapkan: object) -> None:
    assert baca_bytes(f"a: {teks}\n".encode(), "t.yml").data == {"a": diharapkan}


def test_keys_follow_yaml_12_too() -> None:
    assert baca_bytes(b"no: 1\nyes: 2\n'2025': 3\n", "t.yml").data == {"no": 1, "yes": 2, "2025": 3}
    # no data file has a key that is a number, null or boolean: located where it is written
    with pytest.raises(DataError) as info:
        baca_bytes(b"no: 1\n2025: 3\n", "t.yml")
    (m,) = info.value.masalah
    assert (m.kode, m.baris, m.kolom) == ("yaml-kunci", 2, 1)


def test_positions_are_one_based() -> None:
    dok = baca_bytes(b"a:\n  - x: 1\n    y: [2, 3]\n", "t.yml")
    assert dok.lokasi(("a", 0, "x")) == (2, 8)
    assert dok.lokasi(("a", 0, "y", 1)) == (3, 12)
    assert dok.lokasi(("a", 0, "y"), kunci=True) == (3, 5)
    assert dok.lokasi(("a", 0, "tidak-ada")) == (2, 5)


@pytest.mark.parametrize(
    ("data", "kode", "letak", "kata"),
    [
        (b"a: 1\nb: 2\na: 3\n", "kunci-ganda", (3, 1), "ditulis dua kali"),
        (b"a: &j 1\nb: 2\n", "yaml-alias", (1, 4), "tidak diizinkan"),
        (b"a: [1]\nb: *j\n", "yaml-alias", (2, 4), "tidak diizinkan"),
        (b"a: !!python/object/apply:os.system ['true']\n", "yaml-tag", (1, 4), "tidak diizinkan"),
        (b"a: !custom 1\n", "yaml-tag", (1, 4), "hapus tag"),
        (b"", "berkas-kosong", (1, 1), "berkas kosong"),
        (b"# hanya komentar\n", "berkas-kosong", (1, 1), "berkas kosong"),
        (b"a: 1\n---\nb: 2\n", "yaml-banyak-dokumen", (3, 1), "satu dokumen"),
        (b"a: caf\xe9\n", "bukan-utf8", (1, 7), "UTF-8"),
        (b"a: [1, 2\n", "yaml-sintaks", (2, 1), "indentasi"),
        (b"a:\n\tb: 1\n", "yaml-sintaks", (2, 1), "indentasi"),
        (b"? [a]\n: 1\n", "yaml-kunci", (1, 3), "teks biasa"),
    ],
)
def test_refusals_are_located(data: bytes, kode: str, letak: tuple[int, int], kata: str) -> None:
    with pytest.raises(DataError) as info:
        baca_bytes(data, "data/x.yml")
    (m,) = info.value.masalah
    assert (m.kode, (m.baris, m.kolom)) == (kode, letak), m
    assert kata in m.pesan
    assert m.berkas == "data/x.yml"


@pytest.mark.parametrize("kedalaman", [60, 900, 5000])
def test_deep_nesting_is_refused_without_traceback(kedalaman: int) -> None:
    data = b"a: " + b"[" * kedalaman + b"]" * kedalaman + b"\n"
    with pytest.raises(DataError) as info:
        baca_bytes(data, "t.yml")
    assert info.value.masalah[0].kode in {"yaml-terlalu-dalam", "yaml-sintaks"}


def test_bom_and_crlf_are_fine() -> None:
    dok = baca_bytes(b"\xef\xbb\xbfa: 1\r\nb: teks\r\n", "t.yml")
    assert dok.data == {"a": 1, "b": "teks"}
    assert dok.lokasi(("b",)) == (2, 4)


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "besar.yml"
    path.write_bytes(b"a: " + b"x" * UKURAN_MAKS + b"\n")
    with pytest.raises(DataError) as info:
        baca_berkas(path, "data/besar.yml")
    assert "melebihi batas 5 MB" in info.value.masalah[0].pesan


def test_alias_bomb_is_refused_quickly() -> None:
    bom = b"a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i, n in enumerate("bcdefghi"):
        bom += f"{n}: &{n} [*{'abcdefghi'[i]}, *{'abcdefghi'[i]}, *{'abcdefghi'[i]}]\n".encode()
    with pytest.raises(DataError) as info:
        baca_bytes(bom, "t.yml")
    assert info.value.masalah[0].kode == "yaml-alias"


def test_python_object_apply_never_runs(tmp_path: Path) -> None:
    """A tag that would run code under an unsafe loader is refused and runs nothing."""
    root = tulis_data_lengkap(tmp_path / "repo")
    jejak = tmp_path / "dijalankan"
    berkas = root / "data/2025/realisasi/TW1/jawatan-praja.yml"
    berkas.write_text(
        berkas.read_text(encoding="utf-8").replace(
            "hambatan: Responden survei sedikit",
            f"hambatan: !!python/object/apply:os.system ['touch {jejak}']",
        ),
        encoding="utf-8",
    )
    hasil = capkin(root, "validate")
    assert hasil.exit_code == 1
    assert "tag YAML" in hasil.output and "tidak diizinkan" in hasil.output
    assert not jejak.exists()


def test_atomic_write_and_roundtrip_keep_comments(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_text("# kepala\na: 1  # catatan\nb: [x, y]\n", encoding="utf-8")
    naskah = buka_naskah(path)
    naskah.data["a"] = 2
    tulis_atomik(path, naskah.teks())
    assert path.read_text(encoding="utf-8") == "# kepala\na: 2  # catatan\nb: [x, y]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yml"]


@pytest.mark.parametrize(
    ("teks", "ragu"),
    [
        ("1.250", True),
        ("12.500", True),
        ("-1.500", True),
        ("0.125", False),  # thousands groups never start with 0
        ("1250.500", False),  # not a thousands grouping
        ("1.25", False),
        ('"1.250"', False),  # quoted: text, reported elsewhere
    ],
)
def test_numbers_that_read_as_thousands_are_recorded(teks: str, ragu: bool) -> None:
    dok = baca_bytes(f"x: [{teks}]\n".encode(), "uji.yml")
    assert ((("x", 0)) in dok.angka_ragu) is ragu


@pytest.mark.parametrize("eol", [b"\n", b"\r\n"])
def test_unclosed_quote_points_at_the_quote_not_the_end_of_file(eol: bytes) -> None:
    """A quote left open runs to the end of the file; the message names where it opened."""
    baris = [b"periode: TW2", b"realisasi:", b"  - indikator: ik1", b'    hambatan: "tidak ditutup']
    baris += [b"  - indikator: ik2", b"    nilai: 3"] * 5
    with pytest.raises(DataError) as info:
        baca_bytes(eol.join(baris) + eol, "data/x.yml")
    (m,) = info.value.masalah
    assert (m.kode, m.baris, m.kolom) == ("yaml-sintaks", 4, 15), m
    assert "tanda kutip" in m.pesan
