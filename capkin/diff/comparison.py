"""What a change does to the report: compare two loaded data trees (BASE and HEAD)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from capkin.achievement import HasilIndikator, Penghitung, Status
from capkin.dataset import Dataset, ada_galat
from capkin.errors import Masalah
from capkin.layout import berkas_instansi, berkas_pk, berkas_realisasi, berkas_siklus
from capkin.models.base import Periode
from capkin.models.perjanjian_kinerja_model import Indikator, Rentang

if TYPE_CHECKING:
    from capkin.diff.pengesahan import UbahSah

Nilai = Decimal | str | Rentang | int | float | None


@dataclass(frozen=True)
class Sisi:
    """One side of the comparison: a loaded tree, its problems and its computed figures."""

    label: str
    ds: Dataset
    masalah: list[Masalah]
    hasil: dict[tuple[int, Periode], dict[str, HasilIndikator]] = field(default_factory=dict)
    berlaku: frozenset[tuple[int, Periode]] | None = None
    """The approved periods that count on this side's own history (None: as the data says)."""

    def disahkan(self) -> frozenset[tuple[int, Periode]]:
        """Return the periods approved on this side: those that count, when known."""
        if self.berlaku is not None:
            return self.berlaku
        from capkin.pengesahan import daftar_disahkan

        return frozenset(daftar_disahkan(self.ds))

    @property
    def sah(self) -> bool:
        """Return whether the tree has no errors (only then are its figures computed)."""
        return not ada_galat(self.masalah)

    def gagal_dimuat(self, berkas: str) -> bool:
        """Return whether a file exists on this side but could not be loaded."""
        return (self.ds.root / berkas).is_file() and berkas not in self.ds.dokumen


@dataclass(frozen=True)
class Ubah:
    """An old and a new value (None where a side has none)."""

    lama: Any
    baru: Any

    @property
    def berubah(self) -> bool:
        """Return whether the values differ."""
        return bool(self.lama != self.baru)


@dataclass(frozen=True)
class UbahIndikator:
    """An indicator whose figures change in a period."""

    tahun: int
    periode: Periode
    id: str
    uraian: str
    satuan: str
    realisasi: Ubah
    capaian: Ubah
    predikat: Ubah
    status: Ubah


@dataclass(frozen=True)
class UbahTarget:
    """A change to a year's targets: `apa` is "target", "target TW2", "indikator baru/dihapus"."""

    tahun: int
    id: str
    uraian: str
    apa: str
    ubah: Ubah


@dataclass(frozen=True)
class UbahLangkah:
    """A step whose sign-off appears (ditandatangani), changes (diubah) or goes (dicabut),
    or a re-approval of the report (disahkan ulang, with its revisi number and reason)."""

    tahun: int
    periode: Periode
    no: int
    aktivitas: str
    jenis: str
    oleh: str | None
    nama: str | None
    mulai: date | None
    selesai: date | None
    alasan: str | None = None
    """A re-approval's reason (`revisi[].alasan`); None for a step."""


@dataclass(frozen=True)
class LaporanUnit:
    """A unit that has now reported realisasi for a period.

    `terisi` of `jumlah`: how many of the unit's indicators in the year's PK have a value.
    """

    tahun: int
    periode: Periode
    unit: str
    nama: str
    disampaikan_oleh: str
    tanggal: date
    terisi: int
    jumlah: int


@dataclass(frozen=True)
class Dasar:
    """Which commit the change was compared with: BASE as named, where the change forked from
    it (the merge base, as `git diff BASE...HEAD` uses), and how far BASE has moved since."""

    ref: str
    """BASE as the user named it (a branch, tag or commit)."""
    commit: str
    """The commit the data was compared with: the merge base of BASE and HEAD."""
    ujung: str
    """BASE's own commit (its tip); the same as `commit` unless BASE moved on."""
    maju: int
    """Commits on BASE since the merge base (0: the change is up to date with BASE)."""
    head: str
    """HEAD's commit: the revision named, or the work tree's HEAD."""
    langsung: bool = False
    """Compared with BASE's tip as asked (`--langsung`, as `git diff BASE HEAD`): then `maju`
    counts BASE's commits HEAD lacks, which show as undone."""


@dataclass(frozen=True)
class Perbandingan:
    """Everything a change does to the report."""

    base: Sisi
    head: Sisi
    indikator: list[UbahIndikator]
    target: list[UbahTarget]
    langkah: list[UbahLangkah]
    laporan_unit: list[LaporanUnit]
    masalah_baru: list[Masalah]
    masalah_diperbaiki: list[Masalah]
    disahkan: list[UbahSah] = field(default_factory=list)
    """Approved periods whose report the change alters (`capkin.diff.pengesahan`)."""
    dasar: Dasar | None = None
    """Which commit BASE stood for (None when two trees were compared without git)."""

    @property
    def ada_perubahan(self) -> bool:
        """Return whether anything in the report changes."""
        return any(
            (
                self.indikator,
                self.target,
                self.langkah,
                self.laporan_unit,
                self.masalah_baru,
                self.masalah_diperbaiki,
                self.disahkan,
            )
        )


