"""The loader cannot be knocked over: size and depth limits, control characters, encodings,
symbolic links, and every entry of municipalities/ loaded or reported."""

from __future__ import annotations

import builtins
import io
import os
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from stj_factsheet.errors import InvalidData
from stj_factsheet.load import source, yamltree
from tests.helpers import copy_gemeente, replace, stj, where, write

AANPAK = "municipalities/venlo/er-op-af-aanpak.yaml"
GEMEENTE = "municipalities/venlo/gemeente.yaml"
DEPTH_HINT = ("(zo diep gaat een factsheet nooit: controleer de haakjes [ ] { } en de "
              "inspringing)")


@pytest.fixture
def venlo(tmp_path: Path) -> Path:
    return copy_gemeente(tmp_path)


def errors_of(root: Path, *names: str) -> list[str]:
    result = stj("--root", root, "check", *names)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()[:-1]


def problems_of(raw: bytes) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        source.parse(raw, "x.yaml")
    return [str(p) for p in caught.value.problems]


def deep(depth: str) -> str:
    return (f"x.yaml:{depth}: hier zijn lijsten en mappings dieper genest dan 50 niveaus "
            f"{DEPTH_HINT}")


# --- size and depth ------------------------------------------------------------------------


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both parsers the loader may run on: libyaml's (when installed) and PyYAML's own."""
    if request.param == "pyyaml":
        monkeypatch.setattr(yamltree, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    return str(request.param)


@pytest.mark.parametrize(("raw", "expected"), [
    (b"a: " + b"[" * 100_000, [deep("1:53")]),
    (b"a: " + b"[" * 60 + b"]" * 60 + b"\n", [deep("1:53")]),
    (b"a:\n" + b"- " * 100_000 + b"x\n", [deep("2:99")]),
    (b"a: " + b"{" * 100_000, [
        "x.yaml:1:5: een sleutel moet tekst zijn (gebruik een woord als sleutel, zoals "
        "`naam`)", deep("1:53")]),
    (b"a: " + b"{b: " * 100_000, [deep("1:200")]),
    ("".join(f"{'  ' * n}k:\n" for n in range(60)).encode(), [deep("51:101")]),
], ids=["[", "[]", "- ", "{", "{b:", "indented"])
def test_nesting_deeper_than_the_limit_is_refused_where_it_is_crossed(
        parser: str, raw: bytes, expected: list[str]) -> None:
    assert problems_of(raw) == expected


def test_the_shortcut_for_tags_agrees_with_yaml() -> None:
    resolver = yaml.SafeLoader("")
    samples = ["", "~", "null", "yes", "No", "on", "12", "-3", "+1.5", ".inf", "0x1F", "<<",
               "2013-10-01", "12:30", "=", "naam", "Één", "x: y"]
    samples += [chr(code) + tail for code in range(0x20, 0x250) for tail in ("", "es", "1")]
    for value in samples:
        for implicit in ((True, False), (False, True)):
            event = yaml.ScalarEvent(None, None, implicit, value)
            assert yamltree._tag(event) == resolver.resolve(  # type: ignore[no-untyped-call]
                yaml.ScalarNode, value, implicit), (value, implicit)


def test_fifty_levels_are_fine() -> None:
    document = source.parse(b"a: " + b"[" * 49 + b"1" + b"]" * 49 + b"\n", "x.yaml")
    assert document.values[("a",) + (0,) * 49] == (1, 53)


def test_a_deep_file_is_reported_by_check(venlo: Path) -> None:
    write(venlo / "er-op-af-aanpak.yaml", "naam: " + "[" * 100_000)
    assert errors_of(venlo.parent.parent) == [
        f"{AANPAK}:1:56: hier zijn lijsten en mappings dieper genest dan 50 niveaus "
        f"{DEPTH_HINT}"]


def test_a_file_of_aliases_reports_fifty_problems_and_says_there_are_more() -> None:
    raw = b"a: &a x\nb: [" + b"*a, " * 250_000 + b"]\n"
    problems = problems_of(raw)
    assert len(problems) == 51
    assert problems[0] == "x.yaml:1:4: anker (&) is niet toegestaan (schrijf de waarde voluit)"
    assert problems[1] == ("x.yaml:2:5: verwijzing (*) is niet toegestaan (schrijf de waarde "
                           "voluit)")
    assert problems[-1] == ("x.yaml:2:201: meer dan 50 problemen in dit bestand; de rest wordt "
                            "niet gemeld (los eerst deze op)")


def test_a_file_of_tab_indents_reports_fifty_problems_and_says_there_are_more() -> None:
    problems = problems_of(b"a:\n" + b"\t- x\n" * 100_000)
    assert len(problems) == 51
    assert problems[0] == "x.yaml:2:1: tab gebruikt om in te springen (spring in met spaties)"
    assert problems[-1] == ("x.yaml:52:1: meer dan 50 problemen in dit bestand; de rest wordt "
                            "niet gemeld (los eerst deze op)")


@pytest.mark.parametrize(("value", "message"), [
    ("2013-13-45", "`2013-13-45` is geen bestaande datum"),
    ("9" * 5000, f"`{'9' * 30}…` is een getal met te veel cijfers"),
])
def test_a_number_or_date_yaml_cannot_make_is_located(venlo: Path, value: str,
                                                      message: str) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "aantal_gezinnen: 25", f"aantal_gezinnen: {value}")
    line, column = where(file, value)
    assert errors_of(venlo.parent.parent) == [
        f"{AANPAK}:{line}:{column}: {message} (zet het tussen aanhalingstekens als het tekst "
        "is)"]


# --- characters and encodings --------------------------------------------------------------


@pytest.mark.parametrize(("char", "name"), [
    ("\x0b", "U+000B LINE TABULATION"), ("\x00", "U+0000 NULL"), ("\x1b", "U+001B ESCAPE"),
    ("\x7f", "U+007F DELETE"), ("\x80", "U+0080"), ("\ufffe", "U+FFFE"),
])
def test_a_control_character_is_located_and_named(venlo: Path, char: str, name: str) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "aantal_gezinnen: 25", f"aantal_gezinnen: 25 # één{char}")
    line, column = where(file, char)
    assert errors_of(venlo.parent.parent) == [
        f"{AANPAK}:{line}:{column}: onzichtbaar stuurteken {name} is niet toegestaan "
        "(verwijder het; het komt vaak mee bij kopiëren uit een ander programma)"]


def test_the_quick_test_for_control_characters_misses_none() -> None:
    for code in range(0x110000):
        char = chr(code)
        if source._FORBIDDEN.match(char) and not 0xD800 <= code <= 0xDFFF:  # not in UTF-8
            assert source._suspect(f"a{char}b".encode()), hex(code)
    assert not source._suspect("naam: Één – “citaat” € 5\n".encode())


def test_the_names_of_control_characters_are_their_unicode_names() -> None:
    for code in [*range(0x20), 0x7F]:
        name = source.character_name(chr(code)).split(" ", 1)[1]
        assert unicodedata.lookup(name) == chr(code)


def test_a_file_with_a_byte_order_mark_and_windows_line_ends_builds_the_same(
        tmp_path: Path) -> None:
    unix = copy_gemeente(tmp_path / "unix")
    windows = copy_gemeente(tmp_path / "windows")
    for file in windows.glob("*.yaml"):
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    for root in (unix.parent.parent, windows.parent.parent):
        result = stj("--root", root, "build", "venlo", "--geen-herkomst", "--format", "json")
        assert result.exit_code == 0, result.output
    assert ((tmp_path / "windows" / "out" / "venlo" / "factsheet.json").read_bytes()
            == (tmp_path / "unix" / "out" / "venlo" / "factsheet.json").read_bytes())


def test_positions_in_a_windows_file_count_lines_as_yaml_does(venlo: Path) -> None:
    file = venlo / "gemeente.yaml"
    replace(file, "inwoners: 100000", "inwoners: 100000\x0b")
    line, column = where(file, "\x0b")
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    assert errors_of(venlo.parent.parent) == [
        f"{GEMEENTE}:{line}:{column}: onzichtbaar stuurteken U+000B LINE TABULATION is niet "
        "toegestaan (verwijder het; het komt vaak mee bij kopiëren uit een ander programma)"]


@pytest.mark.parametrize(("raw", "place", "byte"), [
    (b"naam: x\rkader: \xf6\r", "2:8", "f6"),
    (b"naam: x\r\nkader: \xc3\x89\xc3\xa9n \xf6\r\n", "2:12", "f6"),
    ("naam: Één\n".encode() + b"\xff\xfe", "2:1", "ff"),
], ids=["CR", "CRLF, after two-byte characters", "LF"])
def test_invalid_utf8_is_located_at_its_line_and_character(raw: bytes, place: str,
                                                           byte: str) -> None:
    assert problems_of(raw) == [
        f"x.yaml:{place}: byte 0x{byte} is geen geldige UTF-8 (sla het bestand op als UTF-8)"]


def test_a_utf16_file_gets_a_hint_to_save_it_as_utf8() -> None:
    assert problems_of("naam: x\n".encode("utf-16")) == [
        "x.yaml:1:1: byte 0xff is geen geldige UTF-8 (het bestand is opgeslagen als UTF-16; "
        "sla het op als UTF-8)"]


def test_a_pipe_is_refused_without_waiting_for_it(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    file.unlink()
    os.mkfifo(file)
    assert errors_of(venlo.parent.parent) == [
        f"{AANPAK}:1:1: dit is een apparaat of pijp, geen gewoon bestand (zet hier een "
        "YAML-bestand neer)"]


# --- symbolic links ------------------------------------------------------------------------

OUTSIDE = ("dit is een koppeling (symlink) naar iets buiten de gegevensmap; die wordt niet "
           "gelezen")
SECRET = "geheim: wachtwoord-123\n"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder next to the data root (tmp_path/data) with a secret and a gemeente in it."""
    folder = tmp_path / "elders"
    write(folder / "geheim.yaml", SECRET)
    copy_gemeente(folder, "zwolle")
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy_gemeente(tmp_path / "data")
    return tmp_path / "data"


