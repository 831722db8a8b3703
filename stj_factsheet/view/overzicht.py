"""The overview's rows of one checked gemeente: per aanpak its verdicts and progress.

Made while building each gemeente (and kept in the build manifest), so the national
picture (`rules.landelijk`) never needs every gemeente in memory at once.
"""

from __future__ import annotations

from stj_factsheet import rules
from stj_factsheet.rules.landelijk import AanpakRij, GemeenteRegel, Rijen
from stj_factsheet.validate.geladen import LoadedGemeente


def rijen(loaded: LoadedGemeente) -> Rijen:
    """The overview rows of one loaded gemeente."""
    result = []
    for item in loaded.aanpakken:
        voortgang: dict[str, dict[str, rules.Voortgang]] = {}
        nieuw: dict[str, list[str]] = {}
        for ronde in loaded.rondes:
            voortgang[ronde.ronde.ronde], nieuw[ronde.ronde.ronde] = {}, []  # nothing open
            for vervolg in ronde.aanpakken:
                if vervolg.slug == item.slug:
                    voortgang[ronde.ronde.ronde] = vervolg.voortgang()
                    nieuw[ronde.ronde.ronde] = vervolg.nieuwe_verbeterpunten()
        result.append(AanpakRij(loaded.slug, loaded.gemeente.naam, item.slug, item.aanpak.naam,
                                loaded.kader.kader.id,
                                rules.samenvattingen(item.aanpak, loaded.kader), voortgang,
                                nieuw))
    regel = GemeenteRegel(loaded.slug, loaded.gemeente.naam,
                          [r.ronde.ronde for r in loaded.rondes], loaded.gemeente.fictief)
    return regel, result
