"""Checks a graph must pass before it is written: references, vocabulary and SHACL."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from collabgraph.curation.compile import CLASS_HIERARCHY_GRAPH, ONTOLOGY_GRAPH, fact_iri
from collabgraph.curation.facts import Fact
from collabgraph.curation.registry import Registry
from collabgraph.curation.sources import Source
from collabgraph.errors import AnnotationError, CollabgraphError
from collabgraph.vocabulary import RELATIONS

__all__ = ["check_facts", "check_shacl", "check_sources", "check_vocabulary"]

_DECLARATIONS = {
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
}


def _resolve(
    registry: Registry, entity_id: str, fact: Fact, problems: list[CollabgraphError]
) -> str | None:
    try:
        return registry.get(entity_id, path=fact.path, line=fact.line).group
    except AnnotationError as problem:
        problems.append(problem)
        return None


def check_facts(facts: Iterable[Fact], registry: Registry) -> list[CollabgraphError]:
    """Every entity a fact names exists, objects fit their relation, no fact is stated twice."""
    problems: list[CollabgraphError] = []
    seen: dict[str, Fact] = {}
    for fact in facts:
        _resolve(registry, fact.subject, fact, problems)
        if fact.count_of is not None:
            _resolve(registry, fact.count_of, fact, problems)
        if fact.relation is not None and fact.object is not None:
            group = _resolve(registry, fact.object, fact, problems)
            allowed = RELATIONS[fact.relation].object_groups
            if group is not None and allowed is not None and group not in allowed:
                problems.append(
                    AnnotationError(
                        f"relation {fact.relation!r} needs an object of kind {' or '.join(sorted(allowed))}, "
                        f"but {fact.object!r} is a {group}",
                        path=fact.path,
                        line=fact.line,
                        entity=fact.object,
                    )
                )
        key = fact_iri(fact)
        if str(key) in seen:
            first = seen[str(key)]
            problems.append(
                AnnotationError(
                    f"duplicate fact (same as line {first.line})",
                    path=fact.path,
                    line=fact.line,
                    entity=fact.subject,
                )
            )
        seen[str(key)] = fact
    return problems


_PUBLISHER_GROUPS = {"organisation", "network"}
"""A publisher is an organisation (a network is one too): ``dcterms:publisher`` must be an
``org:Organization`` in the shapes."""


def check_sources(
    sources: Iterable[Source], registry: Registry, left_out: Iterable[str] = ()
) -> list[CollabgraphError]:
    """Publishers exist and are organisations (at the publisher's line); ``left_out`` are
    entities that exist but are left out (proposed ones). A duplicated document id is found
    where the files are read (one problem naming both files)."""
    unchecked = set(left_out)
    problems: list[CollabgraphError] = []
    for source in sources:
        path = source.annotation_file or source.path
        if source.publisher is None or source.publisher in unchecked:
            continue
        line = source.line_of("publisher")
        if source.publisher not in registry:
            hint = registry.closest(source.publisher)
            did_you_mean = f"; did you mean {', '.join(hint)}?" if hint else ""
            problems.append(
                AnnotationError(
                    f"unknown publisher {source.publisher!r}{did_you_mean}",
                    path=path,
                    line=line,
                    entity=source.publisher,
                )
            )
            continue
        publisher = registry.get(source.publisher)
        if publisher.group not in _PUBLISHER_GROUPS:
            problems.append(
                AnnotationError(
                    f"publisher {source.publisher!r} is a {publisher.type}, not an "
                    "organisation; a publisher is an organisation or a network",
                    path=path,
                    line=line,
                    entity=source.publisher,
                )
            )
    return problems


def check_vocabulary(dataset: Dataset) -> list[CollabgraphError]:
    """Every class and property the data uses is declared in the ontology."""
    ontology = dataset.graph(ONTOLOGY_GRAPH)
    declared = {s for s, _, o in ontology.triples((None, RDF.type, None)) if o in _DECLARATIONS}
    declared |= {RDF.type}
    problems: list[CollabgraphError] = []
    reported: set[Node] = set()
    for s, p, o, graph in dataset.quads((None, None, None, None)):
        if graph in (ONTOLOGY_GRAPH, CLASS_HIERARCHY_GRAPH):
            continue
        used = [p] + ([o] if p == RDF.type and isinstance(o, URIRef) else [])
        for term in used:
            if term not in declared and term not in reported:
                reported.add(term)
                kind = "class" if term is o else "property"
                problems.append(
                    CollabgraphError(f"undeclared {kind} {term} (used on {s} in graph {graph})")
                )
    return problems


def _union(dataset: Dataset) -> Graph:
    graph = Graph()
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    return graph


def check_shacl(
    dataset: Dataset, shapes: Graph, locations: dict[URIRef, tuple[Path, int]]
) -> list[CollabgraphError]:
    """SHACL validation of the union graph; each violation names the annotation line it stems from."""
    from pyshacl import validate as shacl_validate  # heavy: imported only when a build runs

    conforms, report, _ = shacl_validate(
        _union(dataset), shacl_graph=shapes, inference="none", abort_on_first=False
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    problems: list[CollabgraphError] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        text = f"SHACL: {message if isinstance(message, Literal) else 'constraint violated'} (focus {focus}"
        text += f", path {path})" if path is not None else ")"
        where = locations.get(focus) if isinstance(focus, URIRef) else None
        if where is not None:
            problems.append(AnnotationError(text, path=where[0], line=where[1]))
        else:
            problems.append(CollabgraphError(text))
    return sorted(problems, key=lambda p: p.message)
