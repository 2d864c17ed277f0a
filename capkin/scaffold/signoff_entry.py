"""`capkin sign`: record an SOP step sign-off in the siklus file, keeping its layout."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from capkin.clock import KalenderKerja, hari_ini
from capkin.cycle import belum_menyampaikan
from capkin.dataset import Dataset
from capkin.errors import CapkinError, DataError, UsageError
from capkin.gitcmd import git_teks as git
from capkin.layout import berkas_siklus, berkas_sop
from capkin.model_check import bangun_model
from capkin.models.base import Periode
from capkin.models.instansi_model import Instansi, Pejabat
from capkin.models.siklus_model import LangkahSiklus, Siklus
from capkin.models.sop_model import LangkahSop, Sop
from capkin.scaffold.realisasi_file import galat_berkas, muat_instansi_pk
from capkin.scaffold.signed_commits import (
    Penandatangan,
    args_tanda_tangan,
    commit_kukuhkan,
    judul_commit,
    periksa_penandatangan,
    trailer_kukuhkan,
)
from capkin.yaml_writer import naskah_dari_bytes, tulis_atomik
from capkin.yamlio import baca_bytes


@dataclass(frozen=True)
class Permintaan:
    """What `sign` is asked for: which period, by which official, dated when, committed or not."""

    root: Path
    periode: Periode
    oleh: str
    tanggal: date | None
    """The date of the sign-off (None: the office's today)."""
    tahun: int | None
    """The year (None: the last one with a perjanjian kinerja)."""
    commit: bool
    """Whether to commit the siklus file under the official's identity."""


@dataclass(frozen=True)
class TandaTangan:
    """What `sign` recorded: the file, the step, who signed and the commit made (if any)."""

    path: Path
    berkas: str
    tahun: int
    periode: Periode
    no: int
    aktivitas: str
    pejabat: Pejabat
    mulai: date
    selesai: date
    commit: str | None = None
    bertanda: bool = False
    """Whether the commit carries an SSH signature by the official's registered key."""


def pejabat_berwenang(
    sop: Sop, instansi: Instansi, oleh: str, no: int
) -> tuple[Pejabat, LangkahSop]:
    """Return the official and the SOP step; refuse an unknown official or a role not allowed."""
    pejabat = instansi.cari_pejabat(oleh)
    if pejabat is None:
        raise UsageError(
            f"pejabat '{oleh}' tidak ada di data/instansi.yml; pejabat yang ada: "
            f"{', '.join(p.id for p in instansi.pejabat)}"
        )
    lsop = sop.cari_langkah(no)
    if lsop is None:
        raise UsageError(
            f"SOP {sop.nomor} tidak punya langkah {no}; langkah yang ada: "
            f"{', '.join(str(s.no) for s in sop.langkah)}"
        )
    if pejabat.peran not in lsop.pelaksana:
        raise CapkinError(
            f"{pejabat.id} ({pejabat.nama}) berperan '{pejabat.peran}', padahal langkah {no} "
            f"({lsop.aktivitas}) hanya boleh ditandatangani oleh peran: "
            f"{', '.join(lsop.pelaksana)}. Minta pejabat yang berwenang menandatanganinya"
        )
    return pejabat, lsop


def _tanggal_awal(
    mulai: date | None,
    lama: LangkahSiklus | None,
    sebelumnya: LangkahSiklus | None,
    selesai: date,
    kalender: KalenderKerja,
) -> date:
    """Return the step's start: given, recorded, next working day after the last step, or the end."""
    if mulai is not None:
        return mulai
    if lama is not None and lama.mulai is not None:
        return lama.mulai
    if sebelumnya is not None and sebelumnya.selesai is not None:
        return min(kalender.berikutnya(sebelumnya.selesai), selesai)
    return selesai


def _langkah_sebelumnya(sop: Sop, siklus: Siklus, no: int, nama: str) -> LangkahSiklus | None:
    """Return the record of the step before `no`; refuse when any earlier step is unsigned."""
    sebelumnya: LangkahSiklus | None = None
    for s in sorted(sop.langkah, key=lambda s: s.no):
        if s.no >= no:
            break
        rekam = siklus.cari_langkah(s.no)
        if rekam is None or not rekam.ditandatangani:
            raise CapkinError(
                f"langkah {s.no} ({s.aktivitas}) siklus {nama} belum ditandatangani; "
                f"langkah dikerjakan berurutan, jadi tandatangani langkah {s.no} sebelum "
                f"langkah {no}"
            )
        sebelumnya = rekam
    return sebelumnya


LANGKAH_BANDING = 3
"""The SOP step that compares realisasi with target: from it on, every realisasi is due."""


def _tolak_tanggal_mendatang(selesai: date, hari_ini: date) -> None:
    """Refuse a sign-off dated after today (the office's date): a step is signed when done."""
    if selesai > hari_ini:
        raise UsageError(
            f"tanggal {selesai} belum tiba (hari ini {hari_ini}); tanda tangan dicatat pada hari "
            "langkah itu selesai: tandatangani pada hari itu, atau perbaiki --tanggal"
        )


def _tolak_bila_realisasi_terutang(
    ds: Dataset, tahun: int, periode: Periode, no: int, selesai: date
) -> None:
    """Refuse step `no` (3 or later) while responsible units still owe realisasi."""
    utang = belum_menyampaikan(ds, tahun, periode, selesai)
    if not utang:
        return
    daftar = "; ".join(f"{t.unit} ({', '.join(t.indikator)})" for t in utang)
    raise CapkinError(
        f"langkah {no} siklus {periode} {tahun} belum dapat ditandatangani: realisasi belum "
        f"disampaikan oleh {daftar}. Tunggu realisasinya (lihat 'capkin status'), atau bila "
        "langkah ini memang dilanjutkan tanpa data itu, jelaskan alasannya dengan "
        '--catatan "..." (dicatat di berkas siklus)'
    )


def _periksa_tanggal(awal: date, selesai: date, sebelumnya: LangkahSiklus | None, no: int) -> None:
    """Refuse a start after the end, or before the previous step ended."""
    if sebelumnya is not None and sebelumnya.selesai and selesai < sebelumnya.selesai:
        raise UsageError(
            f"tanggal selesai {selesai} lebih awal dari selesainya langkah {sebelumnya.no} "
            f"({sebelumnya.selesai}); langkah {no} selesai paling cepat {sebelumnya.selesai}: "
            "perbaiki --tanggal"
        )
    if awal > selesai:
        raise UsageError(
            f"tanggal mulai {awal} sesudah tanggal selesai {selesai}; perbaiki --mulai atau "
            "--tanggal"
        )
    if sebelumnya is not None and sebelumnya.selesai and awal < sebelumnya.selesai:
        raise UsageError(
            f"tanggal mulai {awal} lebih awal dari selesainya langkah {sebelumnya.no} "
            f"({sebelumnya.selesai}); langkah {no} dimulai paling cepat "
            f"{sebelumnya.selesai}"
        )


def _entri_baru(contoh: Any, nilai: dict[str, Any]) -> Any:
    """Return an empty mapping for a new step, flow style when the entry before is (short)."""
    from ruamel.yaml.comments import CommentedMap

    entri = CommentedMap()
    flow = getattr(contoh, "fa", None) is not None and contoh.fa.flow_style()
    # free text would make a flow line wrap: write such steps as a block
    if flow and not ({"catatan", "dokumen"} & set(nilai)):
        entri.fa.set_flow_style()
    return entri


def _tulis_entri(entri: Any, nilai: dict[str, Any]) -> None:
    """Set the step's keys, a new one placed in LangkahSiklus's order (no, mulai, selesai, …)."""
    urutan = list(LangkahSiklus.model_fields)
    for kunci, isi in nilai.items():
        if isinstance(isi, date):
            # a fresh object per key: ruamel writes one object met twice as an anchor and alias
            isi = date(isi.year, isi.month, isi.day)
        if kunci in entri:
            entri[kunci] = isi
        else:
            posisi = sum(1 for k in entri if k in urutan[: urutan.index(kunci)])
            entri.insert(posisi, kunci, isi)


def _ubah_teks(mentah: bytes, periode: Periode, no: int, nilai: dict[str, Any]) -> str:
    """Return the siklus text with step `no` recorded; comments and layout kept."""
    from ruamel.yaml.comments import CommentedSeq

    naskah = naskah_dari_bytes(mentah) if mentah.strip() else None
    if naskah is None or naskah.data is None:
        naskah = naskah_dari_bytes(f"periode: {periode.value}\nlangkah: []\n".encode())
    data = naskah.data
    langkah = data.get("langkah")
    if langkah is None:
        langkah = data["langkah"] = CommentedSeq()
    if not langkah:
        langkah.fa.set_block_style()
    indeks = next((i for i, e in enumerate(langkah) if e.get("no") == no), None)
    if indeks is None:
        indeks = next((i for i, e in enumerate(langkah) if (e.get("no") or 0) > no), len(langkah))
        langkah.insert(indeks, _entri_baru(langkah[indeks - 1] if indeks else None, nilai))
    _tulis_entri(langkah[indeks], nilai)
    return naskah.teks()


def _commit(root: Path, path: Path, pesan: str, siapa: Penandatangan) -> str:
    relatif = path.relative_to(root).as_posix()
    tambah = git(root, "add", "--", relatif)
    tanda = ["-S"] if siapa.kunci is not None else ["--no-gpg-sign"]
    args = [
        *args_tanda_tangan(siapa),
        "commit",
        "-q",
        "-m",
        judul_commit(pesan),
        *tanda,
        "--only",
        "--",
        relatif,
    ]
    hasil = tambah if tambah.returncode != 0 else git(root, *args)
    if hasil.returncode != 0:
        raise CapkinError(
            f"berkas {relatif} sudah ditulis, tetapi commit gagal: {hasil.stderr.strip()}; "
            "periksa pesan git di atas, lalu commit berkas itu secara manual"
        )
    return git(root, "rev-parse", "HEAD").stdout.strip()


def _penandatangan(
    root: Path, instansi: Instansi, pejabat: Pejabat, commit: bool
) -> Penandatangan | None:
    """The identity `commit` commits under (signed when required), or None without it."""
    if not commit:
        return None
    return periksa_penandatangan(
        root,
        pejabat,
        wajib_kunci=instansi.pengaturan.wajib_tanda_tangan_git or bool(pejabat.kunci_ssh),
    )


def _tulis_siklus(
    root: Path, ttd: TandaTangan, baru: str, siapa: Penandatangan | None, pesan: str
) -> TandaTangan:
    """Check the new siklus text, write it atomically and commit it when `siapa` is given."""
    _, masalah = bangun_model(baca_bytes(baru.encode("utf-8"), ttd.berkas), Siklus)
    if masalah:
        raise DataError(masalah)
    tulis_atomik(ttd.path, baru)
    if siapa is None:
        return ttd
    sha = _commit(root, ttd.path, pesan, siapa)
    return replace(ttd, commit=sha, bertanda=siapa.kunci is not None)


def tanda_tangani(
    minta: Permintaan,
    no: int,
    *,
    mulai: date | None = None,
    catatan: str | None = None,
    dokumen: str | None = None,
) -> TandaTangan:
    """Sign step `no` of a period's cycle off for the official asked, after checking the SOP."""
    periode, oleh = minta.periode, minta.oleh
    kerja = muat_instansi_pk(minta.root, minta.tahun)
    ds, instansi, tahun = kerja.ds, kerja.instansi, kerja.tahun
    if ds.sop is None:
        raise DataError(galat_berkas(kerja.masalah, berkas_sop()))
    berkas = berkas_siklus(tahun, periode)
    path = ds.root / berkas
    pejabat, lsop = pejabat_berwenang(ds.sop, instansi, oleh, no)
    mentah = path.read_bytes() if path.exists() else b""
    if path.exists() and periode not in ds.tahun[tahun].siklus:
        raise DataError(galat_berkas(kerja.masalah, berkas))
    siklus = ds.tahun[tahun].siklus.get(periode) or Siklus(periode=periode)
    lama = siklus.cari_langkah(no)
    if lama is not None and lama.ditandatangani:
        raise CapkinError(
            f"langkah {no} siklus {periode} {tahun} sudah ditandatangani oleh {lama.oleh} "
            f"pada {lama.selesai}; tanda tangan tidak dibuat ulang. Bila ada yang salah, "
            f"perbaiki {berkas} melalui pull request"
            + (
                f". Untuk mengesahkan ulang laporan yang sudah dikoreksi: capkin sign --periode "
                f'{periode} --langkah {no} --oleh {oleh} --revisi --alasan "..." (PANDUAN: '
                "Koreksi setelah disahkan)"
                if no == ds.sop.no_pengesahan
                else ""
            )
        )
    sebelumnya = _langkah_sebelumnya(ds.sop, siklus, no, f"{periode} {tahun}")
    hari = hari_ini(ds.instansi)  # the office's date, whatever zone this machine runs in
    selesai = minta.tanggal or hari
    _tolak_tanggal_mendatang(selesai, hari)
    if no >= LANGKAH_BANDING and not (catatan and catatan.strip()):
        _tolak_bila_realisasi_terutang(ds, tahun, periode, no, selesai)
    awal = _tanggal_awal(mulai, lama, sebelumnya, selesai, KalenderKerja.untuk(instansi))
    _periksa_tanggal(awal, selesai, sebelumnya, no)
    siapa = _penandatangan(ds.root, instansi, pejabat, minta.commit)
    nilai: dict[str, Any] = {"no": no, "mulai": awal, "selesai": selesai, "oleh": pejabat.id}
    if catatan:
        nilai["catatan"] = catatan
    if dokumen:
        nilai["dokumen"] = dokumen
    baru = _ubah_teks(mentah, periode, no, nilai)
    ttd = TandaTangan(path, berkas, tahun, periode, no, lsop.aktivitas, pejabat, awal, selesai)
    pesan = f"Tanda tangan langkah {no} siklus {periode} {tahun} oleh {pejabat.nama}"
    return _tulis_siklus(ds.root, ttd, baru, siapa, pesan)


def kukuhkan(
    root: Path, periode: Periode, no: int, oleh: str, tahun: int | None = None
) -> TandaTangan:
    """Re-affirm an existing sign-off with a signed empty commit by its official."""
    kerja = muat_instansi_pk(root, tahun)
    ds, instansi, tahun = kerja.ds, kerja.instansi, kerja.tahun
    berkas = berkas_siklus(tahun, periode)
    pejabat = instansi.cari_pejabat(oleh)
    if pejabat is None:
        raise UsageError(
            f"pejabat '{oleh}' tidak ada di data/instansi.yml; pejabat yang ada: "
            f"{', '.join(p.id for p in instansi.pejabat)}"
        )
    siklus = ds.tahun[tahun].siklus.get(periode)
    lama = siklus.cari_langkah(no) if siklus else None
    if lama is None or not lama.ditandatangani or lama.selesai is None or lama.mulai is None:
        raise CapkinError(
            f"langkah {no} siklus {periode} {tahun} belum ditandatangani di {berkas}; "
            "--kukuhkan hanya mengukuhkan tanda tangan yang sudah ada. Untuk menandatangani: "
            f"capkin sign --periode {periode} --langkah {no} --oleh {oleh} --commit"
        )
    if lama.oleh != pejabat.id:
        raise CapkinError(
            f"langkah {no} siklus {periode} {tahun} ditandatangani oleh {lama.oleh}, bukan "
            f"{pejabat.id}; hanya pejabat yang menandatanganinya yang dapat mengukuhkannya"
        )
    terlacak = git(ds.root, "diff", "--quiet", "HEAD", "--", berkas)
    if terlacak.returncode != 0:
        raise CapkinError(
            f"{berkas} berbeda dari commit terakhir (HEAD); pengukuhan berlaku bagi tanda tangan "
            "yang sudah di-commit: commit atau batalkan perubahan berkas itu dahulu"
        )
    siapa = periksa_penandatangan(ds.root, pejabat, wajib_kunci=True)
    lsop = ds.sop.cari_langkah(no) if ds.sop else None
    judul = (
        f"Kukuhkan tanda tangan langkah {no} siklus {periode} {tahun} oleh {pejabat.nama} "
        f"(selesai {lama.selesai})"
    )
    sha = commit_kukuhkan(ds.root, siapa, judul, trailer_kukuhkan(tahun, periode, no))
    return TandaTangan(
        ds.root / berkas,
        berkas,
        tahun,
        periode,
        no,
        lsop.aktivitas if lsop else f"langkah {no}",
        pejabat,
        lama.mulai,
        lama.selesai,
        sha,
        bertanda=True,
    )


def _tambah_revisi(mentah: bytes, nilai: dict[str, Any]) -> str:
    """Return the siklus text with a re-approval appended to `revisi:`; comments kept."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    naskah = naskah_dari_bytes(mentah)
    data = naskah.data
    daftar = data.get("revisi")
    if daftar is None:
        daftar = data["revisi"] = CommentedSeq()
        daftar.fa.set_block_style()
    entri = CommentedMap()
    if not any(len(str(v)) > 60 for v in nilai.values()):
        entri.fa.set_flow_style()
    for kunci, isi in nilai.items():
        entri[kunci] = isi
    daftar.append(entri)
    return naskah.teks()


def sahkan_ulang(minta: Permintaan, alasan: str, no: int | None = None) -> TandaTangan:
    """Re-approve a period's report after a correction: append to the siklus file's `revisi:`.

    The same checks as the approval step: the official exists, holds a role allowed to sign
    that step, and (with `commit`) commits under one of their own identities, signed when the
    office requires it. The approval step itself must be signed already. `no`, when given,
    must be that step.
    """
    periode, oleh = minta.periode, minta.oleh
    kerja = muat_instansi_pk(minta.root, minta.tahun)
    ds, instansi, tahun = kerja.ds, kerja.instansi, kerja.tahun
    if ds.sop is None:
        raise DataError(galat_berkas(kerja.masalah, berkas_sop()))
    if no is not None and no != ds.sop.no_pengesahan:
        raise UsageError(
            f"--revisi mengesahkan ulang laporan, yaitu langkah terakhir SOP "
            f"({ds.sop.no_pengesahan}); tulis --langkah {ds.sop.no_pengesahan}"
        )
    no = ds.sop.no_pengesahan
    pejabat, lsop = pejabat_berwenang(ds.sop, instansi, oleh, no)
    berkas = berkas_siklus(tahun, periode)
    path = ds.root / berkas
    if path.exists() and periode not in ds.tahun[tahun].siklus:
        raise DataError(galat_berkas(kerja.masalah, berkas))
    siklus = ds.tahun[tahun].siklus.get(periode)
    sah = siklus.cari_langkah(no) if siklus else None
    if siklus is None or sah is None or not sah.ditandatangani or sah.selesai is None:
        raise CapkinError(
            f"laporan {periode} {tahun} belum disahkan (langkah {no} belum ditandatangani), "
            f"jadi tidak ada yang disahkan ulang; tandatangani langkah {no} biasa: capkin sign "
            f"--periode {periode} --langkah {no} --oleh {oleh}"
        )
    alasan = alasan.strip()
    if not alasan:
        raise UsageError(
            "alasan revisi wajib diisi: tulis apa yang dikoreksi dan dasarnya, mis. --alasan "
            '"Koreksi realisasi ik1 (surat 000.8/140/Gamping)"'
        )
    hari = hari_ini(ds.instansi)  # the office's date, whatever zone this machine runs in
    selesai = minta.tanggal or hari
    _tolak_tanggal_mendatang(selesai, hari)
    terakhir = max([sah.selesai, *(r.tanggal for r in siklus.revisi)])
    if selesai < terakhir:
        raise UsageError(
            f"tanggal {selesai} lebih awal dari pengesahan terakhir ({terakhir}); pengesahan "
            "ulang dicatat sesudahnya: perbaiki --tanggal"
        )
    siapa = _penandatangan(ds.root, instansi, pejabat, minta.commit)
    nilai: dict[str, Any] = {
        "tanggal": date(selesai.year, selesai.month, selesai.day),
        "oleh": pejabat.id,
        "alasan": alasan,
    }
    baru = _tambah_revisi(path.read_bytes(), nilai)
    ttd = TandaTangan(path, berkas, tahun, periode, no, lsop.aktivitas, pejabat, selesai, selesai)
    ke = len(siklus.revisi) + 1
    pesan = f"Pengesahan ulang (revisi {ke}) laporan {periode} {tahun} oleh {pejabat.nama}"
    return _tulis_siklus(ds.root, ttd, baru, siapa, pesan)
