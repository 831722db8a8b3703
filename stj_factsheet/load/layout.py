"""Where things are in a data root: the gemeente folders and the kader files.

Paths and names only, nothing is parsed, so commands that may not need to load anything
(a build where nothing changed) can find their way without importing the models.
"""

from __future__ import annotations

import re
from pathlib import Path

from stj_factsheet.errors import UsageError

MUNICIPALITIES = "municipalities"
GEMEENTE_FILE = "gemeente.yaml"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""A folder or file name: lowercase words joined by hyphens."""
SHIPPED = Path(__file__).resolve().parents[2] / "frameworks"
"""The kaders shipped with this tool."""


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
