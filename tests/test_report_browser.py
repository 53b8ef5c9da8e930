"""The report as a person sees it: `cfgtool report` on the bundled examples, opened in headless
Chromium (Debian's `chromium`, which .ci/run installs) without network, read back from the live
page (state, one node per component, the arrows and their colours), with no console message,
and kept as a screenshot and an A4 PDF in artifacts/.

The browser is driven through a small DevTools-protocol client over `--remote-debugging-pipe`
(no network port, no extra dependency). Without Chromium the test is skipped, except under CI
(the `CI` variable set), where that is a failure.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from conftest import EXAMPLES, ROOT, not_on_windows
from test_report_model import EXAMPLE_NODES

# The page is the same HTML everywhere; the browser is driven over POSIX descriptors 3 and 4.
pytestmark = not_on_windows("Chromium is driven through POSIX file descriptors (fcntl, fd 3/4)")

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio", "--no-default-browser-check",
         # No network at all: every host name fails to resolve, any proxy is a dead port.
         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9")


def find_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class Browser:
    """One headless Chromium; :meth:`open` loads a page in a fresh tab."""

    def __init__(self, binary: str, profile: Path, timeout: float = 60.0) -> None:
        self.timeout = timeout
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # The pipe protocol reads fd 3 and writes fd 4: move both ends out of the way first.
        import fcntl  # POSIX only

        high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)

        def wire() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=wire)
        for fd in (to_child_r, from_child_w, high_r, high_w):
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> None:
        if any(e.get("method") == method and e.get("sessionId") == session for e in self.events):
            return
        while True:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_child], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    def open(self, path: Path) -> Tab:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target,
                                                      "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.call("Page.navigate", {"url": path.resolve().as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return Tab(self, session)

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_child)
        os.close(self._from_child)


class Tab:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def evaluate(self, expression: str) -> Any:
        result = self.browser.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True},
            self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def console(self) -> list[str]:
        """Every console message, uncaught exception and browser log entry of this tab."""
        found = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                words = [str(a.get("value", a.get("description", ""))) for a in params["args"]]
                found.append(f"console.{params['type']}: {' '.join(words)}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Log.entryAdded":
                entry = params["entry"]
                found.append(f"{entry['level']} ({entry['source']}): {entry['text']}")
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.browser.events
                if e.get("sessionId") == self.session
                and e.get("method") == "Network.requestWillBeSent"]

    def resize(self, width: int, height: int, media: str = "screen") -> None:
        self.browser.call("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            self.session)
        self.browser.call("Emulation.setEmulatedMedia", {"media": media}, self.session)

    def screenshot(self, path: Path, selector: str | None = None) -> None:
        """The whole page (or one element) as a PNG, at the size a person sees it."""
        if selector is None:
            size = self.browser.call("Page.getLayoutMetrics", session=self.session)
            box = {"x": 0, "y": 0, "width": size["cssContentSize"]["width"],
                   "height": size["cssContentSize"]["height"]}
        else:
            box = self.evaluate(f"(() => {{ const r = document.querySelector({selector!r})"
                                ".getBoundingClientRect(); return {x: r.x + scrollX, "
                                "y: r.y + scrollY, width: r.width, height: r.height}; })()")
        shot = self.browser.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "clip": {**box, "scale": 1}},
            self.session)
        path.write_bytes(base64.b64decode(shot["data"]))

    def pdf(self, path: Path) -> bytes:
        printed = self.browser.call("Page.printToPDF", {
            "preferCSSPageSize": True, "printBackground": True}, self.session)
        data = base64.b64decode(printed["data"])
        path.write_bytes(data)
        return data


# ---- the tests --------------------------------------------------------------------------------

NOW = "2026-10-01T09:00:00Z"
ARTIFACTS = ROOT / "artifacts"
# A4 at 96 px per inch inside the report's @page margins (10 mm each side, 11 mm top and bottom).
A4_INNER_WIDTH, A4_INNER_HEIGHT = 718, 1039

# Read back what the page shows, in screen coordinates, after layout and CSS.
SNAPSHOT = r"""(() => {
  const all = s => Array.from(document.querySelectorAll(s));
  const rect = e => { const r = e.getBoundingClientRect();
    return {x: r.x, y: r.y, w: r.width, h: r.height}; };
  const point = (p, at) => { const q = p.getPointAtLength(at).matrixTransform(p.getScreenCTM());
    return {x: q.x, y: q.y}; };
  const state = document.querySelector('#state');
  const box = g => g.querySelector('rect.box');
  return {
    state: state && state.dataset.state,
    stateText: state ? state.querySelector('.name').innerText : null,
    stateBox: state ? rect(state) : null,
    table: all('#state-table tbody tr').map(tr =>
      [tr.dataset.key, ...Array.from(tr.querySelectorAll('td')).map(td => td.innerText)]),
    diagram: document.querySelector('svg.estate') ? rect(document.querySelector('svg.estate'))
      : null,
    vaults: all('svg.estate g.vault').map(g => ({name: g.dataset.vault,
      status: g.dataset.status, box: rect(box(g))})),
    nodes: all('svg.estate g.node').map(g => ({id: g.dataset.node, file: g.dataset.file,
      role: g.dataset.role, level: g.dataset.level, box: rect(box(g)),
      stroke: getComputedStyle(box(g)).stroke})),
    arrows: all('svg.estate path.arrow').map(p => ({from: p.dataset.from, to: p.dataset.to,
      order: p.dataset.order, dash: getComputedStyle(p).strokeDasharray,
      stroke: getComputedStyle(p).stroke, fill: getComputedStyle(p).fill,
      start: point(p, 0), end: point(p, p.getTotalLength())})),
  };
})()"""


def expected_arrows() -> set[tuple[str, str, str]]:
    found = set()
    for path, (_, _, _, first, then) in EXAMPLE_NODES.items():
        found |= {(path, "first", first)} if first else set()
        found |= {(path, "next", then)} if then else set()
    return found


def check_page(page: dict[str, Any], console: list[str], state: str,
               nodes: dict[str, tuple[str, ...]], arrows: set[tuple[str, str, str]]) -> None:
    """Everything a person must see; AssertionError names the first thing that is wrong."""
    assert console == [], f"console messages: {console}"
    assert page["state"] == state, f"state shown: {page['state']}"
    assert page["stateText"] == state.upper() and page["stateBox"]["h"] > 20
    assert page["table"][0][0] == "FailoverMode" and len(page["table"][0]) == 3
    assert page["diagram"] is not None and page["diagram"]["w"] > 300, "no diagram"
    shown = {n["file"]: n["role"] for n in page["nodes"]}
    assert shown == {path: spec[0] for path, spec in nodes.items()}, "wrong nodes"
    assert len(page["nodes"]) == len(nodes), "a component drawn twice"
    vaults = {v["name"]: v for v in page["vaults"]}
    assert set(vaults) == {"primary", "dr"}
    by_id = {n["id"]: n for n in page["nodes"]}
    seen = set()
    for arrow in page["arrows"]:
        node, vault = by_id[arrow["from"]], vaults[arrow["to"]]
        seen.add((node["file"], arrow["order"], arrow["to"]))
        # Drawn solid or dashed as its order says, in its component's colour, not filled.
        assert (arrow["dash"] != "none") == (arrow["order"] == "next"), arrow
        assert arrow["stroke"] == node["stroke"] and arrow["fill"] == "none", arrow
        # It leaves its component's right edge and ends on the bottom edge of its vault.
        box, target = node["box"], vault["box"]
        assert abs(arrow["start"]["x"] - (box["x"] + box["w"])) < 2, arrow
        assert box["y"] < arrow["start"]["y"] < box["y"] + box["h"], arrow
        assert target["x"] < arrow["end"]["x"] < target["x"] + target["w"], arrow
        assert abs(arrow["end"]["y"] - (target["y"] + target["h"])) < 3, arrow
    assert seen == arrows, "wrong arrows"
    colours = {n["level"]: n["stroke"] for n in page["nodes"]}
    assert len(set(colours.values())) == len(colours), f"colours do not differ: {colours}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and under CI the browser test must run: "
                        ".ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")
    started = Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
    yield started
    started.close()


@pytest.fixture(scope="module")
def example_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's command, run from the checkout as a person would."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = run("report", "--topology", str((EXAMPLES / "topology.toml").relative_to(ROOT)),
                     "-o", str(out), "--now", NOW)
    finally:
        os.chdir(here)
    assert result.code == 1, result.stderr
    return out


def test_the_example_report_in_a_real_browser(browser: Browser, example_html: Path) -> None:
    tab = browser.open(example_html)
    tab.resize(1200, 900)
    check_page(tab.evaluate(SNAPSHOT), tab.console(), "failover", EXAMPLE_NODES,
               expected_arrows())
    assert all(url.startswith("file:") for url in tab.requests()), tab.requests()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(ARTIFACTS / "report.png")
    assert (ARTIFACTS / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shutil.copyfile(example_html, ARTIFACTS / "report.html")
    if os.environ.get("UPDATE_README_SCREENSHOT"):
        shutil.copyfile(ARTIFACTS / "report.png", ROOT / "docs" / "report.png")


def test_it_prints_on_a4_with_state_and_diagram_on_the_first_sheet(
        browser: Browser, example_html: Path) -> None:
    tab = browser.open(example_html)
    pdf = tab.pdf(ARTIFACTS / "report.pdf") if ARTIFACTS.is_dir() else tab.pdf(
        example_html.with_suffix(".pdf"))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1
                         for w, h in boxes), boxes
    tab.resize(A4_INNER_WIDTH, A4_INNER_HEIGHT, media="print")
    bottom = tab.evaluate("document.querySelector('figure.diagram')"
                          ".getBoundingClientRect().bottom")
    assert bottom <= A4_INNER_HEIGHT, f"the diagram ends at {bottom}px, past the first sheet"


def broken(html: str, pattern: str) -> str:
    changed, count = re.subn(pattern, "", html, count=1, flags=re.DOTALL)
    assert count == 1, pattern
    return changed


@pytest.mark.parametrize(("damage", "reason"), [
    (r'<figure class="diagram".*?</figure>', "no diagram"),
    (r'<section id="state".*?</section>', "state shown: None"),
    (r'<path class="arrow next[^>]*data-from="n3".*?/>', "wrong arrows"),
    (r'<g class="node[^>]*data-file="prod/cpm/Vault.ini".*?</g>', "wrong nodes"),
])
def test_the_check_fails_when_the_page_lacks_what_matters(
        browser: Browser, example_html: Path, tmp_path: Path, damage: str, reason: str) -> None:
    page = tmp_path / "broken.html"
    page.write_text(broken(example_html.read_text(encoding="utf-8"), damage), encoding="utf-8")
    tab = browser.open(page)
    with pytest.raises(AssertionError, match=reason):
        check_page(tab.evaluate(SNAPSHOT), tab.console(), "failover", EXAMPLE_NODES,
                   expected_arrows())


def test_an_external_resource_is_refused_and_reported(browser: Browser, example_html: Path,
                                                     tmp_path: Path) -> None:
    page = tmp_path / "external.html"
    html = example_html.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", '<img src="https://cdn.example.com/logo.png">'
                                 "</body>"), encoding="utf-8")
    tab = browser.open(page)
    with pytest.raises(AssertionError, match="console messages: .*Content Security Policy"):
        check_page(tab.evaluate(SNAPSHOT), tab.console(), "failover", EXAMPLE_NODES,
                   expected_arrows())
