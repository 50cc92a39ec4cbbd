"""The SPARQL endpoint and the remote store, each against a real server process."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from collabgraph.api import CollabGraph
from collabgraph.errors import EndpointError, QuerySyntaxError
from collabgraph.io import built_graph_file, load_built_graph
from collabgraph.project import Project
from collabgraph.server.app import free_port
from collabgraph.sparql.catalogue import catalogue
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.remote import PUSHED_STAGING, PUSHED_UNION, PushedDataset, RemoteStore

from conftest import CHROMIUM
from engines import (
    ENGINES,
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    Engine,
    oxigraph_server,
    virtuoso_server,
)
from test_store import DATASET_QUERIES

pytestmark = pytest.mark.server

MEMBERS_OF_ERN_RITA = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?m org:memberOf <https://w3id.org/collabgraph/id/ern-rita> ; rdfs:label ?label }
"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _collabgraph(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The command line, as a user runs it."""
    return subprocess.run([_bin("collabgraph"), *arguments], capture_output=True, text=True)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


@pytest.fixture(scope="module")
def endpoint(built_project) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            _bin("collabgraph"),
            "serve",
            "--port",
            str(port),
            "--timeout",
            "2",
            "--client-timeout",
            "1",
            "--max-body",
            "100000",
            "--cors",
            "https://tools.example",
            "--project",
            str(built_project.root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sparqlwrapper_select_json(endpoint):
    client = SPARQLWrapper(endpoint + "/query")
    client.setQuery(MEMBERS_OF_ERN_RITA)
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == ["UMC Utrecht"]


def test_sparqlwrapper_select_xml_and_csv(endpoint):
    client = SPARQLWrapper(endpoint + "/query")
    client.setQuery(MEMBERS_OF_ERN_RITA)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == ["UMC Utrecht"]
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().splitlines() == ["label", "UMC Utrecht"]


def test_sparqlwrapper_update_is_refused(endpoint):
    client = SPARQLWrapper(endpoint + "/query", updateEndpoint=endpoint + "/update")
    client.setMethod("POST")
    client.setQuery("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as refused:
        client.query()
    if isinstance(refused.value, urllib.error.HTTPError):
        assert refused.value.code == 403
    assert requests.get(endpoint + "/catalogue/members-of?network=ERN%20RITA", timeout=10).ok


def test_rdflib_sparqlstore(endpoint):
    graph = Graph(store=SPARQLStore(endpoint + "/query", returnFormat="json"))
    rows = list(graph.query(MEMBERS_OF_ERN_RITA))
    assert [str(row[0]) for row in rows] == ["UMC Utrecht"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv", "label\r\nUMC Utrecht\r\n"),
        ("text/tab-separated-values", '?label\n"UMC Utrecht"\n'),
    ],
)
def test_plain_http_get_negotiates_the_format(endpoint, accept, expected):
    response = requests.get(
        endpoint + "/query",
        params={"query": MEMBERS_OF_ERN_RITA},
        headers={"Accept": accept},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(accept)
    assert response.text == expected


def test_plain_http_post_sparql_query_body_with_predeclared_prefixes(endpoint):
    response = requests.post(
        endpoint + "/query",
        data="SELECT ?label WHERE { cgd:charm-eu rdfs:label ?label }",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
        timeout=10,
    )
    assert response.json()["results"]["bindings"] == [
        {"label": {"type": "literal", "value": "CHARM-EU"}}
    ]


def test_construct_gives_turtle(endpoint):
    query = "CONSTRUCT { ?m org:memberOf cgd:ern-rita } WHERE { ?m org:memberOf cgd:ern-rita }"
    response = requests.post(
        endpoint + "/query", data={"query": query}, headers={"Accept": "text/turtle"}, timeout=10
    )
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert set(graph) == {
        (
            URIRef("https://w3id.org/collabgraph/id/umc-utrecht"),
            URIRef("http://www.w3.org/ns/org#memberOf"),
            URIRef("https://w3id.org/collabgraph/id/ern-rita"),
        )
    }


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "/update", {"data": {"update": "DROP ALL"}}),
        (
            "POST",
            "/query",
            {"data": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        ),
        ("POST", "/query", {"data": {"update": "DROP ALL"}}),
        ("PUT", "/store?default", {"data": ""}),
    ],
)
def test_updates_are_refused_with_the_json_error_shape(endpoint, method, path, kwargs):
    response = requests.request(method, endpoint + path, timeout=10, **kwargs)
    assert response.status_code == 403
    assert response.json() == {
        "error": {"type": "error", "message": "the endpoint is read-only: updates are refused"}
    }
    count = requests.get(
        endpoint + "/query",
        params={"query": "ASK { cgd:umc-utrecht ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert count.json()["boolean"] is True


@pytest.mark.parametrize(
    "text", ["SELECT ?x WHERE {\n  ?x ?y ", "SELECT ?x WHERE {\n  ?x org:memberOf "]
)
def test_a_syntax_error_is_a_json_error_with_the_users_position(endpoint, text):
    """Sent twice: the second time the front remembers the prefixes it declared (a line
    for ``org:``, none for the other), and the position is still the user's."""
    for _ in range(2):
        response = requests.post(endpoint + "/query", data={"query": text}, timeout=10)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["type"] == "query-syntax"
        assert error["message"].startswith(f"error at line 2, column {len(text) - 17}: expected")


def test_a_runaway_query_is_stopped_by_the_timeout(endpoint):
    """The engine's cancellation or, on a machine too busy for it, the front's own: a 504
    either way (each is tested apart below)."""
    response = requests.post(endpoint + "/query", data={"query": RUNAWAY}, timeout=60)
    assert response.status_code == 504
    error = response.json()["error"]
    assert error["type"] == "timeout"
    assert re.match(
        r"the SPARQL engine (stopped the query at its 2 s|did not answer)", error["message"]
    )


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_when_the_engine_does_not_answer_the_504_says_how_long_the_front_waited():
    """An engine that accepts the query and never answers: the front stops waiting at the
    timeout and its grace, and says so with the time it really waited."""
    from starlette.testclient import TestClient

    from collabgraph.server.front import FrontSettings, front_app

    with socket.create_server(("127.0.0.1", 0)) as silent:
        upstream = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings = FrontSettings(
            upstream=upstream, graph=None, timeout=0.5, engine_up=lambda: True, engine_grace=0.5
        )
        with TestClient(front_app(settings)) as client:
            response = client.get("/query", params={"query": "ASK {}"})
    assert response.status_code == 504
    message = response.json()["error"]["message"]
    waited = re.fullmatch(
        r"the SPARQL engine did not answer within ([\d.]+) s \(its timeout is 0.5 s\); "
        r"the endpoint stopped waiting for it",
        message,
    )
    assert waited is not None, message
    assert float(waited.group(1)) >= 1.0


@pytest.fixture(scope="module")
def patient_endpoint(built_project) -> Iterator[str]:
    """An endpoint whose front waits two minutes past the 2 s timeout before it gives up on
    the engine's socket: a 504 in less comes from the engine's own cancellation."""
    from collabgraph.server.app import Endpoint

    running = Endpoint(built_project, port=0, timeout=2, engine_grace=120).start_in_thread()
    try:
        yield running.url
    finally:
        running.stop()


def test_the_engines_own_cancellation_is_the_504(patient_endpoint):
    """Oxigraph answers 200 with a cancel marker for its body; the front makes it a 504."""
    response = requests.post(patient_endpoint + "/query", data={"query": RUNAWAY}, timeout=60)
    assert response.status_code == 504
    error = response.json()["error"]
    assert error["type"] == "timeout"
    assert error["message"].startswith(
        "the SPARQL engine stopped the query at its 2 s timeout (answered after "
    )


def test_a_streamed_answer_the_engine_cancels_is_cut_not_complete(patient_endpoint):
    """An answer over 1 MB goes to the client as it comes; when the engine cancels it, its
    tail is the marker, and the client sees a cut stream, never a complete-looking body."""
    everything = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # tens of MB a second
    received = 0
    with requests.post(
        patient_endpoint + "/query",
        data={"query": everything},
        headers={"Accept": "text/csv"},
        stream=True,
        timeout=60,
    ) as response:
        assert response.status_code == 200
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for chunk in response.iter_content(1 << 16):
                received += len(chunk)
    assert received > 1 << 20


def test_catalogue_questions_by_name_with_parameters(endpoint):
    response = requests.get(
        endpoint + "/catalogue/contacts-of-person",
        params={"person": "Merlijn Meens"},
        headers={"Accept": "text/csv"},
        timeout=10,
    )
    assert (
        response.text
        == "initiative,initiativeLabel,source\r\nhttps://w3id.org/collabgraph/id/link,Limburg Invests in its Knowledge Economy,Strategic Initiatives\r\n"
    )
    listing = requests.get(endpoint + "/catalogue", timeout=10).json()
    assert {entry["name"] for entry in listing} == set(catalogue())


def test_an_unknown_catalogue_name_is_a_404_with_suggestions(endpoint):
    response = requests.get(endpoint + "/catalogue/network-of", timeout=10)
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "type": "unknown-name",
            "message": "unknown catalogue query 'network-of'. Did you mean: networks-of?",
        }
    }


