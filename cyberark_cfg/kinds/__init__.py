"""The file kinds, by name, and how a file's kind is recognised: by its name first, then by
the keys it contains."""

from __future__ import annotations

import os
import re
from fnmatch import translate
from functools import lru_cache
from pathlib import PurePath

from cyberark_cfg.errors import UsageError
from cyberark_cfg.grammar import key_line
from cyberark_cfg.kinds import cred, dbparm, padr, psm, tsparm, vault
from cyberark_cfg.kinds.schema import KeySpec, Kind

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND for module in (padr, vault, psm, cred, tsparm, dbparm)
}

# A credential file starts with `CredFileType=` (after an optional BOM).
_CRED_START = re.compile(r"\A\ufeff?\s*CredFileType[ \t]*=", re.IGNORECASE)


def get_kind(name: str) -> Kind:
    """The kind called ``name`` in any case; :class:`UsageError` naming the known kinds
    otherwise (the one wording of an unknown kind, for `--kind` and the library alike)."""
    kind = KINDS.get(name.strip().lower())
    if kind is None:
        raise UsageError(f"unknown kind {name!r}; known kinds: {', '.join(KINDS)}")
    return kind


# Each kind's file-name patterns as one expression (fnmatch's own translation, so the
# matching is fnmatchcase's): a folder walk asks this once per file.
_FILENAMES = [(re.compile("|".join(translate(pattern) for pattern in kind.filenames)),
               kind) for kind in KINDS.values() if kind.filenames]


def kind_by_filename(path: str | PurePath) -> Kind | None:
    text = os.fspath(path)
    name = (os.path.basename(text) if not text.endswith(("/", os.sep)) else PurePath(text).name
            ).lower()
    return _kind_named(name)


@lru_cache(maxsize=4096)
def _kind_named(name: str) -> Kind | None:
    """The kind of a lower-cased file name: an estate repeats a few names thousands of times."""
    for pattern, kind in _FILENAMES:
        if pattern.match(name):
            return kind
    return None


def kind_by_content(text: str) -> Kind | None:
    """Guess from the keys present: the one kind whose marker keys appear most."""
    if _CRED_START.match(text):
        return KINDS["cred"]
    keys = {match.group(1).lower() for match in key_line().finditer(text[:65536])}
    scores = sorted(((len(keys.intersection(kind.markers)), kind.name) for kind in KINDS.values()),
                    reverse=True)
    (best, name), (second, _) = scores[0], scores[1]
    return KINDS[name] if best > second else None


__all__ = ["KINDS", "KeySpec", "Kind", "get_kind", "kind_by_content", "kind_by_filename"]
