"""Benchmark (not a test): generate a large padr.log in a temporary folder and time the verdict.

    .venv/bin/python benchmarks/padrlog.py [--mb 200] [--utf16] [--failing]

The log is replication cycles (Safes replicated, PADR0010I, PADR0099I) a minute apart, with a
failover episode and a failback in the middle; ``--failing`` appends errors with no later
success, so the verdict must read back to the last good cycle; ``--utf16`` writes it the way
Windows PowerShell re-saves a file. Prints the time of the verdict (the tail only), of the
default report (its last 32 MiB), of a whole-file report, and of ``cfgtool log`` as a process.
"""

from __future__ import annotations

import argparse
import codecs
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from cyberark_cfg.padrlog import analyse, verdict

SAFES = [f"Linux-Root-{n:03d}" for n in range(30)]


def stamp(moment: datetime) -> str:
    return f"[{moment:%m/%d/%Y}   {moment:%H:%M:%S.%f}]    ::    "


def cycle(moment: datetime) -> str:
    lines = [stamp(moment + timedelta(milliseconds=40 * i)) + f"PAREP013I Replicating Safe [{s}]"
             for i, s in enumerate(SAFES)]
    end = moment + timedelta(seconds=2)
    lines.append(stamp(end) + "PADR0010I Replicate ended.")
    lines.append(stamp(end) + "PADR0099I Metadata Replication is running successfully.")
    return "\r\n".join(lines) + "\r\n"


def failover(moment: datetime) -> str:
    steps = ["PADR0103I Failover process started.",
             "PADR0024I Synchronizing vault data and metadata.",
             "PADR0025I Failover process ended successfully.", "PADR0067I Starting Vault service.",
             "PADR0017I Failover completed, PADR service is shutting down.",
             "PADR0022I Disaster Recovery service terminated"]
    return "".join(stamp(moment + timedelta(seconds=i)) + step + "\r\n"
                   for i, step in enumerate(steps))


def generate(path: Path, megabytes: int, utf16: bool, failing: bool) -> None:
    target = megabytes << 20
    encode: Callable[[str], bytes] = (
        (lambda text: text.encode("utf-16-le")) if utf16 else (lambda text: text.encode()))
    moment, written = datetime(2024, 1, 1), 0
    with path.open("wb") as out:
        if utf16:
            out.write(codecs.BOM_UTF16_LE)
        while written < target:
            batch = []
            for _ in range(200):
                batch.append(cycle(moment))
                moment += timedelta(minutes=1)
            if target // 2 <= written < target // 2 + 200_000:
                batch.append(failover(moment))
                moment += timedelta(hours=6)
            data = encode("".join(batch))
            out.write(data)
            written += len(data)
        if failing:
            errors = "".join(stamp(moment + timedelta(minutes=i))
                             + "ITATS006E Station is suspended for User DR\r\n" for i in range(50))
            out.write(encode(errors))


def timed(label: str, action: Callable[[], object]) -> None:
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    detail = getattr(result, "verdict", "")
    scanned = getattr(result, "scanned_bytes", None)
    extra = f", read {scanned / 2**20:.1f} MiB" if scanned is not None else ""
    print(f"{label:<28} {elapsed:7.3f} s  {detail}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the log (MiB)")
    parser.add_argument("--utf16", action="store_true", help="write UTF-16 LE with a BOM")
    parser.add_argument("--failing", action="store_true", help="end with unresolved errors")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "padr.log"
        start = time.perf_counter()
        generate(path, options.mb, options.utf16, options.failing)
        print(f"generated {path.stat().st_size / 2**20:.0f} MiB in "
              f"{time.perf_counter() - start:.1f} s")
        timed("verdict (tail only)", lambda: verdict(path))
        timed("default report (32 MiB)", lambda: analyse(path))
        timed("whole-file report (--all)", lambda: analyse(path, history_bytes=None))
        command = [sys.executable, "-m", "cyberark_cfg", "log", str(path)]
        timed("cfgtool log (process)",
              lambda: subprocess.run(command, capture_output=True, check=False))


if __name__ == "__main__":
    main()
