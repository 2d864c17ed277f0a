"""The typed context of a Siklus SOP page: one period's run of the SOP, as of the build date."""

from __future__ import annotations

from dataclasses import dataclass

from capkin.cycle import StatusLangkah, StatusSiklus, status_siklus
from capkin.history import Keadaan
from capkin.models.base import Periode
from capkin.models.siklus_model import LangkahSiklus, Siklus, Surat
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
class KonteksSiklus(KonteksPeriode):
    """One period's run of the SOP."""

    tahun: int
    periode: str
    status: StatusSiklus
    langkah: tuple[BarisLangkah, ...]
    surat: tuple[BarisSurat, ...]
    belum_menyampaikan: tuple[tuple[str, tuple[str, ...]], ...]


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
    )
