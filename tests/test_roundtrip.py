"""Every fixture, example and corpus file loads and renders back to its exact bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLES, FIXTURES

import cyberark_cfg

ROUNDTRIP = sorted((FIXTURES / "roundtrip").glob("*/*"))
# The configuration files; not the topology nor the service snapshots (JSON, CSV).
EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*")
                       if p.is_file() and p.suffix not in (".toml", ".json", ".csv"))


@pytest.mark.parametrize("path", ROUNDTRIP, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_round_trips(path: Path) -> None:
    data = path.read_bytes()
    document = cyberark_cfg.loads(data, kind=path.parent.name, path=str(path))
    assert document.to_bytes() == data
    assert document.kind == path.parent.name


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_example_round_trips(path: Path) -> None:
    document = cyberark_cfg.load(path)
    assert document.kind is not None
    assert document.to_bytes() == path.read_bytes()


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".md")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_corpus_round_trips(path: Path) -> None:
    data = path.read_bytes()
    document = cyberark_cfg.load(path)
    assert document.to_bytes() == data
    expected_kind = {"vault_ini": "vault", "cred": "cred"}[path.parent.name]
    assert document.kind == expected_kind


def test_round_trip_fixtures_cover_the_required_cases() -> None:
    names = {p.name for p in ROUNDTRIP}
    for needle in ("crlf", "lf-", "utf8-bom", "utf16le-bom", "cp1252", "no-final-newline",
                   "mixed-endings", "tabs", "descriptions", "duplicates", "empty",
                   "comment-only", "no-section", "keys-before-section"):
        assert any(needle in name for name in names), needle
