"""The built graph on a store (:class:`CollabGraph`, opened with
:func:`collabgraph.api.opening.load`): SPARQL,
entities, evidence, network analysis and maps. Heavy libraries (pandas, networkx, pyvis)
are imported by the methods that need them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collabgraph.errors import CollabgraphError, UnknownNameError
from collabgraph.project import Project
from collabgraph.sparql.catalogue import CatalogueQuery, QueryRequest, catalogue, resolve_query
from collabgraph.sparql.lookup import EntityRef, resolve_entity
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.prepare import (
    paged,
    prepare_query,
    run_query,
)
from collabgraph.sparql.results import QueryResult, Term
from collabgraph.sparql.stats import graph_stats
from collabgraph.sparql.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib import URIRef

    from collabgraph.analysis.analyses import NetworkSummary
    from collabgraph.analysis.projection import Projection
    from collabgraph.curation.build import BuildReport
    from collabgraph.maps.page import Map, SiteReport
    from collabgraph.maps.view import MapView

from collabgraph.api.frames import records_frame
from collabgraph.api.parameters import bound_parameters, merged_params
from collabgraph.api.project import SITE_VIEWS, build

_COMPARED_LOCALLY = 32
"""Entities one step around two compared institutions up to which their page is read from
the store; beyond, from the whole projection. The comparison lists the countries of every
entity on it with the facts that place them, one step further than its two-step
neighbourhood, which a local read does not hold yet."""


_EVIDENCE_QUERY = """
SELECT ?subjectLabel ?predicate ?object ?objectLabel ?value ?evidence ?source ?kind WHERE {
  ?fact cg:subject ?subject ;
        prov:wasDerivedFrom/rdfs:label ?source ;
        cg:evidence/(oa:exact|cg:recordKey) ?evidence .
  ?subject rdfs:label ?subjectLabel .
  OPTIONAL { ?fact cg:relation ?relation }
  OPTIONAL { ?fact cg:object ?object }
  OPTIONAL { ?fact cg:object/rdfs:label ?objectLabel }
  OPTIONAL { ?fact cg:attribute ?attribute }
  OPTIONAL { ?fact schema:value ?value }
  BIND (COALESCE(?relation, ?attribute) AS ?predicate)
  BIND (IF(EXISTS { ?fact a cg:ReferenceFact }, "reference data", "document") AS ?kind)
}
ORDER BY ?source ?predicate COALESCE(?objectLabel, "") COALESCE(STR(?value), "")
"""


_NAMES_REMEMBERED = 4096
"""How many looked-up names a graph keeps (a server asked for ever new names stays small)."""


class CollabGraph:
    """The collaboration knowledge graph on one store.

    >>> import collabgraph
    >>> graph = collabgraph.load()                       # builds the graph if needed
    >>> graph.query("members-of", network="LERU")        # a catalogue question -> DataFrame
    """

    def __init__(self, store: Store, project: Project | None = None) -> None:
        self.store = store
        self.project = project
        self._found: dict[str, EntityRef] = {}
        self._projection: Projection | None = None

    def __repr__(self) -> str:
        return f"<CollabGraph on {self.store.describe()}>"

    # --- building ------------------------------------------------------------------------
    def rebuild(self) -> BuildReport:
        """Build the project's graph again and reopen the store on it; the store it replaces
        is closed (its worker process, if it has one, ends)."""
        project = self.require_project()
        report = build(path=project)
        replaced = self.store
        self.store = open_store(project, replaced.kind if replaced.kind != "remote" else "memory")
        replaced.close()
        self._found = {}
        self._projection = None
        return report

    def require_project(self) -> Project:
        if self.project is None:
            raise CollabgraphError("this graph has no project folder")
        return self.project

    # --- entities ------------------------------------------------------------------------
    def entity(self, name: str) -> EntityRef:
        """The entity called ``name`` (label, alias, Dutch name, id or IRI; case-insensitive).

        Each name is looked up once per graph: a question asked again (a notebook cell, the
        server's catalogue route) does not pay the lookup again."""
        if name not in self._found:
            if len(self._found) >= _NAMES_REMEMBERED:
                self._found.clear()
            self._found[name] = resolve_entity(self.store, name)
        return self._found[name]

    # --- SPARQL ----------------------------------------------------------------------------
    def catalogue(self) -> dict[str, CatalogueQuery]:
        """The catalogue's questions, the project's own included."""
        return catalogue(self.project.queries_dir if self.project else None)

    def bindings(self, request: QueryRequest, params: Mapping[str, Any]) -> dict[str, Term]:
        """Typed terms for the parameters (catalogue defaults filled in, entities looked up).

        A value that cannot be bound is an error that names its parameter."""
        return bound_parameters(request, params, lambda name: self.entity(name).term)

    def prepare(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> str:
        """The text a store runs for ``query``: prefixes declared, syntax checked, parameters
        bound; ``limit``/``offset`` cut one page of a SELECT (no default page here)."""
        request = resolve_query(query, self.project.queries_dir if self.project else None)
        return prepare_query(
            paged(request.text, limit, offset), self.bindings(request, params or {})
        )

    def run(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> QueryResult:
        """Run inline SPARQL, a ``.rq`` file or a catalogue question; results as rdflib terms
        (``rows``; ``terms``: as the engine gave them).

        ``limit``/``offset`` page a SELECT; a catalogue question that can return thousands
        of rows has a default ``limit`` (see ``catalogue_of()``)."""
        request = resolve_query(query, self.project.queries_dir if self.project else None)
        if limit is None and request.entry is not None:
            limit = request.entry.limit
        return run_query(
            self.store,
            paged(request.text, limit, offset),
            self.bindings(request, params or {}),
            timeout=timeout,
        )

    def default_limit(self, query: str) -> int | None:
        """The page size a catalogue question has by default (None: every row)."""
        request = resolve_query(query, self.project.queries_dir if self.project else None)
        return request.entry.limit if request.entry is not None else None

    def query(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        labels: bool = False,
        limit: int | None = None,
        offset: int = 0,
        **keyword_params: Any,
    ) -> pd.DataFrame:
        """A SELECT query as a pandas DataFrame (literals as Python values, IRIs as text).

        Parameters come as a mapping or as keywords: ``graph.query("networks-of",
        institution="UMC Utrecht")``. With ``labels=True`` each IRI column gets a
        ``<column>_label`` column beside it.
        """
        import pandas as pd

        merged = merged_params(params, keyword_params)
        result = self.run(query, merged, timeout=timeout, limit=limit, offset=offset)
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
        from rdflib import URIRef

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

        result = run_query(self.store, _EVIDENCE_QUERY, {"subject": self.entity(subject).term})
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
        from collabgraph.analysis.projection import Projection

        if self._projection is None:
            self._projection = Projection.from_store(self.store)
        return self._projection

    def entity_graph(self) -> nx.MultiDiGraph:
        """Entities as nodes, one attributed edge per fact (relation, role, dates, evidence)."""
        from collabgraph.analysis.projection import entity_graph

        return entity_graph(self.projection())

    def collaboration_graph(self, *, include_reference: bool = True) -> nx.Graph:
        """Organisation to organisation, weighted by the networks and initiatives they share."""
        from collabgraph.analysis.projection import collaboration_graph

        return collaboration_graph(self.projection(), include_reference=include_reference)

    def bipartite_graph(self) -> nx.Graph:
        """Organisations and the networks and initiatives they take part in."""
        from collabgraph.analysis.projection import bipartite_graph

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

    def summary(self, kind: str = "entity") -> NetworkSummary:
        """Size, density, components and node counts per kind of a projection."""
        from collabgraph.analysis.analyses import summary

        return summary(self.network(kind))

    def centrality(self, kind: str = "entity", *, top: int | None = 10) -> pd.DataFrame:
        """Degree, betweenness and PageRank; the brokers (highest betweenness) first."""
        from collabgraph.analysis.analyses import centrality

        return records_frame(centrality(self.network(kind), top=top))

    def path(
        self, first: str, second: str, *, exclude_groups: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """How two entities are connected: each hop with its relation and evidence sentence."""
        from collabgraph.analysis.analyses import path_between

        hops = path_between(self.entity_graph(), first, second, exclude_groups=exclude_groups)
        return records_frame(hops)

    def neighbours(self, name: str, depth: int = 1) -> pd.DataFrame:
        """Everything within ``depth`` hops of an entity, nearest first."""
        from collabgraph.analysis.analyses import neighbourhood

        around = neighbourhood(self.entity_graph(), name, depth)
        rows = [
            {
                "distance": data.get("distance"),
                "label": data.get("label"),
                "type": data.get("type"),
                "id": data.get("curie"),
            }
            for _, data in around.nodes(data=True)
        ]
        rows.sort(key=lambda r: (r["distance"], str(r["type"]), str(r["label"])))
        return records_frame(rows, ["distance", "label", "type", "id"])

    def communities(self, kind: str = "collaboration") -> pd.DataFrame:
        """Groups that form (Louvain modularity communities), largest first."""
        from collabgraph.analysis.analyses import communities

        rows = [
            {"community": number, "size": len(members), "members": "; ".join(members)}
            for number, members in enumerate(communities(self.network(kind)), start=1)
        ]
        return records_frame(rows, ["community", "size", "members"])

    def shared(self, first: str, second: str) -> pd.DataFrame:
        """What two entities share: networks, initiatives, places and partners."""
        from collabgraph.analysis.analyses import shared_between

        return records_frame(shared_between(self.entity_graph(), first, second))

    def profile(self, *names: str) -> pd.DataFrame:
        """Institutions side by side: networks, countries reached, partner types, money."""
        from collabgraph.analysis.analyses import profile

        return records_frame(profile(self.entity_graph(), names))

    def export_network(
        self, file: Path | str, fmt: str = "graphml", kind: str = "entity"
    ) -> list[Path]:
        """Write a projection as GraphML, GEXF, node and edge CSV or JSON into ``file``
        (for CSV, the name the node and edge files are made from); returns the files."""
        from collabgraph.analysis.exports import export_graph

        return export_graph(self.network(kind), fmt, Path(file))

    # --- maps ------------------------------------------------------------------------------------
    def map_view(
        self,
        name: str | None = None,
        *,
        depth: int = 1,
        groups: set[str] | None = None,
        max_nodes: int | None = None,
    ) -> MapView:
        """The map model of the whole graph, or of one entity's neighbourhood (``max_nodes``
        by default 150 on an institution's page, 800 elsewhere)."""
        from collabgraph.maps.view import entity_map, overview_map

        if name is None:
            return overview_map(self.entity_graph(), groups=groups, max_nodes=max_nodes)
        centre = str(self.entity(name).iri)
        graph = self._graph_around([centre], depth)
        return entity_map(graph, centre, depth=depth, groups=groups, max_nodes=max_nodes)

    def _graph_around(
        self, centres: list[str], depth: int, *, local_up_to: int | None = None
    ) -> nx.MultiDiGraph:
        """The entity graph, or (when it has not been projected yet) only the part within
        ``depth`` hops of the centres: on a graph of millions of facts, one entity's map
        reads its neighbourhood instead of all. An institution's page one step out needs
        two (the partners in its initiatives, the members of its networks). With
        ``local_up_to``, a first step that reaches more entities is cut from the whole
        projection instead."""
        from collabgraph.analysis.projection import Projection, entity_graph

        if self._projection is None:
            local = Projection.around(self.store, centres, depth)
            if local_up_to is None or len(local.nodes) <= local_up_to:
                if depth == 1:
                    groups = {local.nodes[c].get("group") for c in centres if c in local.nodes}
                    if groups == {"organisation"}:
                        local = Projection.around(self.store, centres, 2)
                return entity_graph(local)
        return self.entity_graph()

    def map(
        self,
        name: str | None = None,
        *,
        depth: int = 1,
        groups: set[str] | None = None,
        max_nodes: int | None = None,
    ) -> Map:
        """An interactive map that shows itself in a notebook and saves to an HTML file."""
        from collabgraph.maps.page import Map

        return Map(self.map_view(name, depth=depth, groups=groups, max_nodes=max_nodes))

    def to_pyvis(
        self,
        name: str | None = None,
        *,
        depth: int = 1,
        groups: set[str] | None = None,
        max_nodes: int | None = None,
    ) -> Any:
        """The map as a ``pyvis.network.Network`` (positions, colours and tooltips computed,
        physics off), ready for ``show()`` in Jupyter."""
        from collabgraph.maps.notebook import pyvis_network

        view = self.map_view(name, depth=depth, groups=groups, max_nodes=max_nodes)
        return pyvis_network(view)

    def compare(self, first: str, second: str) -> Map:
        """Two institutions side by side, what they share in the middle (units included)."""
        from collabgraph.maps.comparison import compare_map
        from collabgraph.maps.page import Map

        left, right = str(self.entity(first).iri), str(self.entity(second).iri)
        if left == right:
            raise CollabgraphError(f"{first!r} and {second!r} are the same entity: compare two")
        graph = self._graph_around([left, right], 1, local_up_to=_COMPARED_LOCALLY)
        return Map(compare_map(graph, left, right))

    def write_maps(
        self,
        folder: Path | str | None = None,
        *,
        depth: int = 1,
        groups: set[str] | None = None,
        views: Sequence[str] = SITE_VIEWS,
        max_nodes: int | None = None,
        top: int | None = None,
    ) -> SiteReport:
        """The map site: overview, a page per institution and per network, and an index
        (default folder: ``build/maps``)."""
        from collabgraph.maps.page import write_site

        target = Path(folder) if folder is not None else self.require_project().build_dir / "maps"
        return write_site(
            self.entity_graph(),
            target,
            depth=depth,
            groups=groups,
            views=tuple(views),
            max_nodes=max_nodes,
            facts=self.fact_count(),
            top=top,
        )

    def fact_count(self) -> int:
        """How many facts the graph holds (relations, counts and values; as the build counts)."""
        rows = run_query(self.store, "SELECT (COUNT(*) AS ?n) WHERE { ?fact a cg:Fact }").rows
        return int(str(rows[0][0]))
