"""The grammar (grammars/paramfile.lark) is the definition of the syntax, and the fast paths
that read files without lark agree with it token for token: the line scanner with lark's parse
of a file, :class:`~cyberark_cfg.nodes.Entry`'s split of an entry line with lark's parse of
that line (``entry``/``described_entry``), and the key finder with the grammar's KEY, on every
fixture and on generated input; a commented-out entry's key is KEY's where KEY reads one.
Reading a file imports no lark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLES, FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.grammar import (
    commented_entry,
    grammar_text,
    key_line,
    line_scanner,
    line_terminal_names,
    parser,
    terminals,
)
from cyberark_cfg.nodes import Entry

# ---- the line scanner is the grammar's line terminals -----------------------------------------

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
    for child in parser().parse(text, start="start").children:
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

    lines = line_terminal_names(grammar_text("paramfile.lark"))
    theirs = sorted((t.name, t.priority, t.pattern.value) for t in parser().terminals
                    if t.name in lines)
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


# ---- an entry line: Entry's split is lark's ---------------------------------------------------

def entry_parts(entry: Entry) -> tuple[str, ...]:
    """indent, key, separator, opening quote, value, what follows it, trailing blanks."""
    quote, value, suffix = entry._parts()
    return (entry.indent, entry.key, entry.pre + "=" + entry.post, quote, value, suffix,
            entry.trail)


def lark_entry_parts(text: str, described: bool) -> tuple[str, ...]:
    """The same parts, from lark's parse of ``text`` with the grammar's entry rules."""
    tree = parser().parse(text, start="described_entry" if described else "entry")
    tokens = {token.type: str(token) for token in tree.scan_values(lambda value: True)}
    assert "".join(str(t) for t in tree.scan_values(lambda value: True)) == text
    value = tokens.get("QUOTED", "") + tokens.get("DESCRIBED", "") + tokens.get("PLAIN", "")
    suffix = tokens.get("CLOSE_QUOTE", "") + tokens.get("DESCRIPTION", "")
    return (tokens.get("INDENT", ""), tokens["KEY"], tokens["SEPARATOR"],
            tokens.get("OPEN_QUOTE", ""), value, suffix, tokens.get("TRAIL", ""))


def entry_lines(text: str) -> list[str]:
    """The text of every ENTRY line of ``text``, without its terminator, per the scanner."""
    found = []
    for match in line_scanner().finditer(text):
        if match.lastgroup == "ENTRY":
            found.append(match.group().removesuffix("\n").removesuffix("\r"))
    return found


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_entry_split_agrees_with_lark_on_real_files(path: Path) -> None:
    try:
        text = cyberark_cfg.loads(path.read_bytes(), "padr", strict=False).to_text()
    except cyberark_cfg.ParseError:
        return  # undecodable on purpose (NUL bytes, truncated UTF-16)
    for line in entry_lines(text):
        for described in (False, True):
            assert entry_parts(Entry(line, "", 0, described)) == lark_entry_parts(line, described)


def test_the_entry_grammar_reads_every_kind_of_value() -> None:
    # Positive cases: what each value token is, so the agreement below cannot pass vacuously.
    assert lark_entry_parts('  Key Name  =  "a b"  ', False) == (
        "  ", "Key Name", "  =  ", '"', "a b", '"', "  ")
    assert lark_entry_parts('k="open  ', False) == ("", "k", "=", '"', "open", "", "  ")
    assert lark_entry_parts("TIMEOUT=8   - Seconds to wait ", True) == (
        "", "TIMEOUT", "=", "", "8", "   - Seconds to wait", " ")
    assert lark_entry_parts("TIMEOUT=8   - Seconds to wait", False) == (
        "", "TIMEOUT", "=", "", "8   - Seconds to wait", "", "")
    assert lark_entry_parts("k=  ", False) == ("", "k", "=  ", "", "", "", "")


ENTRY_TEXT = st.text(alphabet=["a", "k", " ", "\t", "-", "=", "\r", "\x0b", "\xa0", '"', "#",
                                "[", ";"], max_size=20)


@settings(max_examples=1500, deadline=None)
@given(ENTRY_TEXT)
def test_entry_split_agrees_with_lark_on_generated_lines(text: str) -> None:
    if entry_lines(text + "\n") != [text]:
        return  # not one entry line
    for described in (False, True):
        assert entry_parts(Entry(text, "", 0, described)) == lark_entry_parts(text, described)


@settings(max_examples=500, deadline=None)
@given(ENTRY_TEXT)
def test_the_key_finder_is_the_grammars_key(text: str) -> None:
    lines = entry_lines(text + "\n")
    found = key_line().match(text)
    if lines == [text]:
        assert found is not None and found.group(1) == Entry(text, "").key
    elif found is not None:  # a comment or header line is never an entry, even with `=`
        assert text.lstrip(" \t")[:1] not in ("#", ";", "[", "")


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["#", ";", " #", "\t; ", "# \t"]), ENTRY_TEXT)
def test_a_commented_out_entry_has_the_grammars_key(marker: str, text: str) -> None:
    if entry_lines(text + "\n") != [text]:
        return  # not one entry line
    found = commented_entry().match(marker + text)
    assert found is not None and found.group(0) == marker + text
    key = key_line().match(text)
    assert key is not None and found.group(2).rstrip(" \t=") == key.group(1)


@pytest.mark.parametrize(("comment", "key"), [
    ("#;Password=x", ";Password"),  # a comment marker KEY does not start with
    ("# [Proxy]PROXYPASSWORD = x", "[Proxy]PROXYPASSWORD"),
    ("# = x", ""),
    ("#\rPROXYPASSWORD=x", "\rPROXYPASSWORD"),  # a lone CR is line content
    ("#\xa0Password=x", "\xa0Password"),
])
def test_a_commented_out_entry_reads_keys_the_grammar_refuses(comment: str, key: str) -> None:
    found = commented_entry().match(comment)
    assert found is not None and found.group(2).rstrip(" \t=") == key
    assert key_line().match(comment.lstrip("#")) is None


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


def test_lark_is_a_test_dependency_that_no_command_imports() -> None:
    import ast

    importers = []
    for path in sorted((ROOT / "cyberark_cfg").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "lark" for name in names):
                importers.append((path.name, node.col_offset > 0))
    # Only the reference parser builder, inside a function (and its type annotation).
    assert importers and all(name == "grammar.py" and nested for name, nested in importers)
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    runtime = project.split("dependencies = [", 1)[1].split("]", 1)[0]
    tests = project.split("test = [", 1)[1].split("]", 1)[0]
    assert "lark" not in runtime and '"lark>=' in tests
