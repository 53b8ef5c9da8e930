"""Big parameter files of one shape each, sized by one number, for the benchmarks and for the
tests that check the parser stays linear: many sections, many keys in one section, one long
line, and one long line made mostly of spaces (which makes a backtracking regex quadratic).
"""

from __future__ import annotations

from collections.abc import Callable


def many_sections(sections: int, keys: int = 10, newline: str = "\r\n") -> str:
    """``sections`` sections of ``keys`` entries, a comment and a blank line each."""
    parts = []
    for number in range(sections):
        parts.append(f"[Section{number}]{newline}# settings of component {number}{newline}")
        parts.extend(f"Key{key} = value {number}.{key}, with some text{newline}"
                     for key in range(keys))
        parts.append(newline)
    return "".join(parts)


def one_section(keys: int, newline: str = "\r\n") -> str:
    """One ``[MAIN]`` section holding ``keys`` distinct keys."""
    return f"[MAIN]{newline}" + "".join(f"Key{key}=value number {key}{newline}"
                                        for key in range(keys))


def long_line(size: int) -> str:
    """One `Key=value` line whose value is ``size`` characters of words, then one more entry."""
    words = ("alpha,beta gamma-delta " * (size // 23 + 1))[:size]
    return f"Key={words}\r\nOther=1\r\n"


def long_spaces(size: int) -> str:
    """Lines padded with ``size`` spaces inside the key, around `=` and inside the value."""
    pad = " " * size
    return (f"Key{pad}Name{pad}={pad}value{pad}x{pad}\r\n"
            f"TIMEOUT=8{pad}-{pad}Seconds to wait\r\n"
            f"Junk{pad}line without an equals sign\r\n")


# name -> (generator of a size, what the size counts, size of a multi-megabyte input)
SHAPES: dict[str, tuple[Callable[[int], str], str, int]] = {
    "sections": (many_sections, "sections", 10_000),
    "one-section": (one_section, "keys", 100_000),
    "long-line": (long_line, "characters", 3_000_000),
    "long-spaces": (long_spaces, "spaces per run", 1_000_000),
}
