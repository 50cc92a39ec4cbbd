"""The Python API: what the CLI, the server and the notebooks use, and all they use.

Module functions work on a project's files (``build``, ``validate``, ``export``, ``push``,
``catalogue``); :class:`CollabGraph` is the built graph on a store: SPARQL, entities,
evidence, network analysis and maps. Heavy libraries (pandas, networkx, pySHACL, pyvis) are
imported by the methods that need them, so importing this module stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from collabgraph.errors import CollabgraphError, UnknownNameError, ValidationFailed
from collabgraph.io import NETWORK_FORMATS, built_graph_file, export_dataset, load_built_graph
from collabgraph.project import Project, find_project
from collabgraph.sparql.catalogue import CatalogueQuery, QueryRequest, catalogue, resolve_query
from collabgraph.sparql.lookup import EntityNames, EntityRef, all_entity_names, resolve_entity
from collabgraph.sparql.prepare import (
    ParameterError,
    checked_iri,
    paged,
    parse_term,
    prepare_query,
    run_query,
    with_prefixes,
)
from collabgraph.sparql.results import QueryResult
from collabgraph.sparql.stats import STATS_QUERIES, graph_stats
from collabgraph.sparql.store import STORE_KINDS, RemoteStore, Store, open_store, oxigraph_store_for

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from collabgraph.analysis.projection import Projection
    from collabgraph.curation.build import BuildReport, ValidationReport
    from collabgraph.curation.entities import EntityDetails
    from collabgraph.curation.imports import ImportResult
    from collabgraph.drafting.drafts import (
        AddedDocument,
        DraftItem,
        DraftReport,
        NewEntity,
        ReviewDecision,
        ReviewReport,
    )
    from collabgraph.drafting.evaluation import Evaluation
    from collabgraph.importers.stored import StoredImport
    from collabgraph.maps.page import Map, SiteReport
    from collabgraph.maps.view import MapView

__all__ = [
    "NETWORK_FORMATS",
    "NETWORK_KINDS",
    "SITE_VIEWS",
    "STATS_TABLES",
    "STORE_KINDS",
    "CatalogueQuery",
    "CollabGraph",
    "EntityRef",
    "QueryResult",
    "add_document",
    "build",
    "catalogue_of",
    "declare_prefixes",
    "draft",
    "drafts_of",
    "entity_details",
    "entity_for_name",
    "evaluate",
    "export",
    "frame_records",
    "glued_parts",
    "import_cordis",
    "import_ror",
    "load",
    "name_index_of",
    "new_entity",
    "persistent_store",
    "push",
    "records_frame",
    "review",
    "review_items",
    "search_entities",
    "validate",
]

SITE_VIEWS = ("overview", "institutions", "networks")
STATS_TABLES = tuple(STATS_QUERIES)
NETWORK_KINDS = ("entity", "collaboration", "bipartite")
_COMPARED_LOCALLY = 32
"""Entities one step around two compared institutions up to which their page is read from
the store; beyond, from the whole projection. The comparison lists the countries of every
entity on it with the facts that place them, one step further than its two-step
neighbourhood, which a local read does not hold yet."""


def load(
    path: Path | str | None = None, *, store: str = "memory", endpoint: str | None = None
) -> CollabGraph:
    """The project's knowledge graph on a store, built first if it has not been built yet.

    ``path`` is the project folder (default: the one around the working folder);
    ``store`` is ``memory`` (pyoxigraph in process), ``rdflib`` or ``oxigraph`` (persistent);
    ``endpoint`` queries a remote SPARQL 1.1 server instead.
    """
    return CollabGraph.open(path, store=store, endpoint=endpoint)


def build(path: Path | str | Project | None = None, *, drafts: bool = False) -> BuildReport:
    """Build and validate the project's graph (what ``collabgraph build`` does).

    ``drafts`` includes draft facts and proposed entities, marked ``cg:curationStatus``.
    """
    from collabgraph.curation.build import build as build_project

    return build_project(_project(path), drafts=drafts)


def add_document(
    file: Path | str,
    *,
    publisher: str,
    language: str,
    url: str | None = None,
    doc_id: str | None = None,
    title: str | None = None,
    path: Path | str | Project | None = None,
) -> AddedDocument:
    """Store a document's text (.txt, .html or .pdf) and start its annotation file
    (what ``collabgraph add`` does); an unknown publisher is proposed as a new entity."""
    from collabgraph.drafting.drafts import add_document as add

    return add(
        _project(path),
        Path(file),
        publisher=publisher,
        language=language,
        url=url,
        doc_id=doc_id,
        title=title,
    )


def draft(
    doc_id: str, path: Path | str | Project | None = None, *, extractor: str = "rules"
) -> DraftReport:
    """Draft a document's facts and propose its new entities (``collabgraph draft``)."""
    from collabgraph.drafting.drafts import draft_document

    return draft_document(_project(path), doc_id, extractor=extractor)


