"""One RDF writer for every format: Oxigraph (Rust) writes Turtle, N-Triples, TriG and JSON-LD.

Every graph file of a build comes out of the same writer, so ``graph.ttl``, ``graph.nt``,
``graph.trig`` and ``graph.jsonld`` hold literally the same terms: a decimal keeps its lexical
form (``"170000000000"^^xsd:decimal``, never rdflib's Turtle shorthand ``170000000000.0``, which
is a different literal), and language tags are written in lower case (``zh-hant``: RDF compares
tags case-insensitively and Oxigraph keeps their value-space form, whatever case the source used).

* ``graph.ttl`` and ``graph.nt``: the union of every plan graph and the vocabularies, as triples;
* ``graph.trig`` and ``graph.jsonld``: one named graph per plan plus the vocabularies graph.
  A JSON-LD file with named graphs is a *dataset*: ``rdflib.Dataset().parse(path, format="json-ld")``
  reads it, ``rdflib.Graph().parse(path)`` gives 0 triples (the default graph is empty by design,
  as in ``graph.trig``; read ``graph.ttl`` or ``graph.nt`` for one merged graph).

Files list graphs by name and triples in sorted N-Triples order: the same graph gives
byte-identical files, and Turtle groups each subject's triples. Turtle and TriG use the prefixes of :func:`policykg.graph.namespaces.bind_prefixes`.

Example
-------
>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph()
>>> _ = g.add((URIRef("urn:b"), URIRef("urn:p"), Literal("乙"))).add((URIRef("urn:a"), URIRef("urn:p"), Literal("甲")))
>>> print(sorted_ntriples(g), end="")
<urn:a> <urn:p> "甲" .
<urn:b> <urn:p> "乙" .
"""
from __future__ import annotations

import itertools
import mmap
import operator
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from policykg.loaders.ntriples import in_graph

__all__ = [
    "GRAPH_FILES",
    "output_prefixes",
    "to_oxigraph_term",
    "oxigraph_quads",
    "quads_store",
    "load_graph",
    "serialize_quads",
    "sort_lines",
    "sorted_ntriples",
    "store_sorted_ntriples",
    "write_graph_files",
]

#: file name → what it holds: the merged union (triples) or the dataset (named graphs)
GRAPH_FILES = {"graph.ttl": "union", "graph.nt": "union", "graph.trig": "dataset", "graph.jsonld": "dataset"}

_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}


@lru_cache(maxsize=1)
def output_prefixes() -> dict[str, str]:
    """Prefix → namespace written into Turtle and TriG (pkg, org, time, prov, skos, …).

    ``pkid:`` is left out: instance IRIs have ``/`` and ``%`` in their local part, which Turtle
    would have to write escaped (``pkid:agency\\/\\%E5…``); full IRIs read better.
    """
    from policykg.graph.namespaces import bind_prefixes

    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    prefixes = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "xsd": "http://www.w3.org/2001/XMLSchema#"}
    prefixes.update({prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix != "pkid"})
    return dict(sorted(prefixes.items()))


def to_oxigraph_term(term, _datatypes: dict = {}):  # noqa: B006 - a cache of datatype IRIs, never returned
    """An rdflib term as a pyoxigraph term.

    >>> to_oxigraph_term(Literal("甲", lang="zh-Hant")), to_oxigraph_term(URIRef("urn:a"))
    (<Literal value=甲 language=zh-hant>, <NamedNode value=urn:a>)
    """
    kind = type(term)
    if kind is URIRef:
        return ox.NamedNode(term)
    if kind is Literal:
        if term.language:
            return ox.Literal(term, language=term.language)
        datatype = term.datatype
        if datatype is None:
            return ox.Literal(term)
        node = _datatypes.get(datatype)
        if node is None:
            node = _datatypes[datatype] = ox.NamedNode(datatype)
        return ox.Literal(term, datatype=node)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return to_oxigraph_term(Literal(str(term), lang=term.language, datatype=term.datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_quads(named_graphs: dict) -> list:
    """Quads of ``{graph IRI: rdflib Graph or iterable of (s, p, o)}`` as pyoxigraph quads.

    Each term is converted where it occurs: a cache keyed by rdflib terms costs more than it
    saves (rdflib hashes its terms in Python).
    """
    quads = []
    convert, quad = to_oxigraph_term, ox.Quad
    for name, graph in named_graphs.items():
        context = ox.NamedNode(str(name)) if name is not None else ox.DefaultGraph()
        quads.extend(quad(convert(s), convert(p), convert(o), context) for s, p, o in graph)
    return quads


def load_graph(store: ox.Store, graph: Graph, graph_name) -> None:
    """Add an rdflib graph's triples to ``store`` as the named graph ``graph_name`` (IRI string).

    rdflib writes N-Triples and Oxigraph bulk-loads them: several times faster than converting
    terms one by one in Python.
    """
    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(graph_name)))


