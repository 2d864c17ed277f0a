"""The Jinja2 environment for site pages: template lookup, escaping, Indonesian formatting."""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Iterator, MutableMapping
from datetime import date, datetime, tzinfo
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    meta,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from capkin.achievement import format_angka, format_nilai, format_persen
from capkin.achievement.terminal_table import format_rupiah, teks_efisiensi
from capkin.clock import format_tanggal
from capkin.errors import CapkinError
from capkin.history import uraikan
from capkin.history.text import label_zona
from capkin.models.base import TAHUNAN, Periode
from capkin.models.perjanjian_kinerja_model import Rentang
from capkin.render.markers import sisip

FOLDER_TEMPLAT = "site_templates"
"""A repo's own templates folder; its files override the packaged ones, file by file."""

NAMA_PERIODE = {
    "TW1": "Triwulan I",
    "TW2": "Triwulan II",
    "TW3": "Triwulan III",
    "TW4": "Triwulan IV",
    "tahunan": "Tahunan",
}


FOLDER_PAKET = "templates"
"""capkin's own templates: the package folder capkin/templates/ (package data)."""


def folder_templat(root: Path | None) -> list[Path]:
    """Return the template folders, highest priority first: the repo's own, then capkin's."""
    folder: list[Path] = []
    if root is not None and (root / FOLDER_TEMPLAT).is_dir():
        folder.append(root / FOLDER_TEMPLAT)
    folder.append(Path(str(resources.files("capkin"))) / FOLDER_PAKET)
    return folder


def berkas_aset(root: Path | None) -> Iterator[tuple[str, Path]]:
    """Yield (relative name, path) of every asset; a repo's own file wins over the packaged one."""
    dilihat: set[str] = set()
    for folder in folder_templat(root):
        aset = folder / "assets"
        if not aset.is_dir():
            continue
        for path in sorted(aset.rglob("*")):
            nama = path.relative_to(folder).as_posix()
            if path.is_file() and nama not in dilihat:
                dilihat.add(nama)
                yield nama, path


def nama_periode(periode: Periode | str) -> str:
    """Return a period's name in words: "Triwulan II", "Tahunan"."""
    return NAMA_PERIODE.get(str(periode), str(periode))


def label_periode(tahun: int, periode: str) -> str:
    """Return a short label of a period: "2025 TW2", "2025 Tahunan"."""
    return f"{tahun} {'Tahunan' if periode == TAHUNAN else periode}"


def judul_periode(tahun: int, periode: str) -> str:
    """Return a period in words: "Triwulan II Tahun 2025", "Tahunan 2025"."""
    if periode == TAHUNAN:
        return f"Tahunan {tahun}"
    return f"{nama_periode(periode)} Tahun {tahun}"


class KonteksPeriode:
    """Mixin of a page context of one period (a dataclass with `tahun` and `periode`)."""

    tahun: int
    periode: str

    @property
    def judul_periode(self) -> str:
        """Return the period in words."""
        return judul_periode(self.tahun, self.periode)


def format_target(x: Any) -> str:
    """Format a target or realisasi: a number, a range, a level of a scale, or "–"."""
    if isinstance(x, Rentang):
        return f"{format_nilai(x.min)}–{format_nilai(x.maks)}"
    if isinstance(x, bool):
        return str(x)
    if x is None or isinstance(x, Decimal | int | float | str):
        return format_nilai(x)
    return str(x)


def format_waktu(x: datetime | date | None, zona: tzinfo | None = None) -> str:
    """Format a date or a time: "3 Juli 2025" or "3 Juli 2025 14.05 WIB".

    A time with a zone is shown in `zona` (the office's) when given, else in its own.
    """
    if x is None:
        return "–"
    if isinstance(x, datetime):
        if zona is not None and x.utcoffset() is not None:
            x = x.astimezone(zona)
        label = f" {label_zona(x)}" if x.utcoffset() is not None else ""
        return f"{format_tanggal(x.date())} {x:%H.%M}{label}"
    return format_tanggal(x)


def format_data(x: Any) -> str:
    """Show any value from data (a changed field's old or new value) as short text."""
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int | float | Decimal):
        return format_nilai(x)
    return json.dumps(x, ensure_ascii=False, default=str)


_BUTIR = re.compile(r"(?:[-*•]|[0-9]+[.)])\s")


def paragraf(teks: str | None) -> list[str]:
    """Split people's free text (a `kesimpulan: |` block) into paragraphs for the report.

    A blank line separates paragraphs. A single line break inside one is where the editor
    wrapped the line, not a break the writer meant, so it becomes a space; a line that
    starts a list item (`- `, `1. `) keeps its break.
    """
    hasil: list[str] = []
    for blok in re.split(r"\n[ \t]*\n", (teks or "").strip()):
        baris = [b.strip() for b in blok.splitlines() if b.strip()]
        if baris:
            hasil.append(
                baris[0] + "".join(("\n" if _BUTIR.match(b) else " ") + b for b in baris[1:])
            )
    return hasil


_JUDUL_AMAN = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’"})


def judul_aman(x: str) -> str:
    """Return a page or site title safe for the theme, which prints titles without escaping,
    in text and inside attributes (`aria-label="…"`): no tag, no quote to close one."""
    return " ".join(x.translate(_JUDUL_AMAN).split())


def yaml_teks(x: str) -> Markup:
    """Quote a string for YAML front matter (JSON strings are valid YAML)."""
    return Markup(json.dumps(x, ensure_ascii=False))  # noqa: S704 - quoted, tags stripped by `judul`


