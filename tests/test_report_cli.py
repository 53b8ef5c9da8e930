"""`cfgtool report` end to end, without a browser: the file it writes, exit codes, one-line
errors, secrets, escaping, the change record, the padr.log hook, lazy Jinja2 and packaging."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from cli_runner import run
from conftest import EXAMPLES, FIXTURES, ROOT, not_on_windows
from test_state import snapshot_json

NOW = "2026-10-01T09:00:00Z"
TOPOLOGY = EXAMPLES / "topology.toml"
SECRETS = FIXTURES / "report" / "secrets"
# Every secret value planted in the fixture estate (and in the example DR user's user.ini).
SECRET_VALUES = ("Pr0xy-S3cret-DR-vault", "Pr0xy-S3cret-CPM", "Sup3r-S3cret-CPM-Password",
                 "N3w-S3cret-CPM-Password", "Pr0xy-S3cret-Cred", "K3y-S3cret-Material",
                 "A1nfo-S3cret-Hash-0B1C2D3E", "S3cret")


def report(tmp_path: Path, *args: str, topology: Path = TOPOLOGY) -> tuple[int, str, str]:
    out = tmp_path / "report.html"
    result = run("report", "--topology", str(topology), "-o", str(out), "--now", NOW, *args)
    html = out.read_text(encoding="utf-8") if out.exists() else ""
    return result.code, html, result.stderr


def test_examples_report_is_written_with_state_time_and_version(tmp_path: Path) -> None:
    code, html, stderr = report(tmp_path)
    assert code == 1  # the example estate is in failover, not the expected normal state
    assert stderr == (f"{tmp_path / 'report.html'}: state failover; 2 errors, 8 warnings; "
                      "9 components\n")
    assert html.startswith("<!DOCTYPE html>")
    assert 'data-state="failover"' in html
    assert 'id="report-time">2026-10-01 09:00:00 UTC<' in html
    assert ">cfgtool 0.1.0<" in html
    assert html.count('<g class="node ') == 9 and html.count('<path class="arrow ') == 13


def test_self_contained_no_external_reference(tmp_path: Path) -> None:
    _, html, _ = report(tmp_path)
    for needle in ("http://", "https://", "<script", "<link", "@import", "url(http", "src="):
        assert needle not in html, needle
    assert "Content-Security-Policy" in html


def test_a_healthy_estate_exits_0(tmp_path: Path) -> None:
    code, html, _ = report(tmp_path,
                           topology=FIXTURES / "estate" / "healthy-normal" / "topology.toml")
    assert code == 0
    assert 'data-state="normal"' in html and "No findings." in html


def test_standard_output(tmp_path: Path) -> None:
    result = run("report", "-t", str(TOPOLOGY), "-o", "-", "--now", NOW)
    assert result.code == 1 and result.stdout.startswith("<!DOCTYPE html>")
    assert result.stderr == ""


def test_no_secret_ever_reaches_the_page(tmp_path: Path) -> None:
    code, html, stderr = report(tmp_path, topology=SECRETS / "topology.toml")
    assert code == 1, stderr
    # The files that hold the secrets are on the page, with their findings...
    assert 'data-file="prod/cpm/user.ini"' in html
    assert 'data-file="prod/cpm/Vault.ini"' in html and 'data-file="dr/vault/Vault.ini"' in html
    for code_ in ("CRED003", "CRED004", "VAULT006"):
        assert f'data-code="{code_}"' in html
    # ...and none of their secret values.
    for secret in SECRET_VALUES:
        assert secret not in html and secret not in stderr


def test_values_from_files_are_escaped(tmp_path: Path) -> None:
    estate = tmp_path / "estate"
    shutil.copytree(FIXTURES / "estate" / "healthy-normal", estate)
    topology = estate / "topology.toml"
    text = topology.read_text().replace("[vaults.dr]", '[vaults."<script>alert(1)</script>"]\n'
                                        'role = "dr"')
    topology.write_text(text)
    code, html, stderr = report(tmp_path, topology=topology)
    assert code in (0, 1), stderr
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("args", "message"), [
    (["-t", "missing.toml"], "cfgtool: error: missing.toml: no such file\n"),
    (["-t", str(FIXTURES / "estate" / "invalid-topologies" / "bad-toml.toml")],
     f"{FIXTURES / 'estate' / 'invalid-topologies' / 'bad-toml.toml'}:"),
    (["-t", str(TOPOLOGY), "--now", "yesterday"], "--now must be an ISO 8601 time"),
    (["-t", str(TOPOLOGY), "--log", "missing.log"], "cfgtool: error: missing.log: no such file\n"),
    (["-t", str(TOPOLOGY), "--record", "missing.jsonl"], "missing.jsonl: no such file"),
])
def test_usage_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", *args, "-o", str(tmp_path / "r.html"))
    assert result.code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_output_folder_and_unwritable_place(tmp_path: Path) -> None:
    result = run("report", "-t", str(TOPOLOGY), "-o", str(tmp_path), "--now", "soon")
    assert result.code == 2  # the folder is refused first, before anything is read
    assert result.stderr == f"cfgtool: error: {tmp_path}: is a folder; give a file name for the " \
                            "report\n"
    result = run("report", "-t", str(TOPOLOGY), "-o", str(tmp_path / "no" / "r.html"))
    assert result.code == 2 and "cannot write the report" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_change_record_from_fix_record(tmp_path: Path) -> None:
    estate = tmp_path / "examples"
    shutil.copytree(EXAMPLES, estate)
    padr = estate / "dr" / "vault" / "padr.ini"
    cpm = estate / "dr" / "pvwa" / "Vault.ini"  # fixed by --topology (DR003)
    record = tmp_path / "drill.jsonl"
    before = sha(padr)
    assert run("fix", str(padr), "--failback", "--record", str(record)).code == 0
    after = sha(padr)
    cpm_before = sha(cpm)
    assert run("fix", "--topology", str(estate / "topology.toml"), str(cpm),
               "--record", str(record)).code == 0
    cpm.write_bytes(cpm.read_bytes() + b"TIMEOUT=30\n")  # changed again by hand afterwards
    # New snapshots after the failback: DR replicates again, production serves.
    for folder, letters in (("dr", "SRS"), ("prod", "RSR")):
        (estate / folder / "vault" / "services.json").write_text(snapshot_json(letters))
    topology = estate / "topology.toml"
    topology.write_text(topology.read_text().replace("services.csv", "services.json"))
    code, html, stderr = report(tmp_path, "--record", str(record),
                                topology=estate / "topology.toml")
    assert code == 1, stderr
    assert '<h2 id="changes">Change record</h2>' in html
    rows = html.split('<table class="changes">')[1].split("</table>")[0].split("<tr>")[2:]
    assert len(rows) == 2
    assert "dr/vault/padr.ini" in rows[0] and "failback" in rows[0]
    assert f'title="{before}">{before[:12]}<' in rows[0]
    assert f'title="{after}">{after[:12]}<' in rows[0]
    assert ">in place<" in rows[0]
    assert "dr/pvwa/Vault.ini" in rows[1] and f"{cpm_before[:12]}" in rows[1]
    assert ">changed since<" in rows[1]
    # The failback put the DR vault back to standby: the report shows the new state.
    assert 'data-state="normal"' in html


def test_a_reverted_edit_and_an_empty_record(tmp_path: Path) -> None:
    estate = tmp_path / "examples"
    shutil.copytree(EXAMPLES, estate)
    padr = estate / "dr" / "vault" / "padr.ini"
    original = padr.read_bytes()
    record = tmp_path / "drill.jsonl"
    assert run("fix", str(padr), "--failback", "--record", str(record)).code == 0
    padr.write_bytes(original)
    _, html, _ = report(tmp_path, "--record", str(record), topology=estate / "topology.toml")
    assert ">reverted<" in html
    record.write_text("")
    _, html, _ = report(tmp_path, "--record", str(record), topology=estate / "topology.toml")
    assert "The change record is empty." in html


@pytest.mark.parametrize(("line", "message"), [
    ("not json", ":2:1: not a JSON line of `cfgtool fix --record`"),
    ("[1, 2]", ":2:1: not a JSON object"),
    ('{"time": "2026-10-01T08:00:00Z", "path": "x"}', ":2:1: a change record needs "
     "'sha256_before'"),
])
def test_a_bad_record_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    record = tmp_path / "drill.jsonl"
    good = ('{"time": "2026-10-01T08:00:00Z", "path": "p", "procedure": "failback", '
            '"edits": [], "sha256_before": "a", "sha256_after": "b"}')
    record.write_text(f"{good}\n{line}\n")
    result = run("report", "-t", str(TOPOLOGY), "-o", str(tmp_path / "r.html"),
                 "--record", str(record))
    assert result.code == 2
    assert result.stderr.startswith(f"cfgtool: error: {record}{message}")
    assert result.stderr.count("\n") == 1


def fake_padrlog(monkeypatch: pytest.MonkeyPatch, report_: object) -> list[datetime]:
    """Stand in for cyberark_cfg.padrlog (built on another branch) with its report's shape."""
    calls: list[datetime] = []
    module, codes = ModuleType("cyberark_cfg.padrlog"), ModuleType("cyberark_cfg.padrlog.codes")

    def analyse(path: str, *, now: datetime) -> object:
        calls.append(now)
        return report_

    module.analyse = analyse  # type: ignore[attr-defined]
    codes.lookup = lambda code: SimpleNamespace(  # type: ignore[attr-defined]
        remedy="Activate the DR user's trusted network area, or recreate user.ini"
    ) if code == "ITATS006E" else None
    monkeypatch.setitem(sys.modules, "cyberark_cfg.padrlog", module)
    monkeypatch.setitem(sys.modules, "cyberark_cfg.padrlog.codes", codes)
    return calls


