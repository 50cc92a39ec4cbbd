"""From a sentence and its mentions to facts: the cue phrases of :mod:`.lexicon` read
left to right, in English and Dutch.

A cue's subject is the run of names just before it (or the publisher, when the sentence
names nobody before it: "Oprichting van Una Europa" on the publisher's page), its object
the run just after it. A run is names joined only by commas, "and"/"en", articles,
brackets and "from <place>". "Together with"-like cues make everyone they join partners of
everyone; "between" after a network makes each name a member. Dates with "since"/"sinds"
qualify the sentence's memberships and partnerships; a founding date goes to what was
founded; an amount of money to the fund, grant or initiative it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import combinations, pairwise
from typing import Any

from collabgraph.drafting.lexicon import (
    CUES,
    DEMONYM_COUNTRIES,
    DUTCH_DEMONYMS,
    INVERTED_VERBS,
    ROLE_WORDS,
    Cue,
    type_of_word,
)
from collabgraph.drafting.mentions import Mention, group_of
from collabgraph.drafting.name_context import list_type
from collabgraph.drafting.places import fold, is_major_place, place_names
from collabgraph.drafting.quantities import DateMention, find_counts, find_dates, find_money
from collabgraph.drafting.text import Unit

__all__ = ["Finding", "read_facts"]

_ORGS = {"organisation", "network"}
_GROUPS = {"network", "initiative"}
_RUN_GAP = re.compile(
    r"^(?:\s|,|;|&|\band\b|\ben\b|\bas well as\b|\bthe\b|\bde\b|\bhet\b|\bzowel\b|\bals\b"
    r"|\((?:co-?ordinator|coordinator|lead|penvoerder)\)|\bfrom\s+\S+|\buit\s+\S+)*$"
)
_LIST_START = re.compile(
    r"(?:e\.g\.|for example|such as|including|like|zoals|waaronder|bijvoorbeeld|namely"
    r"|namelijk|:)\s*$"
)
_COORDINATOR_MARK = re.compile(
    r"^\s*\([^()]*\b(?:co-?ordinator|coordinating|lead|leader|penvoerder|chair)\b[^()]*\)",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"^\s*[(,]\s*(?P<role>[a-z]+)(?:\s+[a-z]+){0,4}?\s+(?:of|van)\s+(?:the\s+|de\s+|het\s+)?$"
)
_GAPPED = re.compile(r"^\s*,\s*$")
_GAPPED_OF = re.compile(r"^\s+(?:of|van)\s+(?:the\s+|de\s+|het\s+)?$")
_NEAR_PLACE = re.compile(r"^\s*,?\s*(?:in|from|uit|te|at|based in)\s+(?:the\s+)?$")
_START = re.compile(
    r"(?<![\w-])(?:was|were|is|werd|werden)\s+(?:\w+\s+)?(?:born|launched|started|opgericht"
    r"|gelanceerd|ratified|bekrachtigd|signed|ondertekend|founded|established|created|formed"
    r"|set\s+up|gestart|ingesteld)|ondertekenden|ratified|signed|(?:co-?)?founded\s+in"
    r"|established\s+in|opgericht\s+in"
    r"|launches|ging\s+van\s+start|gestart"
)


@dataclass(frozen=True)
class Finding:
    """One fact a sentence states, before entities get ids."""

    unit: Unit
    subject: Mention
    relation: str | None = None
    object: Mention | None = None
    attribute: str | None = None
    value: Any = None
    currency: str | None = None
    approximation: str | None = None
    since: DateMention | None = None
    date: DateMention | None = None
    confidence: float = 0.5
    cue: str = ""
    out_of: int | None = None

    def key(self) -> tuple[str, str, str]:
        target = self.object.key if self.object else repr(self.value)
        subject = self.subject.key
        if self.relation == "partnerOf" and target < subject:
            subject, target = target, subject
        return subject, self.relation or self.attribute or "", target


def _relative(mention: Mention, unit: Unit) -> tuple[int, int]:
    return mention.start - unit.start, mention.end - unit.start


def _between(unit: Unit, first: Mention, second: Mention) -> str:
    return fold(unit.text[first.end - unit.start : second.start - unit.start])


_BRACKETS = re.compile(r"\([^()]{0,60}\)")
_POSSESSOR = re.compile(r"(?:the\s+)?[A-Z][\w-]*['’]s\s+$")
_PLACE_AFTER = re.compile(
    r"^\s*(?:,\s*|\s(?:in|at|from|uit|te)\s+(?:the\s+)?)(?P<place>[A-Z][\w'’.]*(?:[\s-][A-Z][\w'’.]*){0,2})"
)


def _joined(unit: Unit, first: Mention, second: Mention) -> bool:
    """Whether two names stand in one list: separators and articles between them, and
    also brackets ("A (UB, coordinator), B") or a place after the first ("C in Budapest")."""
    gap = unit.text[first.end - unit.start : second.start - unit.start]
    if _RUN_GAP.match(fold(gap)):
        return True
    if re.fullmatch(r"\s*\(\s*", gap):
        return True  # "the Wellcome Trust (WT)": a name and another name for it
    gap = re.sub(r"^\s*\)", "", gap)  # "B (C), D": on after the brackets
    gap = _POSSESSOR.sub(" ", gap)  # "A and CRUK's B": B is the next name, CRUK its owner
    gap = _BRACKETS.sub(" ", gap)
    place = _PLACE_AFTER.match(gap)
    if place is not None and fold(place.group("place")) in place_names():
        gap = _REGION.sub("", gap[place.end() :], count=1)
    gap = _QUALIFIER.sub(" ", gap, count=1)
    owner = _OWNER_PLACE.search(gap)
    if owner is not None and is_major_place(fold(owner.group("place"))):
        gap = gap[: owner.start()]
    return bool(_RUN_GAP.match(fold(gap)))


_REGION = re.compile(r"^\s*,\s*[A-Z][\w.]+(?=\s*,)")
"""The region after a town ("in Nashville, Tennessee, and B")."""
_QUALIFIER = re.compile(r"^\s+(?:in|for|on|op|voor|rond)\s+[^;()]{1,60},")
"""What each name of a list is for: "A in mathematics, B in computing and C"."""
_OWNER_PLACE = re.compile(r"(?:\bthe\s+)?(?P<place>[A-Z][\w-]+)[’']s\s*$")
"""A country before a name of a list: "and Singapore's D"."""


def _bracketed(unit: Unit, mention: Mention, position: int) -> bool:
    """Whether ``mention`` stands in brackets that close before ``position`` ("A (at B and
    C) became part of D": B and C are not the subject)."""
    text = unit.text
    start, end = mention.start - unit.start, mention.end - unit.start
    opening = text.rfind("(", 0, start)
    return opening >= 0 and text.rfind(")", 0, start) < opening and ")" in text[end:position]


def _possessor(unit: Unit, mention: Mention) -> bool:
    """A name that only owns the next one ("CRUK's London Research Institute")."""
    return re.match(r"['’]s\s+[A-Z]", unit.text[mention.end - unit.start :]) is not None


def _in_apposition(unit: Unit, mention: Mention, position: int) -> bool:
    """Whether ``mention`` stands in a dash apposition that ends before ``position`` ("X –
    a European civic university – was founded by"), or in brackets."""
    text = unit.text
    start, end = mention.start - unit.start, mention.end - unit.start
    opening = max(text.rfind(" – ", 0, start), text.rfind(" — ", 0, start))
    closing = max(text.find(" – ", end, position), text.find(" — ", end, position))
    return (opening >= 0 and closing >= 0) or _bracketed(unit, mention, position)


def _run_before(agents: list[Mention], unit: Unit, position: int) -> list[Mention]:
    before = [
        m
        for m in agents
        if m.end - unit.start <= position and not m.weak and not _bracketed(unit, m, position)
    ]
    if not before:
        return []
    run = [before[-1]]
    for mention in reversed(before[:-1]):
        if not _joined(unit, mention, run[0]) or _has_own_predicate(unit, run[0]):
            break
        run.insert(0, mention)
    return run


def _run_after(agents: list[Mention], unit: Unit, position: int) -> list[Mention]:
    after = [m for m in agents if m.start - unit.start >= position]
    if not after:
        return []
    run = [after[0]]
    for mention in after[1:]:
        if not _joined(unit, run[-1], mention) or _has_own_predicate(unit, mention):
            break
        run.append(mention)
    return [m for m in run if not m.weak or len(run) > 1]


_OWN_PREDICATE = re.compile(
    r"^\s*,\s*(?:(?:also|ook|now|nu)\s+)?(?:involved|participating|a\s+member|part"
    r"|betrokken|deelnemer|lid|onderdeel)\b"
)
"""A name followed by its own apposition ("and B, involved in H,"): the subject of a clause
of its own, not one more object of the cue before it."""


def _has_own_predicate(unit: Unit, mention: Mention) -> bool:
    return bool(_OWN_PREDICATE.match(fold(unit.text[mention.end - unit.start :])))


def _cue_matches(unit: Unit, mentions: list[Mention]) -> list[tuple[Cue, re.Match[str]]]:
    text = fold(unit.text)
    taken = [_relative(m, unit) for m in mentions if m.kind != "publisher" and not m.weak]
    found: list[tuple[Cue, re.Match[str]]] = []
    for cue in CUES:
        for match in cue.pattern.finditer(text):
            if any(s <= match.start() and match.end() <= e for s, e in taken):
                continue
            found.append((cue, match))
    found.sort(key=lambda f: (f[1].start(), -(f[1].end() - f[1].start())))
    kept: list[tuple[Cue, re.Match[str]]] = []
    for cue, match in found:
        if kept and match.start() < kept[-1][1].end():
            continue
        kept.append((cue, match))
    return kept


_IN_PLACE = re.compile(r"^\s+(?:in|te)\s+$")


def _placed_acronyms(unit: Unit, mentions: list[Mention]) -> list[Mention]:
    """Without the acronym of "het Alder Ziekenhuis in Eindhoven (AZE)": it is another name
    of the organisation before the place, not an organisation of its own."""
    kept = list(mentions[:2])
    for owner, place, mention in zip(mentions, mentions[1:], mentions[2:], strict=False):
        if not (
            mention.kind == "new"
            and _is_initials(mention.text, owner.text)
            and owner.group == "organisation"
            and place.group == "place"
            and _IN_PLACE.match(_between(unit, owner, place))
            and re.fullmatch(r"\s*\(\s*", _between(unit, place, mention))
        ):
            kept.append(mention)
    return kept


def _is_initials(acronym: str, name: str) -> bool:
    return acronym.isupper() and len(acronym) <= 6 and acronym[:1] == name.lstrip()[:1].upper()


