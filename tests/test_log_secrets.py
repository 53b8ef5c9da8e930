"""A padr.log line can hold a secret (a tool that logged `Password=...`, a proxy error quoting
its configuration): `cfgtool log` in text and JSON, and `log --follow`, print the logged message
with the value of each secret `Key=` or `Key:` replaced by `<redacted>` (issue 16). The logs
are synthetic; the secrets are drawn per run and failure messages give positions only."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from cli_runner import run
from test_hostile_shapes import word_secret
from test_secret_leaks import leak_positions

from cyberark_cfg.padrlog.watch import Watch
from cyberark_cfg.secrecy import REDACTED, redact_assignments

NOW = "2019-10-13 16:00"


def _log(tmp_path: Path, messages: list[str]) -> Path:
    lines = ["[11/10/2019   15:37:22.532136]    ::    PADR0010I Replicate ended."]
    lines += [f"[13/10/2019   15:{38 + n}:22.532136]    ::    {message}"
              for n, message in enumerate(messages)]
    path = tmp_path / "padr.log"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    return path


SHAPES = ["ITATS006E Station is suspended for User DR Password={}",
          "PADR0011E failed: PROXYPASSWORD: {} refused",
          "ITATS004E authentication failure (pwd = {})",
          "PADR0013E ClientSecret={}, token={}"]


@pytest.mark.parametrize("shape", SHAPES)
def test_a_secret_in_a_logged_message_is_redacted(tmp_path: Path, shape: str) -> None:
    values = [word_secret(), word_secret()]
    path = _log(tmp_path, [shape.format(*values)])
    for args in (("log", str(path), "--all", "--now", NOW),
                 ("log", str(path), "--all", "--now", NOW, "--format", "json")):
        result = run(*args)
        assert result.code == 1 and REDACTED in result.stdout, result.stderr
        found = leak_positions(result.stdout + result.stderr, values)
        assert not found, f"{args[-1]}: secret at {found}"
    followed = list(itertools.islice(Watch(path).lines(), 3))
    assert len(followed) == 3 and not leak_positions("\n".join(followed), values)


def test_only_secret_keys_are_redacted() -> None:
    text = "Station is suspended for User DR (Code 15) at 15:38:22, Password=abc def"
    assert redact_assignments(text) == text.replace("abc", REDACTED)
    plain = "ITATS006E Station is suspended for User DR (Code 15) ADDRESS=10.0.0.1 x: y"
    assert redact_assignments(plain) == plain
    assert redact_assignments("P\u0430ssword=abc") == f"P\u0430ssword={REDACTED}"
    assert redact_assignments("HTTPPasword = abc") == f"HTTPPasword = {REDACTED}"


def test_redaction_is_linear_on_long_lines() -> None:
    import time

    for text in ("a=" * 300_000, ":" * 600_000, "x" * 600_000 + "=", " " * 600_000 + "=1",
                 "Password=" + "y" * 600_000):
        started = time.process_time()
        redact_assignments(text)
        assert time.process_time() - started < 2, len(text)


def test_a_line_of_very_many_assignments_is_hidden_after_a_bound() -> None:
    from cyberark_cfg.secrecy import MAX_GLUED

    text = "".join(f"k{n}=v " for n in range(MAX_GLUED * 8))
    shown = redact_assignments(text)
    assert shown.startswith("k0=v k1=v ") and shown.endswith(REDACTED) and len(shown) < len(text)
