"""`stj check` refuses Markdown the rich-text model cannot hold, at its line and column in
the YAML file, with what to write instead; and a refused text is never built."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import copy_gemeente, replace, stj, where, write

AANPAK = "municipalities/venlo/er-op-af-aanpak.yaml"
GEMEENTE = "municipalities/venlo/gemeente.yaml"


@pytest.fixture
def venlo(tmp_path: Path) -> Path:
    return copy_gemeente(tmp_path)


def errors_of(folder: Path) -> list[str]:
    result = stj("--root", folder.parent.parent, "check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()[:-1]


LITERAL = "  Binnen de overleggen wordt afgesproken wie waarvoor verantwoordelijk is"
"""A line of the `beschrijving: |-` block scalar of Venlo's aanpak."""

REFUSED = {
    "heading": ("## Werkwijze", "## Werkwijze", 0,
                "een kop (`#` of een regel `===`/`---` onder tekst) kan niet in een tekst "
                "(schrijf **vet** op een eigen regel in plaats van een kop)"),
    "rule": ("---", "---", 0, "een lijn (`---`, `***` of `___`) kan niet in een tekst (laat "
             "een lege regel tussen de alinea's in plaats van een lijn)"),
    "table": ("| Partner | Rol |\n  | --- | --- |", "| Partner", 0,
              "een tabel (regels met `|`) kan niet in een tekst (schrijf een lijst (`- …`) "
              "in plaats van een tabel)"),
    "image": ("Zie ![het schema](https://stj.nl/s.png)", "![", 0,
              "een afbeelding (`![…](…)`) kan niet in een tekst (beschrijf wat de afbeelding "
              "toont, of link ernaar: [tekst](https://…))"),
    "html": ("Een <u>onderstreept</u> woord", "<u>", 0,
             "HTML `<u>` kan niet in een tekst (schrijf *cursief*, **vet** of "
             "[tekst](https://…) in plaats van HTML)"),
    "inline code": ("Het veld `regie` is leeg", "`regie`", 0,
                    "code tussen backticks (`) kan niet in een tekst (schrijf ‘…’ in plaats "
                    "van backticks)"),
    "code block": ("Zie:\n\n        ingesprongen", "ingesprongen", 0,
                   "een regel die 4 spaties (of een tab) extra inspringt, wordt code (laat "
                   "de extra inspringing weg; een lijst in een lijst springt 4 spaties in "
                   "onder de tekst van het item)"),
    "javascript link": ("[klik](javascript:alert(1))", "javascript", 0,
                        "link naar `javascript:alert(1)`: alleen https://, http:// en "
                        "mailto: zijn toegestaan (schrijf een volledig adres, zoals "
                        "[tekst](https://…))"),
    "relative link": ("[de notitie](notitie.pdf)", "notitie.pdf", 0,
                      "link naar `notitie.pdf`: alleen https://, http:// en mailto: zijn "
                      "toegestaan (schrijf een volledig adres, zoals [tekst](https://…))"),
    "item starting with a quote": ("- > citaat", "- > citaat", 0,
                                   "dit lijstitem begint met een citaat of een lijst in "
                                   "plaats van tekst (zet tekst direct na `- ` of `1. `; een "
                                   "lijst in een lijst springt 4 spaties in onder die tekst)"),
    "brackets": ("[" * 3000, "[", 0, "te veel `[` zonder `]` (of te diep in elkaar) in deze "
                 "tekst (sluit elke `[` met `]`, of schrijf `\\[` voor een losse haak)"),
    "nesting": ("> " * 9 + "x", ">", 0, "lijsten en citaten zijn hier meer dan 8 niveaus diep "
                "genest (of de regel springt zo ver in) (maak de opsomming minder diep)"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_unsupported_markdown_in_a_literal_block_is_refused_where_it_stands(
        venlo: Path, name: str) -> None:
    inserted, needle, offset, message = REFUSED[name]
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, LITERAL, f"  {inserted}\n\n{LITERAL}")
    line, column = where(file, needle, offset)
    assert errors_of(venlo) == [f"{AANPAK}:{line}:{column}: {message}"]


def test_in_a_folded_block_the_line_and_column_are_found(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "      daadwerkelijk is gedaan.", "      daadwerkelijk is `gedaan`.")
    line, column = where(file, "`gedaan`")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: code tussen backticks (`) kan niet in een tekst (schrijf "
        "‘…’ in plaats van backticks)"]


def test_a_folded_block_with_paragraphs_and_a_list(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "    let_op: >-\n", "    let_op: >-\n      Eerst dit.\n\n      - een\n"
            "      - twee <br>\n\n")
    line, column = where(file, "<br>")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: HTML `<br>` kan niet in een tekst (schrijf *cursief*, "
        "**vet** of [tekst](https://…) in plaats van HTML)"]


def test_a_tag_that_runs_over_lines_is_quoted_on_one_short_line(venlo: Path) -> None:
    """A `<` before a letter opens a tag up to the next `>`, lines further on: the message
    quotes it on one line and at most 60 characters (the property test found a message
    of three lines, which broke `file:line:col` per line)."""
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "    let_op: >-\n", "    let_op: |-\n      Eerst <inleiding van de\n"
            "      partners en **hun rol** in het overleg, en verder alles wat\n"
            "      er nog te zeggen valt> en dan.\n\n")
    line, column = where(file, "<inleiding")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: HTML `<inleiding van de partners en **hun rol** in het "
        "overleg, e…` kan niet in een tekst (schrijf *cursief*, **vet** of "
        "[tekst](https://…) in plaats van HTML)"]


@pytest.mark.parametrize("quote", ["", "'", '"'])
def test_in_a_one_line_scalar_the_column_is_found(venlo: Path, quote: str) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "    tekst: >-\n      Er is een competentieprofiel voor de professional die "
            "vanuit het zorgnetwerk de\n      zorg coördineert.",
            f"    tekst: {quote}Er is een [profiel](ftp://stj.nl/p).{quote}")
    line, column = where(file, "ftp:")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: link naar `ftp://stj.nl/p`: alleen https://, http:// "
        "en mailto: zijn toegestaan (schrijf een volledig adres, zoals [tekst](https://…))"]


