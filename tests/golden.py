"""Golden factsheets: `python -m tests.golden` (or `make golden`) regenerates them.

Run it only after a reviewed change of the output; the diff of tests/golden/ is then part
of the review. tests/test_render.py compares a fresh build with these files, whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from stj_factsheet.build import build

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
GEMEENTEN = ("venlo", "zwolle")


def regenerate(target: Path = GOLDEN) -> list[Path]:
    if target.exists():
        shutil.rmtree(target)
    result = build(REPO, GEMEENTEN, target, manifest=False)  # only the factsheets
    assert not result.failures, result.failures
    return result.written


if __name__ == "__main__":
    for path in regenerate():
        print(f"geschreven: {path.relative_to(REPO)}")
