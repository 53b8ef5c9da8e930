"""Credential files written by CreateCredFile (user.ini, *.cred, appuser.ini, gwuser.ini).

No sections, no comments, ASCII. Password, NewPassword, ProxyPassword, PrivateKey and
AdditionalInformation are secret: they are never shown (cyberark-formats.md section 6).
"""

from __future__ import annotations

from cyberark_cfg.document import Document
from cyberark_cfg.kinds.schema import KeySpec, Kind
from cyberark_cfg.values import ValueType

S = ValueType.STRING

# VerificationsFlag bits and the field each restriction needs.
RESTRICTIONS = {
    0x01: "ClientApp",
    0x02: "AppPath",
    0x04: "ClientIP",
    0x08: "OSUser",
    # 0x10 is the random hash, always set: AdditionalInformation holds the key material.
    0x20: "ClientHostname",
}


class CredFile(Document):
    @property
    def cred_file_type(self) -> str | None:
        return self.get("CredFileType")

    @property
    def username(self) -> str | None:
        return self.get("Username")

    @property
    def verifications_flag(self) -> int | None:
        flag = self.typed("VerificationsFlag")
        return flag if isinstance(flag, int) else None

    @property
    def restrictions(self) -> list[str]:
        """Names of the restriction fields the flag demands (empty: usable from anywhere)."""
        flag = self.verifications_flag or 0
        return [name for bit, name in RESTRICTIONS.items() if flag & bit]


KIND = Kind(
    name="cred",
    title="credential file (CreateCredFile output)",
    filenames=("user.ini", "*.cred", "appuser.ini", "gwuser.ini", "psmapp.cred", "psmgw.cred"),
    markers=("credfiletype", "credfileversion", "verificationsflag"),
    document_class=CredFile,
    unknown_keys_secret=True,
    keys=(
        KeySpec("CredFileType", S, required=True,
                summary="Password, EnhancedPasswordMachine or EnhancedPasswordUser, ..."),
        KeySpec("CredFileVersion", ValueType.INT, required=True),
        KeySpec("Username", S, required=True),
        KeySpec("VerificationsFlag", ValueType.BITMASK, required=True,
                summary="bit mask of restrictions"),
        KeySpec("Password", S, secret=True), KeySpec("NewPassword", S, secret=True),
        KeySpec("ProxyPassword", S, secret=True), KeySpec("PrivateKey", S, secret=True),
        KeySpec("AdditionalInformation", S, secret=True, summary="key material"),
        KeySpec("ExternalAuthentication", ValueType.BOOL),
        KeySpec("ClientApp", S, summary="0x01: application type"),
        KeySpec("AppPath", ValueType.PATH, summary="0x02: executable path"),
        KeySpec("ClientIP", S, summary="0x04: client IP"),
        KeySpec("OSUser", S, summary="0x08: OS user"),
        KeySpec("ClientHostname", S, summary="0x20: host name"),
        KeySpec("ProxyUser", S), KeySpec("ProxyAddress", S), KeySpec("ProxyPort", ValueType.PORT),
        KeySpec("ProxyType", S), KeySpec("ProxyAuthDomain", S),
    ),
)
