"""Long-running fuzz target for the decoder and the parser (outside CI).

    python fuzz/fuzz_parser.py --examples 200000

Feeds arbitrary bytes, and INI-shaped text in every encoding, to ``loads`` for every kind, and
checks the promises: it returns a document that renders back to the input bytes, or raises
``ParseError``, never anything else; a secret entry's value is a ``Secret`` shown as
``<redacted>`` (the shapes of issue 16: glued lines, header comments, misspelt keys,
look-alike and invisible characters in keys, junk glued in front of a key), and an entry whose
key is not shown never shows its value; a lone CR is always a parse error. The same
properties run with small example counts in ``tests/test_properties.py`` as part of the normal
test run.
"""

from __future__ import annotations

import argparse
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cyberark_cfg
from cyberark_cfg.kinds import KINDS
from cyberark_cfg.secrecy import REDACTED, Secret

SECRET_KEYS = st.sampled_from(["Password", "Pasword", "PROXYPASSWORD", "PROXYPW", "HSMPinCode",
                               "AdditionalInformation", "PrivateKey", "Secret", "DRPin",
                               "pwd", "passphrase", "token", "apikey", "ClientSecret",
                               "P\u0430ssword", "\u0420asswd", "Pass\u200bword",
                               "\ufeffPassword", "x" * 45 + "PrivateKy"])
LINE = st.one_of(
    st.from_regex(r"[ \t]*[A-Za-z][A-Za-z0-9 ]{0,12}[ \t]*=[ \t]*\"?[^\r\n]{0,20}", fullmatch=True),
    # The secret shapes of issue 16: a secret key, one glued after another entry, one after a
    # section header, a credential file's first line.
    st.builds("{}={}".format, SECRET_KEYS, st.text(max_size=12)),
    st.builds("Username=DR{}={}".format, SECRET_KEYS, st.text(max_size=12)),
    st.builds("[Proxy] ; {}={}".format, SECRET_KEYS, st.text(max_size=12)),
    st.builds("{}{}{}".format, SECRET_KEYS, st.sampled_from(["\uff1d", ":", "\t", "\x00=",
                                                             " = ", "=\ufeff"]),
              st.text(max_size=12)),
    st.builds("[{}={}]".format, SECRET_KEYS, st.text(max_size=12)),
    st.just("CredFileType=Password"),
    st.from_regex(r"[ \t]*\[[^\r\n\]]{0,8}\]?[^\r\n]{0,4}", fullmatch=True),
    st.from_regex(r"[ \t]*[#;][^\r\n]{0,20}", fullmatch=True),
    st.text(max_size=30),
)
TEXT = st.lists(st.tuples(LINE, st.sampled_from(["\r\n", "\n", "\r", ""])), max_size=40).map(
    lambda parts: "".join(a + b for a, b in parts))
ENCODING = st.sampled_from(["ascii", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                            "cp1252", "latin-1"])


def check(data: bytes, kind: str) -> None:
    for strict in (True, False):
        try:
            document = cyberark_cfg.loads(data, kind, strict=strict)
        except cyberark_cfg.ParseError:
            continue
        if document.to_bytes() != data:
            raise AssertionError(f"round trip changed the bytes ({kind}, strict={strict})")
        for entry in document.entries():
            # A secret entry's value reads as a Secret from parse time on; nothing shows it.
            if document.is_secret(entry.key) and entry.value and (
                    not isinstance(entry.value, Secret) or str(entry.value) != REDACTED
                    or document.display_value(entry) != REDACTED):
                raise AssertionError(f"a secret entry's value is shown ({kind})")
        for entry in document.entries():
            # A key too odd to show (key material, not a name) does not show its value.
            if (document.display_key(entry.key) != entry.key.strip() and entry.value
                    and document.display_value(entry) != REDACTED):
                raise AssertionError(f"a hidden key's value is shown ({kind})")
        if "\r" in document.to_text().replace("\r\n", "") and not document.errors:
            raise AssertionError(f"a lone CR parsed without an error ({kind})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args()
    options = settings(max_examples=args.examples, deadline=None, database=None,
                       suppress_health_check=list(HealthCheck))

    @options
    @given(st.binary(max_size=2048), st.sampled_from(sorted(KINDS)))
    def raw_bytes(data: bytes, kind: str) -> None:
        check(data, kind)

    @options
    @given(TEXT, ENCODING, st.sampled_from(sorted(KINDS)))
    def ini_text(text: str, encoding: str, kind: str) -> None:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            return
        check(data, kind)

    for target in (raw_bytes, ini_text):
        print(f"fuzzing {target.__name__} with {args.examples} examples", flush=True)
        target()
    print("no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
