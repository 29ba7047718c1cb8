"""The four graph files of a build written in parts by worker processes, then joined.

``ox.serialize`` holds the GIL, so in one process the graph files are written one core at a time,
after the analysis. A workspace build that has worker processes (:mod:`policykg.document_pool`)
hands them the parts instead: ``graph.trig`` and ``graph.jsonld`` run of graphs by run of graphs,
``graph.nt`` and ``graph.ttl`` range of subjects by range of subjects. The plan graphs' runs are
written while the building process runs the analysis; the rest while it writes the tables.

Each part is what one stream writes for its run or range (a range is cut between two subjects,
so Turtle groups each subject's triples as before), and :func:`join_parts` writes the parts
one after another, with one prefix header and one JSON array: the joined files are
byte-identical to :func:`policykg.loaders.rdf_serialization.write_graph_files`'s.

Example
-------
>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> dumps = []
>>> for name, line in (("urn:g1", b'<urn:a> <urn:p> "x" .\\n'), ("urn:g2", b'<urn:b> <urn:p> "y" .\\n')):
...     dumps.append(folder / name[4:])
...     _ = dumps[-1].write_bytes(line)
>>> for i, graph in enumerate(["urn:g1", "urn:g2"]):
...     write_dataset_part("jsonld", [graph], [dumps[i]], folder / f"part{i}")
>>> with open(folder / "graph.jsonld", "wb") as out:
...     join_parts("jsonld", [folder / "part0", folder / "part1"], out)
>>> (folder / "graph.jsonld").read_text()[:47]
'[{"@id":"urn:g1","@graph":[{"@id":"urn:a","urn:'
"""
from __future__ import annotations

import itertools
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from policykg.loaders.rdf_serialization import (_FileLines, _graph_quads, _sampled_lines, _serialize_union,
                                                 output_prefixes)

__all__ = ["GraphFileParts", "graph_runs", "join_parts", "subject_cuts", "write_dataset_part",
           "write_union_part"]

_DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}


def write_dataset_part(kind: str, graphs: list[str], dumps: list, path) -> None:
    """Write the named graphs ``graphs`` (IRIs, in file order) as TriG or JSON-LD (``kind``) to
    ``path``, from their sorted N-Triples files ``dumps``, each read when its turn comes."""
    options = {"prefixes": output_prefixes()} if kind == "trig" else {}
    quads = itertools.chain.from_iterable(_graph_quads(ox.NamedNode(graph), Path(dump).read_bytes())
                                          for graph, dump in zip(graphs, dumps))
    with open(path, "wb") as f:
        ox.serialize(quads, f, format=_DATASET_FORMATS[kind], **options)


def write_union_part(dumps: list, start: bytes | None, stop: bytes | None, ntriples_path, turtle_path) -> None:
    """Write the union's lines from ``start`` and below ``stop`` as N-Triples and Turtle."""
    with open(ntriples_path, "wb") as nt, open(turtle_path, "wb") as ttl:
        _serialize_union(nt, ttl, list(dumps), start, stop)


def graph_runs(names, later) -> list[list[str]]:
    """The runs of ``names`` (graphs written already) that no graph of ``later`` (graphs that may
    come) sorts into: each run is a run of the final, sorted file whatever of ``later`` comes.

    >>> graph_runs(["g/a", "g/c", "g/d"], {"g/b", "g/e"})
    [['g/a'], ['g/c', 'g/d']]
    """
    names = set(names)
    runs: list[list[str]] = []
    previous_was_name = False
    for name in sorted(names | set(later)):
        if name in names:
            if previous_was_name:
                runs[-1].append(name)
            else:
                runs.append([name])
        previous_was_name = name in names
    return runs


