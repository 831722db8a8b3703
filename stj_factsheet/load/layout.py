"""Where things are in a data root: the gemeente folders and the kader files.

Paths and names only, nothing is parsed, so commands that may not need to load anything
(a build where nothing changed) can find their way without importing the models.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TypeVar

from stj_factsheet.errors import UsageError
from stj_factsheet.resources import KADERS

MUNICIPALITIES = "municipalities"
GEMEENTE_FILE = "gemeente.yaml"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""A folder or file name: lowercase words joined by hyphens."""
SHIPPED = KADERS
"""The kaders shipped with this tool."""


P = TypeVar("P", bound=PurePath)


def find_root(start: P, is_dir: Callable[[P], bool]) -> P | None:
    """The data root as git finds a repository: `start` or the nearest folder above it
    that holds `municipalities/`; None when there is none. (`is_dir` is `Path.is_dir`,
    or a stand-in for a test with pure paths.)"""
    for folder in (start, *start.parents):
        if is_dir(folder / MUNICIPALITIES):
            return folder
    return None


def data_root(explicit: Path | None, *, new: bool = False) -> Path:
    """The data root of a command: `--root` when given, else the folder `find_root`
    finds from the working folder (relative to it, so paths stay short). A command that
    starts a data root (`new`) may begin in the working folder itself."""
    if explicit is not None:
        return explicit
    here = Path.cwd()
    found = find_root(here, Path.is_dir)
    if found is None:
        if new:
            return Path(".")
        raise UsageError(f"geen map `{MUNICIPALITIES}/` in {here} of een map daarboven; ga "
                         "naar de map met de gegevens, geef die met --root, of begin met "
                         "`stj new <gemeente>`")
    return Path(os.path.relpath(found, here))


def slugs(root: Path) -> list[str]:
    """Every gemeente folder under the data root, sorted."""
    folder = root / MUNICIPALITIES
    if not folder.is_dir():
        raise UsageError(f"geen map `{MUNICIPALITIES}/` in {root}; geef de juiste "
                         "map met --root")
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and re.match(SLUG, p.name))


def resolve(root: Path, names: tuple[str, ...] | list[str]) -> list[str]:
    """The slugs to work on: the named ones (checked), or all when none are named."""
    known = slugs(root)
    if not names:
        return known
    for name in names:
        if not re.match(SLUG, name):
            raise UsageError(f"`{name}` is geen gemeentenaam: gebruik de mapnaam onder "
                             f"{MUNICIPALITIES}/, bijv. `zwolle`")
        if name not in known:
            raise UsageError(f"onbekende gemeente `{name}`; bekend: {', '.join(known)}")
    return list(dict.fromkeys(names))


def kader_files(root: Path) -> list[Path]:
    """Where kader files are looked for: the data root first, then the shipped ones."""
    return [root / "frameworks", SHIPPED]


def available(root: Path) -> list[str]:
    return sorted({f.stem for folder in kader_files(root) if folder.is_dir()
                   for f in folder.glob("*.yaml")})


def find(root: Path, kader_id: str) -> Path | None:
    for folder in kader_files(root):
        candidate = folder / f"{kader_id}.yaml"
        if candidate.is_file():
            return candidate
    return None
