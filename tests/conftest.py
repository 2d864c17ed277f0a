"""Test session settings shared by every test module."""

from __future__ import annotations

import os

from hypothesis import settings

# CI runs the same examples every time (a red CI must be reproducible); locally, new
# random examples keep looking for bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# `capkin init` fetches GitHub's web-flow key; tests never reach the network for it (a test
# that wants the key points this at a local file).
os.environ.setdefault("CAPKIN_URL_WEBFLOW", "file:///nonexistent/capkin-uji/web-flow.gpg")
