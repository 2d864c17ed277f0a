"""Plan and write the import of filled worksheets into the units' realisasi files.

Rules (documented for users in `capkin worksheet import --help`):

- an empty cell never deletes or changes a value already in the file;
- a value that differs from the file's is a conflict: nothing at all is written (for any of
  the files given) unless `--force` is given;
- a new file gets `disampaikan_oleh` = the unit's head (the first official of that unit
  whose peran is kepala-jawatan or kasubbag) and `tanggal` = the import date; an existing
  file keeps its `disampaikan_oleh`, and its `tanggal` becomes the import date only when
  some value changes — importing the same worksheet again changes nothing, byte for byte;
- updates keep comments, key order and layout (ruamel.yaml round trip) and are written
  atomically, after the would-be files have been checked with the same rules as
  `capkin validate`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from capkin.dataset import Dataset, DataTahun
from capkin.errors import CapkinError, Masalah, Tingkat
from capkin.layout import berkas_realisasi
from capkin.model_check import bangun_model
from capkin.models.base import Periode
from capkin.models.realisasi_model import Realisasi
from capkin.scaffold.realisasi_file import isi_realisasi, petunjuk_isian
from capkin.validation import periksa_dataset
from capkin.worksheet.anggaran_sheet import rencanakan_anggaran
from capkin.worksheet.merger import (
    URUTAN_FIELD,
    Perubahan,
    RencanaBerkas,
    gabung,
    tampil,
    teks_rencana,
)
from capkin.worksheet.reader import KertasKerjaTerbaca, baca_kertas_kerja
from capkin.worksheet.sheet_layout import kolom_isian, sel
from capkin.yaml_writer import Naskah, buka_naskah, naskah_dari_bytes, tulis_atomik
from capkin.yamlio import Dokumen

_AWALAN_JALUR = re.compile(r"^realisasi\[\d+\]\.[a-z_]+(\[\d+\])?: ")


@dataclass
class HasilImpor:
    """The plan of an import: per worksheet, its file changes, problems and notes."""

    kertas_kerja: list[KertasKerjaTerbaca] = field(default_factory=list)
    rencana: list[RencanaBerkas] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)
    """Problems found in the worksheets and in the would-be files (errors block writing)."""

    @property
    def galat(self) -> list[Masalah]:
        """Return the error-level problems."""
        return [m for m in self.masalah if m.tingkat is Tingkat.GALAT]

    @property
    def konflik(self) -> list[Perubahan]:
        """Return every value that would replace a different one."""
        return [p for r in self.rencana for p in r.diubah]


def _kepala_unit(ds: Dataset, unit: str) -> str | None:
    assert ds.instansi is not None
    kepala = ds.instansi.kepala_unit(unit)
    return kepala[0].id if kepala else None


def _naskah_baru(ds: Dataset, kk: KertasKerjaTerbaca, tanggal: dt.date) -> Naskah | None:
    """Return a new realisasi file as `capkin new realisasi` writes it, guide comments included."""
    assert kk.identitas is not None and ds.instansi is not None
    idt = kk.identitas
    oleh = _kepala_unit(ds, idt.unit)
    berkas = berkas_realisasi(idt.tahun, idt.periode, idt.unit)
    pk = ds.tahun[idt.tahun].pk
    if oleh is None or pk is None:
        kk.galat(
            None,
            "kepala-unit-tidak-ada",
            f"{berkas} belum ada dan unit '{idt.unit}' tidak punya pejabat dengan "
            f"peran {ds.instansi.teks_peran_kepala_unit()} di data/instansi.yml, sehingga "
            "disampaikan_oleh tidak dapat diisi; tambahkan pejabat itu, atau buat berkasnya "
            "dengan disampaikan_oleh lalu impor lagi",
        )
        return None
    petunjuk = petunjuk_isian(ds, idt.tahun, idt.periode)
    teks = isi_realisasi(ds.instansi, pk, idt.tahun, idt.periode, idt.unit, tanggal, petunjuk)
    return naskah_dari_bytes(teks.encode("utf-8"))


_Rencana = tuple[RencanaBerkas, Realisasi | None, Dokumen | None]


def _rencanakan(ds: Dataset, kk: KertasKerjaTerbaca, tanggal: dt.date) -> _Rencana | None:
    """Plan one worksheet's file change; None when it cannot be planned (problem recorded)."""
    idt = kk.identitas
    assert idt is not None
    berkas = berkas_realisasi(idt.tahun, idt.periode, idt.unit)
    path = ds.root / berkas
    rencana = RencanaBerkas(kk, berkas, path, path.exists())
    data_tahun = ds.tahun[idt.tahun]
    assert data_tahun.pk is not None
    if rencana.ada:
        if idt.unit not in data_tahun.realisasi.get(idt.periode, {}):
            kk.galat(
                None,
                "berkas-data-tidak-sah",
                f"{berkas} tidak sah sehingga tidak dapat diperbarui; perbaiki dulu "
                "(lihat 'capkin validate') lalu impor lagi",
            )
            return None
        try:
            naskah = buka_naskah(path)
        except Exception as exc:  # ruamel's errors share no base class worth naming
            kk.galat(
                None,
                "berkas-data-tidak-terbaca",
                f"{berkas} tidak dapat dibaca untuk diperbarui ({type(exc).__name__}); "
                "periksa berkasnya dengan 'capkin validate'",
            )
            return None
    else:
        if not kk.baris:
            return rencana, None, None
        baru = _naskah_baru(ds, kk, tanggal)
        if baru is None:
            return None
        naskah = baru
    doc = naskah.data
    gabung(rencana, doc, data_tahun.pk, kk.baris)
    if not rencana.perubahan:
        return rencana, None, None
    dokumen = teks_rencana(rencana, naskah, tanggal)
    if dokumen is None:
        return None
    model, masalah = bangun_model(dokumen, Realisasi)
    kk.masalah.extend(masalah)
    return rencana, model, dokumen


