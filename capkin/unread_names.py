"""Names under data/ that capkin does not read, judged so no data is dropped without a word.

A folder or file capkin skips is one of:

- git's own bookkeeping (`.gitkeep`, `.gitignore`, `.gitattributes`, `.keep`): fine, silent;
- an editor's backup or swap file (`jawatan-umum.yml~`, `#x.yml#`, `.x.yml.swp`, `.bak`,
  `.orig`): a warning, since it is never data but should not be committed either;
- a hidden name (starting with a dot, e.g. `..TW1/`, `.jawatan-umum.yml`): an error when it
  is a folder or a YAML file, which is data a mistyped name hides; a warning otherwise;
- a data file whose extension is not `.yml` (`.yaml`, `.YML`) or whose quarter is not in
  capitals (`tw1/`, `tw2.yml`): an error, the file is data capkin would read under its right
  name; so is a realisasi file put in `realisasi/` itself, outside a quarter's folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from capkin.errors import Tingkat

GIT_SENDIRI = frozenset({".gitkeep", ".gitignore", ".gitattributes", ".keep"})
"""Files git users put in folders on purpose; never data."""

_CADANGAN = re.compile(r".*~|#.*#|.*\.(?:sw[a-p]|bak|orig|tmp)", re.IGNORECASE)
"""Editor backups and swap files: `x.yml~`, emacs `#x.yml#`, vim `.x.yml.swp`, `x.yml.bak`."""

_EKSTENSI_YAML = (".yml", ".yaml")

KODE_CADANGAN = "berkas-cadangan"
KODE_TERSEMBUNYI = "nama-tersembunyi"
KODE_EKSTENSI = "ekstensi-salah"
KODE_ASING = "berkas-tidak-dikenal"
KODE_PERIODE = "periode-huruf-kecil"
KODE_TEMPAT = "folder-salah"


@dataclass(frozen=True)
class Temuan:
    """What is wrong with a name capkin does not read, as a problem code, level and message."""

    kode: str
    tingkat: Tingkat
    pesan: str


def ekstensi_yaml(nama: str) -> bool:
    """Return whether a name ends in a YAML extension, in any letter case (`.YML`, `.yaml`)."""
    return nama.lower().endswith(_EKSTENSI_YAML)


_PERIODE = re.compile(r"tw([1-4])(?=$|\.)", re.IGNORECASE)


def nama_benar(nama: str) -> str:
    """Return the name a mistyped one most likely meant: no leading dots, `.yml` in lower
    case, a quarter in capitals (`tw1.yml` → `TW1.yml`)."""
    inti = nama.lstrip(".")
    if ekstensi_yaml(inti):
        inti = inti[: inti.rfind(".")] + ".yml"
    return _PERIODE.sub(lambda m: f"TW{m.group(1)}", inti, count=1)


def nama_salah(nama: str, dibaca: Callable[[str], bool]) -> Temuan | None:
    """Judge a name that is, but for its extension or letter case, one read in its folder."""
    benar = nama_benar(nama)
    if nama == benar or nama.startswith(".") or not dibaca(benar):
        return None
    if not ekstensi_yaml(nama) or nama.endswith(".yml"):
        return Temuan(
            KODE_PERIODE,
            Tingkat.GALAT,
            f"triwulan ditulis dengan huruf besar; '{nama}' tidak dibaca capkin. Ganti namanya "
            f"menjadi '{benar}'",
        )
    return ekstensi_salah(nama, benar)


def di_luar_folder_periode(nama: str) -> Temuan:
    """Return the error of a YAML file put in realisasi/ itself instead of a quarter's folder."""
    return Temuan(
        KODE_TEMPAT,
        Tingkat.GALAT,
        f"berkas realisasi harus berada di folder triwulannya; '{nama}' di sini tidak dibaca "
        f"capkin. Pindahkan ke realisasi/TW1/{nama_benar(nama)} (atau TW2, TW3, TW4 sesuai "
        "periodenya)",
    )


def nilai_nama(nama: str, folder: bool) -> Temuan | None:
    """Judge a hidden or backup name under data/; None when it is git's own file or neither."""
    if nama in GIT_SENDIRI:
        return None
    if _CADANGAN.fullmatch(nama):
        return Temuan(
            KODE_CADANGAN,
            Tingkat.PERINGATAN,
            "salinan cadangan atau berkas sementara editor; capkin tidak membacanya. Hapus "
            "berkas ini (bila isinya yang benar, salin isinya ke berkas aslinya) dan jangan "
            "di-commit: tambahkan polanya ke .gitignore",
        )
    if not nama.startswith("."):
        return None
    benar = nama_benar(nama)
    if folder or ekstensi_yaml(nama):
        jenis = "folder" if folder else "berkas"
        return Temuan(
            KODE_TERSEMBUNYI,
            Tingkat.GALAT,
            f"nama {jenis} ini diawali titik sehingga tersembunyi dan isinya tidak dibaca "
            f"capkin; ganti namanya menjadi '{benar}' (tanpa titik di depan), atau pindahkan "
            "keluar dari folder data/ bila bukan data",
        )
    return Temuan(
        KODE_ASING,
        Tingkat.PERINGATAN,
        "berkas tersembunyi (nama diawali titik) yang tidak dibaca capkin; pindahkan keluar "
        "dari folder data/",
    )


def ekstensi_salah(nama: str, benar: str) -> Temuan:
    """Return the error of a data file named with another extension than `.yml`."""
    return Temuan(
        KODE_EKSTENSI,
        Tingkat.GALAT,
        f"berkas data harus berakhiran .yml (huruf kecil); berkas ini tidak dibaca capkin. "
        f"Ganti namanya menjadi '{benar}'",
    )
