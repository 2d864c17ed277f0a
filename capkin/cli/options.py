"""The command group, its error handling and the options every command shares."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from capkin import __version__
from capkin.cli.indonesian import dalam_bahasa_indonesia
from capkin.errors import CapkinError, DataError, Masalah, Tingkat
from capkin.models.base import TANGGAL_AKHIR, TANGGAL_AWAL

if TYPE_CHECKING:
    from capkin.dataset import Dataset

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _tangani_galat(fn: F) -> F:
    """Turn CapkinErrors into messages and exit codes; no traceback for bad data."""

    @wraps(fn)
    def bungkus(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DataError as exc:
            for m in exc.masalah:
                click.echo(str(m), err=True)
            galat = sum(1 for m in exc.masalah if m.tingkat is Tingkat.GALAT)
            click.echo(f"Gagal: {galat} galat. Perbaiki data di atas lalu jalankan lagi.", err=True)
            sys.exit(exc.exit_code)
        except CapkinError as exc:
            click.echo(f"galat: {exc}", err=True)
            sys.exit(exc.exit_code)

    return bungkus  # type: ignore[return-value]


class Grup(click.Group):
    """The command group; every command's errors are handled the same way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the CLI with Click's own messages in Bahasa Indonesia."""
        global _PROSES_SENDIRI
        # no arguments given: the command line of this process (`capkin ...`, `python -m
        # capkin`), not a caller in a longer-lived process (Click's test runner)
        _PROSES_SENDIRI = not args and kwargs.get("args") is None
        with dalam_bahasa_indonesia():
            return super().main(*args, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.callback is not None:
            cmd.callback = _tangani_galat(cmd.callback)
        cmd.options_metavar = "[OPSI]"
        super().add_command(cmd, name)


@click.group(cls=Grup, context_settings=CONTEXT_SETTINGS)
@click.version_option(
    __version__,
    "-V",
    "--version",
    message="capkin %(version)s",
    help="Tampilkan versi capkin lalu keluar.",
)
@click.option(
    "-C",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Jalankan seolah-olah di FOLDER (seperti git -C).",
)
@click.pass_context
def main(ctx: click.Context, folder: Path) -> None:
    """capkin: Pengumpulan Data Capaian Kinerja sebagai kode.

    Data target, realisasi dan tanda tangan langkah SOP disimpan sebagai berkas YAML
    di folder data/. Jalankan perintah di folder repo (yang berisi data/), atau pakai -C.

    \b
    Contoh:
      capkin validate
      capkin -C ../repo-kapanewon validate --strict
    """
    # a regency's data and register are millions of small acyclic objects: at the default
    # thresholds the cyclic GC rescans them again and again (a third of a warm validate)
    gc.set_threshold(100_000, 50, 100)
    ctx.ensure_object(dict)
    ctx.obj["root"] = folder


class _Tanggal(click.DateTime):
    """A YYYY-MM-DD option within the range the data format accepts (1900–2100)."""

    name = "tanggal"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        hasil = super().convert(value, param, ctx)
        if not TANGGAL_AWAL <= hasil.date() <= TANGGAL_AKHIR:
            self.fail(f"{value} di luar jangkauan 1900-01-01 sampai 2100-12-31", param, ctx)
        return hasil


TANGGAL = _Tanggal()


def root_dari(ctx: click.Context) -> Path:
    """Return the repo folder given with -C (default: the current folder)."""
    root: Path = ctx.find_root().obj["root"]
    return root


_PROSES_SENDIRI = False
"""Whether the command group runs as this process's command line (`Grup.main`)."""


def tanpa_gc() -> None:
    """Turn the cyclic GC off for the rest of a short command that loads a whole tree.

    Loading and checking a regency makes millions of acyclic objects that live until the
    process ends; even at `main`'s thresholds the GC's passes over them (and the one at
    exit) cost an eighth of a warm `validate` or `compute`, and the few cycles they make
    (exceptions of invalid files) go with the process. Only when capkin is the process:
    a caller running the CLI in its own process keeps its GC. Long commands (build, rekap)
    keep the GC.
    """
    if _PROSES_SENDIRI:
        gc.disable()


def catat_peringatan(peringatan: list[Masalah]) -> None:
    """Say on stderr how many warnings the data has."""
    if peringatan:
        click.echo(
            f"catatan: data memiliki {len(peringatan)} peringatan; lihat 'capkin validate'",
            err=True,
        )


def muat_untuk_hitung(ctx: click.Context) -> Dataset:
    """Load a valid data tree; say on stderr how many warnings it has."""
    from capkin.validation import muat_valid

    ds, peringatan = muat_valid(root_dari(ctx))
    catat_peringatan(peringatan)
    return ds


def ringkasan_masalah(masalah: list[Masalah]) -> str:
    """Return "N galat, M peringatan" for a list of problems."""
    galat = sum(1 for m in masalah if m.tingkat is Tingkat.GALAT)
    peringatan = len(masalah) - galat
    return f"{galat} galat, {peringatan} peringatan"


def opsi_tahun(bantuan: str = "Tahun (bawaan: tahun terakhir).") -> Callable[[F], F]:
    """Declare the shared `--tahun` option."""
    return click.option(
        "--tahun", type=click.IntRange(1900, 2100), default=None, metavar="TAHUN", help=bantuan
    )