def quads_store(quads) -> ox.Store:
    """A new in-memory Oxigraph store holding ``quads``."""
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def serialize_quads(quads, format: str) -> bytes:
    """Serialize quads as ``nquads``, ``trig`` or ``json-ld``; their triples as ``nt`` or ``turtle``."""
    if format not in _FORMATS:
        raise ValueError(f"unknown RDF format {format!r} (choose {', '.join(_FORMATS)})")
    if format in {"nt", "turtle"}:
        quads = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    prefixes = output_prefixes() if format in {"turtle", "trig"} else None
    return ox.serialize(quads, format=_FORMATS[format], prefixes=prefixes)


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.split(b"\n") if line.strip()})
    return b"\n".join(lines) + b"\n"


def _graph_quads(graph_name, ntriples: bytes):
    """Quads of one graph's sorted N-Triples, parsed as N-Quads (no Python re-wrapping of triples:
    :func:`policykg.loaders.ntriples.in_graph`). The lines come from Oxigraph's own writer, so they
    are parsed ``lenient`` (no IRI and language tag re-validation: about twice as fast).

    >>> [str(q.graph_name) for q in _graph_quads(ox.NamedNode("urn:g"), b'<urn:a> <urn:p> "x .\\\\n" .\\n')]
    ['<urn:g>']
    """
    return ox.parse(in_graph(ntriples, graph_name.value), format=ox.RdfFormat.N_QUADS, lenient=True)


def _sorted_dump(store: ox.Store, graph) -> bytes:
    """One graph's N-Triples, lines sorted (``Store.dump`` releases the GIL, the sort holds it).

    A store holds each quad once, so a graph's lines are already distinct: no ``set()``.
    """
    return sort_lines(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph))


def sort_lines(data: bytes) -> bytes:
    r"""Whole lines (each ending in a newline) sorted, in C.

    >>> sort_lines(b"<b> .\n<a> .\n")
    b'<a> .\n<b> .\n'
    """
    lines = data.split(b"\n")
    lines.pop()  # the empty string after the last newline
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


def store_sorted_ntriples(ntriples: bytes) -> bytes:
    r"""N-Triples as an Oxigraph store gives them back, lines sorted: what :func:`write_graph_files`
    dumps of a graph loaded from ``ntriples``, made without reading the store (an on-disk store's
    dump is the slow part of the exports). ``ntriples`` are one triple a line, terms apart by one
    space, as :func:`policykg.loaders.ntriples.ntriples_bytes` writes them.

    The store writes some terms otherwise: numbers in canonical form, language tags in lower case,
    control characters escaped, blank nodes renamed. Tags are put in lower case here, and decimals'
    trailing zeros dropped (``"0.550"`` → ``"0.55"``: the analysis writes scores so); the lines
    with another typed literal not already canonical (:data:`_CANONICAL`), a control character, another
    escape or a blank node go through an in-memory store, which encodes terms as the on-disk one
    does; the rest, most lines, are sorted as they are (about 3× faster than a store for a plan).

    >>> store_sorted_ntriples(b'<urn:b> <urn:p> "x"@zh-Hant .\n<urn:a> <urn:p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    b'<urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n<urn:b> <urn:p> "x"@zh-hant .\n'
    """
    if ntriples and not ntriples.endswith(b"\n"):
        ntriples += b"\n"
    ntriples = _UPPER_CASE_TAG.sub(_lower_case, ntriples)
    rewrite = _lines_the_store_rewrites(ntriples)
    lines = ntriples.split(b"\n")
    lines.pop()  # the empty string after the last newline
    if rewrite:
        kept = [new for line in lines if (new := rewrite.get(line, line)) is not None]
        others = [line for line, new in rewrite.items() if new is None]
        if others:
            store = ox.Store()
            store.bulk_load(b"\n".join(others) + b"\n", format=ox.RdfFormat.N_TRIPLES)
            kept += store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).split(b"\n")[:-1]
        lines = kept
    lines.sort()
    if any(map(operator.eq, lines, itertools.islice(lines, 1, None))):  # a store holds each triple once
        lines = sorted(set(lines))
    return b"\n".join(lines) + b"\n" if lines else b""


