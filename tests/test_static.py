"""Lint and types are part of the tests: ruff (pyproject [tool.ruff]) and mypy --strict
with the pydantic plugin (pyproject [tool.mypy]) over the package and the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True,
                          text=True, check=False, timeout=600)


def test_ruff_finds_nothing() -> None:
    pytest.importorskip("ruff")
    done = run("ruff", "check", "stj_factsheet", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_finds_nothing() -> None:
    pytest.importorskip("mypy")
    done = run("mypy", "stj_factsheet")
    assert done.returncode == 0, done.stdout + done.stderr
