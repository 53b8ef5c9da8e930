"""Where a topology's tables and keys are: TomlLines against tomllib's reading of the names."""

import sys

from hypothesis import given
from hypothesis import strategies as st

from cyberark_cfg.estate.toml_lines import TomlLines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def test_an_escaped_vault_name_is_found_at_its_own_table() -> None:
    text = ('[vaults.primary]\n'
            'vault_ini = "a/Vault.ini"\n'
            '\n'
            '[vaults."dr\\u002Dvault"]\n'
            'vault_ini = "b/Vault.ini"\n')
    assert "dr-vault" in tomllib.loads(text)["vaults"]
    lines = TomlLines(text)
    assert lines.line_of("vaults", "dr-vault") == 4
    assert lines.line_of("vaults", "dr-vault", "vault_ini") == 5


def test_a_quoted_key_holding_an_escaped_quote_is_found() -> None:
    text = ('[vaults.primary]\n'
            'vault_ini = "a/Vault.ini"\n'
            '"say \\"hi\\"" = 1\n'
            "'literal \\' = 2\n")
    assert set(tomllib.loads(text)["vaults"]["primary"]) == {"vault_ini", 'say "hi"',
                                                             "literal \\"}
    lines = TomlLines(text)
    assert lines.line_of("vaults", "primary", 'say "hi"') == 3
    assert lines.line_of("vaults", "primary", "literal \\") == 4


def test_a_dotted_key_with_escapes_is_found() -> None:
    text = ('[vaults.primary]\n'
            'vault_ini = "a/Vault.ini"\n'
            'services."x\\ty" . y = 1\n'
            'services."x\\ty" . z = 2\n')
    assert tomllib.loads(text)["vaults"]["primary"]["services"]["x\ty"]["z"] == 2
    assert TomlLines(text).line_of("vaults", "primary", "services", "x\ty", "z") == 4


def test_an_escaped_quote_in_an_array_does_not_end_its_string() -> None:
    text = ('[[components]]\n'
            'files = ["a\\"[", "b"]\n'
            'role = "pvwa"\n')
    assert tomllib.loads(text)["components"][0] == {"files": ['a"[', "b"], "role": "pvwa"}
    assert TomlLines(text).line_of("components", 0, "role") == 3


def test_lines_are_counted_as_toml_counts_them() -> None:
    # U+2028 and U+0085 may stand in a TOML string as they are; they end no line.
    text = '[vaults."a\u2028b\x85c"]\nvault_ini = "x"\n[vaults.d]\nvault_ini = "y"\n'
    assert set(tomllib.loads(text)["vaults"]) == {"a\u2028b\x85c", "d"}
    lines = TomlLines(text)
    assert lines.line_of("vaults", "d", "vault_ini") == 4
    assert lines.line_of_string("y", "vaults", "d") == 4


def test_a_header_that_never_closes_is_read_in_one_pass() -> None:
    # A topology is the user's file, hostile or not: an unclosed header of 60 name characters
    # took the scanner 2^60 steps once (the header's name parts were a repeated repetition).
    # Blanks did it too, in n^3: 2,000 blanks after a `[` took 3.2 s, 5,000 nearly a minute.
    for hostile in ("[" + "a" * 60 + " !", "[" + " " * 5_000 + "!", "[a" + " " * 5_000 + "!",
                    '["' + "\\" * 5_000, "[" + "a ." * 5_000):
        text = f"[vaults.primary]\n{hostile}\nvault_ini = 'x'\n"
        assert TomlLines(text).line_of("vaults", "primary", "vault_ini") == 3


def test_arrays_of_tables_are_counted_by_their_unescaped_names() -> None:
    text = ('[[components]]\nrole = "pvwa"\n'
            '[[ "compo\\u006Eents" ]]  # the same array\nrole = "psm"\n')
    assert [item["role"] for item in tomllib.loads(text)["components"]] == ["pvwa", "psm"]
    lines = TomlLines(text)
    assert lines.line_of("components", 1, "role") == 4
    assert lines.line_of("components", 1) == 3


# A name as a user may write it in a TOML basic string: each character as itself where TOML
# allows (not a control character, a quote or a backslash), or escaped, as drawn.
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
          '"': '\\"', "\\": "\\\\"}


@st.composite
def quoted_names(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12))
    written = []
    for char in name:
        plain = ord(char) > 0x1F and char not in '"\\\x7f'
        how = draw(st.sampled_from(("plain", "u", "U", "short"))) if plain else \
            draw(st.sampled_from(("u", "U", "short")))
        if how == "plain":
            written.append(char)
        elif how == "short" and char in _SHORT:
            written.append(_SHORT[char])
        elif how == "u" and ord(char) <= 0xFFFF:
            written.append(f"\\u{ord(char):04X}")
        else:
            written.append(f"\\U{ord(char):08x}")
    return name, '"' + "".join(written) + '"'


@given(st.lists(quoted_names(), min_size=1, max_size=4, unique_by=lambda pair: pair[0]))
def test_every_vault_table_is_found_at_its_line(names: list[tuple[str, str]]) -> None:
    rows: list[str] = []
    where = {}
    for name, quoted in names:
        where[name] = len(rows) + 1
        rows.append(f"[vaults.{quoted}]")
        rows.append(f'vault_ini = "{len(rows)}/Vault.ini"')
        rows.append("")
    text = "\n".join(rows)
    assert set(tomllib.loads(text)["vaults"]) == set(where)
    lines = TomlLines(text)
    for name, line in where.items():
        assert lines.line_of("vaults", name) == line
        assert lines.line_of("vaults", name, "vault_ini") == line + 1
