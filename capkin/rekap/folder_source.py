"""A built site in a folder as a roll-up source: its `api/v1/` documents, read safely.

The folder is another office's: it may hold a symbolic link to anywhere on the machine
(`/etc/…`, `/dev/zero`, a FIFO that blocks whoever opens it) or a file of gigabytes. A
document is read only when it is a regular file inside the site folder (a link is followed
only when it stays inside) and no larger than the limit, which is checked before reading.
"""

from __future__ import annotations

import errno
import os
import stat

from capkin.errors import ribuan
from capkin.layout import FOLDER_API
from capkin.rekap.documents import GagalAmbil

BLOK = 64 * 1024
_SEBAB = {
    errno.ENOENT: "berkasnya tidak ada; bangun ulang situs kantor itu",
    errno.EACCES: "tidak ada izin membacanya",
    errno.EISDIR: "yang ada sebuah folder, bukan berkas",
    errno.ENOTDIR: "salah satu foldernya bukan folder",
    errno.ELOOP: "tautan simbolik berputar",
}
"""Why an office's document cannot be read, for the errors a folder source meets."""


def _di_dalam(path: str, akar: str) -> bool:
    return path == akar or path.startswith(akar.rstrip(os.sep) + os.sep)


class FolderApi:
    """Read `api/v1/<jalur>` of a built site in `situs`, within `byte` bytes a document."""

    def __init__(self, situs: str, byte: int) -> None:
        self.akar = os.path.realpath(situs)
        self.api = os.path.join(self.akar, FOLDER_API)
        self.byte = byte
        self._folder_aman: set[str] = set()
        nyata = os.path.realpath(self.api)
        if not _di_dalam(nyata, self.akar):
            raise GagalAmbil(self._keluar(FOLDER_API, nyata))

    def _keluar(self, jalur: str, nyata: str) -> str:
        return (
            f"{jalur} adalah tautan simbolik ke luar folder situs ({nyata[:200]}); tautan ke "
            "luar tidak diikuti: salin isinya ke dalam folder situs atau perbaiki 'sumber' "
            "kantor ini di rekap.yml"
        )

    def _periksa_folder(self, jalur: str) -> None:
        """Refuse a year folder that is a link leading out of the site (checked once)."""
        folder = jalur.rpartition("/")[0]
        if not folder or folder in self._folder_aman:
            return
        path = f"{self.api}/{folder}"
        try:
            tautan = stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            tautan = False  # missing: the open below says so
        if tautan and not _di_dalam(nyata := os.path.realpath(path), self.akar):
            raise GagalAmbil(self._keluar(f"{FOLDER_API}/{folder}", nyata))
        self._folder_aman.add(folder)

    def _buka(self, jalur: str) -> int:
        """Open a document without following a link out of the site or blocking on a FIFO."""
        path = f"{self.api}/{jalur}"
        bendera = os.O_RDONLY | os.O_NONBLOCK
        try:
            return os.open(path, bendera | os.O_NOFOLLOW)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
        nyata = os.path.realpath(path)  # a link: followed only to a place inside the site
        if not _di_dalam(nyata, self.akar):
            raise GagalAmbil(self._keluar(f"{FOLDER_API}/{jalur}", nyata))
        return os.open(nyata, bendera)

    def baca(self, jalur: str) -> bytes:
        """Return a document's bytes; GagalAmbil saying why it cannot be read.

        One open, one fstat, one read for the common case (a national roll-up reads
        hundreds of thousands of these; `Path.read_bytes` cost twice as much)."""
        nama = f"{FOLDER_API}/{jalur}"
        try:
            self._periksa_folder(jalur)
            fd = self._buka(jalur)
            try:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode):
                    raise GagalAmbil(
                        f"{nama} bukan berkas biasa (mis. FIFO, perangkat atau folder); "
                        "terbitkan dokumen API sebagai berkas JSON"
                    )
                ukuran = st.st_size
                if ukuran > self.byte:
                    raise GagalAmbil(self._terlalu_besar(nama, ukuran))
                potongan = [os.read(fd, ukuran + 1)]
                total = len(potongan[0])
                while total > ukuran and potongan[-1]:  # it grew while being read
                    if total > self.byte:
                        raise GagalAmbil(self._terlalu_besar(nama, total))
                    potongan.append(os.read(fd, BLOK))
                    total += len(potongan[-1])
                return b"".join(potongan)
            finally:
                os.close(fd)
        except OSError as exc:
            sebab = _SEBAB.get(exc.errno or 0, exc.strerror)
            raise GagalAmbil(f"{nama} tidak dapat dibaca ({sebab})") from None

    def _terlalu_besar(self, nama: str, ukuran: int) -> str:
        return (
            f"{nama} terlalu besar ({ribuan(ukuran)} byte; batas {ribuan(self.byte)} byte); "
            "periksa berkasnya, atau naikkan pengaturan.ukuran_maks_mb di rekap.yml bila memang "
            "sebesar itu"
        )
