"""The budget part of the pages: the serapan/capaian chart of a period's sasaran."""

from __future__ import annotations

from capkin.achievement import HasilPeriode, format_persen
from capkin.charts import SpekGrafik, grafik_seri
from capkin.render.env import judul_periode


def ada_anggaran(hasil: HasilPeriode) -> bool:
    """Return whether any sasaran of the period has budget figures."""
    return any(s.anggaran is not None for s in hasil.sasaran)


def grafik_anggaran(hasil: HasilPeriode) -> SpekGrafik | None:
    """Describe a bar chart of each sasaran's capaian next to its budget serapan."""
    sasaran = [s for s in hasil.sasaran if s.anggaran is not None]
    if not sasaran:
        return None
    capaian = [None if s.capaian is None else float(s.capaian) for s in sasaran]
    serapan = [
        None if s.anggaran is None or s.anggaran.serapan is None else float(s.anggaran.serapan)
        for s in sasaran
    ]
    teks = "; ".join(
        f"{s.id}: capaian {format_persen(s.capaian)}, serapan "
        f"{format_persen(s.anggaran.serapan if s.anggaran else None)}"
        for s in sasaran
    )
    return grafik_seri(
        f"Capaian kinerja dan serapan anggaran per sasaran, "
        f"{judul_periode(hasil.tahun, str(hasil.periode))}",
        f"Diagram batang capaian kinerja (%) dan serapan anggaran (%) tiap sasaran. {teks}.",
        [s.id for s in sasaran],
        {"Capaian kinerja (%)": capaian, "Serapan anggaran (%)": serapan},
        "Persen",
        jenis="batang",
        acuan=100,
    )
