"""`log --all` over a long log parses each chunk once: past MAX_KEPT entries the chunks read
after the verdict is settled are parsed only in the time-ordered pass, not in both (issue 19).
The log is synthetic (healthy replication cycles built from the fixture logs' lines)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from cyberark_cfg.padrlog import backscan
from cyberark_cfg.padrlog.entries import Entry
from cyberark_cfg.padrlog.report import build

CYCLE = ("[03/0{day}/2024   {hour:02d}:00:01.000000]    ::    PAREP013I Replicating Safe "
         "[Safe{number}]\n"
         "[03/0{day}/2024   {hour:02d}:00:02.000000]    ::    PADR0010I Replicate ended.\n"
         "[03/0{day}/2024   {hour:02d}:00:02.200000]    ::    PADR0099I Metadata Replication is "
         "running successfully.\n")


def healthy_log(path: Path, cycles: int) -> Path:
    path.write_text("".join(CYCLE.format(day=1 + number // 24 % 9, hour=number % 24, number=number)
                            for number in range(cycles)), encoding="ascii")
    return path


def counted_parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every chunk text handed to the entry parser, with how often."""
    parsed: Counter[str] = Counter()  # each chunk's text is unique: every cycle names a Safe
    parse = backscan.parse_chunk

    def counting(text: str, order: str | None = None) -> list[Entry]:
        parsed[text] += 1
        return parse(text, order)

    monkeypatch.setattr(backscan, "parse_chunk", counting)
    return parsed


def test_all_history_past_max_kept_parses_each_chunk_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = healthy_log(tmp_path / "padr.log", 400)
    now = datetime(2024, 3, 10)
    expected = build(backscan.scan(log, history_bytes=None, block_size=300), now).to_dict()
    monkeypatch.setattr(backscan, "MAX_KEPT", 20)
    parsed = counted_parses(monkeypatch)
    result = backscan.scan(log, history_bytes=None, block_size=300)
    assert result.whole_file
    assert build(result, now).to_dict() == expected
    assert len(parsed) > 100  # many chunks, most of them past MAX_KEPT
    assert max(parsed.values()) == 1, "a chunk was parsed twice"


# Synthetic storms (each line names its number, so every chunk's text is unique): the
# verdict is still unsettled, or settled but without a successful cycle yet, long past
# MAX_KEPT entries, so the first pass must parse chunks to know where to stop.
ERROR = "[03/09/2024   {hour:02d}:{minute:02d}:01.000000]    ::    ITATS006E Station is " \
        "suspended for User DR (storm line {number})\n"
WARNING = "[03/09/2024   {hour:02d}:{minute:02d}:01.000000]    ::    ITADB487W A component " \
          "user stopped logging on (storm line {number})\n"


def storm_after_cycles(path: Path, line: str, lines: int, cycles: int = 0) -> Path:
    healthy_log(path, cycles)
    with path.open("a", encoding="ascii") as log:
        log.write("".join(line.format(hour=number // 60 % 24, minute=number % 60,
                                      number=number) for number in range(lines)))
    return path


@pytest.mark.parametrize(("line", "cycles"), [
    (ERROR, 40),  # settled by the newest error; the last successful cycle is far back
    (ERROR, 0),  # settled, and no successful cycle at all: read to the start
    (WARNING, 40),  # warnings never settle the verdict: unsettled until the cycles
    (WARNING, 0),  # never settled
])
def test_a_storm_past_max_kept_parses_each_chunk_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, cycles: int) -> None:
    log = storm_after_cycles(tmp_path / "padr.log", line, 600, cycles)
    now = datetime(2024, 3, 10)
    expected = build(backscan.scan(log, history_bytes=None, block_size=300), now).to_dict()
    expected_recent = build(backscan.scan(log, block_size=300), now).to_dict()
    monkeypatch.setattr(backscan, "MAX_KEPT", 20)
    parsed = counted_parses(monkeypatch)
    assert build(backscan.scan(log, history_bytes=None, block_size=300), now).to_dict() \
        == expected
    assert len(parsed) > 100  # many chunks, most of them past MAX_KEPT
    assert max(parsed.values()) == 1, "a chunk was parsed twice"
    parsed.clear()
    assert build(backscan.scan(log, block_size=300), now).to_dict() == expected_recent
    assert max(parsed.values()) == 1, "a chunk was parsed twice"
