"""Every character `stj check` accepts prints in the PDF, from the fonts we ship; every
other one is refused with its place, its Unicode name and a hint."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from stj_factsheet.load import glyphs
from stj_factsheet.render import pdf
from tests import tekens
from tests.helpers import copy_gemeente, replace, stj, where

AANPAK = "municipalities/venlo/er-op-af-aanpak.yaml"
SHIPPED = ("Inter-",)
"""The PostScript name of the shipped font family, as embedded in a PDF."""
HINT = "laat het teken weg of schrijf het anders, bijv. een naam in Latijnse letters"


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The embedded fonts' names, without the subset prefix (`ABCDEF+`)."""
    return {str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1]
            .removesuffix("-Identity-H")
            for page in reader.pages for font in page["/Resources"]["/Font"].values()}


def test_the_character_list_matches_the_fonts() -> None:
    """fonts/tekens.txt is what `make tekens` makes from the fonts in fonts/ now."""
    pytest.importorskip("fontTools")
    assert glyphs.TEKENS.read_text(encoding="ascii") == tekens.text(tekens.covered())


def accepted() -> list[str]:
    return [chr(point) for line in glyphs.TEKENS.read_text(encoding="ascii").splitlines()
            if line and not line.startswith("#")
            for first, _, last in [line.partition("-")]
            for point in range(int(first, 16), int(last or first, 16) + 1)]


def test_every_accepted_character_prints_in_every_style_from_the_shipped_fonts() -> None:
    """The page style of the factsheets (`opmaak`), every character of fonts/tekens.txt in
    regular, bold, italic and bold italic: PDF/UA-1 lets Typst refuse any character it has
    no glyph for, and no font but the shipped ones is embedded."""
    source = """#import "_basis.typ": *
#set document(title: "Alle tekens")
#show: opmaak.with((titel: "t", uitgever: "u", maand_in_zin: "m", gemeente: "g", kop: "k"))
#let s = json(bytes(sys.inputs.data))
#s
#strong(s)
#emph(s)
#strong(emph(s))
"""
    assert glyphs.unprintable("".join(accepted())) == []
    made = pdf.compile_json(json.dumps(" ".join(accepted())), source.encode())
    fonts = embedded_fonts(PdfReader(io.BytesIO(made)))
    assert fonts == {"Inter-Regular", "Inter-Bold", "Inter-Italic", "Inter-BoldItalic"}


def test_check_refuses_characters_the_fonts_lack(tmp_path: Path) -> None:
    """A partner's name in Chinese characters, an emoji written as an escape, a letter in
    a block of text: each with its place, code point, Unicode name and a hint."""
    venlo = copy_gemeente(tmp_path)
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "  - Wel.kom", "  - Wel.kom (张伟)")
    replace(file, "  - Bjz Limburg", '  - "Bjz Limburg \\U0001F44D"')
    replace(file, "bemoeienis nodig hebben is", "bemoeienis nodig ㎏ hebben is")
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 1, result.output
    partner = where(file, "Bjz Limburg", -1)
    zhang, wei = where(file, "张"), where(file, "伟")
    kg = where(file, "㎏")
    assert result.stderr.splitlines() == [
        f"{AANPAK}:{partner[0]}:{partner[1]}: teken ‘👍’ (U+1F44D THUMBS UP SIGN) staat niet "
        f"in de lettertypen van de PDF ({HINT})",
        f"{AANPAK}:{zhang[0]}:{zhang[1]}: teken ‘张’ (U+5F20 CJK UNIFIED IDEOGRAPH-5F20) "
        f"staat niet in de lettertypen van de PDF ({HINT})",
        f"{AANPAK}:{wei[0]}:{wei[1]}: teken ‘伟’ (U+4F1F CJK UNIFIED IDEOGRAPH-4F1F) staat "
        f"niet in de lettertypen van de PDF ({HINT})",
        f"{AANPAK}:{kg[0]}:{kg[1]}: teken ‘㎏’ (U+338F SQUARE KG) staat niet in de "
        "lettertypen van de PDF (schrijf ‘kg’ in plaats van ‘㎏’)",
        "4 fouten, 0 waarschuwingen in 1 gemeente"]


def test_an_invisible_character_is_named_not_shown(tmp_path: Path) -> None:
    venlo = copy_gemeente(tmp_path)
    replace(venlo / "gemeente.yaml", "Venlo is een gemeente", "Venlo is een\u061c gemeente")
    result = stj("--root", tmp_path, "check")
    line, column = where(venlo / "gemeente.yaml", "\u061c")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        f"municipalities/venlo/gemeente.yaml:{line}:{column}: teken U+061C ARABIC LETTER "
        f"MARK staat niet in de lettertypen van de PDF ({HINT})")


def test_a_character_written_as_an_escape_is_refused_too(tmp_path: Path) -> None:
    """YAML's escapes ("\\e", "\\x02") put characters in a value that its file does not
    show; the check reads the values, not only the file (the property test found "\\e")."""
    venlo = copy_gemeente(tmp_path)
    replace(venlo / "gemeente.yaml", "naam: Venlo", 'naam: "Venlo\\e[0m"')
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 1, result.output
    assert "U+001B staat niet in de lettertypen van de PDF" in result.stderr


def test_symbols_print_from_the_one_shipped_family(tmp_path: Path) -> None:
    """√, ✓ and → are accepted and printed, from Inter only."""
    venlo = copy_gemeente(tmp_path)
    replace(venlo / "er-op-af-aanpak.yaml", "  - Wel.kom", "  - Wel.kom √ ✓ →")
    assert stj("--root", tmp_path, "check").exit_code == 0
    result = stj("--root", tmp_path, "build", "venlo", "--format", "pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "out" / "venlo" / "factsheet.pdf")
    assert "Wel.kom √ ✓ →" in "".join(page.extract_text() for page in reader.pages)
    assert all(name.startswith(SHIPPED) for name in embedded_fonts(reader))
