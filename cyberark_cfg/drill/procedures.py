"""The cross-host procedures as data (cyberark-formats.md section 11): each step names its host,
kind, text, command, the source it rests on, the padr.log lines to wait for, the services
expected after it, when it counts as done and what must hold before it.

Placeholders in ``text`` and ``command``: ``{primary}``/``{dr}`` (vault names),
``{primary_padr}``/``{dr_padr}`` (padr.ini paths), ``{primary_address}``/``{dr_address}``,
``{topology}``, ``{cpm}`` (a CPM Vault.ini, for steps of host ``cpm``). Conditions (``done``,
``requires``) are ``host.fact=value`` strings read by :mod:`cyberark_cfg.drill.status`: facts are
padr.ini keys, ``positions`` (present/absent), the services ``server``, ``dr-service``, ``ene``
(running/stopped), ``start:<service>`` (a startup type), ``log`` (``healthy``: the padr.log
verdict is healthy or full-replication; ``full-replication``: that verdict) and, with
no host, ``state`` and ``findings:<codes>`` (none); ``!=`` negates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SERVICE, EDIT, CREDENTIAL, CHECK, MANUAL = "service", "edit", "credential", "check", "manual"
KINDS = (SERVICE, EDIT, CREDENTIAL, CHECK, MANUAL)
FAILOVER_CODES = ("PADR0103I", "PADR0024I", "PADR0025I", "PADR0067I", "PADR0017I", "PADR0022I")
REPLICATION_CODES = ("PADR0010I", "PADR0099I")
FULL_REPLICATION_CODES = ("PADR0093I", "PADR0010I", "PADR0099I")

CREATE_CRED = ("CreateCredFile.exe user.ini Password /Username <DR user> /Password <password> "
               "/AppType DR /OSUsername <service account> /IpAddress /Hostname "
               "/DPAPIMachineProtection /EntropyFile")
USER_INI = ("in PADR\\Conf, delete the old credential file with its entropy file "
            "(`del user.ini*`), then recreate it for the DR user: `" + CREATE_CRED + "` "
            "(restrictions: /IpAddress, /Hostname, /OSUsername; DPAPI: /DPAPIMachineProtection "
            "with /EntropyFile, which writes user.ini.entropy)")


@dataclass(frozen=True)
class StepSpec:
    host: str  # primary, dr, components, pvwa, psm, cpm
    kind: str
    text: str
    sources: tuple[str, ...]
    command: str | None = None
    wait_for: tuple[str, ...] = ()
    expect: dict[str, dict[str, bool]] = field(default_factory=dict)
    done: tuple[str, ...] = ()  # all must hold; empty: not checkable from files
    requires: tuple[tuple[str, str], ...] = ()  # (condition, why) before the step


@dataclass(frozen=True)
class ProcedureSpec:
    name: str
    title: str
    warning: str | None
    steps: tuple[StepSpec, ...]


RUNNING, STOPPED = True, False
REPLICA = {"server": STOPPED, "dr-service": RUNNING, "ene": STOPPED}
ACTIVE = {"server": RUNNING, "dr-service": STOPPED, "ene": RUNNING}
IDLE = {"server": STOPPED, "dr-service": STOPPED, "ene": STOPPED}
AFTER_FAILBACK = ("primary.server=running", "dr.dr-service=running", "dr.EnableFailover=Yes")


def _no_split_brain(other: str) -> str:
    return (f"PrivateArk Server must be stopped on {other} before this vault starts its own: "
            f"two running vaults are a split brain")


# Components, CPM and platforms: the same for each direction, with the active vault as {to}.
def _components(to: str, context: tuple[str, ...]) -> tuple[StepSpec, ...]:
    """``context``: what holds once the vaults' part is done, so that these steps never count
    as done before it. Failing back, the CPM step also waits for the components' order (DR003);
    failing over, a production CPM pointed at the DR vault alone is what DR003 reports."""
    order = ("findings:DR003=none",) if to == "primary" else ()
    return (
        StepSpec("components", EDIT,
                 "Components' Vault.ini: ADDRESS lists both vaults, each site's own vault "
                 "first (DR-site components the DR vault, production-site components the "
                 "primary); check with `cfgtool lint --topology {topology} --select DR003`",
                 ("S1", "S4"), command="cfgtool fix --topology {topology}",
                 done=("findings:DR003=none", *context)),
        StepSpec("pvwa", SERVICE,
                 "PVWA servers: `iisreset` after a Vault.ini change; PSM servers: restart "
                 "the CyberArk Privileged Session Manager service", ("S4", "S21")),
        StepSpec("cpm", EDIT,
                 f"CPM on the active vault only: its Vault.ini ADDRESS lists the {{{to}}} vault "
                 "alone (never automatic failover for CPM); then restart CyberArk Password "
                 "Manager. A second CPM runs only after this one's services are stopped and "
                 "set to Manual (DR004 then reports the single address: intended)",
                 ("S4", "S1", "S8", "S16"),
                 command=f"cfgtool set {{cpm}} ADDRESS {{{to}_address}}",
                 done=(f"cpm.address={to}", *order, *context)),
        StepSpec("pvwa", MANUAL,
                 "PVWA: set each platform's PSM ID (UI & Workflows > Privileged Session "
                 "Management > ID) to the " + ("DR" if to == "dr" else "production") +
                 " PSM server", ("S1", "S25")),
    )


FAILOVER = ProcedureSpec("failover", "Planned manual failover to the DR vault", None, (
    StepSpec("dr", CHECK,
             "Before: the DR vault replicates (FailoverMode=No, a recent replication: "
             "`cfgtool log` on its padr.log says healthy)", ("S2", "inferred"),
             command="cfgtool state --topology {topology}",
             done=("dr.FailoverMode=No", "dr.dr-service=running", "primary.server=running")),
    StepSpec("primary", SERVICE,
             "Stop PrivateArk Server on the primary (PrivateArk Server console): its writes "
             "after the last replication are not on the DR vault", ("S4", "S21"),
             expect={"primary": {"server": STOPPED, "ene": STOPPED}},
             done=("primary.server=stopped", "dr.FailoverMode=No", "dr.dr-service=running")),
    StepSpec("dr", SERVICE, "Stop CyberArk Vault Disaster Recovery on the DR vault", ("S2",),
             expect={"dr": {"dr-service": STOPPED}},
             done=("dr.dr-service=stopped", "dr.server=stopped", "dr.FailoverMode=No",
                   "dr.ActivateManualFailover!=Yes")),
    StepSpec("dr", EDIT,
             "padr.ini: EnableFailover=No, ActivateManualFailover=Yes (the docs page's edit; "
             "KB 000004249 adds only the trigger)", ("S2", "S3", "S4", "S1"),
             command="cfgtool fix {dr_padr} --manual-failover",
             done=("dr.ActivateManualFailover=Yes", "dr.EnableFailover=No",
                   "dr.FailoverMode=No"),
             requires=(("dr.dr-service=stopped", "stop the DR service before editing padr.ini"),
                       ("primary.server=stopped", _no_split_brain("the "
                                                                          "primary")))),
    StepSpec("dr", SERVICE,
             "Start CyberArk Vault Disaster Recovery: it fails over, starts PrivateArk Server "
             "and ENE, then stops itself; FailoverMode becomes Yes", ("S2", "S7"),
             wait_for=FAILOVER_CODES, expect={"dr": dict(ACTIVE)},
             done=("dr.server=running", "dr.FailoverMode=Yes", "primary.server=stopped"),
             requires=(("primary.server=stopped", _no_split_brain("the primary")),)),
    StepSpec("dr", EDIT,
             "Clear the one-shot trigger: ActivateManualFailover=No (else the next DR "
             "service start fails over again)", ("S23",),
             command="cfgtool set {dr_padr} ActivateManualFailover No",
             done=("dr.server=running", "dr.FailoverMode=Yes",
                   "dr.ActivateManualFailover!=Yes")),
    *_components("dr", ("dr.server=running", "dr.FailoverMode=Yes",
                        "dr.ActivateManualFailover!=Yes")),
    StepSpec("backup", MANUAL, "PAReplicate: pause the backup job or point it at the DR vault",
             ("S4",)),
    StepSpec("dr", CHECK, "The estate is in failover: PrivateArk Server runs on the DR vault "
                          "only", ("S1",),
             command="cfgtool state --topology {topology}",
             done=("state=failover", "dr.ActivateManualFailover!=Yes", "cpm.address=dr")),
))

FAILBACK = ProcedureSpec("failback", "Failback with PADR on the primary (the seed's nine steps)",
                         None, (
    StepSpec("dr", MANUAL,
             "On the active DR vault: enable the DR user and reset its password to a known "
             "value (PrivateArk Client > Users and Groups)", ("S1", "S9")),
    StepSpec("primary", CREDENTIAL,
             "Primary, vault stopped: install PADR if missing (and reboot); else " + USER_INI,
             ("S1", "S3", "S9", "S10", "S27")),
    StepSpec("primary", EDIT,
             "Hazard: automatic failover stays off on the primary while it replicates from "
             "the DR vault (after a few failed logons its PADR would start the primary's vault "
             "beside the DR vault's): EnableFailover=No", ("S1", "inferred"),
             command="cfgtool set {primary_padr} EnableFailover No",
             done=("primary.EnableFailover=No", "primary.server=stopped",
                   "dr.server=running")),
    StepSpec("primary", EDIT,
             "Make the primary a replica: FailoverMode=No, replication position removed",
             ("S3", "S4"), command="cfgtool fix {primary_padr} --failback",
             done=("primary.FailoverMode=No", "primary.positions=absent",
                   "primary.server=stopped", "dr.server=running"),
             requires=(("primary.server=stopped", "PrivateArk Server must be stopped on the "
                        "primary"),)),
    StepSpec("primary", SERVICE,
             "Start CyberArk Vault Disaster Recovery on the primary: it replicates from the DR "
             "vault; check its padr.log (a logon failure: reset the DR password on the DR "
             "vault and recreate user.ini here)", ("S1", "S3"),
             wait_for=REPLICATION_CODES, expect={"primary": dict(REPLICA)},
             done=("primary.dr-service=running", "primary.FailoverMode=No",
                   "primary.ActivateManualFailover!=Yes"),
             requires=(("primary.EnableFailover=No", "automatic failover must be off on the "
                        "primary first (EnableFailover=No)"),
                       ("primary.FailoverMode=No", "FailoverMode must be No on the primary"))),
    StepSpec("primary", SERVICE,
             "Replication verified: stop CyberArk Vault Disaster Recovery on the primary "
             "before editing its padr.ini", ("S2", "S3"),
             expect={"primary": {"dr-service": STOPPED}}),
    StepSpec("primary", EDIT,
             "Primary: EnableFailover=No, ActivateManualFailover=Yes (the manual failover "
             "trigger)", ("S1",), command="cfgtool fix {primary_padr} --manual-failover",
             done=("primary.ActivateManualFailover=Yes", "primary.EnableFailover=No",
                   "primary.FailoverMode=No"),
             requires=(("primary.dr-service=stopped", "stop the DR service on the primary "
                        "before editing padr.ini"),)),
    StepSpec("dr", SERVICE,
             "Stop PrivateArk Server on the DR vault (PrivateArk Server console) before the "
             "primary starts its own, and confirm ENE stopped; the seed accepts both running "
             "for a while, S3 avoids it", ("S3", "S1"),
             expect={"dr": dict(IDLE)},
             done=("dr.server=stopped", "primary.ActivateManualFailover=Yes")),
    StepSpec("primary", SERVICE,
             "Start CyberArk Vault Disaster Recovery on the primary: it fails over, starts the "
             "primary's vault and ENE, then stops itself", ("S1", "S2"),
             wait_for=FAILOVER_CODES, expect={"primary": dict(ACTIVE)},
             done=("primary.server=running", "dr.server=stopped"),
             requires=(("dr.server=stopped", _no_split_brain("the DR vault")),
                       ("primary.ActivateManualFailover=Yes", "the trigger must be set"))),
    StepSpec("primary", EDIT,
             "Promote the primary: FailoverMode=No, so its vault will not start in DR mode",
             ("S3", "S4"), command="cfgtool set {primary_padr} FailoverMode No",
             done=("primary.server=running", "primary.FailoverMode=No", "dr.server=stopped")),
    StepSpec("primary", EDIT, "Clear the trigger: ActivateManualFailover=No", ("S23",),
             command="cfgtool set {primary_padr} ActivateManualFailover No",
             done=("primary.server=running", "primary.FailoverMode=No",
                   "primary.ActivateManualFailover!=Yes", "dr.server=stopped")),
    StepSpec("dr", EDIT,
             "DR vault: FailoverMode=No and the replication position removed (the seed's "
             "\"last two lines\")", ("S1", "S2"), command="cfgtool fix {dr_padr} --failback",
             done=("dr.FailoverMode=No", "dr.positions=absent", "primary.server=running"),
             requires=(("dr.server=stopped", "PrivateArk Server must be stopped on the DR "
                        "vault"),)),
    StepSpec("dr", CREDENTIAL, "DR vault: " + USER_INI, ("S1", "S3", "S9", "S10")),
    StepSpec("dr", SERVICE,
             "Start CyberArk Vault Disaster Recovery on the DR vault and check its padr.log "
             "for a full replication", ("S1", "S2"),
             wait_for=FULL_REPLICATION_CODES, expect={"dr": dict(REPLICA)},
             done=("dr.dr-service=running", "dr.FailoverMode=No", "primary.server=running"),
             requires=(("dr.FailoverMode=No", "FailoverMode must be No on the DR vault"),
                       ("dr.server=stopped", "PrivateArk Server must be stopped on the DR "
                        "vault"))),
    StepSpec("dr", EDIT,
             "Replication verified: re-arm automatic failover on the DR vault "
             "(EnableFailover=Yes)", ("S4",), command="cfgtool fix {dr_padr} --rearm-failover",
             done=("dr.EnableFailover=Yes", "dr.dr-service=running", "dr.FailoverMode=No",
                   "primary.server=running")),
    StepSpec("dr", SERVICE,
             "Startup types: the DR vault's DR service Automatic, its PrivateArk Server "
             "Manual; the primary's DR service Manual (DR013)", ("S4", "S20"),
             done=("dr.start:dr-service=Automatic", "primary.start:dr-service=Manual",
                   "dr.EnableFailover=Yes", "primary.server=running")),
    *_components("primary", AFTER_FAILBACK),
    StepSpec("backup", MANUAL, "PAReplicate: resume the backup job against the primary",
             ("S4",)),
    StepSpec("primary", CHECK,
             "The estate is normal: PrivateArk Server runs on the primary only, the DR vault "
             "replicates with automatic failover re-armed", ("S1", "S4"),
             command="cfgtool state --topology {topology}",
             done=("state=normal", "dr.dr-service=running", "dr.EnableFailover=Yes",
                   "findings:DR003=none", "cpm.address=primary")),
))

FAILBACK_NO_PADR = ProcedureSpec(
    "failback-no-padr", "Failback without PADR on the primary",
    "Changes made on the DR vault during the failover are NOT synced back: they are lost "
    "(S1). Use the failback procedure (PADR on the primary) to keep them.", (
        StepSpec("dr", SERVICE,
                 "Stop PrivateArk Server on the DR vault first and confirm ENE stopped (so "
                 "both vaults never run at once)", ("S1", "inferred"),
                 expect={"dr": dict(IDLE)},
                 done=("dr.server=stopped", "dr.FailoverMode=Yes")),
        StepSpec("primary", SERVICE, "Start PrivateArk Server on the primary (PrivateArk "
                                     "Server console)", ("S1",),
                 expect={"primary": {"server": RUNNING, "ene": RUNNING}},
                 done=("primary.server=running", "dr.server=stopped", "dr.FailoverMode=Yes"),
                 requires=(("dr.server=stopped", _no_split_brain("the DR vault")),)),
        StepSpec("dr", EDIT, "DR vault: FailoverMode=No, replication position removed",
                 ("S1",), command="cfgtool fix {dr_padr} --failback",
                 done=("dr.FailoverMode=No", "dr.positions=absent", "primary.server=running"),
                 requires=(("dr.server=stopped", "PrivateArk Server must be stopped on the "
                            "DR vault"),)),
        StepSpec("dr", SERVICE, "Start CyberArk Vault Disaster Recovery on the DR vault; "
                                "padr.log ends with PADR0010I and PADR0099I", ("S1",),
                 wait_for=REPLICATION_CODES, expect={"dr": dict(REPLICA)},
                 done=("dr.dr-service=running", "dr.FailoverMode=No",
                       "primary.server=running")),
        StepSpec("dr", EDIT, "Replication verified: re-arm automatic failover "
                             "(EnableFailover=Yes)", ("S4",),
                 command="cfgtool fix {dr_padr} --rearm-failover",
                 done=("dr.EnableFailover=Yes", "dr.dr-service=running", "dr.FailoverMode=No",
                       "primary.server=running")),
        *_components("primary", AFTER_FAILBACK),
        StepSpec("primary", CHECK, "The estate is normal", ("S1",),
                 command="cfgtool state --topology {topology}",
                 done=("state=normal", "dr.dr-service=running", "dr.EnableFailover=Yes",
                       "findings:DR003=none", "cpm.address=primary")),
    ))

FULL_REPLICATION = ProcedureSpec(
    "full-replication", "Force a full replication to the DR vault (KB 000004199)", None, (
        StepSpec("dr", SERVICE, "Stop CyberArk Vault Disaster Recovery on the DR vault and "
                                "make sure PrivateArk Server is stopped there", ("S2",),
                 expect={"dr": dict(IDLE)},
                 done=("dr.dr-service=stopped", "dr.server=stopped", "dr.positions=present")),
        StepSpec("dr", EDIT, "padr.ini: FailoverMode=No; NextBinaryLogNumberToStartAt and "
                             "LastDataReplicationTimestamp deleted", ("S2", "S3", "S4"),
                 command="cfgtool fix {dr_padr} --full-replication",
                 done=("dr.FailoverMode=No", "dr.positions=absent",
                       "dr.dr-service=stopped"),
                 requires=(("dr.server=stopped", "PrivateArk Server must be stopped on the "
                            "DR vault"),)),
        StepSpec("dr", SERVICE, "Start CyberArk Vault Disaster Recovery on the DR vault",
                 ("S2",), wait_for=FULL_REPLICATION_CODES, expect={"dr": dict(REPLICA)},
                 done=("dr.dr-service=running", "dr.positions=absent")),
        StepSpec("dr", CHECK, "padr.log shows the full replication: PADR0093I (its text is "
                              "from a weak source), then PADR0010I and PADR0099I; a healthy "
                              "estate looks the same before and after, so only the log's "
                              "PADR0093I marks this procedure done", ("S2", "S20"),
                 command="cfgtool log <DR padr.log>",
                 done=("dr.log=full-replication", "dr.dr-service=running")),
    ))

RETURN_TO_STANDBY = ProcedureSpec(
    "return-to-standby", "Return the DR vault to standby (KB 000004249, after a failover "
                         "test)",
    "The primary must be running as the active vault; data written on the DR vault "
    "meanwhile is overwritten unless a failback moved it first.", (
        StepSpec("dr", SERVICE, "Stop the DR vault (PrivateArk Server console) and confirm "
                                "ENE has stopped", ("S2",),
                 expect={"dr": dict(IDLE)},
                 done=("dr.server=stopped", "dr.ene=stopped", "dr.FailoverMode=Yes")),
        StepSpec("dr", EDIT, "padr.ini: FailoverMode=No; both position keys deleted",
                 ("S2", "S1"), command="cfgtool fix {dr_padr} --failback",
                 done=("dr.FailoverMode=No", "dr.positions=absent", "dr.server=stopped"),
                 requires=(("dr.server=stopped", "PrivateArk Server must be stopped on the "
                            "DR vault"), ("primary.server=running", "the primary must run "
                            "as the active vault"))),
        StepSpec("dr", SERVICE, "Start CyberArk Vault Disaster Recovery and check padr.log "
                                "for successful replication from production", ("S2",),
                 wait_for=REPLICATION_CODES, expect={"dr": dict(REPLICA)},
                 done=("dr.dr-service=running", "dr.FailoverMode=No",
                       "primary.server=running")),
        StepSpec("dr", EDIT, "Replication verified: re-arm automatic failover "
                             "(EnableFailover=Yes)", ("S4",),
                 command="cfgtool fix {dr_padr} --rearm-failover",
                 done=("dr.EnableFailover=Yes", "dr.dr-service=running",
                       "dr.FailoverMode=No")),
        StepSpec("primary", CHECK, "The estate is normal", ("S1",),
                 command="cfgtool state --topology {topology}",
                 done=("state=normal", "dr.dr-service=running", "dr.EnableFailover=Yes")),
    ))

PROCEDURES = {p.name: p for p in (FAILOVER, FAILBACK, FAILBACK_NO_PADR, FULL_REPLICATION,
                                  RETURN_TO_STANDBY)}
