"""The fleet benchmark's baselines, run as their own processes:
``python benchmarks/readers.py configparser DIR`` merely reads every file with the standard
library (keeping nothing, checking nothing); ``... cyberark_cfg DIR`` loads every file with our
lossless parser, which is the floor under ``cfgtool lint``.
"""

from __future__ import annotations

import os
import sys


def walk(root: str) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        found.extend(os.path.join(folder, name) for name in names)
    return sorted(found)


def read_with_configparser(paths: list[str]) -> int:
    import configparser

    read = 0
    for path in paths:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            text = handle.read()
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            # Most of these files have no section header, which configparser requires.
            parser.read_string("[top]\n" + text)
        except configparser.Error:
            continue
        read += 1
    return read


def read_with_cyberark_cfg(paths: list[str]) -> int:
    import cyberark_cfg

    read = 0
    for path in paths:
        document = cyberark_cfg.load(path, strict=False)
        read += document.ok
    return read


def main() -> None:
    reader, root = sys.argv[1], sys.argv[2]
    paths = walk(root)
    count = (read_with_configparser if reader == "configparser" else read_with_cyberark_cfg)(
        paths)
    print(f"{count} of {len(paths)} files read")


if __name__ == "__main__":
    main()
