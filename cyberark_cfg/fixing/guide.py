"""The people's steps around a procedure's edit, numbered in the order they must happen.

The edit is one step among several (stop a service first, recreate a credential file, start the
service, read padr.log); printing them together keeps the runbook order in front of the person.
The CreateCredFile line is built from the DR user's current credential file next to padr.ini,
but never holds a password: it shows a placeholder.
"""

from __future__ import annotations

import os
import textwrap

from cyberark_cfg.api import load
from cyberark_cfg.display import escape
from cyberark_cfg.errors import CfgError
from cyberark_cfg.fixing.procedures import Procedure
from cyberark_cfg.kinds.cred import CredFile

PASSWORD_PLACEHOLDER = "<DR user password>"
USER_PLACEHOLDER = "<DR user>"
WIDTH = 96
CRED_NAME = "user.ini"  # PADR\Conf\user.ini (cyberark-formats.md section 2)

# VerificationsFlag restriction field -> CreateCredFile switch (cyberark-formats.md section 6).
_SWITCHES = {
    "ClientApp": "/AppType <type>",
    "AppPath": "/ExePath <path>",
    "ClientIP": "/IpAddress",
    "OSUser": "/OSUsername <user>",
    "ClientHostname": "/Hostname",
}
_DPAPI = {"enhancedpasswordmachine": "/DPAPIMachineProtection",
          "enhancedpassworduser": "/DPAPIUserProtection"}


def credfile_command(padr_path: str, encoding: str | None = None) -> str:
    """The CreateCredFile command line for the DR user, from the ``user.ini`` beside padr.ini
    (read in the ANSI code page ``encoding`` when it is 8-bit, as padr.ini was).

    Only the user name and the restriction switches are read from it (neither is a secret);
    when it is missing or unreadable, placeholders stand in.
    """
    cred_path = os.path.join(os.path.dirname(padr_path) or ".", CRED_NAME)
    username, switches = USER_PLACEHOLDER, []
    try:
        cred = load(cred_path, "cred", encoding=encoding)
    except (CfgError, OSError):
        cred = None
    if isinstance(cred, CredFile) and cred.username:
        username = f'"{cred.username}"' if any(c.isspace() for c in cred.username) else (
            cred.username)
        switches = [_SWITCHES[name] for name in cred.restrictions if name in _SWITCHES]
        dpapi = _DPAPI.get((cred.cred_file_type or "").strip().lower())
        if dpapi:
            switches.append(dpapi)
        if os.path.exists(cred_path + ".entropy"):
            switches.append("/EntropyFile")
    parts = ["CreateCredFile.exe", CRED_NAME, "Password", "/Username", username,
             "/Password", PASSWORD_PLACEHOLDER, *switches]
    return " ".join(parts)


def render_steps(procedure: Procedure, path: str, edit_state: str,
                 encoding: str | None = None) -> list[str]:
    """Numbered lines: the steps before the edit, the edit (with ``edit_state``), the rest.
    ``path`` is the file's (its control characters are escaped here), ``encoding`` the code
    page it was read with."""
    if not procedure.before and not procedure.after:
        return []
    command = escape(credfile_command(path, encoding)) if any(
        "{credfile}" in s for s in procedure.after) else ""
    path = escape(path)
    edit = f"Edit {os.path.basename(path)} ({procedure.name}): {edit_state}."
    steps = [*procedure.before, edit, *procedure.after]
    lines = [f"{path}: {procedure.name}: {procedure.summary}.",
             f"Steps around the edit, in order (source: {procedure.source}):"]
    for number, step in enumerate(steps, start=1):
        text = step.replace("{credfile}", command).replace("{path}", path)
        prose, *commands = text.split("\n")
        lines.extend(textwrap.wrap(prose, WIDTH, initial_indent=f"  {number}. ",
                                   subsequent_indent="     ", break_on_hyphens=False))
        # A command line is never wrapped: it must paste as one line.
        lines.extend(f"       {command}" for command in commands)
    return lines
