"""Click's unknown-option error, answered with :func:`cyberark_cfg.usage.suggest_option`: the
command the option belongs to (`cfgtool lint --fix` means `cfgtool fix`), else the options it
is a prefix or a near misspelling of."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup


class _Suggesting:
    """Rewrites click's unknown-option error (its NoSuchOption, whichever click typer uses)
    with :func:`cyberark_cfg.usage.suggest_option`'s answer."""

    name: str | None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            parsed: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
            return parsed
        except Exception as exc:
            typed = getattr(exc, "option_name", None)
            if type(exc).__name__ != "NoSuchOption" or not typed:
                raise
            from cyberark_cfg.usage import suggest_option

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
