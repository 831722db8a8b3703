"""Every error a user can cause, under one root.

A `Problem` is one located finding about the input (an error or a warning). Functions that
check input collect problems and raise `InvalidData` once, so a run reports all of them.
Exit codes: 1 for bad data or a failed build, 2 for bad usage (as click does).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    """How bad a problem is; the value is the Dutch word printed before the message."""

    ERROR = "fout"
    WARNING = "waarschuwing"
    NOTICE = "opmerking"


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in one input file. Sorted by file, line, column."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        text = f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class StjError(Exception):
    """Root of every error a user can cause. `exit_code` is what the CLI exits with."""

    exit_code = 1


class InvalidData(StjError):
    """The input has problems; `problems` holds every one found, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


class UsageError(StjError):
    """The command was called wrongly (an unknown gemeente, a name that is no slug)."""

    exit_code = 2


class BuildFailed(StjError):
    """One or more factsheets could not be built; the others were written."""

    def __init__(self, failures: dict[str, StjError]) -> None:
        self.failures = failures
        super().__init__(", ".join(sorted(failures)))


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.message)
