"""Documents built ahead in worker processes (policykg.document_pool) and written as N-Triples
(policykg.loaders.ntriples): a parallel build gives exactly the workspace a serial build gives."""
from __future__ import annotations

import gc
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

import policykg
import policykg.document_pool as document_pool
import policykg.loaders.plan_document as plan_document
import policykg.workspace as workspace_module
from policykg.document_pool import DocumentPool, worker_count
from policykg.errors import PlanParseError
from policykg.loaders.ntriples import check_iris, ntriples_bytes
from policykg.loaders.rdf_serialization import oxigraph_quads
from policykg.workspace import add_plans, build_workspace, open_workspace

NET_ZERO = policykg.default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf")  # shipped beside the default
VARIANT = Path(__file__).parent / "fixtures" / "variant_plan.md"


def _oxigraph_ntriples(triples) -> set:
    quads = oxigraph_quads({None: triples})
    data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
    return set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def test_ntriples_bytes_are_the_triples_pyoxigraph_writes_for_the_shipped_plan():
    triples = policykg.load_plan().triples()
    written = ntriples_bytes(triples)
    assert written.count(b"\n") == len(triples) == 20913
    assert set(ox.parse(written, format=ox.RdfFormat.N_TRIPLES)) == _oxigraph_ntriples(triples)


def test_ntriples_bytes_escape_what_n_triples_must_escape():
    triples = [
        (URIRef("urn:a"), URIRef("urn:p"), Literal('「引號」 "quoted" back\\slash\nline\rreturn')),
        (URIRef("urn:a"), URIRef("urn:p"), Literal("甲", lang="zh-Hant")),
        (URIRef("urn:a"), URIRef("urn:p"), Literal("7", datatype=XSD.integer)),
        (URIRef("urn:a"), URIRef("urn:p"), Literal("plain", datatype=XSD.string)),
        (BNode("b1"), URIRef("urn:p"), URIRef("urn:b")),
    ]
    written = ntriples_bytes(triples)
    assert written.decode("utf-8").splitlines()[0] == \
        '<urn:a> <urn:p> "「引號」 \\"quoted\\" back\\\\slash\\nline\\rreturn" .'
    assert set(ox.parse(written, format=ox.RdfFormat.N_TRIPLES)) == _oxigraph_ntriples(triples)


def test_an_iri_n_triples_cannot_hold_is_named():
    with pytest.raises(ValueError, match="not a valid IRI: 'urn:a b'"):
        check_iris([(URIRef("urn:ok"), URIRef("urn:p"), URIRef("urn:a b"))])


@pytest.mark.parametrize("path", [policykg.default_plan_path(), NET_ZERO], ids=["shipped", "net-zero"])
def test_a_documents_tables_from_the_triples_they_read_are_the_tables_of_its_whole_graph(path):
    from policykg.document_pool import document_tables
    from policykg.loaders.build_outputs import plan_tables

    plan = policykg.load_plan(path)
    tables, whole = document_tables(plan.doc, plan.triples()), plan_tables([plan])
    assert list(tables) == ["measures", "targets", "budgets"]
    for name, frame in whole.items():
        assert tables[name].equals(frame) and list(tables[name].dtypes) == list(frame.dtypes), name
        assert tables[name].to_csv(index=False) == frame.to_csv(index=False)
    assert [len(whole[n]) for n in whole] == ([178, 65, 24] if path == policykg.default_plan_path() else [0, 116, 16])


@pytest.mark.parametrize("batch_bytes", [1, 1 << 30], ids=["a-load-per-graph", "one-load"])
def test_graphs_bulk_loaded_as_n_quads_are_the_quads_pyoxigraph_makes_of_the_terms(batch_bytes):
    from policykg.workspace import _bulk_load_graphs

    plan = policykg.load_plan()
    triples = list(plan.triples())
    graphs = {"urn:g:one": triples[:5000], "urn:g:two": triples[5000:6000] + [
        (URIRef("urn:a"), URIRef("urn:p"), Literal('a " .\n line break', lang="zh-Hant"))]}
    store, expected = ox.Store(), ox.Store()
    _bulk_load_graphs(store, graphs, batch_bytes=batch_bytes)
    expected.bulk_extend(oxigraph_quads(graphs))
    assert set(store) == set(expected) and len(store) == 6001
    assert sorted(str(g) for g in store.named_graphs()) == ["<urn:g:one>", "<urn:g:two>"]


