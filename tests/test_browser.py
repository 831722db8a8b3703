"""The HTML factsheets in a real browser: axe-core (WCAG 2.2 A/AA and best practice),
layout at desktop and phone width, print preview. Uses Debian's chromium (installed by
.ci/run); never
`playwright install`. Without chromium the tests skip locally and fail under CI."""

from __future__ import annotations

import os
import shutil
import statistics
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.golden import GOLDEN, PAGES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""WCAG 2.2 A/AA (what EN 301 549 moves to) and axe's best-practice rules."""
SHOTS = Path(os.environ.get("STJ_SCREENSHOTS", "")) if os.environ.get("STJ_SCREENSHOTS") else None

if not Path(CHROMIUM).is_file():
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run should have installed it", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow

sync_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def open_page(browser: object, name: str, width: int, height: int = 900) -> object:
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page.goto((GOLDEN / name).as_uri())
    return page


def shot_name(name: str) -> str:
    return name.removesuffix(".html").replace("/", "-")


def shoot(page: object, name: str, **kwargs: object) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), **kwargs)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_wcag_22_aa_or_best_practice_violations(browser: object, name: str,
                                                            width: int) -> None:
    page = open_page(browser, name, width)
    results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    violations = results.response["violations"]
    assert results.response["passes"] or results.response.get("incomplete") is not None
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("telefoon", 390),
                                             ("smal", 320)])
def test_page_does_not_scroll_horizontally(browser: object, name: str, label: str,
                                           width: int) -> None:
    page = open_page(browser, name, width)
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px horizontal scroll at {width}px"
    if "factsheet" in name:
        # Nothing on a factsheet scrolls sideways, not even inside a frame.
        wide = page.evaluate(  # type: ignore[attr-defined]
            "[...document.querySelectorAll('main *')].filter(e => e.scrollWidth > "
            "e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))"
            ".map(e => e.outerHTML.slice(0, 80))")
        assert wide == [], wide
    shoot(page, f"{shot_name(name)}-{label}.png", full_page=True)
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", PAGES)
def test_print_preview_renders_a4(browser: object, name: str, tmp_path: Path) -> None:
    page = open_page(browser, name, 1280)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    shoot(page, f"{shot_name(name)}-print.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    hidden = page.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('.inhoudsopgave')).display")
    assert hidden == "none", "the table of contents is left out of print"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("width", "height"), [(375, 700), (800, 600)])
def test_matrix_headers_stay_visible_while_scrolling(browser: object, width: int,
                                                     height: int) -> None:
    """Scroll the overview's matrix to its far corner: the indicator numbers stay at the
    top of its frame and the aanpak names at its left."""
    page = open_page(browser, "index.html", width, height)
    frame = page.locator(".matrix-kader")  # type: ignore[attr-defined]
    frame.scroll_into_view_if_needed()
    moved = frame.evaluate("f => { f.scrollTo(f.scrollWidth, f.scrollHeight); "
                           "return [f.scrollLeft, f.scrollTop]; }")
    assert moved[0] > 0 or moved[1] > 0, "the matrix does not scroll at this size"
    box = frame.bounding_box()
    header = page.locator(".matrix .kop-indicatoren th").last.bounding_box()  # type: ignore[attr-defined]
    name = page.locator(".matrix tbody th").last.bounding_box()  # type: ignore[attr-defined]
    themes = page.locator(".matrix .kop-themas th").first.bounding_box()  # type: ignore[attr-defined]
    assert box["y"] <= themes["y"] <= box["y"] + 2, "the theme row scrolled away"
    assert header["y"] < box["y"] + 4 * 16, "the indicator row scrolled away"
    assert box["x"] <= name["x"] <= box["x"] + 2, "the aanpak column scrolled away"
    page.close()  # type: ignore[attr-defined]


COLUMN = """e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  const boxed = s.backgroundColor !== 'rgba(0, 0, 0, 0)' || parseFloat(s.borderLeftWidth) > 0;
  const inset = side => boxed ? 0 : parseFloat(s['padding' + side]);
  return [e.className || e.tagName, Math.round(r.left + inset('Left')),
          Math.round(r.right - inset('Right'))]; }"""
