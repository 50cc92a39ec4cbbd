"""Parameters bound in the scope the variable lives in, on every store, and never unfiltered."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from collabgraph.cli import cli
from collabgraph.errors import CollabgraphError
from collabgraph.namespace import DATA, PREFIXES
from collabgraph.sparql.binding import ParameterError, bind_parameters, query_form, values_block
from collabgraph.sparql.prepare import parse_term, run_query
from collabgraph.sparql.results import to_rdflib
from collabgraph.sparql.store import OxigraphStore

LERU = DATA["leru"]


def ox_term(term):
    """An rdflib term written as pyoxigraph writes it (for comparing the two engines)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))


E = URIRef("http://e/n")


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        (  # braces in IRIs, strings and comments are not structure; the template keeps ?name
            "CONSTRUCT { ?x <http://e/p{}> ?name } # {\nWHERE { ?x ?p ?name }",
            "CONSTRUCT { ?x <http://e/p{}> ?name } # {\nWHERE { ?x ?p <http://e/n>  BIND(<http://e/n> AS ?name) }",
        ),
        (  # the short CONSTRUCT form: template and pattern are one, no BIND is allowed
            "CONSTRUCT WHERE { ?x ?p ?name }",
            "CONSTRUCT WHERE { ?x ?p <http://e/n> }",
        ),
        (  # only inside a sub-SELECT: bound there, not at the outer level
            "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?name } } }",
            "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p <http://e/n> } } }",
        ),
        (  # projected by the sub-SELECT: bound inside, reaches the outer query through it
            "SELECT ?x ?name WHERE { { SELECT ?x ?name WHERE { ?x ?p ?name } } }",
            "SELECT ?x ?name WHERE { { SELECT ?x ?name WHERE { ?x ?p <http://e/n>  BIND(<http://e/n> AS ?name) } } }",
        ),
        (  # grouped and counted: the group key stays a variable
            "SELECT ?name (COUNT(?x) AS ?n) WHERE { ?x ?p ?name } GROUP BY ?name ORDER BY ?name",
            "SELECT ?name (COUNT(?x) AS ?n) WHERE { ?x ?p <http://e/n>  BIND(<http://e/n> AS ?name) } GROUP BY ?name ORDER BY ?name",
        ),
        (  # SELECT * keeps the column
            "SELECT * WHERE { ?x ?p ?name }",
            "SELECT * WHERE { ?x ?p <http://e/n>  BIND(<http://e/n> AS ?name) }",
        ),
        (  # not projected: nothing to keep
            "ASK { ?x ?p ?name FILTER (?x != ?name) }",
            "ASK { ?x ?p <http://e/n> FILTER (?x != <http://e/n>) }",
        ),
        (  # a prefixed name whose local part looks like a variable's keyword is left alone
            "PREFIX select: <http://s/> SELECT ?x WHERE { ?x select:as ?name }",
            "PREFIX select: <http://s/> SELECT ?x WHERE { ?x select:as <http://e/n> }",
        ),
    ],
)
def test_binding_substitutes_in_scope(query, bound):
    assert bind_parameters(query, {"name": E}) == bound


def test_a_value_that_tries_to_break_out_stays_one_literal():
    bound = bind_parameters(
        "SELECT ?x WHERE { ?x rdfs:label ?name }", {"name": Literal('x" } ; DROP ALL ; {')}
    )
    assert bound == 'SELECT ?x WHERE { ?x rdfs:label "x\\" } ; DROP ALL ; {" }'


@pytest.mark.parametrize(
    ("query", "how"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o BIND(?o AS ?name) }", "BIND(... AS ?name)"),
        ("SELECT ?x (STR(?o) AS ?name) WHERE { ?x ?p ?o }", "(... AS ?name)"),
        ("SELECT ?x WHERE { VALUES ?name { 1 2 } ?x ?p ?name }", "VALUES ?name"),
        ("SELECT ?x WHERE { ?x ?p ?name } VALUES ?name { 1 }", "VALUES ?name"),
    ],
)
def test_a_variable_the_query_sets_itself_cannot_be_bound(query, how):
    with pytest.raises(ParameterError) as caught:
        bind_parameters(query, {"name": E})
    assert caught.value.message == (
        f"parameter `name`: the query sets ?name itself ({how}), so it cannot be bound from outside"
    )