class _Sentence:
    """One unit's mentions and what has been read from them so far."""

    def __init__(
        self, unit: Unit, mentions: list[Mention], publisher: Mention | None, page: _Page
    ) -> None:
        self.unit = unit
        self.mentions = [
            m for m in _promote_lists(unit, _placed_acronyms(unit, mentions)) if not m.weak
        ]
        self.agents = [m for m in self.mentions if m.is_agent and not _possessor(unit, m)]
        self.publisher = publisher
        self.page = page
        self.dates = find_dates(unit.text)
        self.findings: list[Finding] = []

    def add(self, finding: Finding) -> None:
        if finding.object is not None and finding.object.key == finding.subject.key:
            return
        self.findings.append(finding)

    def relate(
        self, subject: Mention, relation: str, obj: Mention, confidence: float, cue: str
    ) -> None:
        if relation in {"memberOf", "partnerOf"} and obj.group == "initiative":
            relation = "participatesIn"  # "a partner in the project X" takes part in it
        elif (
            relation == "partnerOf"
            and {subject.group, obj.group} == {"organisation", "network"}
            and re.search(r"\bpartners?\b", cue)
        ):
            if subject.group == "network":  # "the G partners are A, B": members of G
                subject, obj = obj, subject
            relation = "memberOf"
        if relation == "memberOf" and obj.group not in _ORGS:
            return
        if relation == "partnerOf" and not (subject.group in _ORGS and obj.group in _ORGS):
            return
        if subject.group == "place" or obj.group == "place":
            return
        since = next((d for d in self.dates if d.role == "since"), None)
        if since is None and _STARTS.search(fold(self.unit.text)):
            since = next(iter(self.dates), None)  # "joined in 2019", "signed on 30 September"
        dated = relation in {"memberOf", "participatesIn", "partnerOf"}
        self.add(
            Finding(
                self.unit,
                subject,
                relation,
                obj,
                since=since if dated else None,
                confidence=min(confidence, 0.95) - (0.1 if subject.weak or obj.weak else 0),
                cue=cue,
            )
        )

    def subjects_before(self, position: int, nominal: bool) -> tuple[list[Mention], float]:
        """The run before the cue; the clause's first name when the cue continues it ("we
        organised X and became a member of Y"); else, in a list item, a heading or a noun
        phrase ("Oprichting van ..."), the publisher: the page speaks for it."""
        before = fold(self.unit.text[:position])
        if _AND_THEN.search(before):
            first = next((m for m in self.agents if m.end - self.unit.start <= position), None)
            if first is not None:
                return [first], _AND_THEN_PENALTY
        run = _run_before(self.agents, self.unit, position)
        if run:
            return run, 0.0
        if self.publisher is None or (self.unit.kind == "sentence" and not nominal):
            return [], 0.0
        intro = self.unit.intro
        if intro is not None and self.page.intro_subjects.get(intro.start):
            return self.page.intro_subjects[intro.start], -0.1
        return [self.publisher], -0.15 if nominal or self.unit.kind != "sentence" else -0.25


_STARTS = re.compile(
    r"\b(?:join(?:s|ed)?|became|signed|sign(?:s|ing)|ondertek\w+|sloten|sluiten|toegetreden"
    r"|trad(?:en)?\s+toe|lid\s+geworden|started|began|begon|gestart|launched|since|sinds|per)\b"
)
"""Words by which a date in the sentence starts its membership or partnership."""
_FAR = re.compile(r"\b(?:by|door|from|uit|which|that|die|dat|who)\b|(?:\S+\s+){6,}")
"""Between a cue and a name that is not its object: another verb's agent, a relative
clause, or six words or more."""
_MEMBERSHIP = {"memberOf", "participatesIn"}
_AND_THEN = re.compile(r"\b(?:and|en)\s+$")
_PARTICIPLE = re.compile(
    r"^(?:co-?)?(?:founded|established|set\s+up|created|initiated|launched|started|opgericht"
    r"|gestart|gelanceerd)$"
)
_PASSIVE_BEFORE = re.compile(r"(?:\b(?:was|were|is|are|been|being|werd|werden|wordt)|,)\s*$")
_AND_THEN_PENALTY = -0.05
"""A subject named earlier in the sentence ("X is part of Y and works with Z"): named,
though not right before the cue."""


@dataclass
class _Page:
    intro_subjects: dict[int, list[Mention]]
    intro_cues: dict[int, tuple[Cue, str]]
    last_group: Mention | None = None
    last_group_block: int = -1
    """The paragraph the last group was named in: an amount without a holder in the same
    paragraph belongs to it ("The universities have invested €3m")."""
    title: Unit | None = None
    """The page's first heading, when it is the first thing on the page."""
    section: Mention | None = None
    """What the latest heading names ("EIT Health" above "Contact person: ..."), until a
    contact line uses it."""
    topic: Mention | None = None
    """The first name of the first sentence after the last contact line."""
    table: tuple[list[str], Mention] | None = None
    """The columns of the members' table being read, and the group its rows belong to."""
    following: Mention | None = None
    """The group whose members the headings after "the following organisations" name."""
    mentions_at: dict[int, list[Mention]] = field(default_factory=dict)
    """The mentions of each unit read so far, by where it starts."""
    topic_group: Mention | None = None
    """The group the page is about: its publisher when that is a network, else the first
    group its title or first sentence names."""


def _region_of(unit: Unit, previous: Mention, mention: Mention) -> bool:
    """ "in Nashville, Tennessee,": one word after a town and its comma is the town's region,
    not a name in a list."""
    return previous.group == "place" and _between(unit, previous, mention).strip() == ","


def _promote_lists(unit: Unit, mentions: list[Mention]) -> list[Mention]:
    """Single capitalised words in a list that a noun or "e.g." introduces are names."""
    result = list(mentions)
    for index, mention in enumerate(result):
        if not mention.weak or (index and _region_of(unit, result[index - 1], mention)):
            continue
        before = fold(unit.text[: mention.start - unit.start])
        previous = result[index - 1] if index else None
        in_list = bool(_LIST_START.search(before.rstrip(" (")))
        if in_list or (previous is not None and _joined(unit, previous, mention)):
            typed = list_type(before) or mention.type
            result[index] = replace(mention, weak=False, type=typed)
    for index in range(len(result) - 2, -1, -1):
        if result[index].start == unit.start:  # a sentence's first word: "Together, A, B ..."
            continue
        if index and _region_of(unit, result[index - 1], result[index]):
            continue
        if (
            result[index].weak
            and not result[index + 1].weak
            and _joined(unit, result[index], result[index + 1])
        ):
            result[index] = replace(result[index], weak=False)
    return result


def _apply_cue(sentence: _Sentence, cue: Cue, match: re.Match[str]) -> None:
    unit, phrase = sentence.unit, match.group(0)
    start, end = match.start(), match.end()
    if cue.direction == "backward":
        _backward(sentence, cue, start, end, phrase)
        return
    nominal = cue.nominal
    subjects, penalty = sentence.subjects_before(start, nominal)
    spoken = [
        m
        for m in sentence.mentions
        if m.kind == "publisher" and start <= m.start - unit.start < end
    ]
    if spoken and (penalty or not subjects):
        subjects, penalty = spoken[:1], 0.0
    if not subjects and INVERTED_VERBS.match(phrase) and unit.text[:start].strip():
        subjects, objects_after = _inverted(sentence, end)
        if subjects and cue.kind == "form" and len(subjects) > 1:
            _form(sentence, subjects, objects_after, cue.confidence - 0.05, phrase)
            return
        if subjects and cue.kind != "form":
            for subject in subjects:
                for obj in objects_after:
                    sentence.relate(subject, cue.relation, obj, cue.confidence - 0.1, phrase)
            return
    if cue.kind == "coordinate" and subjects:
        subjects = _person_before_apposition(sentence, start) or subjects
    if cue.explicit and penalty < _AND_THEN_PENALTY:
        return
    if cue.kind == "partner" and not cue.clique:
        objects = _run_after(_places_as_partners(sentence), unit, end)
    elif cue.kind == "partner" and cue.clique:
        if penalty < _AND_THEN_PENALTY:
            return  # "together with" needs a subject the sentence names
        objects = _runs_with(sentence, end)
    else:
        objects = _run_after(sentence.agents, unit, end)
        if objects and _FAR.search(fold(unit.text[end : objects[0].start - unit.start])):
            objects = []  # "participates in 24 projects funded by X": X is not the object
        if not objects and cue.kind == "coordinate":
            objects = _inside(sentence, start, end)
        if objects and "invest" in fold(phrase):
            objects = (
                objects if _INVESTED_IN.match(_between_text(unit, end, objects[0].start)) else []
            )
    if (
        cue.kind == "found"
        and _PARTICIPLE.match(fold(phrase))
        and _PASSIVE_BEFORE.search(fold(unit.text[:start]))
    ):
        objects = []  # "X was launched in 2007 to follow Y": X was founded, Y is not
    confidence = cue.confidence + penalty
    if cue.kind == "form":
        _form(sentence, subjects, objects, confidence, phrase)
        return
    if (phrase.rstrip().endswith(":") or unit.text.rstrip().endswith(":")) and subjects:
        sentence.page.intro_subjects[unit.start] = subjects  # the list below gets the cue
        sentence.page.intro_cues[unit.start] = (cue, phrase)
    if cue.clique:
        joined = {f.object.key for f in sentence.findings if f.relation in _MEMBERSHIP and f.object}
        if not subjects or any(s.key in joined for s in subjects):
            return  # "X is part of G, together with A and B": members too (see _along_with)
        everyone = list(dict.fromkeys(subjects + objects))
        _named_group(sentence, everyone, phrase)
        for first, second in combinations(everyone, 2):
            core = first in subjects or second in subjects
            sentence.relate(first, cue.relation, second, confidence - (0 if core else 0.2), phrase)
        return
    if cue.kind == "coordinate":
        objects = objects[:1]
        subjects = subjects[-1:]
    if cue.kind == "member" and penalty and len(objects) > 1 and objects[0].kind == "anaphor":
        subjects, objects, confidence = objects[1:], objects[:1], cue.confidence - 0.1
    for subject in subjects:
        for obj in objects:
            sentence.relate(subject, cue.relation, obj, confidence, phrase)
            if cue.kind == "member" and re.search(r"\bfounding\b|\boprichtend", phrase):
                sentence.relate(subject, "established", obj, confidence, phrase)
            if cue.kind == "found" and "partner" in phrase:
                sentence.relate(subject, "partnerOf", obj, confidence, phrase)
            if cue.kind == "found" and re.search(r"\b(?:members?|leden|lid)\b", phrase):
                sentence.relate(subject, "memberOf", obj, confidence, phrase)
    if cue.kind == "found" and not penalty and len(subjects) > 1 and not objects:
        for first, second in combinations(subjects, 2):  # "A and B launched a centre"
            sentence.relate(first, "partnerOf", second, confidence - 0.05, phrase)
    if cue.kind == "found":
        date = next((d for d in sentence.dates if d.start >= end), None) or next(
            iter(sentence.dates), None
        )
        for obj in objects:
            if date is None:
                break
            sentence.add(
                Finding(
                    unit,
                    obj,
                    attribute="foundingDate",
                    value=date.value,
                    date=date,
                    confidence=0.55,
                    cue=phrase,
                )
            )
        for finding in sentence.findings:
            if finding.relation == "established" and finding.date is None and date:
                sentence.findings[sentence.findings.index(finding)] = replace(finding, date=date)
    _gapped(sentence, cue, objects, phrase)


