"""Typed contexts of the Siklus SOP, Riwayat, Perjanjian Kinerja and Unduh pages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlparse

from capkin.clock import zona_kantor
from capkin.cycle import StatusLangkah, StatusSiklus, status_siklus
from capkin.history import EntriRiwayat, Keadaan, Penulis, Perubahan
from capkin.models import LangkahSiklus, LangkahSop, Periode, PerjanjianKinerja, Siklus, Surat
from capkin.render.env import judul_periode
from capkin.render.site_data import DataSitus

BATAS_RIWAYAT = 300
"""Commits shown on the Riwayat page; the whole register is in api/riwayat.json."""

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
class KonteksSiklus:
    """One period's run of the SOP."""

    tahun: int
    periode: str
    status: StatusSiklus
    langkah: tuple[BarisLangkah, ...]
    surat: tuple[BarisSurat, ...]
    belum_menyampaikan: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def judul_periode(self) -> str:
        """Return the period in words."""
        return judul_periode(self.tahun, self.periode)


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


def github(repo_url: str | None) -> str | None:
    """Return the repository's GitHub URL (no trailing slash, no .git), if it is on GitHub."""
    if not repo_url:
        return None
    url = urlparse(repo_url)
    if url.scheme != "https" or url.netloc.lower() not in {"github.com", "www.github.com"}:
        return None
    jalur = url.path.strip("/").removesuffix(".git")
    return f"https://github.com/{jalur}" if jalur.count("/") == 1 else None


@dataclass(frozen=True)
class EntriTampil:
    """A register entry with the author shown as the official and links to GitHub."""

    entri: EntriRiwayat
    penulis: str
    url_commit: str | None
    url_pr: str | None
    perubahan: tuple[Perubahan, ...]
    penulis_commit: tuple[str, ...] = ()
    """Authors of the commits a merge brought in, or a squash commit's co-authors."""

    @property
    def singkat(self) -> str:
        """Return the commit's short id."""
        return str(self.entri.commit)[:10]


def tampil(
    s: DataSitus, entri: EntriRiwayat, perubahan: tuple[Perubahan, ...] | None = None
) -> EntriTampil:
    """Prepare a register entry for display."""
    gh = github(s.repo_url)

    def nama(p: Penulis) -> str:
        pejabat = s.instansi.cari_pejabat(p.pejabat) if p.pejabat else None
        return f"{pejabat.nama} ({pejabat.jabatan or pejabat.peran})" if pejabat else p.nama

    # the office reads its register in its own time zone, whatever zone a commit carries
    entri = replace(entri, tanggal=entri.tanggal.astimezone(zona_kantor(s.instansi)))
    return EntriTampil(
        entri,
        nama(entri.penulis),
        f"{gh}/commit/{entri.commit}" if gh else None,
        f"{gh}/pull/{entri.pr}" if gh and entri.pr else None,
        tuple(entri.perubahan if perubahan is None else perubahan),
        tuple(dict.fromkeys(nama(p) for p in entri.penulis_commit)),
    )


@dataclass(frozen=True)
class KonteksRiwayat:
    """The register: the newest entries."""

    entri: tuple[EntriTampil, ...]
    jumlah: int
    batas: int


def konteks_riwayat(s: DataSitus) -> KonteksRiwayat:
    """Build the Riwayat page's context (newest first, at most BATAS_RIWAYAT commits)."""
    return KonteksRiwayat(
        tuple(tampil(s, e) for e in s.riwayat[:BATAS_RIWAYAT]), len(s.riwayat), BATAS_RIWAYAT
    )


@dataclass(frozen=True)
class KonteksPk:
    """A year's perjanjian kinerja."""

    tahun: int
    pk: PerjanjianKinerja
    pihak_pertama: str
    nama_unit: dict[str, str]


def konteks_pk(s: DataSitus, tahun: int) -> KonteksPk:
    """Build a Perjanjian Kinerja page's context."""
    pk = s.ds.tahun[tahun].pk
    assert pk is not None
    pejabat = s.instansi.cari_pejabat(pk.pihak_pertama)
    pertama = (
        f"{pejabat.nama} ({pejabat.jabatan or pejabat.peran})" if pejabat else pk.pihak_pertama
    )
    return KonteksPk(tahun, pk, pertama, {u.id: u.nama for u in s.instansi.unit})
