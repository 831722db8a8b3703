"""All problems of a file in one run: an unknown indicator or theme is reported beside a
type error in the same file, not only after that error is fixed (README: every problem is
reported in one run)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import REPO, copy_gemeente, replace, stj, where

AANPAK = "municipalities/venlo/er-op-af-aanpak.yaml"


def errors(root: Path) -> list[str]:
    result = stj("--root", root, "check")
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()[:-1]


def test_unknown_ids_and_themes_beside_a_type_error(tmp_path: Path) -> None:
    file = copy_gemeente(tmp_path) / "er-op-af-aanpak.yaml"
    replace(file, "aantal_gezinnen: 25", "aantal_gezinnen: veel")
    replace(file, "indicatoren: [toeleiding.zicht-op-populatie]",
            "indicatoren: [toeleiding.zicht-populatie]", first=True)
    replace(file, "conclusies:\n  toeleiding:", "conclusies:\n  toeleidng:")
    indicator = where(file, "toeleiding.zicht-populatie")
    thema = where(file, "toeleidng:")
    assert errors(tmp_path) == [
        f"{AANPAK}:7:18: verwacht een geheel getal, maar vond `veel` (schrijf het getal "
        "zonder punt of komma, bijv. 120000)",
        f"{AANPAK}:{indicator[0]}:{indicator[1]}: onbekende indicator "
        "`toeleiding.zicht-populatie` (bedoelde u `toeleiding.zicht-op-populatie`?)",
        f"{AANPAK}:{thema[0]}:{thema[1]}: onbekend thema `toeleidng` (bedoelde u "
        "`toeleiding`?)",
    ]


def test_an_id_of_the_wrong_shape_is_reported_once(tmp_path: Path) -> None:
    file = copy_gemeente(tmp_path) / "er-op-af-aanpak.yaml"
    replace(file, "aantal_gezinnen: 25", "aantal_gezinnen: veel")
    replace(file, "indicatoren: [toeleiding.zicht-op-populatie]",
            "indicatoren: [Toeleiding.Zicht]", first=True)
    line, column = where(file, "Toeleiding.Zicht")
    assert errors(tmp_path)[1:] == [
        f"{AANPAK}:{line}:{column}: `Toeleiding.Zicht` is geen indicator-id (een id is "
        "`thema.naam`, bijv. `aanpak.beleid`)"]


def test_a_follow_up_round_too(tmp_path: Path) -> None:
    shutil.copytree(REPO / "tests" / "data" / "fictief" / "municipalities",
                    tmp_path / "municipalities")
    file = (tmp_path / "municipalities" / "voorbeeldstad" / "2015"
            / "wijkgerichte-gezinsaanpak.yaml")
    replace(file, "  - indicatoren: [samenwerking.opschaling]\n    nieuw: true",
            "  - indicatoren: [samenwerking.opschalen]\n    nieuw: ja")
    nieuw = where(file, "nieuw: ja", 7)
    indicator = where(file, "samenwerking.opschalen")
    display = "municipalities/voorbeeldstad/2015/wijkgerichte-gezinsaanpak.yaml"
    assert errors(tmp_path) == [
        f"{display}:{indicator[0]}:{indicator[1]}: onbekende indicator "
        "`samenwerking.opschalen` (bedoelde u `samenwerking.opschaling`?)",
        f"{display}:{nieuw[0]}:{nieuw[1]}: verwacht `true` of `false`, maar vond de tekst "
        "`ja` (schrijf `true` of `false`, zonder aanhalingstekens)",
    ]


def test_an_error_pydantic_words_in_english_is_worded_in_dutch() -> None:
    from pydantic_core import ErrorDetails

    from stj_factsheet.model import typed

    detail: ErrorDetails = {"type": "float_type", "loc": ("x",), "input": [1],
                            "msg": "Input should be a valid number"}
    message, hint = typed._wording("float_type", [1], None, detail)
    assert (message, hint) == ("`[1]` is hier geen geldige waarde",
                               "zie de beschrijving in het schema")
