"""A secret-leak test that new output paths cannot fool (issue 16): hypothesis builds hostile
files (credential files, Vault.ini, dbparm.ini, padr.ini) with random secrets in every position
we know of: under declared keys and misspellings (`Pasword`, `PROXYPW`, `HSMPinCode`), glued
onto the line before (`Username=DRPassword=`), in comments and after section headers, as a
credential file's section names, with CR-only, LF, CRLF or mixed line endings, in ASCII or
UTF-16. Every command runs over each file, in every output format and with every kind forced,
and the test fails if any 8 characters of a secret reach stdout, stderr, a change record, a
baseline, the HTML report, an exception's text or ``repr``, or a library record's ``repr``.

The normal run draws a few examples; ``fuzz/fuzz_secrets.py`` runs many more
(``CFGTOOL_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cli_runner import run
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_secrets import leaked

import cyberark_cfg
from cyberark_cfg.errors import CfgError
from cyberark_cfg.fixing import Plan, prepare, read_source
from cyberark_cfg.kinds import KINDS

EXAMPLES_TO_RUN = int(os.environ.get("CFGTOOL_FUZZ_EXAMPLES", "5"))
LETTERS = "kqxzjw"

# Keys that hold a secret, as they are spelt (declared, misspelt, other kinds' and invented).
SECRET_KEYS = ["Password", "password", "PASSWORD", "Pasword", "Passwd", "NewPassword",
               "PROXYPASSWORD", "ProxyPassword", "PROXYPASWORD", "PROXYPW", "ProxyPwd",
               "HSMPinCode", "HSMPIN", "DRPin", "PrivateKey", "PrivateKy",
               "AdditionalInformation", "AdditonalInformation", "Secret", "ApiToken",
               "DRUserPassword", "Pass word"]
BASES = {
    "user.ini": ["CredFileType=Password", "CredFileVersion=2", "Username=DR",
                 "VerificationsFlag=16", "ExternalAuthentication=No"],
    "app.cred": ["CredFileType=EnhancedPasswordMachine", "CredFileVersion=2",
                 "Username=App", "VerificationsFlag=16"],
    "Vault.ini": ['VAULT="Vault"', "ADDRESS=10.10.1.10", "PORT=1858", "PROXYTYPE=HTTP",
                  "PROXYUSER=svc"],
    "dbparm.ini": ["[MAIN]", "VaultId=1", "BackupFilesDeletion=Yes"],
    "padr.ini": ["[MAIN]", "EnableFailover=Yes", "FailoverMode=No"],
}


SHAPES = ["entry", "glued", "comment", "header", "section", "wrapped", "indented", "quoted"]
# Section names are hidden in credential files (issue 16). Elsewhere a section name is data
# (`[API]`, `[MAIN]`, `[SYSLOG]`) and is hidden only when it looks like key material, which a
# drawn secret need not (`[S0k0q0xfzfjfwfkfqfxfzfjfwfkfqbxaz]` reads like a name).
CREDENTIAL_FILES = ("user.ini", "app.cred")


def secret_text(number: int) -> str:
    """A secret no output can hold by chance: hex digits each followed by a letter."""
    digits = f"{number:016x}"
    return "S" + "".join(d + LETTERS[i % len(LETTERS)] for i, d in enumerate(digits))


@dataclass
class Hostile:
    name: str
    lines: list[str]
    secrets: list[str]
    keys: list[str]
    newlines: list[str]
    utf16: bool

    def data(self) -> bytes:
        text = "".join(line + newline for line, newline in zip(self.lines, self.newlines,
                                                               strict=True))
        return text.encode("utf-16") if self.utf16 else text.encode("ascii")


@st.composite
def hostile_files(draw: st.DrawFn) -> Hostile:
    name = draw(st.sampled_from(sorted(BASES)))
    lines = list(BASES[name])
    secrets: list[str] = []
    keys: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        value = secret_text(draw(st.integers(0, 2**64 - 1)))
        secrets.append(value)
        key = draw(st.sampled_from(SECRET_KEYS))
        shape = draw(st.sampled_from(SHAPES if name in CREDENTIAL_FILES else
                                     [shape for shape in SHAPES if shape != "section"]))
        where = draw(st.integers(0, len(lines)))
        if shape == "entry":
            lines.insert(where, f"{key}={value}")
            keys.append(key)
        elif shape == "indented":
            lines.insert(where, f"  {key} =  {value}   - old one")
            keys.append(key)
        elif shape == "quoted":
            lines.insert(where, f'{key}="{value}"')
            keys.append(key)
        elif shape == "glued" and lines:
            index = min(where, len(lines) - 1)
            lines[index] = lines[index] + f"{key}={value}"
        elif shape == "comment":
            marker = draw(st.sampled_from(["#", ";", "  # "]))
            lines.insert(where, f"{marker}{key}={value}")
        elif shape == "header":
            lines.insert(where, f"[Proxy] ; {key}={value}")
        elif shape == "section":
            lines.insert(where, f"[{value}]")
        else:  # a value wrapped onto a line of its own
            lines.insert(where, f"{key}={value[:9]}")
            lines.insert(where + 1, value[9:] + "==")
            secrets.append(value[9:])
    style = draw(st.sampled_from(["\r\n", "\n", "\r\n", "\n", "\r", "mixed"]))
    if style == "mixed":
        newlines = [draw(st.sampled_from(["\r\n", "\n", "\r"])) for _ in lines]
    else:
        newlines = [style] * len(lines)
    if draw(st.booleans()):
        newlines[-1] = ""
    return Hostile(name, lines, secrets, keys, newlines, draw(st.booleans()))


class Leaks:
    """Collects every leak or crash with the command that had it."""

    def __init__(self, secrets: list[str]) -> None:
        self.secrets = secrets
        self.problems: list[str] = []

    def text(self, label: str, text: str) -> None:
        for window in leaked(text, self.secrets):
            self.problems.append(f"{label}: leaks {window!r}")
        if "Traceback" in text or "internal error" in text:
            self.problems.append(f"{label}: crashed: {text[-300:]}")

    def run(self, *args: str) -> None:
        result = run(*args)
        label = "cfgtool " + " ".join(args)
        self.text(label + " (stdout)", result.stdout)
        self.text(label + " (stderr)", result.stderr)

    def file(self, label: str, path: Path) -> None:
        if path.exists():
            self.text(label, path.read_bytes().decode("utf-8", "replace"))


def commands(leaks: Leaks, case: Hostile, root: Path) -> None:
    path = root / "site" / case.name
    before = root / "before" / case.name
    shown = str(path)
    for output in ("text", "json"):
        leaks.run("show", shown, "--format", output)
        leaks.run("state", "--dr", shown, "--format", output)
    for output in ("text", "json", "sarif", "github"):
        leaks.run("lint", shown, "--format", output)
    leaks.run("lint", str(root / "site"), "--write-baseline", str(root / "baseline.json"))
    leaks.file("the baseline", root / "baseline.json")
    for kind in KINDS:
        leaks.run("show", shown, "--kind", kind)
        leaks.run("show", shown, "--kind", kind, "--format", "json")
        leaks.run("lint", shown, "--kind", kind, "--format", "json")
        leaks.run("fix", shown, "--kind", kind, "--diff", "--unsafe-fixes")
    for key in case.keys:
        leaks.run("get", shown, key)
    leaks.run("fix", shown, "--diff")
    leaks.run("fix", shown, "--check")
    leaks.run("fix", shown, "--first", "10.9.9.9", "--diff", "--kind", "vault")
    leaks.run("fix", shown, "--failback", "--diff", "--kind", "padr")
    leaks.run("check-change", str(before), shown)
    leaks.run("check-change", str(before.parent), str(path.parent), "--format", "json")
    record = root / "record.jsonl"
    copy = root / "copy" / case.name
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    leaks.run("fix", str(copy), "--record", str(record), "--backup", "--unsafe-fixes")
    leaks.run("fix", str(copy), "--first", "10.9.9.9", "--record", str(record), "--force")
    leaks.file("the change record", record)
    estate = root / "estate"
    shutil.copytree(EXAMPLES, estate)
    target = "dr/vault/user.ini" if case.name.endswith((".cred", "user.ini")) else \
        "dr/pvwa/Vault.ini" if case.name == "Vault.ini" else "dr/vault/padr.ini"
    shutil.copyfile(path, estate / target)
    topology = str(estate / "topology.toml")
    leaks.run("report", "--topology", topology, "-o", str(root / "report.html"))
    leaks.file("the HTML report", root / "report.html")
    leaks.run("lint", "--topology", topology, "--format", "json")
    leaks.run("fix", "--topology", topology, "--diff")


def library(leaks: Leaks, case: Hostile, path: Path) -> None:
    data = case.data()
    for kind in (None, *KINDS):
        try:
            document = cyberark_cfg.loads(data, kind, path=str(path), strict=False)
            shown = [repr(document.get(key)) for key in case.keys]
            shown += [repr(entry) + document.display_value(entry) + document.display_key(
                entry.key) for entry in document.entries()]
            shown += [f"{error!s} {error!r}" for error in document.errors]
            leaks.text(f"library ({kind})", "\n".join(shown))
            source = read_source(path, kind)
            outcome = prepare(Plan.single(source.path, "none", ()), source)
            leaks.text(f"records ({kind})", repr(source) + repr(outcome) + str(source.data))
        except CfgError as exc:
            leaks.text(f"library ({kind}): exception", f"{exc!s} {exc!r}")


@settings(max_examples=EXAMPLES_TO_RUN, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(hostile_files())
def test_no_secret_reaches_any_output(case: Hostile) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for side in ("site", "before"):
            (root / side).mkdir()
        (root / "site" / case.name).write_bytes(case.data())
        clean = "\r\n".join(BASES[case.name]) + "\r\n"
        (root / "before" / case.name).write_bytes(clean.encode())
        leaks = Leaks(case.secrets)
        commands(leaks, case, root)
        library(leaks, case, root / "site" / case.name)
        assert not leaks.problems, "\n".join(leaks.problems[:20])


def test_the_generator_puts_secrets_in_every_position() -> None:
    """The shapes the test draws really are in the files it writes (a test of the test)."""
    case = Hostile("user.ini", ["CredFileType=Password", "Username=DRPassword=Sx",
                                "[Sy]", "# Password=Sz"], ["Sx"], ["Password"],
                   ["\r", "\n", "\r\n", ""], False)
    assert case.data() == b"CredFileType=Password\rUsername=DRPassword=Sx\n[Sy]\r\n# Password=Sz"
    assert secret_text(0) != secret_text(1) and len(secret_text(5)) == 33
    assert leaked("... " + secret_text(7)[3:12] + " ...", [secret_text(7)])
