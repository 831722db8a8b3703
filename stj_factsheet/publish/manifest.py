"""What the last build wrote, so that the next one skips gemeenten where nothing changed.

`out/.stj-build.json` records, per gemeente, a fingerprint of everything its factsheets
are made from and the size and modification time of each file written. A gemeente is
skipped when its fingerprint is the same and every file it needs is still as written; a
deleted or edited output is built again. Its warnings are stored too, so a skipped
gemeente reports the same ones as a build would.

The fingerprint of a gemeente is the names and bytes of the files in its folder, plus one
key for the whole run: the version and the source files of this package, the templates,
the kader files, the fonts and the installed dependencies (these two by path, size and
modification time: 2 MB of fonts would cost more to read than a small build), the Python
version and the options (formats aside: each format's file is recorded on its own). A
manifest that is missing, unreadable or made with another key is ignored: everything is
built.

This module imports nothing heavy, so a build where nothing changed stays quick.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from stj_factsheet import __version__
from stj_factsheet.errors import Problem, Severity
from stj_factsheet.publish.output import write_atomic

FILE = ".stj-build.json"
FORMAT = 1
PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parent
SHARED = [REPO / "templates"]
"""Folders every factsheet is made from, besides the data (fingerprinted by content)."""
FONTS = REPO / "fonts"
"""Fonts embedded in PDFs: fingerprinted by name, size and modification time."""
DEPENDENCIES = ("click", "yaml", "jinja2", "markupsafe", "pydantic", "pydantic_core",
                "markdown", "typst")

Stat = tuple[int, int]
"""(size, modification time in ns) of a written file."""


def _files(folder: Path, suffix: str = "", *, hidden: bool = False) -> list[tuple[str, str]]:
    """(name, path) of the files in a folder ending in `suffix`, sorted; hidden ones only
    with `hidden`."""
    try:
        with os.scandir(folder) as entries:
            return sorted((entry.name, entry.path) for entry in entries
                          if entry.name.endswith(suffix) and entry.is_file()
                          and (hidden or not entry.name.startswith(".")))
    except (FileNotFoundError, NotADirectoryError):
        return []


def _hash_files(digest: hashlib._Hash, files: list[tuple[str, str]], prefix: str = "") -> None:
    for name, path in files:
        with open(path, "rb") as handle:
            data = handle.read()
        digest.update(f"{prefix}{name}\0{len(data)}\0".encode())
        digest.update(data)


def _module_stamp(name: str) -> str:
    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec else None
    if not origin:
        return f"{name}: -"
    stat = os.stat(origin)
    return f"{name}: {origin} {stat.st_size} {stat.st_mtime_ns}"


def run_key(kader_folders: Iterable[Path], options: Mapping[str, object]) -> str:
    """The part of every gemeente's fingerprint that all share in this run."""
    digest = hashlib.sha256(f"{FORMAT} {__version__} {sys.version}\n".encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    _hash_files(digest, _files(PACKAGE, ".py"), "stj_factsheet/")
    for name, path in _files(FONTS):
        found = os.stat(path)
        digest.update(f"fonts/{name} {found.st_size} {found.st_mtime_ns}\n".encode())
    for folder in SHARED:
        _hash_files(digest, _files(folder), f"{folder}/")
    for folder in kader_folders:
        _hash_files(digest, _files(folder, ".yaml"), f"{folder}/")
    for name in DEPENDENCIES:
        digest.update(_module_stamp(name).encode())
    return digest.hexdigest()


def gemeente_key(folder: Path) -> str:
    """The names and bytes of every file in a gemeente's folder (hidden ones too: a stray
    `.x.yaml` is reported) and in its subfolders (the follow-up rounds)."""
    digest = hashlib.sha256()
    _hash_files(digest, _files(folder, hidden=True))
    for name, path in _folders(folder):
        digest.update(f"{name}/\0".encode())  # an empty round folder counts too
        _hash_files(digest, _files(Path(path), hidden=True), prefix=f"{name}/")
    return digest.hexdigest()


def _folders(folder: Path) -> list[tuple[str, str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted((entry.name, entry.path) for entry in entries if entry.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def stat(path: Path) -> Stat | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)


@dataclass
class Entry:
    key: str
    outputs: dict[str, Stat]
    """Per format the file as written; a follow-up round's as `<ronde>/<format>`."""
    warnings: list[Problem]
    overzicht: Any = None
    """Its rows for the overview (`landelijk.rijen_data`), so a skipped gemeente still
    counts in `out/index.*`."""


@dataclass
class Manifest:
    """The record of one output folder, read at the start of a build and saved at its end."""

    path: Path
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    overzicht: dict[str, Stat] = field(default_factory=dict)
    """The overview files (`index.*`) as last written, by name."""
    overzicht_sleutel: str = ""
    """What the overview was made from: `overzicht_key` of that build."""
    changed: bool = False

    @classmethod
    def read(cls, out: Path, key: str) -> Manifest:
        """The manifest in `out`; empty when there is none, it is damaged, or it was made
        with another key."""
        manifest = cls(out / FILE, key)
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            data = json.loads(manifest.path.read_bytes())
            if data["formaat"] == FORMAT and data["sleutel"] == key:
                manifest.entries = {slug: _entry(item)
                                    for slug, item in data["gemeenten"].items()}
                manifest.overzicht = {str(name): (int(s[0]), int(s[1]))
                                      for name, s in data.get("overzicht", {}).items()}
                manifest.overzicht_sleutel = str(data.get("overzicht_sleutel", ""))
        return manifest

    def unchanged(self, slug: str, key: str, outputs: dict[str, Path]) -> Entry | None:
        """The entry of a gemeente whose input and output files are as recorded."""
        entry = self.entries.get(slug)
        if entry is None or entry.key != key:
            return None
        for fmt, path in outputs.items():
            recorded = entry.outputs.get(fmt)
            if recorded is None or stat(path) != recorded:
                return None
        return entry

    def record(self, slug: str, key: str, outputs: dict[str, Stat],
               warnings: list[Problem], overzicht: Any = None) -> None:
        """A gemeente as just built: its fingerprint, its files' `stat`, its warnings,
        its overview rows."""
        self.entries[slug] = Entry(key, dict(outputs), list(warnings), overzicht)
        self.changed = True

    def record_overzicht(self, outputs: dict[str, Stat], key: str) -> None:
        if outputs != self.overzicht or key != self.overzicht_sleutel:
            self.overzicht, self.overzicht_sleutel = dict(outputs), key
            self.changed = True

    def overzicht_key(self, slugs: Iterable[str]) -> str:
        """The gemeenten an overview of `slugs` is made from, with their fingerprints: it
        differs after any gemeente changed, appeared or went, whichever build saw it."""
        digest = hashlib.sha256()
        for slug in slugs:
            entry = self.entries.get(slug)
            digest.update(f"{slug} {entry.key if entry else '-'}\n".encode())
        return digest.hexdigest()

    def keep_only(self, slugs: Iterable[str]) -> None:
        """Forget gemeenten that no longer exist (after a build of all of them)."""
        for slug in set(self.entries) - set(slugs):
            self.forget(slug)

    def forget(self, slug: str) -> None:
        self.changed |= self.entries.pop(slug, None) is not None

    def save(self) -> None:
        if not self.changed:
            return
        data = {
            "formaat": FORMAT,
            "sleutel": self.key,
            "gemeenten": {slug: {"sleutel": entry.key,
                                 "uitvoer": {f: list(s) for f, s in entry.outputs.items()},
                                 "meldingen": [_problem_data(p) for p in entry.warnings],
                                 "overzicht": entry.overzicht}
                          for slug, entry in sorted(self.entries.items())},
            "overzicht": {name: list(s) for name, s in sorted(self.overzicht.items())},
            "overzicht_sleutel": self.overzicht_sleutel,
        }
        with contextlib.suppress(OSError):  # only a cache: the next build is slower
            write_atomic(self.path, json.dumps(data, ensure_ascii=False) + "\n")


def _entry(item: dict[str, object]) -> Entry:
    outputs, warnings = item["uitvoer"], item["meldingen"]
    if not isinstance(outputs, dict) or not isinstance(warnings, list):
        raise TypeError("not a manifest entry")
    return Entry(str(item["sleutel"]),
                 {str(f): (int(s[0]), int(s[1])) for f, s in outputs.items()},
                 [_problem(p) for p in warnings], item.get("overzicht"))


def _problem_data(problem: Problem) -> list[object]:
    values = list(astuple(problem))
    values[-1] = problem.severity.name
    return values


def _problem(values: list[object]) -> Problem:
    path, line, column, message, hint, severity = values
    return Problem(str(path), int(str(line)), int(str(column)), str(message), str(hint),
                   Severity[str(severity)])
