"""Fetch the offices' `api/v1/`: over HTTP(S), from a folder holding a built site, or a git repo.

Every document is validated against the API's models before it is used. A source that
cannot be fetched or is invalid does not stop the roll-up: it comes back with the reason,
in Bahasa Indonesia, and the rekap lists it as "tidak dapat diambil".

HTTP: only http/https (redirects too), a time limit per document that also bounds a slow
trickle of bytes, a size limit, and conditional requests (ETag / Last-Modified) against a
cache under the rekap's git directory (`capkin.cachedir`).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from capkin import __version__, api
from capkin.cachedir import baca_entri, tulis_entri
from capkin.errors import CapkinError, ribuan
from capkin.layout import API_INDEKS, FOLDER_API
from capkin.rekap.config import Kantor, Rekap
from capkin.rekap.documents import GagalAmbil, validasi_indeks, validasi_periode
from capkin.rekap.folder_source import FolderApi
from capkin.rekap.office_names import sidik_angka
from capkin.rekap.table_rows import AKHIRAN_BARIS, KolomRekap, tabel_kantor

BLOK = 64 * 1024
MAKS_PENGALIHAN = 5


@dataclass(frozen=True)
class Batas:
    """Limits of one document fetch."""

    detik: float = 15.0
    byte: int = 5 * 1024 * 1024
    repo_mb: float = 500.0
    """Packed size limit of an office repository cloned from an address."""

    @property
    def kantor(self) -> float:
        """Return the time one office may take in all (its index and every period)."""
        return self.detik * 20

    @property
    def byte_kantor(self) -> int:
        """Return the bytes one office's documents may hold in all."""
        return self.byte * 10


@dataclass
class HasilAmbil:
    """One office's API as fetched, or why it could not be."""

    kantor: Kantor
    indeks: api.Indeks | None = None
    periode: list[Any] = field(default_factory=list)
    """The period documents: `api.Periode` or their `api_structs` form (same attributes)."""
    alasan: str | None = None
    url_situs: str | None = None
    """The office site's address, for links (None for a folder or a repository)."""
    dari_cache: int = 0
    jumlah_periode: int = 0
    """How many periods it published, kept after `lepas` drops the documents."""
    instansi: str | None = None
    """The name the site gives itself (its index's `instansi.nama`), kept by `lepas`."""
    sidik: str | None = None
    """A digest of the figures it published (`sidik_angka`), kept by `lepas`: two entries
    with one name and one digest are one site listed twice."""

    def lepas(self) -> None:
        """Drop the period documents once they are in the tables (memory at national scale:
        the links are in the tables too, as columns `halaman` and `pdf`)."""
        if self.indeks is not None:
            self.instansi = self.indeks.instansi.nama
            self.sidik = sidik_angka(self.periode)
        self.jumlah_periode = len(self.periode)
        self.periode = []
        self.indeks = None

    @property
    def berhasil(self) -> bool:
        """Return whether the office's API was fetched and valid."""
        return self.alasan is None


# --- HTTP ------------------------------------------------------------------------------------


