"""`stj diff` in words: plain text for a terminal (`tekst`, in colour on a tty) and
Markdown for a pull- or merge-request comment (`md`); `json` is the model itself.

Both are written by one walk over the result (`regels`) through a small `Opmaak` per
format, so every sentence is worded once: only how a heading, an item, a removed or an
added word looks differs per format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module for FORMATEN: no pydantic for that
    from stj_factsheet.compare import model as m

FORMATEN = ("tekst", "md", "json")
CONTEXT = 8
"""Words kept on each side of a change in a word diff; the rest of an unchanged stretch
of more than `CONTEXT` + `KORT` words is shown as `…`."""
KORT = 4
GEEN_VERANDERING = "geen verandering in de publicatie"

STATUS = {"nieuw": "nieuw", "verwijderd": "verwijderd", "gewijzigd": "gewijzigd",
          "ongewijzigd": GEEN_VERANDERING, "fout": "niet te vergelijken (fout)"}


class Opmaak:
    """Plain text; `kleur` adds ANSI colours (red removed, green added)."""

    def __init__(self, kleur: bool = False) -> None:
        self.kleur = kleur

    def _kleur(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.kleur else text

    def kop(self, niveau: int, text: str) -> list[str]:
        line = "  " * (niveau - 1) + text
        return ["", self._kleur("1", line)] if niveau == 1 else [self._kleur("1", line)]

    def item(self, niveau: int, text: str, diep: bool = False) -> str:
        """A line under a heading of `niveau`; `diep`: under the line before it."""
        return "  " * (niveau + diep) + text

    def weg(self, text: str) -> str:
        return self._kleur("31", f"[-{text}-]")

    def erbij(self, text: str) -> str:
        return self._kleur("32", f"{{+{text}+}}")

    def code(self, text: str) -> str:
        return text

    def tekst(self, text: str) -> str:
        return " ".join(text.split())

    def blok(self, lines: list[str]) -> list[str]:
        return ["  " + line for line in lines]


class Markdown(Opmaak):
    """GitHub- and GitLab-flavoured Markdown: removed words struck through, added bold."""

    _SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")

    def kop(self, niveau: int, text: str) -> list[str]:
        return ["", f"{'#' * (niveau + 2)} {text}", ""]

    def item(self, niveau: int, text: str, diep: bool = False) -> str:
        return f"{'  ' if diep else ''}- {text}"

    def weg(self, text: str) -> str:
        return f"~~{text}~~"

    def erbij(self, text: str) -> str:
        return f"**{text}**"

    def code(self, text: str) -> str:
        return f"`{text}`"

    def tekst(self, text: str) -> str:
        return self._SPECIAL.sub(r"\\\1", " ".join(text.split()))

    def blok(self, lines: list[str]) -> list[str]:
        return ["```", *lines, "```"]


def render(verschil: m.Verschil, fouten: list[str], formaat: str, kleur: bool = False) -> str:
    """The result in `formaat` (tekst, md or json); `fouten` are TOT's errors as
    `stj check` prints them (Markdown lists them, the terminal has them on stderr)."""
    if formaat == "json":
        return verschil.model_dump_json(indent=2) + "\n"
    opmaak = Markdown() if formaat == "md" else Opmaak(kleur)
    text = "\n".join(regels(verschil, opmaak, fouten if formaat == "md" else []))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def samenvatting(verschil: m.Verschil) -> str:
    """Does the publication change, and where; what could not be compared; whether stj
    itself differs (one to three sentences)."""
    van = _revisie(verschil.van)
    tot = _revisie(verschil.tot)
    zinnen = [_verandert(verschil, van, tot)]
    fout = [g for g in verschil.gemeenten if g.status == "fout"]
    if fout:
        revisies = {"van": van, "tot": tot}
        zinnen.append("Niet (geheel) te vergelijken door fouten: "
                      f"{_en([_onvergelijkbaar(g.naam, g.fouten, revisies) for g in fout])}; wat "
                      "niet te lezen is, staat niet als nieuw of verwijderd en telt landelijk "
                      "niet mee.")
    if verschil.hulpmiddel:
        zinnen.append(
            f"Ook stj zelf verschilt ({_aantal(len(verschil.hulpmiddel), 'bestand', 'bestanden')}"
            " in templates/, stj_factsheet/ of fonts/): beide kanten zijn vergeleken met de stj "
            "die nu draait, dus wat dat aan de pagina's verandert, staat hier niet; bouw de "
            "factsheets om het te zien (`stj build --all --check`).")
    return " ".join(zinnen)


def _verandert(verschil: m.Verschil, van: str, tot: str) -> str:
    if not verschil.bestanden:
        return f"Geen gegevens gewijzigd tussen {van} en {tot}."
    if not verschil.publicatie_verandert:
        if not verschil.alles_vergeleken:
            return (f"Wat te vergelijken is, verandert niet in de publicatie tussen {van} en "
                    f"{tot}.")
        if verschil.kaders:
            kaders = _en([k.id for k in verschil.kaders])
            return (f"{GEEN_VERANDERING.capitalize()} tussen {van} en {tot}: toetsingskader "
                    f"{kaders} verandert, maar niets wat een pagina toont (zoals een "
                    "conclusiezin die geen gemeente gebruikt).")
        return (f"{GEEN_VERANDERING.capitalize()} tussen {van} en {tot}: "
                f"{_aantal(len(verschil.bestanden), 'bestand verschilt', 'bestanden verschillen')}"
                ", maar niets wat een lezer ziet (commentaar, regelval of schrijfwijze).")
    delen = []
    gemeenten = [g for g in verschil.gemeenten if g.verandert]
    if gemeenten:
        delen.append(_aantal(len(gemeenten), "gemeente", "gemeenten") + " ("
                     + ", ".join(g.naam for g in gemeenten) + ")")
    if verschil.kaders:
        delen.append(_aantal(len(verschil.kaders), "toetsingskader", "toetsingskaders"))
    if any(f.beweegt for f in verschil.landelijk):
        delen.append("het landelijk overzicht")
    return f"De publicatie verandert tussen {van} en {tot}: {_en(delen)}."


def _onvergelijkbaar(naam: str, fouten: list[m.Melding] | None, revisies: dict[str, str],
                     kant: str = "") -> str:
    """"Venlo (fout in de werkmap)", by the sides that have the errors."""
    kanten = [k for k in ("van", "tot") if k in ({f.kant for f in fouten} if fouten else (
        ("van", "tot") if kant == "beide" else (kant,)))]
    return f"{naam} (fout in {' en '.join(revisies[k] for k in kanten)})"


def slotregel(verschil: m.Verschil, fouten: int) -> str:
    """The closing line on stderr when TOT has errors: "2 fouten in de werkmap"."""
    return f"{_aantal(fouten, 'fout', 'fouten')} in {_revisie(verschil.tot)}"


def _revisie(revisie: m.Revisie) -> str:
    if revisie.commit is None:
        return "de werkmap"
    return revisie.naam if revisie.naam == revisie.commit else (
        f"{revisie.naam} ({revisie.commit})")


def _aantal(n: int, een: str, meer: str) -> str:
    return f"{n} {een if n == 1 else meer}"


def _en(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else f"{', '.join(delen[:-1])} en {delen[-1]}"


def regels(verschil: m.Verschil, o: Opmaak, fouten: list[str]) -> Iterator[str]:
    if isinstance(o, Markdown):
        yield "## stj diff: wat verandert er in de publicatie?"
        yield ""
    yield o.tekst(samenvatting(verschil)) if isinstance(o, Markdown) else samenvatting(
        verschil)
    for kader in verschil.kaders:
        yield from o.kop(1, f"Toetsingskader {o.code(kader.id)}: {STATUS[kader.status]}")
        yield from (o.item(1, _zin(w, o)) for w in kader.wijzigingen)
    revisies = {"van": _revisie(verschil.van), "tot": _revisie(verschil.tot)}
    for gemeente in verschil.gemeenten:
        yield from _gemeente(gemeente, o, revisies)
    for figures in verschil.landelijk:
        yield from _landelijk(figures, o, revisies)
    if fouten:
        yield from o.kop(1, f"Fouten in {_revisie(verschil.tot)}")
        yield from o.blok(fouten)


def _gemeente(gemeente: m.GemeenteVerschil, o: Opmaak, revisies: dict[str, str]
              ) -> Iterator[str]:
    yield from o.kop(1, f"{o.tekst(gemeente.naam)} ({o.code(gemeente.id)}): "
                     f"{STATUS[gemeente.status]}")
    if gemeente.status == "ongewijzigd":
        yield o.item(1, "bestanden: " + ", ".join(o.code(f) for f in gemeente.bestanden))
    if gemeente.status == "fout":
        heel = not (gemeente.wijzigingen or gemeente.aanpakken or gemeente.rondes)
        yield o.item(1, f"niet te lezen; {_waar(gemeente.fouten, o, revisies)}" if heel
                     else "deels niet te lezen (zie hieronder); de rest is vergeleken")
    yield from (o.item(1, _zin(w, o)) for w in gemeente.wijzigingen)
    for aanpak in gemeente.aanpakken:
        yield from _aanpak(aanpak, o, 2, revisies)
    for ronde in gemeente.rondes:
        yield from o.kop(2, f"Vervolgronde {o.tekst(ronde.ronde)}: {STATUS[ronde.status]}")
        if ronde.fouten:
            yield o.item(2, _waar(ronde.fouten, o, revisies))
        yield from (o.item(2, _zin(w, o)) for w in ronde.wijzigingen)
        for aanpak in ronde.aanpakken:
            yield from _aanpak(aanpak, o, 3, revisies)


def _aanpak(aanpak: m.AanpakVerschil, o: Opmaak, niveau: int, revisies: dict[str, str]
            ) -> Iterator[str]:
    yield from o.kop(niveau, f"Aanpak ‘{o.tekst(aanpak.naam)}’: {STATUS[aanpak.status]}")
    if aanpak.fouten:
        yield o.item(niveau, _waar(aanpak.fouten, o, revisies))
    yield from (o.item(niveau, _zin(w, o)) for w in aanpak.wijzigingen)


def _waar(fouten: list[m.Melding], o: Opmaak, revisies: dict[str, str]) -> str:
    """"fout in de werkmap: municipalities/venlo/x.yaml:31:14" (per side, files once)."""
    delen = []
    for kant in ("van", "tot"):
        plaatsen = list(dict.fromkeys(f"{f.bestand}:{f.regel}:{f.kolom}" for f in fouten
                                      if f.kant == kant))
        if plaatsen:
            delen.append(f"{_aantal(len(plaatsen), 'fout', 'fouten')} in {revisies[kant]}: "
                         + ", ".join(o.code(p) for p in plaatsen))
    return "; ".join(delen)


def _zin(w: m.Wijziging, o: Opmaak) -> str:
    """One change as one line."""
    waar = (f"{o.code(w.indicator)} ‘{o.tekst(w.onderwerp)}’" if w.indicator
            else o.tekst(w.onderwerp))
    if w.soort == "telling":
        return f"{'samenvatting ' if w.thema else ''}{waar}: {_aantallen(w, o)}"
    if w.soort == "pagina":  # its subject names the place, id included
        waar = o.tekst(w.onderwerp)
    label = {"oordeel": "oordeel", "voortgang": "voortgang", "bevinding": "rij",
             "let_op": "LET OP bij", "conclusie": "conclusie", "tekst": "tekst",
             "gegeven": "", "pagina": ""}[w.soort]
    if w.soort == "tekst" and not w.indicator:
        label = ""
    if w.soort == "tekst" and w.indicator:
        label = "tekst bij"
    if w.soort == "conclusie" and w.bron:
        waar += f" ({w.bron})"
    kop = f"{label} {waar}".strip()
    if w.woorden:
        return f"{kop}: {_woorden(w.woorden, o)}"
    if w.van is None:
        return f"{kop}: {o.erbij(o.tekst(w.tot or ''))}"
    if w.tot is None:
        return f"{kop}: {o.weg(o.tekst(w.van))}"
    return f"{kop}: {o.tekst(w.van)} → {o.tekst(w.tot)}"


def _woorden(stukken: list[m.Stuk], o: Opmaak) -> str:
    parts = []
    for n, stuk in enumerate(stukken):
        words = stuk.tekst.split(" ")
        if stuk.soort == "gelijk":
            left = 0 if n == 0 else CONTEXT
            right = 0 if n == len(stukken) - 1 else CONTEXT
            if len(words) > left + right + KORT:
                words = [*words[:left], "…", *words[len(words) - right:]]
            parts.append(o.tekst(" ".join(words)))
        elif stuk.soort == "weg":
            parts.append(o.weg(o.tekst(stuk.tekst)))
        else:
            parts.append(o.erbij(o.tekst(stuk.tekst)))
    return " ".join(p for p in parts if p)


def _aantallen(w: m.Wijziging, o: Opmaak) -> str:
    van, tot = w.aantallen_van, w.aantallen_tot
    if van is None or tot is None:
        one = van or tot or {}
        text = ", ".join(f"{key} {n}" for key, n in one.items() if n) or "geen"
        return o.erbij(text) if van is None else o.weg(text)
    return ", ".join(f"{key} {van.get(key, 0)} → {tot.get(key, 0)}"
                     for key in dict.fromkeys([*van, *tot])
                     if van.get(key, 0) != tot.get(key, 0))


def _landelijk(figures: m.LandelijkVerschil, o: Opmaak, revisies: dict[str, str]
               ) -> Iterator[str]:
    aanpakken = _pijl(figures.aanpakken_van, figures.aanpakken_tot)
    gemeenten = _pijl(figures.gemeenten_van, figures.gemeenten_tot)
    yield from o.kop(1, f"Landelijk overzicht ({o.code(figures.kader)}): {aanpakken} "
                     f"{'aanpak' if aanpakken == '1' else 'aanpakken'} in {gemeenten} "
                     f"{'gemeente' if gemeenten == '1' else 'gemeenten'}")
    if figures.niet_geteld:
        namen = _en([_onvergelijkbaar(g.naam, None, revisies, g.kant)
                     for g in figures.niet_geteld])
        yield o.item(1, f"niet geteld, aan geen van beide kanten: {o.tekst(namen)}; de cijfers "
                     "zijn die van de andere gemeenten")
    rest = 0
    for c in figures.indicatoren:
        if not _verbeterpunt_beweegt(c):
            rest += 1
            continue
        delen = [f"{wie}: {verdeling}" for wie, verdeling in [
            ("aanpakken", _verdeling(c.aanpakken_van, c.aanpakken_tot)),
            ("gemeenten", _verdeling(c.gemeenten_van, c.gemeenten_tot))] if verdeling]
        if c.voortgang_van != c.voortgang_tot:
            delen.append(f"voortgang: {'; '.join(c.voortgang_van) or '–'} → "
                         f"{'; '.join(c.voortgang_tot) or '–'}")
        yield o.item(1, f"{o.code(c.indicator)} ‘{o.tekst(c.tekst)}’: {'; '.join(delen)}")
    if rest:
        yield o.item(1, f"{_aantal(rest, 'andere indicator', 'andere indicatoren')}: alleen "
                     "het aantal met voldoet of zonder oordeel verandert")
    yield from (o.item(1, _zin(w, o)) for w in figures.zinnen)
    yield from (o.item(1, _zin(w, o)) for w in figures.teksten)
    if figures.niet_geteld and not (figures.indicatoren or figures.zinnen or figures.teksten):
        yield o.item(1, "verder bewegen de cijfers niet")


def _verbeterpunt_beweegt(c: m.CijferWijziging) -> bool:
    """Whether the number with a verbeterpunt (X, or √ and X), the figure the national
    sentences are about, or the progress moves."""
    def met(aantallen: dict[str, int]) -> int:
        return aantallen.get("verbeterpunt", 0) + aantallen.get("gemengd", 0)

    return (met(c.aanpakken_van) != met(c.aanpakken_tot)
            or met(c.gemeenten_van) != met(c.gemeenten_tot)
            or c.voortgang_van != c.voortgang_tot)


def _pijl(van: int, tot: int) -> str:
    return str(tot) if van == tot else f"{van} → {tot}"


def _verdeling(van: dict[str, int], tot: dict[str, int]) -> str:
    """"verbeterpunt 2 → 3, voldoet 18 → 17 (van 21)" (only what moved), or ""."""
    moved = [f"{key} {van.get(key, 0)} → {tot.get(key, 0)}" for key in
             ("verbeterpunt", "gemengd", "voldoet", "geen")
             if van.get(key, 0) != tot.get(key, 0)]
    if not moved:
        return ""
    return f"{', '.join(moved)} (van {_pijl(sum(van.values()), sum(tot.values()))})"
