"""graph.ttl, graph.nt, graph.trig and graph.jsonld are one graph (issue 10: "Four files, one graph").

The files are read back with two parsers (Oxigraph and rdflib); the exact failing literals of the
issue are fixtures: ``"170000000000"^^xsd:decimal`` (rdflib's Turtle writer wrote
``170000000000.0``) and the ``zh-hant`` language tag (one file had ``zh-Hant``).
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, Dataset, Graph, Literal

from policykg.loaders import rdf_serialization
from policykg.loaders.build_outputs import write_build_outputs

FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
           "graph.trig": ox.RdfFormat.TRIG, "graph.jsonld": ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def out(tmp_path_factory, plan):
    folder = tmp_path_factory.mktemp("formats")
    write_build_outputs([plan], folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def parsed(out):
    """file → set of quads (pyoxigraph) as read back by Oxigraph."""
    return {name: set(ox.parse(path=str(out / name), format=fmt)) for name, fmt in FORMATS.items()}


def _triples(quads):
    return {(q.subject, q.predicate, q.object) for q in quads}


def test_the_four_files_parse_to_the_identical_set_of_triples(parsed):
    union = {name: _triples(quads) for name, quads in parsed.items()}
    assert len(union["graph.ttl"]) > 20_000
    assert union["graph.ttl"] == union["graph.nt"] == union["graph.trig"] == union["graph.jsonld"]


def test_trig_and_jsonld_hold_the_identical_set_of_quads_with_one_graph_per_plan(parsed, plan):
    assert parsed["graph.trig"] == parsed["graph.jsonld"]
    graphs = {str(q.graph_name.value) for q in parsed["graph.trig"]}
    assert graphs == {str(plan.graph.identifier), "https://w3id.org/policykg/graph/vocabularies"}


def test_the_files_hold_exactly_the_plan_graph_and_the_vocabularies(parsed, plan):
    from policykg.graph.namespaces import VOCABULARY_GRAPH
    from policykg.loaders.rdf_serialization import oxigraph_quads

    expected = _triples(oxigraph_quads({plan.graph.identifier: plan.graph,
                                        VOCABULARY_GRAPH: plan.rdf.graph(VOCABULARY_GRAPH)}))
    assert _triples(parsed["graph.ttl"]) == expected


def test_decimal_170000000000_is_the_same_literal_in_every_file(out):
    wanted = ox.Literal("170000000000", datatype=ox.NamedNode(str(XSD.decimal)))
    for name, fmt in FORMATS.items():
        objects = {q.object for q in ox.parse(path=str(out / name), format=fmt)}
        assert wanted in objects, name
        assert ox.Literal("170000000000.0", datatype=ox.NamedNode(str(XSD.decimal))) not in objects, name
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert '"170000000000"^^xsd:decimal' in turtle and "170000000000.0" not in turtle


def test_language_tags_are_written_zh_hant_in_every_file(out):
    for name in FORMATS:
        text = (out / name).read_text(encoding="utf-8")
        assert "zh-hant" in text.lower()
        assert "zh-Hant" not in text, name


def test_rdflib_reads_turtle_and_ntriples_to_the_same_graph(out):
    turtle = Graph().parse(out / "graph.ttl", format="turtle")
    ntriples = Graph().parse(out / "graph.nt", format="nt")
    assert len(turtle) == len(ntriples) and set(turtle) == set(ntriples)
    assert Literal("170000000000", datatype=XSD.decimal) in set(turtle.objects())


def test_graph_jsonld_is_a_dataset_read_with_rdflib_dataset_not_graph(out, plan):
    assert len(Graph().parse(out / "graph.jsonld", format="json-ld")) == 0  # documented: named graphs only
    dataset = Dataset()
    dataset.parse(out / "graph.jsonld", format="json-ld")
    assert len(dataset.graph(plan.graph.identifier)) == len(plan.graph)


def test_a_second_build_writes_byte_identical_files(tmp_path, plan, out):
    write_build_outputs([plan], tmp_path / "again")
    for name in FORMATS:
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes(), name


def test_graph_quads_read_as_nquads_are_the_triples_of_the_graph(out):
    """N-Triples → N-Quads by replacing each line's `` .``: the same quads as parsing triples."""
    from policykg.loaders.rdf_serialization import _graph_quads

    name = ox.NamedNode("urn:policykg:test-graph")
    lines = (out / "graph.nt").read_bytes()
    lines += b'<urn:a> <urn:p> "ends with .\\n and \\" . inside" .\n_:b1 <urn:p> "\xe7\x94\xb2 ."@zh-hant .\n'
    expected = [ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)]
    assert list(_graph_quads(name, lines)) == expected and len(expected) > 1000


