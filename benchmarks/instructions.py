"""Instructions, not seconds: `stj` work counted by valgrind's callgrind (needs valgrind).

    .venv/bin/python benchmarks/instructions.py [--gemeenten 20] [--code DIR]

On a shared machine wall times move with what others run; the number of instructions a
process executes does not (the same binary, inputs and environment give the same count).
This counts, each in a fresh process under `valgrind --tool=callgrind`: importing what a
build needs ("start-up"), then `stj check` and `stj build` (HTML and Markdown) of N
synthetic gemeenten in one process (no workers), and prints the counts with the start-up
subtracted. `--code DIR` runs another checkout of the package (put first on PYTHONPATH),
to compare two versions on the same data. Slow (callgrind runs some 50 times slower than
the machine), so N is small. Standard library only, plus the project.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import generate  # the same synthetic gemeenten as `make bench`

WORK = """
import sys, tempfile
from pathlib import Path
mode, root = sys.argv[1], Path(sys.argv[2])
from stj_factsheet.publish import build
from stj_factsheet.validate.project import Project
import stj_factsheet.render.environment, stj_factsheet.view.factsheet
if mode == "check":
    from stj_factsheet.commands.check import check
    check(root, pool=False)
elif mode == "build":
    with tempfile.TemporaryDirectory() as out:
        build.build(root, [], Path(out), ("html", "md"), manifest=False, pool=False)
"""


def count(mode: str, root: Path, script: Path, env: dict[str, str]) -> int:
    python = sys.executable
    subprocess.run([python, str(script), mode, str(root)], env=env, check=True,
                   capture_output=True)  # warm: bytecode and the template cache
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out",
             python, str(script), mode, str(root)], env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed for {mode}:\n{done.stderr[-2000:]}")
    return int(found[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gemeenten", type=int, default=20)
    parser.add_argument("--code", type=Path, help="a checkout whose stj_factsheet to count")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.code:
        env["PYTHONPATH"] = os.pathsep.join([str(args.code.resolve()),
                                             env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    with tempfile.TemporaryDirectory(prefix="stj-instructions-") as work:
        root = Path(work) / "data"
        generate(root, args.gemeenten)
        script = Path(work) / "work.py"
        script.write_text(WORK, encoding="utf-8")
        start = count("import", root, script, env)
        print(f"start-up (imports for a build): {start / 1e6:,.0f} M instructions")
        for mode in ("check", "build"):
            total = count(mode, root, script, env)
            print(f"stj {mode} of {args.gemeenten} gemeenten, beyond start-up: "
                  f"{(total - start) / 1e6:,.0f} M instructions "
                  f"({(total - start) / args.gemeenten / 1e6:,.1f} M per gemeente)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
