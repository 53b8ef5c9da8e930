"""Apply the lint rules' own fixes until none is left to apply (a fixed point, a few passes).

Each pass runs the rules on a fresh parse of the current text, applies the applicable fixes
whose keys do not overlap, and keeps the batch as one stage of the plan. When the fixes keep
changing the file, undo each other or cannot be applied, the run says so and plans nothing.
What the lint configuration turns off (select/ignore, per-file-ignores, an inline
`cfgtool: ignore[...]` comment, the baseline) is neither fixed nor reported as left over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberark_cfg.edits import Edit, FileEdit
from cyberark_cfg.errors import EditError
from cyberark_cfg.findings import Diagnostic
from cyberark_cfg.fixing.engine import Plan, Source, ansi_page, apply_stage
from cyberark_cfg.fixing.verify import edited_keys
from cyberark_cfg.rules import Rule, check_document

if TYPE_CHECKING:
    from cyberark_cfg.document import Document
    from cyberark_cfg.lint.baseline import Baseline
    from cyberark_cfg.lint.config import LintConfig

MAX_PASSES = 10
PROCEDURE = "lint-fixes"


@dataclass(frozen=True)
class LintFixes:
    """The plan (empty unless it converged), the findings left after it, and what went wrong."""

    plan: Plan
    converged: bool
    remaining: tuple[Diagnostic, ...]
    problem: str | None = None


def applicable(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    return [d for d in diagnostics if d.fix is not None and d.fix.edits
            and (d.fix.safe or unsafe)]


def _footprint(edits: Iterable[Edit]) -> set[str]:
    """What a fix touches: its keys, plus a marker for whole-file edits (which touch all)."""
    edits = list(edits)
    marks = edited_keys(edits)
    if any(isinstance(e, FileEdit) for e in edits):
        marks.add("\0file")
    return marks


def _batch(found: list[Diagnostic]) -> list[Diagnostic]:
    """The fixes that can go together: no two touch the same key; whole-file edits go alone."""
    chosen: list[Diagnostic] = []
    used: set[str] = set()
    for diagnostic in found:
        assert diagnostic.fix is not None
        marks = _footprint(diagnostic.fix.edits)
        if chosen and ("\0file" in marks or "\0file" in used or marks & used):
            continue
        chosen.append(diagnostic)
        used |= marks
    return chosen


@dataclass(frozen=True)
class _Filter:
    """What the lint configuration and the baseline leave of a file's findings."""

    config: LintConfig | None
    baseline: Baseline | None

    def __call__(self, found: list[Diagnostic], document: Document) -> list[Diagnostic]:
        if self.config is not None:
            from cyberark_cfg.lint.engine import apply_config

            found = apply_config(found, self.config, document.path or "", document)
        if self.baseline is not None:
            found = [d for d in found if not self.baseline.has(d)]
        return found


def plan_lint_fixes(source: Source, rules: Iterable[Rule] | None = None, *,
                    unsafe: bool = False, limit: int = MAX_PASSES,
                    config: LintConfig | None = None,
                    baseline: Baseline | None = None) -> LintFixes:
    """Plan the fixes of ``rules`` (None: every registered rule) for one file; with
    ``config`` (and ``baseline``), only of the findings `cfgtool lint` would report."""
    chosen_rules = tuple(rules) if rules is not None else None
    kept = _Filter(config, baseline)
    data = source.data
    stages: list[tuple[Edit, ...]] = []
    titles: list[str] = []
    seen = {data}
    for passes in range(limit + 1):
        document = source.parse(data)  # the first pass: the document read
        found = kept(check_document(document, chosen_rules), document)
        todo = applicable(found, unsafe)
        if not todo:
            plan = Plan(source.path, PROCEDURE, tuple(stages), tuple(titles), recheck=True,
                        rules=chosen_rules, unsafe=unsafe, keep=kept)
            return LintFixes(plan, True, tuple(found))
        if passes == limit:
            return _stuck(source, chosen_rules, kept,
                          f"the fixes still change the file after {limit} passes")
        batch = _batch(todo)
        try:
            new = apply_stage(data, source.kind_schema, source.path, _edits(batch),
                              ansi_page(source.document))
        except EditError:
            batch = batch[:1]
            try:
                new = apply_stage(data, source.kind_schema, source.path, _edits(batch),
                                  ansi_page(source.document))
            except EditError as exc:
                return _stuck(source, chosen_rules, kept,
                              f"the fix of {batch[0].code} cannot be applied ({exc.message})")
        if new in seen:
            return _stuck(source, chosen_rules, kept,
                          f"the fixes of {_codes(batch)} change nothing or undo an earlier fix")
        seen.add(new)
        stages.append(_edits(batch))
        titles.extend(f"{d.code}: {d.fix.title}" for d in batch if d.fix is not None)
        data = new
    raise AssertionError("unreachable: the loop returns")  # pragma: no cover


def _edits(batch: list[Diagnostic]) -> tuple[Edit, ...]:
    return tuple(edit for d in batch if d.fix is not None for edit in d.fix.edits)


def _codes(batch: list[Diagnostic]) -> str:
    return ", ".join(sorted({d.code for d in batch}))


def _stuck(source: Source, rules: tuple[Rule, ...] | None, kept: _Filter,
           problem: str) -> LintFixes:
    """Nothing will be written, so the findings that stand are those of the file as read."""
    found = tuple(kept(check_document(source.document, rules), source.document))
    return LintFixes(Plan(source.path, PROCEDURE, ()), False, found, problem)
