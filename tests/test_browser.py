"""The HTML factsheets in a real browser: axe-core (WCAG 2.1 A/AA), layout at desktop and
phone width, print preview. Uses Debian's chromium (installed by .ci/run); never
`playwright install`. Without chromium the tests skip locally and fail under CI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.golden import GEMEENTEN, GOLDEN

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS = Path(os.environ.get("STJ_SCREENSHOTS", "")) if os.environ.get("STJ_SCREENSHOTS") else None

if not Path(CHROMIUM).is_file():
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run should have installed it", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def open_page(browser: object, gemeente: str, width: int, height: int = 900) -> object:
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page.goto((GOLDEN / gemeente / "factsheet.html").as_uri())
    return page


def shoot(page: object, name: str, **kwargs: object) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), **kwargs)  # type: ignore[attr-defined]


@pytest.mark.parametrize("gemeente", GEMEENTEN)
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_wcag_21_aa_violations(browser: object, gemeente: str, width: int) -> None:
    page = open_page(browser, gemeente, width)
    results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    violations = results.response["violations"]
    assert results.response["passes"] or results.response.get("incomplete") is not None
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("gemeente", GEMEENTEN)
@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("telefoon", 375)])
def test_page_does_not_scroll_horizontally(browser: object, gemeente: str, label: str,
                                           width: int) -> None:
    page = open_page(browser, gemeente, width)
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px horizontal scroll at {width}px"
    shoot(page, f"{gemeente}-{label}.png", full_page=True)
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_print_preview_renders_a4(browser: object, gemeente: str, tmp_path: Path) -> None:
    page = open_page(browser, gemeente, 1280)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    shoot(page, f"{gemeente}-print.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    hidden = page.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('.inhoudsopgave')).display")
    assert hidden == "none", "the table of contents is left out of print"
    page.close()  # type: ignore[attr-defined]
