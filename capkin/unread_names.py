"""Names under data/ that capkin does not read, judged so no data is dropped without a word.

A folder or file capkin skips is one of:

- git's own bookkeeping (`.gitkeep`, `.gitignore`, `.gitattributes`, `.keep`): fine, silent;
- an editor's backup or swap file (`jawatan-umum.yml~`, `#x.yml#`, `.x.yml.swp`, `.bak`,
  `.orig`): a warning, since it is never data but should not be committed either;
- a hidden name (starting with a dot, e.g. `..TW1/`, `.jawatan-umum.yml`): an error when it
  is a folder or a YAML file, which is data a mistyped name hides; a warning otherwise;
- a data file whose extension is not `.yml` (`.yaml`, `.YML`): an error, the file is data
  capkin would read under its right name.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class Temuan:
    """What is wrong with a name capkin does not read, as a problem code, level and message."""

    kode: str
    tingkat: Tingkat
    pesan: str


def ekstensi_yaml(nama: str) -> bool:
    """Return whether a name ends in a YAML extension, in any letter case (`.YML`, `.yaml`)."""
    return nama.lower().endswith(_EKSTENSI_YAML)


def nama_benar(nama: str) -> str:
    """Return the name a mistyped one most likely meant: no leading dots, `.yml` in lower case."""
    inti = nama.lstrip(".")
    if ekstensi_yaml(inti):
        inti = inti[: inti.rfind(".")] + ".yml"
    return inti


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
