import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from collabgraph.namespace import CG, NAMESPACES, PREFIXES

from conftest import REPO


def test_every_ontology_term_is_in_the_typed_namespace_and_back():
    ontology = Graph().parse(REPO / "ontology" / "collabgraph.ttl")
    prefix = str(CG._NS)
    in_file = {str(s)[len(prefix) :] for s in ontology.subjects() if str(s).startswith(prefix)}
    in_code = set(CG.__annotations__)
    assert in_file == in_code


def test_every_namespace_term_is_declared_with_a_type():
    ontology = Graph().parse(REPO / "ontology" / "collabgraph.ttl")
    for name in CG.__annotations__:
        assert (URIRef(CG._NS[name]), RDF.type, None) in ontology, name


def test_a_misspelt_term_is_an_error_not_a_new_iri():
    assert CG.memberCount == URIRef("https://w3id.org/collabgraph/ontology#memberCount")
    with pytest.raises(AttributeError):
        _ = CG.memberCuont


def test_the_plain_prefixes_of_the_query_path_are_the_namespaces():
    assert {prefix: str(namespace) for prefix, namespace in NAMESPACES.items()} == PREFIXES
