"""``collabgraph serve`` keeps answering while builds and store loads run beside it: a real
serve process, real builds and real store loads in processes of their own."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import requests

from collabgraph.curation.build import build
from collabgraph.generations import current_generation
from collabgraph.project import Project

from conftest import copy_project
from crashes import drop_a_member

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ROUNDS = 3
"""Builds beside the server: with two older generations kept, the third prunes the first
unless the server holds it."""


def _collabgraph(*arguments: str) -> list[str]:
    return [str(Path(sys.executable).parent / "collabgraph"), *arguments]


def _count_with_the_store(root: Path) -> subprocess.Popen[str]:
    """A store load (the current generation's store is made on first use), then a count."""
    return subprocess.Popen(
        _collabgraph("query", "--store", "oxigraph", "-f", "csv", COUNT, "--project", str(root)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Client(threading.Thread):
    """Asks the endpoint the same question over and over; keeps every answer."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.answers: list[tuple[int, str]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                reply = requests.post(
                    self.url,
                    data={"query": COUNT},
                    headers={"Accept": "text/csv"},
                    timeout=30,
                )
                self.answers.append((reply.status_code, reply.text))
            except requests.RequestException as error:
                self.answers.append((0, str(error)))


def test_serve_answers_from_its_generation_while_builds_and_loads_run_beside_it(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    build(project)
    root = project.root
    served = current_generation(project)
    serve = subprocess.Popen(
        _collabgraph("serve", "--port", "0", "--project", str(root)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serve.stderr is not None
        announced = serve.stderr.readline()
        assert announced.startswith("SPARQL endpoint: "), announced
        client = Client(announced.split()[2])
        client.start()
        loaded = []
        for _ in range(ROUNDS):
            drop_a_member(root)
            built = subprocess.run(
                _collabgraph("build", "--project", str(root)), capture_output=True, text=True
            )
            assert built.returncode == 0, built.stderr
            pair = [_count_with_the_store(root), _count_with_the_store(root)]  # at once
            answers = [process.communicate(timeout=120) for process in pair]
            assert [process.returncode for process in pair] == [0, 0], answers
            assert answers[0][0] == answers[1][0]
            loaded.append(answers[0][0].split()[1])
        client.done.set()
        client.join(timeout=60)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
    first = client.answers[0]
    assert first[0] == 200 and first[1].split()[0] == "n", first
    assert len(client.answers) > ROUNDS
    assert all(answer == first for answer in client.answers), set(client.answers)
    assert len(set(loaded)) == ROUNDS and first[1].split()[1] not in loaded
    assert served is not None and served.is_dir()  # held while served, though old
    assert current_generation(project) != served
    drop_a_member(root)
    build(Project(root))
    assert not served.exists()  # no longer served: pruned by the next build