def drafts_of(doc_id: str, path: Path | str | Project | None = None) -> pd.DataFrame:
    """A document's draft facts, numbered as ``review`` numbers them."""
    from collabgraph.drafting.drafts import draft_items

    rows = [
        {
            "number": item.number,
            "subject": item.subject,
            "relation": item.fields.get("relation", item.fields.get("attribute")),
            "object": item.fields.get("object", item.fields.get("value")),
            "confidence": item.confidence,
            "cue": item.fields.get("cue"),
            "quote": item.quote,
        }
        for item in draft_items(_project(path), doc_id)
    ]
    columns = ["number", "subject", "relation", "object", "confidence", "cue", "quote"]
    return records_frame(rows, columns)


def review_items(doc_id: str, path: Path | str | Project | None = None) -> list[DraftItem]:
    """A document's draft facts as ``review`` shows them, numbered from 1."""
    from collabgraph.drafting.drafts import draft_items

    return draft_items(_project(path), doc_id)


def review(
    doc_id: str,
    decisions: Mapping[int, ReviewDecision | Mapping[str, Any]] | None = None,
    path: Path | str | Project | None = None,
    *,
    accept_all: bool = False,
    min_confidence: float | None = None,
) -> ReviewReport:
    """Accept or reject drafts by number (or all at or above ``min_confidence``, by default
    0.5: the rest are left for review, and the report counts them).

    A decision is a :class:`ReviewDecision` or a mapping such as ``{"status": "accepted",
    "object": "ku-leuven"}`` (``also`` and ``new_entities`` split a glued name or create an
    entity); all land together, checked, or none does. A proposed entity no fact names any
    more is removed; a changed relation drops the draft's cue and confidence.
    """
    from collabgraph.drafting.drafts import SAFE_CONFIDENCE, ReviewDecision, decide
    from collabgraph.drafting.drafts import accept_all as accept

    project = _project(path)
    if accept_all:
        threshold = SAFE_CONFIDENCE if min_confidence is None else min_confidence
        return accept(project, doc_id, min_confidence=threshold)
    chosen = {number: ReviewDecision.of(d) for number, d in (decisions or {}).items()}
    return decide(project, doc_id, chosen)


def entity_for_name(name: str, path: Path | str | Project | None = None) -> str:
    """The id of the one entity ``name`` is (an id, or a name under the registry's name
    rules); an error naming the closest ids otherwise (what ``review`` checks at the prompt)."""
    from collabgraph.drafting.drafts import entity_for_name as entity_for

    return entity_for(_project(path), name)


def new_entity(
    label: str,
    entity_type: str | None = None,
    entity_id: str | None = None,
    path: Path | str | Project | None = None,
) -> NewEntity:
    """An entity to create with a review decision (``new_entities``): its id a free slug of
    the label unless given, its type the kind its words say unless given."""
    from collabgraph.drafting.drafts import new_entity as make

    return make(_project(path), label, entity_type, entity_id)


def glued_parts(name: str) -> list[str]:
    """The organisation names a glued name holds ("A en B"), or the name alone."""
    from collabgraph.drafting.drafts import glued_parts as parts

    return parts(name)


def evaluate(doc_id: str, gold: Path | str, path: Path | str | Project | None = None) -> Evaluation:
    """A document's facts (drafts and accepted) against gold facts: precision, recall and
    F1 per relation and overall (``collabgraph evaluate``)."""
    from collabgraph.curation.annotations import read_annotations
    from collabgraph.curation.build import gather_entities
    from collabgraph.drafting.drafts import _annotation_file
    from collabgraph.drafting.evaluation import evaluate_facts, read_gold

    project = _project(path)
    _, facts, problems = read_annotations(_annotation_file(project, doc_id))
    if problems:
        raise ValidationFailed(problems)
    return evaluate_facts(facts, gather_entities(project).registry, read_gold(Path(gold)))


