"""The typer application: global options, command registration, and the one place where errors
become a one-line message and an exit code (never a traceback).

Exit codes: 0 success; 1 findings or a requested check failed; 2 usage error, or a file that
cannot be read, parsed or safely written.

The modules of the commands timed from cold (lint, and show/get/set in files.py) evaluate
their annotations when defined (no `from __future__ import annotations`): typer reads them at
every start, and strings would cost a compile each. The other command modules keep strings.
"""

import contextlib
import gc
import os
import sys

import typer
from typer.core import TyperCommand

from cyberark_cfg import __version__
from cyberark_cfg.cli.suggest import SuggestingCommand, SuggestingGroup
from cyberark_cfg.display import escape_what_the_output_cannot_hold, reader_went_away

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="cfgtool",
    cls=SuggestingGroup,
    help="Read, lint and safely edit CyberArk PAS DR/HA configuration files.",
    no_args_is_help=True,
    # `cfgtool --install-completion` (bash, zsh, fish, PowerShell) and `--show-completion`.
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,  # locals may hold file content
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cfgtool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Read, lint and safely edit CyberArk PAS DR/HA configuration files."""


# Explicit registry: each command module adds its commands to `app` when imported. The
# modules in the order `--help` lists them, and the commands each one holds.
COMMAND_MODULES = {
    "change": ("check-change",),
    "files": ("show", "get", "set"),
    "fix": ("fix",),
    "lint": ("lint", "rules", "explain"),
    "log": ("log",),
    "report": ("report",),
    "runbook": ("runbook",),
    "state": ("state",),
}


def _register(args: list[str] | None = None) -> None:
    """Import the command module that ``args`` names a command of, none for `--version`, or
    all of them (for help, an unknown command, or when ``args`` is None). Importing only one
    keeps a cold `cfgtool lint` from loading the log reader, the fix engine and the estate
    model it does not use."""
    import importlib

    if args and args[0] == "--version":
        return  # answered by the root callback; no command runs
    # The root takes no option with a value, so a command, if any, comes first.
    first = args[0] if args and not args[0].startswith("-") else None
    wanted = [module for module, names in COMMAND_MODULES.items() if first in names]
    for module in wanted or COMMAND_MODULES:
        importlib.import_module(f"cyberark_cfg.cli.{module}")
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = SuggestingCommand


def main() -> None:
    escape_what_the_output_cannot_hold()
    _register(sys.argv[1:])
    try:
        app(prog_name="cfgtool")
    except KeyboardInterrupt:
        typer.echo("cfgtool: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the promise is: never a traceback, never file content
        if isinstance(exc, OSError) and reader_went_away(exc):
            sys.exit(EXIT_FINDINGS)  # as click answers EPIPE
        from cyberark_cfg.api import error_message

        message = error_message(exc)  # ours, an OS error (file and reason), too deep
        if message is None and os.environ.get("CFGTOOL_DEBUG"):
            raise
        typer.echo(f"cfgtool: error: {message}" if message is not None else
                   f"cfgtool: internal error ({type(exc).__name__}); "
                   f"set CFGTOOL_DEBUG=1 to see the traceback", err=True)
        sys.exit(EXIT_ERROR)


def entry() -> None:
    """The console script (and ``python -m cyberark_cfg``): :func:`main`, then leave at once.

    Everything a command writes is closed or flushed by the time it returns, so the process
    skips the interpreter's teardown (freeing every module and object one by one: about 15 ms
    of a 110 ms `cfgtool lint FILE`, 35 ms after a pooled lint of 2,000 files). ``main`` itself
    returns normally, for tests and for scripts that call it in-process.

    The console script owns its process, so it sizes the garbage collector's young generation
    for parsing (the library never touches the collector): with CPython's default of 700
    objects a large file is mostly collection, e.g. `show` of a million `[MAIN]` lines 5.8 s
    of CPU, 2.6 s with 50,000.
    """
    gc.set_threshold(50_000, 20, 10)
    try:
        main()
        code: object = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):  # sys.exit("message"), as the interpreter would show it
        print(code, file=sys.stderr)
        code = EXIT_FINDINGS
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (`| head`) or a closed stream: nothing more to say.
        with contextlib.suppress(OSError, ValueError, AttributeError):  # None under pythonw
            stream.flush()
    os._exit(code)
