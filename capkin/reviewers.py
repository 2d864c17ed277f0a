"""Who must review which files: the text of `.github/CODEOWNERS`, derived from instansi.yml.

The text comes from an `Instansi` alone. `capkin codeowners` writes it
(scaffold/codeowners.py); `validate` warns when the committed file differs
(validation/repository.py), which is why this sits below both.
"""

from __future__ import annotations

from pathlib import Path

from capkin.layout import berkas_instansi, berkas_pk, berkas_realisasi, berkas_sop, folder_siklus
from capkin.models.instansi_model import Instansi, Pejabat, Peran
from capkin.models.sop_model import Sop

BERKAS_CODEOWNERS = ".github/CODEOWNERS"
"""Where GitHub reads code owners, relative to the repo root."""

POLA_REPOSITORI = (
    "*",
    "/.github/",
    "/.github/CODEOWNERS",
    "/mkdocs.yml",
    "/requirements.txt",
    "/site_templates/",
    "/PANDUAN.md",
)
"""Patterns owned by the Kasubbag KPE and the Panewu before the data rules: everything by
default, then, explicitly, what decides how the repository is checked and published."""


_KEPALA = """\
# Berkas ini dibuat oleh `capkin codeowners` dari data/instansi.yml (kunci `github`).
# Jangan diubah dengan tangan: ubah data/instansi.yml, lalu jalankan `capkin codeowners`.
# Baris yang cocok paling akhir menentukan peninjau sebuah berkas.
"""


def _handle(github: str) -> str:
    """Return a GitHub handle as CODEOWNERS writes it: `@user` or `@org/team`."""
    return "@" + github.strip().lstrip("@")


def kepala_unit_semua(instansi: Instansi, unit: str) -> list[Pejabat]:
    """Return the officials who head a unit and so review its realisasi files."""
    return instansi.kepala_unit(unit)


def _pemilik(pejabat: list[Pejabat], tanpa_handle: dict[str, Pejabat]) -> list[str]:
    """Return the handles of these officials, noting those without one."""
    hasil: list[str] = []
    for p in pejabat:
        if p.github and p.github.strip().lstrip("@"):
            handle = _handle(p.github)
            if handle not in hasil:
                hasil.append(handle)
        else:
            tanpa_handle.setdefault(p.id, p)
    return hasil


def _baris(
    pola: str, pejabat: list[Pejabat], tanpa_handle: dict[str, Pejabat], siapa: str, kosong: str
) -> str:
    """Return the owners line of a pattern, or a comment saying why it has no reviewer.

    `siapa` names the officials (when they lack handles), `kosong` says who is missing.
    """
    pemilik = _pemilik(pejabat, tanpa_handle)
    if pemilik:
        return f"{pola} {' '.join(pemilik)}"
    alasan = f"{siapa} belum punya handle github" if pejabat else kosong
    return f"# {pola}: belum ada peninjau ({alasan})"


def _pimpinan(instansi: Instansi, sop: Sop | None) -> tuple[set[str], str]:
    """Return the roles that own the office's files with the Kasubbag KPE, and their name.

    The Panewu in SOP 08/SOP/2023; in another office's SOP, whoever signs its approval step
    (the last), e.g. a Kepala Dinas from `pengaturan.peran_tambahan`.
    """
    langkah = sop.cari_langkah(sop.no_pengesahan) if sop is not None else None
    peran = set(langkah.pelaksana) - {Peran.KASUBBAG_KPE.value} if langkah else set()
    if not peran or peran == {Peran.PANEWU.value}:
        # the head's own title: "Panewu" in a kapanewon, "Kepala Dinas …" in a dinas
        jabatan = {p.jabatan for p in instansi.pejabat if p.peran == Peran.PANEWU.value}
        sebutan = jabatan.pop() if len(jabatan) == 1 else None
        return {Peran.PANEWU.value}, " ".join((sebutan or "Panewu").split())
    nama = {r.id: r.nama for r in instansi.pengaturan.peran_tambahan}
    return peran, " dan ".join(nama.get(r, r) for r in sorted(peran))


