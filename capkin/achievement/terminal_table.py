"""Render a period's results as a terminal table (grouped by sasaran) or as CSV."""

from __future__ import annotations

import csv
import io
import re
import textwrap
from decimal import Decimal

from capkin.achievement.formulas import TargetNilai
from capkin.achievement.numbers import KOSONG, format_angka, format_nilai, format_persen
from capkin.achievement.periode import nama_periode
from capkin.achievement.results import HasilIndikator, HasilPeriode, nilai_json
from capkin.achievement.serapan import AnggaranSasaran
from capkin.models.perjanjian_kinerja_model import Rentang

LEBAR = 100
"""Width of the terminal table."""

_KOLOM = ("Target", "Realisasi", "Capaian", "Predikat", "Status")


_NBSP = "\u00a0"


def teks_target(t: TargetNilai | None) -> str:
    """Return a target for people: 85; 80–90 for a range; the level for kategori."""
    if isinstance(t, Rentang):
        return f"{format_nilai(t.min)}–{format_nilai(t.maks)}"
    return format_nilai(t)


def _sel(h: HasilIndikator) -> tuple[str, ...]:
    return (
        teks_target(h.target),
        format_nilai(h.realisasi),
        format_persen(h.capaian),
        h.predikat or KOSONG,
        h.status.value,
    )


def _pembanding(h: HasilIndikator) -> str | None:
    p = h.pembanding
    if p.periode_lalu is None and p.tahun_lalu is None and p.renstra is None:
        return None
    return (
        f"pembanding: periode lalu {format_persen(p.periode_lalu)} · tahun lalu "
        f"{format_persen(p.tahun_lalu)} · target renstra {format_persen(p.renstra)}"
    )


def format_rupiah(x: Decimal | int | float | None) -> str:
    """Format an amount in rupiah the Indonesian way: "Rp1.250.000.000"; "–" for None."""
    return KOSONG if x is None else f"Rp{format_angka(x, 0)}"


def teks_efisiensi(a: AnggaranSasaran) -> str:
    """Return a sasaran's efficiency for people: "1,19 (efisien)", "5,23 % (efisien)", "–"."""
    if a.efisiensi is None:
        return KOSONG if a.efisien is None else "tidak efisien"
    angka = format_angka(a.efisiensi) + (" %" if a.metode.value == "sisa" else "")
    return f"{angka} ({'efisien' if a.efisien else 'tidak efisien'})"


def ringkas_anggaran(a: AnggaranSasaran) -> str:
    """Return one line with a sasaran's pagu, realisasi, serapan and efficiency."""
    return (
        f"Anggaran: pagu {format_rupiah(a.pagu)} · rencana {format_rupiah(a.rencana)} · "
        f"realisasi {format_rupiah(a.realisasi)} · serapan {format_persen(a.serapan)} · "
        f"efisiensi ({a.metode.value}) {teks_efisiensi(a)}"
    )


def tabel(hasil: HasilPeriode, lebar: int = LEBAR) -> str:
    """Return a readable table of a period's capaian, grouped by sasaran, `lebar` columns wide."""
    sel = {h.id: _sel(h) for h in hasil.indikator}
    lebar_kolom = [
        max([len(judul), *(len(s[n]) for s in sel.values())]) for n, judul in enumerate(_KOLOM)
    ]
    lebar_nama = max(20, lebar - 2 - sum(w + 2 for w in lebar_kolom))

    def baris(nama: str, isi: tuple[str, ...]) -> str:
        kolom = [nama.ljust(lebar_nama)]
        for n, (teks, w) in enumerate(zip(isi, lebar_kolom, strict=True)):
            kolom.append(teks.rjust(w) if n < 3 else teks.ljust(w))
        return ("  " + "  ".join(kolom)).rstrip()

    keluar = [
        f"Capaian Kinerja {hasil.instansi}".rstrip(),
        f"Tahun {hasil.tahun} · {nama_periode(hasil.periode)}",
    ]
    per_sasaran: dict[str, list[HasilIndikator]] = {}
    for h in hasil.indikator:
        per_sasaran.setdefault(h.sasaran, []).append(h)
    bungkus_catatan = textwrap.TextWrapper(
        lebar, initial_indent="      • ", subsequent_indent="        "
    )
    for s in hasil.sasaran:
        keluar += ["", *textwrap.wrap(f"{s.id}  {s.uraian}", lebar, subsequent_indent="     ")]
        ringkas = f"     Capaian sasaran: {format_persen(s.capaian)}"
        if s.predikat:
            ringkas += f" ({s.predikat})"
        if s.tanpa_data:
            ringkas += f" · {s.tanpa_data} dari {s.jumlah_indikator} indikator belum ada data"
        keluar.append(ringkas)
        if s.anggaran is not None:
            # a no-break space keeps "18,75 %" together (textwrap splits on ASCII spaces only)
            keluar += [
                b.replace(_NBSP, " ")
                for b in textwrap.wrap(
                    ringkas_anggaran(s.anggaran).replace(" %", _NBSP + "%"),
                    lebar,
                    initial_indent="     ",
                    subsequent_indent="       ",
                )
            ]
        keluar += [baris("Indikator", _KOLOM), "  " + "-" * (lebar - 2)]
        for h in per_sasaran.get(s.id, []):
            nama = f"{h.id} {h.uraian}" + (f" ({h.satuan})" if h.satuan else "")
            potongan = textwrap.wrap(
                nama, lebar_nama, subsequent_indent="  ", break_on_hyphens=False
            )
            potongan = potongan or [h.id]
            keluar.append(baris(potongan[0], sel[h.id]))
            keluar += ["  " + p for p in potongan[1:]]
            tambahan = [*h.catatan, *filter(None, [_pembanding(h)])]
            for c in tambahan:
                keluar += bungkus_catatan.wrap(c)
    total = f"Capaian total: {format_persen(hasil.capaian_total)}"
    if hasil.predikat_total:
        total += f" ({hasil.predikat_total})"
    keluar += ["", total]
    return "\n".join(keluar) + "\n"


