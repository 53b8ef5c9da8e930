"""The options several commands share, each declared and checked in one place (`--kind`,
`--section`, `--max-bytes`, `--config`, `--topology`, `--now`, the choice of `--format`...), and
the one way a bad option value becomes a usage error."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import typer

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.cli.app import fail
from cyberark_cfg.kinds import KINDS

KindOption = typer.Option(None, "--kind", "-k",
                          help=f"Force the file kind: {', '.join(KINDS)}.")
SectionOption = typer.Option(None, "--section", "-s", help="Section name (e.g. MAIN).")
MaxBytesOption = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                              help="Refuse files larger than this.")
FormatOption = typer.Option("text", "--format", "-f", help="text or json.")
ConfigOption = typer.Option(None, "--config", help="Configuration file (cfgtool.toml; default: "
                            "the one `cfgtool lint` finds from the files given).")
ExcludeOption = typer.Option(None, "--exclude", metavar="PATTERN",
                             help="Also skip files and folders matching this pattern in folder "
                             "walks (repeatable; on top of the default excludes: backups and "
                             "copies).")
TopologyOption = typer.Option(None, "--topology", "-t",
                              help="The topology file naming the vaults and components "
                              "(default: the one `cfgtool lint` finds).")
NowOption = typer.Option(None, "--now", help="Times and ages from this ISO 8601 time, not the "
                         "clock.")
BackupOption = typer.Option(False, "--backup", help="Keep <file>.<UTC time>.bak.")
AllowMetadataLossOption = typer.Option(False, "--allow-metadata-loss", help="Write even when "
                                       "the owner, ACL or extended attributes cannot be kept.")
EncodingOption = typer.Option(None, "--encoding", metavar="CODEPAGE",
                              help="The ANSI code page of a file that is not Unicode "
                              "(cp1251, cp1250, gbk; default cp1252). Bytes are kept on edit.")


def check_encoding(encoding: str | None) -> str | None:
    """``--encoding``: the code page as Python names it, or a usage error."""
    if encoding is None:
        return None
    from cyberark_cfg.decoding import ansi_codec

    with usage_errors("--encoding"):
        return ansi_codec(encoding)


def check_kind(kind: str | None) -> str | None:
    """``--kind``: the kind's name, or a usage error naming the known kinds."""
    if kind is None:
        return None
    name = kind.strip().lower()
    if name not in KINDS:
        raise fail(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    return name


def check_format(given: str, formats: Sequence[str] = ("text", "json")) -> str:
    """``--format``: one of ``formats``, or a usage error listing them."""
    if given not in formats:
        raise fail(f"--format must be {', '.join(formats[:-1])} or {formats[-1]}")
    return given


def parse_now(text: str | None) -> datetime:
    """``--now``: an ISO 8601 time (naive means UTC); the clock when not given."""
    if text is None:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise fail("--now must be an ISO 8601 time, for example 2026-10-01T12:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@contextmanager
def usage_errors(option: str = "") -> Iterator[None]:
    """A ``ValueError`` inside becomes a usage error (exit 2), prefixed ``option: `` if given."""
    try:
        yield
    except ValueError as exc:
        raise fail(f"{option}: {exc}" if option else str(exc)) from None


def path_text(path: Path | None) -> str | None:
    """A path option as the library takes it: its text, or None when not given."""
    return None if path is None else str(path)


def topology_or_found(topology: Path | None) -> Path:
    """``--topology``, else the topology `cfgtool lint` finds (a usage error when none)."""
    if topology is not None:
        return topology
    from cyberark_cfg.lint.resolve import topology_settings

    return Path(str(topology_settings().topology))
