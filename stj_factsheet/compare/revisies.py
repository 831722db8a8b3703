"""The data of a git revision, for `stj diff`: which data files differ between two
revisions (or a revision and the working tree), and those files of a revision as a
folder the project loader can read.

Git is called the way `herkomst` calls it (one helper for both). Paths are relative to
the data root, which may lie below the top of its repository.
"""

from __future__ import annotations

import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from stj_factsheet.errors import UsageError
from stj_factsheet.load.layout import MUNICIPALITIES
from stj_factsheet.publish.herkomst import FRAMEWORKS, SHORT
from stj_factsheet.publish.herkomst import _git as git

DATA = (MUNICIPALITIES, FRAMEWORKS)
"""The folders of a data root that make the publication."""
HULPMIDDEL = ("stj_factsheet", "templates", "fonts")
"""The folders of stj's own repository that make every page (its code, templates, fonts):
a data root that holds them is stj's checkout, where a change of them changes the pages
too, in a way a diff of the data cannot show."""
WERKMAP = "werkmap"
"""How the working tree is named where a revision would be."""


@dataclass(frozen=True)
class Revisie:
    """A revision as the user named it, and the commit it stands for."""

    naam: str
    commit: str

    @property
    def kort(self) -> str:
        return self.commit[:SHORT]


def bereik(van: str | None, tot: str | None) -> tuple[str, str | None, bool]:
    """(VAN, TOT, symmetric) from the command's arguments, as git diff reads them: none
    is HEAD against the working tree; one is that revision against the working tree;
    `A..B` is A against B, an empty side of it HEAD; `A...B` compares B with the commit
    where it branched off A. TOT None is the working tree."""
    if van is not None and ".." in van:
        if tot is not None:
            raise UsageError("geef VAN..TOT of VAN TOT, niet beide")
        symmetric = "..." in van
        links, _, rechts = van.partition("..." if symmetric else "..")
        return links or "HEAD", rechts or "HEAD", symmetric
    if tot is not None and ".." in tot:
        raise UsageError(f"`{tot}`: geef VAN..TOT of VAN TOT, niet beide")
    return van or "HEAD", tot, False


def revisie(root: Path, naam: str) -> Revisie:
    """The commit `naam` stands for, or a usage error (no git, or no such revision)."""
    if git(root, "rev-parse", "--git-dir") is None:
        raise UsageError(f"{root} is geen git-repository (of git ontbreekt); stj diff "
                         "vergelijkt git-revisies van de gegevens")
    found = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                f"{naam}^{{commit}}")
    if not found:
        raise UsageError(f"onbekende revisie `{naam}`; geef een commit, tak of tag, "
                         "bijv. HEAD, main of HEAD~1")
    return Revisie(naam, found.strip())


def splitsing(root: Path, van: Revisie, tot: Revisie) -> Revisie:
    """Where `tot` branched off `van` (for `VAN...TOT`)."""
    found = git(root, "merge-base", van.commit, tot.commit)
    if not found:
        raise UsageError(f"`{van.naam}` en `{tot.naam}` hebben geen gemeenschappelijke "
                         "commit; vergelijk ze met VAN..TOT")
    return Revisie(f"{van.naam}...{tot.naam}", found.strip())


def gewijzigd(root: Path, van: Revisie, tot: Revisie | None,
              mappen: tuple[str, ...] = DATA) -> list[str]:
    """The files under `mappen` (relative to the root: by default the data) that differ
    between `van` and `tot`, or the working tree when `tot` is None (files git does not
    track yet too), sorted."""
    args = [van.commit] if tot is None else [van.commit, tot.commit]
    out = git(root, "diff", "--relative", "--name-only", "--no-renames", "-z", *args,
              "--", *mappen)
    if out is None:
        raise UsageError(f"git kon `{van.naam}` en `{tot.naam if tot else WERKMAP}` "
                         "niet vergelijken")
    files = set(filter(None, out.split("\0")))
    if tot is None:
        new = git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *mappen)
        files.update(filter(None, (new or "").split("\0")))
    return sorted(files)


def hulpmiddel(root: Path, van: Revisie, tot: Revisie | None) -> list[str]:
    """The files of stj itself that differ, when the data root is stj's own repository
    (it holds `stj_factsheet/__init__.py`); else none."""
    if not (root / "stj_factsheet" / "__init__.py").is_file():
        return []
    return [f for f in gewijzigd(root, van, tot, HULPMIDDEL)
            if "__pycache__" not in f.split("/")]


def uitpakken(root: Path, revisie: Revisie, mappen: list[str], doel: Path) -> None:
    """Write the files under `mappen` (folders relative to the root) as they are in
    `revisie` into `doel`; folders the revision lacks are left out."""
    listed = git(root, "ls-tree", "-r", "--name-only", "-z", revisie.commit, "--", *DATA)
    folders = {"/".join(parts[:n]) for path in filter(None, (listed or "").split("\0"))
               for parts in [path.split("/")] for n in range(1, len(parts))}
    wanted = [folder for folder in mappen if folder in folders]
    doel.mkdir(parents=True, exist_ok=True)
    if not wanted:
        return
    with tempfile.TemporaryDirectory(prefix="stj-diff-") as scratch:
        archive = Path(scratch) / "data.tar"
        if git(root, "archive", "--format=tar", "-o", str(archive), revisie.commit, "--",
               *wanted) is None:
            raise UsageError(f"git kon de gegevens van `{revisie.naam}` niet lezen")
        with tarfile.open(archive) as tar:
            for member in tar:
                name = PurePosixPath(member.name)
                if not member.isfile() or name.is_absolute() or ".." in name.parts:
                    continue
                content = tar.extractfile(member)
                if content is not None:
                    target = doel.joinpath(*name.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content.read())