def subject_cuts(dumps: list, parts: int, sample_bytes: int = 1 << 16) -> list[bytes]:
    """Up to ``parts - 1`` keys that cut the union of the sorted N-Triples files ``dumps`` into
    ranges of about equal size, each between two subjects (``b"<subject> "`` sorts before every
    line of that subject and after every line of the ones before)."""
    samples = _sampled_lines([_FileLines(dump) for dump in dumps], sample_bytes)
    cuts = {samples[len(samples) * i // parts].split(b" ", 1)[0] + b" " for i in range(1, parts) if samples}
    return sorted(cuts)


def join_parts(kind: str, paths: list, out) -> None:
    """Write the parts ``paths`` one after another to the binary file ``out``: for ``trig`` and
    ``ttl`` with the prefix header of the first part that has content only, for ``jsonld`` as one
    array, for ``nt`` as they are."""
    written = False  # a part with content has been written (its header, its "[")
    for path in paths:
        size = os.path.getsize(path)
        with open(path, "rb") as part:
            if kind == "jsonld":
                if part.read(1) != b"[" or size < 2:
                    raise ValueError(f"{path}: not a JSON-LD array")
                if size == 2:  # "[]": no graph
                    continue
                out.write(b"," if written else b"[")
                _copy(part, out, size - 2)  # without its "[" and "]"
            elif written and kind in ("trig", "ttl"):
                line = part.readline()
                while line.startswith(b"@prefix "):  # the header the first part wrote already
                    line = part.readline()
                out.write(line)
                _copy(part, out)
            else:
                _copy(part, out)
        written = written or size > 0
    if kind == "jsonld":
        out.write(b"]" if written else b"[]")


def _copy(source, out, size: int | None = None) -> None:
    """Copy ``size`` bytes (all that is left for None) of ``source`` to ``out``: by the kernel when
    ``out`` can (an OutputFolder's file), else a MB at a time."""
    if size is None:
        size = os.fstat(source.fileno()).st_size - source.tell()
    if hasattr(out, "copy_from"):
        out.copy_from(source, size)
        return
    while size > 0:
        chunk = source.read(min(size, 1 << 20))
        if not chunk:
            break
        out.write(chunk)
        size -= len(chunk)


@dataclass
class _Part:
    """One part being written: ``function(*args)`` in a worker (``future``) or, without one, here."""

    paths: tuple
    function: Callable
    args: tuple
    future: object = None
    written: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)  # two files wait for a union part

    def wait(self, cancelled: threading.Event) -> None:
        from concurrent.futures.process import BrokenProcessPool

        with self.lock:
            if self.written:
                return
            if self.future is not None:
                try:
                    self.future.result()
                    self.written = True
                    return
                except BrokenProcessPool:  # a worker died (killed, out of memory): the part is written here
                    if cancelled.is_set():  # the build failed and stopped the workers: no part is needed
                        raise
            self.function(*self.args)
            self.written = True


class GraphFileParts:
    """The graph files of one build, written in parts by ``submit(function, *args)`` (a worker
    process's future, or None when there is none: then a part is written here when it is needed).

    :meth:`start` writes the runs of graphs whose sorted N-Triples are ready; :meth:`finish`
    the rest, once every graph's are; :meth:`write` joins them into an output folder, in threads
    (copying and hashing release the GIL) that :meth:`wait` waits for. After a failure,
    :meth:`cancel` before stopping the workers, then :meth:`wait`.
    """

    def __init__(self, folder: Path, submit, workers: int):
        self.folder, self.submit, self.workers = Path(folder), submit, max(1, workers)
        self.folder.mkdir()
        self.runs: dict[tuple, dict[str, _Part]] = {}  # a run of graphs → kind → its part
        self.order: list[tuple] = []  # the runs in file order
        self.union: list[_Part] = []  # range by range
        self._count = itertools.count()
        self._cancelled = threading.Event()
        self._joining: ThreadPoolExecutor | None = None
        self._joins: list = []

    def _part(self, paths: tuple, function, *args) -> _Part:
        return _Part(paths, function, args, self.submit(function, *args))

    def _submit_run(self, graphs, dumps: dict) -> tuple:
        run = tuple(graphs)
        number = next(self._count)
        self.runs[run] = {kind: self._part((path,), write_dataset_part, kind, list(run), [str(dumps[g]) for g in run],
                                           str(path))
                          for kind in _DATASET_FORMATS for path in [self.folder / f"{kind}-{number:04d}"]}
        return run

    def start(self, dumps: dict, later) -> None:
        """Write the runs of the graphs of ``dumps`` (IRI → sorted N-Triples file) that no graph of
        ``later`` (IRIs that may still come) can split."""
        for run in graph_runs(dumps, later):
            self._submit_run(run, dumps)

    def finish(self, graphs, dumps: dict) -> None:
        """Write what is left of the files of ``graphs`` (IRIs; ``dumps`` has each one's sorted
        N-Triples file): the runs not written yet, and the union's ranges."""
        graphs = sorted(graphs)
        position, late = 0, []
        while position < len(graphs):
            run = next((r for r in self.runs if tuple(graphs[position:position + len(r)]) == r), None)
            if run is None:
                late.append(graphs[position])
                position += 1
                continue
            if late:
                self.order.append(self._submit_run(late, dumps))
                late = []
            self.order.append(run)
            position += len(run)
        if late:
            self.order.append(self._submit_run(late, dumps))
        files = [str(dumps[g]) for g in graphs]
        cuts = subject_cuts(files, 2 * self.workers)
        for start, stop in zip([None, *cuts], [*cuts, None]):
            number = next(self._count)
            paths = (self.folder / f"nt-{number:04d}", self.folder / f"ttl-{number:04d}")
            self.union.append(self._part(paths, write_union_part, files, start, stop, *map(str, paths)))

    def write(self, out) -> None:
        """Join the parts into ``out`` (:class:`policykg.loaders.output_folder.OutputFolder`), each
        file in a thread of its own as soon as its parts are written (once: a second call does nothing)."""
        if self._joining is not None:
            return

        def join(name: str, kind: str, parts: list[_Part], index: int) -> None:
            for part in parts:
                if self._cancelled.is_set():
                    return
                part.wait(self._cancelled)
            if not self._cancelled.is_set():
                out.write_with(name, lambda f: join_parts(kind, [p.paths[index] for p in parts], f))

        files = [("graph.trig", "trig", [self.runs[run]["trig"] for run in self.order], 0),
                 ("graph.jsonld", "jsonld", [self.runs[run]["jsonld"] for run in self.order], 0),
                 ("graph.nt", "nt", self.union, 0), ("graph.ttl", "ttl", self.union, 1)]
        self._joining = ThreadPoolExecutor(max_workers=len(files), thread_name_prefix="policykg-join")
        self._joins = [self._joining.submit(join, *file) for file in files]

    def cancel(self) -> None:
        """The build failed: the threads stop at their next step, a part no worker wrote is not written here."""
        self._cancelled.set()

    def wait(self) -> None:
        """Wait for the joined files (raising the first error) and remove the parts."""
        try:
            for join in self._joins:
                join.result()
        finally:
            if self._joining is not None:
                self._cancelled.set()  # after an error, the other threads stop too
                self._joining.shutdown(wait=True)
            shutil.rmtree(self.folder, ignore_errors=True)
