"""The declarative shape of a file kind: how to recognise it and what its keys mean.

A kind module fills in one :class:`Kind`: file-name patterns, keys that betray it by content,
known keys with their types, which keys hold secrets, and which keys the product writes itself.
Neither is a dataclass: defining the two cost a cold `cfgtool lint FILE` about 5% of its time.
"""

from typing import NamedTuple

from cyberark_cfg.secrecy import Policy, declare
from cyberark_cfg.values import ValueType

SPELLINGS = 4096  # spellings Kind.spec remembers (a file of random keys starts over)


class KeySpec(NamedTuple):
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


class Kind:
    """A file kind: `padr`, `vault`, `psm`, `cred`, `tsparm` or `dbparm` (one object each,
    never changed once made)."""

    def __init__(self, *, name: str, title: str, filenames: tuple[str, ...],
                 keys: tuple[KeySpec, ...], markers: tuple[str, ...] = (),
                 descriptions: bool = False, complete: bool = True,
                 unknown_keys_secret: bool = False, document_class: type = object) -> None:
        self.name = name
        self.title = title
        self.filenames = filenames
        self.keys = keys
        self.markers = markers
        self.descriptions = descriptions
        # False when only a subset of the product's keys is modelled (no complete file of the
        # kind is public): unknown keys are then reported only when they look like a misspelt
        # known key.
        self.complete = complete
        # True for credential files, which hold nothing but a few known fields around their
        # secrets: a key we do not know there may be key material, so its value is never shown.
        self.unknown_keys_secret = unknown_keys_secret
        self.document_class = document_class
        self._by_key = {spec.name.lower(): spec for spec in keys}
        # `spec` answers by the key's exact spelling first: a fleet spells its keys the same
        # way in every file, and three rules ask about every entry (bounded, see SPELLINGS).
        self._by_spelling: dict[str, KeySpec | None] = {}
        declare([spec.name for spec in keys if spec.secret],
                [spec.name for spec in keys] if unknown_keys_secret else ())

    def __repr__(self) -> str:
        return f"Kind(name={self.name!r})"

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
