"""Compile registry, sources, facts and identifiers into one RDF dataset.

Named graphs: ``cgg:ontology`` (the ontology), ``cgg:registry`` (entities the curators
declared, with labels), one graph per source document (its description, its facts and their
shortcut triples) and one per reference file (likewise, every fact typed cg:ReferenceFact).

``cgg:class-hierarchy`` holds the RDFS entailments of the class hierarchy: every class
the ontology names or the data uses is a subclass of itself and of each of its ancestors. So
a query tests membership in one step, ``?x a/rdfs:subClassOf org:FormalOrganization``,
and needs no second transitive path beside ``org:subOrganizationOf*``: engines evaluate one
such path alike, two in one query not always (Virtuoso 7.2 drops rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from collabgraph.curation.facts import DateValue, Fact, Money
from collabgraph.curation.reference import Identifier, row_in_words
from collabgraph.curation.registry import Entity, Registry
from collabgraph.curation.sources import Quote, Source
from collabgraph.namespace import CG, DATA, DCTERMS, GRAPH, OA, ORG, PREFIXES, PROV, SCHEMA
from collabgraph.vocabulary import (
    APPROXIMATIONS,
    ATTRIBUTES,
    ENTITY_TYPES,
    RELATIONS,
    ROLES,
    ValueKind,
)

__all__ = [
    "CLASS_HIERARCHY_GRAPH",
    "ONTOLOGY_GRAPH",
    "REGISTRY_GRAPH",
    "class_hierarchy",
    "compile_dataset",
    "fact_iri",
    "new_dataset",
]

ONTOLOGY_GRAPH = GRAPH["ontology"]
REGISTRY_GRAPH = GRAPH["registry"]
CLASS_HIERARCHY_GRAPH = GRAPH["class-hierarchy"]


def new_dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    return dataset


def fact_iri(fact: Fact) -> URIRef:
    return DATA[f"fact/{fact.source.id}/{fact.key()}"]


def _evidence_iri(source: Source, quote: Quote) -> URIRef:
    return DATA[f"evidence/{source.id}/{quote.start}-{quote.end}"]


def _add_entity(graph: Graph, entity: Entity) -> None:
    iri = entity.iri
    for cls in ENTITY_TYPES[entity.type].classes:
        graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(entity.label)))
    graph.add((iri, SKOS.prefLabel, Literal(entity.label, lang="en")))
    for alias in entity.aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias)))
    for language, label in entity.labels:
        graph.add((iri, SKOS.prefLabel, Literal(label, lang=language)))
    if entity.notation is not None:
        graph.add((iri, SKOS.notation, Literal(entity.notation)))
    if entity.status == "proposed":
        graph.add((iri, CG.curationStatus, Literal("proposed")))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _add_source(graph: Graph, source: Source, registry: Registry, root: Path) -> None:
    iri = source.iri
    is_document = source.kind == "document"
    graph.add((iri, RDF.type, CG.SourceDocument if is_document else CG.ReferenceDataset))
    if is_document:
        graph.add((iri, RDF.type, SCHEMA.WebPage))
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, DCTERMS.title, Literal(source.title)))
    graph.add((iri, RDFS.label, Literal(source.title)))
    graph.add((iri, CG.sourceFile, Literal(_relative(source.path, root))))
    graph.add((iri, CG.sha256, Literal(source.sha256)))
    if source.publisher is not None and source.publisher in registry:
        graph.add((iri, DCTERMS.publisher, registry.get(source.publisher).iri))
    if source.language is not None:
        graph.add((iri, DCTERMS.language, Literal(source.language)))
    if source.original_file is not None:
        graph.add((iri, CG.originalFile, Literal(source.original_file)))
    if source.cited_source is not None:
        graph.add((iri, DCTERMS.source, Literal(source.cited_source)))
    if source.description is not None:
        graph.add((iri, DCTERMS.description, Literal(source.description)))
    if source.url is not None:
        graph.add((iri, SCHEMA.url, URIRef(source.url)))
    if source.retrieved is not None:
        graph.add((iri, CG.retrievedOn, Literal(source.retrieved, datatype=XSD.date)))


def _add_evidence(graph: Graph, source: Source, quote: Quote) -> URIRef:
    """A document's sentence as a Web Annotation quote and position; a reference file's row
    as a source record cited in words (its position kept), like an imported record's."""
    iri = _evidence_iri(source, quote)
    graph.add((iri, RDF.type, OA.TextPositionSelector))
    if source.kind == "reference":
        graph.add((iri, RDF.type, CG.SourceRecord))
        graph.add((iri, CG.recordKey, Literal(row_in_words(source, quote))))
    else:
        graph.add((iri, RDF.type, OA.TextQuoteSelector))
        graph.add((iri, OA.exact, Literal(quote.exact)))
        graph.add((iri, OA.prefix, Literal(quote.prefix)))
        graph.add((iri, OA.suffix, Literal(quote.suffix)))
    graph.add((iri, OA.start, Literal(quote.start, datatype=XSD.nonNegativeInteger)))
    graph.add((iri, OA.end, Literal(quote.end, datatype=XSD.nonNegativeInteger)))
    graph.add((iri, CG.line, Literal(quote.line)))
    graph.add((iri, CG.inDocument, source.iri))
    return iri


