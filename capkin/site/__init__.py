"""The published site: `capkin build` and `capkin serve`."""

from __future__ import annotations

from capkin.site.build import HasilBangun, PilihanPdf, bangun

__all__ = ["HasilBangun", "PilihanPdf", "bangun"]
