"""`cfgtool check-change`: lint a change before it is made. Compares BEFORE and AFTER (files,
or directories matched by relative path) or a git revision with the working tree, and reports
only what the change introduces plus the transition rules (CHG001-CHG003)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cyberark_cfg import usage
from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app
from cyberark_cfg.lint.change import change_json, change_text, check_change_paths


@app.command("check-change")
def check_change_command(
    paths: list[Path] | None = typer.Argument(
        None, metavar="BEFORE AFTER | PATH...",
        help="BEFORE AFTER (two files or two directories); with --git, the files or "
             "directories to compare (default: the current directory)."),
    git: str | None = typer.Option(None, "--git", metavar="REV",
                                   help="Compare the working tree with this git revision."),
    output_format: str = options.FormatOption,
    config_file: Path | None = options.ConfigOption,
    max_bytes: int = options.MaxBytesOption,
) -> None:
    """Report the findings a change introduces, and unsafe padr.ini transitions."""
    usage.check_format(output_format)
    changes, found = check_change_paths([str(p) for p in paths or []], git, max_bytes=max_bytes,
                                        config_file=options.path_text(config_file))
    typer.echo(json.dumps(change_json(changes, found), indent=2) if output_format == "json"
               else change_text(changes, found))
    raise typer.Exit(EXIT_FINDINGS if found else EXIT_OK)
