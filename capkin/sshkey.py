"""SSH public keys as officials register them (`pejabat[].kunci_ssh`): shape, type, size.

A key is one line `<type> <base64> [note]`, as `ssh-keygen` writes it into `*.pub`. Only
the types git can sign commits with and that are strong today are accepted: ed25519,
ECDSA (nistp256/384/521) and RSA of at least 3072 bits. The base64 part is decoded and
its wire format read, so a truncated or made-up key is refused here, not in `ssh-keygen`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

RSA_MIN_BIT = 3072

_ECDSA = {
    "ecdsa-sha2-nistp256": ("nistp256", 65),
    "ecdsa-sha2-nistp384": ("nistp384", 97),
    "ecdsa-sha2-nistp521": ("nistp521", 133),
}
JENIS = ("ssh-ed25519", *_ECDSA, "ssh-rsa")
"""Key types accepted, in the spelling of a `.pub` file."""

_BARIS = re.compile(r"(\S+)[ \t]+(\S+)(?:[ \t]+([^\x00-\x1f\x7f]*))?")


@dataclass(frozen=True)
class KunciSsh:
    """A parsed, checked SSH public key."""

    jenis: str
    blob: str
    """The base64 part, exactly as written (it identifies the key)."""
    catatan: str

    @property
    def teks(self) -> str:
        """Return `<type> <base64>`: the key without its note, as an allowed-signers line wants."""
        return f"{self.jenis} {self.blob}"

    @property
    def sidik(self) -> str:
        """Return the key's SHA256 fingerprint as `ssh-keygen -l` and git's `%GF` show it."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


class _Pembaca:
    """Read the SSH wire format: uint32-length-prefixed strings."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def string(self) -> bytes:
        if self.pos + 4 > len(self.data):
            raise ValueError
        n = int.from_bytes(self.data[self.pos : self.pos + 4], "big")
        awal = self.pos + 4
        if awal + n > len(self.data):
            raise ValueError
        self.pos = awal + n
        return self.data[awal : self.pos]

    def habis(self) -> bool:
        return self.pos == len(self.data)


def _periksa_isi(jenis: str, blob: bytes) -> str | None:
    """Return what is wrong with a decoded key body, or None."""
    baca = _Pembaca(blob)
    try:
        if baca.string() != jenis.encode():
            return f"isi kunci bukan kunci {jenis} (jenis di dalamnya berbeda)"
        if jenis == "ssh-ed25519":
            if len(baca.string()) != 32:
                return "kunci ssh-ed25519 harus 32 bita"
        elif jenis in _ECDSA:
            kurva, panjang = _ECDSA[jenis]
            if baca.string() != kurva.encode() or len(titik := baca.string()) != panjang:
                return f"isi kunci {jenis} rusak (kurva atau titik tidak sesuai)"
            if titik[0] != 4:
                return f"isi kunci {jenis} rusak (titik kurva tidak dikenal)"
        else:
            e, n = baca.string(), baca.string()
            if not e or not n:
                return "isi kunci ssh-rsa rusak"
            bit = int.from_bytes(n, "big").bit_length()
            if bit < RSA_MIN_BIT:
                return (
                    f"kunci ssh-rsa ini hanya {bit} bit; minimal {RSA_MIN_BIT} bit. Buat kunci "
                    "baru: ssh-keygen -t ed25519"
                )
    except ValueError:
        return "isi kunci terpotong atau rusak; salin ulang seluruh baris dari berkas .pub"
    if not baca.habis():
        return "isi kunci berlebih di ujungnya; salin ulang seluruh baris dari berkas .pub"
    return None


def urai_kunci(teks: str) -> KunciSsh | str:
    """Parse one registered key; return it, or what is wrong with it (Bahasa Indonesia)."""
    baris = teks.strip()
    if "PRIVATE KEY" in baris:
        return (
            "ini kunci privat (rahasia), bukan kunci publik: hapus dari sini dan buat kunci "
            "baru, karena kunci ini sudah bocor; salin isi berkas .pub (mis. "
            "~/.ssh/id_ed25519.pub)"
        )
    cocok = _BARIS.fullmatch(baris)
    if cocok is None:
        return (
            "bukan kunci publik SSH: tulis satu baris '<jenis> <isi base64> [catatan]' "
            "dari berkas .pub, mis. 'ssh-ed25519 AAAAC3Nza... nama@kantor'"
        )
    jenis, isi, catatan = cocok.group(1), cocok.group(2), cocok.group(3) or ""
    if jenis not in JENIS:
        return (
            f"jenis kunci '{jenis}' tidak diterima; gunakan salah satu dari: {', '.join(JENIS)} "
            "(disarankan: ssh-keygen -t ed25519)"
        )
    try:
        blob = base64.b64decode(isi, validate=True)
    except (binascii.Error, ValueError):
        return "isi kunci bukan base64 yang sah; salin ulang seluruh baris dari berkas .pub"
    if base64.b64encode(blob).decode("ascii") != isi:
        return "isi kunci bukan base64 yang sah; salin ulang seluruh baris dari berkas .pub"
    alasan = _periksa_isi(jenis, blob)
    if alasan is not None:
        return alasan
    return KunciSsh(jenis, isi, catatan.strip())
