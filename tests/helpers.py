"""Small builders for data trees in tmp_path, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from stj_factsheet.cli import main

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "municipalities"
DATA = REPO / "tests" / "data"
ROOTS = [(REPO, "zwolle"), (REPO, "venlo")] + [
    (folder.parent.parent, folder.name)
    for folder in sorted(DATA.glob("*/municipalities/*")) if folder.is_dir()]
"""Every kind of factsheet: the shipped gemeenten and the test data's (data root, slug)."""


def build_every(factory: pytest.TempPathFactory, formats: tuple[str, ...], pattern: str
                ) -> dict[str, Path]:
    """Each gemeente of `ROOTS` built in `formats` into a folder of its own: the files
    matching `pattern`, by "<gemeente>/<file>" (a follow-up round: "<gemeente>/<ronde>/…")."""
    from stj_factsheet.publish.build import build

    found: dict[str, Path] = {}
    for root, slug in ROOTS:
        out = factory.mktemp(slug)
        result = build(root, [slug], out, formats=formats)
        assert not result.failures, result.failures
        found |= {str(p.relative_to(out)): p for p in sorted(out.rglob(pattern))}
    return found


def copy_gemeente(root: Path, slug: str = "venlo") -> Path:
    """Copy a shipped gemeente into `root/municipalities/<slug>` and return its folder."""
    target = root / "municipalities" / slug
    shutil.copytree(SHIPPED / slug, target)
    return target


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def replace(path: Path, old: str, new: str, *, first: bool = False) -> None:
    """Replace the one occurrence of `old` in the file (the first one, with `first`)."""
    text = path.read_text(encoding="utf-8")
    if not first:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def where(path: Path, needle: str, offset: int = 0) -> tuple[int, int]:
    """Line and column (1-based) of `needle` (plus `offset` characters) in the file."""
    text = path.read_text(encoding="utf-8")
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def stj(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
