"""The DR estate as a whole: a topology file naming the vaults, sites and component files,
the estate loaded from it, and the pair's state per the founding document's table.

The estate rules live in :mod:`cyberark_cfg.rules.estate`, above this package;
:mod:`cyberark_cfg.lint.estate` runs them and :mod:`cyberark_cfg.lint.change` checks a change.
"""

from cyberark_cfg.estate.model import Estate, load_estate
from cyberark_cfg.estate.state import StateReport, decide, estate_report, pair_report
from cyberark_cfg.estate.topology import Topology, TopologyError, load_topology

__all__ = [
    "Estate",
    "StateReport",
    "Topology",
    "TopologyError",
    "decide",
    "estate_report",
    "load_estate",
    "load_topology",
    "pair_report",
]
