"""A persistent store's table of names answers a lookup as reading the store's names does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from collabgraph.errors import AmbiguousNameError, UnknownNameError
from collabgraph.sparql.lookup import all_entity_names, names_matching, resolve_entity
from collabgraph.sparql.nameindex import INDEX_FILE, names_in_index, write_name_index
from collabgraph.sparql.store import OxigraphStore

NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX cg: <https://w3id.org/collabgraph/ontology#>
INSERT DATA {
  <https://e/a> rdfs:label "Alpha" ; skos:altLabel "AB" .
  <https://e/b> rdfs:label "Beta" ; skos:altLabel "AB" .
  <https://e/c> rdfs:label "Gamma" .
  <https://e/d> rdfs:label "Delta" ; skos:altLabel "Gamma" ; skos:notation "D-1" .
  <https://e/s> rdfs:label "Main Street" ; skos:prefLabel "Hauptstraße"@de , "Main Street"@en .
  <https://e/f> a cg:Fact ; rdfs:label "A fact" .
  _:blank rdfs:label "Blank" .
  <https://w3id.org/collabgraph/id/ray> rdfs:label "Gamma Ray" .
  <https://w3id.org/collabgraph/id/rays> rdfs:label "Gamma Rays" .
  <https://w3id.org/collabgraph/id/fact/ray> a cg:Fact ; rdfs:label "Gamma Raid" .
}
"""
EXPECTED = {  # typed name: the entity found (None: no entity)
    "alpha": "https://e/a",
    "  ALPHA ": "https://e/a",
    "gamma": "https://e/c",  # a label wins over another entity's alias
    "delta": "https://e/d",
    "d-1": "https://e/d",
    "HAUPTSTRASSE": "https://e/s",  # case folding: "ß" is "ss"
    "main street": "https://e/s",
    "a fact": None,  # a fact is not an entity
    "blank": None,  # nor is a blank node
    "omega": None,
}


def _persistent(tmp_path: Path) -> OxigraphStore:
    """The names in a store on disk, with its table of names (as a loaded store has)."""
    folder = tmp_path / "store"
    data = ox.Store(str(folder))
    data.update(NAMES)
    return OxigraphStore(data, folder, write_name_index(data, folder))


@pytest.fixture(params=["read from the store", "from its table"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> OxigraphStore:
    if request.param == "read from the store":
        found = OxigraphStore.in_memory()
        found.store.update(NAMES)
        return found
    found = _persistent(tmp_path)
    assert found.name_index == tmp_path / "store" / INDEX_FILE
    return found


@pytest.mark.parametrize(("typed", "iri"), sorted(EXPECTED.items()))
def test_a_name_finds_its_entity(store, typed, iri):
    if iri is None:
        assert dict(names_matching(store, typed)) == {}
        with pytest.raises(UnknownNameError):
            resolve_entity(store, typed)
    else:
        assert str(resolve_entity(store, typed).iri) == iri
        assert resolve_entity(store, typed) == resolve_entity(store, typed, all_entity_names(store))


def test_a_shared_alias_is_refused(store):
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_entity(store, "ab")
    assert caught.value.message == (
        "'ab' names 2 entities: Alpha <https://e/a>; Beta <https://e/b>; "
        "use the id or IRI of the one you mean"
    )


def test_the_table_holds_each_name_by_kind(tmp_path):
    index = _persistent(tmp_path).name_index
    assert index is not None
    assert names_in_index(index, "hauptstrasse") == [("https://e/s", "Hauptstraße", 1)]
    assert names_in_index(index, " Main street") == [
        ("https://e/s", "Main Street", 0),
        ("https://e/s", "Main Street", 1),
    ]
    assert names_in_index(index, "GAMMA") == [
        ("https://e/c", "Gamma", 0),
        ("https://e/d", "Gamma", 2),
    ]
    assert names_in_index(index, "blank") == []
    assert sorted(path.name for path in (tmp_path / "store").glob(INDEX_FILE + "*")) == [INDEX_FILE]


@pytest.mark.parametrize("damage", ["removed", "not a table"])
def test_a_lookup_reads_the_store_when_its_table_is_gone_or_damaged(tmp_path, damage):
    store = _persistent(tmp_path)
    index = store.name_index
    assert index is not None
    if damage == "removed":
        index.unlink()
    else:
        index.write_bytes(b"this is not SQLite" * 100)
    assert names_in_index(index, "gamma") is None
    assert str(resolve_entity(store, "GAMMA").iri) == "https://e/c"


def test_an_unknown_name_suggests_entities_only(store):
    """Entities of the data's namespace are suggested; a fact is not, even with a close label."""
    with pytest.raises(UnknownNameError) as caught:
        resolve_entity(store, "Gamma Rai")
    assert caught.value.suggestions == ["Gamma Ray"]
    assert "Gamma Raid" not in caught.value.message
    with pytest.raises(UnknownNameError) as nothing_close:
        resolve_entity(store, "zzzz")
    assert nothing_close.value.suggestions == []
