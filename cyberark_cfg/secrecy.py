"""Which values may be secret, and the :class:`Secret` type that holds them from parse time on.

A kind names its secret keys (cyberark-formats.md sections 1 and 6), but files are typed by
hand: `Pasword=`, `PROXYPW=` or `HSMPinCode=` hold secrets too, a lost line break glues
`Password=...` onto the line before it, and a credential file read as another kind still holds
key material under keys that kind does not know. A :class:`Policy` decides per entry when the
file is parsed; the entry's value is then a :class:`Secret`, which prints as ``<redacted>``
everywhere (``str``, ``repr``, f-strings, ``join``, JSON) and gives its text only to
:meth:`Secret.reveal`. Keys and section names that are printed go through
:meth:`Policy.key` and :meth:`Policy.section` first, since a broken line can push a secret into
the key itself (`PROXYPASSWORD hunter2=`, a wrapped line of base64 key material).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any, Protocol

from cyberark_cfg.values import ValueType


class KeySpecLike(Protocol):
    """What the policy reads of a known key (:class:`~cyberark_cfg.kinds.schema.KeySpec`)."""

    @property
    def secret(self) -> bool: ...

    @property
    def type(self) -> ValueType: ...


class KeyCatalogue(Protocol):
    """What the policy needs of a kind (:class:`~cyberark_cfg.kinds.schema.Kind`), which sits
    above this module and imports it."""

    @property
    def unknown_keys_secret(self) -> bool: ...

    def spec(self, key: str) -> KeySpecLike | None: ...


REDACTED = "<redacted>"
HIDDEN_KEY = "<key not shown>"
HIDDEN_SECTION = "<section not shown>"

# Words that make any key a secret's key, whatever else it says ("DRUserPassword", "ApiToken").
WORDS = ("pass", "pwd", "secret", "privatekey", "privkey", "prvkey", "keymaterial", "token",
         "apikey", "additionalinfo")
# Short words that count only as a whole piece of the name (`HSMPinCode`, `PIN_CODE`) or at its
# end (`PROXYPW`, `HSMPIN`): inside a word they are something else (`Mapping`, `PWVA`).
SHORT = ("pw", "pin", "pincode")
_WORD = re.compile("|".join(WORDS))
_SHORT_PIECES = frozenset(SHORT)
# How close a key must be to a declared one to be its misspelling: one or two wrong letters in
# `password` (0.93 for `pasword`), `AdditionalInfo` (0.8), but not `Username` or `PORT`.
NEAR = 0.8

# A key as people write them: a name of letters, digits and `_ . -`, at most one space inside.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*(?: [A-Za-z0-9_.\-]+)?")
# Key material (hex, base64) is long and full of digits; real keys have at most a few digits,
# and split into few CamelCase words (at most a third of their length: `OSUser`, `MTU`), where
# random letters fall apart into many short pieces.
MAX_KEY_LENGTH = 40
MAX_KEY_DIGITS = 3
_PIECE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# Any of these anywhere in a file makes it a credential file for secrecy, whatever kind it was
# read as (`--kind padr` on a user.ini): its unknown keys and section names are then hidden.
_CRED_MARKER = re.compile(r"credfile(?:type|version)|verificationsflag", re.IGNORECASE)
_CRED_MARKERS = ("credfiletype", "credfileversion", "verificationsflag")


def _has_cred_marker(text: str) -> bool:
    """Whether ``text`` holds a credential file's marker (``_CRED_MARKER``). ASCII text, the
    common case, is searched lower-cased without the regular expression: the same answer
    (case-insensitive matching of ASCII text folds only ASCII letters), several times faster."""
    if text.isascii():
        lowered = text.lower()
        return any(marker in lowered for marker in _CRED_MARKERS)
    return _CRED_MARKER.search(text) is not None


# A value with more `=` than this is judged secret whole rather than `Key=` by `Key=`: no real
# value has so many, and judging each would make one hostile line cost minutes.
MAX_GLUED = 64


class Secret(str):
    """A value that may be secret: as a string it *is* ``<redacted>``; :meth:`reveal` gives it.

    Being a ``str`` whose characters are the placeholder, it cannot leak through any output
    path (formatting, concatenation, ``join``, ``json.dumps``, a traceback's locals). Two
    secrets compare by their hidden text.
    """

    _hidden: str

    def __new__(cls, value: str) -> Secret:
        made = super().__new__(cls, REDACTED)
        made._hidden = value
        return made

    def reveal(self) -> str:
        """The secret text itself: call only to print it on request (``get --reveal``)."""
        return self._hidden

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return self._hidden == other._hidden
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (Secret, (self._hidden,))


class Sealed(bytes):
    """A file's bytes, which may hold secrets: ``repr`` and ``str`` give only the length (a
    traceback's locals, a dataclass's repr), everything else is plain ``bytes``."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes, not shown>"

    __str__ = __repr__


