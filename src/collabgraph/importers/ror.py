"""ROR, the Research Organization Registry: v2 records to entities, names, places and relations.

Reads the published dump (one JSON array, or the zip it is published in), a single record, or
a folder of record files. Only schema v2 is read: a v1 record (no ``admin`` block) or any other
version is refused, naming the file and the record. Each record is reduced to what the graph
uses; :func:`ror_triples` writes the records the project refers to.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from collabgraph.errors import AnnotationError, BuildError, CollabgraphError, ValidationFailed
from collabgraph.importers.stored import StoredImport, file_sha256
from collabgraph.importers.triples import (
    SAME_AS,
    GraphWriter,
    data_iri,
    is_iri,
    literal,
    term,
)
from collabgraph.namespace import CG, SCHEMA, SKOS, XSD

__all__ = [
    "ROR_BASE",
    "RorRecord",
    "entity_type_of",
    "read_ror",
    "ror_records",
    "ror_triples",
]

ROR_BASE = "https://ror.org/"
_CITED = "ROR, Research Organization Registry (https://ror.org), data CC0"
_TYPE_ORDER = (
    ("education", "University"),
    ("healthcare", "Hospital"),
    ("government", "GovernmentBody"),
    ("company", "Company"),
    ("facility", "ResearchInstitute"),
    ("funder", "Funder"),
    ("nonprofit", "Organisation"),
    ("archive", "Organisation"),
    ("other", "Organisation"),
)
_IDENTIFIER_IRIS = {
    "wikidata": "http://www.wikidata.org/entity/{}",
    "isni": "https://isni.org/isni/{}",
    "fundref": "https://doi.org/10.13039/{}",
    "grid": "https://www.grid.ac/institutes/{}",
}
_RELATIONS = {"parent", "child", "related", "successor", "predecessor"}


@dataclass(frozen=True)
class RorRecord:
    """The parts of a ROR v2 record the graph uses (stored as a plain dict)."""

    data: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def active(self) -> bool:
        return bool(self.data["status"] == "active")

    @property
    def display(self) -> str:
        return str(self.data["display"])

    @property
    def country(self) -> str | None:
        return self.data.get("country")

    def names(self) -> Iterator[tuple[str, str | None, tuple[str, ...]]]:
        for value, language, types in self.data["names"]:
            yield value, language, tuple(types)

    def all_names(self) -> list[str]:
        return [value for value, _, _ in self.names()]

    def acronyms(self) -> list[str]:
        return [value for value, _, types in self.names() if "acronym" in types]


def entity_type_of(types: Iterable[str], display: str) -> str:
    """The model's class for ROR types: education is a University, healthcare a Hospital
    (a university medical centre when its name says so), and so on in a fixed order."""
    chosen = set(types)
    for ror_type, entity_type in _TYPE_ORDER:
        if ror_type in chosen:
            folded = display.casefold()
            if ror_type == "healthcare" and ("university medical" in folded or "umc" in folded):
                return "UniversityMedicalCentre"
            return entity_type
    return "Organisation"


def _short_id(value: object, where: str) -> str:
    text = str(value or "")
    if not text.startswith(ROR_BASE) or len(text) <= len(ROR_BASE):
        raise AnnotationError(f"not a ROR id: {value!r}", path=where)
    return text[len(ROR_BASE) :]


def _normalised(record: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check one record and keep what the graph uses; raises naming file and record."""
    if not isinstance(record, Mapping):
        raise AnnotationError("a ROR record must be a JSON object", path=where)
    ror_id = _short_id(record.get("id"), where)
    label = f"{where} [{ror_id}]"
    version = (record.get("admin") or {}).get("last_modified", {}).get("schema_version")
    if version is None or not str(version).startswith("2."):
        raise AnnotationError(
            f"ROR record in schema version {version or '1 (no admin block)'}; collabgraph "
            "reads ROR schema v2 (the dumps named *_schema_v2.json, released since 2024)",
            path=label,
        )
    try:
        names = [
            [str(n["value"]), n.get("lang"), [str(t) for t in n.get("types", [])]]
            for n in record["names"]
        ]
        display = next(value for value, _, types in names if "ror_display" in types)
        location = (record.get("locations") or [{}])[0]
        details = location.get("geonames_details") or {}
        return {
            "id": ror_id,
            "status": str(record["status"]),
            "types": [str(t) for t in record.get("types", [])],
            "display": display,
            "names": names,
            "country": details.get("country_code"),
            "country_name": details.get("country_name"),
            "city": details.get("name"),
            "geonames": location.get("geonames_id"),
            "relationships": [
                [str(r["type"]).lower(), _short_id(r["id"], label)]
                for r in record.get("relationships", [])
                if str(r.get("type", "")).lower() in _RELATIONS
            ],
            "external": [
                [str(e["type"]).lower(), str(value)]
                for e in record.get("external_ids", [])
                for value in e.get("all", [])
            ],
            "links": [[str(link["type"]), str(link["value"])] for link in record.get("links", [])],
            "established": record.get("established"),
            "modified": str(record["admin"]["last_modified"]["date"]),
        }
    except StopIteration:
        raise AnnotationError("no name of type ror_display", path=label) from None
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise AnnotationError(f"not a ROR v2 record (missing or wrong {exc})", path=label) from None


