"""`cfgtool lint --jobs`: a process pool gives the same findings, in the same order, as one
process; too few files never start a pool; a pool that cannot start or loses a worker degrades
to linting in this process without losing or repeating a file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from conftest import ROOT

from cyberark_cfg.lint import discovery, parallel
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.engine import FileResult

sys.path.insert(0, str(ROOT))  # the estate generator lives in benchmarks/, beside the tests
from benchmarks.estate import generate_estate  # noqa: E402

FILES = 260  # many chunks for two workers (the automatic threshold is patched where it matters)


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated estate big enough for the pool, and a file of no known kind."""
    root = tmp_path_factory.mktemp("estate")
    generate_estate(root, FILES)
    (root / "notes.txt").write_text("nothing to lint here\n", encoding="ascii")
    return root


def lint_json(*args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "cyberark_cfg", "lint", "--format", "json",
                           *args], capture_output=True, text=True, cwd=ROOT, check=False)
    return done.returncode, done.stdout, done.stderr


def outcomes(items: Iterator[tuple[discovery.Target | discovery.WalkError, FileResult | None]]
             ) -> list[tuple[str, object]]:
    return [(item.path, result) for item, result in items]


def test_two_jobs_report_what_one_job_reports_in_the_same_order(estate: Path) -> None:
    one = lint_json("--jobs", "1", str(estate))
    two = lint_json("--jobs", "2", str(estate))
    auto = lint_json(str(estate))
    assert one[0] == 1 and one[1].count('"code"') > FILES // 4, one[2]
    assert two == one
    assert auto == one


def test_the_console_script_runs_a_pool(estate: Path) -> None:
    script = Path(sys.executable).parent / "cfgtool"
    if not script.exists():
        script = Path(shutil.which("cfgtool") or "")
    if not script.is_file():
        pytest.skip("cfgtool is not installed as a console script here")
    done = subprocess.run([str(script), "lint", "--format", "json", "--jobs", "2", str(estate)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == lint_json("--jobs", "1", str(estate))


def test_pool_keeps_walk_errors_and_unknown_files_in_place(estate: Path) -> None:
    items = list(discovery.targets([str(estate)]))
    items.insert(7, discovery.WalkError("/nowhere", "cannot be read"))
    items.insert(100, discovery.Target(str(estate / "notes.txt"), None))
    serial = outcomes(parallel.lint_targets(items, LintConfig(), jobs=1))
    pooled = outcomes(parallel.lint_targets(items, LintConfig(), jobs=2))
    assert pooled == serial
    assert [path for path, _ in serial] == [item.path for item in items]
    assert serial[7][1] is None and serial[100][1] is None


def test_spawned_workers_give_the_same_results(estate: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows and macOS spawn workers, which import the linter afresh."""
    items = list(discovery.targets([str(estate)]))[:80]
    monkeypatch.setattr(parallel, "START_METHOD", "spawn")
    serial = outcomes(parallel.lint_targets(items, LintConfig(), jobs=1))
    assert outcomes(parallel.lint_targets(items, LintConfig(), jobs=2)) == serial


def test_few_files_stay_in_one_process(estate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    monkeypatch.setattr(parallel, "POOL_MIN_FILES", FILES - 60)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "_start_pool",
                        lambda workers, *context: started.append(workers))
    items = list(discovery.targets([str(estate)]))
    list(parallel.lint_targets(items[:parallel.POOL_MIN_FILES - 1], LintConfig()))
    assert started == []
    list(parallel.lint_targets(items, LintConfig()))  # None: "could not start", so serial
    assert started == [2]


def test_a_pool_that_cannot_start_means_one_process(estate: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    assert parallel._start_pool(2, LintConfig(), 1 << 20) is None
    expected = lint_json("--jobs", "1", str(estate))
    result = run("lint", "--format", "json", "--jobs", "2", str(estate))
    assert (result.code, result.stdout, result.stderr) == expected


VICTIM: list[str] = []  # the file whose worker dies (a forked worker sees this list)


def dies_on_victim(chunk: list[discovery.Target]) -> object:
    if any(item.path in VICTIM for item in chunk):
        os._exit(1)  # as if killed: no exception, no result
    assert parallel._worker_context is not None  # set by the pool's initializer
    return list(parallel._lint_chunk(chunk, *parallel._worker_context))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the patch reaches the "
                    "workers by fork")
def test_a_worker_that_dies_loses_no_file(estate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = list(discovery.targets([str(estate)]))
    serial = outcomes(parallel.lint_targets(items, LintConfig(), jobs=1))
    VICTIM[:] = [items[len(items) // 2].path]
    monkeypatch.setattr(parallel, "_work", dies_on_victim)
    try:
        assert outcomes(parallel.lint_targets(items, LintConfig(), jobs=2)) == serial
    finally:
        VICTIM.clear()


class NoMoreProcesses(ThreadPoolExecutor):
    """A pool whose third task cannot start, as when fork fails for lack of processes."""

    def __init__(self, config: LintConfig, max_bytes: int) -> None:
        super().__init__(2, initializer=parallel.set_worker_context,
                         initargs=(config, max_bytes))
        self.submitted = 0

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        self.submitted += 1
        if self.submitted == 3:
            raise OSError(11, "Resource temporarily unavailable")
        return super().submit(*args, **kwargs)


def test_a_task_that_cannot_start_loses_no_file(estate: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    items = list(discovery.targets([str(estate)]))
    serial = outcomes(parallel.lint_targets(items, LintConfig(), jobs=1))
    monkeypatch.setattr(parallel, "_start_pool",
                        lambda workers, *context: NoMoreProcesses(*context))
    assert outcomes(parallel.lint_targets(items, LintConfig(), jobs=2)) == serial


PICKLED: list[str] = []  # one entry each time the parent pickles the configuration


class CountedConfig(LintConfig):
    """A configuration that counts how often it is pickled (to go to a worker)."""

    def __reduce_ex__(self, protocol: Any) -> Any:
        PICKLED.append(self.source or "")
        return super().__reduce_ex__(protocol)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_configuration_goes_once_to_each_worker(estate: Path, method: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if method == "fork" and not sys.platform.startswith("linux"):
        pytest.skip("fork is the start method on Linux only")
    monkeypatch.setattr(parallel, "START_METHOD", method)
    items = list(discovery.targets([str(estate)]))
    assert len(items) > 4 * parallel.CHUNK  # many chunks, two workers
    PICKLED.clear()
    config = CountedConfig(ignore=("CFG001",))
    pooled = outcomes(parallel.lint_targets(items, config, jobs=2))
    # Forked workers inherit it (0 pickles); spawned ones get it once each; never per chunk.
    assert len(PICKLED) <= 2, len(PICKLED)
    assert pooled == outcomes(parallel.lint_targets(items, LintConfig(ignore=("CFG001",)),
                                                    jobs=1))

