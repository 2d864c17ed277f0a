"""Show a comparison: Markdown for a pull-request comment (Bahasa Indonesia), or JSON."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from capkin.achievement import format_nilai, format_persen, nilai_json
from capkin.achievement.numbers import angka_json
from capkin.clock import format_tanggal
from capkin.diff.comparison import (
    LaporanUnit,
    Perbandingan,
    Sisi,
    Ubah,
    UbahIndikator,
    UbahLangkah,
    UbahTarget,
)
from capkin.errors import Masalah, Tingkat
from capkin.models.perjanjian_kinerja_model import Rentang

if TYPE_CHECKING:
    from capkin.diff.pengesahan import UbahSah

PENANDA = "<!-- capkin-diff -->"
"""First line of the Markdown: how the comment workflow finds its own comment to update."""

BARIS_MAKS = 200
"""Rows shown per table; a PR comment has a size limit."""

KOSONG = "–"

CATATAN_ATAS_NAMA = (
    "Kolom *Atas nama* adalah isian data, bukan bukti: siapa yang benar-benar menandatangani "
    "(terverifikasi, email cocok tanpa tanda tangan kriptografis, atau tidak terverifikasi) "
    "dinilai dari commit-nya oleh `capkin validate` dan `capkin history` setelah digabung."
)


_KENDALI = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides (text that reads differently than it is)."""
_TANDA_MD = re.compile(r"([\\`*_\[\]<>#|~&$])")
"""ASCII punctuation with a meaning in GitHub Markdown (`$` starts math). Parentheses and
`!` stay as written: without `[` and `]` they can start no link or image."""
_PEMICU_GITHUB = re.compile(r"(@|#|://|(?i:www)(?=\\?\.)|(?i:gh)(?=-))")
"""Where GitHub links plain text after rendering: mentions, issue references, bare URLs."""
_ZWSP = "\u200b"


def teks_md(teks: object) -> str:
    """Return data as inert inline Markdown for a PR comment: shown as written, never markup.

    One line (a table cell stays one cell), every Markdown character backslash-escaped (no
    links, images, HTML, emphasis, code spans or table breaks), and a zero-width space after
    what GitHub turns into mentions, issue links and bare-URL links (`@`, `#`, `www`, `GH`;
    before `://`), which it finds in the rendered text where escapes no longer help.
    """
    s = " ".join(_KENDALI.sub("", str(teks)).split())
    s = _TANDA_MD.sub(r"\\\1", s)
    return _PEMICU_GITHUB.sub(
        lambda m: _ZWSP + m.group(1) if m.group(1) == "://" else m.group(1) + _ZWSP, s
    )


def kode_md(teks: object) -> str:
    """Return data shown as code (a file, a revision) without a code span it could break."""
    return f"<code>{teks_md(teks)}</code>"


def _nilai(x: Any) -> str:
    """Format a target or realisasi: 83,4; 1.250.000; a range 90–100; a level; "–"."""
    if isinstance(x, Rentang):
        return f"{format_nilai(x.min)}–{format_nilai(x.maks)}"
    return format_nilai(x)


def _teks(x: Any) -> str:
    return KOSONG if x is None else str(x)


def _ubah(u: Ubah, fmt: Callable[[Any], str] = _nilai) -> str:
    if not u.berubah:
        return teks_md(fmt(u.lama))
    return f"{teks_md(fmt(u.lama))} → **{teks_md(fmt(u.baru))}**"


def tabel_md(kepala: Sequence[str], baris: Iterable[Sequence[str]]) -> list[str]:
    semua = list(baris)
    hasil = ["| " + " | ".join(kepala) + " |", "|" + "---|" * len(kepala)]
    hasil += ["| " + " | ".join(b) + " |" for b in semua[:BARIS_MAKS]]
    if len(semua) > BARIS_MAKS:
        hasil.append(f"\n… dan {len(semua) - BARIS_MAKS} baris lainnya.")
    return [*hasil, ""]


def _masalah_baris(masalah: Iterable[Masalah]) -> list[list[str]]:
    return [
        [
            kode_md(f"{m.berkas}:{m.baris}:{m.kolom}" if m.baris else m.berkas),
            "galat" if m.tingkat is Tingkat.GALAT else "peringatan",
            teks_md(m.pesan),
        ]
        for m in masalah
    ]