_GROUP_NOUNS = (
    r"(?:alliance|alliantie|association|network|netwerk|consortium|consortia|partnership"
    r"|partnerschap|league|federation|federatie|vereniging|samenwerkingsverband|cluster"
    r"|collaboration|samenwerking|initiative|initiatief|project|programme|program|programma"
    r"|university|universiteit|group|groep|platform|coalition|coalitie)"
)
_MEMBER_NOUNS = (
    r"(?:partners?|members?|leden|lid|deelnemers|participants|\w*instituten|\w*instellingen"
    r"|\w*universiteiten|(?:member|partner)\s+(?:universities|institutions|organisations)"
    r"|universities|institutions|hospitals|\w*ziekenhuizen|organi[sz]ations|\w*organisaties"
    r"|partijen|founders|oprichters)"
)
_INTRODUCER = re.compile(
    r"(?:\b(?:of|between|consisting\s+of|comprising|composed\s+of|made\s+up\s+of|including"
    r"|includes?|namely|such\s+as|are|were|brings?\s+together|unites|with|van|tussen"
    r"|bestaande\s+uit|bestaat\s+uit|zijn|waren|namelijk|zoals|waaronder|met|verenigt|among"
    r"|amongst|onder)|:|[–—])"
    r"\s*(?:the|de|het)?\s*$"
)
_IS_A_GROUP = re.compile(
    rf"^\s*(?:\([^)]*\)\s*)?(?:,?\s*(?:is|was|are|were|is\s+een|forms?|vormt|vormen)|,|[–—]|\s-)\s+"
    rf"(?:a|an|the|een|de|het)\s+"
    rf"(?:[\w+-]+\s+){{0,6}}?{_GROUP_NOUNS}\b"
)
_HAS_MEMBERS = re.compile(rf"\b{_MEMBER_NOUNS}\b|\b{_GROUP_NOUNS}s?\b")


def _list_runs(sentence: _Sentence) -> list[list[Mention]]:
    """Runs of two or more organisations joined as a list ("A (UB), B in Budapest and C")."""
    unit = sentence.unit
    organisations = [
        m
        for m in sentence.agents
        if m.group != "person" and m.kind != "publisher" and not _bracketed(unit, m, len(unit.text))
    ]
    return _list_runs_of(organisations, unit)


def _list_runs_of(organisations: list[Mention], unit: Unit) -> list[list[Mention]]:
    runs: list[list[Mention]] = []
    for mention in organisations:
        if runs and _joined(unit, runs[-1][-1], mention):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return [run for run in runs if len(run) >= 2]


def _group_of_list(sentence: _Sentence, run: list[Mention]) -> tuple[Mention, float] | None:
    """The group a list of names belongs to: "G is a strategic association of A, B and C",
    "The G partners are A, B", "G, consisting of: A, B"; with no group named, on a page
    about one group, "The partners are A, B" names that group's members."""
    unit = sentence.unit
    position = run[0].start
    before = [m for m in sentence.agents if m.end <= position and m.group != "person"]
    for candidate in reversed(before):
        gap = fold(
            _BRACKETS.sub(" ", unit.text[candidate.end - unit.start : position - unit.start])
        )
        if len(gap) > 300 or not _INTRODUCER.search(gap):
            continue
        lead = fold(
            unit.text[max(0, candidate.start - unit.start - 40) : candidate.start - unit.start]
        )
        said = _HAS_MEMBERS.search(gap) or re.search(rf"\b{_MEMBER_NOUNS}\b", lead)
        if candidate.group in _GROUPS and (said or _COLON_END.search(gap)):
            return candidate, 0.7
        if _IS_A_GROUP.match(gap):
            kind = re.search(_GROUP_NOUNS, gap)
            typed = type_of_word(kind.group(0)) if kind else None
            group = replace(candidate, type=typed or "Network", group=group_of(typed or "Network"))
            return (candidate if candidate.group in _GROUPS else group), 0.7
    gap = fold(unit.text[: position - unit.start])
    titled = _title_group(sentence, gap)
    if titled is not None:
        return titled, 0.6
    topic = sentence.page.topic_group
    own = re.search(rf"\b(?:its|their|haar|zijn|hun)\s+(?:\w+\s+){{0,2}}{_MEMBER_NOUNS}\b", gap)
    listed = _INTRODUCER.search(gap) and _HAS_MEMBERS.search(gap)
    if topic is not None and listed and (not before or own):
        return topic, 0.6 if own else 0.55
    return None


_COLON_END = re.compile(r":\s*(?:the|de|het)?\s*$")


_UNNAMED_OF = re.compile(
    rf"\b(?P<kind>{_GROUP_NOUNS})\s+(?:van|of|between|tussen|among)\s+(?:de\s+|het\s+|the\s+)?$"
)


def _title_group(sentence: _Sentence, gap: str) -> Mention | None:
    """ "the new strategic alliance of A, B and C" on a page whose title names that alliance:
    the title's group."""
    title = sentence.page.title
    found = _UNNAMED_OF.search(gap)
    if title is None or found is None or found.group("kind") not in fold(title.text).split():
        return None
    kind = type_of_word(found.group("kind")) or "Network"
    label = re.split(r"\.\s", title.text)[0].strip()
    return Mention(
        title.start, title.start + len(label), label, kind, group_of(kind), "new", label=label
    )


def _member_lists(sentence: _Sentence) -> None:
    """Every name of a list that introduces a group's members is a member of it."""
    for run in _list_runs(sentence):
        found = _group_of_list(sentence, run)
        if found is None:
            continue
        group, confidence = found
        unit = sentence.unit
        said = fold(unit.text[max(0, group.start - unit.start - 40) : run[0].start - unit.start])
        founding = re.search(r"\b(?:found\w*|co-?found\w*|oprichte\w*|mede-?oprichte\w*)\b", said)
        for member in run:
            sentence.relate(member, "memberOf", group, confidence, "list of members")
            if founding:
                sentence.relate(member, "established", group, confidence, founding.group(0))


_WITH = re.compile(r"\b(?:met|with)\s+(?:de\s+|het\s+|the\s+)?$")


def _runs_with(sentence: _Sentence, end: int) -> list[Mention]:
    """The run after a cue, and each later run that "met"/"with" introduces ("samen met A
    in een netwerk met B, C en D")."""
    unit = sentence.unit
    run = _run_after(sentence.agents, unit, end)
    while run:
        later = [m for m in sentence.agents if m.start >= run[-1].end and not m.weak]
        if not later or not _WITH.search(_between(unit, run[-1], later[0])):
            break
        run = run + _run_after(sentence.agents, unit, later[0].start - unit.start)
    return run


_UNNAMED_GROUP = re.compile(
    r"\bin\s+(?:een|an|a|the|de|het)\s+(?:\w+\s+)?(?P<kind>alliantie|alliance|netwerk|network"
    r"|consortium|partnership|partnerschap|samenwerkingsverband)\b"
)


def _named_group(sentence: _Sentence, members: list[Mention], phrase: str) -> None:
    """ "A, B and C work together in an alliance" on a page whose title names an alliance
    ("Strategic alliance Eindhoven-Utrecht"): each is a member of the title's group."""
    title = sentence.page.title
    found = _UNNAMED_GROUP.search(fold(sentence.unit.text))
    if title is None or found is None or found.group("kind") not in fold(title.text).split():
        return
    kind = type_of_word(found.group("kind")) or "Network"
    group = Mention(
        title.start, title.end, title.text, kind, group_of(kind), "new", label=title.text
    )
    for member in members:
        sentence.relate(member, "memberOf", group, 0.5, phrase)


def _places_as_partners(sentence: _Sentence) -> list[Mention]:
    """ "Partnerships with Melbourne, MIT and Leiden": a city in a list of partners stands
    for an organisation there, named as the page names it."""
    result = []
    for mention in sentence.mentions:
        if mention.group == "place" and mention.type == "City" and mention.entity is None:
            mention = replace(
                mention,
                type="Organisation",
                group="organisation",
                kind="new",
                label=mention.text,
                aliases=(),
                place=None,
            )
        if mention.is_agent:
            result.append(mention)
    return result


_ARTICLES_ONLY = re.compile(r"^\s*(?:het|de|the|een|a|an)?\s*$")
_APPOSITION = re.compile(
    r"^\s*,[^,]+,\s*(?:(?:is|was|werd|wordt|has\s+been|became|been)\s+)?(?:also\s+|ook\s+)?(?:\w+\s+)?$"
)


def _inverted(sentence: _Sentence, end: int) -> tuple[list[Mention], list[Mention]]:
    """Dutch word order: "Sinds 2019 coördineert het UMC Utrecht het netwerk X" has its
    subject right after the verb and the object after that."""
    unit = sentence.unit
    after = [m for m in sentence.agents if m.start - unit.start >= end]
    if len(after) < 2 or not _ARTICLES_ONLY.match(unit.text[end : after[0].start - unit.start]):
        return [], []
    subjects = [after[0]]
    for mention in after[1:]:
        if not _COORDINATED.match(
            unit.text[subjects[-1].end - unit.start : mention.start - unit.start]
        ):
            break
        subjects.append(mention)  # "Sinds 2018 vormen A en B samen G": both are subjects
    if len(subjects) == len(after):
        subjects = subjects[:1]
    return subjects, _run_after(sentence.agents, unit, subjects[-1].end - unit.start)[:3]


_COORDINATED = re.compile(r"^\s*(?:,|,?\s*\b(?:en|and)\b)\s*(?:(?:de|het|the)\s+)?$")
"""Between two names of one subject: a comma or "en", nothing else."""


_INVESTED_IN = re.compile(r"^\s+(?:\S+\s+){0,6}?in\s+(?:the\s+|de\s+|het\s+)?$")
"""What is invested in stands right after its "in" ("invests 5 million in X")."""


def _inside(sentence: _Sentence, start: int, end: int) -> list[Mention]:
    """Dutch verb-final order: "A zal het netwerk G leiden" has its object inside the cue."""
    unit = sentence.unit
    return [
        m for m in sentence.agents if start <= m.start - unit.start and m.end - unit.start <= end
    ][:1]


def _person_before_apposition(sentence: _Sentence, position: int) -> list[Mention]:
    """ "Prof. Anna Bakker, hoogleraar aan de UvA, is voorzitter van X": the person, not the
    organisation inside the apposition."""
    unit = sentence.unit
    people = [m for m in sentence.agents if m.group == "person" and m.end - unit.start <= position]
    if not people:
        return []
    between = fold(unit.text[people[-1].end - unit.start : position])
    return [people[-1]] if _APPOSITION.match(between) else []


def _form(
    sentence: _Sentence, members: list[Mention], objects: list[Mention], confidence: float, cue: str
) -> None:
    """ "A, B and C form the D alliance": each a member of D, and partners of each other."""
    group = next((m for m in objects if m.group in _GROUPS), None)
    if (
        group is None
        and objects
        and objects[-1].kind == "new"
        and objects[-1].type == "Organisation"
    ):
        group = replace(objects[-1], type="Network", group="network")  # what they form is a group
        members = members + objects[:-1]
    if group is None or len(members) < 2:
        return
    for member in members:
        sentence.relate(member, "memberOf", group, confidence, cue)
    for first, second in combinations(members, 2):
        sentence.relate(first, "partnerOf", second, confidence - 0.05, cue)


