"""Provenance: which version of the data a factsheet was made from.

A gemeente's data version is the last commit that changed its folder or the data root's
`frameworks/` (on the first-parent line, so a merge counts as the change it brings), with
`+wijzigingen` when those files differ from it. Not HEAD: a commit elsewhere (README,
the committed `out/` itself) leaves every factsheet as it was, so a data repository can
commit `out/` and have CI check it with `stj build --all --check`. The overview carries
the last commit that changed any gemeente or kader.

A shallow clone cannot say which commit last changed a gemeente when its history is cut
off before that change; that is a usage error, not a wrong answer.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from stj_factsheet.errors import UsageError
from stj_factsheet.load.layout import MUNICIPALITIES

FRAMEWORKS = "frameworks"
DIRTY = "+wijzigingen"
SHORT = 12


@dataclass(frozen=True)
class Herkomst:
    """The data version of each gemeente, and of all data (for the overview)."""

    gemeenten: dict[str, str]
    geheel: str

    def van(self, slug: str) -> str:
        """The version of one gemeente; one that no commit has yet is new, so changed."""
        return self.gemeenten.get(slug, self.geheel if self.geheel.endswith(DIRTY)
                                  else self.geheel + DIRTY)


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              text=True, encoding="utf-8", errors="surrogateescape",
                              check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _touched(path: str) -> tuple[str, str | None] | None:
    """What a changed file (relative to the data root) belongs to: (`frameworks`, None),
    (`municipalities`, slug), or None for anything else."""
    parts = path.split("/")
    if parts[0] == FRAMEWORKS:
        return FRAMEWORKS, None
    if parts[0] == MUNICIPALITIES and len(parts) >= 3:
        return MUNICIPALITIES, parts[1]
    return None


def _history(root: Path) -> list[tuple[str, list[str]]]:
    """(commit, files changed) of every commit that changed the data, newest first."""
    out = _git(root, "log", "--relative", "--first-parent", "-m", "--format=commit %H",
               "--name-only", "-z", "--", MUNICIPALITIES, FRAMEWORKS) or ""
    commits: list[tuple[str, list[str]]] = []
    for token in out.split("\0"):
        token = token.strip("\n")
        if token.startswith("commit "):
            commits.append((token.removeprefix("commit "), []))
        elif token and commits:
            commits[-1][1].append(token)
    return commits


def _dirty(root: Path, prefix: str) -> list[str]:
    """The data files (relative to the root) that differ from HEAD, untracked ones too."""
    out = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--",
               MUNICIPALITIES, FRAMEWORKS) or ""
    paths = []
    for token in filter(None, out.split("\0")):
        path = token[3:] if len(token) > 3 and token[2] == " " else token  # or a rename's source
        paths.append(path.removeprefix(prefix))
    return paths


def data_versions(root: Path) -> Herkomst | None:
    """The data versions under `root`, or None outside a git checkout (or before its
    first commit). Raises `UsageError` when a shallow clone hides a version."""
    facts = _git(root, "rev-parse", "--show-prefix", "--is-shallow-repository",
                 "--git-path", "shallow", "HEAD")
    if facts is None:
        return None
    prefix, shallow, shallow_file, head = [*facts.splitlines(), "", "", "", ""][:4]
    history = _history(root)
    first: dict[tuple[str, str | None], int] = {}  # what was changed → newest commit's index
    for n, (_commit, files) in enumerate(history):
        for owner in filter(None, map(_touched, files)):
            first.setdefault(owner, n)
    frameworks = first.get((FRAMEWORKS, None), len(history))
    versions = {slug: history[min(n, frameworks)][0]
                for (kind, slug), n in first.items() if kind == MUNICIPALITIES and slug}
    cut = set(_shallow_commits(root / shallow_file)) if shallow == "true" else set()
    for slug, commit in sorted(versions.items()):
        if commit in cut:
            raise UsageError(
                f"de git-geschiedenis is ingekort (een ondiepe kloon), zodat niet te zien is "
                f"welke commit `{slug}` het laatst wijzigde; haal alles op met `git fetch "
                f"--unshallow` (in CI: fetch-depth: 0 bij GitHub, GIT_DEPTH: 0 bij GitLab) "
                f"of bouw met --geen-herkomst")
    dirty = _dirty(root, prefix)
    changed = {owner for owner in map(_touched, dirty) if owner}
    everywhere = (FRAMEWORKS, None) in changed
    texts = {slug: commit[:SHORT] + (DIRTY if everywhere or (MUNICIPALITIES, slug) in changed
                                     else "")
             for slug, commit in versions.items()}
    newest = history[min(first.values())][0] if first else head
    return Herkomst(texts, newest[:SHORT] + (DIRTY if dirty else ""))


def _shallow_commits(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="ascii").split()
    except OSError:
        return []
