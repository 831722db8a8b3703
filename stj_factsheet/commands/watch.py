"""Rebuild when a source changes: polling, no extra dependency, works on every platform.

`Watcher` remembers the modification times of the files that feed one factsheet (its
gemeente folder, the kaders, the templates) and says when any of them changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from stj_factsheet.load import layout
from stj_factsheet.load.layout import MUNICIPALITIES
from stj_factsheet.render import environment as render

Snapshot = dict[Path, int]


def sources(root: Path, slugs: Iterable[str]) -> list[Path]:
    folders = [root / MUNICIPALITIES / slug for slug in slugs]
    folders += [*layout.kader_files(root), render.TEMPLATES]
    return folders


def snapshot(folders: Iterable[Path]) -> Snapshot:
    found: Snapshot = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    found[path] = path.stat().st_mtime_ns
    return found


class Watcher:
    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.seen = snapshot(folders)

    def changed(self) -> list[Path]:
        """The files added, removed or modified since the last call."""
        now = snapshot(self.folders)
        paths = sorted(p for p in now.keys() | self.seen.keys()
                       if now.get(p) != self.seen.get(p))
        self.seen = now
        return paths