"""Where an element's column runs: its text for text, its box for a box (the notice)."""


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", [1280, 1920, 390])
def test_header_and_body_share_one_column(browser: object, name: str, width: int) -> None:
    """The title block starts and ends where the body's text does, the notice on
    made-up data included: one layout width for the whole page."""
    page = open_page(browser, name, width)
    body = page.locator("main").evaluate(COLUMN)  # type: ignore[attr-defined]
    header = page.locator(".titelpagina > *").evaluate_all(  # type: ignore[attr-defined]
        f"es => es.map({COLUMN})")
    wrong = [h for h in header if abs(h[1] - body[1]) > 1 or abs(h[2] - body[2]) > 1]
    assert wrong == [], f"body column {body[1:]}, header {wrong}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
@pytest.mark.parametrize("width", [1280, 390])
def test_counts_with_percentages_stay_on_one_line(browser: object, name: str,
                                                  width: int) -> None:
    """'3 (100%)' is one value: a cell never breaks it over two lines."""
    page = open_page(browser, name, width)
    broken = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('main td')].filter(c => /\\(\\d+%\\)/.test(c.textContent))"
        ".filter(c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.bottom))).size > 1; })"
        ".map(c => c.textContent.trim())")
    assert broken == [], f"{len(broken)} cells wrap at {width}px: {broken[:5]}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
@pytest.mark.parametrize("width", [1920, 1280, 390])
def test_matrix_fills_its_frame(browser: object, name: str, width: int) -> None:
    """No empty strip inside the matrix's frame: the table is as wide and as tall as the
    frame's inside, and the frame scrolls only by what the table has more."""
    page = open_page(browser, name, width)
    sizes = page.locator(".matrix-kader").evaluate(  # type: ignore[attr-defined]
        "f => { const t = f.querySelector('table').getBoundingClientRect();"
        " return {table: [t.width, t.height], inside: [f.clientWidth, f.clientHeight],"
        " scroll: [f.scrollWidth, f.scrollHeight]}; }")
    (table_w, table_h), (inside_w, inside_h) = sizes["table"], sizes["inside"]
    assert table_w >= inside_w - 1, f"an empty strip at the right: {sizes}"
    assert table_h >= inside_h - 1, f"an empty strip at the bottom: {sizes}"
    assert sizes["scroll"][0] <= max(table_w, inside_w) + 1, sizes
    assert sizes["scroll"][1] <= max(table_h, inside_h) + 1, sizes
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
def test_matrix_fits_a_desktop_window(browser: object, name: str) -> None:
    """At 1280 px the 30 indicator columns fit: the aanpak names wrap rather than push the
    last columns a few pixels out of the frame."""
    page = open_page(browser, name, 1280)
    hidden = page.locator(".matrix-kader").evaluate(  # type: ignore[attr-defined]
        "f => f.scrollWidth - f.clientWidth")
    assert hidden <= 0, f"the matrix scrolls {hidden}px sideways at 1280px"
    page.close()  # type: ignore[attr-defined]


VERVOLG = "fictief/voorbeeldstad/2015/factsheet.html"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_verdict_mark_is_followed_by_its_colon_without_a_gap(browser: object,
                                                               width: int) -> None:
    """'voldoet √: De gemeente …' – the colon that names the indicator follows the mark
    at once, as in the Markdown and the PDF; no gap that reads as 'voldoet √ :'."""
    page = open_page(browser, VERVOLG, width)
    gaps = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('p.oordeel > .oordeel-indicator')].map(i => {"
        " const mark = i.previousElementSibling.querySelector('.symbool');"
        " const r = document.createRange(); r.setStart(i.firstChild, 0);"
        " r.setEnd(i.firstChild, 1);"
        " return [i.textContent.slice(0, 12), r.getBoundingClientRect().left"
        "  - mark.getBoundingClientRect().right]; })")
    assert gaps, "the follow-up page has verdicts about one of several indicators"
    wide = [(text, round(gap, 1)) for text, gap in gaps if gap > 1]
    assert wide == [], f"a gap between the mark and its colon: {wide}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", [1280, 390])