def validate(
    files: Iterable[Path | str] | None = None,
    path: Path | str | Project | None = None,
    *,
    drafts: bool = False,
) -> ValidationReport:
    """Every check of the build on annotation ``files`` (default: all of them); writes nothing.

    On the whole project it refuses exactly what :func:`build` refuses (with ``drafts``,
    what ``build(drafts=True)`` refuses). Raises :class:`~collabgraph.errors.ValidationFailed`
    listing every problem.
    """
    from collabgraph.curation.build import validate as validate_files

    chosen = None if files is None else [Path(f) for f in files]
    return validate_files(_project(path), chosen, drafts=drafts)


def export(fmt: str = "trig", path: Path | str | Project | None = None) -> bytes:
    """The whole built graph in an RDF format (ttl, trig, nq, nt, jsonld)."""
    return export_dataset(load_built_graph(_project(path)), fmt)


def push(
    endpoint: str,
    graph_store: str | None = None,
    path: Path | str | Project | None = None,
    *,
    auth: tuple[str, str] | None = None,
    update: str | None = None,
    timeout: float | None = None,
) -> tuple[int, str]:
    """Load the built graph into a SPARQL server; returns the quads loaded and where.

    ``auth`` is a user name and password for servers that protect writes (Virtuoso's
    ``/sparql-graph-crud-auth``, GraphDB, Fuseki with a password file). ``update`` is the
    server's SPARQL Update endpoint (derived for Oxigraph and Virtuoso): each graph is sent
    to a staging graph and all are moved to their names once every one has arrived, so a
    push that fails leaves the server's graphs whole. ``timeout`` is how long each graph is
    waited for in seconds (None: a time that fits its size; 0: as long as it takes)."""
    if timeout is not None and timeout < 0:
        raise CollabgraphError(f"timeout must be 0 or more seconds, not {timeout:g}")
    store = RemoteStore(endpoint, graph_store, auth=auth, update=update)
    loaded = store.load_file(built_graph_file(_project(path)), wait=timeout)
    return loaded, str(store.graph_store)


def catalogue_of(path: Path | str | Project | None = None) -> dict[str, CatalogueQuery]:
    """The catalogue's questions: the built-in ones and the project's ``queries/*.rq``."""
    try:
        project = _project(path)
    except CollabgraphError:
        if path is not None:
            raise
        return catalogue()
    return catalogue(project.queries_dir)


def import_ror(
    source: Path | str,
    path: Path | str | Project | None = None,
    *,
    everything: bool = False,
    replace_newer: bool = False,
) -> ImportResult:
    """Import a ROR v2 dump (``.json`` or ``.zip``) or a folder of ROR records into
    ``data/imports/ror.json.gz`` (what ``collabgraph import ror`` does). By default only the
    records the project refers to enter the graph; ``everything`` brings in all of them."""
    from collabgraph.importers.ror import read_ror

    return _store_import(read_ror(Path(source), everything=everything), path, replace_newer)


def import_cordis(
    sources: Sequence[Path | str],
    path: Path | str | Project | None = None,
    *,
    name: str | None = None,
    replace_newer: bool = False,
) -> ImportResult:
    """Import CORDIS project and organisation tables (CSV, JSON or XLSX; files, folders or
    zips) into ``data/imports/cordis-<programme>.json.gz`` (``collabgraph import cordis``)."""
    from collabgraph.importers.cordis import read_cordis

    if not sources:
        raise CollabgraphError("give the CORDIS project and organization tables to import")
    stored = read_cordis([Path(s) for s in sources], name=name)
    return _store_import(stored, path, replace_newer)


def _store_import(
    stored: StoredImport, path: Path | str | Project | None, replace_newer: bool
) -> ImportResult:
    from collabgraph.curation.build import gather_entities
    from collabgraph.curation.imports import store_import

    project = _project(path)
    known = gather_entities(project)
    return store_import(
        project, stored, known.registry, known.facts, known.identifiers, replace_newer=replace_newer
    )


