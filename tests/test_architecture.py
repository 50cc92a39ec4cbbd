"""The layout: packages import in one direction only, and the command line starts light."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "src" / "collabgraph"
FOUNDATION = {
    "collabgraph.errors",
    "collabgraph.project",
    "collabgraph.namespace",
    "collabgraph.vocabulary",
    "collabgraph.io",
    "collabgraph.generations",
    "collabgraph.names",
    "collabgraph.extras",
    "collabgraph.prefixes",
    "collabgraph.groups",
}
HEAVY = ["pyshacl", "pyvis", "networkx", "pandas", "matplotlib", "IPython", "scipy"]

# What each part of the package may import from collabgraph (besides itself and the foundation).
ALLOWED: dict[str, set[str]] = {
    "foundation": set(),
    "importers": set(),
    "curation": {"importers"},
    "drafting": {"curation", "importers"},
    "sparql": set(),
    "analysis": {"sparql"},
    "maps": {"sparql", "analysis"},
    "api": {"curation", "importers", "drafting", "sparql", "analysis", "maps"},
    "server": {"api", "top", "sparql"},  # sparql: prefixes, the persistent store, its names
    "cli": {"api", "server", "top", "launch"},
    "launch": {"cli"},
    "top": {"api", "curation", "sparql", "launch"},
}


def module_name(path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    if module == "collabgraph":
        return "top"
    if module in FOUNDATION:
        return "foundation"
    return module.split(".")[1]


def imports_of(path) -> list[tuple[int, str, int]]:
    """Every collabgraph import in a module, at any depth: (line, module, relative level)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, node.module or "", node.level))
            found += [
                (node.lineno, f"{node.module}.{alias.name}", 0)
                for alias in node.names
                if node.level == 0 and f"{node.module}.{alias.name}" in MODULES
            ]
    return [item for item in found if item[2] or item[1].startswith("collabgraph")]


