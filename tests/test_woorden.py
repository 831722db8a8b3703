"""What the pages say is true, and said one way: one word per progress state in every
place it shows, a follow-up round named after a year that makes its sentences true, and
no overview of nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from stj_factsheet import rules
from tests.golden import FICTIEF
from tests.helpers import replace, stj, where

SLUG = "voorbeeldstad"
RONDE = Path("municipalities") / SLUG / "2015" / "wijkgerichte-gezinsaanpak.yaml"
DOORZETTINGSMACHT = ("  - indicatoren: [aanpak.doorzettingsmacht]\n"
                     "    oordeel: voldoet\n")
"""In 2013 a verbeterpunt (X); in 2015 judged again: the verdict now picks the state."""
NU = {
    "opgepakt": DOORZETTINGSMACHT,
    "deels opgepakt": ("  - indicatoren: [aanpak.doorzettingsmacht]\n    oordelen:\n"
                       "      - oordeel: voldoet\n        tekst: Deels.\n"
                       "      - oordeel: verbeterpunt\n"),
    "niet opgepakt": DOORZETTINGSMACHT.replace("voldoet", "verbeterpunt"),
    "niet opnieuw beoordeeld": DOORZETTINGSMACHT.replace("voldoet", "geen"),
}
VORMEN = re.compile(r"\b(?:niet |deels )(?:opnieuw )?(?:opgepakt|beoordeeld)\b|\bopgepakt\b",
                    re.IGNORECASE)
"""Every wording of a progress state a page might use."""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FICTIEF / "municipalities", tmp_path / "municipalities")
    return tmp_path


def test_every_progress_state_has_a_word_and_the_readme_uses_it() -> None:
    assert set(NU) == set(rules.VOORTGANGEN) == set(rules.VOORTGANG.values())


@pytest.mark.parametrize("woord", rules.VOORTGANGEN)
def test_one_word_per_progress_state_in_row_legend_sentence_counts_and_overview(
        root: Path, woord: str) -> None:
    replace(root / RONDE, DOORZETTINGSMACHT, NU[woord])
    result = stj("--root", root, "build", SLUG, "--format", "html", "--format", "md")
    assert result.exit_code == 0, result.output
    assert stj("--root", root, "overzicht").exit_code == 0
    out = root / "out"
    html = (out / SLUG / "2015" / "factsheet.html").read_text("utf-8")
    md = (out / SLUG / "2015" / "factsheet.md").read_text("utf-8")
    rij = html[html.index('id="wijkgerichte-gezinsaanpak-aanpak-doorzettingsmacht"'):]
    rij = rij[:rij.index("</tr>")]
    assert f"<strong>{woord}</strong>" in rij, "the row"
    assert f"**{woord}** als" in md and f"<strong>{woord}</strong> als" in html, "the legend"
    zin = next(line for line in md.splitlines() if line.startswith("Van de 7 verbeterpunten"))
    assert woord.removeprefix("niet ") in zin, "the summary sentence"
    assert f"| {woord.capitalize()} | " in md, "the counts"
    overzicht = json.loads((out / "index.json").read_text("utf-8"))
    assert woord in json.dumps(overzicht, ensure_ascii=False), "the overview's open data"
    for page in (html, md, (out / "index.md").read_text("utf-8"),
                 (out / "index.html").read_text("utf-8"), json.dumps(overzicht,
                                                                     ensure_ascii=False)):
        found = {v.lower() for v in VORMEN.findall(page)}
        assert found <= set(rules.VOORTGANGEN), found - set(rules.VOORTGANGEN)


# --- a follow-up round named after its year -----------------------------------------------


@pytest.mark.parametrize(("naam", "melding"), [
    ("2012", "ronde `2012` komt niet na de ronde ervoor (2013): dan kan ze er niet op "
             "terugkijken"),
    ("2013", "de ronde `2013` bestaat al"),
    ("2016", "ronde `2016` ligt na haar publicatie (2015-10)"),
    ("najaar", "`najaar` is geen jaartal"),
])
def test_a_round_whose_name_makes_its_sentences_false_is_refused(root: Path, naam: str,
                                                                  melding: str) -> None:
    gemeente = root / "municipalities" / SLUG / "gemeente.yaml"
    replace(gemeente, 'ronde: "2015"', f'ronde: "{naam}"')
    (root / "municipalities" / SLUG / "2015").rename(root / "municipalities" / SLUG / naam)
    line, column = where(gemeente, f'"{naam}"')
    result = stj("--root", root, "check", "--strict", SLUG)
    assert result.exit_code == 1
    (fout,) = [r for r in result.stderr.splitlines() if f":{line}:{column}:" in r]
    assert fout.startswith(f"municipalities/{SLUG}/gemeente.yaml:{line}:{column}: {melding}")
    build = stj("--root", root, "build", SLUG, "--format", "md")
    assert build.exit_code == 1 and not (root / "out" / SLUG).exists(), "nothing written"


# --- no overview of nothing ---------------------------------------------------------------


@pytest.mark.parametrize("args", [["overzicht"], ["build", "--all"], ["overzicht", "--check"]])
def test_no_gemeente_at_all_writes_nothing_and_says_where_it_looked(tmp_path: Path,
                                                                     args: list[str]) -> None:
    (tmp_path / "municipalities").mkdir()
    result = stj("--root", tmp_path, *args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fout: geen enkele gemeente in {tmp_path / 'municipalities'} (een map per gemeente, "
        "met gemeente.yaml; begin er een met `stj new <gemeente>`, of geef met --root de "
        "map die municipalities/ met de gemeenten bevat)\n")
    assert not (tmp_path / "out").exists()
