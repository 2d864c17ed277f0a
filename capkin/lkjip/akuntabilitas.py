"""BAB III of the LKjIP, Akuntabilitas Kinerja: per sasaran the seven analyses, and the
realisasi anggaran."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cached_property

from capkin.achievement import HasilIndikator, HasilPeriode, format_persen
from capkin.achievement.formulas import hitung_capaian, target_nilai
from capkin.achievement.numbers import KOSONG, format_angka, format_nilai
from capkin.achievement.serapan import porsi
from capkin.achievement.terminal_table import teks_efisiensi, teks_target
from capkin.charts import SpekGrafik
from capkin.clock import format_tanggal
from capkin.lkjip.blocks import Gambar, Paragraf, PisahHalaman, Run
from capkin.lkjip.composer import Penyusun
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import Indikator
from capkin.render.anggaran_chart import grafik_anggaran

ANALISIS = (
    "Perbandingan target dan realisasi kinerja tahun ini",
    "Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya",
    "Perbandingan realisasi dengan target jangka menengah (Renstra)",
    "Perbandingan realisasi dengan standar nasional",
    "Analisis penyebab keberhasilan atau kegagalan dan solusinya",
    "Analisis efisiensi penggunaan sumber daya",
    "Analisis program dan kegiatan yang menunjang pencapaian",
)
"""The seven analyses of each sasaran (PermenPANRB 53/2014, Bab III A), in order."""


class PenyusunAkuntabilitas(Penyusun):
    """Adds BAB III to the report."""

    def _tahun_lalu(self, ind_id: str) -> list[tuple[int, HasilIndikator]]:
        """Return the annual result of the indicator in each earlier year whose PK has it."""
        return [(th, per[ind_id]) for th, per in self._lalu() if ind_id in per]

    def _lalu(self) -> list[tuple[int, dict[str, HasilIndikator]]]:
        """Return each earlier year with a PK and its annual results by indicator (once)."""
        if self._per_tahun is None:
            self._per_tahun = []
            for th in self.ds.tahun_terurut:
                pk = self.ds.tahun[th].pk
                if th >= self.tahun or pk is None:
                    continue
                ada = {i.id for _, i in pk.semua_indikator()}
                per = {h.id: h for h in self.tahunan(th).indikator if h.id in ada}
                self._per_tahun.append((th, per))
        return self._per_tahun

    @cached_property
    def _indikator_pk(self) -> dict[str, Indikator]:
        """Return the year's PK indicators by id (once, not once per sasaran)."""
        return {i.id: i for _, i in self.pk.semua_indikator()}

    def _hambatan(self, ind_id: str) -> list[tuple[Periode, str, str, str]]:
        """Return (periode, hambatan, strategi, tindak lanjut) of each quarter that has any."""
        if self._catatan is None:  # one pass over the year's realisasi, not one per indicator
            self._catatan = {}
            data = self.ds.tahun[self.tahun]
            for p in Periode:
                for r in data.realisasi.get(p, {}).values():
                    for e in r.realisasi:
                        if e.hambatan or e.strategi or e.tindak_lanjut:
                            self._catatan.setdefault(e.indikator, []).append(
                                (
                                    p,
                                    e.hambatan or KOSONG,
                                    e.strategi or KOSONG,
                                    e.tindak_lanjut or KOSONG,
                                )
                            )
        return self._catatan.get(ind_id, [])

    def _paragraf_hambatan(self, h: HasilIndikator, disetujui: set[Periode]) -> Paragraf | None:
        """Return an indicator's hambatan, strategi and tindak lanjut as one paragraph.

        Each part lists its texts once, with the quarters that gave it (TW1, TW2: …);
        a quarter whose report is not approved is marked with *.
        """
        catatan = self._hambatan(h.id)
        if not catatan:
            return None
        isi = [Run(f"{h.id} {h.uraian}.", tebal=True)]
        for k, nama in ((1, "Hambatan"), (2, "Strategi / upaya"), (3, "Tindak lanjut")):
            kelompok: dict[str, list[str]] = {}
            for c in catatan:
                if c[k] != KOSONG:
                    label = c[0].value + ("" if c[0] in disetujui else "*")
                    kelompok.setdefault(c[k], []).append(label)
            if kelompok:
                isi.append(Run(f" {nama}: ", tebal=True))
                bagian = "; ".join(f"{', '.join(p)}: {t}" for t, p in kelompok.items())
                isi.append(Run(bagian if bagian.endswith((".", "!", "?")) else bagian + "."))
        return Paragraf(tuple(isi), kelas="ringkas")

    def analisis(self, sid: str, indikator: list[HasilIndikator]) -> None:
        disetujui = {s.periode for s in self.status if s.disetujui}
        pk_ind = self._indikator_pk
        sasaran = next(s for s in self.hasil.sasaran if s.id == sid)

        def sub(n: int) -> None:
            self.judul(4, f"{n}. {ANALISIS[n - 1]}", f"{sid}-analisis-{n}")

        sub(1)
        self.tabel(
            f"Target dan realisasi indikator sasaran {sid} {self.tahun_label}",
            ("Indikator", "Satuan", "Target", "Realisasi", "Capaian", "Status"),
            [
                (
                    f"{h.id} {h.uraian}",
                    h.satuan or KOSONG,
                    teks_target(h.target),
                    format_nilai(h.realisasi),
                    format_persen(h.capaian),
                    h.status.value,
                )
                for h in indikator
            ],
            "--aaa-",
        )
        sub(2)
        # one row per indicator, a column per year: a row per indicator and year made the
        # regency's LKjIP hundreds of pages longer with the same figures
        lalu = {h.id: dict(self._tahun_lalu(h.id)) for h in indikator}
        tahun = sorted({th for per in lalu.values() for th in per})
        if tahun:

            def sel(x: HasilIndikator | None) -> str:
                if x is None:
                    return KOSONG
                capaian = format_persen(x.capaian)
                return f"{format_nilai(x.realisasi)} / {teks_target(x.target)} ({capaian})"

            self.tabel(
                f"Realisasi dan capaian indikator sasaran {sid} dari tahun ke tahun "
                "(tiap sel: realisasi / target (capaian))",
                ("Indikator", *(str(th) for th in tahun), str(self.tahun)),
                [
                    (f"{h.id} {h.uraian}", *(sel(lalu[h.id].get(th)) for th in tahun), sel(h))
                    for h in indikator
                ],
                "-" * (len(tahun) + 2),  # composite cells: left, may wrap
            )
        else:
            self.p("Belum ada data tahun sebelumnya untuk indikator sasaran ini.")
        sub(3)
        baris3 = [
            (
                f"{h.id} {h.uraian}",
                teks_target(target_nilai(tr.nilai)),
                str(tr.tahun),
                format_nilai(h.realisasi),
                format_persen(h.pembanding.renstra),
            )
            for h in indikator
            if (tr := pk_ind[h.id].target_renstra) is not None
        ]
        self.tabel_atau(
            "Indikator sasaran ini tidak memiliki target Renstra dalam data.",
            f"Realisasi {self.tahun} terhadap target akhir Renstra, sasaran {sid}",
            ("Indikator", "Target Renstra", "Tahun target", "Realisasi", "Capaian thd Renstra"),
            baris3,
            "-aaaa",
        )
        sub(4)
        baris4 = []
        for h in indikator:
            ind = pk_ind[h.id]
            if ind.standar_nasional is None:
                continue
            cap = None
            if h.realisasi is not None:
                cap = hitung_capaian(
                    ind.jenis,
                    ind.polaritas,
                    target_nilai(ind.standar_nasional),
                    h.realisasi,
                    self.instansi.pengaturan,
                    ind.skala,
                ).nilai
            baris4.append(
                (
                    f"{h.id} {h.uraian}",
                    teks_target(target_nilai(ind.standar_nasional)),
                    format_nilai(h.realisasi),
                    format_persen(None if cap is None else cap.quantize(Decimal("0.01"))),
                )
            )
        self.tabel_atau(
            "Tidak ada standar nasional yang ditetapkan untuk indikator sasaran ini.",
            f"Realisasi terhadap standar nasional, sasaran {sid}",
            ("Indikator", "Standar nasional", "Realisasi", "Capaian thd standar"),
            baris4,
            "-aaa",
        )
        sub(5)
        # a paragraph per indicator, quarters with the same text named together: a table per
        # indicator (or a row with a quarter a line) made half of a regency's LKjIP
        paragraf = [self._paragraf_hambatan(h, disetujui) for h in indikator]
        if not any(paragraf):
            self.p("Unit penanggung jawab tidak mencatat hambatan, strategi atau tindak lanjut.")
        elif any(c[0] not in disetujui for h in indikator for c in self._hambatan(h.id)):
            self.p(
                "Triwulan bertanda * belum disetujui (langkah pengesahan SOP belum ditandatangani)."
            )
        self.blok += [par for par in paragraf if par]
        sub(6)
        a = sasaran.anggaran
        if a is None:
            self.p("Sasaran ini tidak didukung program dengan pagu anggaran dalam data.")
        else:
            self.tabel(
                f"Efisiensi penggunaan anggaran sasaran {sid} {self.tahun_label}",
                (
                    "Pagu (Rp)",
                    "Realisasi (Rp)",
                    "Serapan",
                    "Capaian kinerja",
                    f"Efisiensi ({a.metode.value})",
                ),
                [
                    (
                        format_angka(a.pagu, 0),
                        format_angka(a.realisasi, 0) if a.realisasi is not None else KOSONG,
                        format_persen(a.serapan),
                        format_persen(sasaran.capaian),
                        teks_efisiensi(a),
                    )
                ],
                "aaaa-",
            )
            for c in a.catatan:
                self.p(c, kelas="catatan")
        sub(7)
        program = [
            (p, h)
            for p, h in zip(self.pk.program, self.hasil.program, strict=True)
            if sid in p.sasaran
        ]
        if not program:
            self.p("Tidak ada program dalam data yang menunjang sasaran ini.")
        else:
            self.tabel(
                f"Program yang menunjang sasaran {sid}",
                ("Kode", "Program", "Porsi", "Pagu (Rp)", "Realisasi (Rp)", "Serapan"),
                [
                    (
                        p.kode or KOSONG,
                        p.uraian,
                        format_persen(porsi(p, sid) * 100),
                        format_angka(h.pagu, 0) if h.pagu is not None else KOSONG,
                        format_angka(h.realisasi, 0) if h.realisasi is not None else KOSONG,
                        format_persen(h.serapan),
                    )
                    for p, h in program
                ],
                "--aaaa",
            )

    def bab3(self, grafik: Callable[[HasilPeriode], SpekGrafik | None]) -> None:
        h = self.hasil
        self.blok.append(PisahHalaman())
        self.judul(1, "BAB III AKUNTABILITAS KINERJA", "bab-3")
        self.judul(2, "A. Capaian kinerja organisasi", "capaian")
        self.p(
            f"Capaian kinerja {self.tahun_label.lower()} diukur dengan membandingkan realisasi "
            "dengan target tiap indikator; capaian sasaran adalah rata-rata capaian indikatornya, "
            f"dan capaian keseluruhan {format_persen(h.capaian_total)} "
            f"({h.predikat_total or KOSONG})."
        )
        tw4 = next(x for x in self.status if x.periode is Periode.TW4)
        if tw4.disetujui and tw4.tanggal is not None:
            self.p(
                f"Angka tahunan adalah angka laporan Triwulan IV yang disahkan pada "
                f"{format_tanggal(tw4.tanggal)} oleh {self.nama_pejabat(tw4.oleh)}; realisasi "
                "anggaran adalah angka terkini dari berkas anggaran."
            )
        self.tabel(
            f"Capaian per sasaran {self.tahun_label}",
            ("Sasaran", "Indikator", "Tanpa data", "Capaian", "Predikat"),
            [
                (
                    f"{s.id} {s.uraian}",
                    str(s.jumlah_indikator),
                    str(s.tanpa_data),
                    format_persen(s.capaian),
                    s.predikat or KOSONG,
                )
                for s in h.sasaran
            ],
            "-aaa-",
        )
        if (g := grafik(h)) is not None:
            self.blok.append(Gambar(g, f"Capaian per sasaran {self.tahun_label}"))
        for s in h.sasaran:
            self.judul(3, f"Sasaran {s.id}: {s.uraian}", f"sasaran-{s.id}")
            self.p(
                f"Capaian sasaran {format_persen(s.capaian)} (predikat {s.predikat or KOSONG})"
                + (
                    f"; {s.tanpa_data} dari {s.jumlah_indikator} indikator belum ada data."
                    if s.tanpa_data
                    else "."
                )
            )
            self.analisis(s.id, [i for i in h.indikator if i.sasaran == s.id])
        self.judul(2, "B. Realisasi anggaran", "realisasi-anggaran")
        if not h.program:
            self.p("Perjanjian Kinerja tahun ini tidak mencantumkan program dan anggaran.")
            return
        self.tabel(
            f"Realisasi anggaran per program {self.tahun_label}",
            ("Kode", "Program", "Pagu (Rp)", "Realisasi (Rp)", "Serapan"),
            [
                (
                    p.kode or KOSONG,
                    p.uraian,
                    format_angka(p.pagu, 0) if p.pagu is not None else KOSONG,
                    format_angka(p.realisasi, 0) if p.realisasi is not None else KOSONG,
                    format_persen(p.serapan),
                )
                for p in h.program
            ],
            "--aaa",
        )
        self.tabel(
            f"Pagu, realisasi, serapan anggaran dan efisiensi per sasaran {self.tahun_label}",
            ("Sasaran", "Pagu (Rp)", "Realisasi (Rp)", "Serapan", "Capaian", "Efisiensi"),
            [
                (
                    f"{s.id} {s.uraian}",
                    format_angka(s.anggaran.pagu, 0),
                    format_angka(s.anggaran.realisasi, 0)
                    if s.anggaran.realisasi is not None
                    else KOSONG,
                    format_persen(s.anggaran.serapan),
                    format_persen(s.capaian),
                    teks_efisiensi(s.anggaran),
                )
                for s in h.sasaran
                if s.anggaran is not None
            ],
            "-aaaa-",
        )
        if (g := grafik_anggaran(h)) is not None:
            self.blok.append(
                Gambar(
                    g,
                    f"Pagu, realisasi, serapan anggaran dan efisiensi per sasaran {self.tahun_label}",
                )
            )
