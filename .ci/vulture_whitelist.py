"""What vulture (the dead-code check in .ci/run) cannot see used: public API read by scripts,
attributes the report's Jinja templates read, and a helper only tests call. Each name here is
used; anything vulture reports that is not here is dead and goes."""
# ruff: noqa

from cyberark_cfg.document import Document
from cyberark_cfg.estate.topology import Topology
from cyberark_cfg.kinds.dbparm import DbparmFile
from cyberark_cfg.kinds.padr import PadrFile
from cyberark_cfg.kinds.psm import PsmFile
from cyberark_cfg.kinds.tsparm import TsparmFile
from cyberark_cfg.kinds.vault import VaultFile
from cyberark_cfg.nodes import Entry
from cyberark_cfg.report.layout import PlacedArrow
from cyberark_cfg.report.model import Page
from cyberark_cfg.report.picture import Node, VaultBox
from cyberark_cfg.values import to_epoch_us

# Library API (README "Library": typed accessors and document state).
Document.ok
PadrFile.enable_failover, PadrFile.enable_replicate, PadrFile.enable_dbsync
PadrFile.activate_manual_failover, PadrFile.next_binary_log_number, PadrFile.has_position_keys
VaultFile.vault_name, PsmFile.server_id, TsparmFile.safes_directory
DbparmFile.backup_files_deletion
Entry.description
Topology.dr_vaults
to_epoch_us  # the inverse of parse_epoch_us, for scripts and tests

# Read by the report's templates (cyberark_cfg/report/templates/*.j2).
Page.generated, Page.version, Page.state_reason, Page.state_level, Page.other_findings
Page.service_rows, Page.service_short
PlacedArrow.label_x, PlacedArrow.label_y
VaultBox.conflict
Node.grouped, Node.tally

# typer: the root callback's --version parameter; click reads `possibilities` off its error.
version = None
_.possibilities

# The keyword parameters of the fixing.present.Echo protocol (typer.echo's): a protocol's
# method has no body to use them in; its callers pass them.
_.err, _.nl
