"""Properties of lint over generated files: it never crashes, and secret values never reach
any output format."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberark_cfg.lint.engine import diagnose
from cyberark_cfg.lint.output import FORMATS, Summary, writer

SECRET = st.text(alphabet="ABCDEFabcdef0123456789!$%&/()?*+~_.-", min_size=12, max_size=60)
FLAG = st.one_of(st.integers(min_value=-5, max_value=300).map(str),
                 st.sampled_from(["", "x", "0x14", "16 ", "IP"]))
TYPES = st.sampled_from(["Password", "EnhancedPasswordMachine", "password", "", "Weird"])
OPTIONAL = st.sampled_from(["", "ClientIP=10.0.0.1\n", "AppPath=C:\\a b\\c.exe\n",
                            "Password=\n", "Username=\n", "VerificationsFlag=52\n"])


def _all_outputs(data: bytes, kind: str) -> str:
    _, found = diagnose(data, "file.ini", kind)
    text = []
    for name in FORMATS:
        stream = io.StringIO()
        out = writer(name, stream)
        out.start()
        summary = Summary(files=1)
        for diagnostic in found:
            summary.add(diagnostic)
            out.finding(diagnostic)
        out.finish(summary)
        text.append(stream.getvalue())
    text.extend(repr(d) for d in found)
    return "\n".join(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(password=SECRET, info=SECRET, flag=FLAG, cred_type=TYPES, extra=OPTIONAL,
       newline=st.sampled_from(["\n", "\r\n"]), duplicate=st.booleans())
def test_credential_secrets_never_printed(password: str, info: str, flag: str, cred_type: str,
                                          extra: str, newline: str, duplicate: bool) -> None:
    lines = [f"CredFileType={cred_type}", "CredFileVersion=2", "Username=DR",
             f"VerificationsFlag={flag}", f"Password={password}",
             f"AdditionalInformation={info}"]
    if duplicate:
        lines.append(f"password={password}")
    text = newline.join(lines) + newline + extra
    output = _all_outputs(text.encode("utf-8"), "cred")
    assert password not in output and info not in output


@settings(max_examples=80, deadline=None)
@given(secret=SECRET, behind=st.sampled_from(["YES", "NO", "maybe"]))
def test_proxy_password_never_printed(secret: str, behind: str) -> None:
    text = (f'VAULT = "V"\r\nADDRESS=10.0.0.1\r\nPORT=1858\r\nBEHINDFIREWALL={behind}\r\n'
            f"PROXYTYPE=HTTP\r\nPROXYPASSWORD={secret}\r\nPROXYPASSWORD={secret}\n")
    output = _all_outputs(text.encode("ascii"), "vault")
    assert "VAULT006" in output and secret not in output


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), kind=st.sampled_from(
    ["padr", "vault", "psm", "cred", "tsparm", "dbparm", None]))
def test_lint_never_crashes_on_arbitrary_bytes(data: bytes, kind: str | None) -> None:
    _, found = diagnose(data, "any.ini", kind)
    assert all(d.line >= 1 and d.column >= 1 for d in found)