def test_worker_count_follows_the_cpus_the_documents_and_policykg_workers(monkeypatch):
    monkeypatch.setenv("POLICYKG_WORKERS", "3")
    assert (worker_count(10), worker_count(2)) == (3, 2)
    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    assert worker_count(10) == 1


def test_a_document_a_worker_cannot_build_comes_back_as_none(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("not a plan\n", encoding="utf-8")
    with DocumentPool([bad, policykg.default_plan_path()], workers=2) as pool:
        assert pool.take(bad) is None
        assert pool.take(policykg.default_plan_path()).summary["measures"] == 143
        assert pool.take(tmp_path / "never-given.md") is None


def _dying_on_the_variant_plan(path, _build=document_pool._build_path):
    """A worker's task (module level: the pool pickles it by name) whose worker dies on the variant plan."""
    if Path(path).name == VARIANT.name:
        os._exit(3)
    return _build(path)


def test_a_worker_that_dies_breaks_the_pool_and_the_build_goes_on_in_this_process(tmp_path, monkeypatch):
    """A killed worker (out of memory, say) must not leave ``take`` waiting forever."""
    monkeypatch.setattr(document_pool, "_build_path", _dying_on_the_variant_plan)
    with DocumentPool([VARIANT, policykg.default_plan_path()], workers=2) as pool:
        assert pool.take(VARIANT) is None and pool.broken
        pool.take(policykg.default_plan_path())  # built, or None if the pool broke first: never a hang
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    workspace = build_workspace([policykg.default_plan_path(), VARIANT], tmp_path / "ws")
    assert workspace.plan_ids == ["ai-new-ten-major-constructions-2026-01", "variant-plan"]
    assert len(workspace.measures(plan="variant-plan")) == len(policykg.load_plan(VARIANT).measures())


def _content(workspace) -> tuple:
    """Everything a build writes that must not depend on how it was built."""
    quads = sorted(workspace.store.dump(format=ox.RdfFormat.N_QUADS).split(b"\n"))
    manifest = json.loads((workspace.path / ".policykg-manifest.json").read_text(encoding="utf-8"))
    plans = [{k: v for k, v in p.items() if k != "key"} for p in manifest["workspace"]["plans"]]
    tables = {name: getattr(workspace, name)() for name in ("measures", "targets", "budgets")}
    files = {name: (workspace.path / name).read_bytes() for name in ("graph.nt", "graph.ttl", "measures.csv")}
    return quads, plans, tables, files, [s["coverage"] for s in workspace.build_summaries]


def test_a_parallel_build_writes_exactly_what_a_serial_build_writes(tmp_path, monkeypatch):
    version = tmp_path / "v2" / "ai-new-ten-major-constructions-2026-01.md"  # the same id, other content
    version.parent.mkdir()
    text = policykg.default_plan_path().read_text(encoding="utf-8")
    version.write_text(text.replace("2026年1月", "2026年3月", 1) + "\n", encoding="utf-8")
    copy = tmp_path / "copy-of-plan.md"  # byte-identical: renamed, never sent to a worker
    shutil.copy(policykg.default_plan_path(), copy)
    paths = [policykg.default_plan_path(), NET_ZERO, version, copy, VARIANT]
    seen, parsed_here = [], _count_parses_here(monkeypatch)  # the workers inherit it; only this process counts
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    parallel = build_workspace(paths, tmp_path / "parallel", progress=lambda done, total: seen.append((done, total)))
    assert parsed_here == []  # every document was parsed in a worker (the copy renamed)
    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    serial = build_workspace(paths, tmp_path / "serial")
    assert len(parsed_here) == 4
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert parallel.plan_ids == serial.plan_ids == [
        "ai-new-ten-major-constructions-2026-01", "tw-2050-net-zero-pathway-2022-03-30",
        parallel.plan_ids[2], "copy-of-plan", "variant-plan"]
    assert parallel.plan_ids[2].startswith("ai-new-ten-major-constructions-2026-01@")
    got, expected = _content(parallel), _content(serial)
    assert got[0] == expected[0] and len(got[0]) > 60000
    assert got[1] == expected[1]
    for name in ("measures", "targets", "budgets"):
        assert got[2][name].equals(expected[2][name]), name
    assert got[3] == expected[3] and got[4] == expected[4]


def test_a_bad_document_in_a_parallel_build_gives_its_one_line_error_and_keeps_the_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    folder = tmp_path / "ws"
    build_workspace([VARIANT], folder)
    before = (folder / ".policykg-manifest.json").read_bytes()
    bad = tmp_path / "bad.md"
    bad.write_text("# 標題\n\n| 措施 | 主辦機關 |\n|---|---|\n| 甲 | 乙 |\n", encoding="utf-8")
    with pytest.raises(PlanParseError) as raised:
        build_workspace([policykg.default_plan_path(), bad, VARIANT], folder)
    assert str(raised.value).startswith(str(bad))
    assert (folder / ".policykg-manifest.json").read_bytes() == before
    assert open_workspace(folder).plan_ids == ["variant-plan"]


def test_one_document_is_built_in_a_worker_and_gives_what_a_serial_build_gives(tmp_path, monkeypatch):
    """With two CPUs the one document goes to a worker while this process opens the store."""
    parsed_here = _count_parses_here(monkeypatch)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    parallel = build_workspace([VARIANT], tmp_path / "parallel")
    assert parsed_here == []
    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    serial = build_workspace([VARIANT], tmp_path / "serial")
    assert parsed_here == [VARIANT.name]
    got, expected = _content(parallel), _content(serial)
    assert got[0] == expected[0] and got[1] == expected[1] and got[3] == expected[3] and got[4] == expected[4]
    for name in ("measures", "targets", "budgets"):
        assert got[2][name].equals(expected[2][name]), name


def test_one_document_whose_worker_dies_or_that_does_not_parse_is_handled_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    monkeypatch.setattr(document_pool, "_build_path", _dying_on_the_variant_plan)
    parsed_here = _count_parses_here(monkeypatch)
    assert build_workspace([VARIANT], tmp_path / "ws").plan_ids == ["variant-plan"]
    assert parsed_here == [VARIANT.name]  # the worker died: built here
    bad = tmp_path / "bad.md"
    bad.write_text("# 標題\n\n| 措施 | 主辦機關 |\n|---|---|\n| 甲 | 乙 |\n", encoding="utf-8")
    with pytest.raises(PlanParseError) as raised:
        build_workspace([bad], tmp_path / "ws")
    assert str(raised.value).startswith(str(bad))
    assert open_workspace(tmp_path / "ws").plan_ids == ["variant-plan"]


def test_add_counts_only_the_documents_it_adds(tmp_path):
    folder = tmp_path / "ws"
    build_workspace([VARIANT], folder)
    seen = []
    add_plans([policykg.default_plan_path()], folder, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 1)]  # not (2, 1): the variant plan was copied, not added


