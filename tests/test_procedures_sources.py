"""The DR procedures as the sources describe them (issue 15, cyberark-formats.md sections 3, 11):
failback leaves EnableFailover alone, re-arming is its own step, full replication is KB
000004199's whole edit, and a manual failover refuses the active vault."""

from __future__ import annotations

from pathlib import Path

from cli_runner import run

STANDBY_AFTER_FAILOVER = (b"[MAIN]\r\nEnableReplicate=Yes\r\nEnableFailover=No\r\n"
                          b"FailoverMode=Yes\r\nNextBinaryLogNumberToStartAt=1186\r\n"
                          b"LastDataReplicationTimestamp=1570820901835879\r\n")


def _in_order(text: str, *needles: str) -> bool:
    positions = [text.find(n) for n in needles]
    return -1 not in positions and positions == sorted(positions)


def test_failback_leaves_enable_failover_off(tmp_path: Path) -> None:
    # The seed's failback, steps 2-4: automatic failover must stay off on a vault that is
    # being made a replica; re-arming it is a later, separate step.
    padr = tmp_path / "padr.ini"
    padr.write_bytes(STANDBY_AFTER_FAILOVER)
    result = run("fix", str(padr), "--failback")
    assert result.code == 0, result.stderr
    assert padr.read_bytes() == (b"[MAIN]\r\nEnableReplicate=Yes\r\nEnableFailover=No\r\n"
                                 b"FailoverMode=No\r\n")
    assert f"cfgtool fix {padr} --rearm-failover" in result.stdout


def test_rearm_failover_is_its_own_procedure(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=No\r\n")
    result = run("fix", str(padr), "--rearm-failover")
    assert result.code == 0, result.stderr
    assert padr.read_bytes() == b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=No\r\n"
    assert _in_order(result.stdout, "cfgtool log", "2. Stop the CyberArk Vault Disaster",
                     "3. Edit padr.ini", "4. Start the CyberArk Vault Disaster")


def test_rearm_failover_refused_on_the_active_vault(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    data = b"[MAIN]\r\nEnableFailover=No\r\nFailoverMode=Yes\r\n"
    padr.write_bytes(data)
    result = run("fix", str(padr), "--rearm-failover")
    assert result.code == 2
    assert "refused: FailoverMode=Yes" in result.stderr
    assert padr.read_bytes() == data


def test_full_replication_sets_failover_mode_no(tmp_path: Path) -> None:
    # KB 000004199: FailoverMode=No and both position keys deleted; on a FailoverMode=Yes
    # file the tool used to say "nothing to change".
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nFailoverMode=Yes\r\n")
    result = run("fix", str(padr), "--full-replication")
    assert result.code == 0, result.stderr
    assert padr.read_bytes() == b"[MAIN]\r\nFailoverMode=No\r\n"
    assert "PrivateArk Server is stopped" in result.stdout
    assert "Stop the CyberArk Vault Disaster Recovery" not in result.stdout


def test_manual_failover_refuses_the_active_vault(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    data = b"[MAIN]\r\nEnableFailover=Yes\r\nFailoverMode=Yes\r\n"
    padr.write_bytes(data)
    result = run("fix", str(padr), "--manual-failover")
    assert result.code == 2
    assert "manual-failover refused: FailoverMode=Yes" in result.stderr
    assert padr.read_bytes() == data


def test_manual_failover_warns_on_an_old_replication(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes(b"[MAIN]\r\nFailoverMode=No\r\n"
                     b"LastDataReplicationTimestamp=1570820901835879\r\n")
    result = run("fix", str(padr), "--manual-failover")
    assert result.code == 0, result.stderr
    assert "warning: the last data replication (LastDataReplicationTimestamp, 2019-10-11 19:08" \
        in result.stderr
    # The other vault's PrivateArk Server is stopped before this one starts.
    assert _in_order(result.stdout, "On the other vault", "stop PrivateArk Server",
                     "Edit padr.ini")


def test_manual_failover_without_warning_when_recent(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from cyberark_cfg.values import to_epoch_us

    padr = tmp_path / "padr.ini"
    stamp = to_epoch_us(datetime.now(timezone.utc))
    padr.write_bytes(b"FailoverMode=No\r\nLastDataReplicationTimestamp=%d\r\n" % stamp)
    result = run("fix", str(padr), "--manual-failover")
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr
