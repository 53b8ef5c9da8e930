"""Safe, exact, verified edits: the DR procedures, Vault.ini address order and lint fixes.

Read in order: ``procedures`` (the procedures as data), ``addresses`` (Vault.ini `--first`),
``lintfix`` (the rules' fixes to a fixed point), ``engine`` (apply, re-parse, verify, write),
``verify`` (the independent checks), ``diffs``, ``record`` and ``guide`` (what people see).
"""

from typing import TYPE_CHECKING

from cyberark_cfg.lazy import exports

if TYPE_CHECKING:
    from cyberark_cfg.fixing.addresses import plan_first_address
    from cyberark_cfg.fixing.engine import (
        Outcome,
        Plan,
        Source,
        apply_stage,
        commit,
        prepare,
        read_source,
    )
    from cyberark_cfg.fixing.lintfix import MAX_PASSES, LintFixes, plan_lint_fixes
    from cyberark_cfg.fixing.procedures import (
        Action,
        Procedure,
        Refusal,
        When,
        failback,
        full_replication,
        manual_failover,
        rearm_failover,
    )
    from cyberark_cfg.fixing.verify import VerificationError, verify_lines, verify_state

# Loaded on first use: `cfgtool set` needs the engine, not the procedures, the lint-fix
# planner or the address planner (nor their definitions' cost at every start).
_MODULE_OF = {
    "plan_first_address": "addresses",
    "Outcome": "engine",
    "Plan": "engine",
    "Source": "engine",
    "apply_stage": "engine",
    "commit": "engine",
    "prepare": "engine",
    "read_source": "engine",
    "MAX_PASSES": "lintfix",
    "LintFixes": "lintfix",
    "plan_lint_fixes": "lintfix",
    "Action": "procedures",
    "Procedure": "procedures",
    "Refusal": "procedures",
    "When": "procedures",
    "failback": "procedures",
    "full_replication": "procedures",
    "manual_failover": "procedures",
    "rearm_failover": "procedures",
    "VerificationError": "verify",
    "verify_lines": "verify",
    "verify_state": "verify",
}


__getattr__ = exports(__name__, _MODULE_OF)


__all__ = [
    "Action",
    "LintFixes",
    "MAX_PASSES",
    "Outcome",
    "Plan",
    "Procedure",
    "Refusal",
    "Source",
    "VerificationError",
    "When",
    "apply_stage",
    "commit",
    "failback",
    "full_replication",
    "manual_failover",
    "plan_first_address",
    "plan_lint_fixes",
    "prepare",
    "read_source",
    "rearm_failover",
    "verify_lines",
    "verify_state",
]
