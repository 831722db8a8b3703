"""Build factsheets: load, validate, render every format in memory, then write.

A gemeente whose data has errors is reported and skipped; the others are still written,
and nothing of the failing one is touched (its earlier output stays as it was). Files whose
content would not change are not rewritten. With `check`, nothing is written at all: the
result lists the files that would change.

Gemeenten are built independently, in worker processes when there are many (`workers`);
results are written in the order of the gemeenten. A gemeente whose sources and output
files are as the last build left them is not built again (`manifest`). Every round of a
gemeente is built (its follow-ups into `<gemeente>/<ronde>/`), and with `overzicht` the
overview `index.*` of all of them (see `overzicht`).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stj_factsheet.errors import InvalidData, Problem, UsageError
from stj_factsheet.load import layout
from stj_factsheet.publish import workers
from stj_factsheet.publish.manifest import Entry, Manifest, Stat, gemeente_key, run_key, stat
from stj_factsheet.publish.output import (
    BuildResult,
    folder_problems,
    output_folder,
    write_or_compare,
)
from stj_factsheet.publish.overzicht import refresh_overzicht
from stj_factsheet.render import DEFAULT_FORMATS, paths

if TYPE_CHECKING:
    from stj_factsheet.publish.herkomst import Herkomst
    from stj_factsheet.validate.geladen import LoadedGemeente, LoadedRonde
    from stj_factsheet.validate.project import Project


def generated_on(environ: Mapping[str, str]) -> str | None:
    """The build date to print, only when SOURCE_DATE_EPOCH asks for one (reproducible)."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH=`{value}` is geen geldig aantal seconden") from None
    from stj_factsheet.view.factsheet import MAANDEN

    return f"{moment.day} {MAANDEN[moment.month - 1]} {moment.year}"


VERVOLG_FORMATS = ("html", "md", "pdf")
"""The formats of a follow-up factsheet (no open data yet)."""


@dataclass(frozen=True)
class Options:
    """What every factsheet of one build is made with, besides its own data."""

    root: Path
    out: Path
    formats: tuple[str, ...]
    gegenereerd: str | None
    afgeleid: bool
    herkomst: Herkomst | None
    """The data version of each gemeente (`herkomst.data_versions`), or None."""
    check: bool
    fingerprint: bool
    """Whether workers take each gemeente's fingerprint (for the manifest)."""
    ronde: str | None = None
    """Only this round (see `rondes_to_build`)."""


@dataclass
class Built:
    """One gemeente, built and written (or compared, with `check`) by a worker."""

    slug: str
    problems: list[Problem]
    failed: bool
    files: BuildResult
    """Its files as written, unchanged or stale; its problems are not in here."""
    stats: dict[str, Stat]
    """Per format (`<ronde>/<format>` for a follow-up) the size and mtime of the file after
    writing, for the manifest."""
    key: str
    """The fingerprint of its sources, taken before reading them (or "")."""
    rondes: list[str] = field(default_factory=list)
    """The names of all its rounds, the first one first."""
    overzicht: dict[str, Any] | None = None
    """Its overview rows (`landelijk.rijen_data`)."""


def _setup(options: Options) -> tuple[Project, Options]:
    """Per process: one project, so each kader is loaded and validated once. (The models,
    templates and Markdown are imported here: a build with nothing to do never needs
    them.)"""
    from stj_factsheet.render import environment as render  # noqa: F401 (imported before workers fork)
    from stj_factsheet.validate.project import Project
    from stj_factsheet.view import factsheet as view  # noqa: F401 (imported before workers fork)

    return Project(options.root), options


def _build_one(state: tuple[Project, Options], slug: str) -> Built:
    from stj_factsheet.rules import landelijk
    from stj_factsheet.view.overzicht import rijen as overzicht_rijen

    project, options = state
    key = _key(options, slug) if options.fingerprint else ""
    loaded, problems = project.load(slug)
    files = BuildResult()
    if loaded is None:
        return Built(slug, problems, True, files, {}, key)
    try:
        rendered = _render(loaded, options)
    except InvalidData as error:  # a PDF Typst could not make: nothing is written
        return Built(slug, [*problems, *error.problems], True, files, {}, key)
    for path, content in rendered.values():
        write_or_compare(files, path, content, options.check)
    stats = {} if options.check else {name: stat(path) for name, (path, _) in rendered.items()}
    return Built(slug, problems, False, files,
                 {name: found for name, found in stats.items() if found is not None}, key,
                 [loaded.gemeente.ronde, *(r.ronde.ronde for r in loaded.rondes)],
                 landelijk.rijen_data(overzicht_rijen(loaded)))


