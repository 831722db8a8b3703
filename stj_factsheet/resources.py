"""The tool's own files: templates, the shipped kaders, fonts and JSON Schemas.

They travel with the package. The top-level folders `templates/`, `frameworks/`, `fonts/`
and `schemas/` are mapped into it as `stj_factsheet.templates`, `.kaders`, `.fonts` and
`.schemas` (see `[tool.setuptools.package-dir]` in pyproject.toml): a wheel carries them
inside the package, an editable install points the same names at the checkout. Code finds
them here, through importlib.resources, never relative to a module's own file.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(package: str) -> Path:
    found = files(package)
    if not isinstance(found, Path):  # e.g. a zipped install: Typst and Jinja need folders
        raise RuntimeError(f"{package} is not a folder on disk ({found!r}); install "
                           "stj-factsheet as a normal (unzipped) package")
    return found


PACKAGE = _folder("stj_factsheet")
"""The package itself (its sources are part of every build's fingerprint)."""
TEMPLATES = _folder("stj_factsheet.templates")
"""Jinja2 and Typst templates, CSS."""
KADERS = _folder("stj_factsheet.kaders")
"""The toetsingskaders shipped with the tool (`frameworks/` in the checkout)."""
FONTS = _folder("stj_factsheet.fonts")
"""The fonts embedded in every PDF."""
SCHEMAS = _folder("stj_factsheet.schemas")
"""The JSON Schemas of the data files and the open data, as shipped."""
