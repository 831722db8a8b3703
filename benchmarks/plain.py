"""The plain script `stj build --all` is measured against: the same stack, nothing more.

    .venv/bin/python benchmarks/plain.py DATA_ROOT OUT [--jobs N]

For every gemeente under `DATA_ROOT/municipalities/`: read `gemeente.yaml` and the aanpak
files it lists with `yaml.CSafeLoader`, render one HTML and one Markdown page with Jinja2
(the Markdown texts turned into HTML by Python-Markdown) and write `OUT/<slug>.html` and
`OUT/<slug>.md`. The kader is read once for the names of its themes and indicators. No
validation, no positions, no checks, no rich-text tree, no overview: what a competent
one-off script on click's neighbours (PyYAML with libyaml, Jinja2, Python-Markdown) costs.
`--jobs N` spreads the gemeenten over N forked processes, as `stj build --all` does over
every core. Not part of the package; `benchmarks/run.py` times it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml

HERE = Path(__file__).resolve().parent

_state: dict[str, Any] = {}


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def setup(root: Path, out: Path) -> None:
    converter = markdown.Markdown()

    def md(text: str | None) -> str:
        return converter.reset().convert(text) if text else ""

    html = jinja2.Environment(autoescape=True)
    html.filters["md"] = lambda text: jinja2.utils.markupsafe.Markup(md(text))
    plain = jinja2.Environment(autoescape=False, trim_blocks=True)
    kader_file = next((root / "frameworks").glob("*.yaml"), None) if (
        root / "frameworks").is_dir() else None
    if kader_file is None:
        kader_file = HERE.parent / "frameworks" / "ggsr-2013.yaml"
    kader = _read(kader_file)
    indicatoren: dict[str, str] = {}
    themas: dict[str, str] = {}

    def walk(node: Any) -> None:  # the kader's ids and names, wherever they sit
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and isinstance(node.get("naam"), str):
                themas[node["id"]] = node["naam"]
            if isinstance(node.get("id"), str) and isinstance(node.get("tekst"), str):
                indicatoren[node["id"]] = node["tekst"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(kader)
    html_page = html.from_string((HERE / "plain.html.jinja").read_text(encoding="utf-8"))
    md_page = plain.from_string((HERE / "plain.md.jinja").read_text(encoding="utf-8"))
    _state.update(root=root, out=out, kader=kader, indicatoren=indicatoren, themas=themas,
                  html=html_page, md=md_page)


def one(slug: str) -> int:
    folder = _state["root"] / "municipalities" / slug
    gemeente = _read(folder / "gemeente.yaml")
    aanpakken = []
    for name in gemeente.get("aanpakken", []):
        aanpak = _read(folder / f"{name}.yaml")
        aanpak["slug"] = name
        aanpakken.append(aanpak)
    context = {"g": gemeente, "aanpakken": aanpakken, "kader": _state["kader"],
               "indicatoren": _state["indicatoren"], "themas": _state["themas"]}
    out: Path = _state["out"]
    (out / f"{slug}.html").write_text(_state["html"].render(context), encoding="utf-8")
    (out / f"{slug}.md").write_text(_state["md"].render(context), encoding="utf-8")
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    slugs = sorted(p.name for p in (args.root / "municipalities").iterdir()
                   if (p / "gemeente.yaml").is_file())
    setup(args.root, args.out)
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            written = sum(pool.imap(one, slugs, chunksize=8))
    else:
        written = sum(one(slug) for slug in slugs)
    print(f"{written} geschreven, 0 ongewijzigd")
    return 0


if __name__ == "__main__":
    sys.exit(main())