def _render(loaded: LoadedGemeente, options: Options) -> dict[str, tuple[Path, str | bytes]]:
    """Every output of a gemeente in memory, by format (`<ronde>/<format>` for a follow-up),
    with its path; `InvalidData` when a PDF cannot be made."""
    from stj_factsheet.render import environment as render
    from stj_factsheet.view import factsheet as view

    slug = loaded.slug
    herkomst = options.herkomst.van(slug) if options.herkomst else None
    outputs: dict[str, tuple[Path, str | bytes]] = {}
    rondes = rondes_to_build(loaded, options.ronde)
    if None in rondes:
        factsheet = view.factsheet(loaded, options.gegenereerd, options.afgeleid, herkomst)
        for fmt, path in _outputs(options.out, slug, options.formats).items():
            outputs[fmt] = (path, render.render(factsheet, fmt))
    for vervolg in rondes:
        if vervolg is None:
            continue
        from stj_factsheet.render import pdf  # only gemeenten with follow-ups
        from stj_factsheet.view import vervolg as view_vervolg

        page = view_vervolg.factsheet(loaded, vervolg, options.gegenereerd, herkomst)
        for fmt in options.formats:
            if fmt in VERVOLG_FORMATS:
                path = options.out / paths.factsheet(slug, fmt, vervolg.ronde.ronde)
                outputs[f"{vervolg.ronde.ronde}/{fmt}"] = (
                    path, pdf.render_vervolg(page) if fmt == "pdf"
                    else render.page("vervolg", fmt, factsheet=page))
    return outputs


PDFS_PER_WORKER = 4
"""Typst keeps caches per process (the wheel cannot evict them): a worker grows by some
25 MB per distinct factsheet. Fresh workers every 4 PDFs keep it near 200 MB (8: 315 MB;
2: 140 MB, but 20% slower: a fresh worker's first PDF costs more)."""


def build(root: Path, names: tuple[str, ...] | list[str], out: Path,
          formats: tuple[str, ...] = DEFAULT_FORMATS, *,
          gegenereerd: str | None = None, afgeleid: bool = False,
          herkomst: Herkomst | None = None, check: bool = False, ronde: str | None = None,
          overzicht: bool = False,
          on_gemeente: Callable[[str, InvalidData | None], None] | None = None,
          manifest: bool = True, opnieuw: bool = False, pool: bool | None = None,
          ) -> BuildResult:
    """Build the named gemeenten (all when `names` is empty) into `out`.

    `afgeleid`: every conclusion is the derived one. `herkomst`: the data versions, shown
    in the colophons. `check`: write nothing, list what would change (every gemeente is
    rendered and compared). `ronde`: only that round (the first round is named after its
    year of publication; gemeenten without it are skipped, and none having it is a usage
    error); by default every round, follow-ups into `<gemeente>/<ronde>/` in the formats
    of `VERVOLG_FORMATS`. `overzicht`: also write the overview (`out/index.*`) of the
    gemeenten built, unless one failed. `on_gemeente` is told after each gemeente, in order
    (None, or its problems). `manifest`: keep `out/.stj-build.json` and skip the gemeenten
    it shows unchanged (`opnieuw`: build them all the same; not with `check` or `ronde`).
    `pool`: use worker processes (default: when there are enough gemeenten and cores;
    always over several cores for PDFs).
    """
    keep = manifest and not check and ronde is None
    options = Options(root, out, tuple(formats), gegenereerd, afgeleid, herkomst, check, keep,
                      ronde)
    slugs = _requested(options, names)
    every, folders = layout.scan(root)
    result = folder_problems(folders) if set(slugs) == set(every) else BuildResult()
    record = _manifest(options) if keep else None
    todo = slugs if opnieuw or record is None else [
        slug for slug in slugs if not _unchanged(record, options, slug)]
    built, pending = _dispatch(options, todo, pool), set(todo)
    rijen: list[dict[str, Any]] = []
    known_rondes: set[str] = set()
    with record.kept_on_failure() if record is not None else contextlib.nullcontext():
        for slug in slugs:
            failure = None
            if slug in pending:
                gemeente = next(built)
                assert gemeente.slug == slug, "workers answer in order"
                failure = _take(result, record, gemeente, rijen, known_rondes)
            else:
                assert record is not None
                _take_recorded(result, record, options, slug, rijen)
            if on_gemeente:
                on_gemeente(slug, failure)
    if ronde is not None and ronde not in known_rondes and not result.failures:
        raise UsageError(f"geen van deze gemeenten heeft een ronde `{ronde}`; wel: "
                         f"{', '.join(sorted(known_rondes))}")
    if record is not None and set(slugs) == set(every):
        record.keep_only(slugs)
    if overzicht and not result.failures:
        refresh_overzicht(result, record, slugs, rijen, root=root, out=out,
                          gegenereerd=gegenereerd, check=check,
                          geheel=herkomst.geheel if herkomst else None)
    if record is not None:
        record.save()
    return result


def _requested(options: Options, names: tuple[str, ...] | list[str]) -> list[str]:
    """The gemeenten to build, after the checks of the request itself (usage errors)."""
    slugs = layout.resolve(options.root, names)
    output_folder(options.out)
    if (options.ronde is not None and not set(options.formats) & set(VERVOLG_FORMATS)
            and ronde_is_vervolg(options.root, slugs, options.ronde)):
        raise UsageError(f"een vervolgfactsheet bestaat alleen als "
                         f"{', '.join(VERVOLG_FORMATS)}; kies een van die met --format")
    return slugs


