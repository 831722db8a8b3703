"""The package's shape, as docs/architecture.md describes it: stage folders through which
data flows one way, modules small enough to read in one sitting, resources found through
importlib.resources. These tests read the source; they run nothing of it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stj_factsheet"
STAGES = ("errors", "resources", "load", "model", "rules", "validate", "view", "render",
          "publish", "compare", "commands", "nl", "console", "cli", "__main__")
"""In the order data flows: a module may import from its own stage and the ones before it."""
FOLDERS = ("load", "model", "rules", "validate", "view", "render", "publish", "compare",
           "commands")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def stage(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_stages(path: Path) -> list[tuple[int, str]]:
    """(line, stage) of every `stj_factsheet` import in a module, deferred ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "stj_factsheet"):
            parts = node.module.split(".")
            names = [parts[1]] if len(parts) > 1 else [a.name for a in node.names]
            found += [(node.lineno, name) for name in names if name in STAGES]
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_stage_and_earlier_ones(path: Path) -> None:
    if path.name == "__init__.py" and path.parent == PACKAGE:
        return
    mine = STAGES.index(stage(path))
    later = [f"{line}: {name}" for line, name in imported_stages(path)
             if STAGES.index(name) > mine]
    assert not later, f"{path.relative_to(PACKAGE)} imports later stages: {later}"


def test_there_is_no_import_cycle_between_modules() -> None:
    """No two modules need each other, not even inside one stage folder: every import
    counts, at module level, under `if TYPE_CHECKING:` (a type checker follows it) and
    deferred inside a function (it runs as soon as the function does)."""
    graph: dict[str, set[str]] = {}
    names = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
        ".__init__") for p in modules()}
    for path in modules():
        me = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
            ".__init__")
        edges = graph.setdefault(me, set())
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in names:
                edges.add(node.module)
                edges.update(f"{node.module}.{a.name}" for a in node.names
                             if f"{node.module}.{a.name}" in names)
    seen: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == node:
                continue
            assert seen.get(nxt) != 1, f"import cycle: {' → '.join([*trail, node, nxt])}"
            if nxt not in seen:
                visit(nxt, [*trail, node])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [])


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{path.name}: over {MAX_MODULE_LINES} lines"
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and (node.end_lineno or 0) - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines: {long}"


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_stage_folder_says_what_comes_in_and_what_goes_out(folder: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(
        encoding="utf-8")))
    assert doc and " in" in doc and " out" in doc, f"{folder}/__init__.py: no in/out docstring"


def test_every_stage_folder_is_described_in_the_architecture_document() -> None:
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [f for f in FOLDERS if f"`{f}/`" not in text]
    assert not missing, f"docs/architecture.md does not describe: {missing}"
    on_disk = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name in FOLDERS)
    assert on_disk == sorted(FOLDERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_resources_are_not_found_relative_to_a_module(path: Path) -> None:
    if path.name == "resources.py":
        return
    assert "__file__" not in path.read_text(encoding="utf-8"), (
        f"{path.name}: find files through stj_factsheet.resources (importlib.resources)")