def isi_codeowners(instansi: Instansi, sop: Sop | None = None) -> str:
    """Return the CODEOWNERS text for an office: unit heads, Kasubbag KPE and the approver.

    The approver is the Panewu, or the role signing the approval step of the office's SOP.
    """
    tanpa_handle: dict[str, Pejabat] = {}
    kpe = [p for p in instansi.pejabat if p.peran == Peran.KASUBBAG_KPE]
    peran_pimpinan, nama_pimpinan = _pimpinan(instansi, sop)
    panewu = [p for p in instansi.pejabat if p.peran in peran_pimpinan]
    kosong_kpe = f"belum ada pejabat dengan peran {Peran.KASUBBAG_KPE} di data/instansi.yml"
    baris = [
        _KEPALA.rstrip("\n"),
        "",
        "# Seluruh repositori, lalu yang mengatur pemeriksaan dan situs (alur kerja, CODEOWNERS",
        f"# ini, versi capkin, konfigurasi dan templat situs, panduan): Kasubbag KPE dan "
        f"{nama_pimpinan}",
    ]
    kosong_pimpinan = (
        f"belum ada pejabat dengan peran {Peran.KASUBBAG_KPE} atau "
        f"{' atau '.join(sorted(peran_pimpinan))} di data/instansi.yml"
    )
    data_kantor = tuple("/" + b for b in (berkas_instansi(), berkas_sop(), berkas_pk("*")))
    for pola in POLA_REPOSITORI + data_kantor:
        if pola == data_kantor[0]:
            baris += [
                "",
                f"# Data kantor, SOP dan Perjanjian Kinerja: Kasubbag KPE dan {nama_pimpinan}",
            ]
        siapa = f"Kasubbag KPE dan {nama_pimpinan}"
        baris.append(_baris(pola, kpe + panewu, tanpa_handle, siapa, kosong_pimpinan))
    baris += ["", "# Siklus SOP (tanda tangan langkah): Kasubbag KPE"]
    baris.append(_baris(f"/{folder_siklus('*')}/", kpe, tanpa_handle, "Kasubbag KPE", kosong_kpe))
    baris += ["", "# Realisasi tiap unit: kepala unit itu"]
    for unit in instansi.unit:
        baris.append(
            _baris(
                "/" + berkas_realisasi("*", "*", unit.id),
                kepala_unit_semua(instansi, unit.id),
                tanpa_handle,
                f"kepala {unit.nama}",
                f"{unit.nama} belum punya kepala di data/instansi.yml: pejabat dengan "
                f"unit: {unit.id} dan peran kepala-jawatan, kasubbag, kasubbag-kpe atau "
                "peran dari pengaturan.peran_tambahan",
            )
        )
    if tanpa_handle:
        baris += ["", "# Pejabat tanpa handle github (isi `github:` di data/instansi.yml):"]
        baris += [f"#   {p.id}: {p.nama}" for p in tanpa_handle.values()]
    return "\n".join(baris) + "\n"


def codeowners_usang(instansi: Instansi, root: Path, sop: Sop | None = None) -> bool:
    """Return whether `.github/CODEOWNERS` exists and differs from what would be written."""
    return baris_codeowners_usang(instansi, root, sop) is not None


def baris_codeowners_usang(instansi: Instansi, root: Path, sop: Sop | None = None) -> int | None:
    """Return the first line (1-based) where `.github/CODEOWNERS` differs from what would be
    written; None when it is missing or in step (1 when it cannot be read)."""
    path = root / BERKAS_CODEOWNERS
    if not path.is_file():
        return None
    try:
        lama = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    baru = isi_codeowners(instansi, sop)
    if lama == baru:
        return None
    baris_lama, baris_baru = lama.splitlines(), baru.splitlines()
    for no, (a, b) in enumerate(zip(baris_lama, baris_baru, strict=False), start=1):
        if a != b:
            return no
    return min(len(baris_lama), len(baris_baru)) + 1
