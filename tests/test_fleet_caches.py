"""The shortcuts that make a fleet lint cheaper per file give the answers of the long way.

Each shortcut (a judgement remembered across files, a lookup straight from the key index, a
marker found without a regular expression) is checked here against the computation it stands
for, on drawn input, and so is the bound that keeps a remembered table from growing without end.
"""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberark_cfg import loads, secrecy
from cyberark_cfg.kinds import KINDS
from cyberark_cfg.kinds import schema as kind_schema

# Keys as files spell them, mixed with the markers and secret words the shortcuts look for.
PIECES = st.sampled_from(["CredFileType", "credfileversion", "VERIFICATIONSFLAG", "Password",
                          "Port", "Address", "PIN", "key", "ſ", "K", "ı", "İ", "=", " ",
                          "\t", "\r\n", "\n", "-", "x"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=12).map("".join)
KEYS = st.lists(st.one_of(PIECES, st.text(string.ascii_letters + "_ .", max_size=6)),
                min_size=1, max_size=5).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_credential_marker_is_found_as_the_regular_expression_finds_it(text: str) -> None:
    assert secrecy._has_cred_marker(text) == (secrecy._CRED_MARKER.search(text) is not None)


def test_the_credential_marker_is_found_in_any_case_in_ascii_text() -> None:
    assert secrecy._has_cred_marker("X=1\r\nverificationsFLAG=16\r\n")
    assert not secrecy._has_cred_marker("X=1\r\nverifications FLAG=16\r\n")


@settings(max_examples=300, deadline=None)
@given(KEYS, st.sampled_from(sorted(KINDS)), st.booleans())
def test_a_remembered_secrecy_judgement_is_the_one_judged_afresh(key: str, kind: str,
                                                                  credential: bool) -> None:
    remembered = secrecy.Policy(KINDS[kind], credential)
    remembered.is_secret(key)  # now in the shared table
    fresh = secrecy.Policy(KINDS[kind], credential)
    assert fresh.is_secret(key) == fresh._judge(key)
    assert fresh.key(key) == fresh._printable(key)


def test_judgements_are_not_shared_across_kinds_or_credential_data() -> None:
    key = "FavouriteColour"
    assert secrecy.Policy(KINDS["vault"]).is_secret(key) is False
    assert secrecy.Policy(KINDS["vault"], credential=True).is_secret(key) is True
    assert secrecy.Policy(KINDS["cred"]).is_secret(key) is True
    assert secrecy.Policy(None).is_secret(key) is False
    assert secrecy.Policy(KINDS["vault"]).key(key) == key
    assert secrecy.Policy(KINDS["vault"], credential=True).key(key) == secrecy.HIDDEN_KEY


def test_the_shared_secrecy_table_stays_bounded() -> None:
    policy = secrecy.Policy(KINDS["padr"])  # one file of many distinct keys
    for number in range(secrecy.SHARED_MAX * 2 + 10):
        policy.is_secret(f"Key{number}")
    assert 0 < len(policy._shared) <= secrecy.SHARED_MAX
    assert secrecy.Policy(KINDS["padr"])._shared is policy._shared  # shared by the next file


def test_a_new_declaration_empties_the_shared_judgements() -> None:
    policy = secrecy.Policy(KINDS["padr"])
    assert policy.is_secret("FleetDrillNumber") is False
    secrecy.declare(["FleetDrillNumber"])
    try:
        assert secrecy.Policy(KINDS["padr"]).is_secret("FleetDrillNumber") is True
    finally:
        secrecy._DECLARED.discard("fleetdrillnumber")
        secrecy._SHARED.clear()


@settings(max_examples=300, deadline=None)
@given(KEYS, st.sampled_from(sorted(KINDS)))
def test_a_remembered_key_spec_is_the_one_looked_up_afresh(key: str, kind: str) -> None:
    chosen = KINDS[kind]
    chosen.spec(key)
    assert chosen.spec(key) is chosen._by_key.get(key.strip().lower())


def test_the_remembered_key_specs_stay_bounded() -> None:
    chosen = KINDS["psm"]
    for number in range(kind_schema.SPELLINGS + 10):
        chosen.spec(f"Unknown{number}")
    assert len(chosen._by_spelling) <= kind_schema.SPELLINGS
    assert chosen.spec("psmserverid") is chosen._by_key["psmserverid"]


LINES = st.lists(st.sampled_from(["[MAIN]", "[Other]", "Port=1", " port = 2", "PORT=3",
                                  "Address=x", "; c", "", "Vault=v", "bad line"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(LINES, st.sampled_from(["port", " PORT ", "address", "vault", "missing", ""]),
       st.sampled_from([None, "MAIN", "other", ""]))
def test_the_first_entry_of_a_key_is_the_first_of_all_its_entries(
        lines: list[str], key: str, section: str | None) -> None:
    document = loads("\r\n".join(lines), "padr", strict=False)
    found = document.entries(key, section)
    assert document.entry(key, section) is (found[0] if found else None)


def test_a_key_one_file_wraps_a_secret_under_stays_plain_in_the_next_file() -> None:
    # After a secret entry an unknown key is the secret's wrapped rest, in that file only.
    wrapped = loads("PROXYPASSWORD=abc\r\nFooBar=1\r\n", "vault", strict=False)
    plain = loads("PORT=1858\r\nFooBar=1\r\n", "vault", strict=False)
    assert [entry.secret for entry in wrapped.entries("FooBar")] == [True]
    assert [entry.secret for entry in plain.entries("FooBar")] == [False]
    assert plain.display_key("FooBar") == "FooBar"
