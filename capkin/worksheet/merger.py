"""Merge a worksheet's filled rows into a realisasi file's round-trip document.

An empty cell never deletes or changes a value; a value equal in meaning to the file's
(83 and 83.0, text differing only in surrounding blanks) counts as the same; any other
difference is recorded as a change of an existing value (a conflict). New keys and entries
go where the canonical key order and the PK's indicator order put them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from capkin.errors import DataError
from capkin.models.perjanjian_kinerja_model import PerjanjianKinerja
from capkin.worksheet.reader import BarisIsian, KertasKerjaTerbaca
from capkin.worksheet.sheet_layout import kolom_isian, sel
from capkin.yaml_writer import Naskah
from capkin.yamlio import Dokumen, baca_bytes

URUTAN_FIELD = ("indikator", "nilai", "hambatan", "strategi", "tindak_lanjut", "bukti")
"""Canonical key order of a realisasi entry."""


@dataclass(frozen=True)
class Perubahan:
    """One value the import adds to or changes in a realisasi file."""

    sumber: str
    """Where the value comes from: `file.xlsx!Kertas Kerja!E7`."""
    indikator: str
    field: str
    lama: Any
    baru: Any

    @property
    def konflik(self) -> bool:
        """Return whether the value replaces a different one already in the file."""
        return self.lama is not None


@dataclass
class RencanaBerkas:
    """What importing one worksheet does to one realisasi file."""

    kertas_kerja: KertasKerjaTerbaca
    berkas: str
    path: Path
    ada: bool
    perubahan: list[Perubahan] = field(default_factory=list)
    sama: int = 0
    teks: str | None = None
    """The file's new text; None when nothing changes."""
    tanggal_lama: Any = None
    """An existing file's delivery date that the import replaces (said, never silent)."""

    @property
    def baru(self) -> list[Perubahan]:
        """Return the values added."""
        return [p for p in self.perubahan if not p.konflik]

    @property
    def diubah(self) -> list[Perubahan]:
        """Return the values that replace different ones (conflicts)."""
        return [p for p in self.perubahan if p.konflik]


def teks_rencana(rencana: RencanaBerkas, naskah: Naskah, tanggal: dt.date) -> Dokumen | None:
    """Set `rencana.teks` from the edited file and read it back.

    An existing file gets the delivery date `tanggal`. None when the new text does not read
    (its problems go to the worksheet's).
    """
    if rencana.ada and naskah.data.get("tanggal") != tanggal:
        rencana.tanggal_lama = naskah.data.get("tanggal")
        naskah.data["tanggal"] = tanggal
    rencana.teks = naskah.teks()
    try:
        return baca_bytes(rencana.teks.encode("utf-8"), rencana.berkas)
    except DataError as exc:
        rencana.kertas_kerja.masalah.extend(exc.masalah)
        return None


