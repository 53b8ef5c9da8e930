"""What a command line means, apart from how typer reads it: the checks of the option values
several commands share (`--kind`, `--format`, `--encoding`, `--now`) and what a mistyped option
probably meant. A value that does not fit raises :class:`~cyberark_cfg.errors.UsageError`,
which the CLI reports with exit 2."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone

from cyberark_cfg.errors import UsageError


def check_kind(kind: str | None) -> str | None:
    """``--kind``: the kind's name, or a usage error naming the known kinds."""
    if kind is None:
        return None
    from cyberark_cfg.kinds import get_kind

    return get_kind(kind).name


def check_format(given: str, formats: Sequence[str] = ("text", "json")) -> str:
    """``--format``: one of ``formats``, or a usage error listing them."""
    if given not in formats:
        raise UsageError(f"--format must be {', '.join(formats[:-1])} or {formats[-1]}")
    return given


def check_encoding(encoding: str | None) -> str | None:
    """``--encoding``: the code page as Python names it, or a usage error."""
    if encoding is None:
        return None
    from cyberark_cfg.decoding import ansi_codec

    with usage_errors("--encoding"):
        return ansi_codec(encoding)


def parse_now(text: str | None) -> datetime:
    """``--now``: an ISO 8601 time (naive means UTC); the clock when not given."""
    if text is None:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError("--now must be an ISO 8601 time, for example 2026-10-01T12:00:00Z") \
            from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@contextmanager
def usage_errors(option: str = "") -> Iterator[None]:
    """A ``ValueError`` inside becomes a usage error, prefixed ``option: `` if given."""
    try:
        yield
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}" if option else str(exc)) from None


# Options of one command that belong to another: `cfgtool lint --fix` means `cfgtool fix`.
ELSEWHERE = {"--fix": "fix", "--diff": "fix", "--check": "fix", "--unsafe-fixes": "fix",
             "--backup": "fix", "--failback": "fix", "--reveal": "get", "--git": "check-change",
             "--dr": "state", "--output": "report", "-o": "report"}


def suggest_option(typed: str, command: str | None, known: list[str]) -> str:
    """What to say about an unknown option ``typed`` of ``command`` (None: the root): the
    command that has it, the options it is a prefix or a near misspelling of, or where to
    look. Click's own suggestion compared spellings only (`lint --fix` got `--config`)."""
    import difflib

    owner = ELSEWHERE.get(typed.split("=", 1)[0])
    if owner is not None and owner != command:
        return f"{typed} belongs to `cfgtool {owner}` (see `cfgtool {owner} --help`)"
    longs = [o for o in known if o.startswith("--")]
    close = [o for o in longs if o.startswith(typed) and len(typed) > 3]
    close += [o for o in difflib.get_close_matches(typed, longs, n=3, cutoff=0.75)
              if o not in close]
    if close:
        return f"did you mean {' or '.join(close[:3])}?"
    return f"see `cfgtool {command} --help`" if command else "see `cfgtool --help`"
