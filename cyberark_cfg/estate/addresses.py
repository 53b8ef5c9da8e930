"""A component's Vault.ini ADDRESS list judged against the topology: which vault each entry
belongs to, whether the component's own vault comes first (DR003), which vaults it fails to
list (DR004), which entries belong to no vault (DR005), and the list that fixes DR003/DR004.

Clients try the entries in order and use the first vault that answers (cyberark-formats.md
section 3), so order is the whole point: a DR-site PVWA lists the DR vault first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberark_cfg.document import Document
from cyberark_cfg.edits import ReplaceList
from cyberark_cfg.estate.roles import CPM, file_role, first_vault, required_vaults
from cyberark_cfg.estate.topology import Component, Topology, Vault
from cyberark_cfg.findings import Fix
from cyberark_cfg.values import parse_address_list

if TYPE_CHECKING:
    # Annotations only: the estate model imports the rules' base types.
    from cyberark_cfg.estate.model import ComponentFile, Estate


@dataclass(frozen=True)
class AddressReview:
    """What the estate rules need to know about one ADDRESS list."""

    own: Vault  # the vault expected first (the site's own, or the active one)
    current: tuple[str, ...]
    first_is_own: bool
    missing: tuple[Vault, ...]
    unknown: tuple[str, ...]
    desired: tuple[str, ...]  # reordered and completed; equals current when nothing is wrong
    line: int
    column: int
    role: str | None = None


def review_addresses(topology: Topology, component: Component, document: Document,
                     role: str | None = None) -> AddressReview | None:
    """Judge a component Vault.ini's ADDRESS; None when it has no ADDRESS (a per-file matter).
    ``role`` (estate.roles) decides the vault expected first and the vaults required."""
    entry = document.entry("ADDRESS")
    if entry is None:
        return None
    current = tuple(parse_address_list(entry.value))
    listed = [a for a in current if a]
    own = first_vault(topology, component, role)
    first_is_own = bool(listed) and own.answers_on(listed[0])
    represented = {v.name for a in listed if (v := topology.owner_of(a)) is not None}
    missing = tuple(topology.vault(name)
                    for name in required_vaults(topology, component, role, own)
                    if name not in represented)
    unknown = tuple(a for a in listed if topology.owner_of(a) is None)
    desired = tuple(listed) if (missing or not first_is_own) else current
    if not first_is_own:
        # Own vault's entries to the front, in their order; the rest keep theirs.
        own_entries = [a for a in listed if own.answers_on(a)] or [own.addresses[0]]
        desired = (*own_entries, *(a for a in listed if not own.answers_on(a)))
    if role == CPM:
        # A CPM lists the active vault only: the fix repoints it rather than adding a vault.
        desired = tuple(a for a in desired if own.answers_on(a)) or (own.addresses[0],)
        if desired == tuple(listed) and len(listed) == len(current):
            desired = current
    added = [v.addresses[0] for v in missing if v.name != own.name]
    if added:
        # "Add the missing vault after its own site's": after the last own-vault entry.
        last_own = max(i for i, a in enumerate(desired) if own.answers_on(a))
        desired = (*desired[:last_own + 1], *added, *desired[last_own + 1:])
    return AddressReview(own, current, first_is_own, missing, unknown, desired,
                         entry.lineno, entry.value_column, role)


def component_reviews(estate: Estate) -> Iterator[tuple[ComponentFile, AddressReview]]:
    """Every component Vault.ini of the estate that has an ADDRESS, with its review."""
    for item in estate.components:
        if item.document.kind == "vault":
            role = file_role(estate.topology, item.component, item.path)
            review = review_addresses(estate.topology, item.component, item.document, role)
            if review is not None:
                yield item, review


def address_fix(review: AddressReview, title: str) -> Fix:
    """DR003 and DR004 carry the same, complete list: applying one or both gives one result."""
    return Fix(title, (ReplaceList("ADDRESS", review.desired),))
