"""The handleiding (docs/handleiding.md and its pages) read as a script, and run.

The guide is written for people; this module reads it as a list of steps, in the order a
reader meets them, and runs them in a fresh data repository. `tests/test_handleiding.py`
runs every step and compares what stj prints with what the guide shows;
`tests/pictures.py` runs the same steps and takes the guide's pictures where the guide
shows them, so each picture shows the state the text describes.

The convention (also explained, in Dutch, at the top of docs/handleiding.md):

- A ```console block holds commands and what they print. A line starting with `> ` is a
  command; the lines after it, up to the next command, are its output: stdout and stderr
  together, as a terminal shows them, compared exactly. Only stj's output is shown and
  compared: `git`, `cd` and `mkdir` lines must be followed by no output (git's own text is
  English and names folders and hashes, so the guide leaves it out) and must succeed.
  `echo $LASTEXITCODE` prints the exit status of the stj command before it.
- Normalised before comparing, on both sides, and nothing else: a commit id (7 to 40 hex
  digits, with a digit and a letter among them) becomes `<commit>`; the port in
  `http://127.0.0.1:NNNN/` becomes 8000 (the test asks for a free port). An output line
  that is only `…` stands for one or more lines the guide leaves out (a long list).
- An HTML comment on the line before a block says what the block is:
  `<!-- bestand: PAD -->` the whole file (written); `<!-- wijzig: PAD -->` before two
  ```yaml blocks, the first a piece of the file as it is (occurring exactly once), the
  second what it becomes; `<!-- fout: PAD -->` the same, undone again after the next
  console block (the common mistakes of task 4); `<!-- voorbeeld: PAD -->` a piece of a
  file shipped in this repository (Zwolle), which must occur in it verbatim;
  `<!-- uitleg -->` an illustration: a ```yaml one is checked to be YAML, any other is a
  quote of what stj prints, and each of its lines must be printed by a command of the guide;
  `<!-- niet-uitgevoerd: NAAM -->` a console block the test cannot run (installing
  Python, VS Code): NAAM must be in `NIET_UITGEVOERD` with exactly these commands;
  `<!-- achtergrond -->` a console block whose one command keeps running (`stj serve`):
  it is started, its first lines compared, the page it names fetched; then `MISTAKE` is
  saved and the page must show stj check's message, then undone and the page must be the
  factsheet again (what task 5 tells); then it is stopped.
- `![…](img/NAAM.png)` is a picture (docs/handleiding/img/); `tests/pictures.py` makes it at that
  point of the guide.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INDEX = REPO / "docs" / "handleiding.md"

NIET_UITGEVOERD: dict[str, list[str]] = {
    "python-windows": ["py --version"],
    "pipx-windows": ["py -m pip install --user pipx",
                     "py -m pipx ensurepath"],
    "pipx-macos": ["brew install pipx", "pipx ensurepath"],
    "pipx-linux": ["sudo apt install pipx", "pipx ensurepath"],
    "stj-installeren": ['pipx install "git+https://gitlab.example.nl/stj/stj-factsheet.git@v0.1.0"'],
    "git-clone": ["git clone https://gitlab.example.nl/stj/stj-gegevens.git", "cd stj-gegevens"],
    "git-wie": ['git config --global user.name "Voornaam Achternaam"',
                'git config --global user.email "v.achternaam@example.nl"'],
    "vscode": ["code --install-extension redhat.vscode-yaml", "code ."],
    "git-push": ["git push -u origin deventer"],
    "stj-bijwerken": ['pipx install --force "git+https://gitlab.example.nl/stj/stj-factsheet.git@v0.2.0"'],
}
"""Commands the guide shows but no test can run (another machine, a GUI, a server we do not
have), by the name of their block. A block marked with a name not listed here, or with
other commands than listed, fails the test: nothing unrun changes unnoticed."""

GIT_ENV = {"GIT_AUTHOR_NAME": "Inspecteur", "GIT_AUTHOR_EMAIL": "inspecteur@example.nl",
           "GIT_COMMITTER_NAME": "Inspecteur", "GIT_COMMITTER_EMAIL": "inspecteur@example.nl",
           "GIT_AUTHOR_DATE": "2014-03-01T10:00:00+01:00",
           "GIT_COMMITTER_DATE": "2014-03-01T10:00:00+01:00",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
"""Who commits and when, fixed, so the commits (and the pictures) are the same each run."""

COMMIT = re.compile(r"\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b")
PORT = re.compile(r"(http://127\.0\.0\.1:)\d+")
MARKER = re.compile(r"<!-- ([a-z-]+)(?::\s*(\S+))? -->")
IMAGE = re.compile(r"!\[[^\]]*\]\((img/[^)]+\.png)\)")
ELISION = "…"
MISTAKE = ("municipalities/deventer/bemoeizorg-jeugd.yaml", "    oordeel: geen\n",
           "    oordeel: goed\n")
"""The mistake made while `stj serve` runs (task 4's fifth), to see the preview show it."""


@dataclass
class Command:
    line: str
    expected: list[str]
    where: str


@dataclass
class Step:
    """One thing the guide asks the reader to do, or shows."""
    kind: str              # console, bestand, wijzig, fout, voorbeeld, uitleg, afbeelding
    where: str             # page:line, for messages
    name: str | None = None          # the marker's argument: a path or a block name
    blocks: list[str] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    mode: str = "run"                  # run, niet-uitgevoerd, achtergrond
    language: str = ""


def pages() -> list[Path]:
    """The index and the pages it links to, in the order it links them."""
    text = INDEX.read_text(encoding="utf-8")
    linked = re.findall(r"\]\((handleiding/[0-9][^)#]*\.md)\)", text)
    return [INDEX] + [INDEX.parent / p for p in dict.fromkeys(linked)]


def fenced(lines: list[str], start: int) -> tuple[str, list[str], int]:
    """The fenced block opening at `start`: its language, lines and the line after it."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    language = lines[start].strip().removeprefix("```")
    end = start + 1
    while lines[end].strip() != "```":
        end += 1
    return language, [line[indent:] for line in lines[start + 1:end]], end + 1


def commands(body: list[str], where: str) -> list[Command]:
    found: list[Command] = []
    for line in body:
        if line.startswith("> "):
            found.append(Command(line[2:], [], where))
        else:
            assert found, f"{where}: output before the first command"
            found[-1].expected.append(line)
    return found


def steps(page: Path) -> Iterator[Step]:
    lines = page.read_text(encoding="utf-8").splitlines()
    name = page.relative_to(REPO / "docs").as_posix()
    index, pending = 0, None
    while index < len(lines):
        line = lines[index]
        for picture in IMAGE.findall(line):
            path = (page.parent / picture).relative_to(REPO / "docs").as_posix()
            yield Step("afbeelding", f"{name}:{index + 1}", path)
        if marker := MARKER.fullmatch(line.strip()):
            pending = marker
            index += 1
            continue
        if not line.lstrip().startswith("```"):
            index += 1
            continue
        where = f"{name}:{index + 1}"
        language, body, index = fenced(lines, index)
        kind, argument = (pending.group(1), pending.group(2)) if pending else ("", None)
        pending = None
        if language == "console":
            mode = kind if kind in ("niet-uitgevoerd", "achtergrond") else "run"
            assert kind in ("", mode), f"{where}: marker {kind} before a console block"
            yield Step("console", where, argument, commands=commands(body, where), mode=mode)
            continue
        assert kind in ("bestand", "wijzig", "fout", "voorbeeld", "uitleg"), (
            f"{where}: a ```{language} block needs a marker (bestand, wijzig, fout, voorbeeld "
            f"or uitleg) on the line before it")
        step = Step(kind, where, argument, blocks=["\n".join(body) + "\n"], language=language)
        if kind in ("wijzig", "fout"):
            while not lines[index].lstrip().startswith("```"):
                index += 1
            _, second, index = fenced(lines, index)
            step.blocks.append("\n".join(second) + "\n")
        yield step


def all_steps() -> list[Step]:
    return [step for page in pages() for step in steps(page)]


def normalise(lines: list[str]) -> list[str]:
    return [PORT.sub(r"\g<1>8000", COMMIT.sub("<commit>", line)) for line in lines]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the output matches, a line `…` standing for one or more lines."""
    if ELISION not in expected:
        return expected == actual
    cut = expected.index(ELISION)
    head, tail = expected[:cut], expected[cut + 1:]
    rest = actual[len(head):]
    return (actual[:len(head)] == head and len(rest) > len(tail)
            and matches(tail, rest[len(rest) - len(tail):] if tail else []))


Hook = Callable[[Step, "Runner"], None]


class Runner:
    """Runs the steps in a fresh folder `home` (the reader's documents folder)."""

    def __init__(self, home: Path, stj: Callable[[list[str], Path], tuple[int, str]]) -> None:
        self.home = home
        self.cwd = home
        self.stj = stj
        self.last_status = 0
        self.undo: tuple[Path, str] | None = None
        self.pictures_exist = True     # False while tests/handleiding_pictures.py makes them
        self.printed: set[str] = set()
        self.quoted: list[tuple[str, str]] = []

    def run(self, all_of: list[Step], hook: Hook | None = None) -> None:
        for step in all_of:
            getattr(self, step.kind.replace("-", "_"))(step)
            if hook:
                hook(step, self)
        for where, line in self.quoted:
            assert line in self.printed, f"{where}: stj never printed {line!r}"

    def path(self, step: Step) -> Path:
        assert step.name, f"{step.where}: the marker names no file"
        return self.cwd / step.name

    def bestand(self, step: Step) -> None:
        target = self.path(step)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(step.blocks[0], encoding="utf-8")

    def wijzig(self, step: Step) -> None:
        target = self.path(step)
        text = target.read_text(encoding="utf-8")
        old, new = step.blocks
        assert text.count(old) == 1, f"{step.where}: {old!r} occurs {text.count(old)} times"
        target.write_text(text.replace(old, new), encoding="utf-8")

    def fout(self, step: Step) -> None:
        target = self.path(step)
        self.undo = (target, target.read_text(encoding="utf-8"))
        self.wijzig(step)

    def voorbeeld(self, step: Step) -> None:
        shipped = (REPO / (step.name or "")).read_text(encoding="utf-8")
        assert step.blocks[0] in shipped, f"{step.where}: not in {step.name} as shown"

    def uitleg(self, step: Step) -> None:
        """YAML is checked to be YAML; any other text quotes what stj prints in the guide."""
        if step.language == "yaml":
            import yaml

            yaml.safe_load(step.blocks[0])
        else:
            self.quoted += [(step.where, line) for line in step.blocks[0].splitlines()]

    def afbeelding(self, step: Step) -> None:
        picture = REPO / "docs" / (step.name or "")
        assert not self.pictures_exist or picture.is_file(), f"{step.where}: make pictures"

    def console(self, step: Step) -> None:
        if step.mode == "niet-uitgevoerd":
            assert step.name in NIET_UITGEVOERD, f"{step.where}: {step.name} not allowed"
            assert [c.line for c in step.commands] == NIET_UITGEVOERD[step.name], step.where
            return
        if step.mode == "achtergrond":
            self.background(step)
            return
        for command in step.commands:
            self.command(command)
        if self.undo:
            self.undo[0].write_text(self.undo[1], encoding="utf-8")
            self.undo = None

    def command(self, command: Command) -> None:
        words = shlex.split(command.line)
        if words[0] in ("git", "cd", "mkdir"):
            assert command.expected == [], f"{command.where}: `{command.line}` shows output"
            self.shell(words, command.where)
            return
        if words == ["echo", "$LASTEXITCODE"]:
            actual = [str(self.last_status)]
        else:
            assert words[0] == "stj", f"{command.where}: the test cannot run `{command.line}`"
            self.last_status, output = self.stj(words[1:], self.cwd)
            actual = output.splitlines()
        self.printed.update(actual)
        expected, actual = normalise(command.expected), normalise(actual)
        assert matches(expected, actual), (
            f"{command.where}: `{command.line}` printed\n" + "\n".join(actual)
            + "\n\nbut the handleiding shows\n" + "\n".join(expected))

    def shell(self, words: list[str], where: str) -> None:
        if words[0] == "cd":
            self.cwd = (self.cwd / words[1]).resolve()
            assert self.cwd.is_dir(), f"{where}: no folder {words[1]}"
        elif words[0] == "mkdir":
            (self.cwd / words[1]).mkdir()
        else:
            env = {**os.environ, **GIT_ENV, "HOME": str(self.home)}
            done = subprocess.run(words, cwd=self.cwd, env=env, capture_output=True, text=True)
            assert done.returncode == 0, f"{where}: {' '.join(words)}\n{done.stderr}"

    def background(self, step: Step) -> None:
        (command,) = step.commands
        words = shlex.split(command.line)
        assert words[:2] == ["stj", "serve"], f"{step.where}: only stj serve runs in background"
        with subprocess.Popen(
                [sys.executable, "-m", "stj_factsheet", *words[1:], "--port", str(free_port())],
                cwd=self.cwd, stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True,
                env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}) as process:
            try:
                assert process.stdout
                shown = [process.stdout.readline().rstrip("\n") for _ in command.expected]
                assert normalise(shown) == normalise(command.expected), (
                    f"{step.where}: `{command.line}` printed\n" + "\n".join(shown))
                address = shown[0].split(" ", 1)[1]
                assert "<title>Uitkomsten toezichtonderzoek" in fetched(address), step.where
                self.preview_shows_a_mistake(address, step.where)
            finally:
                process.terminate()

    def preview_shows_a_mistake(self, address: str, where: str) -> None:
        """What task 5 says: after a save with a mistake the page shows the messages as
        `stj check` prints them, and after the save that fixes it the factsheet again."""
        target = self.cwd / MISTAKE[0]
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace(MISTAKE[1], MISTAKE[2], 1), encoding="utf-8")
        try:
            message = "".join(self.stj(["check", "deventer"], self.cwd)[1].splitlines()[:1])
            assert message.endswith("is geen geldige waarde (kies uit voldoet, verbeterpunt, geen)")
            wait(lambda: html.escape(message) in fetched(address), f"{where}: no problems page")
        finally:
            target.write_text(text, encoding="utf-8")
        wait(lambda: "<title>Uitkomsten" in fetched(address), f"{where}: no factsheet again")


def fetched(address: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(address, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, what
        time.sleep(0.2)


def stj_in(args: list[str], cwd: Path) -> tuple[int, str]:
    """`stj ARGS` in the folder `cwd`, as the reader types it: exit status and what the
    terminal shows (stdout and stderr together)."""
    from click.testing import CliRunner

    from stj_factsheet.cli import main

    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args, env={"NO_COLOR": "1"}, catch_exceptions=False)
    finally:
        os.chdir(before)
    return result.exit_code, result.output


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