def test_an_unknown_entity_parameter_is_a_400(endpoint):
    response = requests.get(
        endpoint + "/catalogue/networks-of", params={"institution": "UMC Utrect"}, timeout=10
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(
        "parameter `institution`: unknown entity 'UMC Utrect'. Did you mean: UMC Utrecht"
    )


def test_a_malformed_iri_parameter_is_a_400(endpoint):
    response = requests.get(
        endpoint + "/catalogue/networks-of", params={"institution": "<http://a b>"}, timeout=10
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(
        "parameter `institution`: 'http://a b' is not a valid IRI"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"UMC Utrecht', "'\"UMC Utrecht' opens a literal with \" but does not close it"),
        ("<https://e/x", "'<https://e/x' opens an IRI with < but does not close it with >"),
    ],
)
def test_a_malformed_parameter_is_a_400_naming_it(endpoint, value, message):
    response = requests.get(
        endpoint + "/catalogue/networks-of", params={"institution": value}, timeout=10
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {"type": "error", "message": f"parameter `institution`: {message}"}
    }


def test_a_parameter_given_twice_is_a_400(endpoint):
    response = requests.get(
        endpoint + "/catalogue/networks-of?institution=UMC%20Utrecht&institution=LERU", timeout=10
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "error",
            "message": "parameter `institution` is given twice; give it once",
        }
    }