def seal(data: bytes) -> Sealed:
    """``data`` as :class:`Sealed` bytes (copied only when it is not already)."""
    return data if isinstance(data, Sealed) else Sealed(data)


def reveal(value: str) -> str:
    """The text of ``value``: a :class:`Secret`'s hidden text, any other string as it is."""
    return value.reveal() if isinstance(value, Secret) else value


_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]")


def _squeezed(key: str) -> str:
    """``key`` lower-cased, with only its ASCII letters and digits."""
    lowered = key.lower()
    if lowered.isascii() and lowered.isalnum():  # most keys and values: nothing to take out
        return lowered
    return _NOT_LETTER_OR_DIGIT.sub("", lowered)


# Filled by each kind as it is built (kinds.schema.Kind calls :func:`declare`): this module
# sits below the kinds, so they tell it their keys rather than it importing them.
_DECLARED: set[str] = set()
_CREDENTIAL_FIELDS: set[str] = set()


def declare(secret_keys: Iterable[str], credential_fields: Iterable[str] = ()) -> None:
    """Record a kind's declared secret keys (and, for credential files, all their fields)."""
    _DECLARED.update(_squeezed(key) for key in secret_keys)
    looks_secret.cache_clear()  # judged against the declared keys: judge again
    _CREDENTIAL_FIELDS.update(key.strip().lower() for key in credential_fields)
    _SHARED.clear()  # judged against fewer declared keys


# Whether a key is secret, as :class:`Policy` judged it, shared by every document of one kind
# and credential flag: parsing a fleet asks about the same few keys in every file. Keyed by the
# kind's identity (the kind is kept with the table, so the identity is not reused); a table is
# emptied when it reaches SHARED_MAX keys, so a file of 900,000 distinct keys cannot make it
# grow without end.
_SHARED: dict[tuple[int, bool], tuple[object, dict[str, bool]]] = {}
SHARED_MAX = 4096


def _shared_table(kind: object, credential: bool) -> dict[str, bool]:
    found = _SHARED.get((id(kind), credential))
    if found is None or found[0] is not kind:
        found = _SHARED[(id(kind), credential)] = (kind, {})
    return found[1]


def __getattr__(name: str) -> object:
    if name == "DECLARED":  # computed from the kinds, as they declare themselves
        return tuple(sorted(_DECLARED))
    raise AttributeError(name)


def says_secret(key: str) -> bool:
    """Whether a key's name says it holds a secret (a password, PIN, secret or key material)."""
    name = _squeezed(key)
    if not name:
        return False
    if _WORD.search(name) or name.endswith(SHORT):
        return True
    # A piece that is a short word leaves its letters together in the squeezed name.
    if "pw" not in name and "pin" not in name:
        return False
    return not _SHORT_PIECES.isdisjoint(piece.lower() for piece in _PIECE.findall(key))


@functools.lru_cache(maxsize=1 << 14)
def looks_secret(key: str) -> bool:
    """Whether an undeclared key should be treated as holding a secret (its name says so, or
    it is a near miss of a declared secret key)."""
    if says_secret(key) or not key.isascii():
        # Real keys are ASCII: a look-alike letter (Cyrillic `Р`), a zero-width character or a
        # BOM inside a key is a disguise, or damage next to a secret.
        return True
    name = _squeezed(key)
    return bool(name) and _near_declared(name)


def _near_declared(name: str) -> bool:
    """A near miss of a declared secret key. The letters two names share bound their
    similarity ratio from above, so most names are ruled out before the full comparison (which,
    run on every key, made a 4 MB file's parse take a minute); the bound costs the same for
    every name, so work stays proportional to the keys."""
    for known in _DECLARED:
        shared = sum(min(name.count(letter), count) for letter, count in _letters(known))
        if 2 * shared < NEAR * (len(name) + len(known)):
            continue
        if SequenceMatcher(None, name, known).ratio() >= NEAR:
            return True
    return False


@functools.cache
def _letters(known: str) -> tuple[tuple[str, int], ...]:
    return tuple(Counter(known).items())


