"""The options several commands share, each declared in one place (`--kind`, `--section`,
`--max-bytes`, `--config`, `--topology`, `--now`, `--format`...); their values are checked by
:mod:`cyberark_cfg.usage`."""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg.api import DEFAULT_MAX_BYTES
from cyberark_cfg.kinds import KINDS

KindOption = typer.Option(None, "--kind", "-k",
                          help=f"Force the file kind: {', '.join(KINDS)}.")
SectionOption = typer.Option(None, "--section", "-s", help="Section name (e.g. MAIN).")
MaxBytesOption = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                              help="Refuse files larger than this, without reading them.")
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


def path_text(path: Path | None) -> str | None:
    """A path option as the library takes it: its text, or None when not given."""
    return None if path is None else str(path)


def found_topology() -> str:
    """The topology `cfgtool lint` finds (its machinery loaded only when asked)."""
    from cyberark_cfg.lint.resolve import topology_or_found

    return topology_or_found(None)