def _tidak_sah(sisi: Sisi, peran: str) -> list[str]:
    galat = [m for m in sisi.masalah if m.tingkat is Tingkat.GALAT]
    hasil = [
        f"> **Data {peran} ({kode_md(sisi.label)}) tidak sah: {len(galat)} galat.** "
        "Angka capaian tidak dibandingkan sampai data diperbaiki.",
        "",
        f"<details><summary>Galat pada {peran}</summary>",
        "",
    ]
    return [*hasil, *tabel_md(KEPALA_MASALAH, _masalah_baris(galat)), "</details>", ""]


def _disahkan(p: Perbandingan) -> list[str]:
    """Return the section on approved reports the change alters."""
    ulang = all(u.disahkan_ulang for u in p.disahkan)
    baris = [
        "### Laporan yang sudah disahkan berubah",
        "",
        "Perubahan ini mengubah laporan periode yang sudah disahkan."
        + (
            " Perubahan ini juga mencatat pengesahan ulang (revisi) periode itu."
            if ulang
            else " Laporan yang terbit tetap versi yang disahkan sampai disahkan ulang "
            "(`capkin sign --revisi`, PANDUAN: Koreksi setelah disahkan); `capkin validate "
            "--strict` gagal sampai itu dilakukan atau perubahan dikembalikan."
        ),
        "",
    ]
    return baris + tabel_md(
        ["Periode", "Yang berubah", "Sebelum → sesudah", "Disahkan ulang"],
        (
            [
                _periode(u),
                teks_md(b.label),
                f"{teks_md(b.lama)} → **{teks_md(b.baru)}**",
                "ya" if u.disahkan_ulang else "belum",
            ]
            for u in p.disahkan
            for b in u.beda
        ),
    )


KEPALA_MASALAH = ["Letak", "Tingkat", "Pesan"]
KEPALA_INDIKATOR = ["Periode", "Indikator", "Realisasi", "Capaian", "Predikat", "Status"]
KEPALA_TARGET = ["Tahun", "Indikator", "Yang berubah", "Lama → baru"]
KEPALA_LANGKAH = ["Periode", "Langkah", "Perubahan", "Atas nama", "Alasan", "Mulai", "Selesai"]
KEPALA_LAPORAN_UNIT = ["Periode", "Unit", "Disampaikan oleh", "Tanggal", "Indikator terisi"]
"""The column headings of each table of the comment."""


def _bagian(judul: str, isi: Iterable[list[str]], kepala: list[str]) -> list[str]:
    """Return a section of the comment: its heading, then its table."""
    return [f"### {judul}", "", *tabel_md(kepala, isi)]


def _periode(u: UbahIndikator | UbahLangkah | LaporanUnit | UbahSah) -> str:
    return f"{u.periode.value} {u.tahun}"


def _baris_indikator(u: UbahIndikator) -> list[str]:
    satuan = f" {teks_md(u.satuan)}" if u.satuan else ""
    return [
        _periode(u),
        teks_md(f"{u.id} — {u.uraian}"),
        _ubah(u.realisasi) + satuan,
        _ubah(u.capaian, format_persen),
        _ubah(u.predikat, _teks),
        _ubah(u.status, _teks),
    ]


def _baris_target(t: UbahTarget) -> list[str]:
    return [str(t.tahun), teks_md(f"{t.id} — {t.uraian}"), teks_md(t.apa), _ubah(t.ubah)]


def _baris_langkah(lk: UbahLangkah) -> list[str]:
    return [
        _periode(lk),
        teks_md(f"{lk.no}. {lk.aktivitas}"),
        teks_md(lk.jenis),
        teks_md(lk.nama or KOSONG),
        teks_md(lk.alasan) if lk.alasan else KOSONG,
        format_tanggal(lk.mulai) if lk.mulai else KOSONG,
        format_tanggal(lk.selesai) if lk.selesai else KOSONG,
    ]


def _baris_laporan_unit(u: LaporanUnit) -> list[str]:
    return [
        _periode(u),
        teks_md(u.nama),
        teks_md(u.disampaikan_oleh),
        format_tanggal(u.tanggal),
        f"{u.terisi} dari {u.jumlah}",
    ]