#: typed literals the store writes back as they are, by datatype: the lexical forms Oxigraph 0.5
#: keeps (tests/test_rdf_formats.py checks each against the store)
_CANONICAL_FORMS = {
    "integer": rb"0|-?[1-9][0-9]*",
    "decimal": rb"0|-?[1-9][0-9]*|-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9]",
    "gYear": rb"[0-9]{4}",
    "gYearMonth": rb"[0-9]{4}-[0-9]{2}",
    "date": rb"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "boolean": rb"true|false",
}
_CANONICAL = {f"<{XSD}{name}>".encode(): re.compile(form) for name, form in _CANONICAL_FORMS.items()}
_DECIMAL_TYPE = f"<{XSD}decimal>".encode()
#: a decimal the store writes without its trailing zeros (whole part and fraction), within the
#: 18 digits either side of the point its decimals hold (beyond them it keeps the text as it is)
_DECIMAL = re.compile(rb"(-?(?:0|[1-9][0-9]{0,17}))\.([0-9]{1,18})")
#: a line ending in a typed literal of :data:`_CANONICAL_FORMS` (counted against all typed literals)
_CANONICAL_TYPED = re.compile(rb'"(?:' + b"|".join(
    b"(?:" + form + rb')"\^\^<' + re.escape(f"{XSD}{name}".encode()) + b">" for name, form in _CANONICAL_FORMS.items())
    + rb") \.$", re.MULTILINE)
#: control characters: the store writes them as \t, \uXXXX … (a line break ends a line)
_CONTROLS = bytes(c for c in [*range(0x20), 0x7F] if c != 0x0A)
_CONTROL = re.compile(b"[" + re.escape(_CONTROLS) + b"]")
#: an escape in a string: one ntriples_bytes writes (\\ \" \n \r), or another (group 1)
_ESCAPE = re.compile(rb'\\(?:[\\"nr]|(.))', re.DOTALL)
#: a language tag with an upper-case letter, at the end of a line (a string's own quotes are escaped)
_UPPER_CASE_TAG = re.compile(rb'"@[a-z0-9-]*[A-Z][A-Za-z0-9-]* \.$', re.MULTILINE)


def _lower_case(match) -> bytes:
    return match.group(0).lower()


