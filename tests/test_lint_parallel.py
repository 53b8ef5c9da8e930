"""`cfgtool lint --jobs`: a process pool gives the same findings, in the same order, as one
process; too few files never start a pool; a pool that cannot start or loses a worker degrades
to linting in this process without losing or repeating a file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
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


def walked(paths: list[str], jobs: int, config: LintConfig | None = None
           ) -> tuple[list[tuple[str, object]], list[tuple[str, str]]]:
    """What `lint_walk` gives for ``paths``: each file's (path, result) and the walk's notes,
    both in order."""
    notes: list[tuple[str, str]] = []
    found = outcomes(parallel.lint_walk(paths, None, config or LintConfig(), jobs,
                                        skipped=lambda path, why: notes.append((path, why))))
    return found, notes


def test_two_jobs_report_what_one_job_reports_in_the_same_order(estate: Path) -> None:
    one = lint_json("--jobs", "1", str(estate))
    two = lint_json("--jobs", "2", str(estate))
    auto = lint_json(str(estate))
    assert one[0] == 1 and one[1].count('"code"') > FILES // 4, one[2]
    assert two == one
    assert auto == one


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated estate with what a walk must handle in order: excluded copies and folders,
    files of no known kind, files that cannot be decoded, temporary files left behind, a
    configuration with excludes and per-file-ignores, and (not on Windows) a hard link, a
    link to a folder of another site, a link loop and a dangling link (synthetic files)."""
    root = tmp_path_factory.mktemp("messy")
    generate_estate(root, FILES, seed=5)
    for number, site in enumerate(sorted(root.glob("site-*"))[::3]):
        vault = site / "vault"
        (vault / "padr.ini.old").write_bytes((vault / "padr.ini").read_bytes())
        (vault / "padr - Copy.ini").write_bytes((vault / "padr.ini").read_bytes())
        (vault / "notes.txt").write_text("nothing to lint\n", encoding="ascii")
        (vault / "sniffed.ini").write_text("ADDRESS=10.0.0.1\nPORT=x\nVAULT=v\n", "ascii")
        (vault / "zeros.cred").write_bytes(b"CredFileType=Password\x00\n")
        (vault / ".padr.ini.x1y2.cfgtool-tmp").write_text("x", encoding="ascii")
        (site / "old").mkdir()
        (site / "old" / "Vault.ini").write_text("ADDRESS=\n", encoding="ascii")
        (site / "zz").mkdir()
        (site / "zz" / "Vault.ini").write_bytes(b"\xff\xfeV\x00A")  # truncated UTF-16
        if os.name != "nt" and number % 2:
            os.link(vault / "user.ini", site / "zz" / "user.ini")
            (site / "zz" / "elsewhere").symlink_to(root / "site-00004" / "psm")
            (site / "zz" / "loop").symlink_to(site)
            (site / "zz" / "dangling.ini").symlink_to(site / "nothing.ini")
    (root / "cfgtool.toml").write_text(
        'extend-exclude = ["*/old/*"]\n[per-file-ignores]\n"*/psm/*" = ["PSM"]\n', "ascii")
    return root


@pytest.mark.parametrize("output", ["json", "text", "github", "sarif"])
def test_a_messy_estate_gives_one_job_s_output_byte_for_byte(messy: Path, output: str) -> None:
    vault = messy / "site-00003" / "vault"
    paths = [str(vault / "Vault.ini"), str(messy), str(vault / "user.ini"), str(vault)]
    runs = [subprocess.run([sys.executable, "-m", "cyberark_cfg", "lint", "--format", output,
                            "--verbose", "--jobs", jobs, *paths], capture_output=True,
                           text=True, cwd=ROOT, check=False) for jobs in ("1", "2")]
    one, two = ((done.returncode, done.stdout, done.stderr) for done in runs)
    assert one[0] == 1 and "looks like a copy of padr.ini" in one[2], one[2][-300:]
    assert "cfgtool-tmp: a temporary file" in one[2] and "NUL" in one[1]
    assert two == one


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
    named = [str(estate / "notes.txt"), str(estate / "site-00001" / "vault" / "padr.ini")]
    paths = [named[0], str(estate), "/nowhere-at-all", named[1]]
    serial = walked(paths, 1)
    assert walked(paths, 2) == serial
    files = [path for path, _ in serial[0]]
    assert files[0] == named[0] and serial[0][0][1] is None  # of no known kind: no result
    assert files.count(named[1]) == 1  # walked and named: linted once, where first met