_PASSIVE_GAP = re.compile(
    r"^\s*(?:[–—][^–—]{1,80}[–—]\s*)?,?\s*(?:(?:the|a|an|de|het|een)\s+(?:[\w-]+\s+){0,4}?[\w-]+\s*,?\s*)?"
    r"(?:(?:which|that|who|die|dat)\s+)?(?:(?:is|are|was|were|has|have|had|been|being"
    r"|will|be|wordt|werd|worden|werden|zijn|was|waren|is)\s+)*(?:(?:jointly|also|partly|mainly"
    r"|largely|mede|ook|deels|now|currently|nu|originally|oorspronkelijk)\s+)*"
    r"(?:(?:in|on|op|sinds|since)\s+(?:\w+\s+){0,2}\d{4}\s+)?"
    r"(?:(?:founded|established|created|set\s+up|launched|started|opgericht|gestart)\s+)?$"
)
"""What may stand between a passive cue and what it is about: "X, which is jointly"."""


_FUNDED_NOUN = re.compile(
    r"\b(?:a|an|the|its|their|this|een|de|het|haar|hun)\s+(?:\w+\s+){0,2}?(?:grant|grants|funding"
    r"|award|subsidy|subsidie|beurs|financiering|fellowship)\s*,?\s*$"
)
"""What is funded is the sentence's subject's grant: "X ... through a grant funded by Y"."""


def _between_text(unit: Unit, start: int, end: int) -> str:
    return fold(unit.text[start - unit.start : end])


def _backward(sentence: _Sentence, cue: Cue, start: int, end: int, phrase: str) -> None:
    unit = sentence.unit
    before = [
        m
        for m in sentence.agents
        if m.end - unit.start <= start and not m.weak and not _in_apposition(unit, m, start)
    ]
    after = _run_after(sentence.agents, unit, end)
    if before and not after and unit.text.rstrip().endswith(":"):
        sentence.page.intro_subjects[unit.start] = before[-1:]  # "X was founded by:" + a list
        sentence.page.intro_cues[unit.start] = (cue, phrase)
    if cue.kind == "between":
        group = before[-1] if before and before[-1].group in _GROUPS else None
        for member in after:
            if group is not None:
                sentence.relate(member, "memberOf", group, cue.confidence, phrase)
                if _COORDINATOR_MARK.match(unit.text[member.end - unit.start :]):
                    sentence.relate(member, "coordinates", group, cue.confidence, "(coordinator)")
        for first, second in combinations(after, 2):
            sentence.relate(first, "partnerOf", second, cue.confidence - 0.05, phrase)
        return
    granted = cue.kind == "fund" and _FUNDED_NOUN.search(fold(unit.text[:start]))
    if before and granted and not _PASSIVE_GAP.match(_between_text(unit, before[-1].end, start)):
        holder = before[0]  # "X will build on this through a grant funded by Y"
        if holder.group != "person":
            for subject in after[:1]:
                sentence.relate(subject, cue.relation, holder, cue.confidence - 0.15, phrase)
        return
    if not before or not _PASSIVE_GAP.match(_between_text(unit, before[-1].end, start)):
        return  # "24 projects funded by X": what is funded is not a name of the sentence
    obj = before[-1]
    subjects = after[:1] if cue.kind == "coordinate" else after
    for subject in subjects:
        sentence.relate(subject, cue.relation, obj, cue.confidence, phrase)


def _gapped(sentence: _Sentence, cue: Cue, objects: list[Mention], phrase: str) -> None:
    """ "Wilde became coordinator of A, Pereira of B": the same relation again."""
    if not objects:
        return
    unit = sentence.unit
    after = [m for m in sentence.agents if m.start >= objects[-1].end]
    for first, second in pairwise(after):
        if (
            first.group == "person"
            and _GAPPED.match(_between(unit, objects[-1], first))
            and _GAPPED_OF.match(_between(unit, first, second))
        ):
            sentence.relate(first, cue.relation, second, cue.confidence - 0.1, phrase)
            return


def _roles(sentence: _Sentence) -> None:
    """ "Helen Mertens (president of the board of X)": a person's role in an organisation."""
    agents = sentence.agents
    for person, target in pairwise(agents):
        if person.group != "person" or target.group not in _ORGS | _GROUPS:
            continue
        role = _ROLE.match(_between(sentence.unit, person, target))
        if role and role.group("role") in ROLE_WORDS:
            relation = ROLE_WORDS[role.group("role")]
            sentence.relate(person, relation, target, 0.7, role.group(0).strip(" (,"))
            continue
        before = re.search(
            r"([\w-]+)\s+$", fold(sentence.unit.text[: person.start - sentence.unit.start])
        )
        title = before.group(1) if before else ""
        heads = title in _HEAD_TITLES or title.endswith(("voorzitter", "leider", "directeur"))
        if heads and _OF_ORG.match(_between(sentence.unit, person, target)):
            sentence.relate(person, "coordinates", target, 0.6, title)  # "projectleider X van Y"


_HEAD_TITLES = {
    "president",
    "chair",
    "director",
    "dean",
    "rector",
    "ceo",
    "coordinator",
    "penvoerder",
    "decaan",
    "voorzitter",
    "directeur",
    "hoofd",
}
_OF_ORG = re.compile(r"^\s*,?\s*(?:van|of|at|bij)\s+(?:de\s+|het\s+|the\s+)?$")
_WITH_ONLY = re.compile(
    r"^\s*(?:with|met)\s+(?:the\s+|de\s+|het\s+)?(?:universities\s+of\s+|universiteiten\s+van\s+)?$"
)


def _group_with(sentence: _Sentence) -> None:
    """ "CHARM-EU with the universities of A, B and C": the network's members, partners."""
    unit = sentence.unit
    for group in sentence.agents:
        if group.group != "network":
            continue
        after = [m for m in sentence.agents if m.start >= group.end]
        if not after or not _WITH_ONLY.match(_between(unit, group, after[0])):
            continue
        members = _run_after(sentence.agents, unit, after[0].start - unit.start)
        if len(members) < 2:
            continue
        for member in members:
            sentence.relate(member, "memberOf", group, 0.5, "with")
        for first, second in combinations(members, 2):
            sentence.relate(first, "partnerOf", second, 0.45, "with")


def _coordinator_marks(sentence: _Sentence) -> None:
    unit = sentence.unit
    for mention in sentence.agents:
        if not _COORDINATOR_MARK.match(unit.text[mention.end - unit.start :]):
            continue
        joined = [
            f.object
            for f in sentence.findings
            if f.subject is mention and f.relation in {"memberOf", "participatesIn"} and f.object
        ]
        groups = joined or [m for m in sentence.agents if m.group in _GROUPS and m is not mention]
        if groups and not any(f.relation == "coordinates" for f in sentence.findings):
            sentence.relate(mention, "coordinates", groups[0], 0.6, "(coordinator)")


def _places(sentence: _Sentence) -> None:
    """ "X in Milaan", "A from Finland", "B and C from Germany", "in France (e.g. A, B)"."""
    unit, mentions = sentence.unit, sentence.mentions
    for index, place in enumerate(mentions):
        if place.group != "place":
            continue
        previous = [m for m in mentions[:index] if m.group in _ORGS | _GROUPS | {"place"}]
        previous = previous[-1:] if previous and previous[-1].group != "place" else []
        if not previous:
            _place_pairs(sentence, mentions, index)
        if previous and _NEAR_PLACE.match(_between(unit, previous[-1], place)):
            run = [previous[-1]]
            shared = bool(
                re.search(r"\b(?:from|uit)\s+(?:the\s+)?$", _between(unit, run[0], place))
            )
            orgs = [m for m in mentions[: mentions.index(run[0])] if m.group in _ORGS | _GROUPS]
            for mention in reversed(orgs if shared else []):
                if (
                    not _RUN_GAP.match(_between(unit, mention, run[0]))
                    or "from" in _between(unit, mention, run[0])
                    or mention.kind in {"anaphor", "publisher"}
                ):
                    break
                run.insert(0, mention)
            for org in run:
                _locate(sentence, org, place, "in/from")
        _bracketed_place(sentence, mentions, index)
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if (
            following is not None
            and following.group in _ORGS | _GROUPS
            and re.fullmatch(
                r"[’']s\s+", unit.text[place.end - unit.start : following.start - unit.start]
            )
        ):
            _locate(sentence, following, place, "'s")  # "France's National Centre ..."
        rest = fold(unit.text[place.end - unit.start :])
        listed = re.match(r"^\s*\((?:e\.g\.|for example|such as|zoals|bijv\.|o\.a\.)", rest)
        if listed:
            closing = unit.text.find(")", place.end - unit.start + listed.end())
            for org in sentence.agents:
                if place.end < org.start and (closing < 0 or org.end - unit.start <= closing):
                    _locate(sentence, org, place, "headquartered in")


def _nationalities(sentence: _Sentence) -> None:
    """ "de Canadese University of Waterloo", "the Danish Technical University": a name after
    a nationality adjective is in that country."""
    from collabgraph.drafting.places import country_codes

    unit = sentence.unit
    for mention in sentence.agents:
        if mention.group not in _ORGS:
            continue
        before = re.search(r"([\w-]+)\s+$", unit.text[: mention.start - unit.start])
        if before is None:
            continue
        if fold(before.group(1)) not in DUTCH_DEMONYMS:
            continue  # "the Chinese University of Hong Kong": English ones are part of names
        place = country_codes().get(DEMONYM_COUNTRIES.get(fold(before.group(1)), ""))
        if place is None:
            continue
        country = Mention(mention.start, mention.start, place.name, "Country", "place", "place",
                          entity=f"country:{place.code}", label=place.name, place=place)  # fmt: skip
        _locate(sentence, mention, country, before.group(1))


def _places_in_names(sentence: _Sentence) -> None:
    """ "Martini Ziekenhuis Groningen", "University Hospital Ghent": a name that ends in a
    place after its kind word is in that place (not "University of Ghent", whose place is
    what it is called)."""
    for mention in sentence.agents:
        if mention.kind != "new" or mention.type not in {"Hospital", "UniversityMedicalCentre"}:
            continue  # a hospital's town follows its name; a university's is in its name
        words = mention.label.split()
        for size in (2, 1):
            if len(words) < size + 1:
                continue
            tail, head = " ".join(words[-size:]), fold(words[-size - 1])
            place = place_names().get(fold(tail))
            if place is None or head in {"of", "van", "de", "di", "du", "in"}:
                continue
            if type_of_word(head) is None and not re.search(
                r"(?:ziekenhuis|hospital|kliniek)$", head
            ):
                continue
            own = [
                w
                for w in words[:-size]
                if type_of_word(fold(w)) is None and fold(w) not in _JOINERS | _QUALIFIERS
            ]
            if not own:
                continue  # "Universiteit Leiden": the place is the name itself
            entity = f"country:{place.code}" if place.kind == "Country" else None
            found = Mention(mention.end - len(tail), mention.end, tail, place.kind, "place",
                            "place", entity=entity, label=place.name, place=place)  # fmt: skip
            _locate(sentence, mention, found, "name")
            break


