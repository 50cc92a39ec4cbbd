"""CORDIS, the European Commission's data on EU research projects: projects and participations.

Reads the project and organisation tables of FP7, H2020 and Horizon Europe as published:
``;``-separated CSV, JSON or XLSX, loose or in zip files, given as files, a folder or a zip.
Every row is checked before anything is kept; a file with a bad row changes nothing and the
error names the file, the row and the column.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from collabgraph.errors import AnnotationError, BuildError, CollabgraphError, ValidationFailed
from collabgraph.importers.stored import StoredImport, file_sha256, iso_country, parse_amount
from collabgraph.importers.tabular import table_rows
from collabgraph.importers.triples import GraphWriter, data_iri, literal, term
from collabgraph.namespace import CG, SCHEMA, XSD

__all__ = [
    "ACTIVITY_TYPES",
    "ORGANIZATION_COLUMNS",
    "PROGRAMMES",
    "PROJECT_COLUMNS",
    "Participation",
    "cordis_triples",
    "organisations_of",
    "programme_node",
    "read_cordis",
]

PROJECT_COLUMNS = (
    "id", "acronym", "status", "title", "startDate", "endDate", "totalCost",
    "ecMaxContribution", "legalBasis", "topics", "ecSignatureDate", "frameworkProgramme",
    "masterCall", "subCall", "fundingScheme", "nature", "objective", "contentUpdateDate", "rcn",
    "grantDoi",
)  # fmt: skip
"""The columns of CORDIS's published project table, in order (what is read is named below)."""
ORGANIZATION_COLUMNS = (
    "projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME",
    "activityType", "street", "postCode", "city", "country", "nutsCode", "geolocation",
    "organizationURL", "contactForm", "contentUpdateDate", "rcn", "order", "role",
    "ecContribution", "netEcContribution", "totalCost", "endOfParticipation", "active",
)  # fmt: skip
"""The columns of CORDIS's published organization table (one row per participation)."""
_CITED = "CORDIS, EU research projects (https://cordis.europa.eu), European Commission open data"
ACTIVITY_TYPES = {
    "HES": "University",
    "REC": "ResearchInstitute",
    "PRC": "Company",
    "PUB": "GovernmentBody",
    "OTH": "Organisation",
}
PROGRAMMES = {
    "FP6": "Sixth Framework Programme (FP6)",
    "FP7": "Seventh Framework Programme (FP7)",
    "H2020": "Horizon 2020",
    "HORIZON": "Horizon Europe",
}
_ROLES = {
    "coordinator": ("coordinates", "coordinator"),
    "participant": ("participatesIn", "participant"),
    "beneficiary": ("participatesIn", "participant"),
    "partner": ("participatesIn", "partner"),
    "thirdparty": ("participatesIn", "third-party"),
    "associatedpartner": ("participatesIn", "associated-partner"),
}
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T][\d:.]+)?$")
_TABLES = {
    "project": re.compile(r"(?:^|[_\-\s])projects?$"),
    "organization": re.compile(r"(?:^|[_\-\s])organi[sz]ations?$"),
}
COMMISSION_ID = "european-commission"


@dataclass(frozen=True)
class _Table:
    kind: str
    name: str
    """The table's file name, as evidence keys cite it."""
    location: str
    """Where it was read (path, or zip!member), as errors name it."""
    rows: list[tuple[int, dict[str, Any]]]
    """(row number as the file counts it, values by column)."""
    digest: str
    source_file: str