def _peta_sel(rencana: RencanaBerkas, dok: Dokumen) -> dict[tuple[int, int], str]:
    """Map (line, column) of the values the worksheet wrote to the cells they came from."""
    baris_ind = {b.indikator.id: b.baris for b in rencana.kertas_kerja.baris}
    peta: dict[tuple[int, int], str] = {}
    entri = dok.data.get("realisasi") or [] if isinstance(dok.data, dict) else []
    for k, e in enumerate(entri):
        r = baris_ind.get(str(e.get("indikator"))) if isinstance(e, dict) else None
        if r is None:
            continue
        for jalur, posisi in dok.posisi.items():
            if len(jalur) >= 3 and jalur[:2] == ("realisasi", k) and jalur[2] != "indikator":
                nama_field = str(jalur[2])
                if nama_field in URUTAN_FIELD:
                    peta[posisi] = sel(kolom_isian(nama_field), r)
    return peta


def _periksa_hasil(
    ds: Dataset,
    rencana: list[RencanaBerkas],
    model: dict[str, Realisasi],
    dokumen: dict[str, Dokumen],
) -> list[Masalah]:
    """Check the would-be tree in memory; return new problems of the changed files."""
    berkas = {r.berkas for r in rencana if r.teks is not None}
    if not berkas:
        return []
    sebelum = Counter(
        (m.berkas, m.kode, m.pesan) for m in periksa_dataset(ds) if m.berkas in berkas
    )
    baru = dataclasses.replace(ds, tahun=dict(ds.tahun), dokumen={**ds.dokumen, **dokumen})
    for r in rencana:
        if r.teks is None:
            continue
        idt = r.kertas_kerja.identitas
        assert idt is not None
        lama = baru.tahun[idt.tahun]
        realisasi = {p: dict(u) for p, u in lama.realisasi.items()}
        realisasi.setdefault(idt.periode, {})[idt.unit] = model[r.berkas]
        baru.tahun[idt.tahun] = DataTahun(
            lama.tahun, lama.pk, realisasi, lama.siklus, lama.anggaran
        )
    hasil: list[Masalah] = []
    peta = {r.berkas: (r, _peta_sel(r, dokumen[r.berkas])) for r in rencana if r.teks is not None}
    for m in periksa_dataset(baru):
        if m.berkas not in berkas:
            continue
        kunci = (m.berkas, m.kode, m.pesan)
        if sebelum[kunci]:
            sebelum[kunci] -= 1
            continue
        r, sel_ = peta[m.berkas]
        alamat = sel_.get((m.baris, m.kolom))
        if alamat is not None:
            pesan = _AWALAN_JALUR.sub("", m.pesan)
            m = Masalah(r.kertas_kerja.lokasi(alamat), 0, 0, m.tingkat, m.kode, pesan)
        else:
            m = Masalah(
                m.berkas,
                m.baris,
                m.kolom,
                m.tingkat,
                m.kode,
                f"{m.pesan} (setelah impor {r.kertas_kerja.nama})",
            )
        hasil.append(m)
    return hasil


