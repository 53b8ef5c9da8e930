"""`--first ADDRESS` for Vault.ini: put one vault address at the head of the ADDRESS list.

Clients try the addresses in order and use the first that answers, so during a failover the
components are pointed at the surviving vault by moving it first (cyberark-formats.md section 3).
"""

from __future__ import annotations

from cyberark_cfg.document import Document
from cyberark_cfg.edits import Edit, ReplaceList
from cyberark_cfg.errors import EditError
from cyberark_cfg.values import parse_address_list

KEY = "ADDRESS"


def check_address(address: str) -> str:
    """The address trimmed, or :class:`EditError` when it cannot be one list entry."""
    text = address.strip()
    if not text or any(c in text for c in ",=\"'\r\n\t ") or text[0] in "#;[":
        raise EditError("--first needs one address: no commas, spaces, quotes or `=`")
    return text


def plan_first_address(document: Document, address: str) -> tuple[Edit, ...]:
    """Move ``address`` (compared in any case) to the head, or insert it there.

    The other entries keep their order; another copy of the same address further down goes, since
    it would only be tried again. An ADDRESS already headed by it (with no second copy) is left
    alone; an absent ADDRESS is added holding just this address.
    """
    wanted = check_address(address)
    found = document.entries(KEY)
    if len(found) > 1:
        raise EditError("ADDRESS appears more than once; which copy the component reads is "
                        "unknown, so resolve the duplicate first", path=document.path)
    current = parse_address_list(found[0].value) if found else []
    rest = [item for item in current if item.lower() != wanted.lower()]
    head = next((item for item in current if item.lower() == wanted.lower()), wanted)
    items = [head, *rest]
    if items == current:
        return ()
    return (ReplaceList(KEY, tuple(items)),)
