"""The parser and the document stay correct and linear on big inputs of every shape.

Correctness is asserted on full-size inputs (a 3 MB line, 100,000 keys in one section, 10,000
sections). Linearity is asserted by counting work, never by timing: the number of Python bytecode
instructions executed must grow ten times, not a hundred, when the input does. The line scanner
is checked against lark's own parser of the same grammar, and the string splitting against the
regular expressions it replaced.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from conftest import CORPUS, EXAMPLES, FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.document import Document
from cyberark_cfg.grammar import parser, terminals
from cyberark_cfg.nodes import Entry, split_description

sys.path.insert(0, str(ROOT))  # the input generators live in benchmarks/, beside the tests
from benchmarks.shapes import long_line, long_spaces, many_sections, one_section  # noqa: E402

NODE_TERMINALS = {"entry": "ENTRY", "comment": "COMMENT", "blank": "BLANK",
                  "invalid": "INVALID", "section": "SECTION"}


# ---- the scanner is the grammar ---------------------------------------------------------------

def scanned(text: str) -> list[tuple[int, str, str]]:
    """(section number, terminal, token text) for every line, as our parser sees them."""
    document = cyberark_cfg.loads(text, "padr", strict=False)
    found = []
    for number, section in enumerate(document.sections):
        lines = ([section.header] if section.header else []) + section.lines
        found += [(number, NODE_TERMINALS[line.kind], line.render()) for line in lines]
    return found


def lark_parsed(text: str) -> list[tuple[int, str, str]]:
    """The same, from lark's LALR parser of paramfile.lark (the reference)."""
    if not text:
        return []
    found = []
    section = 0
    for child in parser().parse(text).children:
        if hasattr(child, "children"):
            section += 1
            found += [(section, token.type, str(token)) for token in child.children]
        else:
            found.append((section, child.type, str(child)))
    return found


def test_scanner_refuses_terminals_it_cannot_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberark_cfg import grammar

    for text in ('start: A\nA.1: "a"\n', "start: A B\nA.1: /a/i\nB.2: /b/\n",
                 "start: A B\nA.1: /a/\nB.1: /b/\n"):
        monkeypatch.setattr(grammar, "grammar_text", lambda name, text=text: text)
        with pytest.raises(ValueError):
            grammar.terminals("test.lark")


def test_scanner_terminals_are_larks() -> None:
    # lark turns `\t`, `\n`, `\r` in a regex into the characters; `re` reads both the same.
    from lark.load_grammar import eval_escaping

    theirs = sorted((t.name, t.priority, t.pattern.value) for t in parser().terminals)
    assert sorted((t.name, t.priority, eval_escaping(t.pattern)) for t in terminals()) == theirs


LINE_PIECES = st.sampled_from([
    "Key=Value", "  Key = Value  ", "[MAIN]", " [A B] # note", "[MAIN", "[x] y", "# c", "; c",
    "#PROXYTYPE=HTTP", "", "   ", "\t", "=value", "junk", "\r", "a\rb=c", "ü=é", "[]", "k==v",
])
NEWLINES = st.sampled_from(["\n", "\r\n", "", "\r"])
LINES_TEXT = st.lists(st.tuples(LINE_PIECES, NEWLINES), max_size=30).map(
    lambda pairs: "".join(piece + newline for piece, newline in pairs))


@settings(max_examples=400, deadline=None)
@given(LINES_TEXT)
def test_scanner_agrees_with_lark(text: str) -> None:
    assert scanned(text) == lark_parsed(text)


REAL_FILES = sorted(p for folder in (FIXTURES, EXAMPLES, CORPUS) if folder.is_dir()
                    for p in folder.rglob("*") if p.is_file() and p.suffix != ".toml")


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_scanner_agrees_with_lark_on_real_files(path: Path) -> None:
    try:
        text = cyberark_cfg.loads(path.read_bytes(), "padr", strict=False).to_text()
    except cyberark_cfg.ParseError:
        return  # undecodable on purpose (NUL bytes, truncated UTF-16)
    assert scanned(text) == lark_parsed(text)


def imported_modules(code: str) -> set[str]:
    """The top-level modules a fresh interpreter has imported after running ``code``."""
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return set(done.stdout.splitlines()[-1].split())


def test_parsing_imports_no_lark() -> None:
    modules = imported_modules("import cyberark_cfg\ncyberark_cfg.loads(b'[MAIN]\\r\\nA=1')")
    assert "cyberark_cfg" in modules
    assert "lark" not in modules


def test_show_imports_neither_lark_nor_rich() -> None:
    path = EXAMPLES / "dr" / "vault" / "padr.ini"
    modules = imported_modules(
        "import sys\nfrom cyberark_cfg.cli.app import main\n"
        f"sys.argv = ['cfgtool', 'show', {str(path)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass")
    assert "typer" in modules
    assert not modules & {"lark", "rich"}


