"""Build factsheets: load, validate, render every format in memory, then write.

A gemeente whose data has errors is reported and skipped; the others are still written,
and nothing of the failing one is touched (its earlier output stays as it was). Files whose
content would not change are not rewritten. With `check`, nothing is written at all: the
result lists the files that would change.

Gemeenten are built independently, in worker processes when there are many (`workers`);
results are written in the order of the gemeenten. A gemeente whose sources and output
files are as the last build left them is not built again (`manifest`).
"""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stj_factsheet import layout, workers
from stj_factsheet.errors import InvalidData, Problem, UsageError
from stj_factsheet.manifest import Manifest, Stat, gemeente_key, run_key, stat
from stj_factsheet.output import DEFAULT_FORMATS, write_atomic

if TYPE_CHECKING:
    from stj_factsheet.project import Project


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    """With `check`: the files a build would write (new or different)."""
    failures: dict[str, InvalidData] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


def generated_on(environ: Mapping[str, str]) -> str | None:
    """The build date to print, only when SOURCE_DATE_EPOCH asks for one (reproducible)."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH=`{value}` is geen geldig aantal seconden") from None
    from stj_factsheet.view import MAANDEN

    return f"{moment.day} {MAANDEN[moment.month - 1]} {moment.year}"


def data_commit(root: Path) -> str | None:
    """The git commit the data comes from ("+wijzigingen" when the data differs from it),
    or None outside a git checkout. The same commit always gives the same text."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, check=False, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return None
    dirty = git("status", "--porcelain", "--", "municipalities", "frameworks")
    return f"{commit}+wijzigingen" if dirty else commit


def output_path(out: Path, slug: str, fmt: str) -> Path:
    return out / slug / f"factsheet.{fmt}"


@dataclass(frozen=True)
class Options:
    """What every factsheet of one build is made with, besides its own data."""

    root: Path
    out: Path
    formats: tuple[str, ...]
    gegenereerd: str | None
    afgeleid: bool
    herkomst: str | None
    check: bool
    fingerprint: bool
    """Whether workers take each gemeente's fingerprint (for the manifest)."""


@dataclass
class Built:
    """One gemeente, built and written (or compared, with `check`) by a worker."""

    slug: str
    problems: list[Problem]
    failed: bool
    files: BuildResult
    """Its files as written, unchanged or stale; its problems are not in here."""
    stats: dict[str, Stat]
    """Per format the size and mtime of the file after writing, for the manifest."""
    key: str
    """The fingerprint of its sources, taken before reading them (or "")."""


def _setup(options: Options) -> tuple[Project, Options]:
    """Per process: one project, so each kader is loaded and validated once. (The models,
    templates and Markdown are imported here: a build with nothing to do never needs
    them.)"""
    from stj_factsheet import render, view  # noqa: F401 (imported before workers fork)
    from stj_factsheet.project import Project

    return Project(options.root), options


def _build_one(state: tuple[Project, Options], slug: str) -> Built:
    from stj_factsheet import render, view

    project, options = state
    key = gemeente_key(options.root / layout.MUNICIPALITIES / slug) if options.fingerprint else ""
    loaded, problems = project.load(slug)
    files = BuildResult()
    if loaded is None:
        return Built(slug, problems, True, files, {}, key)
    factsheet = view.factsheet(loaded, options.gegenereerd, options.afgeleid,
                               options.herkomst)
    outputs = _outputs(options.out, slug, options.formats)
    for fmt, path in outputs.items():
        _write(files, path, render.render(factsheet, fmt), options.check)
    stats = {} if options.check else {fmt: stat(path) for fmt, path in outputs.items()}
    return Built(slug, problems, False, files,
                 {fmt: found for fmt, found in stats.items() if found is not None}, key)


PDFS_PER_WORKER = 8
"""Typst keeps caches per process; fresh workers every few PDFs keep memory flat."""


