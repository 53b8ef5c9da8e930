"""`cfgtool runbook` as a function: a procedure's steps for a topology in one of the formats,
where a drill stands (``status``), or the drill record (``drill_record``). Nothing here prints
or exits; the caller shows the text and maps ``complete`` to an exit code."""

from __future__ import annotations

from dataclasses import dataclass

from cyberark_cfg.display import escape, json_valid
from cyberark_cfg.errors import UsageError
from cyberark_cfg.usage import check_encoding, check_format, parse_now


@dataclass(frozen=True)
class RunbookOutput:
    """The text to print, and whether the drill is complete (always True without --status)."""

    text: str
    complete: bool = True


def runbook_output(procedure: str, topology: str | None, *, output_format: str = "text",
                   dr_vault: str | None = None, status: bool = False,
                   drill_record: bool = False, record: str | None = None,
                   now: str | None = None, encoding: str | None = None) -> RunbookOutput:
    """Build the runbook of ``procedure`` for ``topology`` (None: the one `cfgtool lint`
    finds) and render it, its status or its drill record; ``now`` is `--now`'s text,
    ``encoding`` `--encoding`'s (the code page of the estate's 8-bit files; default: the
    configuration's). :class:`UsageError` for options that do not go together."""
    from cyberark_cfg.drill import runbook
    from cyberark_cfg.lint.resolve import topology_or_found

    check_format(output_format, ("text", "markdown", "json"))
    page = check_encoding(encoding)
    if status and drill_record:
        raise UsageError("give --status or --drill-record, not both")
    if record is not None and not drill_record:
        raise UsageError("--record goes with --drill-record")
    book = runbook.build(procedure, topology_or_found(topology), dr_vault)
    if drill_record:
        from cyberark_cfg.drill.record import drill_record as make_record
        from cyberark_cfg.drill.record import render_record

        return RunbookOutput(render_record(make_record(book, record, parse_now(now),
                                                       encoding=page)))
    if status:
        import json

        from cyberark_cfg.drill.status import render_status
        from cyberark_cfg.drill.status import status as status_of

        if output_format == "markdown":
            raise UsageError("--status prints text or json")
        result = status_of(book, now=parse_now(now).replace(tzinfo=None), encoding=page)
        shown = (json.dumps(json_valid(result.to_json()), indent=2) if output_format == "json"
                 else escape(render_status(result), keep="\n"))
        return RunbookOutput(shown, result.complete)
    render = {"text": runbook.render_text, "markdown": runbook.render_markdown,
              "json": runbook.render_json}
    shown = render[output_format](book)
    # Paths from the topology (a folder named with ESC or U+202E) reach the text: escaped.
    return RunbookOutput(shown if output_format == "json" else escape(shown, keep="\n"))
