"""The project's SPARQL prefixes as plain text, for the query path: reading them does not
import rdflib (:mod:`collabgraph.namespace` holds the same namespaces as rdflib terms, and
tests/test_namespace.py checks that the two agree)."""

from __future__ import annotations

__all__ = ["PREFIXES"]

PREFIXES: dict[str, str] = {
    "cg": "https://w3id.org/collabgraph/ontology#",
    "cgd": "https://w3id.org/collabgraph/id/",
    "cgg": "https://w3id.org/collabgraph/graph/",
    "cgs": "https://w3id.org/collabgraph/source/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
XSD = PREFIXES["xsd"]
"""The XML Schema datatypes' namespace (``XSD + "integer"``)."""