def rencanakan_impor(
    ds: Dataset,
    berkas: Sequence[Path],
    *,
    tanggal: dt.date,
    nama: Sequence[str] | None = None,
    tahun: int | None = None,
    periode: Periode | None = None,
    unit: str | None = None,
    kemajuan: Callable[[int, int, str], None] | None = None,
) -> HasilImpor:
    """Read every worksheet and plan the changes; write nothing.

    `ds` is the loaded data tree (its documents are used to check the would-be files);
    `nama` names the files in messages (default: their paths as given). Worksheets made
    for another `tahun`, `periode` or `unit` than the ones given are refused.
    `kemajuan(n, jumlah, nama)` is called before each worksheet is read.
    """
    hasil = HasilImpor()
    model: dict[str, Realisasi] = {}
    dokumen: dict[str, Dokumen] = {}
    tujuan: dict[str, str] = {}
    anggaran: list[RencanaBerkas] = []
    for n, path in enumerate(berkas):
        if kemajuan is not None:
            kemajuan(n + 1, len(berkas), nama[n] if nama else str(path))
        kk = baca_kertas_kerja(path, ds, nama[n] if nama else None)
        hasil.kertas_kerja.append(kk)
        if kk.identitas is None or kk.masalah:
            continue
        idt = kk.identitas
        harap = {"tahun": tahun, "periode": periode, "unit": unit}
        for kunci, nilai in harap.items():
            if nilai is not None and getattr(idt, kunci) != nilai:
                kk.galat(None, "kertas-kerja-lain",
                         f"kertas kerja ini untuk {kunci} {getattr(idt, kunci)}, bukan {nilai} "
                         f"yang sedang diimpor (--{kunci} {nilai}); periksa apakah berkasnya "
                         "tertukar")  # fmt: skip
        if kk.masalah:
            continue
        b = berkas_realisasi(idt.tahun, idt.periode, idt.unit)
        if b in tujuan:
            kk.galat(
                None,
                "kertas-kerja-ganda",
                f"{tujuan[b]} dan berkas ini sama-sama kertas kerja unit '{idt.unit}' "
                f"{idt.periode} {idt.tahun}; impor salah satunya saja",
            )
            continue
        tujuan[b] = kk.nama
        if (ra := rencanakan_anggaran(ds, kk, path, tanggal)) is not None:
            anggaran.append(ra)
        hasil_rencana = _rencanakan(ds, kk, tanggal)
        if hasil_rencana is None:
            continue
        rencana, m, dok = hasil_rencana
        hasil.rencana.append(rencana)
        if m is not None and dok is not None:
            model[rencana.berkas], dokumen[rencana.berkas] = m, dok
    for kk in hasil.kertas_kerja:
        hasil.masalah.extend(kk.masalah)
    if not hasil.galat:
        hasil.masalah.extend(_periksa_hasil(ds, hasil.rencana, model, dokumen))
    # the Anggaran sheet's file: its model is checked when planned (capkin.worksheet.anggaran_sheet)
    hasil.rencana += anggaran
    return hasil


def terapkan(hasil: HasilImpor, *, force: bool = False) -> list[str]:
    """Write every changed realisasi file atomically; return the repo paths written.

    Refuses (CapkinError, nothing written) when the plan has errors, or conflicts
    without `force`.
    """
    if hasil.galat:
        raise CapkinError("impor dibatalkan: kertas kerja masih bermasalah; tidak ada yang diubah")
    if hasil.konflik and not force:
        raise CapkinError(
            f"impor dibatalkan: {len(hasil.konflik)} nilai berbeda dengan data yang ada; "
            "pakai --force untuk menimpanya"
        )
    ditulis: list[str] = []
    for r in hasil.rencana:
        if r.teks is not None:
            tulis_atomik(r.path, r.teks)
            ditulis.append(r.berkas)
    return ditulis


def ringkasan_perubahan(p: Perubahan) -> str:
    """Describe one change for people: `...!E7: ik1 · nilai: 83.4 → 85` (old → new)."""
    if p.konflik:
        return f"{p.sumber}: {p.indikator} · {p.field}: {tampil(p.lama)} → {tampil(p.baru)}"
    return f"{p.sumber}: {p.indikator} · {p.field}: {tampil(p.baru)}"
