"""Build inputs a pull request could change: mkdocs.yml and the folders copied into the site.

MkDocs reads `mkdocs.yml` with PyYAML's full loader and imports what it names: a
`!!python/object/apply:` tag, a `hooks:` entry or a plugin runs Python during `capkin build`,
and `INHERIT` pulls in another file that could do the same. capkin builds every page itself,
so it refuses all of that before MkDocs starts: only the `search` plugin, and the plugins the
office lists in `pengaturan.plugin_mkdocs` of `data/instansi.yml` (a code-owned file). A
symlink in a folder whose files are copied into the site could publish any file of the
machine (`/etc/hostname`, a CI secret), so none is accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from capkin.errors import Masalah, galat
from capkin.models.instansi_model import Instansi

BERKAS_MKDOCS = "mkdocs.yml"
PLUGIN_BAWAAN = ("search",)
FOLDER_DISALIN = ("site_templates", "bukti")
"""Folders of the repository whose files end up in the site."""

_TAG_YAML = "tag:yaml.org,2002:"
_TAG_AMAN = {
    _TAG_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
} | {_TAG_YAML + "merge", "!relative"}
_NAMA_PYTHON_AMAN = ("material.", "pymdownx.")
"""`!!python/name:` of these packages only (Material's emoji and icon settings)."""
_KUNCI_DILARANG = {
    "hooks": "hooks menjalankan berkas Python dari repo saat situs dibangun",
    "INHERIT": "INHERIT membaca berkas konfigurasi lain yang tidak diperiksa capkin",
}
KODE_MKDOCS = "mkdocs-tidak-aman"
KODE_SYMLINK = "symlink-di-situs"


_EKSTENSI_BAWAAN = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
}  # fmt: skip
"""Python-Markdown's own extensions, by the short names mkdocs.yml uses."""


def _ekstensi_aman(nama: str) -> bool:
    """Return whether a Markdown extension name resolves to installed, known code only."""
    nama = nama.removeprefix("markdown.extensions.")
    return nama in _EKSTENSI_BAWAAN or (
        nama.startswith(("pymdownx.", "material.")) and ":" not in nama
    )


def _tag_aman(tag: str) -> bool:
    if tag in _TAG_AMAN:
        return True
    nama = tag.removeprefix(_TAG_YAML + "python/name:")
    return nama != tag and nama.startswith(_NAMA_PYTHON_AMAN)


def _semua_node(node: yaml.Node) -> Iterator[yaml.Node]:
    tumpukan = [node]
    dilihat: set[int] = set()
    while tumpukan:
        n = tumpukan.pop()
        if id(n) in dilihat:  # an alias points back to a node already seen
            continue
        dilihat.add(id(n))
        yield n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                tumpukan += [k, v]
        elif isinstance(n, yaml.SequenceNode):
            tumpukan += n.value