def test_spawned_workers_give_the_same_results(estate: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows and macOS spawn workers, which import the linter afresh."""
    part = [str(estate / "site-00000"), str(estate / "site-00003")]
    monkeypatch.setattr(parallel, "START_METHOD", "spawn")
    serial = walked(part, 1)
    assert serial[0] and walked(part, 2) == serial


def test_few_files_stay_in_one_process(estate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    monkeypatch.setattr(parallel, "POOL_MIN_FILES", FILES - 60)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "_start_pool",
                        lambda workers, *context: started.append(workers))
    few = sorted(str(site) for site in estate.glob("site-*"))[:12]  # 132 files
    list(parallel.lint_walk(few, None, LintConfig()))
    assert started == []
    list(parallel.lint_walk([str(estate)], None, LintConfig()))  # None: could not start
    assert started == [2]


def test_unrelated_files_never_start_a_pool(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The automatic threshold counts the files lint would read (named, or of a name a kind
    knows), not every file: a folder of unrelated files is linted in one process."""
    started: list[int] = []
    monkeypatch.setattr(parallel, "POOL_MIN_FILES", 50)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "_start_pool",
                        lambda workers, *context: started.append(workers))
    for number in range(120):
        (tmp_path / f"notes-{number:03d}.txt").write_text("x=1\n")
    for number in range(10):
        site = tmp_path / f"site-{number}"
        site.mkdir()
        (site / "Vault.ini").write_text("VAULT=v\nADDRESS=10.0.0.1\nPORT=1858\n")
    list(parallel.lint_walk([str(tmp_path)], None, LintConfig()))
    assert started == []
    list(parallel.lint_walk([str(tmp_path)], "vault", LintConfig()))  # every file read
    assert started == [2]
    for number in range(40):  # 50 files of names a kind knows
        (tmp_path / f"app-{number:02d}.cred").write_text("Username=app\n")
    list(parallel.lint_walk([str(tmp_path)], None, LintConfig()))
    assert started == [2, 2]


@pytest.mark.parametrize("what", ["process", "pipe"])
def test_a_pool_that_cannot_start_means_one_process(estate: Path, what: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """No process can start (fork fails: no processes left), or no pipe can be made (no file
    descriptors left): the whole run is linted here, with the same output."""
    import multiprocessing.connection
    import multiprocessing.process

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    if what == "process":
        monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    else:
        monkeypatch.setattr(multiprocessing.connection, "Pipe", refuse)
    assert parallel._start_pool(2, LintConfig(), 1 << 20) is None
    expected = lint_json("--jobs", "1", str(estate))
    result = run("lint", "--format", "json", "--jobs", "2", str(estate))
    assert (result.code, result.stdout, result.stderr) == expected


VICTIM: list[str] = []  # the folder whose worker dies (a forked worker sees this list)


def dies_on_victim(task: list[Any]) -> object:
    if any(VICTIM[0] in str(unit) for unit in task):
        os._exit(1)  # as if killed: no exception, no result
    assert parallel._worker_context is not None  # set when the worker starts
    return parallel._do(task, *parallel._worker_context)


def fails_on_victim(task: list[Any]) -> object:
    if any(VICTIM[0] in str(unit) for unit in task):
        raise RuntimeError("a bug met in a worker")
    assert parallel._worker_context is not None
    return parallel._do(task, *parallel._worker_context)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the patch reaches the "
                    "workers by fork")