def _dispatch(options: Options, todo: list[str], pool: bool | None) -> Iterator[Built]:
    """Build `todo` in order, in worker processes where that pays off (always over several
    cores for PDFs, with fresh workers every `PDFS_PER_WORKER`)."""
    pdfs = "pdf" in options.formats
    if pool is None and pdfs:
        pool = len(todo) > PDFS_PER_WORKER or min(len(todo), workers.cores()) > 1
    return workers.map_ordered(_build_one, todo, _setup, (options,), pool=pool,
                               per_worker=PDFS_PER_WORKER if pdfs else None)


def _take(result: BuildResult, record: Manifest | None, gemeente: Built,
          rijen: list[dict[str, Any]], known_rondes: set[str]) -> InvalidData | None:
    """Add a gemeente a worker built to the result and the manifest; its failure, if any."""
    failure = None
    if gemeente.failed:
        failure = result.failures[gemeente.slug] = InvalidData(gemeente.problems)
    else:
        result.warnings += gemeente.problems
        known_rondes.update(gemeente.rondes)
        assert gemeente.overzicht is not None
        rijen.append(gemeente.overzicht)
    result.written += gemeente.files.written
    result.unchanged += gemeente.files.unchanged
    result.stale += gemeente.files.stale
    if record is not None and failure:
        record.forget(gemeente.slug)
    elif record is not None:
        record.record(gemeente.slug, gemeente.key, gemeente.stats, gemeente.problems,
                      gemeente.overzicht)
    return failure


def _take_recorded(result: BuildResult, record: Manifest, options: Options, slug: str,
                   rijen: list[dict[str, Any]]) -> None:
    """Add a gemeente the manifest shows unchanged: its files, warnings and overview rows
    as the last build left them."""
    entry = record.entries[slug]
    result.warnings += entry.warnings
    result.unchanged += _recorded_outputs(options, slug, entry).values()
    rijen.append(entry.overzicht)


def ronde_is_vervolg(root: Path, slugs: list[str], ronde: str) -> bool:
    """Whether `ronde` names a follow-up round (not the first) of one of the gemeenten;
    read from gemeente.yaml alone, before anything is built."""
    from stj_factsheet.load import source
    from stj_factsheet.model.domain import Gemeente
    from stj_factsheet.model.typed import to_model

    for slug in slugs:
        try:
            rel = f"{layout.MUNICIPALITIES}/{slug}/{layout.GEMEENTE_FILE}"
            gemeente = to_model(Gemeente, source.load(root / rel, rel))
        except InvalidData:
            continue
        if any(r.ronde == ronde for r in gemeente.vervolg):
            return True
    return False


def rondes_to_build(loaded: LoadedGemeente, ronde: str | None) -> list[LoadedRonde | None]:
    """The rounds to build, None standing for the first round: every round, or only the
    one named `ronde` (none when the gemeente does not have it)."""
    if ronde is None:
        return [None, *loaded.rondes]
    if ronde == loaded.gemeente.ronde:
        return [None]
    return [r for r in loaded.rondes if r.ronde.ronde == ronde]


def _manifest(options: Options) -> Manifest:
    """The manifest of the output folder, for a build with these options."""
    settings = {"gegenereerd": options.gegenereerd, "afgeleid": options.afgeleid,
                "herkomst": options.herkomst is not None}
    return Manifest.read(options.out, run_key(layout.kader_files(options.root), settings))


def _unchanged(record: Manifest, options: Options, slug: str) -> bool:
    """Whether the manifest shows the gemeente's sources and files as they are now."""
    entry = record.entries.get(slug)
    if entry is None or entry.overzicht is None:
        return False  # not fingerprinted here: the worker that builds it does that
    return record.unchanged(slug, _key(options, slug),
                            _recorded_outputs(options, slug, entry)) is not None


def _key(options: Options, slug: str) -> str:
    """A gemeente's fingerprint: its files, and its data version when that is shown."""
    key = gemeente_key(options.root / layout.MUNICIPALITIES / slug)
    return f"{key} {options.herkomst.van(slug)}" if options.herkomst else key


def _recorded_outputs(options: Options, slug: str, entry: Entry) -> dict[str, Path]:
    """The files a build with these formats needs: the first round's, and those of the
    follow-up rounds the last build wrote (a new round changes gemeente.yaml, and so its
    fingerprint)."""
    outputs: dict[str, Path] = dict(_outputs(options.out, slug, options.formats))
    for name in entry.outputs:
        ronde, _, fmt = name.rpartition("/")
        if ronde and fmt in options.formats:
            outputs[name] = options.out / paths.factsheet(slug, fmt, ronde)
    return outputs


def _outputs(out: Path, slug: str, formats: tuple[str, ...]) -> dict[str, Path]:
    return {fmt: out / paths.factsheet(slug, fmt) for fmt in formats}
