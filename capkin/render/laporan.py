"""Typed context of the Laporan Data Capaian Kinerja (the page and its PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from capkin.achievement import HasilIndikator, HasilPeriode, HasilSasaran, Status
from capkin.charts import SpekGrafik
from capkin.history import Keadaan
from capkin.layout import halaman_laporan, halaman_laporan_draf, pdf_laporan
from capkin.models.base import TAHUNAN, Periode
from capkin.models.instansi_model import Pejabat
from capkin.models.siklus_model import LangkahSiklus
from capkin.pengesahan import Beda
from capkin.render.anggaran_chart import grafik_anggaran
from capkin.render.capaian_pages import grafik_sasaran
from capkin.render.env import KonteksPeriode
from capkin.render.site_data import DataSitus


@dataclass(frozen=True)
class AnalisisSasaran:
    """One sasaran with its indicators, for the per-sasaran analysis."""

    hasil: HasilSasaran
    indikator: tuple[HasilIndikator, ...]


@dataclass(frozen=True)
class Persetujuan:
    """The approval: the SOP's last step (6 in 08/SOP/2023: the Panewu sends the report)
    signed or not, and whether git verifies the signer."""

    no: int
    pejabat: Pejabat | None
    langkah: LangkahSiklus | None
    penanda_tangan: Pejabat | None
    terverifikasi: bool | None
    commit: str | None
    verifikasi: Keadaan | None = None
    """The sign-off's state: terverifikasi / email cocok, tanpa ... / tidak terverifikasi."""
    kukuhan: str | None = None
    """The signed re-affirming commit that verified it, when not the commit that wrote it."""
    alasan_ditahan: str | None = None
    """Why the approval step is signed off but its sign-off does not count
    (`Verifikasi.alasan_ditahan`); None when it counts or is not signed off."""

    @property
    def ditahan(self) -> bool:
        """Return whether the report awaits a verified approval (not published as approved)."""
        return self.alasan_ditahan is not None

    @property
    def ditandatangani(self) -> bool:
        """Return whether the approval step is signed off."""
        return self.langkah is not None and self.langkah.ditandatangani


@dataclass(frozen=True)
class VersiTampil:
    """One approved version of a report, as listed on its page."""

    ke: int
    tanggal: date
    nama: str
    alasan: str | None
    commit: str | None
    pdf: str | None
    keadaan: Keadaan | None = None
    """How far the commit that brought the approval in proves its official (step sign-off:
    the step's verification; revisi: its commit's); None when it cannot be checked."""


_JENIS_WILAYAH = frozenset(
    ("kapanewon", "kemantren", "kecamatan", "distrik", "kalurahan", "kelurahan", "desa")
)
"""Office kinds whose head is titled by the place alone (Panewu Gamping, Camat Depok)."""


@dataclass(frozen=True)
class KonteksLaporan(KonteksPeriode):
    """Everything the Laporan Data Capaian Kinerja of one period shows."""

    tahun: int
    periode: str
    hasil: HasilPeriode
    instansi: str
    induk: str | None
    sop_nomor: str | None
    dasar_hukum: tuple[str, ...]
    sasaran: tuple[AnalisisSasaran, ...]
    kesimpulan_teks: str | None
    persetujuan: Persetujuan
    grafik: SpekGrafik | None
    pdf: str | None
    grafik_anggaran: SpekGrafik | None = None
    status: str = "belum"
    """disahkan: an approved version; draf: the current data of an approved report; belum:
    not approved yet (the current data, a draft too)."""
    versi: VersiTampil | None = None
    """The approved version shown (status disahkan)."""
    daftar_versi: tuple[VersiTampil, ...] = ()
    beda: tuple[Beda, ...] = ()
    """How the current data differs from the newest approved version."""
    draf: str | None = None
    """Docs path of the draft page (the current data) while it differs."""
    terbit: str | None = None
    """Docs path of the published (approved) page, from the draft page."""

    @property
    def penerima(self) -> str:
        """Return who the approved report goes to: its parent government's Bagian
        Organisasi and Inspektorat (`induk` of instansi.yml, e.g. "Kabupaten Bantul")."""
        daerah = " ".join((self.induk or "").removeprefix("Pemerintah ").split())
        return "Bagian Organisasi Sekretariat Daerah dan Inspektorat" + (
            f" {daerah}" if daerah else ""
        )

    def jabatan_ttd(self, pejabat: Pejabat) -> str:
        """Return the signer's title under the report: the jabatan with the office it heads.

        "Panewu" of Kapanewon Gamping → "Panewu Gamping"; "Kepala Dinas Pendidikan" of Dinas
        Pendidikan Kabupaten Bantul → "Kepala Dinas Pendidikan Kabupaten Bantul"; a title
        already naming the office stays as it is.
        """
        jabatan = " ".join((pejabat.jabatan or pejabat.peran).split())
        kata = self.instansi.split()
        if kata and kata[0].lower() in _JENIS_WILAYAH:
            kata = kata[1:]  # a head of a Kapanewon is "Panewu Gamping", not "Panewu Kapanewon …"
        while kata and kata[0].lower() in jabatan.lower().split():
            kata = kata[1:]  # words the title already says ("Kepala Dinas Pendidikan")
        tempat = " ".join(kata)
        if not tempat or tempat.lower() in jabatan.lower():
            return jabatan
        return f"{jabatan} {tempat}"

    def jumlah(self, status: str) -> int:
        """Return how many indicators have a status."""
        return sum(1 for i in self.hasil.indikator if i.status.value == status)

    @property
    def tidak_tercapai(self) -> list[HasilIndikator]:
        """Return the indicators that missed their target."""
        return [i for i in self.hasil.indikator if i.status is Status.TIDAK_TERCAPAI]

    @property
    def tanpa_data(self) -> list[HasilIndikator]:
        """Return the indicators without data."""
        return [i for i in self.hasil.indikator if i.status is Status.BELUM_ADA_DATA]


