"""The backward chunk reader, the line grammar and the time options, on generated input."""

from __future__ import annotations

import codecs
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberark_cfg.errors import FileAccessError, ParseError
from cyberark_cfg.padrlog import HEALTHY, analyse, verdict
from cyberark_cfg.padrlog.entries import parse_line, wanted_entries
from cyberark_cfg.padrlog.reader import LogFile, detect
from cyberark_cfg.padrlog.when import parse_since, parse_time

# UTF-16 without a BOM is told by its NUL bytes, which arbitrary text defeats: it has its own
# test below, on text like a real log's.
ENCODINGS = {"ascii": ("utf-8", b""), "utf-8-bom": ("utf-8", codecs.BOM_UTF8),
             "utf-16-le-bom": ("utf-16-le", codecs.BOM_UTF16_LE),
             "utf-16-be-bom": ("utf-16-be", codecs.BOM_UTF16_BE)}

messages = st.sampled_from([
    "PADR0010I Replicate ended.", "PADR0099I Metadata Replication is running successfully.",
    "PAREP013I Replicating Safe [Tesorería]", "ITATS006E Station is suspended for User DR",
    "GetPADRWorkingDirectory returned [C:\\PrivateArk]", "", "PADR0103I Failover process started.",
])
lines = st.lists(st.one_of(messages.map(lambda m: ("entry", m)),
                           st.text(alphabet="abc xyz:\u20ac\U0001f600", max_size=12)
                           .map(lambda t: ("raw", t))), max_size=25)


def render(items: list[tuple[str, str]], newline: str) -> str:
    moment = datetime(2024, 3, 4, 8)
    out = []
    for kind, text in items:
        moment += timedelta(seconds=1, microseconds=123)
        out.append(f"[{moment:%m/%d/%Y   %H:%M:%S.%f}]    ::    {text}" if kind == "entry"
                   else text.lstrip("["))
    return newline.join(out)


@settings(max_examples=150, deadline=None)
@given(items=lines, newline=st.sampled_from(["\r\n", "\n"]),
       encoding=st.sampled_from(sorted(ENCODINGS)), block=st.integers(4, 64),
       final_newline=st.booleans())
def test_chunks_cover_the_file_and_start_at_entries(tmp_path_factory: pytest.TempPathFactory,
                                                    items: list[tuple[str, str]], newline: str,
                                                    encoding: str, block: int,
                                                    final_newline: bool) -> None:
    codec, bom = ENCODINGS[encoding]
    text = render(items, newline) + (newline if final_newline and items else "")
    path = tmp_path_factory.mktemp("log") / "padr.log"
    path.write_bytes(bom + text.encode(codec, "surrogatepass"))
    with LogFile(path) as log:
        chunks = list(log.reverse_chunks(block))
        assert b"".join(data for _, data in reversed(chunks)) == text.encode(codec, "surrogatepass")
        offsets = [offset for offset, _ in chunks]
        assert offsets == sorted(offsets, reverse=True)
        for offset, data in chunks[:-1]:
            assert log.encoding.decode(data).startswith("[")
            assert (offset - len(bom)) % log.encoding.unit == 0
        # Every wanted entry is found whatever the chunking.
        found = [e for _, data in reversed(chunks) for e in
                 wanted_entries(log.encoding.decode(data))]
        assert found == wanted_entries(text)


def test_parse_line_grammar() -> None:
    entry = parse_line("[03/05/2018   09:53:26.021747]    ::    "
                       "PADR0103I Failover process started.", "mdy")
    assert entry is not None
    assert (entry.time, entry.code, entry.message) == (
        datetime(2018, 3, 5, 9, 53, 26, 21747), "PADR0103I", "Failover process started.")
    plain = parse_line("[03/05/2018   09:53:26.022375]    ::    "
                       "GetPADRWorkingDirectory returned [C]")
    assert plain is not None and plain.code is None
    assert plain.message == "GetPADRWorkingDirectory returned [C]"
    short = parse_line("[3/5/2018 9:53:26]::ITATS006E Station is suspended for User DR\r", "mdy")
    assert short is not None and short.code == "ITATS006E" and short.time == datetime(
        2018, 3, 5, 9, 53, 26)
    assert short.message == "Station is suspended for User DR"
    impossible = parse_line("[13/45/2018   09:53:26.0]    ::    PADR0010I Replicate ended.",
                            "mdy")
    assert impossible is not None and impossible.time is None
    # Not a code: too short, or glued to more letters; not a header at all.
    assert parse_line("[03/05/2018   09:53:26.0]    ::    PADR0010 Replicate").code is None
    assert parse_line("[03/05/2018   09:53:26.0]    ::    PADR0010IX Replicate").code is None
    assert parse_line("    continuation text") is None
    assert parse_line("[03/05/2018   09:5") is None