def build(root: Path, names: tuple[str, ...] | list[str], out: Path,
          formats: tuple[str, ...] = DEFAULT_FORMATS, *,
          gegenereerd: str | None = None, afgeleid: bool = False,
          herkomst: str | None = None, check: bool = False,
          on_gemeente: Callable[[str, InvalidData | None], None] | None = None,
          manifest: bool = True, opnieuw: bool = False, pool: bool | None = None,
          ) -> BuildResult:
    """Build the named gemeenten (all when `names` is empty) into `out`.

    `afgeleid`: every conclusion is the derived one. `herkomst`: the data's commit, shown
    in the colophon. `check`: write nothing, list what would change (every gemeente is
    rendered and compared). `on_gemeente` is told after each gemeente, in order (None, or
    its problems). `manifest`: keep `out/.stj-build.json` and skip the gemeenten it shows
    unchanged (`opnieuw`: build them all the same). `pool`: use worker processes (default:
    when there are enough gemeenten and cores; always over several cores for PDFs).
    """
    keep = manifest and not check
    options = Options(root, out, tuple(formats), gegenereerd, afgeleid, herkomst, check, keep)
    slugs = layout.resolve(root, names)
    result = BuildResult()
    record = _manifest(options) if keep else None
    todo = slugs if opnieuw or record is None else [
        slug for slug in slugs if not _unchanged(record, options, slug)]
    pdfs = "pdf" in formats
    if pool is None and pdfs:
        pool = len(todo) > PDFS_PER_WORKER or min(len(todo), workers.cores()) > 1
    built = workers.map_ordered(_build_one, todo, _setup, (options,), pool=pool,
                                per_worker=PDFS_PER_WORKER if pdfs else None)
    pending = set(todo)
    for slug in slugs:
        failure = None
        if slug not in pending:
            assert record is not None
            result.warnings += record.entries[slug].warnings
            result.unchanged += _outputs(out, slug, formats).values()
        else:
            gemeente = next(built)
            assert gemeente.slug == slug, "workers answer in order"
            if gemeente.failed:
                failure = result.failures[slug] = InvalidData(gemeente.problems)
            else:
                result.warnings += gemeente.problems
            for mine, theirs in ((result.written, gemeente.files.written),
                                 (result.unchanged, gemeente.files.unchanged),
                                 (result.stale, gemeente.files.stale)):
                mine += theirs
            if record is not None:
                if failure:
                    record.forget(slug)
                else:
                    record.record(slug, gemeente.key, gemeente.stats, gemeente.problems)
        if on_gemeente:
            on_gemeente(slug, failure)
    if record is not None:
        record.save()
    return result


def _manifest(options: Options) -> Manifest:
    """The manifest of the output folder, for a build with these options."""
    settings = {"gegenereerd": options.gegenereerd, "afgeleid": options.afgeleid,
                "herkomst": options.herkomst}
    return Manifest.read(options.out, run_key(layout.kader_files(options.root), settings))


def _unchanged(record: Manifest, options: Options, slug: str) -> bool:
    """Whether the manifest shows the gemeente's sources and files as they are now."""
    if slug not in record.entries:
        return False  # not fingerprinted here: the worker that builds it does that
    key = gemeente_key(options.root / layout.MUNICIPALITIES / slug)
    return record.unchanged(slug, key, _outputs(options.out, slug, options.formats)) is not None


def _outputs(out: Path, slug: str, formats: tuple[str, ...]) -> dict[str, Path]:
    return {fmt: output_path(out, slug, fmt) for fmt in formats}


def _write(result: BuildResult, path: Path, content: str | bytes, check: bool) -> None:
    if check:
        data = content.encode("utf-8") if isinstance(content, str) else content
        same = path.is_file() and path.read_bytes() == data
        (result.unchanged if same else result.stale).append(path)
        return
    (result.written if write_atomic(path, content) else result.unchanged).append(path)