def assert_nothing_shown(output: str, elsewhere: Path) -> None:
    assert "wachtwoord" not in output and "geheim" not in output
    assert str(elsewhere) not in output and "elders" not in output


@pytest.mark.parametrize("name", ["gemeente.yaml", "er-op-af-aanpak.yaml"])
def test_a_file_linked_from_outside_the_data_root_is_not_read(data: Path, elsewhere: Path,
                                                               name: str) -> None:
    file = data / "municipalities" / "venlo" / name
    file.unlink()
    file.symlink_to(elsewhere / "geheim.yaml")
    result = stj("--root", data, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"municipalities/venlo/{name}:1:1: {OUTSIDE} (zet het bestand zelf hier neer in "
        "plaats van een koppeling)")
    assert_nothing_shown(result.output, elsewhere)


def test_a_build_opens_nothing_outside_the_data_root(data: Path, elsewhere: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    venlo = data / "municipalities" / "venlo"
    (venlo / "oud.yaml").symlink_to(elsewhere / "geheim.yaml")
    (venlo / "2015").symlink_to(elsewhere / "municipalities" / "zwolle")
    opened: list[str] = []
    real = io.open

    def recording(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(os.path.realpath(file) if isinstance(file, str | Path) else "")
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", recording)
    monkeypatch.setattr(builtins, "open", recording)
    result = stj("--root", data, "build", "venlo")
    assert result.exit_code == 1
    assert opened and not [p for p in opened if p.startswith(str(elsewhere))]
    assert_nothing_shown(result.output, elsewhere)


def test_a_gemeente_folder_linked_from_outside_the_data_root_is_not_read(
        data: Path, elsewhere: Path) -> None:
    (data / "municipalities" / "zwolle").symlink_to(elsewhere / "municipalities" / "zwolle")
    expected = (f"municipalities/zwolle:1:1: {OUTSIDE} (zet de map zelf hier neer in plaats "
                "van een koppeling)")
    assert errors_of(data) == [expected]
    named = stj("--root", data, "check", "zwolle")
    assert (named.exit_code, named.stderr) == (1, expected + "\n")
    built = stj("--root", data, "build", "--all")
    assert built.exit_code == 1
    assert f"{expected}\n" in built.stderr
    assert not (data / "out" / "zwolle").exists()


def test_a_round_folder_linked_from_outside_the_data_root_is_not_read(
        tmp_path: Path, elsewhere: Path) -> None:
    from tests.golden import FICTIEF

    shutil.copytree(FICTIEF / "municipalities", tmp_path / "data" / "municipalities")
    ronde = tmp_path / "data" / "municipalities" / "voorbeeldstad" / "2015"
    shutil.move(ronde, elsewhere / "2015")
    ronde.symlink_to(elsewhere / "2015")
    errors = errors_of(tmp_path / "data")
    assert errors and all(e.endswith(f"{OUTSIDE} (zet het bestand zelf hier neer in plaats "
                                     "van een koppeling)") for e in errors)
    assert [e.split(":")[0] for e in errors] == [
        f"municipalities/voorbeeldstad/2015/{p.name}" for p in sorted(ronde.glob("*.yaml"))]


def test_a_kader_linked_from_outside_the_data_root_is_not_read(data: Path,
                                                                elsewhere: Path) -> None:
    write(data / "frameworks" / "eigen.yaml", "")
    (data / "frameworks" / "ggsr-2013.yaml").symlink_to(elsewhere / "geheim.yaml")
    result = stj("--root", data, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"frameworks/ggsr-2013.yaml:1:1: {OUTSIDE} (zet het bestand zelf hier neer in plaats "
        "van een koppeling)")
    assert_nothing_shown(result.output, elsewhere)


def test_the_municipalities_folder_itself_linked_from_outside_is_not_read(
        tmp_path: Path, elsewhere: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "municipalities").symlink_to(elsewhere / "municipalities")
    assert errors_of(tmp_path / "data") == [
        f"municipalities:1:1: {OUTSIDE} (zet de map zelf hier neer in plaats van een "
        "koppeling)"]


def test_a_path_that_climbs_out_of_the_data_root_is_not_read(data: Path,
                                                              elsewhere: Path) -> None:
    climbing = "municipalities/venlo/../../../elders/geheim.yaml"
    with pytest.raises(InvalidData) as caught:
        source.load(data / climbing, climbing)
    assert str(caught.value) == (f"{climbing}:1:1: {OUTSIDE} (zet het bestand zelf hier neer "
                                 "in plaats van een koppeling)")


def test_links_inside_the_data_root_are_followed(data: Path) -> None:
    venlo = data / "municipalities" / "venlo"
    (data / "gedeeld").mkdir()
    (venlo / "er-op-af-aanpak.yaml").rename(data / "gedeeld" / "aanpak.yaml")
    (venlo / "er-op-af-aanpak.yaml").symlink_to(Path("../../gedeeld/aanpak.yaml"))
    copy_gemeente(data / "archief", "zwolle")
    (data / "municipalities" / "zwolle").symlink_to(data / "archief" / "municipalities" /
                                                    "zwolle")
    result = stj("--root", data, "check")
    assert (result.exit_code, result.stdout) == (
        0, "In orde: 0 fouten, 0 waarschuwingen in 2 gemeenten.\n")


# --- every entry of municipalities/ --------------------------------------------------------


def test_a_folder_with_a_name_that_is_no_gemeente_name_fails_check(data: Path) -> None:
    shutil.copytree(data / "municipalities" / "venlo", data / "municipalities" / "Den Haag")
    expected = ("municipalities/Den Haag:1:1: `Den Haag` is geen geldige naam voor een "
                "gemeentemap; de map wordt niet gelezen (hernoem haar naar kleine letters, "
                "cijfers en koppeltekens, zoals `den-haag`)")
    assert errors_of(data) == [expected]
    built = stj("--root", data, "build", "--all")
    assert built.exit_code == 1
    assert built.stderr == (f"{expected}\nHet overzicht (index.*) is niet ververst: los eerst "
                            "de fouten op.\n2 geschreven, 0 ongewijzigd, 1 gemeente mislukt\n")
    overview = stj("--root", data, "overzicht")
    assert overview.exit_code == 1
    assert overview.stderr.startswith(f"{expected}\n")


def test_a_stray_file_is_a_warning_and_hidden_entries_are_skipped(data: Path) -> None:
    write(data / "municipalities" / "LEESMIJ.md", "Gemeenten, één map per gemeente.\n")
    write(data / "municipalities" / ".DS_Store", b"\0\1")
    (data / "municipalities" / ".git").mkdir()
    warning = ("municipalities/LEESMIJ.md:1:1: waarschuwing: `LEESMIJ.md` is geen map en wordt "
               "overgeslagen (een gemeente is een map met gemeente.yaml; verplaats of "
               "verwijder het bestand)")
    result = stj("--root", data, "check")
    assert (result.exit_code, result.stderr, result.stdout) == (
        0, f"{warning}\n", "In orde: 0 fouten, 1 waarschuwing in 1 gemeente.\n")
    strict = stj("--root", data, "check", "--strict")
    assert strict.exit_code == 1