def test_a_parameter_the_query_lacks_is_an_error():
    with pytest.raises(
        CollabgraphError,
        match=r"parameter `nmae`: the query has no variable \?nmae \(it has \?name, \?x\)",
    ):
        bind_parameters("SELECT ?x WHERE { ?x rdfs:label ?name }", {"nmae": Literal("x")})


SUB_SELECT = "SELECT ?member WHERE { { SELECT ?member WHERE { ?member org:memberOf ?network } } } ORDER BY ?member"
MEMBERS = "SELECT ?member WHERE { ?member org:memberOf ?network } ORDER BY ?member"


def test_a_parameter_inside_a_sub_select_filters_there(store):
    members = run_query(store, SUB_SELECT, {"network": LERU}).rows
    assert len(members) == 25
    assert members == run_query(store, MEMBERS, {"network": LERU}).rows
    assert (DATA["ku-leuven"],) in members
    everything = run_query(store, SUB_SELECT.replace("?network", "?anyNetwork")).rows
    assert len(everything) > len(members)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?network ?member WHERE { ?member org:memberOf ?network } ORDER BY ?member",
        "SELECT ?network (COUNT(?member) AS ?n) WHERE { ?member org:memberOf ?network } GROUP BY ?network",
        "SELECT ?network ?member WHERE { { SELECT ?network ?member WHERE { ?member org:memberOf ?network } } } ORDER BY ?member",
        "SELECT * WHERE { ?member org:memberOf ?network } ORDER BY ?member",
    ],
)
def test_textual_binding_agrees_with_pyoxigraphs_native_substitutions(built_project, query):
    """Where pyoxigraph's ``substitutions=`` applies (the variable is projected), both agree."""
    store = OxigraphStore.in_memory(built_project.graph_file)
    native = store.store.query(
        query,
        prefixes=dict(PREFIXES),
        use_default_graph_as_union=False,
        substitutions={ox.Variable("network"): ox.NamedNode(str(LERU))},
    )
    names = sorted(v.value for v in native.variables)
    native_rows = sorted(tuple(str(solution[name]) for name in names) for solution in native)
    ours = run_query(store, query, {"network": LERU})
    assert sorted(ours.variables) == names
    our_rows = sorted(
        tuple(str(ox_term(row[ours.variables.index(name)])) for name in names) for row in ours.rows
    )
    assert our_rows == native_rows
    assert our_rows  # a real answer, not two empty ones


def test_a_literal_where_a_predicate_must_be_is_a_clear_error(store):
    with pytest.raises(ParameterError, match="a parameter value cannot stand where"):
        run_query(store, "SELECT ?x WHERE { ?x ?p ?o }", {"p": Literal("text")})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<http://a b>", "'http://a b' is not a valid IRI"),
        ("<no-scheme>", "'no-scheme' is not a valid IRI"),
        ('"abc"^^xsd:integer', "'abc' is not a valid xsd:integer value"),
        ('"1"^^zz:type', "unknown datatype 'zz:type'"),
    ],
)
def test_malformed_parameter_values_are_clean_errors(text, message):
    with pytest.raises(ParameterError, match=message):
        parse_term(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("<https://e/x>", URIRef("https://e/x")),
        ("cgd:leru", LERU),
        ('"Utrecht"@nl', Literal("Utrecht", lang="nl")),
        ('"5"^^xsd:integer', Literal(5)),
        ("42", Literal(42)),
        ("UMC Utrecht", Literal("UMC Utrecht")),
    ],
)
def test_parameter_values_become_terms(text, term):
    assert to_rdflib(parse_term(text)) == term


def invoke(project, *args: str):
    result = CliRunner().invoke(cli, [*args, "--project", str(project.root)])
    assert "Traceback" not in result.output + result.stderr
    return result


