"""The model behind `cfgtool report`, without a browser: which nodes, which arrows, which
colours, the state table, grouping on big estates, and the geometry's promise that no arrow runs
through a box. Expectations are written by hand from the example and fixture files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES

from cyberark_cfg.report import build_page
from cyberark_cfg.report.layout import Box
from cyberark_cfg.report.model import Page
from cyberark_cfg.report.picture import FIRST, NEXT, guess_role

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)

# From examples/: each component file, its role and colour (worst finding), and the vaults its
# ADDRESS tries first and next. prod/cpm lists only production (DR004, a warning); the DR PVWA
# lists production first (DR003); the DR CPM is UTF-16 (CFG002).
EXAMPLE_NODES = {
    "prod/vault/Vault.ini": ("PADR", "prod", "ok", "dr", None),
    "dr/vault/Vault.ini": ("PADR", "dr", "ok", "primary", None),
    "prod/pvwa01/Vault.ini": ("PVWA", "prod", "ok", "primary", "dr"),
    "prod/pvwa02/Vault.ini": ("PVWA", "prod", "ok", "primary", "dr"),
    "prod/cpm/Vault.ini": ("CPM", "prod", "ok", "primary", None),  # primary only: right
    "prod/psm/Vault.ini": ("PSM", "prod", "ok", "primary", "dr"),
    "prod/psm/basic_psm.ini": ("PSM", "prod", "ok", None, None),
    "dr/pvwa/Vault.ini": ("PVWA", "dr", "warning", "primary", "dr"),
    "dr/cpm/Vault.ini": ("CPM", "dr", "error", "dr", "primary"),
}


@pytest.fixture(scope="module")
def example() -> Page:
    return build_page(str(EXAMPLES / "topology.toml"), NOW)


def arrows_by_file(page: Page) -> dict[tuple[str, str], tuple[str, str]]:
    """{(file, first|next): (vault, colour)}."""
    files = {n.id: n.files[0] for s in page.picture.sites for n in s.nodes}
    found = {}
    for arrow in page.picture.arrows:
        key = (files[arrow.source], arrow.order)
        assert key not in found, f"two {arrow.order} arrows from {key[0]}"
        found[key] = (arrow.target, arrow.level)
    return found


def test_one_node_per_component_file_with_role_site_and_colour(example: Page) -> None:
    nodes = {n.title: (n.role, n.site, n.level) for s in example.picture.sites for n in s.nodes}
    assert nodes == {path: spec[:3] for path, spec in EXAMPLE_NODES.items()}


def test_solid_arrow_to_the_first_vault_dashed_to_the_next_in_the_files_colour(
        example: Page) -> None:
    expected = {}
    for path, (_, _, colour, first, then) in EXAMPLE_NODES.items():
        if first:
            expected[(path, FIRST)] = (first, colour)
        if then:
            expected[(path, NEXT)] = (then, colour)
    assert arrows_by_file(example) == expected


def test_vaults_show_activity_and_the_worst_finding_on_their_padr(example: Page) -> None:
    vaults = {v.name: (v.site, v.status, v.level, v.conflict)
              for s in example.picture.sites for v in s.vaults}
    # Failover by the snapshots (both padr.ini files say Yes): only DR's PrivateArk Server
    # runs, the primary runs neither it nor its DR service; DR002/PADR002 are on DR's padr.ini.
    assert vaults == {"primary": ("prod", "stopped", "ok", False),
                      "dr": ("dr", "active", "error", False)}


def test_one_column_per_site_in_topology_order(example: Page) -> None:
    assert [s.name for s in example.picture.sites] == ["prod", "dr"]
    assert [c.site for c in example.diagram.columns] == ["prod", "dr"]


def test_state_table_follows_the_founding_documents_rows(example: Page) -> None:
    assert (example.state, example.state_level, example.expected_state) == (
        "failover", "error", "normal")
    primary, dr = example.columns
    assert primary.values == ("Yes", "Yes", "Yes", "-")
    assert dr.values == ("Yes", "No", "Yes", "Yes")
    assert (dr.last_replication, dr.age) == ("2026-10-01 07:08:21 UTC", "1h 51m ago")
    assert (primary.last_replication, primary.padr, dr.padr) == (
        "-", "prod/vault/padr.ini", "dr/vault/padr.ini")
    assert (primary.level, dr.level) == ("ok", "error")
    assert primary.services == ("Stopped, Automatic", "Stopped, Manual", "Stopped, Automatic")
    assert dr.services == ("Running, Manual", "Stopped, Automatic", "Running, Manual")
    assert (primary.snapshot, dr.snapshot) == ("prod/vault/services.csv",
                                               "dr/vault/services.json")


def test_findings_are_worst_first_with_explanations(example: Page) -> None:
    rows = [(f.severity, f.code, f.file, f.line) for f in example.findings]
    assert rows == [
        ("error", "CFG002", "dr/cpm/Vault.ini", 1),
        ("error", "DR002", "dr/vault/padr.ini", 6),
        ("warning", "DR003", "dr/cpm/Vault.ini", 2),
        ("warning", "DR021", "dr/cpm/Vault.ini", 2),
        ("warning", "DR003", "dr/pvwa/Vault.ini", 2),
        ("warning", "PADR002", "dr/vault/padr.ini", 7),
        ("warning", "CRED004", "dr/vault/user.ini", 1),
        ("warning", "CRED003", "dr/vault/user.ini", 4),
        ("warning", "DBPARM001", "prod/vault/dbparm.ini", 14),
        ("warning", "DR010", "prod/vault/services.csv", 9),
        ("info", "PADR003", "dr/vault/padr.ini", 10),
    ]
    # Issue 17 (3): the files the topology does not name are there too, in their own group.
    assert [(f.code, f.file) for f in example.other_findings] == [
        ("CRED004", "dr/vault/user.ini"), ("CRED003", "dr/vault/user.ini"),
        ("DBPARM001", "prod/vault/dbparm.ini")]
    assert example.counts == {"error": 2, "warning": 8, "info": 1}
    dr003 = example.findings[2].explanation
    assert dr003 is not None and "first vault that answers" in dr003.why
    assert dr003.fix.startswith("Put the expected vault first in ADDRESS")


def test_a_healthy_estate_is_green_everywhere() -> None:
    page = build_page(str(FIXTURES / "estate" / "healthy-normal" / "topology.toml"), NOW)
    assert (page.state, page.state_level, page.findings) == ("normal", "ok", ())
    levels = {n.level for s in page.picture.sites for n in s.nodes}
    levels |= {a.level for a in page.picture.arrows}
    assert levels == {"ok"}
    statuses = {v.name: v.status for s in page.picture.sites for v in s.vaults}
    assert statuses == {"primary": "active", "dr": "standby"}


def test_a_site_without_a_vault_gets_a_column_and_its_arrows_cross_over() -> None:
    page = build_page(str(FIXTURES / "estate" / "three-sites" / "topology.toml"), NOW)
    assert [s.name for s in page.picture.sites] == ["prod", "dr", "cloud", "branch"]
    branch = next(s for s in page.picture.sites if s.name == "branch")
    assert branch.vaults == [] and [n.title for n in branch.nodes] == ["branch/cpm/Vault.ini"]
    # A CPM during the failover: its ADDRESS starts with production, not the active DR vault
    # (DR003, a warning), across.
    arrows = arrows_by_file(page)
    assert arrows[("branch/cpm/Vault.ini", FIRST)] == ("primary", "warning")
    assert arrows[("branch/cpm/Vault.ini", NEXT)] == ("dr", "warning")


def test_missing_files_are_drawn_as_missing_nodes_in_red() -> None:
    page = build_page(str(FIXTURES / "estate" / "missing-files" / "topology.toml"), NOW)
    missing = {(n.site, n.title, n.role, n.detail, n.level, n.codes)
               for s in page.picture.sites for n in s.nodes if n.missing}
    assert missing == {
        ("prod", "prod/backup*/Vault.ini", "Vault.ini", "matches no file", "error", ("DR008",)),
        ("dr", "dr/pvwa2/Vault.ini", "PVWA", "does not exist", "error", ("DR008",))}
    dr = next(v for s in page.picture.sites for v in s.vaults if v.name == "dr")
    assert (dr.status, dr.level) == ("padr.ini missing", "error")
    ids = {n.id for s in page.picture.sites for n in s.nodes if n.missing}
    assert not [a for a in page.picture.arrows if a.source in ids]


def write_big_estate(root: Path, pvwas: int, bad: int) -> Path:
    """``pvwas`` production PVWAs, the last ``bad`` of which list the DR vault first (DR003)."""
    (root / "prod" / "vault").mkdir(parents=True)
    (root / "dr" / "vault").mkdir(parents=True)
    (root / "prod" / "vault" / "padr.ini").write_text("FailoverMode=Yes\n")
    (root / "dr" / "vault" / "padr.ini").write_text("FailoverMode=No\nEnableReplicate=Yes\n")
    for index in range(pvwas):
        folder = root / "prod" / f"pvwa{index:03}"
        folder.mkdir()
        order = "10.20.1.10,10.10.1.10" if index >= pvwas - bad else "10.10.1.10,10.20.1.10"
        (folder / "Vault.ini").write_text(f'VAULT = "Vault"\nADDRESS={order}\nPORT=1858\n')
    folder = root / "prod" / "cpm"
    folder.mkdir()
    (folder / "Vault.ini").write_text('VAULT = "Vault"\nADDRESS=10.10.1.10,10.20.1.10\nPORT=1858\n')
    topology = root / "topology.toml"
    topology.write_text(
        '[vaults.primary]\nsite = "prod"\naddresses = ["10.10.1.10"]\npadr = '
        '"prod/vault/padr.ini"\n\n[vaults.dr]\nsite = "dr"\naddresses = ["10.20.1.10"]\n'
        'padr = "dr/vault/padr.ini"\n\n[[components]]\nsite = "prod"\n'
        'files = ["prod/pvwa*/Vault.ini", "prod/cpm/Vault.ini"]\n')
    return topology


def test_hundreds_of_components_are_grouped_by_kind_per_site(tmp_path: Path) -> None:
    page = build_page(str(write_big_estate(tmp_path, 300, 2)), NOW)
    prod = next(s for s in page.picture.sites if s.name == "prod")
    assert [(n.title, n.role, len(n.files), n.level) for n in prod.nodes] == [
        ("300 PVWA", "PVWA", 300, "warning"), ("prod/cpm/Vault.ini", "CPM", 1, "warning")]
    group = prod.nodes[0]
    assert group.levels == (("warning", 2), ("ok", 298))
    assert group.tally == "2 warnings, 298 clean"
    assert group.codes == ("DR003",)
    arrows = {(a.order, a.target): (a.count, a.level)
              for a in page.picture.arrows if a.source == group.id}
    # 298 try production first (clean), 2 try DR first (the DR003 ones, a warning).
    assert arrows == {(FIRST, "primary"): (298, "ok"), (FIRST, "dr"): (2, "warning"),
                      (NEXT, "dr"): (298, "ok"), (NEXT, "primary"): (2, "warning")}
    assert (page.node_count, page.component_count) == (2, 301)


def test_a_small_site_is_not_grouped(tmp_path: Path) -> None:
    page = build_page(str(write_big_estate(tmp_path, 4, 0)), NOW)
    assert page.node_count == 5


def overlaps(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def segments(path: str) -> list[tuple[float, float, float, float]]:
    """The straight pieces of an `M x,y H x V y ...` path."""
    words = path.split()
    x, y = (float(v) for v in words[0][1:].split(","))
    found = []
    for word in words[1:]:
        value = float(word[1:])
        nx, ny = (value, y) if word[0] == "H" else (x, value)
        found.append((x, y, nx, ny))
        x, y = nx, ny
    return found


def write_shared_site(root: Path) -> Path:
    """Two vaults on the production site (primary and a local DR vault), a remote DR vault,
    and components on both sites listing all three in different orders."""
    for name, mode in (("primary", "Yes"), ("local", "No"), ("remote", "No")):
        (root / name).mkdir()
        (root / name / "padr.ini").write_text(f"FailoverMode={mode}\n")
    orders = {"prod/pvwa": "10.0.0.1,10.0.0.2,10.0.0.3", "prod/cpm": "10.0.0.2,10.0.0.1",
              "far/pvwa": "10.0.0.3,10.0.0.1", "far/cpm": "10.0.0.1,10.0.0.2,10.0.0.3"}
    for folder, order in orders.items():
        (root / folder).mkdir(parents=True)
        (root / folder / "Vault.ini").write_text(f'VAULT = "V"\nADDRESS={order}\nPORT=1858\n')
    topology = root / "topology.toml"
    topology.write_text(
        '[vaults.primary]\nsite = "prod"\naddresses = ["10.0.0.1"]\npadr = "primary/padr.ini"\n'
        '[vaults.local]\nrole = "dr"\nsite = "prod"\naddresses = ["10.0.0.2"]\n'
        'padr = "local/padr.ini"\n[vaults.remote]\nrole = "dr"\nsite = "far"\n'
        'addresses = ["10.0.0.3"]\npadr = "remote/padr.ini"\n'
        '[[components]]\nsite = "prod"\nfiles = ["prod/*/Vault.ini"]\n'
        '[[components]]\nsite = "far"\nfiles = ["far/*/Vault.ini"]\n')
    return topology


def test_two_vaults_on_one_site_share_its_column(tmp_path: Path) -> None:
    page = build_page(str(write_shared_site(tmp_path)), NOW)
    assert [(s.name, [v.name for v in s.vaults]) for s in page.picture.sites] == [
        ("prod", ["primary", "local"]), ("far", ["remote"])]
    assert arrows_by_file(page) == {
        ("prod/cpm/Vault.ini", FIRST): ("local", "warning"),  # DR003: a CPM, not the active
        ("prod/cpm/Vault.ini", NEXT): ("primary", "warning"),
        ("prod/pvwa/Vault.ini", FIRST): ("primary", "ok"),
        ("prod/pvwa/Vault.ini", NEXT): ("local", "ok"),
        ("far/cpm/Vault.ini", FIRST): ("primary", "warning"),  # DR021: a CPM lists 3 vaults
        ("far/cpm/Vault.ini", NEXT): ("local", "warning"),
        ("far/pvwa/Vault.ini", FIRST): ("remote", "warning"),  # DR004: local not listed
        ("far/pvwa/Vault.ini", NEXT): ("primary", "warning"),
    }


def test_an_estate_of_vaults_only(tmp_path: Path) -> None:
    topology = write_shared_site(tmp_path)
    topology.write_text(topology.read_text().split("[[components]]")[0])
    page = build_page(str(topology), NOW)
    assert page.node_count == 0 and page.picture.arrows == []
    assert len(page.diagram.vaults) == 3 and page.diagram.height > 0


@pytest.mark.parametrize("estate", ["examples", "three-sites", "big", "shared-site"])
def test_no_arrow_crosses_a_box_and_each_ends_on_its_vault(estate: str, tmp_path: Path) -> None:
    topology = {"examples": lambda: EXAMPLES / "topology.toml",
                "three-sites": lambda: FIXTURES / "estate" / "three-sites" / "topology.toml",
                "big": lambda: write_big_estate(tmp_path, 40, 5),
                "shared-site": lambda: write_shared_site(tmp_path)}[estate]()
    diagram = build_page(str(topology), NOW).diagram
    boxes = {p.node.id: p.box for p in diagram.nodes}
    vaults = {p.vault.name: p.box for p in diagram.vaults}
    every = [*boxes.values(), *vaults.values()]
    for one in every:
        assert not any(overlaps(one, other) for other in every if other is not one)
    for placed in diagram.arrows:
        pieces = segments(placed.path)
        source, target = boxes[placed.arrow.source], vaults[placed.arrow.target]
        x0, y0 = pieces[0][:2]
        assert x0 == source.x + source.w and source.y < y0 < source.y + source.h
        x1, y1 = pieces[-1][2:]
        assert target.x < x1 < target.x + target.w and abs(y1 - (target.y + target.h)) <= 1
        for x_a, y_a, x_b, y_b in pieces:
            line = Box(min(x_a, x_b) + 0.5, min(y_a, y_b) + 0.5,
                       max(abs(x_b - x_a) - 1, 0.1), max(abs(y_b - y_a) - 1, 0.1))
            assert not any(overlaps(line, box) for box in every), placed


@pytest.mark.parametrize(("path", "kind", "role"), [
    ("prod/pvwa01/Vault.ini", "vault", "PVWA"),
    ("D:/CyberArk/Password Manager/Vault/Vault.ini", "vault", "CPM"),
    ("site/psm02/Vault.ini", "vault", "PSM"),
    ("anywhere/basic_psm.ini", "psm", "PSM"),
    ("vault/PADR/Conf/padr.ini", "padr", "PADR"),
    ("apps/provider/Vault.ini", "vault", "Vault.ini"),
])
def test_role_is_guessed_from_kind_then_path(path: str, kind: str, role: str) -> None:
    assert guess_role(path, kind) == role
