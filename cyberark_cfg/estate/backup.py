"""The backup chain: a `Backup.cmd` that runs `PAReplicate.exe vault.ini /logonFromFile
user.ini /fullbackup /tsparmfile tsparm.ini` (cyberark-formats.md section 7), the files it
names and what they say. Read for the estate rules DR025 and DR026.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass

from cyberark_cfg.api import load, read_bytes
from cyberark_cfg.document import Document
from cyberark_cfg.errors import CfgError

_PAREPLICATE = re.compile(r"(?i)(?:^|[\s\"\\/])PAReplicate(?:\.exe)?\"?\s+(?P<args>.*)$")
# The options that take a file, and the kind of file each names.
_FILE_OPTIONS = {"/logonfromfile": "cred", "/tsparmfile": "tsparm"}


@dataclass(frozen=True)
class NamedFile:
    """A file the command line names: its role, path as written and resolved, and line."""

    role: str  # vault, cred or tsparm
    written: str
    path: str
    line: int
    exists: bool = False
    document: Document | None = None


@dataclass(frozen=True)
class BackupChain:
    script: str
    line: int  # the PAReplicate line (0: none found)
    files: tuple[NamedFile, ...]


def read_chain(script: str, encoding: str | None = None) -> BackupChain:
    """The first PAReplicate command of ``script`` and the files it names, each loaded when it
    exists (8-bit ones in the ANSI code page ``encoding``, None: cp1252); paths relative to the
    script's folder (where Backup.cmd is run from)."""
    data = read_bytes(script)
    text = data.decode("utf-8", "replace") if not data.startswith(b"\xff\xfe") else \
        data.decode("utf-16", "replace")
    folder = os.path.dirname(script)
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _PAREPLICATE.search(raw.strip())
        if match is None or raw.strip().lower().startswith(("rem ", "::")):
            continue
        try:
            words = shlex.split(match["args"], posix=False)
        except ValueError:
            words = match["args"].split()
        words = [w.strip('"') for w in words]
        named: list[tuple[str, str]] = []
        if words and not words[0].startswith("/"):
            named.append(("vault", words[0]))
        for index, word in enumerate(words[:-1]):
            kind = _FILE_OPTIONS.get(word.lower())
            if kind:
                named.append((kind, words[index + 1]))
        files = tuple(_named(role, written, folder, number, encoding)
                      for role, written in named)
        return BackupChain(script, number, files)
    return BackupChain(script, 0, ())


def _named(role: str, written: str, folder: str, line: int, encoding: str | None
           ) -> NamedFile:
    local = written.replace("\\", "/")
    if re.match(r"[A-Za-z]:/|//", local):
        # A path on the server (C:\...): the copy in the estate sits next to the script.
        local = local.rsplit("/", 1)[-1]
    path = os.path.normpath(os.path.join(folder, local))
    document = None
    if os.path.isfile(path) and role != "cred":  # a credential file is only checked to exist
        try:
            document = load(path, role, strict=False, encoding=encoding)
        except CfgError:
            document = None
    return NamedFile(role, written, path, line, os.path.isfile(path), document)
