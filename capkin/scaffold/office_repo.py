"""`capkin init`: a ready data repository for another office, committed on branch main."""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

from capkin import __version__
from capkin.clock import hari_ini as hari_ini_kantor
from capkin.errors import CapkinError, UsageError
from capkin.gitcmd import git_teks as git
from capkin.history.signatures import BERKAS_WEBFLOW, unduh_kunci_webflow
from capkin.scaffold import alur_kerja, panduan_markdown, teks_templat
from capkin.scaffold.realisasi_file import skalar
from capkin.yaml_writer import tulis_atomik

IDENTITAS_CADANGAN = ("capkin", "capkin@localhost")
"""Commit identity used when git has no user configured."""

_PEMIMPIN_DAERAH = (
    ("Pemerintah Kabupaten ", "Bupati "),
    ("Pemerintah Kota ", "Wali Kota "),
    ("Pemkab ", "Bupati "),
    ("Pemkot ", "Wali Kota "),
)


@dataclass(frozen=True)
class HasilInit:
    """What `init` made: the folder, its files and whether git's identity was a fallback."""

    root: Path
    berkas: tuple[str, ...]
    commit: str
    identitas_cadangan: bool
    kunci_webflow: str | None = None
    """Why GitHub's web-flow key could not be fetched; None when it was (and checked)."""


def pihak_kedua(induk: str | None) -> str:
    """Return who the Panewu signs the PK with: the regent or mayor of the parent government."""
    for awalan, jabatan in _PEMIMPIN_DAERAH:
        if induk and induk.startswith(awalan):
            return jabatan + induk[len(awalan) :]
    return "Bupati"


def sumber_capkin() -> str | None:
    """Return capkin's source repository URL from its package metadata, if it declares one."""
    try:
        urls: list[str] = importlib.metadata.metadata("capkin").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for entri in urls:
        label, _, url = entri.partition(",")
        if label.strip().lower() in {"source", "repository", "homepage"} and url.strip():
            return url.strip()
    return None


def persyaratan(sumber: str | None) -> str:
    pasang = f"capkin @ git+{sumber}@v{__version__}" if sumber else f"capkin=={__version__}"
    return (
        "# Versi capkin yang dipakai alur kerja GitHub Actions repo ini.\n"
        "# Naikkan versinya (lewat pull request) untuk memakai capkin yang lebih baru.\n"
        f"{pasang}\n"
    )


def _pre_commit(sumber: str | None) -> str:
    kepala = "# Periksa data sebelum commit: pip install pre-commit && pre-commit install\n"
    if sumber:
        return (
            f"{kepala}repos:\n  - repo: {sumber}\n    rev: v{__version__}\n"
            "    hooks:\n      - id: capkin-validate\n"
        )
    # Without a known source repository, run the capkin installed from requirements.txt.
    return (
        f"{kepala}repos:\n  - repo: local\n    hooks:\n      - id: capkin-validate\n"
        "        name: capkin validate\n        entry: capkin validate --strict\n"
        "        language: system\n        pass_filenames: false\n        files: ^data/\n"
    )


_SLEMAN = "Kabupaten Sleman"
"""The regency of the sample SOP (08/SOP/2023 of Kapanewon Gamping)."""


def _sop(induk: str | None) -> str:
    """Return sop.yml for an office: step 6 goes to its own regency's Inspektorat.

    Sleman's Perbup on Kapanewon is cited only by a Sleman office.
    """
    teks = teks_templat("sop.yml")
    daerah = (induk or "").strip().removeprefix("Pemerintah ").strip()
    if daerah == _SLEMAN:
        return teks
    teks = teks.replace(f"Inspektorat {_SLEMAN}", f"Inspektorat {daerah}".rstrip())
    return "".join(b for b in teks.splitlines(keepends=True) if "Bupati Sleman" not in b)


