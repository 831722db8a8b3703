"""What the `stj` command prints, and how it ends: Dutch usage lines, problems, build
reports and summaries, exit codes for the core's typed errors, and the rebuild loop of
`serve` and `--watch`.

Part of the click layer (`cli` declares the commands); the core never prints or exits.
"""

from __future__ import annotations

import functools
import io
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from stj_factsheet.errors import (
    InvalidData,
    NoGemeenten,
    Problem,
    Severity,
    StjError,
    SystemFault,
    UsageError,
)
from stj_factsheet.publish import build as builder
from stj_factsheet.publish import herkomst as versions
from stj_factsheet.publish import output
from stj_factsheet.render import DEFAULT_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


class Command(click.Command):
    """A command whose usage line is Dutch too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """The `stj` group: Dutch usage lines for itself and its commands, and output that
    can always be written."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        utf8_when_captured()
        return super().main(*args, **kwargs)


def utf8_when_captured() -> None:
    """Write UTF-8 to a pipe or file (CI logs, pre-commit, a test), whatever the locale:
    on Windows that is often cp1252, which cannot write every character of a message or
    of the data it quotes. A terminal keeps its own encoding."""
    for stream in (sys.stdout, sys.stderr):
        if (isinstance(stream, io.TextIOWrapper) and not stream.isatty()
                and stream.encoding.lower().replace("-", "") != "utf8"):
            stream.reconfigure(encoding="utf-8")


def handle_errors(command: F) -> F:
    """Turn the core's typed errors into a message and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (UsageError, SystemFault, NoGemeenten) as error:
            click.echo(f"Fout: {error}", err=True)
            sys.exit(error.exit_code)
        except StjError as error:
            click.echo(str(error), err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def report(problems: list[Problem], strict: bool) -> tuple[int, int]:
    """Print problems (notices count as warnings under --strict); return errors, warnings."""
    errors = warnings = 0
    for problem in sorted(problems):
        if strict and problem.severity is Severity.NOTICE:
            problem = Problem(problem.path, problem.line, problem.column, problem.message,
                              problem.hint, Severity.WARNING)
        errors += problem.severity is Severity.ERROR
        warnings += problem.severity is Severity.WARNING
        click.echo(str(problem), err=True)
    return errors, warnings


def run_build(root: Path, slugs: list[str], formats: tuple[str, ...], afgeleid: bool,
               out: Path | None, herkomst: bool, ronde: str | None = None,
               check: bool = False, progress: bool = False,
               overzicht: bool = False, opnieuw: bool = False,
               uncommitted: bool = False) -> output.BuildResult:
    """One build with its report; shared by `build`, `serve` and `--watch`. `uncommitted`:
    say so when a factsheet is made from data that differs from its commit."""
    data = versions.data_versions(root) if herkomst else None
    if uncommitted and data and not check:
        changed = [slug for slug in slugs if data.van(slug).endswith(versions.DIRTY)]
        if changed:
            click.echo(f"Let op: de gegevens van {', '.join(changed)} zijn niet gecommit; de "
                       f"factsheet noemt dan `{data.van(changed[0])}`. Wie out/ commit: "
                       "commit eerst de gegevens en bouw dan opnieuw, anders vindt `stj build "
                       "--all --check` out/ verouderd.", err=True)
    kwargs: dict[str, Any] = {
        "gegenereerd": builder.generated_on(os.environ),
        "afgeleid": afgeleid,
        "herkomst": data,
        "check": check,
        "ronde": ronde,
        "overzicht": overzicht,
        "opnieuw": opnieuw,
    }
    folder = target(root, out)
    formats = tuple(dict.fromkeys(formats)) or DEFAULT_FORMATS
    if progress:
        with click.progressbar(length=len(slugs), label="Factsheets bouwen",
                               file=sys.stderr) as bar:
            result = builder.build(root, slugs, folder, formats,
                                   on_gemeente=lambda _slug, _failure: bar.update(1), **kwargs)
    else:
        def line(slug: str, failure: InvalidData | None) -> None:
            state = (f"mislukt ({count(len(failure.errors), 'fout', 'fouten')})" if failure
                     else "klaar")
            click.echo(f"{slug}: {state}", err=failure is not None)

        result = builder.build(root, slugs, folder, formats, on_gemeente=line, **kwargs)
    report(result.warnings, strict=False)
    for failure in result.failures.values():
        report(failure.problems, strict=False)
    return result


def target(root: Path, out: Path | None) -> Path:
    """The output folder: `--out`, or out/ in the data root; never an existing file."""
    return output.output_folder(out or root / "out")


def report_written(result: output.BuildResult, check: bool) -> None:
    """The closing lines of `build` and `overzicht`; exit 1 on failures (or, with
    `check`, on stale files)."""
    if check:
        for path in result.stale:
            click.echo(f"verouderd: {path}")
        click.echo(f"{count(len(result.stale), 'bestand wijzigt', 'bestanden wijzigen')}, "
                   f"{len(result.unchanged)} actueel, "
                   f"{count(len(result.failures), 'gemeente', 'gemeenten')} mislukt")
        if result.stale or result.failures:
            sys.exit(1)
        return
    summary = (f"{len(result.written)} geschreven, {len(result.unchanged)} ongewijzigd, "
               f"{count(len(result.failures), 'gemeente', 'gemeenten')} mislukt")
    if result.failures:
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(summary)


def watch(root: Path, slugs: list[str], rebuild: Callable[[], object],
           stop: threading.Event | None = None, interval: float = 0.05) -> None:
    """Build, then rebuild on every change until Ctrl+C (or `stop`); errors are reported,
    the loop goes on."""
    from stj_factsheet.commands.watch import Watcher, sources

    watcher = Watcher(sources(root, slugs))
    try:
        rebuild()
    except StjError as error:
        click.echo(str(error), err=True)
    click.echo("Wacht op wijzigingen (Ctrl+C stopt) …", err=True)
    pause = interval
    try:
        while not (stop and stop.is_set()):
            time.sleep(pause)
            started = time.perf_counter()
            changed = watcher.changed()
            # A save is seen within `interval`; a tree so large that looking takes long
            # (`build --all --watch`) is looked at less often, at most a fifth of the time.
            pause = max(interval, 4 * (time.perf_counter() - started))
            if changed:
                click.echo(f"gewijzigd: {', '.join(p.name for p in changed[:3])}"
                           + (" …" if len(changed) > 3 else ""), err=True)
                try:
                    rebuild()
                except StjError as error:
                    click.echo(str(error), err=True)
    except KeyboardInterrupt:
        click.echo("gestopt", err=True)
