"""Imported registries in the build: resolve their organisations and write their graphs.

Resolution runs at every build (not only at import), so a later ROR import, a new registry
entity or a curator's pin in ``data/resolution.yaml`` takes effect everywhere at once. ROR
records enter the graph only when the project refers to them (an identifier, a matching
entity, a CORDIS organisation resolved to them) unless the ROR import was made with ``--all``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

import pycountry

# LostLink and lost_links are named here for curation.build, which imports them from this module.
from collabgraph.curation.ambiguity import LostLink, ambiguity_file, ambiguity_table, lost_links
from collabgraph.curation.facts import Fact
from collabgraph.curation.pins import read_pins
from collabgraph.curation.reference import Identifier
from collabgraph.curation.registry import COUNTRY_PREFIX, Entity, Registry
from collabgraph.curation.transaction import FileTransaction, undo_folder
from collabgraph.importers.cordis import COMMISSION_ID, cordis_triples, organisations_of
from collabgraph.importers.resolution import (
    Candidate,
    NameIndex,
    Pins,
    Resolution,
    ResolutionReport,
    resolve_by_vat,
)
from collabgraph.importers.ror import (
    ROR_BASE,
    RorRecord,
    entity_type_of,
    ror_records,
    ror_triples,
)
from collabgraph.importers.stored import StoredImport, read_stored_imports, stored_import_bytes
from collabgraph.importers.triples import GraphWriter, data_iri, term
from collabgraph.project import Project

__all__ = [
    "ImportResult",
    "ImportedGraphs",
    "LostLink",
    "RorNames",
    "ambiguity_file",
    "ambiguity_table",
    "compile_imports",
    "index_entities",
    "lost_links",
    "read_pins",
    "ror_index",
    "ror_names",
    "store_import",
]

_LINKABLE_GROUPS = {"organisation", "network"}
_NEW = "new"


@dataclass
class ImportedGraphs:
    """The named graphs of every stored import, and how their organisations resolved."""

    stored: list[StoredImport] = field(default_factory=list)
    plans: list[tuple[str, Callable[[GraphWriter], None]]] = field(default_factory=list)
    """(source id, what writes its graph): run while the graph file is written, so the
    millions of triples of a programme-size import never sit in memory at once."""
    reports: list[ResolutionReport] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    """Each imported record linked to something else (``ror:<id>`` or ``cordis:<id>`` to a
    project entity id or ``ror:<id>``): what a later build must still link, or report."""
    linked_names: dict[str, list[str]] = field(default_factory=dict)
    """The names of the ROR records linked to each project entity."""

    def write(self, sink: BinaryIO, union: BinaryIO) -> int:
        """Append every import's named graph to a TriG stream, and its triples to the
        N-Triples stream of the union; returns the triples written."""
        total = 0
        for source_id, plan in self.plans:
            writer = GraphWriter(source_id, (sink, union))
            sink.write(f"{writer.graph} {{\n".encode())
            plan(writer)
            writer.flush()
            sink.write(b"}\n")
            total += writer.count
        return total


def _countries(facts: Iterable[Fact]) -> dict[str, str]:
    found: dict[str, str] = {}
    for fact in facts:
        if fact.relation == "basedIn" and fact.object and fact.object.startswith(COUNTRY_PREFIX):
            found.setdefault(fact.subject, fact.object[len(COUNTRY_PREFIX) :])
    return found


def _fitting_entities(index: NameIndex, record: RorRecord, forbidden: set[str]) -> set[str]:
    """The project entities one of the record's names (acronyms aside) is, by the ``name``
    rule; a name several entities share counts each of them."""
    found: set[str] = set()
    acronyms = set(record.acronyms())
    for name in record.all_names():
        if name in acronyms:
            continue
        resolution = index.resolve(name, country=record.country or "", forbidden=forbidden)
        if resolution.rule == "name" and resolution.target is not None:
            found.add(resolution.target)
        elif resolution.rule == "ambiguous" and resolution.by == "name":
            found.update(resolution.candidates)
    return found


def _merge_ror(
    records: Mapping[str, RorRecord],
    registry: Registry,
    identifiers: Iterable[Identifier],
    countries: Mapping[str, str],
    pins: Pins,
) -> tuple[dict[str, str], ResolutionReport]:
    """ROR id to the project entity it is, by pin, by known ROR id, or by an exact name."""
    merged: dict[str, str] = {}
    report = ResolutionReport("ror", unmatched="not project entities")
    known = {
        str(identifier.iri)[len(ROR_BASE) :]: identifier.entity
        for identifier in identifiers
        if str(identifier.iri).startswith(ROR_BASE)
    }
    project_index = NameIndex(
        Candidate(e.id, tuple(e.names()), (), countries.get(e.id))
        for e in registry
        if e.group in _LINKABLE_GROUPS
    )
    by_name: dict[str, list[str]] = {}
    fits_several: dict[str, set[str]] = {}
    for ror_id, record in records.items():
        pinned = pins.pin.get(f"ror:{ror_id}")
        if pinned is not None:
            if pinned != _NEW and not pinned.startswith("ror:"):
                merged[ror_id] = pinned
            report.add(f"ror:{ror_id}", record.display, Resolution(pinned, "pinned"))
        elif ror_id in known:
            merged[ror_id] = known[ror_id]
            report.add(f"ror:{ror_id}", record.display, Resolution(known[ror_id], "ror-id"))
        elif record.active:
            forbidden = pins.forbid.get(f"ror:{ror_id}", set())
            targets = _fitting_entities(project_index, record, forbidden)
            if len(targets) == 1:
                by_name.setdefault(targets.pop(), []).append(ror_id)
            elif targets:
                fits_several[ror_id] = targets
                report.add(
                    f"ror:{ror_id}",
                    record.display,
                    Resolution(None, "ambiguous", tuple(sorted(targets)), "name"),
                )
    claimed = set(merged.values())
    for entity_id, ror_ids in by_name.items():
        if len(ror_ids) == 1 and entity_id not in claimed:
            merged[ror_ids[0]] = entity_id
            report.add(
                f"ror:{ror_ids[0]}", records[ror_ids[0]].display, Resolution(entity_id, "name")
            )
            continue
        for ror_id in ror_ids:
            others = tuple(f"ror:{other}" for other in ror_ids if other != ror_id)
            report.add(
                f"ror:{ror_id}",
                records[ror_id].display,
                Resolution(None, "ambiguous", (entity_id, *others), "name"),
            )
    reported = set(merged) | {r for ids in by_name.values() for r in ids} | set(fits_several)
    for ror_id in records.keys() - reported:
        report.add(f"ror:{ror_id}", records[ror_id].display, Resolution(None, "new"))
    report.records = len(records)
    return merged, report


def _index(
    registry: Registry,
    records: Mapping[str, RorRecord],
    merged: Mapping[str, str],
    countries: Mapping[str, str],
) -> NameIndex:
    names: dict[str, list[str]] = {}
    acronyms: dict[str, list[str]] = {}
    country: dict[str, str | None] = {}
    for entity in registry:
        if entity.group in _LINKABLE_GROUPS:
            names[entity.id] = list(entity.names())
            acronyms[entity.id] = [a for a in entity.aliases if a.isupper() and len(a) <= 8]
            country[entity.id] = countries.get(entity.id)
    for ror_id, record in records.items():
        if not record.active and ror_id not in merged:
            continue
        target = merged.get(ror_id, f"ror:{ror_id}")
        names.setdefault(target, []).extend(record.all_names())
        acronyms.setdefault(target, []).extend(record.acronyms())
        country[target] = country.get(target) or record.country
    return NameIndex(
        Candidate(target, tuple(names[target]), tuple(acronyms.get(target, ())), country[target])
        for target in names
    )


def _resolve_cordis(
    stored: StoredImport, index: NameIndex, pins: Pins
) -> tuple[dict[str, Resolution], ResolutionReport]:
    organisations = organisations_of(stored)
    resolutions: dict[str, Resolution] = {}
    for org_id, organisation in organisations.items():
        key = f"cordis:{org_id}"
        pinned = pins.pin.get(key)
        if pinned is not None:
            resolutions[org_id] = Resolution(None if pinned == _NEW else pinned, "pinned")
            continue
        resolutions[org_id] = index.resolve(
            organisation.name,
            country=organisation.country,
            city=organisation.city,
            short=organisation.short,
            forbidden=pins.forbid.get(key),
        )
    resolutions = resolve_by_vat(resolutions, {k: o.vat for k, o in organisations.items()})
    report = ResolutionReport(stored.id, records=len(stored.records["participations"]))
    for org_id, resolution in resolutions.items():
        report.add(f"cordis:{org_id}", organisations[org_id].name, resolution)
    return resolutions, report


def _country_names(stored: Iterable[StoredImport]) -> dict[str, str]:
    names: dict[str, str] = {}
    for source in stored:
        if source.dataset != "cordis":
            continue
        for row in source.records["participations"]:
            code = row["country"]
            if code and code not in names:
                found = pycountry.countries.get(alpha_2=code)
                names[code] = str(getattr(found, "name", code))
    return names


@dataclass(frozen=True)
class RorNames:
    """What the imported ROR records add to the project's names, read without building."""

    index: list[Entity]
    """Active records not linked to a project entity, as entities ``ror:<id>`` to search,
    draft and link."""
    linked: dict[str, list[str]]
    """The names of the records linked to each project entity (by pin, ROR id or name)."""


