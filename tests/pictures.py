"""`make pictures`: every PDF page, and each HTML page type at 1280 and 390 px, as PNG in
pictures/ (gitignored), for a reviewer to look at; then the pictures of the handleiding in
docs/handleiding/img/ (committed; see tests/handleiding_pictures.py). Needs pdftoppm
(poppler-utils) and chromium, as the browser tests do, and node with npm for the editor
picture."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from stj_factsheet.publish.build import build
from tests.golden import FICTIEF, GEMEENTEN, PAGES, REPO, RIJK

PICTURES = REPO / "pictures"
WIDTHS = (1280, 390)


def pdf_pages(out: Path) -> None:
    for root, names, folder in ((REPO, GEMEENTEN, out / "pdf"), (FICTIEF, (), out / "pdf"),
                                (RIJK, (), out / "pdf")):
        result = build(root, list(names), folder, formats=("pdf",))
        assert not result.failures, result.failures
    for pdf in sorted((out / "pdf").rglob("*.pdf")):
        stem = "-".join(pdf.relative_to(out / "pdf").with_suffix("").parts)
        subprocess.run(["pdftoppm", "-png", "-r", "90", str(pdf), str(out / f"pdf-{stem}")],
                       check=True)


def html_pages(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.golden import regenerate
    from tests.test_browser import ARGS, CHROMIUM

    site = out / "html"
    regenerate(site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for name in PAGES:
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto((site / name).as_uri())
                shot = out / f"html-{name.removesuffix('.html').replace('/', '-')}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                page.close()
        browser.close()
    shutil.rmtree(site)


if __name__ == "__main__":
    if PICTURES.exists():
        shutil.rmtree(PICTURES)
    PICTURES.mkdir()
    pdf_pages(PICTURES)
    shutil.rmtree(PICTURES / "pdf")
    html_pages(PICTURES)
    print(f"{len(list(PICTURES.glob('*.png')))} afbeeldingen in {PICTURES}", file=sys.stderr)
    from tests import handleiding_pictures

    handleiding_pictures.main()
