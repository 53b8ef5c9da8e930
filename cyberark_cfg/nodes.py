"""The nodes of the document model: one per physical line.

Each node keeps its original text and its line terminator, and renders as exactly that until it
is edited; an edited entry re-renders only its value, keeping key spelling, the spacing around
``=``, quoting, any trailing description and the line's own terminator.
"""

from __future__ import annotations

import re

# A Vault.ini template description after a value: `TIMEOUT=8      - Seconds to wait ...`.
_DESCRIPTION = re.compile(r"(\S.*?)([ \t]+-(?:[ \t].*)?)\Z", re.DOTALL)
_ENTRY = re.compile(
    r"(?P<indent>[ \t]*)(?P<key>[^=]*?)(?P<pre>[ \t]*)="
    r"(?P<post>[ \t]*)(?P<raw>.*?)(?P<trail>[ \t]*)\Z",
    re.DOTALL,
)


def split_newline(token: str) -> tuple[str, str]:
    """Split a line token into its text and its terminator (``\\r\\n``, ``\\n`` or ``""``)."""
    if token.endswith("\r\n"):
        return token[:-2], "\r\n"
    if token.endswith("\n"):
        return token[:-1], "\n"
    return token, ""


class Line:
    """A physical line: its text without terminator, and the terminator."""

    __slots__ = ("text", "newline", "lineno")
    kind = "line"

    def __init__(self, text: str, newline: str, lineno: int = 0) -> None:
        self.text = text
        self.newline = newline
        self.lineno = lineno

    def render(self) -> str:
        return self.text + self.newline

    def __repr__(self) -> str:
        return f"{type(self).__name__}(line {self.lineno})"


class Blank(Line):
    __slots__ = ()
    kind = "blank"


class Comment(Line):
    __slots__ = ()
    kind = "comment"

    @property
    def body(self) -> str:
        """The comment text after its `#` or `;` marker."""
        stripped = self.text.lstrip(" \t")
        return stripped[1:].strip()


class Invalid(Line):
    """A line that is none of header, comment, blank or entry (reported as CFG001)."""

    __slots__ = ()
    kind = "invalid"


class SectionHeader(Line):
    __slots__ = ("name",)
    kind = "section"

    def __init__(self, text: str, newline: str, lineno: int = 0) -> None:
        super().__init__(text, newline, lineno)
        self.name = text[text.index("[") + 1 : text.index("]")].strip()


class Entry(Line):
    """`Key=Value`, split into the parts that let one part change while the rest stays put."""

    __slots__ = ("indent", "key", "pre", "post", "raw", "trail", "descriptions")
    kind = "entry"

    def __init__(self, text: str, newline: str, lineno: int = 0, descriptions: bool = False
                 ) -> None:
        super().__init__(text, newline, lineno)
        match = _ENTRY.match(text)
        assert match is not None  # the grammar only produces entry lines that contain `=`
        self.indent, self.key, self.pre, self.post, self.raw, self.trail = match.group(
            "indent", "key", "pre", "post", "raw", "trail")
        self.descriptions = descriptions

    # ---- reading ----------------------------------------------------------------------------

    @property
    def quoted(self) -> bool:
        return self.raw.startswith('"')

    @property
    def unterminated_quote(self) -> bool:
        return self.quoted and self.raw.find('"', 1) < 0

    def _parts(self) -> tuple[str, str, str]:
        """(opening quote, value, suffix after the value or closing quote)."""
        raw = self.raw
        if raw.startswith('"'):
            end = raw.find('"', 1)
            if end < 0:
                return '"', raw[1:], ""
            return '"', raw[1:end], raw[end:]
        if self.descriptions:
            match = _DESCRIPTION.match(raw)
            if match:
                return "", match.group(1), match.group(2)
        return "", raw, ""

    @property
    def value(self) -> str:
        """The effective value: unquoted, without a trailing template description."""
        return self._parts()[1]

    @property
    def description(self) -> str | None:
        """A Vault.ini template description after the value, if any."""
        quote, _, suffix = self._parts()
        text = (suffix[1:] if quote else suffix).strip()
        return (text[1:].strip() or None) if text.startswith("-") else None

    @property
    def key_column(self) -> int:
        return len(self.indent) + 1

    @property
    def value_column(self) -> int:
        return len(self.indent) + len(self.key) + len(self.pre) + 1 + len(self.post) + 1

    # ---- editing ----------------------------------------------------------------------------

    def set_value(self, value: str, quote: bool | None = None) -> None:
        """Replace the effective value, keeping quoting (unless told), description and spacing."""
        opening, _, suffix = self._parts()
        use_quotes = bool(opening) if quote is None else quote
        if opening and not use_quotes and suffix.startswith('"'):
            suffix = suffix[1:]
        if use_quotes:
            closing = suffix if suffix.startswith('"') else '"' + suffix
            self.raw = '"' + value + closing
        else:
            self.raw = value + suffix
        self.text = self.indent + self.key + self.pre + "=" + self.post + self.raw + self.trail
