"""Reference data: checked facts the documents imply but do not state.

Each TSV file in ``data/reference/`` starts with ``#`` lines naming its source. Its rows
become facts of kind *reference* (typed ``cg:ReferenceFact``, in a named graph of their own,
derived from a ``cg:ReferenceDataset``); the evidence of each fact is its row, cited in
words ("LERU members list, row 12: KU Leuven, BE") with its position in the file.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from collabgraph.curation.facts import Fact
from collabgraph.curation.registry import Entity, Registry, slugify
from collabgraph.curation.sources import Quote, Source
from collabgraph.errors import AnnotationError, CollabgraphError, ValidationFailed

__all__ = ["Identifier", "ReferenceData", "load_reference_data", "row_in_words"]

_LIST_NAMES = {
    "european_reference_networks": "European Reference Networks list",
    "leru_members": "LERU members list",
    "institution_countries": "institution countries list",
    "identifiers": "checked identifiers list",
}
"""What a curator calls each reference file, to cite its rows in words."""


def row_in_words(source: Source, quote: Quote) -> str:
    """A reference row cited as a reader says it: "LERU members list, row 12: KU Leuven, BE"
    (the row is the file's line, as a spreadsheet numbers it)."""
    stem = source.path.stem
    name = _LIST_NAMES.get(stem, f"{stem.replace('_', ' ')} list")
    cells = ", ".join(cell.strip() for cell in quote.exact.split("\t"))
    return f"{name} ({source.path.name}), row {quote.line}: {cells}"


@dataclass(frozen=True)
class Identifier:
    """A checked identifier elsewhere (ROR, Wikidata) for an entity."""

    entity: str
    iri: URIRef
    source: Source
    quote: Quote


@dataclass
class ReferenceData:
    sources: list[Source]
    facts: list[Fact]
    identifiers: list[Identifier]


@dataclass(frozen=True)
class _Row:
    values: dict[str, str]
    quote: Quote


def _read_tsv(path: Path) -> tuple[Source, list[_Row]]:
    text = path.read_text(encoding="utf-8")
    header_lines = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
    cited = next((h for h in header_lines if h.lower().startswith(("source:", "sources:"))), None)
    if cited is None:
        cited = next((h for h in header_lines if "source" in h.lower()), None)
    if cited is None:
        raise AnnotationError(
            "a reference file must name its source in a '# Source: ...' line", path=path, line=1
        )
    source = Source(
        id=f"reference/{path.stem}",
        kind="reference",
        path=path,
        text=text,
        title="Reference data: " + path.stem.replace("_", " "),
        cited_source=cited,
        description=" ".join(header_lines),
    )
    rows: list[_Row] = []
    offset = 0
    columns: list[str] | None = None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        start, offset = offset, offset + len(line)
        content = line.rstrip("\r\n")
        if not content.strip() or content.startswith("#"):
            continue
        cells = next(csv.reader([content], delimiter="\t"))
        if columns is None:
            columns = cells
            continue
        if len(cells) != len(columns):
            raise AnnotationError(
                f"expected {len(columns)} tab-separated columns, found {len(cells)}",
                path=path,
                line=number,
            )
        quote = Quote.at(text, start, start + len(content))
        rows.append(_Row(dict(zip(columns, cells, strict=True)), quote))
    return source, rows


def _find_or_add(
    registry: Registry, name: str, entity_type: str, source: Source, line: int
) -> Entity:
    entity = registry.find(name)
    if entity is None:
        entity = Entity(
            id=slugify(name),
            type=entity_type,
            label=name,
            origin=source.id,
            path=source.path,
            line=line,
        )
        registry.add(entity)
    return entity


def _fact(
    source: Source,
    row: _Row,
    subject: str,
    *,
    relation: str | None = None,
    object: str | None = None,
    attribute: str | None = None,
    value: str | None = None,
) -> Fact:
    return Fact(
        source=source,
        subject=subject,
        quote=row.quote,
        path=source.path,
        line=row.quote.line,
        relation=relation,
        object=object,
        attribute=attribute,
        value=value,
    )


def _ern_rows(source: Source, rows: list[_Row], registry: Registry) -> Iterator[Fact]:
    for row in rows:
        ern = _find_or_add(
            registry, row.values["short_name"], "ReferenceNetwork", source, row.quote.line
        )
        yield _fact(source, row, ern.id, relation="partOf", object="european-reference-networks")
        yield _fact(source, row, ern.id, attribute="specialism", value=row.values["disease_area"])


def _leru_rows(source: Source, rows: list[_Row], registry: Registry) -> Iterator[Fact]:
    for row in rows:
        university = _find_or_add(
            registry, row.values["university"], "University", source, row.quote.line
        )
        yield _fact(source, row, university.id, relation="memberOf", object="leru")
        yield _fact(
            source,
            row,
            university.id,
            relation="basedIn",
            object=f"country:{row.values['country_iso']}",
        )


def _country_rows(source: Source, rows: list[_Row], registry: Registry) -> Iterator[Fact]:
    for row in rows:
        entity = _known(registry, row.values["institution"], source, row.quote.line)
        yield _fact(
            source,
            row,
            entity.id,
            relation="basedIn",
            object=f"country:{row.values['country_iso']}",
        )


def _known(registry: Registry, name: str, source: Source, line: int) -> Entity:
    entity = registry.find(name)
    if entity is None:
        raise AnnotationError(
            f"{name!r} is not in the registry (data/registry.yaml)",
            path=source.path,
            line=line,
            entity=name,
        )
    return entity


_Loader = Callable[[Source, list[_Row], Registry], Iterator[Fact]]

_FACT_LOADERS: dict[str, _Loader] = {
    "european_reference_networks": _ern_rows,
    "leru_members": _leru_rows,
    "institution_countries": _country_rows,
}

_IDENTIFIER_BASES = {"ror": "https://ror.org/", "wikidata": "http://www.wikidata.org/entity/"}


def _identifiers(source: Source, rows: list[_Row], registry: Registry) -> Iterator[Identifier]:
    for row in rows:
        entity = _known(registry, row.values["institution"], source, row.quote.line)
        for column, base in _IDENTIFIER_BASES.items():
            value = row.values.get(column, "").strip()
            if value:
                yield Identifier(entity.id, URIRef(base + value), source, row.quote)


def load_reference_data(folder: Path, registry: Registry) -> ReferenceData:
    """Read every known reference file in ``folder``; unknown files are an error. Every
    problem of every file is reported at once (a row at a time)."""
    data = ReferenceData([], [], [])
    problems: list[CollabgraphError] = []
    for path in sorted(folder.glob("*.tsv")):
        if path.stem != "identifiers" and path.stem not in _FACT_LOADERS:
            known = ", ".join(sorted([*_FACT_LOADERS, "identifiers"]))
            problems.append(
                AnnotationError(f"unknown reference file (known: {known})", path=path, line=1)
            )
            continue
        try:
            source, rows = _read_tsv(path)
        except AnnotationError as problem:
            problems.append(problem)
            continue
        data.sources.append(source)
        for row in rows:
            try:
                if path.stem == "identifiers":
                    data.identifiers.extend(_identifiers(source, [row], registry))
                else:
                    data.facts.extend(_FACT_LOADERS[path.stem](source, [row], registry))
            except AnnotationError as problem:
                problems.append(problem)
    if problems:
        raise ValidationFailed(problems)
    return data
