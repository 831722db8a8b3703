"""The `stj` command: a thin click layer over the core.

Each command parses its options, calls the core and turns typed errors into exit codes:
1 for bad data or a failed build, 2 for bad usage. Click's own texts are Dutch (`nl`), and
the data root is `--root` or found as git finds a repository (`layout.data_root`).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from stj_factsheet import __version__, console, nl
from stj_factsheet.compare.uitvoer import FORMATEN
from stj_factsheet.errors import StjError, UsageError
from stj_factsheet.load import layout
from stj_factsheet.publish import build as builder
from stj_factsheet.publish import herkomst as versions
from stj_factsheet.publish import overzicht as publish_overzicht
from stj_factsheet.render import FORMATS, paths

F = TypeVar("F", bound=Callable[..., Any])
DIFF_FOUTEN = 3
"""`stj diff --exit-code` when TOT has errors: apart from 1 (the publication changes), as
git diff --exit-code keeps 1 for differences, so CI tells a broken change from a normal one."""

nl.install()  # before any option is declared: click words some texts right then


@click.group("stj", cls=console.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="MAP", help="Map met municipalities/ (en eventueel frameworks/). "
              "Standaard: de werkmap of de dichtstbijzijnde map erboven met municipalities/.")
@click.version_option(__version__, prog_name="stj")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
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
@console.handle_errors
def check(explicit: Path | None, gemeenten: tuple[str, ...], strict: bool) -> None:
    """Controleer de YAML van GEMEENTEN (standaard: alle).

    Elke fout staat op een eigen regel als `bestand:regel:kolom: melding`. Exit 0 als
    alles klopt, 1 bij fouten (of bij waarschuwingen met --strict), 2 bij verkeerd gebruik.

    \b
    Voorbeeld:
      stj check zwolle venlo --strict
    """
    from stj_factsheet.commands import check as checking

    root = layout.data_root(explicit)
    slugs = layout.resolve(root, gemeenten)
    problems = checking.check(root, gemeenten)
    errors, warnings = console.report(problems, strict)
    summary = (f"{console.count(errors, 'fout', 'fouten')}, "
               f"{console.count(warnings, 'waarschuwing', 'waarschuwingen')} in "
               f"{console.count(len(slugs), 'gemeente', 'gemeenten')}")
    if errors or (strict and warnings):
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(f"In orde: {summary}.")


@main.command()
@click.argument("van", required=False)
@click.argument("tot", required=False)
@click.option("--format", "formaat", type=click.Choice(FORMATEN), default="tekst",
              show_default=True, metavar="FORMAAT",
              help=f"Uitvoerformaat ({', '.join(FORMATEN)}): tekst voor de terminal, md voor "
              "een pull- of merge-request, json volgens schemas/diff.schema.json.")
@click.option("--exit-code", is_flag=True,
              help="Eindig met 1 als de publicatie verandert en met 0 als niet, zoals git "
              "diff --exit-code; met 3 als TOT fouten heeft.")
@click.pass_obj
@console.handle_errors
def diff(explicit: Path | None, van: str | None, tot: str | None, formaat: str,
         exit_code: bool) -> None:
    """Toon wat er aan de publicatie verandert.

    Vergelijkt de gegevens van git-revisie VAN (standaard HEAD) met TOT (standaard de
    werkmap); VAN..TOT kan ook. Per gemeente en aanpak de oordelen, teksten, LET OP's,
    conclusiepunten en tellingen die veranderen, teksten uit het toetsingskader, nieuwe en
    verdwenen gemeenten, aanpakken en rondes, de voortgang, en de landelijke cijfers die
    bewegen. Wat aan een kant niet te lezen is, heet "niet te vergelijken (fout)". Fouten
    in TOT worden gemeld zoals stj check ze meldt (exit 1; met --exit-code 3).

    \b
    Voorbeelden:
      stj diff                          wat verandert de werkmap ten opzichte van HEAD?
      stj diff main..HEAD --format md   voor een pull request
      stj diff HEAD~1 HEAD --exit-code
    """
    from stj_factsheet.commands import diff as verschillen
    from stj_factsheet.compare.uitvoer import render, slotregel

    uitkomst = verschillen.diff(layout.data_root(explicit), van, tot)
    errors, _ = console.report(uitkomst.fouten, strict=False)
    kleur = formaat == "tekst" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(render(uitkomst.verschil, [str(p) for p in uitkomst.fouten], formaat, kleur),
               nl=False, color=kleur)
    if errors:
        click.echo(slotregel(uitkomst.verschil, errors), err=True)
        sys.exit(DIFF_FOUTEN if exit_code else 1)
    if exit_code and (uitkomst.verschil.publicatie_verandert or uitkomst.verschil.hulpmiddel):
        sys.exit(1)


def _build_options(command: F) -> F:
    options = [
        click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True,
                     metavar="FORMAAT",
                     help=f"Uitvoerformaat ({', '.join(FORMATS)}); herhaalbaar. "
                     "Standaard: html en md."),
        click.option("--afgeleid", is_flag=True,
                     help="Overal de uit de oordelen afgeleide conclusies tonen, ook waar STJ "
                     "een conclusie schreef (om te vergelijken)."),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                     metavar="MAP", help="Uitvoermap. Standaard: out/ in de gegevensmap."),
        click.option("--herkomst/--geen-herkomst", default=True, show_default=True,
                     help="In het colofon de git-commit vermelden die de gegevens van de "
                     "gemeente het laatst wijzigde."),
        click.option("--ronde", default=None, metavar="RONDE",
                     help="Alleen deze ronde bouwen, bijv. 2015 (een vervolgronde) of 2013 "
                     "(de eerste ronde, genoemd naar het jaar van publicatie). Standaard: "
                     "alle rondes."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


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
@console.handle_errors
def build(explicit: Path | None, gemeenten: tuple[str, ...], all_: bool,
          formats: tuple[str, ...],
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
    root = layout.data_root(explicit)
    slugs = layout.resolve(root, gemeenten)
    if watch:
        console.watch(root, slugs, lambda: console.run_build(
            root, slugs, formats, afgeleid, out, herkomst, ronde))
        return
    progress = all_ and sys.stderr.isatty() and not check
    result = console.run_build(root, slugs, formats, afgeleid, out, herkomst, ronde, check,
                               progress, overzicht=all_, opnieuw=opnieuw, uncommitted=True)
    if all_ and result.failures:
        click.echo("Het overzicht (index.*) is niet ververst: los eerst de fouten op.", err=True)
    console.report_written(result, check)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="MAP", help="Uitvoermap. Standaard: out/ in de gegevensmap.")
@click.option("--herkomst/--geen-herkomst", default=True, show_default=True,
              help="De git-commit die de gegevens het laatst wijzigde in het colofon "
              "vermelden.")
@click.option("--check", is_flag=True,
              help="Niets schrijven; exit 1 en de lijst van bestanden die zouden wijzigen.")
@click.pass_obj
@console.handle_errors
def overzicht(explicit: Path | None, out: Path | None, herkomst: bool, check: bool) -> None:
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
    root = layout.data_root(explicit)
    data = versions.data_versions(root) if herkomst else None
    result = publish_overzicht.build_overzicht(
        root, console.target(root, out), gegenereerd=builder.generated_on(os.environ),
        herkomst=data.geheel if data else None, check=check)
    console.report(result.warnings, strict=False)
    for failure in result.failures.values():
        console.report(failure.problems, strict=False)
    if result.failures:
        click.echo("Het overzicht is niet geschreven: los eerst de fouten op.", err=True)
    console.report_written(result, check)


@main.command()
@click.argument("gemeente")
@_build_options
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRES",
              help="Adres om op te luisteren; alleen deze computer tenzij anders gezegd.")
@click.option("--port", default=None, type=click.IntRange(0, 65535), metavar="POORT",
              help="Poort om op te luisteren. Standaard 8000, of een vrije poort als 8000 "
              "bezet is.")
@click.pass_obj
@console.handle_errors
def serve(explicit: Path | None, gemeente: str, formats: tuple[str, ...], afgeleid: bool,
          out: Path | None, herkomst: bool, ronde: str | None, host: str,
          port: int | None) -> None:
    """Bouw GEMEENTE, toon het voorbeeld in de browser en bouw opnieuw bij elke wijziging.

    De pagina herlaadt zichzelf na een nieuwe build. Mislukt een build, dan toont de
    pagina de fouten (bestand:regel:kolom en melding) tot ze zijn opgelost. Alleen
    bestanden in de uitvoermap worden geserveerd.

    \b
    Voorbeeld:
      stj serve zwolle --port 8080
    """
    from stj_factsheet.commands.serve import PORT, Preview, open_server

    root = layout.data_root(explicit)
    slugs = layout.resolve(root, [gemeente])
    page = paths.factsheet(gemeente, "html", ronde if ronde and builder.ronde_is_vervolg(
        root, slugs, ronde) else None)
    preview = Preview(console.target(root, out), page)

    def rebuild() -> None:
        try:
            result = console.run_build(root, slugs, formats, afgeleid, out, herkomst, ronde)
        except StjError as error:
            preview.built(str(error).splitlines())
            raise
        preview.built([str(p) for failure in result.failures.values() for p in failure.errors])

    httpd = open_server(preview, host, PORT if port is None else port, elsewhere=port is None)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    chosen = httpd.server_address[1]
    if port is None and chosen != PORT:
        click.echo(f"Poort {PORT} is bezet; het voorbeeld gebruikt poort {chosen}.", err=True)
    click.echo(f"Voorbeeld: http://{host}:{chosen}/{page}", err=True)
    try:
        console.watch(root, slugs, rebuild)
    finally:
        httpd.shutdown()
        httpd.server_close()


@main.command()
@click.argument("naam")
@click.option("--aanpak", "aanpakken", multiple=True, metavar="NAAM",
              help="Naam van een aanpak; herhaalbaar. Standaard één aanpak `aanpak`.")
@click.option("--kader", default="ggsr-2013", show_default=True, metavar="ID",
              help="Het toetsingskader.")
@click.pass_obj
@console.handle_errors
def new(explicit: Path | None, naam: str, aanpakken: tuple[str, ...], kader: str) -> None:
    """Maak municipalities/<gemeente>/ aan om in te vullen.

    Elke indicator van het toetsingskader staat erin, met TODO waar een oordeel of tekst
    hoort; `stj check` meldt elk open punt tot het is ingevuld. Bestaande bestanden worden
    nooit overschreven. De schema's voor de editor komen in schemas/ van de gegevensmap.
    Buiten een gegevensmap begint stj new er een in de werkmap.

    \b
    Voorbeeld:
      stj new Deventer --aanpak "Bemoeizorg Jeugd" --aanpak "Veilig Thuis"
    """
    from stj_factsheet.commands import scaffold

    root = layout.data_root(explicit, new=True)
    for path in scaffold.new_gemeente(root, naam, list(aanpakken), kader):
        click.echo(f"aangemaakt: {path}")
    _write_schemas(root, None)
    click.echo(f"Vul de TODO's in en controleer met: stj check {layout.slug(naam)}")


@main.command()
@click.argument("gemeente")
@click.argument("ronde")
@click.option("--kader", default=None, metavar="ID",
              help="Toetsingskader van de nieuwe ronde. Standaard: dat van de vorige ronde.")
@click.pass_obj
@console.handle_errors
def vervolg(explicit: Path | None, gemeente: str, ronde: str, kader: str | None) -> None:
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

    root = layout.data_root(explicit)
    slug, written = scaffold.new_ronde(root, gemeente, ronde, kader)
    for path in written:
        click.echo(f"aangemaakt of bijgewerkt: {path}")
    _write_schemas(root, None)
    click.echo(f"Vul de TODO's in en controleer met: stj check {slug}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="MAP", help="Map voor de schema's. Standaard: schemas/ in de gegevensmap.")
@click.pass_obj
@console.handle_errors
def schema(explicit: Path | None, out: Path | None) -> None:
    """Schrijf de JSON Schema's van gemeente-, aanpak- en factsheetbestanden.

    Ze komen uit de modellen, met de indicatoren van de toetsingskaders van de
    gegevensmap; editors (VS Code met de YAML-extensie) gebruiken ze voor hulp en
    aanvulling tijdens het typen. De eerste regel van elk YAML-bestand wijst naar
    schemas/ in de gegevensmap. factsheet.schema.json beschrijft de open-data-vorm
    (--format json).

    \b
    Voorbeeld:
      stj schema
      stj --root ../stj-data schema
    """
    written = _write_schemas(layout.data_root(explicit, new=True), out)
    click.echo(f"{len(written)} schema's bijgewerkt")


def _write_schemas(root: Path, out: Path | None) -> list[Path]:
    """Write the schemas (into schemas/ of the data root by default) and say which."""
    from stj_factsheet.commands import schema as schemas

    written = schemas.write(out or root / schemas.FOLDER, root)
    for path in written:
        click.echo(f"geschreven: {path}")
    return written
