"""The document model: lookups through the key index agree with a plain scan of the sections
after any sequence of edits, and typed values read per the kind's schema."""

from __future__ import annotations

import re

from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.document import Document
from cyberark_cfg.nodes import Entry


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
        # The index knows whether any lower-cased key is on two entries (CFG003 skips without).
        assert document.entries() == [entry for sec in document.sections
                                      for entry in sec.entries()]
        keys = [entry.key.lower() for entry in document.entries()]
        assert document.key_index().repeated == (len(set(keys)) < len(keys))




def test_typed_reads_per_the_schema() -> None:
    document = cyberark_cfg.loads(b"FailoverMode=yes\r\nEnableFailover=maybe\r\n"
                                  b"NextBinaryLogNumberToStartAt=-1\r\n", "padr")
    assert document.typed("failovermode") is True
    assert document.typed("EnableFailover") is None  # not convertible
    assert document.typed("NextBinaryLogNumberToStartAt") == -1
    assert document.typed("NextBinaryLogNumberToStartAt", expect=bool) is None
    assert document.typed("Missing") is None
    untyped = cyberark_cfg.loads(b"Whatever=yes\r\n", None)
    assert untyped.kind is None and untyped.typed("whatever") == "yes"  # no schema: the text


def test_document_kind_is_the_name_and_kind_schema_the_kind() -> None:
    document = cyberark_cfg.loads(b"[MAIN]\r\nFailoverMode=No\r\n", "padr")
    assert document.kind == "padr" and document.kind_schema is not None
    assert document.kind_schema.name == document.kind
    assert document.kind_schema.title.startswith("padr.ini")
    assert not hasattr(document, "schema")  # one name for the Kind object
    assert cyberark_cfg.loads(b"x=1\r\n", None).kind_schema is None


def test_every_document_attribute_the_readme_names_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {name for row in re.findall(r"^\| `Document\.([^|]*)\|", readme, re.MULTILINE)
             for name in re.findall(r"(?:^|`\.|`Document\.)(\w+)", row)}
    document = cyberark_cfg.loads(b"[MAIN]\r\nFailoverMode=No\r\n", "padr")
    assert {"kind", "kind_schema", "encoding", "newline", "typed", "set"} <= named
    assert [name for name in sorted(named) if not hasattr(document, name)] == []


def test_every_entry_list_is_shared_and_follows_inserts() -> None:
    document = cyberark_cfg.loads("[MAIN]\r\nA=1\r\n# c\r\nB=2\r\n", "padr")
    first = document.entries()
    assert [entry.key for entry in first] == ["A", "B"]
    first.clear()  # a caller's copy: the document's list is not changed through it
    assert [entry.key for entry in document.entries()] == ["A", "B"]
    document.insert("C", "3", after="A")
    assert [entry.key for entry in document.entries()] == ["A", "C", "B"]
    document.remove("A")
    assert [entry.key for entry in document.entries()] == ["C", "B"]
