"""Build a :class:`Document` from text with the terminals of the grammar ``paramfile.lark``.

Each token is one whole line; a ``SECTION`` line opens a new section, which is all the shape the
grammar's two rules give. Lines the grammar calls ``INVALID`` are kept verbatim (so the file
still round-trips) and recorded as parse errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberark_cfg.decoding import Decoded
from cyberark_cfg.document import Document, Section
from cyberark_cfg.errors import ParseError
from cyberark_cfg.grammar import line_scanner
from cyberark_cfg.nodes import Blank, Comment, Entry, Invalid, Line, SectionHeader
from cyberark_cfg.secrecy import Policy, says_secret

if TYPE_CHECKING:
    from cyberark_cfg.kinds.schema import Kind

EXPECTED = "expected a [section] header, a comment, a blank line or key=value"
LONE_CR = ("a carriage return without a line feed: line breaks must be CRLF or LF (a CR-only "
           "file from an old editor; convert its line endings)")


def dominant_newline(text: str) -> str:
    """The file's line terminator: the more common of CRLF and LF (CRLF when there is none)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\n" if lf > crlf else "\r\n"


def parse_text(decoded: Decoded, kind: Kind | None, path: str | None = None) -> Document:
    """Parse decoded text into a document; invalid lines go to ``document.errors``.

    Entries are marked secret here, from the document's secrecy policy, so their values read
    as :class:`~cyberark_cfg.secrecy.Secret` from the start. A carriage return that ends no
    line (a CR-only or mixed file) is an error: such a file would read as one long line whose
    value swallows the lines after it, secrets included.
    """
    text = decoded.text
    descriptions = kind.descriptions if kind else False
    policy = Policy.for_text(kind, text)
    lone_cr = text.count("\r") != text.count("\r\n")
    lines: list[Line] = []
    sections = [Section(None, lines)]
    errors: list[ParseError] = []
    append = lines.append
    consumed = 0
    after_secret = False  # the line before is secret by its name: this one may be its wrap
    wrapped: set[str] = set()  # keys found holding a wrapped secret: secret on every line
    # One pass, one regular expression: this loop is the whole cost of parsing a big file.
    for lineno, match in enumerate(line_scanner().finditer(text), start=1):
        token = match.group()
        consumed += len(token)
        if token[-1] != "\n":
            body, newline = token, ""
        elif token[-2:-1] == "\r":
            body, newline = token[:-2], "\r\n"
        else:
            body, newline = token[:-1], "\n"
        terminal = match.lastgroup
        if lone_cr and "\r" in body:
            errors.append(ParseError(LONE_CR, path=path, line=lineno,
                                     column=body.index("\r") + 1, code="CFG001"))
        if terminal == "ENTRY":
            entry = Entry(body, newline, lineno, descriptions)
            # The wrap first: its key may read like a secret's too (`...rest==Password=`
            # glued), and is then hidden as well.
            # A value of nothing but `=` is base64 padding: the line is the end of wrapped key
            # material wherever it stands (a comment or a blank line may separate it). A value
            # that is a secret's key name (`hunter2=Password`) says key and value were swapped.
            raw = entry.raw
            if lone_cr and "\r" in raw:  # a lone CR ends the line as a reader sees it
                raw = raw.split("\r", 1)[0]
            if ((after_secret or (raw and not raw.strip("=")) or (
                    len(raw) <= 32 and raw.isalpha() and says_secret(raw)))
                    and policy.wrapped_secret(entry.key)):
                entry.secret = True
                wrapped.add(entry.key)
                # A plain wrap starts no other; a line whose own key names a secret (the next
                # `Password=`, or the rest glued to one) may be wrapped in turn.
                after_secret = policy.named_secret(entry.key, entry.raw)
            # The glued line first: a lost secret before it may itself read like a secret's
            # key (`...pwd...=Password=`), and is hidden only by the glued line's judgement.
            elif (policy.glued_line(entry.key, entry.raw) or policy.is_secret(entry.key)
                  or (lone_cr and "\r" in body)):
                entry.secret = True
                if entry.key not in wrapped and policy.hidden(entry.key):
                    wrapped.add(entry.key)  # a glued line hid its key: earlier lines too
                after_secret = policy.named_secret(entry.key, entry.raw)
            else:
                after_secret = False
            append(entry)
            continue
        elif terminal == "SECTION":
            lines = []
            append = lines.append
            sections.append(Section(SectionHeader(body, newline, lineno), lines))
        elif terminal == "COMMENT":
            append(Comment(body, newline, lineno))
        elif terminal == "BLANK":
            append(Blank(body, newline, lineno))
        else:
            invalid = Invalid(body, newline, lineno)
            append(invalid)
            if not (lone_cr and "\r" in body):
                errors.append(_invalid_line_error(invalid, path))
            continue  # a wrap runs on over lines without `=` (PEM-style key material)
        after_secret = False
    if wrapped:  # an earlier line under the same key was read before the key was judged
        for section in sections:
            for earlier in section.entries():
                earlier.secret = earlier.secret or earlier.key in wrapped
    if consumed != len(text):
        # Every character starts some terminal (INVALID takes any non-empty line), so a gap
        # means the grammar changed in a way the scanner cannot follow: never drop bytes.
        raise AssertionError("the line scanner skipped input; check grammars/paramfile.lark")
    return kind_document(kind)(
        sections,
        kind_schema=kind,
        encoding=decoded.encoding,
        bom=decoded.bom,
        newline=dominant_newline(text),
        path=path,
        errors=errors,
        secrecy=policy,
    )


def kind_document(kind: Kind | None) -> type[Document]:
    cls = kind.document_class if kind else Document
    return cls if isinstance(cls, type) and issubclass(cls, Document) else Document


def _invalid_line_error(line: Line, path: str | None) -> ParseError:
    stripped = line.text.lstrip(" \t")
    column = len(line.text) - len(stripped) + 1
    if stripped.startswith("["):
        message = "unterminated [section] header, or text after its closing `]`"
    elif stripped.startswith("="):
        message = "entry without a key before `=`"
    else:
        message = EXPECTED
    return ParseError(message, path=path, line=line.lineno, column=column, code="CFG001")
