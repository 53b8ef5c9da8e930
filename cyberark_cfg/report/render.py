"""Lay the report's :class:`~cyberark_cfg.report.model.Page` out as one self-contained HTML file
with the Jinja2 templates shipped in this package (autoescaped), and write it.

Jinja2 is imported here only, when a report is rendered: the other commands' start-up time is
measured and must not pay for it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import TYPE_CHECKING

from cyberark_cfg.errors import FileAccessError
from cyberark_cfg.report.model import Page
from cyberark_cfg.values import describe_age

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
        )
        _ENVIRONMENT.filters["shorten"] = shorten
        _ENVIRONMENT.filters["age"] = describe_age
    return _ENVIRONMENT


def shorten(text: str, width: int) -> str:
    """At most ``width`` characters, cut in the middle: both ends of a path say the most."""
    text = str(text)
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    return text[:head] + "\u2026" + text[len(text) - (width - 1 - head):]


def render_html(page: Page) -> str:
    return environment().get_template("report.html.j2").render(page=page)


def write_page(path: str, html: str) -> None:
    """Write through a temporary file and a rename: a report open in a browser during the drill
    is never seen half written."""
    folder = os.path.dirname(os.path.abspath(path))
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(html)
        # mkstemp makes the file private; a report is read like any file the user writes.
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise FileAccessError(f"cannot write the report ({exc.strerror})", path=path) from None


def _mode(path: str) -> int:
    """The existing report's mode, or what the umask gives a new file."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