def test_a_multi_line_plain_scalar_is_reported_at_its_start(venlo: Path) -> None:
    file = venlo / "gemeente.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index("context: |-")
    end = text.index("aanpakken:")
    file.write_text(text[:start] + "context: Venlo is een gemeente\n  met een foto\n"
                    "  ![foto](https://x.nl/f.png)\n" + text[end:], encoding="utf-8")
    line, column = where(file, "Venlo is een")
    assert errors_of(venlo) == [
        f"{GEMEENTE}:{line}:{column}: een afbeelding (`![…](…)`) kan niet in een tekst "
        "(beschrijf wat de afbeelding toont, of link ernaar: [tekst](https://…))"]


def test_every_refusal_of_every_file_is_reported_with_the_other_errors(venlo: Path) -> None:
    replace(venlo / "gemeente.yaml", "inwoners: 100000", "inwoners: veel")
    replace(venlo / "gemeente.yaml", "  **Er op af aanpak vanuit zorgnetwerken**",
            "  # Er op af aanpak vanuit zorgnetwerken")
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, LITERAL, f"  Zie <https://stj.nl> en [1].\n\n  [1]: https://x.nl\n\n{LITERAL}")
    kop = where(venlo / "gemeente.yaml", "# Er op af")
    inwoners = where(venlo / "gemeente.yaml", "veel")
    reference = where(file, "[1]: ")
    assert errors_of(venlo) == [
        f"{AANPAK}:{reference[0]}:{reference[1]}: een linkdefinitie (`[naam]: adres`) kan "
        "niet in een tekst (schrijf de link in de zin zelf: [tekst](https://…))",
        f"{GEMEENTE}:{inwoners[0]}:{inwoners[1]}: verwacht een geheel getal, maar vond `veel` "
        "(schrijf het getal zonder punt of komma, bijv. 120000)",
        f"{GEMEENTE}:{kop[0]}:{kop[1]}: een kop (`#` of een regel `===`/`---` onder tekst) "
        "kan niet in een tekst (schrijf **vet** op een eigen regel in plaats van een kop)"]


def test_a_kader_text_is_checked_too(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    kader = (Path(__file__).resolve().parent.parent / "frameworks" / "ggsr-2013.yaml")
    text = kader.read_text(encoding="utf-8").replace(
        "De gemeente {gemeente} heeft geen beeld",
        "De gemeente {gemeente} heeft <i>geen</i> beeld", 1)
    file = write(tmp_path / "frameworks" / "ggsr-2013.yaml", text)
    line, column = where(file, "<i>")
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"frameworks/ggsr-2013.yaml:{line}:{column}: HTML `<i>` kan niet in een tekst (schrijf "
        "*cursief*, **vet** of [tekst](https://…) in plaats van HTML)")


def test_a_refused_text_is_not_built(venlo: Path) -> None:
    replace(venlo / "er-op-af-aanpak.yaml", LITERAL,
            f"  Zie [hier][x].\n\n  [x]: javascript:alert(1)\n\n{LITERAL}")
    result = stj("--root", venlo.parent.parent, "build", "venlo")
    assert result.exit_code == 1
    assert "linkdefinitie" in result.output
    assert not (venlo.parent.parent / "out" / "venlo" / "factsheet.md").exists()
    assert not (venlo.parent.parent / "out" / "venlo" / "factsheet.html").exists()