def test_contents_and_colophon_have_room_around_them(browser: object, name: str,
                                                     width: int) -> None:
    """'Inhoud' stands clear of the title band (1.5rem), the colophon clear of the last
    text (2rem), and the colophon's rule runs along the text column as the headings' do."""
    page = open_page(browser, name, width)
    room = page.evaluate(  # type: ignore[attr-defined]
        """() => { const box = s => document.querySelector(s).getBoundingClientRect();
        const main = document.querySelector('main'), m = getComputedStyle(main);
        const ruled = [document.querySelector('footer.colofon'),
                       ...document.querySelectorAll('footer.colofon *')]
          .filter(e => parseFloat(getComputedStyle(e).borderTopWidth) > 0);
        const last = Math.max(...[...main.querySelectorAll('*')]
          .map(e => e.getBoundingClientRect().bottom));
        const rule = ruled.length === 1 ? ruled[0].getBoundingClientRect() : null;
        return {inhoud: box('#inhoudsopgave-kop').top - box('.titelpagina').bottom,
                colofon: rule && rule.top - last,
                regel: rule && [rule.left, rule.right],
                tekst: [box('main').left + parseFloat(m.paddingLeft),
                        box('main').right - parseFloat(m.paddingRight)]}; }""")
    assert room["inhoud"] >= 24, f"'Inhoud' is {room['inhoud']}px under the title band"
    assert room["colofon"] is not None, "the colophon has one rule"
    assert room["colofon"] >= 32, f"the colophon is {room['colofon']}px under the text"
    assert [round(x) for x in room["regel"]] == [round(x) for x in room["tekst"]], room
    page.close()  # type: ignore[attr-defined]


CONTRAST = """(e, color) => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let back = e;
  while (back && (rgb(getComputedStyle(back).backgroundColor)[3] ?? 1) === 0)
    back = back.parentElement;
  const [a, b] = [lum(color), lum(back ? getComputedStyle(back).backgroundColor
                                         : 'rgb(255, 255, 255)')].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05); }"""
"""The contrast of `color` against the first opaque background behind `e`, from the
computed colours (WCAG's relative luminance)."""


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
@pytest.mark.parametrize("width", [1280, 390])
def test_matrix_marks_are_legible_and_mean_one_thing(browser: object, name: str,
                                                     width: int) -> None:
    """Every mark in the matrix and its legend is bold enough and has 4.5:1 against its
    cell; √ is always the colour of voldoet and X that of verbeterpunt, also together in
    a gemengd cell (whose word is there for screen readers)."""
    page = open_page(browser, name, width)
    marks = page.evaluate(  # type: ignore[attr-defined]
        f"""() => {{ const contrast = {CONTRAST}; const out = [];
        const section = document.querySelector('[id$="-matrix"]');
        const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {{
          const e = n.parentElement, cell = e.closest('td');
          const inLegend = e.closest('p') && e.matches('span[class^="oordeel-"] *, '
                                                      + 'span[class^="oordeel-"]');
          if (!(cell && e.closest('[aria-hidden="true"]')) && !inLegend) continue;
          for (const mark of n.textContent.trim()) {{
            const s = getComputedStyle(e);
            out.push({{mark, color: s.color, weight: Number(s.fontWeight),
                       where: cell ? 'cel' : 'legenda',
                       gemengd: Boolean(e.closest('.oordeel-gemengd')),
                       contrast: contrast(e, s.color)}}); }} }}
        return out; }}""")
    cells = [m for m in marks if m["where"] == "cel"]
    assert {m["mark"] for m in cells} >= {"√", "X", "–"}, "the matrix shows every verdict"
    assert any(m["gemengd"] for m in cells), "the matrix has a gemengd cell"
    faint = {(m["mark"], m["color"], round(m["contrast"], 1)) for m in marks
             if m["contrast"] < 4.5}
    assert not faint, f"marks under 4.5:1: {faint}"
    thin = {(m["mark"], m["weight"]) for m in cells if m["weight"] < 700}
    assert not thin, f"marks in the matrix thinner than the others: {thin}"
    colours: dict[str, set[str]] = {}
    for m in marks:
        colours.setdefault(m["mark"], set()).add(m["color"])
    assert len(colours["√"]) == 1, f"√ in more than one colour: {colours['√']}"
    assert len(colours["X"]) == 1, f"X in more than one colour: {colours['X']}"
    assert colours["√"] != colours["X"]
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
@pytest.mark.parametrize("width", [800, 700, 390, 320])
def test_figures_per_indicator_fit_the_screen_each_count_labelled(browser: object,
                                                                 name: str, width: int) -> None:
    """On a tablet or a phone the figures per indicator need no sideways scrolling: every
    count is on the screen with the name of its column beside it, as the header gives it."""
    page = open_page(browser, name, width)
    tables = page.locator("table.cijfers").evaluate_all(  # type: ignore[attr-defined]
        """ts => ts.map(t => { const frame = t.closest('.tabel-kader');
        const heads = [...t.querySelectorAll('thead th')].map(h => h.textContent.trim());
        const cells = [...t.querySelectorAll('tbody td')].filter(c =>
          getComputedStyle(c).display !== 'none');
        return {scrolls: frame.scrollWidth - frame.clientWidth,
                outside: cells.filter(c => { const r = c.getBoundingClientRect();
                  return r.left < 0 || r.right > innerWidth; }).length,
                unlabelled: cells.filter(c => c.cellIndex > 2).filter(c => {
                  const label = getComputedStyle(c, '::before').content;
                  return label !== JSON.stringify(heads[c.cellIndex]); })
                  .map(c => c.textContent.trim()).slice(0, 3)}; })""")
    assert len(tables) == 2, "both tables of figures per indicator"
    for table in tables:
        assert table["scrolls"] <= 0, f"the figures scroll {table['scrolls']}px sideways"
        assert table["outside"] == 0, f"{table['outside']} cells off the screen"
        assert table["unlabelled"] == [], f"counts without their label: {table['unlabelled']}"
    bars, told = page.evaluate(  # type: ignore[attr-defined]
        "[document.querySelector('.cijfers svg').getBoundingClientRect().width > 0,"
        " document.querySelector('.grafiek-uitleg').getClientRects().length > 0]")
    assert bars == told, "the sentence about the bars is there exactly when the bars are"
    page.close()  # type: ignore[attr-defined]


