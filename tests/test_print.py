"""The HTML factsheet printed from Chromium (`chromium --headless --print-to-pdf`, what a
reader gets who prints the web page), measured like the PDF's pagination
(tests/test_pagination.py): `pdftotext -bbox` of the printout. For Zwolle, Venlo and every
gemeente under tests/data (the follow-up round included), with the page margins of
factsheet.css and with two others, so that header rows land at other places near a page's
foot. Uses Debian's chromium and poppler-utils (.ci/run installs both): without them the
tests skip locally and fail under CI."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import build_every
from tests.pdfpagina import bbox_regels

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run should have installed it", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow

MARGES = {"factsheet.css": "", "smal": "@page { margin: 10mm 12mm; }",
          "ruim": "@page { margin: 30mm 25mm 35mm; }"}
"""The page margins printed with: the stylesheet's own, and two that move every break."""
ZONDER = re.compile(r"\n  thead, thead tr \{[^}]*\}"
                    r"\n  tbody:first-of-type > tr:first-child \{[^}]*\}")
"""The print rules that keep a header row with its first row (to show the defect without)."""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every HTML factsheet, by "<gemeente>/<file>" (a follow-up round: "…/<ronde>/…")."""
    found = build_every(tmp_path_factory, ("html",), "factsheet.html")
    assert any(re.search(r"/\d{4}/", name) for name in found), "a follow-up round"
    return found


def printed(page: Path, css: str, tmp_path: Path, *, regels: bool = True) -> list[list[str]]:
    """The page printed by Chromium with `css` added to its style (or, with `regels` false,
    without the rules that keep a header row with its first row), as lines per page."""
    source = page.read_text(encoding="utf-8")
    if not regels:
        source, n = ZONDER.subn("", source)
        assert n == 1, "the header-row rules are in the page's style"
    copy = tmp_path / f"{page.parent.name}-{len(list(tmp_path.iterdir()))}.html"
    copy.write_text(source.replace("</head>", f"<style>{css}</style></head>", 1),
                    encoding="utf-8")
    out = copy.with_suffix(".pdf")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={out}", copy.as_uri()],
                   capture_output=True, check=True, timeout=120)
    return bbox_regels(out)


def header_rows(page: Path) -> tuple[str, ...]:
    """How each table's header row prints: its visible column headings, joined."""
    found = []
    for thead in re.findall(r"<thead>(.*?)</thead>", page.read_text(encoding="utf-8"), re.S):
        visible = re.sub(r'<span class="visueel-verborgen">.*?</span>', "", thead)
        found.append(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", visible)).split()))
    assert found, page
    return tuple(sorted(set(found)))


def lone_header_rows(paginas: list[list[str]], koppen: tuple[str, ...]) -> list[int]:
    """The pages whose last line is a table's header row."""
    return [n for n, regels in enumerate(paginas, 1) if regels and regels[-1] in koppen]


@pytest.mark.parametrize("marges", MARGES)
def test_a_printed_header_row_never_ends_a_page(pages: dict[str, Path], marges: str,
                                               tmp_path: Path) -> None:
    """No page of the printout ends with a table's header row: it stands above the table's
    first row, and repeats on every page the table continues on."""
    for name, page in pages.items():
        koppen = header_rows(page)
        paginas = printed(page, MARGES[marges], tmp_path)
        assert lone_header_rows(paginas, koppen) == [], (name, marges)
        repeated = [n for n, regels in enumerate(paginas, 1) if regels and regels[0] in koppen]
        assert repeated or len(paginas) < 4, (name, "a table continues on a new page")


def test_without_the_rules_chromium_leaves_header_rows_alone(pages: dict[str, Path],
                                                            tmp_path: Path) -> None:
    """The content is long enough to matter: without the print rules, Chromium ends pages
    with a header row (Zwolle's page 5, Venlo's 5 and 6 with factsheet.css's margins)."""
    lone = {name: lone_header_rows(printed(page, "", tmp_path, regels=False),
                                   header_rows(page))
            for name, page in pages.items() if name in ("zwolle/factsheet.html",
                                                        "venlo/factsheet.html")}
    assert all(lone.values()), lone
