"""The resolved lint configuration, and where it comes from: `cfgtool.toml`, or `[tool.cfgtool]`
in `pyproject.toml`, found from the linted path upward, or named with `--config`.

A configuration that does not parse, or has keys we do not know, is a usage error naming the
file and line. :class:`LintConfig` is a frozen value, so a process pool can receive it.
"""

import fnmatch
import os
import re
import sys
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from cyberark_cfg.api import read_bytes
from cyberark_cfg.decoding import ansi_codec
from cyberark_cfg.errors import CfgError, FileAccessError
from cyberark_cfg.findings import Severity
from cyberark_cfg.lint import selectors

MAX_CONFIG_BYTES = 4 * 1024 * 1024
KEYS = ("select", "ignore", "per-file-ignores", "severity", "fail-on", "topology", "baseline",
        "exclude", "extend-exclude", "encoding")
# What no folder walk takes (`exclude` in the configuration replaces these, `extend-exclude`
# and `--exclude` add to them): backups (ours are `<file>.<UTC time>.bak`), editor and OS
# copies, and the temporary files of an interrupted write (`.<file>.<random>.cfgtool-tmp`).
# A file named on the command line is always taken.
DEFAULT_EXCLUDE = ("*.bak", "*.old", "*.orig", "*.tmp", "*.swp", "*~", "* - Copy*", "Copy of *",
                   "*.cfgtool-tmp")


class ConfigError(CfgError):
    """A configuration file or option that cannot be used (exit code 2)."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.line, self.column = line, column
        super().__init__(message, path=path)

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.message}" if where else self.message


class LintConfig(NamedTuple):
    """What to report and how: everything the per-file lint function needs."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = Severity.WARNING
    topology: str | None = None  # the DR topology file, relative to the configuration file
    baseline: str | None = None  # the baseline file, relative to the configuration file
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    encoding: str | None = None  # the ANSI code page of 8-bit files (None: cp1252)
    root: str | None = None  # folder that per-file-ignores patterns are relative to
    source: str | None = None  # the file this came from, if any

    def enabled(self, code: str) -> bool:
        chosen = selectors.match_length(code, self.select)
        return chosen >= 0 and chosen > selectors.match_length(code, self.ignore)

    def topology_path(self) -> str | None:
        """The configured topology file, resolved against the configuration's folder."""
        return self._beside(self.topology)

    def baseline_path(self) -> str | None:
        """The configured baseline file, resolved against the configuration's folder."""
        return self._beside(self.baseline)

    def _beside(self, name: str | None) -> str | None:
        if name is None:
            return None
        base = os.path.dirname(self.source) if self.source else os.getcwd()
        return os.path.normpath(os.path.join(base, name))

    def excluded(self, path: str, name: str | None = None) -> str | None:
        """The exclude pattern a walk skips ``path`` (file or folder) by, or None.

        A pattern without `/` matches the name, one with `/` the path relative to the
        configuration's folder (the working folder without one); case does not matter.
        ``name`` is the path's last part when the caller knows it (a folder listing does).
        """
        patterns = self.exclude + self.extend_exclude
        by_name, by_path = _compiled(patterns)
        name = (name or os.path.basename(os.path.normpath(path))).lower()
        if by_name.match(name) is None and by_path is None:
            return None  # the common case: one regular expression per file
        relative = _relative(path, self.root or os.getcwd()).lower()
        for pattern in patterns:
            subject = relative if "/" in pattern else name
            if fnmatch.fnmatchcase(subject, pattern.lower().strip("/")):
                return pattern
        return None

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Selectors that per-file-ignores turns off for ``path``."""
        if not self.per_file_ignores:
            return ()
        relative = _relative(path, self.root)
        name = PurePosixPath(relative).name
        found: list[str] = []
        for pattern, codes in self.per_file_ignores:
            subject = relative if "/" in pattern else name
            if fnmatch.fnmatchcase(subject.lower(), pattern.lower()):
                found.extend(codes)
        return tuple(found)

    def severity_for(self, code: str, default: Severity) -> Severity:
        best, chosen = -1, default
        for selector, level in self.severity:
            length = selectors.match_length(code, (selector,))
            if length > best:
                best, chosen = length, level
        return chosen

    def with_options(self, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                     fail_on: Severity | None = None,
                     exclude: tuple[str, ...] = (), encoding: str | None = None) -> "LintConfig":
        """Command-line options on top: --select replaces, --ignore and --exclude add,
        --fail-on and --encoding replace."""
        return self._replace(select=select or self.select, ignore=self.ignore + ignore,
                             fail_on=fail_on or self.fail_on,
                             extend_exclude=self.extend_exclude + exclude,
                             encoding=encoding or self.encoding)


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The name patterns as one expression, and the path patterns (None when there are none)."""
    def one(chosen: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(fnmatch.translate(p.lower().strip("/")) for p in chosen)
                          or "(?!)")
    with_slash = [p for p in patterns if "/" in p]
    return (one([p for p in patterns if "/" not in p]),
            one(with_slash) if with_slash else None)


