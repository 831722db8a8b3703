"""Follow-up rounds: what became of each earlier verbeterpunt, and what is still open.

Pure functions, no I/O: from the verdicts then and now (`Samenvatting`) and a round's
findings. Loading and checking a round is `validate.rondes`; its wording is `view.vervolg`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from stj_factsheet.model.domain import Bevinding, Vervolgbevinding
from stj_factsheet.rules.oordelen import Samenvatting, beoordeeld

# --- follow-up rounds --------------------------------------------------------------------
#
# A follow-up round judges again, with the kader's own verdicts, every verbeterpunt still
# open after the previous round (and may add new ones). Its progress word is derived from
# the pair (verdict then, verdict now), so it can never contradict them:
#
# | then              | now                | voortgang                 |
# | ----------------- | ------------------ | ------------------------- |
# | verbeterpunt (X)  | voldoet (√)        | opgepakt                  |
# | verbeterpunt (X)  | gemengd (√ and X)  | deels opgepakt            |
# | verbeterpunt (X)  | verbeterpunt (X)   | niet opgepakt             |
# | gemengd (√ and X) | voldoet (√)        | opgepakt                  |
# | gemengd (√ and X) | gemengd (√ and X)  | niet opgepakt (no change) |
# | gemengd (√ and X) | verbeterpunt (X)   | niet opgepakt             |
# | either            | geen               | niet opnieuw beoordeeld   |

Voortgang = Literal["opgepakt", "deels opgepakt", "niet opgepakt", "niet opnieuw beoordeeld"]
VOORTGANGEN: tuple[Voortgang, ...] = ("opgepakt", "deels opgepakt", "niet opgepakt",
                                      "niet opnieuw beoordeeld")
"""The progress words, one per state, the same in every place: a row, the legend, the
summary sentence, the counts, the overview, the open data."""
VOORTGANG: dict[tuple[Samenvatting, Samenvatting], Voortgang] = {
    ("verbeterpunt", "voldoet"): "opgepakt",
    ("verbeterpunt", "gemengd"): "deels opgepakt",
    ("verbeterpunt", "verbeterpunt"): "niet opgepakt",
    ("verbeterpunt", "geen"): "niet opnieuw beoordeeld",
    ("gemengd", "voldoet"): "opgepakt",
    ("gemengd", "gemengd"): "niet opgepakt",
    ("gemengd", "verbeterpunt"): "niet opgepakt",
    ("gemengd", "geen"): "niet opnieuw beoordeeld",
}
"""The progress of an earlier verbeterpunt, by (verdict then, verdict now)."""


@dataclass(frozen=True)
class VoortgangTelling:
    """What became of earlier verbeterpunten, and how many new ones there are."""

    opgepakt: int = 0
    deels_opgepakt: int = 0
    niet_opgepakt: int = 0
    niet_beoordeeld: int = 0
    nieuw: int = 0

    @property
    def eerder(self) -> int:
        """The earlier verbeterpunten (the new ones not included)."""
        return self.opgepakt + self.deels_opgepakt + self.niet_opgepakt + self.niet_beoordeeld

    def delen(self) -> list[tuple[Voortgang, int]]:
        return list(zip(VOORTGANGEN, (self.opgepakt, self.deels_opgepakt, self.niet_opgepakt,
                                      self.niet_beoordeeld), strict=True))

    @classmethod
    def van(cls, woorden: Iterable[Voortgang], nieuw: int) -> VoortgangTelling:
        counts = Counter(woorden)
        return cls(counts["opgepakt"], counts["deels opgepakt"], counts["niet opgepakt"],
                   counts["niet opnieuw beoordeeld"], nieuw)


def voortgang(toen: Samenvatting, nu: Samenvatting) -> Voortgang:
    """What became of an earlier verbeterpunt (`toen`: X, or √ and X), judged `nu`."""
    if (toen, nu) not in VOORTGANG:
        raise ValueError(f"`{toen}` is geen verbeterpunt: er is geen voortgang")
    return VOORTGANG[toen, nu]


def is_verbeterpunt(waarde: Samenvatting) -> bool:
    return waarde in ("verbeterpunt", "gemengd")


def open_verbeterpunten(stand: Mapping[str, Samenvatting]) -> list[str]:
    """The indicators still to improve, in the order of `stand` (kader order)."""
    return [indicator for indicator, waarde in stand.items() if is_verbeterpunt(waarde)]


def stand_na(stand: Mapping[str, Samenvatting],
             ronde: Mapping[str, Samenvatting]) -> dict[str, Samenvatting]:
    """The state after a follow-up round: its verdicts replace the earlier ones; an
    indicator it does not judge keeps its earlier verdict (`geen` now keeps it too: not
    looked at again is not resolved)."""
    result = dict(stand)
    for indicator, waarde in ronde.items():
        if waarde != "geen" or indicator not in result:
            result[indicator] = waarde
    return result


def nieuwe_verbeterpunten(bevindingen: Sequence[Vervolgbevinding]) -> list[str]:
    """The indicators a round judges as a new verbeterpunt (`nieuw: true`, X now)."""
    nu = beoordeeld(bevindingen)
    return [i for b in bevindingen if b.nieuw for i in b.indicatoren if is_verbeterpunt(nu[i])]


def voortgang_per_indicator(stand_voor: Mapping[str, Samenvatting],
                  bevindingen: Sequence[Vervolgbevinding]) -> dict[str, Voortgang]:
    """What became of each verbeterpunt open before a round (`stand_voor`) after its
    `bevindingen` (new ones not included), in kader order: from the verdict then and now
    (`VOORTGANG`)."""
    nu = beoordeeld(bevindingen)
    nieuw = {i for b in bevindingen if b.nieuw for i in b.indicatoren}
    return {i: voortgang(stand_voor[i], nu[i])
            for i in open_verbeterpunten(stand_voor) if i not in nieuw}


def verbeterpunten(open_: Sequence[str], eerder: Mapping[str, Bevinding]) -> list[list[str]]:
    """The open verbeterpunten as published: one per X (a finding's `oordeel`, or one of
    its `oordelen`) with the open indicators it covers, in the order of `open_`. A shared
    X over the four evaluation indicators is one verbeterpunt, not four."""
    punten: dict[tuple[int, int] | str, list[str]] = {}
    for indicator in open_:
        punten.setdefault(_welke_x(indicator, eerder.get(indicator)), []).append(indicator)
    return list(punten.values())


def _welke_x(indicator: str, bevinding: Bevinding | None) -> tuple[int, int] | str:
    """The X that made `indicator` a verbeterpunt, as (finding, verdict number): the same
    finding object stands for each of its indicators. Without one, the indicator itself."""
    if bevinding is None:
        return indicator
    for o, oordeel in enumerate(bevinding.alle_oordelen):
        if oordeel.oordeel == "verbeterpunt" and indicator in (oordeel.indicatoren
                                                              or bevinding.indicatoren):
            return id(bevinding), o
    return indicator


def na_ronde(stand: dict[str, Samenvatting], eerder: dict[str, Bevinding],
            bevindingen: Sequence[Bevinding],
            ) -> tuple[dict[str, Samenvatting], dict[str, Bevinding]]:
    """The state and the latest finding per indicator after a round with `bevindingen`
    (a finding that judges `geen` leaves the earlier verdict, and so its finding, in place)."""
    judged = beoordeeld(bevindingen)
    return (stand_na(stand, judged),
            {**eerder, **{i: b for b in bevindingen for i in b.indicatoren
                          if judged[i] != "geen"}})


def open_sinds(vorige: str, eerste: bool, meervoud: bool = False) -> str:
    """How to name the verbeterpunt(en) a round follows up: "uit 2013", or, after a
    follow-up, "dat na 2015 nog open stond" / "die … stonden" (they may date from an
    earlier round)."""
    if eerste:
        return f"uit {vorige}"
    return f"die na {vorige} nog open stonden" if meervoud else f"dat na {vorige} nog open stond"
