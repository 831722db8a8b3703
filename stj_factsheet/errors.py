"""Every error a user can cause, under one root.

A `Problem` is one located finding about the input (an error or a warning). Functions that
check input collect problems and raise `InvalidData` once, so a run reports all of them.
A `SystemFault` is the machine failing the run (disk full, a worker killed); it names the
file (when there is one) and says what to do, in Dutch, as every other error. Exit codes:
1 for bad data, a failed build or a fault, 2 for bad usage (as click does).
"""

from __future__ import annotations

import enum
import errno
import signal
from dataclasses import dataclass
from pathlib import Path


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


class NoGemeenten(StjError):
    """The data root holds no gemeente at all (a wrong `--root`, an empty checkout): an
    overview or a build of everything would publish nothing as if it were the result."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(f"geen enkele gemeente in {folder} (een map per gemeente, met "
                         "gemeente.yaml; begin er een met `stj new <gemeente>`, of geef met "
                         "--root de map die municipalities/ met de gemeenten bevat)")


class BuildFailed(StjError):
    """One or more factsheets could not be built; the others were written."""

    def __init__(self, failures: dict[str, StjError]) -> None:
        self.failures = failures
        super().__init__(", ".join(sorted(failures)))


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.message)


class SystemFault(StjError):
    """The machine failed the run (a full disk, a folder that cannot be written, a worker
    process that died), not the data. Printed as one Dutch sentence, exit 1."""


class FileFault(SystemFault):
    """A file could not be read or written; `number` is the OS's errno (None: unknown).
    The arguments are kept in `args`, so the error survives the trip from a worker."""

    def __init__(self, path: str, action: str, number: int | None) -> None:
        super().__init__(path, action, number)
        self.path, self.action, self.number = path, action, number

    def __str__(self) -> str:
        reason, hint = os_reason(self.number)
        return f"kan `{self.path}` niet {self.action}: {reason} ({hint})"


class WorkerDied(SystemFault):
    """A worker process ended in the middle of its work; `exitcode` as multiprocessing
    reports it (negative: killed by that signal)."""

    def __init__(self, exitcode: int) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode

    def __str__(self) -> str:
        if self.exitcode < 0:
            how = f"gestopt door signaal {_signal_name(-self.exitcode)}"
        else:
            how = f"gestopt met afsluitcode {self.exitcode}"
        return (f"een werkproces is onverwacht {how}; wat al geschreven was, staat er heel "
                "(bouw opnieuw: wat klaar is, wordt overgeslagen; gebeurt het weer, dan is het "
                "geheugen waarschijnlijk op: bouw minder gemeenten tegelijk)")


_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("het bestand of de map bestaat niet", "controleer de naam en de map"),
    errno.EACCES: ("geen toestemming", "controleer de rechten van het bestand en de map"),
    errno.EPERM: ("niet toegestaan", "controleer de rechten van het bestand en de map"),
    errno.ENOSPC: ("de schijf is vol", "maak ruimte vrij en probeer het opnieuw"),
    errno.EDQUOT: ("uw schijfquotum is op", "maak ruimte vrij en probeer het opnieuw"),
    errno.EROFS: ("de schijf is alleen-lezen", "kies een map op een schrijfbare schijf"),
    errno.EISDIR: ("dat is een map, geen bestand", "hernoem of verwijder de map"),
    errno.ENOTDIR: ("een deel van het pad is een bestand, geen map",
                    "hernoem of verwijder dat bestand, of kies een andere map"),
    errno.EEXIST: ("er staat al iets met die naam", "hernoem of verwijder het"),
    errno.ENAMETOOLONG: ("de naam is te lang", "kies een kortere map of naam"),
    errno.EMFILE: ("te veel open bestanden", "sluit andere programma's en probeer het opnieuw"),
    errno.EIO: ("de schijf gaf een lees- of schrijffout", "controleer de schijf"),
    errno.ELOOP: ("te veel koppelingen (symlinks) achter elkaar", "controleer de koppelingen"),
    errno.EFBIG: ("het bestand wordt te groot voor de schijf", "kies een andere schijf"),
    errno.EBUSY: ("het bestand is in gebruik", "sluit het programma dat het gebruikt"),
}


def os_reason(number: int | None) -> tuple[str, str]:
    """An OS error number as a Dutch reason and hint; an unknown one by its errno name
    (never the OS's English text)."""
    if number in _OS_REASONS:
        return _OS_REASONS[number]
    name = errno.errorcode.get(number, str(number)) if number is not None else "onbekend"
    return (f"het besturingssysteem meldt fout {name}",
            "probeer het opnieuw; blijft het gebeuren, vraag dan hulp met deze melding")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)
