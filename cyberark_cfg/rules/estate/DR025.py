r"""DR025 backup-file-missing: the topology's `Backup.cmd` has no PAReplicate command, or a file
its command names is not in the estate.

## Why it matters
The vault backup runs `PAReplicate.exe vault.ini /logonFromFile user.ini /fullbackup
/tsparmfile tsparm.ini`: the Vault.ini that names the vault, the credential file of the backup
user and the tsparm.ini whose `SafesDirectory` receives the backup. When one of them is missing
or misspelt, the scheduled backup fails, often unnoticed until a restore is needed.

## Example
```bat
PAReplicate.exe Vault.ini /logonFromFile user.ini /fullbackup /tsparmfile tsparm.ini
```
with no `tsparm.ini` beside the script.

## Use instead
The three files beside the script (or at the paths it names).

## Fix
None. Paths are resolved against the script's folder; a path with a drive letter
(`C:\PrivateArk\Replicate\Vault.ini`) is looked for by its file name beside the script, since
the estate holds copies of the server's files. Runs when the topology has
`[backup] script = "..."`.

## References
- The command line: the seed's Backup.cmd (S1); PAReplicate with its own tsparm.ini:
  kjentech `Replicate.ps1` (S6).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.errors import CfgError
from cyberark_cfg.estate.backup import read_chain
from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate

_ROLES = {"vault": "the Vault.ini", "cred": "the credential file (/logonFromFile)",
          "tsparm": "the tsparm.ini (/tsparmfile)"}


def check(estate: Estate) -> Iterator[Diagnostic]:
    topology = estate.topology
    if topology.backup_script is None:
        return
    script = topology.resolve(topology.backup_script)
    try:
        chain = read_chain(script, estate.encoding)
    except CfgError as exc:
        yield RULE.finding(topology.path, f"backup script {topology.backup_script}: "
                           f"{exc.message}", line=topology.lines.line_of("backup", "script"),
                           key="script")
        return
    if chain.line == 0:
        yield RULE.finding(script, "no PAReplicate command in the backup script: nothing "
                           "backs up the vault", key="PAReplicate")
        return
    roles = {named.role for named in chain.files}
    for role in ("vault", "cred", "tsparm"):
        if role not in roles:
            yield RULE.finding(script, f"the PAReplicate command names no {_ROLES[role]}",
                               line=chain.line)
    for named in chain.files:
        if not named.exists:
            yield RULE.finding(script, f"{_ROLES[named.role]} {named.written} is not in the "
                               f"estate ({named.path})", line=chain.line)


RULE = EstateRule(
    slug="backup-file-missing",
    severity=Severity.WARNING,
    summary="The backup script has no PAReplicate command, or a file it names is missing",
    check_estate=check,
)
