"""A researcher's own SKOS vocabularies (``--vocab my-terms.ttl``), merged with the packaged
technologies at build time, so a new domain needs no code.

A vocabulary file is SKOS Turtle: each ``skos:Concept`` with one ``skos:prefLabel`` in zh-Hant
and one in en, ``skos:altLabel`` / ``skos:hiddenLabel`` for the variants a plan writes, and
``skos:broader`` to its parent — another concept of the file or a packaged technology
(``tech:energy-and-net-zero`` …). Its concepts become technologies (``pkg:Technology``,
``skos:inScheme`` the technology scheme, besides their own scheme); a file may also add labels to
a packaged technology (``tech:solar-photovoltaics skos:altLabel "光電"@zh-Hant``). Each file is
checked with ``graph/vocabulary_shapes.ttl`` together with the packaged technologies; a file that
is not Turtle or breaks a shape raises :class:`~policykg.errors.VocabularyError` naming the file
(and line), before anything is built or written.

Example
-------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "terms.ttl"
>>> _ = path.write_text('''@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... <https://example.org/terms/heat-storage> a skos:Concept ;
...     skos:prefLabel "儲熱"@zh-Hant , "thermal energy storage"@en ;
...     skos:broader <https://w3id.org/policykg/id/tech/energy-storage> .''', encoding="utf-8")
>>> vocabulary = load_domain_vocabularies([path])
>>> [m.concept_iri for m in vocabulary.matcher.find("發展儲熱與儲能")]
['https://example.org/terms/heat-storage', 'https://w3id.org/policykg/id/tech/energy-storage']
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from policykg.errors import VocabularyError
from policykg.graph.namespaces import PKG, RDF, SKOS
from policykg.loaders.mentions import TECHNOLOGY_SCHEME, VocabularyMatcher, technology_graph

__all__ = ["DomainVocabulary", "load_domain_vocabularies", "domain_vocabulary"]


@dataclass(frozen=True)
class DomainVocabulary:
    """Extra vocabulary files merged: ``graph`` (their triples, concepts typed as technologies),
    ``matcher`` (packaged + extra technology labels) and the ``files`` read."""

    graph: Graph
    matcher: VocabularyMatcher
    files: tuple[str, ...]


def _parse(path: Path) -> Graph:
    graph = Graph()
    try:
        data = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VocabularyError(path, None, f"cannot read the vocabulary ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise VocabularyError(path, None, "the vocabulary is not UTF-8 text") from exc
    try:
        graph.parse(data=data, format="turtle")
    except Exception as exc:  # rdflib raises BadSyntax and others for broken Turtle
        line = getattr(exc, "lines", None)
        reason = getattr(exc, "_why", None) or str(exc).splitlines()[0]
        raise VocabularyError(path, line + 1 if isinstance(line, int) else None, f"not valid Turtle ({reason})") from exc
    concepts = {c for c in graph.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}
    labelled = {c for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for c in graph.subjects(prop, None)}
    if not concepts and not labelled:
        raise VocabularyError(path, None, "the vocabulary has no skos:Concept and adds no labels")
    for concept in concepts:
        graph.add((concept, RDF.type, PKG.Technology))
        graph.add((concept, SKOS.inScheme, URIRef(TECHNOLOGY_SCHEME)))
    return graph


def _label_of(graph: Graph, node) -> str:
    for label in graph.objects(node, SKOS.prefLabel):
        return f"{node} ({label})"
    return str(node)


def _check_shapes(path: Path, extra: Graph, merged: Graph) -> None:
    import pyshacl

    from policykg.graph.validate import shapes_graph

    conforms, results, _ = pyshacl.validate(merged, shacl_graph=shapes_graph("vocabulary_shapes.ttl"))
    if conforms:
        return
    own = set(extra.subjects())
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if focus not in own:
            continue
        message = results.value(result, SH.resultMessage)
        problems.append(f"{_label_of(merged, focus)}: {message}")
    if problems:
        problems.sort()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise VocabularyError(path, None, f"breaks graph/vocabulary_shapes.ttl: {problems[0]}{more}")


def _check_labels(path: Path, extra: Graph, merged: Graph) -> None:
    """One label belongs to one concept (the mention matcher relies on it)."""
    own = {str(s) for s in extra.subjects()}
    for label, concepts in sorted(VocabularyMatcher.from_graph(merged, TECHNOLOGY_SCHEME).shared_labels.items()):
        if concepts & own:
            names = ", ".join(sorted(concepts))
            raise VocabularyError(path, None, f"the label {label!r} belongs to more than one concept ({names})")


def load_domain_vocabularies(paths) -> DomainVocabulary:
    """Read, check and merge vocabulary files (in order) with the packaged technologies."""
    files = tuple(str(p) for p in paths)
    extra = Graph()
    merged = Graph()
    merged += technology_graph()
    for name in files:
        path = Path(name)
        graph = _parse(path)
        candidate = Graph()
        candidate += merged
        candidate += graph
        _check_shapes(path, graph, candidate)
        _check_labels(path, graph, candidate)
        merged = candidate
        extra += graph
    matcher = VocabularyMatcher.from_graph(merged, TECHNOLOGY_SCHEME)
    return DomainVocabulary(extra, matcher, files)


def domain_vocabulary(vocabularies) -> DomainVocabulary | None:
    """``vocabularies`` as a :class:`DomainVocabulary`: None or empty → None, an already loaded
    one as it is, file paths → :func:`load_domain_vocabularies`."""
    if not vocabularies:
        return None
    if isinstance(vocabularies, DomainVocabulary):
        return vocabularies
    if isinstance(vocabularies, (str, Path)):
        vocabularies = [vocabularies]
    return load_domain_vocabularies(vocabularies)