def _relative(path: str, root: str | None) -> str:
    absolute = os.path.abspath(path)
    if root:
        try:
            return Path(os.path.relpath(absolute, root)).as_posix()
        except ValueError:  # another drive on Windows
            pass
    return Path(absolute).as_posix()


def find_config(start: str) -> str | None:
    """The nearest `cfgtool.toml`, or `pyproject.toml` with `[tool.cfgtool]`, from ``start`` up."""
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "cfgtool.toml"
        if own.is_file():
            return str(own)
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return str(pyproject)
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*cfgtool\s*[\].]", text, re.MULTILINE) is not None


def load_config(path: str, known_codes: tuple[str, ...]) -> LintConfig:
    """Read and check the configuration in ``path`` (a cfgtool.toml or a pyproject.toml)."""
    # Imported here: most runs find no configuration file, and need no TOML parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    try:
        text = read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileAccessError as exc:
        raise ConfigError(f"cannot read the configuration ({exc.message})", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError("cannot read the configuration (not UTF-8 text)", path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", path=path,
                          line=int(where.group(1)) if where else None,
                          column=int(where.group(2)) if where else None) from None
    except RecursionError:
        raise ConfigError("invalid TOML: arrays or tables nested too deeply",
                          path=path) from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("cfgtool", {})
    return _build(data, text, path, known_codes)


def _build(data: dict[str, Any], text: str, path: str, codes: tuple[str, ...]) -> LintConfig:
    def fail(message: str, key: str) -> ConfigError:
        return ConfigError(message, path=path, line=_line_of(text, key))

    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("_", "-")
        if key not in KEYS:
            raise fail(f"unknown key {raw_key!r}; known keys: {', '.join(KEYS)}", raw_key)
        values[key] = value

    def selector_list(key: str, value: Any, line_key: str | None = None) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"{key} must be a list of rule codes or prefixes", line_key or key)
        found = tuple(selectors.normalise(v) for v in value)
        for selector in found:
            if not selectors.is_known(selector, codes):
                raise fail(f"{key}: unknown rule code or prefix {selector!r}", line_key or key)
        return found

    config = LintConfig(root=str(Path(path).resolve().parent), source=path)
    if "select" in values:
        config = config._replace(select=selector_list("select", values["select"]))
    if "ignore" in values:
        config = config._replace(ignore=selector_list("ignore", values["ignore"]))
    table = values.get("per-file-ignores", {})
    if not isinstance(table, dict):
        raise fail("per-file-ignores must be a table of pattern = [codes]", "per-file-ignores")
    config = config._replace(per_file_ignores=tuple(
        (pattern, selector_list(f"per-file-ignores {pattern!r}", table[pattern], pattern))
        for pattern in table))
    levels = values.get("severity", {})
    if not isinstance(levels, dict):
        raise fail("severity must be a table of code = \"error\" | \"warning\" | \"info\"",
                   "severity")
    overrides = []
    for selector, level in levels.items():
        selector_list("severity", [selector], selector)
        try:
            overrides.append((selectors.normalise(selector), Severity.parse(str(level))))
        except ValueError as exc:
            raise fail(f"severity {selector}: {exc}", selector) from None
    config = config._replace(severity=tuple(overrides))
    if "fail-on" in values:
        try:
            config = config._replace(fail_on=Severity.parse(str(values["fail-on"])))
        except ValueError as exc:
            raise fail(f"fail-on: {exc}", "fail-on") from None
    for key in ("topology", "baseline"):
        if key in values:
            if not isinstance(values[key], str):
                raise fail(f"{key} must be a string (a path)", key)
            config = config._replace(**{key: values[key]})
    for key in ("exclude", "extend-exclude"):
        if key in values:
            patterns = values[key]
            if not isinstance(patterns, list) or not all(isinstance(p, str) and p.strip()
                                                         for p in patterns):
                raise fail(f"{key} must be a list of file name or path patterns", key)
            chosen = tuple(p.strip().replace("\\", "/") for p in patterns)
            config = (config._replace(exclude=chosen) if key == "exclude"
                      else config._replace(extend_exclude=chosen))
    if "encoding" in values:
        page = values["encoding"]
        # A number is a Windows code page number (`encoding = 1251` is cp1251).
        if isinstance(page, bool) or not isinstance(page, (str, int)):
            raise fail("encoding must be a string or a code page number (\"cp1251\", 1251)",
                       "encoding")
        if isinstance(page, int) and page <= 0:
            raise fail(f"encoding: unknown code page {page}", "encoding")
        try:
            config = config._replace(encoding=ansi_codec(str(page)))
        except ValueError as exc:
            raise fail(f"encoding: {exc}", "encoding") from None
    return config


def _line_of(text: str, key: str) -> int | None:
    """The line where ``key`` is set or opens a table (TOML parsers do not report it)."""
    pattern = re.compile(r"^\s*(?:\[\s*)?[\"']?" + re.escape(key) + r"[\"']?\s*[=\].]",
                         re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None
