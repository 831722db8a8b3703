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

import datetime
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stj_factsheet.errors import InvalidData, Problem, UsageError
from stj_factsheet.load import layout
from stj_factsheet.publish import workers
from stj_factsheet.publish.manifest import Entry, Manifest, Stat, gemeente_key, run_key, stat
from stj_factsheet.publish.output import DEFAULT_FORMATS, OVERZICHT_FILES, write_atomic

if TYPE_CHECKING:
    from stj_factsheet.render.overzicht import Verzameling
    from stj_factsheet.validate.project import LoadedGemeente, Project
    from stj_factsheet.validate.rondes import LoadedRonde


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
    from stj_factsheet.view.factsheet import MAANDEN

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
    herkomst: str | None
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
    from stj_factsheet.render import environment as render
    from stj_factsheet.rules import landelijk
    from stj_factsheet.view import factsheet as view

    project, options = state
    key = gemeente_key(options.root / layout.MUNICIPALITIES / slug) if options.fingerprint else ""
    loaded, problems = project.load(slug)
    files = BuildResult()
    if loaded is None:
        return Built(slug, problems, True, files, {}, key)
    outputs: dict[str, Path] = {}
    rondes = rondes_to_build(loaded, options.ronde)
    if None in rondes:
        factsheet = view.factsheet(loaded, options.gegenereerd, options.afgeleid,
                                   options.herkomst)
        for fmt, path in _outputs(options.out, slug, options.formats).items():
            _write(files, path, render.render(factsheet, fmt), options.check)
            outputs[fmt] = path
    for vervolg in rondes:
        if vervolg is None:
            continue
        from stj_factsheet.render import pdf  # only gemeenten with follow-ups
        from stj_factsheet.view import vervolg as view_vervolg

        page = view_vervolg.factsheet(loaded, vervolg, options.gegenereerd, options.herkomst)
        for fmt in options.formats:
            if fmt in VERVOLG_FORMATS:
                path = options.out / slug / vervolg.ronde.ronde / f"factsheet.{fmt}"
                _write(files, path, pdf.render_vervolg(page) if fmt == "pdf"
                       else render.page("vervolg", fmt, factsheet=page), options.check)
                outputs[f"{vervolg.ronde.ronde}/{fmt}"] = path
    stats = {} if options.check else {name: stat(path) for name, path in outputs.items()}
    return Built(slug, problems, False, files,
                 {name: found for name, found in stats.items() if found is not None}, key,
                 [loaded.gemeente.ronde, *(r.ronde.ronde for r in loaded.rondes)],
                 landelijk.rijen_data(landelijk.rijen(loaded)))


PDFS_PER_WORKER = 8
"""Typst keeps caches per process; fresh workers every few PDFs keep memory flat."""


