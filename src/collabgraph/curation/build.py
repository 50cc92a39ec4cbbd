"""Build: read every input, validate, compile and write the graph atomically."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from collabgraph.curation.annotations import read_annotations
from collabgraph.curation.compile import compile_dataset, fact_iri
from collabgraph.curation.entities import check_names, name_collisions
from collabgraph.curation.facts import Fact
from collabgraph.curation.imports import (
    ImportedGraphs,
    LostLink,
    ambiguity_file,
    ambiguity_table,
    compile_imports,
    lost_links,
)
from collabgraph.curation.reference import Identifier, load_reference_data
from collabgraph.curation.registry import COUNTRY_PREFIX, Registry, load_registry
from collabgraph.curation.sources import Source
from collabgraph.curation.transaction import undo_folder, undo_unfinished
from collabgraph.curation.validate import check_facts, check_shacl, check_sources, check_vocabulary
from collabgraph.errors import AnnotationError, BuildError, CollabgraphError, ValidationFailed
from collabgraph.generations import PUBLISHED_FILES, new_generation, project_lock, publish
from collabgraph.io import atomic_writer, export_dataset, trig_bytes, write_atomically
from collabgraph.project import Project

_GRAPH, _UNION, _MANIFEST = PUBLISHED_FILES

__all__ = [
    "Assembly",
    "BuildReport",
    "ProjectEntities",
    "ValidationReport",
    "assemble",
    "build",
    "gather_entities",
    "validate",
]


@dataclass
class Assembly:
    """Everything read from a project, and the graph compiled from it."""

    registry: Registry
    sources: list[Source]
    facts: list[Fact]
    dataset: Dataset
    problems: list[CollabgraphError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    imports: ImportedGraphs = field(default_factory=ImportedGraphs)


@dataclass(frozen=True)
class BuildReport:
    graph_file: Path
    triples: int
    facts: int
    entities: int
    documents: int
    reference_files: int
    seconds: float
    warnings: tuple[str, ...] = ()
    registries: int = 0
    imports: tuple[str, ...] = ()
    """How the organisations of each imported source resolved (a line each, plus any
    ambiguous ones)."""
    lost_links: tuple[LostLink, ...] = ()
    """Links of imported records the last build made and this one does not."""

    def summary(self) -> str:
        sources = [f"{self.documents} documents", f"{self.reference_files} reference files"]
        if self.registries:
            sources.append(f"{self.registries} imported sources")
        listed = ", ".join(sources[:-1]) + " and " + sources[-1]
        lines = [
            f"Built {self.graph_file}: {self.triples} triples, {self.facts} facts about "
            f"{self.entities} entities from {listed} ({self.seconds:.1f} s); SHACL: conforms."
        ]
        lost = [f"link lost: {link.message()}" for link in self.lost_links]
        return "\n".join([*lines, *self.imports, *lost])


@dataclass(frozen=True)
class ValidationReport:
    files: int
    documents: int
    facts: int
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        return (
            f"OK: {self.files} file(s), {self.documents} document(s), {self.facts} facts; "
            "SHACL: conforms."
        )


def _parse_turtle(path: Path) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError:
        raise BuildError(f"{path} not found") from None
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise AnnotationError(f"Turtle syntax error: {exc}", path=path) from None


def _counted(fact: Fact, drafts: bool) -> bool:
    """Rejected facts never count; draft facts only with ``drafts``."""
    return fact.status != "rejected" and (drafts or not fact.is_draft)


def _without_unreviewed(
    registry: Registry, facts: list[Fact], sources: list[Source], drafts: bool
) -> tuple[Registry, list[CollabgraphError]]:
    """The registry without proposed entities, unless ``drafts``.

    An accepted fact or a document that names a proposed entity is a problem: the curator
    accepts the entity (``collabgraph review``) or builds with ``drafts``.
    """
    if drafts:
        return registry, []
    proposed = {e.id for e in registry if e.status == "proposed"}
    problems: list[CollabgraphError] = []
    hint = "accept it with `collabgraph review`, or build with `drafts`"
    for fact in (f for f in facts if _counted(f, drafts)):
        named = {fact.subject, fact.object, fact.count_of} - {None}
        for entity_id in sorted(str(e) for e in named & proposed):
            problems.append(
                AnnotationError(
                    f"entity {entity_id!r} is only proposed (status: proposed); {hint}",
                    path=fact.path,
                    line=fact.line,
                    entity=entity_id,
                )
            )
    for source in sources:
        if source.publisher in proposed:
            problems.append(
                AnnotationError(
                    f"publisher {source.publisher!r} is only proposed (status: proposed); {hint}",
                    path=source.annotation_file or source.path,
                    line=source.line_of("publisher"),
                    entity=source.publisher,
                )
            )
    return registry.without(proposed), problems


def _read_documents(
    files: Sequence[Path],
) -> tuple[list[tuple[Source, list[Fact], list[CollabgraphError]]], list[CollabgraphError]]:
    """Each annotation file's document, facts and problems; a file whose document id another
    file already has is one problem naming both, and none of its facts are read."""
    read: list[tuple[Source, list[Fact], list[CollabgraphError]]] = []
    problems: list[CollabgraphError] = []
    first: dict[str, Path] = {}
    for path in files:
        try:
            source, file_facts, file_problems = read_annotations(path)
        except AnnotationError as problem:
            problems.append(problem)
            continue
        except ValidationFailed as failed:
            problems.extend(failed.problems)
            continue
        if source.id in first:
            problems.append(
                AnnotationError(
                    f"duplicate document id {source.id!r}: {first[source.id]} has it too; "
                    "give one of them another id",
                    path=path,
                    line=source.line_of("id"),
                    entity=source.id,
                )
            )
            continue
        first[source.id] = path
        read.append((source, file_facts, file_problems))
    return read, problems


def _check_drafts(
    facts: Sequence[Fact], registry: Registry, proposed: Registry
) -> list[CollabgraphError]:
    """Draft facts a build leaves out are still checked against the entities (proposed ones
    included): a draft that could never be accepted is a problem now, not at review."""
    pending = [f for f in facts if f.is_draft and f.status != "rejected"]
    if not pending:
        return []
    known = registry.without(set())
    for entity in proposed:
        if entity.id not in known.entities and entity.status == "proposed":
            known.add(entity)
    return check_facts(pending, known)


def _resolution_warnings(imports: ImportedGraphs) -> list[str]:
    """A ROR record whose names fit two project entities links to neither: say so."""
    warnings = []
    for report in imports.reports:
        for key, name, candidates in report.ambiguous:
            if report.source == "ror" and not any(c.startswith("ror:") for c in candidates):
                warnings.append(
                    f"ROR record {key} {name!r} fits {', '.join(candidates)}, so it is linked "
                    f"to none of them; pin it in data/resolution.yaml ({key}: <entity id>) or "
                    "merge the entities"
                )
    return warnings


def assemble(
    project: Project,
    annotation_files: Sequence[Path] | None = None,
    *,
    shacl: bool = True,
    drafts: bool = False,
) -> Assembly:
    """Read and check everything; ``problems`` lists what is wrong, located by file and line.

    Draft facts and proposed entities enter the graph only with ``drafts`` (``build --drafts``
    marks them as such); without, drafts are still checked against the entities.
    ``warnings`` name entities whose names collide and ROR records that fit two entities.
    """
    full_registry = load_registry(project.registry_file)
    files = project.annotation_files() if annotation_files is None else list(annotation_files)
    read, early = _read_documents(files)
    all_facts = [f for _, file_facts, _ in read for f in file_facts]
    registry, unreviewed = _without_unreviewed(
        full_registry, all_facts, [source for source, _, _ in read], drafts
    )
    reference = load_reference_data(project.reference, registry)
    sources: list[Source] = list(reference.sources)
    facts: list[Fact] = list(reference.facts)
    problems: list[CollabgraphError] = [*early, *unreviewed]
    for source, file_facts, file_problems in read:
        sources.append(source)
        facts.extend(f for f in file_facts if _counted(f, drafts))
        problems.extend(file_problems)
    left_out = set(full_registry.entities) - set(registry.entities)
    problems.extend(check_sources(sources, registry, left_out))
    problems.extend(check_facts(facts, registry))
    if not drafts:
        problems.extend(_check_drafts(all_facts, registry, full_registry))
    name_problems, warnings = check_names(registry, reference.identifiers)
    problems.extend(name_problems)
    ontology = _parse_turtle(project.ontology_file)
    if problems:
        warnings += [c.message() for c in name_collisions(registry)]
        return Assembly(registry, sources, facts, Dataset(), problems, warnings)
    dataset = compile_dataset(
        ontology=ontology,
        registry=registry,
        sources=sources,
        facts=facts,
        identifiers=reference.identifiers,
        root=project.root,
    )
    problems.extend(check_vocabulary(dataset))
    if shacl and not problems:
        locations: dict[URIRef, tuple[Path, int]] = {fact_iri(f): (f.path, f.line) for f in facts}
        problems.extend(check_shacl(dataset, _parse_turtle(project.shapes_file), locations))
    imports = ImportedGraphs()
    try:
        imports = compile_imports(project, registry, facts, reference.identifiers)
    except ValidationFailed as failed:
        problems.extend(failed.problems)
    except CollabgraphError as problem:
        problems.append(problem)
    warnings += [c.message() for c in name_collisions(registry, imports.linked_names)]
    warnings += _resolution_warnings(imports)
    return Assembly(registry, sources, facts, dataset, problems, warnings, imports)


@dataclass(frozen=True)
class ProjectEntities:
    """The entities a project knows and the facts that use them, read without building."""

    registry: Registry
    facts: list[Fact]
    identifiers: list[Identifier]


def gather_entities(project: Project) -> ProjectEntities:
    """Registry, reference and country entities and every readable fact (for search): a
    file with problems contributes what can be read, so search works while curating."""
    registry = load_registry(project.registry_file)
    reference = load_reference_data(project.reference, registry)
    facts: list[Fact] = list(reference.facts)
    for path in project.annotation_files():
        try:
            facts.extend(read_annotations(path)[1])
        except (AnnotationError, ValidationFailed):
            continue
    for fact in facts:
        for entity_id in (fact.subject, fact.object):
            if (
                entity_id is not None
                and entity_id.startswith(COUNTRY_PREFIX)
                and entity_id in registry
            ):
                registry.get(entity_id)
    return ProjectEntities(registry, facts, list(reference.identifiers))


def _previous_links(project: Project) -> dict[str, str]:
    """The links the last build (without drafts) made, from its manifest."""
    try:
        manifest = json.loads(project.manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    links = manifest.get("links") if isinstance(manifest, dict) else None
    return {str(k): str(v) for k, v in links.items()} if isinstance(links, dict) else {}


def build(project: Project, *, drafts: bool = False) -> BuildReport:
    """Build and validate the graph; on any problem raise and leave the previous graph intact.

    ``drafts`` includes draft facts and proposed entities, marked ``cg:curationStatus``.
    A build without drafts compares the links of imported records with the last one's: a
    link gone is a warning naming the record, and ``build/ambiguous.tsv`` lists it with every
    ambiguous record.
    """
    started = time.perf_counter()
    undo_unfinished(undo_folder(project))  # an add or import killed half-way: undone first
    assembly = assemble(project, drafts=drafts)
    if assembly.problems:
        raise ValidationFailed(assembly.problems)
    previous = {} if drafts else _previous_links(project)
    lost = lost_links(previous, assembly.imports, assembly.registry)
    with project_lock(project):
        staging = new_generation(project)
        try:
            report = _write_generation(project, assembly, staging, previous, lost, drafts=drafts)
            publish(project, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    if assembly.imports.stored:
        table = ambiguity_table(assembly.imports.reports, lost)
        write_atomically(ambiguity_file(project), table.encode("utf-8"), make_folder=True)
    return replace(report, seconds=time.perf_counter() - started)


def _write_generation(
    project: Project,
    assembly: Assembly,
    folder: Path,
    previous: dict[str, str],
    lost: list[LostLink],
    *,
    drafts: bool,
) -> BuildReport:
    """The graph, its union and the manifest into a new generation's folder."""
    with atomic_writer(folder / _UNION) as union, atomic_writer(folder / _GRAPH) as sink:
        sink.write(trig_bytes(assembly.dataset))
        union.write(export_dataset(assembly.dataset, "nt"))
        imported = assembly.imports.write(sink, union)
    report = BuildReport(
        graph_file=project.graph_file,
        triples=len(assembly.dataset) + imported,
        facts=len(assembly.facts),
        entities=len(assembly.registry),
        documents=sum(1 for s in assembly.sources if s.kind == "document"),
        reference_files=sum(1 for s in assembly.sources if s.kind == "reference"),
        seconds=0.0,
        warnings=tuple(assembly.warnings),
        registries=len(assembly.imports.stored),
        imports=tuple(line for r in assembly.imports.reports for line in r.lines()),
        lost_links=tuple(lost),
    )
    manifest = {
        "graph": project.graph_file.name,
        "triples": report.triples,
        "facts": report.facts,
        "entities": report.entities,
        "sources": {s.id: s.sha256 for s in assembly.sources},
        "imports": {s.id: s.release for s in assembly.imports.stored},
        "links": previous if drafts else assembly.imports.links,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    write_atomically(folder / _MANIFEST, text.encode())
    return report
    return report


def validate(
    project: Project, files: Sequence[Path] | None = None, *, drafts: bool = False
) -> ValidationReport:
    """Every check of the build on ``files`` (default: every annotation file), writing
    nothing: on the whole project, ``validate`` refuses exactly what ``build`` refuses (and
    with ``drafts`` what ``build(drafts=True)`` refuses). Its warnings include the links of
    imported records the next build would lose."""
    if files is not None:
        missing = [path for path in files if not Path(path).is_file()]
        if missing:
            raise ValidationFailed(
                [CollabgraphError(f"{path}: file not found") for path in missing]
            )
    chosen = project.annotation_files() if files is None else [Path(f).resolve() for f in files]
    assembly = assemble(project, chosen, drafts=drafts)
    if assembly.problems:
        raise ValidationFailed(assembly.problems)
    lost = (
        [] if drafts else lost_links(_previous_links(project), assembly.imports, assembly.registry)
    )
    return ValidationReport(
        files=len(chosen),
        documents=sum(1 for source in assembly.sources if source.kind == "document"),
        facts=sum(1 for fact in assembly.facts if not fact.is_reference),
        warnings=(
            *assembly.warnings,
            *(f"the next build would lose a link: {link.message()}" for link in lost),
        ),
    )
