"""`pejabat[].kunci_ssh`: real ssh-keygen keys accepted, weak or mangled ones refused, located."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import buat_kunci_ssh, capkin, kunci_publik, tulis_data_lengkap

from capkin.sshkey import KunciSsh, urai_kunci

INSTANSI = "data/instansi.yml"


@pytest.mark.parametrize(
    ("jenis", "bit"),
    [("ed25519", None), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521), ("rsa", 3072)],
)
def test_real_keys_are_accepted_with_ssh_keygen_fingerprint(
    tmp_path: Path, jenis: str, bit: int | None
) -> None:
    import subprocess

    kunci = buat_kunci_ssh(tmp_path, "k", jenis, bit)
    hasil = urai_kunci(kunci_publik(kunci))
    assert isinstance(hasil, KunciSsh)
    sidik = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", str(kunci) + ".pub"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[1]
    assert hasil.sidik == sidik
    assert hasil.catatan == "k@uji"
    assert "\n" not in hasil.teks and hasil.teks.count(" ") == 1


def test_rsa_below_3072_bits_is_refused(tmp_path: Path) -> None:
    hasil = urai_kunci(kunci_publik(buat_kunci_ssh(tmp_path, "k", "rsa", 2048)))
    assert isinstance(hasil, str) and "2048 bit" in hasil and "3072" in hasil


def _ed25519(tmp_path: Path) -> str:
    return kunci_publik(buat_kunci_ssh(tmp_path, "k"))


@pytest.mark.parametrize(
    ("ubah", "kata"),
    [
        (lambda k: k.split()[1], "bukan kunci publik SSH"),
        (lambda k: "ssh-dss " + k.split(" ", 1)[1], "tidak diterima"),
        (lambda k: k.replace("AAAA", "AA!A", 1), "base64"),
        (lambda k: k.split()[0] + " " + k.split()[1][:-7] + " x", "base64"),
        (
            lambda k: "ecdsa-sha2-nistp256 " + k.split(" ", 1)[1],
            "bukan kunci ecdsa-sha2-nistp256",
        ),
        (
            lambda k: (
                k.split()[0]
                + " "
                + base64.b64encode(base64.b64decode(k.split()[1]) + b"\0").decode()
            ),
            "berlebih",
        ),
        (
            lambda k: (
                k.split()[0] + " " + base64.b64encode(base64.b64decode(k.split()[1])[:-4]).decode()
            ),
            "terpotong",
        ),
        (lambda k: "-----BEGIN OPENSSH PRIVATE KEY-----", "kunci privat"),
        (lambda k: k + "\nssh-ed25519 AAAA", "bukan kunci publik SSH"),
    ],
    ids=[
        "tanpa-jenis",
        "dsa",
        "bukan-base64",
        "base64-terpotong",
        "jenis-tertukar",
        "bita-berlebih",
        "isi-terpotong",
        "kunci-privat",
        "dua-baris",
    ],
)
def test_mangled_keys_are_refused_with_advice(
    tmp_path: Path, ubah: Callable[[str], str], kata: str
) -> None:
    teks = ubah(_ed25519(tmp_path))
    hasil = urai_kunci(teks)
    assert isinstance(hasil, str), teks
    assert kata in hasil


def _validasi(root: Path) -> tuple[int, str]:
    hasil = capkin(root, "validate")
    return hasil.exit_code, hasil.output


def _sisip_kunci(root: Path, pejabat: str, kunci: list[str]) -> None:
    path = root / INSTANSI
    teks = path.read_text(encoding="utf-8")
    penanda = f"  - id: {pejabat}\n"
    assert teks.count(penanda) == 1
    daftar = "".join(f"      - {k}\n" for k in kunci)
    path.write_text(teks.replace(penanda, f"{penanda}    kunci_ssh:\n{daftar}"), encoding="utf-8")


def test_valid_keys_pass_validate(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path / "d")
    _sisip_kunci(root, "panewu", [_ed25519(tmp_path / "a")])
    _sisip_kunci(root, "kasubbag-kpe", [kunci_publik(buat_kunci_ssh(tmp_path, "r", "rsa", 3072))])
    kode, keluaran = _validasi(root)
    assert kode == 0, keluaran


def test_bad_key_is_located_in_instansi(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path / "d")
    _sisip_kunci(root, "panewu", ["ssh-ed25519 bukan-kunci"])
    kode, keluaran = _validasi(root)
    assert kode == 1
    baris = (
        (root / INSTANSI)
        .read_text(encoding="utf-8")
        .splitlines()
        .index("      - ssh-ed25519 bukan-kunci")
    )
    assert f"{INSTANSI}:{baris + 1}:9: galat: pejabat[0].kunci_ssh[0]: isi kunci bukan base64" in (
        keluaran
    )


def test_one_key_for_two_officials_is_an_error(tmp_path: Path) -> None:
    root = tulis_data_lengkap(tmp_path / "d")
    kunci = _ed25519(tmp_path / "a")
    _sisip_kunci(root, "panewu", [kunci])
    _sisip_kunci(root, "kasubbag-kpe", [kunci.rsplit(" ", 1)[0] + " catatan-lain"])
    kode, keluaran = _validasi(root)
    assert kode == 1
    assert "kunci-ssh-ganda" in keluaran or "sudah tercantum untuk pejabat 'panewu'" in keluaran
    assert "sudah tercantum untuk pejabat 'panewu'" in keluaran
