"""SARIF 2.1.0 output for code scanning tools. Results are written as they come; the rules
that appeared (id, name, descriptions, help, default level) close the run, since JSON objects
are unordered and a reader takes `tool` from wherever it stands."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from cyberark_cfg import __version__
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.lint.output import Summary, display_path
from cyberark_cfg.rules import RULES

SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
          "sarif-schema-2.1.0.json")
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
ROOT_ID = "SRCROOT"


def artifact(path: str | None, root: str) -> dict[str, Any]:
    """A relative URI under the working folder when possible, else an absolute file URI."""
    absolute = os.path.abspath(display_path(path))
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:
        relative = ".."
    if relative.startswith(".."):
        return {"uri": Path(absolute).as_uri()}
    # Percent-encode the name's bytes: a name that is not valid UTF-8 still makes a valid URI.
    return {"uri": quote(os.fsencode(Path(relative).as_posix())), "uriBaseId": ROOT_ID}


def descriptor(code: str) -> dict[str, Any]:
    from cyberark_cfg.lint.catalogue import explain_rule, why

    rule = RULES.get(code)
    if rule is None:  # a code without a rule module (decoding errors are CFG002's)
        return {"id": code}
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": why(rule)},
        "help": {"text": explain_rule(rule), "markdown": explain_rule(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"kinds": list(rule.kinds) or ["any"],
                       "fixable": rule.fix_title is not None},
    }


class SarifWriter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.root = os.getcwd()
        self.rule_index: dict[str, int] = {}
        self.written = False

    def start(self) -> None:
        self.stream.write('{\n  "$schema": ' + json.dumps(SCHEMA) +
                          ',\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": [')

    def finding(self, diagnostic: Diagnostic) -> None:
        index = self.rule_index.setdefault(diagnostic.code, len(self.rule_index))
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "ruleIndex": index,
            "level": LEVELS[diagnostic.severity],
            "message": {"text": diagnostic.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact(diagnostic.path, self.root),
                "region": {"startLine": diagnostic.line, "startColumn": diagnostic.column},
            }}],
        }
        if diagnostic.fix is not None:
            result["properties"] = {"fixable": True, "fixTitle": diagnostic.fix.title}
        self.stream.write(("," if self.written else "") + "\n        " + json.dumps(result))
        self.written = True

    def finish(self, summary: Summary) -> None:
        tool = {"driver": {
            "name": "cfgtool",
            "version": __version__,
            "rules": [descriptor(code) for code in self.rule_index],
        }}
        root_uri = Path(self.root).as_uri().rstrip("/") + "/"
        tail = {
            "tool": tool,
            "originalUriBaseIds": {ROOT_ID: {"uri": root_uri}},
            "invocations": [{"executionSuccessful": summary.unreadable == 0}],
        }
        body = json.dumps(tail, indent=2)[1:-1].strip("\n")
        body = "\n".join("    " + line for line in body.splitlines())
        self.stream.write("\n      ],\n" + body + "\n    }\n  ]\n}\n")


def make(stream: TextIO, color: bool) -> SarifWriter:
    return SarifWriter(stream)