def test_a_malformed_iri_parameter_on_the_command_line(built_project):
    result = invoke(built_project, "query", "SELECT ?o WHERE { ?x ?p ?o }", "-p", "x=<http://a b>")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --param x: 'http://a b' is not a valid IRI")


def test_the_sub_select_answers_on_the_command_line(built_project):
    result = invoke(built_project, "query", SUB_SELECT, "-p", "network=cgd:leru", "-f", "csv")
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 26  # header and LERU's 25 members


LABELS = "SELECT ?e ?label WHERE { ?e rdfs:label ?label } ORDER BY ?e ?label"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(
        st.text(max_size=30),
        st.sampled_from(["UMC Utrecht", 'x" } UNION { ?e ?p ?o', "}{", "\\\\", "?name", "'''"]),
    )
)
def test_any_text_value_filters_exactly_as_equality_would(memory_store, all_labels, value):
    """Whatever the text (quotes, braces, backslashes, variables), binding it selects exactly
    the entities with that label: it never changes the query's structure."""
    rows = run_query(
        memory_store,
        "SELECT ?e WHERE { ?e rdfs:label ?name } ORDER BY ?e",
        {"name": Literal(value)},
    ).rows
    assert [row[0] for row in rows] == sorted({e for e, label in all_labels if label == value})


@pytest.fixture(scope="module")
def memory_store(built_project):
    from collabgraph.sparql.persistent import open_store

    return open_store(built_project, "memory")


@pytest.fixture(scope="module")
def all_labels(memory_store):
    return [
        (row[0], str(row[1]))
        for row in run_query(memory_store, LABELS).rows
        if row[1].language in (None, "")
    ]


# --- binding follows SPARQL's grammar, not a regex ------------------------------------------

XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture(scope="module")
def numbers():
    """Four subjects, each with a number under <http://e/p> and <http://e/q>."""
    store = ox.Store()
    for index, (p, q) in enumerate([(1, 2), (3, 1), (2, 2), (0, 5)]):
        subject = ox.NamedNode(f"http://e/s{index}")
        for predicate, value in (("p", p), ("q", q)):
            number = ox.Literal(str(value), datatype=XSD_INTEGER)
            store.add(ox.Quad(subject, ox.NamedNode(f"http://e/{predicate}"), number))
    return store


def answers(store, query, **native):
    substitutions = {ox.Variable(name): value for name, value in native.items()}
    solutions = store.query(query, substitutions=substitutions)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(str(solution[n]) for n in names) for solution in solutions)


ISSUE_EXAMPLE = "SELECT ?x WHERE { ?x <http://e/p> ?a . ?x <http://e/q> ?b FILTER(?a<?b&&?b>0) }"


def test_the_issues_example_binds_in_the_filter_too(numbers):
    bound = bind_parameters(ISSUE_EXAMPLE, {"b": Literal(2)})
    two = '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert bound == (
        f"SELECT ?x WHERE {{ ?x <http://e/p> ?a . ?x <http://e/q> {two} "
        f"FILTER(?a< {two} && {two} >0) }}"
    )
    assert answers(numbers, bound) == [("<http://e/s0>",)]
    spaced = ISSUE_EXAMPLE.replace("?a<?b&&?b>0", "?a < ?b && ?b > 0")
    assert answers(numbers, bind_parameters(spaced, {"b": Literal(2)})) == [("<http://e/s0>",)]


def test_a_variable_only_in_a_filter_without_spaces_is_found(numbers):
    query = "SELECT ?x WHERE { ?x <http://e/p> ?a FILTER(?a<?b&&?b>0) }"
    bound = bind_parameters(query, {"b": Literal(2)})
    assert answers(numbers, bound) == [("<http://e/s0>",), ("<http://e/s3>",)]


OPERATORS = ["<", ">", "<", ">", "<=", ">=", "=", "!="]  # "<" beside ">": an IRI to a regex
GAPS = st.sampled_from(["", " ", "\n"])