def build(root: Path, names: tuple[str, ...] | list[str], out: Path,
          formats: tuple[str, ...] = DEFAULT_FORMATS, *,
          gegenereerd: str | None = None, afgeleid: bool = False,
          herkomst: str | None = None, check: bool = False, ronde: str | None = None,
          overzicht: bool = False,
          on_gemeente: Callable[[str, InvalidData | None], None] | None = None,
          manifest: bool = True, opnieuw: bool = False, pool: bool | None = None,
          ) -> BuildResult:
    """Build the named gemeenten (all when `names` is empty) into `out`.

    `afgeleid`: every conclusion is the derived one. `herkomst`: the data's commit, shown
    in the colophon. `check`: write nothing, list what would change (every gemeente is
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
    slugs = layout.resolve(root, names)
    if (ronde is not None and not set(formats) & set(VERVOLG_FORMATS)
            and ronde_is_vervolg(root, slugs, ronde)):
        raise UsageError(f"een vervolgfactsheet bestaat alleen als "
                         f"{', '.join(VERVOLG_FORMATS)}; kies een van die met --format")
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
    rijen: list[dict[str, Any]] = []
    known_rondes: set[str] = set()
    for slug in slugs:
        failure = None
        if slug not in pending:
            assert record is not None
            entry = record.entries[slug]
            result.warnings += entry.warnings
            result.unchanged += _recorded_outputs(options, slug, entry).values()
            rijen.append(entry.overzicht)
        else:
            gemeente = next(built)
            assert gemeente.slug == slug, "workers answer in order"
            if gemeente.failed:
                failure = result.failures[slug] = InvalidData(gemeente.problems)
            else:
                result.warnings += gemeente.problems
                known_rondes.update(gemeente.rondes)
                assert gemeente.overzicht is not None
                rijen.append(gemeente.overzicht)
            for mine, theirs in ((result.written, gemeente.files.written),
                                 (result.unchanged, gemeente.files.unchanged),
                                 (result.stale, gemeente.files.stale)):
                mine += theirs
            if record is not None:
                if failure:
                    record.forget(slug)
                else:
                    record.record(slug, gemeente.key, gemeente.stats, gemeente.problems,
                                  gemeente.overzicht)
        if on_gemeente:
            on_gemeente(slug, failure)
    if ronde is not None and ronde not in known_rondes and not result.failures:
        raise UsageError(f"geen van deze gemeenten heeft een ronde `{ronde}`; wel: "
                         f"{', '.join(sorted(known_rondes))}")
    if record is not None and set(slugs) == set(layout.slugs(root)):
        record.keep_only(slugs)
    if overzicht and not result.failures:
        sleutel = record.overzicht_key(slugs) if record is not None else ""
        if (record is not None and record.overzicht_sleutel == sleutel
                and _overzicht_unchanged(record, out)):
            result.unchanged += [out / name for name in sorted(record.overzicht)]
        else:
            from stj_factsheet.render import overzicht as overview
            from stj_factsheet.rules import landelijk

            verzameling = overview.Verzameling.leeg()
            for data in rijen:
                verzameling.voeg_rijen_toe(landelijk.rijen_van_data(data))
            written = _write_overzicht(result, out, verzameling, gegenereerd, herkomst, check,
                                       root)
            if record is not None:
                record.record_overzicht(written, sleutel)
    if record is not None:
        record.save()
    return result


def ronde_is_vervolg(root: Path, slugs: list[str], ronde: str) -> bool:
    """Whether `ronde` names a follow-up round (not the first) of one of the gemeenten;
    read from gemeente.yaml alone, before anything is built."""
    from stj_factsheet.load import source
    from stj_factsheet.model.domain import Gemeente
    from stj_factsheet.model.typed import to_model

    for slug in slugs:
        try:
            gemeente = to_model(Gemeente, source.load(
                root / layout.MUNICIPALITIES / slug / layout.GEMEENTE_FILE, slug))
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


def build_overzicht(root: Path, out: Path, *, gegenereerd: str | None = None,
                    herkomst: str | None = None, check: bool = False) -> BuildResult:
    """`stj overzicht`: load every gemeente and write only the overview (`out/index.*`);
    nothing is written when a gemeente fails (the figures would be incomplete)."""
    from stj_factsheet.render import overzicht as overview

    verzameling, failures, warnings = overview.collect(root)
    result = BuildResult(failures=failures, warnings=warnings)
    if not failures:
        _write_overzicht(result, out, verzameling, gegenereerd, herkomst, check, root)
    return result


def _write_overzicht(result: BuildResult, out: Path, verzameling: Verzameling,
                     gegenereerd: str | None, herkomst: str | None, check: bool,
                     root: Path) -> dict[str, Stat]:
    """Write `index.*`; returns their `stat` for the manifest."""
    from stj_factsheet.render import overzicht as overview
    from stj_factsheet.validate.project import Project

    pages = overview.pages(overview.view(verzameling, gegenereerd, herkomst, Project(root)))
    found = {}
    for name, content in pages.items():
        _write(result, out / name, content, check)
        if (now := stat(out / name)) is not None:
            found[name] = now
    return found


def _overzicht_unchanged(record: Manifest, out: Path) -> bool:
    return set(record.overzicht) == set(OVERZICHT_FILES) and all(
        stat(out / name) == recorded for name, recorded in record.overzicht.items())


def _manifest(options: Options) -> Manifest:
    """The manifest of the output folder, for a build with these options."""
    settings = {"gegenereerd": options.gegenereerd, "afgeleid": options.afgeleid,
                "herkomst": options.herkomst}
    return Manifest.read(options.out, run_key(layout.kader_files(options.root), settings))


def _unchanged(record: Manifest, options: Options, slug: str) -> bool:
    """Whether the manifest shows the gemeente's sources and files as they are now."""
    entry = record.entries.get(slug)
    if entry is None or entry.overzicht is None:
        return False  # not fingerprinted here: the worker that builds it does that
    key = gemeente_key(options.root / layout.MUNICIPALITIES / slug)
    return record.unchanged(slug, key, _recorded_outputs(options, slug, entry)) is not None


def _recorded_outputs(options: Options, slug: str, entry: Entry) -> dict[str, Path]:
    """The files a build with these formats needs: the first round's, and those of the
    follow-up rounds the last build wrote (a new round changes gemeente.yaml, and so its
    fingerprint)."""
    outputs: dict[str, Path] = dict(_outputs(options.out, slug, options.formats))
    for name in entry.outputs:
        ronde, _, fmt = name.rpartition("/")
        if ronde and fmt in options.formats:
            outputs[name] = options.out / slug / ronde / f"factsheet.{fmt}"
    return outputs


def _outputs(out: Path, slug: str, formats: tuple[str, ...]) -> dict[str, Path]:
    return {fmt: output_path(out, slug, fmt) for fmt in formats}


def _write(result: BuildResult, path: Path, content: str | bytes, check: bool) -> None:
    if check:
        data = content.encode("utf-8") if isinstance(content, str) else content
        same = path.is_file() and path.read_bytes() == data
        (result.unchanged if same else result.stale).append(path)
        return
    (result.written if write_atomic(path, content) else result.unchanged).append(path)
