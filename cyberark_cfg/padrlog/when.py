"""Times given on the command line (``--since``, ``--now``): a date and time in the log's own
form or in ISO form, or for ``--since`` an age such as ``2h``. Log times are the vault's local
time, so these are naive local times too.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from cyberark_cfg.padrlog.entries import DMY, MDY, check_date_order

_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
# A date in the log's own form reads in the log's date order (dmy or mdy), never assumed.
_SLASH = ("%m/%d/%Y %H:%M:%S.%f", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
_SLASH_FORMS = {MDY: _SLASH, DMY: tuple(f.replace("%m/%d", "%d/%m") for f in _SLASH)}
_AGE = re.compile(r"(?P<amount>\d+)\s*(?P<unit>s|m|min|h|d|w)", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "min": "minutes", "h": "hours", "d": "days",
          "w": "weeks"}

HELP = ("a time (2024-03-05 10:00, 2024-03-05T10:00:00, or 03/05/2024 10:00:00 in the "
        "log's --date-order)")


def parse_time(text: str, order: str | None = None) -> datetime:
    """A date and time; a slash date (``03/05/2024``) only with the ``order`` (``dmy`` or
    ``mdy``) to read it in. ValueError with a message fit for the user."""
    cleaned = " ".join(text.strip().replace("T", " ", 1).split())
    for form in _FORMATS + _SLASH_FORMS.get(order or "", ()):
        try:
            return datetime.strptime(cleaned, form)
        except ValueError:
            continue
    if order is None and "/" in cleaned:
        raise ValueError(f"{text!r}: a date like 03/05/2024 reads two ways; give "
                         "--date-order dmy or mdy, or write it as 2024-03-05")
    raise ValueError(f"{text!r} is not {HELP}")


def parse_age(text: str) -> timedelta:
    """An age such as ``90s``, ``30m``, ``2h``, ``7d`` or ``1w``; ValueError otherwise."""
    age = _AGE.fullmatch(text.strip())
    if age is None:
        raise ValueError(f"{text!r} is not an age like 90s, 30m, 2h, 7d or 1w")
    try:
        if len(age["amount"]) > 12:  # also beyond int()'s 4,300 digits
            raise OverflowError
        return timedelta(**{_UNITS[age["unit"].lower()]: int(age["amount"])})
    except OverflowError:  # over 999,999,999 days
        raise ValueError(f"{text!r} is longer than any log") from None


def parse_since(text: str, now: datetime, order: str | None = None) -> datetime:
    """A time, a time of ``now``'s day (``14:05``), or an age before ``now`` (``90s``,
    ``30m``, ``2h``, ``7d``, ``1w``)."""
    if _AGE.fullmatch(text.strip()):
        try:
            return now - parse_age(text)
        except OverflowError:  # before the year 1
            raise ValueError(f"{text!r} is longer than any log") from None
    for form in ("%H:%M", "%H:%M:%S"):
        try:
            clock = datetime.strptime(text.strip(), form).time()
        except ValueError:
            continue
        return datetime.combine(now.date(), clock)
    try:
        return parse_time(text, order)
    except ValueError as problem:
        if "reads two ways" in str(problem):
            raise
        raise ValueError(f"{text!r} is not {HELP}, a time of today (14:05) nor an age like "
                         "2h, 30m or 7d") from None


def parse_window(now: str | None, since: str | None, max_age: str | None,
                 date_order: str | None) -> tuple[datetime, datetime | None, timedelta | None]:
    """`cfgtool log`'s ``--now`` (default: this machine's local clock), ``--since`` and
    ``--max-age``, read in ``date_order``; ValueError with a message fit for the user (a
    usage error for an unknown date order)."""
    check_date_order(date_order)
    current = parse_time(now, date_order) if now is not None else datetime.now()
    start = parse_since(since, current, date_order) if since is not None else None
    return current, start, parse_age(max_age) if max_age is not None else None