@st.composite
def comparisons(draw, names=("a", "b")):
    """``?a<?b``, ``?b >= 2``, ``(1<?a)``: comparisons joined by && and ||, spaced or not."""
    gaps = st.just("") if draw(st.booleans()) else GAPS  # half of them written tight
    parts = []
    for _ in range(draw(st.sampled_from([1, 2, 2, 3]))):
        left, right = draw(
            st.sampled_from(
                [(f"?{names[0]}", f"?{names[1]}"), (f"?{names[1]}", "2"), ("1", f"?{names[0]}")]
            )
        )
        operator = draw(st.sampled_from(OPERATORS))
        parts.append(f"{left}{draw(gaps)}{operator}{draw(gaps)}{right}")
    joined = parts[0]
    for part in parts[1:]:
        joined += f"{draw(gaps)}{draw(st.sampled_from(['&&', '&&', '||']))}{draw(gaps)}{part}"
    return f"({joined})" if draw(st.booleans()) else joined


@st.composite
def patterns(draw):
    """A WHERE group's content: triples, FILTER or BIND, VALUES, nested groups, a sub-SELECT."""
    triples = "?x <http://e/p> ?a .\n?x <http://e/q> ?b"
    condition = draw(comparisons())
    test = draw(
        st.sampled_from(
            [
                f"FILTER({condition})",
                f"FILTER {draw(st.sampled_from(['', 'NOT ']))}EXISTS {{ FILTER({condition}) }}",
                f"BIND({condition} AS ?c) FILTER(?c)",
            ]
        )
    )
    body = f"{triples} {test}"
    if draw(st.booleans()):
        body = f"VALUES ?x {{ <http://e/s0> <http://e/s1> <http://e/s3> }} {body}"
    for _ in range(draw(st.integers(0, 2))):
        body = draw(
            st.sampled_from(
                [
                    f"{{ {body} }}",
                    f"{{ SELECT ?x ?a ?b WHERE {{ {body} }} }}",
                    f"OPTIONAL {{ ?x <http://e/none> ?n }} {{ {body} }}",
                ]
            )
        )
    return body


def columns(store, query, drop="", **native):
    """The answers with ``drop``'s column left out, as sorted rows of text."""
    substitutions = {ox.Variable(name): value for name, value in native.items()}
    solutions = store.query(query, substitutions=substitutions)
    names = [v.value for v in solutions.variables if v.value != drop]
    return sorted(tuple(str(solution[n]) for n in names) for solution in solutions)


@settings(max_examples=150, deadline=None)
@given(
    pattern=patterns(),
    head=st.sampled_from(["SELECT ?x", "SELECT ?x ?b", "SELECT *", "SELECT DISTINCT ?x ?a"]),
    parameter=st.sampled_from(["a", "b"]),
    value=st.integers(0, 3),
)
def test_bound_queries_answer_as_pyoxigraphs_native_substitutions(
    numbers, pattern, head, parameter, value
):
    """Operators with and without spaces, nested groups, sub-SELECTs, FILTER, BIND and
    VALUES: the bound text answers what pyoxigraph answers with ``substitutions=``.

    pyoxigraph substitutes only a projected variable: where the query does not project the
    parameter, pyoxigraph answers the query that does, and its column is left out."""
    query = f"{head} WHERE {{ {pattern} }}"
    projected = head == "SELECT *" or f"?{parameter}" in head.split()
    native_query = query if projected else query.replace(head, f"{head} ?{parameter}", 1)
    term = ox.Literal(str(value), datatype=XSD_INTEGER)
    drop = "" if projected else parameter
    native = columns(numbers, native_query, drop, **{parameter: term})
    bound = bind_parameters(query, {parameter: Literal(value)})
    assert columns(numbers, bound) == native
    # and no occurrence is left behind: ?parameter stays only where a variable must be
    patterns_only = re.sub(r"SELECT[^{]*WHERE|AS \?\w+", "", bound)
    assert f"?{parameter}" not in patterns_only


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX delete: <http://e/> SELECT ?x WHERE { ?x delete:p ?y }", "select"),
        ("# INSERT DATA\nSELECT * WHERE { ?s ?p 'DELETE' }", "select"),
        ("ASK { FILTER(1<2&&3>2) }", "ask"),
        ("PREFIX e: <http://e/>\nINSERT DATA { e:a e:b e:c }", "update"),
        ("BASE <http://e/> PREFIX : <http://e/> DELETE WHERE { ?s ?p ?o }", "update"),
        ("PREFIX select: <http://e/> CONSTRUCT WHERE { ?s select:p ?o }", "construct"),
    ],
)
def test_the_query_form_is_the_first_keyword_after_the_prologue(query, form):
    assert query_form(query) == form


