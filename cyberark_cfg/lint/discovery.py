"""Which files `cfgtool lint PATH...` looks at, and as what kind.

Files named on the command line are linted as the kind their name or content says. Directories
are walked recursively: a file is taken when its name is a known one (padr.ini, Vault.ini, ...)
or when its content starts like a credential or parameter file of a known kind. Hidden folders
and what the configuration excludes (backups and copies by default) are skipped, a copy of a
configuration file with a note; a symlinked folder is entered once, so a link loop cannot trap
the walk. Every command that takes a folder walks it here. cfgtool's own backups and temporary
files are always skipped, whatever the configuration says (a temporary file is reported: a run
was killed while writing).
"""

import os
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from cyberark_cfg.api import detect_kind, read_head
from cyberark_cfg.errors import FileAccessError
from cyberark_cfg.grammar import key_line
from cyberark_cfg.kinds import KINDS, kind_by_filename
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.writing.names import is_backup, is_temporary

SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})
SNIFF_BYTES = 65536
# Files larger than this are not parameter files; not worth reading when sniffing a folder.
SNIFF_MAX_SIZE = 1 << 20


class Target(NamedTuple):
    """One file to lint: its path as the user will see it, and its kind (None: not known by
    its name, to be told from its content when it is read). A named tuple: a walk makes one
    per file, and a pool pickles them."""

    path: str
    kind: str | None


class WalkError(NamedTuple):
    """A folder or file the walk could not read (reported; the exit code becomes 2), or, when
    not ``fatal``, a note for stderr that changes nothing (a temporary file left behind)."""

    path: str
    message: str
    fatal: bool = True


LEFTOVER = ("a temporary file left by an interrupted cfgtool run; skipped (delete it when no "
            "cfgtool runs)")


# Told about each file or folder a walk skips by the configuration's excludes: its path and
# why, in words (`looks like a copy of padr.ini`, or the pattern).
Skipped = Callable[[str, str], None]


def _ignore(path: str, reason: str) -> None:
    pass


def shown_path(path: str, cwd: str | None = None, paths: Any = os.path) -> str:
    """``path`` as every output shows it: relative to the working folder (``cwd``) when it
    lies inside it, otherwise as given; normalised (no `./`, the platform's separator).
    ``paths`` is the path module (``ntpath`` to check Windows' rules on any system)."""
    if paths.isabs(path):
        try:
            relative = paths.relpath(path, cwd or os.getcwd())
        except ValueError:  # another drive on Windows
            return str(paths.normpath(path))
        if relative != paths.pardir and not relative.startswith(paths.pardir + paths.sep):
            return str(relative)
    return str(paths.normpath(path))


_COPY_MARK = re.compile(r"\s+-\s+copy(\s*\(\d+\))?", re.IGNORECASE)


def copy_of(name: str) -> str | None:
    """The configuration file name that ``name`` looks like a copy of (`padr.ini.old`,
    `padr - Copy.ini`, `Vault.ini~`, `padr.ini.20240101T000000Z.bak`), or None."""
    plain = _COPY_MARK.sub("", name).rstrip("~")
    if plain.lower().startswith("copy of "):
        plain = plain[len("copy of "):]
    candidates = [plain] + [plain[:at] for at, char in enumerate(plain) if char == "."]
    for candidate in candidates:
        if candidate != name and kind_by_filename(candidate) is not None:
            return candidate
    return None


def targets(paths: list[str], kind: str | None = None, config: LintConfig | None = None,
            skipped: Skipped = _ignore) -> Iterator[Target | WalkError]:
    """Every file to lint under ``paths``, each real file once, in a stable order.

    Folders are walked without what ``config`` excludes (each skipped path goes to
    ``skipped``); a file named in ``paths`` is always taken. Paths come out as
    :func:`shown_path` spells them.
    """
    seen: set[Identity] = set()
    chosen = config or LintConfig()
    for path in map(shown_path, paths):
        if os.path.isdir(path):
            for found, identity in _walk(path, kind, chosen, skipped):
                if identity is None:
                    yield found
                elif identity not in seen:
                    seen.add(identity)
                    yield found
        else:
            identity = file_identity(path)
            if identity not in seen:
                seen.add(identity)
                # By name only: a file with a name we do not know is told by its content when
                # it is read (and decoded) to be linted, not sniffed here first.
                yield Target(path, kind or named_kind(path))


# What makes two paths the same file or folder: (device, inode), or the resolved path of a
# dangling link. One small value each, not a resolved path, so a walk of 50,000 files stays small.
Identity = tuple[int, int] | str


def file_identity(path: str) -> Identity:
    """What makes ``path`` the file or folder it is (see :data:`Identity`)."""
    try:
        info = os.stat(path)
    except OSError:  # a dangling link: reported when it is read
        return os.path.realpath(path)
    return info.st_dev, info.st_ino


class Listing(NamedTuple):
    """One folder as a walk sees it: what it says about the folder's entries in listing order
    (notes on what the excludes skip, as (path, reason), and the :class:`WalkError` of a
    temporary file or of a folder that cannot be listed), the files to lint in name order with
    their identities, and the subfolders to enter in name order."""

    events: list[tuple[str, str] | WalkError]
    files: list[tuple[Target, Identity]]
    subfolders: list[str]
    # The files lint would read: with ``files``, those taken; without, those of a name a kind
    # knows (any, when the kind is given), so unrelated files never count towards a pool.
    files_listed: int