KOLOM_CSV = (
    "id",
    "sasaran",
    "uraian",
    "satuan",
    "target",
    "realisasi",
    "capaian",
    "predikat",
    "status",
    "catatan",
    "pembanding_periode_lalu",
    "pembanding_tahun_lalu",
    "pembanding_renstra",
    "anggaran_pagu",
    "anggaran_rencana",
    "anggaran_realisasi",
    "anggaran_serapan",
    "anggaran_efisiensi",
    "anggaran_efisien",
    "anggaran_metode",
)
"""The CSV header: the JSON fields, with `pembanding` spread over three columns, then the
indicator's sasaran's `anggaran` (empty when the sasaran has no program)."""


def _csv_nilai(x: object) -> str:
    if x is None:
        return ""
    if isinstance(x, dict):
        return f"{_csv_nilai(x['min'])}–{_csv_nilai(x['maks'])}"
    if isinstance(x, float):
        teks = format(Decimal(str(x)), "f")
        return teks.rstrip("0").rstrip(".") if "." in teks else teks
    return str(x)


AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or, for tab and CR, hide one)."""
_ANGKA = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def sel_csv(teks: str) -> str:
    """Return a CSV cell that no spreadsheet reads as a formula: text such as `=HYPERLINK(…)`
    gets a leading `'`; plain numbers (`-12.5`) stay numbers."""
    if teks.startswith(AWAL_RUMUS) and not _ANGKA.fullmatch(teks):
        return "'" + teks
    return teks


def baris_csv(hasil: HasilPeriode) -> list[list[str]]:
    """Return the CSV's rows as raw text (header first), before any escaping."""
    baris = [list(KOLOM_CSV)]
    anggaran = {s.id: s.anggaran.as_json() for s in hasil.sasaran if s.anggaran is not None}
    for h in hasil.indikator:
        j = h.as_json()
        a = anggaran.get(h.sasaran)
        baris.append(
            [
                j["id"],
                j["sasaran"],
                j["uraian"],
                j["satuan"],
                _csv_nilai(nilai_json(h.target)),
                _csv_nilai(j["realisasi"]),
                _csv_nilai(j["capaian"]),
                _csv_nilai(j["predikat"]),
                j["status"],
                "; ".join(j["catatan"]),
                *(
                    _csv_nilai(j["pembanding"][k])
                    for k in ("periode_lalu", "tahun_lalu", "renstra")
                ),
                *(
                    ""
                    if a is None or a[k] is None
                    else ("ya" if a[k] else "tidak")
                    if isinstance(a[k], bool)
                    else _csv_nilai(a[k])
                    for k in (
                        "pagu",
                        "rencana",
                        "realisasi",
                        "serapan",
                        "efisiensi",
                        "efisien",
                        "metode",
                    )
                ),
            ]
        )
    return baris


def teks_csv(hasil: HasilPeriode) -> str:
    """Return one CSV row per indicator (header first); numbers as in the JSON, ranges min–maks.

    Every cell goes through `sel_csv`: data such as an indicator's uraian cannot become a
    live formula when the file is opened in a spreadsheet.
    """
    keluar = io.StringIO()
    tulis = csv.writer(keluar, lineterminator="\n")
    for b in baris_csv(hasil):
        tulis.writerow([sel_csv(sel) for sel in b])
    return keluar.getvalue()