def _add_money(graph: Graph, node: URIRef, money: Money) -> None:
    graph.add((node, RDF.type, SCHEMA.MonetaryAmount))
    graph.add((node, SCHEMA.value, Literal(money.value, datatype=XSD.decimal)))
    graph.add((node, SCHEMA.currency, Literal(money.currency)))


def _date(graph: Graph, node: URIRef, prop: URIRef, value: DateValue | None) -> None:
    if value is not None:
        graph.add((node, prop, value.literal()))


def _add_relationship(graph: Graph, node: URIRef, fact: Fact, registry: Registry) -> None:
    assert fact.relation is not None and fact.object is not None
    relation = RELATIONS[fact.relation]
    subject, obj = registry.get(fact.subject).iri, registry.get(fact.object).iri
    graph.add((node, RDF.type, CG.Relationship))
    graph.add((node, CG.object, obj))
    graph.add((node, CG.relation, relation.shortcut))
    role = ROLES[fact.role] if fact.role else relation.default_role
    if role is not None:
        graph.add((node, ORG.role, role))
    graph.add((subject, relation.shortcut, obj))
    if relation.inverse is not None:
        graph.add((obj, relation.inverse, subject))
    if relation.symmetric:
        graph.add((obj, relation.shortcut, subject))


def _value_literal(fact: Fact) -> Literal:
    kind = ATTRIBUTES[fact.attribute or ""].kind
    if isinstance(fact.value, DateValue):
        return fact.value.literal()
    if kind is ValueKind.COUNT:
        return Literal(fact.value, datatype=XSD.integer)
    if kind is ValueKind.BOOLEAN:
        return Literal(bool(fact.value))
    return Literal(str(fact.value))


def _add_measurement(graph: Graph, node: URIRef, fact: Fact, registry: Registry) -> None:
    attribute = ATTRIBUTES[fact.attribute or ""]
    subject = registry.get(fact.subject).iri
    graph.add((node, RDF.type, CG.Measurement))
    graph.add((node, CG.attribute, attribute.shortcut))
    if fact.role is not None:  # "of which we coordinate two": the role qualifies the count
        graph.add((node, ORG.role, ROLES[fact.role]))
    if isinstance(fact.value, Money):
        _add_money(graph, node, fact.value)
        graph.add((subject, attribute.shortcut, node))
        return
    value = _value_literal(fact)
    if attribute.kind is ValueKind.COUNT:
        graph.add((node, RDF.type, SCHEMA.QuantitativeValue))
    graph.add((node, SCHEMA.value, value))
    graph.add((subject, attribute.shortcut, value))


def _add_qualifiers(graph: Graph, node: URIRef, fact: Fact, registry: Registry) -> None:
    _date(graph, node, CG.startDate, fact.start)
    _date(graph, node, CG.endDate, fact.end)
    _date(graph, node, CG.date, fact.date)
    texts = {
        CG.roleLabel: fact.role_label,
        CG.dateText: fact.date_text,
        CG.note: fact.note,
        SCHEMA.unitText: fact.unit,
    }
    for prop, text in texts.items():
        if text is not None:
            graph.add((node, prop, Literal(text)))
    if fact.approximation is not None:
        graph.add((node, CG.approximation, APPROXIMATIONS[fact.approximation]))
    if fact.out_of is not None:
        graph.add((node, CG.outOf, Literal(fact.out_of, datatype=XSD.integer)))
    if fact.count_of is not None:
        graph.add((node, CG.countOf, registry.get(fact.count_of).iri))
    if fact.amount is not None:
        amount_node = URIRef(f"{node}/amount")
        _add_money(graph, amount_node, fact.amount)
        graph.add((node, CG.amount, amount_node))