def isi_repo(nama: str, induk: str | None, tahun: int, tanggal: date) -> dict[str, str]:
    """Return every text file of a new office's repository, by repo-relative path."""
    sumber = sumber_capkin()
    nilai = {
        "nama": skalar(nama),
        "induk": skalar(induk) if induk else "null",
        "tahun": str(tahun),
        "tanggal": tanggal.isoformat(),
        "pihak_kedua": skalar(pihak_kedua(induk)),
    }
    isi = {
        "data/instansi.yml": Template(teks_templat("instansi.yml")).substitute(nilai),
        "data/sop.yml": _sop(induk),
        f"data/{tahun}/perjanjian-kinerja.yml": Template(
            teks_templat("perjanjian-kinerja.yml")
        ).substitute(nilai),
        "mkdocs.yml": Template(teks_templat("mkdocs.yml")).substitute(
            nilai | {"nama": skalar(f"Capaian Kinerja {nama}")}
        ),
        ".gitignore": teks_templat("gitignore"),
        ".pre-commit-config.yaml": _pre_commit(sumber),
        "requirements.txt": persyaratan(sumber),
        "PANDUAN.md": panduan_markdown(),
        "README.md": Template(teks_templat("README.md")).substitute(nilai | {"nama": nama}),
        ".github/zizmor.yml": teks_templat("zizmor.yml"),
    }
    isi.update(alur_kerja("pip install -r requirements.txt"))
    return isi


def commit_pertama(root: Path, pesan: str) -> tuple[str, bool]:
    """Run `git init -b main` and commit everything; return the commit id and the fallback flag."""
    for args in (("init", "-q", "-b", "main"), ("add", "-A")):
        hasil = git(root, *args)
        if hasil.returncode != 0:
            raise CapkinError(f"'git {args[0]}' gagal di {root}: {hasil.stderr.strip()}")
    # an identity from git config or GIT_AUTHOR_*/GIT_COMMITTER_*, never one guessed from the host
    ada_identitas = all(
        git(root, "-c", "user.useConfigOnly=true", "var", f"GIT_{siapa}_IDENT").returncode == 0
        for siapa in ("AUTHOR", "COMMITTER")
    )
    cadangan: tuple[str, ...] = ()
    if not ada_identitas:
        nama, email = IDENTITAS_CADANGAN
        cadangan = ("-c", f"user.name={nama}", "-c", f"user.email={email}")
    hasil = git(root, *cadangan, "commit", "-q", "-m", pesan)
    if hasil.returncode != 0:
        raise CapkinError(
            f"berkas sudah ditulis di {root}, tetapi commit pertama gagal: "
            f"{hasil.stderr.strip()}; periksa pengaturan git lalu jalankan 'git commit' sendiri"
        )
    return git(root, "rev-parse", "HEAD").stdout.strip(), not ada_identitas


def buat_repo(
    root: Path, nama: str, induk: str | None = None, tanggal: date | None = None
) -> HasilInit:
    """Write a new office's data repository into an empty folder and make its first commit."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(
            f"folder {root} sudah ada dan tidak kosong; capkin init hanya menulis ke folder "
            "baru atau kosong agar tidak menimpa apa pun"
        )
    if not nama.strip():
        raise UsageError("--nama tidak boleh kosong; tulis nama kantor, mis. 'Kapanewon Depok'")
    # the office's date (the zone instansi.yml is written with), not the machine's
    hari_ini = tanggal or hari_ini_kantor(None)
    isi = isi_repo(nama.strip(), induk.strip() if induk else None, hari_ini.year, hari_ini)
    root.mkdir(parents=True, exist_ok=True)
    for berkas, teks in isi.items():
        tulis_atomik(root / berkas, teks)
    from capkin.schema import tulis_skema

    ditulis = [p.relative_to(root).as_posix() for p in tulis_skema(root)]
    # GitHub's web-flow key verifies sign-offs made in the web editor; pinned fingerprints
    # are checked before it is written
    alasan = unduh_kunci_webflow(root / BERKAS_WEBFLOW)
    if alasan is None:
        ditulis.append(BERKAS_WEBFLOW)
    commit, cadangan = commit_pertama(
        root, f"Repo data capaian kinerja {nama.strip()} (capkin init)"
    )
    return HasilInit(root, tuple(sorted([*isi, *ditulis])), commit, cadangan, alasan)
