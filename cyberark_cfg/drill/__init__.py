"""The DR drill across hosts: the procedures as data (:mod:`.procedures`), a runbook made
concrete for one topology (:mod:`.runbook`), where a drill stands (:mod:`.status`) and the
record for auditors (:mod:`.record`)."""