def _angka(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _normal_teks(x: str) -> str:
    return x.replace("\r\n", "\n").strip()


def sama_nilai(lama: Any, baru: Any) -> bool:
    """Return whether a file's value and a worksheet's value mean the same."""
    if _angka(lama) and _angka(baru):
        return float(lama) == float(baru)
    if isinstance(lama, list | tuple) and isinstance(baru, list | tuple):
        return [str(x).strip() for x in lama] == [str(x).strip() for x in baru]
    if isinstance(lama, str) and isinstance(baru, str):
        return _normal_teks(lama) == _normal_teks(baru)
    return bool(lama == baru)


def _nilai_yaml(nilai: Any) -> Any:
    """Return a worksheet value in the form it takes in the YAML file."""
    if isinstance(nilai, tuple):
        seq = CommentedSeq(nilai)
        seq.fa.set_flow_style()
        return seq
    if isinstance(nilai, str) and "\n" in nilai:
        return LiteralScalarString(nilai)
    return nilai


def tampil(nilai: Any) -> str:
    if isinstance(nilai, list | tuple):
        return "[" + ", ".join(str(x) for x in nilai) + "]"
    if isinstance(nilai, str):
        return repr(nilai) if len(nilai) <= 60 else repr(nilai[:57] + "...")
    return repr(nilai)


def _sisip_urut(peta: CommentedMap, kunci: str, nilai: Any) -> None:
    """Insert a key into an entry at its place in the canonical key order."""
    urut = URUTAN_FIELD.index(kunci)
    posisi = len(peta)
    for i, k in enumerate(peta):
        if k in URUTAN_FIELD and URUTAN_FIELD.index(k) > urut:
            posisi = i
            break
    terakhir = next(reversed(peta), None) if posisi == len(peta) else None
    peta.insert(posisi, kunci, nilai)
    if terakhir is not None:
        _pindah_ekor_komentar(peta, terakhir, peta, kunci)


def _pindah_ekor_komentar(
    dari: CommentedMap, kunci_dari: Any, ke: CommentedMap, kunci_ke: Any
) -> None:
    """Move the comment lines after a map's last value to a value appended after it.

    ruamel keeps the lines following a value (blank lines, a closing comment) with that
    value; when something is appended after it they must follow the new value instead.
    The end-of-line comment stays where it is.
    """
    item = dari.ca.items.get(kunci_dari)
    token = item[2] if item else None
    if token is None or "\n" not in token.value:
        return
    i = token.value.index("\n") + 1
    kepala, ekor = token.value[:i], token.value[i:]
    if not ekor:
        return
    if kepala == "\n":
        item[2] = None
    else:
        token.value = kepala
    ke.ca.items[kunci_ke] = [None, None, CommentToken("\n" + ekor, token.start_mark, None), None]


def _posisi_entri(seq: CommentedSeq, urutan: dict[str, int], iid: str) -> int:
    """Return where a new entry goes so that entries stay in the PK's order."""
    rank = urutan.get(iid, len(urutan))
    for n, e in enumerate(seq):
        if isinstance(e, CommentedMap) and urutan.get(str(e.get("indikator")), -1) > rank:
            return n
    return len(seq)


def gabung(
    rencana: RencanaBerkas, doc: CommentedMap, pk: PerjanjianKinerja, baris: list[BarisIsian]
) -> None:
    """Merge the worksheet's rows into the round-trip document, recording each change."""
    kk = rencana.kertas_kerja
    seq = doc.get("realisasi")
    if not isinstance(seq, CommentedSeq) or not seq:
        seq = CommentedSeq()
        doc["realisasi"] = seq
    urutan = {i.id: n for n, (_, i) in enumerate(pk.semua_indikator())}
    for isian in baris:
        iid = isian.indikator.id
        entri = next(
            (e for e in seq if isinstance(e, CommentedMap) and e.get("indikator") == iid), None
        )
        for nama_field, nilai in isian.nilai.items():
            lama = entri.get(nama_field) if entri is not None else None
            if lama in ("", []) or (isinstance(lama, str) and not lama.strip()):
                lama = None  # an empty scaffold value (`hambatan:`, `bukti: []`) is no value
            if lama is not None and sama_nilai(lama, nilai):
                rencana.sama += 1
                continue
            alamat = kk.lokasi(sel(kolom_isian(nama_field), isian.baris))
            rencana.perubahan.append(Perubahan(alamat, iid, nama_field, lama, nilai))
            if entri is None:
                entri = CommentedMap([("indikator", iid)])
                posisi = _posisi_entri(seq, urutan, iid)
                sebelumnya = seq[-1] if posisi == len(seq) and seq else None
                seq.insert(posisi, entri)
                if isinstance(sebelumnya, CommentedMap) and sebelumnya:
                    _pindah_ekor_komentar(
                        sebelumnya, next(reversed(sebelumnya)), entri, "indikator"
                    )
            if nama_field in entri:
                entri[nama_field] = _nilai_yaml(nilai)
            else:
                _sisip_urut(entri, nama_field, _nilai_yaml(nilai))