MODULES = {module_name(path) for path in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_known_part():
    assert {part_of(m) for m in MODULES} == set(ALLOWED)


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_imports_flow_one_way(path):
    importer = part_of(module_name(path))
    allowed = ALLOWED[importer] | {importer, "foundation"}
    wrong = []
    for line, imported, level in imports_of(path):
        if level:
            wrong.append(f"line {line}: relative import (write collabgraph.…)")
            continue
        target = part_of(imported) if imported != "collabgraph" else "top"
        if target not in allowed:
            wrong.append(f"line {line}: {importer} imports {imported} ({target})")
    assert wrong == []


def test_no_private_module_names():
    private = [m for m in MODULES if any(p.startswith("_") for p in m.split(".")[1:])]
    assert private == []


def test_the_import_rule_catches_a_wrong_import(tmp_path):
    """The checker itself: a store module importing the build pipeline is reported."""
    fake = PACKAGE / "sparql" / "store.py"
    source = fake.read_text(encoding="utf-8") + "\nfrom collabgraph.curation.build import build\n"
    copy = tmp_path / "store.py"
    copy.write_text(source, encoding="utf-8")
    imported = [m for _, m, _ in imports_of(copy)]
    assert "collabgraph.curation.build" in imported
    assert part_of("collabgraph.curation.build") not in ALLOWED["sparql"]


def loaded_after(code: str) -> list[str]:
    probe = (
        f"import sys, json\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_heavy_library():
    assert loaded_after("import collabgraph.cli") == []


def test_help_loads_no_heavy_library():
    code = (
        "from collabgraph.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='collabgraph')\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0\n"
    )
    assert loaded_after(code) == []


def test_import_collabgraph_is_lazy():
    assert loaded_after("import collabgraph") == []
    code = "import collabgraph\nassert 'rdflib' not in sys.modules\n"
    assert loaded_after(code) == []


QUERY = ["query", "networks-of", "--param", "institution=UMC Utrecht", "--format", "csv"]
NOT_FOR_A_QUERY = {"rdflib", "pandas"}


def modules_loaded_by(arguments: list[str]) -> set[str]:
    """The modules a fresh ``collabgraph`` process imports, from its ``-X importtime`` report."""
    command = [sys.executable, "-X", "importtime", str(Path(sys.executable).parent / "collabgraph")]
    done = subprocess.run([*command, *arguments], capture_output=True, text=True, check=True)
    assert "UMC Utrecht participates in" in done.stdout  # the question was answered
    report = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in report}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_query_on_oxigraph_imports_neither_rdflib_nor_pandas(built_project, store):
    where = ["--project", str(built_project.root), "--store", store]
    subprocess.run(  # the persistent store is made by the first query that needs it
        [str(Path(sys.executable).parent / "collabgraph"), *QUERY, *where],
        capture_output=True,
        check=True,
    )
    loaded = modules_loaded_by([*QUERY, *where])
    assert "collabgraph.sparql.store" in loaded
    assert loaded & NOT_FOR_A_QUERY == set()


def test_a_query_on_an_endpoint_imports_neither_rdflib_nor_pandas(built_project, tmp_path):
    import gc

    import pyoxigraph as ox

    from collabgraph.io import built_graph_file
    from collabgraph.sparql.store import load_with_union

    from engines import oxigraph_server

    served = ox.Store(str(tmp_path / "served"))
    load_with_union(served, built_graph_file(built_project), ox.RdfFormat.TRIG)
    del served
    gc.collect()  # closes the folder for the server
    with oxigraph_server(tmp_path / "served") as engine:
        loaded = modules_loaded_by([*QUERY, "--endpoint", engine.endpoint])
    assert "collabgraph.sparql.remote" in loaded
    assert loaded & NOT_FOR_A_QUERY == set()


def test_the_public_names_resolve():
    import collabgraph

    for name in collabgraph.__all__:
        assert getattr(collabgraph, name) is not None
    with pytest.raises(AttributeError):
        collabgraph.not_a_name  # noqa: B018


def test_the_catalogue_is_read_once_per_process():
    from collabgraph.sparql import catalogue

    catalogue.catalogue()
    reads = catalogue._built_in.cache_info().misses
    for _ in range(3):
        assert len(catalogue.catalogue()) >= 18
    assert catalogue._built_in.cache_info().misses == reads == 1


@pytest.mark.parametrize("notebook", sorted((REPO / "notebooks").glob("*.ipynb")), ids=str)
def test_notebooks_import_only_public_names(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    imports = [
        line.strip()
        for line in code.splitlines()
        if "collabgraph" in line and line.strip().startswith(("from ", "import "))
    ]
    assert imports, "each notebook uses collabgraph"
    assert all(
        line in {"import collabgraph"} or line.startswith("from collabgraph import")
        for line in imports
    )
    assert "collabgraph._" not in code and "import _" not in code


def test_no_preexec_fn_in_a_threaded_process():
    """CPython documents ``preexec_fn`` as unsafe in a process with threads (the child can
    deadlock before exec); children set up what they need themselves."""
    users = [
        path.relative_to(PACKAGE)
        for path in PACKAGE.rglob("*.py")
        if "preexec_fn=" in path.read_text(encoding="utf-8")
    ]
    assert users == []


KNOWN_MODULE_CYCLES: set[tuple[str, ...]] = set()


def typing_only_lines(path) -> set[int]:
    """The lines of a module's ``if TYPE_CHECKING:`` blocks: imports for annotations only."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def module_imports() -> dict[str, set[str]]:
    """Each module's collabgraph modules, imported at any depth but for annotations only (a
    package's import of a name counts as an import of the module that name is, where it is
    one)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        importer, typing_only = module_name(path), typing_only_lines(path)
        graph[importer] = {
            imported
            for line, imported, level in imports_of(path)
            if not level and imported in MODULES and imported != importer
            if line not in typing_only
        }
    return graph


def module_cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """The strongly connected groups of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.get(module, ())):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.add(tuple(sorted(group)))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others():
    """Not only packages: inside a package, modules import one way too (an import inside a
    function counts, since it is the same dependency hidden)."""
    packages = {
        m for m in MODULES if (PACKAGE.parent / m.replace(".", "/") / "__init__.py").exists()
    }
    graph = {m: deps - packages for m, deps in module_imports().items() if m not in packages}
    assert module_cycles(graph) == KNOWN_MODULE_CYCLES


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert module_cycles(graph) == {("a", "b", "c")}
