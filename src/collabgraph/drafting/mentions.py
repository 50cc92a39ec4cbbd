"""What the name finders produce: the names a project knows and the mentions of a page.

A :class:`Mention` is a stretch of a page that names someone or something (a known entity, a
place, a person, a new name, the publisher, or a word that refers back to one of them); a
:class:`Candidate` is a mention with the rank that decides between overlapping ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from collabgraph.drafting.places import Place, fold

__all__ = ["AGENT_GROUPS", "Candidate", "KnownName", "Mention", "group_of", "of_known"]

AGENT_GROUPS = {"organisation", "network", "initiative", "person"}


@dataclass(frozen=True)
class KnownName:
    """One name of an entity the project knows."""

    name: str
    entity: str
    type: str
    group: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    """The page's wording."""
    type: str
    group: str
    kind: str
    """'known', 'place', 'person', 'new', 'publisher' or 'anaphor'."""
    entity: str | None = None
    """The known entity's id, or None for a new name (see :attr:`label`)."""
    label: str = ""
    aliases: tuple[str, ...] = ()
    weak: bool = False
    """A single capitalised word with no other sign of being a name: used only in lists."""
    place: Place | None = None

    @property
    def key(self) -> str:
        """Who this is: the entity id, or the folded label of a new name."""
        return self.entity or "new:" + fold(self.label)

    @property
    def is_agent(self) -> bool:
        return self.group in AGENT_GROUPS


def of_known(known: KnownName, start: int, text: str, kind: str) -> Mention:
    """A mention of a known entity (or of the publisher) at ``start`` in the page."""
    return Mention(
        start,
        start + len(text),
        text,
        known.type,
        known.group,
        kind,
        entity=known.entity,
        label=known.name,
    )


@dataclass
class Candidate:
    """A mention one of the finders proposes, with the rank that decides between overlapping
    ones of the same length (the higher wins)."""

    start: int
    end: int
    rank: int
    mention: Mention


def group_of(entity_type: str) -> str:
    from collabgraph.vocabulary import ENTITY_TYPES

    return ENTITY_TYPES[entity_type].group
