"""The padr.log message codes cfgtool knows: one table of data (code, severity, role, meaning,
remedy), and :func:`explain`, which turns an entry into the page ``cfgtool explain CODE`` prints.

To teach cfgtool a new code, add one ``Code(...)`` to ``TABLE``; nothing else changes. Sources:
CyberArk KB 000004249 (a failover's log lines), KB 000004199 (full replication), admins'
public runbooks and monitoring scripts, and the founding blog post (see cyberark-formats.md, 9).
Only texts the sources show are given; other PADR...E texts are not public and not invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a code means for the verdict; see verdict.py for how each role is used.
SUCCESS = "success"  # a replication step that went well (cycle_end: a finished cycle)
FAILOVER = "failover"  # a step of a failover episode
STOPPED = "stopped"  # the DR service stopped: replication is no longer running
INFO = "info"  # routine progress: never changes the verdict
PROBLEM = "problem"  # an error or warning: listed with its meaning and remedy

SEVERITIES = {"I": "info", "W": "warning", "E": "error"}

_RECREATE_USER_INI = (
    "recreate the DR user's credential file with CreateCredFile (PADR\\Conf\\user.ini, "
    "with the password the Vault now holds for the user), then restart the CyberArk Vault "
    "Disaster Recovery service"
)


@dataclass(frozen=True)
class Code:
    """One message code: how it is logged, what it means, and what to do about it."""

    code: str
    role: str
    text: str
    meaning: str
    remedy: str | None = None
    cycle_end: bool = False
    # Where the code, its text and meaning come from (cyberark-formats.md section 9 ids).
    source: str = ""

    @property
    def severity(self) -> str:
        return severity_of(self.code)


TABLE: tuple[Code, ...] = (
    # -- a healthy replication cycle --------------------------------------------------------
    Code("PADR0010I", SUCCESS, "Replicate ended.",
         "A replication cycle from the production vault finished; the DR vault holds the "
         "production data as of this line.", cycle_end=True,
         source="the seed's padr.log lines (S1)"),
    Code("PADR0099I", SUCCESS, "Metadata Replication is running successfully.",
         "Metadata replication (the near-real-time push of metadata, current passwords "
         "included, from the production vault) is running.",
         source="the seed's padr.log lines (S1); the gloss: training material (S8, weak source)"),
    Code("PADR0093I", SUCCESS, "Full Replication Completed Successfully.",
         "A full replication finished: every Safe was copied again from the production vault, "
         "as happens after NextBinaryLogNumberToStartAt and LastDataReplicationTimestamp are "
         "removed from padr.ini (or NextBinaryLogNumberToStartAt=-1).", cycle_end=True,
         source="a v14 lab write-up (S20, weak source)"),
    Code("PAREP013I", INFO, "Replicating Safe [name].",
         "Progress of a replication cycle: one Safe is being copied.",
         source="DR lab notes (S23, weak source)"),
    Code("ITADB399I", INFO, "(the encryption algorithms in use; exact text not quoted here)",
         "The service opened the vault database and lists its algorithms; seen at start-up.",
         source="KB 000004249's padr.log excerpt as quoted (S2)"),
    Code("ITADM114I", INFO, "(connected to the database; exact text not quoted here)",
         "The service connected to the local vault database; seen at start-up.",
         source="KB 000004249's padr.log excerpt as quoted (S2)"),
    # -- a failover episode, in the order PADR logs it (KB 000004249) ---------------------
    Code("PADR0103I", FAILOVER, "Failover process started.",
         "This vault began to take over from the production vault (automatic failover after "
         "CheckRetriesCount failed checks, or ActivateManualFailover=Yes).",
         source="KB 000004249's padr.log excerpt as quoted (S2)"),
    Code("PADR0024I", FAILOVER, "Synchronizing vault data and metadata.",
         "Failover step: the database is synchronised with the Safe files (EnableDBSync).",
         source="KB 000004249's padr.log excerpt as quoted (S2)"),
    Code("PADR0025I", FAILOVER, "Failover process ended successfully.",
         "Failover step: the data is ready; the vault service is about to start.",
         source="KB 000004249's padr.log excerpt as quoted (S2)"),
    Code("PADR0067I", FAILOVER, "Starting Vault service.",
         "Failover step: PADR starts PrivateArk Server on this vault.",
         source="KB 000004249's padr.log excerpt as quoted (S2)"),
    Code("PADR0017I", FAILOVER, "Failover completed, PADR service is shutting down.",
         "The failover is complete: this vault is now the active vault, padr.ini has "
         "FailoverMode=Yes, and the DR service stops. Replication stays off until a failback.",
         "To return this vault to standby later: stop PrivateArk Server, run "
         "`cfgtool fix padr.ini --failback`, start the DR service, then `cfgtool log padr.log`.",
         source="KB 000004249's padr.log excerpt as quoted (S2)"),
    Code("PADR0022I", STOPPED, "Disaster Recovery service terminated",
         "The DR service stopped; no replication runs until it is started again.",
         "If this was not a completed failover, start the CyberArk Vault Disaster Recovery "
         "service and check that the next cycle ends with PADR0010I and PADR0099I.",
         source="KB 000004249's padr.log excerpt as quoted (S2); monitoring scripts (S22, weak)"),
    # -- errors and warnings ---------------------------------------------------------------
    Code("CASTM003E", PROBLEM, "Vault transaction failed. Reason: <the reason>",
         "A transaction with the vault failed. The line gives the reason, often another "
         "message code (the seed's own line: `Reason: ITATS006E Station is suspended for User "
         "DR (Code 15)`): that code's meaning and remedy are listed with it.",
         "Follow the remedy of the code named as the reason.",
         source="the seed's own error line (S1)"),
    Code("ITATS006E", PROBLEM, "Station is suspended for User DR",
         "The production vault refuses the user's logon from this machine: its trusted "
         "network area is suspended, usually after repeated failed logons (a stale user.ini "
         "after a failover, failback or restore).",
         "In the PrivateArk Client on the active vault open Tools > Administrative Tools > "
         "Users and Groups, select the user (DR), Trusted Net Areas, and activate the "
         "suspended area; if the password no longer matches, " + _RECREATE_USER_INI + ".",
         source="the seed (S1): the line and its remedy"),
    Code("ITATS433E", PROBLEM, "(an IP address is suspended for a user; text paraphrased)",
         "Logons from this address were suspended after repeated failures: the component's "
         "credential file is out of sync with the Vault (for example after a VM restore).",
         "Stop the component service; in the PrivateArk Client set a new password for the "
         "component user and activate its trusted network area; recreate the credential file "
         "with CreateCredFile using that password; start the service and check its logon.",
         source='kjentech runbook "Common Issues and Recommended Tasks" (S5)'),
    Code("ITADB487W", PROBLEM, "(a component user has stopped logging on; text paraphrased)",
         "A component user has stopped logging on: its service is down, or its credential "
         "file no longer matches the Vault.",
         "Check that the component's service runs; if its logons are refused (ITATS433E), "
         "reset the user's password and recreate its credential file with CreateCredFile.",
         source='kjentech runbook "Common Issues and Recommended Tasks" (S5)'),
    Code("ITATS004E", PROBLEM, "(authentication failure for a user; text paraphrased)",
         "The Vault rejected the password in the user's credential file.",
         "Set a new password for the user in the PrivateArk Client, then "
         + _RECREATE_USER_INI + ".",
         source="PVWA API test fixtures (S24, weak source)"),
    Code("PADR0013E", PROBLEM, "(text not published)",
         "CyberArk has not published its text. The one public case (a lab write-up): the DR "
         "service tried to start the vault instead of replicating, because a leftover process "
         "(CyberArk Logic Container) held a database lock.",
         "Read the lines before it. In that public case: stop the DR service, end the process "
         "that holds the database (there, CyberArk Logic Container), force a full replication "
         "with `cfgtool fix padr.ini --full-replication` and start the DR service; expect "
         "PADR0010I and PADR0099I.",
         source="a PAS 13.2 drill write-up (S21, weak source); its text is not public"),
    Code("PADR0011E", PROBLEM, "(text not published)",
         "A replication failure: admins' public monitoring scripts alert on it as "
         "\"replication failed\". CyberArk has not published its exact text.",
         "Read the lines just before it for the cause (connection to the production vault, "
         "the DR user's logon, disk space); after fixing it, check that the next cycle ends "
         "with PADR0010I.",
         source="a padr.log monitoring script (S22, weak source); its text is not public"),
)

CODES: dict[str, Code] = {entry.code: entry for entry in TABLE}

# A code inside a message: CASTM003E wraps the reason's own code (cyberark-formats.md 9).
_INNER_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3,6}[0-9]{3,4}[IWE](?![A-Za-z0-9])")
# Logged without a code when PADR changed the DR user's password (kjentech runbook, S4).
PASSWORD_ROTATION = "Leave replication user change password method"


def inner_codes(message: str) -> list[str]:
    """The message codes named inside a line's message, in order, each once."""
    return list(dict.fromkeys(_INNER_CODE.findall(message)))


def severity_of(code: str) -> str:
    """``info``, ``warning`` or ``error``, from a code's last letter (PADR0010I, ITATS006E)."""
    return SEVERITIES.get(code[-1:].upper(), "info")


def lookup(code: str) -> Code | None:
    return CODES.get(code.strip().upper())


def codes_with_role(*roles: str) -> tuple[str, ...]:
    return tuple(entry.code for entry in TABLE if entry.role in roles)


def explain(code: str) -> str | None:
    """The human page for a padr.log code (any case), or None when cfgtool does not know it."""
    entry = lookup(code)
    if entry is None:
        return None
    lines = [
        f"{entry.code} ({entry.severity}, padr.log): {entry.text}",
        "",
        "What it means",
        f"  {entry.meaning}",
    ]
    if entry.remedy:
        lines += ["", "What to do", f"  {entry.remedy}"]
    lines += ["", "Check replication with: cfgtool log PADR\\Logs\\padr.log"]
    if entry.source:
        lines += ["", "## References", f"  {entry.source} (cyberark-formats.md section 9)"]
    return "\n".join(lines)
