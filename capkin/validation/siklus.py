"""Checks of siklus files: step order, dates, roles allowed to sign, the surat register."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.layout import berkas_siklus
from capkin.models.base import Periode
from capkin.models.siklus_model import LangkahSiklus, Siklus, Surat
from capkin.models.sop_model import LangkahSop
from capkin.validation.approval_data import (
    pengesahan_atas_realisasi_lengkap,
    pengesahan_sesudah_realisasi,
)
from capkin.validation.helpers import (
    ganda,
    pejabat_tidak_dikenal,
    periode_beda_nama_berkas,
)
from capkin.yamlio import Jalur


@dataclass(frozen=True)
class _Langkah:
    """One recorded step of a siklus file, where it stands and the SOP step it names."""

    b: str
    i: int
    lk: LangkahSiklus
    lsop: LangkahSop | None

    @property
    def jalur(self) -> tuple[str, int]:
        """Return the step's path in its file."""
        return ("langkah", self.i)

    @property
    def nama(self) -> str:
        """Return the step as people read it in a message."""
        return f"langkah[{self.i}]"

    def galat(self, ds: Dataset, kunci: str, kode: str, pesan: str) -> Masalah:
        """Return the error at the step's `kunci`."""
        return ds.galat(self.b, (*self.jalur, kunci), kode, pesan)


def periksa_siklus(ds: Dataset) -> Iterator[Masalah]:
    """Check every siklus file, rule by rule: its steps in order, then dates, revisi, surat."""
    sop = ds.sop
    for tahun, dt in sorted(ds.tahun.items()):
        for periode, s in sorted(dt.siklus.items()):
            b = berkas_siklus(tahun, periode)
            if s.periode is not periode:
                yield periode_beda_nama_berkas(ds, b, s.periode, periode)
            yield from langkah_tidak_ganda(ds, b, s)
            sebelumnya = None
            for i, lk in enumerate(s.langkah):
                x = _Langkah(b, i, lk, sop.cari_langkah(lk.no) if sop else None)
                yield from langkah_ada_di_sop(ds, x)
                yield from selesai_ditandatangani(ds, x)
                if lk.oleh is not None:
                    yield from penanda_tangan_berwenang(
                        ds,
                        b,
                        (*x.jalur, "oleh"),
                        f"{x.nama}.oleh",
                        lk.oleh,
                        x.lsop,
                        f"langkah {lk.no}",
                    )
                yield from selesai_sesudah_mulai(ds, x)
                if sebelumnya is not None:
                    yield from langkah_sesudah_sebelumnya(ds, x, sebelumnya)
                else:
                    yield from siklus_mulai_dari_langkah_1(ds, x)
                sebelumnya = lk
            yield from periksa_tanggal_siklus(ds, b, tahun, periode, s)
            yield from periksa_revisi(ds, b, s)
            yield from pengesahan_sesudah_realisasi(ds, b, tahun, periode, s)
            yield from pengesahan_atas_realisasi_lengkap(ds, b, tahun, periode, s)
            for k, surat in enumerate(s.surat):
                yield from surat_punya_penerima_dan_pengirim(ds, b, k, surat)
                yield from surat_menyebut_pejabat_terdaftar(ds, b, k, surat)


def langkah_tidak_ganda(ds: Dataset, b: str, s: Siklus) -> Iterator[Masalah]:
    """Rule: a step number is recorded once in a siklus file."""
    for i, no, j in ganda([str(lk.no) for lk in s.langkah]):
        yield ds.galat(
            b,
            ("langkah", i, "no"),
            "langkah-ganda",
            f"langkah[{i}].no: langkah {no} sudah dicatat di langkah[{j}]",
        )


def langkah_ada_di_sop(ds: Dataset, x: _Langkah) -> Iterator[Masalah]:
    """Rule: a recorded step is a step of the SOP."""
    sop = ds.sop
    if sop and x.lsop is None:
        yield x.galat(
            ds,
            "no",
            "langkah-tidak-dikenal",
            f"{x.nama}.no: SOP {sop.nomor} tidak punya langkah {x.lk.no}; "
            f"langkah yang ada: 1–{len(sop.langkah)}",
        )


def selesai_ditandatangani(ds: Dataset, x: _Langkah) -> Iterator[Masalah]:
    """Rule: a finished step names who signed it."""
    if x.lk.selesai is not None and x.lk.oleh is None:
        yield x.galat(
            ds,
            "selesai",
            "tanda-tangan-tidak-lengkap",
            f"{x.nama}: langkah {x.lk.no} punya 'selesai' tetapi tanpa 'oleh'; "
            "tambahkan oleh: <id pejabat> yang menandatangani",
        )


