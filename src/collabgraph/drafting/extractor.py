"""The drafting interface: a page and the names the project knows in, a draft out.

Extractors are found through the ``collabgraph.extractors`` entry point group, so a
statistical or language-model extractor can be installed as a package and chosen with
``collabgraph draft --extractor NAME``. The default, ``rules``, is :class:`RuleExtractor`:
offline, no model, English and Dutch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Protocol

from collabgraph.drafting.calibration import calibrated, evidence
from collabgraph.drafting.likeness import KnownEntities
from collabgraph.drafting.mentions import KnownName, Mention, group_of
from collabgraph.drafting.name_finder import NameFinder
from collabgraph.drafting.rules import Finding, read_facts
from collabgraph.drafting.text import split_units
from collabgraph.errors import UnknownNameError
from collabgraph.names import normalise

__all__ = [
    "Draft",
    "DraftFact",
    "Extractor",
    "Page",
    "ProposedEntity",
    "RuleExtractor",
    "available_extractors",
    "load_extractor",
]

ENTRY_POINT_GROUP = "collabgraph.extractors"
_FINDERS: dict[tuple[str, int], NameFinder] = {}
"""Name matchers by language and known names: building one takes a moment, so a process
that drafts many pages of one project builds it once."""
_FINDERS_KEPT = 4
_INDEX_PREFIX = "ror:"
"""Known names with this id prefix are records of an imported registry, not entities."""


@dataclass(frozen=True)
class Page:
    id: str
    text: str
    language: str
    publisher: KnownName | None = None


@dataclass(frozen=True)
class ProposedEntity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class DraftFact:
    """A fact as the annotation file will hold it, with its sentence, cue and confidence."""

    quote: str
    occurrence: int | None
    subject: str
    relation: str | None = None
    object: str | None = None
    attribute: str | None = None
    value: Any = None
    currency: str | None = None
    approximation: str | None = None
    out_of: int | None = None
    since: str | None = None
    date: str | None = None
    date_text: str | None = None
    confidence: float = 0.5
    cue: str = ""
    subject_text: str | None = None
    object_text: str | None = None
    evidence: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """What :mod:`.calibration` read the confidence from (a relation's features)."""

    def key(self) -> tuple[str, ...]:
        """What the fact says: drafting again never adds it twice."""
        return (
            self.quote,
            self.subject,
            self.relation or self.attribute or "",
            str(self.object if self.relation else self.value),
        )


@dataclass(frozen=True)
class Draft:
    facts: tuple[DraftFact, ...]
    entities: tuple[ProposedEntity, ...]
    mentions: tuple[Mention, ...] = ()
    """Every name found, known or new (for measuring recall)."""


class Extractor(Protocol):
    name: str

    def draft(self, page: Page, known: Sequence[KnownName]) -> Draft: ...


@dataclass
class _Proposals:
    """Ids for new names: a slug of the label, made unique, never a known id.

    A new name that is a name of a known entity under the registry's name rules (label,
    alias, other-language label, acronym, or a name of the ROR record linked to it; case,
    accents, legal forms and word order aside) is that entity, never a proposal. A proposal
    notes the known entities it only resembles, with the reason (never merged).
    """

    taken: set[str]
    known_names: dict[str, str]
    by_key: dict[str, ProposedEntity] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """Each known entity's first name (its label)."""
    known: KnownEntities = field(init=False)

    def __post_init__(self) -> None:
        names: dict[str, list[str]] = {}
        for name, entity in self.known_names.items():
            names.setdefault(entity, []).append(name)
        self.known = KnownEntities(names)

    def _known_entity(self, names: Sequence[str]) -> str | None:
        """The one known entity one of ``names`` is (the first name that finds one)."""
        for name in names:
            found = self.known.same(name)
            if len(found) == 1:
                return next(iter(found))
            exact = self.known_names.get(normalise(name))
            if exact is not None:
                return exact
        return None

    def entity_of(self, mention: Mention) -> str:
        if mention.entity is not None and not mention.entity.startswith(_INDEX_PREFIX):
            return mention.entity
        label = mention.label.strip()
        if mention.entity is not None:
            return self._from_index(mention, label)
        known = self._known_entity([label, *mention.aliases])
        if known is not None:
            return known
        key = mention.key
        if key in self.by_key:
            return self.by_key[key].id
        from collabgraph.curation.registry import slugify

        base = slugify(label) or "entity"
        entity_id, number = base, 2
        while entity_id in self.taken:
            entity_id, number = f"{base}-{number}", number + 1
        self.taken.add(entity_id)
        aliases = tuple(a for a in mention.aliases if not self.known.same(a))
        notes = [f"GeoNames {mention.place.code}"] if mention.place else []
        notes += self._near(label, entity_id)
        for name in (label, *aliases):
            self.known_names.setdefault(normalise(name), entity_id)
        self.known.add(entity_id, (label, *aliases))
        note = "; ".join(notes) or None
        self.by_key[key] = ProposedEntity(entity_id, mention.type, label, aliases, note)
        return entity_id

    def _from_index(self, mention: Mention, name: str) -> str:
        """A registry record (ROR) the page names: proposed under the record's own name,
        the page's wording an alias, so the build merges it with the record."""
        assert mention.entity is not None
        label = self.labels.get(mention.entity, name)
        record = mention.entity[len(_INDEX_PREFIX) :]
        wording = (mention.text,) if normalise(mention.text) != normalise(label) else ()
        proposal = replace(mention, entity=None, kind="new", label=label, aliases=wording)
        entity_id = self.entity_of(proposal)
        found = self.by_key.get(proposal.key)
        if found is not None and not (found.note or "").startswith("ROR "):
            note = "; ".join(n for n in (f"ROR https://ror.org/{record}", found.note) if n)
            self.by_key[proposal.key] = replace(found, note=note)
        return entity_id

    def _near(self, label: str, entity_id: str) -> list[str]:
        """Known entities ``label`` only resembles, with the reason: flagged, never merged."""
        return [
            f"near match (not merged): {found.entity} "
            f"({self.labels.get(found.entity, found.name)!r}: {found.reason})"
            for found in self.known.resembling(label, leave_out={entity_id})
        ]


def _occurrence(text: str, quote: str, start: int) -> int | None:
    count = text.count(quote)
    if count <= 1:
        return None
    return text.count(quote, 0, start) + 1


def _value(finding: Finding) -> Any:
    value: Any = finding.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _fitting(fact: DraftFact, groups: Mapping[str, str]) -> DraftFact | None:
    """The fact as the vocabulary allows it: a membership of an initiative is taking part
    in it; a relation whose object is of a kind it never takes is left out (a draft that
    would not validate is no draft)."""
    from collabgraph.vocabulary import RELATIONS

    if fact.relation is None or fact.object is None:
        return fact
    group = groups.get(fact.object) or ("place" if fact.object.startswith("country:") else None)
    relation = fact.relation
    if relation == "memberOf" and group == "initiative":
        relation = "participatesIn"
        fact = replace(fact, relation=relation)
    allowed = RELATIONS[relation].object_groups
    return fact if allowed is None or group is None or group in allowed else None


def _wording(mention: Mention) -> str | None:
    """How the page names an entity, when it names it ("Imperial"), not for "we" or "the
    alliance"."""
    if mention.kind == "new" and normalise(mention.text) not in {
        normalise(n) for n in (mention.label, *mention.aliases)
    }:
        return None  # "Maastricht" in "the universities Maastricht and ..."
    return mention.text if mention.kind in {"known", "new", "place", "person"} else None


def _draft_fact(page: Page, finding: Finding, proposals: _Proposals) -> DraftFact:
    unit = finding.unit
    obj = finding.object
    date = finding.date or (finding.since if finding.relation is None else None)
    written = finding.since or date
    return DraftFact(
        quote=unit.text,
        occurrence=_occurrence(page.text, unit.text, unit.start),
        subject=proposals.entity_of(finding.subject),
        relation=finding.relation,
        object=proposals.entity_of(obj) if obj is not None else None,
        attribute=finding.attribute,
        value=_value(finding),
        currency=finding.currency,
        approximation=finding.approximation,
        out_of=finding.out_of,
        since=finding.since.value if finding.since else None,
        date=date.value if date and finding.attribute is None else None,
        date_text=written.text if written is not None else None,
        confidence=round(finding.confidence, 2),
        cue=finding.cue.strip(),
        subject_text=_wording(finding.subject),
        object_text=_wording(obj) if obj is not None else None,
    )


@dataclass
class RuleExtractor:
    """Rule-based drafting (spaCy blank pipelines, cue phrases, code lists): the default."""

    name: str = "rules"

    def _finder(self, language: str, known: Sequence[KnownName]) -> NameFinder:
        key = (language, hash(tuple(known)))
        if key not in _FINDERS:
            if len(_FINDERS) >= _FINDERS_KEPT:
                _FINDERS.pop(next(iter(_FINDERS)))
            _FINDERS[key] = NameFinder(known, language)
        return _FINDERS[key]

    def draft(self, page: Page, known: Sequence[KnownName]) -> Draft:
        units = split_units(page.text, page.language)
        mentions = self._finder(page.language, known).find(units, page.publisher)
        if page.publisher is not None:
            mentions = _as_publisher(mentions, page.publisher, known)
        publisher = None
        if page.publisher is not None:
            p = page.publisher
            publisher = Mention(0, 0, p.name, p.type, p.group, "publisher", p.entity, p.name)
        own = [k for k in known if not k.entity.startswith(_INDEX_PREFIX)]
        proposals = _Proposals(
            taken={k.entity for k in own},
            known_names={normalise(k.name): k.entity for k in own},
        )
        for name in known:
            proposals.labels.setdefault(name.entity, name.name)
        findings = list(read_facts(units, mentions, publisher))
        drafted = [(f, _draft_fact(page, f, proposals)) for f in findings]
        groups = {k.entity: k.group for k in known}
        groups.update({e.id: group_of(e.type) for e in proposals.by_key.values()})
        fitted = [(f, _fitting(d, groups)) for f, d in drafted]
        facts = _calibrated([(f, d) for f, d in fitted if d is not None], page)
        found = [m for unit_mentions in mentions for m in unit_mentions]
        found += [m for f in findings for m in (f.subject, f.object) if m is not None]
        return Draft(tuple(facts), tuple(proposals.by_key.values()), tuple(dict.fromkeys(found)))


def _calibrated(drafted: list[tuple[Finding, DraftFact]], page: Page) -> list[DraftFact]:
    """Each relation's confidence as :mod:`.calibration` rates drafts like it."""
    per_unit = Counter(finding.unit.start for finding, fact in drafted if fact.relation)
    publisher = page.publisher.entity if page.publisher is not None else None
    facts = []
    for finding, fact in drafted:
        if fact.relation is None or fact.object is None:
            facts.append(fact)
            continue
        obj = finding.object
        features = evidence(
            fact.relation,
            finding.confidence,
            (
                (finding.subject.kind, fact.subject),
                (obj.kind if obj is not None else None, fact.object),
            ),
            per_unit[finding.unit.start],
            page.language,
            publisher,
        )
        confidence = calibrated(features, fact.confidence)
        facts.append(replace(fact, confidence=confidence, evidence=features))
    return facts


def _as_publisher(
    mentions: list[list[Mention]], publisher: KnownName, known: Sequence[KnownName]
) -> list[list[Mention]]:
    """Names of an imported registry record (ROR) that shares a name with the publisher
    ("Universiteit Maastricht", "UM" for Maastricht University) name the publisher."""
    own = {normalise(k.name) for k in known if k.entity == publisher.entity}
    own.add(normalise(publisher.name))
    records = {
        k.entity for k in known if k.entity.startswith(_INDEX_PREFIX) and normalise(k.name) in own
    }
    if not records:
        return mentions
    return [
        [
            replace(m, entity=publisher.entity, type=publisher.type, group=publisher.group)
            if m.entity in records
            else m
            for m in unit_mentions
        ]
        for unit_mentions in mentions
    ]


@dataclass(frozen=True)
class _Country:
    id: str
    origin: str = "country"


def settle_collisions(draft: Draft, taken: Mapping[str, Any]) -> Draft:
    """A draft whose new entities share no name with the registry's (``taken``: normalised
    name to entity, as the registry's check compares them). An alias that is taken is
    dropped; a new entity whose label is taken is that entity, unless that is a country
    named by its code ("UM" is no country here), when the facts naming it are dropped."""
    from collabgraph.drafting.places import country_codes

    taken = dict(taken)
    for fact in draft.facts:
        for entity in (fact.subject, fact.object):
            place = country_codes().get((entity or "")[len("country:") :])
            if entity and entity.startswith("country:") and place is not None:
                for name in (place.code, place.name):  # a country enters with its facts
                    taken.setdefault(normalise(name), _Country(entity))
    linked: dict[str, str | None] = {}
    entities = []
    for proposed in draft.entities:
        owner = taken.get(normalise(proposed.label))
        if owner is not None:
            country = getattr(owner, "origin", None) == "country"
            linked[proposed.id] = None if country and proposed.type != "Country" else owner.id
            continue
        aliases = tuple(a for a in proposed.aliases if normalise(a) not in taken)
        entities.append(replace(proposed, aliases=aliases))
    if not linked:
        return replace(draft, entities=tuple(entities))
    facts = []
    for fact in draft.facts:
        subject = linked.get(fact.subject, fact.subject)
        obj = linked.get(fact.object, fact.object) if fact.object else None
        if subject is None or (fact.object and obj is None) or (obj is not None and obj == subject):
            continue
        facts.append(replace(fact, subject=subject, object=obj))
    return replace(draft, facts=tuple(facts), entities=tuple(entities))


def available_extractors() -> dict[str, str]:
    """Installed extractors by name (the entry point group), the built-in one included."""
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    found.setdefault("rules", "collabgraph.drafting.extractor:RuleExtractor")
    return found


def load_extractor(name: str = "rules") -> Extractor:
    """The extractor registered under ``name``."""
    if name == "rules":
        return RuleExtractor()
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name == name:
            factory = entry.load()
            extractor: Extractor = factory()
            return extractor
    raise UnknownNameError("extractor", name, available_extractors())