def search_entities(
    text: str, path: Path | str | Project | None = None, *, limit: int = 10
) -> pd.DataFrame:
    """The project's entities that best match ``text`` (label, alias, other-language label,
    acronym, ROR or Wikidata id; accents and case ignored), best first, with where each is
    defined and how many facts use it; imported ROR records the graph does not hold yet are
    found too (id ``ror:<id>``). Works on the files: no build needed."""
    from collabgraph.curation.build import gather_entities
    from collabgraph.curation.entities import search_entities as search
    from collabgraph.curation.imports import index_entities

    if not text.strip():
        raise CollabgraphError("give a name, acronym or identifier to search for")
    project = _project(path)
    known = gather_entities(project)
    for entity in index_entities(project, known.registry, known.facts, known.identifiers):
        known.registry.add(entity)
    hits = search(known.registry, known.facts, text, known.identifiers, limit=limit)
    rows = [
        {
            "id": hit.id,
            "type": hit.type,
            "label": hit.label,
            "matched": hit.matched,
            "score": hit.score,
            "other_names": "; ".join(hit.names),
            "defined": hit.defined,
            "facts": hit.facts,
        }
        for hit in hits
    ]
    columns = ["id", "type", "label", "matched", "score", "other_names", "defined", "facts"]
    return records_frame(rows, columns)


def entity_details(entity_id: str, path: Path | str | Project | None = None) -> EntityDetails:
    """One entity of the project: its names, where it is defined, the facts that use it."""
    from collabgraph.curation.build import gather_entities
    from collabgraph.curation.entities import entity_details as details

    known = gather_entities(_project(path))
    return details(known.registry, known.facts, entity_id, known.identifiers)


def persistent_store(path: Path | str | Project | None = None) -> Path:
    """The folder of the persistent Oxigraph store of the built graph, loaded if stale."""
    store = oxigraph_store_for(_project(path))
    location = store.path
    store.close()
    if location is None:
        raise CollabgraphError("the persistent store has no folder")
    return location


def name_index_of(store_folder: Path) -> Path | None:
    """The table of names a persistent store keeps beside its data (None if it has none)."""
    from collabgraph.sparql.nameindex import index_in

    return index_in(store_folder)


def declare_prefixes(query: str) -> tuple[str, int]:
    """The query with the project's prefixes it lacks declared on one added first line;
    also how many lines were added (to map an engine's error positions back)."""
    return with_prefixes(query)


def _project(path: Path | str | Project | None) -> Project:
    return path if isinstance(path, Project) else find_project(path)


