"""padr.ini: the Vault Disaster Recovery service's settings and replication position.

Sources: cyberark-formats.md section 2 (blog's state table, KB 000004199 and 000004249).
`[MAIN]` may or may not be present; PADR appends the two position keys at the end of the file.
"""

from __future__ import annotations

from datetime import datetime

from cyberark_cfg.document import Document
from cyberark_cfg.kinds.schema import KeySpec, Kind
from cyberark_cfg.values import ValueType, parse_epoch_us

B, INT = ValueType.BOOL, ValueType.INT

POSITION_KEYS = ("NextBinaryLogNumberToStartAt", "LastDataReplicationTimestamp")


class PadrFile(Document):
    """padr.ini with typed accessors for the DR switches."""

    @property
    def failover_mode(self) -> bool | None:
        return self.typed("FailoverMode", expect=bool)

    @property
    def enable_failover(self) -> bool | None:
        return self.typed("EnableFailover", expect=bool)

    @property
    def enable_replicate(self) -> bool | None:
        return self.typed("EnableReplicate", expect=bool)

    @property
    def enable_dbsync(self) -> bool | None:
        return self.typed("EnableDBSync", expect=bool)

    @property
    def activate_manual_failover(self) -> bool | None:
        return self.typed("ActivateManualFailover", expect=bool)

    @property
    def next_binary_log_number(self) -> int | None:
        return self.typed("NextBinaryLogNumberToStartAt", expect=int)

    @property
    def last_data_replication(self) -> datetime | None:
        """`LastDataReplicationTimestamp` as an aware UTC datetime (None if absent or bad)."""
        value = self.get("LastDataReplicationTimestamp")
        try:
            return parse_epoch_us(value) if value is not None else None
        except ValueError:
            return None

    @property
    def has_position_keys(self) -> bool:
        return any(self.entries(key) for key in POSITION_KEYS)


KIND = Kind(
    name="padr",
    title="padr.ini (Vault Disaster Recovery)",
    filenames=("padr.ini",),
    markers=("failovermode", "enablereplicate", "enablefailover", "activatemanualfailover",
             "nextbinarylognumbertostartat", "lastdatareplicationtimestamp", "enabledbsync",
             "enablecheck", "checkretriescount"),
    # The data-replication interval key has no public name: the list is not complete, so an
    # unknown key is reported only as a near miss of a known one (cyberark-formats.md 2).
    complete=False,
    document_class=PadrFile,
    keys=(
        KeySpec("EnableCheck", B, summary="periodic availability checks of the production vault"),
        KeySpec("EnableReplicate", B, summary="replicate from the production vault"),
        KeySpec("EnableFailover", B, summary="fail over automatically when production is down"),
        KeySpec("EnableDBSync", B, summary="synchronise DB metadata with the Safe files first"),
        KeySpec("FailoverMode", B, summary="No: standby replica; Yes: this vault is active"),
        KeySpec("ActivateManualFailover", B, summary="one-shot trigger for a manual failover"),
        KeySpec("CheckRetriesCount", INT, summary="failed checks before automatic failover"),
        KeySpec("CheckInterval", INT, summary="wait between availability checks"),
        KeySpec("NextBinaryLogNumberToStartAt", INT, product_written=True,
                summary="replication position in the primary's binary log (-1: full)"),
        KeySpec("LastDataReplicationTimestamp", ValueType.EPOCH_US, product_written=True,
                summary="last successful data replication, microseconds since the epoch"),
    ),
)
