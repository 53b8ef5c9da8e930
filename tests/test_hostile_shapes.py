"""Hostile shapes found by thinking like an attacker (and by fuzz/fuzz_secrets.py), each a
fixed case that failed on the code before its fix: the file, the commands that leaked or
crashed, and what they must print instead. The generated variety is in
tests/test_secret_leaks.py; these pin the cases down. Secrets are drawn per run; failure
messages give positions, never the characters.
"""

from __future__ import annotations

import secrets
import string
from pathlib import Path

import pytest
from cli_runner import run
from test_secret_leaks import leak_positions

import cyberark_cfg

LOWER = string.ascii_lowercase


def word_secret(length: int = 24) -> str:
    """A secret of letters only: it reads like a name, so no key-material rule hides it."""
    return "".join(secrets.choice(LOWER) for _ in range(length))


def crlf(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


VAULT = ['VAULT="Vault"', "ADDRESS=10.10.1.10", "PORT=1858", "PROXYTYPE=HTTP"]


def outputs(path: Path, *commands: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, stdout + stderr) of each command, run on ``path``."""
    found = []
    for args in commands:
        result = run(*(str(path) if arg == "{}" else arg for arg in args))
        found.append((" ".join(args), result.stdout + result.stderr))
    return found


EVERY_VIEW = (("show", "{}"), ("show", "{}", "--format", "json"), ("lint", "{}"),
              ("lint", "{}", "--format", "sarif"), ("fix", "{}", "--diff", "--unsafe-fixes"))


def assert_hidden(path: Path, values: list[str], commands=EVERY_VIEW) -> None:  # type: ignore
    seen = outputs(path, *commands)
    problems = [f"{label}: secret {number} chars {start}+ at offset {offset}"
                for label, text in seen for number, start, offset in leak_positions(text, values)]
    problems += [f"{label}: crashed" for label, text in seen
                 if "Traceback" in text or "internal error" in text]
    assert not problems, problems


def test_a_secret_wrapped_onto_the_next_line_is_hidden_with_its_key(tmp_path: Path) -> None:
    """The rest of a password wrapped onto a line of its own, ending in base64's `==`, reads
    as `rest==`: a key the kind does not know, right after a secret entry. Letters only, it
    passed the key-material test and `show` printed it as a key (found by the fuzz run)."""
    rest = word_secret()
    path = tmp_path / "Vault.ini"
    path.write_bytes(crlf([*VAULT, f"PROXYPASSWORD={word_secret(9)}", f"{rest}==",
                           "PROXYUSER=svc"]))
    assert_hidden(path, [rest])
    document = cyberark_cfg.load(path)
    wrapped = [entry for entry in document.entries() if entry.lineno == 6]
    assert wrapped and wrapped[0].secret and document.display_key(wrapped[0].key) != rest
    # A known key after a secret is not a wrap: shown as usual.
    assert document.display_value(document.entry("PROXYUSER")) == "svc"  # type: ignore


@pytest.mark.parametrize("kind", [None, "padr", "dbparm", "psm", "tsparm"])
def test_a_wrapped_secret_is_hidden_in_every_kind(tmp_path: Path, kind: str | None) -> None:
    rest = word_secret()
    path = tmp_path / "Vault.ini"
    path.write_bytes(crlf([*VAULT, f"Password={word_secret(9)}", f"{rest}=="]))
    views = [args + (("--kind", kind) if kind else ()) for args in EVERY_VIEW]
    assert_hidden(path, [rest], views)


LOOK_ALIKE_KEYS = ["\u0420asswd",  # Cyrillic capital ER for P
                   "P\u0430ssword",  # Cyrillic a
                   "Pass\u200bword",  # zero-width space
                   "PROXY\u00adPASSWORD",  # soft hyphen
                   "\ufeffPassword",  # a BOM in the middle of the file
                   "Pa\u0455\u0455wd"]  # Cyrillic dze for s


@pytest.mark.parametrize("key", LOOK_ALIKE_KEYS)
def test_a_secret_key_spelt_with_look_alike_or_invisible_characters_is_secret(
        tmp_path: Path, key: str) -> None:
    """Real keys are ASCII: `Рasswd` with a Cyrillic `Р` slipped past every name rule and `get`
    printed its value (found by the fuzz run); a zero-width space or soft hyphen inside a key
    is invisible on screen. Any key with a character outside ASCII holds a secret."""
    value = word_secret()
    path = tmp_path / "Vault.ini"
    path.write_bytes(("\r\n".join([*VAULT, f"{key}={value}"]) + "\r\n").encode())
    assert_hidden(path, [value], (*EVERY_VIEW, ("get", "{}", key)))
    glued = tmp_path / "padr.ini"
    glued.write_bytes(f"[MAIN]\r\nFailoverMode=No{key}={value}\r\n".encode())
    assert_hidden(glued, [value], (*EVERY_VIEW, ("get", "{}", "FailoverMode")))


def test_a_long_value_full_of_equals_signs_is_judged_in_linear_time(tmp_path: Path) -> None:
    """Looking for a glued `Key=` scanned from every position of a value: `x=` followed by
    80 KB of letters took 12 s, so a 10 MB line never finished. Now a megabyte-long value of
    each shape is judged in well under a second, and a value with very many `=` is secret."""
    import time

    from cyberark_cfg.secrecy import MAX_GLUED, glued_secret

    for value in ("x=" + "a" * 1_000_000, "x=" + "a " * 500_000, "a=" * 500_000,
                  "=" * 1_000_000, "Password" * 100_000 + "="):
        started = time.process_time()
        glued_secret(value)
        assert time.process_time() - started < 0.5, len(value)
    assert glued_secret("b=" * (MAX_GLUED + 1)) and not glued_secret("b=" * MAX_GLUED)
    path = tmp_path / "Vault.ini"
    path.write_bytes(crlf([*VAULT, "PROXYUSER=x=" + "a" * 200_000]))
    started = time.monotonic()
    assert run("show", str(path)).code == 0
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("key", ["x" * 70_000 + "PrivateKy", "x" * 41 + "Pasword",
                                 "9f86d081884c7d659a2feaa0c55ad015PROXYPW2",
                                 "Proxy(Password)", "[Password]"],
                         ids=["junk-70000", "junk-41", "hex", "parentheses", "brackets"])
@pytest.mark.parametrize("kind", [None, "dbparm", "padr", "psm"])
def test_a_value_under_a_key_too_odd_to_show_is_not_shown(tmp_path: Path, key: str,
                                                          kind: str | None) -> None:
    """A lost line break glues text before a misspelt secret key (`xxx...xPrivateKy=`): the
    key, too long to be a key, was hidden as key material while its value was printed (found
    by the 100,000-example run in `show --kind dbparm`). A key that cannot be shown does not
    show its value either."""
    value = word_secret()
    path = tmp_path / "Vault.ini"
    path.write_bytes(crlf([*VAULT, f"{key}={value}"]))
    views = [args + (("--kind", kind) if kind else ()) for args in EVERY_VIEW]
    assert_hidden(path, [value], views)
