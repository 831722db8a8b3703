"""Read a PDF page back as lines of text with their place, size and font (pypdf), to test
the pagination rules of README.md ("PDF: de opmaak van de pagina's") from the PDF itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader

MM = 72 / 25.4
HOOGTE = 297 * MM
"""An A4 page's height in points."""
KOP_BOVEN = HOOGTE - 20 * MM
"""Above this (in points from the bottom), text is the running header."""
VOET_ONDER = 22 * MM
"""Below this, text is the running footer."""
TEKSTHOOGTE = KOP_BOVEN - VOET_ONDER


def nodig(programma: str, pakket: str) -> str:
    """The path of `programma` (from Debian's `pakket`). Without it the calling test skips
    locally and fails under CI, where .ci/run should have installed it."""
    found = shutil.which(programma)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{programma} is missing: .ci/run should have installed {pakket}",
                        pytrace=False)
        pytest.skip(f"{programma} is not installed (apt-get install {pakket})")
    return found


@dataclass
class Regel:
    """Text at one height of a page: its runs joined, the largest size, the fonts used."""

    y: float
    grootte: float
    fonts: set[str] = field(default_factory=set)
    delen: list[str] = field(default_factory=list)

    @property
    def tekst(self) -> str:
        return " ".join(" ".join(self.delen).split())

    @property
    def is_kop(self) -> bool:
        """A heading: bold, at 10 pt or more (body text is 9.5 pt, tables 8.5 pt)."""
        return self.grootte >= 9.9 and any("Bold" in f for f in self.fonts)


@dataclass
class Pagina:
    nummer: int
    kop: str
    """The running header."""
    voet: str
    """The running footer."""
    regels: list[Regel]
    """The body, top to bottom."""

    @property
    def vulling(self) -> float:
        """How much of the text area lies above the body's lowest line (0..1)."""
        if not self.regels:
            return 0.0
        return (KOP_BOVEN - self.regels[-1].y) / TEKSTHOOGTE


def _font(font: object) -> str:
    if font is None:
        return ""
    return str(font.get("/BaseFont", "")).split("+")[-1]  # type: ignore[attr-defined]


def pagina(reader: PdfReader, index: int) -> Pagina:
    runs: list[tuple[float, float, str, str]] = []

    def visitor(text: str, cm: list[float], tm: list[float], font: object,
                size: float) -> None:
        if not text.strip():
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        runs.append((round(y, 1), round(size * scale, 1), _font(font), text))

    reader.pages[index].extract_text(visitor_text=visitor)
    regels: dict[float, Regel] = {}
    for y, size, font, text in runs:
        # Runs within 2 pt of each other share a line (a mark beside its word).
        key = next((k for k in regels if abs(k - y) <= 2), y)
        regel = regels.setdefault(key, Regel(key, size))
        regel.grootte = max(regel.grootte, size)
        regel.fonts.add(font)
        regel.delen.append(text)
    ordered = sorted(regels.values(), key=lambda r: -r.y)
    kop = " ".join(r.tekst for r in ordered if r.y > KOP_BOVEN)
    voet = " ".join(r.tekst for r in ordered if r.y < VOET_ONDER)
    body = [r for r in ordered if VOET_ONDER <= r.y <= KOP_BOVEN]
    return Pagina(index + 1, kop, voet, body)


def paginas(path: Path | PdfReader) -> list[Pagina]:
    reader = path if isinstance(path, PdfReader) else PdfReader(path)
    return [pagina(reader, n) for n in range(len(reader.pages))]


WOORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                   r'yMax="([\d.]+)">([^<]*)</word>')
"""A word of `pdftotext -bbox`: xMin, yMin (from the top of the page), xMax, yMax, text."""


def bbox(path: Path) -> str:
    """`pdftotext -bbox` of the PDF (poppler-utils: skips locally without it, fails
    under CI)."""
    return subprocess.run([nodig("pdftotext", "poppler-utils"), "-bbox", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def bbox_regels(path: Path) -> list[list[str]]:
    """Per page of any PDF (a browser's printout too), its lines top to bottom: the words
    whose baselines lie within 2 pt of each other, left to right."""
    found = []
    for page in bbox(path).split("<page ")[1:]:
        regels: dict[float, list[tuple[float, str]]] = {}
        for x0, _, _, y1, word in WOORD.findall(page):
            key = next((k for k in regels if abs(k - float(y1)) <= 2), float(y1))
            regels.setdefault(key, []).append((float(x0), word))
        found.append([" ".join(w for _, w in sorted(words)) for _, words in sorted(regels.items())])
    return found