def test_union_blocks_merge_sorted_graphs_into_distinct_sorted_lines(monkeypatch):
    """Blocks of a line or two (the path of a large corpus): copies of a line across graphs and blocks go."""
    from policykg.loaders import rdf_serialization

    dumps = [b"<a> <p> <b> .\n<c> <p> <d> .\n<e> <p> <f> .\n", b"", b"<a> <p> <b> .\n<d> <p> <d> .\n<e> <p> <f> .\n",
             b"<b> <p> <b> .\n<e> <p> <f> .\n"]
    expected = b"<a> <p> <b> .\n<b> <p> <b> .\n<c> <p> <d> .\n<d> <p> <d> .\n<e> <p> <f> .\n"
    assert b"".join(rdf_serialization._union_blocks(dumps)) == expected  # one block
    monkeypatch.setattr(rdf_serialization, "_UNION_BLOCK_BYTES", 1)
    monkeypatch.setattr(rdf_serialization, "_SAMPLE_BYTES", 1)
    blocks = list(rdf_serialization._union_blocks(dumps))
    # cut at every line but each graph's first: <c>, <d> and <e>
    assert blocks == [b"<a> <p> <b> .\n<b> <p> <b> .\n", b"<c> <p> <d> .\n", b"<d> <p> <d> .\n", b"<e> <p> <f> .\n"]


@pytest.mark.parametrize("keep_open", [True, False])
@pytest.mark.parametrize("chunk", [1, 7, 1 << 18])
def test_union_blocks_read_from_files_in_chunks_are_those_of_the_bytes(monkeypatch, tmp_path, chunk, keep_open):
    """A build's plan graphs come as files read a chunk at a time: the same blocks as from bytes,
    however the chunks and blocks fall, and with the files closed between takes."""
    from policykg.loaders import rdf_serialization

    monkeypatch.setattr(rdf_serialization, "_can_keep_open", lambda files: keep_open)

    dumps = [b"<a> <p> <b> .\n<c> <p> <d> .\n<e> <p> <f> .\n", b"", b"<a> <p> <b> .\n<d> <p> <d> .\n<e> <p> <f> .\n",
             b"<b> <p> <b> .\n<e> <p> <f> .\n<g> <p> <g> .\n"]
    files = []
    for i, data in enumerate(dumps):
        files.append(tmp_path / f"{i}.nt")
        files[-1].write_bytes(data)
    monkeypatch.setattr(rdf_serialization._FileLines, "CHUNK", chunk)
    for block_bytes in (1, 20, 1 << 22):
        monkeypatch.setattr(rdf_serialization, "_UNION_BLOCK_BYTES", block_bytes)
        monkeypatch.setattr(rdf_serialization, "_SAMPLE_BYTES", 1)
        expected = list(rdf_serialization._union_blocks(dumps))
        assert list(rdf_serialization._union_blocks(files)) == expected
        assert list(rdf_serialization._union_blocks(files[:2] + dumps[2:])) == expected
        assert b"".join(expected).count(b"\n") == 6


def test_files_written_in_small_union_blocks_are_the_same_bytes(monkeypatch, tmp_path, plan, out):
    """graph.nt and graph.ttl merged in blocks of ~4 KB give the files of the default blocks, byte for byte."""
    from policykg.loaders import rdf_serialization

    monkeypatch.setattr(rdf_serialization, "_UNION_BLOCK_BYTES", 4096)
    monkeypatch.setattr(rdf_serialization, "_SAMPLE_BYTES", 512)
    merged = []
    union_blocks = rdf_serialization._union_blocks
    monkeypatch.setattr(rdf_serialization, "_union_blocks", lambda dumps, *rest: (merged.append(b) or b for b in union_blocks(dumps, *rest)))
    write_build_outputs([plan], tmp_path / "blocks")
    assert len(merged) > 100
    for name in FORMATS:
        assert (tmp_path / "blocks" / name).read_bytes() == (out / name).read_bytes(), name