def png_pixels(data: bytes) -> list[list[tuple[int, int, int]]]:
    """The rows of RGB pixels of a PNG as chromium writes it (8 bits, RGB or RGBA)."""
    pos, idat, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6) and chunk[12] == 0, "a plain PNG"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            p = a + b - c
            paeth = (a if abs(p - a) <= min(abs(p - b), abs(p - c))
                     else b if abs(p - b) <= abs(p - c) else c)
            line[i] = (line[i] + (0, a, b, (a + b) // 2, paeth)[kind]) & 255
        rows.append([(line[x * channels], line[x * channels + 1], line[x * channels + 2])
                     for x in range(width)])
        previous = line
    return rows


EDGE = """f => { const r = f.getBoundingClientRect(), s = getComputedStyle(f);
  const body = f.querySelector('tbody').getBoundingClientRect();
  const top = Math.max(body.top, r.top), bottom = Math.min(body.bottom, r.bottom, innerHeight);
  return {x: r.right - parseFloat(s.borderRightWidth) - 3, y: top, width: 3,
          height: bottom - top}; }"""
"""The strip of 3px just inside the frame's right border, along the matrix's body rows."""


def brightness(page: object, clip: dict[str, float]) -> float:
    """The median brightness in `clip` (0–255): that of the background, which most of a
    thin strip is, whatever lines or marks cross it."""
    shot = page.screenshot(clip=clip)  # type: ignore[attr-defined]
    return statistics.median(sum(p) / 3 for row in png_pixels(shot) for p in row)


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
def test_the_matrix_frame_shows_that_it_scrolls(browser: object, name: str) -> None:
    """On a phone the matrix is wider than the screen. A shadow inside the frame's right
    edge says there is more (gone at the far end), a line above the frame says to slide
    it, and the keyboard reaches the frame and slides it. On a desktop, where the matrix
    fits, there is neither shadow nor line."""
    page = open_page(browser, name, 390)
    frame = page.locator(".matrix-kader")  # type: ignore[attr-defined]
    hint = page.locator(".schuif-uitleg")  # type: ignore[attr-defined]
    assert hint.count() == 1 and hint.is_visible(), "a line says the table slides sideways"
    for _ in range(300):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if frame.evaluate("f => document.activeElement === f"):
            break
    else:
        pytest.fail("the keyboard does not reach the matrix's frame")
    assert frame.evaluate("f => document.getElementById("
                          "f.getAttribute('aria-labelledby')).textContent.trim()")
    shadow = brightness(page, frame.evaluate(EDGE))
    assert shadow < 225, f"no shadow at the frame's right edge (brightness {shadow})"
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]  # the arrow keys slide the matrix
        "f => f.scrollLeft > 0", arg=frame.element_handle(), timeout=3000)
    frame.evaluate("f => f.scrollTo(f.scrollWidth, 0)")
    frame.scroll_into_view_if_needed()
    end = brightness(page, frame.evaluate(EDGE))
    assert end >= 250, f"a shadow at the far end, where there is no more (brightness {end})"
    page.close()  # type: ignore[attr-defined]

    page = open_page(browser, name, 1280)
    frame = page.locator(".matrix-kader")  # type: ignore[attr-defined]
    frame.scroll_into_view_if_needed()
    assert not page.locator(".schuif-uitleg").is_visible()  # type: ignore[attr-defined]
    edge = brightness(page, frame.evaluate(EDGE))
    assert edge >= 250, f"a shadow where nothing scrolls (brightness {edge})"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