def _count_parses_here(monkeypatch) -> list:
    """The documents parsed in this process (not in a worker) from now on."""
    parsed_here, parse, parent = [], plan_document.parse_plan_document, os.getpid()

    def counting_parse(path, *args, **kwargs):
        if os.getpid() == parent:
            parsed_here.append(Path(path).name)
        return parse(path, *args, **kwargs)

    monkeypatch.setattr(plan_document, "parse_plan_document", counting_parse)
    return parsed_here


def test_the_builds_store_is_closed_when_the_workspace_opens_even_if_a_cycle_held_it(tmp_path, monkeypatch):
    finish = workspace_module._GenerationWriter.finish

    def finish_leaving_a_cycle(self, warnings, out=None):
        cycle = {"store": self.store}
        cycle["self"] = cycle  # garbage only a collection frees (as an rdflib view of the store can be)
        return finish(self, warnings, out)

    monkeypatch.setattr(workspace_module._GenerationWriter, "finish", finish_leaving_a_cycle)
    thresholds = gc.get_threshold()
    gc.set_threshold(10**9)  # no collection by chance (Corpus re-enables gc): the build frees what holds its store
    try:
        workspace = build_workspace([VARIANT], tmp_path / "ws")
        writable = ox.Store(str(workspace.generation / "oxigraph"))  # RocksDB's lock: no other writer holds it
    finally:
        gc.set_threshold(*thresholds)
    assert len(writable) == len(workspace.store) > 4000


def test_with_a_dumps_folder_a_worker_writes_the_sorted_lines_instead_of_sending_them(tmp_path):
    """The plan graph's N-Triples never cross the pipe: the worker writes what the store gives back."""
    from policykg.loaders.rdf_serialization import store_sorted_ntriples

    with DocumentPool([VARIANT, policykg.default_plan_path()], workers=2, dumps=tmp_path) as pool:
        built = pool.take(VARIANT)
    assert built.ntriples is None and Path(built.dump).parent == tmp_path
    expected = store_sorted_ntriples(document_pool.build_document(plan_document.parse_plan_document(VARIANT)).ntriples)
    assert Path(built.dump).read_bytes() == expected and expected.count(b"\n") == built.summary["triples"] > 400
