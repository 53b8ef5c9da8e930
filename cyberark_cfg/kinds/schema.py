"""The declarative shape of a file kind: how to recognise it and what its keys mean.

A kind module fills in one :class:`Kind`: file-name patterns, keys that betray it by content,
known keys with their types, which keys hold secrets, and which keys the product writes itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cyberark_cfg.secrecy import Policy, declare
from cyberark_cfg.values import ValueType

SPELLINGS = 4096  # spellings Kind.spec remembers (a file of random keys starts over)


@dataclass(frozen=True)
class KeySpec:
    """One known key of a kind."""

    name: str
    type: ValueType = ValueType.STRING
    secret: bool = False
    product_written: bool = False
    required: bool = False
    quoted: bool = False
    summary: str = ""
    # One line per value by design (dbparm.ini AllowNonStandardFWAddresses): a second line is
    # another value, not a duplicate (CFG003 skips it).
    repeatable: bool = False


@dataclass(frozen=True)
class Kind:
    """A file kind: `padr`, `vault`, `psm`, `cred`, `tsparm` or `dbparm`."""

    name: str
    title: str
    filenames: tuple[str, ...]
    keys: tuple[KeySpec, ...]
    markers: tuple[str, ...] = ()
    descriptions: bool = False
    # False when only a subset of the product's keys is modelled (no complete file of the kind
    # is public): unknown keys are then reported only when they look like a misspelt known key.
    complete: bool = True
    # True for credential files, which hold nothing but a few known fields around their
    # secrets: a key we do not know there may be key material, so its value is never shown.
    unknown_keys_secret: bool = False
    document_class: type = object
    _by_key: dict[str, KeySpec] = field(default_factory=dict, init=False, repr=False,
                                        compare=False)
    # `spec` answers by the key's exact spelling first: a fleet spells its keys the same way
    # in every file, and three rules ask about every entry (bounded, see SPELLINGS).
    _by_spelling: dict[str, KeySpec | None] = field(default_factory=dict, init=False,
                                                    repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update({spec.name.lower(): spec for spec in self.keys})
        declare([spec.name for spec in self.keys if spec.secret],
                [spec.name for spec in self.keys] if self.unknown_keys_secret else ())

    def spec(self, key: str) -> KeySpec | None:
        """The known key spelled any way, or None."""
        try:
            return self._by_spelling[key]
        except KeyError:
            found = self._by_spelling[key] = self._by_key.get(key.strip().lower())
            if len(self._by_spelling) > SPELLINGS:
                self._by_spelling.clear()
            return found

    def is_secret(self, key: str) -> bool:
        """Declared secret, or a key that may hold one (:mod:`cyberark_cfg.secrecy`)."""
        return Policy(self).is_secret(key)

    @property
    def secret_keys(self) -> frozenset[str]:
        return frozenset(spec.name.lower() for spec in self.keys if spec.secret)