_JOINERS = {"of", "van", "de", "het", "the", "voor", "for", "en", "and"}
_QUALIFIERS = {
    "technische", "technical", "vrije", "free", "katholieke", "catholic", "medical", "medisch",
    "medische", "open", "royal", "koninklijke", "academisch", "academische", "academic",
    "general", "algemeen", "algemene", "national", "nationale", "state", "central", "centrale",
    "regional", "regionaal", "regionale", "public", "openbare",
}  # fmt: skip
"""Words that qualify a kind ("Technische Universiteit Eindhoven") and so leave the
place as the name's own word."""


def _pairwise(run: list[Mention]) -> float:
    """How sure "A and B work together" is of each pair: two or three partners are a
    partnership; of six, each pair is rather a shared group the text does not name (left
    for review)."""
    return 0.55 if len(run) <= 3 else 0.45


_TOGETHER_AFTER = re.compile(r"^(?:(?!\.\s).){0,120}?\b(?:met\s+elkaar\s+)?samen\b")


def _inverted_together(sentence: _Sentence) -> None:
    """ "Vanaf nu werken A, B en C steeds intensiever met elkaar samen": Dutch puts the verb
    first and "samen" last; everyone in the run works with everyone."""
    unit = sentence.unit
    text = fold(unit.text)
    for verb in re.finditer(r"\b(?:werken|werkten|gaan|gingen|trekken|trokken)\s+", text):
        organisations = [m for m in sentence.agents if m.group in _ORGS]
        run = _run_after(organisations, unit, verb.end())
        if len(run) < 2 or run[0].start - unit.start > verb.end() + 5:
            continue
        if _TOGETHER_AFTER.match(text[run[-1].end - unit.start :]):
            for first, second in combinations(run, 2):
                sentence.relate(first, "partnerOf", second, _pairwise(run), "werken ... samen")


def _place_pairs(sentence: _Sentence, mentions: list[Mention], index: int) -> None:
    """ "X in Veldhoven en Eindhoven": the second place of a pair after a name."""
    unit = sentence.unit
    if index < 2 or mentions[index - 1].group != "place":
        return
    if not re.fullmatch(
        r"\s*(?:,|and|en|&)\s*", _between(unit, mentions[index - 1], mentions[index])
    ):
        return
    for finding in list(sentence.findings):
        if finding.object is mentions[index - 1] and finding.relation in {"basedIn", "heldIn"}:
            _locate(sentence, finding.subject, mentions[index], finding.cue)


_BRACKET_PLACE = re.compile(r"^\s*\(\s*(?:[^()]*[,;]\s*)?$")


def _bracketed_place(sentence: _Sentence, mentions: list[Mention], index: int) -> None:
    """ "the University of Pavia (Italy)", "Erasmus MC (NL)", "(France-Coordinator)": a
    country in brackets right after a name is where it is."""
    place = mentions[index]
    unit = sentence.unit
    if index == 0 or place.type not in {"Country", "City"}:
        return
    owner = mentions[index - 1]
    if owner.group not in _ORGS | _GROUPS or not _BRACKET_PLACE.match(_between(unit, owner, place)):
        return
    closing = unit.text[place.end - unit.start :]
    if re.match(r"^\s*(?:[-–/,]\s*[\w ]*)?\)", closing):
        _locate(sentence, owner, place, "(place)")


def _locate(sentence: _Sentence, org: Mention, place: Mention, cue: str) -> None:
    relation = "heldIn" if org.type in {"Event", "Congress", "Course"} else "basedIn"
    sentence.add(Finding(sentence.unit, org, relation, place, confidence=0.6, cue=cue))


def _founding_dates(sentence: _Sentence) -> None:
    """ "The Alliance was born in January 2019": the founding date of what was founded."""
    text = fold(sentence.unit.text)
    match = _START.search(text)
    dates = [d for d in sentence.dates if d.role == "date"]
    if match is None or not dates:
        return
    unit = sentence.unit
    named = [m for m in sentence.agents if m.group in _ORGS | _GROUPS]
    right_before = [m for m in named if m.end - unit.start <= match.start()][-1:]
    founding = re.search(r"found|establish|opgericht|created|formed|set\s+up", match.group(0))
    gap = text[right_before[0].end - unit.start : match.start()] if right_before else ""
    if founding and right_before and re.fullmatch(r"\s*,?\s*(?:(?:was|is|werd)\s+)?", gap):
        groups = right_before  # "X, founded in 1950, ...": X's founding
    else:
        groups = [m for m in named if m.group in _GROUPS]
    if not groups:
        return
    before = [m for m in groups if m.end - sentence.unit.start <= match.start()]
    after = [m for m in groups if m.start - sentence.unit.start >= match.end()]
    target = (
        before[-1]
        if before and match.group(0).split()[0] in {"was", "were", "is", "werd", "werden"}
        else (after[0] if after else before[-1] if before else None)
    )
    if target is None:
        return
    date = min(dates, key=lambda d: abs(d.start - match.start()))
    sentence.add(
        Finding(
            sentence.unit,
            target,
            attribute="foundingDate",
            value=date.value,
            date=date,
            confidence=0.6,
            cue=match.group(0),
        )
    )


_REFERS_BACK = re.compile(r"^(?:in\s+it|it|its|this|these|there|daarin|hierin|dit|deze|hiervoor)\b")
"""A sentence that starts so speaks of what the one before named ("In it, 2 million ...")."""


_FOR_WHAT = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:to|om)\s+(?:establish|fund|found|set\s+up|create|build|support"
    r"|finance|launch|de\s+oprichting\s+van|op\s+te\s+richten)\s+(?:the\s+|a\s+|de\s+|het\s+)?"
)
"""What an amount is for: "invested £650 million to establish the institute"."""


_INTO = re.compile(r"^\s+in\s+(?:the\s+|de\s+|het\s+)?")


def _invested_in(sentence: _Sentence, position: int) -> Mention | None:
    """ "invests € 5 million in the X institute": the name right after the amount's "in"."""
    into = _INTO.match(sentence.unit.text[position:])
    if into is None:
        return None
    start = sentence.unit.start + position + into.end()
    return next((m for m in sentence.agents if m.start == start), None)


def _amounts(sentence: _Sentence) -> None:
    """An amount of money belongs to the fund, grant or initiative the sentence names."""
    unit = sentence.unit
    for money in find_money(unit.text):
        position = money.start + unit.start
        holders = [
            m
            for m in sentence.agents
            if m.group in _GROUPS or m.type in {"Funder", "Grant", "Partnership"}
        ]
        before = [m for m in holders if m.end <= position]
        after = [m for m in holders if m.start >= position + len(money.text)]
        last = sentence.page.last_group
        referring = _REFERS_BACK.match(fold(unit.text)) or (
            last is not None and sentence.page.last_group_block == unit.block
        )
        purpose = _FOR_WHAT.match(fold(unit.text[money.start + len(money.text) :]))
        target = (
            next(
                (
                    m
                    for m in sentence.agents
                    if m.start - unit.start >= money.start + len(money.text) + purpose.end() - 1
                ),
                None,
            )
            if purpose
            else None
        )
        target = target or _invested_in(sentence, money.start + len(money.text))
        holder = (
            target
            if target is not None and target.group in _ORGS | _GROUPS
            else before[-1]
            if before
            else after[0]
            if after
            else sentence.page.last_group
            if referring
            else None
        )
        if holder is None:
            continue
        confidence = 0.55 if before or after or target is not None else 0.4
        sentence.add(
            Finding(
                unit,
                holder,
                attribute="amount",
                value=money.value,
                currency=money.currency,
                approximation=money.approximation,
                confidence=confidence,
                cue=money.text,
            )
        )


def _item_head(sentence: _Sentence) -> Mention | None:
    """The name a list item starts with, after an article at most ("het AZ Alma;")."""
    unit = sentence.unit
    return next(
        (
            m
            for m in sentence.agents
            if re.fullmatch(
                r"\W*(?:(?:the|de|het|een|a|an)\s+)?", fold(unit.text[: m.start - unit.start])
            )
        ),
        None,
    )


def _bracketed_owner(sentence: _Sentence) -> Mention | None:
    """The organisation a list item names in brackets at its end ("Help students gain access
    to university (University of Chichester)")."""
    unit = sentence.unit
    last = next((m for m in reversed(sentence.agents) if m.group in _ORGS), None)
    if last is None:
        return None
    before, after = unit.text[: last.start - unit.start], unit.text[last.end - unit.start :]
    return last if re.search(r"\(\s*$", before) and re.match(r"^\s*\)\W*$", after) else None


def _items_are_subjects(page: _Page, intro: Unit) -> bool:
    """ "The following institutions are part of G:" (the list is what the cue's subject
    names), not "X will join the following ERNs:" (the list is its object)."""
    said = fold(intro.text)
    following = _FOLLOWING.search(said)
    if following is None or intro.start not in page.intro_cues:
        return False
    at = said.find(fold(page.intro_cues[intro.start][1]))
    return at < 0 or following.start() < at


def _intro_items(sentence: _Sentence) -> None:
    """A list item under "X will join the following ERNs:": its name gets X's relation."""
    intro = sentence.unit.intro
    if intro is None or intro.start not in sentence.page.intro_cues:
        return
    cue, phrase = sentence.page.intro_cues[intro.start]
    if _items_are_subjects(sentence.page, intro):
        return
    head = _item_head(sentence) or _bracketed_owner(sentence)
    if head is None:
        return
    for subject in sentence.page.intro_subjects.get(intro.start, []):
        if cue.direction == "forward":
            sentence.relate(subject, cue.relation, head, cue.confidence - 0.05, phrase)
        else:  # "The alliance was founded by the following universities:"
            sentence.relate(head, cue.relation, subject, cue.confidence - 0.05, phrase)


_PARTNERSHIP = re.compile(
    r"\b(?:samenwerking\w*|partnerschap\w*|collaborations?|co-?operations?|partnerships?"
    r"|agreements?|overeenkomst\w*|convenant\w*|alliances?|allianties?|(?:bi|multi)lateral\s+ties)\b"
)
_WITH_RUN = re.compile(
    r"\b(?:(?:zowel|both|als|and|en)\s+)?(?:met|with)\s+(?:de\s+|het\s+|the\s+)?$"
)


def _partnership_nouns(sentence: _Sentence) -> None:
    """A partnership named by a noun, its partners by "met"/"with" anywhere in the clause:
    "Jessa heeft samenwerkingsverbanden uitgebouwd met A, B als C", "Met A heeft X een
    samenwerkingsovereenkomst", "Zowel met A als met B formaliseerden we de samenwerking"."""
    unit = sentence.unit
    text = fold(unit.text)
    if not _PARTNERSHIP.search(text) or any(f.relation == "partnerOf" for f in sentence.findings):
        return
    partners: list[Mention] = []
    organisations = [m for m in sentence.agents if m.group in _ORGS]
    for mention in organisations:
        if mention in partners or mention.kind == "publisher":
            continue
        if _WITH_RUN.search(
            text[max(0, mention.start - unit.start - 30) : mention.start - unit.start]
        ):
            partners += _run_after(organisations, unit, mention.start - unit.start)
    others = [m for m in organisations if m not in partners]
    subject = next((m for m in others if m.kind == "publisher"), None) or next(iter(others), None)
    if subject is None and sentence.publisher is not None and unit.kind == "item":
        subject = sentence.publisher
    for partner in dict.fromkeys(partners):
        if subject is not None:
            sentence.relate(subject, "partnerOf", partner, 0.55, "met/with")


