"""Every public entry point on arbitrary bytes: it succeeds or raises one of our own errors
(the :class:`~cyberark_cfg.CfgError` family), never anything else.

Covered: ``load``, ``loads`` (each kind, strict or not), lint (``diagnose``, ``lint_file``), fix
planning (the three DR procedures, ``plan_first_address``, ``plan_lint_fixes``, ``prepare``),
``check_change``, the DR state, and `cfgtool show`. The bytes are either wholly random or
INI-shaped text in every encoding with random damage, so both the decoder and the parser's
edges are reached. `python fuzz/fuzz_entry_points.py` runs the same checks for longer.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone

from conftest import fuzz_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.errors import CfgError
from cyberark_cfg.estate.change import FileChange
from cyberark_cfg.estate.state import pair_report
from cyberark_cfg.fixing import (
    Plan,
    Source,
    failback,
    full_replication,
    manual_failover,
    plan_first_address,
    plan_lint_fixes,
    prepare,
    rearm_failover,
)
from cyberark_cfg.kinds import KINDS
from cyberark_cfg.lint.change import check_change
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.engine import diagnose, lint_file

KIND = st.sampled_from([None, *sorted(KINDS)])
NAMES = st.sampled_from(["padr.ini", "Vault.ini", "user.ini", "x.cred", "basic_psm.ini",
                         "tsparm.ini", "dbparm.ini", "other.txt"])
LINE = st.one_of(
    st.sampled_from(["[MAIN]", "FailoverMode=Yes", "failovermode = no", "EnableFailover=No",
                     "ActivateManualFailover=Yes", "NextBinaryLogNumberToStartAt=1186",
                     "LastDataReplicationTimestamp=1790838501835879", 'VAULT="V"',
                     "ADDRESS=10.0.0.1, 10.0.0.2", "ADDRESS=", "PORT=1858", "TIMEOUT=8  - s",
                     "CredFileType=Password", "VerificationsFlag=16", "Password=00AA",
                     'PSMServerId="PSM01"', "BackupFilesDeletion=No", "# c", "", "[x", "=v",
                     "PROXYPASSWORD=p", "SafesDirectory=C:\\b"]),
    st.text(max_size=20),
)
TEXT = st.lists(st.tuples(LINE, st.sampled_from(["\r\n", "\n", "\r", ""])), max_size=20).map(
    lambda lines: "".join(a + b for a, b in lines))
ENCODING = st.sampled_from(["ascii", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, or INI-shaped text with a few random bytes spliced in."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    text, encoding = draw(TEXT), draw(ENCODING)
    # Characters the encoding lacks become `?`, as Notepad's "Save as ANSI" does.
    data = bytearray(text.encode(encoding, "surrogatepass" if "utf" in encoding else "replace"))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


SETTINGS = settings(max_examples=fuzz_examples(150), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def ours(call: object, *args: object, **kwargs: object) -> object:
    """Call, returning the result or None when one of our own errors was raised."""
    assert callable(call)
    try:
        return call(*args, **kwargs)
    except CfgError as exc:
        assert str(exc), "an error without a message"
        return None


@SETTINGS
@given(data=hostile_bytes(), kind=KIND, name=NAMES)
def test_load_and_loads(data: bytes, kind: str | None, name: str) -> None:
    for strict in (True, False):
        document = ours(cyberark_cfg.loads, data, kind, strict=strict)
        if document is not None:
            assert isinstance(document, cyberark_cfg.Document)
            assert document.to_bytes() == data  # never changed on the way in
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        ours(cyberark_cfg.load, path, kind)
        ours(cyberark_cfg.load, path, kind, strict=False, max_bytes=max(1, len(data) // 2))
        assert cyberark_cfg.detect_kind(path) in (None, *KINDS)
        result = lint_file(path, LintConfig(), kind)
        assert result.error is None or result.error.startswith(path)


@SETTINGS
@given(data=hostile_bytes(), kind=KIND)
def test_lint_and_fix_planning(data: bytes, kind: str | None) -> None:
    document, found = diagnose(data, "f.ini", kind)
    assert all(d.line >= 1 and d.column >= 1 and d.message for d in found)
    if document is None or document.errors:
        return  # fix reads strictly: a file that does not parse is never planned
    source = Source("f.ini", data, document)
    plans = [Plan.single("f.ini", p.name, edits) for p in
             (failback(), rearm_failover(), full_replication(),
              full_replication(-1), manual_failover())
             if (edits := ours(p.plan, document)) is not None]
    edits = ours(plan_first_address, document, "10.9.9.9")
    if edits is not None:
        plans.append(Plan.single("f.ini", "first", edits))  # type: ignore[arg-type]
    lint = ours(plan_lint_fixes, source, unsafe=True)
    if lint is not None:
        plans.append(lint.plan)  # type: ignore[attr-defined]
    for plan in plans:
        outcome = ours(prepare, plan, source)
        if outcome is not None:
            # A verified outcome re-parses to the bytes it will write.
            after = outcome.after  # type: ignore[attr-defined]
            assert cyberark_cfg.loads(after, document.kind_schema).to_bytes() == after


@SETTINGS
@given(before=st.one_of(st.none(), hostile_bytes()), after=hostile_bytes(), name=NAMES)
def test_check_change_and_state(before: bytes | None, after: bytes, name: str) -> None:
    found = ours(check_change, [FileChange(name, name, before, after)])
    assert found is None or all(d.line >= 1 for d in found)  # type: ignore[attr-defined]
    dr = ours(cyberark_cfg.loads, after, "padr")
    primary = ours(cyberark_cfg.loads, before, "padr") if before is not None else None
    if isinstance(dr, cyberark_cfg.Document):
        report = pair_report(dr, primary if isinstance(primary, cyberark_cfg.Document) else None)
        # Files alone never prove a split brain or an outage (two "Yes" files read "unverified").
        assert report.state in ("normal", "failover", "inconsistent", "unverified", "unknown")
        report.to_json(datetime(2026, 1, 1, tzinfo=timezone.utc))


@settings(max_examples=fuzz_examples(60), deadline=None, database=None)
@given(data=hostile_bytes(), name=NAMES)
def test_show(data: bytes, name: str) -> None:
    from cli_runner import run

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        for output_format in ("text", "json"):
            result = run("show", path, "--format", output_format)
            assert "internal error" not in result.stderr and "Traceback" not in result.stderr
            assert result.code in (0, 2)
            if result.code == 2:
                assert result.stderr.count("\n") == 1 and path in result.stderr


TOML_LINE = st.sampled_from([
    "[vaults.primary]", "[vaults.dr]", "[[components]]", "[psm]", 'site = "prod"',
    'addresses = ["10.0.0.1"]', 'padr = "p/padr.ini"', 'files = ["*/Vault.ini"]', "role = 1",
    'expected_state = "normal"', "server_ids = []", 'prefer = "dr"', "x = [", '"a" = {', ""])


@SETTINGS
@given(lines=st.lists(st.one_of(TOML_LINE, st.text(max_size=15)), max_size=12))
def test_topology(lines: list[str]) -> None:
    from cyberark_cfg.estate.topology import parse_topology

    ours(parse_topology, "\n".join(lines), "topology.toml")
