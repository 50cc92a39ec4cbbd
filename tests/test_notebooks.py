"""The notebooks run clean on a fresh kernel (nbclient), and show the real answers."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

pytestmark = pytest.mark.notebooks

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def run(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return notebook


def outputs(notebook) -> str:
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "add-a-document.ipynb",
        "compare-portfolios.ipynb",
        "tour.ipynb",
    ]


def test_tour(tmp_path):
    notebook = run(REPO / "notebooks" / "tour.ipynb")
    text = outputs(notebook)
    assert "The European coordination of ERN RITA takes place from UMC Utrecht." in text
    assert "Horacio Oduber Hospital" in text
    html = [
        o["data"]["text/html"]
        for c in notebook.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert any(h.startswith('<iframe id="collabgraph-map-') for h in html)


def test_compare_portfolios():
    notebook = run(REPO / "notebooks" / "compare-portfolios.ipynb")
    text = outputs(notebook)
    assert "institution countries list (institution_countr..." in text  # the row, in words
    images = [
        o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 3


def test_add_a_document_leaves_the_project_alone():
    before = sorted(p.name for p in (REPO / "data" / "annotations").iterdir())
    notebook = run(REPO / "notebooks" / "add-a-document.ipynb")
    text = outputs(notebook)
    assert "tutorial-example.yaml:8: quote not found verbatim in tutorial-example.txt" in text
    assert "239 facts about 134 entities from 3 documents" in text
    assert "Example page (tutorial)" in text
    assert "('example-heart-foundation', 'Foundation', 'Example Heart Foundation')" in text
    assert "accepted 3, entities ['example-heart-foundation', 'example-imaging-network']" in text
    assert "242 facts about 136 entities from 4 documents" in text
    assert "Example Heart Foundation" in text.split("memberLabel")[-1]
    assert sorted(p.name for p in (REPO / "data" / "annotations").iterdir()) == before
