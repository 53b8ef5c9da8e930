"""`cfgtool log`: the replication verdict, failover episodes and error remedies from a padr.log,
or (``--follow``) the log as it grows, with each error explained and the verdict as it changes.

Exit codes: 0 replication confirmed (healthy, or a full replication completed, recently enough
with --max-age); 1 failing, stale or not confirmed; 2 a log that cannot be read, or bad options.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_FINDINGS, EXIT_OK, app
from cyberark_cfg.display import json_valid
from cyberark_cfg.padrlog import log_report
from cyberark_cfg.padrlog.backscan import DEFAULT_HISTORY_BYTES
from cyberark_cfg.padrlog.report import render_text


@app.command("log")
def log_command(
    path: Path = typer.Argument(..., help="The padr.log (PADR\\Logs\\padr.log)."),
    since: str | None = typer.Option(
        None, "--since", metavar="TIME",
        help="List episodes and errors from TIME on (2024-03-05 10:00, 14:05 today, an age: "
             "30m, 2h, 7d, or 03/05/2024 10:00:00 with --date-order). The verdict always "
             "comes from the end of the log."),
    output_format: str = options.FormatOption,
    read_all: bool = typer.Option(
        False, "--all", help="Read the whole log for history (default: its last "
                             f"{DEFAULT_HISTORY_BYTES >> 20} MiB, and back to the last "
                             "successful cycle)."),
    now: str | None = typer.Option(
        None, "--now", metavar="TIME",
        help="The vault's current local time, for the age of the last cycle "
             "(default: this machine's clock)."),
    max_age: str | None = typer.Option(
        None, "--max-age", metavar="AGE",
        help="Judge a healthy log stale (exit 1) when its last successful cycle is older than "
             "AGE (30m, 2h, 1d): a log nothing writes to any more stays healthy forever."),
    watch: bool = typer.Option(
        False, "--follow",
        help="Print the last lines, then each new line as it is written, explaining errors "
             "and the verdict as it changes; stop with Ctrl-C."),
    date_order: str | None = typer.Option(
        None, "--date-order", metavar="dmy|mdy",
        help="How the log writes dates: dmy (11/10/2019 is 11 October) or mdy. padr.log "
             "follows the server's locale; by default the log tells (a day above 12), and a "
             "log that cannot is reported without times (--since and --max-age then need "
             "this)."),
    interval: float = typer.Option(0.5, "--interval", min=0.05, hidden=True,
                                   help="Seconds between checks for new lines (--follow)."),
) -> None:
    """Judge replication from a padr.log: healthy, full replication completed, failing or
    unknown; the last successful cycle and its age; failover episodes; each error's remedy."""
    report, confirmed = log_report(path, typer.echo, output_format=output_format, since=since,
                                   now=now, max_age=max_age, date_order=date_order,
                                   read_all=read_all, follow=watch, interval=interval)
    code = EXIT_OK if confirmed else EXIT_FINDINGS
    if report is not None:
        typer.echo(json.dumps(json_valid(report.to_dict(exit_code=code)), indent=2)
                   if output_format == "json" else render_text(report))
    raise typer.Exit(code)