def penanda_tangan_berwenang(
    ds: Dataset,
    b: str,
    jalur: Jalur,
    nama: str,
    oleh: str,
    lsop: LangkahSop | None,
    tugas: str,
) -> Iterator[Masalah]:
    """Rule: a signer is an official of data/instansi.yml whose peran may sign `tugas`."""
    if ds.instansi is None:
        return
    pj = ds.instansi.cari_pejabat(oleh)
    if pj is None:
        yield pejabat_tidak_dikenal(ds, b, jalur, nama, oleh)
    elif lsop is not None and pj.peran not in lsop.pelaksana:
        yield ds.galat(
            b,
            jalur,
            "peran-tidak-berwenang",
            f"{nama}: {pj.id} berperan '{pj.peran}', padahal {tugas} hanya boleh "
            f"ditandatangani oleh {', '.join(lsop.pelaksana)}; ganti 'oleh' dengan pejabat "
            "yang berwenang",
        )


def selesai_sesudah_mulai(ds: Dataset, x: _Langkah) -> Iterator[Masalah]:
    """Rule: a step finishes on or after the day it began."""
    lk = x.lk
    if lk.mulai and lk.selesai and lk.selesai < lk.mulai:
        yield x.galat(
            ds,
            "selesai",
            "tanggal-tidak-urut",
            f"{x.nama}.selesai: {lk.selesai} lebih awal dari mulai "
            f"{lk.mulai}; perbaiki salah satu tanggal",
        )


def langkah_sesudah_sebelumnya(
    ds: Dataset, x: _Langkah, sebelumnya: LangkahSiklus
) -> Iterator[Masalah]:
    """Rule: steps are recorded in order, none skipped, none begun before the last one ended."""
    lk, nama = x.lk, x.nama
    if lk.no <= sebelumnya.no:
        yield x.galat(
            ds,
            "no",
            "langkah-tidak-urut",
            f"{nama}.no: langkah {lk.no} ditulis sesudah langkah "
            f"{sebelumnya.no}; urutkan langkah dari kecil ke besar",
        )
    elif lk.no > sebelumnya.no + 1 and lk.awal:
        hilang = list(range(sebelumnya.no + 1, lk.no))
        daftar = " dan ".join(filter(None, [", ".join(map(str, hilang[:-1])), str(hilang[-1])]))
        yield x.galat(
            ds,
            "no",
            "langkah-dilompati",
            f"{nama}: langkah {daftar} belum dicatat sebelum langkah {lk.no}; "
            "langkah SOP dikerjakan berurutan, catat dan tandatangani langkah "
            "yang terlewat dahulu",
        )
    elif not sebelumnya.ditandatangani and lk.awal:
        yield x.galat(
            ds,
            "no",
            "langkah-dilompati",
            f"{nama}: langkah {lk.no} dikerjakan sebelum langkah "
            f"{sebelumnya.no} selesai; selesaikan dan tandatangani "
            f"langkah {sebelumnya.no} dahulu",
        )
    awal = lk.awal
    if sebelumnya.selesai and awal and awal < sebelumnya.selesai:
        kunci = "mulai" if lk.mulai else "selesai"
        yield x.galat(
            ds,
            kunci,
            "tanggal-tidak-urut",
            f"{nama}.{kunci}: {awal} lebih awal dari selesainya "
            f"langkah {sebelumnya.no} ({sebelumnya.selesai}); langkah "
            "dikerjakan berurutan",
        )


def siklus_mulai_dari_langkah_1(ds: Dataset, x: _Langkah) -> Iterator[Masalah]:
    """Rule: a cycle's first recorded step with a date is step 1 of the SOP."""
    if x.lk.no != 1 and ds.sop and x.lk.awal:
        yield x.galat(
            ds,
            "no",
            "langkah-dilompati",
            f"{x.nama}: siklus dimulai dari langkah {x.lk.no}; catat dan "
            "tandatangani langkah 1 dahulu",
        )