@pytest.mark.parametrize("width", [1280, 390])
def test_indicator_legend_reads_as_a_list_under_theme_headings(browser: object, name: str,
                                                               width: int) -> None:
    """Under the matrix, each theme's name stands out from its indicators, and their text
    starts where a numbered list's text does (no doubled indent, dearest on a phone)."""
    page = open_page(browser, name, width)
    legend = page.locator(".legenda").evaluate(  # type: ignore[attr-defined]
        """l => { const left = l.getBoundingClientRect().left;
        const items = [...l.querySelectorAll('li')].map(li => {
          const r = document.createRange(); r.selectNodeContents(li);
          return r.getBoundingClientRect().left - left; });
        return {themes: [...l.querySelectorAll('dt')].map(d =>
                  Number(getComputedStyle(d).fontWeight)),
                indent: Math.max(...items)}; }""")
    assert min(legend["themes"]) >= 600, f"theme names in the legend: {legend['themes']}"
    assert legend["indent"] <= 3 * 16, f"indicators indented {legend['indent']}px"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if "factsheet" in p and "/20" not in p])
@pytest.mark.parametrize("width", [390, 320])
def test_summary_cards_line_their_counts_up(browser: object, name: str, width: int) -> None:
    """On a phone each theme of the summary is a card of four labelled counts: they stand
    in two columns, the same in every card, not wherever the previous label ended."""
    page = open_page(browser, name, width)
    lefts = page.locator(".oordelen td.getal").evaluate_all(  # type: ignore[attr-defined]
        "cs => cs.map(c => Math.round(c.getBoundingClientRect().left))")
    assert lefts, "the factsheet has a summary"
    assert len(set(lefts)) == 2, f"counts start at {sorted(set(lefts))}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if "heerdebeek" in p or "zwolle" in p])
def test_every_verdict_mark_sits_on_its_own_tint(browser: object, name: str) -> None:
    """√ and X sit on a tint of their colour; the – of geen oordeel does too (a neutral
    one), rather than floating after a gap; each mark has 4.5:1 against its tint."""
    page = open_page(browser, name, 1280)
    marks = page.locator(".bevindingen .symbool").evaluate_all(  # type: ignore[attr-defined]
        f"""ms => {{ const contrast = {CONTRAST};
        return ms.map(m => {{ const s = getComputedStyle(m);
          return [m.textContent, s.backgroundColor, contrast(m, s.color)]; }}); }}""")
    assert {m[0] for m in marks} >= {"√", "X", "–"}, "the page has every verdict"
    bare = {m[0] for m in marks if m[1] in ("rgba(0, 0, 0, 0)", "transparent")}
    assert not bare, f"marks without a tint: {bare}"
    faint = {(m[0], round(m[2], 1)) for m in marks if m[2] < 4.5}
    assert not faint, f"marks under 4.5:1 against their tint: {faint}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", PAGES)