class _Pengalihan(urllib.request.HTTPRedirectHandler):
    """Follow at most a few redirects, and only to http/https."""

    max_redirections = MAKS_PENGALIHAN

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if urllib.parse.urlsplit(newurl).scheme not in {"http", "https"}:
            raise GagalAmbil(f"dialihkan ke alamat yang bukan http/https ({newurl[:100]})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_PEMBUKA = urllib.request.build_opener(_Pengalihan)


class CacheHttp:
    """Cached bodies with their ETag / Last-Modified, keyed by URL.

    Each entry is one `capkin.cachedir` entry (written atomically, digest-checked on read):
    a JSON line with the URL and its validators, then the body. A damaged or altered entry
    is not used (and removed); the document is then fetched again in full.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @property
    def folder_git(self) -> Path:
        """Return where clones of the offices' repositories are kept (beside this cache)."""
        if self.folder is None:
            raise GagalAmbil("sumber git dari sebuah alamat memerlukan folder cache rekap")
        return self.folder.parent / "rekap-git"

    @staticmethod
    def _nama(url: str) -> str:
        return hashlib.sha256(url.encode("utf-8")).hexdigest()

    def baca(self, url: str) -> tuple[dict[str, str], bytes] | None:
        """Return the cached headers and body of a URL, if any and intact."""
        if self.folder is None:
            return None
        data = baca_entri(self.folder, self._nama(url))
        if data is None:
            return None
        kepala, _, isi = data.partition(b"\n")
        try:
            meta = json.loads(kepala)
        except ValueError:
            return None
        if not isinstance(meta, dict) or meta.get("url") != url:
            return None
        return {k: v for k, v in meta.items() if isinstance(v, str) and k != "url"}, isi

    def simpan(self, url: str, kepala: dict[str, str], isi: bytes) -> None:
        """Store a body and its validators (nothing when the server sent none)."""
        if self.folder is None or not kepala:
            return
        meta = json.dumps({"url": url, **kepala}, ensure_ascii=True).encode("ascii")
        tulis_entri(self.folder, self._nama(url), meta + b"\n" + isi)


def _baca_terbatas(resp: Any, batas: Batas, mulai: float) -> bytes:
    panjang = resp.headers.get("Content-Length")
    if panjang is not None and panjang.isdigit() and (n := int(panjang)) > batas.byte:
        raise GagalAmbil(f"berkas terlalu besar ({ribuan(n)} byte; batas {ribuan(batas.byte)})")
    potongan: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() - mulai > batas.detik:
            raise GagalAmbil(f"waktu habis (lebih dari {batas.detik:g} detik)")
        blok = resp.read(BLOK)
        if not blok:
            return b"".join(potongan)
        total += len(blok)
        if total > batas.byte:
            raise GagalAmbil(f"berkas terlalu besar (lebih dari {ribuan(batas.byte)} byte)")
        potongan.append(blok)


def _sebab_jaringan(alasan: object) -> str:
    """Return why a connection failed in Bahasa Indonesia (the OS's words are English)."""
    import socket
    import ssl

    if isinstance(alasan, ConnectionRefusedError):
        return "koneksi ditolak: tidak ada server di alamat itu"
    if isinstance(alasan, socket.gaierror):
        return "nama host tidak ditemukan"
    if isinstance(alasan, ssl.SSLCertVerificationError):
        return "sertifikat TLS situs itu tidak sah"
    if isinstance(alasan, ssl.SSLError):
        return "gagal membuka koneksi TLS"
    if isinstance(alasan, ConnectionResetError | ConnectionAbortedError):
        return "koneksi diputus oleh server"
    if isinstance(alasan, OSError):
        return f"galat jaringan {alasan.__class__.__name__}"
    return str(alasan)[:200]


def ambil_http(url: str, batas: Batas, cache: CacheHttp) -> tuple[bytes, bool]:
    """Return a URL's body and whether it came from the cache (304 Not Modified)."""
    lama = cache.baca(url)
    kepala = {"User-Agent": f"capkin/{__version__} (rekap)", "Accept": "application/json"}
    if lama is not None:
        if "etag" in lama[0]:
            kepala["If-None-Match"] = lama[0]["etag"]
        if "last-modified" in lama[0]:
            kepala["If-Modified-Since"] = lama[0]["last-modified"]
    mulai = time.monotonic()
    try:
        permintaan = urllib.request.Request(url, headers=kepala)  # noqa: S310 - http(s) only
        with _PEMBUKA.open(permintaan, timeout=batas.detik) as r:
            isi = _baca_terbatas(r, batas, mulai)
            baru = {
                k.lower(): v
                for k in ("ETag", "Last-Modified")
                if (v := r.headers.get(k)) is not None
            }
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and lama is not None:
            return lama[1], True
        raise GagalAmbil(
            f"server menjawab HTTP {exc.code} untuk {url}; periksa alamat 'sumber' kantor ini "
            "dan apakah situsnya sudah dibangun dengan api/v1/"
        ) from None
    except urllib.error.URLError as exc:
        alasan = exc.reason
        if isinstance(alasan, TimeoutError):
            raise GagalAmbil(f"waktu habis (lebih dari {batas.detik:g} detik)") from None
        raise GagalAmbil(
            f"tidak dapat terhubung ke {url} ({_sebab_jaringan(alasan)}); periksa alamat "
            "'sumber' kantor ini dan apakah situsnya sedang aktif"
        ) from None
    except TimeoutError:
        raise GagalAmbil(f"waktu habis (lebih dari {batas.detik:g} detik)") from None
    except http.client.HTTPException as exc:  # a status line, header or chunk no server sends
        raise GagalAmbil(
            f"server {url} mengirim jawaban HTTP yang rusak ({exc.__class__.__name__}); "
            "periksa alamat 'sumber' kantor ini, atau minta pengelola situsnya memeriksa servernya"
        ) from None
    except (OSError, ValueError) as exc:
        raise GagalAmbil(f"gagal mengambil {url} ({_sebab_jaringan(exc)})") from None
    cache.simpan(url, baru, isi)
    return isi, False


# --- documents -------------------------------------------------------------------------------


def _dari(
    baca: Callable[[str], tuple[bytes, bool]],
    hasil: HasilAmbil,
    batas_kantor: float,
    byte_kantor: int | None = None,
) -> HasilAmbil:
    """Read an index and its period documents; the whole office within `batas_kantor` s and
    `byte_kantor` bytes (each document has its own limit too, but an index may list a
    thousand periods: their documents are held until the office's rows are built)."""
    mulai = time.monotonic()
    isi, cache = baca("index.json")
    hasil.dari_cache += cache
    total = len(isi)
    indeks = validasi_indeks(isi, "api/v1/index.json")
    daftar = []
    for p in indeks.periode:
        if time.monotonic() - mulai > batas_kantor:
            raise GagalAmbil(
                f"waktu habis: {len(indeks.periode)} periode tidak selesai diambil dalam "
                f"{batas_kantor:g} detik"
            )
        jalur = api.jalur_periode(p.tahun, p.periode)
        isi, cache = baca(jalur)
        hasil.dari_cache += cache
        total += len(isi)
        if byte_kantor is not None and total > byte_kantor:
            angka = format(byte_kantor, "_").replace("_", ".")
            raise GagalAmbil(
                f"dokumen API kantor ini ({len(indeks.periode)} periode) bersama-sama lebih dari "
                f"{angka} byte (sepuluh kali pengaturan.ukuran_maks_mb); periksa index.json-nya, "
                "atau naikkan ukuran_maks_mb di rekap.yml bila memang sebesar itu"
            )
        daftar.append(validasi_periode(isi, f"api/v1/{jalur}", p, indeks.jenis))
    hasil.indeks, hasil.periode = indeks, daftar
    return hasil


def jenis_sumber(sumber: str, root: Path) -> tuple[str, str | Path]:
    """Return ("http", url), ("folder", path), ("git", path) or ("remote", url) for a `sumber`."""
    from capkin.rekap.git_remote import alamat_git

    alamat = alamat_git(sumber)
    if alamat is not None:
        return "remote", alamat
    skema = urllib.parse.urlsplit(sumber).scheme
    if skema in {"http", "https"}:
        return "http", sumber if sumber.endswith("/") else sumber + "/"
    if skema and len(skema) > 1:
        raise GagalAmbil(
            f"alamat '{sumber}' tidak didukung; pakai http://, https://, alamat git "
            "(file://, git+https://, https://….git) atau folder"
        )
    try:
        path = (root / sumber).resolve()
        for jenis, tempat, penanda in (
            ("folder", path, API_INDEKS),
            ("git", path, "data/instansi.yml"),
            ("folder", path / "site", API_INDEKS),
        ):
            if (tempat / penanda).exists():  # a FIFO there is the loader's to refuse
                return jenis, tempat
    except (OSError, ValueError) as exc:  # a NUL, a name too long for the file system
        raise GagalAmbil(
            f"folder '{sumber[:100]}' tidak dapat dibuka ({exc.__class__.__name__}); periksa "
            "'sumber' kantor ini di rekap.yml"
        ) from None
    raise GagalAmbil(
        f"folder {sumber} tidak berisi situs yang sudah dibangun (api/v1/index.json) "
        "maupun repositori data kantor (data/instansi.yml)"
    )


def repo_dari_alamat(alamat: str, batas: Batas, folder_git: Path) -> Path:
    """Return the work tree of an office repository cloned or fetched from `alamat`."""
    from capkin.rekap.git_remote import salinan_repo

    return salinan_repo(alamat, folder_git, batas.kantor, batas.repo_mb)


def ambil_kantor(
    kantor: Kantor, root: Path, batas: Batas, cache: CacheHttp, tanggal: date
) -> HasilAmbil:
    """Fetch one office's API; never raises for a bad source."""
    hasil = HasilAmbil(kantor)
    try:
        jenis, tempat = jenis_sumber(kantor.sumber, root)
        if jenis == "http":
            assert isinstance(tempat, str)
            hasil.url_situs = tempat
            dasar = urllib.parse.urljoin(tempat, FOLDER_API + "/")
            return _dari(
                lambda j: ambil_http(dasar + j, batas, cache),
                hasil,
                batas.kantor,
                batas.byte_kantor,
            )
        if jenis == "remote":
            assert isinstance(tempat, str)
            tempat = repo_dari_alamat(tempat, batas, cache.folder_git)
        assert isinstance(tempat, Path)
        if jenis == "folder":
            folder = FolderApi(str(tempat), batas.byte)
            return _dari(lambda j: (folder.baca(j), False), hasil, batas.kantor, batas.byte_kantor)
        from capkin.rekap.git_source import api_repo

        indeks, daftar = api_repo(tempat, tanggal)
        hasil.indeks, hasil.periode = indeks, daftar
        return hasil
    except CapkinError as exc:
        hasil.alasan = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        hasil.indeks, hasil.periode = None, []
        return hasil


# --- one office, end to end (runs in a worker thread or process) ----------------------------

AMBANG_PROSES = 200
"""Offices from local folders above which validation runs in worker processes (CPU-bound)."""


@dataclass
class Olahan:
    """One office processed: its fetch result (documents dropped), its rows, its differences."""

    hasil: HasilAmbil
    kp: Any = None
    ind: Any = None
    selisih: list[Any] = field(default_factory=list)


def olah_kantor(
    kantor: Kantor,
    root: Path,
    batas: Batas,
    cache: Path | None,
    tanggal: date,
    periksa: bool,
    kolom: KolomRekap | None = None,
) -> Olahan:
    """Fetch one office, build its table rows and (with `periksa`) verify it; never raises.

    The rows are added to `kolom` when given (a worker's batch), else they come back in the
    Olahan as the office's own Arrow tables."""
    from capkin.rekap.git_remote import alamat_git
    from capkin.rekap.git_source import Selisih, verifikasi

    h = ambil_kantor(kantor, root, batas, CacheHttp(cache), tanggal)
    o = Olahan(h)
    if kolom is not None:
        kolom.tambah(kantor.id, kantor.nama, h.periode)
    else:
        o.kp, o.ind = tabel_kantor(kantor.id, kantor.nama, h.periode)
    if periksa and kantor.repo is not None and h.berhasil:
        try:
            alamat = alamat_git(kantor.repo)
            repo = (
                (root / kantor.repo).resolve()
                if alamat is None
                else repo_dari_alamat(alamat, batas, CacheHttp(cache).folder_git)
            )
            o.selisih = list(verifikasi(kantor.id, repo, h.periode))
        except (CapkinError, OSError) as exc:  # one repository never stops the rest
            alasan = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            o.selisih = [Selisih(kantor.id, None, "", f"verifikasi gagal: {alasan}")]
    h.lepas()
    return o


def olah_lote(
    lote: list[Kantor],
    root: Path,
    batas: Batas,
    cache: Path | None,
    tanggal: date,
    periksa: bool,
    folder_baris: Path,
    nomor: int,
) -> list[Olahan]:
    """Process a batch of offices in a worker process; their rows go to Arrow files.

    Sending every office's Arrow tables back to the parent cost as much CPU as validating
    the documents (pickled twice, once each side); the parent reads these files instead
    (`TabelRekap.muat_folder`), and the Olahan come back without tables. Arrow IPC files,
    not Parquet: written at a fifth of the cost and read by memory map.
    """
    import pyarrow as pa

    kolom = KolomRekap()
    olahan = [olah_kantor(k, root, batas, cache, tanggal, periksa, kolom) for k in lote]
    for nama, tabel in zip(("kantor_periode", "indikator"), kolom.tabel(), strict=True):
        tujuan = folder_baris / f"{nama}-{nomor:06d}{AKHIRAN_BARIS}"
        sementara = tujuan.with_suffix(".tmp")
        with pa.OSFile(str(sementara), "wb") as f, pa.ipc.new_file(f, tabel.schema) as w:
            w.write_table(tabel)
        os.replace(sementara, tujuan)  # the parent loads complete files only
    return olahan


def _lokal(kantor: Kantor) -> bool:
    return urllib.parse.urlsplit(kantor.sumber).scheme == ""


LOTE = 50
"""Offices per task of a worker process."""


def olah_semua(
    rekap: Rekap,
    root: Path,
    *,
    cache: Path | None,
    tanggal: date,
    periksa: bool = False,
    pekerja: int = 8,
    folder_baris: Path | None = None,
) -> Iterator[Olahan]:
    """Yield every office processed, in `rekap.yml`'s order.

    Web sources are fetched by threads (they wait on the network); many local folders are
    validated by one process per CPU (they wait on the CPU, and the GIL serialises threads).
    Those processes write the rows as Parquet files into `folder_baris` (the Olahan they
    yield have no tables); without a `folder_baris` every office goes through threads.
    """
    batas = Batas(
        detik=float(rekap.pengaturan.batas_waktu_detik),
        byte=int(rekap.pengaturan.ukuran_maks_mb * 1024 * 1024),
        repo_mb=float(rekap.pengaturan.ukuran_maks_repo_mb),
    )
    args = (root, batas, cache, tanggal, periksa)
    lokal = sum(1 for k in rekap.kantor if _lokal(k))
    cpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if folder_baris is not None and lokal >= AMBANG_PROSES and cpu > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        semua = list(rekap.kantor)
        lote = [semua[i : i + LOTE] for i in range(0, len(semua), LOTE)]
        konteks = multiprocessing.get_context("spawn")  # no fork of a threaded parent
        with ProcessPoolExecutor(max_workers=cpu, mp_context=konteks) as ex:
            for hasil in ex.map(
                olah_lote,
                lote,
                *([a] * len(lote) for a in (*args, folder_baris)),
                range(len(lote)),
            ):
                yield from hasil
        return
    with ThreadPoolExecutor(max_workers=max(1, pekerja)) as ex:
        yield from ex.map(lambda k: olah_kantor(k, *args), rekap.kantor)
