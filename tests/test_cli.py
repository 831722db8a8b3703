"""The `stj` command: exit codes and the exact messages a user sees."""

from __future__ import annotations

import ast
import gettext
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from stj_factsheet import nl
from stj_factsheet.cli import main
from tests.helpers import REPO, copy_gemeente, replace, stj, where


def test_check_on_the_shipped_data_passes_strictly() -> None:
    result = stj("--root", REPO, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "In orde: 0 fouten, 0 waarschuwingen in 2 gemeenten.\n"


def test_check_named_gemeenten(tmp_path: Path) -> None:
    copy_gemeente(tmp_path, "venlo")
    copy_gemeente(tmp_path, "zwolle")
    result = stj("--root", tmp_path, "check", "zwolle")
    assert result.exit_code == 0
    assert "in 1 gemeente." in result.stdout


@pytest.mark.parametrize("name", ["../x", "/etc", "Zwolle", "a/b", "zwolle.yaml"])
def test_a_name_that_is_no_slug_is_refused(tmp_path: Path, name: str) -> None:
    copy_gemeente(tmp_path)
    result = stj("--root", tmp_path, "check", name)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Fout: `{name}` is geen gemeentenaam")


def test_unknown_gemeente_is_a_usage_error(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    result = stj("--root", tmp_path, "build", "utrecht")
    assert result.exit_code == 2
    assert result.stderr == "Fout: onbekende gemeente `utrecht`; bekend: venlo\n"


def test_root_without_municipalities_is_a_usage_error(tmp_path: Path) -> None:
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 2
    assert "geen map `municipalities/`" in result.stderr


def test_build_needs_names_or_all(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    assert stj("--root", tmp_path, "build").exit_code == 2
    assert stj("--root", tmp_path, "build", "venlo", "--all").exit_code == 2


def test_errors_of_every_file_are_reported_sorted_then_exit_1(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    aanpak = folder / "er-op-af-aanpak.yaml"
    replace(folder / "gemeente.yaml", "inwoners: 100000", "inwoners: veel")
    replace(aanpak, "aantal_gezinnen: 25", "aantal_gezinnen: 25\nkleur: blauw")
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    line, _ = where(aanpak, "kleur")
    assert lines == [
        f"municipalities/venlo/er-op-af-aanpak.yaml:{line}:1: onbekende sleutel `kleur` "
        "(toegestaan: naam, netwerkpartners, aantal_gezinnen, beschrijving, bevindingen, "
        "conclusies)",
        "municipalities/venlo/gemeente.yaml:5:11: verwacht een geheel getal, maar vond "
        "`veel` (schrijf het getal zonder punt of komma, bijv. 120000)",
        "2 fouten, 0 waarschuwingen in 1 gemeente",
    ]


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    # Name the same indicator under two voldoet verdicts of one finding: a warning.
    replace(folder / "er-op-af-aanpak.yaml",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]\n      - oordeel: voldoet\n"
            "        indicatoren: [aanpak.beleid]", first=True)
    relaxed = stj("--root", tmp_path, "check")
    assert relaxed.exit_code == 0
    assert "waarschuwing: `aanpak.beleid` krijgt twee keer het oordeel `voldoet`" in (
        relaxed.stderr)
    assert stj("--root", tmp_path, "check", "--strict").exit_code == 1


def test_python_dash_m_works_like_stj() -> None:
    done = subprocess.run([sys.executable, "-m", "stj_factsheet", "--root", str(REPO),
                           "check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("In orde:")


def test_every_command_has_help_with_an_example() -> None:
    from stj_factsheet.cli import main

    assert main.help and "Voorbeelden" in main.help
    for name, command in main.commands.items():
        assert command.help, name
        assert "Voorbeeld" in command.help, name
        assert stj(name, "--help").exit_code == 0


def test_readme_has_a_section_for_every_command() -> None:
    from stj_factsheet.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"### stj {name}\n" in readme, f"README lacks a section for `stj {name}`"


# --- click's own texts, in Dutch ----------------------------------------------------------


def test_main_help_is_dutch() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    assert result.stdout == """\
Gebruik: stj [OPTIES] OPDRACHT [ARGUMENTEN]...

  Factsheets van Samenwerkend Toezicht Jeugd uit YAML.

  Voorbeelden:
    stj new Deventer --aanpak "Bemoeizorg Jeugd"   nieuwe gemeente om in te vullen
    stj check                                     controleer alle gemeenten
    stj build zwolle                              out/zwolle/factsheet.html en .md
    stj build --all --check                       is out/ nog actueel?
    stj serve zwolle                              voorbeeld in de browser

Opties:
  --root MAP  Map met municipalities/ (en eventueel frameworks/). Standaard: de
              werkmap of de dichtstbijzijnde map erboven met municipalities/.
  --version   Toon het versienummer en stop.
  -h, --help  Toon deze hulp en stop.

Opdrachten:
  build      Schrijf de factsheets van GEMEENTEN naar...
  check      Controleer de YAML van GEMEENTEN (standaard: alle).
  diff       Toon wat er aan de publicatie verandert.
  new        Maak municipalities/<gemeente>/ aan om in te vullen.
  overzicht  Schrijf het landelijk beeld van alle gemeenten naar...
  schema     Schrijf de JSON Schema's van gemeente-, aanpak- en...
  serve      Bouw GEMEENTE, toon het voorbeeld in de browser en bouw...
  vervolg    Maak een vervolgronde RONDE aan voor GEMEENTE, om in te vullen.
"""


@pytest.mark.parametrize(("args", "usage", "error"), [
    (["check", "--strikt"], "stj check [OPTIES] [GEMEENTEN]...",
     "onbekende optie '--strikt'. Bedoelde u '--strict'?"),
    (["vervolg", "zwolle"], "stj vervolg [OPTIES] GEMEENTE RONDE",
     "ontbrekend argument 'RONDE'."),
    (["build", "venlo", "--format", "xml"], "stj build [OPTIES] [GEMEENTEN]...",
     "ongeldige waarde voor '--format': 'xml' is geen van 'html', 'md', 'json', 'pdf'."),
    (["new", "Deventer", "Zwolle"], "stj new [OPTIES] NAAM",
     "onverwacht extra argument (Zwolle)"),
    (["serve", "venlo", "--port", "veel"], "stj serve [OPTIES] GEMEENTE",
     "ongeldige waarde voor '--port': 'veel' is geen geldig getal."),
    (["bouw"], "stj [OPTIES] OPDRACHT [ARGUMENTEN]...", "onbekende opdracht 'bouw'."),
], ids=["unknown-option", "missing-argument", "bad-choice", "extra-argument", "bad-number",
        "unknown-command"])
def test_usage_errors_are_dutch(args: list[str], usage: str, error: str) -> None:
    result = stj(*args)
    assert result.exit_code == 2
    command = " ".join(["stj", *args[:1]]) if args[0] in main.commands else "stj"
    assert result.stderr == (f"Gebruik: {usage}\nMeer hulp: '{command} --help'.\n\n"
                             f"Fout: {error}\n")


ENGLISH = ("Usage", "Options", "Commands", "Show this", "Show the", "TEXT", "INTEGER",
           "DIRECTORY", "PATH", "default:", "required", "Error")


@pytest.mark.parametrize("name", ["", "build", "check", "diff", "new", "overzicht", "schema",
                                  "serve", "vervolg"])
def test_every_help_page_is_dutch(name: str) -> None:
    result = stj(*([name] if name else []), "--help")
    assert result.exit_code == 0
    assert not [word for word in ENGLISH if word in result.stdout], result.stdout


def test_version_is_dutch() -> None:
    from stj_factsheet import __version__

    assert stj("--version").stdout == f"stj, versie {__version__}\n"


def _click_messages() -> set[str | tuple[str, str]]:
    """Every literal message click's modules pass to gettext (`_`) or `ngettext`."""
    found: set[str | tuple[str, str]] = {"required"}  # passed as `_(extra["required"])`
    for file in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)
                     and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                found.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                found.add((texts[0], texts[1]))
    return found


def test_the_dutch_catalogue_covers_every_click_message() -> None:
    """Fails when click (after an upgrade) words something the catalogue does not know."""
    messages = _click_messages()
    assert len(messages) > 60, "click's messages were found"
    missing = [m for m in messages if m not in nl.CATALOGUE and m not in nl.PLURALS
               and m not in nl.PROGRAMMER_ERRORS]
    assert not missing, f"translate these in stj_factsheet/nl.py: {missing}"


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_translations_use_only_the_placeholders_click_fills_in() -> None:
    pairs = list(nl.CATALOGUE.items()) + [
        (english, dutch) for key, value in nl.PLURALS.items()
        for english, dutch in zip(key, value, strict=True)]
    for english, dutch in pairs:
        assert _fields(dutch) <= _fields(english), (english, dutch)
        assert ("%(" in dutch) == ("%(" in english), (english, dutch)


def test_click_speaks_dutch_without_changing_gettext_for_others() -> None:
    import click.core
    import click.exceptions

    assert click.exceptions._ is nl.gettext  # type: ignore[attr-defined]
    assert click.core.ngettext is nl.ngettext  # type: ignore[attr-defined]
    assert gettext.gettext("Usage:") == "Usage:"
    assert gettext.textdomain() == "messages"


# --- the data root, found as git finds a repository --------------------------------------


def test_check_inside_a_gemeente_folder_finds_the_data_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_gemeente(tmp_path, "venlo")
    copy_gemeente(tmp_path, "zwolle")
    monkeypatch.chdir(folder)
    result = stj("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "In orde: 0 fouten, 0 waarschuwingen in 2 gemeenten.\n"
    built = stj("build", "venlo", "--format", "md", "--geen-herkomst")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "venlo" / "factsheet.md").is_file()
    assert not (folder / "out").exists()


def test_errors_found_from_a_subfolder_name_files_from_the_data_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_gemeente(tmp_path)
    replace(folder / "gemeente.yaml", "inwoners: 100000", "inwoners: veel")
    (folder / "2015").mkdir()
    monkeypatch.chdir(folder / "2015")
    result = stj("check")
    assert result.exit_code == 1
    assert result.stderr.startswith("municipalities/venlo/gemeente.yaml:5:11: verwacht een "
                                    "geheel getal, maar vond `veel`")


def test_without_a_data_root_above_check_says_where_it_looked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = stj("check")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Fout: geen map `municipalities/` in {tmp_path} of een map daarboven; ga naar de "
        "map met de gegevens, geef die met --root, of begin met `stj new <gemeente>`\n")


def test_new_in_an_empty_folder_starts_a_data_root_with_its_schemas(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    made = stj("new", "Deventer")
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["municipalities", "schemas"]
    monkeypatch.chdir(tmp_path / "municipalities" / "deventer")
    again = stj("new", "Almelo")
    assert again.exit_code == 0, again.output
    assert "aangemaakt: ../../municipalities/almelo/gemeente.yaml" in again.stdout
    assert sorted(p.name for p in (tmp_path / "municipalities").iterdir()) == [
        "almelo", "deventer"]


def test_root_option_wins_over_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_gemeente(tmp_path / "a", "venlo")
    copy_gemeente(tmp_path / "b", "zwolle")
    monkeypatch.chdir(tmp_path / "a")
    result = stj("--root", tmp_path / "b", "check")
    assert result.stdout == "In orde: 0 fouten, 0 waarschuwingen in 1 gemeente.\n"


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    (tmp_path / "out").write_text("geen map", encoding="utf-8")
    result = stj("--root", tmp_path, "build", "venlo")
    assert result.exit_code == 2
    assert result.stderr == (f"Fout: de uitvoermap `{tmp_path / 'out'}` is een bestand, geen "
                             "map; kies een andere map met --out, of verwijder of hernoem het "
                             "bestand\n")