def tautan(dari: str, ke: str) -> str:
    """Return the relative URL from page `dari` to page or file `ke` (docs-relative paths).

    Pages are built with `use_directory_urls: false`, so `a/b.md` becomes `a/b.html`; an
    anchor (`a/b.md#c`) is kept.
    """
    ke, pagar, jangkar = ke.partition("#")
    if ke.endswith(".md"):
        ke = ke[:-3] + ".html"
    return _relatif(ke, posixpath.dirname(dari) or ".") + pagar + jangkar


@functools.lru_cache(maxsize=8192)
def _relatif(ke: str, asal: str) -> str:
    """`posixpath.relpath`, remembered: a roll-up's period page links 25,000 offices to a
    few dozen grouped pages."""
    return posixpath.relpath(ke, asal)


class _Sandbox(SandboxedEnvironment):
    """A sandbox whose refusals are messages to people, not tracebacks.

    The sandbox guards against templates the repository brings (site_templates/); checking
    every attribute access costs a regency build a large share of its page rendering. So a
    template asked for by capkin's code (not included by another template) that is capkin's
    own, and whose includes and imports are all capkin's own too, is rendered by `milik`: an
    environment with the same settings, filters and globals that loads only capkin's package
    folder, so no file of the repository can ever run in it. Any other template, and any
    template whose references cannot be read statically, is rendered in the sandbox.
    """

    milik: Environment | None = None
    _repo: tuple[BaseLoader, ...] = ()
    _sendiri: dict[str, bool]

    def pasang_milik(self, paket: Path, repo: list[Path]) -> None:
        """Render capkin's own templates from `paket` unsandboxed, unless a folder in `repo`
        (the repository's site_templates/) holds a file of the same name."""
        self.milik = Environment(loader=FileSystemLoader(str(paket)), autoescape=True, **_PILIHAN)
        self.milik.filters = self.filters  # the same dicts: a filter added later serves both
        self.milik.globals = self.globals
        self._repo = tuple(FileSystemLoader(str(f)) for f in repo)
        self._sendiri = {}

    def get_template(
        self,
        name: str | Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """Return capkin's own template from `milik` when it is wholly capkin's; else sandboxed."""
        if parent is None and isinstance(name, str) and self._milik_semua(name, frozenset()):
            assert self.milik is not None
            return self.milik.get_template(name, globals=globals)
        return super().get_template(name, parent, globals)

    def _milik_semua(self, nama: str, jalan: frozenset[str]) -> bool:
        """Return whether `nama` and every template it references are capkin's own files."""
        if self.milik is None or self.milik.loader is None:
            return False
        if nama in self._sendiri:
            return self._sendiri[nama]
        hasil = False
        if not any(_ada(loader, self, nama) for loader in self._repo):
            try:
                sumber, _, _ = self.milik.loader.get_source(self.milik, nama)
            except TemplateNotFound:
                sumber = None
            if sumber is not None:
                rujukan = meta.find_referenced_templates(self.milik.parse(sumber))
                hasil = all(
                    r is not None and (r in jalan or self._milik_semua(r, jalan | {nama}))
                    for r in rujukan
                )
        self._sendiri[nama] = hasil
        return hasil

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise CapkinError(
            f"templat di site_templates/ mengakses atribut '{attribute}' yang tidak diizinkan "
            "(templat tidak boleh menjalankan kode Python); hapus bagian itu dari templatnya"
        )

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().call(__context, __obj, *args, **kwargs)
        except SecurityError as exc:
            raise CapkinError(
                f"templat di site_templates/ memanggil sesuatu yang tidak diizinkan ({exc}); "
                "hapus bagian itu dari templatnya"
            ) from exc


_PILIHAN: dict[str, Any] = {
    "undefined": StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
"""The settings of both environments (the sandbox and capkin's own), autoescape apart."""


def _ada(loader: BaseLoader, env: Environment, nama: str) -> bool:
    """Return whether a loader has a template."""
    try:
        loader.get_source(env, nama)
    except TemplateNotFound:
        return False
    return True


_SARINGAN: dict[str, Callable[..., Any]] = {
    "angka": format_angka,
    "persen": format_persen,
    "nilai": format_target,
    "data": format_data,
    "periode": nama_periode,
    "yaml": yaml_teks,
    "judul": judul_aman,
    "perubahan": uraikan,
    "rupiah": format_rupiah,
    "efisiensi": teks_efisiensi,
    "paragraf": paragraf,
    "sisip": sisip,
}
"""capkin's template filters; `tanggal` is added per environment, in the office's time zone."""


def buat_env(root: Path | None, zona: tzinfo | None = None) -> Environment:
    """Build the Jinja2 environment: StrictUndefined, autoescape on, capkin's filters.

    `zona`: the office's time zone, in which every time on a page is shown.

    Sandboxed: templates under the repository's site_templates/ come from pull requests, and
    a plain environment lets a template reach Python (`cycler.__init__.__globals__.os`);
    capkin's own templates, where none is overridden, render outside it (`_Sandbox`).
    """
    env = _Sandbox(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folder_templat(root)]),
        autoescape=True,
        **_PILIHAN,
    )
    env.filters.update(_SARINGAN, tanggal=lambda x: format_waktu(x, zona))
    env.globals["escape"] = escape
    *repo, paket = folder_templat(root)
    env.pasang_milik(paket, repo)
    return env
