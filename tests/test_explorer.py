"""The explorer page in headless Chromium with no network: it loads without console errors,
draws every node, a real click opens the side panel, search and the year range work, and
it stays responsive at 2,000 nodes. Screenshots go to the test's temporary folder.

Chromium is driven over the DevTools protocol (a websocket), so no driver binary has to
match the browser. ``--proxy-server`` points at a closed loopback port, so any request the
page made to the web would fail and show up in the request log the tests check.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import random
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import require_program

from kg.network import Event, ReleaseRef, View, build_view
from kg.network.explorer import explorer, page
from kg.pipeline import ingest
from kg.store import EmbeddedStore

websocket = pytest.importorskip("websocket")

WIDTH, HEIGHT = 1400, 900


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, program: str) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="kg-chromium-")
        self.process = subprocess.Popen(
            [
                program,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--proxy-server=127.0.0.1:9",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile.name}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so close() can end every helper
        )
        port_file = Path(self.profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=10) as answer:
            tabs = json.load(answer)
        target = next(t for t in tabs if t["type"] == "page")
        self.socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=120)
        self.calls = 0
        self.events: list[dict[str, Any]] = []
        for domain in ("Runtime", "Log", "Page", "Network"):
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.calls += 1
        self.socket.send(json.dumps({"id": self.calls, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.calls:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    def eval(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, path: Path, timeout: float = 120) -> float:
        """Load ``path``; return the seconds until the explorer says it is ready."""
        self.events.clear()
        started = time.monotonic()
        url = f"{path.as_uri()}?load={self.calls}"  # unique, so the last page's state is never taken
        self.call("Page.navigate", url=url)
        ready = f"location.href === {json.dumps(url)} && !!(window.kgExplorer && window.kgExplorer.ready)"
        while not self.eval(ready):
            if time.monotonic() - started > timeout:
                raise AssertionError(f"the page was not ready in {timeout} s: {self.problems()}")
            time.sleep(0.05)
        return time.monotonic() - started

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
        return path

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and log errors seen since the last page load."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in {"error", "assert"}:
                found.append(json.dumps(params.get("args"))[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"][:500])
        return found

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        if hasattr(self, "socket"):
            self.socket.close()
        group = os.getpgid(self.process.pid) if self.process.poll() is None else None
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if group is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)  # helpers the browser left behind
        self.profile.cleanup()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    session = Browser(require_program("chromium"))
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="module")
def corpus_view(corpus: Path, tmp_path_factory: pytest.TempPathFactory, pipeline) -> View:  # type: ignore[no-untyped-def]
    store = EmbeddedStore(tmp_path_factory.mktemp("corpus-explorer") / "store")
    assert not ingest([corpus / "index.jsonl"], store, pipeline).failed
    return build_view(store, "actor")


def centre_of(browser: Browser, node_id: str) -> tuple[float, float]:
    x, y = browser.eval(
        f"(function(){{var p=kgExplorer.cy.getElementById({json.dumps(node_id)}).renderedPosition();"
        "var r=document.getElementById('cy').getBoundingClientRect();return [p.x+r.left,p.y+r.top]})()"
    )
    return float(x), float(y)


def settles(browser: Browser, expression: str, expected: Any, timeout: float = 10) -> bool:
    """Whether ``expression`` comes to equal ``expected``: Cytoscape recomputes the style
    that ``:visible`` reads on its next frame, not when a class changes."""
    deadline = time.monotonic() + timeout
    while browser.eval(expression) != expected:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def loads_cleanly(browser: Browser, path: Path) -> float:
    seconds = browser.open(path)
    assert browser.problems() == []
    assert all(url.startswith(("file:", "data:")) for url in browser.requests()), browser.requests()
    return seconds


def test_corpus_page_loads_offline_draws_every_node_and_a_click_shows_the_panel(
    browser: Browser, corpus_view: View, tmp_path: Path
) -> None:
    require_program("sfdp")
    path = tmp_path / "actor.html"
    path.write_text(explorer(corpus_view), encoding="utf-8")
    loads_cleanly(browser, path)
    graph = corpus_view.graph
    assert settles(browser, "kgExplorer.cy.nodes(':visible').length", graph.number_of_nodes())
    assert settles(browser, "kgExplorer.cy.edges(':visible').length", graph.number_of_edges())
    assert browser.eval("document.getElementById('count').textContent") == (
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    )
    assert browser.eval("document.getElementById('panel').hidden") is True
    hub = max(graph, key=graph.degree)
    browser.click(*centre_of(browser, hub))
    assert browser.eval("document.getElementById('panel').hidden") is False
    text = browser.eval("document.getElementById('panel').innerText")
    assert graph.nodes[hub]["label"] in text and "Events (" in text and "“" in text
    links = browser.eval("Array.from(document.querySelectorAll('#panel a')).map(function(a){return a.href})")
    urls = {r.url for r in corpus_view.releases.values() if r.url}
    assert urls & set(links)
    shot = browser.screenshot(tmp_path / "explorer-actor.png")
    assert shot.stat().st_size > 20_000
    assert browser.problems() == []


def test_search_and_year_range(browser: Browser, corpus_view: View, tmp_path: Path) -> None:
    path = tmp_path / "actor.html"
    path.write_text(page(corpus_view, None), encoding="utf-8")  # the page's own layout, no Graphviz
    loads_cleanly(browser, path)
    browser.eval(
        "var s=document.getElementById('search');s.value='wang yi';"
        "s.dispatchEvent(new Event('input'));"
        "s.dispatchEvent(new KeyboardEvent('keydown',{key:'Enter'}))"
    )
    assert browser.eval("kgExplorer.cy.nodes('.match').map(function(n){return n.data('label')})") == [
        "Wang Yi"
    ]
    assert "Wang Yi" in browser.eval("document.getElementById('panel').innerText")
    years = browser.eval("(function(){var f=document.getElementById('from');return [+f.min,+f.max]})()")
    assert years[1] > years[0]
    browser.eval(
        "var f=document.getElementById('from'),t=document.getElementById('to');"
        "var u=document.getElementById('undated');f.value=t.value=f.max;u.checked=false;"
        "f.dispatchEvent(new Event('input'));u.dispatchEvent(new Event('change'))"
    )
    last_year = max(y for *_, d in corpus_view.graph.edges(data=True) for y in d.get("by_year", {}))
    expected = sum(1 for *_, d in corpus_view.graph.edges(data=True) if last_year in d.get("by_year", {}))
    assert settles(browser, "kgExplorer.cy.edges(':visible').length", expected)
    assert "(of " in browser.eval("document.getElementById('count').textContent")
    assert browser.problems() == []


def synthetic_view(nodes: int = 2000) -> View:
    """A scale-free network of ``nodes`` made-up actors, each edge with one made-up event."""
    rng = random.Random(7)
    graph: nx.Graph[str] = nx.Graph()
    shape = nx.barabasi_albert_graph(nodes, 2, seed=7)
    types = ["person", "person", "state", "organisation"]
    for n in shape:
        graph.add_node(f"urn:n{n}", label=f"Actor {n}", type=types[n % 4], iri=f"urn:n{n}")
    events: dict[str, Event] = {}
    for i, (u, v) in enumerate(shape.edges()):
        year = str(rng.randint(2000, 2024))
        events[f"urn:e{i}"] = Event(
            f"urn:e{i}", "meeting", "meeting", "Talks", year, "urn:r", None, (), ("A quote.",)
        )
        graph.add_edge(
            f"urn:n{u}",
            f"urn:n{v}",
            weight=1,
            first=year,
            last=year,
            by_year={year: 1},
            meetings=[f"urn:e{i}"],
        )
    for node in graph:
        graph.nodes[node]["degree"] = graph.degree(node)
        graph.nodes[node]["strength"] = graph.degree(node)
    return View("actor", graph, events=events, releases={"urn:r": ReleaseRef("urn:r", "A release")})


def test_two_thousand_nodes_stay_responsive(browser: Browser, tmp_path: Path) -> None:
    require_program("sfdp")
    view = synthetic_view()
    started = time.monotonic()
    html = explorer(view)
    export_seconds = time.monotonic() - started
    path = tmp_path / "big.html"
    path.write_text(html, encoding="utf-8")
    load_seconds = loads_cleanly(browser, path)
    assert settles(browser, "kgExplorer.cy.nodes(':visible').length", 2000)
    timing = browser.eval(
        "(function(){var t0=performance.now();"
        "var f=document.getElementById('from');f.value=10;f.dispatchEvent(new Event('input'));"
        "var t1=performance.now();var hub=kgExplorer.cy.nodes().max(function(n){return n.degree()}).ele;"
        "kgExplorer.showNode(hub);var t2=performance.now();"
        "return {range: t1-t0, panel: t2-t1}})()"
    )
    frame = browser.eval(  # zoom in, and wait for the second frame drawn after it
        "new Promise(function(done){var t=performance.now();kgExplorer.cy.zoom(kgExplorer.cy.zoom()*1.5);"
        "requestAnimationFrame(function(){requestAnimationFrame(function(){done(performance.now()-t)})})})"
    )
    hub = max(view.graph, key=view.graph.degree)
    x, y = centre_of(browser, hub)
    clicked = time.monotonic()
    browser.click(x, y)
    assert browser.eval("document.getElementById('panel').hidden") is False
    click_seconds = time.monotonic() - clicked
    browser.screenshot(tmp_path / "explorer-2000.png")
    print(
        f"\n2,000 nodes / {view.graph.number_of_edges()} edges: export {export_seconds:.2f} s, "
        f"ready {load_seconds:.2f} s, year filter {timing['range']:.0f} ms, panel {timing['panel']:.0f} ms, "
        f"zoom to drawn frame {frame:.0f} ms, click to panel {click_seconds * 1000:.0f} ms"
    )
    assert load_seconds < 30 and timing["range"] < 2000 and timing["panel"] < 1000
    assert frame < 2000 and click_seconds < 3
    assert browser.problems() == []