def records_frame(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Records as a DataFrame that gives them back unchanged: a column with a missing value
    stays ``object`` (no NaN, no int turned float), the others get their natural dtype."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(columns) if columns else None, dtype=object)
    complete = [name for name in frame.columns if not frame[name].isna().any()]
    if complete:
        frame[complete] = frame[complete].infer_objects()
    return frame


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a DataFrame as plain Python values (the inverse of :func:`records_frame`)."""
    return [
        {key: value.item() if hasattr(value, "item") else value for key, value in row.items()}
        for row in frame.to_dict("records")
    ]


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


def merged_params(
    params: Mapping[str, Any] | None, keyword_params: Mapping[str, Any]
) -> dict[str, Any]:
    """Parameters given as a mapping and as keywords; a name given both ways is an error."""
    twice = sorted(set(params or {}) & set(keyword_params))
    if twice:
        raise ParameterError(
            f"parameter `{twice[0]}` is given twice (in params and as a keyword argument)"
        )
    return {**(params or {}), **keyword_params}


def _given_term(value: Any) -> Node:
    return value if isinstance(value, Node) else parse_term(str(value))


def _named(name: str, make: Callable[[Any], Node], value: Any) -> Node:
    """``make(value)``; its error, if any, says which parameter it is about."""
    try:
        return make(value)
    except CollabgraphError as error:
        error.message = f"parameter `{name}`: {error.message}"
        error.args = (error.message,)
        raise


class CollabGraph:
    """The collaboration knowledge graph on one store.

    >>> import collabgraph
    >>> graph = collabgraph.load()                       # builds the graph if needed
    >>> graph.query("members-of", network="LERU")        # a catalogue question -> DataFrame
    """

    def __init__(self, store: Store, project: Project | None = None) -> None:
        self.store = store
        self.project = project
        self._names: EntityNames | None = None
        self._found: dict[str, EntityRef] = {}
        self._projection: Projection | None = None

    @classmethod
    def open(
        cls,
        path: Path | str | Project | None = None,
        *,
        store: str = "memory",
        endpoint: str | None = None,
        build_if_needed: bool = True,
        auth: tuple[str, str] | None = None,
    ) -> CollabGraph:
        """The project's graph (``path`` or the project around the working folder)."""
        project = _project(path)
        if endpoint is None and build_if_needed and not project.graph_file.is_file():
            build(project)
        return cls(open_store(project, store, endpoint=endpoint, auth=auth), project)

    @classmethod
    def on_endpoint(
        cls,
        endpoint: str,
        project: Project | None = None,
        *,
        timeout: float = 60.0,
        auth: tuple[str, str] | None = None,
        name_index: Path | None = None,
    ) -> CollabGraph:
        """The graph on a remote SPARQL 1.1 endpoint (``project`` adds its own questions;
        ``name_index``: the table of names of the persistent store the endpoint serves, see
        :func:`name_index_of`, so a name is looked up there instead of by query)."""
        store = RemoteStore(endpoint, timeout=timeout, auth=auth)
        store.name_index = name_index
        return cls(store, project)

    def __repr__(self) -> str:
        return f"<CollabGraph on {self.store.describe()}>"

    # --- building ------------------------------------------------------------------------
    def rebuild(self) -> BuildReport:
        """Build the project's graph again and reopen the store on it; the store it replaces
        is closed (its worker process, if it has one, ends)."""
        project = self.require_project()
        report = build(project)
        replaced = self.store
        self.store = open_store(project, replaced.kind if replaced.kind != "remote" else "memory")
        replaced.close()
        self._names = None
        self._found = {}
        self._projection = None
        return report

    def require_project(self) -> Project:
        if self.project is None:
            raise CollabgraphError("this graph has no project folder")
        return self.project

    def export(self, fmt: str = "trig") -> bytes:
        """The whole built graph in an RDF format (ttl, trig, nq, nt, jsonld)."""
        return export_dataset(load_built_graph(self.require_project()), fmt)

    def push(
        self,
        endpoint: str,
        graph_store: str | None = None,
        *,
        auth: tuple[str, str] | None = None,
    ) -> tuple[int, str]:
        """Load the built graph into a SPARQL server (Graph Store Protocol)."""
        return push(endpoint, graph_store, self.require_project(), auth=auth)

    # --- entities ------------------------------------------------------------------------
    def entity_names(self) -> EntityNames:
        if self._names is None:
            self._names = all_entity_names(self.store)
        return self._names

    def entity(self, name: str) -> EntityRef:
        """The entity called ``name`` (label, alias, Dutch name, id or IRI; case-insensitive).

        Each name is looked up once per graph: a question asked again (a notebook cell, the
        server's catalogue route) does not pay the lookup again."""
        if name not in self._found:
            if len(self._found) >= _NAMES_REMEMBERED:
                self._found.clear()
            self._found[name] = resolve_entity(self.store, name, self._names)
        return self._found[name]

    # --- SPARQL ----------------------------------------------------------------------------
    def catalogue(self) -> dict[str, CatalogueQuery]:
        """The catalogue's questions, the project's own included."""
        return catalogue(self.project.queries_dir if self.project else None)

    def bindings(self, request: QueryRequest, params: Mapping[str, Any]) -> dict[str, Node]:
        """Typed terms for the parameters (catalogue defaults filled in, entities looked up).

        A value that cannot be bound is an error that names its parameter."""
        if request.entry is None:
            return {name: _named(name, _given_term, value) for name, value in params.items()}
        entry = request.entry
        declared = {p.name: p for p in entry.parameters}
        unknown = [name for name in params if name not in declared]
        if unknown:
            raise UnknownNameError(f"parameter of {entry.name}", unknown[0], declared)
        bound: dict[str, Node] = {}
        for name, parameter in declared.items():
            value = params.get(name, parameter.default)
            if value is None:
                raise ParameterError(
                    f"catalogue query {entry.name} needs a value for parameter `{name}`"
                )
            bound[name] = _named(name, partial(self._term, parameter.kind), value)
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
            return checked_iri(str(value).strip().removeprefix("<").removesuffix(">"))
        return Literal(str(value))

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
        """Run inline SPARQL, a ``.rq`` file or a catalogue question; results as rdflib terms.

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

    def summary(self, kind: str = "entity") -> dict[str, Any]:
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
        self, path: Path | str, fmt: str = "graphml", kind: str = "entity"
    ) -> list[Path]:
        """Write a projection as GraphML, GEXF, node and edge CSV or JSON; returns the files."""
        from collabgraph.analysis.exports import export_graph

        return export_graph(self.network(kind), fmt, Path(path))

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
