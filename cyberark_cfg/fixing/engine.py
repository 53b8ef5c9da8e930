"""The fix engine: read strictly, apply a plan to fresh copies, re-parse, verify, then write.

A :class:`Plan` is data (a file, a procedure name and batches of edits), so the DR procedures,
the lint rules' fixes and plans made elsewhere (an estate's topology fixes) all pass through the
same checks. Nothing is written unless every check passed, and nothing when nothing changes.
Source, Plan and Outcome are named tuples (immutable; a repr never shows a file's bytes), which
a cold `cfgtool set` defines for a sixth of what dataclasses cost.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import NamedTuple

from cyberark_cfg import decoding
from cyberark_cfg.api import DEFAULT_MAX_BYTES, load, loads
from cyberark_cfg.document import Document
from cyberark_cfg.edits import Edit, apply_edits, describe
from cyberark_cfg.errors import ParseError
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.fixing.verify import VerificationError, verify_lines, verify_state
from cyberark_cfg.kinds.schema import Kind
from cyberark_cfg.rules import Rule, check_document
from cyberark_cfg.secrecy import Sealed, seal
from cyberark_cfg.writing import write_atomic


class Source(NamedTuple):
    """A file as it was read: its exact bytes and their strict parse."""

    path: str
    data: bytes  # may hold secrets (and is Sealed: see read_source); not in the repr
    document: Document  # not in the repr
    identity: tuple[int, int] | None = None  # (st_dev, st_ino) of the file read, for the write
    page: str | None = None  # the ANSI code page it was read with (`--encoding`; None: cp1252)

    def __repr__(self) -> str:
        return f"Source(path={self.path!r}, identity={self.identity!r})"

    @property
    def kind_schema(self) -> Kind | None:
        return self.document.kind_schema

    def parse(self, data: bytes) -> Document:
        """``data`` parsed strictly as this file was read (its kind, its code page): the
        document read itself when ``data`` is these very bytes (a parse of a 10 MB file takes
        seconds, and `fix` parsed it three times for nothing to do)."""
        if data is self.data and not self.document.errors:
            return self.document
        return loads(data, self.kind_schema, path=self.path, strict=True,
                     encoding=ansi_page(self.document))


def read_source(path: str | os.PathLike[str], kind: str | Kind | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Source:
    """Read and strictly parse a file as :func:`~cyberark_cfg.api.load` does (its identity
    taken before the read, so a file swapped in after it is refused at write time), keeping
    the bytes read; :class:`ParseError` for any line that does not parse. ``encoding``: the
    ANSI code page of a file that is not Unicode (see :func:`loads`)."""
    document = load(path, kind, max_bytes=max_bytes, encoding=encoding)
    assert document.source_bytes is not None  # load reads bytes, and loads keeps them
    return Source(os.fspath(path), seal(document.source_bytes), document,
                  document.source_identity, encoding)



class Plan(NamedTuple):
    """What to do to one file: batches of edits, each applied to a fresh parse of the last result.

    One batch for a procedure; one per pass for the lint fixes, whose later passes were planned
    against the text the earlier ones produced. With ``recheck``, verification runs ``rules``
    (None: the registry) on the result, and no fix that the run would apply may remain among
    the findings ``keep`` leaves (those the lint configuration reports; None: all).
    """

    path: str
    procedure: str
    stages: tuple[tuple[Edit, ...], ...]
    titles: tuple[str, ...] = ()
    recheck: bool = False
    rules: tuple[Rule, ...] | None = None
    unsafe: bool = False
    keep: Callable[[list[Diagnostic], Document], list[Diagnostic]] | None = None

    @classmethod
    def single(cls, path: str, procedure: str, edits: Sequence[Edit]) -> Plan:
        return cls(path, procedure, (tuple(edits),) if edits else ())

    @property
    def edits(self) -> tuple[Edit, ...]:
        return tuple(edit for stage in self.stages for edit in stage)


class Outcome(NamedTuple):
    """A verified result, ready to be written (or shown, or counted by --check)."""

    plan: Plan
    source: Source
    after: bytes  # may hold secrets: not in the repr
    result: Document  # not in the repr

    def __repr__(self) -> str:
        return f"Outcome(plan={self.plan!r}, source={self.source!r})"

    @property
    def changed(self) -> bool:
        return self.after != self.source.data

    def descriptions(self) -> list[str]:
        """Each edit in words, secrets redacted."""
        return [describe(edit, self.source.document) for edit in self.plan.edits]


def apply_stage(data: bytes, kind_schema: Kind | None, path: str | None,
                edits: Sequence[Edit], encoding: str | None = None) -> Sealed:
    """Parse ``data`` afresh (in the ANSI code page ``encoding``), apply ``edits`` to that
    copy, and render it."""
    copy = loads(data, kind_schema, path=path, strict=True, encoding=encoding)
    apply_edits(copy, tuple(edits))
    return seal(copy.to_bytes())


def ansi_page(document: Document) -> str | None:
    """The ANSI code page a document was read in, when the user named one (`--encoding`), so
    that every later parse of its bytes reads them the same way."""
    return decoding.ansi_page(document.encoding)


def prepare(plan: Plan, source: Source) -> Outcome:
    """Apply ``plan`` to copies of ``source`` and verify the result; nothing is written.

    Raises :class:`~cyberark_cfg.errors.EditError` when an edit cannot be made and
    :class:`VerificationError` when the result is not what the plan promised.
    """
    # Every local here is Sealed or has a redacting repr: a traceback that prints locals
    # (CFGTOOL_DEBUG with a locals-printing hook, pytest --showlocals) shows no secret.
    data = seal(source.data)
    ansi = ansi_page(source.document)
    for stage in plan.stages:
        data = apply_stage(data, source.kind_schema, source.path, stage, ansi)
    try:
        result = source.parse(data)
    except ParseError as exc:
        raise VerificationError(f"the result would not parse (line {exc.line}, column "
                                f"{exc.column}); nothing written", path=source.path) from None
    if data != source.data:
        verify_lines(source.data, data, plan.edits, source.path)
        verify_state(result, plan.edits)
    if plan.recheck:
        found = check_document(result, plan.rules)
        if plan.keep is not None:
            found = plan.keep(found, result)
        left = [d.code for d in found if d.fix is not None and (d.fix.safe or plan.unsafe)]
        if left:
            raise VerificationError(f"findings the fixes target remain ({', '.join(left)}); "
                                    f"nothing written", path=source.path)
    return Outcome(plan, source, data, result)


def commit(outcome: Outcome, *, backup: bool = False,
           allow_metadata_loss: bool = False) -> str | None:
    """Write a changed result atomically; refuses if the file changed since it was read.

    Returns the backup's path when one was kept. A result equal to the input is not written.
    """
    if not outcome.changed:
        return None
    return write_atomic(outcome.source.path, outcome.after, expected=outcome.source.data,
                        identity=outcome.source.identity, backup=backup,
                        allow_metadata_loss=allow_metadata_loss)
