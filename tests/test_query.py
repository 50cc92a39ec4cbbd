"""The query command and the query layer: binding, formats, errors, timeouts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from collabgraph.api import load
from collabgraph.cli import cli
from collabgraph.errors import (
    CollabgraphError,
    QuerySyntaxError,
    QueryTimeoutError,
    UnknownNameError,
)
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.prepare import paged, query_form, run_query, with_prefixes


def invoke(project, *args: str):
    result = CliRunner().invoke(cli, [*args, "--project", str(project.root)])
    assert "Traceback" not in result.output + result.stderr
    return result


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX s: <http://x/> SELECT * {}", "select"),
        ("# ASK in a comment\nASK {}", "ask"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("DESCRIBE <http://x>", "describe"),
        ("INSERT DATA { <http://x> <http://y> <http://z> }", "update"),
        ("prefix select: <http://x/> delete where { ?s ?p ?o }", "update"),
    ],
)
def test_query_form(query, form):
    assert query_form(query) == form


def test_an_injection_attempt_stays_a_value(store):
    rows = run_query(
        store,
        "SELECT ?e WHERE { ?e rdfs:label ?name }",
        {"name": Literal('UMC Utrecht" } UNION { ?e ?p ?o')},
    ).rows
    assert rows == []


def test_updates_are_refused(store):
    with pytest.raises(CollabgraphError, match="updates are refused"):
        run_query(store, "DELETE WHERE { ?s ?p ?o }")


def test_a_runaway_query_is_stopped_by_the_timeout(store):
    with pytest.raises(QueryTimeoutError, match=r"stopped after the 0.3 s timeout"):
        run_query(
            store, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.3
        )


def test_syntax_errors_give_the_position_in_the_users_text(store):
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(store, "SELECT ?x WHERE {\n  ?x ?y }} ")
    assert caught.value.message == (
        "SPARQL syntax error at line 2, column 11: expected OPTIONAL\n      ?x ?y }} \n              ^"
    )


def test_an_undeclared_prefix_is_named_with_its_position(store):
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(store, "SELECT ?x WHERE {\n  ?x zz:p ?y }")
    assert caught.value.message == (
        "SPARQL syntax error at line 2, column 6: the prefix zz: is not declared "
        "(declare it with PREFIX, or use one of the project's)\n      ?x zz:p ?y }\n         ^"
    )


CONTACTS_OF_SEGERS = {
    "csv": "initiative,initiativeLabel,source\n"
    "cgd:healthy-region,Healthy Region,Strategic Initiatives\n"
    "cgd:positive-health,Positive Health,Strategic Initiatives\n",
    "tsv": "initiative\tinitiativeLabel\tsource\n"
    "cgd:healthy-region\tHealthy Region\tStrategic Initiatives\n"
    "cgd:positive-health\tPositive Health\tStrategic Initiatives\n",
    "table": "initiative           initiativeLabel  source\n"
    "-------------------  ---------------  ---------------------\n"
    "cgd:healthy-region   Healthy Region   Strategic Initiatives\n"
    "cgd:positive-health  Positive Health  Strategic Initiatives\n",
    "markdown": "| initiative | initiativeLabel | source |\n|---|---|---|\n"
    "| cgd:healthy-region | Healthy Region | Strategic Initiatives |\n"
    "| cgd:positive-health | Positive Health | Strategic Initiatives |\n",
}


@pytest.mark.parametrize("fmt", sorted(CONTACTS_OF_SEGERS))
@pytest.mark.parametrize("store_kind", ["memory", "rdflib", "oxigraph"])
def test_query_output_formats(built_project, fmt, store_kind):
    result = invoke(
        built_project,
        "query",
        "contacts-of-person",
        "--param",
        "person=Marèl Segers",
        "-f",
        fmt,
        "--store",
        store_kind,
    )
    assert result.exit_code == 0, result.stderr
    assert result.output == CONTACTS_OF_SEGERS[fmt]


def test_json_output_is_the_sparql_results_format(built_project):
    result = invoke(
        built_project, "query", "contacts-of-person", "-p", "person=Merlijn Meens", "-f", "json"
    )
    assert json.loads(result.output) == {
        "head": {"vars": ["initiative", "initiativeLabel", "source"]},
        "results": {
            "bindings": [
                {
                    "initiative": {"type": "uri", "value": "https://w3id.org/collabgraph/id/link"},
                    "initiativeLabel": {
                        "type": "literal",
                        "value": "Limburg Invests in its Knowledge Economy",
                    },
                    "source": {"type": "literal", "value": "Strategic Initiatives"},
                }
            ]
        },
    }


def test_inline_query_uses_the_project_prefixes(built_project):
    result = invoke(
        built_project,
        "query",
        "SELECT ?n WHERE { cgd:leru org:hasMember/rdfs:label ?n FILTER(STRSTARTS(?n, 'University of C')) } ORDER BY ?n",
        "-f",
        "csv",
    )
    assert result.output == "n\nUniversity of Cambridge\nUniversity of Copenhagen\n"


def test_a_query_file_with_a_parameter(built_project, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(
        "SELECT ?label WHERE { ?org cg:basedIn ?country ; rdfs:label ?label } ORDER BY ?label"
    )
    result = invoke(
        built_project, "query", str(path), "--param", "country=cgd:country/CA", "-f", "csv"
    )
    assert result.output == "label\nUniversity of Toronto\n"


@pytest.mark.parametrize(
    ("entity", "answer", "code"), [("cgd:leru", "true\n", 0), ("cgd:eit-health", "false\n", 1)]
)
def test_ask_prints_the_answer_and_exits_with_it(built_project, entity, answer, code):
    result = invoke(built_project, "query", f"ASK {{ cgd:umc-utrecht org:memberOf {entity} }}")
    assert (result.output, result.exit_code) == (answer, code)


def test_construct_gives_rdf(built_project):
    result = invoke(
        built_project,
        "query",
        "CONSTRUCT { ?m org:memberOf cgd:ern-rita } WHERE { ?m org:memberOf cgd:ern-rita }",
        "-f",
        "nt",
    )
    assert result.exit_code == 0
    graph = Graph().parse(data=result.output, format="nt")
    assert set(graph) == {
        (
            URIRef("https://w3id.org/collabgraph/id/umc-utrecht"),
            URIRef("http://www.w3.org/ns/org#memberOf"),
            URIRef("https://w3id.org/collabgraph/id/ern-rita"),
        )
    }


def test_a_syntax_error_exits_with_code_2_and_the_position(built_project):
    result = invoke(built_project, "query", "SELECT ?x WHERE {\n  ?x ?y ")
    assert result.exit_code == 2
    assert result.stderr == (
        'Error: SPARQL syntax error at line 2, column 9: expected one of "$", "\'", "\'\'\'", '
        '"(", "+", "-", ".", ":", "<", "<<", "<<(", "?", ...\n      ?x ?y \n            ^\n'
    )


def test_an_unknown_catalogue_name_suggests_close_names(built_project):
    result = invoke(built_project, "query", "network-of")
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: unknown catalogue query 'network-of'. Did you mean: networks-of?\n"
    )


def test_an_unknown_entity_suggests_close_names(built_project):
    result = invoke(built_project, "query", "networks-of", "--param", "institution=UMC Utrect")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: --param institution: unknown entity 'UMC Utrect'. Did you mean: UMC Utrecht"
    )


def test_the_timeout_option_stops_the_query(built_project):
    result = invoke(
        built_project,
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "--timeout",
        "0.5",
    )
    assert result.exit_code == 3
    assert result.stderr == "Error: the query was stopped after the 0.5 s timeout\n"


def test_an_unreachable_endpoint_is_a_clear_error(built_project):
    result = invoke(built_project, "query", "events", "--endpoint", "http://127.0.0.1:9/query")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: cannot reach the SPARQL endpoint http://127.0.0.1:9/query: connection refused or host unknown\n"
    )


def test_queries_lists_the_catalogue(built_project):
    result = invoke(built_project, "queries", "-f", "csv")
    lines = result.output.splitlines()
    assert lines[0] == "name,title,parameters,description,origin"
    assert lines[1].startswith(
        "about-entity,Everything the sources say about an entity,entity=ERN RITA,"
    )
    assert len(lines) == 21


def test_results_are_identical_across_stores(built_project):
    outputs = {
        kind: invoke(
            built_project, "query", "partners-by-country", "-f", "json", "--store", kind
        ).output
        for kind in ("memory", "rdflib", "oxigraph")
    }
    assert outputs["memory"] == outputs["rdflib"] == outputs["oxigraph"]
    rows = json.loads(outputs["memory"])["results"]["bindings"]
    assert len(rows) == 26  # a real answer on every store, not three empty ones


SELECTED_PARTNERS = """# title: Selected partners
# description: Partners named in a project's own question.
# param: institution entity UMC Utrecht
SELECT ?partnerLabel WHERE {
  ?institution cg:partnerOf ?partner . ?partner rdfs:label ?partnerLabel
} ORDER BY ?partnerLabel
"""


@pytest.fixture()
def project_with_questions(fresh_project):
    folder = fresh_project.root / "queries"
    folder.mkdir()
    (folder / "selected-partners.rq").write_text(SELECTED_PARTNERS, encoding="utf-8")
    (folder / "events.rq").write_text(
        "# title: Events (our own version)\nASK { ?e a cg:Event }\n", encoding="utf-8"
    )
    from collabgraph.curation.build import build

    build(fresh_project)
    return fresh_project


def test_a_project_question_whose_name_starts_like_sparql_runs_by_name(project_with_questions):
    result = invoke(project_with_questions, "query", "selected-partners", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    expected = run_query(
        open_store(project_with_questions, "memory"),
        "SELECT ?l WHERE { cgd:umc-utrecht cg:partnerOf/rdfs:label ?l } ORDER BY ?l",
    )
    assert result.output.splitlines() == ["partnerLabel", *(str(r[0]) for r in expected.rows)]
    assert len(expected.rows) > 0


def test_a_project_question_that_shadows_a_built_in_is_listed_as_such(project_with_questions):
    listed = invoke(project_with_questions, "queries", "-f", "csv").output.splitlines()
    assert 'events,Events (our own version),,,"project, replaces built-in"' in listed
    assert listed[-1] == (
        "selected-partners,Selected partners,institution=UMC Utrecht,"
        "Partners named in a project's own question.,project"
    )
    result = invoke(project_with_questions, "query", "events")
    assert (result.exit_code, result.output) == (0, "true\n")


def test_a_name_that_names_no_question_is_an_unknown_name(built_project):
    result = invoke(built_project, "query", "selectt")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown catalogue query 'selectt'.")


def test_inline_sparql_is_recognised_without_a_keyword_prefix_match(built_project):
    result = invoke(built_project, "query", "ASK{cgd:umc-utrecht org:memberOf cgd:leru}")
    assert (result.exit_code, result.output) == (0, "true\n")


def test_limit_and_offset_page_through_a_question(built_project):
    whole = invoke(built_project, "query", "members-of", "-p", "network=LERU", "-f", "csv")
    rows = whole.output.splitlines()
    page = invoke(
        built_project, "query", "members-of", "-p", "network=LERU", "-f", "csv",
        "--limit", "5", "--offset", "3",
    )  # fmt: skip
    assert page.exit_code == 0, page.stderr
    assert page.stdout.splitlines() == [rows[0], *rows[4:9]]
    assert page.stderr == (
        "(showing rows 4 to 8; --offset 8 for the next page, --limit to change the page size)\n"
    )


def test_a_query_that_pages_itself_cannot_be_paged_again(built_project):
    result = invoke(built_project, "query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "--limit", "2")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: this query has its own LIMIT or OFFSET; --limit/--offset cannot add one\n"
    )


def test_an_unknown_entity_is_never_offered_a_class_of_the_ontology(built_project):
    graph = load(path=built_project)
    with pytest.raises(UnknownNameError) as raised:
        graph.prepare("networks-of", {"institution": "University of Groningen"})
    assert raised.value.suggestions
    assert all(" " in suggestion for suggestion in raised.value.suggestions), raised.value
    assert "University" not in raised.value.suggestions


@pytest.mark.parametrize(
    ("query", "declared_first"),
    [
        # only the prefixes the query uses, on one added line
        ("SELECT ?l WHERE { cgd:leru rdfs:label ?l }",
         "PREFIX cgd: <https://w3id.org/collabgraph/id/> "
         "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"),
        # declarations on one line count, each of them (nothing added, nothing redeclared)
        ("PREFIX rdfs: <http://example.org/r#> PREFIX org: <http://example.org/o#>\n"
         "SELECT ?l WHERE { ?x rdfs:label ?l ; org:memberOf ?n }", None),
        # no prefixed name: nothing added
        ("SELECT * WHERE { ?s ?p ?o }", None),
    ],
)  # fmt: skip
def test_with_prefixes_declares_what_the_query_uses_and_lacks(query, declared_first):
    text, added = with_prefixes(query)
    if declared_first is None:
        assert (text, added) == (query, 0)
    else:
        assert (text, added) == (declared_first + "\n" + query, 1)


def test_a_page_mark_puts_the_page_inside_the_sub_query():
    query = (
        "SELECT ?x ?label WHERE {\n"
        "  { SELECT ?x WHERE { ?x a ?kind } ORDER BY ?x # page\n  }\n"
        "  ?x rdfs:label ?label .\n"
        "} ORDER BY ?x"
    )
    assert paged(query, 5, 10) == query.replace("# page", "LIMIT 5 OFFSET 10")
    assert paged(query, None, 3) == query.replace("# page", "OFFSET 3")
    assert paged(query, None) == query
