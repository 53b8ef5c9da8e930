"""Lay the report's :class:`~cyberark_cfg.report.model.Page` out as one self-contained HTML file
with the Jinja2 templates shipped in this package (autoescaped), and write it (:func:`publish`:
`cfgtool report` as a function).

Jinja2 is imported here only, when a report is rendered: the other commands' start-up time is
measured and must not pay for it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cyberark_cfg.display import escape
from cyberark_cfg.errors import FileAccessError, UsageError
from cyberark_cfg.report.model import Page, build_page
from cyberark_cfg.usage import parse_now
from cyberark_cfg.values import describe_age
from cyberark_cfg.writing import write_atomic

if TYPE_CHECKING:
    import jinja2

_ENVIRONMENT: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        import jinja2

        _ENVIRONMENT = jinja2.Environment(
            loader=jinja2.PackageLoader("cyberark_cfg.report", "templates"),
            autoescape=True,  # every value comes from files an attacker may have written
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_visible,
        )
        _ENVIRONMENT.filters["shorten"] = shorten
        _ENVIRONMENT.filters["age"] = describe_age
    return _ENVIRONMENT


def _visible(value: object) -> object:
    """Every value the templates print, with its control characters, bidirectional overrides
    and undecodable bytes written as visible escapes (as the text output does): a file or
    folder name cannot reorder what the page shows, and the page can always be written as
    UTF-8. Markup (HTML the templates built) is left alone."""
    import markupsafe

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return escape(value, keep="\n")  # a line break is a space in HTML
    return value


def shorten(text: str, width: int) -> str:
    """At most ``width`` characters, cut in the middle: both ends of a path say the most."""
    text = str(text)
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    return text[:head] + "\u2026" + text[len(text) - (width - 1 - head):]


def render_html(page: Page) -> str:
    return environment().get_template("report.html.j2").render(page=page)


def summary(page: Page, output: str) -> str:
    """The line `cfgtool report` prints once the page is written to ``output``."""
    boxes = (f" in {_plural(page.node_count, 'box')}"
             if page.node_count != page.component_count else "")
    return (f"{escape(output)}: state {page.state}; {_plural(page.counts['error'], 'error')}, "
            f"{_plural(page.counts['warning'], 'warning')}; "
            f"{_plural(page.component_count, 'component')}{boxes}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 'es' if word.endswith('x') else 's'}"


def write_page(path: str, html: str) -> None:
    """Write through the one write path (a temporary file, then an atomic replace keeping the
    old page's metadata; a missing page is created): a report open in a browser during the
    drill is never seen half written."""
    try:
        write_atomic(path, html.encode("utf-8"), create=True)
    except FileAccessError as exc:
        raise FileAccessError(f"cannot write the report: {exc.message}", path=path) from None


def publish(output: str, topology: str | None, now: str | None = None, *, log: str | None = None,
            record: str | None = None, config_file: str | None = None,
            runbook: str | None = None, encoding: str | None = None
            ) -> tuple[Page, str | None]:
    """Build the page (:func:`~cyberark_cfg.report.model.build_page`; ``now`` is `--now`'s
    text) and write it to ``output``; for ``-`` nothing is written and the HTML is returned,
    for standard output. A folder named as ``output`` is refused before anything is read."""
    to_stdout = output == "-"
    if not to_stdout and os.path.isdir(output):
        raise UsageError(f"{output}: is a folder; give a file name for the report")
    page = build_page(topology, parse_now(now), log=log, record=record, config_file=config_file,
                      runbook=runbook, encoding=encoding)
    html = render_html(page)
    if to_stdout:
        return page, html
    write_page(output, html)
    return page, None
