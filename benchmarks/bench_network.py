"""Network benchmark: projection and centrality times and peak memory on a synthetic graph.

python benchmarks/bench_network.py --triples 1000000
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_store, timed  # noqa: E402

from collabgraph.analysis import analyses  # noqa: E402
from collabgraph.analysis import projection as projections  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument(
        "--sample", type=int, default=200, help="source nodes for approximate betweenness"
    )
    args = parser.parse_args()
    store = synthetic_store(args.triples, ROOT)
    projection = timed(
        "fetch entities and facts (SPARQL)", lambda: projections.Projection.from_store(store)
    )
    entity = timed("entity graph", lambda: projections.entity_graph(projection))
    collaboration = timed(
        "collaboration graph", lambda: projections.collaboration_graph(projection)
    )
    print(f"{'':42} entity: {entity.number_of_nodes():,} nodes, {entity.number_of_edges():,} edges")
    print(
        f"{'':42} collaboration: {collaboration.number_of_nodes():,} nodes, {collaboration.number_of_edges():,} edges"
    )
    timed("degree centrality (collaboration)", lambda: nx.degree_centrality(collaboration))
    timed("PageRank (collaboration)", lambda: nx.pagerank(collaboration, weight="weight"))
    timed(
        f"betweenness, {args.sample} samples (collaboration)",
        lambda: nx.betweenness_centrality(collaboration, k=args.sample, seed=7),
    )
    timed(
        f"centrality() on the entity graph ({args.sample} samples)",
        lambda: analyses.centrality(entity, sample=args.sample),
    )
    timed("Louvain communities (collaboration)", lambda: analyses.communities(collaboration))
    print(f"{'peak memory':42} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB")


if __name__ == "__main__":
    main()
