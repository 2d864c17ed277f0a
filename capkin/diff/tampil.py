"""Show a comparison: Markdown for a pull-request comment (Bahasa Indonesia), or JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from capkin.achievement import format_nilai, format_persen, nilai_json
from capkin.achievement.angka import angka_json
from capkin.clock import format_tanggal
from capkin.diff.banding import Perbandingan, Sisi, Ubah
from capkin.errors import Masalah, Tingkat
from capkin.models import Rentang

PENANDA = "<!-- capkin-diff -->"
"""First line of the Markdown: how the comment workflow finds its own comment to update."""

BARIS_MAKS = 200
"""Rows shown per table; a PR comment has a size limit."""

KOSONG = "–"


def _sel(teks: object) -> str:
    """Escape text for a Markdown table cell: no pipes, no HTML, one line."""
    s = " ".join(str(teks).split())
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _nilai(x: Any) -> str:
    """Format a target or realisasi: 83,4; 1.250.000; a range 90–100; a level; "–"."""
    if isinstance(x, Rentang):
        return f"{format_nilai(x.min)}–{format_nilai(x.maks)}"
    return format_nilai(x)


def _teks(x: Any) -> str:
    return KOSONG if x is None else str(x)


def _ubah(u: Ubah, fmt: Callable[[Any], str] = _nilai) -> str:
    if not u.berubah:
        return fmt(u.lama)
    return f"{fmt(u.lama)} → **{fmt(u.baru)}**"


def _tabel(kepala: Sequence[str], baris: Iterable[Sequence[str]]) -> list[str]:
    semua = list(baris)
    hasil = ["| " + " | ".join(kepala) + " |", "|" + "---|" * len(kepala)]
    hasil += ["| " + " | ".join(b) + " |" for b in semua[:BARIS_MAKS]]
    if len(semua) > BARIS_MAKS:
        hasil.append(f"\n… dan {len(semua) - BARIS_MAKS} baris lainnya.")
    return [*hasil, ""]


def _masalah_baris(masalah: Iterable[Masalah]) -> list[list[str]]:
    return [
        [
            _sel(f"`{m.berkas}:{m.baris}:{m.kolom}`" if m.baris else f"`{m.berkas}`"),
            "galat" if m.tingkat is Tingkat.GALAT else "peringatan",
            _sel(m.pesan),
        ]
        for m in masalah
    ]


def _tidak_sah(sisi: Sisi, peran: str) -> list[str]:
    galat = [m for m in sisi.masalah if m.tingkat is Tingkat.GALAT]
    hasil = [
        f"> **Data {peran} (`{_sel(sisi.label)}`) tidak sah: {len(galat)} galat.** "
        "Angka capaian tidak dibandingkan sampai data diperbaiki.",
        "",
        f"<details><summary>Galat pada {peran}</summary>",
        "",
    ]
    return [*hasil, *_tabel(["Letak", "Tingkat", "Pesan"], _masalah_baris(galat)), "</details>", ""]


def markdown(p: Perbandingan) -> str:
    """Return the comparison as Markdown for a PR comment, starting with the marker."""
    baris = [
        PENANDA,
        "## Ringkasan perubahan laporan",
        "",
        f"Dibandingkan: `{_sel(p.base.label)}` → `{_sel(p.head.label)}`",
        "",
    ]
    for sisi, peran in ((p.base, "dasar"), (p.head, "perubahan")):
        if not sisi.sah:
            baris += _tidak_sah(sisi, peran)
    if not p.ada_perubahan:
        return "\n".join([*baris, "Tidak ada perubahan pada laporan.", ""])
    if p.indikator:
        baris += ["### Capaian indikator", ""]
        baris += _tabel(
            ["Periode", "Indikator", "Realisasi", "Capaian", "Predikat", "Status"],
            (
                [
                    f"{u.periode.value} {u.tahun}",
                    _sel(f"{u.id} — {u.uraian}"),
                    _sel(_ubah(u.realisasi)) + (f" {_sel(u.satuan)}" if u.satuan else ""),
                    _ubah(u.capaian, format_persen),
                    _sel(_ubah(u.predikat, _teks)),
                    _ubah(u.status, _teks),
                ]
                for u in p.indikator
            ),
        )
    if p.target:
        baris += ["### Target berubah", ""]
        baris += _tabel(
            ["Tahun", "Indikator", "Yang berubah", "Lama → baru"],
            (
                [str(t.tahun), _sel(f"{t.id} — {t.uraian}"), t.apa, _sel(_ubah(t.ubah))]
                for t in p.target
            ),
        )
    if p.langkah:
        baris += ["### Tanda tangan langkah SOP", ""]
        baris += _tabel(
            ["Periode", "Langkah", "Perubahan", "Oleh", "Mulai", "Selesai"],
            (
                [
                    f"{lk.periode.value} {lk.tahun}",
                    _sel(f"{lk.no}. {lk.aktivitas}"),
                    lk.jenis,
                    _sel(lk.nama or KOSONG),
                    format_tanggal(lk.mulai) if lk.mulai else KOSONG,
                    format_tanggal(lk.selesai) if lk.selesai else KOSONG,
                ]
                for lk in p.langkah
            ),
        )
    if p.laporan_unit:
        baris += ["### Unit yang kini menyampaikan realisasi", ""]
        baris += _tabel(
            ["Periode", "Unit", "Disampaikan oleh", "Tanggal", "Indikator terisi"],
            (
                [
                    f"{u.periode.value} {u.tahun}",
                    _sel(u.nama),
                    _sel(u.disampaikan_oleh),
                    format_tanggal(u.tanggal),
                    f"{u.terisi} dari {u.jumlah}",
                ]
                for u in p.laporan_unit
            ),
        )
    if p.masalah_baru:
        baris += ["### Masalah validasi baru", ""]
        baris += _tabel(["Letak", "Tingkat", "Pesan"], _masalah_baris(p.masalah_baru))
    if p.masalah_diperbaiki:
        baris += [
            f"{len(p.masalah_diperbaiki)} masalah validasi diperbaiki oleh perubahan ini.",
            "",
        ]
    return "\n".join(baris)


def _json_nilai(x: Any) -> Any:
    if isinstance(x, int | float) and not isinstance(x, bool):
        return angka_json(Decimal(str(x)))
    if hasattr(x, "value"):
        return x.value
    return nilai_json(x)


def _json_ubah(u: Ubah) -> dict[str, Any]:
    return {"lama": _json_nilai(u.lama), "baru": _json_nilai(u.baru)}


def _json_sisi(s: Sisi) -> dict[str, Any]:
    return {
        "label": s.label,
        "sah": s.sah,
        "galat": [m.as_json() for m in s.masalah if m.tingkat is Tingkat.GALAT],
    }


def as_json(p: Perbandingan) -> dict[str, Any]:
    """Return the comparison as plain data for `capkin diff --format json`."""
    return {
        "base": _json_sisi(p.base),
        "head": _json_sisi(p.head),
        "ada_perubahan": p.ada_perubahan,
        "indikator": [
            {
                "tahun": u.tahun,
                "periode": u.periode.value,
                "indikator": u.id,
                "uraian": u.uraian,
                **{
                    k: _json_ubah(getattr(u, k))
                    for k in ("realisasi", "capaian", "predikat", "status")
                },
            }
            for u in p.indikator
        ],
        "target": [
            {"tahun": t.tahun, "indikator": t.id, "uraian": t.uraian, "apa": t.apa}
            | _json_ubah(t.ubah)
            for t in p.target
        ],
        "langkah": [
            {
                "tahun": lk.tahun,
                "periode": lk.periode.value,
                "no": lk.no,
                "aktivitas": lk.aktivitas,
                "jenis": lk.jenis,
                "oleh": lk.oleh,
                "mulai": lk.mulai.isoformat() if lk.mulai else None,
                "selesai": lk.selesai.isoformat() if lk.selesai else None,
            }
            for lk in p.langkah
        ],
        "laporan_unit": [
            {
                "tahun": u.tahun,
                "periode": u.periode.value,
                "unit": u.unit,
                "tanggal": u.tanggal.isoformat(),
                "terisi": u.terisi,
                "jumlah": u.jumlah,
            }
            for u in p.laporan_unit
        ],
        "masalah_baru": [m.as_json() for m in p.masalah_baru],
        "masalah_diperbaiki": len(p.masalah_diperbaiki),
    }