def test_the_query_page_is_self_contained(endpoint):
    response = requests.get(endpoint + "/", timeout=10)
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = response.text
    assert "Countries an institution reaches" in page
    assert 'src="http' not in page and 'href="http' not in page and "<link" not in page


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def start_serve(project) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [_bin("collabgraph"), "serve", "--port", "0", "--project", str(project.root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    return process, process.stderr.readline()


def test_the_endpoint_binds_to_loopback_by_default(built_project):
    process, announced = start_serve(built_project)
    try:
        assert announced.startswith("SPARQL endpoint: http://127.0.0.1:"), announced
        url = announced.split()[2]
        assert requests.get(url, params={"query": "ASK {}"}, timeout=10).json() == {
            "head": {},
            "boolean": True,
        }
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)


class HoldingEngine:
    """A stand-in for the engine that records each query it receives and holds its answer
    until released: it counts exactly which queries reach the engine."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs, urlsplit

        self.received: list[str] = []
        self.arrived = threading.Condition()
        self.release = threading.Event()
        engine = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with engine.arrived:
                    engine.received.append(parse_qs(urlsplit(self.path).query)["query"][0])
                    engine.arrived.notify_all()
                engine.release.wait(120)
                body = b'{"head": {}, "boolean": true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait_for(self, count: int) -> None:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.received) >= count, timeout=60)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def front_before(engine: HoldingEngine, slots: int) -> Iterator[str]:
    """The endpoint's front, served by uvicorn in a thread, before ``engine``."""
    import threading

    import uvicorn

    from collabgraph.server.app import _QuietServer
    from collabgraph.server.front import FrontSettings, front_app

    settings = FrontSettings(
        upstream=engine.url, graph=None, timeout=30, engine_up=lambda: True, engine_slots=slots
    )
    listening = socket.create_server(("127.0.0.1", 0))
    server = _QuietServer(uvicorn.Config(front_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listening.close()


def test_queries_their_clients_abandon_never_reach_the_engine():
    """Clients that send a long query and leave. Oxigraph cannot cancel a query and starts
    a queued one even when its client has gone, so the front queues them itself and drops
    those whose client left: of ten abandoned queries the engine sees only the two it had
    slots for, and the next real query comes right after them."""
    from concurrent.futures import ThreadPoolExecutor

    engine = HoldingEngine()
    try:
        with front_before(engine, slots=2) as front, ThreadPoolExecutor(10) as clients:

            def abandon(number: int) -> None:
                with pytest.raises(requests.exceptions.ReadTimeout):
                    requests.get(
                        front + "/query", params={"query": f"ASK {{}} #{number}"}, timeout=(30, 1)
                    )

            list(clients.map(abandon, range(10)))
            engine.wait_for(2)
            # the front hears each hang-up as it happens; a margin for a busy machine
            time.sleep(2)
            engine.release.set()
            answer = requests.get(front + "/query", params={"query": "ASK {} #next"}, timeout=60)
            assert answer.json() == {"head": {}, "boolean": True}
    finally:
        engine.close()
    assert len(engine.received) == 3
    assert engine.received[2] == "ASK {} #next"
    assert {text.split("#")[1] for text in engine.received[:2]} < {str(n) for n in range(10)}


@pytest.fixture()
def cpu_hog() -> Iterator[None]:
    """Two busy loops beside the test, as on a machine busy with other work."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        yield
    finally:
        for loop in loops:
            loop.terminate()
            loop.wait(timeout=30)


def wait_until_gone(pid: int, timeout: float) -> bool:
    """Wait for a process that is not our child to end (a pidfd becomes readable then)."""
    import select

    try:
        descriptor = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([descriptor], [], [], timeout)[0]) or not alive(pid)
    finally:
        os.close(descriptor)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL])
def test_serve_takes_its_oxigraph_child_with_it(built_project, stop, cpu_hog):
    """Even on a busy machine (two busy loops beside it): the signal is sent the moment the
    address is announced, and each end is awaited as the event it is, with time to spare."""
    process, announced = start_serve(built_project)
    try:
        assert announced.startswith("SPARQL endpoint:"), announced
        children = children_of(process.pid)
        assert len(children) == 1 and alive(children[0])
        process.send_signal(stop)
        process.wait(timeout=120)
        assert wait_until_gone(children[0], timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def collabgraph_push(project: Project, engine: Engine) -> str:
    """``collabgraph push`` of the project's build into the engine: what it prints."""
    pushed = subprocess.run(
        [_bin("collabgraph"), "push", *engine.push_arguments(), "--project", str(project.root)],
        capture_output=True,
        text=True,
        env={**os.environ, **engine.push_environment()},
    )
    assert pushed.returncode == 0, pushed.stderr
    return pushed.stdout


@pytest.fixture(scope="module", params=sorted(ENGINES))
def remote(request, imported_project, tmp_path_factory) -> Iterator[Engine]:
    """A real engine (Oxigraph's server, Virtuoso), loaded with 'collabgraph push'
    (documents, reference data and the real ROR and CORDIS imports)."""
    folder = tmp_path_factory.mktemp(f"{request.param}-remote")
    with ENGINES[request.param](folder) as engine:
        pushed = collabgraph_push(imported_project, engine)
        quads = sum(1 for _ in load_built_graph(imported_project).quads())
        assert pushed == (
            f"Loaded {quads} quads into {engine.graph_store} "
            "(named graphs, their union and its description).\n"
        )
        yield engine


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_catalogue_question_answers_the_same_on_a_remote_server(
    remote, imported_project, name
):
    local = CollabGraph(open_store(imported_project, "memory"), imported_project).run(name)
    far = CollabGraph(RemoteStore(remote.endpoint), imported_project).run(name)
    assert far.variables == local.variables
    assert far.compact_rows() == local.compact_rows()


def test_the_query_command_works_against_the_remote_server(remote, imported_project):
    result = _collabgraph(
        "query", "members-of", "--param", "network=ERN RITA", "-f", "csv",
        "--endpoint", remote.endpoint, "--project", str(imported_project.root),
    )  # fmt: skip
    assert (
        result.stdout == "member,memberLabel,relation,kind,source\n"
        "cgd:umc-utrecht,UMC Utrecht,org:memberOf,document,Cooperations with an international impact\n"
        "cgd:umc-utrecht,UMC Utrecht,cg:coordinates,document,Cooperations with an international impact\n"
    )


def test_a_parameter_inside_a_sub_select_filters_on_a_remote_server(remote, imported_project):
    query = (
        "SELECT ?member WHERE { { SELECT ?member WHERE { ?member org:memberOf ?network } } } "
        "ORDER BY ?member"
    )
    leru = {"network": "cgd:leru"}
    far = CollabGraph(RemoteStore(remote.endpoint), imported_project).run(query, leru)
    local = CollabGraph(open_store(imported_project, "memory"), imported_project).run(query, leru)
    assert len(far.rows) == 25
    assert far.rows == local.rows


def test_a_remote_syntax_error_is_located_in_the_users_text(remote, imported_project):
    graph = CollabGraph(RemoteStore(remote.endpoint), imported_project)
    with pytest.raises(QuerySyntaxError) as caught:
        graph.run("SELECT ?x WHERE {\n  ?x zz:p ?y }")
    assert caught.value.message.startswith(
        "SPARQL syntax error at line 2, column 6: the prefix zz: is not declared"
    )


def test_stats_on_a_remote_server_are_the_local_ones(remote, imported_project):
    local = CollabGraph(open_store(imported_project, "memory"), imported_project).stats()
    far = CollabGraph(RemoteStore(remote.endpoint), imported_project).stats()
    assert {name: t.compact_rows() for name, t in far.items()} == {
        name: t.compact_rows() for name, t in local.items()
    }
    graphs = [row[0] for row in far["graphs"].compact_rows()]
    assert "cgg:registry" in graphs and "cgg:ontology" in graphs
    # only what push wrote: no engine system graph, not the union, not its description
    assert all(graph.startswith("cgg:") and not graph.startswith("cgg:push/") for graph in graphs)


@pytest.mark.parametrize(
    ("query", "answer", "code"),
    [("ASK { cgd:umc-utrecht org:memberOf cgd:leru }", "true", 0),
     ("ASK { cgd:umc-utrecht org:memberOf cgd:umc-utrecht }", "false", 1)],
)  # fmt: skip
def test_ask_on_a_remote_server_answers_with_its_exit_code(
    remote, imported_project, query, answer, code
):
    result = _collabgraph(
        "query", query, "--endpoint", remote.endpoint, "--project", str(imported_project.root)
    )
    assert (result.stdout, result.returncode) == (answer + "\n", code), result.stderr


def test_construct_on_a_remote_server_prints_the_local_rdf(remote, imported_project):
    query = "CONSTRUCT { ?m org:memberOf cgd:ern-rita } WHERE { ?m org:memberOf cgd:ern-rita }"

    def turtle(*endpoint: str) -> str:
        result = _collabgraph(
            "query", query, "-f", "ttl", *endpoint, "--project", str(imported_project.root)
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    far = Graph().parse(data=turtle("--endpoint", remote.endpoint), format="turtle")
    assert set(far) == set(Graph().parse(data=turtle(), format="turtle"))
    utrecht = URIRef("https://w3id.org/collabgraph/id/umc-utrecht")
    assert utrecht in set(far.subjects())


def test_network_projections_on_a_remote_server_are_the_local_ones(remote, imported_project):
    local = CollabGraph(open_store(imported_project, "memory"), imported_project)
    far = CollabGraph(RemoteStore(remote.endpoint), imported_project)
    for kind in ("entity", "collaboration", "bipartite"):
        near_graph, far_graph = local.network(kind), far.network(kind)
        assert sorted(far_graph.nodes(data=True)) == sorted(near_graph.nodes(data=True)), kind
        assert _edges(far_graph) == _edges(near_graph), kind
    assert local.network("collaboration").number_of_edges() > 100


def _edges(graph: Any) -> list[str]:
    """Edges with their data, an undirected edge's ends and every list in its data sorted
    (engines return rows in their own order, and networkx keeps the order it was given)."""
    found = []
    for first, second, data in graph.edges(data=True):
        ends = (first, second) if graph.is_directed() else tuple(sorted((first, second)))
        plain = {k: sorted(v) if isinstance(v, list) else v for k, v in data.items()}
        found.append(repr((ends, sorted(plain.items()))))
    return sorted(found)


@pytest.mark.parametrize("query", DATASET_QUERIES)
def test_dataset_semantics_on_a_remote_server_are_the_local_ones(remote, imported_project, query):
    local = CollabGraph(open_store(imported_project, "memory"), imported_project).run(query)
    far = CollabGraph(RemoteStore(remote.endpoint), imported_project).run(query)
    assert far.compact_rows() == local.compact_rows() != [["0"]]


GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
UNION_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_push_sends_every_graph_whole(remote, imported_project):
    """Each named graph arrives with every triple once (the build states one participation
    twice), and the union with each triple once: a body sent again after an authentication
    challenge is sent from its start."""
    local = CollabGraph(open_store(imported_project, "memory"), imported_project)
    far = CollabGraph(RemoteStore(remote.endpoint), imported_project)
    sizes = local.run(GRAPH_SIZES).compact_rows()
    assert len(sizes) >= 10
    assert far.run(GRAPH_SIZES).compact_rows() == sizes
    assert far.run(UNION_SIZE).compact_rows() == local.run(UNION_SIZE).compact_rows()


def test_push_computes_the_union_when_the_build_has_none(fresh_project, tmp_path):
    from collabgraph.curation.build import build

    build(fresh_project)
    built_graph_file(fresh_project).with_name("graph-union.nt").unlink()  # its generation's
    local = CollabGraph(open_store(fresh_project, "rdflib"), fresh_project)
    with oxigraph_server(tmp_path) as engine:
        pushed = collabgraph_push(fresh_project, engine)
        far = CollabGraph(RemoteStore(engine.endpoint), fresh_project)
        assert far.run(UNION_SIZE).compact_rows() == local.run(UNION_SIZE).compact_rows()
        assert far.run(GRAPH_SIZES).compact_rows() == local.run(GRAPH_SIZES).compact_rows()
    assert pushed.startswith("Loaded ")


@pytest.mark.parametrize("query", DATASET_QUERIES)
def test_dataset_semantics_on_the_endpoint_are_the_local_ones(endpoint, built_project, query):
    local = CollabGraph(open_store(built_project, "memory"), built_project).run(query)
    far = CollabGraph(RemoteStore(endpoint + "/query"), built_project).run(query)
    assert far.compact_rows() == local.compact_rows() != [["0"]]


def test_push_to_a_protected_engine_without_a_password_is_refused_and_writes_nothing(
    built_project, tmp_path
):
    with virtuoso_server(tmp_path) as engine:
        arguments = [_bin("collabgraph"), "push", "--endpoint", engine.endpoint]
        arguments += ["--graph-store", engine.graph_store, "--project", str(built_project.root)]
        refused = subprocess.run(arguments, capture_output=True, text=True)
        assert (refused.returncode, refused.stderr) == (
            1,
            f"Error: {engine.graph_store} asks for a user name and password: give them with "
            "--user and --password (or COLLABGRAPH_ENDPOINT_USER and "
            "COLLABGRAPH_ENDPOINT_PASSWORD)\n",
        )
        wrong = subprocess.run(
            [*arguments, "--user", "dba", "--password", "not-the-password"],
            capture_output=True,
            text=True,
        )
        assert (wrong.returncode, wrong.stderr) == (
            1,
            f"Error: {engine.graph_store} refused the user name 'dba' or its password\n",
        )
        assert RemoteStore(engine.endpoint).pushed_dataset() is None
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s cg:basedIn ?o } }"
        assert RemoteStore(engine.endpoint).query(count).compact_rows() == [["0"]]


def test_push_without_a_graph_store_it_cannot_derive_says_which_to_give():
    result = subprocess.run(
        [_bin("collabgraph"), "push", "--endpoint", "http://127.0.0.1:9/sparql"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "Error: where is the Graph Store Protocol endpoint of http://127.0.0.1:9/sparql? "
        "Give it with --graph-store (Oxigraph"
    )


def test_a_second_push_replaces_the_dataset_and_deletes_graphs_it_no_longer_has(tmp_path):
    first, second = Dataset(), Dataset()
    kept, dropped = URIRef("https://example.org/g/kept"), URIRef("https://example.org/g/dropped")
    thing = URIRef("https://example.org/thing")
    first.graph(kept).add((thing, RDFS.label, Literal("old")))
    first.graph(dropped).add((thing, RDFS.comment, Literal("gone later")))
    second.graph(kept).add((thing, RDFS.label, Literal("new")))
    first_file, second_file = tmp_path / "first.trig", tmp_path / "second.trig"
    first.serialize(first_file, format="trig")
    second.serialize(second_file, format="trig")
    with oxigraph_server(tmp_path / "engine") as engine:
        assert RemoteStore(engine.endpoint).load_file(first_file) == 2
        assert RemoteStore(engine.endpoint).load_file(second_file) == 1
        store = RemoteStore(engine.endpoint)
        assert store.pushed_dataset() == PushedDataset(str(PUSHED_UNION), (str(kept),))
        everything = "SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
        assert store.query(everything).compact_rows() == [["<https://example.org/g/kept>", "new"]]
        assert store.query("SELECT ?o WHERE { ?s ?p ?o }").compact_rows() == [["new"]]
        gone = requests.get(engine.graph_store, params={"graph": str(dropped)}, timeout=10)
        assert gone.status_code == 404


@pytest.mark.browser
def test_the_query_page_runs_a_catalogue_question_in_a_browser(endpoint):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        outside: list[str] = []
        page.on(
            "request", lambda r: outside.append(r.url) if not r.url.startswith(endpoint) else None
        )
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(endpoint + "/")
        page.click('li[data-name="contacts-of-person"]')
        page.fill('input[data-param="person"]', "Merlijn Meens")
        page.click("#run")
        page.wait_for_selector("#results td")
        cells = page.locator("#results td").all_inner_texts()
        page.fill("#query", "SELECT ?x WHERE { ?x ?y }")
        page.click("#run")
        page.wait_for_selector("#status.error")
        status = page.inner_text("#status")
        browser.close()
    assert cells == [
        "cgd:link",
        "Limburg Invests in its Knowledge Economy",
        "Strategic Initiatives",
    ]
    assert status.startswith("error at line 1, column")
    assert outside == []
    assert errors == []


# --- the front as HTTP: issue 14's list of what broke the old one --------------------------


def _raw(url: str, request: bytes, wait: float = 5.0) -> bytes:
    """Send raw bytes, read until the server closes or ``wait`` passes."""
    import socket

    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as connection:
        connection.sendall(request)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


def test_http_1_1_with_keep_alive(endpoint):
    with requests.Session() as session:
        first = session.get(endpoint + "/query", params={"query": "ASK {}"}, timeout=10)
        second = session.get(endpoint + "/query", params={"query": "ASK {}"}, timeout=10)
    assert first.raw.version == second.raw.version == 11
    assert first.json() == second.json() == {"head": {}, "boolean": True}
    assert "close" not in first.headers.get("connection", "").lower()


def test_a_client_that_sends_less_than_it_announced_gets_a_408(endpoint):
    """The body timeout (1 s here) answers, not the client's own patience (a minute)."""
    answer = _raw(
        endpoint,
        b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK {}",
        wait=60,
    )
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1]) == {
        "error": {"type": "error", "message": "the request body did not arrive within 1 s"}
    }


@pytest.mark.parametrize("length", [b"-1", b"abc"])
def test_a_malformed_content_length_is_refused_at_once(endpoint, length):
    answer = _raw(
        endpoint,
        b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\nASK {}",
    )
    assert answer.startswith(b"HTTP/1.1 400 ")


def _json_error_answer(answer: bytes) -> tuple[str, str]:
    """A raw answer's status line and its JSON error message (the head must say JSON, close)."""
    head, body = answer.split(b"\r\n\r\n", 1)
    assert b"content-type: application/json" in head.lower()
    assert b"connection: close" in head.lower()
    error = json.loads(body)["error"]
    assert error["type"] == "error"
    return head.split(b"\r\n", 1)[0].decode(), error["message"]


def test_a_garbage_request_line_gets_the_json_shape(endpoint):
    assert _json_error_answer(_raw(endpoint, b"NOT HTTP AT ALL\r\n\r\n")) == (
        "HTTP/1.1 400 Bad Request",
        "malformed HTTP request: Invalid HTTP request received",
    )
    assert requests.get(endpoint + "/query", params={"query": "ASK {}"}, timeout=10).ok


@pytest.mark.parametrize("path", ["/catalogue", "/catalogue/counts", "/query?query=ASK%7B%7D"])
def test_headers_over_the_limit_are_a_json_431_on_a_closed_connection(endpoint, path):
    big = b"X-Big: " + b"a" * 20_000 + b"\r\n"
    request = b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n" + big + b"\r\n"
    assert _json_error_answer(_raw(endpoint, request)) == (
        "HTTP/1.1 431 Request Header Fields Too Large",
        "the request's headers are 20,018 bytes; at most 16,384 are read",
    )
    ordinary = requests.get(endpoint + "/catalogue", headers={"X-Small": "a" * 1000}, timeout=10)
    assert ordinary.status_code == 200


def test_a_head_that_never_ends_is_refused_once_the_parser_buffer_is_full(endpoint):
    unfinished = b"GET /catalogue HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000
    assert _json_error_answer(_raw(endpoint, unfinished)) == (
        "HTTP/1.1 431 Request Header Fields Too Large",
        "the request's headers are over 65,536 bytes; at most 16,384 are read",
    )
    assert requests.get(endpoint + "/catalogue", timeout=10).status_code == 200


def test_a_body_over_the_limit_is_a_413_and_the_server_stays_up(endpoint):
    huge = "ASK { " + "?s ?p ?o . " * 20000 + "}"
    answer = requests.post(
        endpoint + "/query",
        data=huge.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=10,
    )
    assert answer.status_code == 413
    assert answer.json() == {
        "error": {"type": "error", "message": "the request body is larger than 100000 bytes"}
    }
    assert requests.get(endpoint + "/query", params={"query": "ASK {}"}, timeout=10).ok


@pytest.mark.parametrize(
    ("method", "path", "status", "allow"),
    [
        ("PATCH", "/query", 405, "GET, HEAD, POST, OPTIONS"),
        ("OPTIONS", "/query", 204, "GET, HEAD, POST, OPTIONS"),
        ("POST", "/catalogue/counts", 405, "GET, HEAD, OPTIONS"),
        ("OPTIONS", "/catalogue/counts", 204, "GET, HEAD, OPTIONS"),
    ],
)
def test_other_methods_get_the_json_shape_and_allow(endpoint, method, path, status, allow):
    answer = requests.request(method, endpoint + path, timeout=10)
    assert answer.status_code == status
    assert set(answer.headers["allow"].split(", ")) == set(allow.split(", "))
    if status != 204:
        assert answer.json() == {
            "error": {"type": "error", "message": f"{method} is not allowed on {path}"}
        }


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_one_routing_table_serves_the_direct_path_and_starlettes_routes():
    """Every path of the table allows its methods and no other (OPTIONS says which); the
    direct ones reach their handlers (here: the engine is down, a JSON 503), a method they
    do not allow goes on to Starlette's 405, and a longer path to its 404."""
    from starlette.testclient import TestClient

    from collabgraph.server.front import ROUTES, FrontSettings, front_app

    settings = FrontSettings(
        upstream="http://127.0.0.1:9", graph=None, timeout=1, engine_up=lambda: False
    )
    with TestClient(front_app(settings)) as client:
        for entry in ROUTES:
            path = entry.path.replace("{name}", "counts").replace("{path:path}", "index.html")
            answer = client.options(path)
            assert (answer.status_code, answer.headers["allow"]) == (
                204,
                ", ".join([*entry.methods, "OPTIONS"]),
            ), path
        down = client.get("/query", params={"query": "ASK {}"})
        assert (down.status_code, down.json()["error"]["message"]) == (
            503,
            "the SPARQL engine is restarting; try again in a moment",
        )
        assert client.put("/query").status_code == 405
        assert client.get("/query/more").status_code == 404


@pytest.mark.parametrize("path", ["/catalogue/counts/more", "/querying", "/catalogue-counts"])
def test_a_path_beside_the_sparql_routes_is_a_json_404(endpoint, path):
    answer = requests.get(endpoint + path, timeout=10)
    assert answer.status_code == 404
    assert answer.json() == {
        "error": {"type": "error", "message": f"no such resource {path}; the endpoint is /query"}
    }


def test_head_answers_like_get_without_a_body(endpoint):
    answer = requests.head(endpoint + "/query", params={"query": "ASK {}"}, timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    assert answer.content == b""


def test_an_unknown_path_is_a_json_404(endpoint):
    answer = requests.get(endpoint + "/nowhere", timeout=10)
    assert answer.status_code == 404
    assert answer.json() == {
        "error": {"type": "error", "message": "no such resource /nowhere; the endpoint is /query"}
    }


def test_media_types_are_compared_without_case(endpoint):
    answer = requests.post(
        endpoint + "/query",
        data=b"ASK {}",
        headers={"Content-Type": "Application/SPARQL-Query; Charset=UTF-8"},
        timeout=10,
    )
    assert answer.json() == {"head": {}, "boolean": True}


def test_construct_without_accept_gives_turtle(endpoint):
    answer = requests.get(
        endpoint + "/query",
        params={"query": "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o } LIMIT 2"},
        headers={"Accept": ""},
        timeout=10,
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=answer.text, format="turtle")) == 2


def test_invalid_utf8_in_a_query_is_refused(endpoint):
    answer = requests.get(endpoint + "/query?query=ASK%20%7B%7D%FF", timeout=10)
    assert answer.status_code == 400
    assert answer.json() == {
        "error": {"type": "error", "message": "the request is not valid UTF-8"}
    }


def test_cors_only_for_the_origins_given(endpoint):
    allowed = requests.get(
        endpoint + "/query",
        params={"query": "ASK {}"},
        headers={"Origin": "https://tools.example"},
        timeout=10,
    )
    other = requests.get(
        endpoint + "/query",
        params={"query": "ASK {}"},
        headers={"Origin": "https://elsewhere.example"},
        timeout=10,
    )
    assert allowed.headers["access-control-allow-origin"] == "https://tools.example"
    assert "access-control-allow-origin" not in other.headers
    question = requests.get(
        endpoint + "/catalogue/counts", headers={"Origin": "https://tools.example"}, timeout=10
    )
    assert question.headers["access-control-allow-origin"] == "https://tools.example"
    preflight = requests.options(
        endpoint + "/query",
        headers={
            "Origin": "https://tools.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
        timeout=10,
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://tools.example"


def test_the_map_site_is_served_under_maps(endpoint, built_project):
    site = built_project.build_dir / "maps"
    site.mkdir(parents=True, exist_ok=True)
    (site / "endpoint-test.html").write_text("<p>a map</p>", encoding="utf-8")
    answer = requests.get(endpoint + "/maps/endpoint-test.html", timeout=10)
    assert (answer.status_code, answer.text) == (200, "<p>a map</p>")
    assert requests.get(endpoint + "/maps/../graph.trig", timeout=10).status_code == 404
    missing = requests.get(endpoint + "/maps/nothing.html", timeout=10)
    assert missing.json() == {
        "error": {"type": "error", "message": "no such map page /maps/nothing.html"}
    }


def test_a_killed_engine_is_restarted_and_meanwhile_clients_get_a_json_503(built_project):
    process, announced = start_serve(built_project)
    try:
        url = announced.split()[2]
        [engine] = children_of(process.pid)
        os.kill(engine, signal.SIGKILL)
        answers = []
        deadline = time.monotonic() + 120  # generous: a busy machine restarts it slowly
        while time.monotonic() < deadline:
            answer = requests.get(url, params={"query": "ASK {}"}, timeout=10)
            answers.append(answer.status_code)
            if answer.status_code == 200 and len(answers) > 1:
                break
            if answer.status_code == 503:
                assert answer.json()["error"]["message"].startswith("the SPARQL engine is")
            time.sleep(0.05)
        assert answers[-1] == 200 and set(answers) <= {200, 503}
        [restarted] = children_of(process.pid)
        assert restarted != engine and alive(restarted)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    assert process.stderr is not None
    log = process.stderr.read().splitlines()
    stopped = log.index("The SPARQL engine stopped (exit code -9); restarting it.")
    assert log[stopped + 1].startswith(
        "  Listening for requests at http://127.0.0.1:"
    )  # its output


def test_a_bounded_load_of_catalogue_questions_gives_no_errors(endpoint):
    """The CI version of benchmarks/bench_endpoint.py: 8 clients for 3 s, keep-alive."""
    import threading

    answering = [
        name
        for name in sorted(catalogue())
        if requests.get(f"{endpoint}/catalogue/{name}", timeout=30).status_code == 200
    ]
    assert len(answering) >= 12
    statuses: list[int] = []
    deadline = time.monotonic() + 3

    def client(offset: int) -> None:
        with requests.Session() as session:
            index = offset
            while time.monotonic() < deadline:
                name = answering[index % len(answering)]
                index += 1
                url = f"{endpoint}/catalogue/{name}" if index % 2 else f"{endpoint}/query"
                params = None if index % 2 else {"query": "SELECT * WHERE { ?s a ?t } LIMIT 5"}
                statuses.append(session.get(url, params=params, timeout=30).status_code)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) > 50
    assert set(statuses) == {200}


def test_the_engine_gets_at_most_its_budget_of_queries_per_timeout_window():
    """Oxigraph keeps a sleeping thread per query for its whole timeout; the front admits at
    most ``budget`` queries per window, so the threads never exhaust the process's maps."""
    import asyncio

    from collabgraph.server.admission import TimeoutThreads

    async def admissions() -> None:
        timers = TimeoutThreads(budget=2, window=0.4)
        stamps: list[float] = []

        async def admitted() -> None:
            await timers.admit()
            stamps.append(timers.sent[-1])  # the time the front admitted it at

        waiting = [asyncio.ensure_future(admitted()) for _ in range(5)]
        await asyncio.sleep(0)
        assert [task.done() for task in waiting] == [True, True, False, False, False]
        await asyncio.gather(*waiting)
        # never more than two in any 0.4 s: each admission is a window after the one two
        # before it (on the clock the front reads; no upper bound, for a busy machine)
        assert all(
            later - earlier >= 0.4 for earlier, later in zip(stamps, stamps[2:], strict=False)
        )

    asyncio.run(admissions())


def test_the_endpoint_looks_names_up_in_its_stores_table_of_names(fresh_project):
    """A catalogue question by name on the endpoint reads the served store's table of names
    (here given a name only the table knows) instead of querying every name."""
    import sqlite3

    from collabgraph.api import build
    from collabgraph.sparql.nameindex import index_in
    from collabgraph.sparql.persistent import persistent_store_folder

    build(path=fresh_project)
    table = index_in(persistent_store_folder(fresh_project))
    assert table is not None
    with sqlite3.connect(table) as names:
        [(entity,)] = names.execute(
            "SELECT DISTINCT entity FROM names WHERE key = 'umc utrecht' AND rank = 0"
        ).fetchall()
        names.execute(
            "INSERT INTO names VALUES ('only the table knows', ?, 'Only The Table Knows', 2)",
            (entity,),
        )
    names.close()
    process, announced = start_serve(fresh_project)
    try:
        url = announced.split()[2]
        by_table, by_label = (
            requests.get(
                url.removesuffix("/query") + "/catalogue/networks-of",
                params={"institution": name},
                timeout=30,
            )
            for name in ("Only the table KNOWS", "UMC Utrecht")
        )
        assert by_table.status_code == by_label.status_code == 200, by_table.text
        rows = by_table.json()["results"]["bindings"]
        assert rows == by_label.json()["results"]["bindings"]
        assert len(rows) >= 5
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)


def test_uvicorn_keeps_the_contract_the_endpoint_relies_on():
    """uvicorn is pinned to one minor version (pyproject.toml); this says what the endpoint
    uses of it beyond its public configuration, so a new version is checked before the pin
    moves: the httptools protocol's hooks (bounded request head, JSON 400) and
    ``Server.capture_signals``, which the endpoint replaces to own the signals."""
    import inspect

    import uvicorn
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    hooks = {
        "data_received": ["self", "data"],
        "on_headers_complete": ["self"],
        "on_message_complete": ["self"],
        "send_400_response": ["self", "msg"],
    }
    for name, parameters in hooks.items():
        assert list(inspect.signature(getattr(HttpToolsProtocol, name)).parameters) == parameters
    assert "http" in inspect.signature(uvicorn.Config).parameters
    assert "self.capture_signals()" in inspect.getsource(uvicorn.Server.serve)


def test_the_endpoint_leaves_the_processs_signal_handlers_alone(built_project):
    """Served on the main thread, uvicorn would install its own SIGINT/SIGTERM handlers and
    the engine could outlive a Ctrl-C; the endpoint's server installs none."""
    import threading

    from collabgraph.server.app import _QuietServer

    seen: list[object] = []

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            await receive()
            seen.append(signal.getsignal(signal.SIGTERM))  # asyncio.run takes SIGINT itself
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})

    import uvicorn

    server = _QuietServer(uvicorn.Config(app, port=0, log_level="warning", lifespan="on"))
    before = signal.getsignal(signal.SIGTERM)
    stopper = threading.Timer(0.1, lambda: setattr(server, "should_exit", True))
    stopper.start()
    server.run()
    stopper.join()
    assert seen == [before]


