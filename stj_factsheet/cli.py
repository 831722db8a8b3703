"""The `stj` command: a thin click layer over the core.

Each command parses its options, calls one core function and turns typed errors into
exit codes: 1 for bad data or a failed build, 2 for bad usage.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from stj_factsheet import __version__, project, render, schemas
from stj_factsheet import build as builder
from stj_factsheet.errors import Problem, Severity, StjError, UsageError

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(command: F) -> F:
    """Turn the core's typed errors into a message and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UsageError as error:
            click.echo(f"Fout: {error}", err=True)
            sys.exit(error.exit_code)
        except StjError as error:
            click.echo(str(error), err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


def _count(n: int, one: str, many: str) -> str:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True,
              help="Map met municipalities/ (en eventueel frameworks/).")
@click.version_option(__version__, prog_name="stj")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Factsheets van Samenwerkend Toezicht Jeugd uit YAML.

    \b
    Voorbeelden:
      stj check                 controleer alle gemeenten
      stj build zwolle          schrijf out/zwolle/factsheet.html en .md
      stj build --all           schrijf alle factsheets
    """
    ctx.obj = root


@main.command()
@click.argument("gemeenten", nargs=-1)
@click.option("--strict", is_flag=True, help="Waarschuwingen en opmerkingen laten falen.")
@click.pass_obj
@handle_errors
def check(root: Path, gemeenten: tuple[str, ...], strict: bool) -> None:
    """Controleer de YAML van GEMEENTEN (standaard: alle).

    Elke fout staat op een eigen regel als `bestand:regel:kolom: melding`. Exit 0 als
    alles klopt, 1 bij fouten (of bij waarschuwingen met --strict), 2 bij verkeerd gebruik.

    \b
    Voorbeeld:
      stj check zwolle venlo --strict
    """
    slugs = project.Project(root).resolve(gemeenten)
    problems = project.check(root, slugs)
    errors, warnings = report(problems, strict)
    summary = (f"{_count(errors, 'fout', 'fouten')}, "
               f"{_count(warnings, 'waarschuwing', 'waarschuwingen')} in "
               f"{_count(len(slugs), 'gemeente', 'gemeenten')}")
    if errors or (strict and warnings):
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(f"In orde: {summary}.")


@main.command()
@click.argument("gemeenten", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Alle gemeenten bouwen.")
@click.option("--format", "formats", type=click.Choice(render.FORMATS), multiple=True,
              help="Uitvoerformaat; herhaalbaar. Standaard: html en md.")
@click.option("--afgeleid", is_flag=True,
              help="Overal de uit de oordelen afgeleide conclusies tonen, ook waar STJ een "
              "conclusie schreef (om te vergelijken).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Uitvoermap. Standaard: out/ in de --root.")
@click.pass_obj
@handle_errors
def build(root: Path, gemeenten: tuple[str, ...], all_: bool, formats: tuple[str, ...],
          afgeleid: bool, out: Path | None) -> None:
    """Schrijf de factsheets van GEMEENTEN naar out/<gemeente>/factsheet.<formaat>.

    Een gemeente met fouten wordt overgeslagen en gemeld (exit 1); eerdere uitvoer
    blijft dan staan. Ongewijzigde bestanden worden niet herschreven.

    \b
    Voorbeelden:
      stj build zwolle
      stj build zwolle venlo --format html
      stj build zwolle --format json --afgeleid
      stj build --all --out site/
    """
    if bool(gemeenten) == all_:
        raise UsageError("noem een of meer gemeenten, of gebruik --all (niet beide)")
    result = builder.build(root, gemeenten, out or root / "out",
                           tuple(dict.fromkeys(formats)) or render.DEFAULT_FORMATS,
                           builder.generated_on(os.environ), afgeleid)
    report(result.warnings, strict=False)
    for path in result.written:
        click.echo(f"geschreven: {path}")
    for slug, failure in result.failures.items():
        report(failure.problems, strict=False)
        click.echo(f"mislukt: {slug} ({_count(len(failure.errors), 'fout', 'fouten')})",
                   err=True)
    summary = (f"{len(result.written)} geschreven, {len(result.unchanged)} ongewijzigd, "
               f"{_count(len(result.failures), 'gemeente', 'gemeenten')} mislukt")
    if result.failures:
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(summary)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Map voor de schema's. Standaard: schemas/ van deze repository.")
@handle_errors
def schema(out: Path | None) -> None:
    """Schrijf de JSON Schema's van gemeente-, aanpak- en factsheetbestanden.

    Ze komen uit de modellen; editors gebruiken ze voor hulp en aanvulling tijdens het
    typen, en factsheet.schema.json beschrijft de open-data-vorm (--format json).

    \b
    Voorbeeld:
      stj schema
    """
    written = schemas.write(out or schemas.SCHEMAS)
    for path in written:
        click.echo(f"geschreven: {path}")
    click.echo(f"{len(written)} schema's bijgewerkt")