_FOLLOWING = re.compile(
    r"\b(?:(?:de\s+)?volgende|the\s+following|onderstaande)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:[\w-]+(?:s|en|ies)|leden)\b"
)
""""the following healthcare providers", "de volgende organisaties": a list follows."""


def _following_members(sentence: _Sentence) -> None:
    """ "The following organisations contribute to the project": the names that head the
    sections after it (a heading each) are its members."""
    unit, page = sentence.unit, sentence.page
    if _FOLLOWING.search(fold(unit.text)):
        groups = [m for m in sentence.mentions if m.group in _GROUPS]
        page.following = groups[-1] if groups else page.topic_group


def _heading_member(page: _Page, unit: Unit, mentions: list[Mention]) -> Finding | None:
    """A heading that is one organisation's name, under "the following organisations"."""
    group = page.following
    agents = [m for m in mentions if m.group in _ORGS and not m.weak]
    if group is None or len(agents) != 1 or agents[0].key == group.key:
        return None
    member = agents[0]
    rest = fold(unit.text[: member.start - unit.start] + unit.text[member.end - unit.start :])
    if re.search(r"\w", _BRACKETS.sub("", rest)):
        return None
    relation = "participatesIn" if group.group == "initiative" else "memberOf"
    return Finding(unit, member, relation, group, confidence=0.55, cue="the following")


_WITHIN = re.compile(r"^(?:binnen|within|in|voor|for)\s+(?:het|de|the|this|dit|deze)\s+")


def _within_group(sentence: _Sentence) -> None:
    """ "Binnen het project Swimway is WMR betrokken bij onderzoek": the subject takes part
    in the group the sentence opens with, when its participation cue names no group."""
    unit = sentence.unit
    if not _WITHIN.match(fold(unit.text)) or any(
        f.relation in {"memberOf", "participatesIn"} for f in sentence.findings
    ):
        return
    groups = [m for m in sentence.mentions if m.group in _GROUPS and m.start - unit.start < 40]
    cue = _PARTICIPATES.search(fold(unit.text))
    if not groups or cue is None:
        return
    subject = next(
        (m for m in sentence.agents if m.start >= groups[0].end and m.group in _ORGS), None
    )
    if subject is not None:
        relation = "participatesIn" if groups[0].group == "initiative" else "memberOf"
        sentence.relate(subject, relation, groups[0], 0.55, cue.group(0))


_PARTICIPATES = re.compile(
    r"\b(?:betrokken\s+bij|involved\s+in|neemt\s+deel|takes?\s+part|participates?|deelnemer"
    r"|partner|contributes?|draagt\s+bij|werkt\s+mee|levert\s+(?:\w+\s+)?bijdrage)\b"
)
_BRANCH = re.compile(
    r"\b(?:vestiging(?:en)?|branch(?:es)?|office|offices|campus|locatie|location|site)\s+"
    r"(?:in|op|at|te|on)\s+(?:the\s+)?$"
)


def _branches(sentence: _Sentence) -> None:
    """ "X heeft een vestiging in Den Helder", "X has an office in Y": where X is."""
    unit = sentence.unit
    subject = next((m for m in sentence.agents if m.group in _ORGS), None)
    for place in sentence.mentions:
        if place.group != "place" or subject is None or place.start < subject.end:
            continue
        if _BRANCH.search(fold(unit.text[subject.end - unit.start : place.start - unit.start])):
            _locate(sentence, subject, place, "branch in")


_JOINT_OF = re.compile(
    r"\b(?:joint|shared|common|gezamenlijke?|gemeenschappelijke?)\s+(?:[\w-]+\s+){0,5}?(?:of|van|by|door)"
    r"\s+(?:the\s+|de\s+|het\s+)?$"
)


_PAIR_NOUNS = re.compile(
    r"\b(?:samenwerking\w*|partnerschap\w*|collaboration|co-?operation|partnership"
    r"|agreements?|overeenkomst\w*|convenant\w*|samenwerken|collaborate|cooperate|affiliation"
    r"|relationship|ties|worked\s+together|work\s+together|werken\s+samen|werkten\s+samen"
    r"|bundel\w*\s+(?:\w+\s+)?krachten|join(?:ed)?\s+forces|handen\s+ineen|intentieverklaring"
    r"|memorandum\s+of\s+understanding|mou)\b"
)


def _coordinated_partners(sentence: _Sentence) -> None:
    """ "de samenwerking die A en B aangaan", "A and B have signed a cooperation agreement",
    "A and B strengthen their partnership": two or more organisations joined by "and" in a
    sentence about a partnership are partners."""
    text = fold(sentence.unit.text)
    if any(f.relation for f in sentence.findings) or not _PAIR_NOUNS.search(text):
        return
    if any(m.group in _GROUPS for m in sentence.mentions):
        return  # with a group named, a list is more likely its members
    unit = sentence.unit
    organisations = [
        m for m in sentence.agents if m.group == "organisation" or m.kind == "publisher"
    ]
    for run in _list_runs_of(organisations, unit):
        gaps = [_between(unit, a, b) for a, b in pairwise(run)]
        if not re.fullmatch(r"\s*,?\s*(?:and|en|&)\s*(?:the\s+|de\s+|het\s+)?", gaps[-1]):
            continue  # "Goldsmiths, University of London" is one name, not two partners
        for a, b in combinations(run, 2):
            sentence.relate(a, "partnerOf", b, _pairwise(run), "A and B ... partnership")
        return


def _joint_of(sentence: _Sentence) -> None:
    """ "a joint research centre of A and B", "een gezamenlijk instituut van A en B": A and
    B are partners."""
    unit = sentence.unit
    organisations = [m for m in sentence.agents if m.group == "organisation"]
    for mention in organisations:
        if _JOINT_OF.search(
            fold(unit.text[max(0, mention.start - unit.start - 80) : mention.start - unit.start])
        ):
            run = _run_after(organisations, unit, mention.start - unit.start)
            for first, second in combinations(run, 2):
                sentence.relate(first, "partnerOf", second, 0.55, "joint ... of")
            return


_MEMBER_WORDS = re.compile(
    r"\b(?:members?|membership|lid|leden|lidmaatschap|join(?:s|ed|ing)?|toegetreden|toetreding"
    r"|aangesloten|aansluit\w*|sluit\w*\s+(?:\w+\s+)?aan|participat\w+|participe\w+|deelne\w+"
    r"|deelname|betrokken|involved|part\s+of|onderdeel|deel\s+uit|belongs?|behoort"
    r"|affiliated|verbonden|consisting|bestaande|brings\s+together|brengt\s+\w+\s+samen)\b"
)
_PARTNER_WORDS = re.compile(
    r"\b(?:partner\w*|collaborat\w+|co-?operat\w+|samenwerk\w*|samen|together|jointly"
    r"|gezamenlijk\w*|agreements?|overeenkomst\w*|convenant\w*|bundel\w*|ineen|teamed"
    r"|alliances?|allianties?|consortium|consortia|network(?:s|ing)?|netwerk\w*)\b"
)


def _cooccurrence(sentence: _Sentence) -> None:
    """The broad reading of a sentence no cue has read: names that stand together with
    words of membership or partnership. A group and organisations: members of it; two or
    more organisations (the publisher for "we"): partners. Lower confidence than any cue."""
    if any(f.relation in _JOINING for f in sentence.findings):
        return
    text = fold(sentence.unit.text)
    member_words = _MEMBER_WORDS.search(text)
    partner_words = _PARTNER_WORDS.search(text)
    if not member_words and not partner_words:
        return
    cue = (member_words or partner_words).group(0)  # type: ignore[union-attr]
    unit = sentence.unit
    named = [
        m
        for m in sentence.agents
        if m.group in _ORGS | _GROUPS and not _bracketed(unit, m, len(unit.text))
    ]
    if sentence.publisher is not None and any(m.kind == "publisher" for m in sentence.mentions):
        named = [sentence.publisher, *named]
    named = list({m.key: m for m in named}.values())
    groups = [m for m in named if m.group in _GROUPS and m.type not in _ORGANISATION_TYPES]
    organisations = [m for m in named if m not in groups and m.group == "organisation"]
    if len(groups) == 1 and organisations:
        for member in organisations:
            sentence.relate(member, "memberOf", groups[0], 0.5 if member_words else 0.45, cue)
    elif not groups and len(organisations) >= 2 and partner_words:
        first = organisations[0]
        for other in organisations[1:4]:
            sentence.relate(first, "partnerOf", other, 0.45, cue)


_ORGANISATION_TYPES = {"Funder", "Federation"}
_JOINING = {"memberOf", "participatesIn", "partnerOf", "established", "coordinates", "funds"}


_OF_WHICH = re.compile(
    r"^\s*,?\s*(?:of\s+which|to\s+which|in\s+which|waarvan|waarbij|waaraan|waarin|waar|whose\s+members"
    r"\s+include)\s+(?:(?:also|ook|nu|now)\s+)?(?:the\s+|de\s+|het\s+)?$"
)
_OF_WHICH_END = re.compile(
    r"^\s*(?:(?:is|are|was|were|has\s+been|have\s+been)\s+(?:also\s+|now\s+)?(?:a\s+|an\s+)?"
    r"(?:\w+\s+)?(?:members?|partners?|participants?)|(?:ook\s+)?(?:lid|leden|partner|deelnemer)s?"
    r"\s+(?:is|zijn|was|waren)|belongs?|participates?|deelneemt|deelnemen|aangesloten"
    r"|(?:en\s+(?:\w+\s+){0,3})?(?:onderdeel|deel|lid)\s+van\s+(?:uitmaken|uitmaakt|zijn|is)"
    r"|(?:\w+\s+){0,3}(?:samenwerken|samenwerkt|participeren|participeert|deelnemen"
    r"|work\s+together|collaborate))\b"
)


def _relative_members(sentence: _Sentence) -> None:
    """ "the G network, of which X is a member", "G, waarvan X lid is": a relative clause's
    names are members of the group before it."""
    unit = sentence.unit
    agents = [m for m in sentence.agents if m.group in _ORGS | _GROUPS]
    for group, first in pairwise(agents):
        if group.group not in _ORGS | _GROUPS or not _OF_WHICH.match(_between(unit, group, first)):
            continue
        run = _run_after(agents, unit, first.start - unit.start)
        if _OF_WHICH_END.match(fold(unit.text[run[-1].end - unit.start :])):
            for member in run:
                sentence.relate(member, "memberOf", group, 0.65, "of which ... member")


