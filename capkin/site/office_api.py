"""An office site's `api/v1/` documents: the index and one document per period.

`dokumen_periode` takes a period's computed result and its approval as given, so a site
that publishes the approved version of a period (figures as of the approval commit) passes
that result in and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from capkin import api
from capkin.achievement import HasilPeriode
from capkin.achievement.numbers import angka_json
from capkin.achievement.results import Status, nilai_json
from capkin.cycle import StatusSiklus, status_siklus
from capkin.layout import halaman_capaian, halaman_laporan, halaman_siklus, pdf_laporan
from capkin.models.base import TAHUNAN
from capkin.models.base import Periode as Kuartal
from capkin.pengesahan.frozen import Pengesahan as PengesahanData
from capkin.render.laporan import persetujuan
from capkin.render.pages import Rencana
from capkin.render.site_data import DataSitus


def _html(jalur: str) -> str:
    return jalur[:-3] + ".html" if jalur.endswith(".md") else jalur


def siklus_api(st: StatusSiklus) -> api.Siklus:
    """Return a cycle's state as of the build date in the API's shape."""
    return api.Siklus(
        tanggal=st.tanggal,
        langkah=[api.Langkah.model_validate(x, from_attributes=True) for x in st.langkah],
        total_hari_kerja=st.total_hari_kerja,
        standar_total_hari_kerja=st.standar_total_hari_kerja,
    )


def dokumen_periode(
    hp: HasilPeriode,
    *,
    pengesahan: api.Pengesahan | None,
    menunggu_pengesahan: str | None = None,
    siklus: api.Siklus | None = None,
    belum_menyampaikan: Iterable[api.Tunggakan] = (),
    tautan: api.Tautan | None = None,
) -> api.Periode:
    """Return a period's API document from its computed result and its approval."""
    return api.Periode(
        api=api.VERSI_API,
        instansi=hp.instansi,
        tahun=hp.tahun,
        periode=cast(api.NamaPeriode, str(hp.periode)),
        capaian_total=angka_json(hp.capaian_total),
        predikat_total=hp.predikat_total,
        status="disahkan" if pengesahan is not None else "belum disahkan",
        jumlah_indikator=len(hp.indikator),
        indikator_tercapai=sum(1 for i in hp.indikator if i.status is Status.TERCAPAI),
        indikator_tanpa_data=sum(1 for i in hp.indikator if i.status is Status.BELUM_ADA_DATA),
        indikator=[
            api.Indikator(
                id=i.id,
                sasaran=i.sasaran,
                uraian=i.uraian,
                satuan=i.satuan,
                target=nilai_json(i.target),
                realisasi=nilai_json(i.realisasi),
                capaian=angka_json(i.capaian),
                predikat=i.predikat,
                status=i.status.value,
            )
            for i in hp.indikator
        ],
        sasaran=[
            api.Sasaran(
                id=x.id, uraian=x.uraian, capaian=angka_json(x.capaian), predikat=x.predikat
            )
            for x in hp.sasaran
        ],
        disahkan=pengesahan,
        menunggu_pengesahan=menunggu_pengesahan,
        siklus=siklus,
        belum_menyampaikan=list(belum_menyampaikan),
        tautan=tautan or api.Tautan(),
    )


def pengesahan(
    s: DataSitus, tahun: int, periode: str, sah: PengesahanData | None
) -> api.Pengesahan | None:
    """Return a period's approval (tahunan: TW4's), None while it is not approved.

    `sah` is the period's approvals as `capkin.pengesahan` finds them; the newest one (the
    approval step, or the latest `revisi`) is the published version.
    """
    if sah is None:
        return None
    v = sah.terakhir
    p = persetujuan(s, tahun, periode)
    bukti = p.verifikasi if v.ke == 1 else v.keadaan
    pejabat = s.instansi.cari_pejabat(v.oleh)
    return api.Pengesahan(
        tanggal=v.tanggal,
        oleh=v.oleh,
        nama=pejabat.nama if pejabat else None,
        langkah=p.no,
        commit=v.commit,
        revisi=v.ke - 1,
        terverifikasi=p.terverifikasi if v.ke == 1 else None,
        bukti=bukti.value if bukti is not None else None,
    )


def menunggu(s: DataSitus, tahun: int, periode: str) -> str | None:
    """Return why a report whose approval step is signed off is not approved, None if it is not
    held back (`Persetujuan.ditahan`)."""
    p = persetujuan(s, tahun, periode)
    if not p.ditahan:
        return None
    return (
        f"tanda tangan langkah {p.no} tidak dihitung: {p.alasan_ditahan}; "
        "menunggu pengesahan terverifikasi"
    )


def dokumen_kantor(
    rencana: Rencana, dibangun: datetime | None = None
) -> tuple[api.Indeks, list[api.Periode]]:
    """Return an office site's index and period documents.

    The approvals are the site's own, found once per build (`s.terbit`, from
    `versi_terbit`), and `s.hasil` already holds each approved period's figures as approved
    (those at the approval commit when the data changed since).
    """
    s = rencana.s
    halaman = {h.jalur for h in rencana.halaman}
    daftar: list[api.Periode] = []
    for (t, p), hp in s.hasil.items():
        sah = s.terbit.status(t, p)
        siklus: api.Siklus | None = None
        tunggakan: list[api.Tunggakan] = []
        if p != TAHUNAN and s.sop is not None:
            st = status_siklus(s.ds, t, Kuartal(p), s.tanggal)
            siklus = siklus_api(st)
            tunggakan = [
                api.Tunggakan(unit=u.unit, nama=s.nama_unit(u.unit), indikator=list(u.indikator))
                for u in st.belum_menyampaikan
            ]
        tautan = api.Tautan(
            capaian=_html(halaman_capaian(t, p)),
            laporan=_html(halaman_laporan(t, p)),
            pdf=pdf_laporan(t, p) if (t, p) in rencana.pdf else None,
            siklus=_html(halaman_siklus(t, p)) if halaman_siklus(t, p) in halaman else None,
        )
        daftar.append(
            dokumen_periode(
                hp,
                pengesahan=pengesahan(s, t, p, sah),
                menunggu_pengesahan=menunggu(s, t, p) if sah is None else None,
                siklus=siklus,
                belum_menyampaikan=tunggakan,
                tautan=tautan,
            )
        )
    instansi = api.Instansi(nama=s.instansi.nama, induk=s.instansi.induk)
    return api.indeks_dari("kantor", instansi, s.tanggal, daftar, dibangun), daftar
