"""The words a curator writes in annotation files, and the ontology terms they stand for.

One table each for entity types, relations, attributes, roles and approximations. The
compiler, the validator, the docs and the tests all read these tables, so adding a relation
is one line here plus its declaration in ontology/collabgraph.ttl.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef

from collabgraph.groups import ENTITY_GROUPS
from collabgraph.namespace import CG, DCTERMS, FOAF, ORG, SCHEMA

__all__ = [
    "APPROXIMATIONS",
    "ATTRIBUTES",
    "ENTITY_GROUPS",
    "ENTITY_STATUSES",
    "ENTITY_TYPES",
    "FACT_STATUSES",
    "ORGANISATION_TYPES",
    "PLACE_TYPES",
    "RELATIONS",
    "ROLES",
    "Attribute",
    "EntityType",
    "Relation",
    "ValueKind",
]


@dataclass(frozen=True)
class EntityType:
    name: str
    classes: tuple[URIRef, ...]
    group: str
    """Broad kind used for colours, filters and projections: organisation, network,
    initiative, place, person, other."""


def _entity_type(name: str, group: str, *classes: URIRef) -> EntityType:
    return EntityType(name, classes, group)


ENTITY_TYPES: dict[str, EntityType] = {
    t.name: t
    for t in (
        _entity_type("UniversityMedicalCentre", "organisation", CG.UniversityMedicalCentre),
        _entity_type("University", "organisation", CG.University),
        _entity_type("Hospital", "organisation", CG.Hospital),
        _entity_type("ResearchInstitute", "organisation", CG.ResearchInstitute),
        _entity_type("Foundation", "organisation", CG.Foundation),
        _entity_type("Federation", "organisation", CG.Federation),
        _entity_type("GovernmentBody", "organisation", CG.GovernmentBody),
        _entity_type("AdvisoryBody", "organisation", CG.AdvisoryBody),
        _entity_type("Funder", "organisation", CG.Funder),
        _entity_type("Company", "organisation", CG.Company),
        _entity_type("Organisation", "organisation", CG.Organisation),
        _entity_type("OrganisationalUnit", "organisation", CG.OrganisationalUnit),
        _entity_type("Network", "network", CG.Network),
        _entity_type("Alliance", "network", CG.Alliance),
        _entity_type("ReferenceNetwork", "network", CG.ReferenceNetwork),
        _entity_type("Programme", "initiative", CG.Programme),
        _entity_type("Project", "initiative", CG.Project),
        _entity_type("Partnership", "initiative", CG.Partnership),
        _entity_type("Agreement", "initiative", CG.Agreement),
        _entity_type("Strategy", "initiative", CG.Strategy),
        _entity_type("Grant", "initiative", CG.Grant),
        _entity_type("Event", "initiative", CG.Event),
        _entity_type("Congress", "initiative", CG.Congress),
        _entity_type("EducationProgramme", "initiative", CG.EducationProgramme),
        _entity_type("Course", "initiative", CG.Course),
        _entity_type("Award", "other", CG.Award),
        _entity_type("Report", "other", CG.Report),
        _entity_type("Country", "place", CG.Country),
        _entity_type("Region", "place", CG.Region),
        _entity_type("City", "place", CG.City),
        _entity_type("Person", "person", FOAF.Person, SCHEMA.Person),
    )
}

ORGANISATION_TYPES = frozenset(n for n, t in ENTITY_TYPES.items() if t.group == "organisation")
PLACE_TYPES = frozenset(n for n, t in ENTITY_TYPES.items() if t.group == "place")


@dataclass(frozen=True)
class Relation:
    name: str
    shortcut: URIRef
    default_role: URIRef | None
    inverse: URIRef | None = None
    symmetric: bool = False
    object_groups: frozenset[str] | None = None
    """Entity groups the object may belong to (None: any)."""


_PLACES = frozenset({"place"})
_ORGS_AND_NETWORKS = frozenset({"organisation", "network"})

RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation("memberOf", ORG.memberOf, CG.MemberRole, ORG.hasMember, False, _ORGS_AND_NETWORKS),
        Relation(
            "subOrganizationOf",
            ORG.subOrganizationOf,
            None,
            ORG.hasSubOrganization,
            False,
            _ORGS_AND_NETWORKS,
        ),
        Relation("partOf", DCTERMS.isPartOf, None, DCTERMS.hasPart),
        Relation("partnerOf", CG.partnerOf, CG.PartnerRole, None, True),
        Relation("collaboratesWith", CG.collaboratesWith, CG.PartnerRole, None, True),
        Relation("participatesIn", CG.participatesIn, CG.ParticipantRole),
        Relation("coordinates", CG.coordinates, CG.CoordinatorRole),
        Relation("leads", CG.leads, CG.LeadRole),
        Relation("established", CG.established, CG.FounderRole),
        Relation("funds", CG.funds, CG.FunderRole),
        Relation("manages", CG.manages, CG.ManagerRole),
        Relation("organises", CG.organises, CG.OrganiserRole),
        Relation("hosts", CG.hosts, CG.HostRole),
        Relation("contactPersonFor", CG.contactPersonFor, CG.ContactPersonRole),
        Relation("commissions", CG.commissions, CG.CommissionerRole),
        Relation("supports", CG.supports, CG.SupporterRole),
        Relation("receives", CG.receives, CG.RecipientRole),
        Relation("contributesTo", CG.contributesTo, None),
        Relation("hasStrategy", CG.hasStrategy, None),
        Relation("publishes", CG.publishes, CG.PublisherRole),
        Relation("ledTo", CG.ledTo, None),
        Relation("relatedTo", CG.relatedTo, None, None, True),
        Relation("replaces", DCTERMS.replaces, None, DCTERMS.isReplacedBy),
        Relation("basedIn", CG.basedIn, None, None, False, _PLACES),
        Relation("activeIn", CG.activeIn, None, None, False, _PLACES),
        Relation("heldIn", CG.heldIn, None, None, False, _PLACES),
    )
}


class ValueKind(Enum):
    COUNT = "count"
    MONEY = "money"
    DATE = "date"
    TEXT = "text"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Attribute:
    name: str
    shortcut: URIRef
    kind: ValueKind
    needs_unit: bool = False


ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in (
        Attribute("memberCount", CG.memberCount, ValueKind.COUNT),
        Attribute("participantCount", CG.participantCount, ValueKind.COUNT),
        Attribute("countryCount", CG.countryCount, ValueKind.COUNT),
        Attribute("partnershipCount", CG.partnershipCount, ValueKind.COUNT),
        Attribute("partnerCount", CG.partnerCount, ValueKind.COUNT),
        Attribute("networkCount", CG.networkCount, ValueKind.COUNT),
        Attribute("diseaseCount", CG.diseaseCount, ValueKind.COUNT),
        Attribute("studyCount", CG.studyCount, ValueKind.COUNT),
        Attribute("goalCount", CG.goalCount, ValueKind.COUNT),
        Attribute("organisationCount", CG.organisationCount, ValueKind.COUNT, needs_unit=True),
        Attribute("editionNumber", CG.editionNumber, ValueKind.COUNT),
        Attribute("amount", SCHEMA.amount, ValueKind.MONEY),
        Attribute("investment", CG.investment, ValueKind.MONEY),
        Attribute("foundingDate", SCHEMA.foundingDate, ValueKind.DATE),
        Attribute("startDate", SCHEMA.startDate, ValueKind.DATE),
        Attribute("endDate", SCHEMA.endDate, ValueKind.DATE),
        Attribute("totalCost", CG.totalCost, ValueKind.MONEY),
        Attribute("euContribution", CG.euContribution, ValueKind.MONEY),
        Attribute("description", SCHEMA.description, ValueKind.TEXT),
        Attribute("specialism", CG.specialism, ValueKind.TEXT),
        Attribute("jobTitle", SCHEMA.jobTitle, ValueKind.TEXT),
        Attribute("accredited", CG.accredited, ValueKind.BOOLEAN),
    )
}

ROLES: dict[str, URIRef] = {
    "member": CG.MemberRole,
    "partner": CG.PartnerRole,
    "coordinator": CG.CoordinatorRole,
    "founder": CG.FounderRole,
    "funder": CG.FunderRole,
    "organiser": CG.OrganiserRole,
    "participant": CG.ParticipantRole,
    "contact-person": CG.ContactPersonRole,
    "lead": CG.LeadRole,
    "manager": CG.ManagerRole,
    "host": CG.HostRole,
    "signatory": CG.SignatoryRole,
    "recipient": CG.RecipientRole,
    "commissioner": CG.CommissionerRole,
    "supporter": CG.SupporterRole,
    "publisher": CG.PublisherRole,
    "third-party": CG.ThirdPartyRole,
    "associated-partner": CG.AssociatedPartnerRole,
}

APPROXIMATIONS: dict[str, URIRef] = {
    "about": CG.About,
    "more-than": CG.MoreThan,
    "at-least": CG.AtLeast,
    "at-most": CG.AtMost,
}

FACT_STATUSES = ("draft", "accepted", "rejected")
"""A fact without a status is accepted; a build includes drafts only when asked to."""
ENTITY_STATUSES = ("proposed", "accepted")
"""An entity without a status is accepted; drafting proposes entities it cannot find."""
