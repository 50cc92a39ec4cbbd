"""Drafting quality and speed on the extraction development pages.

Each page of ../shared/extraction/dev/ is added to a fresh copy of this project (whose
registry knows only the seed documents' entities, so the page's new entities are not in
it), drafted, accepted with ``review --accept-all``, built (the graph must validate) and
evaluated against its gold facts. Prints precision, recall and F1 per language and
relation, the recall of organisation names, and pages per second; ``--write`` puts the
table into docs/benchmarks.md.

    python benchmarks/bench_draft.py [--pages DIR] [--write]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from report import write_section

import collabgraph.api as api
from collabgraph.drafting.evaluation import (
    GOLD_RELATION_OF,
    GOLD_RELATIONS,
    INVERTED_GOLD_RELATION_OF,
    Score,
    read_gold,
)
from collabgraph.names import normalise

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "extraction" / "dev"
PUBLISHERS = {
    "jaarverslag.umcutrecht.nl": ("UMC Utrecht", "nl"),
    "www.tue.nl": ("Eindhoven University of Technology", "nl"),
    "www.ru.nl": ("Radboud University", "nl"),
    "doendromen2025.be": ("KU Leuven", "nl"),
    "www.radboudumc.nl": ("Radboudumc", "en"),
    "www.uu.nl": ("Utrecht University", "en"),
    "www.elte.hu": ("Eötvös Loránd University", "en"),
    "www.maastrichtuniversity.nl": ("Maastricht University", "en"),
    "international.utoronto.ca": ("University of Toronto", "en"),
    "amazingerasmusmc.com": ("Erasmus MC", "en"),
    "amsterdamumc.org": ("Amsterdam UMC", "en"),
}
"""The curator's input for ``collabgraph add``: who published each site, in which language
(Dutch pages are recognised by their URL path words)."""
_NOT_NAMES = {"since", "fundingAmount"}


def _language(url: str, default: str) -> str:
    return "nl" if re.search(r"/(?:verslag|over-|universiteit|realisatie)", url) else default


def _fresh_project(folder: Path) -> Path:
    root = folder / "project"
    for part in ("data", "ontology"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("imports"))
    return root


def _name_recall(page_gold: list, mentions: tuple) -> tuple[int, int, list[str]]:
    found_names = set()
    for mention in mentions:
        for name in (mention.text, mention.label, *mention.aliases):
            found_names.add(normalise(name))
    wanted = set()
    for fact in page_gold:
        wanted.add(fact.subject)
        if fact.relation not in _NOT_NAMES and fact.relation != "locatedIn":
            wanted.add(fact.object)
    wanted = {name for name in wanted if name[:1].isupper()}  # proper names, not "projecten"

    def met(name: str) -> bool:
        bracket = re.match(r"^(.*?)\s*\(([^)]+)\)$", name)
        variants = {name, *(bracket.groups() if bracket else ())}
        return any(normalise(v) in found_names for v in variants)

    missing = sorted(name for name in wanted if not met(name))
    return len(wanted) - len(missing), len(wanted), missing


def run(pages: Path, verbose: bool = False) -> dict:
    results = []
    started = time.perf_counter()
    draft_seconds = 0.0
    for text_file in sorted(pages.glob("*.txt")):
        url, text = text_file.read_text(encoding="utf-8").split("\n", 1)
        host = url.split("/")[2]
        publisher, default_language = PUBLISHERS[host]
        language = _language(url, default_language)
        gold_file = text_file.with_suffix("").with_suffix(".gold.tsv")
        with tempfile.TemporaryDirectory() as folder:
            root = _fresh_project(Path(folder))
            page = Path(folder) / text_file.name
            page.write_text(text, encoding="utf-8")
            doc_id = text_file.stem[3:40].strip("-")
            api.add_document(
                page, publisher=publisher, language=language, url=url, doc_id=doc_id, path=root
            )
            tick = time.perf_counter()
            report = api.draft(doc_id, root)
            draft_seconds += time.perf_counter() - tick
            api.review(doc_id, path=root, accept_all=True)
            api.build(root)
            evaluation = api.evaluate(doc_id, gold_file, root)
            gold = read_gold(gold_file)
            names = _name_recall(gold, report.draft.mentions)
        results.append((text_file.name, language, evaluation, names))
        o = evaluation.overall
        print(
            f"{text_file.name[:45]:45} {language} P={o.precision:.2f} R={o.recall:.2f} "
            f"F1={o.f1:.2f} names {names[0]}/{names[1]}"
        )
        for fact in evaluation.missed if verbose else ():
            print(f"    missed: {fact.subject} {fact.relation} {fact.object}")
        for name in names[2] if verbose else ():
            print(f"    name not found: {name}")
    elapsed = time.perf_counter() - started
    return {"results": results, "seconds": elapsed, "draft_seconds": draft_seconds}


def _sum(scores: list[Score], relation: str) -> Score:
    return Score(
        relation,
        sum(s.true_positives for s in scores),
        sum(s.predicted for s in scores),
        sum(s.gold for s in scores),
        sum(s.found for s in scores),
    )


def table(outcome: dict) -> str:
    results = outcome["results"]
    lines = [
        "| set | pages | precision | recall | F1 | gold facts | drafted (scored) | names found |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, chosen in (("English", "en"), ("Dutch", "nl"), ("all", None)):
        subset = [r for r in results if chosen is None or r[1] == chosen]
        total = _sum([r[2].overall for r in subset], label)
        found = sum(r[3][0] for r in subset)
        wanted = sum(r[3][1] for r in subset)
        lines.append(
            f"| {label} | {len(subset)} | {total.precision:.2f} | {total.recall:.2f} | "
            f"{total.f1:.2f} | {total.gold} | {total.predicted} | "
            f"{found}/{wanted} ({found / wanted:.2f}) |"
        )
    lines += [
        "",
        "| relation | precision | recall | F1 | gold | drafted |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    by_relation: dict[str, list[Score]] = defaultdict(list)
    for result in results:
        for score in result[2].scores:
            by_relation[score.relation].append(score)
    for relation in GOLD_RELATIONS:
        s = _sum(by_relation[relation], relation)
        lines.append(
            f"| {relation} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | "
            f"{s.gold} | {s.predicted} |"
        )
    pages = len(results)
    lines += [
        "",
        f"`collabgraph draft` on these pages: {pages} pages in {outcome['draft_seconds']:.2f} s "
        f"(each page in a fresh project, so each reads the project and builds its name "
        f"matcher, and checks what it writes); the whole loop (add, draft, review, build, "
        f"evaluate): {outcome['seconds']:.1f} s.",
    ]
    return "\n".join(lines)


def speed(pages: Path, count: int = 100) -> str:
    """Drafting time alone (no files): the first page after start-up (spaCy, the name
    matcher and the place lists load then), and ``count`` pages after it."""
    from collabgraph.curation.build import gather_entities
    from collabgraph.drafting.drafts import known_names
    from collabgraph.drafting.extractor import Page, RuleExtractor
    from collabgraph.project import Project

    texts = []
    for text_file in sorted(pages.glob("*.txt")):
        url, text = text_file.read_text(encoding="utf-8").split("\n", 1)
        texts.append((text, _language(url, PUBLISHERS[url.split("/")[2]][1])))
    started = time.perf_counter()
    known = known_names(gather_entities(Project(REPO)).registry)
    extractor = RuleExtractor()
    for language in ("en", "nl"):
        extractor.draft(Page("start-up", "Start.", language), known)
    start_up = time.perf_counter() - started
    tick = time.perf_counter()
    extractor.draft(Page("first", texts[0][0], texts[0][1]), known)
    first = time.perf_counter() - tick
    tick = time.perf_counter()
    for number in range(count):
        text, language = texts[number % len(texts)]
        extractor.draft(Page(f"p{number}", text, language), known)
    many = time.perf_counter() - tick
    characters = sum(len(t) for t, _ in texts) / len(texts)
    return (
        f"Speed (drafting alone, pages of {characters:,.0f} characters on average): start-up "
        f"{start_up:.2f} s (spaCy's blank English and Dutch pipelines, the name matcher over "
        f"{len(known)} names, the place lists); then the first page {first:.3f} s and "
        f"{count} pages {many:.2f} s ({count / many:.0f} pages/s)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--write", action="store_true", help="Write into docs/benchmarks.md.")
    parser.add_argument("--missed", action="store_true", help="List the gold facts missed.")
    args = parser.parse_args()
    fast = speed(args.pages)  # first: the first page pays for start-up
    outcome = run(args.pages, args.missed)
    text = "\n\n".join(
        [
            table(outcome),
            fast,
            "Seed documents, drafted without the entities only they name, against their "
            "curated facts (which model several statements differently, e.g. a strategic "
            "network as a network node rather than pairwise partners):",
            seeds_table(seeds()),
        ]
    )
    print(text)
    if args.write:
        write_section(
            REPO / "docs" / "benchmarks.md",
            "draft-benchmark",
            "Drafting from text (issue 11)",
            text,
        )


def _curated_gold(facts: list, registry) -> list[str]:
    """The curated facts of a seed document as gold lines (the extraction set's format)."""
    from collabgraph.curation.facts import Money

    def label(entity_id: str) -> str:
        return registry.get(entity_id).label

    lines = []
    for fact in facts:
        quote = fact.quote.exact.replace("\t", " ").replace("\n", " ")
        subject = label(fact.subject)
        if fact.relation in GOLD_RELATION_OF and fact.object:
            relation = GOLD_RELATION_OF[fact.relation]
            lines.append(f"{subject}\t{relation}\t{label(fact.object)}\t{quote}")
        elif fact.relation in INVERTED_GOLD_RELATION_OF and fact.object:
            relation = INVERTED_GOLD_RELATION_OF[fact.relation]
            lines.append(f"{label(fact.object)}\t{relation}\t{subject}\t{quote}")
        elif fact.attribute in {"amount", "investment"} and isinstance(fact.value, Money):
            lines.append(
                f"{subject}\tfundingAmount\t{fact.value.currency} {fact.value.value}\t{quote}"
            )
        if fact.start is not None:
            lines.append(f"{subject}\tsince\t{fact.start.text}\t{quote}")
    return list(dict.fromkeys(lines))


def _registry_text(registry, keep) -> str:
    from collabgraph.drafting.extractor import ProposedEntity
    from collabgraph.drafting.files import entity_entry

    entries = []
    for entity in registry:
        if entity.origin != "registry" or entity.id not in keep:
            continue
        entry = entity_entry(ProposedEntity(entity.id, entity.type, entity.label, entity.aliases))
        entry = entry.replace("    status: proposed\n", "")
        if entity.labels:
            labels = ", ".join(
                f"{lang}: {json.dumps(text, ensure_ascii=False)}" for lang, text in entity.labels
            )
            entry += f"    labels: {{{labels}}}\n"
        entries.append(entry)
    return "entities:\n" + "".join(entries)


def seeds() -> list[tuple[str, object]]:
    """Draft each seed document from a registry without the entities only it names, and
    compare with its curated annotations."""
    from collabgraph.curation.annotations import read_annotations
    from collabgraph.curation.build import gather_entities
    from collabgraph.project import Project

    results = []
    everything = gather_entities(Project(REPO))
    for annotation in sorted((REPO / "data" / "annotations").glob("*.yaml")):
        source, facts, _ = read_annotations(annotation)
        others = [f for f in everything.facts if f.source.id != source.id]
        used_elsewhere = {e for f in others for e in (f.subject, f.object, f.count_of) if e}
        keep = {e.id for e in everything.registry} - (
            {e for f in facts for e in (f.subject, f.object, f.count_of) if e} - used_elsewhere
        ) | {source.publisher}
        with tempfile.TemporaryDirectory() as folder:
            root = _fresh_project(Path(folder))
            (root / "data" / "annotations" / annotation.name).unlink()
            (root / "data" / "sources" / source.path.name).unlink()
            (root / "data" / "registry.yaml").write_text(
                _registry_text(everything.registry, keep), encoding="utf-8"
            )
            gold = Path(folder) / "gold.tsv"
            gold.write_text(
                "\n".join(_curated_gold(facts, everything.registry)) + "\n", encoding="utf-8"
            )
            page = Path(folder) / source.path.name
            page.write_text(source.text, encoding="utf-8")
            api.add_document(
                page,
                publisher=str(source.publisher),
                language=source.language or "en",
                doc_id="seed",
                path=root,
            )
            api.draft("seed", root)
            api.review("seed", path=root, accept_all=True)
            api.build(root)
            results.append((source.id, api.evaluate("seed", gold, root)))
    return results


def seeds_table(results: list) -> str:
    lines = [
        "| seed document | precision | recall | F1 | curated facts (scorable) | drafted (scored) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for doc_id, evaluation in results:
        o = evaluation.overall
        lines.append(
            f"| {doc_id} | {o.precision:.2f} | {o.recall:.2f} | {o.f1:.2f} | {o.gold} | "
            f"{o.predicted} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
