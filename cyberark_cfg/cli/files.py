"""`cfgtool show`, `get` and `set`: inspect one file, read a key, change a key in place.
Annotations are objects, not strings, for typer to read at every start without compiling.
"""

import sys
from pathlib import Path

import typer

from cyberark_cfg.cli import options
from cyberark_cfg.cli.app import EXIT_FINDINGS, app
from cyberark_cfg.display import escape, write_value
from cyberark_cfg.lint.resolve import file_encoding
from cyberark_cfg.listing import read_value, show_file


@app.command()
def show(
    path: Path = typer.Argument(..., help="The file to show."),
    kind: str | None = options.KindOption,
    output_format: str = options.FormatOption,
    max_bytes: int = options.MaxBytesOption,
    encoding: str | None = options.EncodingOption,
) -> None:
    """Print a file's kind, encoding, line endings and entries (secrets redacted)."""
    typer.echo(show_file(str(path), kind=kind, output_format=output_format, max_bytes=max_bytes,
                         encoding=encoding, find_encoding=file_encoding))


@app.command()
def get(
    path: Path = typer.Argument(..., help="The file to read."),
    key: str = typer.Argument(..., help="The key (any case)."),
    section: str | None = options.SectionOption,
    kind: str | None = options.KindOption,
    reveal: bool = typer.Option(False, "--reveal", help="Print a secret value."),
    max_bytes: int = options.MaxBytesOption,
    encoding: str | None = options.EncodingOption,
) -> None:
    """Print the effective value of KEY (exit 1 when it is absent)."""
    value = read_value(str(path), key, section, kind=kind, reveal=reveal, max_bytes=max_bytes,
                       encoding=encoding, find_encoding=file_encoding)
    if value is None:
        typer.echo(f"cfgtool: {escape(str(path))}: no key {escape(repr(key))}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    # The value itself for a script (not through echo, which drops escape sequences when
    # piped); on a terminal its control characters are escaped.
    write_value((escape(value) if sys.stdout.isatty() else value) + "\n")


@app.command("set")
def set_(
    path: Path = typer.Argument(..., help="The file to change in place."),
    key: str = typer.Argument(..., help="The key (any case; inserted when absent)."),
    value: str = typer.Argument(..., help="The new value."),
    section: str | None = options.SectionOption,
    kind: str | None = options.KindOption,
    occurrence: int | None = typer.Option(None, "--occurrence", metavar="N", min=1,
                                          help="A key on several lines: change the N-th one."),
    every: bool = typer.Option(False, "--all", help="A key on several lines: change them all."),
    backup: bool = options.BackupOption,
    allow_metadata_loss: bool = options.AllowMetadataLossOption,
    force: bool = typer.Option(False, "--force", help="Write even what lint would refuse: an "
                               "error, an unknown key, a secret in clear text."),
    max_bytes: int = options.MaxBytesOption,
    encoding: str | None = options.EncodingOption,
) -> None:
    """Set KEY to VALUE, changing only that line; the write is atomic and verified. An edit
    lint would call an error (an unknown key, an invalid value, a secret in clear text) is
    refused unless --force."""
    from cyberark_cfg.fixing.setkey import set_key

    outcome, _, forced = set_key(path, key, value, section, kind=kind, occurrence=occurrence,
                                 every=every, backup=backup, force=force,
                                 allow_metadata_loss=allow_metadata_loss, max_bytes=max_bytes,
                                 encoding=encoding)
    shown, name = escape(str(path)), escape(key)
    for reason in forced:
        typer.echo(f"cfgtool: warning: {shown}: forced: {escape(reason)}", err=True)
    if outcome.changed:
        typer.echo(f"{shown}: set {name}")
    else:
        typer.echo(f"{shown}: {name} already set; nothing written")
