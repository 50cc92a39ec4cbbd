"""The words drafting reads, in English and Dutch: what names a kind of organisation, which
phrases state a relation, which words are titles and pronouns.

General words of the genre only; no name of any institution belongs here. Keys are folded
(lower case, no accents; see :func:`collabgraph.drafting.places.fold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CONNECTORS",
    "CUES",
    "DEMONYMS",
    "DEMONYM_COUNTRIES",
    "DUTCH_DEMONYMS",
    "INVERTED_VERBS",
    "LIST_NOUNS",
    "NON_NAMES",
    "PRONOUNS",
    "ROLE_WORDS",
    "SUFFIX_TYPES",
    "TITLES",
    "TYPE_WORDS",
    "Cue",
    "type_of_word",
]

TYPE_WORDS: dict[str, str] = {
    # universities and medical centres
    "university": "University", "universiteit": "University", "universitat": "University",
    "universite": "University", "universidad": "University", "universita": "University",
    "universitatea": "University", "hochschule": "University", "college": "University",
    "universidade": "University", "uniwersytet": "University", "univerzita": "University",
    "hogeschool": "University", "hogescholen": "Network", "fachhochschule": "University",
    "tecnologico": "University", "politecnica": "University", "ecole": "University",
    "universitet": "University", "yliopisto": "University", "egyetem": "University",
    "ulikool": "University", "universiteti": "University", "politecnico": "University",
    "universitaet": "University",
    "akademi": "University", "academy": "University", "academie": "University",
    "polytechnic": "University", "universities": "Network", "universiteiten": "Network",
    "umc": "UniversityMedicalCentre", "mc": "UniversityMedicalCentre",
    "umcs": "Network", "az": "Hospital", "chr": "Hospital", "kring": "Network",
    # hospitals, institutes, foundations
    "hospital": "Hospital", "ziekenhuis": "Hospital", "hospitaal": "Hospital",
    "kliniek": "Hospital", "clinic": "Hospital", "klinikum": "Hospital",
    "hopital": "Hospital", "krankenhaus": "Hospital", "klinik": "Hospital",
    "universitatsklinikum": "UniversityMedicalCentre", "chu": "UniversityMedicalCentre",
    "institute": "ResearchInstitute", "instituut": "ResearchInstitute",
    "institut": "ResearchInstitute", "institutes": "ResearchInstitute",
    "laboratory": "ResearchInstitute", "kenniscentrum": "ResearchInstitute",
    "centre": "Organisation", "center": "Organisation", "centrum": "Organisation",
    "society": "Organisation", "company": "Company", "gmbh": "Company", "kgaa": "Company",
    "inc": "Company", "ltd": "Company", "plc": "Company", "bv": "Company", "nv": "Company",
    "foundation": "Foundation", "stichting": "Foundation", "trust": "Foundation",
    "fund": "Funder", "fonds": "Funder",
    # public bodies and units
    "ministry": "GovernmentBody", "ministerie": "GovernmentBody", "commission": "GovernmentBody",
    "government": "GovernmentBody", "agency": "GovernmentBody", "gemeente": "GovernmentBody",
    "municipality": "GovernmentBody", "provincie": "GovernmentBody",
    "council": "AdvisoryBody", "raad": "AdvisoryBody",
    "committee": "OrganisationalUnit", "commissie": "OrganisationalUnit",
    "board": "OrganisationalUnit", "department": "OrganisationalUnit",
    "afdeling": "OrganisationalUnit", "division": "OrganisationalUnit",
    "faculty": "OrganisationalUnit", "faculteit": "OrganisationalUnit",
    # networks and alliances
    "network": "Network", "netwerk": "Network", "networks": "Network", "netwerken": "Network",
    "association": "Network", "vereniging": "Network", "league": "Network",
    "group": "Network", "groep": "Network", "consortium": "Network", "federation": "Federation",
    "federatie": "Federation", "alliance": "Alliance", "alliantie": "Alliance",
    "ern": "ReferenceNetwork", "erns": "ReferenceNetwork",
    # initiatives
    "partnership": "Partnership", "partnerschap": "Partnership",
    "programme": "Programme", "program": "Programme", "programma": "Programme",
    "initiative": "Programme", "initiatief": "Programme", "call": "Programme",
    "project": "Project", "grant": "Grant", "subsidie": "Grant",
    "agreement": "Agreement", "overeenkomst": "Agreement", "convenant": "Agreement",
    "strategy": "Strategy", "strategie": "Strategy",
    "conference": "Event", "congress": "Congress", "congres": "Congress",
    "symposium": "Event", "summit": "Event", "school": "Organisation",
    "course": "Course", "cursus": "Course", "msc": "EducationProgramme",
    "master": "EducationProgramme", "bachelor": "EducationProgramme",
    "opleiding": "EducationProgramme", "masteropleiding": "EducationProgramme",
}  # fmt: skip

SUFFIX_TYPES: dict[str, str] = {
    "umc": "UniversityMedicalCentre",
    "ziekenhuis": "Hospital",
    "hospitaal": "Hospital",
    "universiteit": "University",
    "instituut": "ResearchInstitute",
    "centrum": "Organisation",
    "fonds": "Funder",
    "netwerk": "Network",
    "alliantie": "Alliance",
    "kring": "Network",
    "vereniging": "Network",
    "hogeschool": "University",
    "stichting": "Foundation",
}
"""Dutch compounds end in their head noun: "Calamiteitenhospitaal" is a hospital."""

LIST_NOUNS: dict[str, str] = {
    "companies": "Company", "company": "Company", "bedrijven": "Company",
    "corporations": "Company", "firms": "Company",
    "universities": "University", "universiteiten": "University",
    "hospitals": "Hospital", "ziekenhuizen": "Hospital",
    "networks": "Network", "netwerken": "Network", "erns": "ReferenceNetwork",
    "reference networks": "ReferenceNetwork", "institutes": "ResearchInstitute",
    "instituten": "ResearchInstitute", "partners": "Organisation",
    "organisations": "Organisation", "organizations": "Organisation",
    "organisaties": "Organisation", "institutions": "Organisation",
    "instellingen": "Organisation", "alliances": "Alliance", "allianties": "Alliance",
    "foundations": "Foundation", "centres": "Organisation", "centers": "Organisation",
}  # fmt: skip
"""The noun that introduces a list ("companies (e.g. A, B)") types its items."""

CONNECTORS = frozenset(
    {"of", "for", "the", "and", "&", "van", "voor", "der", "de", "den", "het", "en",
     "du", "la", "le", "des", "di", "del", "y", "et", "für", "zu", "w", "we", "do", "da"}
)  # fmt: skip
"""Lower-case words that may stand inside a name: "University of Toronto"."""

NON_NAMES = frozenset(
    {"the", "de", "het", "een", "a", "an", "our", "onze", "ons", "we", "wij", "in", "on",
     "for", "with", "met", "and", "en", "of", "this", "these", "that", "dit", "deze", "die",
     "also", "ook", "zo", "thus", "as", "als", "by", "door", "via", "since", "sinds", "from",
     "both", "beide", "all", "alle", "more", "meer", "read", "lees", "it", "its", "their",
     "his", "her", "they", "zij", "hij", "ze", "i", "ik", "my", "mijn", "there", "er",
     "after", "na", "before", "voor", "during", "tijdens", "daarnaast", "in addition",
     "bovendien", "toen", "then", "when", "wanneer", "here", "hier", "new", "nieuwe",
     "covid-19", "covid", "phd", "eu", "un", "ai", "mba", "ceo", "ict", "r&d",
     "e.g", "i.e", "etc", "mr", "mrs", "ms", "nb", "ps", "faq", "pdf", "www", "tv",
     "eur", "usd", "gbp", "chf", "sek", "dkk", "nok",
     "logo", "menu", "meta", "cookie", "cookies", "skip", "navigation", "navigatie", "home",
     "foto", "photo", "image", "afbeelding", "beeld", "credit", "share", "deel"}
)  # fmt: skip
"""Words that start a sentence or stand in capitals without naming anything."""

DEMONYMS = frozenset(
    {"british", "dutch", "swedish", "swiss", "german", "french", "belgian", "italian",
     "spanish", "portuguese", "danish", "finnish", "norwegian", "polish", "austrian", "irish",
     "english", "scottish", "welsh", "european", "american", "canadian", "chinese",
     "japanese", "korean", "indian", "australian", "african", "asian", "hungarian", "czech",
     "greek", "turkish", "russian", "ukrainian", "brazilian", "mexican", "nederlandse",
     "duitse", "belgische", "franse", "britse", "europese", "vlaamse", "poolse",
     "amerikaanse", "internationale", "national", "international", "nationale", "global"}
)  # fmt: skip
"""Adjectives of nationality: capitalised in English, never a name on their own."""

DEMONYM_COUNTRIES: dict[str, str] = {
    "british": "GB", "britse": "GB", "dutch": "NL", "nederlandse": "NL", "swedish": "SE",
    "zweedse": "SE", "swiss": "CH", "zwitserse": "CH", "german": "DE", "duitse": "DE",
    "french": "FR", "franse": "FR", "belgian": "BE", "belgische": "BE", "vlaamse": "BE",
    "italian": "IT", "italiaanse": "IT", "spanish": "ES", "spaanse": "ES", "portuguese": "PT",
    "portugese": "PT", "danish": "DK", "deense": "DK", "finnish": "FI", "finse": "FI",
    "norwegian": "NO", "noorse": "NO", "polish": "PL", "poolse": "PL", "austrian": "AT",
    "oostenrijkse": "AT", "irish": "IE", "ierse": "IE", "scottish": "GB", "schotse": "GB",
    "american": "US", "amerikaanse": "US", "canadian": "CA", "canadese": "CA", "chinese": "CN",
    "japanese": "JP", "japanse": "JP", "korean": "KR", "koreaanse": "KR", "indian": "IN",
    "indiase": "IN", "australian": "AU", "australische": "AU", "hungarian": "HU",
    "hongaarse": "HU", "czech": "CZ", "tsjechische": "CZ", "greek": "GR", "griekse": "GR",
    "turkish": "TR", "turkse": "TR", "brazilian": "BR", "braziliaanse": "BR", "mexican": "MX",
    "mexicaanse": "MX", "estonian": "EE", "estse": "EE", "latvian": "LV", "letse": "LV",
    "lithuanian": "LT", "litouwse": "LT", "romanian": "RO", "roemeense": "RO",
    "south african": "ZA", "zuid-afrikaanse": "ZA", "israeli": "IL", "israelische": "IL",
}  # fmt: skip
"""Nationality adjectives before a name say where it is: "de Canadese University of
Waterloo" is in Canada."""