@pytest.mark.parametrize("work", [dies_on_victim, fails_on_victim])
def test_a_worker_that_dies_or_fails_loses_no_file(estate: Path, work: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed in the middle of a task: what did not come back is linted here. A task
    a worker fails on (a bug): done again here, where the error would show as in one process."""
    serial = walked([str(estate)], 1)
    VICTIM[:] = [str(estate / "site-00011")]
    monkeypatch.setattr(parallel, "_work", work)
    try:
        assert walked([str(estate)], 2) == serial
    finally:
        VICTIM.clear()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the patch reaches the "
                    "workers by fork")
def test_an_error_in_a_task_done_again_here_is_not_taken_for_a_broken_pool(
        estate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker fails on a task and the parent, doing it again, meets an OSError of its own (a
    bug, or a disk that failed): the error goes to the caller as in one process. Taken for a
    broken pipe, it was swallowed and that task's files were missing from the output."""
    parent, real_do = os.getpid(), parallel._do

    def fails_here_too(task: list[Any], *context: Any) -> Any:
        if os.getpid() == parent and any(VICTIM[0] in str(unit) for unit in task):
            raise OSError(5, "Input/output error")
        return real_do(task, *context)

    VICTIM[:] = [str(estate / "site-00011" / "vault")]  # one task's (a subtree of its own)
    monkeypatch.setattr(parallel, "_work", fails_on_victim)
    monkeypatch.setattr(parallel, "_do", fails_here_too)
    try:
        with pytest.raises(OSError, match="Input/output error"):
            walked([str(estate)], 2)
    finally:
        VICTIM.clear()


def test_a_worker_that_cannot_start_leaves_the_others(estate: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The second of three workers cannot start (no processes left): no third is tried, and the
    one that started lints everything."""
    import multiprocessing.process

    real = multiprocessing.process.BaseProcess.start
    started: list[int] = []

    def second_fails(self: Any) -> None:
        started.append(1)
        if len(started) == 2:
            raise OSError(11, "Resource temporarily unavailable")
        real(self)

    serial = walked([str(estate)], 1)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", second_fails)
    assert walked([str(estate)], 3) == serial
    assert len(started) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the patch reaches the "
                    "workers by fork")
def test_a_pipe_that_breaks_loses_no_file(estate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sending the fifth task fails (the pipe broke): what was sent and did not come back,
    and everything after, is linted here, in order."""
    import multiprocessing.connection

    real = multiprocessing.connection.Connection.send
    parent, sent = os.getpid(), []

    def breaks(self: Any, obj: Any) -> None:
        if os.getpid() == parent and obj is not None:
            sent.append(1)
            if len(sent) == 5:
                raise BrokenPipeError(32, "Broken pipe")
        real(self, obj)

    serial = walked([str(estate)], 1)
    monkeypatch.setattr(multiprocessing.connection.Connection, "send", breaks)
    assert walked([str(estate)], 2) == serial
    assert len(sent) == 5


# A task bigger than the pipe that carries it (64 KiB on Linux, 8 KiB on Windows), sent to a
# worker that is busy, while that worker sends a result bigger than its pipe too: the parent
# waits for the task to be read and the worker for its result to be read, unless the worker
# reads what was sent before it sends.
BIG_TASKS = """
import sys
from cyberark_cfg.lint import parallel
from cyberark_cfg.lint.config import LintConfig
parallel.CHUNK = parallel.SUBTREE_FILES * 40  # 40 folders a task: two tasks
paths = [sys.argv[1]]
one = list(parallel.lint_walk(paths, None, LintConfig(), 1))
two = list(parallel.lint_walk(paths, None, LintConfig(), 2))
assert two == one and len(one) == 80, (len(one), len(two))
print("same", sum(len(result.diagnostics) for _, result in one))
"""


def test_tasks_and_results_bigger_than_their_pipes_do_not_deadlock(tmp_path: Path) -> None:
    width, depth = (70, 1) if os.name == "nt" else (250, 12)  # Windows: MAX_PATH
    root = tmp_path
    for level in range(depth):
        root = root / (chr(ord("a") + level) * width)
    root.mkdir(parents=True)
    for number in range(80):
        site = root / f"{number:03d}{'s' * (width - 3)}"
        site.mkdir()
        (site / "padr.ini").write_text("[MAIN]\nFailoverMode=Maybe\nEnableFailover=perhaps\n",
                                       encoding="ascii")
    task_bytes = 40 * len(str(site))
    assert task_bytes > (8 << 10 if os.name == "nt" else 64 << 10)
    done = subprocess.run([sys.executable, "-c", BIG_TASKS, str(root)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.startswith("same "), done.stderr[-2000:]
    assert int(done.stdout.split()[1]) >= 160


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
    PICKLED.clear()
    pooled = walked([str(estate)], 2, CountedConfig(ignore=("CFG001",)))
    # Forked workers inherit it (0 pickles); spawned ones get it once each; never per task.
    assert len(PICKLED) <= 2, len(PICKLED)
    assert pooled == walked([str(estate)], 1, LintConfig(ignore=("CFG001",)))
    assert len(pooled[0]) > 4 * parallel.CHUNK  # many tasks, two workers


def test_replay_drops_a_folder_met_again_and_walks_one_only_a_worker_had_met(
        tmp_path: Path) -> None:
    """The replay's two rare cases, from events as a worker would send them: a folder this
    walk entered already is dropped with what is below it; a folder a worker did not enter
    (it had met it, through a link, in a part of its walk the replay dropped) is walked here."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "padr.ini").write_text("[MAIN]\nFailoverMode=Maybe\n", "ascii")
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    a_id, b_id = discovery.file_identity(a), discovery.file_identity(b)
    again = os.path.join(b, "again")  # a link in b to a, as a worker would walk it
    events = [parallel.Entered(a, a_id, 0),
              (discovery.Target(os.path.join(a, "padr.ini"), "padr"), (0, 1), None),
              parallel.Entered(again, a_id, 0), (os.path.join(again, "padr.ini"), "dropped"),
              parallel.Entered(os.path.join(again, "deeper"), (0, 7), 0),
              (os.path.join(again, "deeper", "x"), "dropped too"),
              parallel.Entered(b, b_id, 0, again=True)]
    notes: list[tuple[str, str]] = []
    replayed = list(parallel._replay(events, None, LintConfig(), 1 << 20,
                                     lambda path, why: notes.append((path, why))))
    assert notes == []
    assert [target.path for target, _ in replayed] == [os.path.join(a, "padr.ini"),
                                                       os.path.join(b, "padr.ini")]
    assert replayed[1][1] is not None and replayed[1][1].diagnostics  # linted here
