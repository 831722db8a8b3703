"""Turn a loaded `Document` into a Pydantic model, or into located Dutch problems.

Pydantic reports where in the data an error is (`loc`); the document knows where that
place stood in the file. This module joins the two and words each error for an inspector
editing YAML, with a hint how to fix it.
"""

from __future__ import annotations

import datetime
import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from stj_factsheet.errors import InvalidData, Problem
from stj_factsheet.load.layout import SLUG
from stj_factsheet.load.source import Document, Loc
from stj_factsheet.model.domain import INDICATOR_ID, MAAND, OPEN

M = TypeVar("M", bound=BaseModel)


def to_model(model: type[M], document: Document) -> M:
    """Validate the document's data as `model`; raise `InvalidData` with every error."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems = [_problem(model, document, detail) for detail in error.errors()]
        raise InvalidData(_one_per_place(problems)) from None


def _one_per_place(problems: list[Problem]) -> list[Problem]:
    """Pydantic may report one wrong value twice (a union, an after-validator); keep one."""
    seen: dict[tuple[int, int], Problem] = {}
    for problem in problems:
        seen.setdefault((problem.line, problem.column), problem)
    return list(seen.values())


def _problem(model: type[BaseModel], document: Document, detail: ErrorDetails) -> Problem:
    loc: Loc = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    raw = document.coerced.get(loc)
    if kind == "missing":
        name = loc[-1]
        return document.problem(loc[:-1], f"verplichte sleutel `{name}` ontbreekt",
                                f"voeg `{name}:` toe")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"bedoelde u `{close[0]}`?" if close else f"toegestaan: {', '.join(known)}"
        return document.problem(loc, f"onbekende sleutel `{name}`", hint, key=True)
    message, hint = _wording(kind, value, raw, detail)
    if value == OPEN and kind != "value_error":
        message = f"nog niet ingevuld ({OPEN})"
    return document.problem(loc, message, hint)


def _wording(kind: str, value: Any, raw: str | None, detail: ErrorDetails) -> tuple[str, str]:
    ctx = detail.get("ctx", {})
    shown = raw if raw is not None else value
    if kind == "literal_error" and raw is not None:
        return (f"`{raw}` wordt door YAML gelezen als {_yaml_reading(value)}, niet als tekst",
                f"kies uit {_choices(ctx)}")
    if kind == "string_type" and raw is not None:
        return (f"`{raw}` wordt door YAML gelezen als {_yaml_reading(value)}, niet als tekst",
                f'zet het tussen aanhalingstekens: "{raw}"')
    if kind == "string_type":
        return f"verwacht tekst, maar vond {_kind_of(value)}", "schrijf hier tekst"
    if kind == "literal_error":
        return f"`{shown}` is geen geldige waarde", f"kies uit {_choices(ctx)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = ("schrijf het getal zonder punt of komma, bijv. 120000"
                if isinstance(value, float | str) else "schrijf een geheel getal")
        return f"verwacht een geheel getal, maar vond `{shown}`", hint
    if kind == "list_type":
        return f"verwacht een lijst, maar vond {_kind_of(value)}", "begin elk item met `- `"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (f"verwacht sleutels met waarden, maar vond {_kind_of(value)}",
                "schrijf `sleutel: waarde` op eigen regels")
    if kind == "too_short":
        return "de lijst is leeg", "vul ten minste één item in"
    if kind == "greater_than_equal":
        return f"`{shown}` is te klein", f"het moet ten minste {ctx.get('ge')} zijn"
    if kind == "string_pattern_mismatch":
        return _pattern_wording(str(ctx.get("pattern")), shown)
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"])), ""
    return f"ongeldige waarde: {detail['msg']}", ""


def _pattern_wording(pattern: str, shown: Any) -> tuple[str, str]:
    if pattern == MAAND:
        return (f"`{shown}` is geen maand in de vorm JJJJ-MM",
                'bijv. "2013-10", met aanhalingstekens')
    if pattern == INDICATOR_ID:
        return f"`{shown}` is geen indicator-id", "een id is `thema.naam`, bijv. `aanpak.beleid`"
    if pattern == SLUG:
        return (f"`{shown}` is geen geldige naam",
                "alleen kleine letters, cijfers en streepjes, bijv. `bemoeizorg-jeugd`")
    return f"`{shown}` heeft niet de juiste vorm", ""


def _choices(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")


def _yaml_reading(value: Any) -> str:
    if isinstance(value, bool):
        return "ja/nee-waarde"
    if isinstance(value, datetime.date):
        return "datum"
    return "getal"


def _kind_of(value: Any) -> str:
    if value is None:
        return "niets"
    if isinstance(value, dict):
        return "sleutels met waarden"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, str):
        return f"de tekst `{value}`"
    return f"`{value}`"


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at `loc` within `model`, for a "did you mean" hint."""
    current: Any = model
    for step in loc:
        current = _descend(current, step)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _descend(annotation: Any, step: str | int) -> Any:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if isinstance(step, str) and step in candidate.model_fields:
                return candidate.model_fields[step].annotation
        elif typing.get_origin(candidate) is list and isinstance(step, int):
            return typing.get_args(candidate)[0]
        elif typing.get_origin(candidate) is dict and isinstance(step, str):
            return typing.get_args(candidate)[1]
    return None


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an Optional/Union, with Annotated stripped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [alt for arg in typing.get_args(annotation) for alt in _unwrap(arg)]
    return [annotation]
