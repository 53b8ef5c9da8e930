"""The exceptions the library raises.

Every message is built from positions and names, never from file content, so an exception's
text cannot carry a secret value from a credential file or a Vault.ini proxy password.
"""

from __future__ import annotations


class CfgError(Exception):
    """Base class for every error cyberark-cfg raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ParseError(CfgError):
    """Input that is not a parameter file: names the file, line, column and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int = 1,
        column: int = 1,
        code: str = "CFG001",
    ) -> None:
        self.line = line
        self.column = column
        self.code = code
        super().__init__(message, path=path)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.path else (
            f"line {self.line}, column {self.column}")
        return f"{where}: {self.message}"


class EditError(CfgError):
    """An edit that cannot be made (unknown section, value the encoding cannot hold, ...)."""


class FileAccessError(CfgError):
    """A path that cannot be read or written (missing, a directory, too large, no permission)."""


class ConcurrentModificationError(FileAccessError):
    """The file changed on disk between reading it and writing it back."""


class UsageError(CfgError):
    """A request that does not fit: option values that do not go together, a folder where a
    file is needed, a file of another kind. The CLI reports it as a usage error (exit 2)."""