def _csv_page(url: str, **params: str) -> requests.Response:
    response = requests.get(url, params=params, headers={"Accept": "text/csv"}, timeout=30)
    assert response.status_code == 200, response.text
    return response


def test_the_catalogue_route_pages_like_the_cli_with_a_link_to_the_next_page(
    endpoint, built_project
):
    """Pages of two rows, each followed through its Link header, give the whole answer in
    its order; the last page (not full) has no next."""
    unpaged = _csv_page(endpoint + "/catalogue/coordinators-and-leads")  # default: 1,000
    header, *rows = unpaged.text.splitlines(keepends=True)
    local = CollabGraph(open_store(built_project, "memory"), built_project)
    assert len(rows) == len(local.run("coordinators-and-leads").rows) == 5
    assert "next" not in unpaged.links
    url, pages = endpoint + "/catalogue/coordinators-and-leads?limit=2", []
    while url:
        response = _csv_page(url)
        pages.append(response.text.splitlines(keepends=True))
        url = endpoint + response.links["next"]["url"] if "next" in response.links else ""
    assert [page[0] for page in pages] == [header] * 3
    assert [page[1:] for page in pages] == [rows[0:2], rows[2:4], rows[4:5]]
    json_page = requests.get(
        endpoint + "/catalogue/coordinators-and-leads",
        params={"limit": "4", "offset": "1"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert len(json_page.json()["results"]["bindings"]) == 4
    assert json_page.links["next"]["url"] == "/catalogue/coordinators-and-leads?limit=4&offset=5"


def test_a_question_under_its_default_page_has_no_next_link(endpoint):
    response = _csv_page(endpoint + "/catalogue/money")
    assert len(response.text.splitlines()) == 3  # the header and the seed graph's two amounts
    assert "next" not in response.links


@pytest.mark.parametrize(
    ("params", "message"),
    [({"limit": "ten"}, "the parameter 'limit' takes a whole number of rows, 1 or more, not 'ten'"),
     ({"limit": "0"}, "the parameter 'limit' takes a whole number of rows, 1 or more, not '0'"),
     ({"offset": "-5"}, "the parameter 'offset' takes a whole number of rows, 0 or more, not '-5'")],
)  # fmt: skip
def test_a_bad_page_parameter_is_a_json_400_naming_it(endpoint, params, message):
    response = requests.get(endpoint + "/catalogue/money", params=params, timeout=10)
    assert response.status_code == 400
    assert response.json() == {"error": {"type": "error", "message": message}}


def _graph_sizes_as_the_engine_holds_them(engine: Engine) -> list[list[str]]:
    """Every graph of the engine with its size, staging graphs included (the query names no
    dataset through the protocol, so nothing is hidden but the engine's system graphs)."""
    query = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/collabgraph/')) } GROUP BY ?g ORDER BY ?g"
    )
    answer = requests.post(
        engine.endpoint,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    ).json()
    return [[row["g"]["value"], row["n"]["value"]] for row in answer["results"]["bindings"]]


def test_a_push_that_fails_half_way_leaves_the_engines_graphs_whole(
    built_project, imported_project, tmp_path, monkeypatch
):
    """The connection breaks on the third graph of a second push: the engine keeps the
    first push's graphs, union and description exactly, no staging graph is left, and the
    error says where the push stopped."""
    from collabgraph import api

    with virtuoso_server(tmp_path) as engine:
        auth = (VIRTUOSO_USER, VIRTUOSO_PASSWORD)
        api.push(engine.endpoint, engine.graph_store, path=built_project.root, auth=auth)
        before = _graph_sizes_as_the_engine_holds_them(engine)
        description = RemoteStore(engine.endpoint).pushed_dataset()
        assert len(before) >= 10 and description is not None
        sent = []
        original = requests.Session.request

        def breaking(session: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
            if method == "PUT":
                sent.append(kwargs["params"]["graph"])
                if len(set(sent)) == 3:  # the third graph sent
                    raise requests.ConnectionError("connection reset by peer")
            return original(session, method, url, **kwargs)

        monkeypatch.setattr(requests.Session, "request", breaking)
        with pytest.raises(EndpointError) as caught:
            api.push(engine.endpoint, engine.graph_store, path=imported_project.root, auth=auth)
        monkeypatch.undo()
        assert _graph_sizes_as_the_engine_holds_them(engine) == before
        assert RemoteStore(engine.endpoint).pushed_dataset() == description
        dataset = load_built_graph(imported_project)
        named = sorted(
            {str(g.identifier) for g in dataset.graphs()} - {str(DATASET_DEFAULT_GRAPH_ID)}
        )
        assert caught.value.message == (
            f"push stopped at graph {named[2]} (3 of {len(named) + 1}): cannot reach the "
            f"SPARQL endpoint {engine.graph_store}: connection refused or host unknown. The "
            "engine's graphs are as they were (the graphs sent so far were staging copies "
            "and are deleted)"
        )
        assert sorted(set(sent)) == [f"{PUSHED_STAGING}{n}" for n in (1, 2, 3)]


def test_push_waits_as_long_as_it_is_told(built_project, tmp_path):
    with oxigraph_server(tmp_path) as engine:
        result = _collabgraph(
            "push", *engine.push_arguments(), "--timeout", "0.00001",
            "--project", str(built_project.root),
        )  # fmt: skip
    # Where the wait runs out (before the first graph, or at the Nth with the staged ones
    # deleted) depends on the machine; that it is one line naming the store and the wait
    # does not.
    said = f"the SPARQL endpoint {engine.graph_store} did not answer within 1e-05 s"
    assert result.returncode == 1, result.stderr
    assert re.fullmatch(
        rf"Error: (push stopped at graph \S+ \(\d+ of \d+\): )?{re.escape(said)}"
        r"(\. The engine's graphs are as they were \(the graphs sent so far were staging "
        r"copies and are deleted\))?\n",
        result.stderr,
    ), result.stderr


def test_a_graph_is_waited_for_a_time_that_fits_its_size():
    from collabgraph.sparql.remote import _wait_for

    size = 3_000_000
    assert (_wait_for(size, None), _wait_for(size, 5.0), _wait_for(size, 0.0)) == (63, 5, 0)


def test_push_sends_a_big_graph_in_parts_that_add_up_to_it(built_project, tmp_path, monkeypatch):
    """Parts of 100 triples: every graph arrives whole, in several requests."""
    from collabgraph import api
    from collabgraph.sparql import remote

    monkeypatch.setattr(remote, "PUSH_PART", 100)
    methods = []
    original = requests.Session.request

    def counting(session: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
        methods.append(method)
        return original(session, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", counting)
    local = CollabGraph(open_store(built_project, "memory"), built_project)
    with oxigraph_server(tmp_path) as engine:
        pushed = api.push(engine.endpoint, None, path=built_project.root)
        far = CollabGraph(RemoteStore(engine.endpoint), built_project)
        assert pushed.graph_store == engine.endpoint.removesuffix("query") + "store"
        union = int(str(far.run(UNION_SIZE).rows[0][0]))
        assert pushed.quads > union
        assert far.run(GRAPH_SIZES).compact_rows() == local.run(GRAPH_SIZES).compact_rows()
        assert far.run(UNION_SIZE).compact_rows() == local.run(UNION_SIZE).compact_rows()
    triples = int(local.run(UNION_SIZE).compact_rows()[0][0])
    assert methods.count("POST") > triples // 100  # the union alone takes that many parts


def test_a_push_the_engine_cannot_move_into_place_leaves_its_graphs_whole(
    built_project, imported_project, tmp_path, monkeypatch
):
    """Virtuoso refuses a move bigger than its transaction limit (here 3 MB; the graphs
    arrive in parts of 1,000 triples, each under it): the earlier push's graphs stay, the
    staged ones are deleted, and the error says so."""
    from collabgraph import api
    from collabgraph.sparql import remote

    monkeypatch.setattr(remote, "PUSH_PART", 1000)
    with virtuoso_server(tmp_path, after_image_limit=3_000_000) as engine:
        auth = (VIRTUOSO_USER, VIRTUOSO_PASSWORD)
        api.push(engine.endpoint, engine.graph_store, path=built_project.root, auth=auth)
        before = _graph_sizes_as_the_engine_holds_them(engine)
        with pytest.raises(EndpointError) as caught:
            api.push(engine.endpoint, engine.graph_store, path=imported_project.root, auth=auth)
        assert _graph_sizes_as_the_engine_holds_them(engine) == before
    assert caught.value.message.startswith("push could not move the ")
    assert caught.value.message.endswith(
        "The engine's graphs are as they were (an engine may limit what one transaction "
        "moves: see docs/engines.md)"
    )
    assert "Transaction aborted" in caught.value.message
