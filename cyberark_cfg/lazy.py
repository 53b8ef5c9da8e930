"""A package's public names, imported from their modules on first use (PEP 562): a cold
`cfgtool lint` then pays only for the modules it runs. ``writing`` and ``fixing`` use it."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def exports(package: str, module_of: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: ``name`` from ``package.<module_of[name]>``."""

    def __getattr__(name: str) -> object:
        if name not in module_of:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module_of[name]}"), name)

    return __getattr__
