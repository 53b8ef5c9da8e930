"""Hypothesis properties: INI-shaped text round-trips exactly or fails with a ParseError that
has a position; `set` changes only its own line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg import ParseError

KEYS = st.sampled_from(["FailoverMode", "failovermode", "ADDRESS", "Key", "Ünï", "A b", "x"])
VALUES = st.sampled_from(["Yes", "no", '"Demo Vault"', '"open', "8   - Seconds", "", "é",
                          "a=b", "1,2", " ", "\t"])
SPACE = st.sampled_from(["", " ", "\t", "  "])
NEWLINE = st.sampled_from(["\r\n", "\n", ""])
PIECES = st.one_of(
    st.builds(lambda k, a, b, v, t: f"{k}{a}={b}{v}{t}", KEYS, SPACE, SPACE, VALUES, SPACE),
    st.builds(lambda s, n: f"{s}[{n}]", SPACE, st.sampled_from(["MAIN", "main", "", "A B"])),
    st.sampled_from(["# comment", "; comment", "#PROXYTYPE=HTTP", "", "   ", "\t", "[MAIN",
                     "junk", "=value", "[x] y", "\r", "\x00", "ü"]),
)
TEXT = st.lists(st.tuples(PIECES, NEWLINE), max_size=25).map(
    lambda lines: "".join(piece + newline for piece, newline in lines))
ENCODINGS = st.sampled_from(["ascii", "utf-8", "utf-8-sig", "utf-16", "cp1252"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, ENCODINGS)
def test_round_trip_or_parse_error(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        document = cyberark_cfg.loads(data, "padr")
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1
        return
    assert document.to_bytes() == data


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(["No", "Yes", "42", "Demo Vault", ""]))
def test_set_changes_only_its_lines(text: str, value: str) -> None:
    data = text.encode("utf-8")
    try:
        document = cyberark_cfg.loads(data, "padr")
    except ParseError:
        return
    before = [line.render() for line in document.lines()]
    targets = {id(entry) for entry in document.entries("FailoverMode")}
    if not targets:
        return
    document.set("FailoverMode", value)
    again = cyberark_cfg.loads(document.to_bytes(), "padr")
    assert again.get("FailoverMode") == value
    for old, line in zip(before, document.lines(), strict=True):
        if id(line) not in targets:
            assert line.render() == old


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_load_or_raise_parse_error(data: bytes) -> None:
    try:
        document = cyberark_cfg.loads(data, "vault", strict=False)
    except ParseError:
        return
    assert document.to_bytes() == data
