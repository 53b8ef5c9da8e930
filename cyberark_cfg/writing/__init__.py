"""THE write path: every file cyberark-cfg writes (``set``, ``fix``, reports, change records,
backups, :meth:`Document.save <cyberark_cfg.Document.save>`) goes through this package.

One contract: lock, compare with what was read, write atomically keeping the original's
metadata, check what was displaced, write nothing when nothing changes. Read in order:
``atomic`` (replace one file), ``metadata`` (POSIX mode, owner, ACL, xattrs), ``windows``
(ReplaceFileW, LockFileEx), ``names`` (temporary and backup names), ``append`` (records).
"""

from cyberark_cfg.writing.append import append_line
from cyberark_cfg.writing.atomic import (
    check_ready,
    check_replaceable,
    exchange,
    read_all,
    sha256,
    write_atomic,
)
from cyberark_cfg.writing.metadata import MetadataLoss
from cyberark_cfg.writing.names import backup_names, is_artifact, is_backup, is_temporary

__all__ = [
    "MetadataLoss",
    "append_line",
    "backup_names",
    "check_ready",
    "check_replaceable",
    "exchange",
    "is_artifact",
    "is_backup",
    "is_temporary",
    "read_all",
    "sha256",
    "write_atomic",
]