DUTCH_DEMONYMS = frozenset(
    {"britse", "nederlandse", "zweedse", "zwitserse", "duitse", "franse", "belgische",
     "vlaamse", "italiaanse", "spaanse", "portugese", "deense", "finse", "noorse", "poolse",
     "oostenrijkse", "ierse", "schotse", "amerikaanse", "canadese", "japanse", "koreaanse",
     "indiase", "australische", "hongaarse", "tsjechische", "griekse", "turkse",
     "braziliaanse", "mexicaanse", "estse", "letse", "litouwse", "roemeense",
     "zuid-afrikaanse", "israelische"}
)  # fmt: skip
"""The Dutch forms, which a foreign name never starts with ("de Duitse Universität X"):
English ones ("Chinese University of Hong Kong", "Dutch Research Council") often do."""

_SUBJECT_GAP = r"(?:(?!(?:volgende|onderstaande|deze|alle|beide|andere)\b)\S+\s+){1,6}?"
"""The subject between a Dutch separable verb and its particle ("stapte X in"): a name, not
"volgende zorginstellingen" or "alle partners" (the list or the group is the subject then)."""

INVERTED_VERBS = re.compile(
    r"^(?:coordineert|coordineerde|leidt|leidde|financiert|financierde|subsidieert"
    r"|organiseert|organiseerde|richtte|richtten|neemt|nam|namen|nemen|treedt|trad|traden"
    r"|treden|stapte|stapten|stapt|maakt|maken|maakte|maakten|werkt"
    r"|werkte|werken|werkten|vormt|vormde|vormen|vormden|investeert|investeerde|investeren"
    r"|investeerden|is|was|werd|wordt)\b"
)
"""Dutch finite verbs that may stand before their subject ("Sinds 2019 coördineert het UMC
Utrecht ..."): after such a cue with nobody before it, the first name is the subject."""

