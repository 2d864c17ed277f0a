"""The register for people: filtering, and text or Markdown in Bahasa Indonesia."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal

from capkin.clock import zona_kantor
from capkin.errors import ribuan
from capkin.history.model import TANGGAL_TIDAK_SAH, EntriRiwayat, Penulis, Perubahan
from capkin.jsontext import daftar_json
from capkin.layout import kenali_berkas
from capkin.models.instansi_model import Instansi

if TYPE_CHECKING:
    from capkin.history.reapproval import RevisiDiperiksa
    from capkin.history.signoff import Verifikasi

KOSONG = "–"
_ZONA = {0: "UTC", 7 * 60: "WIB", 8 * 60: "WITA", 9 * 60: "WIT"}
_KENDALI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control and bidi characters: in a terminal they could move the cursor over a line."""


def _tampak(teks: str) -> str:
    """Show control characters of commit text as escapes (e.g. \\x1b), never raw."""
    return _KENDALI.sub(lambda m: ascii(m.group())[1:-1], teks)


TANPA_NILAI = "tidak ada nilai yang berubah (hanya penulisan berkas)"
_PANJANG_MAKS = 120


def saring_riwayat(
    riwayat: Iterable[EntriRiwayat],
    *,
    sejak: date | None = None,
    indikator: str | None = None,
    unit: str | None = None,
    batas: int | None = None,
    zona: ZoneInfo | None = None,
) -> list[EntriRiwayat]:
    """Keep entries from `sejak` on; with `indikator`/`unit`, only the changes about them.

    `sejak` is a day in `zona` (the office's, as the register shows times), not in the zone
    each commit happens to carry.
    """
    hasil: list[EntriRiwayat] = []
    for e in riwayat:
        hari = e.tanggal.astimezone(zona).date() if zona is not None else e.tanggal.date()
        # a time git cannot print says nothing of when: the entry is kept, never dropped
        if sejak is not None and hari < sejak and e.tanggal_sah:
            continue
        if indikator is not None or unit is not None:
            cocok = tuple(
                p
                for p in e.perubahan
                if (indikator is None or p.indikator == indikator)
                and (unit is None or p.unit == unit)
            )
            if not cocok:
                continue
            e = e.saring(cocok)
        hasil.append(e)
        if batas is not None and len(hasil) >= batas:
            break
    return hasil


_ID = str.maketrans({",": ".", ".": ","})
_SEPULUH_DIGIT = Decimal(1).scaleb(-10)


def _format_desimal(x: float) -> str:
    """Format a float as Babel's `#,##0.0#########` in `id` does, at a fraction of its cost."""
    if abs(x) >= 1e15:  # past float's exact digits: leave it to Babel
        return format_decimal(x, format="#,##0.0#########", locale="id")
    d = Decimal(str(x)).quantize(_SEPULUH_DIGIT, rounding=ROUND_HALF_EVEN)
    teks = f"{d:,f}".rstrip("0")
    return (teks + "0" if teks.endswith(".") else teks).translate(_ID)


def format_nilai(nilai: Any) -> str:
    """Show a plain value briefly: Indonesian numbers, `k: v` pairs, no rounding."""
    if nilai is None or nilai == [] or nilai == {}:
        return KOSONG
    if isinstance(nilai, bool):
        return "true" if nilai else "false"
    if isinstance(nilai, int):
        # years and step numbers are written without grouping
        return ribuan(nilai) if abs(nilai) >= 10_000 else str(nilai)
    if isinstance(nilai, float):
        if nilai != nilai or nilai in (float("inf"), float("-inf")):
            return str(nilai)
        # 1.0 stays visibly a decimal: it differs from 1 in the data
        return _format_desimal(nilai)
    if isinstance(nilai, dict):
        teks = ", ".join(f"{k}: {format_nilai(v)}" for k, v in nilai.items())
    elif isinstance(nilai, list):
        teks = "[" + ", ".join(format_nilai(v) for v in nilai) + "]"
    else:
        teks = str(nilai).replace("\n", " ").strip()
    return teks if len(teks) <= _PANJANG_MAKS else teks[: _PANJANG_MAKS - 1] + "…"


