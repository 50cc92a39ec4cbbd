"""The Python API: one object for the graph on a store, used by notebooks, the CLI and the server."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ._build import BuildReport, build, load_built_graph
from ._catalogue import CatalogueQuery, catalogue
from ._export import export_dataset
from ._lookup import EntityRef, all_entity_names, resolve_entity
from ._maps import MapView, entity_map, overview_map
from ._network import (
    Projection,
    bipartite_graph,
    centrality,
    collaboration_graph,
    entity_graph,
    path_between,
)
from ._project import Project, find_project
from ._query import parse_term, run_query
from ._results import QueryResult
from ._stats import graph_stats
from ._store import Store, open_store
from .errors import CollabgraphError, UnknownNameError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from .maps import Map

__all__ = ["CollabGraph", "QueryRequest", "resolve_query"]

_SPARQL_START = re.compile(
    r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WITH|#)", re.IGNORECASE
)


_EVIDENCE_QUERY = """
SELECT ?subjectLabel ?predicate ?object ?objectLabel ?value ?evidence ?source ?kind WHERE {
  ?fact cg:subject ?subject ;
        prov:wasDerivedFrom/rdfs:label ?source ;
        cg:evidence/oa:exact ?evidence .
  ?subject rdfs:label ?subjectLabel .
  OPTIONAL { ?fact cg:relation ?relation ; cg:object ?object . ?object rdfs:label ?objectLabel }
  OPTIONAL { ?fact cg:attribute ?attribute ; schema:value ?value }
  BIND (COALESCE(?relation, ?attribute) AS ?predicate)
  BIND (IF(EXISTS { ?fact a cg:ReferenceFact }, "reference data", "document") AS ?kind)
}
ORDER BY ?source ?predicate COALESCE(?objectLabel, "") COALESCE(STR(?value), "")
"""


@dataclass(frozen=True)
class QueryRequest:
    """A query to run: its text and, for catalogue questions, the catalogue entry."""

    text: str
    entry: CatalogueQuery | None = None


def resolve_query(query: str, project: Project | None = None) -> QueryRequest:
    """Inline SPARQL, a path to a ``.rq`` file, or the name of a catalogue question."""
    extra = project.queries_dir if project is not None else None
    path = Path(query)
    if query.endswith(".rq") and "\n" not in query:
        if not path.is_file():
            raise CollabgraphError(f"query file {query} not found")
        return QueryRequest(path.read_text(encoding="utf-8"))
    if _SPARQL_START.match(query) or "{" in query:
        return QueryRequest(query)
    known = catalogue(extra)
    if query in known:
        return QueryRequest(known[query].text, known[query])
    raise UnknownNameError("catalogue query", query, known)


class CollabGraph:
    """The collaboration knowledge graph on one store.

    >>> import collabgraph
    >>> graph = collabgraph.load()                       # builds the graph if needed
    >>> graph.query("members-of", network="LERU")        # a catalogue question -> DataFrame
    """

    def __init__(self, store: Store, project: Project | None = None) -> None:
        self.store = store
        self.project = project
        self._names: dict[str, EntityRef] | None = None
        self._projection: Projection | None = None

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        store: str = "memory",
        endpoint: str | None = None,
        build_if_needed: bool = True,
    ) -> CollabGraph:
        """The project's graph (``path`` or the project around the working folder)."""
        project = find_project(path)
        if endpoint is None and build_if_needed and not project.graph_file.is_file():
            build(project)
        return cls(open_store(project, store, endpoint=endpoint), project)

    def __repr__(self) -> str:
        return f"<CollabGraph on {self.store.describe()}>"

    # --- building ------------------------------------------------------------------------
    def rebuild(self) -> BuildReport:
        """Build the project's graph again and reopen the store on it."""
        project = self.require_project()
        report = build(project)
        self.store = open_store(
            project, self.store.kind if self.store.kind != "remote" else "memory"
        )
        self._names = None
        self._projection = None
        return report

    def require_project(self) -> Project:
        if self.project is None:
            raise CollabgraphError("this graph has no project folder")
        return self.project

    def export(self, fmt: str = "trig") -> bytes:
        """The whole built graph in an RDF format (ttl, trig, nq, nt, jsonld)."""
        return export_dataset(load_built_graph(self.require_project()), fmt)

    # --- entities ------------------------------------------------------------------------
    def entity_names(self) -> dict[str, EntityRef]:
        if self._names is None:
            self._names = all_entity_names(self.store)
        return self._names

    def entity(self, name: str) -> EntityRef:
        """The entity called ``name`` (label, alias, Dutch name, id or IRI; case-insensitive)."""
        return resolve_entity(self.store, name, self.entity_names())

    # --- SPARQL ----------------------------------------------------------------------------
    def catalogue(self) -> dict[str, CatalogueQuery]:
        return catalogue(self.project.queries_dir if self.project else None)

    def bindings(self, request: QueryRequest, params: Mapping[str, Any]) -> dict[str, Node]:
        """Typed terms for the parameters (catalogue defaults filled in, entities looked up)."""
        if request.entry is None:
            return {n: v if isinstance(v, Node) else parse_term(str(v)) for n, v in params.items()}
        entry = request.entry
        declared = {p.name: p for p in entry.parameters}
        unknown = [name for name in params if name not in declared]
        if unknown:
            raise UnknownNameError(f"parameter of {entry.name}", unknown[0], declared)
        bound: dict[str, Node] = {}
        for name, parameter in declared.items():
            value = params.get(name, parameter.default)
            if value is None:
                raise CollabgraphError(f"catalogue query {entry.name} needs --param {name}=...")
            bound[name] = self._term(parameter.kind, value)
        return bound

    def _term(self, kind: str, value: Any) -> Node:
        if isinstance(value, Node):
            return value
        if kind == "entity":
            return self.entity(str(value)).iri
        if kind == "integer":
            try:
                return Literal(int(value))
            except ValueError:
                raise CollabgraphError(f"{value!r} is not a whole number") from None
        if kind == "iri":
            return URIRef(str(value).strip("<>"))
        return Literal(str(value))

    def run(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> QueryResult:
        """Run inline SPARQL, a ``.rq`` file or a catalogue question; results as rdflib terms."""
        request = resolve_query(query, self.project)
        return run_query(
            self.store, request.text, self.bindings(request, params or {}), timeout=timeout
        )

    def query(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        labels: bool = False,
        **keyword_params: Any,
    ) -> pd.DataFrame:
        """A SELECT query as a pandas DataFrame (literals as Python values, IRIs as text).

        Parameters come as a mapping or as keywords: ``graph.query("networks-of",
        institution="UMC Utrecht")``. With ``labels=True`` each IRI column gets a
        ``<column>_label`` column beside it.
        """
        import pandas as pd

        merged = {**(params or {}), **keyword_params}
        result = self.run(query, merged, timeout=timeout)
        if result.kind != "select":
            raise CollabgraphError(
                f"query() returns tables; this is a {result.kind.upper()} query (use run())"
            )
        frame = pd.DataFrame(result.python_rows(), columns=result.variables)
        return self._with_labels(frame, result) if labels else frame

    def labels_of(self, iris: set[URIRef]) -> dict[str, str]:
        """The rdfs:label of each IRI (entities and ontology terms alike), English first."""
        if not iris:
            return {}
        values = " ".join(iri.n3() for iri in sorted(iris))
        query = f"SELECT ?iri ?label WHERE {{ VALUES ?iri {{ {values} }} ?iri rdfs:label ?label }} ORDER BY ?iri DESC(LANG(?label) = 'en')"
        labels: dict[str, str] = {}
        for iri, label in run_query(self.store, query).rows:
            labels.setdefault(str(iri), str(label))
        return labels

    def _with_labels(self, frame: pd.DataFrame, result: QueryResult) -> pd.DataFrame:
        iris = {term for row in result.rows for term in row if isinstance(term, URIRef)}
        label_of = self.labels_of(iris)
        for position, name in reversed(list(enumerate(result.variables))):
            if any(isinstance(row[position], URIRef) for row in result.rows):
                frame.insert(position + 1, f"{name}_label", frame[name].map(label_of))
        return frame

    def ask(self, query: str, params: Mapping[str, Any] | None = None) -> bool:
        result = self.run(query, params)
        if result.kind != "ask":
            raise CollabgraphError("ask() takes an ASK query")
        return bool(result.boolean)

    def evidence(
        self, subject: str, relation: str | None = None, obj: str | None = None
    ) -> pd.DataFrame:
        """Every fact about ``subject`` (optionally one relation or attribute, and one object),
        with the evidence sentence, its source, and whether it is reference data.

        >>> graph.evidence("UMC Utrecht", "cg:coordinates", "ERN RITA")
        """
        import pandas as pd

        result = run_query(self.store, _EVIDENCE_QUERY, {"subject": self.entity(subject).iri})
        frame = pd.DataFrame(result.python_rows(), columns=result.variables)
        frame["predicate"] = [
            row[result.variables.index("predicate")] for row in result.compact_rows()
        ]
        if relation is not None:
            frame = frame[frame["predicate"] == relation]
        if obj is not None:
            frame = frame[frame["object"] == str(self.entity(obj).iri)]
        return frame.reset_index(drop=True)

    def stats(self) -> dict[str, QueryResult]:
        return graph_stats(self.store)

    # --- networks --------------------------------------------------------------------------------
    def projection(self) -> Projection:
        """Entities and facts fetched once from the store (cached)."""
        if self._projection is None:
            self._projection = Projection.from_store(self.store)
        return self._projection

    def entity_graph(self) -> nx.MultiDiGraph:
        """Entities as nodes, one attributed edge per fact (relation, role, dates, evidence)."""
        return entity_graph(self.projection())

    def collaboration_graph(self, *, include_reference: bool = True) -> nx.Graph:
        """Organisation to organisation, weighted by the networks and initiatives they share."""
        return collaboration_graph(self.projection(), include_reference=include_reference)

    def bipartite_graph(self) -> nx.Graph:
        """Organisations and the networks and initiatives they take part in."""
        return bipartite_graph(self.projection())

    def network(self, kind: str = "entity") -> nx.Graph:
        """One of the projections by name: entity, collaboration or bipartite."""
        builders = {
            "entity": self.entity_graph,
            "collaboration": self.collaboration_graph,
            "bipartite": self.bipartite_graph,
        }
        if kind not in builders:
            raise UnknownNameError("network", kind, builders)
        return builders[kind]()

    def path(
        self, first: str, second: str, *, exclude_groups: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """How two entities are connected: each hop with its relation and evidence sentence."""
        import pandas as pd

        return pd.DataFrame(
            path_between(self.entity_graph(), first, second, exclude_groups=exclude_groups)
        )

    def map_view(
        self,
        name: str | None = None,
        *,
        depth: int = 1,
        groups: set[str] | None = None,
        max_nodes: int = 800,
    ) -> MapView:
        """The map model of the whole graph, or of one entity's neighbourhood."""
        graph = self.entity_graph()
        if name is None:
            return overview_map(graph, groups=groups, max_nodes=max_nodes)
        return entity_map(graph, name, depth=depth, groups=groups, max_nodes=max_nodes)

    def map(
        self, name: str | None = None, *, depth: int = 1, groups: set[str] | None = None
    ) -> Map:
        """An interactive map that shows itself in a notebook and saves to an HTML file."""
        from .maps import Map

        return Map(self.map_view(name, depth=depth, groups=groups))

    def centrality(self, kind: str = "entity", *, top: int | None = 10) -> pd.DataFrame:
        """Degree, betweenness and PageRank; the brokers (highest betweenness) first."""
        import pandas as pd

        return pd.DataFrame(centrality(self.network(kind), top=top))
