"""No secret value ever leaves the tool: every command, every output format, every broken file.

Each test builds credential files and Vault.ini files holding secrets drawn at random for this
run (so no hard-coded redaction can pass by luck), runs every command over them, and fails if a
secret, or any 8 characters of one, appears in stdout, stderr, a change record, a library
exception's text or a diagnostic. The files are the hard cases: a secret next to a syntax error,
on a line that does not parse, in a duplicated key, in UTF-16, under a misspelt key (`Pasword`,
`PROXYPASWORD`), in a commented-out entry, and wrapped onto a line of its own.
"""

from __future__ import annotations

import base64
import codecs
import json
import secrets
import shutil
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_runner import Result, run
from conftest import EXAMPLES

import cyberark_cfg
from cyberark_cfg.edits import InsertEntry, ReplaceList, SetValue, describe
from cyberark_cfg.errors import CfgError
from cyberark_cfg.fixing import failback, plan_first_address, plan_lint_fixes, prepare, read_source
from cyberark_cfg.lint.engine import diagnose

WINDOW = 8
PROXY_ALPHABET = string.ascii_letters + string.digits + "!$%&()*+-./:?@^_~"


def hex_secret() -> str:
    """A CreateCredFile-style secret: upper-case hex, as in real credential files."""
    return secrets.token_hex(24).upper()


def proxy_secret() -> str:
    """A clear-text proxy password as a person would type it."""
    return "".join(secrets.choice(PROXY_ALPHABET) for _ in range(20))


def key_material() -> str:
    """A base64 key (128 characters with `==` padding), to be wrapped PEM-style at 64."""
    return base64.b64encode(secrets.token_bytes(94)).decode()


def leaked(text: str, values: list[str]) -> list[str]:
    """The 8-character windows of ``values`` found in ``text`` (compared in any case)."""
    lowered = text.lower()
    found = []
    for value in values:
        for start in range(len(value) - WINDOW + 1):
            window = value[start:start + WINDOW]
            if window.lower() in lowered:
                found.append(window)
                break
    return found


@dataclass
class Case:
    """Files (relative path -> bytes), the secrets in them and the keys `get` must guard."""

    files: dict[str, bytes]
    values: list[str]
    guarded: list[tuple[str, str]] = field(default_factory=list)


def cred_lines(password: str, info: str, flag: str = "16") -> list[str]:
    return ["CredFileType=Password", "CredFileVersion=2", "Username=DR",
            f"VerificationsFlag={flag}", f"Password={password}", "ExternalAuthentication=No",
            f"AdditionalInformation={info}"]


