"""The SPARQL a projection reads, and the scopes its queries start from.

Every query is a constant; what varies is where it starts (a :class:`Scope`: one IRI, a
``VALUES`` block of many, or the whole graph), always bound through the binding module
(SEP-0007 substitution, or a ``VALUES`` block it writes), never pasted into the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from collabgraph.sparql.binding import bind_parameters, values_block

__all__ = [
    "BATCH",
    "COUNTRIES_QUERY",
    "DETAILS_QUERY",
    "DETAIL_KINDS",
    "EDGES_QUERY",
    "EDGE_DETAILS_QUERY",
    "EDGE_FACTS_QUERY",
    "MEASUREMENTS_AROUND_QUERY",
    "MEASUREMENTS_QUERY",
    "NODES_QUERY",
    "RELATION_LABELS_QUERY",
    "RING_FACTS_QUERY",
    "SOURCE_QUERY",
    "WHOLE_GRAPH",
    "Scope",
    "Template",
    "among",
    "bound",
    "detail_queries",
    "itself",
    "ring_queries",
]


@dataclass(frozen=True)
class Scope:
    """Where a projection's query starts: variables bound to one IRI each (through the
    binding module), and at most one variable that takes each of many IRIs."""

    bindings: tuple[tuple[str, str], ...] = ()
    values: tuple[str, tuple[str, ...]] | None = None
    """A variable and the IRIs it takes, one row each (a ``VALUES`` block at the start of
    the WHERE group): a set-based scope, which reads many entities' facts in one query."""

    def start(self) -> str:
        """The scope's text at the start of the WHERE group."""
        if self.values is None:
            return ""
        name, iris = self.values
        return "\n  " + values_block(name, [URIRef(iri) for iri in iris])


WHOLE_GRAPH = Scope()


@dataclass(frozen=True)
class Template:
    """A query whose WHERE group can start with a scope's ``VALUES`` block: ``head`` ends
    with the group's opening brace, ``body`` holds the rest."""

    head: str
    body: str

    def text(self, scope: Scope = WHOLE_GRAPH) -> str:
        return bound(self.head + scope.start() + self.body, scope.bindings)


def bound(query: str, bindings: tuple[tuple[str, str], ...]) -> str:
    """The query with each variable bound to its IRI (SEP-0007 substitution)."""
    if not bindings:
        return query
    return bind_parameters(query, {name: URIRef(iri) for name, iri in bindings})


