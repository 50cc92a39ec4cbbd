"""A lean install: the core works without the extras, and a missing extra is named."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from collabgraph.extras import EXTRAS

from conftest import REPO, copy_project

BLOCK_EXTRAS = f"""
import sys
for name in {sorted(m for modules in EXTRAS.values() for m in modules)!r}:
    sys.modules[name] = None  # importing it now raises ImportError, as if not installed
"""


def run_without_extras(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh Python in which no extra's package can be imported."""
    return subprocess.run(
        [sys.executable, "-c", BLOCK_EXTRAS + textwrap.dedent(code)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_core_builds_asks_projects_and_maps_without_any_extra(tmp_path: Path) -> None:
    copy_project(tmp_path)
    done = run_without_extras(
        """
        import collabgraph
        collabgraph.build()
        graph = collabgraph.load()
        rows = graph.query("networks-of", institution="UMC Utrecht")
        print(len(rows), graph.collaboration_graph().number_of_nodes())
        graph.map("UMC Utrecht").save("umcu.html")
        assert "spacy" not in [m for m in sys.modules if sys.modules[m] is not None]
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    networks, organisations = (int(n) for n in done.stdout.split())
    assert networks > 0 and organisations > 0
    assert (tmp_path / "umcu.html").stat().st_size > 100_000


def test_serve_without_the_server_extra_names_it(tmp_path: Path) -> None:
    copy_project(tmp_path)
    done = run_without_extras(
        """
        from collabgraph.cli import main
        sys.argv = ["collabgraph", "serve"]
        main()
        """,
        tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: collabgraph serve needs the 'server' extra (starlette is not installed): "
        "pip install 'collabgraph[server]'"
    ]


def test_drafting_and_xlsx_without_their_extras_name_them(tmp_path: Path) -> None:
    done = run_without_extras(
        """
        from collabgraph.errors import CollabgraphError
        from collabgraph.drafting.text import blank_pipeline
        from collabgraph.importers.tabular import table_rows
        for attempt in (lambda: blank_pipeline("en"), lambda: table_rows(b"", "org.xlsx")):
            try:
                attempt()
            except CollabgraphError as error:
                print(error)
        """,
        REPO,
    )
    assert done.stdout.splitlines() == [
        "drafting needs the 'drafting' extra (spacy is not installed): "
        "pip install 'collabgraph[drafting]'",
        "reading org.xlsx needs the 'xlsx' extra (openpyxl is not installed): "
        "pip install 'collabgraph[xlsx]'",
    ]
