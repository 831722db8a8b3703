"""Dutch for click's own texts: usage lines, help headings and its error messages.

Click words everything it prints itself ("Usage:", "Options", "Error: No such option")
through `gettext`, imported into each of its modules as `_` (and `ngettext`). `install`
points those names, in click's modules only, at this catalogue: the process-wide gettext
domain stays as it was, so other libraries are not affected. It runs once, when the CLI
module is imported, before any option is declared (click words some texts, such as a
path type's name, when an option is made).

The catalogue holds every message of click a user of `stj` can see; `PROGRAMMER_ERRORS`
lists the ones only a mistake in this package's own code can raise. A test reads click's
source and fails when a message is in neither, e.g. after an upgrade of click.
"""

from __future__ import annotations

import gettext as _gettext
import importlib
import sys

CATALOGUE: dict[str, str] = {
    # headings and help
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon het versienummer en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "required": "verplicht",
    "(dynamic)": "(wisselend)",
    "deprecated": "verouderd",
    "Do you want to continue?": "Wilt u doorgaan?",
    "Confirm the action without prompting.": "Bevestig zonder te vragen.",
    # errors
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Meer hulp: '{command} {option}'.",
    "Aborted!": "Afgebroken.",
    "Missing command.": "noem een opdracht.",
    "No such command {name!r}.": "onbekende opdracht {name!r}.",
    "No such option {name!r}.": "onbekende optie {name!r}.",
    "Missing argument": "ontbrekend argument",
    "Missing option": "ontbrekende optie",
    "Missing parameter": "ontbrekende waarde",
    "Missing parameter: {param_name}": "ontbrekende waarde: {param_name}",
    "Missing {param_type}": "ontbrekende waarde",
    "Invalid value: {message}": "ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "ongeldige waarde voor {param_hint}: {message}",
    "unknown error": "onbekende fout",
    "Could not open file {filename!r}: {message}":
        "het bestand {filename!r} kan niet worden geopend: {message}",
    "Value must be an iterable.": "geef een lijst van waarden.",
    "Option {name!r} does not take a value.": "de optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "het argument {name!r} vraagt {nargs} waarden.",
    "Invalid start character for option ({option})":
        "een optie begint met - of -- ({option})",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Let op: de opdracht {name!r} verdwijnt.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Let op: {name!r} verdwijnt.{extra_message}",
    # types (a path type's name is worded when the option is declared)
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "Choice({choices})": "Keuze({choices})",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value} is not in the range {range}.": "{value} ligt niet binnen {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen ja/nee-waarde; mogelijk: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand, geen map.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map, geen bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan niet worden gelezen.",
    "{name} {filename!r} is not writable.": "In {name} {filename!r} kan niet worden geschreven.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} kan niet worden uitgevoerd.",
    # prompts and terminal
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee waarden verschillen.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Press any key to continue...": "Druk op een toets om door te gaan …",
    "d": "d",
    "{editor}: Editing failed": "{editor}: bewerken mislukt",
    "{editor}: Editing failed: {e}": "{editor}: bewerken mislukt: {e}",
    "Windows error: {error}": "Windows-fout: {error}",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Aanvullen in de shell werkt pas vanaf Bash 4.4.",
    "Couldn't detect Bash version, shell completion is not supported.":
        "De versie van Bash is onbekend; aanvullen in de shell werkt niet.",
}

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("onverwacht extra argument ({args})", "onverwachte extra argumenten ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("vraagt {nargs} waarden, maar kreeg er 1.", "vraagt {nargs} waarden, maar kreeg er "
         "{len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelde u {possibility}?", "(Bedoelde u een van: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("de optie {name!r} vraagt een waarde.", "de optie {name!r} vraagt {nargs} waarden."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet {choice}.", "{value!r} is geen van {choices}."),
    ("{value!r} does not match the format {format}.",
     "{value!r} does not match the formats {formats}."):
        ("{value!r} heeft niet de vorm {format}.", "{value!r} heeft geen van de vormen "
         "{formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Er zijn {len_type} waarden nodig, maar er is er {len_value} gegeven.",
         "Er zijn {len_type} waarden nodig, maar er zijn er {len_value} gegeven."),
}

PROGRAMMER_ERRORS = frozenset({
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
})
"""Click messages that only a mistake in this package's code can raise: left in English."""

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui",
           "utils", "shell_completion", "_termui_impl")
"""Click's modules that word texts through gettext (`_winconsole` too, on Windows)."""


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    """Point click's `_` and `ngettext` at the Dutch catalogue (again: no harm)."""
    names = [*MODULES, *(["_winconsole"] if sys.platform == "win32" else [])]
    for name in names:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a module another click version does not have
            continue
        if getattr(module, "_", None) in (_gettext.gettext, gettext):
            module.__dict__["_"] = gettext
        if getattr(module, "ngettext", None) in (_gettext.ngettext, ngettext):
            module.__dict__["ngettext"] = ngettext
