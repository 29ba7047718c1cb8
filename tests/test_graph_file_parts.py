"""The graph files of a large build written in parts by the worker processes and joined
(policykg.loaders.graph_file_parts): the same bytes one stream writes, whatever happens to a worker."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import policykg
import policykg.loaders.graph_file_parts as graph_file_parts
from policykg.loaders import rdf_serialization
from policykg.loaders.graph_file_parts import GraphFileParts, graph_runs, join_parts, subject_cuts
from policykg.workspace import build_workspace, open_workspace

NET_ZERO = policykg.default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf")
VARIANT = Path(__file__).parent / "fixtures" / "variant_plan.md"
FILES = ("graph.trig", "graph.jsonld", "graph.nt", "graph.ttl")


@pytest.fixture()
def plans(tmp_path) -> list[Path]:
    """Four plans whose graphs sort around the analysis graphs: ai-new… < analysis/… < copy… < tw… < variant…"""
    copy = tmp_path / "copy-of-plan.md"
    shutil.copy(policykg.default_plan_path(), copy)
    return [policykg.default_plan_path(), NET_ZERO, VARIANT, copy]


def _parted(monkeypatch) -> list:
    """Records what each build's parts were (every build with worker processes writes its graph files in parts)."""
    seen = []
    real = GraphFileParts.finish

    def finish(self, graphs, dumps):
        real(self, graphs, dumps)
        seen.append(([len(run) for run in self.order], len(self.union)))

    monkeypatch.setattr(GraphFileParts, "finish", finish)
    return seen


