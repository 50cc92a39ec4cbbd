"""CORDIS tables: every published format, checked row by row before anything is kept."""

from __future__ import annotations

import csv
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collabgraph.errors import BuildError, ValidationFailed
from collabgraph.importers.cordis import (
    ORGANIZATION_COLUMNS,
    PROJECT_COLUMNS,
    organisations_of,
    read_cordis,
)
from collabgraph.importers.stored import parse_amount

from conftest import CORDIS_SUBSET


def project_row(project_id: int, acronym: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(PROJECT_COLUMNS, "")
    row.update(
        id=str(project_id),
        acronym=acronym,
        title=f"{acronym} project",
        startDate="2019-01-01",
        endDate="2022-12-31",
        totalCost="1.234.567,89",
        ecMaxContribution="1000000",
        frameworkProgramme="H2020",
        fundingScheme="RIA",
        contentUpdateDate="2022-08-01 10:00:00",
    )
    row.update(values)
    return row


def participation_row(project_id: int, org_id: int, name: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(ORGANIZATION_COLUMNS, "")
    row.update(
        projectID=str(project_id),
        organisationID=str(org_id),
        name=name,
        activityType="HES",
        country="NL",
        role="participant",
        ecContribution="250000,5",
        endOfParticipation="false",
        contentUpdateDate="2022-08-01 10:00:00",
    )
    row.update(values)
    return row


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def cordis_folder(folder: Path, projects: list[dict], participations: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "project.csv", projects)
    write_csv(folder / "organization.csv", participations)
    return folder


def test_the_real_subset_reads_every_project_and_participation():
    stored = read_cordis([CORDIS_SUBSET])
    assert stored.id == "cordis-h2020"
    assert len(stored.records["projects"]) == 26
    assert len(stored.records["participations"]) == 1076
    raw = json.loads((CORDIS_SUBSET / "organization.json").read_text())
    assert len(organisations_of(stored)) == len({row["organisationID"] for row in raw})
    countries = {row["country"] for row in stored.records["participations"]}
    assert {"GR", "GB"} <= countries and not {"EL", "UK"} & countries
    first = next(p for p in stored.records["participations"] if p["organisation"] == "996588380")
    assert (first["contribution"], first["where"]) == ("101058.75", "organization.json row 1")


def test_csv_json_xlsx_and_zip_give_the_same_records(tmp_path: Path):
    projects = [project_row(1, "ALPHA"), project_row(2, "BETA", frameworkProgramme="H2020")]
    participations = [
        participation_row(1, 10, "RIJKSUNIVERSITEIT GRONINGEN", role="coordinator"),
        participation_row(1, 20, "ETAIRIA A.E.", country="EL", activityType="PRC;PRC"),
        participation_row(2, 30, "UNIVERSITY OF LEEDS", country="UK", ecContribution=""),
    ]
    from_csv = read_cordis([cordis_folder(tmp_path / "csv", projects, participations)])
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "project.json").write_text(json.dumps(projects))
    (tmp_path / "json" / "organization.json").write_text(json.dumps(participations))
    from_json = read_cordis([tmp_path / "json"])
    import openpyxl

    for kind, rows in (("project", projects), ("organization", participations)):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append(list(row.values()))
        book.save(tmp_path / f"{kind}.xlsx")
    from_xlsx = read_cordis([tmp_path / "project.xlsx", tmp_path / "organization.xlsx"])
    archive = tmp_path / "cordis-h2020projects-csv.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(tmp_path / "csv" / "project.csv", "project.csv")
        zipped.write(tmp_path / "csv" / "organization.csv", "organization.csv")
        zipped.writestr("euroSciVoc.csv", "projectID;euroSciVocCode\n")
    from_zip = read_cordis([archive])

    def comparable(stored):
        return [
            {k: v for k, v in r.items() if k != "where"} for r in stored.records["participations"]
        ]

    assert comparable(from_csv) == comparable(from_json) == comparable(from_xlsx)
    assert comparable(from_zip) == comparable(from_csv)
    rows = comparable(from_csv)
    assert [r["country"] for r in rows] == ["NL", "GR", "GB"]
    assert [r["contribution"] for r in rows] == ["250000.5", "250000.5", None]
    assert rows[1]["activity"] == "PRC"
    assert from_csv.records["projects"][0]["total_cost"] == "1234567.89"


def test_a_bad_row_names_file_row_and_problem_and_nothing_is_read(tmp_path: Path):
    folder = cordis_folder(
        tmp_path / "bad",
        [project_row(1, "ALPHA", startDate="next spring")],
        [participation_row(1, 10, "X"), participation_row(1, 11, "Y", organisationID="")],
    )
    with pytest.raises(ValidationFailed) as caught:
        read_cordis([folder])
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'organization.csv'}:3: no organisationID",
        f"{folder / 'project.csv'}:2: not a date: 'next spring'",
    ]


def test_both_tables_are_needed(tmp_path: Path):
    folder = tmp_path / "half"
    folder.mkdir()
    write_csv(folder / "project.csv", [project_row(1, "A")])
    with pytest.raises(BuildError, match="no CORDIS organization table"):
        read_cordis([folder])


def test_a_table_without_its_key_columns_is_refused(tmp_path: Path):
    folder = tmp_path / "odd"
    folder.mkdir()
    write_csv(folder / "project.csv", [project_row(1, "A")])
    write_csv(folder / "organization.csv", [{"projectID": "1", "name": "X", "role": "participant"}])
    with pytest.raises(ValidationFailed, match="no column organisationID"):
        read_cordis([folder])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1 234 567", "1234567"),
        ("€ 29000", "29000"),
        (101058.75, "101058.75"),
        ("", None),
    ],
)
def test_amounts_are_read_as_registries_write_them(text, expected):
    amount = parse_amount(text)
    assert (None if amount is None else str(amount)) == expected


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_any_amount_survives_every_written_form(value: Decimal):
    plain = f"{value:.2f}"
    grouped = f"{value:,.2f}"
    european = grouped.replace(",", " ").replace(".", ",").replace(" ", ".")
    for text in (plain, plain.replace(".", ","), grouped, european):
        assert parse_amount(text) == value, text


@pytest.mark.parametrize("text", ["12,34,56", "1.2.3", "abc", "1,234.567,8", "NaN"])
def test_what_is_not_an_amount_is_an_error(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)
