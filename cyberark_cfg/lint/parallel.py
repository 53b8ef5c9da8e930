"""Lint many files on every core: the walk's targets go to a process pool in chunks, and the
results come back in the walk's order, so the output is the same whatever ``jobs`` is. The
configuration reaches each worker once, when it starts, not with every chunk.

Few files are linted in this process (starting workers costs more than they would save). A
pool that cannot start, or that loses a worker, is not an error: what is left is linted here,
and chunks whose results never came back are linted again (the lint of a file is pure).
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.discovery import Target, WalkError
from cyberark_cfg.lint.engine import FileResult, lint_file, warm_up

if TYPE_CHECKING:  # a run of a few files never loads concurrent.futures
    from concurrent.futures import Executor, Future

# Below this many files a run stays in one process. Measured (README, Performance) on a shared
# 2-core machine at a load of 5-8, a pool's wall time over one process's (median of rounds) was
# 1.14-1.65 from 100 to 1,500 files, 0.88-1.04 at 2,000, 1.10 at 5,000 and 0.85 at 20,000; on
# free cores it would pay from ~300 (CPU figures), which this busy machine could not show.
POOL_MIN_FILES = 2_000
# Files per task sent to a worker: big enough that pickling is a small part of the work, small
# enough that both workers stay busy to the end of a 2,000-file run.
CHUNK = 32
# Tasks in flight per worker: keeps the workers fed without holding the whole walk in memory.
AHEAD = 4

# fork starts a worker with everything already imported; elsewhere the platform's default
# (spawn on Windows and macOS, where a worker imports the linter again).
START_METHOD = "fork" if sys.platform.startswith("linux") else None

T = TypeVar("T")
Item = Target | WalkError
Chunk = list[Item]
Done = list[tuple[Item, FileResult | None]]


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def lint_targets(items: Iterable[Item], config: LintConfig, jobs: int = 0,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[Item, FileResult | None]]:
    """Each of ``items`` with its lint result (None for a walk error or a file of no known
    kind), in the order of ``items``. ``jobs``: processes to use; 0 chooses (all cores when
    there are at least :data:`POOL_MIN_FILES` files, else one)."""
    stream = iter(items)
    workers = jobs or default_jobs()
    if workers > 1:
        head = list(itertools.islice(stream, POOL_MIN_FILES))
        stream = itertools.chain(head, stream)
        if not jobs and len(head) < POOL_MIN_FILES:
            workers = 1
        else:  # forked workers inherit the parser and the rules instead of each loading them
            for kind in {item.kind for item in head if isinstance(item, Target)}:
                warm_up(config, kind)
    pool = _start_pool(workers, config, max_bytes) if workers > 1 else None
    if pool is None:
        yield from _lint_chunk(stream, config, max_bytes)
        return
    try:
        yield from _in_pool(pool, _chunks(stream, CHUNK), workers * AHEAD, config, max_bytes)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_pool(pool: Executor, chunks: Iterator[Chunk], ahead: int, config: LintConfig,
             max_bytes: int) -> Iterator[tuple[Item, FileResult | None]]:
    from concurrent.futures.process import BrokenProcessPool

    sent: deque[Chunk] = deque()  # chunks whose results are not out yet, oldest first
    futures: deque[Future[Done]] = deque()
    try:
        for chunk in chunks:
            sent.append(chunk)
            futures.append(pool.submit(_work, chunk))
            while futures and (len(futures) >= ahead or futures[0].done()):
                yield from futures[0].result()
                futures.popleft()
                sent.popleft()
        while futures:
            yield from futures[0].result()
            futures.popleft()
            sent.popleft()
    except (BrokenProcessPool, OSError):
        # A worker died (killed, out of memory) or none could be started (no fork left): what
        # did not come back is linted here instead.
        for chunk in itertools.chain(sent, chunks):
            yield from _lint_chunk(chunk, config, max_bytes)


def _start_pool(workers: int, config: LintConfig, max_bytes: int) -> Executor | None:
    """A process pool whose workers start knowing ``config`` and ``max_bytes``, or None where
    one cannot start (no semaphores, no fork, no spawn)."""
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(workers,
                                   mp_context=multiprocessing.get_context(START_METHOD),
                                   initializer=set_worker_context,
                                   initargs=(config, max_bytes))
    except (ImportError, OSError, ValueError, NotImplementedError):
        return None


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


# What every task of this worker is linted with: set once, when the worker starts.
_worker_context: tuple[LintConfig, int] | None = None


def set_worker_context(config: LintConfig, max_bytes: int) -> None:
    """A pool worker's initializer."""
    global _worker_context
    _worker_context = (config, max_bytes)


def _work(chunk: Chunk) -> Done:
    """What a worker runs for one task."""
    assert _worker_context is not None, "a worker starts with set_worker_context"
    return list(_lint_chunk(chunk, *_worker_context))


def _lint_chunk(chunk: Iterable[Item], config: LintConfig, max_bytes: int
                ) -> Iterator[tuple[Item, FileResult | None]]:
    for item in chunk:
        if isinstance(item, WalkError):
            yield item, None
            continue
        result = lint_file(item.path, config, item.kind, max_bytes)
        # A file neither its name nor its content makes one of ours: no result.
        yield item, None if result.kind is None and result.error is None else result