def ror_names(
    project: Project, registry: Registry, facts: Iterable[Fact], identifiers: Iterable[Identifier]
) -> RorNames:
    """The ROR index and the names of linked records (see :class:`RorNames`)."""
    records = ror_index(project)
    if not records:
        return RorNames([], {})
    pins = read_pins(project.resolution_file, registry, set(records))
    merged, _ = _merge_ror(records, registry, list(identifiers), _countries(facts), pins)
    where = project.imports / "ror.json.gz"
    index = [
        Entity(
            id=f"ror:{ror_id}",
            type=entity_type_of(record.data["types"], record.display),
            label=record.display,
            aliases=tuple(n for n in record.all_names() if n != record.display),
            origin="ror",
            path=where,
        )
        for ror_id, record in sorted(records.items())
        if record.active and ror_id not in merged
    ]
    linked: dict[str, list[str]] = {}
    for ror_id, entity_id in sorted(merged.items()):
        linked.setdefault(entity_id, []).extend(records[ror_id].all_names())
    return RorNames(index, linked)


def index_entities(
    project: Project, registry: Registry, facts: Iterable[Fact], identifiers: Iterable[Identifier]
) -> list[Entity]:
    """Active ROR records that are not (yet) project entities, as entities to search and link:
    id ``ror:<id>``, defined in the ROR import."""
    return ror_names(project, registry, facts, identifiers).index