def _add_wording(graph: Graph, entity: Entity, text: str | None) -> None:
    """How the document names an entity, where that is a name of its own ("Imperial" for
    Imperial College London): a skos:hiddenLabel in the document's graph, so the graph shows
    the page's wording (and search finds it) without making it a display name."""
    from collabgraph.names import normalise

    if not text or not any(c.isupper() or c.isdigit() for c in text):
        return
    if normalise(text) in {normalise(name) for name in entity.names()}:
        return
    graph.add((entity.iri, SKOS.hiddenLabel, Literal(text)))


def _add_fact(graph: Graph, fact: Fact, registry: Registry) -> URIRef:
    node = fact_iri(fact)
    _add_wording(graph, registry.get(fact.subject), fact.subject_text)
    if fact.object is not None:
        _add_wording(graph, registry.get(fact.object), fact.object_text)
    graph.add((node, RDF.type, CG.Fact))
    if fact.is_reference:
        graph.add((node, RDF.type, CG.ReferenceFact))
    if fact.is_draft:
        graph.add((node, CG.curationStatus, Literal("draft")))
    graph.add((node, CG.subject, registry.get(fact.subject).iri))
    graph.add((node, PROV.wasDerivedFrom, fact.source.iri))
    graph.add((node, CG.evidence, _add_evidence(graph, fact.source, fact.quote)))
    if fact.relation is not None:
        _add_relationship(graph, node, fact, registry)
    else:
        _add_measurement(graph, node, fact, registry)
    _add_qualifiers(graph, node, fact, registry)
    return node


def compile_dataset(
    *,
    ontology: Graph,
    registry: Registry,
    sources: Iterable[Source],
    facts: Iterable[Fact],
    identifiers: Iterable[Identifier],
    root: Path,
) -> Dataset:
    """The whole knowledge graph. Entity ids in facts must already be checked."""
    dataset = new_dataset()
    ontology_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in ontology:
        ontology_graph.add(triple)
    sources = list(sources)
    by_id = {source.id: source for source in sources}
    for source in sources:
        _add_source(dataset.graph(source.graph), source, registry, root)
    registry_graph = dataset.graph(REGISTRY_GRAPH)
    for entity in registry:
        origin = by_id.get(entity.origin)
        _add_entity(dataset.graph(origin.graph) if origin else registry_graph, entity)
    for fact in facts:
        _add_fact(dataset.graph(fact.source.graph), fact, registry)
    for identifier in identifiers:
        graph = dataset.graph(identifier.source.graph)
        subject = registry.get(identifier.entity).iri
        graph.add((subject, OWL.sameAs, identifier.iri))
        graph.add((subject, SCHEMA.sameAs, identifier.iri))
    used = {o for _, _, o, g in dataset.quads((None, RDF.type, None, None)) if g != ONTOLOGY_GRAPH}
    hierarchy = dataset.graph(CLASS_HIERARCHY_GRAPH)
    for triple in class_hierarchy(ontology, used):
        hierarchy.add(triple)
    return dataset


def class_hierarchy(
    ontology: Graph, used: Iterable[object] = ()
) -> Iterable[tuple[URIRef, URIRef, URIRef]]:
    """``C rdfs:subClassOf A`` for every class C (named by the ontology or in ``used``) and
    every A among C itself and its ancestors."""
    classes = {c for c in used if isinstance(c, URIRef)}
    for subclass, _, superclass in ontology.triples((None, RDFS.subClassOf, None)):
        classes.update(c for c in (subclass, superclass) if isinstance(c, URIRef))
    for kind in (OWL.Class, RDFS.Class):
        classes.update(c for c in ontology.subjects(RDF.type, kind) if isinstance(c, URIRef))
    for cls in sorted(classes):
        for ancestor in ontology.transitive_objects(cls, RDFS.subClassOf):
            if isinstance(ancestor, URIRef):
                yield cls, RDFS.subClassOf, ancestor
