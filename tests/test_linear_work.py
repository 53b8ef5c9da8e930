"""Linear work on hostile sizes (issue 16): duplicate keys, long ADDRESS lists (VAULT002,
DR005) and `show` of many keys. Growth is compared on two sizes ten times apart, with a wide
margin: linear work grows about tenfold (up to 20-odd once caches fill), quadratic work a
hundredfold. Work done in C (list
membership, `str.find`) is invisible to a bytecode count, so those rules are timed in CPU
time, taking the best of five runs at each size (a ratio of times, never a time limit)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli_runner import run
from conftest import EXAMPLES
from test_scaling import bytecodes

import cyberark_cfg
from cyberark_cfg.estate.model import load_estate
from cyberark_cfg.rules import RULES, check_document


def best_time(work: Callable[[], Any]) -> float:
    times = []
    for _ in range(5):
        # This process's CPU time: others' load counts less. Windows counts it in 15.6 ms
        # ticks, so a short piece of work is repeated until it spans several.
        runs, started, wall = 0, time.process_time(), time.perf_counter()
        elapsed = 0.0
        while elapsed < 0.05 and time.perf_counter() - wall < 2:
            work()
            runs += 1
            elapsed = time.process_time() - started
        times.append(elapsed / runs)
    return min(times)


def timed_growth(make: Callable[[int], Callable[[], Any]], size: int) -> float:
    small, large = make(size), make(size * 10)
    return best_time(large) / max(best_time(small), 1e-6)


def addresses(count: int, repeat: int = 1) -> str:
    unique = [f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(count)]
    return ",".join(unique * repeat)


def vault_ini(value: str) -> bytes:
    return f'VAULT="Vault"\r\nADDRESS={value}\r\nPORT=1858\r\n'.encode()


def test_vault002_is_linear_in_duplicates() -> None:
    def make(count: int) -> Callable[[], Any]:
        document = cyberark_cfg.loads(vault_ini(addresses(count // 2, 2)), "vault")
        return lambda: list(check_document(document, (RULES["VAULT002"],)))

    found = make(2000)()
    assert len(found) == 1 and "duplicate 10.0.0.0, 10.0.0.1" in found[0].message
    assert timed_growth(make, 20_000) < 40


def estate_with(root: Path, value: str) -> Any:
    shutil.copytree(EXAMPLES, root, dirs_exist_ok=True)
    (root / "dr" / "pvwa" / "Vault.ini").write_bytes(vault_ini(value))
    return load_estate(str(root / "topology.toml"))


def test_dr005_is_linear_in_the_list(tmp_path: Path) -> None:
    rule = RULES["DR005"]

    def make(count: int) -> Callable[[], Any]:
        estate = estate_with(tmp_path / str(count), addresses(count).replace("10.", "10.9", 1))
        return lambda: list(rule.check(estate))

    assert timed_growth(make, 10_000) < 40


def test_dr005_column_of_an_address_inside_an_earlier_one(tmp_path: Path) -> None:
    estate = estate_with(tmp_path / "e", ' 10.99.0.10 ,10.99.0.1,, 10.99.0.1')
    found = list(RULES["DR005"].check(estate))
    line = 'ADDRESS= 10.99.0.10 ,10.99.0.1,, 10.99.0.1'
    value_start = line.index("=") + 2  # 1-based column of the value
    assert [(d.column, d.message.split()[2]) for d in found] == [
        (line.index("10.99.0.10") + 1, "10.99.0.10"),
        (line.index(",10.99.0.1,") + 2, "10.99.0.1"),
        (line.rindex("10.99.0.1") + 1, "10.99.0.1")]
    assert value_start == found[0].column - 1


def test_duplicate_keys_are_linear_and_counted_not_listed(tmp_path: Path) -> None:
    def text(count: int) -> bytes:
        return b"[MAIN]\r\n" + b"FailoverMode=No\r\n" * count

    def make(count: int) -> Callable[[], Any]:
        document = cyberark_cfg.loads(text(count), "padr")
        return lambda: list(check_document(document, (RULES["CFG003"],)))

    found = make(5000)()
    assert len(found) == 21 and "4979 more copies" in found[-1].message
    assert found[-1].line == 23  # the 21st copy: header, first copy, 20 listed
    from test_scaling import growth

    assert growth(make, 300) < 11
    path = tmp_path / "padr.ini"
    path.write_bytes(text(100_000))
    result = run("lint", str(path), "--format", "json")
    assert result.stdout.count('"CFG003"') == 21


def test_show_of_many_keys_is_linear(tmp_path: Path) -> None:
    def make(count: int) -> Callable[[], Any]:
        path = tmp_path / f"show{count}.ini"
        # Keys named after the size: the judgements a run shares across files (is this key
        # secret?) would otherwise make the second, smaller file cheaper than it is.
        path.write_bytes(b"[MAIN]\r\n" + b"".join(b"Key%d_%d=v\r\n" % (count, i)
                                                   for i in range(count)))
        return lambda: run("show", str(path), "--kind", "padr")

    # Keys with more than three digits read like key material: key and value both hidden.
    assert make(50)().stdout.count(" = ") == 50
    assert bytecodes(make(3000)) / bytecodes(make(300)) < 11
