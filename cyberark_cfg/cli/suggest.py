"""Unknown options answered usefully: the command an option belongs to (`cfgtool lint --fix`
means `cfgtool fix`), else the options it is a prefix or a near misspelling of. Click's own
suggestion compared spellings only (`lint --fix` got `--config`).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

# Options of one command that belong to another: `cfgtool lint --fix` means `cfgtool fix`.
ELSEWHERE = {"--fix": "fix", "--diff": "fix", "--check": "fix", "--unsafe-fixes": "fix",
             "--backup": "fix", "--failback": "fix", "--reveal": "get", "--git": "check-change",
             "--dr": "state", "--output": "report", "-o": "report"}


def suggest_option(typed: str, command: str | None, known: list[str]) -> str:
    """What to say about an unknown option ``typed`` of ``command`` (None: the root): the
    command that has it, the options it is a prefix or a near misspelling of, or where to
    look."""
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


class _Suggesting:
    """Rewrites click's unknown-option error (its NoSuchOption, whichever click typer uses)
    with :func:`suggest_option`'s answer."""

    name: str | None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            parsed: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
            return parsed
        except Exception as exc:
            typed = getattr(exc, "option_name", None)
            if type(exc).__name__ != "NoSuchOption" or not typed:
                raise
            params = self.get_params(ctx)  # type: ignore[attr-defined]
            known = [o for param in params for o in getattr(param, "opts", ())]
            command = self.name if ctx.parent is not None else None
            exc.possibilities = None  # type: ignore[attr-defined]
            exc.message = (  # type: ignore[attr-defined]
                f"No such option: {typed}; {suggest_option(typed, command, known)}")
            raise


class SuggestingCommand(_Suggesting, TyperCommand):
    """A command whose unknown-option error names what was probably meant (click's own
    suggestion for `lint --fix` was `--config`)."""


class SuggestingGroup(_Suggesting, TyperGroup):
    """The root, likewise (`cfgtool --fix` points to `cfgtool fix`)."""
