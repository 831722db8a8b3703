"""Rules: models in; verdicts summarised, conclusions derived, progress and national figures out.

Pure functions, no I/O. One module per concern: `oordelen` (an indicator's verdicts in
one word, counts), `conclusies` (derived "Wat gaat goed? / Wat kan beter?"), `rondes`
(what became of earlier verbeterpunten), `landelijk` (the national picture). The stage's
functions are used as `rules.<name>`; this module only re-exports them.
"""

from stj_factsheet.rules.conclusies import (
    KOLOM,
    Bron,
    Conclusie,
    Punt,
    Uitspraak,
    derive,
    uitspraken,
)
from stj_factsheet.rules.oordelen import (
    Samenvatting,
    Telling,
    beoordeeld,
    oordelen_per_indicator,
    procent,
    samenvatting,
    samenvattingen,
    uitgesplitst,
)
from stj_factsheet.rules.rondes import (
    VOORTGANG,
    VOORTGANGEN,
    Voortgang,
    VoortgangTelling,
    is_verbeterpunt,
    na_ronde,
    nieuwe_verbeterpunten,
    open_sinds,
    open_verbeterpunten,
    stand_na,
    verbeterpunten,
    voortgang,
    voortgang_per_indicator,
)

__all__ = [
    "KOLOM",
    "VOORTGANG",
    "VOORTGANGEN",
    "Bron",
    "Conclusie",
    "Punt",
    "Samenvatting",
    "Telling",
    "Uitspraak",
    "Voortgang",
    "VoortgangTelling",
    "beoordeeld",
    "derive",
    "is_verbeterpunt",
    "na_ronde",
    "nieuwe_verbeterpunten",
    "oordelen_per_indicator",
    "open_sinds",
    "open_verbeterpunten",
    "procent",
    "samenvatting",
    "samenvattingen",
    "stand_na",
    "uitgesplitst",
    "uitspraken",
    "verbeterpunten",
    "voortgang",
    "voortgang_per_indicator",
]
