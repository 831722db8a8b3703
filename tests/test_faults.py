"""Faults of the machine: a full disk, an output folder that cannot be written, a worker
process that dies, a file that cannot be read. Each is one Dutch sentence naming the file,
exit 1; what was written before stays whole, no temporary file is left, and the next build
goes on where this one stopped."""

from __future__ import annotations

import builtins
import errno
import io
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stj_factsheet.errors import FileFault, WorkerDied
from stj_factsheet.publish import build as builder
from stj_factsheet.publish import output, workers
from tests.helpers import copy_gemeente, replace, stj

FULL = ("de schijf is vol (maak ruimte vrij en probeer het opnieuw)")
DIED = ("wat al geschreven was, staat er heel (bouw opnieuw: wat klaar is, wordt "
        "overgeslagen; gebeurt het weer, dan is het geheugen waarschijnlijk op: bouw minder "
        "gemeenten tegelijk)")


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: a pool that lost a worker used to wait forever."""
    def expired(number: int, frame: object) -> None:
        raise TimeoutError("no answer within 60 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


SLUGS = [f"venlo-{n}" for n in range(6)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Six copies of Venlo, built once into out/ (as yesterday's output), then all changed."""
    for slug in SLUGS:
        copy_gemeente(tmp_path, "venlo")
        (tmp_path / "municipalities" / "venlo").rename(tmp_path / "municipalities" / slug)
    assert not builder.build(tmp_path, [], tmp_path / "out").failures
    for slug in SLUGS:
        replace(tmp_path / "municipalities" / slug / "gemeente.yaml", "inwoners: 100000",
                "inwoners: 100001")
    return tmp_path


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".stj-build.json"}


def expected(root: Path) -> dict[str, bytes]:
    """What a build of the changed data into an empty folder gives."""
    assert not builder.build(root, [], root / "fresh", manifest=False).failures
    return outputs(root / "fresh")


class FullDisk:
    """Writes of temporary files in the folder of gemeente `slug` fail with ENOSPC after
    half their bytes, as on a disk that fills up. Patched into `os` and `tempfile`, so
    worker processes forked from this one have it too."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, slug: str) -> None:
        self.slug = slug
        self.doomed: set[int] = set()
        self.real_mkstemp, self.real_fdopen = tempfile.mkstemp, os.fdopen
        monkeypatch.setattr(tempfile, "mkstemp", self.mkstemp)
        monkeypatch.setattr(os, "fdopen", self.fdopen)

    def mkstemp(self, *args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = self.real_mkstemp(*args, **kwargs)
        if Path(name).parent.name == self.slug:
            self.doomed.add(fd)
        return fd, name

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = self.real_fdopen(fd, *args, **kwargs)
        if fd in self.doomed:
            self.doomed.remove(fd)  # the number is used again for the next file
            return _Filling(handle)
        return handle


class _Filling:
    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _Filling:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def assert_whole(root: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Every output file is yesterday's or today's, whole; no temporary file is left."""
    now = outputs(root / "out")
    assert set(now) == set(before) == set(after)
    for name, content in now.items():
        assert content in (before[name], after[name]), name
    assert not list((root / "out").rglob("*.tmp"))


