"""The one configuration of a run, resolved once and used by every command that reads findings
or writes files (lint, fix, check-change, report, state): the configuration file (`--config`,
else the nearest one above the first path), the command line's options on top of it, the paths
to walk, the DR topology and the baseline.

The topology is `--topology`, else the configuration's `topology`, else a `topology.toml` in
the first linted folder or its parents, up to the configuration's folder (the working folder
when there is no configuration file). Every path comes out as :func:`shown_path` spells it.
"""

import os
from pathlib import Path
from typing import NamedTuple

from cyberark_cfg.decoding import ansi_codec
from cyberark_cfg.errors import CfgError
from cyberark_cfg.findings import Severity
from cyberark_cfg.lint.config import LintConfig, find_config, load_config
from cyberark_cfg.lint.discovery import shown_path

TOPOLOGY_NAME = "topology.toml"


class Settings(NamedTuple):
    """What a run reads and how: the configuration, the paths to walk, the topology (None:
    no estate rules) and the baseline (None: every finding is new)."""

    config: LintConfig
    paths: tuple[str, ...]
    topology: str | None
    baseline: str | None

    def in_scope(self, path: str | None) -> bool:
        """Whether ``path`` is one of the walked paths or lies under one: the estate rules'
        findings are reported only there, so linting part of an estate (or pre-commit's
        batches of files) reports each finding once, with the file it is about."""
        if path is None:
            return False
        target = _key(path)
        for root in self.paths:
            top = _key(root)
            if target == top or target.startswith(top.rstrip(os.sep) + os.sep):
                return True
        return False


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def resolve_config(paths: list[str] | tuple[str, ...], config_file: str | None = None
                   ) -> LintConfig:
    """``config_file`` if given, else the nearest one above the first path, else defaults."""
    from cyberark_cfg.rules import CODES

    found = config_file or find_config(paths[0] if paths else os.getcwd())
    return load_config(found, CODES) if found else LintConfig()


def file_encoding(path: str, encoding: str | None = None) -> str | None:
    """The ANSI code page to read ``path``'s 8-bit text in: ``encoding`` (`--encoding`, as
    :func:`~cyberark_cfg.usage.check_encoding` gives it), else the `encoding` of the
    configuration `cfgtool lint` finds for the file; None means cp1252."""
    return encoding if encoding is not None else resolve_config([path]).encoding


def resolve(paths: list[str] | tuple[str, ...] = (), *, config_file: str | None = None,
            topology: str | None = None, baseline: str | None = None,
            select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
            fail_on: Severity | None = None, exclude: tuple[str, ...] = (),
            encoding: str | None = None, find_topology: bool = True) -> Settings:
    """Resolve a run's settings once. Without ``paths`` the walk is the folder of an explicit
    ``topology``, else the working folder (`cfgtool lint` is `cfgtool lint .`). ``encoding``
    (`--encoding`) wins over the configuration's; a name that is not an ANSI code page is a
    ``CfgError``."""
    if encoding is not None:
        try:
            encoding = ansi_codec(encoding)
        except ValueError as exc:
            raise CfgError(f"--encoding: {exc}") from None
    walked = tuple(shown_path(p) for p in paths) or (
        (shown_path(os.path.dirname(topology) or os.curdir),) if topology else (os.curdir,))
    config = resolve_config(walked, config_file).with_options(
        select=select, ignore=ignore, fail_on=fail_on, exclude=exclude, encoding=encoding)
    chosen = topology or config.topology_path()
    if chosen is None and find_topology:
        chosen = discover_topology(walked[0], config)
    chosen_baseline = baseline or config.baseline_path()
    return Settings(config, walked, shown_path(chosen) if chosen else None,
                    shown_path(chosen_baseline) if chosen_baseline else None)


def topology_settings(topology: str | None = None, config_file: str | None = None) -> Settings:
    """The settings of `cfgtool lint --topology FILE` (with no path), for the commands that
    need a topology (`report`, `state`): ``topology``, else the one `cfgtool lint` finds from
    the working folder. No topology is a usage error saying where one was looked for."""
    settings = resolve((), config_file=config_file, topology=topology)
    if settings.topology is None:
        raise CfgError(f"no topology: give --topology FILE, set `topology` in cfgtool.toml, or "
                       f"put a {TOPOLOGY_NAME} in this folder or above it")
    if topology is None:  # found: lint the topology's folder, as `--topology FILE` would
        settings = resolve((), config_file=config_file, topology=settings.topology)
    return settings


def discover_topology(start: str, config: LintConfig) -> str | None:
    """A `topology.toml` in ``start`` (or its folder, for a file) or a parent, up to the
    configuration's folder, or the working folder without a configuration file; only
    ``start``'s own folder when it lies outside that."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    stop = os.path.abspath(config.root if config.source and config.root else os.curdir)
    while True:
        candidate = os.path.join(folder, TOPOLOGY_NAME)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        inside = _key(folder).startswith(_key(stop).rstrip(os.sep) + os.sep)
        if not inside or parent == folder:
            return None
        folder = parent


def topology_or_found(topology: str | None) -> str:
    """``--topology``, else the topology `cfgtool lint` finds (a usage error when none)."""
    if topology is not None:
        return topology
    return str(Path(str(topology_settings().topology)))