PRONOUNS = frozenset({"we", "wij", "our", "ons", "onze", "us"})
"""Words that stand for the page's publisher."""

TITLES = frozenset(
    {"prof", "prof.", "professor", "dr", "dr.", "drs", "drs.", "ir", "ir.", "mr", "mr.",
     "dhr", "dhr.", "mevr", "mevr.", "minister", "staatssecretaris", "rector",
     "dean", "decaan", "president", "chair", "voorzitter", "director", "directeur",
     "secretaris-generaal", "burgemeester", "mayor", "emeritus", "sir", "dame", "lord", "chief", "joint", "interim", "acting", "deputy",
     "executive", "projectleider", "programmaleider", "collegevoorzitter", "bestuursvoorzitter",
     "coordinator", "penvoerder", "hoogleraar", "lector", "ceo"}
)  # fmt: skip
ROLE_WORDS: dict[str, str] = {
    "president": "coordinates", "chair": "coordinates", "chairman": "coordinates",
    "chairwoman": "coordinates", "chairperson": "coordinates", "voorzitter": "coordinates",
    "director": "coordinates", "directeur": "coordinates", "head": "coordinates",
    "hoofd": "coordinates", "coordinator": "coordinates", "coordinater": "coordinates",
    "leader": "coordinates", "leider": "coordinates", "dean": "coordinates",
    "rector": "coordinates", "ceo": "coordinates", "member": "memberOf", "lid": "memberOf",
    "contact": "contactPersonFor", "contactpersoon": "contactPersonFor",
}  # fmt: skip
"""A person's role before "of X" / "van X" and the relation it states."""


