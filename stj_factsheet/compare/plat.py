"""A page's view as flat leaves, and what differs between two of them in words.

`bladeren` walks a view (`view.factsheet`, `view.vervolg`: the typed models every format
renders) field by field, every field of every dataclass in it, and returns each value
with its path: `("themas", "toeleiding", "criteria", "toeleiding.in-beeld", "naam")`.
Items of a list are named by their id where they have one (a theme, a criterium, an
indicator, a row by its first indicator), so an added row does not shift the others.
A field marked `Markdown` becomes a `Tekst`, equal to another when both show alike. Two
views are the same page exactly when their leaves are equal: nothing a template can show
is left out, because nothing is picked: only page ids (`anker`) and provenance are
skipped, which the diff keeps out on purpose. Properties of a view are functions of its
fields (and of the tool's fixed wording), so they are not walked.

`rest` words what differs among leaves that no comparison of `vergelijk` speaks for (a
kader's indicator, theme or criterium wording, a standard text, a title): every difference
is said, once per wording.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from stj_factsheet.compare import model as m
from stj_factsheet.compare.tekst import Tekst, woorden
from stj_factsheet.model.richtext import MARKDOWN
from stj_factsheet.view.factsheet import OordeelView

Pad = tuple[str, ...]
Bladeren = dict[Pad, object]
Patroon = tuple[str, ...]
"""A path pattern: `*` is any one step, `**` (last) any rest."""

OVERGESLAGEN = frozenset({"anker", "slug", "herkomst", "gegenereerd"})
"""Fields that are no text a reader sees: page ids, and the provenance the diff leaves out
(a commit differs on every change)."""
SLEUTELS = ("id", "indicator_id", "thema_id", "anker")
"""The attribute that names a list item, the first one present."""

ENTITEIT = {"themas": "thema", "criteria": "criterium", "indicatoren": "indicator",
            "bevindingen": "rij", "rijen": "rij", "begrippen": "begrip",
            "themas_lijst": "regel van de lijst van thema's", "conclusies": "conclusie",
            "netwerkpartners": "netwerkpartner", "toen": "indicator (toen)",
            "nu": "indicator (nu)", "voortgang": "voortgang", "aanpakken": "aanpak"}
"""What an item of a list field is called."""
VELD = {"naam": "naam", "tekst": "tekst", "titel": "tekst", "criterium": "criterium",
        "thema": "naam van het thema", "label": "label", "omschrijving": "omschrijving",
        "term": "term", "uitleg": "uitleg", "ondertitel": "ondertitel", "uitgever": "uitgever",
        "definitie": "definitie van GGSR", "inleiding": "inleiding",
        "vragenlijst": "zin over de vragenlijst",
        "netwerkpartners_toelichting": "zin over de netwerkpartners",
        "bevindingen_inleiding": "inleiding van de bevindingen",
        "bevindingen_toelichting": "toelichting bij de bevindingen",
        "conclusie_inleiding": "inleiding van de conclusie",
        "vorige_maand": "maand van de vorige publicatie",
        "vorige_onderzoek": "soort vorig onderzoek", "welke": "welke verbeterpunten",
        "vorige_factsheet": "link naar de vorige factsheet", "toen_teksten": "bevinding toen",
        "nu_teksten": "bevinding nu", "woord": "woord", "symbool": "teken",
        "oordelen": "oordeel", "indicator": "indicator", "samenvatting": "samenvattende zin"}
"""How a field is called in a change (`naam van criterium toeleiding.in-beeld`)."""


def bladeren(view: object) -> Bladeren:
    """Every value of `view`, by its path."""
    found: Bladeren = {}
    _walk(view, (), False, found)
    return found


def _walk(node: object, pad: Pad, markdown: bool, found: Bladeren) -> None:
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        soorten = _markdown_velden(type(node))
        for f in dataclasses.fields(node):
            if f.name not in OVERGESLAGEN:
                _walk(getattr(node, f.name), (*pad, f.name), f.name in soorten, found)
    elif isinstance(node, list | tuple) and node and all(isinstance(item, OordeelView)
                                                         for item in node):
        found[pad] = " en ".join(item.woord for item in node)  # √ and X follow the word
    elif isinstance(node, list | tuple):
        for naam, item in zip(namen(node), node, strict=True):
            _walk(item, (*pad, naam), markdown, found)
    elif isinstance(node, Mapping):
        for key, value in node.items():
            _walk(value, (*pad, str(key)), markdown, found)
    elif node is not None:
        found[pad] = Tekst(node) if markdown and isinstance(node, str) else node


def namen(items: Sequence[object]) -> list[str]:
    """A name per item: its id, or its first indicator's; else its place (1, 2, …).
    A name already taken gets ` (2)`, ` (3)`."""
    namen: list[str] = []
    for n, item in enumerate(items, start=1):
        naam = _sleutel(item) or str(n)
        kandidaat, k = naam, 1
        while kandidaat in namen:
            k += 1
            kandidaat = f"{naam} ({k})"
        namen.append(kandidaat)
    return namen


def _sleutel(item: object) -> str | None:
    for attribuut in SLEUTELS:
        value = getattr(item, attribuut, None)
        if isinstance(value, str) and value:
            return value
    indicatoren = getattr(item, "indicatoren", None)
    if indicatoren and isinstance(indicatoren, list):
        return _sleutel(indicatoren[0])
    return None


@cache
def _markdown_velden(cls: type) -> frozenset[str]:
    hints = get_type_hints(cls, include_extras=True)
    return frozenset(name for name, hint in hints.items() if _is_markdown(hint))


def _is_markdown(hint: Any) -> bool:
    if get_origin(hint) is Annotated:
        return MARKDOWN in hint.__metadata__
    return any(_is_markdown(arg) for arg in get_args(hint))


# --- what no other comparison speaks for --------------------------------------------------


def past(pad: Pad, patroon: Patroon) -> bool:
    """Whether `pad` matches `patroon` (`*` one step, a last `**` any rest)."""
    if patroon and patroon[-1] == "**":
        kop = patroon[:-1]
        return len(pad) >= len(kop) and all(p in ("*", s) for p, s in zip(kop, pad,
                                                                           strict=False))
    return len(pad) == len(patroon) and all(p in ("*", s) for p, s in zip(patroon, pad,
                                                                          strict=True))


def verschillen(van: Bladeren, tot: Bladeren) -> list[Pad]:
    """The paths whose values differ (present on one side only included), in page order."""
    return [pad for pad in dict.fromkeys([*tot, *van]) if van.get(pad) != tot.get(pad)]


def rest(van: Bladeren, tot: Bladeren, gedekt: Iterable[Patroon],
         eenzijdig: Iterable[Patroon] = ()) -> list[m.Wijziging]:
    """The differences no other comparison speaks for: paths outside `gedekt`, and for a
    value present on one side only, outside `eenzijdig` too (parts that come or go, such as
    a row, are said by their own comparison). Each old → new wording once."""
    gedekt, eenzijdig = list(gedekt), list(eenzijdig)
    gezegd: set[tuple[object, object]] = set()
    result = []
    for pad in verschillen(van, tot):
        a, b = van.get(pad), tot.get(pad)
        if any(past(pad, p) for p in gedekt) or (
                (a is None or b is None) and any(past(pad, p) for p in eenzijdig)):
            continue
        if (a, b) in gezegd:
            continue
        gezegd.add((a, b))
        result.append(wijziging(pad, a, b))
    return result


def wijziging(pad: Pad, van: object, tot: object) -> m.Wijziging:
    """One differing leaf as a change of the page, named after its place."""
    onderwerp, indicator, thema = _plaats(pad)
    a, b = _tekst(van), _tekst(tot)
    return m.Wijziging(soort="pagina", onderwerp=onderwerp, indicator=indicator, thema=thema,
                       van=a, tot=b, woorden=woorden(a, b) if a and b else [])


def _tekst(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Tekst):
        return value.bron
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _plaats(pad: Pad) -> tuple[str, str | None, str | None]:
    """(words for the place, indicator id, theme id) of a path."""
    indicator = thema = None
    entiteit: tuple[str, str] | None = None
    veld = pad[-1]
    for n in range(len(pad) - 1):
        if pad[n] in ENTITEIT and pad[n] != veld:
            entiteit = (ENTITEIT[pad[n]], pad[n + 1])
            if pad[n] == "indicatoren" and not pad[n + 1].isdigit():
                indicator = pad[n + 1]
            if pad[n] == "themas" and thema is None and not pad[n + 1].isdigit():
                thema = pad[n + 1]
    if veld.isdigit() or veld.endswith(")"):  # an item of a list of texts: its list names it
        veld, entiteit = pad[-2], entiteit if len(pad) > 2 else None
    woord = VELD.get(veld, veld.replace("_", " "))
    if entiteit is None or entiteit[0] == ENTITEIT.get(veld):
        return woord, indicator, thema
    return f"{woord} van {entiteit[0]} {entiteit[1]}", indicator, thema
