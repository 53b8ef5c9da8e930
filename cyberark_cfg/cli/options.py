"""The options several commands share, each declared and checked in one place: `--kind`,
`--section`, `--max-bytes` and the choice of `--format`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

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
EncodingOption = typer.Option(None, "--encoding", metavar="CODEPAGE",
                              help="The ANSI code page of a file that is not Unicode "
                              "(cp1251, cp1250, gbk; default cp1252). Bytes are kept on edit.")


def check_encoding(encoding: str | None) -> str | None:
    """``--encoding``: the code page as Python names it, or a usage error."""
    if encoding is None:
        return None
    from cyberark_cfg.decoding import ansi_codec

    try:
        return ansi_codec(encoding)
    except ValueError as exc:
        raise fail(f"--encoding: {exc}") from None


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