def test_a_full_disk_is_one_dutch_sentence_and_the_next_build_goes_on(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before, after = outputs(root / "out"), expected(root)
    full = FullDisk(monkeypatch, "venlo-3")
    result = stj("--root", root, "build", "--all")
    assert result.exit_code == 1
    assert result.stderr == (f"Fout: kan `{root}/out/venlo-3/factsheet.html` niet schrijven: "
                             f"{FULL}\n")
    assert result.stdout == "venlo-0: klaar\nvenlo-1: klaar\nvenlo-2: klaar\n"
    assert_whole(root, before, after)
    for slug in SLUGS[:3]:
        assert outputs(root / "out" / slug) == outputs(root / "fresh" / slug)
    assert (root / "out" / "venlo-3" / "factsheet.html").read_bytes() == before[
        "venlo-3/factsheet.html"]
    monkeypatch.setattr(tempfile, "mkstemp", full.real_mkstemp)
    monkeypatch.setattr(os, "fdopen", full.real_fdopen)
    seen: list[str] = []
    monkeypatch.setattr(builder, "_build_one", _spy(seen))
    again = stj("--root", root, "build", "--all")
    assert again.exit_code == 0, again.output
    assert seen == SLUGS[3:], "the three finished gemeenten are not built again"
    assert outputs(root / "out") == {**after, **_overview(root)}


def _spy(seen: list[str]) -> Any:
    real = builder._build_one

    def spy(state: Any, slug: str) -> Any:
        seen.append(slug)
        return real(state, slug)

    return spy


def _overview(root: Path) -> dict[str, bytes]:
    return {name: (root / "out" / name).read_bytes() for name in
            ("index.html", "index.md", "index.json", "index.csv")}


def test_a_full_disk_in_a_worker_process(root: Path, monkeypatch: pytest.MonkeyPatch,
                                         deadline: None) -> None:
    before, after = outputs(root / "out"), expected(root)
    FullDisk(monkeypatch, "venlo-3")
    with pytest.raises(FileFault) as caught:
        builder.build(root, [], root / "out", pool=True)
    assert str(caught.value) == (f"kan `{root}/out/venlo-3/factsheet.html` niet schrijven: "
                                 f"{FULL}")
    assert_whole(root, before, after)


def test_a_file_fault_survives_the_way_back_from_a_worker() -> None:
    fault = FileFault("out/x/factsheet.html", "schrijven", errno.ENOSPC)
    assert str(pickle.loads(pickle.dumps(fault))) == str(fault)
    assert str(pickle.loads(pickle.dumps(WorkerDied(-9)))) == str(WorkerDied(-9))


def test_an_output_folder_that_is_a_file(root: Path) -> None:
    shutil.rmtree(root / "out")
    (root / "out").write_text("", encoding="utf-8")
    result = stj("--root", root, "build", "venlo-0")
    assert (result.exit_code, result.stderr) == (
        2, f"Fout: de uitvoermap `{root}/out` is een bestand, geen map; kies een andere "
        "map met --out, of verwijder of hernoem het bestand\n")


def test_a_gemeente_output_folder_that_is_a_file(root: Path) -> None:
    before = outputs(root / "out")
    for name in ("factsheet.html", "factsheet.md"):
        (root / "out" / "venlo-0" / name).unlink()
    (root / "out" / "venlo-0").rmdir()
    (root / "out" / "venlo-0").write_text("", encoding="utf-8")
    result = stj("--root", root, "build", "--all")
    assert (result.exit_code, result.stderr) == (
        1, f"Fout: kan `{root}/out/venlo-0/factsheet.html` niet schrijven: een deel van het "
        "pad is een bestand, geen map (hernoem of verwijder dat bestand, of kies een andere "
        "map)\n")
    untouched = {k: v for k, v in before.items() if not k.startswith("venlo-0/")}
    assert outputs(root / "out") == {**untouched, "venlo-0": b""}
    assert not list((root / "out").rglob("*.tmp"))


def test_no_permission_to_write(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: the tests may run as root, whom a read-only folder does not stop."""
    def refuse(*args: Any, **kwargs: Any) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = stj("--root", root, "build", "venlo-2")
    assert (result.exit_code, result.stderr) == (
        1, f"Fout: kan `{root}/out/venlo-2/factsheet.html` niet schrijven: geen toestemming "
        "(controleer de rechten van het bestand en de map)\n")


def test_no_permission_to_read_a_source_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = io.open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("venlo-1/gemeente.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded)
    monkeypatch.setattr(builtins, "open", guarded)
    result = stj("--root", root, "build", "venlo-1")
    assert result.exit_code == 1
    assert result.stderr == (
        "venlo-1: mislukt (1 fout)\nmunicipalities/venlo-1/gemeente.yaml:1:1: kan het bestand "
        "niet lezen: geen toestemming (controleer de rechten van het bestand en de map)\n"
        "0 geschreven, 0 ongewijzigd, 1 gemeente mislukt\n")


def _refused_for_municipalities(real: Any) -> Any:
    def guarded(path: Any = ".") -> Any:
        if str(path).endswith("municipalities"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    return guarded


def test_no_permission_to_list_the_gemeenten(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("scandir", "listdir"):
        monkeypatch.setattr(os, name, _refused_for_municipalities(getattr(os, name)))
    result = stj("--root", root, "check")
    assert (result.exit_code, result.stderr) == (
        1, "Fout: kan `municipalities/` niet lezen: geen toestemming (controleer de rechten "
        "van het bestand en de map)\n")


@pytest.mark.parametrize(("number", "reason"), [
    (errno.ENOSPC, "de schijf is vol"),
    (errno.ENOENT, "het bestand of de map bestaat niet"),
    (errno.EROFS, "de schijf is alleen-lezen"),
    (errno.EXDEV, "het besturingssysteem meldt fout EXDEV"),
    (None, "het besturingssysteem meldt fout onbekend"),
])
def test_os_errors_are_told_in_dutch(number: int | None, reason: str) -> None:
    message = str(FileFault("a.html", "schrijven", number))
    assert message.startswith(f"kan `a.html` niet schrijven: {reason} (")
    if number is not None:
        assert os.strerror(number) not in message


# --- a build that is stopped halfway -------------------------------------------------------

_KILLED_AT_THE_FOURTH_RENAME = """
import os, signal, sys
from stj_factsheet.cli import main

real, renames = os.replace, []

def replace(source, target):
    renames.append(target)
    if len(renames) == 4:
        os.kill(os.getpid(), signal.SIGKILL)  # as a power cut or `kill -9` would
    real(source, target)

os.replace = replace
main(["--root", sys.argv[1], "build", "--all"])
"""


def test_a_build_killed_halfway_leaves_every_file_whole_and_the_next_one_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root, out = tmp_path, tmp_path / "out"
    copy_gemeente(root, "venlo")
    copy_gemeente(root, "zwolle")
    assert len(builder.build(root, [], out, overzicht=True).written) == 8
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for slug in ("venlo", "zwolle"):
        replace(root / "municipalities" / slug / "gemeente.yaml", "naam: ",
                "naam: Gemeente ")
    builder.build(root, [], root / "fresh", overzicht=True, manifest=False)
    after = {out / p.relative_to(root / "fresh"): p.read_bytes()
             for p in (root / "fresh").rglob("*") if p.is_file()}
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT_THE_FOURTH_RENAME, str(root)],
                            capture_output=True, text=True, check=False, env=environment)
    assert killed.returncode == -9, killed.stderr
    new = [out / "venlo" / "factsheet.html", out / "venlo" / "factsheet.md",
           out / "zwolle" / "factsheet.html"]
    for path, content in before.items():
        assert path.read_bytes() == (after[path] if path in new else content), path
    [left] = [p.name for p in out.rglob("*.tmp")]
    assert left.startswith(".factsheet.md.")  # where it was killed; unused, safe to delete
    again = stj("--root", root, "build", "--all")
    assert again.exit_code == 0, again.output
    assert again.stdout.endswith("5 geschreven, 3 ongewijzigd, 0 gemeenten mislukt\n")
    assert {p: p.read_bytes() for p in after} == after


# --- a worker process that dies ------------------------------------------------------------


def _dies_at_three(state: None, item: int) -> int:
    if item == 3:
        os._exit(7)
    if item == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


@pytest.mark.parametrize(("items", "how"), [
    (list(range(5)), "gestopt met afsluitcode 7"),
    ([0, 1, 2, 4, 5, 6], "gestopt door signaal SIGKILL"),
])
def test_a_worker_that_dies_is_noticed(items: list[int], how: str, deadline: None) -> None:
    answers = workers.map_ordered(_dies_at_three, items, type(None), pool=True)
    assert next(answers) == 0
    with pytest.raises(WorkerDied) as caught:
        list(answers)
    assert str(caught.value) == f"een werkproces is onverwacht {how}; {DIED}"


_BUILD_ONE = builder._build_one


def _killed_at_venlo_3(state: Any, slug: str) -> Any:
    """`_build_one`, but the worker is killed (as for want of memory) at venlo-3."""
    if slug == "venlo-3":
        os.kill(os.getpid(), signal.SIGKILL)
    return _BUILD_ONE(state, slug)


def _square_or_die(state: None, item: int) -> int:
    if item == 150:
        os._exit(3)
    return item * item


def test_several_items_per_message_keep_their_order_and_a_death_is_noticed(
        monkeypatch: pytest.MonkeyPatch, deadline: None) -> None:
    """With many items, a message to a worker holds several (`workers.CHUNK`)."""
    monkeypatch.setattr(workers, "cores", lambda: 2)
    squares = workers.map_ordered(_square_or_die, list(range(150)), type(None), pool=True)
    assert list(squares) == [item * item for item in range(150)]
    answers = workers.map_ordered(_square_or_die, list(range(200)), type(None), pool=True)
    assert [next(answers) for _ in range(100)] == [item * item for item in range(100)]
    with pytest.raises(WorkerDied):
        list(answers)


def test_a_worker_killed_during_a_build(root: Path, monkeypatch: pytest.MonkeyPatch,
                                        deadline: None) -> None:
    before, after = outputs(root / "out"), expected(root)
    monkeypatch.setattr(builder, "_build_one", _killed_at_venlo_3)
    monkeypatch.setattr(workers, "MIN_FOR_POOL", 2)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    result = stj("--root", root, "build", "--all")
    assert result.exit_code == 1
    assert result.stderr == (f"Fout: een werkproces is onverwacht gestopt door signaal "
                             f"SIGKILL; {DIED}\n")
    assert result.stdout == "venlo-0: klaar\nvenlo-1: klaar\nvenlo-2: klaar\n"
    assert_whole(root, before, after)
    monkeypatch.setattr(builder, "_build_one", _BUILD_ONE)
    seen: list[str] = []
    monkeypatch.setattr(builder, "_build_one", _spy(seen))
    monkeypatch.setattr(workers, "MIN_FOR_POOL", 100)
    assert stj("--root", root, "build", "--all").exit_code == 0
    assert seen == SLUGS[3:]
    assert outputs(root / "out") == {**after, **_overview(root)}


def _write_or_fail(folder: Path, item: int) -> None:
    """Item 0 fails after half a second; item 1 is then halfway through writing a file."""
    if item == 0:
        time.sleep(0.5)
        raise FileFault("elders.html", "schrijven", errno.ENOSPC)
    real = os.fdopen

    class Slow:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Slow:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> None:
            self.handle.write(data[:10])
            self.handle.flush()
            time.sleep(30)

    os.fdopen = lambda fd, *args: Slow(real(fd, *args))  # type: ignore[assignment,misc]
    output.write_atomic(folder / "factsheet.html", b"<html>" * 1000)


def test_workers_ended_early_leave_no_temporary_file(tmp_path: Path, deadline: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "cores", lambda: 2)
    with pytest.raises(FileFault):
        list(workers.map_ordered(_write_or_fail, [0, 1], Path, (str(tmp_path),), pool=True))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked only on POSIX")
def test_a_sigterm_while_the_temporary_file_is_made_leaves_none(tmp_path: Path) -> None:
    """A worker ended (SIGTERM) just after `mkstemp` made its temporary file, before
    `write_atomic` could note it as pending: the file must not be left behind. (The full
    disk test above left a stray `.tmp` about once in twenty runs this way.)"""
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # the pool ending this worker, right now
        return made

    pid = os.fork()
    if pid == 0:  # the worker
        try:
            tempfile.mkstemp = mkstemp
            signal.signal(signal.SIGTERM, workers._stop)
            output.write_atomic(tmp_path / "factsheet.html", "inhoud")
        finally:
            os._exit(3)  # only if SIGTERM did not end it
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGTERM
    assert os.listdir(tmp_path) == []
