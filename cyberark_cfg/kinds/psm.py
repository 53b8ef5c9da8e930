"""basic_psm.ini: the PSM server's identity and folders; values are double-quoted, though some
keys are written bare (`ConfigurationFolder=Root`), per cyberark-formats.md section 5.
"""

from __future__ import annotations

from cyberark_cfg.document import Document
from cyberark_cfg.kinds.schema import KeySpec, Kind
from cyberark_cfg.values import ValueType

Q, PATH = ValueType.QUOTED, ValueType.PATH


class PsmFile(Document):
    @property
    def server_id(self) -> str | None:
        return self.get("PSMServerId")


KIND = Kind(
    name="psm",
    title="basic_psm.ini (Privileged Session Manager)",
    filenames=("basic_psm.ini",),
    markers=("psmserverid", "psmserveradminid", "psmvaultfile", "psmappcredfile",
             "psmgwcredfile", "recordingsdirectory"),
    # The keys the DR checks need; no complete basic_psm.ini has been published, so a key
    # outside these is reported only as a near miss of one of them (CFG005).
    complete=False,
    document_class=PsmFile,
    keys=(
        KeySpec("PSMServerId", Q, required=True, quoted=True,
                summary="must equal the PSM server ID configured in PVWA"),
        KeySpec("PSMServerAdminId", Q, quoted=True),
        KeySpec("PSMVaultFile", PATH, quoted=True), KeySpec("PSMAppCredFile", PATH, quoted=True),
        KeySpec("PSMGWCredFile", PATH, quoted=True), KeySpec("LogsFolder", PATH, quoted=True),
        KeySpec("TempFolder", PATH, quoted=True),
        KeySpec("RecordingsDirectory", PATH, quoted=True, summary="the same on all PSMs"),
        KeySpec("ConfigurationSafe", Q, quoted=True), KeySpec("ConfigurationFolder", Q),
        KeySpec("PVConfigurationFileName", Q, quoted=True),
        KeySpec("PoliciesConfigurationFileName", Q, quoted=True),
        KeySpec("IdentityUM", Q, quoted=True),
    ),
)
