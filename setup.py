"""Build hook: ship the top-level site_templates/ inside the package as capkin/_site_templates.

All metadata lives in pyproject.toml; this only copies the templates into wheels so a repo
made by `capkin init` (without its own site_templates/) builds its site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """Copy site_templates/ into the built package."""

    def run(self) -> None:
        """Build the package, then add the templates."""
        super().run()
        sumber = Path(__file__).parent / "site_templates"
        if sumber.is_dir():
            shutil.copytree(
                sumber, Path(self.build_lib) / "capkin" / "_site_templates", dirs_exist_ok=True
            )


setup(cmdclass={"build_py": BuildPy})