def glued_secret(value: str) -> bool:
    """Whether a value holds a second `Key=` whose key reads like a secret's: the line break
    before `Password=` was lost, so the whole line is treated as secret. The text before each
    `=` is judged once (a pattern scanning for `Key=` from every position took 12 s on an
    80 KB line)."""
    if "=" not in value:
        return False
    parts = value.split("=", MAX_GLUED + 1)
    if len(parts) > MAX_GLUED + 1:
        return True
    return any(_ends_like_secret_key(part.rstrip(" \t")) for part in parts[:-1])


def _ends_like_secret_key(text: str) -> bool:
    """Whether ``text``, or one of its endings, reads like a secret key. The lost value runs
    into the key with no break (`HTTPPrivateKy`), and a misspelling is a near miss only of the
    key's own letters, so each ending up to the longest declared key (and a few letters more)
    is judged too: a bounded number of short comparisons, whatever the value's length."""
    text = _ascii_skeleton(text)
    if not text:
        return False
    longest = max(map(len, _DECLARED), default=0) + 4
    tail = text[-longest:]
    if says_secret(text) or looks_secret(tail):
        return True
    return any(looks_secret(tail[start:]) for start in range(1, len(tail) - 2))


_ASSIGNMENT = re.compile("[=:]")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def redact_assignments(text: str) -> str:
    """Free text (a logged message) with the value of each `Key=value` or `Key: value` whose
    key reads like a secret's replaced by ``<redacted>``: the value runs to the next space. The
    key is the word before the `=` or `:` (at most 64 characters back); each `=` and `:` is
    looked at once and each word judged once, so a long line costs linear time, and past
    ``MAX_GLUED * 4`` different words the rest of the text is hidden whole."""
    if "=" not in text and ":" not in text:
        return text
    parts: list[str] = []
    done = 0  # text before this is copied or replaced
    judged: dict[str, bool] = {}
    for match in _ASSIGNMENT.finditer(text):
        at = match.start()
        if at < done:
            continue
        end_of_word = at
        while end_of_word > done and text[end_of_word - 1] in " \t":
            end_of_word -= 1
        start = end_of_word
        while (start > done and end_of_word - start < 64
               and (text[start - 1] in _WORD_CHARS or not text[start - 1].isascii())
               and not text[start - 1].isspace()):
            start -= 1
        if start == end_of_word:
            continue
        word = text[start:end_of_word]
        secret = judged.get(word)
        if secret is None:
            if len(judged) >= MAX_GLUED * 4:
                return "".join(parts) + text[done:start] + REDACTED
            secret = judged[word] = _ends_like_secret_key(word)
        if not secret:
            continue
        value = at + 1
        while value < len(text) and text[value] in " \t":
            value += 1
        stop = value
        while stop < len(text) and not text[stop].isspace():
            stop += 1
        if stop > value:
            parts += [text[done:value], REDACTED]
            done = stop
    return "".join(parts) + text[done:] if parts else text


# Cyrillic and Greek letters that look like Latin ones, as a disguised key would use them.
_LOOK_ALIKES = str.maketrans("аеорсухіѕјԁԛԝАВЕКМНОРСТХЅІЈαορκντΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
                             "aeopcyxisjdqwABEKMHOPCTXSIJaopkvtABEZHIKMNOPTYX")


def _ascii_skeleton(text: str) -> str:
    """``text`` as a reader sees it, in ASCII: full-width forms folded (NFKC), invisible
    characters (zero-width, BOM, soft hyphen) dropped, Cyrillic and Greek look-alikes read as
    the Latin letters they mimic, any other character dropped. A glued `DRРasswd=` (Cyrillic
    `Р`) reads `DRPasswd`; `"Demo Vault"üFailoverMode=` reads `"Demo Vault"FailoverMode`."""
    if text.isascii():
        return text
    import unicodedata

    folded = "".join(char for char in unicodedata.normalize("NFKC", text)
                      if unicodedata.category(char) != "Cf")
    return folded.translate(_LOOK_ALIKES).encode("ascii", "ignore").decode("ascii")


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
    return Policy(kind).key(key)


class Policy:
    """The secrecy rules of one document: its kind, and whether it holds credential-file data
    (then keys the kind does not know, comments and section names are all hidden)."""

    __slots__ = ("kind", "credential", "_cache", "_shared", "_shown")

    def __init__(self, kind: KeyCatalogue | None, credential: bool = False) -> None:
        self.kind = kind
        self.credential = credential or bool(kind is not None and kind.unknown_keys_secret)
        self._cache: dict[str, bool] = {}  # this document's keys: judged once whatever else
        self._shared = _shared_table(kind, self.credential)
        self._shown: dict[str, str] = {}

    @classmethod
    def for_text(cls, kind: KeyCatalogue | None, text: str) -> Policy:
        """The policy for a file of ``kind`` holding ``text`` (credential data in any kind)."""
        credential = bool(kind is not None and kind.unknown_keys_secret)
        return cls(kind, credential or _has_cred_marker(text))

    def is_secret(self, key: str) -> bool:
        """Whether values of ``key`` are secret in this document."""
        found = self._cache.get(key)
        if found is None:
            found = self._shared.get(key)
            if found is None:
                if len(self._shared) >= SHARED_MAX:
                    self._shared.clear()
                found = self._shared[key] = self._judge(key)
            self._cache[key] = found
        return found

    def _judge(self, key: str) -> bool:
        spec = self.kind.spec(key) if self.kind is not None else None
        if spec is not None:
            # A declared key is secret when declared so, or when its name says so and its
            # value is not a file name (dbparm.ini's ServerPrivateKey is a key file's path).
            return spec.secret or (says_secret(key) and spec.type is not ValueType.PATH)
        # A key too odd to print (key material, not shaped like a name, over 40 characters:
        # text glued in front of `PrivateKy` by a lost line break) does not show its value.
        return self.credential or looks_secret(key) or self.key(key) == HIDDEN_KEY

    def entry_is_secret(self, key: str, value: str) -> bool:
        """Whether an entry is secret: by its key, or by a second secret `Key=` in its value."""
        return self.is_secret(key) or glued_secret(value)

    def named_secret(self, key: str, value: str) -> bool:
        """Whether an entry is secret by what its key or a glued `Key=` says (a password, a
        PIN, key material), not only because its key is too odd to show: only such a secret
        can be wrapped onto the next line."""
        spec = self.kind.spec(key) if self.kind is not None else None
        if spec is not None:
            return spec.secret or says_secret(key) or glued_secret(value)
        return looks_secret(key) or glued_secret(value)

    def glued_line(self, key: str, value: str) -> bool:
        """Whether an entry's value holds a second, secret `Key=` (a lost line break): then the
        line is secret whole, and a key the kind does not know is hidden too, since the text
        before the first `=` may be the lost line's own secret (`<secret>=Password=...`)."""
        if not glued_secret(value):
            return False
        if self.kind is None or self.kind.spec(key) is None:
            self.hide(key)
        return True

    def hide(self, key: str) -> None:
        """Hide ``key`` wherever it is printed, and its values on every line: a key shown as
        hidden never shows a value (the parser marks the lines read before as well)."""
        self._cache[key] = True
        self._shown[key] = HIDDEN_KEY

    def hidden(self, key: str) -> bool:
        """Whether ``key`` was hidden by :meth:`hide` (or by a wrapped secret)."""
        return self._shown.get(key) == HIDDEN_KEY and self._cache.get(key) is True

    def wrapped_secret(self, key: str) -> bool:
        """Whether an entry right after a secret entry, under ``key``, is the rest of that
        secret wrapped onto a line of its own (base64 ending in `==` reads as `Key=`): so when
        the kind does not know the key. It is then secret, and so is its key wherever it is
        printed."""
        if self.kind is not None and self.kind.spec(key) is not None:
            return False
        self.hide(key)
        return True

    def key(self, key: str) -> str:
        """``key`` as it may be printed (see :func:`printable_key`); remembered per spelling,
        since a file of 900,000 duplicate keys asks 900,000 times."""
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = self._printable(key)
        return shown

    def _printable(self, key: str) -> str:
        text = key.strip()
        if self.credential and text.lower() not in _CREDENTIAL_FIELDS:
            return HIDDEN_KEY
        if not _NAME.fullmatch(text) or _like_key_material(text):
            return HIDDEN_KEY
        if " " in text and (looks_secret(text) or any(map(looks_secret, text.split()))):
            return HIDDEN_KEY  # `PROXYPASSWORD hunter2`, `[HSMPIN hunter]`: a key, its value
        return text

    def section(self, name: str) -> str:
        """A section name as it may be printed (never in a credential file, which has none)."""
        return HIDDEN_SECTION if self.credential else self.key(name)