def test_an_update_hidden_from_a_regex_is_still_refused(store):
    """``<`` tight against a variable is no IRI that could hide the update's keyword."""
    with pytest.raises(CollabgraphError, match="updates are refused"):
        run_query(store, "DELETE WHERE { ?s ?p ?o FILTER(?o<?s&&?s>0) }")


MALFORMED = [
    ('"unterminated', "'\"unterminated' opens a literal with \" but does not close it"),
    ('"NL"@', "'@' in '\"NL\"@' is not a language tag (like @en, @nl or @pt-BR)"),
    ('"NL"@n l', "'@n l' in '\"NL\"@n l' is not a language tag (like @en, @nl or @pt-BR)"),
    ('"x"^^<not iri>', "'not iri' is not a valid IRI"),
    ('"x"^^', "'\"x\"^^' has ^^ but no datatype after it"),
    ('"x"y', "'\"x\"y' has 'y' after its closing quote (only @lang or ^^datatype may follow)"),
    ('"ten"^^xsd:integer', "'ten' is not a valid xsd:integer value"),
    ("<http://e/x", "'<http://e/x' opens an IRI with < but does not close it with >"),
    ("nope:NL", "'nope:NL' uses the prefix nope:, which is not declared"),
    ("https://e.org/x", "write the IRI 'https://e.org/x' in angle brackets: <https://e.org/x>"),
]
COUNTRY = "SELECT ?x WHERE { ?x cg:country ?country }"


@pytest.mark.parametrize(("value", "message"), MALFORMED)
def test_a_malformed_value_is_an_error_naming_its_parameter_in_the_api(
    built_project, value, message
):
    import collabgraph

    graph = collabgraph.load(path=built_project.root)
    with pytest.raises(ParameterError) as caught:
        graph.run(COUNTRY, {"country": value})
    assert caught.value.message.startswith(f"parameter `country`: {message}")


@pytest.mark.parametrize(("value", "message"), MALFORMED)
def test_a_malformed_value_is_an_error_naming_its_parameter_on_the_command_line(
    built_project, value, message
):
    result = invoke(built_project, "query", COUNTRY, "--param", f"country={value}")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: --param country: {message}")


def test_a_parameter_given_twice_is_an_error(built_project):
    import collabgraph

    result = invoke(built_project, "query", COUNTRY, "-p", "country=NL", "-p", "country=BE")
    assert result.exit_code == 1
    assert result.stderr == "Error: --param country is given twice; give each name once\n"
    with pytest.raises(ParameterError, match=r"parameter `country` is given twice"):
        collabgraph.load(path=built_project.root).query(COUNTRY, {"country": "NL"}, country="BE")