def test_graph_nt_is_the_sorted_distinct_lines_of_every_named_graph(tmp_path):
    """Two graphs that share a triple: graph.nt holds it once; graph.trig and graph.jsonld once per graph."""
    from policykg.loaders.output_folder import OutputFolder
    from policykg.loaders.rdf_serialization import write_graph_files

    store = ox.Store()
    p, shared = ox.NamedNode("urn:p"), ox.Literal("甲", language="zh-hant")
    for graph, subject in (("urn:g2", "urn:b"), ("urn:g1", "urn:a"), ("urn:g1", "urn:c")):
        store.add(ox.Quad(ox.NamedNode(subject), p, shared, ox.NamedNode(graph)))
        store.add(ox.Quad(ox.NamedNode("urn:s"), p, ox.Literal("1"), ox.NamedNode(graph)))
    with OutputFolder(tmp_path / "out", force=True) as folder:
        write_graph_files(folder, store)
    assert (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8") == (
        '<urn:a> <urn:p> "甲"@zh-hant .\n<urn:b> <urn:p> "甲"@zh-hant .\n<urn:c> <urn:p> "甲"@zh-hant .\n'
        '<urn:s> <urn:p> "1" .\n')
    trig = list(ox.parse(path=str(tmp_path / "out" / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert [(str(q.graph_name), str(q.subject)) for q in trig] == [
        ("<urn:g1>", "<urn:a>"), ("<urn:g1>", "<urn:c>"), ("<urn:g1>", "<urn:s>"), ("<urn:g2>", "<urn:b>"),
        ("<urn:g2>", "<urn:s>")]
    jsonld = set(ox.parse(path=str(tmp_path / "out" / "graph.jsonld"), format=ox.RdfFormat.JSON_LD))
    assert jsonld == set(trig)


#: typed literals around the forms the store keeps and those it rewrites (canonical numbers, dates, booleans)
_LEXICAL_FORMS = {
    "integer": ["0", "-0", "+5", "007", "5", "-5", "12345678901234567890", "-9223372036854775809", "1.0", "abc", " 5", 'x\\"1'],
    "decimal": ["0", "1", "1.0", "1.5", "1.50", ".5", "-0.0", "-0.5", "+1.5", "100", "100.0", "1e2", "1.", "-0",
                "0.0000000000000000001", "170141183460469231731.687303715884105727", "12.000000000000000001",
                "1.000", "0.550", "-0.500", "-0.000", "0.100000000000000000", "0.1000000000000000000",
                "123456789012345678.10", "1234567890123456789.10", "007.50"],
    "gYear": ["2026", "02026", "-0001", "0000", "2026Z", "2026+08:00", "999", "20260"],
    "gYearMonth": ["2026-01", "2026-13", "2026-1", "2026-01Z", "2026-00", "-2026-01"],
    "date": ["2026-01-31", "2026-02-30", "2026-1-1", "2026-01-31Z", "2026-01-31+00:00", "2023-02-29"],
    "boolean": ["true", "false", "1", "0", "TRUE"],
    "double": ["1.5E0", "1.5", "1e2", "INF"],
    "string": ["x", "y"],
    "dateTime": ["2026-01-31T00:00:00", "2026-01-31T00:00:00+00:00"],
}


def test_sorted_ntriples_made_in_memory_keep_and_rewrite_literals_as_an_on_disk_store_does(tmp_path):
    """Each literal form the fast path keeps or sends through a store, against the on-disk store:
    typed literals at the edges of the canonical forms, tags in any case, control characters,
    an escaped quote before ^^<, "_:" in a string, and lines that become one (the store holds each once)."""
    from policykg.loaders.rdf_serialization import _lines_the_store_rewrites, store_sorted_ntriples

    xsd = "http://www.w3.org/2001/XMLSchema#"
    lines = [f'<urn:s{i}> <urn:p> "{lexical}"^^<{xsd}{name}> .' for name, forms in _LEXICAL_FORMS.items()
             for i, lexical in enumerate(forms)]
    lines += [f'<urn:t> <urn:p> "{lexical}"^^<{xsd}integer> .' for lexical in ("1", "01", "+1")]  # one triple
    lines += ['<urn:u> <urn:p> "x" .', '<urn:u> <urn:q> "x"@EN-us .', '<urn:u> <urn:q> "x"@en-US .',
              '<urn:u> <urn:q> "y"@zh-Hant .', '<urn:u> <urn:q> "\\\\"@Zh-TW .', '<urn:u> <urn:r> "a\tb" .',
              '<urn:u> <urn:r> "a\x01b\x7f" .', '<urn:u> <urn:r> "a\tb"@EN .', '<urn:u> <urn:r> "say \\"1\\"^^<urn:x> ." .',
              '<urn:u> <urn:r> "_:b0 \\n\\r" .', '<urn:u> <urn:r> <urn:o> .', '<urn:u> <urn:r> <urn:o> .']
    every = "".join(line + "\n" for line in lines).encode("utf-8")
    plain = b"".join(line + b"\n" for line in every.split(b"\n")[:-1]  # no typed literal, control or blank-node text
                     if b"^^" not in line and not any(c < 0x20 or c == 0x7F for c in line) and b"_:" not in line)
    for number, data in enumerate((every, plain)):
        store = ox.Store(str(tmp_path / f"store{number}"))
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        dumped = sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines())
        assert store_sorted_ntriples(data).splitlines() == dumped
    assert len(plain.splitlines()) == 7 and not _lines_the_store_rewrites(plain)  # sorted and lower-cased, no store


def test_sorted_ntriples_made_in_memory_are_the_lines_an_on_disk_store_gives_back(tmp_path, plan):
    """What a build writes of a plan graph without dumping the store: the same lines, including
    literals the store rewrites (canonical numbers, lower-case language tags)."""
    from policykg.loaders.ntriples import ntriples_bytes
    from policykg.loaders.rdf_serialization import store_sorted_ntriples

    data = ntriples_bytes(plan.triples()) + (
        b'<urn:a> <urn:p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        b'<urn:a> <urn:p> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
        b'<urn:a> <urn:p> "x"@EN-us .\n<urn:a> <urn:p> "\\u00e9\\t" .\n')
    store = ox.Store(str(tmp_path / "store"))
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:g"))
    dumped = sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode("urn:g")).splitlines())
    made = store_sorted_ntriples(data)
    assert made.splitlines() == dumped and len(dumped) > 20000
    assert b'<urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .' in dumped