def test_padr_log_verdict_through_the_padrlog_interface(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "padr.log"
    log.write_text("[10/01/2026   08:00:00.000000]    ::    ITATS006E Station is suspended\n")
    failing = SimpleNamespace(
        verdict="failing", reason="an error was logged after the last replication",
        last_success=datetime(2026, 10, 1, 7, 0), age=timedelta(hours=2),
        findings=[SimpleNamespace(code="ITATS006E", severity="error", count=3, unresolved=2,
                                  message="Station is suspended for User DR")])
    calls = fake_padrlog(monkeypatch, failing)
    code, html, stderr = report(tmp_path, "--log", str(log))
    assert code == 1, stderr
    assert len(calls) == 1 and calls[0].tzinfo is None  # padr.log times are local, naive
    section = html.split('<h2 id="padr-log">')[1]
    assert 'data-verdict="failing"' in section and 'class="badge error"' in section
    assert "2026-10-01 07:00:00" in section and "2h 0m ago" in section
    assert "ITATS006E" in section and "3 (2 since the last success)" in section
    assert "Station is suspended for User DR" in section
    assert "recreate user.ini" in section


def test_without_the_padrlog_package_log_is_a_usage_error(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cyberark_cfg.padrlog", None)  # import fails
    log = tmp_path / "padr.log"
    log.write_text("")
    code, html, stderr = report(tmp_path, "--log", str(log))
    assert code == 2 and html == ""
    assert stderr == ("cfgtool: error: --log needs the padr.log analysis (cyberark_cfg.padrlog), "
                      "which this installation does not include\n")


def test_padr_log_with_the_real_analysis(tmp_path: Path) -> None:
    pytest.importorskip("cyberark_cfg.padrlog", reason="cyberark_cfg.padrlog is merged "
                        "from another branch; this test runs once it is")
    log = tmp_path / "padr.log"
    log.write_bytes(  # a month/day log: 09/30 shows the order (a date above 12 second)
        b"[09/30/2026   23:59:59.000000]    ::    PAREP013I Replicating Safe [System]\r\n"
        b"[10/01/2026   08:01:01.479190]    ::    PAREP013I Replicating Safe [System]\r\n"
        b"[10/01/2026   08:01:02.621732]    ::    PADR0010I Replicate ended.\r\n"
        b"[10/01/2026   08:01:02.785084]    ::    PADR0099I Metadata Replication is running "
        b"successfully.\r\n")
    _, html, stderr = report(tmp_path, "--log", str(log))
    assert 'data-verdict="healthy"' in html, stderr
    assert "2026-10-01 08:01:02" in html


def test_other_commands_do_not_import_jinja2() -> None:
    code = ("import sys; from cyberark_cfg.cli.app import _register; _register(); "
            "print(sorted(m for m in sys.modules if m.startswith(('jinja2', "
            "'cyberark_cfg.report'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout == "[]\n"


@not_on_windows("no pip in CPython's embeddable build (see build_win64_zip --smoke)")
def test_the_wheel_ships_the_templates_and_an_installed_copy_renders(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("cyberark_cfg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("report.html.j2", "diagram.svg.j2", "style.css.j2"):
        assert f"cyberark_cfg/report/templates/{template}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-m", "cyberark_cfg", "report", "-t", str(TOPOLOGY),
                           "-o", "out.html", "--now", NOW], cwd=elsewhere, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert 'data-state="failover"' in (elsewhere / "out.html").read_text(encoding="utf-8")


def test_the_report_file_is_readable_like_any_other(tmp_path: Path) -> None:
    report(tmp_path)
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "report.html").stat().st_mode & 0o777 == 0o666 & ~mask
