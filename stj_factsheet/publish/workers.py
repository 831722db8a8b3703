"""Independent work per gemeente on every core: a process pool where it pays off.

Checking or building one gemeente needs nothing of another, so a run over many gemeenten
hands them to worker processes. Results always come back in the order of the input, so
output and reports are the same as with one process. Few gemeenten, or one core, are done
in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

MIN_FOR_POOL = 16
"""Fewer gemeenten than this are done in this process (a pool starts in ~10 ms per worker;
one gemeente takes a few ms)."""


def cores() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


CHUNK = 8
"""Items per message to a worker, at most."""

_state: Any = None
"""In a worker process: what `setup` returned, for every task of that worker."""


YOUNG_OBJECTS = 50_000
"""Allocations between two collections of the youngest generation (Python's default: 700).
A gemeente makes some 100,000 short-lived objects and almost no reference cycles, so the
default collects hundreds of times per gemeente for nothing."""


@contextlib.contextmanager
def _collect_less() -> Iterator[None]:
    """The garbage collector tuned for a run over many gemeenten: what exists now (modules,
    models, templates, the kader) is frozen out of its scans, and the youngest generation is
    collected less often. Both are undone afterwards; forked workers inherit them."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], YOUNG_OBJECTS), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _start(setup: Callable[..., Any], args: tuple[Any, ...]) -> None:
    global _state
    _state = setup(*args)
    gc.freeze()
    gc.set_threshold(max(gc.get_threshold()[0], YOUNG_OBJECTS), *gc.get_threshold()[1:])


def _adopt(state: Any) -> None:
    global _state
    _state = state


def _task(function: Callable[[Any, T], R], item: T) -> R:
    return function(_state, item)


def _context() -> Any:
    import multiprocessing  # only when there is a pool
    import threading

    # fork: workers start in a few ms with everything already imported. Not while other
    # threads run (a preview server): a forked child could inherit a lock one of them
    # holds; then a fork server, which forks from a clean process. Elsewhere the platform's
    # default. Every function here is importable, as those two need.
    if sys.platform == "linux":
        return multiprocessing.get_context(
            "fork" if threading.active_count() == 1 else "forkserver")
    return multiprocessing.get_context()


def map_ordered(function: Callable[[S, T], R], items: Sequence[T],
                setup: Callable[..., S], args: tuple[Any, ...] = (), *,
                pool: bool | None = None, per_worker: int | None = None) -> Iterator[R]:
    """`function(state, item)` for every item, yielded in the order of `items`; `state` is
    `setup(*args)`, made once per process. `pool`: whether to use worker processes
    (default: at least `MIN_FOR_POOL` items and more than one core). `per_worker`: replace
    a worker by a fresh one after this many items (its memory is freed with it).

    `function` and `setup` must be module-level functions (they may be sent to a worker).
    """
    if not items:
        return  # no setup either: nothing may be imported for nothing
    workers = min(cores(), len(items))
    if pool is None:
        pool = len(items) >= MIN_FOR_POOL and workers > 1
    if not pool:
        state = setup(*args)
        with _collect_less():
            yield from (function(state, item) for item in items)
        return
    # A few items per message: little overhead, the work spreads evenly to the end, and
    # results (and a progress bar) still come every ~0.1 s. With `per_worker`, one item per
    # message, so that a worker is replaced after exactly that many.
    size = 1 if per_worker else max(1, min(CHUNK, len(items) // (workers * 4)))
    context = _context()
    if context.get_start_method() == "fork":
        # Set up once here: every worker starts as a copy of this process, with the state
        # made and its modules imported (not pickled, not imported again per worker).
        start: tuple[Callable[..., None], tuple[Any, ...]] = (_adopt, (setup(*args),))
    else:
        start = (_start, (setup, args))
    with _collect_less(), context.Pool(workers, *start, maxtasksperchild=per_worker) as running:
        yield from running.imap(functools.partial(_task, function), items, chunksize=size)