def periode_ada(ds: Dataset) -> set[tuple[int, Periode]]:
    """Return every (year, quarter) that has realisasi or a siklus file."""
    return {(t, p) for t, dt in ds.tahun.items() for p in (*dt.realisasi, *dt.siklus)}


def _isi(ds: Dataset, berkas: str) -> Any:
    dok = ds.dokumen.get(berkas)
    return None if dok is None else dok.data


def tahun_berubah(a: Dataset, b: Dataset) -> set[int]:
    """Return the years whose figures may differ: every year when instansi.yml changes."""
    semua = set(a.tahun) | set(b.tahun)
    if _isi(a, berkas_instansi()) != _isi(b, berkas_instansi()):
        return semua
    hasil: set[int] = set()
    for berkas in set(a.dokumen) | set(b.dokumen):
        bagian = berkas.split("/")
        if len(bagian) > 2 and bagian[1].isdigit() and _isi(a, berkas) != _isi(b, berkas):
            hasil.add(int(bagian[1]))
    return hasil & semua


def hitung_sisi(sisi: Sisi, periode: set[tuple[int, Periode]]) -> None:
    """Compute the figures of these periods on a side whose tree is valid."""
    if not sisi.sah:
        return
    penghitung = Penghitung(sisi.ds)
    for tahun, p in sorted(periode):
        dt = sisi.ds.tahun.get(tahun)
        if dt is not None and dt.pk is not None:
            hasil = penghitung.hasil(tahun, p)
            sisi.hasil[(tahun, p)] = {i.id: i for i in hasil.indikator}


def _bandingkan_indikator(base: Sisi, head: Sisi) -> list[UbahIndikator]:
    if not (base.sah and head.sah):
        return []
    hasil: list[UbahIndikator] = []
    for kunci in sorted(set(base.hasil) | set(head.hasil)):
        lama, baru = base.hasil.get(kunci, {}), head.hasil.get(kunci, {})
        for iid in [*baru, *(i for i in lama if i not in baru)]:
            a, b = lama.get(iid), baru.get(iid)
            realisasi, capaian, predikat = (
                Ubah(getattr(a, k, None), getattr(b, k, None))
                for k in ("realisasi", "capaian", "predikat")
            )
            status = Ubah(
                a.status if a else Status.BELUM_ADA_DATA, b.status if b else Status.BELUM_ADA_DATA
            )
            contoh = b or a
            if contoh is not None and any(
                u.berubah for u in (realisasi, capaian, predikat, status)
            ):
                tahun, periode = kunci
                hasil.append(
                    UbahIndikator(
                        tahun,
                        periode,
                        iid,
                        contoh.uraian,
                        contoh.satuan,
                        realisasi,
                        capaian,
                        predikat,
                        status,
                    )
                )
    return hasil


def _target(ind: Indikator | None, periode: Periode | None) -> Nilai:
    if ind is None:
        return None
    if periode is None:
        return ind.target
    return (ind.target_periode or {}).get(periode)


def _bandingkan_target(base: Sisi, head: Sisi) -> list[UbahTarget]:
    hasil: list[UbahTarget] = []
    for tahun in sorted(set(base.ds.tahun) | set(head.ds.tahun)):
        if base.gagal_dimuat(berkas_pk(tahun)) or head.gagal_dimuat(berkas_pk(tahun)):
            continue
        pk_lama, pk_baru = (
            s.ds.tahun[tahun].pk if tahun in s.ds.tahun else None for s in (base, head)
        )
        lama = {i.id: i for _, i in pk_lama.semua_indikator()} if pk_lama else {}
        baru = {i.id: i for _, i in pk_baru.semua_indikator()} if pk_baru else {}
        for iid in [*baru, *(i for i in lama if i not in baru)]:
            a, b = lama.get(iid), baru.get(iid)
            contoh = b or a
            assert contoh is not None
            if a is None or b is None:
                ubah = Ubah(a.target if a else None, b.target if b else None)
                apa = "indikator baru" if a is None else "indikator dihapus"
                hasil.append(UbahTarget(tahun, iid, contoh.uraian, apa, ubah))
                continue
            for p in (None, *Periode):
                ubah = Ubah(_target(a, p), _target(b, p))
                if ubah.berubah:
                    apa = "target" if p is None else f"target {p.value}"
                    hasil.append(UbahTarget(tahun, iid, contoh.uraian, apa, ubah))
    return hasil


def _nama_pejabat(ds: Dataset, pid: str | None) -> str | None:
    p = ds.instansi.cari_pejabat(pid) if ds.instansi and pid else None
    return p.nama if p else pid


