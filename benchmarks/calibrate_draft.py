"""Fits drafting's confidence table (src/collabgraph/drafting/data/confidence.json) on the
tune part of the dev set only: ../shared/extraction/dev 01-13 and odd 15-35, and
benchmarks/pages/extra-dev (never the check part or extra-heldout).

The loop is bench_draft's: a copy of this project with the ROR records imported, each page
added and drafted, every draft accepted, one build and one N-Quads export. Each drafted
relation is then labelled right or wrong as ../shared/extraction/score.py would count its
edge (entities found by label, meaning by the predicate, direction ignored), and counted
under its features (see collabgraph.drafting.calibration). The smoothing is chosen by
leave-one-page-out cross-validation (log loss), so the table is judged on pages it was not
counted on; the script prints that cross-validated precision at confidence 0.6 and above.

    python benchmarks/calibrate_draft.py [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from bench_draft import CHECK, DEV, REPO, SCORER, _manifest, _template, add_page

import collabgraph.api as api
from collabgraph.drafting.calibration import calibrated, keys_of

TABLE = REPO / "src" / "collabgraph" / "drafting" / "data" / "confidence.json"
TUNE = {
    "dev": (DEV, lambda number: number not in CHECK),
    "extra-dev": (REPO / "benchmarks" / "pages" / "extra-dev", lambda number: True),
}
SMOOTHINGS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
Example = tuple[str, dict[str, str], float, bool]
"""(page, features, the rule's confidence, right)."""


def _scorer():
    sys.path.insert(0, str(SCORER.parent))
    import score

    return score


def _nodes(score, labels: dict, name: str) -> set:
    """The scorer's way of finding an entity by name."""
    want = score.variants(name)
    hit = {n for n, ls in labels.items() if ls & want}
    if hit:
        return hit
    hit = {
        n
        for n, ls in labels.items()
        if any(SequenceMatcher(None, a, b).ratio() >= 0.9 for a in ls for b in want)
    }
    if hit:
        return hit
    return {
        n
        for n, ls in labels.items()
        if any(
            len(b) >= 10 and (a.startswith(b + " ") or b.startswith(a + " "))
            for a in ls
            for b in want
        )
    }


def _right_edges(score, nq: Path, page: str, gold: Path) -> tuple[set, dict]:
    """The page's edges the gold file confirms, as (pair of IRIs, meaning), and every edge
    of the page's graph by its pair."""
    import rdflib
    from rdflib import Literal

    dataset = rdflib.Dataset()
    dataset.parse(nq, format="nquads")
    labels: dict = defaultdict(set)
    edges: dict = defaultdict(set)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = score.local(p)
        if isinstance(o, Literal):
            if name in score.LABEL_LOCAL:
                labels[s] |= score.variants(str(o))
            continue
        if page in str(g):
            for meaning, names in score.CLASSES.items():
                if name in names:
                    edges[frozenset((s, o))].add(meaning)
    right = set()
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        subject, relation, obj, *_ = line.split("\t")
        relation = score.SYNONYMS.get(relation, relation)
        for a in _nodes(score, labels, subject):
            for b in _nodes(score, labels, obj):
                if relation in edges.get(frozenset((a, b)), ()):
                    right.add((frozenset((a, b)), relation))
    return right, edges


def _tail(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].lower()


def _ids(entity: str) -> set[str]:
    return {entity.lower(), entity.split(":")[-1].lower(), entity.replace(":", "-").lower()}


def examples(name: str, folder: Path, wanted) -> list[Example]:
    score = _scorer()
    found: list[Example] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = _template(Path(scratch))
        drafted: dict[str, list] = {}
        pages = [row for row in _manifest(folder) if wanted(row[0][:2])]
        for page, publisher, language in pages:
            doc_id = add_page(folder, page, publisher, language, work)
            report = api.draft(doc_id, path=work)
            drafted[page] = [f for f in report.added if f.evidence is not None]
            api.review(doc_id, path=work, accept_all=True, min_confidence=0.0)
        api.build(path=work)
        nq = Path(scratch) / "all.nq"
        nq.write_bytes(api.export("nq", path=work))
        for page, facts in drafted.items():
            right, edges = _right_edges(score, nq, f"page-{page[:2]}", folder / f"{page}.gold.tsv")
            for fact in facts:
                ends = (_ids(fact.subject), _ids(str(fact.object)))
                pairs = [
                    pair
                    for pair in edges
                    if len(pair) == 2
                    and any(_tail(x) in ends[0] for x in pair)
                    and any(_tail(x) in ends[1] for x in pair)
                ]
                meanings = {(pair, m) for pair in pairs for m in edges[pair]}
                if not meanings:
                    continue
                ok = bool(meanings & right)
                rule = float(fact.evidence["rule"])
                found.append((f"{name}/{page[:2]}", dict(fact.evidence), rule, ok))
    print(f"{name}: {len(found)} drafted relations labelled", file=sys.stderr)
    return found


def count(rows: list[Example]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _page, features, _rule, ok in rows:
        for key in keys_of(features):
            counts[key][0] += ok
            counts[key][1] += 1
    return dict(counts)


def cross_validated(rows: list[Example], smoothing: float, by_set: bool) -> tuple[float, int, int]:
    """Leave one page (or one set: fitted on the dev pages, judged on the other publishers'
    pages and the other way round, nearer to what a page never seen does) out: log loss, and
    right/total of drafts rated 0.6 and above."""

    def group(row: Example) -> str:
        return row[0].split("/")[0] if by_set else row[0]

    loss, right, total = 0.0, 0, 0
    for left_out in sorted({group(r) for r in rows}):
        kept = [r for r in rows if group(r) != left_out]
        table = {"smoothing": smoothing, "counts": count(kept)}
        for _page, features, rule, ok in (r for r in rows if group(r) == left_out):
            p = min(max(calibrated(features, rule, table), 0.01), 0.99)
            loss -= math.log(p if ok else 1 - p)
            if p >= 0.6:
                total += 1
                right += ok
    return loss / len(rows), right, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="Print, do not write.")
    parser.add_argument(
        "--rows",
        type=Path,
        help="Keep the labelled drafts in this file and "
        "read them from it when it exists (to try the fit again quickly).",
    )
    args = parser.parse_args()
    if args.rows is not None and args.rows.exists():
        rows = [tuple(row) for row in json.loads(args.rows.read_text(encoding="utf-8"))]
    else:
        rows = [
            row for name, (folder, wanted) in TUNE.items() for row in examples(name, folder, wanted)
        ]
        if args.rows is not None:
            args.rows.write_text(json.dumps(rows), encoding="utf-8")
    raw = [r for r in rows if r[2] >= 0.6]
    print(f"rules' own confidence >= 0.6: {sum(r[3] for r in raw)}/{len(raw)} right")
    results = {}
    for k in SMOOTHINGS:
        results[k] = cross_validated(rows, k, by_set=True)
        loss, right, total = results[k]
        page_loss, page_right, page_total = cross_validated(rows, k, by_set=False)
        print(
            f"smoothing {k:>4}: leave one set out: log loss {loss:.3f}, >= 0.6 right "
            f"{right}/{total}; leave one page out: log loss {page_loss:.3f}, >= 0.6 right "
            f"{page_right}/{page_total}"
        )
    best = min(results, key=lambda k: results[k][0])
    print(
        f"chosen smoothing {best} ({len(rows)} drafted relations, {sum(r[3] for r in rows)} right)"
    )
    if not args.dry_run:
        lines = [f"{json.dumps(k)}: {json.dumps(n)}" for k, n in sorted(count(rows).items())]
        text = f'{{"smoothing": {best},\n"counts": {{\n' + ",\n".join(lines) + "\n}}\n"
        TABLE.write_text(text, encoding="utf-8")
        print(f"wrote {TABLE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
