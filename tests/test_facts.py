"""The same facts in every format. Each output is read back on its own, from what it
prints (the HTML parsed with html.parser, the Markdown from its text, the PDF from the text
pypdf extracts, structured by the headings and labels it prints, the JSON as data), never
from the view model, and per aanpak the facts must be equal:

- the netwerkpartners;
- per theme the summary counts (voldoet, verbeterpunt, gemengd, geen oordeel);
- per line of the findings tables: the indicator and its verdict;
- the LET OP notes;
- per theme the conclusion, "Wat gaat goed?" and "Wat kan beter?".

The PDF's text runs cells together, so it is cut at the labels it prints: the indicator
and criterium wordings of the kaders (`frameworks/`), the theme names of its own summary
table, its headings. Its paragraphs are not marked, so a conclusion column is compared as
one text in every format (the points one by one are compared between HTML, Markdown and
JSON).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from stj_factsheet import rules
from stj_factsheet.model.kader import SHIPPED
from stj_factsheet.model.kader import load as load_kader
from stj_factsheet.publish.build import build
from tests.golden import FICTIEF
from tests.helpers import REPO

GEMAAKT = {root: sorted(p.name for p in (root / "municipalities").iterdir() if p.is_dir())
           for root in sorted(FICTIEF.parent.iterdir()) if (root / "municipalities").is_dir()}
"""Every made-up gemeente under tests/data/ (voorbeeldstad, and the rich heerdebeek)."""
CASES = [(REPO, "zwolle"), (REPO, "venlo"),
         *((root, slug) for root, slugs in GEMAAKT.items() for slug in slugs)]
INLINE = frozenset({"a", "em", "strong", "span", "code", "b", "i"})
"""HTML elements inside a line of text, read without a space around them."""
WOORDEN = ("voldoet", "verbeterpunt", "gemengd", "geen")
SYMBOOL = {"√": "voldoet", "X": "verbeterpunt", "–": "geen"}
Feiten = dict[str, dict[str, Any]]
"""Per aanpak name: netwerkpartners, telling, regels, let_op, conclusies."""


def plain(text: str) -> str:
    """Text without its markup, for comparing: Markdown emphasis, escapes and links, HTML
    entities, list bullets and line breaks go."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)
    text = html.unescape(text).replace("<br>", " ")
    text = re.sub(r"(^|\s)[•-] ", r"\1", text)
    # a line of the PDF may end after a slash ("langdurig/" "outreachend")
    return " ".join(text.replace("/ ", "/").split())


def woord(waarden: set[str]) -> str:
    """The verdicts shown on one line in one word (`rules.samenvatting`'s words)."""
    return rules.samenvatting(waarden)  # type: ignore[arg-type]


def telling_van(woorden: list[str]) -> tuple[int, ...]:
    counts = Counter(woorden)
    return tuple(counts[w] for w in WOORDEN)


def nieuw(feiten: Feiten, naam: str) -> dict[str, Any]:
    return feiten.setdefault(naam, {"netwerkpartners": [], "telling": {}, "regels": [],
                                    "let_op": [], "conclusies": {}})


# --- JSON ---------------------------------------------------------------------------------