def _lines_the_store_rewrites(ntriples: bytes) -> dict:
    """The lines of ``ntriples`` (tags in lower case) an Oxigraph store writes back otherwise, each
    to the line it becomes (a decimal's trailing zeros dropped), or to None (made by a store)."""
    found: dict = {}

    def line_around(position: int) -> tuple[int, int]:
        return ntriples.rfind(b"\n", 0, position) + 1, ntriples.index(b"\n", position)

    def line_at(position: int) -> bytes:
        begin, end = line_around(position)
        return ntriples[begin:end]

    all_canonical = ntriples.count(b'"^^<') == len(_CANONICAL_TYPED.findall(ntriples))  # the usual case, in C
    position = -1 if all_canonical else ntriples.find(b'"^^<')
    while position >= 0:  # typed literals (a quote inside a string is escaped: \")
        start = ntriples.rfind(b'"', 0, position) + 1
        datatype = ntriples[position + 3:ntriples.find(b"> .\n", position) + 1]
        pattern = _CANONICAL.get(datatype)
        if pattern is None or ntriples[position - 1] == 0x5C or not pattern.fullmatch(ntriples, start, position):
            begin, end = line_around(position)
            decimal = _DECIMAL.fullmatch(ntriples, start, position) if datatype == _DECIMAL_TYPE else None
            if decimal is None:
                found[ntriples[begin:end]] = None
            else:  # 1.500 → 1.5, 1.000 → 1, -0.0 → 0
                whole, fraction = decimal.group(1), decimal.group(2).rstrip(b"0")
                lexical = whole + b"." + fraction if fraction else b"0" if whole == b"-0" else whole
                found[ntriples[begin:end]] = ntriples[begin:start] + lexical + ntriples[position:end]
        position = ntriples.find(b'"^^<', position + 4)
    if len(ntriples.translate(None, _CONTROLS)) != len(ntriples):
        found.update((line_at(match.start()), None) for match in _CONTROL.finditer(ntriples))
    if b"\\" in ntriples:  # escapes the store writes otherwise (\\u00E9 for é, say)
        found.update((line_at(match.start()), None) for match in _ESCAPE.finditer(ntriples) if match.group(1))
    position = ntriples.find(b"_:")
    while position >= 0:  # blank nodes (or "_:" in a string: rewritten all the same)
        found[line_at(position)] = None
        position = ntriples.find(b"_:", position + 2)
    return found


#: about this many bytes per block of the merged union: big enough for C-speed sorts and parses,
#: small enough to stream; the blocks are cut at lines sampled every _SAMPLE_BYTES of every graph
_UNION_BLOCK_BYTES = 1 << 22
_SAMPLE_BYTES = 1 << 16


def _line_from(data: bytes, offset: int) -> bytes | None:
    """The first whole line of ``data`` that starts at or after ``offset`` (at least 1), or None."""
    start = data.find(b"\n", offset - 1) + 1
    return data[start:data.index(b"\n", start) + 1] if 0 < start < len(data) else None


def _end_below(data: bytes, start: int, key: bytes) -> int:
    """Where the lines of ``data[start:]`` (sorted, whole lines) that sort before ``key`` end: a binary search."""
    low, high = start, len(data)
    while low < high:
        middle = (low + high) // 2
        line = data.rfind(b"\n", low, middle) + 1 or low
        end = data.find(b"\n", line) + 1  # find, not index: an mmap has no index()
        if data[line:end] < key:
            low = end
        else:
            high = line
    return low


