"""The content of the annual Laporan Kinerja (LKjIP, PermenPANRB 53/2014) from the data.

Ikhtisar Eksekutif; BAB I Pendahuluan; BAB II Perencanaan Kinerja (PK, programs and budget);
BAB III Akuntabilitas Kinerja — A. per sasaran the seven analyses, B. realisasi anggaran;
BAB IV Penutup; the PK as annex. Figures are the year's (`tahunan`, as of TW4); a period
whose report is not approved is marked, and the report is a DRAF until TW4 is approved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from capkin.achievement import HasilPeriode, KunciPeriode, format_persen
from capkin.achievement.formulas import target_nilai
from capkin.achievement.numbers import KOSONG, format_angka
from capkin.achievement.terminal_table import format_rupiah, teks_efisiensi, teks_target
from capkin.charts import SpekGrafik
from capkin.clock import format_tanggal
from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.lkjip.akuntabilitas import PenyusunAkuntabilitas
from capkin.lkjip.blocks import Blok, Daftar, Gambar, Paragraf, PisahHalaman, Run
from capkin.lkjip.composer import StatusPeriode
from capkin.models.base import Periode
from capkin.render.capaian_pages import grafik_sasaran


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


class _Penyusun(PenyusunAkuntabilitas):
    """Builds the whole report: the Ikhtisar, BAB I, II and IV, the annex, and BAB III."""

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
            f"keseluruhan {format_persen(h.capaian_total)} dengan predikat "
            f"{h.predikat_total or KOSONG}."
        )
        pagu = sum((p.pagu for p in h.program if p.pagu is not None), Decimal(0))
        realisasi = [p.realisasi for p in h.program if p.pagu is not None]
        if h.program and pagu and all(r is not None for r in realisasi):
            total = sum((r for r in realisasi if r is not None), Decimal(0))
            kalimat += (
                f" Realisasi anggaran {format_rupiah(total)} dari pagu {format_rupiah(pagu)} "
                f"(serapan {format_persen(total / pagu * 100)})."
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
                    format_persen(s.capaian),
                    s.predikat or KOSONG,
                    format_persen(s.anggaran.serapan) if s.anggaran else KOSONG,
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
                    f"{i.id} {i.uraian}: capaian {format_persen(i.capaian)} ({i.status.value})"
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
    hasil: Mapping[KunciPeriode, HasilPeriode] | None = None,
) -> Lkjip:
    """Build the LKjIP of a year from a valid dataset; narratives are read from `root`.

    `hasil` holds the published figures by (tahun, periode), e.g. the site's, where an
    approved report is the version as of its approval; years not in it are computed.
    """
    return _Penyusun(ds, root, tahun, hasil or {}).susun()
