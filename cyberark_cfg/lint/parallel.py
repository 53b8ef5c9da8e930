"""Lint many files on every core. A pool's parent walks only the top of each folder's tree and
hands out, in walk order, the files of those top folders and the subtrees below them; each
worker lists its folders, lints their files and sends back, in walk order, which folders it
entered, what the walk said (notes on skipped files, leftovers) and each file's result, its
findings already rendered when the writer allows. The parent replays the tasks in order as one
process's walk: a folder met a second time (through a link) is dropped with what is below it,
a folder a worker did not enter because it had met it is walked here if one process would have
entered it, and a file met a second time is dropped (the first wins). So the output is the same
whatever ``jobs`` is. The configuration reaches each worker once, when it starts.

Few files are linted in this process (starting workers costs more than they would save). A
pool that cannot start, or that loses a worker, is not an error: what is left is linted here,
and tasks whose results never came back are done again (the lint of a file is pure).
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.lint import discovery
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.discovery import Identity, Skipped, Target, WalkError
from cyberark_cfg.lint.engine import FileResult, Rendered, lint_file, warm_up
from cyberark_cfg.lint.output import RenderSpec

if TYPE_CHECKING:  # a run of a few files never loads multiprocessing
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

# Below this many files a run stays in one process. Measured on the 2-core machine, 1 Dec, with
# the pool of pipes (wall time, pool / one process, medians of 6-7 interleaved rounds): quiet,
# 1.0 at 500 files, 0.86 at 1,000, 0.80 at 1,500, 0.74 at 2,000; with four busy loops beside
# it (load ~6), 0.93 at 1,000 and 0.87 at 2,000. (The concurrent.futures pool before it cost
# more: 1.46 at 1,000 files on a busy machine, so it started from 2,000.)
POOL_MIN_FILES = 1_000
# Files per task (whole folders: a task holds at least one): big enough that sending a task
# is a small part of its work, small enough that both workers stay busy to the end.
CHUNK = 32
# Tasks in flight per worker: one to work on and one waiting, so a worker never waits for the
# parent between two tasks, without holding the whole walk in memory.
AHEAD = 2

# fork starts a worker with everything already imported; elsewhere the platform's default
# (spawn on Windows and macOS, where a worker imports the linter again).
START_METHOD = "fork" if sys.platform.startswith("linux") else None


class Folder(NamedTuple):
    """A folder whose files a worker lists and lints as ``kind`` (None: by their names and
    content), or with ``below``, the whole tree below it too. ``top`` numbers the walk (the
    path of the command line) it is part of: each walk enters a folder once."""

    path: str
    identity: Identity | None  # None for a subtree (its worker finds it)
    kind: str | None
    top: int
    below: bool


class Named(NamedTuple):
    """A file named on the command line."""

    target: Target
    identity: Identity


class Entered(NamedTuple):
    """A folder a worker entered (``again``: met before in its own walk, not entered)."""

    path: str
    identity: Identity
    top: int
    again: bool = False


# A unit of work; an Entered unit (a folder the parent's walk met again) only comes back.
Unit = Folder | Named | Entered
# What comes back, in walk order: a folder entered, a walk error or leftover, a note on a
# skipped path (path, reason), or a file with its identity and result (None: not ours).
Event = Entered | WalkError | tuple[str, str] | tuple[Target, Identity, FileResult | None]
Outcome = tuple[Target | WalkError, FileResult | None]
# Folders below the top of a tree that make it worth handing out subtrees (see _stop).
SUBTREES = 32
# How many files a subtree is counted as when tasks are made (its size is not known).
SUBTREE_FILES = 8
# The most processes `--jobs` starts: Windows' limit for a process pool (more never helps on
# the servers this runs on; `-j 100000` queued work for that many and never finished).
MAX_JOBS = 61


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _ignore(path: str, reason: str) -> None:
    pass


def lint_walk(paths: list[str], kind: str | None, config: LintConfig, jobs: int = 0,
              max_bytes: int = DEFAULT_MAX_BYTES, skipped: Skipped = _ignore,
              render: RenderSpec | None = None) -> Iterator[Outcome]:
    """Every file under ``paths`` (:func:`~cyberark_cfg.lint.discovery.targets`) with its
    lint result (None for a walk error or a file of no known kind), in walk order; what the
    excludes skip goes to ``skipped`` in that order too. ``jobs``: processes to use; 0 chooses
    (all cores when there are at least :data:`POOL_MIN_FILES` files, else one). ``render``:
    how a pool's workers render findings (:func:`~cyberark_cfg.lint.output.render_spec`;
    the results then carry ``rendered`` instead of ``diagnostics``)."""
    workers = min(jobs, MAX_JOBS) if jobs else default_jobs()
    if workers > 1 and not jobs and not _at_least(paths, kind, config, POOL_MIN_FILES):
        workers = 1
    pool = _start_pool(workers, config, max_bytes, render) if workers > 1 else None
    if pool is None:
        for item in discovery.targets(paths, kind, config, skipped):
            yield item, None if isinstance(item, WalkError) else _lint(item, config, max_bytes)
        return
    finished = False
    try:
        events = _in_pool(pool, _tasks(_units(paths, kind, config)), AHEAD,
                          (config, max_bytes, render))
        yield from _replay(events, kind, config, max_bytes, skipped)
        finished = True
    finally:
        pool.stop(finished)


def _at_least(paths: list[str], kind: str | None, config: LintConfig, enough: int) -> bool:
    """Whether ``paths`` hold at least ``enough`` files lint would read (named on the command
    line, or of a name a kind knows): folders are listed (no more than ``enough`` of them, so
    a link loop ends it) until they do."""
    count = listed = 0
    pending = list(map(discovery.shown_path, reversed(paths)))
    while pending and count < enough and listed < enough:
        path = pending.pop()
        if not os.path.isdir(path):
            count += 1
            continue
        listing = discovery.list_folder(path, -1, kind, config, files=False)
        listed += 1
        count += listing.files_listed
        pending.extend(reversed(listing.subfolders))
    return count >= enough


def _units(paths: list[str], kind: str | None, config: LintConfig
           ) -> Iterator[tuple[Unit, int]]:
    """The walk's units in walk order, each with the number of files it is counted as: the
    folders of the top of each tree (their files), the subtrees below (the workers walk them),
    and the files named on the command line."""
    for top, path in enumerate(map(discovery.shown_path, paths)):
        if not os.path.isdir(path):
            yield Named(Target(path, kind or discovery.named_kind(path)),
                        discovery.file_identity(path)), 1
            continue
        stop = _stop(path, config)
        for visit in discovery.walk_folders(path, kind, config, files=False, stop=stop):
            if visit.identity is None:  # a subtree, for a worker to walk
                yield Folder(visit.path, None, kind, top, True), SUBTREE_FILES
            elif visit.listing is None:  # met again, through a link
                yield Entered(visit.path, visit.identity, top, again=True), 0
            else:
                yield Folder(visit.path, visit.identity, kind, top, False), \
                    visit.listing.files_listed


def _stop(top: str, config: LintConfig) -> int:
    """How many levels below ``top`` the parent walks before it hands out whole subtrees: the
    first level with :data:`SUBTREES` folders (so that the work splits evenly), at most 4."""
    level = [top]
    for depth in range(1, 5):
        below = [path for folder in level
                 for path in discovery.list_folder(folder, -1, None, config, False).subfolders]
        if len(below) >= SUBTREES or not below:
            return depth
        level = below
    return 5


def _tasks(units: Iterator[tuple[Unit, int]]) -> Iterator[list[Unit]]:
    """Consecutive units, about :data:`CHUNK` files a task."""
    task: list[Unit] = []
    files = 0
    for unit, count in units:
        task.append(unit)
        files += count
        if files >= CHUNK:
            yield task
            task, files = [], 0
    if task:
        yield task


def _replay(events: Iterable[Event], kind: str | None, config: LintConfig, max_bytes: int,
            skipped: Skipped) -> Iterator[Outcome]:
    """The workers' events as one process's walk gives them: notes to ``skipped``, each
    folder entered once per walk (one met again is dropped with what is below it; one a worker
    met again in its own walk is walked here when this walk has not entered it), each file
    once (by identity, the first in walk order)."""
    seen: set[Identity] = set()
    visited: set[Identity] = set()
    top, dropping = -1, ""
    for event in events:
        if isinstance(event, Entered):
            if dropping and event.path.startswith(dropping):
                continue
            dropping = ""
            if event.top != top:  # a new path of the command line: a new walk
                top, visited = event.top, set()
            if event.again:
                if event.identity not in visited:
                    yield from _walk_here(event.path, kind, config, max_bytes, skipped,
                                          visited, seen)
            elif event.identity in visited:
                dropping = event.path.rstrip(os.sep) + os.sep
            else:
                visited.add(event.identity)
        elif dropping:
            continue  # in a folder dropped
        elif isinstance(event, WalkError):
            yield event, None
        elif len(event) == 2:
            skipped(*event)
        else:
            target, identity, result = event
            if identity not in seen:
                seen.add(identity)
                yield target, result


def _walk_here(folder: str, kind: str | None, config: LintConfig, max_bytes: int,
               skipped: Skipped, visited: set[Identity], seen: set[Identity]
               ) -> Iterator[Outcome]:
    """The tree of ``folder`` walked and linted in this process, as part of a walk that has
    entered ``visited`` (a folder a worker met twice: rare, and only through links)."""
    for visit in discovery.walk_folders(folder, kind, config, visited=visited):
        if visit.listing is None:
            continue
        for note in visit.listing.events:
            if isinstance(note, WalkError):
                yield note, None
            else:
                skipped(*note)
        for target, identity in visit.listing.files:
            if identity not in seen:
                seen.add(identity)
                yield target, _lint(target, config, max_bytes)


Context = tuple[LintConfig, int, "RenderSpec | None"]


class Pool(NamedTuple):
    """Worker processes (:func:`_serve`), each with a pipe for its tasks and one for its results,
    and no thread in this process: the results are read when the walk needs them (the threads
    of a ``concurrent.futures`` pool took ~0.1 s of CPU at 20,000 files, on the cores the
    workers need). A task goes to a worker only when it has just sent a result or has nothing
    to do (see :func:`_serve` for why)."""

    processes: list[BaseProcess]
    tasks: list[Connection]
    results: list[Connection]

    def stop(self, finished: bool) -> None:
        """End the workers: told to stop when ``finished`` (each waits for its next task), else
        terminated (interrupted, or the output stopped: they may be in the middle of a task)."""
        for process, tasks in zip(self.processes, self.tasks, strict=True):
            if finished:
                with contextlib.suppress(OSError, ValueError):
                    tasks.send(None)
            else:
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    process.terminate()
        for process in self.processes:
            process.join(STOP_WAIT if finished else None)
            if process.is_alive():  # did not stop when told: never left running
                process.terminate()
                process.join()
        for connection in (*self.tasks, *self.results):
            connection.close()


# Seconds a finished pool's workers get to stop before they are terminated.
STOP_WAIT = 5.0


def _in_pool(pool: Pool, tasks: Iterator[list[Unit]], ahead: int, context: Context
             ) -> Iterator[Event]:
    """The events of ``tasks`` in order, each task done by whichever worker has room (``ahead``
    tasks in flight each); a worker that finishes early is given the next task at once, and
    its results wait here until those before them are out. A task its worker failed on (an
    exception) is done here, where the error shows as in one process; when a worker dies or a
    pipe breaks, what did not come back, and the rest, are done here."""
    from multiprocessing.connection import wait

    numbered = enumerate(tasks)
    flight: list[deque[tuple[int, list[Unit]]]] = [deque() for _ in pool.processes]
    done: dict[int, list[Event]] = {}  # results that came back before their turn
    kept = len(flight) * ahead * 4  # at most this many waiting: then the ahead ones pause
    following = 0  # the number of the task whose events come out next

    def feed(worker: int) -> None:
        while len(flight[worker]) < ahead and len(done) < kept:
            item = next(numbered, None)
            if item is None:
                return
            flight[worker].append(item)
            with _pipe():
                pool.tasks[worker].send(item[1])

    def ready() -> Iterator[Event]:
        nonlocal following
        while following in done:
            yield from done.pop(following)
            following += 1

    try:
        for worker in range(len(flight)):
            feed(worker)
        while any(flight):
            busy = {pool.results[worker]: worker for worker, queue in enumerate(flight)
                    if queue}
            with _pipe():
                ready_now = wait(list(busy))
            for connection in ready_now:
                worker = busy[connection]  # type: ignore[index]
                with _pipe():
                    events = pool.results[worker].recv()
                number, task = flight[worker].popleft()
                done[number] = events if events is not None else _do(task, *context)
                feed(worker)
            yield from ready()
            for worker, queue in enumerate(flight):  # room again after a pause
                if not queue:  # only a worker with nothing to do (see _serve)
                    feed(worker)
        return
    except _Broken:
        # A worker died (killed, out of memory) or a pipe broke: what did not come back is
        # done here instead, in order. (An error of a task done here is not caught: it goes
        # to the caller, as in one process.)
        pool.stop(finished=False)
    for number, task in itertools.chain(sorted(item for queue in flight for item in queue),
                                        numbered):
        yield from ready()
        yield from _do(task, *context)
        following = number + 1
    yield from ready()


class _Broken(Exception):
    """A worker died, or a pipe to one broke."""


@contextlib.contextmanager
def _pipe() -> Iterator[None]:
    """Where a pool's pipe is used: its errors (the end of a worker's results, a pipe that
    broke or closed) become :class:`_Broken`, told apart from the errors of a task."""
    try:
        yield
    except (EOFError, OSError, ValueError) as exc:
        raise _Broken from exc


def _start_pool(workers: int, config: LintConfig, max_bytes: int,
                render: RenderSpec | None = None) -> Pool | None:
    """``workers`` processes that start knowing the context (``config``, ``max_bytes``,
    ``render``): fewer when the system runs out of processes, None when none can start (no
    fork, no spawn, no pipes)."""
    try:
        import multiprocessing

        context = multiprocessing.get_context(START_METHOD)
    except (ImportError, OSError, ValueError):
        return None
    if START_METHOD == "fork":  # forked workers inherit the parser and every kind's rules
        from cyberark_cfg.kinds import KINDS

        for kind in KINDS:
            warm_up(config, kind)
    pool = Pool([], [], [])
    for _ in range(workers):
        ends: list[Connection] = []
        try:
            ends.extend(context.Pipe(duplex=False))  # tasks: (receiving end, sending end)
            ends.extend(context.Pipe(duplex=False))  # results
            task_out, task_in, result_out, result_in = ends
            # typeshed's BaseContext has no Process; every context get_context returns has
            process = context.Process(  # type: ignore[attr-defined]
                target=_serve, args=(task_out, result_in, (config, max_bytes, render)),
                daemon=True)
            process.start()
        except (OSError, ValueError, NotImplementedError):
            for connection in ends:
                connection.close()
            break
        # This process keeps only its ends: a worker that dies is then seen as the end of its
        # results, and the next worker forked does not hold this one's ends open.
        task_out.close()
        result_in.close()
        pool.processes.append(process)
        pool.tasks.append(task_in)
        pool.results.append(result_out)
    if not pool.processes:
        return None
    return pool


# What every task of this worker is linted with: set once, when the worker starts.
_worker_context: Context | None = None


def set_worker_context(config: LintConfig, max_bytes: int,
                       render: RenderSpec | None = None) -> None:
    """What a pool's worker does first: keep the context of every task."""
    global _worker_context
    _worker_context = (config, max_bytes, render)