class _FileLines:
    """The sorted lines of an N-Triples file, read in chunks of whole lines: :func:`_union_blocks`
    takes them block by block, so a corpus's graphs are never all in memory at once.
    ``keep_open=False``: the file is closed between takes (more graphs than files a process may open)."""

    CHUNK = 1 << 18

    def __init__(self, path, keep_open: bool = True):
        self.path = path
        self.keep_open = keep_open
        self.file = None
        self.offset = 0  # where the lines not read yet start in the file
        self.done = False  # every line is read (into the buffer)
        self.buffer = b""

    def size(self) -> int:
        return os.path.getsize(self.path)

    def line_from(self, offset: int) -> bytes | None:
        """The first whole line that starts after ``offset`` (at least 1), or None."""
        with open(self.path, "rb") as f:
            f.seek(offset - 1)
            f.readline()  # the rest of the line holding byte offset - 1
            return f.readline() or None

    def skip_below(self, key: bytes) -> None:
        """Leave out the lines that sort before ``key`` (a binary search of the file, not a read)."""
        self._close()
        self.offset, self.buffer, self.done = 0, b"", False
        if self.size():
            with open(self.path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                self.offset = _end_below(data, 0, key)

    def _close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def _read(self, size: int) -> bytes:
        """The next ``size`` bytes (all for -1), up to the end of a line."""
        if self.file is None:
            self.file = open(self.path, "rb")
            self.file.seek(self.offset)
        chunk = self.file.read(size)
        if chunk and not chunk.endswith(b"\n"):
            chunk += self.file.readline()
        self.offset = self.file.tell()
        return chunk

    def take_below(self, key: bytes | None) -> bytes:
        """The lines not taken yet that sort before ``key`` (all of them for None)."""
        try:
            while True:
                last = self.buffer.rfind(b"\n", 0, len(self.buffer) - 1) + 1
                if key is not None and self.buffer and self.buffer[last:] >= key:  # the cut is in the buffer
                    end = _end_below(self.buffer, 0, key)
                    taken, self.buffer = self.buffer[:end], self.buffer[end:]
                    return taken
                if self.done:  # every line read, and all of them before key
                    taken, self.buffer = self.buffer, b""
                    return taken
                chunk = self._read(self.CHUNK if key is not None else -1)
                if not chunk:
                    self.done = True
                    self._close()
                self.buffer += chunk
        finally:
            if not self.keep_open:
                self._close()


#: files a process keeps open beside the graphs' while it merges them (its own, the store's, …)
_SPARE_FILES = 256


def _can_keep_open(files: int) -> bool:
    """Whether ``files`` graph files can stay open at once: raises this process's soft limit on open
    files up to its hard limit if need be (1,024 or 256 by default on many systems)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not a POSIX system
        return files + _SPARE_FILES <= 512
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = files + _SPARE_FILES
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return True
    raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
    except (ValueError, OSError):
        return False
    return raised >= wanted


class _BytesLines:
    """The sorted lines of N-Triples bytes, taken block by block (binary search)."""

    def __init__(self, data: bytes):
        self.data, self.start = data, 0

    def size(self) -> int:
        return len(self.data)

    def line_from(self, offset: int) -> bytes | None:
        return _line_from(self.data, offset)

    def skip_below(self, key: bytes) -> None:
        self.start = _end_below(self.data, self.start, key)

    def take_below(self, key: bytes | None):
        end = len(self.data) if key is None else _end_below(self.data, self.start, key)
        taken, self.start = memoryview(self.data)[self.start:end], end
        return taken


def _sorted_lines_of(dump, keep_open: bool = True):
    return _BytesLines(dump) if isinstance(dump, (bytes, bytearray)) else _FileLines(dump, keep_open)


def _sampled_lines(sources: list, sample_bytes: int | None = None) -> list[bytes]:
    """The distinct lines found every ``sample_bytes`` (``_SAMPLE_BYTES``) of each graph, sorted."""
    every = sample_bytes or _SAMPLE_BYTES
    return sorted({line for source in sources for offset in range(every, source.size(), every)
                   if (line := source.line_from(offset)) is not None})


def _block_keys(sources: list) -> list[bytes]:
    """Lines that cut the union of the graphs into blocks of about ``_UNION_BLOCK_BYTES``."""
    step = max(1, _UNION_BLOCK_BYTES // _SAMPLE_BYTES)
    return _sampled_lines(sources)[step - 1::step]


def _union_blocks(dumps: list, start: bytes | None = None, stop: bytes | None = None):
    """The sorted, de-duplicated lines of all graphs in blocks of whole lines (never all in memory at once).

    ``dumps``: each graph's sorted N-Triples, as bytes or as the path of a file holding them.
    ``start`` / ``stop``: only the lines from ``start`` and below ``stop`` (a range of the union).
    A block holds every graph's lines below its key and is sorted in C; copies of a line are in
    one block, next to each other, and ``groupby`` keeps one.

    >>> list(_union_blocks([b"<a> <p> <b> .\\n<c> <p> <d> .\\n", b"<a> <p> <b> .\\n"]))
    [b'<a> <p> <b> .\\n<c> <p> <d> .\\n']
    """
    keep_open = _can_keep_open(sum(not isinstance(dump, (bytes, bytearray)) for dump in dumps))
    sources = [_sorted_lines_of(dump, keep_open) for dump in dumps]
    keys = [key for key in _block_keys(sources) if (start is None or key > start) and (stop is None or key < stop)]
    if start is not None:
        for source in sources:
            source.skip_below(start)
    for key in [*keys, stop]:
        parts = [part for part in (source.take_below(key) for source in sources) if len(part)]
        if len(parts) == 1:  # one graph's lines: sorted and distinct already
            yield bytes(parts[0])
        elif parts:
            lines = b"".join(parts).split(b"\n")
            lines.pop()  # the empty string after the last newline
            lines.sort()
            yield b"\n".join(map(itemgetter(0), itertools.groupby(lines))) + b"\n"


def _write_together(folder, names: tuple, write) -> None:
    """Stage the files ``names`` at once: ``write(*files)`` gets their open binary files, in that order."""
    def stage(files: list) -> None:
        if len(files) == len(names):
            write(*files)
        else:
            folder.write_with(names[len(files)], lambda f: stage(files + [f]))

    stage([])


def _serialize_union(ntriples_file, turtle_file, dumps: list[bytes], start: bytes | None = None,
                     stop: bytes | None = None) -> None:
    """graph.nt and graph.ttl from one merge of the graphs: each block goes to both files
    (``start`` / ``stop``: one range of the union, :func:`_union_blocks`)."""
    def parsed(block: bytes):
        ntriples_file.write(block)
        return ox.parse(block, format=ox.RdfFormat.N_TRIPLES, lenient=True)

    triples = itertools.chain.from_iterable(map(parsed, _union_blocks(dumps, start, stop)))
    ox.serialize(triples, turtle_file, format=ox.RdfFormat.TURTLE, prefixes=output_prefixes())


def _serialize_datasets(trig_file, jsonld_file, graphs: list, dumps: list) -> None:
    """graph.trig here and graph.jsonld in a second thread, graph by graph (a graph's lines are
    read from its file when its turn comes; ``dumps`` holds bytes, a path, or the future of a dump).

    ``ox.serialize`` holds the GIL, so the two do not run at once; they keep the main thread busy
    while the dumps (no GIL) go on.
    """
    def lines(dump) -> bytes:
        if isinstance(dump, (bytes, bytearray)):
            return dump
        return dump.result() if hasattr(dump, "result") else Path(dump).read_bytes()

    def serialize(f, **options) -> None:
        quads = itertools.chain.from_iterable(_graph_quads(graph, lines(dump)) for graph, dump in zip(graphs, dumps))
        ox.serialize(quads, f, **options)

    with ThreadPoolExecutor(max_workers=1) as second:
        jsonld = second.submit(serialize, jsonld_file, format=ox.RdfFormat.JSON_LD)
        serialize(trig_file, format=ox.RdfFormat.TRIG, prefixes=output_prefixes())
        jsonld.result()


def write_graph_files(folder, store: ox.Store, dumps: dict | None = None) -> None:
    """Stage graph.ttl, graph.nt, graph.trig and graph.jsonld of ``store``'s named graphs in an OutputFolder.

    ``dumps``: graph IRI → the path of a file holding that graph's sorted N-Triples
    (:func:`store_sorted_ntriples`), made already: those graphs are not dumped from the store,
    and their lines are read from the files as they are written out, never all at once.

    Every file lists its graphs by name and each graph's triples in N-Triples order, so the same
    store gives byte-identical files and Turtle groups each subject's triples. The other graphs
    are dumped from the store once each (in threads: the slow part for an on-disk store); every
    file is written from those dumps, streaming (memory: those dumps and one block of a few MB):
    graph.trig and graph.jsonld as the dumps come in, then graph.nt and graph.ttl from one merge.
    """
    graphs = sorted(store.named_graphs(), key=str)
    dumps = dumps or {}
    with ThreadPoolExecutor(max_workers=max(1, min(len(graphs), os.cpu_count() or 1))) as pool:
        dumping = [dumps[graph.value] if graph.value in dumps else pool.submit(_sorted_dump, store, graph)
                   for graph in graphs]
        try:
            _write_together(folder, ("graph.trig", "graph.jsonld"),
                            lambda trig, jsonld: _serialize_datasets(trig, jsonld, graphs, dumping))
        finally:
            pool.shutdown(cancel_futures=True)  # on a failure, the dumps not begun yet
    sources = [dump.result() if hasattr(dump, "result") else dump for dump in dumping]
    _write_together(folder, ("graph.nt", "graph.ttl"), lambda nt, ttl: _serialize_union(nt, ttl, sources))


def sorted_ntriples(graph: Graph) -> str:
    """N-Triples sorted line by line and de-duplicated: byte-identical for the same graph."""
    return _sorted_lines(serialize_quads(oxigraph_quads({None: graph}), "nt")).decode("utf-8")
