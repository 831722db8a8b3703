"""Build factsheets: load, validate, render every format in memory, then write.

A gemeente whose data has errors is reported and skipped; the others are still written,
and nothing of the failing one is touched (its earlier output stays as it was).
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from stj_factsheet import pdf, render, view
from stj_factsheet.errors import InvalidData, Problem, UsageError
from stj_factsheet.output import write_atomic
from stj_factsheet.project import Project


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
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


def output_path(out: Path, slug: str, fmt: str) -> Path:
    return out / slug / f"factsheet.{fmt}"


def build(root: Path, names: tuple[str, ...] | list[str], out: Path,
          formats: tuple[str, ...] = render.DEFAULT_FORMATS, gegenereerd: str | None = None,
          afgeleid: bool = False) -> BuildResult:
    """Build the named gemeenten (all when `names` is empty) into `out`. With `afgeleid`,
    every conclusion is the derived one (for an editor to compare). PDFs are typeset last,
    in a process pool that uses every core when there is more than one."""
    project = Project(root)
    result = BuildResult()
    pdf_payloads: dict[str, str] = {}
    for slug in project.resolve(names):
        loaded, problems = project.load(slug)
        if loaded is None:
            result.failures[slug] = InvalidData(problems)
            continue
        result.warnings += problems
        factsheet = view.factsheet(loaded, gegenereerd, afgeleid)
        for fmt in formats:
            if fmt == "pdf":
                pdf_payloads[slug] = json.dumps(pdf.payload(factsheet), ensure_ascii=False,
                                                sort_keys=True)
            else:
                _write(result, output_path(out, slug, fmt), render.render(factsheet, fmt))
    for slug, content in zip(pdf_payloads, _typeset(list(pdf_payloads.values())), strict=True):
        _write(result, output_path(out, slug, "pdf"), content)
    return result


def _write(result: BuildResult, path: Path, content: str | bytes) -> None:
    (result.written if write_atomic(path, content) else result.unchanged).append(path)


def _typeset(payloads: list[str]) -> list[bytes]:
    workers = min(len(payloads), os.cpu_count() or 1)
    if workers <= 1:
        return [pdf.compile_json(p) for p in payloads]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(pdf.compile_json, payloads))
