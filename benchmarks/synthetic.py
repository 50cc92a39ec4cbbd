"""Synthetic collaboration graphs in collabgraph's own model, for benchmarks.

Organisations in countries, networks, projects with participants, people who are contact
persons, and grants with amounts; every relation is a qualified fact with provenance and an
evidence selector, as the build writes them. Sizes are skewed: a few hub organisations take
part in many projects and a few networks are large (preferential attachment), as in real
collaboration data.

    python benchmarks/synthetic.py --triples 1000000 -o build/bench/synthetic-1m.nq
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CG = "https://w3id.org/collabgraph/ontology#"
D = "https://w3id.org/collabgraph/id/"
G = "https://w3id.org/collabgraph/graph/"
S = "https://w3id.org/collabgraph/source/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
COUNTRIES = [
    "NL",
    "BE",
    "DE",
    "FR",
    "GB",
    "US",
    "IN",
    "CN",
    "BR",
    "ZA",
    "KE",
    "IT",
    "ES",
    "SE",
    "CH",
    "CA",
    "AU",
    "JP",
    "NG",
    "ID",
]
ORG_TYPES = [
    "University",
    "UniversityMedicalCentre",
    "Hospital",
    "ResearchInstitute",
    "Company",
    "Foundation",
]
TRIPLES_PER_UNIT = 79  # quads per organisation with its share of the rest (measured)


@dataclass(frozen=True)
class Sizes:
    organisations: int
    networks: int
    projects: int
    people: int
    documents: int

    @classmethod
    def for_triples(cls, triples: int) -> Sizes:
        units = max(50, round(triples / TRIPLES_PER_UNIT))
        return cls(
            organisations=units,
            networks=max(5, units // 27),
            projects=max(10, units * 3 // 4),
            people=max(5, units * 3 // 8),
            documents=max(2, units // 400),
        )


def _iri(value: str) -> str:
    return f"<{value}>"


def _text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Writer:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.lines: list[str] = []
        self.facts = 0

    def quad(self, s: str, p: str, o: str, graph: str) -> None:
        self.lines.append(f"{s} {p} {o} {graph} .\n")

    def entity(self, identifier: str, cls: str, label: str, graph: str) -> str:
        node = _iri(D + identifier)
        self.quad(node, _iri(RDF_TYPE), _iri(CG + cls), graph)
        self.quad(node, _iri(LABEL), _text(label), graph)
        return node

    def fact(
        self,
        document: int,
        subject: str,
        relation: str,
        obj: str,
        role: str | None = None,
        year: int | None = None,
    ) -> str:
        self.facts += 1
        graph = _iri(f"{G}doc-{document}")
        fact = _iri(f"{D}fact/doc-{document}/{self.facts}")
        evidence = _iri(f"{D}evidence/doc-{document}/{self.facts}")
        for cls in ("Fact", "Relationship"):
            self.quad(fact, _iri(RDF_TYPE), _iri(CG + cls), graph)
        self.quad(fact, _iri(CG + "subject"), subject, graph)
        self.quad(fact, _iri(CG + "object"), obj, graph)
        self.quad(fact, _iri(CG + "relation"), _iri(relation), graph)
        self.quad(fact, _iri(PROV + "wasDerivedFrom"), _iri(f"{S}doc-{document}"), graph)
        self.quad(fact, _iri(CG + "evidence"), evidence, graph)
        if role is not None:
            self.quad(fact, _iri(ORG + "role"), _iri(CG + role), graph)
        if year is not None:
            self.quad(fact, _iri(CG + "startDate"), _typed(year, "gYear"), graph)
        self.quad(evidence, _iri(RDF_TYPE), _iri(OA + "TextQuoteSelector"), graph)
        self.quad(
            evidence,
            _iri(OA + "exact"),
            _text(f"Sentence {self.facts} of document {document}."),
            graph,
        )
        self.quad(evidence, _iri(CG + "inDocument"), _iri(f"{S}doc-{document}"), graph)
        self.quad(subject, _iri(relation), obj, graph)
        return fact


def _preferential(rng: random.Random, cumulative: list[float], k: int) -> list[int]:
    """k distinct indices, drawn with the (cumulative) weights: hubs are drawn most."""
    population = range(len(cumulative))
    chosen: set[int] = set()
    while len(chosen) < min(k, len(cumulative)):
        chosen.update(rng.choices(population, cum_weights=cumulative, k=k - len(chosen)))
    return sorted(chosen)


def generate(triples: int, seed: int = 7, ontology: Path | None = None) -> Iterator[str]:
    """N-Quads lines of a synthetic graph of about ``triples`` quads."""
    sizes = Sizes.for_triples(triples)
    out = Writer(seed)
    rng = out.random
    registry = _iri(G + "registry")
    for d in range(sizes.documents):
        doc = _iri(f"{S}doc-{d}")
        graph = _iri(f"{G}doc-{d}")
        out.quad(doc, _iri(RDF_TYPE), _iri(CG + "SourceDocument"), graph)
        out.quad(
            doc, _iri("http://purl.org/dc/terms/title"), _text(f"Synthetic document {d}"), graph
        )
        out.quad(doc, _iri(LABEL), _text(f"Synthetic document {d}"), graph)
    countries = [
        out.entity(f"country/{code}", "Country", f"Country {code}", registry) for code in COUNTRIES
    ]
    country_weights = [1 / (rank + 1) for rank in range(len(countries))]
    org_weights = list(
        itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(sizes.organisations))
    )
    orgs = []
    for i in range(sizes.organisations):
        org = out.entity(f"org-{i}", ORG_TYPES[i % len(ORG_TYPES)], f"Organisation {i}", registry)
        orgs.append(org)
        country = countries[rng.choices(range(len(countries)), weights=country_weights, k=1)[0]]
        out.fact(rng.randrange(sizes.documents), org, CG + "basedIn", country)
    networks = [
        out.entity(
            f"network-{n}", "Alliance" if n % 5 == 0 else "Network", f"Network {n}", registry
        )
        for n in range(sizes.networks)
    ]
    for n, network in enumerate(networks):
        size = max(3, min(120, int(120 / (n + 1) ** 0.7)))
        for member in _preferential(rng, org_weights, size):
            fact = out.fact(
                rng.randrange(sizes.documents),
                orgs[member],
                ORG + "memberOf",
                network,
                "MemberRole",
                2000 + rng.randrange(25),
            )
            graph = _iri(f"{G}doc-{rng.randrange(sizes.documents)}")
            out.quad(fact, _iri(RDF_TYPE), _iri(ORG + "Membership"), graph)
            out.quad(network, _iri(ORG + "hasMember"), orgs[member], graph)
    projects = []
    for p in range(sizes.projects):
        project = out.entity(f"project-{p}", "Project", f"Project {p}", registry)
        projects.append(project)
        for member in _preferential(rng, org_weights, rng.randint(2, 8)):
            out.fact(
                rng.randrange(sizes.documents),
                orgs[member],
                CG + "participatesIn",
                project,
                "ParticipantRole",
                2010 + rng.randrange(15),
            )
        if rng.random() < 0.3:
            document = rng.randrange(sizes.documents)
            graph = _iri(f"{G}doc-{document}")
            amount = _iri(f"{D}amount/{p}")
            out.quad(amount, _iri(RDF_TYPE), _iri(CG + "Measurement"), graph)
            out.quad(amount, _iri(RDF_TYPE), _iri(CG + "Fact"), graph)
            out.quad(amount, _iri(RDF_TYPE), _iri(SCHEMA + "MonetaryAmount"), graph)
            out.quad(amount, _iri(CG + "subject"), project, graph)
            out.quad(amount, _iri(CG + "attribute"), _iri(SCHEMA + "amount"), graph)
            out.quad(
                amount,
                _iri(SCHEMA + "value"),
                _typed(rng.randrange(10, 5000) * 10_000, "decimal"),
                graph,
            )
            out.quad(amount, _iri(SCHEMA + "currency"), _text("EUR"), graph)
            out.quad(amount, _iri(PROV + "wasDerivedFrom"), _iri(f"{S}doc-{document}"), graph)
            evidence = _iri(f"{D}evidence/amount/{p}")
            out.quad(amount, _iri(CG + "evidence"), evidence, graph)
            out.quad(evidence, _iri(OA + "exact"), _text(f"Project {p} received money."), graph)
            out.quad(project, _iri(SCHEMA + "amount"), amount, graph)
    for person_index in range(sizes.people):
        person = out.entity(f"person-{person_index}", "Person", f"Person {person_index}", registry)
        for project in rng.sample(projects, 2):
            out.fact(
                rng.randrange(sizes.documents),
                person,
                CG + "contactPersonFor",
                project,
                "ContactPersonRole",
            )
    yield from out.lines
    if ontology is not None:
        yield from _ontology_quads(ontology)


def _ontology_quads(path: Path) -> Iterator[str]:
    from rdflib import Graph

    graph = Graph().parse(path)
    for s, p, o in graph:
        yield f"{s.n3()} {p.n3()} {o.n3()} <{G}ontology> .\n"


def write(path: Path, triples: int, seed: int = 7, ontology: Path | None = None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as stream:
        for line in generate(triples, seed, ontology):
            stream.write(line)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    ontology = Path(__file__).resolve().parent.parent / "ontology" / "collabgraph.ttl"
    count = write(args.output, args.triples, args.seed, ontology)
    print(f"{count} quads in {args.output} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()


def timed(label: str, function):
    """Run ``function``, print how long it took under ``label``, return its value."""
    started = time.perf_counter()
    value = function()
    print(f"{label:42} {time.perf_counter() - started:8.2f} s", flush=True)
    return value


def synthetic_store(triples: int, root: Path):
    """A synthetic graph of about ``triples`` quads, written once, loaded into memory."""
    import pyoxigraph as ox

    from collabgraph.sparql.store import OxigraphStore

    path = root / "build" / "bench" / f"synthetic-{triples}.nq"
    quads = write(path, triples, ontology=root / "ontology" / "collabgraph.ttl")
    print(f"== {quads:,} quads", flush=True)
    store = OxigraphStore(ox.Store())
    timed("load", lambda: store.load_file(path, ox.RdfFormat.N_QUADS))
    return store
