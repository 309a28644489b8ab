"""Real SPARQL servers for the tests: Oxigraph and Virtuoso 7 on free loopback ports.

Each server gets its own temporary folder (database, ini, log) and is stopped when the test
session ends. Without the program a test skips; under CI (``KG_REQUIRE_SERVERS=1``) it
fails, so the servers cannot silently go untested. Test modules import the fixtures they
use from here.
"""

from __future__ import annotations

import gc
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import require_program

FIXTURE = Path(__file__).resolve().parent / "data" / "wikidata-fixture.ttl"
#: Where the fixture goes in a server that also holds other data (Virtuoso's default graph
#: is the union of all graphs, so the name only keeps the fixture apart).
FIXTURE_GRAPH = "http://fixture.invalid/graph"
VIRTUOSO_USER = VIRTUOSO_PASSWORD = "dba"


@dataclass
class Server:
    kind: str
    query: str
    update: str
    graph_store: str
    folder: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(server: Server, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    probe = server.query + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    server.stop()
    pytest.fail(f"the {server.kind} server did not start within {seconds:g} s:\n{server.log()}")


def _oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"  # the PyPI package installs it in the venv
    return str(beside) if beside.exists() else require_program("oxigraph")


def start_oxigraph(folder: Path) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [_oxigraph_binary(), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    root = f"http://127.0.0.1:{port}"
    server = Server("oxigraph", root + "/query", root + "/update", root + "/store", folder, process)
    _wait_until_up(server, 30)
    return server


_VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 0
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def start_virtuoso(folder: Path) -> Server:
    binary = require_program("virtuoso-t")
    isql = shutil.which("isql-vt") or require_program("isql")
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(d=folder, sql=sql, http=http), encoding="utf-8")
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT
        )
    root = f"http://127.0.0.1:{http}"
    server = Server(
        "virtuoso", root + "/sparql", root + "/sparql", root + "/sparql-graph-crud-auth", folder, process
    )
    _wait_until_up(server, 60)
    # A test instance: let the anonymous SPARQL user update, so the SPARQL Update path is testable.
    grant = subprocess.run(
        [isql, str(sql), VIRTUOSO_USER, VIRTUOSO_PASSWORD, 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if grant.returncode != 0:
        server.stop()
        pytest.fail(f"isql could not grant SPARQL_UPDATE: {grant.stdout}{grant.stderr}")
    return server


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An empty Oxigraph server, the target of pushes."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An empty Virtuoso 7 server with SPARQL Update granted; dba/dba for digest auth."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def wikidata_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An Oxigraph server whose default graph holds tests/data/wikidata-fixture.ttl."""
    server = start_oxigraph(tmp_path_factory.mktemp("wikidata-fixture"))
    request = urllib.request.Request(
        server.graph_store + "?default",
        data=FIXTURE.read_bytes(),
        method="PUT",
        headers={"Content-Type": "text/turtle"},
    )
    with urllib.request.urlopen(request, timeout=30):
        pass
    yield server
    server.stop()


@pytest.fixture(scope="session")
def corpus_nquads(corpus: Path, tmp_path_factory: pytest.TempPathFactory, pipeline) -> bytes:  # type: ignore[no-untyped-def]
    """The corpus ingested once, as N-Quads, to make fresh stores from."""
    from kg.pipeline import ingest
    from kg.store import EmbeddedStore

    store = EmbeddedStore(tmp_path_factory.mktemp("corpus-once") / "store")
    report = ingest([corpus / "index.jsonl"], store, pipeline)
    assert not report.failed, [o.message for o in report.failed]
    data = ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return data


def make_store(path: Path, nquads: bytes) -> Path:
    """A store at ``path`` holding ``nquads``, closed again so a command can open it."""
    store = ox.Store(str(path))
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    gc.collect()
    return path
