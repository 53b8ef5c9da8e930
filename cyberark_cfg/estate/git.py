"""Read one side of `cfgtool check-change --git REV`: the files of a git revision, next to the
working tree, through the `git` command (no library: the user's git, config and filters).

`git cat-file --filters` applies the same end-of-line and smudge filters as a checkout, so a
file compares equal to its working-tree copy when only git's conversion differs.
"""

from __future__ import annotations

import os
import subprocess

from cyberark_cfg.api import DEFAULT_MAX_BYTES, read_bytes
from cyberark_cfg.errors import CfgError
from cyberark_cfg.estate.change import FileChange, Skip, is_config_file, walk


def _git(args: list[str], cwd: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise CfgError("git is not installed or not on PATH") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip().splitlines()[:1])
    return done.stdout


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
        in_rev = {name for name in _tracked(rev, relative, top)
                  if not (os.path.isdir(target) and skip and skip(os.path.join(top, name)))}
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
            before = _git(["cat-file", "--filters", f"{rev}:{name}"], top) \
                if name in in_rev else None
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


def _tracked(rev: str, relative: str, top: str) -> set[str]:
    """Config files of ``rev`` at or under ``relative`` (repository-relative, '/'-separated)."""
    spec = [] if relative == "." else [relative]
    listing = _git(["ls-tree", "-r", "-z", "--name-only", rev, "--", *spec], top)
    names = {n.decode("utf-8", "surrogateescape") for n in listing.split(b"\0") if n}
    return {n for n in names if is_config_file(n)
            and not any(part.startswith(".") for part in n.split("/")[:-1])}