_ALONG_WITH = re.compile(
    r"\b(?:along\s+with|together\s+with|alongside|as\s+well\s+as|samen\s+met|naast)\s+"
    r"(?:(?:the\s+|its\s+|de\s+|het\s+)?(?:other\s+|andere\s+)?(?:partners?|members?|leden)\s*"
    r"(?:,|:)?\s*)?(?:the\s+|de\s+|het\s+)?$"
)


def _along_with(sentence: _Sentence) -> None:
    """ "X signed an agreement to form part of Y, along with partners A (Hungary), B": the
    names after "along with" hold the same membership as the sentence's subject."""
    unit = sentence.unit
    joined = [
        (f.relation, f.object, f.confidence)
        for f in sentence.findings
        if f.relation in {"memberOf", "participatesIn"} and f.object is not None
    ]
    if not joined:
        return
    relation, group, confidence = joined[0]
    organisations = [m for m in sentence.agents if m.group == "organisation"]
    for mention in organisations:
        if mention.start < group.end:
            continue
        lead = fold(unit.text[max(0, mention.start - unit.start - 40) : mention.start - unit.start])
        if _ALONG_WITH.search(lead):
            for member in _run_after(organisations, unit, mention.start - unit.start):
                sentence.relate(member, relation, group, confidence - 0.05, "along with")
            return


_FRONTED_FOUNDING = re.compile(
    r"^(?:(?:co-?)?founded|established|set\s+up|created|launched|initiated|opgericht|gestart)"
    r"\s+(?:(?:in|on)\s+(?:\w+\s+){0,2}\d{4}\s+)?(?:jointly\s+)?(?:by|door)\s+"
)


def _fronted_founding(sentence: _Sentence) -> None:
    """ "Founded in 1990 by A and B, the G network ...": A and B established what the main
    clause after the comma names."""
    unit = sentence.unit
    opening = _FRONTED_FOUNDING.match(fold(unit.text))
    if opening is None:
        return
    founders = _run_after([m for m in sentence.agents if m.group in _ORGS], unit, opening.end())
    founded: Mention | None = None
    if len(founders) > 1 and "," in _between(unit, founders[-2], founders[-1]):
        founders, founded = founders[:-1], founders[-1]  # the run ran on into the main clause
    elif founders:
        rest = unit.text[founders[-1].end - unit.start :]
        comma = rest.find(",")
        founded = next(
            (m for m in sentence.agents if comma >= 0 and m.start - founders[-1].end > comma),
            None,
        )
    if founded is not None and founded.group in _ORGS | _GROUPS:
        for founder in founders:
            sentence.relate(founder, "established", founded, 0.65, opening.group(0).strip())


_FIELD = re.compile(
    r"^(?P<label>(?:the\s+)?(?:consortium|consortium\s*partners|consortiumpartners|partners|project\s*partners"
    r"|projectpartners|members|leden|deelnemers|participants|collaborators|samenwerkingspartners"
    r"|partner\s+institutions|partnerinstellingen|coordinator|co-?ordinator|coordinatie|penvoerder"
    r"|projectleider|project\s+leader|lead\s+partner|hoofdaanvrager|main\s+applicant"
    r"|official\s+secretary(?:\s+on\s+behalf\s+of\s+the\s+consortium)?|amount\s+awarded|budget"
    r"|subsidie|toegekend\s+bedrag|grant|funding|financiering|funded\s+by|gefinancierd\s+door"
    r"|financier|funder))\s*:\s*",
    re.IGNORECASE,
)
_TITLE_WORDS = 30


def _fields(sentence: _Sentence, units: list[Unit]) -> bool:
    """A line of a project's record under its title ("Consortium: A, B, C", "Coordinator:
    X", "Amount awarded: 1.9 million euros", "Funded by: Y"): what it lists belongs to the
    project the title names."""
    unit = sentence.unit
    field = _FIELD.match(fold(unit.text))
    if field is None:
        return False
    project = _section_title(sentence, units)
    if project is None:
        return False
    label = fold(field.group("label"))
    named = _listed_names(sentence, field.end())
    if re.search(r"amount|budget|subsidie|bedrag|grant", label) and not named:
        for money in find_money(unit.text):
            sentence.add(Finding(unit, project, attribute="amount", value=money.value,
                                 currency=money.currency, approximation=money.approximation,
                                 confidence=0.6, cue=field.group("label")))  # fmt: skip
        return True
    relation = (
        "coordinates"
        if re.search(
            r"coordinat|penvoerder|leider|leader|lead|secretary|applicant|aanvrager", label
        )
        else "funds"
        if re.search(r"fund|financ|grant|subsidie", label)
        else "memberOf"
    )
    for mention in named[:1] if relation == "coordinates" else named:
        if relation == "funds":
            sentence.relate(mention, "funds", project, 0.6, field.group("label"))
        else:
            sentence.relate(mention, relation, project, 0.6, field.group("label"))
    return True


_SEGMENT = re.compile(r"[^,;]+")


def _listed_names(sentence: _Sentence, position: int) -> list[Mention]:
    """The names a field line lists after its label, one per comma-separated part: the
    mention that starts the part, else the part itself as a new name ("Mantelzorg NL")."""
    unit = sentence.unit
    named = []
    for segment in _SEGMENT.finditer(unit.text, position):
        whole = next(
            (m for m in sentence.agents
             if m.start - unit.start <= segment.start() + len(segment.group(0)) - len(segment.group(0).lstrip())
             and m.end - unit.start >= segment.end() - (len(segment.group(0)) - len(segment.group(0).rstrip(" .")))),
            None,
        )  # fmt: skip
        parts = (
            [segment.group(0)]
            if whole
            else re.split(r"\s+(?:and|en|&)\s+(?=[A-Z])", segment.group(0))
        )
        for part in parts:
            text = part.strip().rstrip(".")
            if not text[:1].isupper() and not text[:1].isdigit():
                continue
            start = unit.start + unit.text.index(text, segment.start())
            found = next(
                (m for m in sentence.agents if start <= m.start < start + max(len(text), 1)
                 and m.group in _ORGS | {"person"}),
                None,
            )  # fmt: skip
            if found is None:
                label = re.sub(r"^(?:the|de|het)\s+", "", text, flags=re.IGNORECASE)
                found = Mention(start, start + len(text), text, "Organisation", "organisation",
                                "new", label=label)  # fmt: skip
            named.append(found)
    return named


def _section_title(sentence: _Sentence, units: list[Unit]) -> Mention | None:
    """The project a record's lines belong to: the group its title names, else the title
    itself (a line without closing punctuation before the record)."""
    page, unit = sentence.page, sentence.unit
    index = next((i for i, u in enumerate(units) if u.start == unit.start), 0)
    for earlier in reversed(units[max(0, index - 6) : index]):
        if _FIELD.match(fold(earlier.text)) or earlier.block == unit.block:
            continue
        closed = re.search(r"[.!?;:]\s*$", earlier.text)
        if earlier.kind == "item" or closed or len(earlier.text.split()) > _TITLE_WORDS:
            continue
        groups = [m for m in page.mentions_at.get(earlier.start, []) if m.group in _GROUPS]
        if groups:
            return groups[0]
        return Mention(earlier.start, earlier.end, earlier.text, "Project", "initiative", "new",
                       label=earlier.text)  # fmt: skip
    return None


_GROUP_CONTEXT = re.compile(
    rf"\b{_GROUP_NOUNS}s?\b|\b(?:allianties|netwerken|consortia|projecten|programma'?s|networks"
    r"|alliances|initiatives)\b"
)


def _bracketed_groups(sentence: _Sentence) -> None:
    """ "Erasmus Universiteit Rotterdam (UNIC); Tilburg University (Engage.eu)" in a sentence
    about alliances: each organisation is a member of the group its brackets name."""
    unit, page = sentence.unit, sentence.page
    if not _GROUP_CONTEXT.search(fold(unit.text)):
        return
    every = page.mentions_at.get(unit.start, [])
    for owner, named in pairwise(every):
        if owner.group != "organisation" or named.group not in _ORGS | _GROUPS:
            continue
        gap = unit.text[owner.end - unit.start : named.start - unit.start]
        after = unit.text[named.end - unit.start : named.end - unit.start + 2]
        if re.fullmatch(r"\s*\(\s*", gap) and after.lstrip().startswith(")"):
            sentence.relate(owner, "memberOf", replace(named, weak=False), 0.55, "(group)")


_MEMBERS_IN_BRACKETS = re.compile(
    r"\(\s*(?:the\s+|its\s+|de\s+|het\s+)?(?:partners|members|leden|deelnemers|participants"
    r"|partnerinstellingen|partner\s+institutions)\b[^():]{0,50}?(?:\bare\b|\bzijn\b|:)\s*:?",
    re.IGNORECASE,
)


def _members_in_brackets(sentence: _Sentence) -> None:
    """ "G (the partners in the consortium are: A, B, C)": each is a member of G."""
    unit = sentence.unit
    for match in _MEMBERS_IN_BRACKETS.finditer(unit.text):
        close = unit.text.find(")", match.end())
        close = len(unit.text) if close < 0 else close
        group = next(
            (
                m
                for m in reversed(sentence.agents)
                if m.group in _ORGS | _GROUPS
                and m.end - unit.start <= match.start()
                and not unit.text[m.end - unit.start : match.start()].strip()
            ),
            None,
        )
        members = [
            m
            for m in sentence.agents
            if m.group == "organisation" and match.end() <= m.start - unit.start < close
        ]
        if group is None or not members:
            continue
        if group.group == "organisation":
            group = replace(group, type="Network", group="network")
        for member in members:
            sentence.relate(member, "memberOf", group, 0.6, "members in brackets")


_AT_THE_HEAD = re.compile(
    r"\b(?:aan\s+het\s+hoofd\s+van|at\s+the\s+head\s+of)\s+(?:de\s+|het\s+|the\s+)?",
    re.IGNORECASE,
)
_STANDS = re.compile(r"^\s*(?:sta(?:at|an)|stond(?:en)?|is|are|was|were|stands?)\b", re.IGNORECASE)


def _at_the_head(sentence: _Sentence) -> None:
    """ "Aan het hoofd van X staan directeur A en B": the people who lead X."""
    unit = sentence.unit
    for match in _AT_THE_HEAD.finditer(unit.text):
        led = next((m for m in sentence.agents if m.start - unit.start == match.end()), None)
        if led is None or not _STANDS.match(unit.text[led.end - unit.start :]):
            continue
        for person in (m for m in sentence.agents if m.group == "person" and m.start > led.end):
            sentence.relate(person, "coordinates", led, 0.6, "at the head of")


_COLUMNS = {
    "country": "place", "land": "place", "city": "place", "stad": "place", "plaats": "place",
    "location": "place", "locatie": "place", "centre": "org", "center": "org",
    "hospital": "org", "ziekenhuis": "org", "institution": "org", "instelling": "org",
    "member": "org", "lid": "org", "partner": "org", "organisation": "org",
    "organization": "org", "organisatie": "org", "university": "org", "universiteit": "org",
    "name": "org", "naam": "org", "hcp": "org", "representative": "person",
    "contact": "person", "contactpersoon": "person", "coordinator": "person",
}  # fmt: skip


