"""The handleiding cannot drift from the tool: every command in it runs, in the order the
guide gives, in a fresh data repository (a new folder with only `municipalities/`, made
with `git init` as the guide says), and what stj prints must be what the guide shows.

How the guide marks its commands, files and changes, and what is normalised (commit ids,
the preview's port, `…` for left-out lines), is in `tests/handleiding.py`. Commands the
test cannot run (installing Python, VS Code, `git push`) are in a short named allowlist
there; a block that is not run and not on the list fails here, as does a list entry that
the guide no longer uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stj_factsheet.cli import main
from tests.handleiding import NIET_UITGEVOERD, REPO, Runner, Step, all_steps, pages, stj_in

STEPS = all_steps()


def test_every_step_of_the_handleiding_runs_and_prints_what_it_shows(tmp_path: Path) -> None:
    runner = Runner(tmp_path, stj_in)
    runner.run(STEPS)
    root = tmp_path / "stj-gegevens"
    # what the issue asks of a newcomer: a checked, built, diffed factsheet of a new gemeente
    assert (root / "out" / "deventer" / "factsheet.pdf").is_file()
    assert (root / "out" / "index.html").is_file()
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith(".")) == [
        "municipalities", "out", "schemas"]


def test_the_guide_has_seven_tasks_in_order() -> None:
    names = [page.name for page in pages()[1:]]
    assert [name.split("-")[0] for name in names] == [str(n) for n in range(1, 8)], names


def test_the_allowlist_of_unrun_commands_is_short_and_all_used() -> None:
    used = {step.name for step in STEPS if step.mode == "niet-uitgevoerd"}
    assert used == set(NIET_UITGEVOERD), set(NIET_UITGEVOERD) ^ used
    assert sum(len(commands) for commands in NIET_UITGEVOERD.values()) <= 16


def test_the_guide_uses_every_command_an_inspector_needs() -> None:
    run = {c.line.split()[1] for s in STEPS if s.kind == "console" and s.mode != "niet-uitgevoerd"
           for c in s.commands if c.line.startswith("stj ")}
    served = {s.commands[0].line.split()[1] for s in STEPS if s.mode == "achtergrond"}
    assert set(main.commands) - {"schema"} <= run | served, set(main.commands) - run - served


def mistakes() -> list[tuple[Step, Step]]:
    """The common mistakes of task 4: each `fout` and the console block after it."""
    found: list[tuple[Step, Step]] = []
    for index, step in enumerate(STEPS):
        if step.kind == "fout":
            after = STEPS[index + 1]
            assert after.kind == "console", f"{step.where}: no stj check after the mistake"
            found.append((step, after))
    return found


def test_task_4_shows_ten_mistakes_each_with_exactly_its_own_message() -> None:
    found = mistakes()
    assert len(found) == 10
    assert all(step.where.startswith("handleiding/4-") for step, _ in found)
    messages = []
    for step, check in found:
        (command,) = check.commands
        assert command.line == "stj check deventer", check.where
        *located, summary = command.expected
        assert len(located) == 1 and summary == "1 fout, 0 waarschuwingen in 1 gemeente", (
            check.where)
        file, line, column, message = located[0].split(":", 3)
        assert file == step.name and line.isdigit() and column.isdigit(), check.where
        messages.append(re.sub(r"`[^`]*`|‘[^’]*’", "…", message))
    assert len(set(messages)) == 10, messages


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_picture_the_guide_shows_exists_and_is_described(page: Path) -> None:
    for step in STEPS:
        if step.kind == "afbeelding" and step.where.startswith(page.relative_to(REPO / "docs")
                                                               .as_posix()):
            assert (REPO / "docs" / (step.name or "")).stat().st_size > 1000, step.where


def test_readme_links_to_the_handleiding_at_the_top() -> None:
    head = (REPO / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "](docs/handleiding.md)" in head


def slug(heading: str) -> str:
    """The anchor GitLab and GitHub give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of the page's headings (not of `#` lines inside fenced blocks)."""
    found, fenced = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        fenced ^= line.lstrip().startswith("```")
        if not fenced and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_link_of_the_guide_leads_somewhere(page: Path) -> None:
    for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
        if re.match(r"(https?|mailto):", target):
            continue
        file, _, anchor = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        assert linked.exists(), f"{page.name}: {target}"
        if anchor:
            assert anchor in anchors(linked), f"{page.name}: no heading for #{anchor}"


def test_readmes_links_into_the_handleiding_lead_somewhere() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/handleiding[^)\s]*)\)", readme)
    assert len(links) >= 4, links
    for target in links:
        file, _, anchor = target.partition("#")
        assert (REPO / file).is_file(), target
        assert not anchor or anchor in anchors(REPO / file), target