NODES_QUERY = Template(
    "SELECT ?entity ?label ?class WHERE {",
    """
  ?entity a ?class ; rdfs:label ?label .
  FILTER (STRSTARTS(STR(?class), STR(cg:)) || ?class = foaf:Person)
}
""",
)
DETAILS_QUERY = Template(
    "SELECT ?entity ?property ?value WHERE {",
    """
  { ?entity skos:altLabel ?value . BIND("aliases" AS ?property) }
  UNION { ?entity skos:notation ?value . BIND("notation" AS ?property) }
  UNION {
    ?entity cg:basedIn ?place .
    ?place a ?placeKind ; rdfs:label ?value .
    FILTER (?placeKind IN (cg:City, cg:Region) && LANG(?value) IN ("", "en"))
    BIND("places" AS ?property)
  }
}
""",
)
COUNTRIES_QUERY = Template(
    "SELECT DISTINCT ?entity ?code ?name WHERE {",
    """
  ?entity cg:basedIn/(cg:basedIn|dcterms:isPartOf)? ?country .
  ?country a cg:Country ; skos:notation ?code ; rdfs:label ?name .
  FILTER (LANG(?name) IN ("", "en"))
}
""",
)
_MEASUREMENTS_HEAD = "SELECT ?entity ?attribute ?value ?currency WHERE {"
_MEASUREMENT = "\n  ?fact cg:subject ?entity ; cg:attribute ?attribute ; schema:value ?value .\n"
_MEASUREMENT_CURRENCY = "  OPTIONAL { ?fact schema:currency ?currency }\n}\n"
MEASUREMENTS_QUERY = Template(
    _MEASUREMENTS_HEAD, _MEASUREMENT + "  ?fact a cg:Measurement .\n" + _MEASUREMENT_CURRENCY
)
MEASUREMENTS_AROUND_QUERY = Template(
    _MEASUREMENTS_HEAD,
    _MEASUREMENT + "  FILTER EXISTS { ?fact a cg:Measurement }\n" + _MEASUREMENT_CURRENCY,
)
"""Over the whole graph Oxigraph starts best from the measurements' type (as a check, 5.8 s
to 8.2 s at Horizon 2020 size); from an entity's neighbourhood, best with the type as a check
per fact (the hub's map: its neighbourhood read in 0.75 s instead of 1.4 s)."""
_FACT_PATTERN = """
  ?fact a cg:Relationship ;
        cg:subject ?subject ;
        cg:relation ?relation ;
        cg:object ?object ;
        prov:wasDerivedFrom ?source ;
        cg:evidence ?selector .
  ?selector oa:exact|cg:recordKey ?evidence .
"""
_FACT_DETAILS_PATTERN = """
  OPTIONAL { ?fact org:role/skos:prefLabel ?role }
  OPTIONAL { ?fact cg:roleLabel ?roleLabel }
  OPTIONAL { ?fact cg:date ?date }
  OPTIONAL { ?fact cg:startDate ?start }
  OPTIONAL { ?fact cg:endDate ?end }
  OPTIONAL { ?fact cg:amount/schema:value ?amount }
  OPTIONAL { ?fact cg:amount/schema:currency ?currency }
  BIND (EXISTS { ?fact a cg:ReferenceFact } AS ?reference)
"""
_FACT_COLUMNS = "?fact ?subject ?relation ?object ?source ?evidence"
_DETAIL_COLUMNS = "?role ?roleLabel ?date ?start ?end ?amount ?currency ?reference"
EDGES_QUERY = Template(
    "SELECT " + _FACT_COLUMNS + " " + _DETAIL_COLUMNS + " WHERE {",
    _FACT_PATTERN + _FACT_DETAILS_PATTERN + "}",
)
EDGE_FACTS_QUERY = Template("SELECT " + _FACT_COLUMNS + " WHERE {", _FACT_PATTERN + "}")
EDGE_DETAILS_QUERY = Template(
    "SELECT ?fact " + _DETAIL_COLUMNS + " WHERE {",
    " ?fact a cg:Relationship ; cg:subject ?subject ; cg:object ?object ."
    + _FACT_DETAILS_PATTERN
    + "}",
)
"""A scope's facts in two halves, which the store reads side by side: the hub of a Horizon
2020-size graph has 2,360 facts, and each optional detail is a lookup per fact."""
SOURCE_QUERY = """
SELECT ?title ?url ?cited WHERE {
  ?source rdfs:label ?title .
  OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source dcterms:source ?cited }
}
ORDER BY ?title ?url ?cited
"""
"""A fact's source: its title (a fact whose source has none is no edge), web address and the
publication it cites. Read once per source, not once per fact: a few sources state millions."""
RING_FACTS_QUERY = Template(
    "SELECT ?fact ?ring ?object WHERE {", " ?fact cg:subject ?ring ; cg:object ?object . }"
)
"""The facts whose subject is one of the outer ring's entities (light: three columns)."""
RELATION_LABELS_QUERY = """
SELECT ?property ?label WHERE { ?property a owl:ObjectProperty ; rdfs:label ?label }
ORDER BY ?property ?label
"""
"""The ontology's relations and their names (not every name in the graph: a graph of EU
projects has hundreds of thousands)."""


DETAIL_KINDS = 3
"""Queries per scope in ``detail_queries``: details, measurements, countries."""


def detail_queries(scopes: list[Scope]) -> list[str]:
    return [
        query.text(scope)
        for scope in scopes
        for query in (
            DETAILS_QUERY,
            MEASUREMENTS_AROUND_QUERY if scope != WHOLE_GRAPH else MEASUREMENTS_QUERY,
            COUNTRIES_QUERY,
        )
    ]


def ring_queries(ring: set[str]) -> list[str]:
    """Queries for the facts of the outer ring's entities (as subjects), a batch of
    ``BATCH`` entities each, for ``_Walk.read_edges_among``."""
    return [RING_FACTS_QUERY.text(scope) for scope in among(ring, "ring")]


BATCH = 256
"""Entities a set-based query starts from (its ``VALUES`` block): the hub of a Horizon
2020-size graph reaches thousands two steps out, read in a few dozen queries."""


def among(iris: set[str], name: str = "entity") -> list[Scope]:
    """Scopes: ``?name`` bound to each of the IRIs, in batches of ``BATCH``."""
    ordered = sorted(iris)
    return [
        Scope(values=(name, tuple(ordered[start : start + BATCH])))
        for start in range(0, len(ordered), BATCH)
    ]


def itself(iri: str) -> Scope:
    """A scope: the entity itself."""
    return Scope((("entity", iri),))