# ---- string splitting equals the regular expressions it replaced ------------------------------

OLD_ENTRY = re.compile(r"(?P<indent>[ \t]*)(?P<key>[^=]*?)(?P<pre>[ \t]*)="
                       r"(?P<post>[ \t]*)(?P<raw>.*?)(?P<trail>[ \t]*)\Z", re.DOTALL)
OLD_DESCRIPTION = re.compile(r"(\S.*?)([ \t]+-(?:[ \t].*)?)\Z", re.DOTALL)
FRAGMENTS = st.text(alphabet=["a", " ", "\t", "-", "=", "\r", "\x0b", "\xa0", '"', "x"],
                    max_size=16)


@settings(max_examples=2000, deadline=None)
@given(FRAGMENTS)
def test_entry_and_description_splitting_match_the_old_regexes(text: str) -> None:
    old = OLD_DESCRIPTION.match(text)
    assert split_description(text) == (old.groups() if old else None)
    if "=" in text:
        match = OLD_ENTRY.match(text)
        assert match is not None
        entry = Entry(text, "")
        parts = (entry.indent, entry.key, entry.pre, entry.post, entry.raw, entry.trail)
        assert parts == match.group("indent", "key", "pre", "post", "raw", "trail")


# ---- big inputs of every shape: correct ------------------------------------------------------

def round_trip(text: str, kind: str = "vault") -> Document:
    data = text.encode("ascii")
    document = cyberark_cfg.loads(data, kind, strict=False)
    assert document.to_bytes() == data
    return document


def test_three_megabyte_line() -> None:
    document = round_trip(long_line(3_000_000))
    assert len(document.get("Key") or "") == 3_000_000
    assert document.get("Other") == "1"
    document.set("Other", "2")
    assert document.to_bytes().endswith(b"Other=2\r\n")


def test_megabyte_runs_of_spaces() -> None:
    size = 1_000_000
    document = round_trip(long_spaces(size))
    entry = document.entries()[0]
    assert entry.key == "Key" + " " * size + "Name"
    assert entry.value == "value" + " " * size + "x"
    assert document.get("TIMEOUT") == "8"
    assert [error.line for error in document.errors] == [3]


def test_hundred_thousand_keys_in_one_section() -> None:
    keys = 100_000
    document = round_trip(one_section(keys), "dbparm")
    assert len(document.entries()) == keys
    assert document.get("key99999", "main") == "value number 99999"
    for number in range(0, keys, 7):  # a loop over the keys: indexed, not quadratic
        document.set(f"Key{number}", "x")
    assert document.get("Key7") == "x" and document.get("Key8") == "value number 8"
    document.set("Added", "new", "MAIN")
    assert document.entries()[-1].key == "Added"
    assert document.entries()[-1].lineno == keys + 2


def test_ten_thousand_sections() -> None:
    sections = 10_000
    document = round_trip(many_sections(sections), "dbparm")
    assert len(document.sections) == sections + 1
    assert document.get("Key3", "section9999") == "value 9999.3, with some text"
    assert len(document.entries("Key3")) == sections
    for number in range(0, sections, 3):
        document.set("Key0", "changed", f"Section{number}")
    assert document.get("Key0", "Section3") == "changed"
    assert document.get("Key0", "Section4") == "value 4.0, with some text"
    inserted = document.insert("NewKey", "1", "Section5000")
    assert document.key_index().entries("newkey", "Section5000") == [inserted]
    assert [line.lineno for line in document.lines()] == list(range(1, 13 * sections + 2))


# ---- the key index agrees with a plain scan after any edits -----------------------------------

def scan(document: Document, key: str, section: str | None) -> list[Entry]:
    wanted = key.strip().lower()
    return [entry for sec in document.sections if sec.matches(section)
            for entry in sec.entries() if entry.key.lower() == wanted]


KEYS = st.sampled_from(["FailoverMode", "failovermode", "ADDRESS", "Key", "x"])
SECTIONS = st.sampled_from([None, "", "MAIN", "main", "Other", "missing", " main "])
EDITS = st.lists(st.tuples(st.sampled_from(["set", "insert", "remove", "remove_line"]),
                           KEYS, SECTIONS, st.sampled_from([None, "Key", "ADDRESS"])),
                 max_size=12)
