"""Small builders for data trees in tmp_path, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from stj_factsheet.cli import main

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "municipalities"


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