def _pasangan(node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """Yield a mapping's (key, value) pairs, those a merge key (`<<: {...}`) brings in too."""
    tumpukan, dilihat = [node], set()
    while tumpukan:
        n = tumpukan.pop()
        if id(n) in dilihat:
            continue
        dilihat.add(id(n))
        for k, v in n.value:
            if k.tag != _TAG_YAML + "merge":
                yield k, v
                continue
            sumber = v.value if isinstance(v, yaml.SequenceNode) else [v]
            tumpukan += [s for s in sumber if isinstance(s, yaml.MappingNode)]


def _galat(node: yaml.Node, pesan: str) -> Masalah:
    m = node.start_mark
    return galat(BERKAS_MKDOCS, m.line + 1, m.column + 1, KODE_MKDOCS, pesan)


def _nama_plugin(node: yaml.Node) -> Iterator[tuple[yaml.Node, str]]:
    """Yield (node, name) of every plugin a `plugins:` value names (a list or a mapping)."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                yield item, str(item.value)
            elif isinstance(item, yaml.MappingNode):
                for k, _ in item.value:
                    yield k, str(k.value)
    elif isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            yield k, str(k.value)


def periksa_mkdocs(root: Path, izin: Iterable[str] = ()) -> list[Masalah]:
    """Return the problems of mkdocs.yml that would let it run code or read outside the repo."""
    path = root / BERKAS_MKDOCS
    if path.is_symlink():
        return [
            galat(
                BERKAS_MKDOCS,
                0,
                0,
                KODE_SYMLINK,
                "mkdocs.yml adalah symlink; ganti dengan berkas biasa di folder repo",
            )
        ]
    if not path.is_file():
        return []
    try:
        akar = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return []  # reported with its position when the configuration is read
    if akar is None:
        return []
    masalah = [
        _galat(
            n,
            f"tag YAML '{n.tag}' tidak diizinkan: capkin tidak menjalankan kode atau membaca "
            "lingkungan dari mkdocs.yml; hapus tag itu",
        )
        for n in _semua_node(akar)
        if not _tag_aman(n.tag)
    ]
    if not isinstance(akar, yaml.MappingNode):
        return masalah
    boleh = set(PLUGIN_BAWAAN) | set(izin)
    for k, v in _pasangan(akar):
        kunci = str(k.value)
        if kunci in _KUNCI_DILARANG:
            masalah.append(
                _galat(
                    k, f"kunci '{kunci}' tidak diizinkan: {_KUNCI_DILARANG[kunci]}; hapus kunci itu"
                )
            )
        elif kunci == "theme" and isinstance(v, yaml.MappingNode):
            for tk, tv in _pasangan(v):
                if tk.value == "custom_dir" and isinstance(tv, yaml.ScalarNode):
                    masalah += _periksa_custom_dir(root, tv)
        elif kunci == "markdown_extensions":
            for node, nama in _nama_plugin(v):
                if not _ekstensi_aman(nama):
                    masalah.append(
                        _galat(
                            node,
                            f"ekstensi Markdown '{nama}' tidak diizinkan: hanya ekstensi bawaan "
                            "Python-Markdown, pymdownx.* dan material.* (nama lain bisa memuat "
                            "berkas Python dari repo); hapus dari mkdocs.yml",
                        )
                    )
        elif kunci == "plugins":
            for node, nama in _nama_plugin(v):
                if nama not in boleh:
                    masalah.append(
                        _galat(
                            node,
                            f"plugin MkDocs '{nama}' tidak diizinkan (plugin menjalankan kode "
                            "saat situs dibangun); hapus dari mkdocs.yml, atau bila kantor "
                            "memerlukannya tambahkan ke pengaturan.plugin_mkdocs di "
                            "data/instansi.yml",
                        )
                    )
    return masalah


def _periksa_custom_dir(root: Path, node: yaml.ScalarNode) -> list[Masalah]:
    """The theme's custom_dir is copied into the site: it must be a folder of the repo."""
    folder = (root / str(node.value)).resolve()
    try:
        relatif = folder.relative_to(root.resolve()).as_posix()
    except ValueError:
        return [
            _galat(
                node,
                f"theme.custom_dir '{node.value}' berada di luar folder repo; isinya ikut "
                "diterbitkan, jadi pakai folder di dalam repo (mis. site_templates/tema)",
            )
        ]
    return periksa_symlink(root, [relatif]) if relatif != "." else []


def periksa_symlink(root: Path, folder: Iterable[str] = FOLDER_DISALIN) -> list[Masalah]:
    """Return a problem for every symlink in the folders whose files are copied into the site."""
    masalah: list[Masalah] = []
    for nama in folder:
        awal = root / nama
        kandidat = [awal] if awal.is_symlink() else []
        if awal.is_dir() and not awal.is_symlink():
            for atas, subfolder, berkas in os.walk(awal, followlinks=False):
                kandidat += [Path(atas) / n for n in sorted(subfolder + berkas)]
        for path in kandidat:
            if path.is_symlink():
                relatif = path.relative_to(root).as_posix()
                masalah.append(
                    galat(
                        relatif,
                        0,
                        0,
                        KODE_SYMLINK,
                        f"{relatif} adalah symlink (tautan ke {os.readlink(path)!r}); capkin "
                        "tidak menyalin symlink ke situs karena bisa menerbitkan berkas di luar "
                        "repo. Ganti dengan berkas biasa atau hapus",
                    )
                )
    return masalah


def periksa_masukan(root: Path, instansi: Instansi | None) -> list[Masalah]:
    """Return every problem of the build inputs: mkdocs.yml and the copied folders."""
    izin = instansi.pengaturan.plugin_mkdocs if instansi is not None else ()
    return periksa_mkdocs(root, izin) + periksa_symlink(root)
