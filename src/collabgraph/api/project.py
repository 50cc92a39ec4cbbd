"""The project's files: building, validating, adding and drafting documents, reviewing,
importing registries, searching entities, exporting and pushing the built graph.

What a curator does, as functions on a project folder (``path``: a folder, a project or
None for the project around the working directory)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collabgraph.api.frames import records_frame
from collabgraph.errors import CollabgraphError, ValidationFailed
from collabgraph.io import built_graph_file, export_dataset, load_built_graph
from collabgraph.project import Project, find_project
from collabgraph.sparql.catalogue import CatalogueQuery, catalogue
from collabgraph.sparql.remote import RemoteStore
from collabgraph.sparql.stats import STATS_QUERIES

if TYPE_CHECKING:
    import pandas as pd

    from collabgraph.curation.build import BuildReport, ValidationReport
    from collabgraph.curation.entities import EntityDetails
    from collabgraph.curation.imports import ImportResult
    from collabgraph.drafting.draft_items import DraftItem
    from collabgraph.drafting.drafts import AddedDocument, DraftReport
    from collabgraph.drafting.evaluation import Evaluation
    from collabgraph.drafting.review import ReviewDecision, ReviewReport
    from collabgraph.drafting.review_names import NewEntity
    from collabgraph.importers.stored import StoredImport

SITE_VIEWS = ("overview", "institutions", "networks")
STATS_TABLES = tuple(STATS_QUERIES)
NETWORK_KINDS = ("entity", "collaboration", "bipartite")


@dataclass(frozen=True)
class PushReport:
    """What :func:`push` loaded: how many quads (the named graphs, their union and its
    description), into which Graph Store Protocol endpoint."""

    quads: int
    graph_store: str


def build(*, path: Path | str | Project | None = None, drafts: bool = False) -> BuildReport:
    """Build and validate the project's graph (what ``collabgraph build`` does).

    ``drafts`` includes draft facts and proposed entities, marked ``cg:curationStatus``.
    """
    from collabgraph.curation.build import build as build_project

    return build_project(project_at(path), drafts=drafts)


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
        project_at(path),
        Path(file),
        publisher=publisher,
        language=language,
        url=url,
        doc_id=doc_id,
        title=title,
    )


def draft(
    doc_id: str, *, path: Path | str | Project | None = None, extractor: str = "rules"
) -> DraftReport:
    """Draft a document's facts and propose its new entities (``collabgraph draft``)."""
    from collabgraph.drafting.drafts import draft_document

    return draft_document(project_at(path), doc_id, extractor=extractor)


def drafts_of(doc_id: str, *, path: Path | str | Project | None = None) -> pd.DataFrame:
    """A document's draft facts, numbered as ``review`` numbers them."""
    from collabgraph.drafting.draft_items import draft_items

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
        for item in draft_items(project_at(path), doc_id)
    ]
    columns = ["number", "subject", "relation", "object", "confidence", "cue", "quote"]
    return records_frame(rows, columns)


def review_items(doc_id: str, *, path: Path | str | Project | None = None) -> list[DraftItem]:
    """A document's draft facts as ``review`` shows them, numbered from 1."""
    from collabgraph.drafting.draft_items import draft_items

    return draft_items(project_at(path), doc_id)