def test_graph_files_written_in_parts_are_the_bytes_one_stream_writes(tmp_path, monkeypatch, plans):
    monkeypatch.setenv("POLICYKG_WORKERS", "1")  # no worker processes: one stream in this process
    serial = build_workspace(plans, tmp_path / "serial")
    seen = _parted(monkeypatch)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    parted = build_workspace(plans, tmp_path / "parted")
    # runs: ai-new… | analysis/… | copy…, tw…, variant… | vocabularies; the union in 4 ranges
    analysis = sum("/graph/analysis/" in g.value for g in parted.store.named_graphs())
    assert seen == [([1, analysis, 3, 1], 4)] and analysis >= 2
    for name in FILES:
        assert (parted.path / name).read_bytes() == (serial.path / name).read_bytes(), name
    manifest = json.loads((parted.path / ".policykg-manifest.json").read_text(encoding="utf-8"))
    for name in FILES:  # the joined files' hashes and sizes, though the kernel copied their bytes
        data = (parted.path / name).read_bytes()
        assert manifest["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        assert len(data) > 1_000_000
    generation = parted.path / manifest["workspace"]["generation"]
    assert sorted(p.name for p in generation.iterdir()) == ["oxigraph", "plans", "tables.pickle"]


def test_a_part_that_fails_in_a_worker_fails_the_build_and_keeps_the_previous_workspace(tmp_path, monkeypatch, plans):
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    folder = tmp_path / "ws"
    build_workspace([VARIANT], folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    generations = sorted(p.name for p in folder.iterdir() if p.is_dir())

    _parted(monkeypatch)
    monkeypatch.setattr(graph_file_parts, "write_union_part", _full_disk)  # the forked workers have it too
    with pytest.raises(OSError, match="No space left on device"):
        build_workspace(plans, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == generations
    assert open_workspace(folder).plan_ids == ["variant-plan"]


def _full_disk(*args) -> None:
    raise OSError(28, "No space left on device")


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def test_a_part_whose_worker_is_killed_is_written_in_this_process(tmp_path):
    dump = tmp_path / "g.nt"
    dump.write_bytes(b'<urn:a> <urn:p> "x" .\n<urn:b> <urn:p> "y" .\n')
    pool = ProcessPoolExecutor(1)
    try:
        busy = pool.submit(_sleep, 30)
        while not pool._processes:  # noqa: SLF001 - the worker to kill
            time.sleep(0.01)
        parts = GraphFileParts(tmp_path / "parts", pool.submit, 1)
        parts.start({"urn:g": dump}, later=set())
        parts.finish(["urn:g"], {"urn:g": dump})
        for process in list(pool._processes.values()):  # noqa: SLF001
            os.kill(process.pid, signal.SIGKILL)
        out = _Folder(tmp_path / "out")
        parts.write(out)
        parts.wait()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    assert busy.exception() is not None  # the worker did die
    assert out.files["graph.nt"] == dump.read_bytes()
    graph_file_parts.write_dataset_part("trig", ["urn:g"], [dump], tmp_path / "one.trig")
    assert out.files["graph.trig"] == (tmp_path / "one.trig").read_bytes()
    assert out.files["graph.trig"].endswith(b'<urn:g> {\n\t<urn:a> <urn:p> "x" .\n\t<urn:b> <urn:p> "y" .\n}\n')
    assert not (tmp_path / "parts").exists()


class _Folder:
    """The part of OutputFolder that GraphFileParts writes to, in memory."""

    def __init__(self, path):
        self.files = {}

    def write_with(self, name, writer):
        import io

        buffer = io.BytesIO()
        writer(buffer)
        self.files[name] = buffer.getvalue()


def test_join_parts_writes_one_header_and_one_array_and_skips_empty_parts(tmp_path):
    header = b"@prefix a: <urn:a#> .\n@prefix b: <urn:b#> .\n"
    parts = {"empty": b"", "one": header + b"<urn:g1> {\n\ta:s a:p a:o .\n}\n", "two": header + b"<urn:g2> {\n\tb:s b:p b:o .\n}\n"}
    for name, data in parts.items():
        (tmp_path / name).write_bytes(data)
    for kind in ("trig", "ttl"):
        with open(tmp_path / f"joined.{kind}", "wb") as out:
            join_parts(kind, [tmp_path / n for n in ("empty", "one", "empty", "two")], out)
        assert (tmp_path / f"joined.{kind}").read_bytes() == parts["one"] + parts["two"][len(header):]
    arrays = {"none": b"[]", "first": b'[{"@id":"g1"}]', "second": b'[{"@id":"g2"},{"@id":"g3"}]'}
    for name, data in arrays.items():
        (tmp_path / name).write_bytes(data)
    for names, expected in (((), b"[]"), (("none", "none"), b"[]"), (("none", "first", "none", "second"),
                                                                     b'[{"@id":"g1"},{"@id":"g2"},{"@id":"g3"}]')):
        with open(tmp_path / "joined.jsonld", "wb") as out:
            join_parts("jsonld", [tmp_path / n for n in names], out)
        assert (tmp_path / "joined.jsonld").read_bytes() == expected
        json.loads(expected)
    with open(tmp_path / "joined.nt", "wb") as out:
        join_parts("nt", [tmp_path / "one", tmp_path / "empty", tmp_path / "two"], out)
    assert (tmp_path / "joined.nt").read_bytes() == parts["one"] + parts["two"]
    (tmp_path / "bad").write_bytes(b'{"@id":"g"}')
    with pytest.raises(ValueError, match="not a JSON-LD array"), open(tmp_path / "x", "wb") as out:
        join_parts("jsonld", [tmp_path / "bad"], out)


def test_graph_runs_are_the_runs_no_later_graph_can_split():
    assert graph_runs(["g/b", "g/a", "g/d"], {"g/c"}) == [["g/a", "g/b"], ["g/d"]]
    assert graph_runs(["g/b"], {"g/a", "g/c"}) == [["g/b"]]
    assert graph_runs([], {"g/a"}) == []


def test_union_ranges_cut_between_subjects_and_together_are_the_union(tmp_path):
    """Each cut sorts before every line of a subject and after all the ones before; the ranges'
    lines, one after another, are exactly the union's."""
    graphs = []
    for g in range(3):
        lines = sorted({f"<urn:s{(i * 7 + g) % 500:03d}> <urn:p{i % 3}> \"{i % 11}\" .\n".encode() for i in range(3000)})
        path = tmp_path / f"g{g}.nt"
        path.write_bytes(b"".join(lines))
        graphs.append(path)
    cuts = subject_cuts([str(p) for p in graphs], 4, sample_bytes=512)
    assert len(cuts) == 3 and cuts == sorted(cuts)
    whole = b"".join(rdf_serialization._union_blocks([p.read_bytes() for p in graphs]))
    ranges = [b"".join(rdf_serialization._union_blocks([str(p) for p in graphs], start, stop))
              for start, stop in zip([None, *cuts], [*cuts, None])]
    assert b"".join(ranges) == whole and all(ranges)
    subjects = [{line.split(b" ", 1)[0] for line in part.splitlines()} for part in ranges]
    for a, b in zip(subjects, subjects[1:]):
        assert max(a) < min(b)  # no subject in two ranges
    for cut in cuts:
        assert cut.endswith(b"> ") and cut.count(b" ") == 1


def test_add_writes_in_parts_the_files_a_serial_add_writes(tmp_path, monkeypatch, plans):
    """``add`` copies the kept plans' graphs from the old store and builds the new ones in workers."""
    from policykg.workspace import add_plans

    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    build_workspace(plans[:2], tmp_path / "serial")
    serial = add_plans(plans[2:], tmp_path / "serial")
    seen = _parted(monkeypatch)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    build_workspace(plans[:2], tmp_path / "parted")
    parted = add_plans(plans[2:], tmp_path / "parted")
    assert len(seen) == 2 and parted.plan_ids == serial.plan_ids and len(parted.plan_ids) == 4
    for name in FILES:
        assert (parted.path / name).read_bytes() == (serial.path / name).read_bytes(), name


def test_one_plan_built_in_a_worker_writes_its_graph_files_in_parts_with_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    serial = build_workspace([policykg.default_plan_path()], tmp_path / "serial")
    seen = _parted(monkeypatch)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    parted = build_workspace([policykg.default_plan_path()], tmp_path / "parted")
    # runs: the plan graph (started while it was still loading) | its analysis graph, vocabularies
    assert seen == [([1, 2], 2)]
    for name in FILES:
        assert (parted.path / name).read_bytes() == (serial.path / name).read_bytes(), name
