"""The draft facts of a document as a curator reviews them: numbered, described in words,
with what each proposed entity resembles or may hold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from collabgraph.curation.build import gather_entities
from collabgraph.curation.registry import Registry
from collabgraph.curation.yamlfile import LocatedList, LocatedMap, read_yaml
from collabgraph.drafting.drafts import annotation_file_of
from collabgraph.drafting.likeness import KnownEntities
from collabgraph.drafting.project_names import known_entities
from collabgraph.drafting.review_names import glued_parts
from collabgraph.project import Project

__all__ = ["DraftItem", "draft_items", "fact_maps"]

_ITEM_KEYS = (
    "subject",
    "relation",
    "object",
    "attribute",
    "value",
    "occurrence",
    "since",
    "date",
    "currency",
    "cue",
    "confidence",
    "status",
)


@dataclass(frozen=True)
class DraftItem:
    """One draft fact of an annotation file, where it stands, and what it says."""

    number: int
    quote: str
    fields: dict[str, object]
    lines: dict[str, int]
    confidence: float
    description: str = ""
    """The fact in words, entities by label and id ("proposed" where they are)."""
    notes: tuple[str, ...] = ()
    """For each proposed entity the fact names: the known entities it resembles, and why."""

    @property
    def subject(self) -> str:
        return str(self.fields["subject"])

    def entities(self) -> set[str]:
        """The ids the fact names."""
        return {str(self.fields[k]) for k in ("subject", "object") if k in self.fields}

    def describe(self, registry: Registry) -> str:
        def name(entity_id: object) -> str:
            found = registry.entities.get(str(entity_id))
            state = ", proposed" if found is not None and found.status == "proposed" else ""
            return f"{found.label} [{entity_id}{state}]" if found else str(entity_id)

        if "relation" in self.fields:
            said = (
                f"{name(self.subject)} --{self.fields['relation']}--> {name(self.fields['object'])}"
            )
        else:
            said = f"{name(self.subject)}: {self.fields['attribute']} = {self.fields.get('value')}"
        extras = [
            f"{k} {self.fields[k]}" for k in ("since", "date", "currency") if k in self.fields
        ]
        return said + (f" ({', '.join(extras)})" if extras else "")


def fact_maps(items: LocatedList) -> Iterable[tuple[LocatedMap, LocatedMap]]:
    for item in items:
        if not isinstance(item, LocatedMap):
            continue
        nested = item.get("facts")
        if isinstance(nested, LocatedList):
            yield from ((f, item) for f in nested if isinstance(f, LocatedMap))
        else:
            yield item, item


def _resemblance_notes(
    item: DraftItem, registry: Registry, known: KnownEntities
) -> tuple[str, ...]:
    notes = []
    for entity_id in sorted(item.entities()):
        entity = registry.entities.get(entity_id)
        if entity is None or entity.status != "proposed":
            continue
        found = known.resembling(entity.label, leave_out={entity_id})
        parts = glued_parts(entity.label)
        if found:
            listed = "; ".join(likeness.describe() for likeness in found)
            notes.append(f"{entity_id} is new; it resembles {listed}")
        if len(parts) > 1:
            notes.append(f"{entity_id} may hold {len(parts)} names: {' | '.join(parts)}")
    return tuple(notes)


def draft_items(
    project: Project, doc_id: str, registry: Registry | None = None, *, notes: bool = True
) -> list[DraftItem]:
    """The document's draft facts in file order, numbered from 1; with ``notes``, what each
    proposed entity they name resembles (see :mod:`.likeness`) or may hold."""
    path = annotation_file_of(project, doc_id)
    document = read_yaml(path)
    items = document.get("facts") if isinstance(document, LocatedMap) else None
    if not isinstance(items, LocatedList):
        return []
    known = gather_entities(project) if registry is None else None
    registry = registry if registry is not None else known.registry  # type: ignore[union-attr]
    likeness = known_entities(project, known) if notes and known is not None else None
    drafts: list[DraftItem] = []
    for fact, quote in fact_maps(items):
        if fact.get("status") != "draft":
            continue
        confidence = fact.get("confidence", 0.0)
        item = DraftItem(
            number=len(drafts) + 1,
            quote=str(quote.get("quote", "")),
            fields={k: fact[k] for k in _ITEM_KEYS if k in fact}
            | ({"occurrence": quote["occurrence"]} if "occurrence" in quote else {}),
            lines={k: fact.line_of(k) for k in _ITEM_KEYS if k in fact},
            confidence=float(confidence) if isinstance(confidence, int | float) else 0.0,
        )
        item = replace(item, description=item.describe(registry))
        if likeness is not None:
            item = replace(item, notes=_resemblance_notes(item, registry, likeness))
        drafts.append(item)
    return drafts
