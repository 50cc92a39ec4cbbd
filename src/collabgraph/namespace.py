"""Namespaces of collabgraph: its own ontology terms (typed, closed) and the vocabularies it reuses."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from collabgraph.prefixes import PREFIXES

__all__ = [
    "CG",
    "DATA",
    "DCTERMS",
    "FOAF",
    "GRAPH",
    "NAMESPACES",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "SOURCE",
    "XSD",
]


class CG(DefinedNamespace):
    """The collabgraph ontology (ontology/collabgraph.ttl).

    Closed: a misspelt term raises AttributeError instead of minting a new IRI.
    tests/test_namespace.py checks that this list and the ontology file agree.
    """

    _NS = Namespace("https://w3id.org/collabgraph/ontology#")
    _fail = True

    About: URIRef
    AdvisoryBody: URIRef
    Agreement: URIRef
    Alliance: URIRef
    Approximation: URIRef
    AtLeast: URIRef
    AtMost: URIRef
    Award: URIRef
    City: URIRef
    CommissionerRole: URIRef
    Company: URIRef
    Congress: URIRef
    ContactPersonRole: URIRef
    CoordinatorRole: URIRef
    Country: URIRef
    Course: URIRef
    EducationProgramme: URIRef
    Event: URIRef
    Fact: URIRef
    Federation: URIRef
    Foundation: URIRef
    FounderRole: URIRef
    Funder: URIRef
    FunderRole: URIRef
    GovernmentBody: URIRef
    Grant: URIRef
    Hospital: URIRef
    HostRole: URIRef
    Initiative: URIRef
    LeadRole: URIRef
    ManagerRole: URIRef
    Measurement: URIRef
    MemberRole: URIRef
    MoreThan: URIRef
    Network: URIRef
    OrganisationalUnit: URIRef
    Organisation: URIRef
    SourceRecord: URIRef
    OrganiserRole: URIRef
    ParticipantRole: URIRef
    PartnerRole: URIRef
    Partnership: URIRef
    Programme: URIRef
    Project: URIRef
    PublisherRole: URIRef
    ThirdPartyRole: URIRef
    AssociatedPartnerRole: URIRef
    RecipientRole: URIRef
    ReferenceDataset: URIRef
    ReferenceFact: URIRef
    ReferenceNetwork: URIRef
    Region: URIRef
    Relationship: URIRef
    Report: URIRef
    ResearchInstitute: URIRef
    Role: URIRef
    SignatoryRole: URIRef
    SourceDocument: URIRef
    Strategy: URIRef
    SupporterRole: URIRef
    University: URIRef
    UniversityMedicalCentre: URIRef
    accredited: URIRef
    totalCost: URIRef
    euContribution: URIRef
    recordKey: URIRef
    endOfParticipation: URIRef
    fundingScheme: URIRef
    curationStatus: URIRef
    status: URIRef
    activeIn: URIRef
    amount: URIRef
    approximation: URIRef
    attribute: URIRef
    basedIn: URIRef
    collaboratesWith: URIRef
    commissions: URIRef
    contactPersonFor: URIRef
    contributesTo: URIRef
    coordinates: URIRef
    countOf: URIRef
    countryCount: URIRef
    date: URIRef
    dateText: URIRef
    diseaseCount: URIRef
    editionNumber: URIRef
    endDate: URIRef
    established: URIRef
    evidence: URIRef
    funds: URIRef
    goalCount: URIRef
    hasStrategy: URIRef
    heldIn: URIRef
    hosts: URIRef
    inDocument: URIRef
    investment: URIRef
    leads: URIRef
    ledTo: URIRef
    relatedTo: URIRef
    line: URIRef
    manages: URIRef
    memberCount: URIRef
    networkCount: URIRef
    note: URIRef
    object: URIRef
    organisationCount: URIRef
    organises: URIRef
    originalFile: URIRef
    outOf: URIRef
    participantCount: URIRef
    participatesIn: URIRef
    partnerCount: URIRef
    partnerOf: URIRef
    partnershipCount: URIRef
    publishes: URIRef
    receives: URIRef
    relation: URIRef
    retrievedOn: URIRef
    roleLabel: URIRef
    roles: URIRef
    sha256: URIRef
    sourceFile: URIRef
    specialism: URIRef
    startDate: URIRef
    studyCount: URIRef
    subject: URIRef
    supports: URIRef


class OA(DefinedNamespace):
    """The Web Annotation terms collabgraph uses for evidence selectors."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
DATA = Namespace("https://w3id.org/collabgraph/id/")
GRAPH = Namespace("https://w3id.org/collabgraph/graph/")
SOURCE = Namespace("https://w3id.org/collabgraph/source/")

NAMESPACES = {
    "cg": CG._NS, "cgd": DATA, "cgg": GRAPH, "cgs": SOURCE, "org": ORG, "schema": SCHEMA,
    "foaf": FOAF, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS, "oa": OA._NS, "owl": OWL,
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
}  # fmt: skip
"""The namespaces behind :data:`PREFIXES` (its plain copy for the query path, without rdflib)."""