def crlf(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def vault_lines(extra: list[str]) -> list[str]:
    return ['VAULT="Production Vault"', "ADDRESS=10.10.1.10", "PORT=1858",
            "BEHINDFIREWALL=YES", "PROXYTYPE=HTTP", *extra]


def clean_cred() -> Case:
    p, i = hex_secret(), hex_secret()
    return Case({"vault/user.ini": crlf(cred_lines(p, i))}, [p, i],
                [("vault/user.ini", "Password"), ("vault/user.ini", "AdditionalInformation")])


def cred_next_to_syntax_error() -> Case:
    p, i = hex_secret(), hex_secret()
    lines = cred_lines(p, i)
    lines.insert(5, "[broken")
    lines.insert(5, "=no key here")
    return Case({"vault/user.ini": crlf(lines)}, [p, i], [("vault/user.ini", "Password")])


def cred_unparsable_lines() -> Case:
    a, b, c, d = hex_secret(), hex_secret(), hex_secret(), proxy_secret()
    lines = cred_lines(hex_secret(), hex_secret())[:4] + [
        f"Password {a}", f"Password:{b}", f"[Password={c}", f"  {d}", f"\x01{a}"]
    return Case({"vault/user.ini": crlf(lines[:-1]) + lines[-1].encode()}, [a, b, c, d],
                [("vault/user.ini", "Password")])


def cred_duplicate_key() -> Case:
    p, q, i = hex_secret(), hex_secret(), hex_secret()
    lines = cred_lines(p, i) + [f"password={q}", f"AdditionalInformation={q}"]
    return Case({"app/appuser.ini": crlf(lines)}, [p, q, i],
                [("app/appuser.ini", "Password"), ("app/appuser.ini", "ADDITIONALINFORMATION")])


def cred_misspelt_keys() -> Case:
    p, i, n, k = hex_secret(), hex_secret(), hex_secret(), hex_secret()
    lines = cred_lines(hex_secret(), hex_secret())[:4] + [
        f"Pasword={p}", f"AdditonalInformation={i}", f"NewPasswd={n}", f"PrivateKy={k}"]
    keys = ["Pasword", "AdditonalInformation", "NewPasswd", "PrivateKy"]
    return Case({"cpm/user.cred": crlf(lines)}, [p, i, n, k],
                [("cpm/user.cred", key) for key in keys])


def cred_utf16() -> Case:
    p, i = hex_secret(), hex_secret()
    text = "\r\n".join(cred_lines(p, i)) + "\r\n"
    truncated = codecs.BOM_UTF16_LE + text.encode("utf-16-le")[:-1]
    return Case({"vault/user.ini": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
                 "psm/psmapp.cred": text.encode("utf-16-le"),  # no BOM
                 "psm/psmgw.cred": truncated}, [p, i],
                [("vault/user.ini", "Password"), ("psm/psmapp.cred", "Password")])


def cred_wrapped_key_material() -> Case:
    p, material = hex_secret(), key_material()
    lines = cred_lines(p, material[:64])
    # The rest of the value wrapped onto a line of its own: its `==` padding makes it parse as
    # an entry whose key is the secret. The same in a Vault.ini, whose kind has no such rule.
    lines.append(material[64:])
    vault = vault_lines([f"PROXYPASSWORD={material[:64]}", material[64:]])
    return Case({"vault/user.ini": crlf(lines), "vault/Vault.ini": crlf(vault)},
                [p, material], [("vault/user.ini", "Password")])


def vault_proxy_password() -> Case:
    p, old, note = proxy_secret(), proxy_secret(), proxy_secret()
    lines = vault_lines([f"PROXYPASSWORD={p}", f"#PROXYPASSWORD={old}",
                         f"; old proxy pw was {note}"])
    return Case({"pvwa/Vault.ini": crlf(lines)}, [p, old, note],
                [("pvwa/Vault.ini", "proxypassword")])


def vault_proxy_broken() -> Case:
    p, q, r, s = proxy_secret(), proxy_secret(), proxy_secret(), proxy_secret()
    misspelt = vault_lines([f"PROXYPASWORD={p}", f"PROXYPASSWORD {q}=x",
                            f"ProxyPasword = {r}"])
    broken = vault_lines([f"PROXYPASSWORD={s}", "  [unterminated", f"PROXYPASSWORD={q}"])
    duplicate = vault_lines([f"PROXYPASSWORD={r}   - template description", f"PROXYPASSWORD={p}"])
    return Case({"pvwa/Vault.ini": crlf(misspelt), "cpm/Vault.ini": crlf(broken),
                 "psm/Vault.ini": crlf(duplicate),
                 "dr/Vault.ini": "\r\n".join(misspelt).encode("utf-16-le")},
                [p, q, r, s],
                [("pvwa/Vault.ini", "PROXYPASWORD"), ("pvwa/Vault.ini", "ProxyPasword"),
                 ("psm/Vault.ini", "PROXYPASSWORD"), ("dr/Vault.ini", "PROXYPASWORD")])


def padr_with_stray_password() -> Case:
    p = proxy_secret()
    lines = ["[MAIN]", "EnableFailover=No", "FailoverMode=Yes", f"DRUserPassword={p}",
             "NextBinaryLogNumberToStartAt=1186", "LastDataReplicationTimestamp=1790838501835879"]
    return Case({"vault/padr.ini": crlf(lines)}, [p], [("vault/padr.ini", "DRUserPassword")])


CASES: dict[str, Callable[[], Case]] = {f.__name__: f for f in (
    clean_cred, cred_next_to_syntax_error, cred_unparsable_lines, cred_duplicate_key,
    cred_misspelt_keys, cred_utf16, cred_wrapped_key_material, vault_proxy_password,
    vault_proxy_broken, padr_with_stray_password)}


def materialise(root: Path, case: Case) -> None:
    for relative, data in case.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class Checker:
    """Runs commands and collects every failure (leak, traceback) with the command that had it."""

    def __init__(self, values: list[str]) -> None:
        self.values = values
        self.problems: list[str] = []

    def text(self, label: str, text: str) -> None:
        for window in leaked(text, self.values):
            self.problems.append(f"{label}: leaks {window!r}")
        if "Traceback" in text or "internal error" in text:
            self.problems.append(f"{label}: crashed: {text[-300:]}")

    def run(self, *args: str, stdout_may_hold_secret: bool = False) -> Result:
        result = run(*args)
        label = "cfgtool " + " ".join(args)
        self.text(label + " (stderr)", result.stderr)
        if not stdout_may_hold_secret:
            self.text(label + " (stdout)", result.stdout)
        return result


def per_file_commands(check: Checker, path: Path, case: Case, relative: str) -> None:
    shown = str(path)
    check.run("show", shown)
    check.run("show", shown, "--format", "json")
    for output_format in ("text", "json", "sarif", "github"):
        check.run("lint", shown, "--format", output_format)
    check.run("fix", shown, "--diff")
    check.run("fix", shown, "--check")
    check.run("fix", shown, "--unsafe-fixes", "--diff")
    check.run("fix", shown, "--first", "10.99.0.1", "--diff", "--kind", "vault")
    check.run("fix", shown, "--failback", "--diff", "--kind", "padr")
    check.run("state", "--dr", shown)
    check.run("state", "--dr", shown, "--format", "json")
    for file, key in case.guarded:
        if file != relative:
            continue
        refused = check.run("get", shown, key)
        if refused.code != 2 or refused.stderr.count("\n") != 1:
            check.problems.append(f"get {relative} {key}: not refused in one line: {refused}")
        elif parses(path) and "pass --reveal" not in refused.stderr:
            check.problems.append(f"get {relative} {key}: refused, but not as a secret: "
                                  f"{refused.stderr!r}")
        revealed = check.run("get", shown, key, "--reveal", stdout_may_hold_secret=True)
        if revealed.code == 0 and revealed.stdout.rstrip("\n") not in case.values + [""]:
            # --reveal prints the value itself, and only the value.
            check.problems.append(f"get --reveal {relative} {key}: printed something else")


def parses(path: Path) -> bool:
    try:
        cyberark_cfg.load(path)
    except CfgError:
        return False
    return True


def write_commands(check: Checker, path: Path, record: Path) -> None:
    """The commands that write (on a copy): their output and the record they append to."""
    check.run("fix", str(path), "--record", str(record), "--backup")
    check.run("fix", str(path), "--unsafe-fixes", "--record", str(record))
    check.run("fix", str(path), "--first", "10.99.0.1", "--record", str(record), "--kind",
              "vault")
    check.run("fix", str(path), "--failback", "--record", str(record), "--kind", "padr")
    new = hex_secret()
    check.values.append(new)
    check.run("set", str(path), "Password", new)
    check.run("set", str(path), "PROXYPASSWORD", new, "--kind", "vault")


def library_calls(check: Checker, path: Path) -> None:
    """Exception texts and diagnostics from the library's entry points."""
    data = path.read_bytes()
    for kind in (None, "cred", "vault", "padr"):
        calls: list[Callable[[], object]] = [
            lambda k=kind: cyberark_cfg.load(path, k),  # type: ignore[misc]
            lambda k=kind: cyberark_cfg.loads(data, k, path=str(path)),  # type: ignore[misc]
            lambda k=kind: read_source(path, k),  # type: ignore[misc]
            lambda k=kind: plan_lint_fixes(read_source(path, k)),  # type: ignore[misc]
            lambda k=kind: prepare(*_first_plan(path, k)),  # type: ignore[misc]
        ]
        for call in calls:
            try:
                outcome = call()
            except CfgError as exc:
                check.text(f"library on {path.name} ({kind}): exception", f"{exc!s} {exc!r}")
            else:
                check.text(f"library on {path.name} ({kind}): result", _described(outcome))
        document, found = diagnose(data, str(path), kind)
        check.text(f"diagnose {path.name} ({kind})", repr(found) + str([d.message for d in found]))
        if document is not None:
            for line in document.errors:
                check.text(f"parse error on {path.name}", f"{line!s} {line!r}")
            describe_secret_edits(check, document)


def describe_secret_edits(check: Checker, document: cyberark_cfg.Document) -> None:
    """An edit of a secret key, in words (for --record and --check), hides the new value."""
    new = hex_secret()
    check.values.append(new)
    for entry in document.entries():
        if not document.is_secret(entry.key):
            continue
        for edit in (SetValue(entry.key, new), InsertEntry(entry.key, new),
                     ReplaceList(entry.key, (new, "10.0.0.1"))):
            check.text(f"describe({type(edit).__name__})", describe(edit, document))


def _first_plan(path: Path, kind: str | None) -> tuple[object, object]:
    from cyberark_cfg.fixing import Plan

    source = read_source(path, kind)
    edits = (plan_first_address(source.document, "10.99.0.1") if source.document.kind == "vault"
             else failback().plan(source.document))
    return Plan.single(source.path, "probe", edits), source


def _described(outcome: object) -> str:
    describe = getattr(outcome, "descriptions", None)
    plan = getattr(outcome, "plan", None)
    remaining = getattr(outcome, "remaining", ())
    parts = [str(getattr(outcome, "problem", "")), repr(remaining)]
    if describe is not None:
        parts += describe()
    if plan is not None:
        parts.append(repr(plan))
    return "\n".join(parts)


@pytest.mark.parametrize("name", list(CASES))
def test_no_command_prints_a_secret(tmp_path: Path, name: str) -> None:
    case, before = CASES[name](), CASES[name]()  # the same shapes, other secrets
    after_root, before_root = tmp_path / "after", tmp_path / "before"
    materialise(after_root, case)
    materialise(before_root, before)
    check = Checker(case.values + before.values)
    for relative in case.files:
        per_file_commands(check, after_root / relative, case, relative)
    codes: set[str] = set()
    for output_format in ("text", "json", "sarif", "github"):
        result = check.run("lint", str(after_root), "--format", output_format)
        if output_format == "json" and result.stdout.strip():
            codes |= {finding["code"] for finding in json.loads(result.stdout)}
    for output_format in ("text", "json"):
        check.run("check-change", str(before_root), str(after_root), "--format", output_format)
        check.run("check-change", str(after_root), str(before_root), "--format", output_format)
    for code in sorted(codes):
        check.run("explain", code)
    check.run("rules")
    check.run("rules", "--format", "json")
    record = tmp_path / "record.jsonl"
    for relative in case.files:
        copy = tmp_path / "copy" / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(after_root / relative, copy)
        write_commands(check, copy, record)
        library_calls(check, after_root / relative)
    if record.exists():
        check.text("the change record", record.read_text(encoding="utf-8"))
    assert codes, "lint found nothing: the case does not exercise the rules"
    assert not check.problems, "\n".join(check.problems)


def test_estate_commands_print_no_secret(tmp_path: Path) -> None:
    """The estate commands (--topology) over the example estate, its secrets replaced."""
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    password, info, proxy, near = hex_secret(), hex_secret(), proxy_secret(), proxy_secret()
    (root / "dr" / "vault" / "user.ini").write_bytes(crlf(cred_lines(password, info)))
    pvwa = root / "dr" / "pvwa" / "Vault.ini"
    pvwa.write_bytes(pvwa.read_bytes() + crlf([f"PROXYPASSWORD={proxy}", f"PROXYPASWORD={near}"]))
    check = Checker([password, info, proxy, near])
    topology = str(root / "topology.toml")
    for output_format in ("text", "json", "sarif", "github"):
        check.run("lint", str(root), "--topology", topology, "--format", output_format)
    check.run("state", "--topology", topology)
    check.run("state", "--topology", topology, "--format", "json")
    check.run("fix", "--topology", topology, "--diff")
    record = tmp_path / "record.jsonl"
    check.run("fix", "--topology", topology, "--record", str(record))
    assert record.exists(), "the topology fix wrote nothing: the test lost its subject"
    check.text("the change record", record.read_text(encoding="utf-8"))
    assert not check.problems, "\n".join(check.problems)


def test_the_leak_detector_sees_a_leak() -> None:
    """The detector itself: a window of 8 characters anywhere, in any case, is a leak."""
    value = hex_secret()
    assert leaked(f"... {value[5:13].lower()} ...", [value]) == [value[5:13]]
    assert leaked(f"... {value[5:12]} ...", [value]) == []


def test_declared_secret_names_are_the_kinds_own() -> None:
    """secrecy.DECLARED is computed from the kinds' secret keys, no known key is hidden when
    printed, and a known key whose name reads like a secret is secret unless it names a file."""
    import re

    from cyberark_cfg.kinds import KINDS
    from cyberark_cfg.secrecy import DECLARED, looks_secret, printable_key
    from cyberark_cfg.values import ValueType

    specs = [(kind, spec) for kind in KINDS.values() for spec in kind.keys]
    assert {re.sub(r"[^a-z0-9]", "", s.name.lower()) for _, s in specs if s.secret} == \
        set(DECLARED)
    assert [s.name for _, s in specs if printable_key(s.name) != s.name] == []
    near_misses = ["Pasword", "PROXYPASWORD", "Passwrd", "AdditonalInformation", "PrivateKy",
                   "PROXYPW", "HSMPinCode", "ProxyPwd", "PIN", "Pin_Code", "DRSecret"]
    assert all(looks_secret(name) for name in near_misses)
    assert not any(looks_secret(name) for name in ("Username", "PORT", "Mapping", "PWVA"))
    # ServerPrivateKey and RecoveryPrvKey (dbparm.ini) are paths of key files, ApiKeyPath (a
    # PSM Vault.ini's [API]) the path of a credential file.
    named = [(k, s) for k, s in specs if not s.secret and looks_secret(s.name)]
    assert sorted(s.name for _, s in named) == ["ApiKeyPath", "RecoveryPrvKey",
                                                     "ServerPrivateKey"]
    assert all(s.type is ValueType.PATH and not k.is_secret(s.name) for k, s in named)