def ror_index(project: Project) -> dict[str, RorRecord]:
    """Every imported ROR record (the searchable index beyond what enters the graph)."""
    if not project.imports.is_dir():
        return {}
    return {
        ror_id: record
        for stored in read_stored_imports(project.imports)
        if stored.dataset == "ror"
        for ror_id, record in ror_records(stored).items()
    }


def compile_imports(
    project: Project,
    registry: Registry,
    facts: Iterable[Fact],
    identifiers: Iterable[Identifier],
    *,
    write: bool = True,
) -> ImportedGraphs:
    """Resolve and write every stored import of the project (raises on a bad pin file);
    ``write=False`` only resolves (the report an import prints)."""
    stored = read_stored_imports(project.imports) if project.imports.is_dir() else []
    ror = next((s for s in stored if s.dataset == "ror"), None)
    records = ror_records(ror) if ror is not None else {}
    pins = read_pins(project.resolution_file, registry, set(records))  # checked even unused
    if not stored:
        return ImportedGraphs()
    countries = _countries(facts)
    merged, ror_report = _merge_ror(records, registry, identifiers, countries, pins)
    index = _index(registry, records, merged, countries)
    result = ImportedGraphs(stored=stored)
    result.links = {f"ror:{ror_id}": entity_id for ror_id, entity_id in sorted(merged.items())}
    for ror_id, entity_id in sorted(merged.items()):
        result.linked_names.setdefault(entity_id, []).extend(records[ror_id].all_names())
    selected = set(merged) | (set(records) if ror is not None and ror.everything else set())
    commission = registry.find("European Commission")
    commission_node = (
        (term(commission.iri), False) if commission else (data_iri(COMMISSION_ID), True)
    )
    country_names = _country_names(stored)

    def node_of(target: str) -> str:
        if target.startswith("ror:"):
            ror_id = target[4:]
            selected.add(ror_id)
            return data_iri(f"ror/{ror_id}")
        return term(registry.get(target).iri)

    for source in stored:
        if source.dataset != "cordis":
            continue
        resolutions, report = _resolve_cordis(source, index, pins)
        result.links.update(
            (f"cordis:{org_id}", r.target)
            for org_id, r in sorted(resolutions.items())
            if r.target is not None
        )
        nodes = {
            org_id: (
                (node_of(r.target), False)
                if r.target is not None
                else (data_iri(f"cordis/organisation/{org_id}"), True)
            )
            for org_id, r in resolutions.items()
        }
        if write:
            plan = partial(
                cordis_triples,
                stored=source,
                nodes=nodes,
                commission=commission_node,
                country_names=country_names,
            )
            result.plans.append((source.id, plan))
        result.reports.append(report)
    if ror is not None and write:
        ror_nodes = {
            ror_id: term(registry.get(merged[ror_id]).iri)
            if ror_id in merged
            else data_iri(f"ror/{ror_id}")
            for ror_id in selected
        }
        plan = partial(
            ror_triples, stored=ror, records=records, nodes=ror_nodes, merged=set(merged)
        )
        result.plans.insert(0, (ror.id, plan))
    if ror is not None:
        result.reports.insert(0, ror_report)
    return result