def _versi(s: DataSitus, tahun: int, periode: str, pdf: bool) -> tuple[VersiTampil, ...]:
    p = s.terbit.status(tahun, periode)
    if p is None:
        return ()
    langkah = persetujuan(s, tahun, periode).verifikasi
    return tuple(
        VersiTampil(
            v.ke,
            v.tanggal,
            s.nama_pejabat(v.oleh),
            v.alasan,
            v.commit,
            pdf_laporan(tahun, periode, v.ke)
            if pdf and (tahun, periode, v.ke) in s.terbit.versi
            else None,
            langkah if v.ke == 1 else v.keadaan,
        )
        for v in p.versi_sah
    )


def persetujuan(s: DataSitus, tahun: int, periode: str) -> Persetujuan:
    """Return a report's approval step (tahunan: TW4's) and how far its sign-off is proven."""
    data = s.ds.tahun[tahun]
    assert data.pk is not None
    kuartal = Periode.TW4 if periode == TAHUNAN else Periode(periode)
    siklus = data.siklus.get(kuartal)
    no = s.sop.no_pengesahan if s.sop else 6  # a site is only built from valid data: SOP present
    langkah = siklus.cari_langkah(no) if siklus else None
    verif = s.verifikasi.get((tahun, str(kuartal), no))
    panewu = s.instansi.cari_pejabat(data.pk.pihak_pertama)
    penanda = s.instansi.cari_pejabat(langkah.oleh) if langkah and langkah.oleh else None
    return Persetujuan(
        no=no,
        pejabat=panewu,
        langkah=langkah,
        penanda_tangan=penanda,
        terverifikasi=None if verif is None else verif.terverifikasi,
        commit=verif.commit if verif else None,
        verifikasi=None if verif is None else verif.keadaan,
        kukuhan=verif.kukuhan if verif else None,
        alasan_ditahan=verif.alasan_ditahan if verif is not None and verif.ditahan else None,
    )


def konteks_laporan(
    s: DataSitus,
    tahun: int,
    periode: str,
    pdf: bool,
    *,
    draf: bool = False,
    ke: int | None = None,
) -> KonteksLaporan:
    """Build the report's context for one period: as published, its draft, or version `ke`."""
    kunci = (tahun, periode)
    if draf:
        hasil = s.terbit.draf[kunci]
    elif ke is not None:
        hasil = s.terbit.versi[(tahun, periode, ke)]
    else:
        hasil = s.hasil[kunci]
    p = s.terbit.status(tahun, periode)
    daftar = _versi(s, tahun, periode, pdf)
    tampil = next((v for v in daftar if v.ke == (ke or (p.terakhir.ke if p else 0))), None)
    status = "belum" if p is None else "draf" if draf else "disahkan"
    if draf or ke is not None:
        berkas_pdf = None if draf else pdf_laporan(tahun, periode, ke)
    else:
        berkas_pdf = pdf_laporan(tahun, periode) if pdf else None
    data = s.ds.tahun[tahun]
    kuartal = Periode.TW4 if periode == TAHUNAN else Periode(periode)
    siklus = data.siklus.get(kuartal)
    kesimpulan = siklus.kesimpulan if siklus else None
    if not draf and p is not None:  # an approved version shows the conclusion it was approved with
        kesimpulan = s.terbit.kesimpulan.get((tahun, periode, ke or p.terakhir.ke), kesimpulan)
    analisis = tuple(
        AnalisisSasaran(hs, tuple(i for i in hasil.indikator if i.sasaran == hs.id))
        for hs in hasil.sasaran
    )
    return KonteksLaporan(
        tahun=tahun,
        periode=periode,
        hasil=hasil,
        instansi=s.instansi.nama,
        induk=s.instansi.induk,
        sop_nomor=s.sop.nomor if s.sop else None,
        dasar_hukum=s.sop.dasar_hukum if s.sop else (),
        sasaran=analisis,
        kesimpulan_teks=kesimpulan,
        persetujuan=persetujuan(s, tahun, periode),
        grafik=grafik_sasaran(hasil),
        pdf=berkas_pdf,
        grafik_anggaran=grafik_anggaran(hasil),
        status=status,
        versi=None if draf else tampil,
        daftar_versi=daftar,
        beda=p.beda if p is not None and ke is None and not draf else (),
        draf=halaman_laporan_draf(tahun, periode) if kunci in s.terbit.draf and not draf else None,
        terbit=halaman_laporan(tahun, periode) if draf else None,
    )
