"""Imported facts written straight as N-Triples lines, in the build's fact model.

A registry import holds millions of facts; building them through rdflib terms would take
minutes and gigabytes. These helpers format the same triples the curated build makes
(``cg:Fact`` nodes with subject, relation, object, role, source and evidence, plus the
shortcut triple) as text, which the build appends to the graph file as one named graph per
imported source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

from rdflib import URIRef

from collabgraph.namespace import (
    CG,
    DATA,
    DCTERMS,
    GRAPH,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    SOURCE,
    XSD,
)
from collabgraph.vocabulary import ATTRIBUTES, ENTITY_TYPES, RELATIONS, ROLES

__all__ = ["GraphWriter", "country_iri", "data_iri", "is_iri", "literal", "term"]

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term(iri: URIRef | str) -> str:
    """An IRI in N-Triples form."""
    return f"<{iri}>"


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) IRI that N-Triples can carry as it is."""
    return text.startswith(("http://", "https://")) and not _IRI_FORBIDDEN.search(text)


def data_iri(local: str) -> str:
    return term(DATA[local])


def country_iri(code: str) -> str:
    return data_iri(f"country/{code}")


def literal(value: object, datatype: URIRef | None = None, language: str | None = None) -> str:
    text = f'"{str(value).translate(_ESCAPES)}"'
    if language:
        return f"{text}@{language}"
    if datatype is not None and datatype != XSD.string:
        return f"{text}^^<{datatype}>"
    return text


TYPE = term(RDF.type)
LABEL = term(RDFS.label)
PREF_LABEL = term(SKOS.prefLabel)
ALT_LABEL = term(SKOS.altLabel)
SAME_AS = (term(OWL.sameAs), term(SCHEMA.sameAs))


@dataclass
class GraphWriter:
    """The triples of one imported source, with the fact helpers every importer shares."""

    source_id: str
    sinks: tuple[BinaryIO, ...] = ()
    """Where lines go as they are made (the graph file, the union file); none: kept in
    ``lines``."""
    lines: list[str] = field(default_factory=list)
    written: int = 0
    described: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)

    @property
    def graph(self) -> str:
        return term(GRAPH[self.source_id])

    @property
    def source(self) -> str:
        return term(SOURCE[self.source_id])

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"{subject} {predicate} {obj} .\n")
        if self.sinks and len(self.lines) >= 65536:
            self.flush()

    def flush(self) -> None:
        if self.sinks:
            chunk = "".join(self.lines).encode("utf-8")
            for sink in self.sinks:
                sink.write(chunk)
            self.written += len(self.lines)
            self.lines.clear()

    @property
    def count(self) -> int:
        """Triples written so far (a triple stated twice in one graph counts twice)."""
        return self.written + len(self.lines)

    def first_time(self, node: str) -> bool:
        """True once per node: entity descriptions are written once per graph."""
        if node in self.described:
            return False
        self.described.add(node)
        return True

    def describe_source(
        self, title: str, release: str, cited: str, files: Iterable[tuple[str, str]]
    ) -> None:
        source = self.source
        for cls in (CG.ReferenceDataset, PROV.Entity):
            self.add(source, TYPE, term(cls))
        self.add(source, term(DCTERMS.title), literal(title))
        self.add(source, LABEL, literal(title))
        self.add(source, term(SCHEMA.version), literal(release))
        self.add(source, term(DCTERMS.source), literal(cited))
        for name, sha256 in files:
            self.add(source, term(CG.sourceFile), literal(name))
            self.add(source, term(CG.sha256), literal(sha256))

    def entity(
        self, node: str, entity_type: str | None, label: str | None, names: Iterable[str] = ()
    ) -> None:
        """Classes and names of an entity (``entity_type`` None: the project already types it)."""
        if entity_type is not None:
            for cls in ENTITY_TYPES[entity_type].classes:
                self.add(node, TYPE, term(cls))
        if label is not None:
            self.add(node, LABEL, literal(label))
            self.add(node, PREF_LABEL, literal(label, language="en"))
        for name in dict.fromkeys(names):
            if name and name != label:
                self.add(node, ALT_LABEL, literal(name))

    def country(self, code: str, name: str) -> str:
        node = country_iri(code)
        if self.first_time(node):
            self.entity(node, "Country", name)
            self.add(node, term(SKOS.notation), literal(code))
        return node

    def record(self, key: str) -> str:
        """The evidence node of one source record (``key`` says which file and record)."""
        node = data_iri(f"record/{self.source_id}/{_local(key)}")
        self.add(node, TYPE, term(CG.SourceRecord))
        self.add(node, term(CG.inDocument), self.source)
        self.add(node, term(CG.recordKey), literal(key))
        return node

    def fact_node(self, key: str) -> str:
        return data_iri(f"fact/{self.source_id}/{_local(key)}")

    def _fact(self, kind: URIRef, key: str, subject: str, evidence: str) -> str:
        node = self.fact_node(key)
        for cls in (CG.Fact, CG.ReferenceFact, kind):
            self.add(node, TYPE, term(cls))
        self.add(node, term(CG.subject), subject)
        self.add(node, term(PROV.wasDerivedFrom), self.source)
        self.add(node, term(CG.evidence), evidence)
        return node

    def relationship(
        self,
        key: str,
        subject: str,
        relation: str,
        obj: str,
        evidence: str,
        *,
        role: str | None = None,
        role_label: str | None = None,
    ) -> str:
        """A qualified relation and its shortcut triple(s), as the curated build writes them;
        a key already written (two records stating one relation) is written once."""
        if key in self.facts:
            return self.fact_node(key)
        self.facts.add(key)
        spec = RELATIONS[relation]
        node = self._fact(CG.Relationship, key, subject, evidence)
        self.add(node, term(CG.object), obj)
        self.add(node, term(CG.relation), term(spec.shortcut))
        role_iri = ROLES[role] if role else spec.default_role
        if role_iri is not None:
            self.add(node, term(ORG.role), term(role_iri))
        if role_label:
            self.add(node, term(CG.roleLabel), literal(role_label))
        self.add(subject, term(spec.shortcut), obj)
        if spec.inverse is not None:
            self.add(obj, term(spec.inverse), subject)
        if spec.symmetric:
            self.add(obj, term(spec.shortcut), subject)
        return node

    def measurement(
        self, key: str, subject: str, attribute: str, value: str | Decimal, evidence: str
    ) -> None:
        """An attribute: ``value`` is an N-Triples literal, or an amount of euros."""
        node = self._fact(CG.Measurement, key, subject, evidence)
        shortcut = term(ATTRIBUTES[attribute].shortcut)
        self.add(node, term(CG.attribute), shortcut)
        if isinstance(value, Decimal):
            self.money(node, value)
            self.add(subject, shortcut, node)
        else:
            self.add(node, term(SCHEMA.value), value)
            self.add(subject, shortcut, value)

    def money(self, node: str, amount: Decimal) -> None:
        self.add(node, TYPE, term(SCHEMA.MonetaryAmount))
        self.add(node, term(SCHEMA.value), literal(amount, XSD.decimal))
        self.add(node, term(SCHEMA.currency), literal("EUR"))


def _local(key: str) -> str:
    """A key as an IRI path segment: letters, digits and ``-._~`` kept, the rest as ``_``."""
    return re.sub(r"[^A-Za-z0-9._~-]+", "_", key).strip("_")
