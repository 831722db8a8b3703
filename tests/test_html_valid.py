"""Every kind of HTML page we generate is valid HTML: no error from the Nu Html Checker
(vnu, the W3C's validator; npm package `vnu-jar`, run with Java). `.ci/install-vnu` puts it
in `.ci/node_modules` (`.ci/run` calls it); `STJ_VNU_JAR` may name another copy. Without
it, or without java, the tests skip locally and fail under CI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from stj_factsheet.publish.build import build
from tests.golden import FICTIEF, GOLDEN
from tests.helpers import REPO, copy_gemeente, replace

pytestmark = pytest.mark.slow

VNU = Path(os.environ.get("STJ_VNU_JAR")
           or REPO / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
JAVA = shutil.which("java")

if not (VNU.is_file() and JAVA):
    if os.environ.get("CI"):
        pytest.fail(f"the HTML validator is missing ({VNU}, java): .ci/run should have "
                    "installed it", pytrace=False)
    pytest.skip("the HTML validator is not installed (bash .ci/install-vnu)",
                allow_module_level=True)

GOLDEN_PAGES = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html"))
"""Factsheets, a follow-up factsheet, overviews of real and of made-up gemeenten."""


def unusual_pages(out: Path) -> list[Path]:
    """Pages from data the golden files lack: an indicator judged in two findings, a
    verdict that names no indicator of its finding, a `geen` beside a √, and an overview
    of real and made-up gemeenten."""
    root = out / "data"
    folder = copy_gemeente(root)
    file = folder / "er-op-af-aanpak.yaml"
    replace(file, "  - indicatoren: [aanpak.niet-loslaten]",
            "  - indicatoren: [aanpak.outreachend]\n    oordeel: verbeterpunt\n"
            "    tekst: Niet bij elk gezin.\n  - indicatoren: [aanpak.niet-loslaten]")
    replace(file, "      - oordeel: voldoet\n"
            "        indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]",
            "      - oordeel: voldoet\n        indicatoren: [aanpak.beleid]")
    replace(file, "      - oordeel: verbeterpunt\n"
            "        indicatoren: [aanpak.gezamenlijke-doelen]",
            "      - oordeel: geen\n        indicatoren: [aanpak.gezamenlijke-doelen]")
    replace(file, "          - aanpak.gezamenlijke-doelen\n", "")
    shutil.copytree(FICTIEF / "municipalities" / "voorbeeldstad",
                    root / "municipalities" / "voorbeeldstad")
    result = build(root, (), out / "site", ("html",), overzicht=True, manifest=False)
    assert not result.failures, result.failures
    return [out / "site" / "venlo" / "factsheet.html", out / "site" / "index.html"]


@pytest.fixture(scope="module")
def errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Per page its errors: every page in one run of the validator (a JVM start is slow)."""
    extra = unusual_pages(tmp_path_factory.mktemp("ongewoon"))
    pages = {name: GOLDEN / name for name in GOLDEN_PAGES}
    pages |= {f"ongewoon/{p.parent.name}/{p.name}": p for p in extra}
    done = subprocess.run([JAVA or "java", "-jar", str(VNU), "--errors-only", "--format", "json",
                           *(str(p) for p in pages.values())],
                          capture_output=True, text=True, check=False, timeout=600)
    report = json.loads(done.stderr or done.stdout)
    by_path = {str(p.resolve()): name for name, p in pages.items()}
    found: dict[str, list[str]] = {name: [] for name in pages}
    for message in report["messages"]:
        # vnu names a file `file:/path` (one slash)
        name = by_path.get(unquote(urlparse(message.get("url", "")).path), "?")
        found.setdefault(name, []).append(
            f"{message.get('lastLine')}:{message.get('firstColumn')}: {message['message']}")
    assert found.pop("?", []) == [], "messages about no page"
    return found


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_page_is_valid_html(errors: dict[str, list[str]], page: str) -> None:
    assert errors[page] == []


@pytest.mark.parametrize("page", ["ongewoon/venlo/factsheet.html", "ongewoon/site/index.html"])
def test_page_from_unusual_data_is_valid_html(errors: dict[str, list[str]], page: str) -> None:
    assert errors[page] == []


def test_the_validator_finds_errors(tmp_path: Path) -> None:
    """So that an empty report means something: a page with a duplicate id fails."""
    page = tmp_path / "fout.html"
    page.write_text('<!DOCTYPE html>\n<html lang="nl"><head><title>x</title></head>'
                    '<body><p id="a">1</p><p id="a">2</p></body></html>\n', encoding="utf-8")
    done = subprocess.run([JAVA or "java", "-jar", str(VNU), "--errors-only", "--format", "json",
                           str(page)], capture_output=True, text=True, check=False, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert [m["message"] for m in messages] == ["Duplicate ID “a”."]
