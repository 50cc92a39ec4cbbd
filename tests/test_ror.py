"""ROR v2 records: reading dumps, zips and folders; refusing other schema versions."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from collabgraph.errors import BuildError, ValidationFailed
from collabgraph.importers.ror import entity_type_of, read_ror, ror_records

from conftest import ROR_RECORDS


def _record(ror_id: str = "012345678", **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "admin": {"last_modified": {"date": "2025-01-02", "schema_version": "2.1"}},
        "established": 1900,
        "external_ids": [{"type": "wikidata", "all": ["Q1"], "preferred": "Q1"}],
        "id": f"https://ror.org/{ror_id}",
        "links": [{"type": "website", "value": "https://example.org"}],
        "locations": [
            {
                "geonames_id": 2745912,
                "geonames_details": {
                    "country_code": "NL",
                    "country_name": "The Netherlands",
                    "name": "Utrecht",
                },
            }
        ],
        "names": [
            {"lang": "en", "types": ["ror_display", "label"], "value": "Example University"},
            {"lang": "nl", "types": ["label"], "value": "Voorbeeld Universiteit"},
            {"lang": None, "types": ["acronym"], "value": "EU1"},
        ],
        "relationships": [],
        "status": "active",
        "types": ["education"],
    }
    record.update(changes)
    return record


def test_the_real_records_are_read_with_names_places_and_relations():
    stored = read_ror(ROR_RECORDS)
    records = ror_records(stored)
    assert len(records) == 73
    umcu = records["0575yy874"]
    assert umcu.display == "University Medical Center Utrecht"
    assert ("Universitair Medisch Centrum Utrecht", "nl", ("label",)) in list(umcu.names())
    assert umcu.acronyms() == ["UMCU"]
    assert (umcu.country, umcu.data["city"]) == ("NL", "Utrecht")
    assert ["wikidata", "Q2456800"] in umcu.data["external"]
    assert stored.release == max(r.data["modified"] for r in records.values())


def test_a_dump_as_one_array_and_as_the_published_zip_read_the_same(tmp_path: Path):
    records = [json.loads(p.read_text()) for p in sorted(ROR_RECORDS.glob("*.json"))[:5]]
    dump = tmp_path / "v2.9-2026-06-23-ror-data_schema_v2.json"
    dump.write_text(json.dumps(records))
    archive = tmp_path / "v2.9-2026-06-23-ror-data.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(dump, dump.name)
        zipped.writestr("v2.9-2026-06-23-ror-data.csv", "id,name\n")
    from_json, from_zip = read_ror(dump), read_ror(archive)
    assert from_json.records == from_zip.records
    assert sorted(r["id"] for r in from_zip.records["organisations"]) == sorted(
        r["id"].removeprefix("https://ror.org/") for r in records
    )


def test_a_v1_record_is_refused_naming_file_and_record(tmp_path: Path):
    old = _record("0abcdefgh")
    del old["admin"]
    (tmp_path / "old.json").write_text(json.dumps([_record(), old]))
    with pytest.raises(ValidationFailed) as caught:
        read_ror(tmp_path / "old.json")
    assert str(caught.value.problems[0]) == (
        f"{tmp_path / 'old.json'} [0abcdefgh]: ROR record in schema version 1 (no admin block); "
        "collabgraph reads ROR schema v2 (the dumps named *_schema_v2.json, released since 2024)"
    )


def test_a_record_without_a_display_name_is_refused(tmp_path: Path):
    (tmp_path / "r.json").write_text(
        json.dumps(_record(names=[{"lang": "en", "types": ["label"], "value": "X"}]))
    )
    with pytest.raises(ValidationFailed, match=r"\[012345678\]: no name of type ror_display"):
        read_ror(tmp_path / "r.json")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("records.txt", "expected a ROR dump (.json or .zip) or a folder of records"),
        ("broken.zip", "not a readable zip file"),
    ],
)
def test_other_files_are_refused(tmp_path: Path, name: str, message: str):
    (tmp_path / name).write_text("hello")
    with pytest.raises(BuildError, match=re.escape(message)):
        read_ror(tmp_path / name)


def test_an_empty_folder_is_refused(tmp_path: Path):
    with pytest.raises(BuildError, match="no ROR record files"):
        read_ror(tmp_path)


@pytest.mark.parametrize(
    ("types", "display", "expected"),
    [
        (["education", "funder"], "Utrecht University", "University"),
        (["healthcare"], "University Medical Center Groningen", "UniversityMedicalCentre"),
        (["healthcare"], "Erasmus MC - Sophia Children's Hospital", "Hospital"),
        (["funder", "government"], "Ministry of Health", "GovernmentBody"),
        (["facility"], "CERN", "ResearchInstitute"),
        (["nonprofit"], "Some Society", "Organisation"),
        ([], "Nothing", "Organisation"),
    ],
)
def test_ror_types_become_the_models_classes(types, display, expected):
    assert entity_type_of(types, display) == expected
