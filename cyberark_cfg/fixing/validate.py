"""Check a hand-made edit (`cfgtool set`, `cfgtool fix --first`) the way lint would: an edit
that introduces an error, an unknown key (CFG005, with its near-miss suggestion) or a secret in
clear text is refused unless forced. Messages name keys and rule codes, never a value.
"""

from __future__ import annotations

from collections.abc import Iterable

from cyberark_cfg.document import Document
from cyberark_cfg.errors import EditError
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.fixing.engine import Outcome
from cyberark_cfg.lint.change import introduced
from cyberark_cfg.lint.config import LintConfig
from cyberark_cfg.lint.engine import apply_config
from cyberark_cfg.rules import check_document, rules_for

# Refused whatever their severity: a misspelt key is silently ignored by the product.
ALWAYS_REFUSED = frozenset({"CFG005"})


class EditRefused(EditError):
    """The edit makes the file worse in a way lint reports; nothing written."""

    def __init__(self, reasons: list[str], path: str | None) -> None:
        self.reasons = reasons
        super().__init__("refused, nothing written: " + "; ".join(reasons)
                         + " (--force writes it anyway)", path=path)


def problems(outcome: Outcome, keys: Iterable[str] = (),
             config: LintConfig | None = None) -> list[str]:
    """What is wrong with ``outcome`` as lint sees it, one phrase each: the errors and unknown
    keys it introduces on the edited ``keys`` (those ``config`` reports; another key's finding
    is the next step of a procedure, not this edit's fault), and each of ``keys`` that holds a
    secret (cfgtool writes values as given: a secret set here is in clear text)."""
    if not outcome.changed:
        return []
    chosen = config or LintConfig()
    before, after, path = outcome.source.document, outcome.result, outcome.source.path
    edited = {key.lower() for key in keys}

    def refused(document: Document) -> list[Diagnostic]:
        # The rules lint runs on a file of this kind (importing only theirs), as lint would.
        rules = [rule for rule in rules_for(document.kind) if chosen.enabled(rule.code)]
        return [d for d in apply_config(check_document(document, rules), chosen, path, document)
                if (d.key or "").lower() in edited
                and (d.severity >= Severity.ERROR or d.code in ALWAYS_REFUSED)]

    new = refused(after)  # the file as read is checked only when the result has something
    found = [_phrase(d) for d in introduced(refused(before), new)] if new else []
    for key in keys:
        if after.is_secret(key):
            shown = after.display_key(key)
            found.append(f"{shown} is a secret and would be written in clear text"
                         + (" (create the file with CreateCredFile.exe instead)"
                            if after.kind == "cred" else ""))
    return found


def _phrase(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.code} {diagnostic.message}"


def check_edit(outcome: Outcome, keys: Iterable[str] = (), *, config: LintConfig | None = None,
               force: bool = False) -> list[str]:
    """:func:`problems`, refused (:class:`EditRefused`) unless ``force``; returns what was
    forced, for the caller to say."""
    found = problems(outcome, keys, config)
    if found and not force:
        raise EditRefused(found, outcome.source.path)
    return found