@pytest.mark.parametrize("text", ['say "甲"', "a\\b", "two\nlines\r\n", '\\"', '"\\n"\\', "plain 中文", ""])
def test_ntriples_bytes_escapes_strings_so_a_parser_reads_them_back_exactly(text):
    """Quotes, backslashes and line breaks in a literal (in any order and next to each other)."""
    from rdflib import URIRef

    from policykg.loaders.ntriples import ntriples_bytes

    data = ntriples_bytes([(URIRef("urn:a"), URIRef("urn:p"), Literal(text)),
                           (URIRef("urn:a"), URIRef("urn:q"), Literal(text, lang="zh-Hant"))])
    assert data.count(b"\n") == 2  # one line a triple: every line break in the text is escaped
    values = {str(q.predicate.value): q.object.value for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    assert values == {"urn:p": text, "urn:q": text}


_MANY_GRAPHS = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[2]), int(sys.argv[3])))
from policykg.loaders import rdf_serialization
rdf_serialization._SAMPLE_BYTES, rdf_serialization._UNION_BLOCK_BYTES = 256, 4096  # many blocks: files stay open
rdf_serialization._FileLines.CHUNK = 512
if sys.argv[4] == "always-open":
    rdf_serialization._can_keep_open = lambda files: True
files = sorted(Path(sys.argv[1]).glob("*.nt"))
union = b"".join(rdf_serialization._union_blocks(files))
assert union == b"".join(rdf_serialization._union_blocks([f.read_bytes() for f in files]))
print(union.count(b"\\n"), resource.getrlimit(resource.RLIMIT_NOFILE)[0])
"""


@pytest.mark.parametrize("soft, hard", [(64, 4096), (64, 64)])
def test_the_union_of_more_graphs_than_open_files_allowed_is_merged(tmp_path, soft, hard):
    """A corpus with more graphs than the soft limit on open files (1,024 or 256 by default on many
    systems): the limit is raised up to the hard one, or else the files are closed between takes."""
    import subprocess
    import sys

    for g in range(400):
        (tmp_path / f"{g:03d}.nt").write_bytes(b"".join(sorted({
            f"<urn:s{(i * 13 + g) % 997:03d}> <urn:p> \"{g % 7}\" .\n".encode() for i in range(40)})))
    def merge(mode: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", _MANY_GRAPHS, str(tmp_path), str(soft), str(hard), mode],
                              capture_output=True, text=True)

    run = merge()
    assert run.returncode == 0, run.stderr
    lines, limit = map(int, run.stdout.split())
    assert lines > 2000 and limit == (400 + rdf_serialization._SPARE_FILES if hard > 1000 else 64)
    if hard == 64:  # the files kept open would not do: the test can tell
        assert "Too many open files" in merge("always-open").stderr
