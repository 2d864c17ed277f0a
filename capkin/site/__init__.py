"""The published site: `capkin build` and `capkin serve`.

`bangun` and its types are imported from `capkin.site.build` when first used: importing
the build (MkDocs, WeasyPrint, the renderers) costs a sixth of a second, which
`capkin validate` would pay for `capkin.site.inputs` alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capkin.site.build import HasilBangun, PilihanPdf, bangun

__all__ = ["HasilBangun", "PilihanPdf", "bangun"]


def __getattr__(nama: str) -> Any:
    if nama in __all__:
        from capkin.site import build

        return getattr(build, nama)
    raise AttributeError(f"module {__name__!r} has no attribute {nama!r}")
