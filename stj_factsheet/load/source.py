"""Load one YAML file into plain Python data, keeping the line and column of every value.

Only the safe subset of YAML that hand-written data needs is accepted: mappings with text
keys, sequences and scalars of the standard tags. Refused with a located problem: a file
over `MAX_BYTES`, a symbolic link that leaves the data root, bytes that are not UTF-8,
control characters (other than tab and line ends), tabs in indentation, and then what
`yamltree` refuses: syntax errors, an empty file, duplicate keys, anchors and aliases,
merge keys, any tag outside the YAML core schema (``!!python/...``), numbers and dates that
cannot be constructed, nesting deeper than `MAX_DEPTH`, and text with a character the
PDF cannot print (`glyphs`). A UTF-8 byte order mark and
Windows line ends (CRLF) are fine.

YAML 1.1 resolves ``yes``, ``12:30`` or ``2013-10-01`` to booleans, numbers and dates. The
values are constructed as YAML says (the models, being strict, then refuse them where text
is expected); the original text of every such scalar is kept so that the error can quote it.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from pathlib import Path, PurePosixPath

from stj_factsheet.errors import InvalidData, Problem, os_reason
from stj_factsheet.load import glyphs, yamlnodes, yamltree
from stj_factsheet.load.yamltree import MAX_DEPTH as MAX_DEPTH
from stj_factsheet.load.yamltree import MAX_PROBLEMS, too_many
from stj_factsheet.load.yamltree import Document as Document
from stj_factsheet.load.yamltree import Loc as Loc
from stj_factsheet.load.yamltree import Position as Position

MAX_BYTES = 1024 * 1024
"""The largest file read: 1 MiB, sixty times the largest real aanpak file (17 kB)."""


def load(file: Path, display: str) -> Document:
    """Read `file` or raise `InvalidData`. `display` is how the user sees the file: its
    path under the data root, or an absolute path for a file outside every data root (the
    shipped kaders). A file shown by a relative path must resolve inside the root that
    path is relative to; a symbolic link that leads elsewhere is refused without reading
    it or saying where it leads."""
    if _leaves_root(file, display):
        raise _single(display, 1, 1, "dit is een koppeling (symlink) naar iets buiten de "
                      "gegevensmap; die wordt niet gelezen",
                      "zet het bestand zelf hier neer in plaats van een koppeling")
    return parse(_read(file, display), display)


def _leaves_root(file: Path, display: str) -> bool:
    shown = PurePosixPath(display)
    if shown.is_absolute() or file.parts[-len(shown.parts):] != shown.parts:
        return False
    root = Path(*file.parts[: len(file.parts) - len(shown.parts)])
    if ".." not in shown.parts:
        # Only a link below the root can lead out of it: look for one (an lstat per part)
        # before following every link of the whole path.
        below = root
        for part in shown.parts:
            below /= part
            if below.is_symlink():
                break
        else:
            return False
    return not file.resolve().is_relative_to(root.resolve())


def _read(file: Path, display: str) -> bytes:
    """The file's bytes, at most `MAX_BYTES` of them; never blocks on a pipe or device."""
    try:
        mode = file.stat().st_mode
        if not stat.S_ISREG(mode):
            what = "een map" if stat.S_ISDIR(mode) else "een apparaat of pijp"
            raise _single(display, 1, 1, f"dit is {what}, geen gewoon bestand",
                          "zet hier een YAML-bestand neer")
        with file.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason, hint = os_reason(error.errno)
        raise _single(display, 1, 1, f"kan het bestand niet lezen: {reason}", hint) from None
    if len(raw) > MAX_BYTES:
        line, column = _locate(_text_before(raw, MAX_BYTES))
        raise _single(display, line, column, f"het bestand is groter dan "
                      f"{MAX_BYTES // 1024 // 1024} MiB ({MAX_BYTES:,} bytes); hier gaat het "
                      "over die grens".replace(",", "."),
                      "splits het bestand of verwijder wat er niet in hoort")
    return raw


def parse(raw: bytes, display: str) -> Document:
    """Parse YAML bytes; `display` names the file in problems."""
    text = _decode(raw, display)
    problems = _controls(text, display) if _suspect(raw) else []
    if not problems and "\t" in text:
        problems = _tab_indents(text, display)
    if problems:
        raise InvalidData(problems)
    document = yamlnodes.read(text, display)
    if document is None:  # something to refuse, or that might be: the event builder says
        document = yamltree.build(text, display)
    found = glyphs.problems(document, text)
    if found:
        raise InvalidData(found)
    return document


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _locate(_text_before(raw, error.start))
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        raise _single(display, line, column,
                      f"byte 0x{raw[error.start]:02x} is geen geldige UTF-8",
                      "het bestand is opgeslagen als UTF-16; sla het op als UTF-8" if utf16
                      else "sla het bestand op als UTF-8") from None


_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not allow in a file: control characters other than tab and line ends."""
_PLAIN_BYTES = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F), *range(0x80, 0x100)])


def _suspect(raw: bytes) -> bool:
    """Whether valid UTF-8 `raw` may hold a character `_FORBIDDEN` matches: a C0 control or
    DEL (one byte), a C1 control (0xC2 0x80-0x9F) or U+FFFE/U+FFFF (0xEF 0xBF ...). A test
    in C that spares nearly every file the slower search of its text."""
    return bool(raw.translate(None, _PLAIN_BYTES)) or b"\xc2" in raw or b"\xef\xbf" in raw


_CONTROL_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE",
)
"""The Unicode names (aliases) of U+0000 to U+001F, which have no name of their own."""


def character_name(char: str) -> str:
    """`U+000B LINE TABULATION`: the code point and its Unicode name, as far as it has one."""
    code = ord(char)
    name = (_CONTROL_NAMES[code] if code < 0x20 else "DELETE" if code == 0x7F
            else unicodedata.name(char, ""))
    return f"U+{code:04X} {name}".rstrip()


def _controls(text: str, display: str) -> list[Problem]:
    problems: list[Problem] = []
    for match in _FORBIDDEN.finditer(text):
        line, column = _locate(text[: match.start()])
        if len(problems) == MAX_PROBLEMS:
            problems.append(too_many(display, line, column))
            break
        problems.append(Problem(
            display, line, column, f"onzichtbaar stuurteken {character_name(match.group())} "
            "is niet toegestaan", "verwijder het; het komt vaak mee bij kopiëren uit een "
            "ander programma"))
    return problems


def _tab_indents(text: str, display: str) -> list[Problem]:
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            if len(problems) == MAX_PROBLEMS:
                problems.append(too_many(display, number, indent.index("\t") + 1))
                break
            problems.append(Problem(display, number, indent.index("\t") + 1,
                                    "tab gebruikt om in te springen", "spring in met spaties"))
    return problems


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line end."""


def _locate(before: str) -> tuple[int, int]:
    """Line and column (1-based) of the character after `before`, counted as YAML does."""
    line, start = 1, 0
    for match in _BREAKS.finditer(before):
        line, start = line + 1, match.end()
    return line, len(before) - start + 1


def _text_before(raw: bytes, index: int) -> str:
    return raw[:index].decode("utf-8-sig", errors="replace")


def _single(path: str, line: int, column: int, message: str, hint: str = "") -> InvalidData:
    return InvalidData([Problem(path, line, column, message, hint)])
