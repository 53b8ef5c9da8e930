"""The fix diff's opcodes: difflib's, over the lines between the common head and tail. Whatever
the lines, they must cover both sides in order and call equal only lines that are equal; and
where the head and tail are all that is common, they are difflib's own."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given
from hypothesis import strategies as st

from cyberark_cfg.fixing.diffs import EXACT_LINES, _Opcodes

LINES = st.lists(st.sampled_from(["\r\n", "A=1\r\n", "A=2\r\n", "[MAIN]\r\n", "B=3\r\n"]),
                 max_size=40)


def rebuilt(a: list[str], b: list[str]) -> list[str]:
    """``b`` rebuilt from ``a`` by the opcodes, checking that they walk both sides in order."""
    out: list[str] = []
    at_a = at_b = 0
    for tag, i1, i2, j1, j2 in _Opcodes(a, b).get_opcodes():
        assert (i1, j1) == (at_a, at_b), "the opcodes skip or repeat lines"
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        out += b[j1:j2]
        at_a, at_b = i2, j2
    assert (at_a, at_b) == (len(a), len(b))
    return out


@given(LINES, LINES)
def test_the_opcodes_rebuild_the_new_side_from_the_old(a: list[str], b: list[str]) -> None:
    assert rebuilt(a, b) == b


@given(st.lists(LINES, min_size=3, max_size=3))
def test_a_change_between_a_common_head_and_tail_is_difflibs(parts: list[list[str]]) -> None:
    head, middle, tail = ["[MAIN]\r\n", *parts[0]], parts[1], [*parts[2], "X=9\r\n"]
    a, b = head + ["Old=1\r\n"] + tail, head + middle + ["New=1\r\n"] + tail
    ours = list(_Opcodes(a, b).get_grouped_opcodes(3))
    assert ours == list(SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(3))


def test_thousands_of_blank_lines_between_two_changes() -> None:
    blank = ["\r\n"] * (EXACT_LINES * 5)
    a, b = ["A=1\r\n", *blank, "B=1\r\n"], ["A=2\r\n", *blank, "B=2\r\n"]
    assert rebuilt(a, b) == b
    assert [code[0] for code in _Opcodes(a, b).get_opcodes()] == ["replace", "equal", "replace"]
