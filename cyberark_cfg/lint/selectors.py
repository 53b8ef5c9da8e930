"""Rule selectors: a code (`PADR002`), a prefix (`PADR`, `CRED00`) or `ALL`, as `--select`,
`--ignore`, per-file-ignores and severity overrides take them. The longest match wins.
"""

from __future__ import annotations

from collections.abc import Iterable


def normalise(selector: str) -> str:
    return selector.strip().upper()


def match_length(code: str, selectors: Iterable[str]) -> int:
    """Length of the longest selector matching ``code`` (`ALL` counts 0); -1 if none does."""
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def is_known(selector: str, codes: Iterable[str]) -> bool:
    """Whether ``selector`` selects at least one of ``codes``."""
    return selector == "ALL" or any(code.startswith(selector) for code in codes)


def split(values: Iterable[str] | None) -> tuple[str, ...]:
    """`--select PADR,CRED --select VAULT001` -> ('PADR', 'CRED', 'VAULT001')."""
    found: list[str] = []
    for value in values or ():
        found.extend(normalise(part) for part in value.split(",") if part.strip())
    return tuple(found)