_KUNCI_IDENTITAS = ("id", "indikator", "no", "nomor")


def _isi_item(p: Perubahan, item: dict[str, Any]) -> str:
    """Show an added or removed item's filled keys, without the identity its label names."""
    akhir = p.jalur.rsplit(" · ", 1)[-1].split(" ")[-1]
    isi = {
        k: v
        for k, v in item.items()
        if not (k in _KUNCI_IDENTITAS and str(v) == akhir) and v not in (None, "", [], {})
    }
    return format_nilai(isi) if isi else ""


def uraikan(p: Perubahan) -> str:
    """Describe one change in domain terms, e.g. `... · ik1 · nilai: 81 → 82`."""
    if p.jenis == "pindah":
        return f"{p.jalur}: dipindahkan dari {p.lama}"
    if p.lama is None and p.baru is None and p.catatan:
        return f"{p.jalur}: {p.catatan}"
    siklus = p.langkah is not None and p.periode is not None
    if siklus and p.medan == "oleh" and p.baru is not None:
        teks = f"{p.jalur.removesuffix(' · oleh')} · ditandatangani oleh {p.baru}"
        return teks + (f" (sebelumnya {p.lama})" if p.lama is not None else "")
    baru = p.baru if isinstance(p.baru, dict) else {}
    if siklus and p.medan is None and baru.get("oleh") and baru.get("selesai") is not None:
        return f"{p.jalur} · ditandatangani oleh {baru['oleh']} (selesai {baru['selesai']})"
    if p.jenis == "tambah" and isinstance(p.baru, dict):
        isi = _isi_item(p, p.baru)
        return f"{p.jalur}: ditambahkan" + (f" ({isi})" if isi else "")
    if p.jenis == "hapus" and isinstance(p.lama, dict):
        isi = _isi_item(p, p.lama)
        return f"{p.jalur}: dihapus" + (f" (sebelumnya {isi})" if isi else "")
    return f"{p.jalur}: {format_nilai(p.lama)} → {format_nilai(p.baru)}"


def _nama_penulis(p: Penulis, instansi: Instansi | None) -> str:
    pejabat = instansi.cari_pejabat(p.pejabat) if instansi and p.pejabat else None
    if pejabat is not None:
        return f"{pejabat.nama} ({pejabat.jabatan or pejabat.peran}) <{p.email}>"
    tanda = " (bukan identitas git pejabat)" if instansi is not None and not p.pejabat else ""
    return f"{p.nama} <{p.email}>{tanda}"


def format_tanggal_waktu(e: EntriRiwayat, zona: ZoneInfo | None = None) -> str:
    """Return the entry's date and time in Indonesian, in the office's time zone.

    Commits carry their author's zone (GitHub's web editor and CI write UTC); people read
    the register in the office's own time, so every time is shown in `zona` (WIB by default).
    """
    if not e.tanggal_sah:
        return f"{TANGGAL_TIDAK_SAH} (git tidak dapat membaca waktu commit ini)"
    waktu = e.tanggal.astimezone(zona or ZoneInfo("Asia/Jakarta"))
    teks = format_datetime(waktu, "EEEE, d MMMM y HH.mm", tzinfo=waktu.tzinfo, locale="id")
    return f"{teks} {label_zona(waktu)}"


