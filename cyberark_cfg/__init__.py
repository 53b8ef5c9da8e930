"""cyberark-cfg: lossless parsers, a linter and safe DR procedures for CyberArk PAS
configuration files. This module only re-exports the public API from :mod:`cyberark_cfg.api`.

The layers, in the order data flows: a module imports only from its own layer and the layers
above it in this table, never in a cycle (tests/test_layers.py holds the package to both). A
package name covers its modules unless one of them is listed on its own.

    base       errors values decoding secrecy writing display lazy  bytes, values, secrets, text
    syntax     grammar nodes keyindex                   the grammar and the line nodes it yields
    schema     kinds.schema                             what a kind declares about its keys
    model      document parser                          bytes parsed into a lossless Document
    kinds      kinds                                    the six file kinds and their accessors
    api        __init__ api edits listing usage         load/loads; edits; show; option checks
    findings   findings                                 Diagnostic, Fix, Severity
    domain     estate padrlog                           the DR estate, a change, padr.log
    rules      rules                                    the checks: document, estate, change
    lint       lint                                     run rules over files, config, output
    fixing     fixing                                   plan, verify and write fixes
    drill      drill                                    cross-host runbooks, status, record
    report     report                                   the HTML report
    cli        cli __main__                             arguments in, exit code out
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
