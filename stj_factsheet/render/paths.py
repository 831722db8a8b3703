"""Where each page lives in the output folder, relative to it.

One place for the paths that a build writes to and that the pages link to (the overview
links to every factsheet; the preview opens one).
"""

from __future__ import annotations

OVERZICHT_FILES = ("index.html", "index.md", "index.json", "index.csv")
"""The overview's files (`stj overzicht`)."""


def factsheet(slug: str, fmt: str, ronde: str | None = None) -> str:
    """`zwolle/factsheet.html`, or a follow-up round's `zwolle/2015/factsheet.html`."""
    return f"{slug}/{ronde}/factsheet.{fmt}" if ronde else f"{slug}/factsheet.{fmt}"
