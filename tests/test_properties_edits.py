"""A random sequence of edits (set, insert, remove, replace_list) touches only the lines of the
keys it edits, checked without the document model: the input and output are split into physical
lines and classified with a regular expression of their own, and the lines of other keys,
comments, blanks and headers must come out byte for byte, in order. The edited keys end with
the number of lines and the values an independent count of the operations predicts.
"""

from __future__ import annotations

import re
from collections import Counter

from conftest import fuzz_examples
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.errors import EditError

EDITED = ["FailoverMode", "failovermode", "ENABLEFAILOVER", "ADDRESS", "NewKey"]
OTHER = ["CheckInterval", "EnableReplicate", "Other Key", "x"]
VALUES = ["No", "Yes", "42", "a b", "", "10.0.0.1", "C:\\x y"]
ADDRESSES = st.lists(st.sampled_from(["10.0.0.1", "10.0.0.2", "vault.example", "fe80::1"]),
                     min_size=1, max_size=4)
SPACE = st.sampled_from(["", " ", "\t"])
NEWLINE = st.sampled_from(["\r\n", "\n"])

LINE = st.one_of(
    st.builds(lambda i, k, a, b, v, t: f"{i}{k}{a}={b}{v}{t}", SPACE,
              st.sampled_from(EDITED + OTHER), SPACE, SPACE,
              st.sampled_from(VALUES + ['"quoted value"', "1,2, 3"]), SPACE),
    st.sampled_from(["# comment", "#FailoverMode=Yes", "; ADDRESS=old", "", "   "]),
)


@st.composite
def files(draw: st.DrawFn) -> str:
    """INI text: an optional preamble, then up to two sections, in one newline style or
    mixed, with or without a final newline."""
    newline = draw(NEWLINE)
    mixed = draw(st.booleans())
    lines = draw(st.lists(LINE, max_size=6))
    for name in draw(st.lists(st.sampled_from(["MAIN", "Other"]), max_size=2, unique=True)):
        lines.append(f"[{name}]")
        lines += draw(st.lists(LINE, max_size=6))
    ends = [draw(NEWLINE) if mixed else newline for _ in lines]
    if lines and draw(st.booleans()):
        ends[-1] = ""
    return "".join(line + end for line, end in zip(lines, ends, strict=True))


OPERATION = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(EDITED), st.sampled_from(VALUES)),
    st.tuples(st.just("insert"), st.sampled_from(EDITED), st.sampled_from(VALUES)),
    st.tuples(st.just("remove"), st.sampled_from(EDITED), st.none()),
    st.tuples(st.just("replace_list"), st.sampled_from(EDITED), ADDRESSES),
)

# Our own reading of a line: comment, header, blank or `key=...`, independent of nodes.py.
_ENTRY = re.compile(r"[ \t]*([^#;\[ \t=][^=]*?)[ \t]*=[ \t]*(.*?)[ \t]*\Z", re.DOTALL)


def physical_lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def key_of(line: str) -> str | None:
    match = _ENTRY.match(line.rstrip("\r\n"))
    return match.group(1).lower() if match else None


def value_of(line: str) -> str:
    match = _ENTRY.match(line.rstrip("\r\n"))
    assert match is not None
    value = match.group(2)
    if value.startswith('"'):
        end = value.find('"', 1)
        return value[1:end] if end > 0 else value[1:]
    return value


def unedited(lines: list[str], keys: set[str]) -> list[str]:
    return [line for line in lines if key_of(line) not in keys]


@settings(max_examples=fuzz_examples(300), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=files(), operations=st.lists(OPERATION, min_size=1, max_size=6))
def test_edits_touch_only_their_lines(text: str, operations: list[tuple]) -> None:
    try:
        document = cyberark_cfg.loads(text.encode("utf-8"), "padr")
    except cyberark_cfg.ParseError:
        assume(False)
        return
    before = physical_lines(text)
    counts = Counter(key for line in before if (key := key_of(line)) is not None)
    last: dict[str, tuple] = {}
    for operation in operations:
        name, key, argument = operation
        snapshot = document.to_bytes()
        try:
            if name == "set":
                document.set(key, argument)
            elif name == "insert":
                document.insert(key, argument)
            elif name == "remove":
                document.remove(key)
            else:
                document.replace_list(key, list(argument))
        except EditError:
            assert document.to_bytes() == snapshot, "a refused edit changed the document"
            continue
        lowered = key.lower()
        if name == "remove":
            counts[lowered] = 0
        elif name == "insert" or counts[lowered] == 0:
            counts[lowered] += 1
        last[lowered] = operation

    after_text = document.to_bytes().decode("utf-8")
    after = physical_lines(after_text)
    edited = set(last)
    kept_before, kept_after = unedited(before, edited), unedited(after, edited)
    # The lines of other keys, comments and headers are the same bytes in the same order; only
    # the old last line may have gained a terminator, so that an inserted line follows it.
    assert [line.rstrip("\r\n") for line in kept_after] == \
        [line.rstrip("\r\n") for line in kept_before]
    for old, new in zip(kept_before, kept_after, strict=True):
        assert old == new or (old is before[-1] and not old.endswith("\n"))
    for key, (name, _, argument) in last.items():
        lines = [line for line in after if key_of(line) == key]
        assert len(lines) == counts[key], (key, lines)
        if name == "set":
            assert all(value_of(line) == argument for line in lines)
        elif name == "replace_list":
            assert all([item.strip() for item in value_of(line).split(",")] == argument
                       for line in lines)
        elif name == "insert":
            assert any(value_of(line) == argument for line in lines)
    assert cyberark_cfg.loads(document.to_bytes(), "padr").to_bytes() == document.to_bytes()
