"""Field-level differences named in domain terms (no git needed)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from capkin.history import EntriRiwayat, Penulis, format_markdown, format_teks, uraikan
from capkin.history.changes import Isi, bandingkan, konteks_berkas
from capkin.history.text import TANPA_NILAI, format_nilai

REAL = "data/2025/realisasi/TW2/jawatan-umum.yml"
PK = "data/2025/perjanjian-kinerja.yml"
SIKLUS = "data/2025/siklus/TW2.yml"


def _real(*entri: dict[str, Any]) -> dict[str, Any]:
    return {"periode": "TW2", "unit": "jawatan-umum", "realisasi": list(entri)}


def _ubah(berkas: str, lama: Any, baru: Any) -> list[str]:
    return [uraikan(p) for p in bandingkan(berkas, Isi(lama), Isi(baru))]


@pytest.mark.parametrize(
    ("berkas", "jenis", "label", "tahun", "periode", "unit"),
    [
        ("data/instansi.yml", "instansi", "instansi", None, None, None),
        ("data/sop.yml", "sop", "sop", None, None, None),
        (PK, "perjanjian-kinerja", "perjanjian-kinerja 2025", 2025, None, None),
        (REAL, "realisasi", "realisasi TW2 2025 · jawatan-umum", 2025, "TW2", "jawatan-umum"),
        (SIKLUS, "siklus", "siklus TW2 2025", 2025, "TW2", None),
        ("data/catatan.yml", "lain", "catatan.yml", None, None, None),
    ],
)
def test_file_kinds(
    berkas: str, jenis: str, label: str, tahun: int | None, periode: str | None, unit: str | None
) -> None:
    ctx = konteks_berkas(berkas)
    assert (ctx.jenis, ctx.label, ctx.tahun, ctx.periode, ctx.unit) == (
        jenis,
        label,
        tahun,
        periode,
        unit,
    )


@pytest.mark.parametrize(
    ("lama", "baru", "harapan"),
    [
        (81, 82, "nilai: 81 → 82"),
        (1, 1.0, "nilai: 1 → 1,0"),
        (1, True, "nilai: 1 → true"),
        (83.4, 83.45, "nilai: 83,4 → 83,45"),
        ("B", "BB", "nilai: B → BB"),
        (None, 80, "nilai: – → 80"),
    ],
)
def test_realisasi_value_changes(lama: Any, baru: Any, harapan: str) -> None:
    hasil = _ubah(
        REAL,
        _real({"indikator": "ik1", "nilai": lama}),
        _real({"indikator": "ik1", "nilai": baru}),
    )
    assert hasil == [f"realisasi TW2 2025 · jawatan-umum · ik1 · {harapan}"]


def test_entries_are_matched_by_indicator_not_position() -> None:
    a, b = {"indikator": "ik1", "nilai": 1}, {"indikator": "ik2", "nilai": 2}
    assert _ubah(REAL, _real(a, b), _real(b, a)) == []
    hasil = bandingkan(REAL, Isi(_real(a, b)), Isi(_real(b, {"indikator": "ik3", "nilai": 3})))
    assert [(p.jenis, p.indikator, p.medan) for p in hasil] == [
        ("tambah", "ik3", None),
        ("hapus", "ik1", None),
    ]
    assert (
        uraikan(hasil[1])
        == "realisasi TW2 2025 · jawatan-umum · ik1: dihapus (sebelumnya nilai: 1)"
    )


def test_lists_that_cannot_be_matched_are_compared_whole() -> None:
    dua_kali = _real({"indikator": "ik1", "nilai": 1}, {"indikator": "ik1", "nilai": 2})
    [p] = bandingkan(REAL, Isi(dua_kali), Isi(_real({"indikator": "ik1", "nilai": 2})))
    assert (p.jalur, p.jenis, p.medan) == ("realisasi TW2 2025 · jawatan-umum", "ubah", "realisasi")


def test_target_changes_name_the_indicator_and_its_unit() -> None:
    def pk(target: Any, tp: dict[str, Any]) -> dict[str, Any]:
        ind = {"id": "ik3", "target": target, "target_periode": tp, "penanggung_jawab": "umum"}
        return {"tahun": 2025, "sasaran": [{"id": "ss1", "indikator": [ind]}]}

    hasil = bandingkan(PK, Isi(pk(8, {"TW1": 2})), Isi(pk(10, {"TW1": 3})))
    assert [uraikan(p) for p in hasil] == [
        "perjanjian-kinerja 2025 · ik3 · target: 8 → 10",
        "perjanjian-kinerja 2025 · ik3 · target_periode · TW1: 2 → 3",
    ]
    assert [(p.indikator, p.unit, p.medan) for p in hasil] == [
        ("ik3", "umum", "target"),
        ("ik3", "umum", "target_periode"),
    ]
    rentang = bandingkan(PK, Isi(pk({"min": 1, "maks": 2}, {})), Isi(pk({"min": 1, "maks": 3}, {})))
    assert [uraikan(p) for p in rentang] == ["perjanjian-kinerja 2025 · ik3 · target · maks: 2 → 3"]


def test_sign_offs_are_named_as_such() -> None:
    lama = {"periode": "TW2", "langkah": [{"no": 6, "mulai": "2025-07-20"}]}
    baru = {
        "periode": "TW2",
        "langkah": [{"no": 6, "mulai": "2025-07-20", "selesai": "2025-07-21", "oleh": "panewu"}],
    }
    assert _ubah(SIKLUS, lama, baru) == [
        "siklus TW2 2025 · langkah 6 · selesai: – → 2025-07-21",
        "siklus TW2 2025 · langkah 6 · ditandatangani oleh panewu",
    ]
    hasil = bandingkan(SIKLUS, Isi({"periode": "TW2", "langkah": []}), Isi(baru))
    assert [uraikan(p) for p in hasil] == [
        "siklus TW2 2025 · langkah 6 · ditandatangani oleh panewu (selesai 2025-07-21)"
    ]
    assert hasil[0].langkah == 6


def test_surat_by_nomor_and_officials_by_id() -> None:
    surat = {"nomor": "000.8/1", "perihal": "A"}
    lama = {"periode": "TW2", "surat": [surat]}
    baru = {"periode": "TW2", "surat": [{**surat, "perihal": "B"}]}
    assert _ubah(SIKLUS, lama, baru) == ["siklus TW2 2025 · surat 000.8/1 · perihal: A → B"]
    pejabat = {"id": "kepala", "nama": "X", "unit": "umum"}
    hasil = bandingkan(
        "data/instansi.yml",
        Isi({"pejabat": [pejabat]}),
        Isi({"pejabat": [{**pejabat, "identitas_git": ["x@contoh.id"]}]}),
    )
    assert [uraikan(p) for p in hasil] == [
        "instansi · pejabat kepala · identitas_git: – → [x@contoh.id]"
    ]
    assert hasil[0].unit == "umum"


def test_files_added_removed_moved_unreadable() -> None:
    data = _real({"indikator": "ik1", "nilai": 1})
    tambah = bandingkan(REAL, None, Isi(data))
    assert [uraikan(p) for p in tambah][:2] == [
        "realisasi TW2 2025 · jawatan-umum: berkas baru",
        "realisasi TW2 2025 · jawatan-umum · periode: – → TW2",
    ]
    assert bandingkan(REAL, Isi(data), None)[0].jenis == "hapus"
    pindah = bandingkan(REAL, Isi(data), Isi(data), "data/2025/realisasi/TW1/jawatan-umum.yml")
    assert [(p.jenis, p.lama) for p in pindah] == [
        ("pindah", "data/2025/realisasi/TW1/jawatan-umum.yml")
    ]
    [rusak] = bandingkan(REAL, Isi(data), Isi(galat="YAML tidak dapat dibaca (baris 3)"))
    assert (
        rusak.catatan
        == "berkas tidak dapat dibaca pada commit ini: YAML tidak dapat dibaca (baris 3)"
    )
    [lain] = bandingkan("data/lampiran.pdf", Isi("a", bukan_yaml=True), Isi("b", bukan_yaml=True))
    assert uraikan(lain) == "lampiran.pdf: isi berkas diubah"
    assert bandingkan(REAL, Isi([1]), Isi([1])) == []
    [daftar] = bandingkan(REAL, Isi([1]), Isi([2]))
    assert (daftar.lama, daftar.baru) == ([1], [2])


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (2025, "2025"),
        (1250000000, "1.250.000.000"),
        (85.5, "85,5"),
        (0.125, "0,125"),
        (True, "true"),
        (None, "–"),
        ([], "–"),
        ({}, "–"),
        ({"min": 80, "maks": 90}, "min: 80, maks: 90"),
        ("x" * 200, "x" * 119 + "…"),
    ],
)
def test_values_are_shown_the_indonesian_way(nilai: Any, teks: str) -> None:
    assert format_nilai(nilai) == teks


def test_added_and_removed_items_list_only_what_was_filled_in() -> None:
    kosong = {"indikator": "ik1", "nilai": 3.5, "hambatan": None, "bukti": []}
    lama = _real({"indikator": "ik0", "nilai": 1})
    baru = {**lama, "realisasi": [*lama["realisasi"], kosong]}
    assert _ubah(REAL, lama, baru) == [
        "realisasi TW2 2025 · jawatan-umum · ik1: ditambahkan (nilai: 3,5)"
    ]
    assert _ubah(REAL, baru, lama) == [
        "realisasi TW2 2025 · jawatan-umum · ik1: dihapus (sebelumnya nilai: 3,5)"
    ]
    hanya_id = {**lama, "realisasi": [*lama["realisasi"], {"indikator": "ik1", "bukti": []}]}
    assert _ubah(REAL, lama, hanya_id) == ["realisasi TW2 2025 · jawatan-umum · ik1: ditambahkan"]


def test_an_entry_without_value_changes_says_so() -> None:
    e = EntriRiwayat(
        commit="a" * 40,
        tanggal=datetime(2025, 7, 8, 9, 30, tzinfo=timezone(timedelta(hours=8))),
        penulis=Penulis("Ani", "ani@contoh.id"),
        pesan="Rapikan format",
    )
    teks = format_teks([e])
    # shown in the office's zone (WIB without an instansi), not the commit's own WITA
    assert "Selasa, 8 Juli 2025 08.30 WIB" in teks
    assert TANPA_NILAI in teks and TANPA_NILAI in format_markdown([e])
