"""Drafting quality on pages the rules were written against and on pages they never saw.

The loop is ../shared/extraction/measure.sh's, in one process: a copy of this project
imports the 73 ROR records of ../shared/reference/ror/records, then for every page of a set
`add` (publisher and language from the set's MANIFEST.tsv, as a curator gives them),
`draft`, `review --accept-all` (its default confidence); one `build`; one N-Quads export;
and ../shared/extraction/score.py scores each page's named graph against its gold file.

The sets, fixed before the rules were developed:

- tune: the development pages the rules were written against, ../shared/extraction/dev
  01-13 and the odd pages 15-35 (24 pages);
- check: the even pages 14-36 of the same folder (12 pages, both languages, universities,
  Dutch and Flemish publishers, alliances and funders), never read while developing;
- extra-dev: 24 real pages from other publishers (benchmarks/pages/extra-dev), read
  while developing;
- extra-heldout: 20 real pages from other publishers (benchmarks/pages/extra-heldout),
  never read while developing.

Prints micro precision, recall and F1 per set and language, recall and precision per
relation (each relation scored alone, so partnerOf here gets no credit for co-members),
the tune/check gap, the precision of drafts at confidence 0.6 and above, and drafting
speed; ``--write`` puts the tables into docs/benchmarks.md.

    python benchmarks/bench_draft.py [--sets tune,check,extra-dev,extra-heldout] [--write]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from report import write_section

import collabgraph.api as api

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV = SHARED / "extraction" / "dev"
SCORER = SHARED / "extraction" / "score.py"
ROR = SHARED / "reference" / "ror" / "records"
CHECK = {f"{n:02d}" for n in range(14, 37, 2)}
SETS = {
    "tune": (DEV, lambda number: number not in CHECK),
    "check": (DEV, lambda number: number in CHECK),
    "extra-dev": (REPO / "benchmarks" / "pages" / "extra-dev", lambda number: True),
    "extra-heldout": (REPO / "benchmarks" / "pages" / "extra-heldout", lambda number: True),
}
RELATIONS = (
    "memberOf", "partnerOf", "coordinates", "locatedIn", "fundedBy", "fundingAmount",
    "establishedBy", "since",
)  # fmt: skip
_SCORE_LINE = re.compile(r"recall (\d+)/(\d+).*precision (\d+)/(\d+)")
_FACT_LINE = re.compile(r"^(ok  |MISS) .*? \| (\w+) \| ")


@dataclass
class Counts:
    found: int = 0
    gold: int = 0
    matched: int = 0
    produced: int = 0

    def add(self, other: Counts) -> None:
        self.found += other.found
        self.gold += other.gold
        self.matched += other.matched
        self.produced += other.produced

    def row(self) -> str:
        recall = self.found / self.gold if self.gold else 0.0
        precision = self.matched / self.produced if self.produced else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        return (
            f"{precision:.2f} | {recall:.2f} | **{f1:.2f}** | "
            f"{self.found}/{self.gold} | {self.matched}/{self.produced}"
        )

    @property
    def f1(self) -> float:
        recall = self.found / self.gold if self.gold else 0.0
        precision = self.matched / self.produced if self.produced else 0.0
        return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


@dataclass
class Outcome:
    pages: list[tuple[str, str]] = field(default_factory=list)
    by_language: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_relation: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    confident: Counts = field(default_factory=Counts)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _manifest(folder: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            name, publisher, language = line.split("\t")
            rows.append((name, publisher, language))
    return rows


def _template(folder: Path) -> Path:
    """A copy of this project's data with the ROR records imported."""
    root = folder / "project"
    for part in ("data", "ontology"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("imports"))
    api.import_ror(ROR, path=root)
    return root