def _serve(tasks: Connection, results: Connection, context: Context) -> None:
    """A worker: the tasks from ``tasks`` until told to stop (None, or the parent gone), each
    one's events to ``results`` (None: it failed here; the parent does it again). Ctrl-C is
    the parent's to handle: it ends the workers.

    Every task sent meanwhile is read before a result is sent. The parent sends a task only
    after reading a result of this worker, and the task may not fit in the pipe (its buffer is
    8 KiB on Windows); were it left unread, the parent would wait for it to be read while this
    process waited for its result to be read: a deadlock."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_worker_context(*context)
    waiting: deque[list[Unit] | None] = deque()
    try:
        while (task := waiting.popleft() if waiting else tasks.recv()) is not None:
            try:
                events: list[Event] | None = _work(task)
            except Exception:  # noqa: BLE001  # the parent does the task again and says why
                events = None
            while tasks.poll():
                waiting.append(tasks.recv())
            results.send(events)
    except (EOFError, OSError):  # the parent went away
        return


def _work(task: list[Unit]) -> list[Event]:
    """What a worker runs for one task."""
    assert _worker_context is not None, "a worker starts with set_worker_context"
    return _do(task, *_worker_context)


def _do(task: list[Unit], config: LintConfig, max_bytes: int, render: RenderSpec | None
        ) -> list[Event]:
    """One task's events, in walk order: each folder entered (its notes, then its files in
    name order, then, for a subtree, its subfolders' in turn) and each named file, linted."""
    renderer = _renderer(render)
    events: list[Event] = []
    for unit in task:
        if isinstance(unit, Named):
            events.append((unit.target, unit.identity,
                           _lint(unit.target, config, max_bytes, renderer)))
            continue
        if isinstance(unit, Entered):
            events.append(unit)
            continue
        visits = (discovery.walk_folders(unit.path, unit.kind, config) if unit.below else
                  [discovery.Visit(unit.path, unit.identity, discovery.list_folder(
                      unit.path, _device(unit.identity), unit.kind, config))])
        for visit in visits:
            assert visit.identity is not None, "a walk without a stop stats every folder"
            events.append(Entered(visit.path, visit.identity, unit.top, visit.again))
            if visit.listing is None:
                continue
            events.extend(visit.listing.events)
            for target, identity in visit.listing.files:
                events.append((target, identity, _lint(target, config, max_bytes, renderer)))
    return events


def _device(identity: Identity | None) -> int:
    return identity[0] if isinstance(identity, tuple) else -1


def _renderer(render: RenderSpec | None) -> Callable[[object], str] | None:
    if render is None:
        return None
    module, color = render
    function = importlib.import_module(module).render
    return lambda diagnostic: function(diagnostic, color)


def _lint(target: Target, config: LintConfig, max_bytes: int,
          renderer: Callable[[object], str] | None = None) -> FileResult | None:
    """The result of linting ``target`` (None: neither its name nor its content makes it one
    of ours), its findings rendered with ``renderer`` when given."""
    result = lint_file(target.path, config, target.kind, max_bytes)
    if result.kind is None and result.error is None:
        return None
    if renderer is None or not result.diagnostics:
        return result
    rendered: Rendered = tuple((renderer(d), int(d.severity), d.fixable)
                               for d in result.diagnostics)
    return FileResult(result.path, result.kind, [], result.error, rendered)
