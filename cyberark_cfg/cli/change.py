"""`cfgtool check-change`: lint a change before it is made. Compares BEFORE and AFTER (files,
or directories matched by relative path) or a git revision with the working tree, and reports
only what the change introduces plus the transition rules (CHG001-CHG003)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app, fail
from cyberark_cfg.cli.options import FormatOption, MaxBytesOption, check_format
from cyberark_cfg.display import escape
from cyberark_cfg.estate.change import pair_paths
from cyberark_cfg.estate.git import git_changes
from cyberark_cfg.lint.change import check_change
from cyberark_cfg.lint.output.json_list import record


@app.command("check-change")
def check_change_command(
    paths: list[Path] | None = typer.Argument(
        None, metavar="BEFORE AFTER | PATH...",
        help="BEFORE AFTER (two files or two directories); with --git, the files or "
             "directories to compare (default: the current directory)."),
    git: str | None = typer.Option(None, "--git", metavar="REV",
                                   help="Compare the working tree with this git revision."),
    output_format: str = FormatOption,
    max_bytes: int = MaxBytesOption,
) -> None:
    """Report the findings a change introduces, and unsafe padr.ini transitions."""
    check_format(output_format)
    given = [str(p) for p in paths or []]
    if git is not None:
        changes = git_changes(git, given, max_bytes=max_bytes)
    elif len(given) == 2:
        changes = pair_paths(given[0], given[1], max_bytes)
    else:
        raise fail("give BEFORE and AFTER, or --git REV [PATH...]")
    found = check_change(changes)
    if output_format == "json":
        typer.echo(json.dumps({"files": len(changes), "findings": [record(d) for d in found]},
                              indent=2))
    else:
        for diagnostic in found:
            typer.echo(escape(diagnostic.one_line()))
        count = len(found)
        typer.echo(f"{count} finding{'s' if count != 1 else ''} introduced by the change "
                   f"({len(changes)} file{'s' if len(changes) != 1 else ''} compared)"
                   if count else f"no finding introduced ({len(changes)} files compared)")
    raise typer.Exit(EXIT_FINDINGS if found else EXIT_OK)
