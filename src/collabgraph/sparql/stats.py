"""Counts per class, per relation or attribute, and per source: SPARQL, so any store answers."""

from __future__ import annotations

from collabgraph.sparql.prepare import run_query
from collabgraph.sparql.results import QueryResult
from collabgraph.sparql.store import Store

__all__ = ["STATS_QUERIES", "graph_stats"]

STATS_QUERIES: dict[str, str] = {
    "classes": """
SELECT ?class (COUNT(DISTINCT ?instance) AS ?instances) WHERE {
  GRAPH ?graph { ?instance a ?class }
  FILTER (?graph != cgg:ontology)
}
GROUP BY ?class
ORDER BY DESC(?instances) ?class
""",
    "relations": """
SELECT ?predicate ?kind (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  { ?fact cg:relation ?predicate . BIND("relation" AS ?kind) }
  UNION
  { ?fact cg:attribute ?predicate . BIND("attribute" AS ?kind) }
}
GROUP BY ?predicate ?kind
ORDER BY DESC(?facts) ?predicate
""",
    "sources": """
SELECT ?source ?kind (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(DISTINCT ?referenceFact) AS ?referenceFacts)
WHERE {
  ?source a ?class .
  VALUES (?class ?kind) { (cg:SourceDocument "document") (cg:ReferenceDataset "reference data") }
  OPTIONAL { ?fact prov:wasDerivedFrom ?source . OPTIONAL { ?fact a cg:ReferenceFact . BIND(?fact AS ?referenceFact) } }
}
GROUP BY ?source ?kind
ORDER BY ?kind ?source
""",
    "graphs": """
SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph
ORDER BY ?graph
""",
}


def graph_stats(store: Store) -> dict[str, QueryResult]:
    """Four tables: instances per class, facts per relation/attribute, facts per source, triples per graph."""
    return {name: run_query(store, query) for name, query in STATS_QUERIES.items()}
