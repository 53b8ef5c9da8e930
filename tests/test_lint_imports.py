"""A cold `cfgtool lint FILE` imports only what it runs: its own command module, the rules of
the file's kind, no estate model, fix engine, log reader, TOML parser, process pool or write
machinery (the write path's names load on first use); the
per-kind rule loading gives exactly the rules the full registry would run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from cyberark_cfg.kinds import KINDS
from cyberark_cfg.rules import CODES, RULES, rules_for


def modules_after(*args: str) -> set[str]:
    """The cyberark_cfg modules (and a few heavy standard ones) a fresh `cfgtool ARGS` loaded."""
    probe = ("import sys\nfrom cyberark_cfg.cli.app import main\n"
             f"sys.argv = ['cfgtool', *{list(args)!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return set(done.stderr.splitlines()[-1].split())


@pytest.mark.skipif("coverage" in sys.modules,
                    reason="under `coverage run` the probe also loads coverage's own imports")
def test_linting_one_vault_ini_loads_only_its_rules(tmp_path: Path) -> None:
    # Away from examples/topology.toml, which would bring in the estate rules.
    alone = tmp_path / "Vault.ini"
    alone.write_bytes((EXAMPLES / "dr" / "pvwa" / "Vault.ini").read_bytes())
    loaded = modules_after("lint", str(alone))
    rules = {name.split(".")[-1] for name in loaded if name.startswith("cyberark_cfg.rules.")
             and name.split(".")[-1] in CODES}
    assert rules == {rule.code for rule in rules_for("vault")}
    unwanted = ("cyberark_cfg.estate", "cyberark_cfg.fixing", "cyberark_cfg.padrlog",
                "cyberark_cfg.cli.fix", "cyberark_cfg.cli.log", "cyberark_cfg.cli.change",
                "tomllib", "json", "concurrent.futures", "multiprocessing",
                # The walk needs only writing.names: no write machinery, hashlib or tempfile.
                "cyberark_cfg.writing.atomic", "cyberark_cfg.writing.append",
                "cyberark_cfg.writing.metadata", "cyberark_cfg.writing.windows", "hashlib",
                "tempfile")
    assert not {name for name in loaded if name.startswith(unwanted)}


@pytest.mark.skipif("coverage" in sys.modules,
                    reason="under `coverage run` the probe also loads coverage's own imports")
def test_linting_one_file_defines_no_dataclass_and_loads_no_rich(tmp_path: Path) -> None:
    # Defining a frozen dataclass compiles five or six methods from source: the nineteen the
    # lint path defined were a sixth of a cold `cfgtool lint FILE` (callgrind instructions).
    # Typer renders help without rich when rich_markup_mode is None (cli/app.py).
    alone = tmp_path / "Vault.ini"
    alone.write_bytes((EXAMPLES / "dr" / "pvwa" / "Vault.ini").read_bytes())
    loaded = modules_after("lint", str(alone))
    assert "dataclasses" not in loaded
    assert not {name for name in loaded if name == "rich" or name.startswith("rich.")}


@pytest.mark.skipif("coverage" in sys.modules,
                    reason="under `coverage run` the probe also loads coverage's own imports")
def test_set_loads_the_engine_but_not_the_other_plans(tmp_path: Path) -> None:
    padr = tmp_path / "padr.ini"
    padr.write_bytes((EXAMPLES / "dr" / "vault" / "padr.ini").read_bytes())
    loaded = modules_after("set", str(padr), "FailoverMode", "No")
    assert b"FailoverMode=No" in padr.read_bytes()  # it did write, through the write path
    assert {"cyberark_cfg.fixing.engine", "cyberark_cfg.writing.atomic"} <= loaded
    unwanted = ("dataclasses", "hashlib", "json", "cyberark_cfg.fixing.procedures",
                "cyberark_cfg.fixing.lintfix", "cyberark_cfg.fixing.addresses",
                "cyberark_cfg.estate", "cyberark_cfg.padrlog", "cyberark_cfg.rules.vault")
    assert not {name for name in loaded if name.startswith(unwanted)}


def test_version_loads_no_command() -> None:
    loaded = modules_after("--version")
    # The application and its option-typo answers (cli.suggest), no command module.
    assert not {name for name in loaded if name.startswith("cyberark_cfg.cli.")} - {
        "cyberark_cfg.cli.app", "cyberark_cfg.cli.suggest"}


@pytest.mark.parametrize("args", [["--help"], ["-h", "lint"], []])
def test_help_still_lists_every_command(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "cyberark_cfg", *args], capture_output=True,
                          text=True, check=False, cwd=ROOT)
    for command in ("check-change", "show", "get", "set", "fix", "lint", "rules", "explain",
                    "log", "report", "state"):
        assert f"  {command} " in done.stdout + done.stderr


@pytest.mark.parametrize("kind", [*KINDS, None])
def test_rules_for_a_kind_are_the_registry_rules_that_apply(kind: str | None) -> None:
    expected = [rule for rule in RULES.values() if rule.applies_to(kind)]
    assert list(rules_for(kind)) == expected


def test_codes_are_the_registry() -> None:
    assert tuple(RULES) == CODES


def test_the_write_path_loads_its_names_on_use() -> None:
    probe = ("import sys\nfrom cyberark_cfg import writing\n"
             "assert 'cyberark_cfg.writing.atomic' not in sys.modules\n"
             "from cyberark_cfg.writing import atomic, metadata, names\n"
             "from cyberark_cfg.writing.append import append_line\n"
             "assert writing.write_atomic is atomic.write_atomic\n"
             "assert writing.sha256 is atomic.sha256 and writing.append_line is append_line\n"
             "assert writing.MetadataLoss is metadata.MetadataLoss\n"
             "assert writing.is_temporary is names.is_temporary\n"
             "from cyberark_cfg.writing import *\n"
             "assert all(name in globals() for name in writing.__all__)\n"
             "try:\n    writing.no_such_name\nexcept AttributeError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "module 'cyberark_cfg.writing' has no attribute 'no_such_name'\n"
