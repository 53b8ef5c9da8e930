"""Rules that skip a file when its key index shows they have nothing to find, or read it in a
plainer loop, give the same findings as their long way (a shortcut, not a second rule)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.rules.any import CFG003, CFG004

# Keys that collide only case-insensitively, or only once stripped of a form feed or a
# no-break space (the parser strips spaces and tabs around a key, not those).
KEYS = st.sampled_from(["Key", "KEY", "key\x0c", "\xa0Key", "Other", "other\xa0", "x"])
LINES = st.lists(st.one_of(st.builds("{}=v{}".format, KEYS, st.integers(0, 9)),
                           st.sampled_from(["[MAIN]", "[main]", "[Other]", "# c", ""])),
                 max_size=14)


def long_way(document: cyberark_cfg.Document) -> list[str]:
    """CFG003's findings with the shortcut off: every section scanned entry by entry."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(CFG003, "may_repeat", lambda document: True)
        return [repr(found) for found in CFG003.check(document)]


@settings(max_examples=300, deadline=None)
@given(LINES, st.sampled_from(["padr", "vault", "dbparm", None]))
def test_duplicate_key_shortcut_finds_what_the_long_way_finds(lines: list[str],
                                                              kind: str | None) -> None:
    document = cyberark_cfg.loads("\r\n".join(lines) + "\r\n", kind, strict=False)
    assert [repr(found) for found in CFG003.check(document)] == long_way(document)


@pytest.mark.parametrize("text, found", [
    ("Key=1\r\nOther=2\r\n", 0),
    ("[A]\r\nKey=1\r\n[B]\r\nKEY=2\r\n", 0),  # repeated in the index, not in one section
    ("Key=1\r\nKEY=2\r\n", 1),
    ("Key=1\r\nKey\x0c=2\r\n", 1),  # one key once stripped, two in the index
    ("\xa0Key=1\r\n[MAIN]\r\nKey=2\r\n", 0),
])
def test_duplicate_keys_found_with_the_shortcut(text: str, found: int) -> None:
    document = cyberark_cfg.loads(text, "padr", strict=False)
    assert len(list(CFG003.check(document))) == found
    if found:
        assert CFG003.may_repeat(document)


def test_no_repeated_key_skips_the_entry_scan() -> None:
    document = cyberark_cfg.loads("Key=1\r\nOther=2\r\n[MAIN]\r\nThird=3\r\n", "padr")
    assert not CFG003.may_repeat(document)
    assert CFG003.may_repeat(cyberark_cfg.loads("Key=1\r\n[MAIN]\r\nkey=2\r\n", "padr"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["[MAIN]", "Key=v", "# c", "", "bad line"]),
                          st.sampled_from(["\r\n", "\n"])), max_size=10), st.booleans())
def test_mixed_endings_found_where_a_walk_of_every_line_finds_them(
        lines: list[tuple[str, str]], unterminated: bool) -> None:
    text = "".join(line + ending for line, ending in lines) + ("Last=1" if unterminated else "")
    document = cyberark_cfg.loads(text, "padr", strict=False)
    expected = next((line for line in document.lines()
                     if line.newline and line.newline != document.newline), None)
    assert CFG004._first_odd(document, document.newline) is expected
    for ending in ("\r\n", "\n"):  # either ending as the one that counts
        assert CFG004._first_odd(document, ending) is next(
            (line for line in document.lines() if line.newline and line.newline != ending), None)
