"""Which years and periods exist, and which to compute when the user does not say."""

from __future__ import annotations

from datetime import date

from capkin.dataset import Dataset, DataTahun
from capkin.errors import UsageError
from capkin.models.base import TAHUNAN, Periode
from capkin.models.perjanjian_kinerja_model import Indikator
from capkin.models.siklus_model import Siklus


def daftar_tahun(ds: Dataset) -> str:
    """Return the years that have a perjanjian kinerja, as text for messages."""
    tahun = [str(t) for t in ds.tahun_terurut if ds.tahun[t].pk is not None]
    return ", ".join(tahun) if tahun else "(belum ada)"


def periode_dari(periode: Periode | str) -> Periode | str:
    """Return a Periode or TAHUNAN from text such as "TW2", "tw2" or "tahunan"."""
    if isinstance(periode, Periode) or periode == TAHUNAN:
        return periode
    teks = periode.strip()
    if teks.lower() == TAHUNAN:
        return TAHUNAN
    if teks.upper() in Periode.__members__:
        return Periode(teks.upper())
    raise UsageError(f"periode '{periode}' tidak dikenal; pilih TW1, TW2, TW3, TW4 atau tahunan")


def tahun_terakhir(ds: Dataset) -> int:
    """Return the latest year that has a perjanjian kinerja; UsageError if there is none."""
    # the latest first: a dataset that reads years when looked at reads only what it must
    for tahun in reversed(ds.tahun_terurut):
        if ds.tahun[tahun].pk is not None:
            return tahun
    raise UsageError(
        "belum ada tahun dengan perjanjian kinerja; buat data/<tahun>/perjanjian-kinerja.yml"
    )


def periode_berdata(ds: Dataset, tahun: int) -> list[Periode]:
    """Return the quarters of a year that have any realisasi value, in order."""
    data = ds.tahun.get(tahun)
    if data is None:
        return []
    no = ds.sop.no_pengesahan if ds.sop is not None else None
    return [
        p
        for p in Periode
        if any(e.nilai is not None for r in data.realisasi.get(p, {}).values() for e in r.realisasi)
        # a period approved without any value (every unit late) still has its report
        or (p in data.siklus and no is not None and _disahkan(data.siklus[p], no))
    ]


def _disahkan(siklus: Siklus, no: int) -> bool:
    """Return whether a cycle's approval step (`no`, the SOP's last) is signed."""
    return any(s.no == no and s.ditandatangani for s in siklus.langkah)


def periode_terakhir(ds: Dataset, tahun: int) -> Periode | None:
    """Return the latest quarter of a year with any realisasi, None if there is none."""
    berdata = periode_berdata(ds, tahun)
    return berdata[-1] if berdata else None


def pilih_periode(
    ds: Dataset, tahun: int | None, periode: Periode | str | None
) -> tuple[int, Periode | str]:
    """Resolve the year and period to compute, defaulting to the latest ones with data.

    Raise UsageError, listing what exists, for a year not in the data or a period with no
    realisasi (`tahunan` needs TW4's).
    """
    if tahun is None:
        tahun = tahun_terakhir(ds)
    elif tahun not in ds.tahun or ds.tahun[tahun].pk is None:
        raise UsageError(f"tahun {tahun} tidak ada dalam data; tahun yang ada: {daftar_tahun(ds)}")
    berdata = periode_berdata(ds, tahun)
    ada = ", ".join([*(p.value for p in berdata), *([TAHUNAN] if Periode.TW4 in berdata else [])])
    if periode is None:
        if not berdata:
            raise UsageError(
                f"tahun {tahun} belum memiliki realisasi; isi data/{tahun}/realisasi/<periode>/ "
                "atau pilih tahun lain dengan --tahun"
            )
        return tahun, berdata[-1]
    periode = periode_dari(periode)
    perlu = Periode.TW4 if periode == TAHUNAN else periode
    if perlu not in berdata:
        raise UsageError(
            f"periode {periode} tahun {tahun} belum memiliki realisasi; "
            f"periode yang ada: {ada or '(belum ada)'}"
        )
    return tahun, periode


_ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def nama_periode(periode: Periode | str) -> str:
    """Return a period's name for people: "Triwulan II", "Tahunan"."""
    if isinstance(periode, Periode):
        return f"Triwulan {_ROMAWI[periode.nomor]}"
    return "Tahunan" if periode == TAHUNAN else str(periode)


def tanpa_realisasi(
    data: DataTahun, periode: Periode, sampai: date | None = None
) -> list[Indikator]:
    """Return the PK's indicators with no value for `periode` in any unit's file (dated no
    later than `sampai`, when given), in the PK's order.

    The one rule for "realisasi missing": the engine computes with a value whichever unit's
    file holds it (noting one from a unit not responsible), so such an indicator is not
    "belum ada data" in the report, in `status` or in an approval.
    """
    if data.pk is None:
        return []
    masuk = {
        e.indikator
        for r in data.realisasi.get(periode, {}).values()
        if sampai is None or r.tanggal <= sampai
        for e in r.realisasi
        if e.nilai is not None
    }
    return [ind for _, ind in data.pk.semua_indikator() if ind.id not in masuk]
