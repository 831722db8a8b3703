"""The inspector's real setup, end to end: the wheel built from a clean copy of this
repository, installed into a fresh venv, run in a new data repository that holds only
municipalities/ (no frameworks/, no schemas/ to begin with), never with this checkout on
the path. The whole workflow: new → check → fill in → check --strict → build in all four
formats → check from inside the gemeente folder → the pre-commit hook on good and bad
data → commit out/ → the data repository's CI template passes, passes again after an
unrelated commit, and fails after a data edit.

Building the wheel fetches setuptools and installing it fetches the dependencies (from
PyPI, or pip's cache): slow, so marked `slow` (it is part of `make test`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO, SHIPPED

pytestmark = pytest.mark.slow

SCRIPTS = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""


def run(args: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None,
        shell: bool = False) -> subprocess.CompletedProcess[str]:
    command: str | list[str] = (str(args[0]) if shell else [str(a) for a in args])
    return subprocess.run(command, cwd=cwd, env=env, shell=shell, capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=900)


def clean_copy(target: Path) -> Path:
    """The repository's files as git sees them (tracked, and new ones not ignored), without
    .venv, out/ or build leftovers."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 REPO)
    if listed.returncode != 0:
        pytest.fail(f"not a git checkout: {listed.stderr}")
    for name in sorted(set(filter(None, listed.stdout.split("\0")))):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def install(tmp_path: Path) -> Path:
    """Build the wheel from a clean copy, install it into a fresh venv; its scripts folder."""
    source = clean_copy(tmp_path / "bron")
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                 tmp_path / "dist", source], tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((tmp_path / "dist").glob("stj_factsheet-*.whl"))
    made = run([sys.executable, "-m", "venv", tmp_path / "venv"], tmp_path)
    assert made.returncode == 0, made.stderr
    scripts = tmp_path / "venv" / SCRIPTS
    done = run([scripts / f"python{EXE}", "-m", "pip", "install", "--quiet", wheel], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    return scripts


@dataclass
class DataRepo:
    """A data repository in which the installed `stj` runs, as an inspector runs it."""

    root: Path
    scripts: Path
    env: dict[str, str]
    outputs: list[str]

    def sh(self, command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """A command line as CI or pre-commit runs it (the shell finds stj on PATH)."""
        return self._kept(run([command], cwd or self.root, self.env, shell=True))

    def stj(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return self._kept(run([self.scripts / f"stj{EXE}", *args], cwd or self.root,
                              self.env))

    def commit(self, message: str) -> None:
        for command in (["git", "add", "-A"], ["git", "commit", "-q", "-m", message]):
            done = run(command, self.root, self.env)
            assert done.returncode == 0, done.stdout + done.stderr

    def _kept(self, done: subprocess.CompletedProcess[str]
              ) -> subprocess.CompletedProcess[str]:
        self.outputs.append(done.stdout + done.stderr)
        return done


@pytest.fixture
def data(tmp_path: Path) -> Iterator[DataRepo]:
    scripts = install(tmp_path)
    root = tmp_path / "stj-data"
    root.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env.update({
        "PATH": f"{scripts}{os.pathsep}{env.get('PATH', '')}",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "Inspecteur", "GIT_AUTHOR_EMAIL": "inspecteur@example.org",
        "GIT_COMMITTER_NAME": "Inspecteur", "GIT_COMMITTER_EMAIL": "inspecteur@example.org",
    })
    repo = DataRepo(root, scripts, env, [])
    assert run(["git", "init", "-q"], root, env).returncode == 0
    yield repo
    for output in repo.outputs:
        assert "Traceback" not in output, output
        assert not re.search(r"\b(Usage|Error|Options|Try)\b", output), output


def ci_steps() -> list[tuple[str, str]]:
    """(template, command) of every step of the data repository's CI templates that runs
    stj (installing it is done above, from the wheel), except those that run only for a
    pull or merge request (`stj diff`: tests/test_diff.py runs them)."""
    github = yaml.safe_load((REPO / "docs" / "ci" / "github-actions.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((REPO / "docs" / "ci" / "gitlab-ci.yml").read_text("utf-8"))
    steps = [("github", step["run"]) for job in github["jobs"].values()
             for step in job["steps"] if "run" in step and "STJ_FACTSHEET" not in step["run"]
             and "pull_request" not in step.get("if", "")]
    steps += [("gitlab", line) for job in gitlab.values()
              if isinstance(job, dict) and "rules" not in job
              for line in job.get("script", [])]
    assert {template for template, _ in steps} == {"github", "gitlab"}
    assert all(command.startswith("stj ") for _, command in steps), steps
    return steps


def hook() -> tuple[str, re.Pattern[str]]:
    """The `entry` and `files` of this repository's pre-commit hook."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    found = next(h for h in hooks if h["id"] == "stj-check")
    assert found["pass_filenames"] is False
    return found["entry"], re.compile(found["files"])


def fill_in(folder: Path) -> None:
    """What an inspector types: here Venlo's findings and made-up figures."""
    venlo = (SHIPPED / "venlo" / "er-op-af-aanpak.yaml").read_text(encoding="utf-8")
    (folder / "bemoeizorg-jeugd.yaml").write_text(venlo, encoding="utf-8")
    gemeente = (folder / "gemeente.yaml").read_text(encoding="utf-8")
    for old, new in [("publicatie: TODO", 'publicatie: "2014-03"'),
                     ("inwoners: TODO", "inwoners: 99000"),
                     ("aantal: TODO", "aantal: 12000"),
                     ("peildatum: TODO", 'peildatum: "2013-01"'),
                     ("  TODO\n", "  Deventer is een gemeente in Overijssel.\n")]:
        gemeente = gemeente.replace(old, new, 1)
    (folder / "gemeente.yaml").write_text(gemeente, encoding="utf-8")


def test_the_wheel_carries_the_inspectors_whole_workflow(data: DataRepo) -> None:
    where = run([data.scripts / f"python{EXE}", "-c",
                 "import stj_factsheet; print(stj_factsheet.__file__)"], data.root, data.env)
    assert Path(where.stdout.strip()).is_relative_to(data.root.parent / "venv"), where.stdout

    # 1. a new gemeente in an empty repository: its files, and the schemas they point at
    made = data.stj("new", "Deventer", "--aanpak", "Bemoeizorg Jeugd")
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in data.root.iterdir()) == [".git", "municipalities", "schemas"]
    folder = data.root / "municipalities" / "deventer"
    first = (folder / "gemeente.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/gemeente.schema.json"
    assert (data.root / "schemas" / "gemeente.schema.json").is_file()

    # 2. every open item is located
    todo = data.stj("check")
    assert todo.returncode == 1
    assert ('municipalities/deventer/gemeente.yaml:4:13: nog niet ingevuld (TODO) (bijv. '
            '"2013-10", met aanhalingstekens)') in todo.stderr.splitlines()
    assert todo.stderr.endswith("68 fouten, 0 waarschuwingen in 1 gemeente\n")

    # 3. filled in, it passes strictly: the shipped kader, without frameworks/
    fill_in(folder)
    strict = data.stj("check", "--strict")
    assert strict.returncode == 0, strict.stderr
    assert strict.stdout == "In orde: 0 fouten, 0 waarschuwingen in 1 gemeente.\n"

    # 4. all four formats
    built = data.stj("build", "deventer", "--format", "html", "--format", "md",
                     "--format", "json", "--format", "pdf")
    assert built.returncode == 0, built.stderr
    for fmt in ("html", "md", "json", "pdf"):
        assert (data.root / "out" / "deventer" / f"factsheet.{fmt}").stat().st_size > 1000
    assert (data.root / "out" / "deventer" / "factsheet.pdf").read_bytes()[:5] == b"%PDF-"

    # 5. from inside the gemeente folder, as git works from a subfolder
    inside = data.stj("check", cwd=folder)
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout == "In orde: 0 fouten, 0 waarschuwingen in 1 gemeente.\n"

    # 6. the pre-commit hook, run as pre-commit runs it, on good and on bad data
    entry, files = hook()
    assert files.search("municipalities/deventer/gemeente.yaml")
    assert data.sh(entry).returncode == 0
    gemeente = folder / "gemeente.yaml"
    good = gemeente.read_text(encoding="utf-8")
    gemeente.write_text(good.replace("inwoners: 99000", "inwoners: veel"), encoding="utf-8")
    bad = data.sh(entry)
    assert bad.returncode == 1
    assert bad.stderr == (
        "municipalities/deventer/gemeente.yaml:5:11: verwacht een geheel getal, maar vond "
        "`veel` (schrijf het getal zonder punt of komma, bijv. 120000)\n"
        "1 fout, 0 waarschuwingen in 1 gemeente\n")
    gemeente.write_text(good, encoding="utf-8")

    # 7. commit the data, then out/ built from it: the CI template's steps pass, and keep
    # passing after an unrelated commit; a data edit makes them fail
    shutil.copy(REPO / "docs" / "ci" / "gitignore", data.root / ".gitignore")
    data.commit("Deventer")
    rebuilt = data.stj("build", "--all")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Let op" not in rebuilt.stderr, "committed data: nothing to warn about"
    data.commit("out/ van Deventer")
    for template, command in ci_steps():
        step = data.sh(command)
        assert step.returncode == 0, (template, command, step.stdout, step.stderr)
    (data.root / "README.md").write_text("Gegevens van STJ\n", encoding="utf-8")
    data.commit("README")
    assert data.stj("build", "--all", "--check").returncode == 0
    aanpak = folder / "bemoeizorg-jeugd.yaml"
    aanpak.write_text(aanpak.read_text(encoding="utf-8").replace(
        "aantal_gezinnen: 25", "aantal_gezinnen: 26"), encoding="utf-8")
    assert data.stj("build", "--all", "--check").returncode == 1, "an edit, not yet committed"
    data.commit("Deventer: 26 gezinnen")
    stale = data.stj("build", "--all", "--check")
    assert stale.returncode == 1
    assert "verouderd: out/deventer/factsheet.html" in stale.stdout.splitlines()
    failing = [command for _, command in ci_steps() if data.sh(command).returncode != 0]
    assert failing == ["stj build --all --check", "stj build --all --check"]
