"""The query command and the query layer: binding, formats, errors, timeouts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from collabgraph.cli import cli
from collabgraph.errors import CollabgraphError, QuerySyntaxError, QueryTimeoutError
from collabgraph.sparql.prepare import bind_parameters, query_form, run_query


def invoke(project, *args: str):
    result = CliRunner().invoke(cli, [*args, "--project", str(project.root)])
    assert "Traceback" not in result.output + result.stderr
    return result


def test_parameters_are_bound_as_terms_at_the_head_of_the_where_group():
    query = "SELECT ?x WHERE { ?x rdfs:label ?name }"
    bound = bind_parameters(query, {"name": Literal('x" } ; DROP ALL ; {')})
    assert (
        bound
        == 'SELECT ?x WHERE { VALUES (?name) { ("x\\" } ; DROP ALL ; {") }  ?x rdfs:label ?name }'
    )


def test_binding_skips_braces_in_strings_iris_and_comments_and_finds_where_after_a_template():
    query = 'CONSTRUCT { ?x <http://e/p{}> "}" } # {\nWHERE { ?x ?p ?name }'
    bound = bind_parameters(query, {"name": URIRef("http://e/n")})
    assert bound.endswith("WHERE { VALUES (?name) { (<http://e/n>) }  ?x ?p ?name }")


def test_a_parameter_the_query_lacks_is_an_error():
    with pytest.raises(
        CollabgraphError,
        match=r"parameter 'nmae': the query has no variable \?nmae \(it has \?name, \?x\)",
    ):
        bind_parameters("SELECT ?x WHERE { ?x rdfs:label ?name }", {"nmae": Literal("x")})


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
    with pytest.raises(QuerySyntaxError, match=r"SPARQL syntax error at line 2, column 3"):
        run_query(store, "SELECT ?x WHERE {\n  ?x ?y }} ")


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
    assert result.stderr == "Error: SPARQL syntax error at line 2, column 3: Expected SelectQuery\n"


def test_an_unknown_catalogue_name_suggests_close_names(built_project):
    result = invoke(built_project, "query", "network-of")
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: unknown catalogue query 'network-of'. Did you mean: networks-of?\n"
    )


def test_an_unknown_entity_suggests_close_names(built_project):
    result = invoke(built_project, "query", "networks-of", "--param", "institution=UMC Utrect")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown entity 'UMC Utrect'. Did you mean: UMC Utrecht")


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
    assert lines[0] == "name,title,parameters,description"
    assert lines[1].startswith(
        "about-entity,Everything the sources say about an entity,entity=ERN RITA,"
    )
    assert len(lines) == 19


def test_results_are_identical_across_stores(built_project):
    outputs = {
        kind: invoke(
            built_project, "query", "partners-by-country", "-f", "json", "--store", kind
        ).output
        for kind in ("memory", "rdflib", "oxigraph")
    }
    assert outputs["memory"] == outputs["rdflib"] == outputs["oxigraph"]
