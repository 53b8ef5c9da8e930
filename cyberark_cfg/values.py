"""Typed readings of parameter values: Yes/No booleans, integers, ports, address lists, paths,
quoted strings and PADR's microsecond epoch timestamps.

Each ``parse_*`` function takes the effective (unquoted) value and returns the typed value, or
raises ``ValueError`` with a message that describes the expectation without echoing the value.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class ValueType(enum.Enum):
    """The value types a kind's schema can declare for a key."""

    # Members are singletons compared by identity: hashed the same way, in C (Enum's own
    # __hash__ is Python, called for every cached value check of every file).
    __hash__ = object.__hash__

    STRING = "string"
    BOOL = "bool"
    INT = "int"
    PORT = "port"
    ADDRESS_LIST = "address-list"
    PATH = "path"
    QUOTED = "quoted-string"
    EPOCH_US = "epoch-us"
    BITMASK = "bitmask"
    SWITCHED_FIELDS = "switched-fields"  # `Yes,24,1,5,7d`: a Yes/No switch, then fields


def parse_bool(value: str) -> bool:
    """`Yes`/`No` in any case (the products' own spelling)."""
    lowered = value.strip().lower()
    if lowered == "yes":
        return True
    if lowered == "no":
        return False
    raise ValueError("expected Yes or No")


def parse_int(value: str) -> int:
    text = value.strip()
    if not text or not (text.isdigit() or (text[0] in "+-" and text[1:].isdigit())):
        raise ValueError("expected an integer")
    if not text.isascii():
        raise ValueError("expected an integer")
    return int(text)


def parse_port(value: str) -> int:
    port = parse_int(value)
    if not 1 <= port <= 65535:
        raise ValueError("expected a port from 1 to 65535")
    return port


def parse_switched_fields(value: str) -> tuple[bool, tuple[str, ...]]:
    """`Yes,Yes,48,24,12` or `No`: the first comma-separated field is a Yes/No switch, the
    rest are kept as written (their meaning is not public; cyberark-formats.md section 8)."""
    first, *rest = value.split(",")
    try:
        return parse_bool(first), tuple(part.strip() for part in rest)
    except ValueError:
        raise ValueError("expected Yes or No, optionally followed by comma-separated "
                         "fields") from None


def parse_address_list(value: str) -> list[str]:
    """`10.0.0.1, vault-dr.example.com`: entries in order, whitespace trimmed (empties kept)."""
    return [part.strip() for part in value.split(",")]


def parse_epoch_us(value: str) -> datetime:
    """Microseconds since the Unix epoch, as PADR writes `LastDataReplicationTimestamp`."""
    micros = parse_int(value)
    if micros < 0:
        raise ValueError("expected microseconds since the Unix epoch")
    try:
        return EPOCH + timedelta(microseconds=micros)
    except OverflowError:
        raise ValueError("expected microseconds since the Unix epoch") from None


def parse_bitmask(value: str) -> int:
    """An integer bit mask; decimal as CreateCredFile writes it, `0x` hex tolerated."""
    text = value.strip()
    if text.lower().startswith("0x"):
        try:
            return int(text, 16)
        except ValueError:
            raise ValueError("expected an integer bit mask") from None
    number = parse_int(text)
    if number < 0:
        raise ValueError("expected an integer bit mask")
    return number


def describe_age(seconds: float) -> str:
    """An age for people: `1h 51m ago`, `2d 3h ago`, `45s ago` (two units at most)."""
    whole = int(seconds)
    if whole < 0:
        return "in the future: check the clocks (or --now)"
    days, rest = divmod(whole, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h ago"
    return f"{hours}h {minutes}m ago" if hours else f"{minutes}m {secs}s ago"


def to_epoch_us(moment: datetime) -> int:
    """Inverse of :func:`parse_epoch_us` for an aware datetime."""
    delta = moment.astimezone(timezone.utc) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


PARSERS = {
    ValueType.BOOL: parse_bool,
    ValueType.INT: parse_int,
    ValueType.PORT: parse_port,
    ValueType.ADDRESS_LIST: parse_address_list,
    ValueType.EPOCH_US: parse_epoch_us,
    ValueType.BITMASK: parse_bitmask,
    ValueType.SWITCHED_FIELDS: parse_switched_fields,
}


def parse_typed(value: str, value_type: ValueType) -> object:
    """Convert ``value`` per ``value_type``; strings, paths and quoted strings come back as is."""
    parser = PARSERS.get(value_type)
    return parser(value) if parser else value
