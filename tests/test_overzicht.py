"""The overview (`stj overzicht`, `out/index.*`): figures checked by hand on Zwolle +
Venlo, the CSV and JSON, the sentences, and when it is (not) written."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from stj_factsheet.publish.build import build
from stj_factsheet.publish.output import OVERZICHT_FILES
from stj_factsheet.render import overzicht
from stj_factsheet.rules import landelijk
from stj_factsheet.rules import verdicts as rules
from tests.golden import FICTIEF, GEMEENTEN, GOLDEN, REPO, regenerate
from tests.helpers import copy_gemeente, replace, stj


@pytest.fixture(scope="module")
def shipped() -> landelijk.KaderOverzicht:
    verzameling, failures, warnings = overzicht.collect(REPO)
    assert not failures and not warnings
    (kader,) = overzicht.view(verzameling).kaders
    return kader


def cijfers(kader: landelijk.KaderOverzicht, indicator: str) -> landelijk.IndicatorCijfers:
    return next(c for c in kader.gesorteerd if c.id == indicator)


# Verdicts read by hand from municipalities/*/*.yaml (Venlo er-op-af-aanpak; Zwolle
# bemoeizorg-jeugd, bijzondere-doelgroepen):
#   aanpak.doorzettingsmacht          X / X / X
#   samenwerking.relevante-partijen   √ and X / √ / X
#   gezin-centraal.behoefte-gezin     √ / √ / geen
#   continu.nazorg                    X / X / √
#   aanpak.alle-leefgebieden          √ and X / √ / √
# Per gemeente (counted once): Zwolle √ in one aanpak and X in the other is `gemengd`.
HAND = {
    # indicator: (aanpakken voldoet, verbeterpunt, gemengd, geen), (gemeenten the same)
    "aanpak.doorzettingsmacht": ((0, 3, 0, 0), (0, 2, 0, 0)),
    "samenwerking.relevante-partijen": ((1, 1, 1, 0), (0, 0, 2, 0)),
    "gezin-centraal.behoefte-gezin": ((2, 0, 0, 1), (2, 0, 0, 0)),
    "continu.nazorg": ((1, 2, 0, 0), (0, 1, 1, 0)),
    "aanpak.alle-leefgebieden": ((2, 0, 1, 0), (1, 0, 1, 0)),
}


@pytest.mark.parametrize("indicator", sorted(HAND))
def test_figures_on_zwolle_and_venlo_checked_by_hand(shipped: landelijk.KaderOverzicht,
                                                     indicator: str) -> None:
    c = cijfers(shipped, indicator)
    per_aanpak, per_gemeente = HAND[indicator]
    assert tuple(n for _, n in c.aanpakken.delen()) == per_aanpak
    assert tuple(n for _, n in c.gemeenten.delen()) == per_gemeente


def test_totals_and_order(shipped: landelijk.KaderOverzicht) -> None:
    assert (len(shipped.rijen), shipped.aantal_gemeenten) == (3, 2)
    assert [r.aanpak for r in shipped.rijen] == ["er-op-af-aanpak", "bemoeizorg-jeugd",
                                                  "bijzondere-doelgroepen"]
    assert len(shipped.gesorteerd) == 30
    assert all(c.aanpakken.totaal == 3 and c.gemeenten.totaal == 2 for c in shipped.gesorteerd)
    # most common verbeterpunt first: the seven X at all three aanpakken, in kader order
    assert [c.nummer for c in shipped.gesorteerd[:8]] == [2, 12, 13, 14, 16, 21, 29, 1]
    counts = [c.aanpakken.met_verbeterpunt for c in shipped.gesorteerd]
    assert counts == sorted(counts, reverse=True)
    # 9 indicators have √ at all three (counted by hand from the matrix in index.md)
    assert sum(c.aanpakken.voldoet == 3 for c in shipped.gesorteerd) == 9


def test_sentences_in_the_style_of_the_national_report(shipped: landelijk.KaderOverzicht,
                                                       ) -> None:
    assert shipped.zinnen[0] == "Van de 30 indicatoren voldoen er 9 bij alle 3 aanpakken."
    assert ("Bij alle 3 aanpakken is de doorzettingsmacht voor de regisseur niet geregeld; "
            "dat betreft beide gemeenten.") in shipped.zinnen
    assert ("Bij 2 van de 3 aanpakken (67%) is niet afgesproken dat de zorg en ondersteuning "
            "zo nodig een vervolg (nazorg) krijgen; dat betreft beide gemeenten.") in shipped.zinnen
    assert ("Bij 2 van de 3 aanpakken (67%; bij 1 daarvan voor een deel) zijn niet alle "
            "relevante partijen aan de aanpak verbonden; dat betreft beide gemeenten."
            ) in shipped.zinnen
    assert ("Bij 1 van de 3 aanpakken (33%; voor een deel) richt de aanpak zich niet op de "
            "problemen van alle gezinsleden en op alle leefgebieden; dat betreft 1 van de 2 "
            "gemeenten (50%).") in shipped.zinnen
    # one sentence per indicator with a verbeterpunt, none for the others
    assert len(shipped.zinnen) == 1 + sum(c.aanpakken.met_verbeterpunt > 0
                                          for c in shipped.gesorteerd)


@pytest.mark.parametrize(("n", "totaal", "tekst"), [
    (2, 3, "2 van de 3 aanpakken (67%)"), (1, 3, "1 van de 3 aanpakken (33%)"),
    (1, 8, "1 van de 8 aanpakken (13%)"), (3, 3, "alle 3 aanpakken"),
    (2, 2, "beide aanpakken"), (1, 1, "de aanpak"), (0, 4, "0 van de 4 aanpakken (0%)")])
def test_share_wording(n: int, totaal: int, tekst: str) -> None:
    assert landelijk.deel(n, totaal, "aanpak", "aanpakken") == tekst


def test_first_sentence_when_no_indicator_is_met_everywhere() -> None:
    cijfers = [landelijk.IndicatorCijfers(1, "a", "A", "T", rules.Telling(1, 0, 0, 1),
                                          rules.Telling(1), [])]
    assert landelijk.zinnen(cijfers, None, 2, 1)[0] == (  # type: ignore[arg-type]
        "Geen van de 1 indicatoren voldoet bij beide aanpakken.")


def test_a_gemeente_counts_once() -> None:
    def row(aanpak: str, **oordelen: str) -> landelijk.AanpakRij:
        return landelijk.AanpakRij("g", "G", aanpak, aanpak, "k", oordelen)  # type: ignore[arg-type]

    rows = [row("a", x="voldoet", y="verbeterpunt", z="geen", w="gemengd"),
            row("b", x="voldoet", y="verbeterpunt", z="voldoet", w="voldoet")]
    assert landelijk.gemeente_oordelen(rows) == {"x": "voldoet", "y": "verbeterpunt",
                                                 "z": "voldoet", "w": "gemengd"}


def test_csv_opens_with_the_csv_module_one_row_per_aanpak() -> None:
    text = (GOLDEN / "index.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["gemeente"], r["aanpak"]) for r in rows] == [
        ("venlo", "er-op-af-aanpak"), ("zwolle", "bemoeizorg-jeugd"),
        ("zwolle", "bijzondere-doelgroepen")]
    zwolle = rows[1]
    assert zwolle["aanpak.doorzettingsmacht"] == "verbeterpunt"
    assert zwolle["gezin-centraal.behoefte-gezin"] == "voldoet"
    assert rows[2]["gezin-centraal.behoefte-gezin"] == "geen"
    assert rows[0]["samenwerking.relevante-partijen"] == "gemengd"
    for r in rows:  # the counts agree with the 30 verdict columns
        words = [v for k, v in r.items() if "." in k]
        assert len(words) == 30
        assert [int(r[f"aantal_{w}"]) for w in ("voldoet", "verbeterpunt", "gemengd", "geen")] == [
            words.count(w) for w in ("voldoet", "verbeterpunt", "gemengd", "geen")]


def test_json_carries_the_same_figures() -> None:
    data = json.loads((GOLDEN / "index.json").read_text(encoding="utf-8"))
    (kader,) = data["kaders"]
    assert (kader["aantal_aanpakken"], kader["aantal_gemeenten"]) == (3, 2)
    by_id = {i["id"]: i for i in kader["indicatoren"]}
    assert by_id["continu.nazorg"]["aanpakken"] == {"voldoet": 1, "verbeterpunt": 2,
                                                    "gemengd": 0, "geen": 0}
    assert [g["slug"] for g in data["gemeenten"]] == list(GEMEENTEN)


def test_overview_html_has_links_matrix_and_text_for_every_cell() -> None:
    page = (GOLDEN / "index.html").read_text(encoding="utf-8")
    assert '<a href="zwolle/factsheet.html#bemoeizorg-jeugd">' in page
    assert page.count('<th scope="colgroup"') == 5
    assert page.count('<td class="oordeel-') == 90  # 3 aanpakken × 30 indicatoren
    # Venlo's two √-and-X indicators (relevante-partijen, alle-leefgebieden)
    assert page.count('<span class="visueel-verborgen">gemengd (√ en X)</span>') == 2


def test_progress_column_across_rounds() -> None:
    verzameling, failures, _ = overzicht.collect(FICTIEF)
    assert not failures
    (kader,) = overzicht.view(verzameling).kaders
    assert kader.rondes == ["2015"]
    assert [v.tekst() for v in cijfers(kader, "toeleiding.zicht-op-populatie").voortgang] == [
        "2015: 1 van 1 opgepakt"]
    assert [v.tekst() for v in cijfers(kader, "samenwerking.informatie-delen").voortgang] == [
        "2015: 1 van 1 deels opgepakt"]
    assert [v.tekst() for v in cijfers(kader, "samenwerking.opschaling").voortgang] == [
        "2015: 1 nieuw"]
    assert cijfers(kader, "aanpak.beleid").voortgang == []
    rows = list(csv.DictReader(io.StringIO(
        (GOLDEN / "fictief" / "index.csv").read_text(encoding="utf-8"))))
    assert [(r["aanpak"], r["vervolg_2015_opgepakt"], r["vervolg_2015_nieuw"]) for r in rows] == [
        ("wijkgerichte-gezinsaanpak", "4", "1"), ("gezinscoaching", "0", "0")]


def test_golden_tree_is_current(tmp_path: Path) -> None:
    """Every golden file, the overviews included, is what a build gives now."""
    fresh = {p.relative_to(tmp_path).as_posix() for p in regenerate(tmp_path)}
    committed = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert fresh == committed
    for name in sorted(fresh):
        assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes(), (
            f"{name} changed: review it, then run `make golden`")


def test_build_all_refreshes_the_overview_and_stj_overzicht_writes_only_it(tmp_path: Path,
                                                                           ) -> None:
    for slug in GEMEENTEN:
        copy_gemeente(tmp_path, slug)
    out = tmp_path / "out"
    assert stj("--root", tmp_path, "build", "zwolle", "--out", out).exit_code == 0
    assert not (out / "index.html").exists(), "a build of named gemeenten leaves it alone"
    assert stj("--root", tmp_path, "build", "--all", "--out", out,
               "--geen-herkomst").exit_code == 0
    for name in OVERZICHT_FILES:
        assert (out / name).read_bytes() == (GOLDEN / name).read_bytes()
    only = stj("--root", tmp_path, "overzicht", "--out", tmp_path / "o2", "--geen-herkomst")
    assert only.exit_code == 0, only.output
    assert sorted(p.name for p in (tmp_path / "o2").iterdir()) == sorted(OVERZICHT_FILES)
    assert stj("--root", tmp_path, "overzicht", "--out", out, "--check",
               "--geen-herkomst").exit_code == 0


def test_no_overview_from_incomplete_figures(tmp_path: Path) -> None:
    for slug in GEMEENTEN:
        copy_gemeente(tmp_path, slug)
    out = tmp_path / "out"
    build(tmp_path, (), out, overzicht=True)
    before = (out / "index.csv").read_bytes()
    replace(tmp_path / "municipalities" / "venlo" / "er-op-af-aanpak.yaml",
            "[aanpak.doorzettingsmacht]\n    oordeel: verbeterpunt",
            "[aanpak.doorzettingsmacht]\n    oordeel: voldoet", first=True)
    shutil.rmtree(tmp_path / "municipalities" / "zwolle")
    copy_gemeente(tmp_path, "zwolle")
    (tmp_path / "municipalities" / "zwolle" / "gemeente.yaml").write_text("naam: [\n")
    for args in (["overzicht"], ["build", "--all"]):
        result = stj("--root", tmp_path, *args, "--out", out)
        assert result.exit_code == 1
        assert "niet" in result.output and "overzicht" in result.output.lower()
        assert (out / "index.csv").read_bytes() == before, "the old overview stays"
