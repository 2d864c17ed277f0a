"""A pull request cannot add an identity to an official and sign in their name at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import (
    LANGKAH_TW1,
    PEJABAT_UJI,
    SIKLUS_TW1,
    RepoUji,
    gabung,
    instansi_yml,
    repo_minimal,
    siklus_yml,
    tandatangani,
)

from capkin.dataset import muat_dataset
from capkin.history import periksa_integritas, verifikasi_langkah
from capkin.models.base import Periode

SIKLUS = SIKLUS_TW1
LANGKAH = LANGKAH_TW1


pytestmark = pytest.mark.usefixtures("git_terisolasi")


def _sampai_langkah_5(root: Path) -> RepoUji:
    repo = repo_minimal(root)
    tandatangani(repo, 5)
    return repo


def _instansi_dengan_mallory() -> str:
    pejabat = dict(PEJABAT_UJI)
    nama, peran, unit, _ = pejabat["panewu"]
    pejabat["panewu"] = (nama, peran, unit, "mallory@luar.example")
    return instansi_yml(pejabat)


def test_identity_added_in_the_same_pull_request_does_not_verify(tmp_path: Path) -> None:
    repo = _sampai_langkah_5(tmp_path)
    repo.git("checkout", "-q", "-b", "pengesahan")
    repo.commit(
        "Perbarui identitas",
        {"data/instansi.yml": _instansi_dengan_mallory()},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    repo.commit(
        "Langkah 6",
        {SIKLUS: siklus_yml("TW1", LANGKAH)},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    repo.git("checkout", "-q", "main")
    gabung(repo, "pengesahan", "Merge pull request #4 from pengesahan", oleh="panewu")
    ds, _ = muat_dataset(tmp_path)
    v = verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 6)]
    assert not v.terverifikasi and v.identitas_baru
    [m] = [
        m for m in periksa_integritas(ds, tmp_path) if m.kode == "tanda-tangan-tidak-terverifikasi"
    ]
    assert "baru ditambahkan ke identitas_git pejabat panewu dalam perubahan yang sama" in m.pesan


def test_identity_added_in_one_commit_with_the_sign_off_does_not_verify(tmp_path: Path) -> None:
    repo = _sampai_langkah_5(tmp_path)
    repo.commit(
        "Identitas dan langkah 6",
        {"data/instansi.yml": _instansi_dengan_mallory(), SIKLUS: siklus_yml("TW1", LANGKAH)},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    ds, _ = muat_dataset(tmp_path)
    assert not verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 6)].terverifikasi


def test_identity_approved_on_main_first_then_used_verifies(tmp_path: Path) -> None:
    repo = _sampai_langkah_5(tmp_path)
    repo.commit(
        "Identitas baru Panewu", {"data/instansi.yml": _instansi_dengan_mallory()}, oleh="panewu"
    )
    repo.commit(
        "Langkah 6",
        {SIKLUS: siklus_yml("TW1", LANGKAH)},
        oleh="Mallory",
        email="mallory@luar.example",
    )
    ds, _ = muat_dataset(tmp_path)
    v = verifikasi_langkah(ds, tmp_path)[(2025, Periode.TW1, 6)]
    assert v.terverifikasi and not v.identitas_baru
