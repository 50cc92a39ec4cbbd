"""CORDIS-shaped project and organisation tables at full programme size, for benchmarks.

Writes ``project.csv`` and ``organization.csv`` in the real column layout of the European
Commission's per-programme exports (``;``-separated, quoted, decimal commas, EL and UK
country codes), with the real mix of roles and activity types. Participation is skewed as in
real programmes: a few hub universities take part in thousands of projects, most
organisations in one or two. The biggest hub is named as Utrecht University writes itself in
CORDIS ("UNIVERSITEIT UTRECHT"), so it resolves to the project's entity.

    python benchmarks/cordis_generator.py -o build/bench/cordis-h2020   # H2020 size
    python benchmarks/cordis_generator.py --projects 2000 --participations 10000 \\
        --organisations 2500 -o build/bench/cordis-small
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from collabgraph.importers.cordis import ORGANIZATION_COLUMNS, PROJECT_COLUMNS

COUNTRIES = ["DE", "ES", "IT", "FR", "NL", "UK", "BE", "EL", "AT", "SE", "PT", "DK", "FI",
             "PL", "IE", "CH", "NO", "IL", "CZ", "HU", "US", "CN", "ZA", "BR"]  # fmt: skip
ACTIVITIES = ["PRC"] * 45 + ["HES"] * 25 + ["REC"] * 20 + ["PUB"] * 5 + ["OTH"] * 5
SCHEMES = ["RIA", "IA", "CSA", "MSCA-ITN-ETN", "ERC-STG", "SME-2", "ECSEL-RIA"]
HUBS = [
    ("UNIVERSITEIT UTRECHT", "UU", "NL", "UTRECHT"),
    ("KATHOLIEKE UNIVERSITEIT LEUVEN", "KU Leuven", "BE", "LEUVEN"),
    ("UNIVERSITY COLLEGE LONDON", "UCL", "UK", "LONDON"),
    ("FRAUNHOFER GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V.", "Fraunhofer",
     "DE", "MUNCHEN"),
    ("CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS", "CNRS", "FR", "PARIS"),
    ("ACADEMISCH ZIEKENHUIS MAASTRICHT", "AZM", "NL", "MAASTRICHT"),
]  # fmt: skip
SYLLABLES = ["tec", "bio", "gen", "mat", "nano", "quant", "neur", "cell", "data", "sol", "aqua",
             "agri", "med", "cyb", "photon", "therm", "eco", "smart", "grid", "omic"]  # fmt: skip
FORMS = {"PRC": ["GMBH", "BV", "SA", "SRL", "LTD", "AB", "OY", "SPA"], "HES": ["UNIVERSITY OF"],
         "REC": ["INSTITUTE FOR"], "PUB": ["MINISTRY OF"], "OTH": ["ASSOCIATION FOR"]}  # fmt: skip


def _money(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _organisation(index: int, rng: random.Random) -> tuple[str, str, str, str, str, str]:
    """(name, short name, country, city, activity, VAT) of a synthetic organisation."""
    activity = rng.choice(ACTIVITIES)
    country = rng.choice(COUNTRIES)
    stem = "".join(rng.choice(SYLLABLES) for _ in range(2)).upper()
    form = rng.choice(FORMS[activity])
    name = f"{stem} {index} {form}" if activity == "PRC" else f"{form} {stem} {index}"
    vat = f"{country}{index:09d}" if rng.random() < 0.7 else ""
    return name, stem[:6], country, f"CITY {index % 500}", activity, vat


HUB_SHARES = (0.017, 0.012, 0.010, 0.009, 0.008, 0.004)
"""Each hub's share of all participations, as in Horizon 2020."""


def generate(
    folder: Path,
    *,
    projects: int,
    participations: int,
    organisations: int,
    seed: int = 7,
    hub_shares: tuple[float, ...] = HUB_SHARES,
) -> dict[str, int]:
    """Write the two tables; returns the counts written. Bigger ``hub_shares`` give a small
    graph a hub with as many partners as Horizon 2020's biggest."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    weights = [share * participations for share in hub_shares]
    ordinary = organisations - len(HUBS)
    tail = [1.0 / (rank + 10) for rank in range(ordinary)]
    scale = (participations - sum(weights)) / sum(tail)
    weights += [w * scale for w in tail]
    org_ids = [999_000_000 + i for i in range(organisations)]
    members = list(range(organisations))  # every organisation takes part at least once
    members += rng.choices(range(organisations), weights=weights, k=participations - organisations)
    rng.shuffle(members)
    per_project = [1] * projects
    for _ in range(participations - projects):
        per_project[rng.randrange(projects)] += 1
    project_rows = []
    with (folder / "organization.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(ORGANIZATION_COLUMNS)
        position = written = 0
        for number in range(projects):
            project_id = 100_000 + number
            acronym = "".join(rng.choice(SYLLABLES) for _ in range(2)).upper() + str(number)
            chosen = dict.fromkeys(members[position : position + per_project[number]])
            position += per_project[number]
            total = 0.0
            written += len(chosen)
            for order, org in enumerate(chosen, start=1):
                if org < len(HUBS):
                    name, short, country, city = HUBS[org]
                    activity, vat = ("HES" if "UNIV" in name else "REC"), f"NL{org:09d}B01"
                else:
                    name, short, country, city, activity, vat = _organisation(org, rng)
                contribution = round(rng.uniform(20_000, 900_000), 2)
                total += contribution
                role = (
                    "coordinator"
                    if order == 1
                    else rng.choices(["participant", "thirdParty", "partner"], [0.92, 0.06, 0.02])[
                        0
                    ]
                )
                writer.writerow([
                    project_id, acronym, org_ids[org], vat, name, short,
                    "true" if activity == "PRC" and rng.random() < 0.4 else "false",
                    activity, f"STREET {org}", f"{org % 9000 + 1000}", city, country, "", "",
                    "", "", "2024-06-01 10:00:00", 3_000_000 + org, order, role,
                    _money(contribution), _money(contribution), _money(contribution * 1.2),
                    "true" if rng.random() < 0.01 else "false", "",
                ])  # fmt: skip
            start_year = rng.randrange(2014, 2021)
            project_rows.append([
                project_id, acronym, rng.choice(["CLOSED", "SIGNED"]), f"{acronym} research",
                f"{start_year}-{rng.randrange(1, 13):02d}-01", f"{start_year + 4}-12-31",
                _money(total * 1.25), _money(total), "H2020-EU.1.2.1", "", "", "H2020",
                "H2020-CALL", "H2020-CALL-1", rng.choice(SCHEMES), "", "", "2024-06-01 10:00:00",
                200_000 + number, "",
            ])  # fmt: skip
    with (folder / "project.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(PROJECT_COLUMNS)
        writer.writerows(project_rows)
    distinct = len(set(members))
    return {"projects": projects, "participations": written, "organisations": distinct}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=35_000)
    parser.add_argument("--participations", type=int, default=181_000)
    parser.add_argument("--organisations", type=int, default=40_000)
    parser.add_argument("-o", "--output", type=Path, default=Path("build/bench/cordis-h2020"))
    args = parser.parse_args()
    counts = generate(
        args.output,
        projects=args.projects,
        participations=args.participations,
        organisations=args.organisations,
    )
    print(", ".join(f"{n:,} {what}" for what, n in counts.items()), "in", args.output)


if __name__ == "__main__":
    main()
