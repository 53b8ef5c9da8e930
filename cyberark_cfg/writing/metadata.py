"""What a replaced file keeps on POSIX: mode, owner and group, extended attributes (the POSIX
ACL lives in the ``system.posix_acl_access`` attribute), all copied onto the new file before it
takes the old one's place.

What cannot be kept is named in a :class:`MetadataLoss`, and the caller writes nothing unless
told to accept it. (Windows keeps all of this through ReplaceFileW; see ``windows``.)
"""

from __future__ import annotations

import errno
import os
import stat

from cyberark_cfg.errors import FileAccessError


class MetadataLoss(FileAccessError):
    """The new file could not be given some of the original's metadata; nothing was written."""


def copy_metadata(source: int, info: os.stat_result, destination: int, shown: str, *,
                  allow_loss: bool = False) -> list[str]:
    """Give the open file ``destination`` the mode, owner, group and extended attributes of
    ``source`` (whose ``fstat`` is ``info``). Returns what could not be kept; raises
    :class:`MetadataLoss` for it unless ``allow_loss``.
    """
    lost: list[str] = []
    os.fchmod(destination, stat.S_IMODE(info.st_mode))
    if hasattr(os, "fchown"):
        try:
            os.fchown(destination, info.st_uid, info.st_gid)
        except OSError:
            lost.append(f"owner {info.st_uid}:{info.st_gid}")
        else:
            # A chown by a non-root owner clears set-user-ID bits: give the mode again.
            os.fchmod(destination, stat.S_IMODE(info.st_mode))
    lost.extend(_copy_xattrs(source, destination))
    if lost and not allow_loss:
        raise MetadataLoss(f"the new file could not keep the original's {', '.join(lost)}; "
                           f"nothing written (run as the file's owner or an administrator, or "
                           f"accept the change with --allow-metadata-loss)", path=shown)
    return lost


def _copy_xattrs(source: int, destination: int) -> list[str]:
    if not hasattr(os, "listxattr"):
        return []
    try:
        names = os.listxattr(source)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.ENOSYS):
            return []
        return ["extended attributes"]
    lost = []
    for name in names:
        try:
            os.setxattr(destination, name, os.getxattr(source, name))
        except OSError:
            lost.append("POSIX ACL" if name.startswith("system.posix_acl")
                        else f"extended attribute {name}")
    return lost


def refuse_hard_link(info: os.stat_result, shown: str) -> None:
    """A file with several names would be split by a rename (the other names keep the old
    bytes); refuse instead of quietly changing only one of them."""
    if info.st_nlink > 1:
        raise FileAccessError(f"has {info.st_nlink} hard links; a replace would leave the other "
                              f"names with the old bytes, so nothing written (edit the file "
                              f"through one name after removing the other links)", path=shown)
