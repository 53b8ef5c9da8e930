"""A secret-leak test that new output paths cannot fool (issue 16): hypothesis builds hostile
files (credential files, Vault.ini, dbparm.ini, padr.ini) with random secrets in every position
we know of: under declared keys, misspellings and other names (`Pasword`, `PROXYPW`,
`HSMPinCode`, `pwd`, `ClientSecret`), behind look-alike or zero-width characters, full-width
`＝`, `:` separators, tabs, quotes, NUL or a BOM, glued onto the line before
(`Username=DRPassword=`), split over a backslash continuation or a wrapped line, in comments,
after section headers and inside section names, in lines no parser accepts (so error messages
quoting the line would leak), with CR-only, LF, CRLF or mixed line endings, in ASCII, UTF-8
(with or without BOM) or UTF-16 (with or without BOM, lone surrogates included).

Each check is a named *probe*: one command with its format and forced kind (every format of
`show`, `lint`, `state`, `check-change`, `fix` with diffs, records and backups, `get`, `set`,
the baseline, the HTML report and the topology commands), or the library's records and reprs
read as one kind. A probe fails if any 8 characters of a secret reach stdout, stderr, a change
record, a baseline, the HTML report, an exception's text or ``repr``, or if the command prints
a traceback or "internal error". Failure messages name the secret's number and where it was
found, never the characters themselves.

:func:`test_no_secret_reaches_any_output` runs every probe on each generated file (a few
examples in the normal run). :func:`test_drawn_probes_leak_no_secret` lets hypothesis draw
which probes an example runs, so a long run (``fuzz/fuzz_secrets.py``) spreads its examples
over all of them at a fraction of the cost.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cli_runner import run
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.errors import CfgError
from cyberark_cfg.fixing import Plan, prepare, read_source
from cyberark_cfg.kinds import KINDS

EXAMPLES_TO_RUN = int(os.environ.get("CFGTOOL_FUZZ_EXAMPLES", "5"))
LETTERS = "kqxzjw"
WINDOW = 8

# Keys that hold a secret, as they are spelt (declared, misspelt, other kinds' and invented).
SECRET_KEYS = ["Password", "password", "PASSWORD", "Pasword", "Passwd", "NewPassword",
               "PROXYPASSWORD", "ProxyPassword", "PROXYPASWORD", "PROXYPW", "ProxyPwd",
               "HSMPinCode", "HSMPIN", "DRPin", "PrivateKey", "PrivateKy",
               "AdditionalInformation", "AdditonalInformation", "Secret", "ApiToken",
               "DRUserPassword", "Pass word", "pwd", "PWD", "passphrase", "Passphrase",
               "token", "Token", "apikey", "ApiKey", "API_KEY", "ClientSecret",
               "client_secret", "PRIVATEKEY", "Private-Key", "pin"]
# Characters that make a key look like another to a reader, or that a careless editor leaves
# inside it: Cyrillic and Greek look-alikes, full-width letters, zero-width and soft-hyphen
# characters, a BOM.
LOOK_ALIKES = {"a": "\u0430", "o": "\u043e", "e": "\u0435", "P": "\u0420", "A": "\u0391",
               "s": "\u0455", "S": "\u0405", "p": "\u0440", "i": "\u0456", "k": "\u03ba"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u180e"]
BASES = {
    "user.ini": ["CredFileType=Password", "CredFileVersion=2", "Username=DR",
                 "VerificationsFlag=16", "ExternalAuthentication=No"],
    "app.cred": ["CredFileType=EnhancedPasswordMachine", "CredFileVersion=2",
                 "Username=App", "VerificationsFlag=16"],
    "Vault.ini": ['VAULT="Vault"', "ADDRESS=10.10.1.10", "PORT=1858", "PROXYTYPE=HTTP",
                  "PROXYUSER=svc"],
    "dbparm.ini": ["[MAIN]", "VaultId=1", "BackupFilesDeletion=Yes"],
    "padr.ini": ["[MAIN]", "EnableFailover=Yes", "FailoverMode=No"],
    "basic_psm.ini": ['PSMServerId="PSM_1"', 'LogsFolder="C:\\PSM\\Logs"'],
    "tsparm.ini": ["SafesDirectory=C:\\Safes"],
}

SHAPES = ["entry", "glued", "comment", "header", "section", "wrapped", "indented", "quoted",
          "look-alike", "full-width", "quoted-key", "colon", "tab", "nul", "bom",
          "continuation", "section-entry", "unparsable", "long-line", "many-sections",
          "surrogate"]
# Section names are hidden in credential files (issue 16). Elsewhere a section name is data
# (`[API]`, `[MAIN]`, `[SYSLOG]`) and is hidden only when it looks like key material or holds
# a secret's key (`[Password=...]`, `[PROXYPASSWORD hunter2]`), which the "section-entry"
# shape draws in every kind; a drawn secret alone need not (`[S0k0q0xfzfjfwf...]` reads like
# a name), so the bare "section" shape goes into credential files only.
CREDENTIAL_FILES = ("user.ini", "app.cred")
ENCODINGS = ["ascii", "ascii", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
             "cp1252"]


def secret_text(number: int) -> str:
    """A secret no output can hold by chance: hex digits each followed by a letter."""
    digits = f"{number:016x}"
    return "S" + "".join(d + LETTERS[i % len(LETTERS)] for i, d in enumerate(digits))


def leak_positions(text: str, values: list[str]) -> list[tuple[int, int, int]]:
    """(secret number, start of its 8-character window, offset in ``text``) for each secret
    some 8 characters of which ``text`` holds (compared in any case): positions, not values."""
    lowered = text.lower()
    found = []
    for number, value in enumerate(values):
        value = value.lower()
        for start in range(len(value) - WINDOW + 1):
            offset = lowered.find(value[start:start + WINDOW])
            if offset >= 0:
                found.append((number, start, offset))
                break
    return found


def scrub(text: str, values: list[str]) -> str:
    """``text`` with every 8-character window of a secret replaced by ``<secret N>``, for
    failure messages."""
    for number, value in enumerate(values):
        for start in range(len(value) - WINDOW + 1):
            window = value[start:start + WINDOW]
            if window in text:
                text = text.replace(window, f"<secret {number}>")
    return text


@dataclass
class Hostile:
    name: str
    lines: list[str]
    secrets: list[str]
    keys: list[str]
    newlines: list[str]
    encoding: str = "ascii"

    def text(self) -> str:
        return "".join(line + newline for line, newline in zip(self.lines, self.newlines,
                                                               strict=True))

    def data(self) -> bytes:
        text = self.text()
        encoding = self.encoding
        if encoding in ("ascii", "cp1252"):
            try:
                return text.encode(encoding)
            except UnicodeEncodeError:
                encoding = "utf-8"
        return text.encode(encoding, "surrogatepass")

    def __repr__(self) -> str:
        # Hypothesis prints the falsifying example: its shape, never the secrets themselves.
        lines = [scrub(line, self.secrets)[:200] for line in self.lines]
        return (f"Hostile({self.name!r}, {lines!r}, keys={self.keys!r}, "
                f"newlines={self.newlines!r}, encoding={self.encoding!r})")

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # hypothesis's own printer would show every field


def _key_variant(draw: st.DrawFn, key: str) -> str:
    """``key`` with look-alike letters or an invisible character in it."""
    if draw(st.booleans()):
        letters = [index for index, letter in enumerate(key) if letter in LOOK_ALIKES]
        if letters:
            index = draw(st.sampled_from(letters))
            return key[:index] + LOOK_ALIKES[key[index]] + key[index + 1:]
    where = draw(st.integers(0, len(key)))
    return key[:where] + draw(st.sampled_from(INVISIBLE)) + key[where:]


def _place(draw: st.DrawFn, shape: str, lines: list[str], key: str, value: str,
           where: int) -> tuple[list[str], list[str]]:
    """Put ``key``/``value`` into ``lines`` at ``where`` in ``shape``; return the keys a
    `get` should ask for and further secret parts (a split value's halves)."""
    gets: list[str] = []
    extra: list[str] = []
    if shape == "entry":
        lines.insert(where, f"{key}={value}")
        gets.append(key)
    elif shape == "indented":
        lines.insert(where, f"  {key} =  {value}   - old one")
        gets.append(key)
    elif shape == "quoted":
        lines.insert(where, f'{key}="{value}"')
        gets.append(key)
    elif shape == "glued" and lines:
        index = min(where, len(lines) - 1)
        lines[index] = lines[index] + f"{key}={value}"
    elif shape == "comment":
        marker = draw(st.sampled_from(["#", ";", "  # ", "\t;"]))
        lines.insert(where, draw(st.sampled_from([f"{marker}{key}={value}",
                                                  f"{marker} {key}: {value}",
                                                  f"{marker} old {key} {value}"])))
    elif shape == "header":
        lines.insert(where, f"[Proxy] {draw(st.sampled_from([';', '#', '']))} {key}={value}")
    elif shape == "section":
        lines.insert(where, f"[{value}]")
    elif shape == "look-alike":
        variant = _key_variant(draw, key)
        lines.insert(where, f"{variant}={value}")
        gets.append(variant)
    elif shape == "full-width":
        lines.insert(where, f"{key}{draw(st.sampled_from(['＝', ' ＝ ', '﹦', '⁼']))}{value}")
        gets.append(key)
    elif shape == "quoted-key":
        quote = draw(st.sampled_from(['"', "'", "`"]))
        lines.insert(where, f"{quote}{key}{quote}{draw(st.sampled_from(['=', ' = ']))}{value}")
        gets.append(f"{quote}{key}{quote}")
    elif shape == "colon":
        lines.insert(where, f"{key}{draw(st.sampled_from([':', ': ', ' : ', ':=']))}{value}")
        gets.append(key)
    elif shape == "tab":
        lines.insert(where, draw(st.sampled_from([f"{key}\t=\t{value}", f"\t{key}={value}",
                                                  f"{key}\t{value}", f"{key}=\t{value}\t"])))
        gets.append(key)
    elif shape == "nul":
        lines.insert(where, draw(st.sampled_from([f"{key}=\x00{value}", f"{key}\x00={value}",
                                                  f"\x00{key}={value}", f"{key}={value}\x00"])))
        gets.append(key)
    elif shape == "bom":
        lines.insert(where, draw(st.sampled_from([f"\ufeff{key}={value}",
                                                  f"{key}=\ufeff{value}"])))
        gets.append(key)
    elif shape == "continuation":
        lines.insert(where, f"{key}={value[:9]}\\")
        lines.insert(where + 1, value[9:])
        extra.append(value[9:])
        gets.append(key)
    elif shape == "section-entry":
        lines.insert(where, draw(st.sampled_from([f"[{key}={value}]", f"[{key} {value}]",
                                                  f"[{key}]={value}", f"[{key}={value}"])))
    elif shape == "unparsable":
        lines.insert(where, draw(st.sampled_from([f"={value}", f"{value}",
                                                  f"[{value}", f"{key}{value}",
                                                  f"{key}=={value}", f"{key} {value}",
                                                  f"{value}={key}"])))
    elif shape == "long-line":
        pad = draw(st.sampled_from([" " * 70_000, "x" * 70_000, "\t" * 20_000]))
        lines.insert(where, draw(st.sampled_from([f"{key}={pad}{value}", f"{pad}{key}={value}",
                                                  f"{key}={value}{pad}"])))
        gets.append(key)
    elif shape == "many-sections":
        lines[where:where] = ["[MAIN]"] * draw(st.integers(50, 400)) + [f"{key}={value}"]
        gets.append(key)
    elif shape == "surrogate":
        lines.insert(where, draw(st.sampled_from([f"{key}=\ud800{value}",
                                                  f"{key}\udc00={value}",
                                                  f"{key}={value}\udfff"])))
    else:  # a value wrapped onto a line of its own
        lines.insert(where, f"{key}={value[:9]}")
        lines.insert(where + 1, value[9:] + "==")
        extra.append(value[9:])
    return gets, extra


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
        gets, extra = _place(draw, shape, lines, key, value, draw(st.integers(0, len(lines))))
        keys += gets
        secrets += extra
    style = draw(st.sampled_from(["\r\n", "\n", "\r\n", "\n", "\r", "mixed"]))
    if style == "mixed":
        newlines = [draw(st.sampled_from(["\r\n", "\n", "\r"])) for _ in lines]
    else:
        newlines = [style] * len(lines)
    if draw(st.booleans()):
        newlines[-1] = ""
    return Hostile(name, lines, secrets, keys, newlines, draw(st.sampled_from(ENCODINGS)))


class Leaks:
    """Collects every leak or crash with the command that had it (positions, not values)."""

    def __init__(self, secrets: list[str]) -> None:
        self.secrets = secrets
        self.problems: list[str] = []

    def text(self, label: str, text: str) -> None:
        for number, start, offset in leak_positions(text, self.secrets):
            self.problems.append(f"{label}: characters {start}-{start + WINDOW} of secret "
                                 f"{number} at offset {offset}")
        if "Traceback" in text or "internal error" in text:
            self.problems.append(f"{label}: crashed: {scrub(text, self.secrets)[-300:]}")

    def run(self, *args: str) -> None:
        result = run(*args)
        label = "cfgtool " + " ".join(scrub(arg, self.secrets) for arg in args)
        self.text(label + " (stdout)", result.stdout)
        self.text(label + " (stderr)", result.stderr)

    def file(self, label: str, path: Path) -> None:
        if path.exists():
            self.text(label, path.read_bytes().decode("utf-8", "replace"))


@dataclass
class Site:
    """One example's folder: the hostile file, a clean copy of its base to compare with, and
    the example estate with the hostile file put in (made only when a probe asks)."""

    root: Path
    case: Hostile

    @property
    def path(self) -> Path:
        return self.root / "site" / self.case.name

    @property
    def shown(self) -> str:
        return str(self.path)

    def copy(self) -> Path:
        """A copy of the hostile file that a probe may change (one per probe)."""
        folder = Path(tempfile.mkdtemp(dir=self.root, prefix="copy"))
        shutil.copyfile(self.path, folder / self.case.name)
        return folder / self.case.name

    def topology(self) -> str:
        estate = self.root / "estate"
        if not estate.exists():
            shutil.copytree(EXAMPLES, estate)
            name = self.case.name
            target = ("dr/vault/user.ini" if name.endswith((".cred", "user.ini")) else
                      "dr/pvwa/Vault.ini" if name == "Vault.ini" else
                      "prod/psm/basic_psm.ini" if name == "basic_psm.ini" else
                      "dr/vault/padr.ini")
            shutil.copyfile(self.path, estate / target)
        return str(estate / "topology.toml")


Probe = Callable[[Leaks, Site], None]
PROBES: dict[str, Probe] = {}


def probe(name: str) -> Callable[[Probe], Probe]:
    def register(function: Probe) -> Probe:
        assert name not in PROBES, name
        PROBES[name] = function
        return function
    return register


def command(name: str, *args: str) -> None:
    """A probe running `cfgtool ARGS` with the hostile file where ``{file}`` stands."""
    def probe_it(leaks: Leaks, site: Site) -> None:
        leaks.run(*(site.shown if arg == "{file}" else arg for arg in args))
    probe(name)(probe_it)


for _output in ("text", "json"):
    command(f"show --format {_output}", "show", "{file}", "--format", _output)
    command(f"state --dr --format {_output}", "state", "--dr", "{file}", "--format", _output)
for _output in ("text", "json", "sarif", "github"):
    command(f"lint --format {_output}", "lint", "{file}", "--format", _output)
for _kind in KINDS:
    command(f"show --kind {_kind}", "show", "{file}", "--kind", _kind)
    command(f"show --kind {_kind} --format json", "show", "{file}", "--kind", _kind,
            "--format", "json")
    command(f"lint --kind {_kind}", "lint", "{file}", "--kind", _kind)
    command(f"lint --kind {_kind} --format json", "lint", "{file}", "--kind", _kind,
            "--format", "json")
    command(f"lint --kind {_kind} --format sarif", "lint", "{file}", "--kind", _kind,
            "--format", "sarif")
    command(f"fix --kind {_kind} --diff --unsafe-fixes", "fix", "{file}", "--kind", _kind,
            "--diff", "--unsafe-fixes")
command("fix --diff", "fix", "{file}", "--diff")
for _page in ("cp1251", "1250"):
    command(f"show --encoding {_page}", "show", "{file}", "--encoding", _page)
    command(f"lint --encoding {_page} --format json", "lint", "{file}", "--encoding", _page,
            "--format", "json")
    command(f"fix --encoding {_page} --diff", "fix", "{file}", "--encoding", _page, "--diff")
# The hostile file where another kind of input is expected: their errors must not quote it.
command("log", "log", "{file}", "--all")
command("state --dr-services", "state", "--dr", "{file}", "--dr-services", "{file}")
command("lint --baseline", "lint", "{file}", "--baseline", "{file}")
command("lint --config", "lint", "{file}", "--config", "{file}")
command("lint --topology (the file)", "lint", "--topology", "{file}")
command("fix --check", "fix", "{file}", "--check")
command("fix --first --diff --kind vault", "fix", "{file}", "--first", "10.9.9.9", "--diff",
        "--kind", "vault")
command("fix --failback --diff --kind padr", "fix", "{file}", "--failback", "--diff",
        "--kind", "padr")
command("fix --full-replication --diff --kind padr", "fix", "{file}", "--full-replication",
        "--diff", "--kind", "padr")


def _check_change(leaks: Leaks, site: Site, *options: str) -> None:
    leaks.run("check-change", str(site.root / "before" / site.case.name), site.shown, *options)


# check-change compares with the clean base; its folder form reads both folders.
PROBES["check-change --format text"] = lambda leaks, site: _check_change(leaks, site)
PROBES["check-change --format json"] = lambda leaks, site: leaks.run(
    "check-change", str(site.root / "before"), str(site.path.parent), "--format", "json")


@probe("get")
def _get(leaks: Leaks, site: Site) -> None:
    for key in site.case.keys or ["Password"]:
        leaks.run("get", site.shown, key)


@probe("get --kind")
def _get_kinds(leaks: Leaks, site: Site) -> None:
    for kind in KINDS:
        for key in site.case.keys[:2] or ["Password"]:
            leaks.run("get", site.shown, key, "--kind", kind)


@probe("set")
def _set(leaks: Leaks, site: Site) -> None:
    copy = site.copy()
    leaks.run("set", str(copy), "Username", "Someone", "--backup")
    for key in site.case.keys[:2]:
        leaks.run("set", str(copy), key, "changed", "--force")


@probe("lint --write-baseline")
def _baseline(leaks: Leaks, site: Site) -> None:
    baseline = site.root / "baseline.json"
    leaks.run("lint", str(site.path.parent), "--write-baseline", str(baseline))
    leaks.file("the baseline", baseline)


@probe("fix --record --backup")
def _record(leaks: Leaks, site: Site) -> None:
    record = site.root / "record.jsonl"
    copy = site.copy()
    leaks.run("fix", str(copy), "--record", str(record), "--backup", "--unsafe-fixes")
    leaks.run("fix", str(copy), "--first", "10.9.9.9", "--record", str(record), "--force")
    leaks.file("the change record", record)


@probe("report")
def _report(leaks: Leaks, site: Site) -> None:
    report = site.root / "report.html"
    leaks.run("report", "--topology", site.topology(), "-o", str(report))
    leaks.file("the HTML report", report)


@probe("lint --topology --format json")
def _lint_topology(leaks: Leaks, site: Site) -> None:
    leaks.run("lint", "--topology", site.topology(), "--format", "json")


@probe("fix --topology --diff")
def _fix_topology(leaks: Leaks, site: Site) -> None:
    leaks.run("fix", "--topology", site.topology(), "--diff")


@probe("state --topology --format json")
def _state_topology(leaks: Leaks, site: Site) -> None:
    leaks.run("state", "--topology", site.topology(), "--format", "json")


@probe("runbook failback --status")
def _runbook(leaks: Leaks, site: Site) -> None:
    leaks.run("runbook", "failback", "--topology", site.topology(), "--status")


def _library(kind: str | None) -> Probe:
    def library(leaks: Leaks, site: Site) -> None:
        case = site.case
        try:
            document = cyberark_cfg.loads(case.data(), kind, path=site.shown, strict=False)
            shown = [repr(document.get(key)) for key in case.keys]
            shown += [repr(entry) + document.display_value(entry) + document.display_key(
                entry.key) for entry in document.entries()]
            shown += [f"{error!s} {error!r}" for error in document.errors]
            leaks.text(f"library ({kind})", "\n".join(shown))
            source = read_source(site.path, kind)
            outcome = prepare(Plan.single(source.path, "none", ()), source)
            leaks.text(f"records ({kind})", repr(source) + repr(outcome) + str(source.data))
        except CfgError as exc:
            leaks.text(f"library ({kind}): exception", f"{exc!s} {exc!r}")
    return library


for _kind in (None, *KINDS):
    PROBES[f"library --kind {_kind}"] = _library(_kind)

# How many examples ran each probe, and how many ran at all (fuzz/fuzz_secrets.py logs them).
PROBE_COUNTS: Counter[str] = Counter()
EXAMPLE_COUNT: list[int] = []


def probe_lists() -> st.SearchStrategy[list[str]]:
    """One to three different probes for an example to run."""
    return st.lists(st.sampled_from(sorted(PROBES)), min_size=1, max_size=3, unique=True)


def run_probes(case: Hostile, names: list[str]) -> list[str]:
    """Write ``case`` into a fresh folder, run the named probes on it, and return the
    problems found (empty when no secret leaked and nothing crashed)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for side in ("site", "before"):
            (root / side).mkdir()
        site = Site(root, case)
        site.path.write_bytes(case.data())
        clean = "\r\n".join(BASES[case.name]) + "\r\n"
        (root / "before" / case.name).write_bytes(clean.encode())
        leaks = Leaks(case.secrets)
        EXAMPLE_COUNT.append(1)
        for name in names:
            PROBE_COUNTS[name] += 1
            PROBES[name](leaks, site)
        return leaks.problems


@settings(max_examples=EXAMPLES_TO_RUN, deadline=None, database=None, print_blob=True,
          suppress_health_check=list(HealthCheck))
@given(hostile_files())
def test_no_secret_reaches_any_output(case: Hostile) -> None:
    problems = run_probes(case, list(PROBES))
    assert not problems, "\n".join(problems[:20])


@settings(max_examples=EXAMPLES_TO_RUN, deadline=None, database=None, print_blob=True,
          suppress_health_check=list(HealthCheck))
@given(hostile_files(), probe_lists())
def test_drawn_probes_leak_no_secret(case: Hostile, names: list[str]) -> None:
    problems = run_probes(case, names)
    assert not problems, "\n".join(problems[:20])


def test_the_generator_puts_secrets_in_every_position() -> None:
    """The shapes the test draws really are in the files it writes (a test of the test)."""
    case = Hostile("user.ini", ["CredFileType=Password", "Username=DRPassword=Sx",
                                "[Sy]", "# Password=Sz"], ["Sx"], ["Password"],
                   ["\r", "\n", "\r\n", ""])
    assert case.data() == b"CredFileType=Password\rUsername=DRPassword=Sx\n[Sy]\r\n# Password=Sz"
    wide = Hostile("Vault.ini", ["P\u0430ss=x\ud800"], [], [], ["\n"], "utf-16-le")
    assert wide.data() == "P\u0430ss=x".encode("utf-16-le") + b"\x00\xd8\n\x00"
    assert secret_text(0) != secret_text(1) and len(secret_text(5)) == 33
    secret = secret_text(7)
    assert leak_positions("... " + secret[3:12].upper() + " ...", [secret]) == [(0, 3, 4)]
    assert "<secret 0>" in scrub("x" + secret, [secret]) and secret[:8] not in repr(
        Hostile("Vault.ini", [f"Password={secret}"], [secret], [], ["\n"]))


@given(st.data())
@settings(max_examples=20, deadline=None, database=None)
def test_every_shape_puts_its_secret_in_the_file(data: st.DataObject) -> None:
    """Each shape really writes the secret (or both halves of a split one) into the file."""
    value = secret_text(3)
    for shape in SHAPES:
        lines = ["A=1"]
        _, extra = _place(data.draw, shape, lines, "Password", value, 1)
        text = "\n".join(lines)
        assert value in text or value[:9] in text and extra, shape


def test_the_probes_cover_every_command() -> None:
    """The probe table (shared by the thorough test and the drawn one) runs every command
    that reads a configuration file, and the library's records."""
    commands = {name.split()[0] for name in PROBES}
    assert commands == {"show", "state", "check-change", "lint", "fix", "get", "set", "report",
                        "runbook", "library", "log"}
    assert {f"lint --kind {kind} --format sarif" for kind in KINDS} <= set(PROBES)
