"""Build a :class:`Document` from text with the lark grammar ``paramfile.lark``.

Each lark token is one whole line; the tree's shape gives the sections. Lines the grammar calls
``INVALID`` are kept verbatim (so the file still round-trips) and recorded as parse errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lark import Token

from cyberark_cfg.decoding import Decoded
from cyberark_cfg.document import Document, Section
from cyberark_cfg.errors import ParseError
from cyberark_cfg.grammar import parser
from cyberark_cfg.nodes import Blank, Comment, Entry, Invalid, Line, SectionHeader, split_newline

if TYPE_CHECKING:
    from cyberark_cfg.kinds.schema import Kind

_NODE_TYPES: dict[str, type[Line]] = {
    "COMMENT": Comment,
    "BLANK": Blank,
    "INVALID": Invalid,
    "SECTION": SectionHeader,
}

EXPECTED = "expected a [section] header, a comment, a blank line or key=value"


def dominant_newline(text: str) -> str:
    """The file's line terminator: the more common of CRLF and LF (CRLF when there is none)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\n" if lf > crlf else "\r\n"


def parse_text(decoded: Decoded, kind: Kind | None, path: str | None = None) -> Document:
    """Parse decoded text into a document; invalid lines go to ``document.errors``."""
    text = decoded.text
    descriptions = kind.descriptions if kind else False
    sections = [Section(None)]
    errors: list[ParseError] = []
    lineno = 0

    def node(token: Token) -> Line:
        nonlocal lineno
        lineno += 1
        body, newline = split_newline(str(token))
        if token.type == "ENTRY":
            return Entry(body, newline, lineno, descriptions)
        line = _NODE_TYPES[token.type](body, newline, lineno)
        if token.type == "INVALID":
            errors.append(_invalid_line_error(line, path))
        return line

    tree = parser().parse(text) if text else None
    for child in tree.children if tree is not None else ():
        if isinstance(child, Token):
            sections[0].lines.append(node(child))
            continue
        header_token, *body = (token for token in child.children if isinstance(token, Token))
        header = node(header_token)
        assert isinstance(header, SectionHeader)
        sections.append(Section(header, [node(token) for token in body]))
    return kind_document(kind)(
        sections,
        kind=kind,
        encoding=decoded.encoding,
        bom=decoded.bom,
        newline=dominant_newline(text),
        path=path,
        errors=errors,
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
