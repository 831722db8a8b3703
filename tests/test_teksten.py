"""Every fixed sentence is written once (stj_factsheet/view/teksten.py) and reaches every
format through the view model: no template spells one out."""

from __future__ import annotations

import pytest

from stj_factsheet.resources import TEMPLATES
from stj_factsheet.view import teksten

ZINNEN = [
    teksten.afgeleid(optioneel=True).tekst,
    teksten.colofon("T", "U", "oktober 2013", "k", "1"),
    teksten.herkomst("abc", None),
    *teksten.vervolg_uitleg("G", "2015", "2013", "oktober 2013", "toezichtonderzoek",
                            "uit 2013"),
    teksten.VOORTGANG_AFGELEID,
    teksten.LANDELIJK_AFGELEID,
    teksten.SCHUIF_UITLEG,
    teksten.GEEN_PUNTEN,
]


@pytest.mark.parametrize("zin", ZINNEN)
def test_no_template_spells_out_a_fixed_sentence(zin: str) -> None:
    """A stretch of six words of each sentence is in no template."""
    words = zin.replace("**", "").split()
    stukken = {" ".join(words[n:n + 6]) for n in range(max(1, len(words) - 5))}
    for template in sorted(TEMPLATES.iterdir()):
        if template.suffix in {".html", ".md", ".typ"}:
            text = " ".join(template.read_text(encoding="utf-8").replace("**", "").split())
            assert not [s for s in stukken if s in text], template.name


def test_the_month_is_lower_case_mid_sentence() -> None:
    assert teksten.colofon("Uitkomsten", "STJ", "oktober 2013", "ggsr-2013", "1.0",
                           teksten.herkomst("a1b2c3d", None)) == (
        "Uitkomsten – STJ, oktober 2013. Beoordeeld met toetsingskader ggsr-2013, versie "
        "1.0. Versie van de gegevens: a1b2c3d.")
