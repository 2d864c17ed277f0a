"""The audit register from git: field-level history of `data/` and verified sign-offs.

- `baca_riwayat(root)`: the first-parent history of HEAD as `EntriRiwayat`s, newest first,
  each with its field-level `Perubahan`s (gitlog → changes, cached under the git directory).
- `periksa_integritas(ds, root)`: the problems only git can show, for `capkin validate`.
- `verifikasi_langkah(ds, root)`: whether each signed step is backed by its official's commit,
  as a `Keadaan` (terverifikasi / email cocok, tanpa tanda tangan kriptografis / tidak
  terverifikasi); `tandatangan.penandatangan` says which official a commit's signature proves.
- `saring_riwayat`, `format_teks`, `format_markdown`, `format_json`, `uraikan`: for people.
"""

from __future__ import annotations

from capkin.history.approval_ledger import verifikasi_revisi
from capkin.history.gitlog import dalam_git
from capkin.history.integrity import periksa_integritas, verifikasi_langkah
from capkin.history.model import EntriRiwayat, Penulis, Perubahan, RiwayatDangkal
from capkin.history.register import baca_riwayat, muat_instansi, nomor_pr
from capkin.history.signatures import Keadaan
from capkin.history.signoff import Verifikasi
from capkin.history.text import (
    format_json,
    format_keadaan,
    format_markdown,
    format_teks,
    saring_riwayat,
    uraikan,
)

__all__ = [
    "EntriRiwayat",
    "Keadaan",
    "Penulis",
    "Perubahan",
    "RiwayatDangkal",
    "Verifikasi",
    "baca_riwayat",
    "dalam_git",
    "format_json",
    "format_keadaan",
    "format_markdown",
    "format_teks",
    "muat_instansi",
    "nomor_pr",
    "periksa_integritas",
    "saring_riwayat",
    "uraikan",
    "verifikasi_langkah",
    "verifikasi_revisi",
]