class PilihanPeriode(click.Choice):  # type: ignore[type-arg]
    """A case-insensitive choice whose error lists the periods as written: TW2, not tw2."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        """Return the invalid-choice message with the choices in their own spelling."""
        pilihan = ", ".join(repr(str(c)) for c in self.choices)
        return f"{value!r} bukan pilihan yang sah; pilih salah satu dari {pilihan}."


def opsi_periode(bantuan: str, *, wajib: bool = False, tahunan: bool = False) -> Callable[[F], F]:
    """Declare the shared `--periode` option: TW1–TW4, and `tahunan` where it makes sense."""
    pilihan = ["TW1", "TW2", "TW3", "TW4", *(["tahunan"] if tahunan else [])]
    return click.option(
        "--periode",
        type=PilihanPeriode(pilihan, case_sensitive=False),
        required=wajib,
        default=None,
        metavar="|".join(pilihan),
        help=bantuan,
    )


def opsi_format(bantuan: str, *pilihan: str) -> Callable[[F], F]:
    """Declare the shared `--format` option; the first choice is the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(pilihan)),
        default=pilihan[0],
        show_default=True,
        help=bantuan,
    )


def opsi_unit(bantuan: str, *, wajib: bool = False, berulang: bool = False) -> Callable[[F], F]:
    """Declare the shared `--unit` option: a unit id of data/instansi.yml (repeatable if asked)."""
    return click.option(
        "--unit",
        metavar="ID",
        required=wajib,
        multiple=berulang,
        default=() if berulang else None,
        help=bantuan,
    )


def opsi_tanggal(bantuan: str) -> Callable[[F], F]:
    """Declare the shared `--tanggal` option: a date YYYY-MM-DD within 1900–2100, or None."""
    return click.option("--tanggal", type=TANGGAL, default=None, help=bantuan)


def opsi_out(bantuan: str, bawaan: Path | None = None) -> Callable[[F], F]:
    """Declare the shared `--out` option: the folder a command writes into."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=bawaan,
        show_default=bawaan is not None,
        help=bantuan,
    )


PILIHAN_PDF = ("semua", "terakhir", "tidak")
"""The values of `capkin.site.PilihanPdf`, written out so the CLI loads without the site."""


def opsi_pdf(bantuan: str) -> Callable[[F], F]:
    """Declare the shared `--pdf semua|terakhir|tidak` choice (default semua).

    The flags it replaces still work, hidden from --help: `--no-pdf` (= tidak),
    `--pdf-semua` and `--pdf-terakhir`. The command receives `pdf` as one of PILIHAN_PDF.
    """

    def pasang(fn: F) -> F:
        @wraps(fn)
        def bungkus(
            *args: Any, pdf: str, no_pdf: bool, pdf_lama: bool | None, **kwargs: Any
        ) -> Any:
            if no_pdf:
                pdf = "tidak"
            elif pdf_lama is not None:
                pdf = "semua" if pdf_lama else "terakhir"
            return fn(*args, pdf=pdf, **kwargs)

        opsi = [
            click.option(
                "--pdf",
                type=click.Choice(PILIHAN_PDF),
                default="semua",
                show_default=True,
                help=bantuan,
            ),
            click.option("--no-pdf", is_flag=True, hidden=True, help="Sama dengan --pdf tidak."),
            click.option("--pdf-semua/--pdf-terakhir", "pdf_lama", default=None, hidden=True),
        ]
        hasil: Any = bungkus
        for o in reversed(opsi):
            hasil = o(hasil)
        return hasil  # type: ignore[no-any-return]

    return pasang


OPSI_PORT = click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port di 127.0.0.1.",
)
"""The shared `--port` option of the commands that serve a site."""


def _pasang_dasar(ctx: click.Context, param: click.Parameter, nilai: str | None) -> None:
    """Make `--dasar REF` the main line's base for this command (as `$CAPKIN_DASAR` would).

    The environment variable is what every history check reads (`capkin.history.basis`) and
    what the result caches are keyed by; it is restored when the command ends.
    """
    if nilai is None:
        return
    nilai = nilai.strip()
    if not nilai or nilai.startswith("-"):
        raise click.BadParameter(
            f"{nilai!r} bukan revisi git; tulis cabang atau commit dasar, mis. origin/main",
            ctx,
            param,
        )
    from capkin.history.basis import ENV_DASAR, dasar_ada

    alasan = dasar_ada(root_dari(ctx), nilai)
    if alasan is not None:
        raise click.BadParameter(alasan, ctx, param)
    semula = os.environ.get(ENV_DASAR)
    os.environ[ENV_DASAR] = nilai

    def pulihkan() -> None:
        if semula is None:
            os.environ.pop(ENV_DASAR, None)
        else:
            os.environ[ENV_DASAR] = semula

    ctx.call_on_close(pulihkan)


OPSI_DASAR = click.option(
    "--dasar",
    metavar="REF",
    default=None,
    expose_value=False,
    callback=_pasang_dasar,
    help=(
        "Revisi git garis utama tempat perubahan ini bercabang, mis. origin/main: semua commit "
        "sesudahnya dihitung sebagai satu perubahan (kunci, identitas dan peran yang baru "
        "ditambahkan di cabang tidak berlaku untuk tanda tangan di cabang itu). Bawaan: "
        "$CAPKIN_DASAR, lalu origin/$GITHUB_BASE_REF di GitHub Actions."
    ),
)
"""The shared `--dasar REF` option of the commands that check the history against a base."""