@dataclass(frozen=True)
class Cue:
    """A phrase that states a relation, and how the sentence around it maps to a fact.

    ``direction`` 'forward': the subject stands before the phrase, the object after it;
    'backward': the object stands before it, the subject after it ("funded by X").
    ``clique``: everyone the phrase joins works with everyone ("together with A and B").
    """

    kind: str
    relation: str
    pattern: re.Pattern[str]
    direction: str = "forward"
    clique: bool = False
    confidence: float = 0.7
    explicit: bool = False
    """The subject must stand in the sentence (never the publisher by default)."""
    nominal: bool = False
    """A noun phrase ("the collaboration with X", "oprichting van Y"): with nobody named
    before it, the page's publisher is its subject."""


def _cue(
    kind: str,
    relation: str,
    phrases: str,
    direction: str = "forward",
    clique: bool = False,
    confidence: float = 0.7,
    explicit: bool = False,
    nominal: bool = False,
) -> Cue:
    pattern = re.compile(rf"(?<![\w-])(?:{phrases})(?![\w-])")
    return Cue(kind, relation, pattern, direction, clique, confidence, explicit, nominal)


CUES: tuple[Cue, ...] = (
    _cue("member", "memberOf",
         r"(?:is|are|was|were|became|become|as)\s+(?:a\s+|an\s+)?(?:\w+\s+)?members?\s+of"
         r"|members?\s+of|membership\s+(?:of|in)|(?:will\s+)?join(?:s|ed|ing)?"
         r"|participates?\s+in|participated\s+in|participant\s+in|participation\s+in"
         r"|takes?\s+part\s+in|took\s+part\s+in|(?:is|are|been)\s+(?:actively\s+)?involved\s+in"
         r"|involved\s+in|belongs?\s+to|affiliated\s+with|engagement\s+in"
         r"|(?:is|are|was|were|be|being|become|became)\s+(?:also\s+|now\s+)?(?:a\s+)?part\s+of"
         r"|(?:is|zijn|was|werd|werden|wordt|worden)\s+(?:\w+\s+)?lid\s+(?:van|geworden\s+van)"
         r"|lid\s+van"
         r"|leden\s+van|treedt\s+toe\s+tot|traden\s+toe\s+tot|toetreding\s+(?:van\s+.{0,60}?)?tot"
         r"|aangesloten\s+bij|neemt\s+deel\s+aan|nemen\s+deel\s+aan|namen\s+deel\s+aan"
         r"|deelname\s+aan|deelnemer\s+(?:aan|in)|betrokken\s+bij|maakt\s+deel\s+uit\s+van"
         r"|maken\s+deel\s+uit\s+van|onderdeel\s+van|forms?\s+part\s+of|formed\s+part\s+of"
         r"|(?:as\s+|is\s+|was\s+)?one\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:partners|members"
         r"|participants|institutions|universities)\s+(?:of|in)"
         r"|(?:als\s+|is\s+)?(?:een|één)\s+van\s+de\s+(?:[\w-]+\s+){0,3}(?:partners|leden"
         r"|deelnemers|instellingen|universiteiten)\s+(?:van|in)"
         r"|st(?:apte|apten|apt|appen)\s+(?:\w+\s+)?in(?=\s+(?:de|het|het\s+\w+|bij)\b)"
         r"|lidmaatschap\s+(?:van|bij)|sluit\s+(?:zich\s+)?aan\s+bij|sloot\s+(?:zich\s+)?aan\s+bij"),
    _cue("member", "memberOf",
         rf"(?:trad|traden|treedt|treden)(?=\s+{_SUBJECT_GAP}toe\s+tot\b)"
         rf"|(?:neemt|nam|namen|nemen)(?=\s+{_SUBJECT_GAP}deel\s+aan\b)"
         rf"|(?:stapte|stapten|stapt)(?=\s+{_SUBJECT_GAP}in\s+(?:de|het)\b)"
         rf"|(?:maakt|maken|maakte|maakten)(?=\s+{_SUBJECT_GAP}deel\s+uit\s+van\b)",
         confidence=0.65),
    _cue("member", "memberOf",
         r"comprising|consisting\s+of|bestaande\s+uit|with\s+members|met\s+als\s+leden"
         r"|bestaat\s+uit|includes|including\s+members",
         direction="backward", confidence=0.6),
    _cue("between", "memberOf", r"between|tussen", direction="backward", clique=True,
         confidence=0.6),
    _cue("form", "memberOf",
         r"(?:together\s+)?form(?:s|ed)?(?=\s+(?:the|a|an)\b)|vormen(?:\s+samen)?|vormden"
         r"(?:\s+samen)?|vormt|vormde|together\s+make\s+up",
         clique=True, confidence=0.6),
    _cue("partner", "partnerOf",
         r"together\s+with|samen\s+met|in\s+collaboration\s+with|in\s+cooperation\s+with"
         r"|collaborat(?:e|es|ed|ing)\s+(?:\w+\s+){0,2}with|cooperat(?:e|es|ed|ing)\s+with"
         r"|werk(?:t|en)?\s+(?:\w+\s+){0,3}samen\s+met|samenwerking(?:en)?\s+met|i\.s\.m\."
         r"|work(?:s|ed|ing)?\s+(?:(?:closely|together|intensively|jointly)\s+){0,2}with"
         r"|samenwerkingsovereenkomst\s+met|alongside|joint\s+\w+\s+with",
         clique=True, confidence=0.65),
    _cue("partner", "partnerOf",
         r"werk(?:t|en)\s+(?:\w+\s+){0,2}samen|gaan\s+(?:\w+\s+){0,2}samenwerken"
         r"|collaborat(?:e|es|ing)\s+(?:intensively|closely)|have\s+been\s+collaborating"
         r"|(?:will|to|shall)\s+partner(?=\s+(?:to|on|in|for)\b)|partnered\s+(?=to|on\b)",
         clique=True, confidence=0.6),
    _cue("partner", "partnerOf",
         r"(?:is|are|was|as|became|become|becomes|werd|wordt)\s+(?:a\s+|the\s+|een\s+)?(?:\w+\s+)?"
         r"partners?\s+(?:of|in|van|with)"
         r"|partners?\s+(?:van|in|of)|partnerships?\s+(?:with|met)|partner(?:s|ed|ing)?\s+with"
         r"|agreements?\s+with|overeenkomst\s+met"
         r"|memorandum\s+of\s+understanding\s+with|mou\s+with|convenant\s+met"
         r"|alliance\s+with|alliantie\s+met|partner\s+for",
         confidence=0.65),
    _cue("partner", "partnerOf", r"relationships?\s+with|relaties\s+met|ties\s+with|banden\s+met",
         confidence=0.5),
    _cue("partner", "partnerOf",
         r"(?:welcomed|verwelkomde|verwelkomt|welcomes)\s+(?:\w+\s+){0,3}partners?"
         r"|(?:een\s+|a\s+)?(?:nieuwe|new)\s+partners?(?:\s*,\s*(?:namelijk|namely))?",
         confidence=0.6, explicit=True),
    _cue("coordinate", "coordinates",
         r"coordinat(?:es|ed|ing)?|co-?ordinator\s+of|coordinator\s+of|coordineert"
         r"|coordinator\s+van|(?:leads|led|leading|(?:will|shall)\s+lead)(?!\s+to\b)|leader\s+of|leidt|heads|chairs"
         r"|chair\s+of|voorzitter\s+van|president\s+of|head\s+of|director\s+of"
         r"|directeur\s+van|became\s+coordinator\s+of|werd\s+coordinator\s+van"
         r"|chief\s+executive\s+of|ceo\s+of|penvoerder\s+(?:van|voor)|trekker\s+van"
         r"|(?:zal|zullen|gaat|gaan)\s+(?:\w+\s+){0,3}?(?:leiden|coordineren|voorzitten)"
         r"|voorzitter\s+(?:wordt|werd|is|was)\s+van"
         r"|(?:\w+\s+)?(?:coordinatie|coordination|leiding)\s+(?:van|of)",
         confidence=0.6),
    _cue("coordinate", "coordinates",
         r"(?:coordinated|led|chaired|headed|run)\s+by|gecoordineerd\s+door|geleid\s+door"
         r"|voorgezeten\s+door|onder\s+(?:de\s+)?(?:leiding|coordinatie|regie|penvoerderschap)"
         r"\s+van|under\s+the\s+(?:leadership|direction|coordination)\s+of",
         direction="backward", confidence=0.65),
    _cue("found", "established",
         r"(?:co-?)?found(?:ed|s|ers?\s+of|ing\s+(?:members?|partners?|universit(?:y|ies)"
         r"|institutions?)\s+of)?|established|establish"
         r"|set\s+up|created|initiated|launched|mede-?oprichters?\s+(?:en\s+\w+\s+)?van"
         r"|oprichters?\s+van|richtte\s+(?:\w+\s+)?op|richtten\s+(?:\w+\s+)?op|startte"
         r"|(?:zijn|waren|is|was)\s+(?:de\s+)?(?:mede-?)?oprichters?\s+van",
         confidence=0.6),
    _cue("found", "established",
         r"(?:founded|established|set\s+up|created|initiated|launched)"
         r"\s+(?:(?:in|on)\s+(?:\w+\s+){0,2}\d{4}\s+)?(?:jointly\s+)?by"
         r"|opgericht\s+(?:in\s+(?:\w+\s+){0,2}\d{4}\s+)?door|in\s+het\s+leven\s+geroepen\s+door"
         r"|(?:a|an|the)\s+(?:joint\s+)?initiative\s+(?:of|by|from)|(?:on|at)\s+the\s+initiative\s+of"
         r"|op\s+(?:het\s+)?initiatief\s+van"
         r"|(?:een\s+)?(?:gezamenlijk\s+)?initiatief\s+van"
         r"|(?:born|grew|emerged|arose|ontstaan|voortgekomen)\s+(?:\w+\s+){0,2}(?:from|out\s+of|uit)"
         r"\s+(?:a|an|the|een|de|het)?\s*(?:\w+\s+){0,2}(?:collaboration|cooperation|partnership"
         r"|samenwerking|initiative|initiatief)\s+(?:between|of|tussen|van)",
         direction="backward", confidence=0.7),
    _cue("found", "established",
         r"oprichting\s+van|founding\s+of|establishment\s+of|creation\s+of",
         confidence=0.55, nominal=True),
    _cue("fund", "funds",
         r"(?:co-?)?(?:funded|financed|subsidi[sz]ed|sponsored|supported)\s+(?:\w+\s+)?by"
         r"|funding\s+from|financing\s+from|grant\s+from|(?:mede\s*)?gefinancierd\s+(?:door|via|uit)"
         r"|gesubsidieerd\s+door|subsidies?\s+van|financiering\s+(?:van|door|uit)"
         r"|met\s+steun\s+van|with\s+(?:the\s+)?support\s+(?:of|from)|funded\s+through"
         r"|(?:dankzij|met)\s+(?:een\s+)?(?:bijdrage|subsidie|financiering|beurs)\s+(?:van|uit)"
         r"|thanks\s+to\s+(?:a\s+|the\s+)?(?:grant|funding|support|donation)\s+from"
         r"|(?:ontvang\w*|krijg\w*|kreeg|kregen|received?|receives|secured|won|obtained)\s+"
         r"(?:\w+\s+){0,4}?(?:subsidie|financiering|bijdrage|beurs|grant|funding|award)s?"
         r"\s+(?:\w+\s+){0,3}?(?:van|from)",
         direction="backward", confidence=0.65),
    _cue("fund", "funds",
         r"funds|finances|financiert|financieren|subsidieert|subsidises|subsidizes"
         r"|(?:has\s+|have\s+)?(?:awarded|granted|awards|grants)\s+(?:\w+\s+){0,3}?(?:grants?|funding"
         r"|funds|subsid(?:y|ies))(?:\s+(?:to|for))?|kent\s+(?:\w+\s+){0,4}?toe\s+aan"
         r"|heeft\s+(?:\w+\s+){0,4}?toegekend\s+aan"
         r"|(?:jointly|together|also|will|to)\s+fund|financieren\s+samen",
         confidence=0.6),
    _cue("fund", "funds",
         r"(?:will\s+|to\s+)?invest(?:s|ed|ing)?(?=\s+(?:[\w€£$.,]+\s+){0,5}?in\b)"
         r"|investeer(?:t|de|den)|investeren",
         confidence=0.6),
    _cue("support", "supports",
         r"supports|supported|ondersteunt|ondersteunde|steunt|steunde", confidence=0.5,
         explicit=True),
    _cue("partner", "partnerOf",
         r"(?:the|our|de|onze)\s+(?:collaboration|cooperation|partnership|samenwerking)\s+"
         r"(?:with|met)|(?:our\s+|onze\s+)?partners\s+(?:include|are|zijn|omvatten)",
         confidence=0.55, nominal=True),
    _cue("organise", "organises",
         r"organi[sz](?:es|ed|ing)|organiseert|organiseerde|organiseerden",
         confidence=0.55, explicit=True),
    _cue("organise", "organises", r"organi[sz]ed\s+by|georganiseerd\s+door",
         direction="backward", confidence=0.6),
    _cue("host", "hosts", r"hosts|hosted|host\s+of|gastheer\s+van", confidence=0.5,
         explicit=True),
    _cue("host", "hosts", r"hosted\s+by|georganiseerd\s+bij", direction="backward",
         confidence=0.55),
    _cue("locate", "basedIn",
         r"based\s+in|located\s+in|headquartered\s+in|gevestigd\s+in|gelegen\s+in"
         r"|with\s+(?:its\s+)?headquarters\s+in",
         confidence=0.7),
)  # fmt: skip


def type_of_word(word: str) -> str | None:
    """The entity type a (folded) name word announces, from the word or a Dutch suffix."""
    found = TYPE_WORDS.get(word)
    if found is not None:
        return found
    for suffix, entity_type in SUFFIX_TYPES.items():
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return entity_type
    return None
