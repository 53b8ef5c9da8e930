"""The topology file: which vaults make up the DR estate, on which sites, and which component
files belong to which site. Read from TOML and checked strictly: a file that does not parse or
names an unknown key is a usage error that names its line.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import Any

from cyberark_cfg.api import read_bytes
from cyberark_cfg.display import escape
from cyberark_cfg.errors import ParseError
from cyberark_cfg.estate.toml_lines import TomlLines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

TOO_DEEP = "not valid TOML: arrays or tables nested too deeply"
PRIMARY, DR = "primary", "dr"
STATES = ("normal", "failover")
_TOP_KEYS = ("expected_state", "vaults", "components", "psm", "backup")
_VAULT_KEYS = ("site", "addresses", "padr", "vault_ini", "role", "services", "padrlog")
_COMPONENT_KEYS = ("site", "files", "prefer", "vaults", "name", "role")
# What a component is: it decides the address order it needs (a CPM stays on the active vault
# only). Inferred from the folder or file name when a component does not say (estate.roles).
ROLES = ("pvwa", "cpm", "psm", "psmp", "cp", "backup", "other")
_PSM_KEYS = ("server_ids",)
_BACKUP_KEYS = ("script",)  # the Backup.cmd that runs PAReplicate (estate.backup)
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


class TopologyError(ParseError):
    """A topology file that cannot be used: names the file, line and column."""

    def __init__(self, message: str, *, path: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message, path=path, line=line, column=column, code="topology")


@dataclass(frozen=True)
class Vault:
    """One vault: its role (``primary`` or ``dr``), site, addresses and PADR files."""

    name: str
    role: str
    site: str
    addresses: tuple[str, ...]
    padr: str | None
    vault_ini: str | None
    services: str | None = None  # a service snapshot (Get-Service JSON or CSV, sc queryex)
    padrlog: str | None = None  # the vault's PADR\Logs\padr.log

    def answers_on(self, address: str) -> bool:
        wanted = address.strip().lower()
        return any(a.lower() == wanted for a in self.addresses)


@dataclass(frozen=True)
class Component:
    """A ``[[components]]`` entry: a site and the file patterns that live there."""

    index: int
    site: str
    patterns: tuple[str, ...]
    prefer: str  # the vault that must come first in ADDRESS: the site's own
    required: tuple[str, ...]  # the vaults ADDRESS must list (default: every vault)
    name: str | None = None
    role: str | None = None  # one of ROLES; None: inferred per file from its path

    @property
    def label(self) -> str:
        return self.name or f"components[{self.index}] ({self.site})"


@dataclass(frozen=True)
class Topology:
    """A parsed topology; paths are resolved against the topology file's folder."""

    path: str
    expected_state: str | None
    vaults: tuple[Vault, ...]
    components: tuple[Component, ...]
    psm_server_ids: tuple[str, ...] | None
    lines: TomlLines
    backup_script: str | None = None  # [backup] script = "prod/backup/Backup.cmd"

    @property
    def base(self) -> str:
        return os.path.dirname(self.path)

    def resolve(self, relative: str) -> str:
        return os.path.normpath(os.path.join(self.base, relative))

    @property
    def primary(self) -> Vault:
        return next(v for v in self.vaults if v.role == PRIMARY)

    @property
    def dr_vaults(self) -> list[Vault]:
        return [v for v in self.vaults if v.role == DR]

    def vault(self, name: str) -> Vault:
        return next(v for v in self.vaults if v.name == name)

    def owner_of(self, address: str) -> Vault | None:
        """The vault that answers on ``address`` (compared case-insensitively)."""
        return next((v for v in self.vaults if v.answers_on(address)), None)


