"""The pull-request comment, rendered on the privileged side from untrusted JSON.

The validation workflow of a pull request runs with the pull request's own workflow files,
so whatever it uploads is the pull request's to choose. The commenting workflow, which may
write comments, therefore takes only `capkin diff --format json` from it, checks its shape
(every key, type and size), and writes the Markdown itself: every text through `teks_md`,
every number formatted here, under a note that the figures were computed by the pull
request's own run and are not verified.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from capkin.achievement import format_nilai, format_persen
from capkin.diff.markdown import (
    CATATAN_ATAS_NAMA,
    KEPALA_LANGKAH,
    KEPALA_LAPORAN_UNIT,
    KOSONG,
    PENANDA,
    baris_dasar,
    kode_md,
    tabel_md,
    teks_md,
)
from capkin.errors import ribuan

UKURAN_MAKS = 50_000_000
"""Largest artifact accepted, in bytes (a regency-size change fits many times over)."""
TEKS_MAKS = 2_000
"""Longest text accepted in any field (names and uraian are at most this long)."""
DAFTAR_MAKS = 200_000
"""Most rows accepted in any list (the comment shows the first `BARIS_MAKS`)."""
KOMENTAR_MAKS = 60_000
"""Longest comment written, in characters: GitHub refuses a body over 65,536."""
_ANGKA_MAKS = 10**15

CATATAN = (
    "> **Dihitung oleh alur kerja pull request ini sendiri, belum diverifikasi.** Alur kerja "
    "itu dapat diubah oleh pull request yang sama, jadi angka di bawah hanya petunjuk; yang "
    "berlaku adalah hasil `capkin validate` dan `capkin compute` setelah digabung ke `main`."
)


class ArtefakDitolak(ValueError):
    """The artifact is not `capkin diff --format json` as this version writes it."""


# --- the shape, as data: a type, a tuple of alternatives, a dict of keys, a one-item list ---

_TEKS: Any = str
_TEKS_ATAU_NONE: Any = (str, None)
_BULAT: Any = int
_RENTANG: Any = {"min": (int, float, None), "maks": (int, float, None)}
_NILAI: Any = (None, str, int, float, bool, _RENTANG)
_UBAH: Any = {"lama": _NILAI, "baru": _NILAI}
_MASALAH: Any = {
    "berkas": _TEKS,
    "baris": (int, None),
    "kolom": (int, None),
    "tingkat": _TEKS,
    "kode": _TEKS_ATAU_NONE,
    "pesan": _TEKS,
}
_SISI: Any = {"label": _TEKS, "sah": bool, "galat": [_MASALAH]}
BENTUK: Any = {
    "base": _SISI,
    "head": _SISI,
    "dasar": (
        {"ref": _TEKS, "commit": _TEKS, "ujung": _TEKS, "maju": _BULAT, "langsung": bool},
        None,
    ),
    "ada_perubahan": bool,
    "indikator": [
        {
            "tahun": _BULAT,
            "periode": _TEKS,
            "indikator": _TEKS,
            "uraian": _TEKS,
            "realisasi": _UBAH,
            "capaian": _UBAH,
            "predikat": _UBAH,
            "status": _UBAH,
        }
    ],
    "target": [
        {
            "tahun": _BULAT,
            "indikator": _TEKS,
            "uraian": _TEKS,
            "apa": _TEKS,
            "lama": _NILAI,
            "baru": _NILAI,
        }
    ],
    "disahkan": [
        {
            "tahun": _BULAT,
            "periode": _TEKS,
            "disahkan_ulang": bool,
            "beda": [{"item": _TEKS, "lama": _NILAI, "baru": _NILAI}],
        }
    ],
    "langkah": [
        {
            "tahun": _BULAT,
            "periode": _TEKS,
            "no": _BULAT,
            "aktivitas": _TEKS,
            "jenis": _TEKS,
            "oleh": _TEKS_ATAU_NONE,
            "nama": _TEKS_ATAU_NONE,
            "alasan": _TEKS_ATAU_NONE,
            "mulai": _TEKS_ATAU_NONE,
            "selesai": _TEKS_ATAU_NONE,
        }
    ],
    "laporan_unit": [
        {
            "tahun": _BULAT,
            "periode": _TEKS,
            "unit": _TEKS,
            "disampaikan_oleh": _TEKS,
            "tanggal": _TEKS,
            "terisi": _BULAT,
            "jumlah": _BULAT,
        }
    ],
    "masalah_baru": [_MASALAH],
    "masalah_diperbaiki": _BULAT,
}
"""`capkin diff --format json` (`capkin.diff.markdown.as_json`), key by key."""


def _cocok_satu(nilai: Any, bentuk: Any) -> bool:
    if bentuk is None:
        return nilai is None
    if bentuk is bool:
        return isinstance(nilai, bool)
    if bentuk in (int, float):
        return (
            isinstance(nilai, int | float)
            and not isinstance(nilai, bool)
            and (bentuk is float or isinstance(nilai, int))
            and abs(nilai) < _ANGKA_MAKS
            and nilai == nilai  # not NaN
        )
    if bentuk is str:
        return isinstance(nilai, str) and len(nilai) <= TEKS_MAKS
    return False


def periksa_bentuk(nilai: Any, bentuk: Any = BENTUK, letak: str = "$") -> None:
    """Raise `ArtefakDitolak` naming the first place where `nilai` is not of `bentuk`."""
    if isinstance(bentuk, dict):
        if not isinstance(nilai, dict) or set(nilai) != set(bentuk):
            raise ArtefakDitolak(f"{letak}: kunci tidak sesuai bentuk capkin diff --format json")
        for kunci, sub in bentuk.items():
            periksa_bentuk(nilai[kunci], sub, f"{letak}.{kunci}")
    elif isinstance(bentuk, list):
        if not isinstance(nilai, list) or len(nilai) > DAFTAR_MAKS:
            raise ArtefakDitolak(f"{letak}: harus daftar berisi paling banyak {DAFTAR_MAKS}")
        for i, isi in enumerate(nilai):
            periksa_bentuk(isi, bentuk[0], f"{letak}[{i}]")
    elif isinstance(bentuk, tuple):
        for pilihan in bentuk:
            try:
                periksa_bentuk(nilai, pilihan, letak)
            except ArtefakDitolak:
                continue
            return
        raise ArtefakDitolak(f"{letak}: jenis nilai tidak sesuai")
    elif not _cocok_satu(nilai, bentuk):
        raise ArtefakDitolak(f"{letak}: jenis atau panjang nilai tidak sesuai")


def baca_artefak(isi: bytes) -> dict[str, Any]:
    """Return the checked JSON of an artifact, or raise `ArtefakDitolak` saying why not."""
    if len(isi) > UKURAN_MAKS:
        raise ArtefakDitolak(f"artefak lebih dari {ribuan(UKURAN_MAKS)} bita")
    try:
        data = json.loads(isi.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ArtefakDitolak(f"artefak bukan JSON UTF-8 ({exc.__class__.__name__})") from None
    periksa_bentuk(data)
    assert isinstance(data, dict)
    return data


def _nilai(x: Any, fmt: Callable[[Any], str] = format_nilai) -> str:
    if x is None:
        return KOSONG
    if isinstance(x, dict):
        return teks_md(f"{_nilai(x['min'])}–{_nilai(x['maks'])}")
    if isinstance(x, bool):
        return "ya" if x else "tidak"
    return teks_md(fmt(x) if isinstance(x, int | float) else x)


def _ubah(u: dict[str, Any], fmt: Callable[[Any], str] = format_nilai) -> str:
    lama, baru = _nilai(u["lama"], fmt), _nilai(u["baru"], fmt)
    return lama if u["lama"] == u["baru"] else f"{lama} → **{baru}**"


def _periode(d: dict[str, Any]) -> str:
    return teks_md(f"{d['periode']} {d['tahun']}")


def _masalah(daftar: Iterable[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            kode_md(f"{m['berkas']}:{m['baris']}:{m['kolom']}" if m["baris"] else m["berkas"]),
            "galat" if m["tingkat"] == "galat" else "peringatan",
            teks_md(m["pesan"]),
        ]
        for m in daftar
    ]


def komentar(data: dict[str, Any]) -> str:
    """Return the PR comment for checked `capkin diff --format json` data (`baca_artefak`)."""
    baris = [
        PENANDA,
        "## Ringkasan perubahan laporan",
        "",
        CATATAN,
        "",
        f"Dibandingkan: {kode_md(data['base']['label'])} → {kode_md(data['head']['label'])}",
        "",
    ]
    if (d := data["dasar"]) is not None:
        baris += baris_dasar(d["ref"], d["commit"], d["ujung"], d["maju"], d["langsung"])
    for peran in ("base", "head"):
        sisi = data[peran]
        if not sisi["sah"]:
            nama = "dasar" if peran == "base" else "perubahan"
            baris += [
                f"> **Data {nama} ({kode_md(sisi['label'])}) tidak sah: {len(sisi['galat'])} "
                "galat.** Angka capaian tidak dibandingkan sampai data diperbaiki.",
                "",
                *tabel_md(["Letak", "Tingkat", "Pesan"], _masalah(sisi["galat"])),
            ]
    if not data["ada_perubahan"]:
        return "\n".join([*baris, "Tidak ada perubahan pada laporan.", ""])
    bagian: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "Laporan yang sudah disahkan berubah",
            ["Periode", "Yang berubah", "Sebelum → sesudah", "Disahkan ulang"],
            [
                [
                    _periode(u),
                    teks_md(b["item"]),
                    _ubah(b),
                    "ya" if u["disahkan_ulang"] else "belum",
                ]
                for u in data["disahkan"]
                for b in u["beda"]
            ],
        ),
        ("Masalah validasi baru", ["Letak", "Tingkat", "Pesan"], _masalah(data["masalah_baru"])),
        (
            "Capaian indikator",
            ["Periode", "Indikator", "Realisasi", "Capaian", "Predikat", "Status"],
            [
                [
                    _periode(u),
                    teks_md(f"{u['indikator']} — {u['uraian']}"),
                    _ubah(u["realisasi"]),
                    _ubah(u["capaian"], format_persen),
                    _ubah(u["predikat"]),
                    _ubah(u["status"]),
                ]
                for u in data["indikator"]
            ],
        ),
        (
            "Target berubah",
            ["Tahun", "Indikator", "Yang berubah", "Lama → baru"],
            [
                [
                    str(t["tahun"]),
                    teks_md(f"{t['indikator']} — {t['uraian']}"),
                    teks_md(t["apa"]),
                    _ubah(t),
                ]
                for t in data["target"]
            ],
        ),
        (
            "Tanda tangan langkah SOP",
            KEPALA_LANGKAH,
            [
                [
                    _periode(lk),
                    teks_md(f"{lk['no']}. {lk['aktivitas']}"),
                    teks_md(lk["jenis"]),
                    _nilai(lk["nama"] or lk["oleh"]),
                    _nilai(lk["alasan"]),
                    _nilai(lk["mulai"]),
                    _nilai(lk["selesai"]),
                ]
                for lk in data["langkah"]
            ],
        ),
        (
            "Unit yang kini menyampaikan realisasi",
            KEPALA_LAPORAN_UNIT,
            [
                [
                    _periode(u),
                    teks_md(u["unit"]),
                    teks_md(u["disampaikan_oleh"]),
                    teks_md(u["tanggal"]),
                    f"{u['terisi']} dari {u['jumlah']}",
                ]
                for u in data["laporan_unit"]
            ],
        ),
    ]
    for judul, kepala, isi in bagian:
        if isi:
            baris += [f"### {judul}", "", *tabel_md(kepala, isi)]
            if kepala is KEPALA_LANGKAH:
                baris += [CATATAN_ATAS_NAMA, ""]
    if data["masalah_diperbaiki"]:
        baris += [
            f"{data['masalah_diperbaiki']} masalah validasi diperbaiki oleh perubahan ini.",
            "",
        ]
    teks = "\n".join(baris)
    if len(teks) <= KOMENTAR_MAKS:
        return teks
    # cut at a line: an escaped cell is never split, and the note says the rest is left out
    potong = teks[: teks.rfind("\n", 0, KOMENTAR_MAKS - 200)]
    return (
        potong
        + "\n\n… ringkasan dipotong karena terlalu panjang; lihat halaman hasil alur kerja.\n"
    )