def test_a_code_inside_a_message_is_not_an_event() -> None:
    text = ("[03/05/2018   09:53:26.0]    ::    Retrying after :: PADR0010I was expected\n"
            "[03/05/2018   09:53:27.0]    ::    ITATS006E Station is suspended for User DR\n")
    assert [entry.code for entry in wanted_entries(text)] == ["ITATS006E"]


def test_detect_encodings() -> None:
    assert detect(codecs.BOM_UTF16_LE + "[0".encode("utf-16-le")).label == "utf-16-le with BOM"
    assert detect("[03/05/2018".encode("utf-16-le")).label == "utf-16-le"
    assert detect("[03/05/2018".encode("utf-16-be")).label == "utf-16-be"
    assert detect(b"[03/05] caf\xc3\xa9").label == "utf-8"
    assert detect(b"[03/05] caf\xe9").label == "cp1252"
    with pytest.raises(ParseError, match="not a text log"):
        detect(b"PK\x03\x04\x00\x00\x01binary\x00")


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="no such file"):
        analyse(tmp_path / "missing.log")
    with pytest.raises(FileAccessError, match="directory"):
        analyse(tmp_path)
    other = tmp_path / "padr.ini"
    other.write_text("[MAIN]\nFailoverMode=No\n")
    with pytest.raises(ParseError, match="no padr.log entries"):
        analyse(other)


def test_verdict_reads_only_the_tail(tmp_path: Path) -> None:
    # 8 MiB of healthy cycles: the verdict must not read more than its last block or two.
    cycle = "".join(f"[03/04/2024   08:00:00.000000]    ::    PAREP013I Replicating Safe [S{i}]\r\n"
                    for i in range(40))
    cycle += ("[03/04/2024   08:00:01.000000]    ::    PADR0010I Replicate ended.\r\n"
              "[03/04/2024   08:00:01.100000]    ::    PADR0099I Metadata Replication is running"
              " successfully.\r\n")
    path = tmp_path / "padr.log"
    path.write_text(cycle * (8 * 2**20 // len(cycle)), newline="")
    report = verdict(path, now=datetime(2024, 3, 4, 9))
    assert report.verdict == HEALTHY
    assert not report.whole_file and report.scanned_bytes <= 2 * 2**20
    assert analyse(path, history_bytes=None).whole_file


def test_time_options() -> None:
    now = datetime(2024, 3, 5, 12, 0)
    assert parse_time("2024-03-05T10:00:00") == datetime(2024, 3, 5, 10)
    assert parse_time("03/05/2024   10:00:00.5", "mdy") == datetime(2024, 3, 5, 10, 0, 0, 500000)
    assert parse_time("03/05/2024   10:00:00.5", "dmy") == datetime(2024, 5, 3, 10, 0, 0, 500000)
    with pytest.raises(ValueError, match="reads two ways"):
        parse_time("03/05/2024 10:00")
    assert parse_time("2024-03-05") == datetime(2024, 3, 5)
    assert parse_since("2h", now) == datetime(2024, 3, 5, 10)
    assert parse_since("30m", now) == datetime(2024, 3, 5, 11, 30)
    assert parse_since("7d", now) == datetime(2024, 2, 27, 12)
    assert parse_since("14:05", now) == datetime(2024, 3, 5, 14, 5)
    with pytest.raises(ValueError, match="not a time"):
        parse_since("yesterday", now)
    with pytest.raises(ValueError, match="not a time"):
        parse_time("2h")
