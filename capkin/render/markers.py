"""Pre-rendered HTML kept away from the Markdown processor: a marker in the page, the HTML aside.

A report page is a few headings around hundreds of kilobytes of raw-HTML tables. Python-Markdown
passes raw HTML through unchanged but pays dearly to find where it ends (about 70 % of a
regency build's MkDocs time). A template wraps such HTML in `{% filter sisip %}…{% endfilter %}`:
the page's Markdown then holds only a small marker block, and the HTML is kept in the page's
`Sisipan` until `capkin.site` puts it in place of the marker in the built page. Nothing in
this depends on the site builder: any builder that passes a raw-HTML block through keeps it.

Without a `Sisipan` in the render (the PDF, a template rendered on its own) the filter returns
its content unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

KUNCI_SISIPAN = "_sisipan"
"""The render variable that holds the page's `Sisipan`."""

ATRIBUT = "data-capkin-sisip"


def penanda(kunci: str, html: str) -> str:
    """Return the marker block that stands for one piece of HTML in a page's Markdown.

    A theme may look into a page's HTML: Material prints the page title as a heading unless the
    content holds an `<h1`, so the marker of HTML with a top heading holds an empty one. The
    whole marker is replaced, so none of it reaches the reader.
    """
    h1 = "<h1></h1>" if "<h1" in html else ""
    return f'<div {ATRIBUT}="{kunci}">{h1}</div>'


@dataclass
class Sisipan:
    """The pieces of pre-rendered HTML of one page, by marker, in page order."""

    isi: dict[str, str] = field(default_factory=dict)

    def simpan(self, html: str) -> str:
        """Keep one piece of HTML; return its marker."""
        # the content hash keeps a marker stable while its HTML is unchanged; the index keeps
        # two equal pieces of one page apart
        kunci = hashlib.sha256(html.encode()).hexdigest()[:16] + f"-{len(self.isi)}"
        tanda = penanda(kunci, html)
        self.isi[tanda] = html
        return tanda


@pass_context
def sisip(context: Context, isi: str) -> Markup:
    """Jinja filter: keep `isi` aside and leave a marker block, when the render keeps a `Sisipan`.

    The marker takes the place of the HTML between the same line breaks, so it is a raw-HTML
    block wherever the HTML was one: wrap only whole raw-HTML blocks.
    """
    tempat = context.get(KUNCI_SISIPAN)
    if not isinstance(tempat, Sisipan):
        return Markup(isi)  # noqa: S704 - already rendered (and escaped) by the template
    teks = str(isi)
    html = teks.strip("\n")
    if not html:
        return Markup(teks)  # noqa: S704 - only line breaks
    awal = teks[: len(teks) - len(teks.lstrip("\n"))]
    akhir = teks[len(teks.rstrip("\n")) :]
    return Markup(awal + tempat.simpan(html) + akhir)  # noqa: S704 - a marker of our own
