"""Rendering: golden files, determinism, safety of text from YAML, atomic writes."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest

from stj_factsheet.errors import UsageError
from stj_factsheet.publish.build import build, generated_on
from stj_factsheet.render import environment as render
from stj_factsheet.render import markup
from stj_factsheet.validate.project import Project
from stj_factsheet.view import factsheet as view_model
from tests.golden import GEMEENTEN, GOLDEN
from tests.helpers import REPO, copy_gemeente, replace, stj


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = build(REPO, GEMEENTEN, out)
    assert not result.failures
    return out


@pytest.mark.parametrize("gemeente", GEMEENTEN)
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_output_matches_the_reviewed_golden_file(built: Path, gemeente: str, fmt: str) -> None:
    fresh = (built / gemeente / f"factsheet.{fmt}").read_text(encoding="utf-8")
    golden = (GOLDEN / gemeente / f"factsheet.{fmt}").read_text(encoding="utf-8")
    assert fresh == golden, "output changed: review it, then run `make golden`"


def test_two_builds_give_identical_bytes(tmp_path: Path, built: Path) -> None:
    build(REPO, GEMEENTEN, tmp_path)
    for gemeente in GEMEENTEN:
        for fmt in ("html", "md"):
            name = f"{gemeente}/factsheet.{fmt}"
            assert (tmp_path / name).read_bytes() == (built / name).read_bytes()


def test_no_date_unless_source_date_epoch(built: Path) -> None:
    html = (built / "zwolle" / "factsheet.html").read_text(encoding="utf-8")
    assert "Gegenereerd op" not in html
    assert generated_on({}) is None
    assert generated_on({"SOURCE_DATE_EPOCH": "1381536000"}) == "12 oktober 2013"
    with pytest.raises(UsageError):
        generated_on({"SOURCE_DATE_EPOCH": "gisteren"})


def test_source_date_epoch_prints_the_date(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    os.environ["SOURCE_DATE_EPOCH"] = "1381536000"
    try:
        assert stj("--root", tmp_path, "build", "venlo", "--format", "md").exit_code == 0
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    text = (tmp_path / "out" / "venlo" / "factsheet.md").read_text(encoding="utf-8")
    assert "Gegenereerd op 12 oktober 2013." in text


def test_html_is_self_contained_and_accessible_in_structure(built: Path) -> None:
    html = (built / "zwolle" / "factsheet.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert "<title>Uitkomsten toezichtonderzoek Zwolle" in html
    # (A link to a site, <a href>, is no request: the kader links www.toezichtggsr.nl.)
    assert not re.search(r'(src="|<link [^>]*href=")(https?:)?//', html), "no external requests"
    assert "<script" not in html
    assert html.count("<caption") == 12  # (5 themes + summary) × 2 aanpakken
    assert '<th scope="col">Oordeel</th>' in html
    assert '<th scope="row" class="indicator">' in html
    assert 'verbeterpunt <span class="symbool" aria-hidden="true">X</span>' in html
    assert 'voldoet <span class="symbool" aria-hidden="true">√</span>' in html
    headings = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), headings


def test_each_indicator_of_a_finding_has_its_own_line_and_verdict(built: Path) -> None:
    """Zwolle's evaluation finding (Bijzondere doelgroepen) is published as √ X X X beside
    four indicators: each gets its line and its verdict; the finding's text spans them."""
    html = (built / "zwolle" / "factsheet.html").read_text(encoding="utf-8")
    start = html.index('<tr id="bijzondere-doelgroepen-aanpak-resultaten-bijgehouden">')
    rows = html[start:html.index("</tbody>", start)].split("</tr>")[:4]
    indicatoren = [re.findall(r'<th scope="row" class="indicator">(.*?)</th>', r)[0]
                   for r in rows]
    assert indicatoren == ["De resultaten van de aanpak worden bijgehouden",
                           "De netwerkpartners evalueren de resultaten van de aanpak",
                           "De gemeente evalueert de resultaten van de aanpak",
                           "Op basis van de evaluatie wordt het beleid gecontinueerd dan wel "
                           "bijgesteld"]
    assert [re.findall(r'class="oordeel-(\w+)"', r) for r in rows] == [
        ["voldoet"], ["verbeterpunt"], ["verbeterpunt"], ["verbeterpunt"]]
    assert '<td class="bevinding" rowspan="4">' in rows[0]
    assert [r.count('class="bevinding"') for r in rows] == [1, 0, 0, 0]
    md = (built / "zwolle" / "factsheet.md").read_text(encoding="utf-8")
    lines = [line for line in md.splitlines() if any(i in line for i in indicatoren)]
    assert [line.split(" | ")[2] for line in lines[-4:]] == ["√", "X", "X", "X"]
    assert [line.endswith("| _zie hierboven_ |") for line in lines[-4:]] == [
        False, True, True, True]


