"""Test session settings shared by every test module."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red CI must be reproducible); locally, new
# random examples keep looking for bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# `capkin init` fetches GitHub's web-flow key; tests never reach the network for it (a test
# that wants the key points this at a local file).
os.environ.setdefault("CAPKIN_URL_WEBFLOW", "file:///nonexistent/capkin-uji/web-flow.gpg")

# One Chromium per test process: a second sync_playwright() in the same process fails
# ("Sync API inside the asyncio loop"), so the browser fixtures live here, once.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def git_terisolasi(monkeypatch: pytest.MonkeyPatch) -> None:
    """git run by library code ignores the machine's global and system config (a module
    asks for it with `pytestmark = pytest.mark.usefixtures("git_terisolasi")`)."""
    from factories import isolasi_git

    isolasi_git(monkeypatch)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (no browser download)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(
            "Chromium tidak ditemukan: pasang dengan 'apt-get install -y chromium' "
            "(CI memasangnya); uji peramban tidak dilewati."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


@dataclass
class Kunjungan:
    """What a page did while it was open."""

    galat: list[str] = field(default_factory=list)
    luar: list[str] = field(default_factory=list)


@dataclass
class Pembuka:
    """Opens a page of a served site in one browser tab; `kunjungan`: what the page did."""

    halaman: Any
    kunjungan: Kunjungan

    def __call__(self, situs: Any, jalur: str) -> Any:
        self.kunjungan.galat.clear()
        respon = self.halaman.goto(situs.url + jalur, wait_until="load")
        assert respon is not None and respon.ok, f"{situs.nama}/{jalur}: {respon and respon.status}"
        return self.halaman


@pytest.fixture
def buka(browser: Any) -> Iterator[Pembuka]:
    """Open a page of a site: block and record outside requests, collect console errors."""
    konteks = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    halaman = konteks.new_page()
    kunjungan = Kunjungan()
    halaman.on("console", lambda m: kunjungan.galat.append(m.text) if m.type == "error" else None)
    halaman.on("pageerror", lambda e: kunjungan.galat.append(str(e)))

    def rute(route: Any) -> None:
        if re.match(r"https?://127\.0\.0\.1(:\d+)?/", route.request.url):
            route.continue_()
        else:
            kunjungan.luar.append(route.request.url)
            route.abort()

    halaman.route("**/*", rute)

    yield Pembuka(halaman, kunjungan)
    konteks.close()