def from_json(path: Path) -> tuple[Feiten, dict[str, list[list[str]]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    feiten: Feiten = {}
    punten: dict[str, list[list[str]]] = {}
    for aanpak in data["aanpakken"]:
        f = nieuw(feiten, aanpak["naam"])
        f["netwerkpartners"] = [plain(p) for p in aanpak["netwerkpartners"]]
        for thema in aanpak["themas"]:
            titels = {i["id"]: i["titel"] for i in thema["indicatoren"]}
            f["telling"][thema["naam"]] = telling_van([i["oordeel"] for i in thema["indicatoren"]])
            for bevinding in thema["bevindingen"]:
                f["regels"] += [(titels[i["id"]], i["oordeel"]) for i in bevinding["indicatoren"]]
                if bevinding["let_op"]:
                    f["let_op"].append(plain(bevinding["let_op"]))
            conclusie = thema["conclusie"]
            # A point the draft marks optional is shown as "Optioneel" before its text.
            teksten = {kant: [("Optioneel " if p["optioneel"] else "") + p["tekst"]
                              for p in conclusie[kant]] for kant in ("goed", "beter")}
            f["conclusies"][thema["naam"]] = tuple(
                plain(" ".join(teksten[kant])) for kant in ("goed", "beter"))
            punten[f"{aanpak['naam']}/{thema['naam']}"] = [
                [plain(t) for t in teksten[kant]] for kant in ("goed", "beter")]
    return feiten, punten


# --- HTML ---------------------------------------------------------------------------------

VOID = {"meta", "link", "br", "col", "img", "hr", "input", "wbr", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, skip: AbstractSet[str] = frozenset()) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.classes & skip or child.tag in skip:
                continue
            elif child.tag in INLINE:  # part of the running text: "<a>x</a>." reads "x."
                parts.append(child.text(skip))
            else:
                parts.append(" " + child.text(skip) + " ")
        return " ".join("".join(parts).split())

    def find(self, tag: str, klasse: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and (klasse is None or klasse in child.classes):
                    found.append(child)
                found += child.find(tag, klasse)
        return found


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self._open[-1].children.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while len(self._open) > 1:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def from_html(path: Path) -> tuple[Feiten, dict[str, list[list[str]]]]:
    tree = _Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    feiten: Feiten = {}
    punten: dict[str, list[list[str]]] = {}
    for article in tree.root.find("article", "aanpak"):
        naam = article.find("h2")[0].text(skip={"kop-label"})
        f = nieuw(feiten, naam)
        f["netwerkpartners"] = [li.text() for li in article.find("ul", "netwerkpartners")[0]
                                .find("li")]
        for tr in article.find("table", "samenvatting")[0].find("tbody")[0].find("tr"):
            f["telling"][tr.find("th")[0].text()] = tuple(int(td.text())
                                                          for td in tr.find("td", "getal"))
        for tr in (tr for table in article.find("table", "bevindingen")
                   for body in table.find("tbody") for tr in body.find("tr")):
            waarden = {c.removeprefix("oordeel-") for span in tr.find("td", "oordeel")[0]
                       .find("span") for c in span.classes if c.startswith("oordeel-")}
            f["regels"].append((tr.find("th", "indicator")[0].text(), woord(waarden)))
            f["let_op"] += [plain(div.text().removeprefix("LET OP:"))
                            for div in tr.find("div", "let-op")]
        for section in article.find("section", "conclusie"):
            thema = section.find("h4")[0].text()
            kolommen = [[plain(punt.text()) for punt in section.find("div", f"kolom-{kant}")[0]
                         .find("div", "punt")] for kant in ("goed", "beter")]
            f["conclusies"][thema] = tuple(" ".join(k) for k in kolommen)
            punten[f"{naam}/{thema}"] = kolommen
    return feiten, punten


# --- Markdown -----------------------------------------------------------------------------


def optioneel(alineas: list[str]) -> list[str]:
    """The points of a column: the "Optioneel" label that stands before a point (its own
    paragraph in HTML and Markdown) joined to it."""
    punten: list[str] = []
    label = ""
    for alinea in alineas:
        if alinea == "Optioneel":
            label = "Optioneel "
        else:
            punten.append(label + alinea)
            label = ""
    return punten


def cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def from_markdown(path: Path) -> tuple[Feiten, dict[str, list[list[str]]]]:
    feiten: Feiten = {}
    punten: dict[str, list[list[str]]] = {}
    f: dict[str, Any] = {}
    naam = deel = thema = kant = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            naam, deel = plain(line.removeprefix("## Aanpak: ")), "aanpak"
            f = nieuw(feiten, naam) if line.startswith("## Aanpak: ") else {}
        elif line.startswith("### "):
            deel = line.removeprefix("### ")
        elif line.startswith("#### "):
            thema, kant = plain(line.removeprefix("#### ")), ""
            if deel == "Conclusie":
                punten[f"{naam}/{thema}"] = [[], []]
        elif line == "---":
            f = {}
        elif not f:
            continue
        elif deel == "aanpak" and line.startswith("- "):
            f["netwerkpartners"].append(plain(line[2:]))
        elif deel == "Samenvatting van de oordelen" and re.match(r"\| .* \| \d+ \|", line):
            naam_thema, *getallen = cells(line)
            f["telling"][plain(naam_thema)] = tuple(int(n) for n in getallen)
        elif deel == "Bevindingen toezichtonderzoek" and line.startswith("| ") and not (
                line.startswith(("| Criteria |", "| --- |"))):
            _, indicator, tekens, tekst = cells(line)
            f["regels"].append((plain(indicator),
                                woord({SYMBOOL[t] for t in tekens.split("<br>")})))
            f["let_op"] += [plain(m) for m in re.findall(r"\*\*LET OP:\*\* (.*)$", tekst)]
        elif deel == "Conclusie" and line in ("**Wat gaat goed?**", "**Wat kan beter?**"):
            kant = line
        elif deel == "Conclusie" and kant and line and line != "_Geen punten genoemd._":
            punten[f"{naam}/{thema}"][kant == "**Wat kan beter?**"].append(plain(line))
    for key, kolommen in punten.items():
        kolommen[:] = [optioneel(kolom) for kolom in kolommen]
        aanpak, thema = key.split("/")
        feiten[aanpak]["conclusies"][thema] = tuple(" ".join(k) for k in kolommen)
    return feiten, punten


# --- PDF ----------------------------------------------------------------------------------


def labels() -> tuple[list[str], list[str]]:
    """The indicator and criterium wordings of every shipped kader, longest first."""
    indicatoren, criteria = set(), set()
    for file in sorted(SHIPPED.glob("*.yaml")):
        kader = load_kader(file, file.name).kader
        for thema in kader.themas:
            for criterium in thema.criteria:
                criteria.add(" ".join(criterium.naam.split()))
                indicatoren |= {" ".join(i.tekst.split()) for i in criterium.indicatoren}
    return (sorted(indicatoren, key=len, reverse=True), sorted(criteria, key=len, reverse=True))


VERDICT = r"(?:voldoet √|verbeterpunt X|geen oordeel –)"


def pdf_lines(path: Path) -> tuple[str, list[str]]:
    """The title and the text lines of every page, without the running headers and
    footers."""
    reader = PdfReader(path)
    lines: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text().splitlines()
        if number > 1 and text and re.search(rf"pagina {number}$", text[-1]):
            text = text[:-1]
        if number > 1 and text and " · " in text[0]:
            text = text[1:]
        lines += [" ".join(line.split()) for line in text if line.strip()]
    assert reader.metadata is not None and reader.metadata.title
    return reader.metadata.title, lines


def sections(lines: list[str], title: str) -> dict[str, list[str]]:
    """Per aanpak (heading "Aanpak: <naam>") its lines, up to the next one or the colophon."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if line.startswith("Aanpak: "):
            current = found.setdefault(line.removeprefix("Aanpak: "), [])
        elif line == "Colofon" or line.startswith(f"{title} - "):
            current = None
        elif current is not None:
            current.append(line)
    return found


def between(lines: list[str], start: str, end: str | None) -> list[str]:
    begin = lines.index(start) + 1
    return lines[begin:lines.index(end, begin) if end else len(lines)]


def from_pdf(path: Path) -> Feiten:
    title, lines = pdf_lines(path)
    indicatoren, criteria = labels()
    feiten: Feiten = {}
    for naam, body in sections(lines, title).items():
        f = nieuw(feiten, naam)
        f["netwerkpartners"] = [line[2:] for line in
                                _first_run(body, lambda x: x.startswith("• "))]
        for line in between(body, "Samenvatting van de oordelen", "Bevindingen toezichtonderzoek"):
            match = re.fullmatch(r"(.+?) (\d+) (\d+) (\d+) (\d+)", line)
            if match:
                f["telling"][match.group(1)] = tuple(int(n) for n in match.groups()[1:])
        themas = list(f["telling"])
        tabellen = between(body, "Bevindingen toezichtonderzoek", "Conclusie")
        text = " ".join(tabellen)
        pattern = rf"({'|'.join(map(re.escape, indicatoren))}) ?((?:{VERDICT} ?)+)"
        for indicator, tekens in re.findall(pattern, text):
            f["regels"].append((indicator, woord({
                SYMBOOL[t[-1]] for t in re.findall(VERDICT, tekens)})))
        f["let_op"] = _let_op(tabellen, [*indicatoren, *criteria, *themas])
        f["conclusies"] = _conclusies(between(body, "Conclusie", None), themas)
    return feiten


def _first_run(lines: list[str], test: Callable[[str], bool]) -> list[str]:
    start = next(n for n, line in enumerate(lines) if test(line))
    end = next((n for n in range(start, len(lines)) if not test(lines[n])), len(lines))
    return lines[start:end]


def _let_op(lines: list[str], grenzen: list[str]) -> list[str]:
    """Each "LET OP:" note, up to the line where a label or a verdict starts."""
    notes: list[list[str]] = []
    for n, line in enumerate(lines):
        rest = " ".join(lines[n:n + 8])
        if line.startswith("LET OP: "):
            notes.append([line.removeprefix("LET OP: ")])
        elif notes and notes[-1] and not (
                line.startswith(("Indicatoren Oordeel", "Criterium: ")) or re.match(VERDICT, line)
                or any(rest.startswith(g) for g in grenzen)):
            notes[-1].append(line)
        elif notes:
            notes.append([])  # closed
    return [plain(" ".join(note)) for note in notes if note]


def _conclusies(lines: list[str], themas: list[str]) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for n, thema in enumerate(themas):
        start = lines.index(thema)
        stop = lines.index(themas[n + 1], start) if n + 1 < len(themas) else len(lines)
        block = lines[start:stop]
        goed = between(block, "Wat gaat goed?", "Wat kan beter?")
        beter = between(block, "Wat kan beter?", None)
        result[thema] = tuple(plain(" ".join(x for x in kolom if x != "Geen punten genoemd."))
                              for kolom in (goed, beter))
    return result


# --- the test -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("feiten")
    for root, names in ((REPO, ["zwolle", "venlo"]), *GEMAAKT.items()):
        # In worker processes: Typst starts threads that `threading` does not see, and a
        # later test that forks workers from this process would inherit them stuck.
        result = build(root, names, target, ("html", "md", "json", "pdf"), manifest=False,
                       pool=True)
        assert not result.failures, result.failures
    return target


@pytest.mark.parametrize(("root", "slug"), CASES, ids=[slug for _, slug in CASES])
def test_every_format_shows_the_same_facts(out: Path, root: Path, slug: str) -> None:
    folder = out / slug
    reference, json_punten = from_json(folder / "factsheet.json")
    html_feiten, html_punten = from_html(folder / "factsheet.html")
    md_feiten, md_punten = from_markdown(folder / "factsheet.md")
    pdf_feiten = from_pdf(folder / "factsheet.pdf")
    assert reference, "no aanpakken read"
    for aanpak in reference.values():
        assert aanpak["netwerkpartners"] and len(aanpak["telling"]) == 5
        assert len(aanpak["regels"]) >= 30
        # the summary counts agree with the lines of the tables
        per_indicator: dict[str, set[str]] = {}
        for indicator, verdict in aanpak["regels"]:
            per_indicator.setdefault(indicator, set()).update(rules.uitgesplitst(verdict))
        assert sum(aanpak["telling"].values(), ()) and telling_van(
            [woord(w) for w in per_indicator.values()]) == tuple(
            map(sum, zip(*aanpak["telling"].values(), strict=True)))
    assert html_feiten == reference, "HTML"
    assert md_feiten == reference, "Markdown"
    assert pdf_feiten == reference, "PDF"
    # Point by point (HTML wraps each point; in Markdown and the PDF only the column's text
    # is compared, above: a point of several paragraphs has no boundary of its own there).
    assert html_punten == json_punten, "conclusion points"
    assert md_punten.keys() == json_punten.keys()
