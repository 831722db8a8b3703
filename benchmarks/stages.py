"""Where the time of `stj build` goes, per stage, in one process (`cProfile`).

    .venv/bin/python benchmarks/stages.py DATA_ROOT [--gemeenten N] [--profile FILE]

Builds the first N gemeenten of DATA_ROOT (HTML and Markdown, into a temporary folder) in
this process, without worker processes, under cProfile, and prints the cumulative time of
the function that is each stage's entry: load (`source.load`: bytes to a positioned
document), models (`typed.to_model`: Pydantic and the rich-text check), checks (the rules
against the kader), view, render, write; and the start-up (imports, building the models
and loading the kader once). A stage's time includes what it calls, so nested stages are
listed under the outer one. Standard library only, plus the project.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

STAGES = (
    ("load (YAML → positioned document)", "stj_factsheet/load/source.py", "load"),
    ("  of which: characters the PDF lacks", "stj_factsheet/load/glyphs.py", "problems"),
    ("models (Pydantic + Markdown check)", "stj_factsheet/model/typed.py", "to_model"),
    ("  of which: Markdown check", "stj_factsheet/model/textcheck.py", "check"),
    ("checks (rules against the kader)", "stj_factsheet/validate/checks.py", "check_aanpak"),
    ("follow-up rounds", "stj_factsheet/validate/rondes.py", "load"),
    ("view", "stj_factsheet/view/factsheet.py", "factsheet"),
    ("render (HTML + Markdown)", "stj_factsheet/render/environment.py", "render"),
    ("write", "stj_factsheet/publish/output.py", "write_or_compare"),
    ("overview rows", "stj_factsheet/rules/landelijk.py", "rijen_data"),
)


def cumulative(stats: pstats.Stats, file: str, function: str) -> tuple[float, int]:
    found = [(value[3], value[1]) for (path, _, name), value in stats.stats.items()  # type: ignore[attr-defined]
             if path.endswith(file) and name == function]
    return (sum(t for t, _ in found), sum(n for _, n in found)) if found else (0.0, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--gemeenten", type=int, default=0, help="the first N (0: all)")
    parser.add_argument("--profile", type=Path, help="also write the raw profile here")
    args = parser.parse_args(argv)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    from stj_factsheet.load import layout
    from stj_factsheet.publish import build

    slugs = layout.slugs(args.root)
    if args.gemeenten:
        slugs = slugs[: args.gemeenten]
    imported = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stj-stages-") as out:
        build.build(args.root, slugs, Path(out), ("html", "md"), manifest=False,
                    overzicht=False, pool=False)
    profile.disable()
    finished = time.perf_counter()
    if args.profile:
        profile.dump_stats(args.profile)
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"{len(slugs)} gemeenten, in one process under cProfile: {total:.3f} s "
          f"(wall {finished - started:.3f} s, of which importing the CLI's build module "
          f"{imported - started:.3f} s)")
    print("| stage | calls | cumulative (s) | share |")
    print("| --- | ---: | ---: | ---: |")
    staged = 0.0
    for label, file, function in STAGES:
        seconds, calls = cumulative(stats, file, function)
        staged += 0.0 if label.startswith(" ") else seconds
        print(f"| {label} | {calls} | {seconds:.3f} | {seconds / total:.0%} |")
    rest = total - staged
    print(f"| the rest: start-up (imports, building the models, the kader, the templates) "
          f"and the build's own steps | – | {rest:.3f} | {rest / total:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
