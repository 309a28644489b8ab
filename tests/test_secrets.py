"""Endpoint credentials never show: not in output, errors, exceptions, tracebacks or logs,
even when a careless server echoes the request's headers back in its error page.

A sentinel password is given through the environment and through netrc; every command
that talks to an endpoint runs against a proxy that echoes the Authorization header (in
a 401, and in a 500 that kg retries and then reports), and the output is searched for the
password in every form it travels in."""

from __future__ import annotations

import base64
import logging
import subprocess
import traceback
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from faults import FaultProxy, Rule
from helpers import run_kg, samples_store
from servers import Server, start_oxigraph

from kg.publish import Publisher, Target, client, push_store
from kg.remote import Budget, RemoteError, SparqlEndpoint, credentials_for
from kg.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
USER = "kg-robot"
PASSWORD = "Sentinel-Pa55+w/rd=7f3c9"
FORMS = {
    PASSWORD,
    quote(PASSWORD, safe=""),
    base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
    base64.b64encode(PASSWORD.encode()).decode(),
}


def leaks(text: str) -> list[str]:
    return [form for form in FORMS if form in text]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = start_oxigraph(tmp_path_factory.mktemp("secrets-oxigraph"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    return samples_store(tmp_path_factory.mktemp("secrets") / "store", pipeline)


@pytest.fixture
def netrc(tmp_path: Path) -> Path:
    path = tmp_path / "netrc"
    path.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_kg(*args, env={"KG_ENDPOINT_USER": "", "KG_ENDPOINT_PASSWORD": "", **env}, timeout=300)


def sent_credentials(proxy: FaultProxy) -> bool:
    """Whether kg really sent them (else the test would prove nothing)."""
    return any(k.lower() == "authorization" for entry in proxy.log for k in entry.headers)


@pytest.mark.parametrize("fault", ["echo-401", "echo-500"])
@pytest.mark.parametrize("source", ["env", "netrc"])
def test_commands_never_print_the_credentials(
    server: Server, store_path: Path, netrc: Path, fault: str, source: str
) -> None:
    env = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD} if source == "env" else {}
    env |= {"NETRC": str(netrc)}
    proxy = FaultProxy(server.query, [Rule([fault] * 1000)])
    endpoint = proxy.url(server.query)
    try:
        runs = [
            kg("push", "--endpoint", endpoint, "--dialect", "oxigraph", "--store", str(store_path),
               "--timeout", "2", env=env),
            kg("query", "releases", "--endpoint", endpoint, "--timeout", "2", env=env),
        ]  # fmt: skip
        if source == "netrc":  # kg link reads only netrc
            runs.append(kg("link", "--endpoint", endpoint, "--store", str(store_path), "--dry-run",
                           "--max-time", "5", "--timeout", "2", env=env))  # fmt: skip
        assert sent_credentials(proxy)
    finally:
        proxy.close()
    for run in runs:
        assert run.returncode != 0, run.args
        assert "kg: " in run.stderr  # a clear error...
        assert not leaks(run.stdout + run.stderr), (run.args, run.stderr)  # ...without the secret


def test_exceptions_tracebacks_and_logs_hold_no_credentials(
    server: Server, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    env = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD, "NETRC": "/nonexistent"}
    credentials = credentials_for(server.query, env)
    assert credentials is not None
    assert not leaks(repr(credentials) + str(credentials))
    proxy = FaultProxy(server.query, [Rule(["echo-500"] * 1000)])
    caught: list[BaseException] = []
    caplog.set_level(logging.DEBUG)  # httpx, httpcore, urllib3 and kg at their most talkative
    try:
        target = Target("oxigraph", proxy.url(server.graph_store), proxy.url(server.update))
        store = EmbeddedStore(store_path, read_only=True)
        with client(credentials, timeout=2) as http:
            try:
                push_store(store, Publisher(http, target, Budget(seconds=5, attempts=2, base_delay=0.01)))
            except RemoteError as exc:
                caught.append(exc)
        store.close()
        endpoint = SparqlEndpoint(
            proxy.url(server.query),
            budget=Budget(seconds=5, attempts=2, base_delay=0.01),
            credentials=credentials,
        )
        try:
            endpoint.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        except RemoteError as exc:
            caught.append(exc)
        assert sent_credentials(proxy)
    finally:
        proxy.close()
    assert len(caught) == 2
    for exc in caught:
        shown = str(exc) + repr(exc) + "".join(traceback.format_exception(exc))
        assert not leaks(shown), shown
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records and not leaks(logged), logged