def list_folder(folder: str, device: int, kind: str | None, config: LintConfig,
                files: bool = True) -> Listing:
    """The :class:`Listing` of ``folder`` (on ``device``): one ``scandir``; a file costs no
    system call of its own (its identity is the device and the inode the listing gave, except
    behind a symbolic link, which is followed with ``stat``; on a network share a ``stat`` per
    file was a round trip per file). Without ``files`` only the subfolders are worked out (what
    a pool's parent walks by, leaving the files to the workers)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as exc:
        return Listing([WalkError(exc.filename or folder, exc.strerror or "cannot be read")],
                       [], [], 0)
    events: list[tuple[str, str] | WalkError] = []
    found, subfolders = [], []
    listed = 0
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if not is_folder and not files:
            listed += kind is not None or kind_by_filename(entry.name) is not None
            continue
        if is_folder and (entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS):
            continue
        # scandir(".") lists "./name": shown as "name", as `cfgtool lint` (no path) shows it
        path = entry.name if folder == os.curdir else entry.path
        if not is_folder and is_temporary(entry.name):  # reported whatever the excludes
            events.append(WalkError(path, LEFTOVER, fatal=False))
            continue
        pattern = config.excluded(path, entry.name)
        if pattern is not None:
            original = None if is_folder else copy_of(entry.name)
            events.append((path, f"looks like a copy of {original}" if original
                           else f"excluded by {pattern!r}"))
        elif is_folder:
            subfolders.append(path)
        elif is_backup(entry.name):  # ours, even when the configuration's excludes do not
            pass                     # say *.bak
        else:
            found.append((entry, path))
    found.sort(key=_name)
    targets = []
    for entry, path in found:
        chosen = kind or _kind_of(path)
        if chosen is not None:
            targets.append((Target(path, chosen), _listed_identity(entry, device)))
    subfolders.sort()
    return Listing(events, targets, subfolders, listed if not files else len(targets))


def _walk(top: str, kind: str | None, config: LintConfig, skipped: Skipped
          ) -> Iterator[tuple[Target | WalkError, Identity | None]]:
    """The files of ``top``'s tree (:func:`walk_folders` order), each folder's files (by name)
    before its subfolders, with each file's identity (None for an error); what the excludes
    skip goes to ``skipped`` when its folder is listed."""
    for visit in walk_folders(top, kind, config):
        if visit.listing is None:
            continue  # met before
        for event in visit.listing.events:
            if isinstance(event, WalkError):
                yield event, None
            else:
                skipped(*event)
        yield from visit.listing.files


class Visit(NamedTuple):
    """A folder a walk reached: its identity and listing (None when it is not listed: met
    before through a link, then ``again``, or at the depth where a walk stops, then without
    its identity)."""

    path: str
    identity: Identity | None
    listing: Listing | None
    again: bool = False


def walk_folders(top: str, kind: str | None, config: LintConfig, files: bool = True,
                 stop: int | None = None, visited: set[Identity] | None = None
                 ) -> Iterator[Visit]:
    """The folders of ``top``'s tree with their listings (:func:`list_folder`), depth first:
    each folder before its subfolders, those in name order, which is the order a walk yields
    files in. A folder reached a second time, through a link, is not entered again (it comes
    with ``again``), so a link loop cannot trap the walk. Folders ``stop`` levels below ``top``
    come unlisted and are not entered. ``visited``: the folders entered so far (a new set)."""
    visited = set() if visited is None else visited
    pending = [(top, 0)]
    while pending:
        folder, depth = pending.pop()
        if depth == stop:  # whoever enters it will say what it is
            yield Visit(folder, None, None)
            continue
        identity = file_identity(folder)
        if identity in visited:
            yield Visit(folder, identity, None, again=True)
            continue
        visited.add(identity)  # a folder that cannot be stat'ed cannot be listed: reported
        device = identity[0] if isinstance(identity, tuple) else -1
        listing = list_folder(folder, device, kind, config, files)
        yield Visit(folder, identity, listing)
        # popped from the end: in name order
        pending.extend((path, depth + 1) for path in reversed(listing.subfolders))


def _listed_identity(entry: os.DirEntry[str], device: int) -> Identity:
    """A listed file's identity, from the listing where it can be (see :func:`_walk`)."""
    try:
        if not entry.is_symlink():
            return device, entry.inode()  # no system call on POSIX; one stat on Windows
    except OSError:  # gone since the listing: reported when it is read
        pass
    return file_identity(entry.path)


def _name(listed: tuple[os.DirEntry[str], str]) -> str:
    return listed[0].name


def named_kind(path: str) -> str | None:
    by_name = kind_by_filename(path)
    return by_name.name if by_name is not None else None


def _kind_of(path: str) -> str | None:
    """The kind by name; by content only when the file starts like one of ours."""
    by_name = kind_by_filename(path)
    if by_name is not None:
        return by_name.name
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > SNIFF_MAX_SIZE:
            return None
        head = read_head(path, SNIFF_BYTES)  # regular files only, checked on the descriptor
    except (OSError, FileAccessError):
        return None
    guess = detect_kind(None, head)
    if guess is None or guess == "cred":
        return guess  # detect_kind already demands that a credential file start with its type
    return guess if _first_key_is_marker(head, guess) else None


def _first_key_is_marker(head: bytes, kind: str) -> bool:
    """A parameter file of ``kind``: its first key betrays the kind, and so do at least three
    of its keys (two are common in any INI file: `port` and `address`)."""
    from cyberark_cfg import decoding
    from cyberark_cfg.errors import ParseError

    try:
        text = decoding.decode(head).text
    except ParseError:
        return False
    markers = KINDS[kind].markers
    keys = [match.group(1).strip().lower() for match in key_line().finditer(text)]
    return (bool(keys) and keys[0] in markers
            and len(set(keys).intersection(markers)) >= min(3, len(markers)))