def surat_punya_penerima_dan_pengirim(
    ds: Dataset, b: str, k: int, surat: Surat
) -> Iterator[Masalah]:
    """Rule: a surat names its recipient and its sender, inside or outside the office."""
    if not surat.kepada and not surat.kepada_luar:
        yield ds.galat(
            b,
            ("surat", k),
            "surat-tanpa-penerima",
            f"surat[{k}]: tulis penerima di 'kepada' (id pejabat) atau "
            "'kepada_luar' (nama penerima di luar kantor)",
        )
    if surat.dari is None and surat.dari_luar is None:
        yield ds.galat(
            b,
            ("surat", k),
            "surat-tanpa-pengirim",
            f"surat[{k}]: tulis pengirim di 'dari' (id pejabat) atau 'dari_luar'",
        )


def surat_menyebut_pejabat_terdaftar(
    ds: Dataset, b: str, k: int, surat: Surat
) -> Iterator[Masalah]:
    """Rule: the officials a surat names in `dari` and `kepada` are in data/instansi.yml."""
    inst = ds.instansi
    if not inst:
        return
    for kunci, ids in (
        ("dari", [surat.dari] if surat.dari else []),
        ("kepada", list(surat.kepada)),
    ):
        for n, pid in enumerate(ids):
            if inst.cari_pejabat(pid) is None:
                sub = (kunci,) if kunci == "dari" else (kunci, n)
                yield ds.galat(
                    b,
                    ("surat", k, *sub),
                    "rujukan-tidak-dikenal",
                    f"surat[{k}].{kunci}: pejabat '{pid}' tidak ada di "
                    "data/instansi.yml; tulis id pejabat, atau tulis nama "
                    f"penerima/pengirim luar di '{kunci}_luar'",
                )


def periksa_revisi(ds: Dataset, b: str, s: Siklus) -> Iterator[Masalah]:
    """Check re-approvals: after the approval step, in date order, by an official allowed to."""
    if not s.revisi or ds.sop is None:
        return
    no = ds.sop.no_pengesahan
    lsop = ds.sop.cari_langkah(no)
    sah = s.cari_langkah(no)
    sebelumnya = sah.selesai if sah is not None and sah.ditandatangani else None
    for k, rev in enumerate(s.revisi):
        nama = f"revisi[{k}]"
        if sah is None or not sah.ditandatangani:
            yield ds.galat(
                b,
                ("revisi", k),
                "revisi-sebelum-pengesahan",
                f"{nama}: laporan {s.periode} belum disahkan (langkah {no} belum "
                f"ditandatangani), jadi belum ada yang dapat disahkan ulang; tandatangani "
                f"langkah {no} dahulu, atau hapus revisi ini",
            )
        yield from penanda_tangan_berwenang(
            ds,
            b,
            ("revisi", k, "oleh"),
            f"{nama}.oleh",
            rev.oleh,
            lsop,
            f"pengesahan ulang sama dengan langkah {no} dan",
        )
        if sebelumnya is not None and rev.tanggal < sebelumnya:
            yield ds.galat(
                b,
                ("revisi", k, "tanggal"),
                "tanggal-tidak-urut",
                f"{nama}.tanggal: {rev.tanggal} lebih awal dari pengesahan sebelumnya "
                f"({sebelumnya}); revisi dicatat berurutan, terlama dahulu",
            )
        sebelumnya = max(sebelumnya, rev.tanggal) if sebelumnya else rev.tanggal


def periksa_tanggal_siklus(
    ds: Dataset, b: str, tahun: int, periode: Periode, s: Siklus
) -> Iterator[Masalah]:
    """Warn about step and surat dates outside the window a quarter's cycle can run in.

    A quarter's cycle runs after the quarter has begun and within the next year at the
    latest (TW4's cycle runs in January); a date outside that is most likely a typo.
    """
    awal = date(tahun, 3 * periode.nomor - 2, 1)
    akhir = date(tahun + 1, 12, 31)
    tanggal: list[tuple[tuple[str | int, ...], date | None]] = []
    for i, lk in enumerate(s.langkah):
        tanggal += [(("langkah", i, "mulai"), lk.mulai), (("langkah", i, "selesai"), lk.selesai)]
    tanggal += [(("surat", k, "tanggal"), surat.tanggal) for k, surat in enumerate(s.surat)]
    for jalur, d in tanggal:
        if d is not None and not awal <= d <= akhir:
            nama = ".".join(str(x) if isinstance(x, str) else f"[{x}]" for x in jalur)
            yield ds.peringatan(
                b,
                jalur,
                "tanggal-janggal",
                f"{nama.replace('.[', '[')}: {d.isoformat()} di luar masa siklus {periode} "
                f"{tahun} ({awal.isoformat()} sampai {akhir.isoformat()}); periksa tahunnya",
            )