def test_a_catalogue_parameter_without_a_value_is_named(fresh_project):
    import collabgraph

    fresh_project.queries_dir.mkdir(parents=True, exist_ok=True)
    (fresh_project.queries_dir / "members.rq").write_text(
        "# title: Members\n# param: network entity\nSELECT ?m WHERE { ?m org:memberOf ?network }\n"
    )
    with pytest.raises(ParameterError) as caught:
        collabgraph.load(path=fresh_project.root).prepare("members")
    assert caught.value.message == "catalogue query members needs a value for parameter `network`"
    result = invoke(fresh_project, "query", "members")
    assert result.stderr == "Error: catalogue query members needs a value for --param network\n"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?x WHERE { ?x <http://e/p> ?a FILTER(?a<?b&&?b>0) }",
        "SELECT (?a<?b&&?b>0 AS ?c) WHERE { ?x <http://e/p> ?a }",
        "SELECT ?x WHERE { { SELECT ?x (?a<?b&&?b>0 AS ?c) WHERE { ?x <http://e/p> ?a } } }",
        "SELECT ?x WHERE { ?x <http://e/p> ?a } GROUP BY ?x HAVING(MAX(?a)<?b&&?b>0)",
        "SELECT ?x WHERE { ?x <http://e/p> ?a } ORDER BY DESC(?a<?b&&?b>0)",
        "SELECT ?x WHERE { ?x <http://e/p> ?a FILTER regex(STR(?a<?b&&?b>0), 'x') }",
        "ASK { FILTER EXISTS { ?x <http://e/p> ?a FILTER(?a<?b&&?b>0) } }",
    ],
)
def test_less_than_beside_a_variable_is_an_operator_wherever_an_expression_is(query):
    from collabgraph.sparql.lexer import tokens

    iris = [token.text for token in tokens(query) if token.kind == "iri"]
    assert iris == ["<http://e/p>"] * query.count("<http://e/p>")
    assert [t.text for t in tokens(query) if t.text.startswith("?b")] == ["?b", "?b"]


@pytest.mark.parametrize(
    ("query", "iris"),
    [
        ("SELECT * WHERE { ?s ?p (<http://e/a><http://e/b>) }", ["<http://e/a>", "<http://e/b>"]),
        (
            "SELECT * WHERE { ?s ?p ?o FILTER(?o IN(<http://e/a>,<http://e/b>)) }",
            ["<http://e/a>", "<http://e/b>"],
        ),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?o=<http://e/a>) }", ["<http://e/a>"]),
        ('SELECT * WHERE { ?s ?p "1"^^<http://e/t> }', ["<http://e/t>"]),
        ("SELECT * WHERE { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }", ["<http://e/a>"]),
        ("DESCRIBE ?s <http://e/a> WHERE { ?s ?p ?o }", ["<http://e/a>"]),
    ],
)
def test_an_iri_where_a_term_is_expected_stays_an_iri(query, iris):
    from collabgraph.sparql.lexer import tokens

    assert [token.text for token in tokens(query) if token.kind == "iri"] == iris


_SPARQL_CHARACTERS = st.sampled_from(list("?$:_-.%\\aZ09 \n'\"#<>{}()@^")) | st.characters(
    max_codepoint=127
)


@settings(max_examples=300)
@given(st.text(alphabet=_SPARQL_CHARACTERS))
def test_ascii_text_is_read_alike_with_and_without_the_unicode_name_characters(text):
    """A query beyond ASCII is read with every name character SPARQL allows (a regex that
    takes about 40 ms to compile); an ASCII one without them: the same tokens."""
    from collabgraph.sparql.lexer import tokens

    assert tokens(text + "\n# é") == tokens(text)


def test_names_beyond_ascii_are_one_token():
    from collabgraph.sparql.lexer import tokens

    read = tokens('SELECT ?naïve WHERE { ?naïve ex:café_ü "x" }')
    assert [(t.kind, t.text) for t in read][1:5] == [
        ("variable", "?naïve"),
        ("word", "WHERE"),
        ("open", "{"),
        ("variable", "?naïve"),
    ]
    assert ("pname", "ex:café_ü") in [(t.kind, t.text) for t in read]


def test_a_values_block_serialises_each_term_and_answers_one_row_per_term():
    """A set-based query's starting points: the terms as rdflib writes them, one row each
    when run; an empty set and an IRI that would change the query are refused."""
    block = values_block("entity", [URIRef("https://x/a"), Literal('say "hi"')])
    assert block == 'VALUES ?entity { <https://x/a> "say \\"hi\\"" }'
    store = ox.Store()
    rows = [row["entity"] for row in store.query("SELECT ?entity WHERE { " + block + " }")]
    assert rows == [ox.NamedNode("https://x/a"), ox.Literal('say "hi"')]
    with pytest.raises(ParameterError, match="parameter `entity`: a VALUES block needs"):
        values_block("entity", [])
    with pytest.raises(Exception, match="does not look like a valid URI"):
        values_block("entity", [URIRef("https://x/a> } DROP ALL #")])
