"""Writing output files: atomically, and not at all when the content is unchanged."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stj_factsheet.errors import FileFault, InvalidData, Problem, Severity, UsageError


def output_folder(out: Path) -> Path:
    """`out`, checked: a folder or nothing yet, never an existing file (a usage error)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"de uitvoermap `{out}` is een bestand, geen map; kies een andere "
                         "map met --out, of verwijder of hernoem het bestand")
    return out


def write_atomic(path: Path, content: str | bytes) -> bool:
    """Write `content` to `path` via a temporary file and a rename, so a reader never sees
    a half-written file and a failure leaves the old one intact and no temporary file
    behind. Returns False (and leaves the file and its mtime alone) when the file already
    holds exactly this content. A failure of the machine (a full disk, no permission) is a
    `FileFault` naming `path`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return False
    global _pending
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _no_sigterm():  # made and noted as pending at once (see `discard_pending`)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
            _pending = temporary
    except FileExistsError:  # from mkdir: a file where a folder of the path should be
        raise FileFault(str(path), "schrijven", errno.ENOTDIR) from None
    except OSError as error:
        raise FileFault(str(path), "schrijven", error.errno) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise FileFault(str(path), "schrijven", error.errno) from None
        raise
    finally:
        _pending = None
    return True


_pending: str | None = None
"""The temporary file this process is writing right now, if any."""


@contextlib.contextmanager
def _no_sigterm() -> Iterator[None]:
    """SIGTERM held back: a worker ended between `mkstemp` making the temporary file and
    `_pending` naming it would leave the file behind (the handler finds nothing to
    remove). Delivered when the block ends, with the file noted. Where signals cannot be
    blocked (Windows: its workers are not ended by a handler), nothing is held back."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def discard_pending() -> None:
    """Remove the temporary file being written, if any: for a worker that must stop at
    once (see `workers`), wherever it is in `write_atomic`."""
    if _pending is not None:
        with contextlib.suppress(OSError):
            os.unlink(_pending)


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    """With `check`: the files a build would write (new or different)."""
    failures: dict[str, InvalidData] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


def write_or_compare(result: BuildResult, path: Path, content: str | bytes, check: bool) -> None:
    if check:
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            same = path.is_file() and path.read_bytes() == data
        except OSError as error:
            raise FileFault(str(path), "lezen", error.errno) from None
        (result.unchanged if same else result.stale).append(path)
        return
    (result.written if write_atomic(path, content) else result.unchanged).append(path)


def folder_problems(folders: list[Problem]) -> BuildResult:
    """A build of every gemeente reports what else is in `municipalities/` (see
    `layout.scan`): a folder that is refused fails, as a gemeente with errors does."""
    result = BuildResult()
    for problem in folders:
        if problem.severity is Severity.ERROR:
            result.failures[problem.path] = InvalidData([problem])
        else:
            result.warnings.append(problem)
    return result
