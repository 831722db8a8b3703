"""Where things are in a data root: the gemeente folders and the kader files.

Paths and names only, nothing is parsed, so commands that may not need to load anything
(a build where nothing changed) can find their way without importing the models.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TypeVar

from stj_factsheet.errors import FileFault, InvalidData, NoGemeenten, Problem, Severity, UsageError
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
    return scan(root)[0]


def scan(root: Path) -> tuple[list[str], list[Problem]]:
    """The gemeente folders under the data root, sorted, and a problem for every other
    entry of `municipalities/`: an error for a folder whose name is no gemeente name and
    for a symbolic link that leads outside the data root (neither is read), a warning for a
    file. Hidden entries (`.git`, `.DS_Store`) are skipped without a word."""
    folder = root / MUNICIPALITIES
    if not folder.is_dir():
        raise UsageError(f"geen map `{MUNICIPALITIES}/` in {root}; geef de juiste "
                         "map met --root")
    if not inside(root, folder):
        return [], [_outside(MUNICIPALITIES)]
    try:
        with os.scandir(folder) as found:
            entries = sorted((e for e in found if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError as error:
        raise FileFault(f"{MUNICIPALITIES}/", "lezen", error.errno) from None
    names, problems = [], []
    for entry in entries:
        rel = f"{MUNICIPALITIES}/{entry.name}"
        if entry.is_symlink() and not inside(root, Path(entry.path)):
            problems.append(_outside(rel))
        elif not entry.is_dir():
            problems.append(Problem(rel, 1, 1, f"`{entry.name}` is geen map en wordt "
                                    "overgeslagen", "een gemeente is een map met "
                                    f"{GEMEENTE_FILE}; verplaats of verwijder het bestand",
                                    Severity.WARNING))
        elif not re.match(SLUG, entry.name):
            problems.append(Problem(rel, 1, 1, f"`{entry.name}` is geen geldige naam voor een "
                                    "gemeentemap; de map wordt niet gelezen",
                                    f"hernoem haar naar kleine letters, cijfers en koppeltekens,"
                                    f" zoals `{_suggest(entry.name)}`"))
        else:
            names.append(entry.name)
    return names, problems


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with every symbolic link followed, lies in the data root."""
    return path.resolve().is_relative_to(root.resolve())


def _outside(rel: str) -> Problem:
    return Problem(rel, 1, 1, "dit is een koppeling (symlink) naar iets buiten de gegevensmap; "
                   "die wordt niet gelezen", "zet de map zelf hier neer in plaats van een "
                   "koppeling")


def slug(name: str) -> str:
    """"Den Haag" → "den-haag", "Súdwest-Fryslân" → "sudwest-fryslan"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _suggest(name: str) -> str:
    return slug(name) or "den-haag"


def resolve(root: Path, names: tuple[str, ...] | list[str]) -> list[str]:
    """The slugs to work on: the named ones (checked), or all when none are named. A named
    folder that `scan` refuses raises its problem."""
    known, problems = scan(root)
    if not names:
        if not known and not any(p.severity is Severity.ERROR for p in problems):
            raise NoGemeenten(root / MUNICIPALITIES)
        return known
    for name in names:
        if not re.match(SLUG, name):
            raise UsageError(f"`{name}` is geen gemeentenaam: gebruik de mapnaam onder "
                             f"{MUNICIPALITIES}/, bijv. `zwolle`")
        refused = [p for p in problems if p.severity is Severity.ERROR
                   and p.path in (MUNICIPALITIES, f"{MUNICIPALITIES}/{name}")]
        if refused:
            raise InvalidData(refused)
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