def review(
    doc_id: str,
    decisions: Mapping[int, ReviewDecision | Mapping[str, Any]] | None = None,
    *,
    path: Path | str | Project | None = None,
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
    from collabgraph.drafting.review import SAFE_CONFIDENCE, ReviewDecision, decide
    from collabgraph.drafting.review import accept_all as accept

    project = project_at(path)
    if accept_all:
        threshold = SAFE_CONFIDENCE if min_confidence is None else min_confidence
        return accept(project, doc_id, min_confidence=threshold)
    chosen = {number: ReviewDecision.of(d) for number, d in (decisions or {}).items()}
    return decide(project, doc_id, chosen)


def entity_for_name(name: str, *, path: Path | str | Project | None = None) -> str:
    """The id of the one entity ``name`` is (an id, or a name under the registry's name
    rules); an error naming the closest ids otherwise (what ``review`` checks at the prompt)."""
    from collabgraph.drafting.review_names import entity_for_name as entity_for

    return entity_for(project_at(path), name)


def new_entity(
    label: str,
    entity_type: str | None = None,
    entity_id: str | None = None,
    *,
    path: Path | str | Project | None = None,
) -> NewEntity:
    """An entity to create with a review decision (``new_entities``): its id a free slug of
    the label unless given, its type the kind its words say unless given."""
    from collabgraph.drafting.review_names import new_entity as make

    return make(project_at(path), label, entity_type, entity_id)


def glued_parts(name: str) -> list[str]:
    """The organisation names a glued name holds ("A en B"), or the name alone."""
    from collabgraph.drafting.review_names import glued_parts as parts

    return parts(name)


def evaluate(
    doc_id: str, gold: Path | str, *, path: Path | str | Project | None = None
) -> Evaluation:
    """A document's facts (drafts and accepted) against gold facts: precision, recall and
    F1 per relation and overall (``collabgraph evaluate``)."""
    from collabgraph.curation.annotations import read_annotations
    from collabgraph.curation.build import gather_entities
    from collabgraph.drafting.drafts import annotation_file_of
    from collabgraph.drafting.evaluation import evaluate_facts, read_gold

    project = project_at(path)
    _, facts, problems = read_annotations(annotation_file_of(project, doc_id))
    if problems:
        raise ValidationFailed(problems)
    return evaluate_facts(facts, gather_entities(project).registry, read_gold(Path(gold)))


def validate(
    files: Iterable[Path | str] | None = None,
    *,
    path: Path | str | Project | None = None,
    drafts: bool = False,
) -> ValidationReport:
    """Every check of the build on annotation ``files`` (default: all of them); writes nothing.

    On the whole project it refuses exactly what :func:`build` refuses (with ``drafts``,
    what ``build(drafts=True)`` refuses). Raises :class:`~collabgraph.errors.ValidationFailed`
    listing every problem.
    """
    from collabgraph.curation.build import validate as validate_files

    chosen = None if files is None else [Path(f) for f in files]
    return validate_files(project_at(path), chosen, drafts=drafts)


def export(fmt: str = "trig", *, path: Path | str | Project | None = None) -> bytes:
    """The whole built graph in an RDF format (ttl, trig, nq, nt, jsonld)."""
    return export_dataset(load_built_graph(project_at(path)), fmt)


def push(
    endpoint: str,
    graph_store: str | None = None,
    *,
    path: Path | str | Project | None = None,
    auth: tuple[str, str] | None = None,
    update: str | None = None,
    timeout: float | None = None,
) -> PushReport:
    """Load the built graph into a SPARQL server; the report says how many quads, and where.

    ``auth`` is a user name and password for servers that protect writes (Virtuoso's
    ``/sparql-graph-crud-auth``, GraphDB, Fuseki with a password file). ``update`` is the
    server's SPARQL Update endpoint (derived for Oxigraph and Virtuoso): each graph is sent
    to a staging graph and all are moved to their names once every one has arrived, so a
    push that fails leaves the server's graphs whole. ``timeout`` is how long each graph is
    waited for in seconds (None: a time that fits its size; 0: as long as it takes)."""
    if timeout is not None and timeout < 0:
        raise CollabgraphError(f"timeout must be 0 or more seconds, not {timeout:g}")
    store = RemoteStore(endpoint, graph_store, auth=auth, update=update)
    loaded = store.load_file(built_graph_file(project_at(path)), wait=timeout)
    return PushReport(quads=loaded, graph_store=str(store.graph_store))


def catalogue_of(*, path: Path | str | Project | None = None) -> dict[str, CatalogueQuery]:
    """The catalogue's questions: the built-in ones and the project's ``queries/*.rq``."""
    project = project_if_any(path)
    return catalogue(project.queries_dir if project is not None else None)


def import_ror(
    source: Path | str,
    *,
    path: Path | str | Project | None = None,
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
    *,
    path: Path | str | Project | None = None,
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

    project = project_at(path)
    known = gather_entities(project)
    return store_import(
        project, stored, known.registry, known.facts, known.identifiers, replace_newer=replace_newer
    )


def search_entities(
    text: str, *, path: Path | str | Project | None = None, limit: int = 10
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
    project = project_at(path)
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


def entity_details(entity_id: str, *, path: Path | str | Project | None = None) -> EntityDetails:
    """One entity of the project: its names, where it is defined, the facts that use it."""
    from collabgraph.curation.build import gather_entities
    from collabgraph.curation.entities import entity_details as details

    known = gather_entities(project_at(path))
    return details(known.registry, known.facts, entity_id, known.identifiers)


def project_at(path: Path | str | Project | None) -> Project:
    """The project at ``path`` (a folder or a project), or the one around the working folder."""
    return path if isinstance(path, Project) else find_project(path)


def project_if_any(path: Path | str | Project | None) -> Project | None:
    """The project at ``path``; with no ``path``, the one around the working folder or none."""
    try:
        return project_at(path)
    except CollabgraphError:
        if path is not None:
            raise
        return None