def test_markdown_tables_have_one_line_per_row(built: Path) -> None:
    md = (built / "venlo" / "factsheet.md").read_text(encoding="utf-8")
    header = "| Criteria | Indicatoren | Oordeel | Bevindingen |"
    assert md.count(header + "\n") == 5
    cells = 0
    for line in md.splitlines():
        if not line.startswith("| "):
            cells = 0
            continue
        pipes = len(re.findall(r"(?<!\\)\|", line))
        cells = cells or pipes  # a table's header sets its width
        assert pipes == cells, line


EVIL = {
    "script": ("<script>alert(1)</script>", "<script"),
    "event attribute": ('<img src=x onerror="alert(1)">', "<img"),
    "javascript link": ("[klik](javascript:alert(1))", "javascript:alert(1))"),
    "raw html block": ('<div onclick="alert(1)">x</div>', "<div onclick"),
    "iframe": ("<iframe src=https://example.org></iframe>", "<iframe"),
}


@pytest.mark.parametrize("name", EVIL)
def test_markup_in_a_plain_value_is_escaped(tmp_path: Path, name: str) -> None:
    payload, forbidden = EVIL[name]
    folder = copy_gemeente(tmp_path)
    replace(folder / "er-op-af-aanpak.yaml", "  - Wel.kom", f"  - 'Wel.kom {payload}'")
    assert stj("--root", tmp_path, "build", "venlo").exit_code == 0
    html = (tmp_path / "out" / "venlo" / "factsheet.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "venlo" / "factsheet.md").read_text(encoding="utf-8")
    # The payload appears as harmless text, escaped; never as markup or a link.
    assert forbidden not in html.replace("&lt;", "").replace("[klik](javascript", "")
    assert 'href="javascript' not in html
    assert forbidden not in md.replace("&lt;", "").replace("\\[klik\\](javascript", "")
    assert "](javascript" not in md.replace("\\]", "")


@pytest.mark.parametrize("name", EVIL)
def test_markup_in_a_text_is_refused_and_would_render_harmless(tmp_path: Path,
                                                                name: str) -> None:
    payload, forbidden = EVIL[name]
    folder = copy_gemeente(tmp_path)
    replace(folder / "er-op-af-aanpak.yaml", "beschrijving: |-\n",
            f"beschrijving: |-\n  {payload}\n\n")
    result = stj("--root", tmp_path, "check", "venlo")
    assert result.exit_code == 1
    assert result.stderr.startswith("municipalities/venlo/er-op-af-aanpak.yaml:9:")
    html, md = str(markup.to_html(payload)), markup.md_text(payload)
    assert forbidden not in html.replace("&lt;", "")
    assert "href=" not in html and "](" not in md
    assert forbidden not in md.replace("&lt;", "")


def test_plain_values_are_escaped(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    replace(folder / "gemeente.yaml", "naam: Venlo", "naam: 'Venlo <b>&</b>'")
    assert stj("--root", tmp_path, "build", "venlo").exit_code == 0
    html = (tmp_path / "out" / "venlo" / "factsheet.html").read_text(encoding="utf-8")
    assert "<h1>Uitkomsten toezichtonderzoek Venlo &lt;b&gt;&amp;&lt;/b&gt;</h1>" in html
    md = (tmp_path / "out" / "venlo" / "factsheet.md").read_text(encoding="utf-8")
    assert "# Uitkomsten toezichtonderzoek Venlo &lt;b>&&lt;/b>" in md


def test_a_safe_link_survives(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    replace(folder / "er-op-af-aanpak.yaml", "beschrijving: |-\n",
            "beschrijving: |-\n  Zie [STJ](https://www.toezichtggsr.nl).\n\n")
    assert stj("--root", tmp_path, "build", "venlo", "--format", "html").exit_code == 0
    html = (tmp_path / "out" / "venlo" / "factsheet.html").read_text(encoding="utf-8")
    assert '<a href="https://www.toezichtggsr.nl">STJ</a>' in html


def test_a_failing_gemeente_leaves_earlier_output_intact(tmp_path: Path) -> None:
    copy_gemeente(tmp_path, "venlo")
    zwolle = copy_gemeente(tmp_path, "zwolle")
    assert stj("--root", tmp_path, "build", "--all").exit_code == 0
    before = (tmp_path / "out" / "zwolle" / "factsheet.html").read_bytes()
    replace(zwolle / "gemeente.yaml", "inwoners: 120000", "inwoners: veel")
    (tmp_path / "out" / "venlo" / "factsheet.md").unlink()
    result = stj("--root", tmp_path, "build", "--all")
    assert result.exit_code == 1
    assert "municipalities/zwolle/gemeente.yaml:5:11: verwacht een geheel getal" in result.stderr
    assert result.stderr.startswith("zwolle: mislukt (1 fout)\n")
    assert result.stderr.endswith("1 geschreven, 1 ongewijzigd, 1 gemeente mislukt\n")
    assert result.stdout == "venlo: klaar\n"
    assert (tmp_path / "out" / "venlo" / "factsheet.md").is_file()
    assert (tmp_path / "out" / "zwolle" / "factsheet.html").read_bytes() == before
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_unchanged_output_is_not_rewritten(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    assert stj("--root", tmp_path, "build", "venlo").exit_code == 0
    target = tmp_path / "out" / "venlo" / "factsheet.html"
    os.utime(target, (1_000_000_000, 1_000_000_000))
    again = stj("--root", tmp_path, "build", "venlo")
    assert again.stdout.endswith("0 geschreven, 2 ongewijzigd, 0 gemeenten mislukt\n")
    assert target.stat().st_mtime == 1_000_000_000


def test_format_and_out_options(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    result = stj("--root", tmp_path, "build", "venlo", "--format", "md", "--out",
                 tmp_path / "site")
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "site" / "venlo").iterdir()] == ["factsheet.md"]


def test_compiled_templates_are_kept_in_the_user_cache(tmp_path: Path) -> None:
    folder = render.cache_folder({"XDG_CACHE_HOME": str(tmp_path)})
    assert folder == tmp_path / "stj-factsheet" / "jinja"
    assert render.cache_folder({"XDG_CACHE_HOME": str(tmp_path), "STJ_GEEN_CACHE": "1"}) is None
    view = _zwolle_view()
    golden = (GOLDEN / "zwolle" / "factsheet.html").read_text(encoding="utf-8")
    env = render.environment(render.TEMPLATES, folder)
    assert env.get_template("factsheet.html").render(factsheet=view) == golden
    assert len(list(folder.iterdir())) >= 5  # factsheet, base and the partials
    # The next run finds the compiled code there (a fresh cache object, as in a new
    # process) and renders the same bytes with it.
    render.environment.cache_clear()
    env = render.environment(render.TEMPLATES, folder)
    source = (render.TEMPLATES / "factsheet.html").read_text(encoding="utf-8")
    bucket = render.TemplateCache(folder, env).get_bucket(
        env, "factsheet.html", str(render.TEMPLATES / "factsheet.html"), source)
    assert bucket.code is not None
    assert env.get_template("factsheet.html").render(factsheet=view) == golden
    render.environment.cache_clear()


def test_a_cache_that_cannot_be_used_costs_nothing_but_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert render.cache_folder({"XDG_CACHE_HOME": str(blocked)}) is None
    unwritable = tmp_path / "gone"  # removed after the run started: writing fails
    view = _zwolle_view()
    golden = (GOLDEN / "zwolle" / "factsheet.html").read_text(encoding="utf-8")
    env = render.environment(render.TEMPLATES, unwritable)
    assert env.get_template("factsheet.html").render(factsheet=view) == golden
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    render.environment(render.TEMPLATES, corrupt).get_template("factsheet.html")
    for file in corrupt.iterdir():
        file.write_bytes(file.read_bytes()[:20])
    render.environment.cache_clear()
    env = render.environment(render.TEMPLATES, corrupt)
    assert env.get_template("factsheet.html").render(factsheet=view) == golden
    render.environment.cache_clear()


def _zwolle_view() -> view_model.FactsheetView:
    loaded, _ = Project(REPO).load("zwolle")
    assert loaded is not None
    return view_model.factsheet(loaded)


def test_heel_keeps_a_name_on_one_line_and_escapes_the_rest() -> None:
    assert render.heel("<b> met ggsr-2013, ggsr-2013.", "ggsr-2013") == (
        '&lt;b&gt; met <span class="heel">ggsr-2013</span>, '
        '<span class="heel">ggsr-2013</span>.')
    assert render.heel("k<1", "k<1") == '<span class="heel">k&lt;1</span>'
