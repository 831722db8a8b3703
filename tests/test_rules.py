"""Derived conclusions, the checks of hand-written ones, and the progress rules."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stj_factsheet import rules
from stj_factsheet.model.domain import Conclusiezin
from stj_factsheet.model.kader import SHIPPED, KaderIndex
from stj_factsheet.model.kader import load as load_kader
from stj_factsheet.render import opendata
from tests.helpers import REPO, copy_gemeente, replace, stj, where

KADER: KaderIndex = load_kader(SHIPPED / "ggsr-2013.yaml", "ggsr-2013.yaml")
IDS = list(KADER.plaatsen)
WOORDEN: tuple[rules.Samenvatting, ...] = ("voldoet", "verbeterpunt", "gemengd", "geen")
SAMENVATTINGEN = st.sampled_from(WOORDEN)


def _uitspraken() -> dict[tuple[str, str], tuple[str, list[str], bool]]:
    """Every text a derived point can have, per column, read from the kader itself:
    the verdict that text states, about which indicators, and whether it names a risk."""
    found: dict[tuple[str, str], tuple[str, list[str], bool]] = {}
    for zin in KADER.kader.conclusiezinnen:
        belang = f" {zin.belang.tekst}" if zin.belang else ""
        for oordeel, kolom, extra in (("voldoet", "goed", ""), ("verbeterpunt", "beter", belang),
                                      ("gemengd", "beter", belang)):
            tekst = getattr(zin, oordeel)
            if tekst is not None:
                key = (kolom, (tekst.tekst + extra).replace("{gemeente}", "Testdorp"))
                assert key not in found, key
                found[key] = (oordeel, zin.indicatoren, zin.belang is not None)
    return found


UITSPRAKEN = _uitspraken()


def assert_states_exactly(oordelen: dict[str, rules.Samenvatting]) -> None:
    """Each derived point is a kader sentence stating the verdict of exactly the indicators
    it names; every judged indicator is in one point; one without a verdict in none; per
    column the points that name a risk come first, the rest are marked optional."""
    named: list[str] = []
    for thema_id, conclusie in rules.derive(oordelen, KADER, "Testdorp").items():
        for kolom, punten in (("goed", conclusie.goed), ("beter", conclusie.beter)):
            for punt in punten:
                oordeel, indicatoren, risico = UITSPRAKEN[kolom, punt.tekst]
                assert punt.indicatoren == indicatoren, punt
                assert {oordelen[i] for i in indicatoren} == {oordeel}, (punt, oordelen)
                assert {KADER.plaatsen[i].thema.id for i in indicatoren} == {thema_id}
                assert punt.optioneel == (not risico or oordeel == "gemengd"), punt
                assert punt.bron == "afgeleid"
                named += indicatoren
            flags = [p.optioneel for p in punten]
            assert flags == sorted(flags), f"{thema_id} {kolom}: optional points come last"
    assert sorted(named) == sorted(i for i, v in oordelen.items() if v != "geen")


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({i: SAMENVATTINGEN for i in IDS}))
def test_derived_points_state_exactly_the_verdicts(oordelen: dict[str, rules.Samenvatting],
                                                    ) -> None:
    assert_states_exactly(oordelen)


@pytest.mark.parametrize("zin", [z for z in KADER.kader.conclusiezinnen],
                         ids=lambda z: z.id or z.indicatoren[0])
def test_every_verdict_pattern_of_every_entry(zin: Conclusiezin) -> None:
    """All 4^n patterns over the indicators of each group (and each single indicator),
    the rest of the kader without a verdict, and once more with the rest √."""
    for pattern in itertools.product(WOORDEN, repeat=len(zin.indicatoren)):
        for rest in ("geen", "voldoet"):
            oordelen: dict[str, rules.Samenvatting] = dict.fromkeys(IDS, rest)
            oordelen.update(zip(zin.indicatoren, pattern, strict=True))
            assert_states_exactly(oordelen)


def _punten(oordelen: dict[str, rules.Samenvatting], thema: str,
            ) -> tuple[list[tuple[str, list[str], bool]], list[tuple[str, list[str], bool]]]:
    conclusie = rules.derive({**dict.fromkeys(IDS, "geen"), **oordelen}, KADER,
                             "Testdorp")[thema]
    return ([(p.tekst, p.indicatoren, p.optioneel) for p in conclusie.goed],
            [(p.tekst, p.indicatoren, p.optioneel) for p in conclusie.beter])


def test_part_of_a_group_gets_the_sentences_of_its_own_indicators() -> None:
    """The cases of issue 16: a group sentence only when the whole group shares it."""
    goed, beter = _punten({"gezin-centraal.eigen-kracht": "voldoet",
                           "gezin-centraal.sociaal-netwerk": "verbeterpunt"}, "gezin-centraal")
    assert goed == [("Binnen de aanpak wordt de eigen kracht van het gezin ondersteund en "
                     "benut.", ["gezin-centraal.eigen-kracht"], False)]
    assert beter == [("Binnen de aanpak wordt het sociale netwerk van het gezin niet benut. "
                      "Een betrokken sociaal netwerk kan het gezin steunen, ook als de "
                      "hulpverlening zich terugtrekt.", ["gezin-centraal.sociaal-netwerk"],
                      False)]
    goed, beter = _punten({"aanpak.beleid": "voldoet", "aanpak.gezamenlijke-visie":
                           "verbeterpunt"}, "aanpak")
    assert [p[0] for p in goed] == ["De gemeente heeft beleid voor deze groep gezinnen."]
    assert [p[0].split(". ")[0] for p in beter] == [
        "De gemeente zorgt niet voor een gezamenlijke visie op de aanpak"]
    goed, beter = _punten({"aanpak.resultaten-bijgehouden": "voldoet"}, "aanpak")
    assert (goed, beter) == ([("De resultaten van de aanpak worden bijgehouden.",
                               ["aanpak.resultaten-bijgehouden"], True)], [])


def test_the_whole_group_gets_the_group_sentence() -> None:
    goed, _ = _punten({"gezin-centraal.eigen-kracht": "voldoet",
                       "gezin-centraal.sociaal-netwerk": "voldoet"}, "gezin-centraal")
    assert goed == [("Binnen de aanpak wordt uitgegaan van de eigen kracht van het gezin en "
                     "zijn sociale netwerk.", ["gezin-centraal.eigen-kracht",
                                                "gezin-centraal.sociaal-netwerk"], False)]


def test_a_shared_x_under_a_met_indicator_uses_the_sub_group() -> None:
    """Zwolle Bijzondere doelgroepen and Venlo: resultaten √, the other three X."""
    oordelen: dict[str, rules.Samenvatting] = {
        "aanpak.resultaten-bijgehouden": "voldoet", "aanpak.partners-evalueren": "verbeterpunt",
        "aanpak.gemeente-evalueert": "verbeterpunt", "aanpak.beleid-bijgesteld": "verbeterpunt"}
    goed, beter = _punten(oordelen, "aanpak")
    assert [p[1] for p in goed] == [["aanpak.resultaten-bijgehouden"]]
    assert [p[1] for p in beter] == [["aanpak.partners-evalueren", "aanpak.gemeente-evalueert",
                                      "aanpak.beleid-bijgesteld"]]
    assert beter[0][0].startswith("De aanpak wordt door gemeente en netwerkpartners niet "
                                  "geëvalueerd, en het beleid wordt niet op basis van een "
                                  "evaluatie voortgezet of bijgesteld.")


def test_a_theme_with_nothing_to_say_stays_empty() -> None:
    derived = rules.derive(dict.fromkeys(IDS, "geen"), KADER, "Testdorp")
    assert all(not c.goed and not c.beter for c in derived.values())


def test_an_indicator_with_both_verdicts_gets_its_deels_sentence_last() -> None:
    """Venlo, Samenhangend: half met is no flat "niet"; a deels point is optional."""
    goed, beter = _punten({"aanpak.alle-leefgebieden": "gemengd",
                           "aanpak.doorzettingsmacht": "verbeterpunt"}, "aanpak")
    assert goed == []
    assert [(p[0].split(". ")[0], p[2]) for p in beter] == [
        ("De doorzettingsmacht voor de regisseur om de benodigde zorg en ondersteuning te "
         "organiseren is niet geregeld", False),
        ("De aanpak richt zich maar deels op de problemen van alle gezinsleden en alle "
         "leefgebieden", True)]


def test_points_without_a_named_risk_come_after_those_with_one() -> None:
    goed, beter = _punten({"toeleiding.aanmelden-bekend": "verbeterpunt",
                           "toeleiding.zicht-op-populatie": "verbeterpunt",
                           "toeleiding.partijen-melden-aan": "voldoet"}, "toeleiding")
    assert [(p[1], p[2]) for p in beter] == [(["toeleiding.zicht-op-populatie"], False),
                                            (["toeleiding.aanmelden-bekend"], True)]
    assert beter[1][0] == ("Het is bij de netwerkpartners niet eenduidig bekend waar gezinnen "
                           "voor de aanpak kunnen worden aangemeld.")  # no risk named
    assert [(p[1], p[2]) for p in goed] == [(["toeleiding.partijen-melden-aan"], True)]


def test_every_indicator_has_its_own_sentence_for_each_verdict() -> None:
    own = [z for z in KADER.kader.conclusiezinnen if len(z.indicatoren) == 1]
    assert sorted(z.indicatoren[0] for z in own) == sorted(IDS)
    assert all(z.voldoet and z.verbeterpunt and z.gemengd for z in own)


def test_unmentioned_verbeterpunt_is_a_notice_and_fails_strict(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    file = folder / "er-op-af-aanpak.yaml"
    replace(file, "          - toeleiding.aanmelden-bekend\n",
            "          - toeleiding.zicht-op-populatie\n")
    replace(file, "        indicatoren: [toeleiding.zicht-op-populatie]\n",
            "        indicatoren: []\n")
    relaxed = stj("--root", tmp_path, "check")
    assert relaxed.exit_code == 0
    line, column = where(file, "  - indicatoren: [toeleiding.aanmelden-bekend]\n    oordeel: ",
                         len("  - indicatoren: [toeleiding.aanmelden-bekend]\n    oordeel: "))
    assert (f"municipalities/venlo/er-op-af-aanpak.yaml:{line}:{column}: opmerking: "
            "verbeterpunt `toeleiding.aanmelden-bekend` staat in geen ‘Wat kan beter?’-punt "
            "(noem het in een punt, of leg onder `weggelaten` (bij het thema) uit waarom de "
            "conclusie het niet noemt)") in relaxed.stderr
    strict = stj("--root", tmp_path, "check", "--strict")
    assert strict.exit_code == 1
    assert "waarschuwing: verbeterpunt `toeleiding.aanmelden-bekend`" in strict.stderr


def test_a_theme_without_written_conclusion_shows_the_derived_one(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    text = (folder / "er-op-af-aanpak.yaml").read_text(encoding="utf-8")
    start = text.index("  continu:\n", text.index("conclusies:"))
    (folder / "er-op-af-aanpak.yaml").write_text(text[:start], encoding="utf-8")
    assert stj("--root", tmp_path, "build", "venlo", "--format", "json").exit_code == 0
    data = json.loads((tmp_path / "out" / "venlo" / "factsheet.json").read_text("utf-8"))
    themas = {t["id"]: t for t in data["aanpakken"][0]["themas"]}
    assert {p["bron"] for p in themas["continu"]["conclusie"]["beter"]} == {"afgeleid"}
    assert {p["bron"] for p in themas["toeleiding"]["conclusie"]["beter"]} == {"handmatig"}
    html_build = stj("--root", tmp_path, "build", "venlo", "--format", "html")
    assert html_build.exit_code == 0
    html = (tmp_path / "out" / "venlo" / "factsheet.html").read_text(encoding="utf-8")
    assert html.count('class="afgeleid"') == 1


def test_afgeleid_flag_derives_everywhere(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    assert stj("--root", tmp_path, "build", "venlo", "--format", "json", "--afgeleid"
               ).exit_code == 0
    data = json.loads((tmp_path / "out" / "venlo" / "factsheet.json").read_text("utf-8"))
    bronnen = {p["bron"] for t in data["aanpakken"][0]["themas"]
               for kant in ("goed", "beter") for p in t["conclusie"][kant]}
    assert bronnen == {"afgeleid"}


def test_json_validates_against_the_committed_schema(tmp_path: Path) -> None:
    copy_gemeente(tmp_path, "zwolle")
    assert stj("--root", tmp_path, "build", "zwolle", "--format", "json").exit_code == 0
    data = json.loads((tmp_path / "out" / "zwolle" / "factsheet.json").read_text("utf-8"))
    schema = json.loads((REPO / "schemas" / "factsheet.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    aanpak = data["aanpakken"][1]
    evaluatie = {i["id"]: i["oordeel"] for i in aanpak["themas"][2]["indicatoren"]}
    assert evaluatie["aanpak.resultaten-bijgehouden"] == "voldoet"
    assert evaluatie["aanpak.beleid-bijgesteld"] == "verbeterpunt"
    assert len([i for t in aanpak["themas"] for i in t["indicatoren"]]) == 30


def test_json_says_whether_the_data_is_made_up(tmp_path: Path) -> None:
    from tests.golden import FICTIEF

    shutil.copytree(FICTIEF / "municipalities", tmp_path / "municipalities")
    copy_gemeente(tmp_path, "venlo")
    result = stj("--root", tmp_path, "build", "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    schema = json.loads((REPO / "schemas" / "factsheet.schema.json").read_text("utf-8"))
    for slug, fictief in (("venlo", False), ("voorbeeldstad", True)):
        data = json.loads((tmp_path / "out" / slug / "factsheet.json").read_text("utf-8"))
        jsonschema.validate(data, schema)
        assert data["fictief"] is fictief


def test_committed_schema_matches_the_models() -> None:
    committed = (REPO / "schemas" / "factsheet.schema.json").read_text(encoding="utf-8")
    assert committed == opendata.schema_text(), "run `stj schema` and commit the result"


def test_kader_sentences_are_checked_on_load(tmp_path: Path) -> None:
    """Each sentence states one verdict about exactly its entry's indicators: so every
    indicator needs a sentence per verdict, groups must nest, and "deels" is no negation."""
    copy_gemeente(tmp_path)
    shutil.copytree(REPO / "frameworks", tmp_path / "frameworks")
    kader = tmp_path / "frameworks" / "ggsr-2013.yaml"
    replace(kader, "    gemengd:\n      tekst: >-\n        Het is bij de netwerkpartners maar "
            "deels bekend waar gezinnen voor de aanpak\n        kunnen worden aangemeld.\n"
            "      bron: nieuw\n", "")
    replace(kader, "De gemeente voert maar deels regie", "De gemeente voert geen regie")
    replace(kader, "    indicatoren: [aanpak.partners-evalueren, aanpak.gemeente-evalueert]\n",
            "    indicatoren: [aanpak.gemeente-evalueert, aanpak.centrale-regisseur]\n")
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    rel = "frameworks/ggsr-2013.yaml"
    line, column = where(kader, "  - indicatoren: [toeleiding.aanmelden-bekend]", 4)
    assert (f"{rel}:{line}:{column}: de conclusiezin van `toeleiding.aanmelden-bekend` heeft "
            "geen zin voor `gemengd` (elke indicator heeft een eigen zin voor voldoet, "
            "verbeterpunt en gemengd)") in lines
    text = kader.read_text(encoding="utf-8")
    tweede = text.index("De gemeente voert geen regie", text.index("De gemeente voert geen "
                                                                    "regie") + 1)
    line = text.count("\n", 0, tweede)  # the `tekst: >-` line above it, at its `>-`
    assert (f"{rel}:{line}:14: de zin voor `gemengd` is gelijk aan die voor `verbeterpunt` "
            "(elke zin zegt precies één oordeel; schrijf voor gemengd een ‘deels’-zin)") in lines
    line, column = where(kader, "    indicatoren: [aanpak.gemeente-evalueert, aanpak.centrale", 4)
    assert (f"{rel}:{line}:{column}: deze groep overlapt met de groep `aanpak.evaluatie` (een "
            "groep ligt helemaal binnen een andere groep of er helemaal buiten)") in lines


def test_a_kader_without_an_own_entry_for_an_indicator_is_refused(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    shutil.copytree(REPO / "frameworks", tmp_path / "frameworks")
    kader = tmp_path / "frameworks" / "ggsr-2013.yaml"
    text = kader.read_text(encoding="utf-8")
    start = text.index("  - indicatoren: [aanpak.beleid]\n")
    kader.write_text(text[:start] + text[text.index("  - indicatoren: [aanpak.gezamenlijke-"
                                                    "visie]\n"):], encoding="utf-8")
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 1
    line, column = where(kader, "conclusiezinnen:")
    assert (f"frameworks/ggsr-2013.yaml:{line}:{column}: indicator `aanpak.beleid` heeft geen "
            "eigen conclusiezin (voeg een conclusiezin toe met alleen deze indicator)"
            ) in result.output.splitlines()


def test_a_goed_point_about_a_mixed_indicator_is_a_warning(tmp_path: Path) -> None:
    """Venlo judged `samenwerking.relevante-partijen` √ and X: "goed" may not say it all."""
    folder = copy_gemeente(tmp_path)
    file = folder / "er-op-af-aanpak.yaml"
    replace(file, "        indicatoren: [samenwerking.regie-gemeente]\n",
            "        indicatoren: [samenwerking.regie-gemeente, samenwerking.relevante-partijen]\n")
    relaxed = stj("--root", tmp_path, "check")
    assert relaxed.exit_code == 0
    line, column = where(file, "samenwerking.regie-gemeente, samenwerking.relevante",
                         len("samenwerking.regie-gemeente, "))
    assert (f"municipalities/venlo/er-op-af-aanpak.yaml:{line}:{column}: waarschuwing: dit punt "
            "onder ‘goed’ noemt `samenwerking.relevante-partijen`, maar die is ook als "
            "`verbeterpunt` beoordeeld (gemengd) (noem het onder ‘kan beter’ en zeg dat het "
            "deels voldoet, of laat de indicator hier weg)") in relaxed.output.splitlines()
    assert stj("--root", tmp_path, "check", "--strict").exit_code == 1


def test_a_beter_point_about_a_mixed_indicator_is_fine(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    replace(folder / "er-op-af-aanpak.yaml",
            "        indicatoren: [samenwerking.afspraken, samenwerking.informatie-delen]\n",
            "        indicatoren: [samenwerking.afspraken, samenwerking.informatie-delen,\n"
            "          samenwerking.relevante-partijen]\n")
    assert stj("--root", tmp_path, "check", "--strict").exit_code == 0


# --- progress in follow-up rounds -----------------------------------------------------


@pytest.mark.parametrize(("toen", "nu", "woord"), [
    ("verbeterpunt", "voldoet", "opgepakt"),
    ("verbeterpunt", "gemengd", "deels opgepakt"),
    ("gemengd", "voldoet", "opgepakt"),
    ("gemengd", "gemengd", "niet opgepakt"),  # no change is not progress
    ("verbeterpunt", "verbeterpunt", "niet opgepakt"),
    ("gemengd", "verbeterpunt", "niet opgepakt"),
    ("verbeterpunt", "geen", "niet opnieuw beoordeeld"),
    ("gemengd", "geen", "niet opnieuw beoordeeld"),
])
def test_progress_from_the_verdicts_then_and_now(toen: rules.Samenvatting,
                                                  nu: rules.Samenvatting, woord: str) -> None:
    assert rules.voortgang(toen, nu) == woord


def test_the_progress_table_is_complete_and_in_the_readme() -> None:
    pairs = {(toen, nu) for toen in ("verbeterpunt", "gemengd")
             for nu in ("voldoet", "gemengd", "verbeterpunt", "geen")}
    assert set(rules.VOORTGANG) == pairs
    with pytest.raises(ValueError, match="`voldoet` is geen verbeterpunt"):
        rules.voortgang("voldoet", "voldoet")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for (toen, nu), woord in rules.VOORTGANG.items():
        assert f"| `{toen}` | `{nu}` | {woord} |" in readme, (toen, nu)


def test_stand_after_a_round() -> None:
    stand: dict[str, rules.Samenvatting] = {"a": "verbeterpunt", "b": "gemengd",
                                            "c": "voldoet", "d": "verbeterpunt"}
    assert rules.open_verbeterpunten(stand) == ["a", "b", "d"]
    after = rules.stand_na(stand, {"a": "voldoet", "b": "verbeterpunt", "d": "geen",
                                   "c": "verbeterpunt"})
    # `geen` is "not looked at again": d stays open
    assert after == {"a": "voldoet", "b": "verbeterpunt", "c": "verbeterpunt",
                     "d": "verbeterpunt"}
    assert rules.open_verbeterpunten(after) == ["b", "c", "d"]
