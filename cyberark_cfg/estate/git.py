"""Read one side of `cfgtool check-change --git REV`: the files of a git revision, next to the
working tree, through the `git` command (no library: the user's git, config and filters).

`git cat-file --filters` applies the same end-of-line and smudge filters as a checkout, so a
file compares equal to its working-tree copy when only git's conversion differs.
"""

from __future__ import annotations

import os
import subprocess

from cyberark_cfg.api import DEFAULT_MAX_BYTES, check_lines, os_reason, read_bytes
from cyberark_cfg.errors import CfgError, FileAccessError
from cyberark_cfg.estate.change import FileChange, Skip, is_config_file, walk


def _git(args: list[str], cwd: str, limit: int = 0) -> bytes:
    """The output of `git ARGS`; with ``limit``, git is stopped (and :class:`_TooBig` raised)
    as soon as it has written more than ``limit`` bytes, so memory stays bounded."""
    try:
        process = subprocess.Popen(["git", *args], cwd=cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise CfgError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise CfgError(f"git cannot be run ({os_reason(exc)})") from None
    assert process.stdout is not None and process.stderr is not None
    with process:
        parts, total = [], 0
        while chunk := process.stdout.read(1 << 20):
            parts.append(chunk)
            total += len(chunk)
            if limit and total > limit:
                process.kill()
                raise _TooBig(total)
        error = process.stderr.read()
    if process.returncode != 0:
        raise _GitFailed(error.decode("utf-8", "replace").strip().splitlines()[:1])
    return b"".join(parts)


class _TooBig(CfgError):
    def __init__(self, size: int) -> None:
        super().__init__(f"over {size} bytes")


class _GitFailed(CfgError):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0] if lines else "git failed")


def git_changes(rev: str, paths: list[str], cwd: str = ".",
                max_bytes: int = DEFAULT_MAX_BYTES, skip: Skip | None = None
                ) -> list[FileChange]:
    """Pair each config file under ``paths`` (default: the current folder) in revision ``rev``
    with its working-tree copy; files present on one side only are paired with None. The
    repository is the one holding the paths; findings show paths the way they were given.
    Folders leave out what ``skip`` says (the lint configuration's excludes), on both sides."""
    if not rev or rev.startswith("-"):
        raise CfgError("--git needs a revision (a commit, branch or tag)")
    given = paths or ["."]
    top = _toplevel([os.path.join(cwd, p) for p in given])
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    except _GitFailed:
        raise CfgError(f"unknown git revision {rev!r}") from None
    changes: dict[str, FileChange] = {}
    for path in given:
        target = os.path.realpath(os.path.join(cwd, path))
        relative = os.path.relpath(target, top).replace(os.sep, "/")
        sizes = {name: size for name, size in _tracked(rev, relative, top).items()
                 if not (os.path.isdir(target) and skip and skip(os.path.join(top, name)))}
        in_rev = set(sizes)
        if os.path.isdir(target):
            base = "" if relative == "." else relative + "/"
            on_disk = {base + rel for rel in walk(target, skip)}
        elif os.path.isfile(target):
            on_disk = {relative}
        elif in_rev:
            on_disk = set()  # deleted in the working tree
        else:
            raise CfgError("no such file or directory", path=path)
        for name in sorted(on_disk | in_rev):
            under = name if relative == "." else name[len(relative):].lstrip("/")
            shown = os.path.join(path, under) if under else path
            before = _blob(rev, name, sizes[name], top, max_bytes) if name in in_rev else None
            after = read_bytes(os.path.join(top, name), max_bytes) if name in on_disk else None
            changes.setdefault(name, FileChange(name, os.path.normpath(shown), before, after))
    return [changes[name] for name in sorted(changes)]


def _toplevel(paths: list[str]) -> str:
    """The one repository holding every path (a missing path counts by its folder)."""
    tops = set()
    for path in paths:
        folder = os.path.realpath(path)
        while not os.path.isdir(folder):
            folder = os.path.dirname(folder)
        try:
            tops.add(os.path.realpath(_git(["rev-parse", "--show-toplevel"], folder)
                                      .decode().strip()))
        except _GitFailed:
            raise CfgError("not inside a git repository", path=path) from None
    if len(tops) != 1:
        raise CfgError("the paths belong to different git repositories")
    return tops.pop()


def _blob(rev: str, name: str, size: int, top: str, max_bytes: int) -> bytes:
    """A file of ``rev`` as a checkout would write it, refused when over ``max_bytes``: by the
    stored size before anything is read, and by the filtered output as it comes."""
    shown = f"{rev}:{name}"
    if max_bytes and size > max_bytes:
        raise FileAccessError(f"file is {size} bytes, over the {max_bytes}-byte limit (raise "
                              f"it with --max-bytes)", path=shown)
    try:
        data = _git(["cat-file", "--filters", shown], top, max_bytes)
    except _TooBig:
        raise FileAccessError(f"file is over the {max_bytes}-byte limit once git's filters "
                              f"ran (raise it with --max-bytes)", path=shown) from None
    check_lines(data, max_bytes, shown)
    return data


def _tracked(rev: str, relative: str, top: str) -> dict[str, int]:
    """Config files of ``rev`` at or under ``relative`` (repository-relative, '/'-separated),
    with their stored sizes (`git ls-tree -l`: read before any blob is)."""
    spec = [] if relative == "." else [relative]
    listing = _git(["ls-tree", "-r", "-z", "-l", rev, "--", *spec], top)
    found = {}
    for record in listing.split(b"\0"):
        meta, tab, raw_name = record.partition(b"\t")
        fields = meta.split()
        if not tab or len(fields) != 4 or fields[1] != b"blob":
            continue  # submodules (commits) and the empty tail
        name = raw_name.decode("utf-8", "surrogateescape")
        if is_config_file(name) and not any(p.startswith(".") for p in name.split("/")[:-1]):
            found[name] = int(fields[3]) if fields[3].isdigit() else 0
    return found

