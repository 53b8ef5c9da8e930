"""The DR procedures as data: each is a named list of edits with the condition under which each
edit applies, the states of the file it refuses, and the people's steps around the edit
(cyberark-formats.md sections 3 and 11).

Planning checks the refusals, resolves the conditions and drops edits that would change nothing,
so a file already in the target state gets an empty plan, and running a procedure twice changes
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cyberark_cfg.document import Document
from cyberark_cfg.edits import (
    Edit,
    InsertEntry,
    RemoveEntry,
    ReplaceList,
    SetEncoding,
    SetNewlines,
    SetValue,
    assert_never,
)
from cyberark_cfg.errors import EditError
from cyberark_cfg.kinds.padr import POSITION_KEYS
from cyberark_cfg.nodes import Entry
from cyberark_cfg.values import describe_age, parse_epoch_us

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
class Refusal:
    """A state of the file in which the procedure must not run, and why."""

    when: When
    reason: str


@dataclass(frozen=True)
class Procedure:
    """A named DR procedure: where it applies, its edits, and the people's steps around them.

    ``before`` are the steps a person does before the edit, ``after`` the ones that follow it;
    ``{credfile}`` in a step stands for the CreateCredFile command line of the DR user and
    ``{path}`` for the file's path. ``refusals`` are the file states it will not edit;
    ``max_replication_age``, when set, makes :meth:`warnings` flag an old last replication.
    """

    name: str
    kinds: tuple[str, ...]
    summary: str
    actions: tuple[Action, ...]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    source: str = ""
    refusals: tuple[Refusal, ...] = ()
    max_replication_age: timedelta | None = None

    def applies_to(self, kind: str | None) -> bool:
        return kind in self.kinds

    def refusal(self, document: Document) -> str | None:
        """Why this procedure must not edit ``document`` (None: it may)."""
        return next((r.reason for r in self.refusals if r.when.holds(document)), None)

    def warnings(self, document: Document, now: datetime | None = None) -> list[str]:
        """What a person must know before going on (an old last replication), not a refusal."""
        if self.max_replication_age is None:
            return []
        value = document.get(LAST_REPLICATION)
        try:
            last = parse_epoch_us(value) if value is not None else None
        except ValueError:
            last = None
        if last is None:
            return [f"{LAST_REPLICATION} is absent or unreadable: nothing in padr.ini shows "
                    "when this vault last replicated; check padr.log (cfgtool log) first"]
        age = (now or datetime.now(timezone.utc)) - last
        if age <= self.max_replication_age:
            return []
        return [f"the last data replication ({LAST_REPLICATION}, {last:%Y-%m-%d %H:%M} UTC) "
                f"was {describe_age(age.total_seconds())}: changes made on the active vault "
                "since then are not on this vault; check padr.log (cfgtool log) first"]

    def plan(self, document: Document) -> tuple[Edit, ...]:
        """The edits this document needs: conditions resolved, no-op edits dropped.
        :class:`EditError` when the file is in a state the procedure refuses."""
        reason = self.refusal(document)
        if reason is not None:
            raise EditError(f"{self.name} refused: {reason}; nothing written",
                            path=document.path)
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
    match edit:
        case RemoveEntry():
            return edit if document.entries(edit.key, edit.section) else None
        case SetValue():
            found = document.entries(edit.key, edit.section)
            if found:
                return None if all(_same(e, edit.value) for e in found) else edit
            # Absent: insert it where the file keeps its DR keys, next to `insert_after` if
            # present.
            return SetValue(edit.key, edit.value, _home_section(document, edit.insert_after),
                            edit.insert_after)
        case InsertEntry() | ReplaceList() | SetEncoding() | SetNewlines():
            return edit
        case _:
            assert_never(edit)


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

_STOP_SERVER = ("Stop the PrivateArk Server service on this vault first (PrivateArk Server "
                "console) and check that the Cyber-Ark Event Notification Engine has stopped "
                "too: PrivateArk Server must never run on both vaults at once (split brain).")
_STOP_DR = ("Stop the CyberArk Vault Disaster Recovery service on this vault first: the "
            "procedures edit padr.ini with it stopped. If it was running when cfgtool "
            "edited the file, stop it now and run this command again.")
_START_DR = "Start the CyberArk Vault Disaster Recovery service."
_REARM_LATER = ("EnableFailover is left as it is. Once padr.log shows replication working "
                "(cfgtool log), re-arm automatic failover as its own step, on the DR vault only:\n"
                "cfgtool fix {path} --rearm-failover")
_ACTIVE = When("FailoverMode", "Yes")
# How old the last replication may be before a manual failover warns (an inference: a
# replication cycle normally runs every few minutes, cyberark-formats.md section 2).
MAX_REPLICATION_AGE = timedelta(hours=1)


def failback() -> Procedure:
    """Return this vault to standby: the DR vault after a failover (KB 000004249), or the
    primary made a replica of the DR vault (failback). ``EnableFailover`` is not touched."""
    return Procedure(
        name="failback",
        kinds=("padr",),
        summary="return this vault to standby replication",
        actions=(
            Action(SetValue("FailoverMode", "No")),
            Action(RemoveEntry(NEXT_POSITION)),
            Action(RemoveEntry(LAST_REPLICATION)),
            Action(SetValue("ActivateManualFailover", "No"), When("ActivateManualFailover")),
        ),
        before=(_STOP_SERVER,
                "Make sure the other vault runs as the active vault: this vault replicates "
                "from it, and data written here since the failover is overwritten."),
        after=(
            "On the primary being made a replica of the DR vault: check that EnableFailover=No "
            "before the next step. If the DR user's logon then failed, automatic failover "
            "would start this vault beside the active one (split brain).",
            "Recreate the DR user's credential file (in the folder of padr.ini, PADR\\Conf; "
            "delete user.ini.entropy with it), with the same restrictions as before:\n"
            "{credfile}",
            _START_DR,
            "Check PADR\\Logs\\padr.log for a full replication: PADR0010I (Replicate ended.) "
            "and then PADR0099I (Metadata Replication is running successfully.).",
            _REARM_LATER,
        ),
        source="KB 000004249 (return to standby); blog.51sec.org failback steps 3 and 7-9; "
               "kjentech runbooks",
    )


def rearm_failover() -> Procedure:
    """Turn automatic failover back on, once replication is verified (kjentech runbook)."""
    return Procedure(
        name="rearm-failover",
        kinds=("padr",),
        summary="re-arm automatic failover on this standby vault",
        actions=(Action(SetValue("EnableFailover", "Yes")),),
        refusals=(Refusal(_ACTIVE, "FailoverMode=Yes: this vault is the active one; automatic "
                                   "failover is re-armed only on a standby (FailoverMode=No)"),),
        before=("Check that replication works: cfgtool log PADR\\Logs\\padr.log must say "
                "healthy (PADR0010I, PADR0099I). Re-arm on the DR vault only: a primary that "
                "replicates from the DR vault keeps EnableFailover=No.",
                _STOP_DR),
        after=(_START_DR + " Set its startup type to Automatic on the DR vault.",),
        source="kjentech/CyberArk Change - Upgrade Vault with Failover",
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
        actions=(Action(SetValue("FailoverMode", "No")), first,
                 Action(RemoveEntry(LAST_REPLICATION))),
        before=("Make sure PrivateArk Server is stopped on this vault (KB 000004199 edits "
                "padr.ini with the vault stopped).",),
        after=("Restart the CyberArk Vault Disaster Recovery service.",
               "Check PADR\\Logs\\padr.log for the full replication: PADR0010I (Replicate "
               "ended.) and PADR0099I (Metadata Replication is running successfully.); some "
               "versions also log PADR0093I (Full Replication Completed Successfully.)."),
        source="KB 000004199",
    )


def manual_failover() -> Procedure:
    """Make this standby vault take over at the next start of its DR service (KB 000004249;
    the docs page "Initiating a Predefined DR Failover" also sets EnableFailover=No)."""
    return Procedure(
        name="manual-failover",
        kinds=("padr",),
        summary="make this vault take over at the next start of the DR service",
        actions=(
            Action(SetValue("EnableFailover", "No")),
            Action(SetValue("ActivateManualFailover", "Yes", insert_after="FailoverMode")),
        ),
        refusals=(Refusal(_ACTIVE, "FailoverMode=Yes: padr.ini says this vault is already the "
                                   "active one; a manual failover is run on the standby "
                                   "(FailoverMode=No)"),),
        max_replication_age=MAX_REPLICATION_AGE,
        before=(
            "Check that this vault replicated recently: cfgtool log PADR\\Logs\\padr.log.",
            "On the other vault (the one this vault takes over from), stop PrivateArk Server "
            "if it still runs: it must never run on both vaults at once (split brain).",
            _STOP_DR,
        ),
        after=(
            _START_DR + " PADR synchronises the metadata, starts the vault and stops itself.",
            "Watch PADR\\Logs\\padr.log for PADR0103I (failover started), PADR0025I (ended "
            "successfully) and PADR0017I (failover completed, service shutting down).",
            "Point the components at this vault: put its address first in every component's "
            "Vault.ini (cfgtool fix Vault.ini --first <this vault's address>), then restart "
            "them (iisreset for PVWA). The CPM is repointed by hand to this vault only.",
        ),
        source="KB 000004249; docs page \"Initiating a Predefined DR Failover\"",
    )
