"""Each indicator of a finding with its own verdict, in every format; `geen` and a verdict
that names no indicator shown as "geen oordeel"; a located warning for the latter; ids
that stay unique when an indicator is judged in two findings."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stj_factsheet.render import pdf
from stj_factsheet.validate.project import Project
from stj_factsheet.view import factsheet as view
from stj_factsheet.view import vervolg as view_vervolg
from tests.golden import FICTIEF, GOLDEN
from tests.helpers import REPO, copy_gemeente, replace, stj, where

AANPAK = "municipalities/venlo/er-op-af-aanpak.yaml"
ALLEEN_BELEID = ("      - oordeel: voldoet\n"
                 "        indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]\n",
                 "      - oordeel: voldoet\n        indicatoren: [aanpak.beleid]\n")
"""Venlo's first verdict on beleid, visie and doelen names only beleid: visie is unjudged."""


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value is not None]


def ids_of(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def row(html: str, anker: str) -> str:
    start = html.index(f'<tr id="{anker}"')
    return html[start:html.index("</tr>", start)]


def verdicts(html: str, anker: str) -> list[str]:
    return re.findall(r'<span class="oordeel-\w+">([^<]*) <span class="symbool"', row(html, anker))


def venlo_view(root: Path = REPO) -> view.FactsheetView:
    loaded, _ = Project(root).load("venlo")
    assert loaded is not None
    return view.factsheet(loaded)


def test_the_view_gives_each_indicator_its_own_verdicts() -> None:
    (aanpak,) = venlo_view().aanpakken
    lines = {i.id: [o.woord for o in i.oordelen] for t in aanpak.themas for c in t.criteria
             for b in c.bevindingen for i in b.indicatoren}
    assert len(lines) == 30
    assert [lines[i] for i in ("aanpak.beleid", "aanpak.gezamenlijke-visie",
                               "aanpak.gezamenlijke-doelen")] == [
        ["voldoet"], ["voldoet"], ["verbeterpunt"]]
    # published with √ and X beside one indicator
    assert lines["aanpak.alle-leefgebieden"] == ["voldoet", "verbeterpunt"]
    planmatig = aanpak.themas[2].criteria[0]
    assert planmatig.bevindingen[0].criterium == "Planmatig"
    assert planmatig.bevindingen[0].criterium_rijen == 7, "a line per indicator"


def test_a_geen_beside_other_verdicts_shows_as_not_judged(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    replace(folder / "er-op-af-aanpak.yaml",
            "      - oordeel: verbeterpunt\n        indicatoren: [aanpak.gezamenlijke-doelen]",
            "      - oordeel: geen\n        indicatoren: [aanpak.gezamenlijke-doelen]")
    replace(folder / "er-op-af-aanpak.yaml", "          - aanpak.gezamenlijke-doelen\n", "")
    result = stj("--root", tmp_path, "build", "venlo", "--format", "html", "--format", "md",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "venlo"
    html = (out / "factsheet.html").read_text(encoding="utf-8")
    assert verdicts(html, "er-op-af-aanpak-aanpak-beleid") == ["voldoet"]
    assert verdicts(html, "er-op-af-aanpak-aanpak-gezamenlijke-doelen") == ["geen oordeel"]
    md = (out / "factsheet.md").read_text(encoding="utf-8")
    assert ("| De netwerkpartners hebben gezamenlijke doelen geformuleerd ten aanzien van de "
            "aanpak van GGSR | – | _zie hierboven_ |") in md
    data = json.loads((out / "factsheet.json").read_text(encoding="utf-8"))
    (finding,) = [b for b in data["aanpakken"][0]["themas"][2]["bevindingen"]
                  if b["indicatoren"][0]["id"] == "aanpak.beleid"]
    assert finding["indicatoren"] == [
        {"id": "aanpak.beleid", "oordeel": "voldoet"},
        {"id": "aanpak.gezamenlijke-visie", "oordeel": "voldoet"},
        {"id": "aanpak.gezamenlijke-doelen", "oordeel": "geen"}]


def test_the_pdf_gets_a_verdict_per_indicator_line() -> None:
    (aanpak,) = pdf.payload(venlo_view())["aanpakken"]
    (first, *_) = aanpak["themas"][2]["rijen"]
    assert [(i["tekst"], [o["woord"] for o in i["oordelen"]]) for i in first["indicatoren"]] == [
        ("De gemeente heeft beleid voor de groep GGSR", ["voldoet"]),
        ("De gemeente zorgt voor een gezamenlijke visie op de aanpak voor GGSR", ["voldoet"]),
        ("De netwerkpartners hebben gezamenlijke doelen geformuleerd ten aanzien van de "
         "aanpak van GGSR", ["verbeterpunt"])]
    # in the order of the chart and its columns (JSON with sorted keys cannot keep a dict's)
    assert [(d["waarde"], d["aantal"]) for d in aanpak["themas"][2]["telling"]] == [
        ("voldoet", 5), ("verbeterpunt", 8), ("gemengd", 1), ("geen", 0)]


def test_an_indicator_no_verdict_names_is_a_located_warning(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    replace(folder / "er-op-af-aanpak.yaml", *ALLEEN_BELEID)
    line, column = where(folder / "er-op-af-aanpak.yaml", "aanpak.gezamenlijke-visie,")
    warning = (f"{AANPAK}:{line}:{column}: waarschuwing: `aanpak.gezamenlijke-visie` krijgt "
               "geen oordeel: geen van de oordelen van deze bevinding noemt hem (noem hem in "
               "de `indicatoren` van een oordeel, of geef `oordeel: geen`)")
    relaxed = stj("--root", tmp_path, "check")
    assert relaxed.exit_code == 0
    assert relaxed.stderr == warning + "\n"
    assert relaxed.stdout == "In orde: 0 fouten, 1 waarschuwing in 1 gemeente.\n"
    strict = stj("--root", tmp_path, "check", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr == warning + "\n0 fouten, 1 waarschuwing in 1 gemeente\n"
    # Built, it says so instead of leaving the indicator out.
    assert stj("--root", tmp_path, "build", "venlo", "--format", "html").exit_code == 0
    html = (tmp_path / "out" / "venlo" / "factsheet.html").read_text(encoding="utf-8")
    assert verdicts(html, "er-op-af-aanpak-aanpak-gezamenlijke-visie") == ["geen oordeel"]


def test_a_verdict_without_indicators_judges_them_all(tmp_path: Path) -> None:
    """Venlo's √ and X on alle-leefgebieden name no indicators: no warning."""
    copy_gemeente(tmp_path)
    assert stj("--root", tmp_path, "check", "--strict").exit_code == 0


def test_follow_up_rows_give_each_indicator_its_verdicts_when_they_differ() -> None:
    loaded, _ = Project(FICTIEF).load("voorbeeldstad")
    assert loaded is not None
    (wijk, _) = view_vervolg.factsheet(loaded, loaded.rondes[0]).aanpakken
    rij = next(r for t in wijk.themas for r in t.rijen
               if r.indicatoren[0].id == "aanpak.gemeente-evalueert")
    assert [(g.indicator, [o.woord for o in g.oordelen]) for g in rij.toen] == [
        (None, ["verbeterpunt"])]
    assert [(g.indicator, [o.woord for o in g.oordelen]) for g in rij.nu] == [
        ("De gemeente evalueert de resultaten van de aanpak", ["voldoet"]),
        ("Op basis van de evaluatie wordt het beleid gecontinueerd dan wel bijgesteld",
         ["verbeterpunt"])]
    md = (GOLDEN / "fictief" / "voorbeeldstad" / "2015" / "factsheet.md").read_text(
        encoding="utf-8")
    assert ("| √: De gemeente evalueert de resultaten van de aanpak<br>X: Op basis van de "
            "evaluatie wordt het beleid gecontinueerd dan wel bijgesteld<br>") in md


def test_a_follow_up_indicator_no_verdict_names_is_not_judged(tmp_path: Path) -> None:
    shutil.copytree(FICTIEF / "municipalities", tmp_path / "municipalities")
    file = tmp_path / "municipalities" / "voorbeeldstad" / "2015" / "wijkgerichte-gezinsaanpak.yaml"
    replace(file, "        indicatoren: [aanpak.beleid-bijgesteld]",
            "        indicatoren: [aanpak.gemeente-evalueert]")
    line, column = where(file, "aanpak.beleid-bijgesteld]")
    result = stj("--root", tmp_path, "build", "voorbeeldstad", "--ronde", "2015", "--format",
                 "html")
    assert result.exit_code == 0, result.output
    assert (f"municipalities/voorbeeldstad/2015/wijkgerichte-gezinsaanpak.yaml:{line}:{column}: "
            "waarschuwing: `aanpak.beleid-bijgesteld` krijgt geen oordeel") in result.stderr
    html = (tmp_path / "out" / "voorbeeldstad" / "2015" / "factsheet.html").read_text(
        encoding="utf-8")
    cells = row(html, "wijkgerichte-gezinsaanpak-aanpak-gemeente-evalueert")
    assert ('<span class="oordeel-geen">geen oordeel <span class="symbool" aria-hidden="true">'
            '–</span></span><span class="oordeel-indicator">: Op basis van de evaluatie wordt '
            "het beleid gecontinueerd dan wel bijgesteld</span>") in cells
    assert ("<strong>niet opnieuw beoordeeld</strong>: Op basis van de evaluatie wordt het "
            "beleid gecontinueerd dan wel bijgesteld") in cells


def test_ids_stay_unique_when_an_indicator_is_judged_in_two_findings(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    replace(folder / "er-op-af-aanpak.yaml", "  - indicatoren: [aanpak.niet-loslaten]",
            "  - indicatoren: [aanpak.outreachend]\n    oordeel: verbeterpunt\n"
            "    tekst: Niet bij elk gezin.\n  - indicatoren: [aanpak.niet-loslaten]")
    assert stj("--root", tmp_path, "build", "venlo", "--format", "html").exit_code == 0
    html = (tmp_path / "out" / "venlo" / "factsheet.html").read_text(encoding="utf-8")
    ids = ids_of(html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert verdicts(html, "er-op-af-aanpak-aanpak-outreachend") == ["voldoet"]
    assert verdicts(html, "er-op-af-aanpak-aanpak-outreachend-2") == ["verbeterpunt"]
    # the same data, the same ids
    again = tmp_path / "again"
    assert stj("--root", tmp_path, "build", "venlo", "--format", "html", "--out",
               again).exit_code == 0
    assert ids_of((again / "venlo" / "factsheet.html").read_text(encoding="utf-8")) == ids


@pytest.mark.parametrize("page", sorted(p.relative_to(GOLDEN).as_posix()
                                        for p in GOLDEN.rglob("*.html")))
def test_every_id_on_a_golden_page_is_unique(page: str) -> None:
    ids = ids_of((GOLDEN / page).read_text(encoding="utf-8"))
    assert ids
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_ankers_hand_out_each_id_once() -> None:
    ankers = view.Ankers()
    assert [ankers.anker(w) for w in ("a", "a", "a-2", "a")] == ["a", "a-2", "a-2-2", "a-3"]
