"""Memory of `cfgtool lint` on a folder of 50,000 small files (outside CI: a few minutes).

    python benchmarks/memory.py [--files 50000]

Builds the folder in a temporary directory, then runs `cfgtool lint DIR --format json` in a
child process for a tenth of the files and for all of them, and prints each run's peak resident
memory. It fails (exit 1) when the large run needs more than SLACK times the small one's memory:
the walk streams files one at a time and must not keep their documents. The normal test run
checks the same on 100 and 1,000 files (tests/test_resource_memory.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SLACK = 1.5
FILES = {
    "padr.ini": b"[MAIN]\r\nFailoverMode=maybe\r\nEnableFailover=Yes\r\nCheckInterval=60\r\n",
    "Vault.ini": b'VAULT="Vault"\r\nADDRESS=10.0.0.1,10.0.0.2\r\nPORT=1858\r\nTIMEOUT=30\r\n',
    "user.ini": b"CredFileType=Password\r\nCredFileVersion=2\r\nUsername=DR\r\n"
                b"VerificationsFlag=16\r\nPassword=00AA11BB\r\nAdditionalInformation=0C1D\r\n",
}
# The child lints and reports its own peak RSS (ru_maxrss: KiB on Linux, bytes on macOS).
CHILD = """
import contextlib, json, os, resource, sys
from cyberark_cfg.cli.app import main
sys.argv = ["cfgtool", "lint", sys.argv[1], "--format", "json"]
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
    try:
        main()
    except SystemExit as done:
        code = done.code
scale = 1 if sys.platform == "darwin" else 1024
print(json.dumps({"code": code, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale}))
"""


def make_estate(root: Path, count: int) -> None:
    names = list(FILES)
    for index in range(count):
        folder = root / f"site{index // 100:04d}" / f"host{index:05d}"
        folder.mkdir(parents=True)
        name = names[index % len(names)]
        (folder / name).write_bytes(FILES[name])


def measure(root: Path) -> tuple[int, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the lint run failed: {done.stderr.strip()}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["rss"], time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cfgtool-memory-") as folder:
        results = {}
        for count in (args.files // 10, args.files):
            root = Path(folder) / str(count)
            make_estate(root, count)
            rss, seconds = measure(root)
            results[count] = rss
            print(f"{count:>7} files: peak RSS {rss / 2**20:7.1f} MiB, {seconds:6.1f} s",
                  flush=True)
    small, large = results[args.files // 10], results[args.files]
    ratio = large / small
    print(f"ratio {ratio:.2f} (limit {SLACK})")
    return 0 if ratio <= SLACK else 1


if __name__ == "__main__":
    sys.exit(main())
