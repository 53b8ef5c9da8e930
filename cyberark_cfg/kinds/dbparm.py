"""dbparm.ini: the vault server's `[MAIN]` settings; only the DR and backup subset is modelled
(cyberark-formats.md section 8).
"""

from __future__ import annotations

from cyberark_cfg.document import Document
from cyberark_cfg.kinds.schema import KeySpec, Kind
from cyberark_cfg.values import ValueType, parse_switched_fields

S, B, INT, PATH = ValueType.STRING, ValueType.BOOL, ValueType.INT, ValueType.PATH
FIELDS = ValueType.SWITCHED_FIELDS


class DbparmFile(Document):
    @property
    def backup_files_deletion(self) -> bool | None:
        """The switch (first field) of `BackupFilesDeletion`, which may be `Yes,24,1,5,7d`."""
        value = self.get("BackupFilesDeletion", "MAIN")
        try:
            return parse_switched_fields(value)[0] if value is not None else None
        except ValueError:
            return None


KIND = Kind(
    name="dbparm",
    title="dbparm.ini (vault server)",
    filenames=("dbparm.ini",),
    markers=("backupfilesdeletion", "recoveryprvkey", "recoverypubkey", "serverkey",
             "serverprivatekey", "backupkey", "drnotificationthreshold", "vaultid",
             "backupnotificationthreshold"),
    complete=False,
    document_class=DbparmFile,
    keys=(
        KeySpec("BackupFilesDeletion", FIELDS,
                summary="No during a restore, then its noted value (may be Yes,24,1,5,7d)"),
        KeySpec("RecoveryPrvKey", PATH, summary="recovery private key: must not stay here"),
        KeySpec("RecoveryPubKey", PATH), KeySpec("ServerKey", PATH),
        KeySpec("ServerPrivateKey", PATH), KeySpec("BackupKey", PATH),
        KeySpec("BackupNotificationThreshold", FIELDS), KeySpec("DRNotificationThreshold", FIELDS),
        KeySpec("UserLockoutPeriodInMinutes", INT), KeySpec("DebugLevel", S),
        KeySpec("DefaultTimeout", INT), KeySpec("MTU", INT), KeySpec("VaultId", INT),
        # Other real [MAIN] and [SYSLOG] keys, listed so that CFG005's near-miss check does not
        # mistake them for misspellings of the keys above (ComponentNotificationThreshold is
        # close to BackupNotificationThreshold).
        KeySpec("ComponentNotificationThreshold", S),
        KeySpec("AllowNonStandardFWAddresses", S, repeatable=True,
                summary="one firewall rule a line: [address],Yes,port:direction/protocol"),
        KeySpec("LogRetentionPeriod", INT), KeySpec("EntropyFile", PATH),
        KeySpec("SyslogServerIP", S), KeySpec("SyslogServerPort", S),
        KeySpec("SyslogServerProtocol", S), KeySpec("SyslogMessageCodeFilter", S),
        KeySpec("SyslogTranslatorFile", PATH), KeySpec("UseLegacySyslogFormat", B),
    ),
)