def _json(data: bytes, where: str) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnnotationError(f"not JSON: {exc}", path=where) from None


def _records_in(payload: Any, where: str) -> Iterator[Mapping[str, Any]]:
    if isinstance(payload, list):
        yield from payload
    elif isinstance(payload, dict):
        yield payload
    else:
        raise AnnotationError("expected a ROR record or an array of records", path=where)


def _read_zip(path: Path) -> Iterator[tuple[str, Any]]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".json")]
            v2 = [m for m in members if "schema_v2" in m.lower()]
            chosen = v2 or members
            if not chosen:
                raise BuildError(f"{path}: the zip holds no .json file (a ROR dump holds one)")
            if len(chosen) > 1:
                listed = ", ".join(chosen)
                raise BuildError(f"{path}: several JSON files in the zip ({listed}); unzip one")
            yield f"{path}!{chosen[0]}", _json(archive.read(chosen[0]), f"{path}!{chosen[0]}")
    except zipfile.BadZipFile:
        raise BuildError(f"{path}: not a readable zip file") from None


def _payloads(path: Path) -> Iterator[tuple[str, Any]]:
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise BuildError(f"{path}: no ROR record files (*.json) in this folder")
        for file in files:
            yield str(file), _json(file.read_bytes(), str(file))
    elif path.suffix.lower() == ".zip":
        yield from _read_zip(path)
    elif path.suffix.lower() == ".json":
        yield str(path), _json(path.read_bytes(), str(path))
    else:
        raise BuildError(f"{path}: expected a ROR dump (.json or .zip) or a folder of records")


def read_ror(path: Path, *, everything: bool = False) -> StoredImport:
    """Read a ROR dump, record or folder; every bad record is reported, nothing is kept."""
    if not path.exists():
        raise BuildError(f"{path}: no such file or folder")
    records: dict[str, dict[str, Any]] = {}
    problems: list[CollabgraphError] = []
    for where, payload in _payloads(path):
        for record in _records_in(payload, where):
            try:
                normalised = _normalised(record, where)
            except AnnotationError as problem:
                problems.append(problem)
                continue
            records[normalised["id"]] = normalised
    if problems:
        raise ValidationFailed(problems)
    if not records:
        raise BuildError(f"{path}: no ROR records found")
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    digests = [(file.name, file_sha256(file)) for file in files]
    release = max(record["modified"] for record in records.values())
    return StoredImport(
        dataset="ror",
        id="ror",
        title=f"ROR, Research Organization Registry (records up to {release})",
        release=release,
        cited=_CITED,
        files=digests if len(digests) <= 20 else [(path.name, _folder_digest(digests))],
        records={"organisations": [records[key] for key in sorted(records)]},
        everything=everything,
    )


def _folder_digest(digests: list[tuple[str, str]]) -> str:
    import hashlib

    return hashlib.sha256("".join(f"{n}:{d}\n" for n, d in digests).encode()).hexdigest()


def ror_records(stored: StoredImport) -> dict[str, RorRecord]:
    return {data["id"]: RorRecord(data) for data in stored.records["organisations"]}


def _country_name(record: RorRecord) -> str:
    code = record.country or ""
    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "name", None) or record.data.get("country_name") or code)


