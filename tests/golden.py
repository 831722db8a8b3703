"""Golden factsheets: `python -m tests.golden` (or `make golden`) regenerates them.

Run it only after a reviewed change of the output; the diff of tests/golden/ is then part
of the review. tests/test_render.py compares a fresh build with these files, whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from stj_factsheet.publish.build import build

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
GEMEENTEN = ("venlo", "zwolle")
FICTIEF = Path(__file__).resolve().parent / "data" / "fictief"
"""A made-up gemeente with a follow-up round (no real follow-up data exists)."""
RIJK = Path(__file__).resolve().parent / "data" / "rijk"
"""The rich made-up gemeente: every construct the data format allows (see its README)."""
PAGES = ("venlo/factsheet.html", "zwolle/factsheet.html", "index.html",
         "fictief/voorbeeldstad/2015/factsheet.html", "fictief/index.html",
         "rijk/heerdebeek/factsheet.html")
"""The HTML pages the browser tests open."""


def regenerate(target: Path = GOLDEN) -> list[Path]:
    """The shipped factsheets and their overview; the fictional gemeente's factsheets
    (both rounds) and its overview under `fictief/`; the rich made-up gemeente under
    `rijk/`."""
    if target.exists():
        shutil.rmtree(target)
    written = []
    for root, names, folder in ((REPO, GEMEENTEN, target),
                                (FICTIEF, (), target / "fictief"),
                                (RIJK, (), target / "rijk")):
        result = build(root, names, folder, overzicht=True, manifest=False)
        assert not result.failures, result.failures
        written += result.written
    return written


if __name__ == "__main__":
    for path in regenerate():
        print(f"geschreven: {path.relative_to(REPO)}")
