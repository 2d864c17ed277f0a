"""The typed context of a Siklus SOP page: one period's run of the SOP, as of the build date."""

from __future__ import annotations

from dataclasses import dataclass

from capkin.cycle import StatusLangkah, StatusSiklus, status_siklus
from capkin.history import Keadaan
from capkin.history.reapproval import bukti_revisi
from capkin.models.base import Periode
from capkin.models.siklus_model import LangkahSiklus, Revisi, Siklus, Surat
from capkin.models.sop_model import LangkahSop
from capkin.render.env import KonteksPeriode
from capkin.render.site_data import DataSitus

KEADAAN = {
    "selesai": "selesai",
    "berjalan": "sedang berjalan",
    "belum": "belum dimulai",
    "terlambat": "terlambat",
}


@dataclass(frozen=True)
class BarisLangkah:
    """One SOP step of a cycle: standard, actual, signer, verification."""

    sop: LangkahSop | None
    status: StatusLangkah
    catatan: LangkahSiklus | None
    penanda_tangan: str
    terverifikasi: bool | None
    verifikasi: Keadaan | None = None
    """The sign-off's state in words (terverifikasi / email cocok, ... / tidak ...)."""

    @property
    def keadaan(self) -> str:
        """Return the step's state in words."""
        return KEADAAN.get(str(self.status.status), str(self.status.status))


@dataclass(frozen=True)
class BarisSurat:
    """A record of the paper register with names in place of ids."""

    surat: Surat
    dari: str
    kepada: str


@dataclass(frozen=True)
class BarisRevisi:
    """A re-approval of the period's report: who, when, why, and how far it is proven."""

    ke: int
    revisi: Revisi
    oleh: str
    bukti: str
    """In words (`history.reapproval.bukti_revisi`): proven by a signature, by an email only,
    or not counted and why."""
    dihitung: bool
    """Whether it counts (is published)."""


def _revisi(s: DataSitus, tahun: int, periode: Periode, siklus: Siklus) -> tuple[BarisRevisi, ...]:
    """Return the period's re-approvals with their proof, from the build's one verification."""
    no = s.sop.no_pengesahan if s.sop else None
    langkah = s.verifikasi.get((tahun, str(periode), no)) if no is not None else None
    ditahan = langkah is not None and langkah.ditahan
    p = s.terbit.pengesahan.get((tahun, str(periode)))
    versi = {v.ke: v for v in p.versi} if p is not None else {}
    hasil: list[BarisRevisi] = []
    for k, r in enumerate(siklus.revisi, 1):
        v = versi.get(k + 1)
        keadaan = v.keadaan if v is not None else None
        dihitung = v is not None and v.dihitung and keadaan is not None and not ditahan
        bukti = bukti_revisi(keadaan, dihitung, ditahan=ditahan)
        hasil.append(BarisRevisi(k, r, s.nama_pejabat(r.oleh), bukti, dihitung))
    return tuple(hasil)


@dataclass(frozen=True)
class KonteksSiklus(KonteksPeriode):
    """One period's run of the SOP."""

    tahun: int
    periode: str
    status: StatusSiklus
    langkah: tuple[BarisLangkah, ...]
    surat: tuple[BarisSurat, ...]
    belum_menyampaikan: tuple[tuple[str, tuple[str, ...]], ...]
    revisi: tuple[BarisRevisi, ...] = ()


def konteks_siklus(s: DataSitus, tahun: int, periode: Periode) -> KonteksSiklus:
    """Build a cycle page's context, as of the build date."""
    status = status_siklus(s.ds, tahun, periode, s.tanggal)
    siklus: Siklus | None = s.ds.tahun[tahun].siklus.get(periode)
    baris = []
    for st in status.langkah:
        rec = siklus.cari_langkah(st.no) if siklus else None
        verif = s.verifikasi.get((tahun, str(periode), st.no))
        baris.append(
            BarisLangkah(
                sop=s.sop.cari_langkah(st.no) if s.sop else None,
                status=st,
                catatan=rec,
                penanda_tangan=s.nama_pejabat(st.oleh) if st.oleh else "–",
                terverifikasi=None if verif is None else verif.terverifikasi,
                verifikasi=None if verif is None else verif.keadaan,
            )
        )
    surat = tuple(
        BarisSurat(
            sr,
            s.nama_pejabat(sr.dari) if sr.dari else (sr.dari_luar or "–"),
            ", ".join([s.nama_pejabat(k) for k in sr.kepada] + list(sr.kepada_luar)) or "–",
        )
        for sr in (siklus.surat if siklus else ())
    )
    return KonteksSiklus(
        tahun,
        str(periode),
        status,
        tuple(baris),
        surat,
        tuple((s.nama_unit(t.unit), tuple(t.indikator)) for t in status.belum_menyampaikan),
        _revisi(s, tahun, periode, siklus) if siklus else (),
    )
