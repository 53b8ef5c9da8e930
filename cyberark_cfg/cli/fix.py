"""`cfgtool fix`: run a DR procedure on padr.ini, put an address first in Vault.ini, apply the
estate's fixes (--topology) or the lint rules' safe fixes, through
:func:`cyberark_cfg.fixing.present.fix_files`.

Exit 0 when done or nothing to do, 1 when --check or --diff sees a change, the lint fixes
cannot be planned, or (with --fail-on-remaining) findings remain, 2 for a usage error or a file
that cannot be read, parsed, changed as planned or verified (then nothing is written). The lint
fixes honour the configuration `cfgtool lint` uses: what it does not report, fix does not touch.
"""

from __future__ import annotations

from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app
from cyberark_cfg.fixing.present import fix_files


@app.command()
def fix(
    paths: list[Path] = typer.Argument(None, metavar="PATH", help="The files to fix; for the "
                                       "lint fixes, folders too (walked as lint walks them). "
                                       "With --topology: limit its fixes to these files."),
    failback_: bool = typer.Option(False, "--failback", help="padr.ini: return this vault to "
                                   "standby replication (FailoverMode=No, position removed; "
                                   "EnableFailover untouched)."),
    full: bool = typer.Option(False, "--full-replication", help="padr.ini: force a full "
                              "replication (KB 000004199: FailoverMode=No, position removed)."),
    manual: bool = typer.Option(False, "--manual-failover", help="padr.ini: take over at the "
                                "next DR service start (EnableFailover=No, "
                                "ActivateManualFailover=Yes); refused when FailoverMode=Yes."),
    rearm: bool = typer.Option(False, "--rearm-failover", help="padr.ini: re-arm automatic "
                               "failover (EnableFailover=Yes) once replication is verified; "
                               "refused when FailoverMode=Yes."),
    first: str | None = typer.Option(None, "--first", metavar="ADDRESS", help="Vault.ini: put "
                                     "ADDRESS first in the ADDRESS list."),
    position: int | None = typer.Option(None, "--position", help="With --full-replication: "
                                        "-1 sets NextBinaryLogNumberToStartAt=-1 instead."),
    unsafe: bool = typer.Option(False, "--unsafe-fixes", help="Lint fixes: apply the unsafe "
                                "ones too."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff; write nothing; exit "
                              "1 if a file would change."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if a file would "
                               "change."),
    fail_on_remaining: bool = typer.Option(False, "--fail-on-remaining", help="Lint fixes: "
                                           "also exit 1 when findings at or above the "
                                           "configuration's fail-on remain after the fixes."),
    config_file: Path | None = options.ConfigOption,
    exclude: list[str] = options.ExcludeOption,
    backup: bool = options.BackupOption,
    allow_metadata_loss: bool = options.AllowMetadataLossOption,
    record: Path | None = typer.Option(None, "--record", metavar="FILE", help="Append one JSON "
                                       "line per changed file (change evidence)."),
    topology: Path | None = typer.Option(None, "--topology", "-t", metavar="FILE",
                                         help="DR topology: reorder or complete the components' "
                                         "ADDRESS lists (the DR003/DR004 fixes)."),
    follow_links: bool = typer.Option(False, "--follow-links", help="Also fix files that a "
                                      "link in a named folder leads to outside that folder "
                                      "(by default they are left alone)."),
    force: bool = typer.Option(False, "--force", help="--first: write even a result lint "
                               "would call an error (an invalid address)."),
    kind: str | None = options.KindOption,
    max_bytes: int = options.MaxBytesOption,
    encoding: str | None = options.EncodingOption,
) -> None:
    """Fix files with verified, atomic edits: a DR procedure, --first, the estate's fixes
    (--topology) or the lint fixes."""
    run, done = fix_files(
        [str(p) for p in paths or []], typer.echo, failback=failback_, full_replication=full,
        manual_failover=manual, rearm_failover=rearm, first=first, position=position,
        unsafe=unsafe, diff=diff, check=check, backup=backup, record=options.path_text(record),
        allow_metadata_loss=allow_metadata_loss, kind=kind, topology=options.path_text(topology),
        config_file=options.path_text(config_file), exclude=exclude or (), force=force,
        fail_on_remaining=fail_on_remaining, follow_links=follow_links, max_bytes=max_bytes,
        encoding=encoding)
    if run.errors or not done:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if ((diff or check) and run.changed) or run.unresolved
                     else EXIT_OK)
