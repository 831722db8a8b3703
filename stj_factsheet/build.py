"""Build factsheets: load, validate, render every format in memory, then write.

A gemeente whose data has errors is reported and skipped; the others are still written,
and nothing of the failing one is touched (its earlier output stays as it was). Files whose
content would not change are not rewritten. With `check`, nothing is written at all: the
result lists the files that would change.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from stj_factsheet import overzicht as overview
from stj_factsheet import pdf, render, source, view, view_vervolg
from stj_factsheet.errors import InvalidData, Problem, UsageError
from stj_factsheet.models import Gemeente
from stj_factsheet.output import write_atomic
from stj_factsheet.project import GEMEENTE_FILE, MUNICIPALITIES, LoadedGemeente, Project
from stj_factsheet.rondes import LoadedRonde
from stj_factsheet.typed import to_model


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
    return f"{moment.day} {view.MAANDEN[moment.month - 1]} {moment.year}"


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


def build(root: Path, names: tuple[str, ...] | list[str], out: Path,
          formats: tuple[str, ...] = render.DEFAULT_FORMATS, *,
          gegenereerd: str | None = None, afgeleid: bool = False,
          herkomst: str | None = None, check: bool = False, ronde: str | None = None,
          overzicht: bool = False,
          on_gemeente: Callable[[str, InvalidData | None], None] | None = None,
          ) -> BuildResult:
    """Build the named gemeenten (all when `names` is empty) into `out`.

    `afgeleid`: every conclusion is the derived one. `herkomst`: the data's commit, shown
    in the colophon. `check`: write nothing, list what would change. `ronde`: only that
    round (the first round is named after its year of publication; gemeenten without it
    are skipped, and none having it is a usage error); by default every round, follow-ups
    into `<gemeente>/<ronde>/` in the formats of `VERVOLG_FORMATS`. `overzicht`: also
    write the overview (`out/index.*`) of the gemeenten built, unless one failed.
    `on_gemeente` is told after each gemeente (None, or its problems). PDFs are typeset
    last, in a process pool that uses every core when there is more than one.
    """
    project = Project(root)
    result = BuildResult()
    pdf_payloads: dict[Path, str] = {}
    """Output path → payload: PDFs are typeset last, on every core."""
    known_rondes: set[str] = set()
    vervolg_formats = [f for f in formats if f in VERVOLG_FORMATS]
    if ronde is not None and not vervolg_formats and ronde_is_vervolg(project, names, ronde):
        raise UsageError(f"een vervolgfactsheet bestaat alleen als "
                         f"{', '.join(VERVOLG_FORMATS)}; kies een van die met --format")
    verzameling = overview.Verzameling.leeg()
    for slug in project.resolve(names):
        loaded, problems = project.load(slug)
        if loaded is None:
            result.failures[slug] = InvalidData(problems)
            if on_gemeente:
                on_gemeente(slug, result.failures[slug])
            continue
        result.warnings += problems
        if overzicht:
            verzameling.voeg_toe(loaded)
        rondes = rondes_to_build(loaded, ronde)
        known_rondes |= {loaded.gemeente.ronde, *(r.ronde.ronde for r in loaded.rondes)}
        if not rondes:
            continue
        if None in rondes:
            factsheet = view.factsheet(loaded, gegenereerd, afgeleid, herkomst)
            for fmt in formats:
                if fmt == "pdf":
                    pdf_payloads[output_path(out, slug, fmt)] = json.dumps(
                        pdf.payload(factsheet), ensure_ascii=False, sort_keys=True)
                else:
                    _write(result, output_path(out, slug, fmt),
                           render.render(factsheet, fmt), check)
        for vervolg in rondes:
            if vervolg is not None:
                page = view_vervolg.factsheet(loaded, vervolg, gegenereerd, herkomst)
                for fmt in vervolg_formats:
                    path = out / slug / vervolg.ronde.ronde / f"factsheet.{fmt}"
                    if fmt == "pdf":
                        pdf_payloads[path] = json.dumps(pdf.vervolg_payload(page),
                                                        ensure_ascii=False, sort_keys=True)
                    else:
                        _write(result, path, render.page("vervolg", fmt, factsheet=page), check)
        if on_gemeente:
            on_gemeente(slug, None)
    if ronde is not None and ronde not in known_rondes and not result.failures:
        raise UsageError(f"geen van deze gemeenten heeft een ronde `{ronde}`; wel: "
                         f"{', '.join(sorted(known_rondes))}")
    for path, content in zip(pdf_payloads, _typeset(list(pdf_payloads.values())), strict=True):
        _write(result, path, content, check)
    if overzicht:
        _write_overzicht(result, out, verzameling, gegenereerd, herkomst, check)
    return result


VERVOLG_FORMATS = ("html", "md", "pdf")
"""The formats of a follow-up factsheet (no open data yet)."""


def ronde_is_vervolg(project: Project, names: tuple[str, ...] | list[str], ronde: str) -> bool:
    """Whether `ronde` names a follow-up round (not the first) of one of the gemeenten;
    read from gemeente.yaml alone, before anything is built."""
    for slug in project.resolve(names):
        try:
            gemeente = to_model(Gemeente, source.load(
                project.root / MUNICIPALITIES / slug / GEMEENTE_FILE, slug))
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
    verzameling, failures, warnings = overview.collect(root)
    result = BuildResult(failures=failures, warnings=warnings)
    _write_overzicht(result, out, verzameling, gegenereerd, herkomst, check)
    return result


def _write_overzicht(result: BuildResult, out: Path, verzameling: overview.Verzameling,
                     gegenereerd: str | None, herkomst: str | None, check: bool) -> None:
    if result.failures:
        return
    pages = overview.pages(overview.view(verzameling, gegenereerd, herkomst))
    for name, content in pages.items():
        _write(result, out / name, content, check)


def _write(result: BuildResult, path: Path, content: str | bytes, check: bool) -> None:
    if check:
        data = content.encode("utf-8") if isinstance(content, str) else content
        same = path.is_file() and path.read_bytes() == data
        (result.unchanged if same else result.stale).append(path)
        return
    (result.written if write_atomic(path, content) else result.unchanged).append(path)


PDFS_PER_WORKER = 8
"""Typst keeps caches per process; a fresh worker every few PDFs keeps memory flat."""


def _typeset(payloads: list[str]) -> Iterator[bytes]:
    """The PDFs in order, each as soon as it is ready (so it can be written and freed)."""
    workers = min(len(payloads), len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                  else os.cpu_count() or 1)
    if len(payloads) <= PDFS_PER_WORKER and workers <= 1:
        yield from (pdf.compile_json(p) for p in payloads)
        return
    # A fresh pool per batch: Python 3.11's max_tasks_per_child can hang the pool.
    batch = workers * PDFS_PER_WORKER
    for start in range(0, len(payloads), batch):
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(pdf.compile_json, payloads[start:start + batch])
