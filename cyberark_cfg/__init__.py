"""cyberark-cfg: lossless parsers, a linter and safe DR procedures for CyberArk PAS
configuration files. This module only re-exports the public API from :mod:`cyberark_cfg.api`.
"""

from cyberark_cfg.api import detect_kind, load, loads, save
from cyberark_cfg.document import Document, Section
from cyberark_cfg.errors import (
    CfgError,
    ConcurrentModificationError,
    EditError,
    FileAccessError,
    ParseError,
)

__version__ = "0.1.0"

__all__ = [
    "CfgError",
    "ConcurrentModificationError",
    "Document",
    "EditError",
    "FileAccessError",
    "ParseError",
    "Section",
    "__version__",
    "detect_kind",
    "load",
    "loads",
    "save",
]
