"""Rich text in the PDF: nested and numbered lists, quotes, line breaks, and blocks inside
LET OP, read back from the PDF's text with pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from stj_factsheet.publish.build import build
from tests.helpers import copy_gemeente, replace

LET_OP = ("    let_op: |-\n"
          "      - eerste punt met [een link](https://stj.nl)\n"
          "          - genest een\n"
          "          - genest twee\n"
          "      - tweede punt  \n"  # two spaces: a hard line break
          "        op een nieuwe regel\n"
          "\n"
          "      > een citaat\n"
          "      >\n"
          "      > 3. stap drie\n"
          "      > 4. stap vier\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rijk")
    folder = copy_gemeente(root)
    file = folder / "er-op-af-aanpak.yaml"
    replace(file, "    let_op: >-\n      De leden van het zorgnetwerk screenen op dit profiel, is "
            "opgenomen als actiepunt\n      in de notitie ‘Doorontwikkeling zorgnetwerken’. "
            "Het is niet duidelijk of dit ook\n      daadwerkelijk is gedaan.\n", LET_OP)
    replace(file, "beschrijving: |-\n", "beschrijving: |-\n  Werkwijze:\n\n  - bespreken\n"
            "      - eerst de casus\n      - dan het plan\n  - uitvoeren\n\n")
    result = build(root, ["venlo"], root / "out", formats=("pdf", "html", "md"),
                   manifest=False)
    assert not result.failures, result.failures
    return root / "out" / "venlo"


def pdf_lines(folder: Path) -> list[str]:
    reader = PdfReader(folder / "factsheet.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    return [" ".join(line.split()) for line in text.splitlines()]


def test_a_nested_list_keeps_the_bullet_of_every_item(built: Path) -> None:
    lines = pdf_lines(built)
    start = lines.index("Werkwijze:")
    assert lines[start + 1: start + 5] == [
        "• bespreken", "‣ eerst de casus", "‣ dan het plan", "• uitvoeren"]


def test_a_let_op_with_a_list_builds_and_keeps_every_bullet(built: Path) -> None:
    lines = pdf_lines(built)
    start = lines.index("LET OP:")
    assert lines[start + 1: start + 10] == [
        "• eerste punt met een link", "‣ genest een", "‣ genest twee", "• tweede punt",
        "op een nieuwe regel", "een citaat", "3. stap drie", "4. stap vier",
        "Criterium: Samenhangend"]  # the next criterium's row: the note ended whole


def test_the_let_op_in_html_holds_the_blocks_after_its_label(built: Path) -> None:
    html = (built / "factsheet.html").read_text(encoding="utf-8")
    box = html[html.index('<div class="let-op">'):]
    box = box[: box.index("</div>")]
    assert box == (
        '<div class="let-op"><p><strong>LET OP:</strong></p>\n<ul>\n<li>eerste punt met '
        '<a href="https://stj.nl">een link</a>\n<ul>\n<li>genest een</li>\n<li>genest twee'
        "</li>\n</ul>\n</li>\n<li>tweede punt<br>\nop een nieuwe regel</li>\n</ul>\n"
        '<blockquote>\n<p>een citaat</p>\n<ol start="3">\n<li>stap drie</li>\n<li>stap vier'
        "</li>\n</ol>\n</blockquote>")


def test_the_let_op_in_markdown_is_one_cell(built: Path) -> None:
    md = (built / "factsheet.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if "LET OP:" in line)
    assert row.endswith(
        "<br><br>**LET OP:** • eerste punt met [een link](https://stj.nl)<br>◦ genest een<br>"
        "◦ genest twee<br>• tweede punt<br>op een nieuwe regel<br><br>> een citaat<br>><br>"
        "> 3. stap drie<br>> 4. stap vier |")