def _names(writer: GraphWriter, node: str, record: RorRecord, merged: bool) -> None:
    if not merged:
        writer.entity(node, entity_type_of(record.data["types"], record.display), record.display)
    seen_languages = {"en"}
    for value, language, types in record.names():
        if value == record.display and not merged:
            continue
        if not merged and "label" in types and language and language not in seen_languages:
            seen_languages.add(language)
            writer.add(node, term(SKOS.prefLabel), literal(value, language=language))
        else:
            writer.add(node, term(SKOS.altLabel), literal(value, language=language))


def _identifiers(writer: GraphWriter, node: str, record: RorRecord) -> None:
    ror_iri = term(ROR_BASE + record.id)
    for predicate in SAME_AS:
        writer.add(node, predicate, ror_iri)
    writer.add(node, term(SCHEMA.identifier), literal(f"ror:{record.id}"))
    for kind, value in record.data["external"]:
        pattern = _IDENTIFIER_IRIS.get(kind)
        writer.add(node, term(SCHEMA.identifier), literal(f"{kind}:{value}"))
        if pattern is not None:
            iri = pattern.format(value.replace(" ", ""))
            if is_iri(iri):
                predicates = SAME_AS if kind == "wikidata" else SAME_AS[1:]
                for predicate in predicates:
                    writer.add(node, predicate, term(iri))
    for kind, value in record.data["links"]:
        if is_iri(value):
            predicate = SCHEMA.url if kind == "website" else SCHEMA.sameAs
            writer.add(node, term(predicate), term(value))


def _places(writer: GraphWriter, node: str, record: RorRecord, evidence: str) -> None:
    if not record.country:
        return
    country = writer.country(record.country, _country_name(record))
    writer.relationship(f"{record.id}-basedIn-{record.country}", node, "basedIn", country, evidence)
    city, geonames = record.data.get("city"), record.data.get("geonames")
    if city and geonames:
        city_node = data_iri(f"city/geonames-{geonames}")
        if writer.first_time(city_node):
            writer.entity(city_node, "City", str(city))
            writer.add(
                city_node, term(SCHEMA.sameAs), term(f"https://sws.geonames.org/{geonames}/")
            )
            writer.relationship(
                f"geonames-{geonames}-partOf-{record.country}",
                city_node,
                "partOf",
                country,
                evidence,
            )
        writer.relationship(f"{record.id}-basedIn-city", node, "basedIn", city_node, evidence)


_DIRECTED = {
    # ROR relationship type: (relation, whether the record is the subject, key word)
    "parent": ("subOrganizationOf", True, "sub"),
    "child": ("subOrganizationOf", False, "sub"),
    "predecessor": ("replaces", True, "replaces"),
    "successor": ("replaces", False, "replaces"),
}


def _relations(
    writer: GraphWriter, record: RorRecord, nodes: Mapping[str, str], evidence: str
) -> None:
    """Relationships between records in the graph; both records state each one, and the
    fact key (subject first) makes it one fact."""
    for kind, other_id in record.data["relationships"]:
        if other_id not in nodes or nodes[other_id] == nodes[record.id]:
            continue
        if kind in _DIRECTED:
            relation, record_first, word = _DIRECTED[kind]
            first, second = (record.id, other_id) if record_first else (other_id, record.id)
        else:
            relation, word = "relatedTo", "related"
            first, second = sorted((record.id, other_id))
        key = f"{first}-{word}-{second}"
        writer.relationship(key, nodes[first], relation, nodes[second], evidence)


def ror_triples(
    writer: GraphWriter,
    stored: StoredImport,
    records: Mapping[str, RorRecord],
    nodes: Mapping[str, str],
    merged: set[str],
) -> None:
    """Write the named graph of the ROR records in ``nodes`` (ROR id to node; ``merged``: ids
    whose node is a project entity, which keeps its own class and label)."""
    writer.describe_source(stored.title, stored.release, stored.cited, stored.files)
    for ror_id in sorted(nodes):
        record = records[ror_id]
        node = nodes[ror_id]
        evidence = writer.record(f"ror.org/{ror_id}")
        _names(writer, node, record, ror_id in merged)
        _identifiers(writer, node, record)
        if not record.active:
            writer.add(node, term(CG.status), literal(record.data["status"]))
        _places(writer, node, record, evidence)
        established = record.data.get("established")
        if isinstance(established, int):
            writer.measurement(
                f"{ror_id}-founded", node, "foundingDate", literal(established, XSD.gYear), evidence
            )
        _relations(writer, record, nodes, evidence)