def _table_header(text: str) -> list[str] | None:
    """The columns of a table's header line ("Country Center City Representative"), when
    every word names a column and one of them holds organisations."""
    words = re.findall(r"[\w-]+", fold(text))
    kinds = [_COLUMNS.get(w.rstrip("s")) or _COLUMNS.get(w) for w in words]
    if len(words) < 2 or None in kinds or kinds.count("org") != 1 or "place" not in kinds:
        return None
    return [k for k in kinds if k is not None]


def _place_at(words: list[str], index: int) -> int:
    """How many words from ``index`` name a place (the longest, up to four), or 0."""
    for size in range(min(4, len(words) - index), 0, -1):
        text = fold(" ".join(words[index : index + size]))
        if text in place_names() and type_of_word(text) is None:
            return size
    return 0


def _table_row(unit: Unit, columns: list[str], group: Mention) -> list[Finding]:
    """A row of a members' table read by its header's columns: the organisation is a
    member of the group, and in the row's places."""
    words = unit.text.split()
    index, org, places = 0, None, []
    for number, column in enumerate(columns):
        if index >= len(words):
            return []
        if column == "place":
            size = _place_at(words, index)
            if not size:
                return []
            places.append(" ".join(words[index : index + size]))
            index += size
        elif column == "org":
            rest = columns[number + 1 :]
            if "place" not in rest:
                end = len(words) - (1 if rest else 0)
            else:  # the place column after it: the rightmost place that leaves room for the rest
                room = len(rest) - 1
                end = next(
                    (i for i in range(len(words) - 1 - room, index, -1)
                     if _place_at(words, i) and i + _place_at(words, i) <= len(words) - room),
                    len(words),
                )  # fmt: skip
            org = " ".join(words[index:end])
            index = end
        else:
            index = len(words)
    if not org:
        return []
    start = unit.start + unit.text.index(org)
    member = Mention(start, start + len(org), org, "Organisation", "organisation", "new", label=org)
    findings = [Finding(unit, member, "memberOf", group, confidence=0.6, cue="table row")]
    for text in places:
        place = place_names()[fold(text)]
        at = unit.start + unit.text.index(text)
        entity = f"country:{place.code}" if place.kind == "Country" else None
        found = Mention(at, at + len(text), text, place.kind, "place", "place", entity=entity,
                        label=place.name, aliases=(text,) if text != place.name else (), place=place)  # fmt: skip
        findings.append(Finding(unit, member, "basedIn", found, confidence=0.6, cue="table row"))
    return findings


def _listed_members(sentence: _Sentence) -> None:
    """A list item under "Who are the G partners?", "Members of G" or a heading "Our
    partners": its name is a member of the group the introduction names (or of the group
    the page is about); with no group at all, a partner of the publisher."""
    unit, page = sentence.unit, sentence.page
    intro = unit.intro
    if intro is None:
        return
    if intro.start in page.intro_cues and not _items_are_subjects(page, intro):
        return  # "X will join the following ERNs:": the items are X's objects
    head = _item_head(sentence)
    head = head if head is not None and head.group != "person" else None
    said = fold(intro.text)
    groups = [m for m in page.mentions_at.get(intro.start, []) if m.group in _GROUPS]
    listing = re.search(rf"\b{_MEMBER_NOUNS}\b", said) or _FOLLOWING.search(said)
    if head is None or not (listing or (groups and _HAS_MEMBERS.search(said))):
        return
    group = groups[-1] if groups else page.topic_group
    if group is not None:
        sentence.relate(head, "memberOf", group, 0.6 if groups else 0.5, intro.text)
    elif sentence.publisher is not None and re.search(r"\bpartners?\b", said):
        sentence.relate(sentence.publisher, "partnerOf", head, 0.5, intro.text)


def _topic_group(mentions: list[list[Mention]], publisher: Mention | None) -> Mention | None:
    """The group a page is about: its publisher when that is a network or an initiative,
    else the group it names most often (the first of equals), if named more than once."""
    if publisher is not None and publisher.group in _GROUPS:
        return publisher
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for unit_mentions in mentions:
        for mention in unit_mentions:
            if mention.group in _GROUPS and mention.kind in {"known", "new", "anaphor"}:
                counts[mention.key] = counts.get(mention.key, 0) + 1
                first.setdefault(mention.key, mention)
    if not counts:
        return None
    key = max(counts, key=lambda k: counts[k])
    return first[key] if counts[key] > 1 else None


def read_facts(
    units: list[Unit], mentions: list[list[Mention]], publisher: Mention | None
) -> Iterator[Finding]:
    """The facts of a page, sentence by sentence, each with its cue and confidence."""
    first = units[0] if units else None
    page = _Page({}, {}, title=first if first is not None and first.kind == "heading" else None)
    page.topic_group = _topic_group(mentions, publisher)
    seen: set[tuple[str, str, str]] = set()
    dated: set[tuple[str, str, str]] = set()
    for unit, unit_mentions in zip(units, mentions, strict=True):
        page.mentions_at[unit.start] = unit_mentions
        if page.table is not None:
            rows = _table_row(unit, *page.table)
            if rows:
                for finding in rows:
                    if finding.key() not in seen:
                        seen.add(finding.key())
                        yield finding
                continue
            page.table = None
        columns = _table_header(unit.text) if unit.kind == "heading" else None
        group = page.last_group or page.topic_group
        if columns is not None and group is not None:
            page.table = (columns, group)
            continue
        contacts = _contacts(unit, page)
        if contacts:
            for contact in contacts:
                seen.add(contact.key())
                yield contact
            continue
        if unit.kind == "heading" and _FIELD.match(fold(unit.text)):
            record = _Sentence(unit, unit_mentions, publisher, page)
            if _fields(record, units):  # "Coordinator: X" is short enough to look a heading
                for finding in record.findings:
                    if finding.key() not in seen:
                        seen.add(finding.key())
                        yield finding
                continue
        if unit.kind == "heading" or unit.truncated:
            member = _heading_member(page, unit, unit_mentions) if not unit.truncated else None
            if member is not None and member.key() not in seen:
                seen.add(member.key())
                yield member
            _remember_group(page, unit_mentions, unit.block)
            agents = [m for m in unit_mentions if m.is_agent and m.group != "person"]
            caption = _CAPTION.search(fold(unit.text))
            if unit.kind == "heading" and not caption and agents:
                page.section = agents[0]
            continue
        sentence = _Sentence(unit, unit_mentions, publisher, page)
        if _fields(sentence, units):
            for finding in sentence.findings:
                if finding.key() not in seen:
                    seen.add(finding.key())
                    yield finding
            continue
        if page.topic is None:
            page.topic = next((m for m in sentence.agents if m.group != "person"), None)
        if unit.kind == "item":
            _intro_items(sentence)
            _listed_members(sentence)
        for cue, match in _cue_matches(unit, sentence.mentions):
            _apply_cue(sentence, cue, match)
        _member_lists(sentence)
        _bracketed_groups(sentence)
        _members_in_brackets(sentence)
        _at_the_head(sentence)
        _fronted_founding(sentence)
        _relative_members(sentence)
        _along_with(sentence)
        _partnership_nouns(sentence)
        _inverted_together(sentence)
        _coordinated_partners(sentence)
        _joint_of(sentence)
        _within_group(sentence)
        _branches(sentence)
        _following_members(sentence)
        _roles(sentence)
        _group_with(sentence)
        _coordinator_marks(sentence)
        _places(sentence)
        _places_in_names(sentence)
        _nationalities(sentence)
        _cooccurrence(sentence)
        _founding_dates(sentence)
        _amounts(sentence)
        _counts(sentence)
        _remember_group(page, sentence.mentions, unit.block)
        for finding in sorted(sentence.findings, key=lambda f: -f.confidence):
            if finding.key() not in seen or _dates_it_first(finding, dated):
                seen.add(finding.key())
                if finding.since is not None:
                    dated.add(finding.key())
                yield finding


def _dates_it_first(finding: Finding, dated: set[tuple[str, str, str]]) -> bool:
    """A fact said again with the date it started ("the agreement of A and B" in the title,
    "signed on 30 September" below): the dated saying is kept too, for its date."""
    return finding.since is not None and finding.relation is not None and finding.key() not in dated


_CAPTION = re.compile(r"\b(?:logo|foto|photo|image|afbeelding|beeld)\b|©")
"""Headings that caption a picture ("NFU logo") do not start a section."""
_CONTACT = re.compile(
    r"^(?:contact\s*person|contact\s*persons|contactpersoon|contactpersonen|contact)\s*:\s*"
    r"(?P<name>(?:[A-Z][\w'’.-]+|van|de|der|den|ter|ten|von)(?:\s+(?:[A-Z][\w'’.-]+|van|de|der"
    r"|den|ter|ten|von))*)",
    re.IGNORECASE,
)


def _contacts(unit: Unit, page: _Page) -> list[Finding]:
    """ "Contact person: Annemarie Koster" (or "Contact persons: A and B") after a heading
    or a paragraph that names what they are the contact for."""
    match = _CONTACT.match(unit.text)
    target = page.section or page.topic or page.last_group
    if match is None or target is None or not match.group("name")[:1].isupper():
        return []
    page.section = page.topic = None
    found = []
    names, position = match.group("name"), 0
    for text in re.split(r"\s*,\s*|\s+(?:and|en)\s+", names):
        position = names.index(text, position)
        start = unit.start + match.start("name") + position
        if not text[:1].isupper():
            continue
        person = Mention(start, start + len(text), text, "Person", "person", "new", label=text)
        found.append(
            Finding(unit, person, "contactPersonFor", target, confidence=0.7, cue="contact person")
        )
    return found


_COUNT_ATTRIBUTES = {
    "networks": "networkCount", "netwerken": "networkCount", "partners": "partnerCount",
    "participants": "participantCount", "deelnemers": "participantCount",
    "countries": "countryCount", "landen": "countryCount", "members": "memberCount",
    "leden": "memberCount", "partnerships": "partnershipCount",
}  # fmt: skip


def _counts(sentence: _Sentence) -> None:
    """ "a network of 25 universities", "more than 550 participants from 52 countries": a
    count of what the sentence's nearest name holds or brings together."""
    unit = sentence.unit
    for count in find_counts(unit.text):
        words = fold(unit.text[count.end : count.end + 30]).split()
        unit_word = fold(count.unit or "")
        attribute = _COUNT_ATTRIBUTES.get(unit_word) or next(
            (_COUNT_ATTRIBUTES[w] for w in words[:2] if w in _COUNT_ATTRIBUTES), None
        )
        before = [m for m in sentence.agents if m.end - unit.start <= count.start]
        if attribute is None or not before or count.value < 2:
            continue
        sentence.add(
            Finding(
                unit,
                before[-1],
                attribute=attribute,
                value=count.value,
                approximation=count.approximation,
                confidence=0.45,
                cue=count.text,
                out_of=count.out_of,
            )
        )


def _remember_group(page: _Page, mentions: list[Mention], block: int) -> None:
    groups = [m for m in mentions if m.group in _GROUPS or m.type in {"Funder", "Grant"}]
    if groups:
        page.last_group = groups[-1]
        page.last_group_block = block
