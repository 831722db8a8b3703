"""`stj check`: every problem of the named gemeenten (or of the whole data root), sorted.

Loading and checking one gemeente is `validate.project`; this runs it for many, in worker
processes where that pays off (`publish.workers`).
"""

from __future__ import annotations

from pathlib import Path

from stj_factsheet.errors import Problem
from stj_factsheet.load import layout
from stj_factsheet.publish import workers
from stj_factsheet.validate.project import Project


def _problems(project: Project, slug: str) -> list[Problem]:
    return project.load(slug)[1]


def check(root: Path, names: tuple[str, ...] | list[str] = (), *,
          pool: bool | None = None) -> list[Problem]:
    """Every problem in the named gemeenten (all when none are named, and then also every
    entry of `municipalities/` that is no gemeente: see `layout.scan`), sorted. Many
    gemeenten are checked in worker processes (`pool`: force or forbid that)."""
    slugs = Project(root).resolve(names)
    problems: list[Problem] = [] if names else layout.scan(root)[1]
    for found in workers.map_ordered(_problems, slugs, Project, (root,), pool=pool):
        problems += found
    return sorted(set(problems))