def test_count_headings_stay_on_one_line(browser: object, name: str) -> None:
    """'Geen oordeel' over a column of counts is one heading on one line, as 'Verbeterpunt'
    beside it is, while the table has room to spare."""
    page = open_page(browser, name, 1280)
    broken = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('table.samenvatting thead th:not(.voortgang)')]"
        ".filter(h => !h.querySelector('.visueel-verborgen'))"
        ".filter(h => { const r = document.createRange(); r.selectNodeContents(h);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.bottom))).size > 1; })"
        ".map(h => h.textContent.trim())")
    assert broken == [], f"headings over two lines: {sorted(set(broken))}"
    # and each stands over its numbers: right-aligned as they are
    apart = page.evaluate(  # type: ignore[attr-defined]
        """[...document.querySelectorAll('table.samenvatting')].flatMap(t => {
        const end = e => { const r = document.createRange(); r.selectNodeContents(e);
                           return r.getBoundingClientRect().right; };
        const row = t.querySelector('tbody tr');
        return [...t.querySelectorAll('thead th')].map((h, i) => [h, row.cells[i]])
          .filter(([h, c]) => c.classList.contains('getal') && !c.classList.contains('nr'))
          .map(([h, c]) => [h.textContent.trim(), Math.round(end(c) - end(h))]); })""")
    assert apart and all(abs(gap) <= 2 for _, gap in apart), f"heading vs numbers: {apart}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if "factsheet" in p])
def test_aanpak_headings_look_alike_on_every_factsheet(browser: object, name: str) -> None:
    """'Aanpak: Wijkteam Plus': the label in regular weight, the name in bold, on the
    first factsheet and on a follow-up alike."""
    page = open_page(browser, name, 1280)
    heads = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('main h2')].filter(h => h.textContent.startsWith"
        "('Aanpak:')).map(h => { const label = h.querySelector('.kop-label');"
        " return [h.textContent, label ? getComputedStyle(label).fontWeight : null,"
        " getComputedStyle(h).fontWeight]; })")
    assert heads, "the page has aanpakken"
    wrong = [h for h in heads if h[1:] != ["400", "700"]]
    assert wrong == [], f"[heading, weight of 'Aanpak:', weight of the name]: {wrong}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if "factsheet" in p])
@pytest.mark.parametrize("width", [1280, 1000])
def test_findings_tables_share_their_columns(browser: object, name: str, width: int) -> None:
    """One theme's findings table under the other: their columns start at the same places,
    whatever the longest verdict or word in one of them."""
    page = open_page(browser, name, width)
    columns = page.locator("table.bevindingen").evaluate_all(  # type: ignore[attr-defined]
        "ts => ts.map(t => [...t.querySelectorAll('thead th')].map(h =>"
        " Math.round(h.getBoundingClientRect().left)).join(' '))")
    assert len(columns) > 1
    assert len(set(columns)) == 1, f"column starts per table: {sorted(set(columns))}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", [1280, 1000, 390, 320])
def test_the_kader_id_never_breaks_at_its_hyphen(browser: object, name: str,
                                                 width: int) -> None:
    """'ggsr-2013' is a name: the colophon or the overview's text wraps before it, never
    after 'ggsr-'."""
    page = open_page(browser, name, width)
    broken = page.evaluate(  # type: ignore[attr-defined]
        """() => { const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (const m of n.textContent.matchAll(/ggsr-2013/g)) {
            const r = document.createRange();
            r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
            const rows = new Set([...r.getClientRects()].filter(x => x.width > 1)
                                  .map(x => Math.round(x.bottom)));
            if (rows.size > 1) out.push(n.parentElement.tagName); } }
        return out; }""")
    assert broken == [], f"'ggsr-2013' broken over two lines in {broken}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
def test_print_keeps_the_overview_tables_as_tables(browser: object, name: str) -> None:
    """Printed, the figures per indicator are a table with their bars (not the phone's
    cards), and the matrix shows neither scroll shadows nor the line about sliding it.
    Chromium lays out print media at an A4 page's width (673px between the margins)."""
    page = open_page(browser, name, 673)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    printed = page.evaluate(  # type: ignore[attr-defined]
        """() => { const s = q => getComputedStyle(document.querySelector(q));
        return [s('table.cijfers').display, s('.cijfers td.grafiek').display,
                s('.matrix-kader').backgroundImage, s('.schuif-uitleg').display]; }""")
    assert printed == ["table", "table-cell", "none", "none"], printed
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [390, 320])
def test_follow_up_cards_name_every_column(browser: object, width: int) -> None:
    """On a phone a follow-up row is a card: then, now and the progress each under their
    column's name ('2013', '2015', 'Voortgang'), not the progress as a bare word."""
    page = open_page(browser, VERVOLG, width)
    cells = page.locator("table.vervolg tbody td").evaluate_all(  # type: ignore[attr-defined]
        "cs => cs.map(c => { const l = c.querySelector('.kolomlabel');"
        " return l && l.getClientRects().length ? l.textContent.trim() : null; })")
    assert cells, "the follow-up has rows"
    heads = page.locator("table.vervolg").first.evaluate(  # type: ignore[attr-defined]
        "t => [...t.querySelectorAll('thead th')].slice(1).map(h => h.textContent.trim())")
    assert set(cells) == set(heads), f"column names on the cards: {sorted(map(str, set(cells)))}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [p for p in PAGES if p.endswith("index.html")])
