"""The `stj` command: a thin click layer over the core.

Each command parses its options, calls the core and turns typed errors into exit codes:
1 for bad data or a failed build, 2 for bad usage.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from stj_factsheet import __version__
from stj_factsheet.errors import InvalidData, Problem, Severity, StjError, UsageError
from stj_factsheet.load import layout
from stj_factsheet.publish import build as builder
from stj_factsheet.publish import output

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
              show_default=True, help="Map met municipalities/ (en eventueel frameworks/).")
@click.version_option(__version__, prog_name="stj")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Factsheets van Samenwerkend Toezicht Jeugd uit YAML.

    \b
    Voorbeelden:
      stj new Deventer --aanpak "Bemoeizorg Jeugd"   nieuwe gemeente om in te vullen
      stj check                                     controleer alle gemeenten
      stj build zwolle                              out/zwolle/factsheet.html en .md
      stj build --all --check                       is out/ nog actueel?
      stj serve zwolle                              voorbeeld in de browser
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
    from stj_factsheet.validate import project

    slugs = layout.resolve(root, gemeenten)
    problems = project.check(root, slugs)
    errors, warnings = report(problems, strict)
    summary = (f"{_count(errors, 'fout', 'fouten')}, "
               f"{_count(warnings, 'waarschuwing', 'waarschuwingen')} in "
               f"{_count(len(slugs), 'gemeente', 'gemeenten')}")
    if errors or (strict and warnings):
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(f"In orde: {summary}.")


def _build_options(command: F) -> F:
    options = [
        click.option("--format", "formats", type=click.Choice(output.FORMATS), multiple=True,
                     help="Uitvoerformaat; herhaalbaar. Standaard: html en md."),
        click.option("--afgeleid", is_flag=True,
                     help="Overal de uit de oordelen afgeleide conclusies tonen, ook waar STJ "
                     "een conclusie schreef (om te vergelijken)."),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Uitvoermap. Standaard: out/ in de --root."),
        click.option("--herkomst/--geen-herkomst", default=True, show_default=True,
                     help="De git-commit van de gegevens in het colofon vermelden."),
        click.option("--ronde", default=None, metavar="RONDE",
                     help="Alleen deze ronde bouwen, bijv. 2015 (een vervolgronde) of 2013 "
                     "(de eerste ronde, genoemd naar het jaar van publicatie). Standaard: "
                     "alle rondes."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_build(root: Path, slugs: list[str], formats: tuple[str, ...], afgeleid: bool,
               out: Path | None, herkomst: bool, ronde: str | None = None,
               check: bool = False, progress: bool = False,
               overzicht: bool = False, opnieuw: bool = False) -> builder.BuildResult:
    """One build with its report; shared by `build`, `serve` and `--watch`."""
    kwargs: dict[str, Any] = {
        "gegenereerd": builder.generated_on(os.environ),
        "afgeleid": afgeleid,
        "herkomst": builder.data_commit(root) if herkomst else None,
        "check": check,
        "ronde": ronde,
        "overzicht": overzicht,
        "opnieuw": opnieuw,
    }
    target = out or root / "out"
    formats = tuple(dict.fromkeys(formats)) or output.DEFAULT_FORMATS
    if progress:
        with click.progressbar(length=len(slugs), label="Factsheets bouwen",
                               file=sys.stderr) as bar:
            result = builder.build(root, slugs, target, formats,
                                   on_gemeente=lambda _slug, _failure: bar.update(1), **kwargs)
    else:
        def line(slug: str, failure: InvalidData | None) -> None:
            state = (f"mislukt ({_count(len(failure.errors), 'fout', 'fouten')})" if failure
                     else "klaar")
            click.echo(f"{slug}: {state}", err=failure is not None)

        result = builder.build(root, slugs, target, formats, on_gemeente=line, **kwargs)
    report(result.warnings, strict=False)
    for failure in result.failures.values():
        report(failure.problems, strict=False)
    return result


@main.command()
@click.argument("gemeenten", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Alle gemeenten bouwen.")
@_build_options
@click.option("--check", is_flag=True,
              help="Niets schrijven; exit 1 en de lijst van bestanden die zouden wijzigen.")
@click.option("--watch", is_flag=True,
              help="Blijven draaien en opnieuw bouwen bij elke wijziging (Ctrl+C stopt).")
@click.option("--opnieuw", is_flag=True,
              help="Alles opnieuw bouwen, ook gemeenten waarvan niets veranderde sinds de "
              "vorige build.")
@click.pass_obj
@handle_errors
def build(root: Path, gemeenten: tuple[str, ...], all_: bool, formats: tuple[str, ...],
          afgeleid: bool, out: Path | None, herkomst: bool, ronde: str | None, check: bool,
          watch: bool, opnieuw: bool) -> None:
    """Schrijf de factsheets van GEMEENTEN naar out/<gemeente>/factsheet.<formaat>.

    Vervolgrondes komen in out/<gemeente>/<ronde>/ (html, md, pdf). Met --all wordt ook
    het overzicht out/index.* ververst. Een gemeente met fouten wordt overgeslagen en
    gemeld (exit 1); eerdere uitvoer blijft dan staan, ook het overzicht. Ongewijzigde
    bestanden worden niet herschreven, en een gemeente waarvan niets veranderde sinds de
    vorige build (gegevens, kader, sjablonen, opties, uitvoerbestanden) wordt
    overgeslagen; --opnieuw bouwt toch alles. Op een terminal toont --all een
    voortgangsbalk, anders één regel per gemeente.

    \b
    Voorbeelden:
      stj build zwolle
      stj build zwolle venlo --format html --format pdf
      stj build zwolle --format json --afgeleid
      stj build voorbeeldstad --ronde 2015
      stj build --all --check
      stj build zwolle --watch
    """
    if bool(gemeenten) == all_:
        raise UsageError("noem een of meer gemeenten, of gebruik --all (niet beide)")
    slugs = layout.resolve(root, gemeenten)
    if watch:
        _watch(root, slugs, lambda: _run_build(root, slugs, formats, afgeleid, out, herkomst,
                                               ronde))
        return
    progress = all_ and sys.stderr.isatty() and not check
    result = _run_build(root, slugs, formats, afgeleid, out, herkomst, ronde, check, progress,
                        overzicht=all_, opnieuw=opnieuw)
    if all_ and result.failures:
        click.echo("Het overzicht (index.*) is niet ververst: los eerst de fouten op.", err=True)
    _report_written(result, check)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Uitvoermap. Standaard: out/ in de --root.")
@click.option("--herkomst/--geen-herkomst", default=True, show_default=True,
              help="De git-commit van de gegevens in het colofon vermelden.")
@click.option("--check", is_flag=True,
              help="Niets schrijven; exit 1 en de lijst van bestanden die zouden wijzigen.")
@click.pass_obj
@handle_errors
def overzicht(root: Path, out: Path | None, herkomst: bool, check: bool) -> None:
    """Schrijf het landelijk beeld van alle gemeenten naar out/index.html, .md, .json en .csv.

    Per indicator het aantal aanpakken (en gemeenten) met elk oordeel, de meest
    voorkomende verbeterpunten eerst, zinnen in de stijl van het landelijk rapport, een
    matrix van alle oordelen en, als er vervolgrondes zijn, de voortgang. Heeft een
    gemeente fouten, dan wordt niets geschreven (de cijfers zouden onvolledig zijn).
    `stj build --all` ververst het overzicht ook.

    \b
    Voorbeelden:
      stj overzicht
      stj overzicht --out site/ --check
    """
    result = builder.build_overzicht(
        root, out or root / "out", gegenereerd=builder.generated_on(os.environ),
        herkomst=builder.data_commit(root) if herkomst else None, check=check)
    report(result.warnings, strict=False)
    for failure in result.failures.values():
        report(failure.problems, strict=False)
    if result.failures:
        click.echo("Het overzicht is niet geschreven: los eerst de fouten op.", err=True)
    _report_written(result, check)


def _report_written(result: builder.BuildResult, check: bool) -> None:
    """The closing lines of `build` and `overzicht`; exit 1 on failures (or, with
    `check`, on stale files)."""
    if check:
        for path in result.stale:
            click.echo(f"verouderd: {path}")
        click.echo(f"{_count(len(result.stale), 'bestand wijzigt', 'bestanden wijzigen')}, "
                   f"{len(result.unchanged)} actueel, "
                   f"{_count(len(result.failures), 'gemeente', 'gemeenten')} mislukt")
        if result.stale or result.failures:
            sys.exit(1)
        return
    summary = (f"{len(result.written)} geschreven, {len(result.unchanged)} ongewijzigd, "
               f"{_count(len(result.failures), 'gemeente', 'gemeenten')} mislukt")
    if result.failures:
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(summary)


def _watch(root: Path, slugs: list[str], rebuild: Callable[[], object],
           stop: threading.Event | None = None, interval: float = 0.5) -> None:
    """Build, then rebuild on every change until Ctrl+C (or `stop`); errors are reported,
    the loop goes on."""
    from stj_factsheet.commands.watch import Watcher, sources

    watcher = Watcher(sources(root, slugs))
    rebuild()
    click.echo("Wacht op wijzigingen (Ctrl+C stopt) …", err=True)
    try:
        while not (stop and stop.is_set()):
            time.sleep(interval)
            changed = watcher.changed()
            if changed:
                click.echo(f"gewijzigd: {', '.join(p.name for p in changed[:3])}"
                           + (" …" if len(changed) > 3 else ""), err=True)
                try:
                    rebuild()
                except StjError as error:
                    click.echo(str(error), err=True)
    except KeyboardInterrupt:
        click.echo("gestopt", err=True)


@main.command()
@click.argument("gemeente")
@_build_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adres om op te luisteren; alleen deze computer tenzij anders gezegd.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.pass_obj
@handle_errors
def serve(root: Path, gemeente: str, formats: tuple[str, ...], afgeleid: bool,
          out: Path | None, herkomst: bool, ronde: str | None, host: str, port: int) -> None:
    """Bouw GEMEENTE, toon het voorbeeld in de browser en bouw opnieuw bij elke wijziging.

    De pagina herlaadt zichzelf na een nieuwe build. Alleen bestanden in de uitvoermap
    worden geserveerd.

    \b
    Voorbeeld:
      stj serve zwolle --port 8080
    """
    from stj_factsheet.commands.serve import Preview, server

    slugs = layout.resolve(root, [gemeente])
    preview = Preview(out or root / "out")

    def rebuild() -> None:
        _run_build(root, slugs, formats, afgeleid, out, herkomst, ronde)
        preview.bump()

    httpd = server(preview, host, port)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = (f"{gemeente}/{ronde}/factsheet.html"
            if ronde and builder.ronde_is_vervolg(root, slugs, ronde)
            else f"{gemeente}/factsheet.html")
    click.echo(f"Voorbeeld: http://{host}:{httpd.server_address[1]}/{page}", err=True)
    try:
        _watch(root, slugs, rebuild)
    finally:
        httpd.shutdown()
        httpd.server_close()


@main.command()
@click.argument("naam")
@click.option("--aanpak", "aanpakken", multiple=True,
              help="Naam van een aanpak; herhaalbaar. Standaard één aanpak `aanpak`.")
@click.option("--kader", default="ggsr-2013", show_default=True, help="Het toetsingskader.")
@click.pass_obj
@handle_errors
def new(root: Path, naam: str, aanpakken: tuple[str, ...], kader: str) -> None:
    """Maak municipalities/<gemeente>/ aan om in te vullen.

    Elke indicator van het toetsingskader staat erin, met TODO waar een oordeel of tekst
    hoort; `stj check` meldt elk open punt tot het is ingevuld. Bestaande bestanden worden
    nooit overschreven.

    \b
    Voorbeeld:
      stj new Deventer --aanpak "Bemoeizorg Jeugd" --aanpak "Veilig Thuis"
    """
    from stj_factsheet.commands import scaffold
    from stj_factsheet.validate import project

    index = project.Project(root).require_kader(kader)
    for path in scaffold.new(root, naam, list(aanpakken), index):
        click.echo(f"aangemaakt: {path}")
    click.echo(f"Vul de TODO's in en controleer met: stj check {scaffold.slug(naam)}")


@main.command()
@click.argument("gemeente")
@click.argument("ronde")
@click.option("--kader", default=None,
              help="Toetsingskader van de nieuwe ronde. Standaard: dat van de vorige ronde.")
@click.pass_obj
@handle_errors
def vervolg(root: Path, gemeente: str, ronde: str, kader: str | None) -> None:
    """Maak een vervolgronde RONDE aan voor GEMEENTE, om in te vullen.

    Per aanpak met open verbeterpunten een bestand <gemeente>/<ronde>/<aanpak>.yaml met
    één bevinding per verbeterpunt (het eerdere oordeel en de tekst staan erbij als
    commentaar) en TODO waar het oordeel van nu hoort; de ronde wordt onder `vervolg`
    in gemeente.yaml gezet. De gemeente moet foutloos zijn. Bestaande bestanden worden
    nooit overschreven.

    \b
    Voorbeeld:
      stj vervolg zwolle 2015
    """
    from stj_factsheet.commands import scaffold
    from stj_factsheet.validate import project

    data = project.Project(root)
    slug = data.resolve([gemeente])[0]
    loaded, problems = data.load(slug)
    if loaded is None:
        raise InvalidData(problems)
    kader_id = kader or (loaded.rondes[-1].ronde.kader if loaded.rondes
                         else loaded.gemeente.kader)
    index = data.require_kader(kader_id)
    for path in scaffold.vervolg(root, loaded, ronde, index):
        click.echo(f"aangemaakt of bijgewerkt: {path}")
    click.echo(f"Vul de TODO's in en controleer met: stj check {slug}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Map voor de schema's. Standaard: schemas/ van deze repository.")
@handle_errors
def schema(out: Path | None) -> None:
    """Schrijf de JSON Schema's van gemeente-, aanpak- en factsheetbestanden.

    Ze komen uit de modellen; editors (VS Code met de YAML-extensie) gebruiken ze voor
    hulp en aanvulling tijdens het typen, en factsheet.schema.json beschrijft de
    open-data-vorm (--format json).

    \b
    Voorbeeld:
      stj schema --out ../stj-data/schemas
    """
    from stj_factsheet.commands import schema as schemas

    written = schemas.write(out or schemas.SCHEMAS)
    for path in written:
        click.echo(f"geschreven: {path}")
    click.echo(f"{len(written)} schema's bijgewerkt")