@dataclass(frozen=True)
class ImportResult:
    """What an import stored and how its organisations resolve against the project."""

    path: Path
    source: str
    records: int
    release: str
    previous: str | None
    resolution: tuple[str, ...]

    def summary(self) -> str:
        if self.previous == self.release:
            done = f"{self.source} release {self.release} was already imported; unchanged"
        elif self.previous is not None:
            done = f"{self.source}: release {self.previous} replaced by {self.release}"
        else:
            done = f"{self.source}: imported release {self.release}"
        lines = [f"{done} ({self.records} records, {self.path})", *self.resolution]
        lines.append("Run 'collabgraph build' to bring it into the graph.")
        return "\n".join(lines)


def _record_count(stored: StoredImport) -> int:
    return sum(len(rows) for rows in stored.records.values())


def store_import(
    project: Project,
    stored: StoredImport,
    registry: Registry,
    facts: Iterable[Fact],
    identifiers: Iterable[Identifier],
    *,
    replace_newer: bool = False,
) -> ImportResult:
    """Keep an import in ``data/imports/`` (an older release than the one kept is refused
    unless ``replace_newer``) and report how it resolves."""
    from collabgraph.errors import BuildError

    target = project.imports / f"{stored.id}.json.gz"
    previous = (
        next((s for s in read_stored_imports(project.imports) if s.id == stored.id), None)
        if project.imports.is_dir()
        else None
    )
    if previous is not None and previous.release > stored.release and not replace_newer:
        raise BuildError(
            f"{target} holds release {previous.release}, newer than {stored.release}; "
            "pass `replace_newer=True` to import the older release anyway"
        )
    with FileTransaction(undo_folder(project)) as files:
        files.write(target, stored_import_bytes(stored))
        report = compile_imports(project, registry, facts, identifiers, write=False)
        files.write(ambiguity_file(project), ambiguity_table(report.reports))
    lines = tuple(
        line for r in report.reports if r.source in {stored.id, "ror"} for line in r.lines()
    )
    return ImportResult(
        path=target,
        source=stored.id,
        records=_record_count(stored),
        release=stored.release,
        previous=None if previous is None else previous.release,
        resolution=lines,
    )
