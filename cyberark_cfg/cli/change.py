"""`cfgtool check-change`: lint a change before it is made. Compares BEFORE and AFTER (files,
or directories matched by relative path) or a git revision with the working tree, and reports
only what the change introduces plus the transition rules (CHG001-CHG003)."""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app
from cyberark_cfg.lint.change import change_output


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
    encoding: str | None = options.EncodingOption,
) -> None:
    """Report the findings a change introduces, and unsafe padr.ini transitions."""
    shown, found = change_output([str(p) for p in paths or []], git, output_format=output_format,
                                 config_file=options.path_text(config_file), max_bytes=max_bytes,
                                 encoding=encoding)
    typer.echo(shown)
    raise typer.Exit(EXIT_FINDINGS if found else EXIT_OK)