START = ("Key=1\r\nADDRESS = a\r\n[MAIN]\r\nFailoverMode=No\r\n# c\r\n\r\n"
         "[Other]\r\nx=1\r\nKEY=2\r\n[main]\r\nKey=3")


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_key_index_matches_a_plain_scan(edits: list[tuple[str, str, str | None, str | None]]
                                        ) -> None:
    document = cyberark_cfg.loads(START, "dbparm")
    for action, key, section, after in edits:
        # The same edit on a fresh parse (fresh index) must give the same bytes.
        fresh = cyberark_cfg.loads(document.to_text(), "dbparm")
        for target in (document, fresh):
            try:
                if action == "set":
                    target.set(key, "v", section)
                elif action == "insert":
                    target.insert(key, "v", section, after=after)
                elif action == "remove":
                    target.remove(key, section)
                elif target.entries(key, section):
                    target.remove_line(target.entries(key, section)[-1])
            except cyberark_cfg.EditError:
                pass
        assert document.to_text() == fresh.to_text()
        assert [line.lineno for line in document.lines()] == list(
            range(1, len(list(document.lines())) + 1))
        for probe in ("key", "ADDRESS", "failovermode", "x", "nothing"):
            for name in (None, "", "MAIN", "other", " Main ", "missing"):
                assert document.entries(probe, name) == scan(document, probe, name)
        for name in ("MAIN", "other", "missing", ""):
            expected = next((s for s in document.sections
                             if s.header is not None and s.matches(name)), None)
            assert document.section(name) is expected


# ---- linear: count the work, ten times the input ----------------------------------------------

def bytecodes(work: Callable[[], Any]) -> int:
    """How many bytecode instructions ``work`` executes (deterministic, unlike a clock)."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def growth(make: Callable[[int], Callable[[], Any]], size: int) -> float:
    """Work at ten times ``size`` over work at ``size``: about 10 when linear, 100 if not."""
    small, large = make(size), make(size * 10)
    return bytecodes(large) / bytecodes(small)


def parsing(make_text: Callable[[int], str]) -> Callable[[int], Callable[[], Any]]:
    def make(size: int) -> Callable[[], Any]:
        data = make_text(size).encode("ascii")
        return lambda: cyberark_cfg.loads(data, "vault", strict=False).to_bytes()
    return make


@pytest.mark.parametrize(("make_text", "size"), [(many_sections, 50), (one_section, 500)])
def test_parsing_work_grows_linearly(make_text: Callable[[int], str], size: int) -> None:
    # Long lines cost C-level work (regex, str methods) that bytecodes do not count; a
    # quadratic there would keep test_megabyte_runs_of_spaces from ever finishing.
    assert growth(parsing(make_text), size) < 11


def looping(action: str) -> Callable[[int], Callable[[], Any]]:
    """A loop over every key of a one-section file: read, set, or insert a new key each."""
    def make(keys: int) -> Callable[[], Any]:
        document = cyberark_cfg.loads(one_section(keys), "dbparm")

        def run() -> None:
            for number in range(keys):
                if action == "get":
                    document.get(f"Key{number}")
                elif action == "set":
                    document.set(f"Key{number}", "x")
                else:
                    document.set(f"New{number}", "x")
        return run
    return make


@pytest.mark.parametrize("action", ["get", "set", "insert"])
def test_key_loops_grow_linearly(action: str) -> None:
    assert growth(looping(action), 300) < 11


def test_section_loops_grow_linearly() -> None:
    def make(sections: int) -> Callable[[], Any]:
        document = cyberark_cfg.loads(many_sections(sections, keys=2), "dbparm")
        return lambda: [document.get("Key1", f"Section{n}") for n in range(sections)]
    assert growth(make, 100) < 11


def test_parsing_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    cyberark_cfg.loads(b"[MAIN]\r\nA=1\r\n")
    assert gc.isenabled()
    gc.disable()
    try:
        cyberark_cfg.loads(b"A=1")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(cyberark_cfg.ParseError):
        cyberark_cfg.loads(b"[MAIN\r\n")
    assert gc.isenabled()


def test_reading_sized_by_fstat_still_reads_a_file_that_grew(tmp_path: Path) -> None:
    from cyberark_cfg.api import _read_up_to

    data = b"A=1\r\n" * 200
    path = tmp_path / "Vault.ini"
    path.write_bytes(data)

    def read(size: int, limit: int) -> bytes:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            return _read_up_to(descriptor, size, limit)
        finally:
            os.close(descriptor)

    assert read(len(data), len(data) + 1) == data
    assert read(10, 4096) == data  # grew after fstat said 10
    assert read(10, -1) == data
    assert read(0, -1) == data  # reports no size
    assert len(read(10, 101)) == 101  # the caller refuses > limit
    reader, writer = os.pipe()  # a stream that arrives in pieces is read to its end
    os.write(writer, data[:300])
    os.write(writer, data[300:])
    os.close(writer)
    try:
        assert _read_up_to(reader, 0, -1) == data
    finally:
        os.close(reader)