def _score(nq: Path, gold: Path, number: str) -> tuple[Counts, list[tuple[str, bool]]]:
    out = subprocess.run(
        [sys.executable, str(SCORER), str(nq), str(gold), "--graph", f"page-{number}", "--verbose"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found, gold_count, matched, produced = map(int, _SCORE_LINE.search(out).groups())
    facts = [
        (m.group(2), m.group(1).startswith("ok"))
        for m in map(_FACT_LINE.match, out.splitlines())
        if m
    ]
    return Counts(found, gold_count, matched, produced), facts


def _filtered(nq: Path, keep: str, folder: Path) -> Path:
    """The export with only one meaning's edges (and every label), for a relation's own
    precision: edges whose predicate's local name is the relation's, or its inverse's."""
    names = {
        "memberOf": ("memberOf", "hasMember", "participatesIn", "hasParticipant"),
        "partnerOf": ("partnerOf", "collaboratesWith"),
        "coordinates": ("coordinates", "leads", "manages"),
        "locatedIn": ("basedIn", "heldIn", "activeIn"),
        "fundedBy": ("funds", "receives"),
        "establishedBy": ("established",),
    }[keep]
    out = folder / f"only-{keep}.nq"
    with nq.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as target:
        for line in source:
            predicate = line.split(" ", 2)[1] if line.count(" ") > 2 else ""
            local = re.split(r"[#/]", predicate.strip("<>"))[-1]
            if '"' in line or local in names:
                target.write(line)
    return out


def add_page(folder: Path, page: str, publisher: str, language: str, work: Path) -> str:
    """``collabgraph add`` for one page of a set, as a curator gives it; its document id."""
    doc_id = f"page-{page[:2]}"
    api.add_document(
        folder / f"{page}.txt", publisher=publisher, language=language, doc_id=doc_id, path=work
    )
    return doc_id


def run(name: str, folder: Path, wanted) -> Outcome:
    outcome = Outcome()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        work = _template(Path(scratch))
        pages = [row for row in _manifest(folder) if wanted(row[0][:2])]
        for page, publisher, language in pages:
            try:
                doc_id = add_page(folder, page, publisher, language, work)
                api.draft(doc_id, path=work)
                api.review(doc_id, path=work, accept_all=True)
            except Exception as exc:
                outcome.failures.append(f"{page}: {type(exc).__name__}: {exc}".splitlines()[0])
            outcome.pages.append((page, language))
        api.build(path=work)
        nq = Path(scratch) / "all.nq"
        nq.write_bytes(api.export("nq", path=work))
        for page, language in outcome.pages:
            counts, facts = _score(nq, folder / f"{page}.gold.tsv", page[:2])
            outcome.by_language[language].add(counts)
            for relation, ok in facts:
                outcome.by_relation[relation].gold += 1
                outcome.by_relation[relation].found += ok
        for relation in RELATIONS:
            if relation in {"since", "fundingAmount"}:
                continue
            only = _filtered(nq, relation, Path(scratch))
            for page, _language in outcome.pages:
                gold = Path(scratch) / "gold.tsv"
                lines = (folder / f"{page}.gold.tsv").read_text(encoding="utf-8").splitlines()
                gold.write_text(
                    "".join(f"{line}\n" for line in lines if f"\t{relation}\t" in line),
                    encoding="utf-8",
                )
                counts, _ = _score(only, gold, page[:2])
                outcome.by_relation[relation].matched += counts.matched
                outcome.by_relation[relation].produced += counts.produced
        outcome.confident = _confident(work, nq, folder, outcome.pages, Path(scratch))
    outcome.seconds = time.perf_counter() - started
    print(f"{name}: {len(outcome.pages)} pages in {outcome.seconds:.0f} s", file=sys.stderr)
    return outcome


def _confident(work: Path, nq: Path, folder: Path, pages, scratch: Path) -> Counts:
    """Precision of the accepted drafts at confidence 0.6 and above: the export without the
    facts (and their shortcut edges) below it, scored."""
    low: set[tuple[str, str, str]] = set()
    import yaml

    for page, _language in pages:
        annotation = work / "data" / "annotations" / f"page-{page[:2]}.yaml"
        if not annotation.exists():
            continue
        document = yaml.safe_load(annotation.read_text(encoding="utf-8")) or {}
        for item in document.get("facts") or []:
            for fact in item.get("facts", [item]):
                if fact.get("relation") and float(fact.get("confidence", 1.0)) < 0.6:
                    low.add((f"page-{page[:2]}", fact["subject"], fact["object"]))
    kept = scratch / "confident.nq"
    with nq.open(encoding="utf-8") as source, kept.open("w", encoding="utf-8") as target:
        for line in source:
            parts = line.split(" ")
            if len(parts) > 4 and '"' not in line:
                graph = parts[-2].strip("<>").rsplit("/", 1)[-1]
                ends = {p.strip("<>").rsplit("/", 1)[-1] for p in (parts[0], parts[2])}
                if any(graph == g and {s, o} <= ends for g, s, o in low):
                    continue
            target.write(line)
    total = Counts()
    for page, _language in pages:
        counts, _ = _score(kept, folder / f"{page}.gold.tsv", page[:2])
        total.matched += counts.matched
        total.produced += counts.produced
    return total


def speed(count: int = 100) -> str:
    """Drafting alone (no files): start-up, the first page of about 2,000 characters, and
    ``count`` pages after it."""
    from collabgraph.curation.build import gather_entities
    from collabgraph.drafting.extractor import Page, RuleExtractor
    from collabgraph.drafting.project_names import known_names
    from collabgraph.project import Project

    texts = [
        ((DEV / f"{name}.txt").read_text(encoding="utf-8").split("\n", 1)[1], language)
        for name, _publisher, language in _manifest(DEV)
        if name[:2] not in CHECK
    ]
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
        f"{start_up:.2f} s (spaCy's blank pipelines, the name matcher over {len(known)} names, "
        f"the place lists); the first page {first:.3f} s; {count} pages {many:.2f} s "
        f"({count / many:.0f} pages/s)."
    )


def table(outcomes: dict[str, Outcome]) -> str:
    lines = [
        "| set | language | pages | precision | recall | F1 | recall (facts) | precision (edges) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, outcome in outcomes.items():
        total = Counts()
        for language in sorted(outcome.by_language):
            counts = outcome.by_language[language]
            total.add(counts)
            pages = sum(1 for _, lang in outcome.pages if lang == language)
            lines.append(f"| {name} | {language} | {pages} | {counts.row()} |")
        lines.append(f"| **{name}** | all | {len(outcome.pages)} | {total.row()} |")
    lines += [
        "",
        "Per relation (recall over gold facts; precision with that relation's edges alone):",
        "",
    ]
    header = "| relation | " + " | ".join(outcomes) + " |"
    lines += [header, "|---|" + "---:|" * len(outcomes)]
    for relation in RELATIONS:
        cells = []
        for outcome in outcomes.values():
            counts = outcome.by_relation.get(relation, Counts())
            recall = f"R {counts.found}/{counts.gold}"
            precision = f", P {counts.matched}/{counts.produced}" if counts.produced else ""
            cells.append(recall + precision)
        lines.append(f"| {relation} | " + " | ".join(cells) + " |")
    totals = {name: _total(outcome) for name, outcome in outcomes.items()}
    if "tune" in totals and "check" in totals:
        gap = totals["tune"].f1 - totals["check"].f1
        lines += [
            "",
            f"Tune/check gap: {gap:+.2f} F1 (tune {totals['tune'].f1:.2f}, check {totals['check'].f1:.2f}).",
        ]
    lines += [""]
    for name, outcome in outcomes.items():
        c = outcome.confident
        precision = c.matched / c.produced if c.produced else 0.0
        lines.append(
            f"- {name}: accepted drafts at confidence >= 0.6 are right {c.matched} of "
            f"{c.produced} edges ({precision:.2f}); loop {outcome.seconds:.0f} s"
            + (f"; pages that failed: {', '.join(outcome.failures)}" if outcome.failures else "")
        )
    return "\n".join(lines)


def _total(outcome: Outcome) -> Counts:
    total = Counts()
    for counts in outcome.by_language.values():
        total.add(counts)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="Comma-separated set names.")
    parser.add_argument("--write", action="store_true", help="Write into docs/benchmarks.md.")
    args = parser.parse_args()
    if not SCORER.exists():
        raise SystemExit(f"{SCORER} not found: the benchmark needs ../shared beside the clone")
    chosen = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SETS]
    if unknown:
        raise SystemExit(f"unknown set(s) {', '.join(unknown)}; one of {', '.join(SETS)}")
    outcomes = {name: run(name, *SETS[name]) for name in chosen}
    text = "\n\n".join([table(outcomes), speed()])
    print(text)
    if args.write:
        write_section(
            REPO / "docs" / "benchmarks.md",
            "draft-benchmark",
            "Drafting from text",
            text,
        )


if __name__ == "__main__":
    main()
