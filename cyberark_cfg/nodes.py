"""The nodes of the document model: one per physical line, grouped into sections.

Each node keeps its original text and its line terminator, and renders as exactly that until it
is edited; an edited entry re-renders only its value, keeping key spelling, the spacing around
``=``, quoting, any trailing description and the line's own terminator.
"""

from __future__ import annotations

from collections.abc import Iterator

from cyberark_cfg.secrecy import Secret


def split_description(raw: str) -> tuple[str, str] | None:
    """``(value, description)`` for a Vault.ini template value `8      - Seconds to wait`.

    The description starts at the first run of spaces or tabs followed by `-` and then a space,
    a tab or the end; the value before it is non-empty and starts with a non-space. Linear in
    the length of ``raw`` whatever its spacing (a regular expression here was quadratic).
    """
    if not raw or raw[0].isspace():
        return None
    dash = raw.find("-", 2)
    while dash >= 0:
        after = raw[dash + 1 : dash + 2]
        if raw[dash - 1] in " \t" and after in ("", " ", "\t"):
            value = raw[:dash].rstrip(" \t")
            return value, raw[len(value):]
        dash = raw.find("-", dash + 1)
    return None


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

    __slots__ = ("indent", "key", "pre", "post", "raw", "trail", "descriptions", "secret")
    kind = "entry"

    def __init__(self, text: str, newline: str, lineno: int = 0, descriptions: bool = False
                 ) -> None:
        # Line.__init__ inlined: this runs once per entry of every file read. The key ends at
        # the first `=`; string methods rather than a regular expression, because a lazy
        # pattern backtracked over long runs of spaces (a 20,000-space line took seconds).
        self.text = text
        self.newline = newline
        self.lineno = lineno
        self.descriptions = descriptions
        # Set by the parser (or an insert) from the document's secrecy policy: the value then
        # reads as a Secret. `text` and `raw` keep the real characters, for rendering only.
        self.secret = False
        head, _, tail = text.partition("=")
        body = head.lstrip(" \t")
        self.key = key = body.rstrip(" \t")
        value = tail.lstrip(" \t")
        self.raw = raw = value.rstrip(" \t")
        self.indent = head[: len(head) - len(body)]
        self.pre = body[len(key):]
        self.post = tail[: len(tail) - len(value)]
        self.trail = value[len(raw):]

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
            described = split_description(raw)
            if described:
                return "", described[0], described[1]
        return "", raw, ""

    @property
    def value(self) -> str:
        """The effective value: unquoted, without a trailing template description; a
        :class:`~cyberark_cfg.secrecy.Secret` (printed as ``<redacted>``) in a secret entry."""
        raw = self.raw
        # Most values: neither quoted nor a template's, so the raw text is the value.
        value = raw if not self.descriptions and not raw.startswith('"') else self._parts()[1]
        return Secret(value) if self.secret and value else value

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


class Section:
    """A `[name]` header (None for the preamble) and the lines under it."""

    __slots__ = ("header", "lines")

    def __init__(self, header: SectionHeader | None, lines: list[Line] | None = None) -> None:
        self.header = header
        self.lines: list[Line] = lines if lines is not None else []

    @property
    def name(self) -> str | None:
        return self.header.name if self.header else None

    def entries(self) -> Iterator[Entry]:
        return (line for line in self.lines if isinstance(line, Entry))

    def matches(self, name: str | None) -> bool:
        """Whether this section is the one named (case-insensitively; "" means the preamble)."""
        if name is None:
            return True
        if self.header is None:
            return name == ""
        return self.header.name.lower() == name.strip().lower()
