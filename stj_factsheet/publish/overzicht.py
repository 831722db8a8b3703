"""Writing the overview (`out/index.*`): after a build of every gemeente, or on its own.

The rows come from the gemeenten just built or, for those the manifest shows unchanged,
from the manifest; the figures are `rules.landelijk`'s, the pages `render.overzicht`'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from stj_factsheet.load import layout
from stj_factsheet.publish.manifest import Manifest, Stat, stat
from stj_factsheet.publish.output import BuildResult, folder_problems, write_or_compare
from stj_factsheet.render import paths

if TYPE_CHECKING:
    from stj_factsheet.render.overzicht import Verzameling


def refresh_overzicht(result: BuildResult, record: Manifest | None, slugs: list[str],
                       rijen: list[dict[str, Any]], *, root: Path, out: Path,
                       gegenereerd: str | None, geheel: str | None, check: bool) -> None:
    """Write the overview of these rows, unless the manifest shows it made from the same
    gemeenten and fingerprints and its files untouched. `geheel`: the data version of
    the whole data root (`herkomst`), or None."""
    key = (record.key_for_overzicht(slugs) + (geheel or "")) if record is not None else ""
    if (record is not None and record.overzicht_key == key
            and _overzicht_unchanged(record, out)):
        result.unchanged += [out / name for name in sorted(record.overzicht)]
        return
    from stj_factsheet.render import overzicht as overview
    from stj_factsheet.rules import landelijk

    verzameling = overview.Verzameling.leeg()
    for data in rijen:
        verzameling.voeg_rijen_toe(landelijk.rijen_van_data(data))
    written = _write_overzicht(result, out, verzameling, gegenereerd, geheel, check, root)
    if record is not None:
        record.record_overzicht(written, key)


def build_overzicht(root: Path, out: Path, *, gegenereerd: str | None = None,
                    herkomst: str | None = None, check: bool = False) -> BuildResult:
    """`stj overzicht`: load every gemeente and write only the overview (`out/index.*`);
    nothing is written when a gemeente fails or a folder is refused (the figures would be
    incomplete)."""
    from stj_factsheet.render import overzicht as overview

    result = folder_problems(layout.scan(root)[1])
    verzameling, failures, warnings = overview.collect(root)
    result.failures.update(failures)
    result.warnings += warnings
    if not result.failures:
        _write_overzicht(result, out, verzameling, gegenereerd, herkomst, check, root)
    return result


def _write_overzicht(result: BuildResult, out: Path, verzameling: Verzameling,
                     gegenereerd: str | None, herkomst: str | None, check: bool,
                     root: Path) -> dict[str, Stat]:
    """Write `index.*`; returns their `stat` for the manifest."""
    from stj_factsheet.render import overzicht as overview
    from stj_factsheet.validate.project import Project

    pages = overview.pages(overview.view(verzameling, gegenereerd, herkomst, Project(root)))
    found = {}
    for name, content in pages.items():
        write_or_compare(result, out / name, content, check)
        if (now := stat(out / name)) is not None:
            found[name] = now
    return found


def _overzicht_unchanged(record: Manifest, out: Path) -> bool:
    return set(record.overzicht) == set(paths.OVERZICHT_FILES) and all(
        stat(out / name) == recorded for name, recorded in record.overzicht.items())
