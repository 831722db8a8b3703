"""Derived conclusions and the checks of hand-written ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from stj_factsheet.model.kader import SHIPPED, KaderIndex
from stj_factsheet.model.kader import load as load_kader
from stj_factsheet.render import opendata
from stj_factsheet.rules import verdicts as rules
from tests.helpers import REPO, copy_gemeente, replace, stj, where

KADER: KaderIndex = load_kader(SHIPPED / "ggsr-2013.yaml", "ggsr-2013.yaml")
IDS = list(KADER.plaatsen)
SAMENVATTINGEN = st.sampled_from(["voldoet", "verbeterpunt", "gemengd", "geen"])


@settings(max_examples=500, deadline=None)
@given(st.fixed_dictionaries({i: SAMENVATTINGEN for i in IDS}))
def test_derived_points_never_contradict_the_verdicts(oordelen: dict[str, str]) -> None:
    derived = rules.derive(oordelen, KADER, "Testdorp")  # type: ignore[arg-type]
    in_beter = set()
    for thema_id, conclusie in derived.items():
        for punt in conclusie.goed:
            assert all(oordelen[i] == "voldoet" for i in punt.indicatoren), punt
            assert all(KADER.plaatsen[i].thema.id == thema_id for i in punt.indicatoren)
        for punt in conclusie.beter:
            assert all(oordelen[i] in ("verbeterpunt", "gemengd") for i in punt.indicatoren)
            in_beter |= set(punt.indicatoren)
        assert all(p.bron == "afgeleid" for p in conclusie.goed + conclusie.beter)
    assert {i for i, v in oordelen.items() if v in ("verbeterpunt", "gemengd")} == in_beter


def test_the_four_evaluation_indicators_make_one_point() -> None:
    oordelen = dict.fromkeys(IDS, "voldoet")
    for indicator in ("aanpak.partners-evalueren", "aanpak.gemeente-evalueert",
                      "aanpak.beleid-bijgesteld"):
        oordelen[indicator] = "verbeterpunt"
    beter = rules.derive(oordelen, KADER, "Testdorp")["aanpak"].beter  # type: ignore[arg-type]
    assert len(beter) == 1
    assert beter[0].indicatoren == ["aanpak.partners-evalueren", "aanpak.gemeente-evalueert",
                                    "aanpak.beleid-bijgesteld"]


def test_a_theme_with_nothing_to_say_stays_empty() -> None:
    derived = rules.derive(dict.fromkeys(IDS, "geen"), KADER, "Testdorp")  # type: ignore[arg-type]
    assert all(not c.goed and not c.beter for c in derived.values())


def test_an_indicator_with_both_verdicts_is_a_beter_point() -> None:
    oordelen = dict.fromkeys(IDS, "geen")
    oordelen["samenwerking.relevante-partijen"] = "gemengd"
    derived = rules.derive(oordelen, KADER, "Testdorp")  # type: ignore[arg-type]
    assert derived["samenwerking"].goed == []
    assert [p.indicatoren for p in derived["samenwerking"].beter] == [
        ["samenwerking.relevante-partijen"]]


def test_every_indicator_has_sentences_from_the_kader() -> None:
    covered = [i for zin in KADER.kader.conclusiezinnen for i in zin.indicatoren]
    assert sorted(covered) == sorted(IDS)


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


def test_committed_schema_matches_the_models() -> None:
    committed = (REPO / "schemas" / "factsheet.schema.json").read_text(encoding="utf-8")
    assert committed == opendata.schema_text(), "run `stj schema` and commit the result"
