"""Resource bounds: `cfgtool lint` streams a folder walk, so its memory does not grow with the
number of files beyond a few bytes of bookkeeping each; no parsed document outlives its file.

The normal run checks 100 against 1,000 files; `python benchmarks/memory.py` runs 50,000.
"""

from __future__ import annotations

import gc
import os
import tracemalloc
import weakref
from pathlib import Path

import pytest

from cyberark_cfg.lint import engine
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.output import Summary, writer
from cyberark_cfg.lint.run import run

FILES = {
    "padr.ini": b"[MAIN]\r\nFailoverMode=maybe\r\nEnableFailover=Yes\r\nCheckInterval=60\r\n",
    "Vault.ini": b'VAULT="Vault"\r\nADDRESS=10.0.0.1,10.0.0.2\r\nPORT=1858\r\nTIMEOUT=30\r\n',
    "user.ini": b"CredFileType=Password\r\nCredFileVersion=2\r\nUsername=DR\r\n"
                b"VerificationsFlag=16\r\nPassword=00AA11BB\r\nAdditionalInformation=0C1D\r\n",
}
# What one more file may cost at the peak. A parsed small file with its findings takes several
# kilobytes, so keeping every document (or every finding's text) alive exceeds this at once;
# the walk's own bookkeeping (one int per file to visit each file once) stays well below.
BYTES_PER_FILE = 1024


def make_estate(root: Path, count: int) -> Path:
    """``count`` small files, a hundred per folder, like many hosts' configuration copies."""
    names = list(FILES)
    for index in range(count):
        folder = root / f"site{index // 100:03d}" / f"host{index:05d}"
        folder.mkdir(parents=True)
        name = names[index % len(names)]
        (folder / name).write_bytes(FILES[name])
    return root


def lint_folder(root: Path, jobs: int = 1) -> tuple[Summary, int]:
    """Lint ``root`` with every finding written (to nowhere); returns the summary and the
    peak of traced memory (of this process: with ``jobs`` > 1, what the pool's results cost
    here while in flight)."""
    with open(os.devnull, "w") as null:
        gc.collect()
        tracemalloc.start()
        try:
            summary = run([str(root)], LintConfig(), writer("json", null), jobs=jobs)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return summary, peak


@pytest.fixture(scope="module")
def estates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("estates")
    return make_estate(root / "small", 100), make_estate(root / "large", 1000)


@pytest.mark.parametrize("jobs", [1, 2])
def test_memory_does_not_grow_with_the_number_of_files(estates: tuple[Path, Path],
                                                       jobs: int) -> None:
    small, large = estates
    # Warm up at the same setting: imports (the pool's too), the grammar, the rules. Measured
    # across the pool's threshold, the pool's imports and its results in flight (bounded, not
    # growing with the files) would count as growth.
    lint_folder(small, jobs)
    small_summary, small_peak = lint_folder(small, jobs)
    large_summary, large_peak = lint_folder(large, jobs)
    assert (small_summary.files, large_summary.files) == (100, 1000)
    assert large_summary.findings >= 600  # the findings were produced and written
    growth = (large_peak - small_peak) / 900
    assert growth < BYTES_PER_FILE, (
        f"{growth:.0f} bytes more per file at the peak ({small_peak} -> {large_peak})")


def test_no_document_outlives_its_file(estates: tuple[Path, Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    small, _ = estates
    alive: weakref.WeakSet[object] = weakref.WeakSet()
    most = 0
    real_loads = engine.loads

    def tracked(*args: object, **kwargs: object) -> object:
        nonlocal most
        document = real_loads(*args, **kwargs)  # type: ignore[arg-type]
        alive.add(document)
        most = max(most, len(alive))
        return document

    monkeypatch.setattr(engine, "loads", tracked)
    summary, _ = lint_folder(small)
    assert summary.files == 100
    assert most <= 2, f"{most} documents alive at once: the run keeps them"
    gc.collect()
    assert len(alive) == 0