def _kind(name: str) -> str | None:
    stem = Path(name.split("!")[-1]).name.lower()
    for suffix in (".json", ".csv", ".xlsx"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            return next((kind for kind, rx in _TABLES.items() if rx.search(stem)), None)
    return None


def _tables_in(path: Path) -> Iterator[tuple[str, str, bytes, str]]:
    """(kind, location, bytes, sha256 of the file read) of every project or organisation
    table under ``path``; a zip member's location is ``archive.zip!member``."""
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and (child.suffix.lower() == ".zip" or _kind(child.name)):
                yield from _tables_in(child)
    elif path.suffix.lower() == ".zip":
        digest = file_sha256(path)
        try:
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    kind = _kind(member)
                    if kind is not None:
                        yield kind, f"{path}!{member}", archive.read(member), digest
        except zipfile.BadZipFile:
            raise BuildError(f"{path}: not a readable zip file") from None
    else:
        kind = _kind(path.name)
        if kind is None:
            raise BuildError(
                f"{path}: not a CORDIS table; expected project.* or organization.* "
                "(.csv, .json or .xlsx), a zip of them, or a folder"
            )
        yield kind, str(path), path.read_bytes(), file_sha256(path)


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _amount(row: Mapping[str, Any], column: str) -> str | None:
    amount = parse_amount(row.get(column))
    return None if amount is None else str(amount)


def _date(row: Mapping[str, Any], column: str) -> str | None:
    value = row.get(column)
    if isinstance(value, datetime.date):  # XLSX cells hold dates
        return value.isoformat()[:10]
    text = _text(row, column)
    if not text:
        return None
    found = _DATE.match(text)
    if found is None:
        raise ValueError(f"not a date: {text!r}")
    return found.group(1)


def _flag(row: Mapping[str, Any], column: str) -> bool:
    return _text(row, column).lower() in {"true", "1", "yes", "y"}


def _project(row: Mapping[str, Any]) -> dict[str, Any]:
    project_id = _text(row, "id")
    if not project_id:
        raise ValueError("no project id (column 'id')")
    return {
        "id": project_id,
        "acronym": _text(row, "acronym") or project_id,
        "title": _text(row, "title"),
        "status": _text(row, "status"),
        "start": _date(row, "startDate"),
        "end": _date(row, "endDate"),
        "total_cost": _amount(row, "totalCost"),
        "ec_max": _amount(row, "ecMaxContribution"),
        "programme": _text(row, "frameworkProgramme").upper(),
        "scheme": _text(row, "fundingScheme"),
        "call": _text(row, "subCall") or _text(row, "masterCall"),
        "updated": _text(row, "contentUpdateDate")[:10],
    }


def _participation(row: Mapping[str, Any]) -> dict[str, Any]:
    project, organisation = _text(row, "projectID"), _text(row, "organisationID")
    if not project:
        raise ValueError("no projectID")
    if not organisation:
        raise ValueError("no organisationID")
    name = _text(row, "name")
    if not name:
        raise ValueError("no organisation name (column 'name')")
    return {
        "project": project,
        "acronym": _text(row, "projectAcronym"),
        "organisation": organisation,
        "name": re.sub(r"\s+", " ", name),
        "short": _text(row, "shortName"),
        "vat": _text(row, "vatNumber").replace(" ", "").upper(),
        "activity": _text(row, "activityType").split(";")[0].strip().upper(),
        "country": iso_country(_text(row, "country")),
        "city": _text(row, "city"),
        "role": _text(row, "role") or "participant",
        "contribution": _amount(row, "ecContribution"),
        "ended": _flag(row, "endOfParticipation"),
        "updated": _text(row, "contentUpdateDate")[:10],
    }


_REQUIRED = {
    "project": ("id", "acronym"),
    "organization": ("projectID", "organisationID", "name", "role"),
}


def _check_columns(table: _Table, problems: list[CollabgraphError]) -> bool:
    columns = set(table.rows[0][1]) if table.rows else set()
    missing = [column for column in _REQUIRED[table.kind] if columns and column not in columns]
    if missing:
        problems.append(
            AnnotationError(
                f"not a CORDIS {table.kind} table: no column {', '.join(missing)}",
                path=table.location,
                line=1,
            )
        )
        return False
    return True


def _read_tables(paths: Sequence[Path]) -> list[_Table]:
    tables = []
    for path in paths:
        if not path.exists():
            raise BuildError(f"{path}: no such file or folder")
        found = list(_tables_in(path))
        if not found:
            raise BuildError(f"{path}: no CORDIS project or organization table in it")
        for kind, location, data, digest in found:
            archive, _, member = location.rpartition("!")
            name = Path(member or location).name
            source_file = Path(archive or location).name
            tables.append(
                _Table(kind, name, location, table_rows(data, location), digest, source_file)
            )
    kinds = {table.kind for table in tables}
    for kind in ("project", "organization"):
        if kind not in kinds:
            given = ", ".join(str(p) for p in paths)
            raise BuildError(f"no CORDIS {kind} table in {given} (both tables are needed)")
    return tables


def _convert(tables: Iterable[_Table]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    projects: dict[str, Any] = {}
    participations: list[dict[str, Any]] = []
    problems: list[CollabgraphError] = []
    for table in tables:
        if not _check_columns(table, problems):
            continue
        convert = _project if table.kind == "project" else _participation
        for number, row in table.rows:
            try:
                record = convert(row)
            except ValueError as exc:
                problems.append(AnnotationError(str(exc), path=table.location, line=number))
                continue
            record["where"] = f"{table.name} row {number}"
            if table.kind == "project":
                projects[record["id"]] = record
            else:
                participations.append(record)
    if problems:
        raise ValidationFailed(problems)
    return projects, participations


def read_cordis(paths: Sequence[Path], *, name: str | None = None) -> StoredImport:
    """Read and check CORDIS tables; raises listing every bad row, keeping nothing."""
    tables = _read_tables(paths)
    projects, participations = _convert(tables)
    programmes = Counter(p["programme"] for p in projects.values() if p["programme"])
    programme = programmes.most_common(1)[0][0] if programmes else "CORDIS"
    source_id = f"cordis-{slug(name or programme)}"
    dates = [r["updated"] for r in [*projects.values(), *participations] if r["updated"]]
    release = max(dates) if dates else "unknown"
    files = sorted({(table.source_file, table.digest) for table in tables})
    participations.sort(key=lambda p: (int_or_text(p["project"]), int_or_text(p["organisation"])))
    return StoredImport(
        dataset="cordis",
        id=source_id,
        title=f"CORDIS {PROGRAMMES.get(programme, programme)} projects (release {release})",
        release=release,
        cited=_CITED,
        files=files,
        records={
            "projects": [projects[key] for key in sorted(projects, key=int_or_text)],
            "participations": participations,
        },
    )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "cordis"


def int_or_text(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (0, value)


@dataclass(frozen=True)
class Participation:
    """What resolution needs of an organisation: its names, country, VAT and activity."""

    organisation: str
    name: str
    short: str
    vat: str
    country: str
    city: str
    activity: str


def organisations_of(stored: StoredImport) -> dict[str, Participation]:
    """Each organisation of an import once, as its first participation row describes it."""
    found: dict[str, Participation] = {}
    for row in stored.records["participations"]:
        if row["organisation"] not in found:
            found[row["organisation"]] = Participation(
                row["organisation"],
                row["name"],
                row["short"],
                row["vat"],
                row["country"],
                row["city"],
                row["activity"],
            )
    return found


def programme_node(code: str) -> str:
    return data_iri(f"eu-programme/{slug(code)}")


def _amount_node(writer: GraphWriter, fact: str, value: str | None) -> None:
    if value is not None:
        node = f"{fact[:-1]}/amount>"
        writer.add(fact, term(CG.amount), node)
        writer.money(node, Decimal(value))


def _project_triples(writer: GraphWriter, project: Mapping[str, Any], commission: str) -> str:
    node = data_iri(f"cordis/project/{project['id']}")
    evidence = writer.record(f"{project['where']}: id={project['id']}")
    writer.entity(node, "Project", project["acronym"], [project["title"]])
    writer.add(node, term(SCHEMA.identifier), literal(f"cordis:project/{project['id']}"))
    writer.add(node, term(SCHEMA.url), term(f"https://cordis.europa.eu/project/id/{project['id']}"))
    if project["scheme"]:
        writer.add(node, term(CG.fundingScheme), literal(project["scheme"]))
    key = f"project-{project['id']}"
    for attribute, column in (("startDate", "start"), ("endDate", "end")):
        if project[column]:
            value = literal(project[column], XSD.date)
            writer.measurement(f"{key}-{attribute}", node, attribute, value, evidence)
    for attribute, column in (("totalCost", "total_cost"), ("euContribution", "ec_max")):
        if project[column] is not None:
            amount = Decimal(project[column])
            writer.measurement(f"{key}-{attribute}", node, attribute, amount, evidence)
    if project["programme"]:
        programme = programme_node(project["programme"])
        if writer.first_time(programme):
            label = PROGRAMMES.get(project["programme"], project["programme"])
            writer.entity(programme, "Programme", label, [project["programme"]])
        writer.relationship(f"{key}-partOf", node, "partOf", programme, evidence)
    writer.relationship(f"{key}-funder", commission, "funds", node, evidence)
    return node


def _organisation_triples(
    writer: GraphWriter,
    organisation: Participation,
    node: str,
    is_new: bool,
    evidence: str,
    country_names: Mapping[str, str],
) -> None:
    entity_type = ACTIVITY_TYPES.get(organisation.activity, "Organisation") if is_new else None
    label = organisation.name if is_new else None
    writer.entity(node, entity_type, label, [organisation.name, organisation.short])
    writer.add(
        node, term(SCHEMA.identifier), literal(f"cordis:organisation/{organisation.organisation}")
    )
    if organisation.vat:
        writer.add(node, term(SCHEMA.vatID), literal(organisation.vat))
    if is_new and organisation.country in country_names:
        country = writer.country(organisation.country, country_names[organisation.country])
        key = f"org-{organisation.organisation}-basedIn"
        writer.relationship(key, node, "basedIn", country, evidence)


def cordis_triples(
    writer: GraphWriter,
    stored: StoredImport,
    nodes: Mapping[str, tuple[str, bool]],
    commission: tuple[str, bool],
    country_names: Mapping[str, str],
) -> None:
    """Write the named graph of one CORDIS import. ``nodes``: organisation id to (node,
    is_new); ``commission``: the European Commission's node and whether the project lacks it."""
    writer.describe_source(stored.title, stored.release, stored.cited, stored.files)
    commission_node, commission_is_new = commission
    if commission_is_new:
        writer.entity(commission_node, "GovernmentBody", "European Commission", ["EC"])
    projects = {project["id"]: project for project in stored.records["projects"]}
    project_nodes: dict[str, str] = {}
    for project_id, project in projects.items():
        project_nodes[project_id] = _project_triples(writer, project, commission_node)
    organisations = organisations_of(stored)
    used_keys: set[str] = set()
    for row in stored.records["participations"]:
        node, is_new = nodes[row["organisation"]]
        evidence = writer.record(
            f"{row['where']}: projectID={row['project']} organisationID={row['organisation']}"
        )
        if writer.first_time(node + row["organisation"]):
            _organisation_triples(
                writer, organisations[row["organisation"]], node, is_new, evidence, country_names
            )
        project = project_nodes.get(row["project"])
        if project is None:
            project = data_iri(f"cordis/project/{row['project']}")
            project_nodes[row["project"]] = project
            writer.entity(project, "Project", row["acronym"] or row["project"])
        known = _ROLES.get(row["role"].lower())
        relation, role = known or ("participatesIn", "participant")
        key = f"project-{row['project']}-org-{row['organisation']}-{role}"
        if key in used_keys:
            key = f"{key}-{row['where']}"
        used_keys.add(key)
        fact = writer.relationship(
            key,
            node,
            relation,
            project,
            evidence,
            role=role,
            role_label=None if known else row["role"],
        )
        _amount_node(writer, fact, row["contribution"])
        if row["ended"]:
            writer.add(fact, term(CG.endOfParticipation), literal("true", XSD.boolean))