@pytest.mark.parametrize("width", [390, 800])
def test_theme_names_stay_readable_while_the_matrix_slides(browser: object, name: str,
                                                           width: int) -> None:
    """Slid sideways, the matrix still names the theme of the columns in view: every theme
    with a good part of its columns in sight shows its whole name beside the fixed first
    column, not under it or past the frame's edge."""
    page = open_page(browser, name, width)
    frame = page.locator(".matrix-kader")  # type: ignore[attr-defined]
    frame.scroll_into_view_if_needed()
    hidden = frame.evaluate(
        """f => { const out = [];
        for (let x = 0; x < f.scrollWidth - f.clientWidth; x += 40) {
          f.scrollLeft = x; const box = f.getBoundingClientRect();
          const first = f.querySelector('tbody th').getBoundingClientRect().right;
          for (const th of f.querySelectorAll('.kop-themas th')) {
            const r = th.getBoundingClientRect();
            if (Math.min(r.right, box.right) - Math.max(r.left, first) < 140) continue;
            const range = document.createRange(); range.selectNodeContents(th);
            const t = range.getBoundingClientRect();
            const seen = [t.left + 2, t.right - 2].every(px => {
              const e = document.elementFromPoint(px, t.top + t.height / 2);
              return px > first && px < box.right && e && th.contains(e); });
            if (!seen) out.push([x, th.textContent.trim()]); } }
        return out; }""")
    assert hidden == [], f"[scrolled px, theme] with its name out of sight: {hidden[:6]}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_quotation_is_marked_and_keeps_the_width(browser: object, width: int) -> None:
    """A quotation in a finding (Markdown '>') is set off by a rule at its left, as
    quotations are, rather than by 40px of empty margin on both sides, a fifth of a card
    on a phone."""
    page = open_page(browser, "rijk/heerdebeek/factsheet.html", width)
    quotes = page.locator("main blockquote").evaluate_all(  # type: ignore[attr-defined]
        "qs => qs.map(q => { const s = getComputedStyle(q);"
        " return [parseFloat(s.borderLeftWidth), parseFloat(s.marginLeft)"
        " + parseFloat(s.paddingLeft), parseFloat(s.marginRight)]; })")
    assert quotes, "the rich factsheet quotes"
    wrong = [q for q in quotes if q[0] < 2 or q[1] > 24 or q[2] > 0]
    assert wrong == [], f"[rule, indent, right margin] of quotations: {wrong}"
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["rijk/heerdebeek/factsheet.html", "index.html"])
def test_every_part_of_a_verdict_bar_stands_out(browser: object, name: str) -> None:
    """Each part of a bar of verdicts, geen oordeel's too, has 3:1 against the page (WCAG
    1.4.11's measure for graphics), not a pale strip that vanishes at the bar's end."""
    page = open_page(browser, name, 1280)
    parts = page.locator("svg rect").evaluate_all(  # type: ignore[attr-defined]
        f"""rs => {{ const contrast = {CONTRAST};
        return rs.map(r => [r.getAttribute('class'),
                            contrast(r, getComputedStyle(r).fill)]); }}""")
    assert {p[0] for p in parts} >= {"balk-voldoet", "balk-verbeterpunt", "balk-geen"}
    faint = sorted({(p[0], round(p[1], 2)) for p in parts if p[1] < 3})
    assert faint == [], f"bar parts under 3:1: {faint}"
    page.close()  # type: ignore[attr-defined]
