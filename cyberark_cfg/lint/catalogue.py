"""The rule catalogue for people: `cfgtool rules` (text, JSON, Markdown for docs/rules.md) and
`cfgtool explain CODE`, all read from the registry and the rules' docstrings."""

from __future__ import annotations

import re
from typing import Any

from cyberark_cfg.rules import RULES
from cyberark_cfg.rules.base import Rule

DOCS_HEADER = (
    "# Rule catalogue\n\n"
    "Generated from the rule registry by `cfgtool rules --format markdown > docs/rules.md`; "
    "do not edit by hand\n(a test fails when this file is out of date). Codes are a public "
    "contract: never renumbered, never reused.\n"
)


def sections(rule: Rule) -> dict[str, str]:
    """The docstring's parts: 'title' (its first paragraph) and each `## Heading`'s text."""
    parts = re.split(r"^## +(.+)$", rule.doc.strip(), flags=re.MULTILINE)
    found = {"title": " ".join(parts[0].split())}
    for heading, body in zip(parts[1::2], parts[2::2], strict=False):
        found[heading.strip().lower()] = body.strip()
    return found


def why(rule: Rule) -> str:
    """The first paragraph of "Why it matters", on one line."""
    text = sections(rule).get("why it matters", rule.summary)
    return " ".join(text.split("\n\n")[0].split())


def kinds_text(rule: Rule) -> str:
    return ", ".join(rule.kinds) if rule.kinds else "any"


def record(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "slug": rule.slug,
        "severity": str(rule.severity),
        "kinds": list(rule.kinds) or ["any"],
        "fixable": rule.fix_title is not None,
        "fix_safety": rule.fix_safety,
        "summary": rule.summary,
    }


def rules_text() -> str:
    lines = []
    for rule in RULES.values():
        fix = "fix" if rule.fix_title else "   "
        lines.append(f"{rule.code:<10} {rule.slug:<36} {str(rule.severity):<8} {fix}  "
                     f"{kinds_text(rule):<7} {rule.summary}")
    return "\n".join(lines) + "\n"


def rules_page(output_format: str) -> str:
    """`cfgtool rules` in ``output_format``: text, json or markdown (docs/rules.md); another
    format is a :class:`~cyberark_cfg.errors.UsageError`."""
    from cyberark_cfg.usage import check_format

    check_format(output_format, ("text", "json", "markdown"))
    if output_format == "json":
        import json

        return json.dumps([record(rule) for rule in RULES.values()], indent=2) + "\n"
    return rules_markdown() if output_format == "markdown" else rules_text()


def rules_markdown() -> str:
    out = [DOCS_HEADER, "\n| code | name | severity | applies to | fix | summary |\n",
           "|---|---|---|---|---|---|\n"]
    for rule in RULES.values():
        fix = rule.fix_safety or "" if rule.fix_title else ""
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.slug} | {rule.severity} | "
                   f"{kinds_text(rule)} | {fix} | {rule.summary} |\n")
    for rule in RULES.values():
        out.append(f"\n## {rule.code}\n\n{explain_rule(rule, heading_level=3)}")
    return "".join(out)


def explain_rule(rule: Rule, heading_level: int = 2) -> str:
    """The documentation page of ``rule``: identity, then the docstring's sections."""
    parts = sections(rule)
    fix = (f"{rule.fix_title} ({rule.fix_safety})" if rule.fix_title else "none")
    head = (f"{rule.code} {rule.slug}: {rule.summary}\n\n"
            f"Severity: {rule.severity}. Applies to: {kinds_text(rule)}. Fix: {fix}.\n")
    marks = "#" * heading_level
    body = "".join(f"\n{marks} {heading.capitalize()}\n\n{text}\n"
                   for heading, text in parts.items() if heading != "title")
    return head + body


def explain(code: str) -> str:
    """The page for a rule code, or (when that module exists) for a padr.log message code; an
    unknown code is a :class:`~cyberark_cfg.errors.UsageError`."""
    rule = RULES.get(code.strip().upper())
    if rule is not None:
        return explain_rule(rule)
    try:
        from cyberark_cfg.padrlog import codes
    except ImportError:
        page = None
    else:
        page = codes.explain(code)
    if not page:
        from cyberark_cfg.errors import UsageError

        raise UsageError(f"unknown code {code!r} (see `cfgtool rules`)")
    return str(page)