def baris_dasar(ref: str, commit: str, ujung: str, maju: int, langsung: bool) -> list[str]:
    """Return the lines saying which commit BASE stood for: its tip, or where the change
    forked from it when BASE has moved on since (the merge base)."""
    if langsung:
        teks = f"Dasar: ujung {kode_md(ref)} (commit {kode_md(commit[:12])}), langsung"
        if maju > 0:
            teks += (
                f"; {maju} commit di {kode_md(ref)} tidak ada di HEAD dan tampil sebagai "
                "dibatalkan oleh perubahan ini"
            )
        return [teks + ".", ""]
    if maju <= 0 and commit == ujung:
        return [f"Dasar: {kode_md(ref)} (commit {kode_md(commit[:12])}).", ""]
    return [
        f"Dasar: commit {kode_md(commit[:12])}, tempat perubahan ini bercabang dari "
        f"{kode_md(ref)} (merge base, seperti <code>git diff {teks_md(ref)}...HEAD</code>). "
        f"{kode_md(ref)} sudah maju {maju} commit sejak itu (kini {kode_md(ujung[:12])}); "
        "perubahan di sana tidak dihitung sebagai perubahan ini. Gabungkan atau rebase dengan "
        f"{kode_md(ref)} untuk melihat hasil keduanya bersama.",
        "",
    ]


def markdown(p: Perbandingan) -> str:
    """Return the comparison as Markdown for a PR comment, starting with the marker."""
    baris = [
        PENANDA,
        "## Ringkasan perubahan laporan",
        "",
        f"Dibandingkan: {kode_md(p.base.label)} → {kode_md(p.head.label)}",
        "",
    ]
    if p.dasar is not None:
        d = p.dasar
        baris += baris_dasar(d.ref, d.commit, d.ujung, d.maju, d.langsung)
    for sisi, peran in ((p.base, "dasar"), (p.head, "perubahan")):
        if not sisi.sah:
            baris += _tidak_sah(sisi, peran)
    if not p.ada_perubahan:
        return "\n".join([*baris, "Tidak ada perubahan pada laporan.", ""])
    # what needs a reviewer's attention first: approved reports altered, new problems
    if p.disahkan:
        baris += _disahkan(p)
    if p.masalah_baru:
        baris += _bagian("Masalah validasi baru", _masalah_baris(p.masalah_baru), KEPALA_MASALAH)
    if p.indikator:
        baris += _bagian("Capaian indikator", map(_baris_indikator, p.indikator), KEPALA_INDIKATOR)
    if p.target:
        baris += _bagian("Target berubah", map(_baris_target, p.target), KEPALA_TARGET)
    if p.langkah:
        baris += _bagian("Tanda tangan langkah SOP", map(_baris_langkah, p.langkah), KEPALA_LANGKAH)
        baris += [CATATAN_ATAS_NAMA, ""]
    if p.laporan_unit:
        baris += _bagian(
            "Unit yang kini menyampaikan realisasi",
            map(_baris_laporan_unit, p.laporan_unit),
            KEPALA_LAPORAN_UNIT,
        )
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
    d = p.dasar
    return {
        "base": _json_sisi(p.base),
        "head": _json_sisi(p.head),
        "dasar": None
        if d is None
        else {
            "ref": d.ref,
            "commit": d.commit,
            "ujung": d.ujung,
            "maju": d.maju,
            "langsung": d.langsung,
        },
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
        "disahkan": [
            {
                "tahun": u.tahun,
                "periode": u.periode.value,
                "disahkan_ulang": u.disahkan_ulang,
                "beda": [{"item": b.label, "lama": b.lama, "baru": b.baru} for b in u.beda],
            }
            for u in p.disahkan
        ],
        "langkah": [
            {
                "tahun": lk.tahun,
                "periode": lk.periode.value,
                "no": lk.no,
                "aktivitas": lk.aktivitas,
                "jenis": lk.jenis,
                "oleh": lk.oleh,
                "nama": lk.nama,
                "alasan": lk.alasan,
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
                "disampaikan_oleh": u.disampaikan_oleh,
                "tanggal": u.tanggal.isoformat(),
                "terisi": u.terisi,
                "jumlah": u.jumlah,
            }
            for u in p.laporan_unit
        ],
        "masalah_baru": [m.as_json() for m in p.masalah_baru],
        "masalah_diperbaiki": len(p.masalah_diperbaiki),
    }
