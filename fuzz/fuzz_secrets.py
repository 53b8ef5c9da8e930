"""Long fuzzing run of the secret-leak property (outside CI):

    nice -n 19 python fuzz/fuzz_secrets.py --examples 25000 --seed 1 --log fuzz-secrets.log

Runs ``test_drawn_probes_leak_no_secret`` from ``tests/test_secret_leaks.py``: each example is
a hostile file with random secrets in every known position (CR-only and mixed line endings,
glued lines, misspelt and look-alike keys, `:` and full-width separators, NUL, BOM, lone
surrogates, continuations, unparsable lines, section names, UTF-16 without BOM...) and one to
three *probes* drawn by hypothesis (a command with its format and forced kind, or the library's
records read as one kind), so a long run spreads over every command, format and kind. The
commands run in-process through the real entry point, with typer's command tree built once
instead of once per command (the same click objects every time; building them was 80% of a
small command's cost). Fails on any 8 characters of a secret in any output, record, report or
``repr``, and on any traceback or "internal error".

A run is split into resumable pieces: each ``--seed`` draws different examples, and each piece
appends one JSON line to ``--log`` (seed, examples, seconds, per-probe counts, result). The
thorough test running every probe on each file stays in the normal suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import typer.main
from hypothesis import HealthCheck, seed, settings

TESTS = Path(__file__).resolve().parent.parent / "tests"


def build_command_tree_once() -> None:
    """Every command registered, and ``typer.main.get_command`` answering from a cache: main()
    calls it per invocation, and the tree it builds never changes once all are registered."""
    from cyberark_cfg.cli.app import _register, app

    _register(None)
    built = typer.main.get_command(app)
    original = typer.main.get_command

    def cached(typer_instance: typer.Typer) -> object:
        return built if typer_instance is app else original(typer_instance)

    typer.main.get_command = cached  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0, help="Which examples to draw.")
    parser.add_argument("--log", type=Path, help="Append one JSON line of results here.")
    args = parser.parse_args()
    sys.path.insert(0, str(TESTS))
    import test_secret_leaks as leaks

    build_command_tree_once()
    target = leaks.test_drawn_probes_leak_no_secret.hypothesis.inner_test
    test = seed(args.seed)(settings(
        max_examples=args.examples, deadline=None, database=None, print_blob=True,
        suppress_health_check=list(HealthCheck))(
        leaks.given(leaks.hostile_files(), leaks.probe_lists())(target)))
    started = time.monotonic()
    result = "no failure"
    try:
        test()
    except Exception as exc:  # noqa: BLE001 - reported in the log, then the run fails
        # Hypothesis adds the falsifying example (secrets scrubbed by Hostile's repr) and
        # the @reproduce_failure blob as notes on the exception.
        notes = "\n".join(getattr(exc, "__notes__", []))
        result = f"FAILED: {type(exc).__name__}: {str(exc)[:2000]}\n{notes}"
    seconds = time.monotonic() - started
    examples = sum(leaks.EXAMPLE_COUNT)
    line = {"seed": args.seed, "examples": examples, "seconds": round(seconds, 1),
            "result": result, "probes": dict(sorted(leaks.PROBE_COUNTS.items()))}
    print(json.dumps(line, indent=1))
    if args.log:
        with args.log.open("a", encoding="utf-8") as log:
            log.write(json.dumps(line) + "\n")
    return 0 if result == "no failure" else 1


if __name__ == "__main__":
    sys.exit(main())
