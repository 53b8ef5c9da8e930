"""How a fix run's notes are introduced when printed (cyberark_cfg.fixing.present)."""

from __future__ import annotations

from typing import Any

from cyberark_cfg.fixing.present import carry_out
from cyberark_cfg.fixing.run import FixRun, Note, NoteLevel


def test_each_note_level_is_introduced_as_cfgtool_prints_it() -> None:
    run = FixRun(notes=[Note("a.ini:3: a finding"), Note("b.ini: skipped", NoteLevel.NOTICE),
                        Note("c.ini: unreadable \x1b", NoteLevel.ERROR)])
    printed: list[tuple[str, dict[str, Any]]] = []
    done = carry_out(run, None, lambda text, **how: printed.append((text, how)), diff=False,
                     check=False, backup=False, record=None, allow_metadata_loss=False)
    assert done
    assert printed == [("a.ini:3: a finding", {"err": True}),
                       ("cfgtool: b.ini: skipped", {"err": True}),
                       ("cfgtool: error: c.ini: unreadable \\x1b", {"err": True})]
    assert {note.level for note in run.notes} == set(NoteLevel)  # every level is covered
