"""Secrets beyond the keys a kind declares: misspelt secret keys, and keys that may carry one.

A kind names its secret keys (cyberark-formats.md section 6, and Vault.ini's PROXYPASSWORD), but
files are typed by hand: `Pasword=...` or `PROXYPASWORD=...` hold the same clear-text secret, and
the product ignoring the key does not make the value less secret. So an unknown key that reads
like a password is treated as secret too. A broken line can also push a secret into the key
itself (`PROXYPASSWORD hunter2=`, a wrapped line of key material ending in base64 `==`), so keys
that are printed go through :func:`printable_key` first.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Protocol


class KeyCatalogue(Protocol):
    """What :func:`printable_key` needs of a kind (:class:`~cyberark_cfg.kinds.schema.Kind`),
    which sits above this module and imports it."""

    @property
    def unknown_keys_secret(self) -> bool: ...

    def spec(self, key: str) -> object | None: ...

# The secret keys the kinds declare, lower-cased and without separators (a test keeps this in
# step with the kinds). Listed here rather than read from the kinds, which import this module.
DECLARED = ("password", "newpassword", "proxypassword", "privatekey", "additionalinformation")
# Words that make any key a secret's key, whatever else it says ("DRUserPassword", "ApiToken").
WORDS = ("pass", "pwd", "secret", "privatekey", "token", "apikey", "additionalinfo")
# How close a key must be to a declared one to be its misspelling: one or two wrong letters in
# `password` (0.93 for `pasword`), `AdditionalInfo` (0.8), but not `Username` or `PORT`.
NEAR = 0.8

HIDDEN_KEY = "<key not shown>"
# A key as people write them: a name of letters, digits and `_ . -`, at most one space inside.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*(?: [A-Za-z0-9_.\-]+)?")
# Key material (hex, base64) is long and full of digits; real keys have at most a few digits,
# and split into few CamelCase words (at most a third of their length: `OSUser`, `MTU`), where
# random letters fall apart into many short pieces.
MAX_KEY_LENGTH = 40
MAX_KEY_DIGITS = 3
_PIECE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _squeezed(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def looks_secret(key: str) -> bool:
    """Whether an undeclared key should be treated as holding a secret."""
    name = _squeezed(key)
    if not name:
        return False
    if any(word in name for word in WORDS):
        return True
    return any(SequenceMatcher(None, name, known).ratio() >= NEAR for known in DECLARED)


def _like_key_material(text: str) -> bool:
    if len(text) > MAX_KEY_LENGTH or sum(c.isdigit() for c in text) > MAX_KEY_DIGITS:
        return True
    return len(text) >= 10 and len(_PIECE.findall(text)) > len(text) / 3


def printable_key(key: str, kind: KeyCatalogue | None = None) -> str:
    """``key`` as it may be printed, or a placeholder when it may hold part of a secret.

    A key is printed when it is shaped like a name (see ``_NAME``), does not look like key
    material, and, when it reads like a password key, is one word (the rest of
    `PROXYPASSWORD hunter2` would be the password). In a ``kind`` whose unknown keys are secret
    (credential files), only the kind's own keys are printed.
    """
    text = key.strip()
    if kind is not None and kind.unknown_keys_secret and kind.spec(text) is None:
        return HIDDEN_KEY
    if not _NAME.fullmatch(text) or _like_key_material(text):
        return HIDDEN_KEY
    if " " in text and looks_secret(text):
        return HIDDEN_KEY
    return text