def label_zona(waktu: datetime) -> str:
    """Return a time's zone as people here name it: WIB, WITA, WIT, UTC or UTC+05.45."""
    selisih = waktu.utcoffset()
    menit = int(selisih.total_seconds() // 60) if selisih is not None else 0
    return (
        _ZONA.get(menit)
        or f"UTC{'+' if menit >= 0 else '-'}{abs(menit) // 60:02d}.{abs(menit) % 60:02d}"
    )


def format_teks(riwayat: list[EntriRiwayat], instansi: Instansi | None = None) -> str:
    """Return the register as readable text, newest first."""
    if not riwayat:
        return "Belum ada perubahan data yang tercatat di riwayat git.\n"
    blok: list[str] = []
    zona = zona_kantor(instansi)
    for e in riwayat:
        kepala = f"{e.commit[:7]}  {format_tanggal_waktu(e, zona)}"
        if e.teks_pr is not None:
            kepala += f"  {e.teks_pr}"
        baris = [kepala, f"  oleh {_nama_penulis(e.penulis, instansi)}", f"  {e.judul}"]
        if e.penulis_commit:
            nama = ", ".join(_nama_penulis(p, instansi) for p in e.penulis_commit)
            baris.append(f"  penulis commit: {nama}")
        baris += [f"    • {uraikan(p)}" for p in e.perubahan] or [f"    • {TANPA_NILAI}"]
        blok.append(_tampak("\n".join(baris)))
    return "\n\n".join(blok) + "\n"


def _md(teks: str) -> str:
    return html.escape(teks, quote=False).replace("|", "\\|").replace("\n", " ")


def format_markdown(riwayat: list[EntriRiwayat], instansi: Instansi | None = None) -> str:
    """Return the register as a Markdown table fit for a page, newest first."""
    if not riwayat:
        return "_Belum ada perubahan data yang tercatat di riwayat git._\n"
    baris = [
        "| Tanggal | Commit | Penulis | PR | Perubahan |",
        "|---|---|---|---|---|",
    ]
    zona = zona_kantor(instansi)
    for e in riwayat:
        penulis = _md(_nama_penulis(e.penulis, instansi))
        if e.penulis_commit:
            penulis += "<br>commit: " + ", ".join(
                _md(_nama_penulis(p, instansi)) for p in e.penulis_commit
            )
        perubahan = "<br>".join(_md(uraikan(p)) for p in e.perubahan) or TANPA_NILAI
        baris.append(
            f"| {e.hari(zona)} | `{e.commit[:7]}` | {penulis} | "
            f"{_md(e.teks_pr) if e.teks_pr is not None else KOSONG} | {perubahan} |"
        )
    return "\n".join(baris) + "\n"


def format_json(riwayat: list[EntriRiwayat]) -> str:
    """Return the register as the JSON list of `capkin history --format json`."""
    return daftar_json([e.teks_json() for e in riwayat]) + "\n"


def _tidak_dihitung(dihitung: bool, keadaan: str, wajib: bool) -> str:
    """Return what the register adds to a sign-off or re-approval that does not count."""
    if dihitung:
        return ""
    alasan = wajib and keadaan != "tidak terverifikasi"
    return " — tidak dihitung" + (" (pengaturan.wajib_tanda_tangan_git aktif)" if alasan else "")


def format_keadaan(
    hasil: Mapping[tuple[int, str, int], Verifikasi],
    wajib: bool,
    revisi: Iterable[RevisiDiperiksa] = (),
) -> str:
    """Return the state of every signed step and re-approval, for the text register (oldest
    period first)."""
    revisi = list(revisi)
    if not hasil and not revisi:
        return ""
    baris = ["", "Keadaan tanda tangan langkah SOP:"]
    for (tahun, periode, no), v in sorted(
        hasil.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])
    ):
        teks = f"  {periode} {tahun} langkah {no}: {v.keadaan.value}"
        if v.commit:
            teks += f" (commit {v.commit[:7]}"
            teks += f", dikukuhkan {v.kukuhan[:7]})" if v.kukuhan else ")"
        baris.append(teks + _tidak_dihitung(v.terverifikasi, v.keadaan.value, wajib))
    for r in revisi:
        letak = kenali_berkas(r.berkas)
        kapan = f"{letak.periode} {letak.tahun}" if letak else r.berkas
        teks = (
            f"  {kapan} pengesahan ulang (revisi {r.ke + 1}) atas nama "
            f"{r.item.get('oleh')}: {r.keadaan.value} (commit {r.commit[:7]} oleh {r.email})"
        )
        baris.append(teks + _tidak_dihitung(r.dihitung, r.keadaan.value, wajib))
    return "\n".join(baris) + "\n"
