"""Find and load gemeenten under a data root, collecting every problem on the way.

Layout of a data root:

    frameworks/<kader>.yaml            (optional; the shipped kaders are used otherwise)
    municipalities/<slug>/gemeente.yaml
    municipalities/<slug>/<aanpak>.yaml   one per entry of `aanpakken` in gemeente.yaml
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from stj_factsheet.errors import InvalidData, Problem, Severity, UsageError
from stj_factsheet.load import layout, source
from stj_factsheet.load.layout import GEMEENTE_FILE, MUNICIPALITIES
from stj_factsheet.model import kader as kaders
from stj_factsheet.model.domain import Aanpak, Gemeente
from stj_factsheet.model.kader import KaderIndex
from stj_factsheet.model.typed import to_model
from stj_factsheet.validate import rondes
from stj_factsheet.validate.checks import check_aanpak, unknown_ids
from stj_factsheet.validate.geladen import LoadedAanpak, LoadedGemeente


@dataclass
class Project:
    """A data root; loads each kader once per run."""

    root: Path
    _kaders: dict[str, KaderIndex | InvalidData] = field(default_factory=dict)

    def slugs(self) -> list[str]:
        return layout.slugs(self.root)

    def resolve(self, names: tuple[str, ...] | list[str]) -> list[str]:
        """The slugs to work on: the named ones (checked), or all when none are named."""
        return layout.resolve(self.root, names)

    def kader(self, kader_id: str) -> KaderIndex | InvalidData:
        if kader_id not in self._kaders:
            file = layout.find(self.root, kader_id)
            assert file is not None, "callers check layout.find first"
            try:
                display = (file.relative_to(self.root).as_posix()
                           if file.is_relative_to(self.root) else file.as_posix())
                self._kaders[kader_id] = kaders.load(file, display)
            except InvalidData as error:
                self._kaders[kader_id] = error
        return self._kaders[kader_id]

    def require_kader(self, kader_id: str) -> KaderIndex:
        """The named kader, or a usage error (unknown) / data error (broken file)."""
        if layout.find(self.root, kader_id) is None:
            raise UsageError(f"onbekend toetsingskader `{kader_id}`; bekend: "
                             f"{', '.join(layout.available(self.root))}")
        loaded = self.kader(kader_id)
        if isinstance(loaded, InvalidData):
            raise loaded
        return loaded

    def load(self, slug: str) -> tuple[LoadedGemeente | None, list[Problem]]:
        """Load and validate one gemeente. The gemeente is None when there are errors;
        the problems (errors and warnings) are returned either way."""
        folder = self.root / MUNICIPALITIES / slug
        rel = f"{MUNICIPALITIES}/{slug}"
        problems: list[Problem] = []
        try:
            document = source.load(folder / GEMEENTE_FILE, f"{rel}/{GEMEENTE_FILE}")
            gemeente = to_model(Gemeente, document)
        except InvalidData as error:
            # Without a valid gemeente file the list of aanpakken is unknown: still check
            # the shape of every other file, so one run reports everything it can.
            problems = list(error.problems)
            for file in sorted(folder.glob("*.yaml")):
                if file.name != GEMEENTE_FILE:
                    problems += self._load_aanpak(file, f"{rel}/{file.name}")[1]
            problems += rondes.shape_problems(folder, rel)
            return None, problems
        index: KaderIndex | None = None
        if layout.find(self.root, gemeente.kader) is None:
            problems.append(document.problem(
                ("kader",), f"onbekend toetsingskader `{gemeente.kader}`",
                f"bekend: {', '.join(layout.available(self.root))}"))
        else:
            loaded_kader = self.kader(gemeente.kader)
            if isinstance(loaded_kader, InvalidData):
                problems += loaded_kader.problems
            else:
                index = loaded_kader
        aanpakken = []
        for n, aanpak_slug in enumerate(gemeente.aanpakken):
            file = folder / f"{aanpak_slug}.yaml"
            if gemeente.aanpakken.index(aanpak_slug) != n:
                problems.append(document.problem(("aanpakken", n),
                                                 f"aanpak `{aanpak_slug}` staat dubbel"))
                continue
            if not file.exists():  # anything else there is refused by `source.load`
                problems.append(document.problem(
                    ("aanpakken", n), f"bestand `{rel}/{aanpak_slug}.yaml` bestaat niet",
                    "maak het aan of verwijder de aanpak uit de lijst"))
                continue
            loaded, found = self._load_aanpak(file, f"{rel}/{aanpak_slug}.yaml", index)
            problems += found
            if loaded is not None:
                if index is not None:
                    problems += check_aanpak(loaded.aanpak, loaded.document, index)
                aanpakken.append(loaded)
        problems += self._stray_files(folder, rel, gemeente)
        first_ok = index is not None and not any(p.severity is Severity.ERROR
                                                 for p in problems)
        vervolg, found = rondes.load(self, folder, rel, gemeente, document, aanpakken,
                                     index if first_ok else None)
        problems += found
        if index is None or any(p.severity is Severity.ERROR for p in problems):
            return None, problems
        return LoadedGemeente(slug, gemeente, document, index, aanpakken, vervolg), problems

    @staticmethod
    def _load_aanpak(file: Path, display: str, index: KaderIndex | None = None
                     ) -> tuple[LoadedAanpak | None, list[Problem]]:
        try:
            document = source.load(file, display)
            beside = unknown_ids(index) if index else None
            return LoadedAanpak(file.stem, to_model(Aanpak, document, beside=beside),
                                document), []
        except InvalidData as error:
            return None, error.problems

    @staticmethod
    def _stray_files(folder: Path, rel: str, gemeente: Gemeente) -> list[Problem]:
        """YAML files in the folder that no aanpak entry names: probably forgotten."""
        return [Problem(f"{rel}/{file.name}", 1, 1,
                        f"`{file.name}` staat niet in `aanpakken` van {GEMEENTE_FILE}",
                        f"voeg `{file.stem}` toe aan de lijst of verwijder het bestand")
                for file in sorted(folder.glob("*.y*ml"))
                if file.name != GEMEENTE_FILE and file.stem not in gemeente.aanpakken]
