"""The line nodes: each keeps its text and terminator; an entry splits into the parts that let
its value change while everything else stays as written (spacing, quoting, a description)."""

from __future__ import annotations

import pytest

from cyberark_cfg.nodes import Blank, Comment, Entry, Section, SectionHeader, split_description


def test_an_entry_splits_into_its_parts() -> None:
    entry = Entry('  Key Name \t=  "a b" tail  ', "\r\n", 7)
    assert (entry.indent, entry.key, entry.pre, entry.post) == ("  ", "Key Name", " \t", "  ")
    assert (entry.raw, entry.trail) == ('"a b" tail', "  ")
    assert entry.quoted and not entry.unterminated_quote
    assert entry.value == "a b"
    assert entry.render() == '  Key Name \t=  "a b" tail  \r\n'


@pytest.mark.parametrize(("text", "value", "description"), [
    ("TIMEOUT=8      - Seconds to wait", "8", "Seconds to wait"),
    ("TIMEOUT=8 -", "8", None),  # a dash alone: the description is empty
    ("TIMEOUT=8-9", "8-9", None),  # no blank before the dash: part of the value
    ("TIMEOUT= 8 - x", "8", "x"),
])
def test_a_described_value_keeps_its_description(text: str, value: str,
                                                 description: str | None) -> None:
    entry = Entry(text, "\n", descriptions=True)
    assert entry.value == value and entry.description == description
    entry.set_value("30")
    assert entry.value == "30"
    assert entry.text == text.replace(value, "30", 1)


def test_without_descriptions_the_dash_is_part_of_the_value() -> None:
    assert Entry("TIMEOUT=8      - Seconds", "\n").value == "8      - Seconds"
    assert split_description(" 8 - x") is None  # a value starting with a blank has none


def test_set_value_keeps_quotes_spacing_and_terminator() -> None:
    entry = Entry('VAULT = "Old Name"   ', "\r\n")
    entry.set_value("New")
    assert entry.render() == 'VAULT = "New"   \r\n'
    entry.set_value("Bare", quote=False)
    assert entry.render() == "VAULT = Bare   \r\n"
    entry.set_value("Quoted", quote=True)
    assert entry.render() == 'VAULT = "Quoted"   \r\n'


def test_headers_comments_and_blanks() -> None:
    header = SectionHeader(" [ Main ] ; note", "\n", 3)
    assert header.name == "Main" and header.kind == "section"
    assert Comment("  ;  a remark ", "\n").body == "a remark"
    assert Blank("  ", "").render() == "  "


def test_a_section_matches_its_name_in_any_case() -> None:
    section = Section(SectionHeader("[MAIN]", "\n"), [Entry("A=1", "\n"), Blank("", "\n")])
    preamble = Section(None)
    assert section.matches(" main ") and not section.matches("other") and section.matches(None)
    assert preamble.matches("") and not preamble.matches("MAIN")
    assert [entry.key for entry in section.entries()] == ["A"]
