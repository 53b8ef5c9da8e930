"""The DR procedures as data: each is a named list of edits with the condition under which each
edit applies, planned against the loaded document (cyberark-formats.md section 3).

Planning resolves the conditions and drops edits that would change nothing, so a file already in
the target state gets an empty plan, and running a procedure twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberark_cfg.document import Document
from cyberark_cfg.edits import Edit, RemoveEntry, SetValue
from cyberark_cfg.kinds.padr import POSITION_KEYS
from cyberark_cfg.nodes import Entry

NEXT_POSITION, LAST_REPLICATION = POSITION_KEYS


@dataclass(frozen=True)
class When:
    """An edit's condition: ``key`` is present and, when ``value`` is given, has that value
    (Yes/No compared in any case)."""

    key: str
    value: str | None = None

    def holds(self, document: Document) -> bool:
        entries = document.entries(self.key)
        if self.value is None:
            return bool(entries)
        return any(e.value.strip().lower() == self.value.lower() for e in entries)


@dataclass(frozen=True)
class Action:
    """One edit of a procedure and, optionally, the condition it waits for."""

    edit: Edit
    when: When | None = None


@dataclass(frozen=True)
class Procedure:
    """A named DR procedure: where it applies, its edits, and the people's steps around them.

    ``before`` are the steps a person does before the edit, ``after`` the ones that follow it;
    ``{credfile}`` in a step stands for the CreateCredFile command line of the DR user.
    """

    name: str
    kinds: tuple[str, ...]
    summary: str
    actions: tuple[Action, ...]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    source: str = ""

    def applies_to(self, kind: str | None) -> bool:
        return kind in self.kinds

    def plan(self, document: Document) -> tuple[Edit, ...]:
        """The edits this document needs: conditions resolved, no-op edits dropped."""
        planned = []
        for action in self.actions:
            if action.when is not None and not action.when.holds(document):
                continue
            edit = _resolve(action.edit, document)
            if edit is not None:
                planned.append(edit)
        return tuple(planned)


def _resolve(edit: Edit, document: Document) -> Edit | None:
    """The edit as it will be applied here, or None when the document already satisfies it."""
    if isinstance(edit, RemoveEntry):
        return edit if document.entries(edit.key, edit.section) else None
    if isinstance(edit, SetValue):
        found = document.entries(edit.key, edit.section)
        if found:
            return None if all(_same(e, edit.value) for e in found) else edit
        # Absent: insert it where the file keeps its DR keys, next to `insert_after` if present.
        return SetValue(edit.key, edit.value, _home_section(document, edit.insert_after),
                        edit.insert_after)
    return edit


def _same(entry: Entry, value: str) -> bool:
    """Yes/No in another case already means the target: leave such a line alone."""
    current = entry.value.strip()
    if value.lower() in ("yes", "no"):
        return current.lower() == value.lower()
    return current == value


def _home_section(document: Document, near: str | None) -> str | None:
    """The section to insert into: that of ``near``, else that of the first entry.

    "" names the keys before any header. None (let the document choose) when the file is empty.
    """
    anchor = (document.entry(near) if near else None) or next(iter(document.entries()), None)
    if anchor is None:
        return None
    name = document.section_of(anchor).name
    return "" if name is None else name


# ---- the procedures -----------------------------------------------------------------------

_STOP_SERVER = ("Stop the PrivateArk Server service on this vault first: it must never run on "
                "both vaults at once (split brain).")
_STOP_DR = ("Stop the CyberArk Vault Disaster Recovery service on this vault first: while it runs "
            "it rewrites padr.ini and would undo the edit. If it was running when cfgtool "
            "edited the file, stop it now and run this command again.")
_START_DR = "Start the CyberArk Vault Disaster Recovery service."


def failback(keep_failover_disabled: bool = False) -> Procedure:
    """Return this vault to standby replication (blog; KB 000004199)."""
    actions = [
        Action(SetValue("FailoverMode", "No")),
        Action(RemoveEntry(NEXT_POSITION)),
        Action(RemoveEntry(LAST_REPLICATION)),
        Action(SetValue("ActivateManualFailover", "No"), When("ActivateManualFailover")),
    ]
    if not keep_failover_disabled:
        actions.append(Action(SetValue("EnableFailover", "Yes"), When("EnableFailover", "No")))
    return Procedure(
        name="failback",
        kinds=("padr",),
        summary="return this vault to standby replication",
        actions=tuple(actions),
        before=(_STOP_SERVER,),
        after=(
            "Recreate the DR user's credential file (in the folder of padr.ini, PADR\\Conf), "
            "with the same restrictions as before:\n{credfile}",
            _START_DR,
            "Check PADR\\Logs\\padr.log for PADR0010I (Replicate ended.) and then PADR0099I "
            "(Metadata Replication is running successfully.).",
        ),
        source="blog.51sec.org failover/failback; KB 000004199",
    )


def full_replication(position: int | None = None) -> Procedure:
    """Force a full replication on a standby vault (KB 000004199)."""
    if position is None:
        first = Action(RemoveEntry(NEXT_POSITION))
    else:
        first = Action(SetValue(NEXT_POSITION, str(position)))
    return Procedure(
        name="full-replication",
        kinds=("padr",),
        summary="force a full replication at the next start of the DR service",
        actions=(first, Action(RemoveEntry(LAST_REPLICATION))),
        before=(_STOP_DR,),
        after=(_START_DR,
               "Check PADR\\Logs\\padr.log for PADR0093I (Full Replication Completed "
               "Successfully.)."),
        source="KB 000004199",
    )


def manual_failover() -> Procedure:
    """Make this vault take over at the next start of its DR service (KB 000004249)."""
    return Procedure(
        name="manual-failover",
        kinds=("padr",),
        summary="make this vault take over at the next start of the DR service",
        actions=(
            Action(SetValue("EnableFailover", "No")),
            Action(SetValue("ActivateManualFailover", "Yes", insert_after="FailoverMode")),
        ),
        before=(_STOP_DR,),
        after=(
            _START_DR + " PADR synchronises the metadata, starts the vault and stops itself.",
            "Watch PADR\\Logs\\padr.log for PADR0103I (failover started), PADR0025I (ended "
            "successfully) and PADR0017I (failover completed, service shutting down).",
            "Point the components at this vault: put its address first in every component's "
            "Vault.ini (cfgtool fix Vault.ini --first <this vault's address>), then restart "
            "them (iisreset for PVWA).",
        ),
        source="KB 000004249",
    )
