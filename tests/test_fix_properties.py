"""Generated padr.ini files of every shape: the procedures make exactly the documented edits.

Each file is built from parts (key spelling, spacing, values, comments, [MAIN] or none, CRLF or
LF, final newline or not, ASCII, UTF-8 or UTF-16 LE with a BOM), and the expected output is
rebuilt from the same parts by the runbook's rules, line by line, without the document model.
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberark_cfg import loads
from cyberark_cfg.errors import EditError
from cyberark_cfg.fixing import Plan, Source, failback, manual_failover, prepare

BOOL_KEYS = ["EnableCheck", "EnableReplicate", "EnableFailover", "EnableDBSync", "FailoverMode",
             "ActivateManualFailover"]
INT_KEYS = ["CheckRetriesCount", "CheckInterval", "NextBinaryLogNumberToStartAt",
            "LastDataReplicationTimestamp"]
POSITION = {"nextbinarylognumbertostartat", "lastdatareplicationtimestamp"}
ENCODINGS = [("ascii", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)]


@dataclass(frozen=True)
class Line:
    key: str | None  # None: a comment or a blank line, kept as `text`
    text: str = ""
    indent: str = ""
    pre: str = ""
    post: str = ""
    value: str = ""
    trail: str = ""

    def render(self) -> str:
        if self.key is None:
            return self.text
        return f"{self.indent}{self.key}{self.pre}={self.post}{self.value}{self.trail}"


@dataclass(frozen=True)
class PadrFile:
    head: list[str]
    lines: list[Line]
    newline: str
    final_newline: bool
    encoding: tuple[str, bytes]

    def to_bytes(self, lines: list[Line] | None = None) -> bytes:
        texts = self.head + [line.render() for line in (self.lines if lines is None else lines)]
        body = self.newline.join(texts) + (self.newline if self.final_newline else "")
        name, bom = self.encoding
        return bom + body.encode(name)


@st.composite
def padr_files(draw: st.DrawFn, uniform: bool = False, need: tuple[str, ...] = ()) -> PadrFile:
    keys = draw(st.lists(st.sampled_from(BOOL_KEYS + INT_KEYS), unique=True))
    keys = [k for k in keys if k not in need] + list(need)
    keys = draw(st.permutations(keys))
    case = draw(st.sampled_from([str, str.lower, str.upper]))
    style = (draw(st.sampled_from(["", "\t", " "])), draw(st.sampled_from(["", " "])),
             draw(st.sampled_from(["", " "])))
    lines: list[Line] = []
    for key in keys:
        if not uniform:
            case = draw(st.sampled_from([str, str.lower, str.upper]))
            style = (draw(st.sampled_from(["", "\t"])), draw(st.sampled_from(["", " "])),
                     draw(st.sampled_from(["", " "])))
        if key in BOOL_KEYS:
            value = draw(st.sampled_from(["Yes", "No", "yes", "no", "YES", "NO"]))
        else:
            value = str(draw(st.integers(-1, 2**53)))
        trail = draw(st.sampled_from(["", "", "  "]))
        lines.append(Line(case(key), indent=style[0], pre=style[1], post=style[2], value=value,
                          trail=trail))
        if draw(st.integers(0, 4)) == 0:
            lines.append(Line(None, text=draw(st.sampled_from(["# note", "; old", "", "#"]))))
    head = draw(st.sampled_from([[], ["[MAIN]"], ["# padr", "[MAIN]"], ["[main]"]]))
    return PadrFile(head, lines, draw(st.sampled_from(["\r\n", "\n"])),
                    draw(st.booleans()), draw(st.sampled_from(ENCODINGS)))


def _run(procedure_plan: Plan, data: bytes) -> bytes:
    document = loads(data, "padr", path="padr.ini")
    source = Source("padr.ini", data, document)
    return prepare(procedure_plan, source).after


def _apply(procedure_name: str, data: bytes) -> bytes:
    procedure = failback() if procedure_name == "failback" else manual_failover()
    document = loads(data, "padr", path="padr.ini")
    plan = Plan.single("padr.ini", procedure.name, procedure.plan(document))
    return _run(plan, data)


def _with_value(line: Line, value: str) -> Line:
    return line if line.value.lower() == value.lower() else replace(line, value=value)


@settings(max_examples=300, deadline=None)
@given(padr_files(need=("FailoverMode",)))
def test_failback_makes_exactly_the_documented_edits(padr: PadrFile) -> None:
    expected = []
    for line in padr.lines:
        name = (line.key or "").lower()
        if name in POSITION:
            continue
        if name in ("failovermode", "activatemanualfailover"):
            line = _with_value(line, "No")
        expected.append(line)  # EnableFailover is never touched
    data = padr.to_bytes()
    after = _apply("failback", data)
    want = padr.to_bytes(expected)
    if expected and padr.lines and padr.lines[-1].key and padr.lines[-1].key.lower() in POSITION \
            and not padr.final_newline:
        # The unterminated last line went; the line now last keeps its own terminator.
        want = PadrFile(padr.head, expected, padr.newline, True, padr.encoding).to_bytes()
    assert after == want
    assert _apply("failback", after) == after


@settings(max_examples=300, deadline=None)
@given(padr_files(uniform=True, need=("EnableFailover", "FailoverMode")))
def test_manual_failover_makes_exactly_the_documented_edits(padr: PadrFile) -> None:
    expected: list[Line] = []
    entries = [line for line in padr.lines if line.key]
    has_trigger = any(line.key.lower() == "activatemanualfailover" for line in entries if line.key)
    if any(line.key.lower() == "failovermode" and line.value.lower() == "yes"
           for line in entries if line.key):
        # The active vault: refused, whatever else the file says.
        with pytest.raises(EditError, match="FailoverMode=Yes"):
            _apply("manual-failover", padr.to_bytes())
        return
    for line in padr.lines:
        name = (line.key or "").lower()
        if name == "enablefailover":
            line = _with_value(line, "No")
        elif name == "activatemanualfailover":
            line = _with_value(line, "Yes")
        expected.append(line)
        if name == "failovermode" and not has_trigger:
            keys = [e.key for e in entries if e.key]
            key = ("activatemanualfailover" if all(k == k.lower() for k in keys) else
                   "ACTIVATEMANUALFAILOVER" if all(k == k.upper() for k in keys) else
                   "ActivateManualFailover")
            pre, post, indent = Counter((e.pre, e.post, e.indent) for e in entries
                                        ).most_common(1)[0][0]
            expected.append(Line(key, indent=indent, pre=pre, post=post, value="Yes"))
    data = padr.to_bytes()
    after = _apply("manual-failover", data)
    assert after == padr.to_bytes(expected)
    assert _apply("manual-failover", after) == after
