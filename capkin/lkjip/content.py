"""The content of the annual Laporan Kinerja (LKjIP, PermenPANRB 53/2014) from the data.

Ikhtisar Eksekutif; BAB I Pendahuluan; BAB II Perencanaan Kinerja (PK, programs and budget);
BAB III Akuntabilitas Kinerja — A. per sasaran the seven analyses, B. realisasi anggaran;
BAB IV Penutup; the PK as annex. Figures are the year's (`tahunan`, as of TW4); a period
whose report is not approved is marked, and the report is a DRAF until TW4 is approved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from capkin.achievement import HasilIndikator, HasilPeriode, Penghitung, format_persen
from capkin.achievement.formulas import hitung_capaian, target_nilai
from capkin.achievement.numbers import KOSONG, format_angka, format_nilai
from capkin.achievement.serapan import porsi
from capkin.achievement.terminal_table import format_rupiah, teks_efisiensi, teks_target
from capkin.charts import SpekGrafik
from capkin.clock import format_tanggal
from capkin.dataset import Dataset
from capkin.errors import Masalah, UsageError
from capkin.layout import NARASI_LKJIP
from capkin.lkjip.blocks import (
    Blok,
    Daftar,
    Gambar,
    Judul,
    Paragraf,
    PisahHalaman,
    Run,
    Tabel,
    teks,
)
from capkin.lkjip.narasi import Narasi, baca_narasi
from capkin.models import TAHUNAN, Periode, PerjanjianKinerja
from capkin.render.anggaran_chart import grafik_anggaran
from capkin.render.capaian_pages import grafik_sasaran

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


@dataclass(frozen=True)
class StatusPeriode:
    """Whether a quarter's report of the year is approved."""

    periode: Periode
    tanggal: date | None = None
    """The date of its latest approval, None while it is not approved."""
    oleh: str | None = None

    @property
    def disetujui(self) -> bool:
        """Return whether the quarter's report is approved."""
        return self.tanggal is not None


@dataclass(frozen=True)
class Lkjip:
    """The whole report: title-page facts, its blocks and the problems met building it."""

    tahun: int
    instansi: str
    induk: str | None
    draf: bool
    status: tuple[StatusPeriode, ...]
    blok: tuple[Blok, ...]
    masalah: tuple[Masalah, ...]

    @property
    def judul(self) -> str:
        """Return the report's title."""
        return f"Laporan Kinerja Instansi Pemerintah {self.instansi} Tahun {self.tahun}"

    @property
    def belum_disetujui(self) -> list[Periode]:
        """Return the quarters whose report is not approved."""
        return [s.periode for s in self.status if not s.disetujui]

    def grafik(self) -> list[SpekGrafik]:
        """Return the charts the report shows."""
        return [b.spek for b in self.blok if isinstance(b, Gambar)]


def status_persetujuan(ds: Dataset, tahun: int) -> tuple[StatusPeriode, ...]:
    """Return each quarter's approval: the approval step (or a revisi) signed.

    The one place the LKjIP asks whether a period is approved; it follows
    `capkin.pengesahan.periksa_pengesahan` (step 6 of 08/SOP/2023, or a later `revisi`,
    when its sign-off counts).
    """
    from capkin.pengesahan import periksa_pengesahan

    disahkan = {p.periode: p.terakhir for p in periksa_pengesahan(ds, ds.root) if p.tahun == tahun}
    hasil = []
    for p in Periode:
        terakhir = disahkan.get(p)
        if terakhir is not None:
            hasil.append(StatusPeriode(p, terakhir.tanggal, terakhir.oleh))
        else:
            hasil.append(StatusPeriode(p))
    return tuple(hasil)


def _pct(x: Decimal | None) -> str:
    return format_persen(x)