def _bandingkan_langkah(base: Sisi, head: Sisi) -> list[UbahLangkah]:
    hasil: list[UbahLangkah] = []
    sop = head.ds.sop or base.ds.sop
    for tahun, p in sorted(periode_ada(base.ds) | periode_ada(head.ds)):
        b = berkas_siklus(tahun, p)
        if base.gagal_dimuat(b) or head.gagal_dimuat(b):
            continue
        lama, baru = (
            s.ds.tahun[tahun].siklus.get(p) if tahun in s.ds.tahun else None for s in (base, head)
        )
        nomor = sorted({lk.no for s in (lama, baru) if s for lk in s.langkah})
        for no in nomor:
            a = lama.cari_langkah(no) if lama else None
            c = baru.cari_langkah(no) if baru else None
            ttd_a = a if a is not None and a.ditandatangani else None
            ttd_c = c if c is not None and c.ditandatangani else None
            if ttd_a == ttd_c:
                continue
            jenis = "ditandatangani" if ttd_a is None else "dicabut" if ttd_c is None else "diubah"
            rekam = ttd_c or ttd_a
            assert rekam is not None
            lsop = sop.cari_langkah(no) if sop else None
            ds = head.ds if ttd_c else base.ds
            hasil.append(
                UbahLangkah(
                    tahun,
                    p,
                    no,
                    lsop.aktivitas if lsop else f"Langkah {no}",
                    jenis,
                    rekam.oleh,
                    _nama_pejabat(ds, rekam.oleh),
                    rekam.mulai,
                    rekam.selesai,
                )
            )
        # a re-approval (revisi) changes which version of the report is published
        no = sop.no_pengesahan if sop else max(nomor, default=0)
        lsop = sop.cari_langkah(no) if sop else None
        sebelum = lama.revisi if lama else ()
        for k, rv in enumerate(baru.revisi if baru else (), start=1):
            if k <= len(sebelum) and sebelum[k - 1] == rv:
                continue
            hasil.append(
                UbahLangkah(
                    tahun,
                    p,
                    no,
                    lsop.aktivitas if lsop else f"Langkah {no}",
                    f"disahkan ulang (revisi {k})",
                    rv.oleh,
                    _nama_pejabat(head.ds, rv.oleh),
                    None,
                    rv.tanggal,
                    rv.alasan,
                )
            )
    return hasil


def _bandingkan_laporan(base: Sisi, head: Sisi) -> list[LaporanUnit]:
    """List the units whose realisasi for a period is filled for the first time.

    "N dari M" counts the unit's indicators in that year's PK (those it is penanggung
    jawab of), not the entries its file happens to list; only without a PK do the
    file's entries stand in for them.
    """
    hasil: list[LaporanUnit] = []
    for tahun, dt in sorted(head.ds.tahun.items()):
        for p, per_unit in sorted(dt.realisasi.items()):
            for unit, r in sorted(per_unit.items()):
                diisi = {e.indikator for e in r.realisasi if e.nilai is not None}
                if not diisi or base.gagal_dimuat(berkas_realisasi(tahun, p, unit)):
                    continue
                lama_dt = base.ds.tahun.get(tahun)
                lama = lama_dt.realisasi.get(p, {}).get(unit) if lama_dt else None
                if lama is not None and any(e.nilai is not None for e in lama.realisasi):
                    continue
                u = head.ds.instansi.cari_unit(unit) if head.ds.instansi else None
                milik = (
                    {i.id for _, i in dt.pk.semua_indikator() if i.penanggung_jawab == unit}
                    if dt.pk is not None
                    else {e.indikator for e in r.realisasi}
                )
                hasil.append(
                    LaporanUnit(
                        tahun,
                        p,
                        unit,
                        u.nama if u else unit,
                        _nama_pejabat(head.ds, r.disampaikan_oleh) or r.disampaikan_oleh,
                        r.tanggal,
                        len(diisi & milik),
                        len(milik),
                    )
                )
    return hasil


def _kunci(m: Masalah) -> tuple[str, str, str]:
    """Identify a problem regardless of where its line moved."""
    return m.berkas, m.kode, m.pesan


def bandingkan_sisi(base: Sisi, head: Sisi) -> Perbandingan:
    """Compare two sides: figures, targets, sign-offs, reports and validation problems."""
    from capkin.diff.pengesahan import bandingkan_disahkan

    # only years whose data changed can change their figures: compute just those
    berubah = tahun_berubah(base.ds, head.ds)
    periode = {(t, p) for t, p in periode_ada(base.ds) | periode_ada(head.ds) if t in berubah}
    hitung_sisi(base, periode)
    hitung_sisi(head, periode)
    kunci_base = {_kunci(m) for m in base.masalah}
    kunci_head = {_kunci(m) for m in head.masalah}
    return Perbandingan(
        base=base,
        head=head,
        indikator=_bandingkan_indikator(base, head),
        target=_bandingkan_target(base, head),
        langkah=_bandingkan_langkah(base, head),
        laporan_unit=_bandingkan_laporan(base, head),
        masalah_baru=[m for m in head.masalah if _kunci(m) not in kunci_base],
        masalah_diperbaiki=[m for m in base.masalah if _kunci(m) not in kunci_head],
        disahkan=bandingkan_disahkan(base, head, berubah),
    )