def load_topology(path: str | os.PathLike[str]) -> Topology:
    """Read and check a topology file; raises :class:`TopologyError` naming the line."""
    name = os.fspath(path)
    data = read_bytes(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line_start = data.rfind(b"\n", 0, start) + 1
        raise TopologyError("not UTF-8 text (TOML files are UTF-8)", path=name,
                            line=data.count(b"\n", 0, start) + 1,
                            column=start - line_start + 1) from None
    return parse_topology(text, name)


def parse_topology(text: str, path: str) -> Topology:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        raise TopologyError(f"not valid TOML: {_TOML_POSITION.sub('', message)}",
                            path=path, line=line, column=column) from None
    except RecursionError:
        raise TopologyError(TOO_DEEP, path=path) from None
    return _Reader(raw, path, TomlLines(text)).topology()


class _Reader:
    """Checks the parsed TOML against the topology's shape, one key at a time."""

    def __init__(self, raw: dict[str, Any], path: str, lines: TomlLines) -> None:
        self.raw, self.path, self.lines = raw, path, lines

    def fail(self, message: str, *where: str | int) -> TopologyError:
        return TopologyError(message, path=self.path, line=self.lines.line_of(*where))

    def table(self, value: object, known: tuple[str, ...], *where: str | int) -> dict[str, Any]:
        label = ".".join(str(w) for w in where) or "the top level"
        if not isinstance(value, dict):
            raise self.fail(f"{label} must be a table", *where)
        for key in value:
            if key not in known:
                raise self.fail(f"unknown key {key!r} in {label}; known keys: "
                                f"{', '.join(known)}", *where, key)
        return value

    def string(self, table: dict[str, Any], key: str, *where: str | int,
               required: bool = True) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key} must be a non-empty string", *where, key)
        return self.no_nul(value, key, *where).strip()

    def plain(self, value: str, key: str, *where: str | int) -> str:
        """A name (of a vault, a site, a component) or an address is printed in every text
        output: a control character or a bidirectional override in it would forge or reorder
        a line there."""
        if escape(value) != value:
            raise self.fail(f"{key} '{escape(value)}' holds a control character", *where, key)
        return value

    def no_nul(self, value: str, key: str, *where: str | int) -> str:
        """A NUL ends a name for the operating system: a path holding one names no file."""
        if "\0" in value:
            raise self.fail(f"{key} holds a NUL character (\\u0000)", *where, key)
        return value

    def strings(self, table: dict[str, Any], key: str, *where: str | int,
                required: bool = True) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if (not isinstance(value, list) or not value
                or not all(isinstance(v, str) and v.strip() for v in value)):
            raise self.fail(f"{key} must be a non-empty list of strings", *where, key)
        return tuple(self.no_nul(v, key, *where).strip() for v in value)

    def topology(self) -> Topology:
        top = self.table(self.raw, _TOP_KEYS)
        expected = self.string(top, "expected_state", required=False)
        if expected is not None and expected not in STATES:
            raise self.fail("expected_state must be \"normal\" or \"failover\"", "expected_state")
        vaults = self.vaults(top.get("vaults"))
        components = self.components(top.get("components", []), vaults)
        psm = self.table(top.get("psm", {}), _PSM_KEYS, "psm")
        server_ids = self.strings(psm, "server_ids", "psm", required=False)
        backup = self.table(top.get("backup", {}), _BACKUP_KEYS, "backup")
        script = self.string(backup, "script", "backup", required=False)
        return Topology(self.path, expected, vaults, components, server_ids, self.lines,
                        backup_script=script)

    def vaults(self, value: object) -> tuple[Vault, ...]:
        if not isinstance(value, dict) or not value:
            raise self.fail("a topology needs a [vaults.<name>] table for each vault", "vaults")
        vaults = []
        for name, body in value.items():
            self.plain(name, "vault name", "vaults", name)
            table = self.table(body, _VAULT_KEYS, "vaults", name)
            role = self.string(table, "role", "vaults", name, required=False)
            role = role or (name if name in (PRIMARY, DR) else None)
            if role not in (PRIMARY, DR):
                raise self.fail(f"vaults.{name}: say role = \"primary\" or \"dr\"",
                                "vaults", name, "role")
            padr = self.string(table, "padr", "vaults", name, required=False)
            vault_ini = self.string(table, "vault_ini", "vaults", name, required=False)
            services = self.string(table, "services", "vaults", name, required=False)
            padrlog = self.string(table, "padrlog", "vaults", name, required=False)
            vaults.append(Vault(
                name=name, role=role,
                site=self.plain(self.string(table, "site", "vaults", name) or "", "site",
                                "vaults", name),
                addresses=tuple(self.plain(a, "address", "vaults", name, "addresses")
                                for a in self.strings(table, "addresses", "vaults", name) or ()),
                padr=padr, vault_ini=vault_ini, services=services, padrlog=padrlog))
        primaries = [v.name for v in vaults if v.role == PRIMARY]
        if len(primaries) != 1 or DR not in [v.role for v in vaults]:
            raise self.fail("a topology needs exactly one primary vault and at least one dr "
                            "vault", "vaults", *primaries[1:2])
        self.check_unique_addresses(vaults)
        return tuple(vaults)

    def check_unique_addresses(self, vaults: list[Vault]) -> None:
        seen: dict[str, str] = {}
        for vault in vaults:
            for address in vault.addresses:
                other = seen.setdefault(address.lower(), vault.name)
                if other != vault.name:
                    raise self.fail(f"address {address} belongs to both vaults.{other} and "
                                    f"vaults.{vault.name}", "vaults", vault.name, "addresses")

    def components(self, value: object, vaults: tuple[Vault, ...]) -> tuple[Component, ...]:
        if not isinstance(value, list):
            raise self.fail("components must be an array of tables ([[components]])",
                            "components")
        names = [v.name for v in vaults]
        found = []
        for index, body in enumerate(value):
            where = ("components", index)
            table = self.table(body, _COMPONENT_KEYS, *where)
            site = self.plain(self.string(table, "site", *where) or "", "site", *where)
            prefer = self.string(table, "prefer", *where, required=False)
            required = self.strings(table, "vaults", *where, required=False)
            for key, listed in (("prefer", (prefer,) if prefer else ()), ("vaults", required)):
                unknown = [n for n in listed or () if n not in names]
                if unknown:
                    raise self.fail(f"{key} names no vault of this topology: {unknown[0]!r}",
                                    *where, key)
            if prefer is None:
                prefer = self.site_vault(vaults, site, *where)
            role = self.string(table, "role", *where, required=False)
            if role is not None and role.lower() not in ROLES:
                raise self.fail(f"role must be one of {', '.join(ROLES)}", *where, "role")
            found.append(Component(
                index=index, site=site,
                patterns=self.strings(table, "files", *where) or (),
                prefer=prefer, required=tuple(dict.fromkeys((prefer, *(required or names)))),
                name=self.plain(self.string(table, "name", *where, required=False) or "",
                                "name", *where) or None,
                role=role.lower() if role else None))
        return tuple(found)

    def site_vault(self, vaults: tuple[Vault, ...], site: str, *where: str | int) -> str:
        """The vault a component on ``site`` reaches first: the site's own (its primary, when
        the site hosts more than one vault)."""
        local = [v for v in vaults if v.site == site]
        if len(local) > 1:
            local = [v for v in local if v.role == PRIMARY]
        if len(local) != 1:
            raise self.fail(f"cannot tell which vault a component on site {site!r} reaches "
                            f"first: say prefer = \"<vault name>\"", *where, "site")
        return local[0].name