class _Penyusun:
    def __init__(
        self,
        ds: Dataset,
        root: Path,
        tahun: int,
        hasil: Mapping[tuple[int, str], HasilPeriode],
    ) -> None:
        data = ds.tahun.get(tahun)
        if data is None or data.pk is None:
            raise UsageError(
                f"tahun {tahun} tidak memiliki data/{tahun}/perjanjian-kinerja.yml; LKjIP "
                "disusun dari perjanjian kinerja dan realisasi tahun itu"
            )
        assert ds.instansi is not None  # a valid tree has one
        self.ds, self.root, self.tahun = ds, root, tahun
        self.pk: PerjanjianKinerja = data.pk
        self.instansi = ds.instansi
        self.penghitung = Penghitung(ds)
        self.terbit = hasil
        self.hasil: HasilPeriode = self.tahunan(tahun)
        self.status = status_persetujuan(ds, tahun)
        self.masalah: list[Masalah] = []
        self.narasi: dict[str, Narasi] = {}
        for nama in NARASI_LKJIP:
            n, m = baca_narasi(root, tahun, nama)
            self.narasi[nama] = n
            self.masalah += m
        self.blok: list[Blok] = []
        self._per_tahun: list[tuple[int, dict[str, HasilIndikator]]] | None = None
        self._catatan: dict[str, list[tuple[Periode, str, str, str]]] | None = None

    # --- helpers -------------------------------------------------------------------------

    def tahunan(self, tahun: int) -> HasilPeriode:
        """Return a year's annual figures: as published (approved) when given, else computed."""
        return self.terbit.get((tahun, TAHUNAN)) or self.penghitung.hasil(tahun, TAHUNAN)

    def judul(self, level: int, isi: str, id_: str = "") -> None:
        self.blok.append(Judul(level, isi, id_))

    def p(self, isi: str, kelas: str = "") -> None:
        self.blok.append(teks(isi, kelas=kelas))

    def tabel(
        self, judul: str, kepala: tuple[str, ...], baris: Sequence[tuple[str, ...]], angka: str = ""
    ) -> None:
        self.blok.append(Tabel(judul, kepala, tuple(baris), tuple(c == "a" for c in angka)))

    def tabel_atau(
        self,
        kosong: str,
        judul: str,
        kepala: tuple[str, ...],
        baris: Sequence[tuple[str, ...]],
        angka: str = "",
    ) -> None:
        """Add a table, or the sentence `kosong` when it has no rows."""
        if baris:
            self.tabel(judul, kepala, baris, angka)
        else:
            self.p(kosong)

    def nama_pejabat(self, pid: str | None) -> str:
        pj = self.instansi.cari_pejabat(pid) if pid else None
        if pj is None:
            return pid or KOSONG
        return f"{pj.nama} ({pj.jabatan or pj.peran})"

    @property
    def tahun_label(self) -> str:
        return f"Tahun {self.tahun}"

    # --- parts ---------------------------------------------------------------------------

    def ikhtisar(self) -> None:
        h = self.hasil
        self.judul(1, "Ikhtisar Eksekutif", "ikhtisar")
        self.blok += self.narasi["ikhtisar"].blok
        jumlah = len(h.indikator)
        tercapai = sum(1 for i in h.indikator if i.status.value == "tercapai")
        kalimat = (
            f"Pada {self.tahun_label.lower()} {self.instansi.nama} menetapkan {len(h.sasaran)} "
            f"sasaran strategis dengan {jumlah} indikator kinerja dalam Perjanjian Kinerja. "
            f"Sebanyak {tercapai} dari {jumlah} indikator mencapai target; capaian kinerja "
            f"keseluruhan {_pct(h.capaian_total)} dengan predikat {h.predikat_total or KOSONG}."
        )
        pagu = sum((p.pagu for p in h.program if p.pagu is not None), Decimal(0))
        realisasi = [p.realisasi for p in h.program if p.pagu is not None]
        if h.program and pagu and all(r is not None for r in realisasi):
            total = sum((r for r in realisasi if r is not None), Decimal(0))
            kalimat += (
                f" Realisasi anggaran {format_rupiah(total)} dari pagu {format_rupiah(pagu)} "
                f"(serapan {_pct(total / pagu * 100)})."
            )
        elif h.program and pagu:
            sebab = next(p.sebab for p in h.program if p.pagu is not None and p.realisasi is None)
            kalimat += f" Realisasi anggaran belum dapat disajikan: {sebab}."
        self.p(kalimat)
        self.tabel(
            f"Ringkasan capaian per sasaran {self.tahun_label}",
            ("Sasaran", "Capaian", "Predikat", "Serapan anggaran", "Efisiensi"),
            [
                (
                    f"{s.id} {s.uraian}",
                    _pct(s.capaian),
                    s.predikat or KOSONG,
                    _pct(s.anggaran.serapan) if s.anggaran else KOSONG,
                    teks_efisiensi(s.anggaran) if s.anggaran else KOSONG,
                )
                for s in h.sasaran
            ],
            "-aa-a",
        )
        if belum := [s.periode.value for s in self.status if not s.disetujui]:
            self.p(
                f"Catatan: laporan periode {', '.join(belum)} belum disetujui (langkah "
                "pengesahan SOP belum ditandatangani); angka periode itu dapat berubah.",
                kelas="catatan-draf",
            )

    def bab1(self) -> None:
        self.blok.append(PisahHalaman())
        self.judul(1, "BAB I PENDAHULUAN", "bab-1")
        self.blok += self.narasi["pendahuluan"].blok
        self.judul(2, "A. Gambaran umum organisasi", "gambaran-umum")
        induk = f" di lingkungan {self.instansi.induk}" if self.instansi.induk else ""
        self.p(f"{self.instansi.nama}{induk} terdiri atas unit kerja berikut:")
        self.blok.append(Daftar(tuple((Run(u.nama),) for u in self.instansi.unit)))
        dasar = self.ds.sop.dasar_hukum if self.ds.sop else ()
        self.judul(2, "B. Dasar hukum", "dasar-hukum")
        permen = (
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 "
            "Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata "
            "Cara Reviu atas Laporan Kinerja Instansi Pemerintah"
        )
        sudah = any("53 Tahun 2014" in d for d in dasar)
        butir = [(Run(d),) for d in (dasar if sudah else (permen, *dasar))]
        self.blok.append(Daftar(tuple(butir), bernomor=True))
        self.judul(2, "C. Status persetujuan data triwulan", "status-persetujuan")
        self.tabel(
            f"Persetujuan Laporan Data Capaian Kinerja triwulanan {self.tahun_label}",
            ("Periode", "Status", "Tanggal", "Disetujui oleh"),
            [
                (
                    s.periode.value,
                    "disetujui" if s.disetujui else "BELUM DISETUJUI",
                    format_tanggal(s.tanggal) if s.tanggal else KOSONG,
                    self.nama_pejabat(s.oleh) if s.oleh else KOSONG,
                )
                for s in self.status
            ],
        )

    def tabel_pk(self, judul: str) -> None:
        baris = []
        for s in self.pk.sasaran:
            for i in s.indikator:
                tr = i.target_renstra
                renstra = f"{teks_target(target_nilai(tr.nilai))} ({tr.tahun})" if tr else KOSONG
                baris.append(
                    (
                        f"{s.id} {s.uraian}",
                        f"{i.id} {i.uraian}",
                        i.satuan or KOSONG,
                        teks_target(target_nilai(i.target)),
                        renstra,
                    )
                )
        self.tabel(
            judul, ("Sasaran", "Indikator", "Satuan", "Target", "Target Renstra"), baris, "---aa"
        )

    def tabel_program_pagu(self, judul: str) -> None:
        self.tabel(
            judul,
            ("Kode", "Program", "Sasaran", "Pagu (Rp)"),
            [
                (
                    p.kode or KOSONG,
                    p.uraian,
                    ", ".join(p.sasaran) or KOSONG,
                    format_angka(p.anggaran, 0) if p.anggaran is not None else KOSONG,
                )
                for p in self.pk.program
            ],
            "---a",
        )

    def bab2(self) -> None:
        self.blok.append(PisahHalaman())
        self.judul(1, "BAB II PERENCANAAN KINERJA", "bab-2")
        self.judul(2, "A. Perjanjian Kinerja", "perjanjian-kinerja")
        self.p(
            f"Perjanjian Kinerja {self.tahun_label} ditetapkan pada "
            f"{format_tanggal(self.pk.tanggal)} antara {self.nama_pejabat(self.pk.pihak_pertama)} "
            f"sebagai pihak pertama dan {self.pk.pihak_kedua} sebagai pihak kedua."
        )
        # an ikhtisar here (PermenPANRB 53/2014, Bab II); every indicator and target once,
        # in the Lampiran, not twice: at a regency's 2,400 indicators that is 100 pages
        self.tabel(
            f"Ikhtisar sasaran Perjanjian Kinerja {self.tahun_label}",
            ("Sasaran", "Jumlah indikator"),
            [(f"{s.id} {s.uraian}", str(len(s.indikator))) for s in self.pk.sasaran],
            "-a",
        )
        self.p(
            "Indikator, satuan, target dan target Renstra setiap sasaran tercantum pada "
            f"Lampiran: Perjanjian Kinerja {self.tahun_label}."
        )
        self.judul(2, "B. Program dan anggaran", "program")
        if self.pk.program:
            self.tabel_program_pagu(f"Program dan pagu anggaran {self.tahun_label}")
        else:
            self.p("Perjanjian Kinerja tahun ini tidak mencantumkan program dan anggaran.")

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
        pk_ind = {i.id: i for _, i in self.pk.semua_indikator()}
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
                    _pct(h.capaian),
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
                return f"{format_nilai(x.realisasi)} / {teks_target(x.target)} ({_pct(x.capaian)})"

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
                _pct(h.pembanding.renstra),
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
                    _pct(None if cap is None else cap.quantize(Decimal("0.01"))),
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
                        _pct(a.serapan),
                        _pct(sasaran.capaian),
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
                        _pct(porsi(p, sid) * 100),
                        format_angka(h.pagu, 0) if h.pagu is not None else KOSONG,
                        format_angka(h.realisasi, 0) if h.realisasi is not None else KOSONG,
                        _pct(h.serapan),
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
            f"dan capaian keseluruhan {_pct(h.capaian_total)} ({h.predikat_total or KOSONG})."
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
                    _pct(s.capaian),
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
                f"Capaian sasaran {_pct(s.capaian)} (predikat {s.predikat or KOSONG})"
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
                    _pct(p.serapan),
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
                    _pct(s.anggaran.serapan),
                    _pct(s.capaian),
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

    def bab4(self) -> None:
        h = self.hasil
        self.blok.append(PisahHalaman())
        self.judul(1, "BAB IV PENUTUP", "bab-4")
        self.blok += self.narasi["penutup"].blok
        tidak = [i for i in h.indikator if i.status.value != "tercapai"]
        if tidak:
            self.p("Indikator yang belum mencapai target atau belum ada datanya:")
            # a paragraph per sasaran, not a list item per indicator (up to 2,400 of them)
            for s in h.sasaran:
                daftar = [
                    f"{i.id} {i.uraian}: capaian {_pct(i.capaian)} ({i.status.value})"
                    for i in tidak
                    if i.sasaran == s.id
                ]
                if daftar:
                    self.blok.append(
                        Paragraf(
                            (Run(f"Sasaran {s.id}: ", tebal=True), Run("; ".join(daftar) + ".")),
                            kelas="ringkas",
                        )
                    )

    def lampiran(self) -> None:
        self.blok.append(PisahHalaman())
        self.judul(1, f"LAMPIRAN: PERJANJIAN KINERJA {self.tahun_label.upper()}", "lampiran-pk")
        pihak = self.instansi.cari_pejabat(self.pk.pihak_pertama)
        self.p(f"Ditetapkan pada {format_tanggal(self.pk.tanggal)}.")
        self.blok.append(
            Daftar(
                (
                    (
                        Run("Pihak pertama: ", tebal=True),
                        Run(self.nama_pejabat(self.pk.pihak_pertama)),
                    ),
                    (Run("Pihak kedua: ", tebal=True), Run(self.pk.pihak_kedua)),
                )
            )
        )
        self.tabel_pk(f"Perjanjian Kinerja {self.instansi.nama} {self.tahun_label}")
        if self.pk.program:
            self.tabel_program_pagu(f"Program dan anggaran Perjanjian Kinerja {self.tahun_label}")
        if pihak is not None:
            self.blok.append(
                Paragraf(
                    (
                        Run(f"{pihak.jabatan or pihak.peran}\n\n\n"),
                        Run(pihak.nama, tebal=True),
                        Run(f"\nNIP. {pihak.nip}" if pihak.nip else ""),
                    ),
                    kelas="ttd",
                )
            )

    def susun(self) -> Lkjip:
        self.ikhtisar()
        self.bab1()
        self.bab2()
        self.bab3(grafik_sasaran)
        self.bab4()
        self.lampiran()
        disetujui = {s.periode for s in self.status if s.disetujui}
        return Lkjip(
            tahun=self.tahun,
            instansi=self.instansi.nama,
            induk=self.instansi.induk,
            draf=Periode.TW4 not in disetujui,
            status=self.status,
            blok=tuple(self.blok),
            masalah=tuple(self.masalah),
        )


def susun_lkjip(
    ds: Dataset,
    root: Path,
    tahun: int,
    hasil: Mapping[tuple[int, str], HasilPeriode] | None = None,
) -> Lkjip:
    """Build the LKjIP of a year from a valid dataset; narratives are read from `root`.

    `hasil` holds the published figures by (tahun, periode), e.g. the site's, where an
    approved report is the version as of its approval; years not in it are computed.
    """
    return _Penyusun(ds, root, tahun, hasil or {}).susun()
