"""tsparm.ini: PAReplicate / PARestore settings; `SafesDirectory` is the backup target.
Readers skip `[...]` lines, and comments occur (cyberark-formats.md section 7).
"""

from __future__ import annotations

from cyberark_cfg.document import Document
from cyberark_cfg.kinds.schema import KeySpec, Kind
from cyberark_cfg.values import ValueType


class TsparmFile(Document):
    @property
    def safes_directory(self) -> str | None:
        return self.get("SafesDirectory")


KIND = Kind(
    name="tsparm",
    title="tsparm.ini (PAReplicate backup)",
    filenames=("tsparm.ini",),
    markers=("safesdirectory",),
    # SafesDirectory is the one confirmed key: others are reported only as near misses of it.
    complete=False,
    document_class=TsparmFile,
    keys=(
        KeySpec("SafesDirectory", ValueType.PATH, required=True,
                summary="folder the backup is written to"),
    ),
)
