"""Analysis commands: ``overlaps``, ``dependencies``, ``diff``, ``compare`` (``--table``, ``--csv``, ``--json``)."""
from __future__ import annotations

import click
import pandas as pd

from policykg.commands._options import level_option
from policykg.output import emit_frame, emit_frames, make_console, output_options

from policykg.cli_options import vocabulary_option

__all__ = ["register", "overlaps", "dependencies", "diff", "compare"]

console = make_console()

_PLANS = click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
_LIMIT = click.option("--limit", default=40, show_default=True, help="Rows shown in the table (not in --csv / --json).")
_JUDGEMENTS = click.option("--judgements", "judgements", type=click.Path(exists=True, dir_okay=False),
                           help="A researcher's verdicts (TSV: kind, source, target, verdict, reason); rejected rows are dropped. "
                                "Default: the workspace's judgements.tsv when no PLANS are given.")
_SHOW_REJECTED = click.option("--show-rejected", is_flag=True,
                              help="With --judgements: keep the rejected rows, marked in the judgement column.")


def _source(plans, vocabularies=()):
    """One Plan for zero or one path, a Corpus for several."""
    from policykg.corpus import Corpus
    from policykg.workspace import reading_plans

    # no PLANS: the workspace's plans, else the shipped plan
    loaded = reading_plans(plans, vocabularies=vocabularies)
    return loaded[0] if len(loaded) == 1 else Corpus.from_plans(loaded)


def _judgements_file(plans, given):
    """``--judgements``, else (reading the workspace, no PLANS) the workspace's ``judgements.tsv`` if there is one."""
    from policykg.workspace import JUDGEMENTS_FILE, workspace_path

    if given or plans:
        return given
    found = workspace_path() / JUDGEMENTS_FILE
    return str(found) if found.is_file() else None


def _show(frame: pd.DataFrame, columns: list[str], title: str, output: str, limit: int) -> None:
    """The chosen columns as a table (first ``limit`` rows); every column in CSV and JSON."""
    emit_frame(frame[columns] if output == "table" else frame, output, title=title, limit=limit)


@click.command()
@_PLANS
@click.option("--min-score", default=0.25, show_default=True, help="Lowest overlap score kept.")
@click.option("--text-threshold", default=0.3, show_default=True, help="Cosine at which the text signal fires.")
@click.option("--scope", type=click.Choice(["cross_strategy", "cross_pillar", "all"]), default="cross_strategy",
              show_default=True, help="Which pairs count: different strategies, different pillars, or all.")
@click.option("--method", default="tfidf", show_default=True, help="Text similarity method (tfidf, tfidf_words).")
@click.option("--write", "write_path", type=click.Path(dir_okay=False), help="Also write the graph with the edges (Turtle/TriG).")
@vocabulary_option
@_JUDGEMENTS
@_SHOW_REJECTED
@output_options
@_LIMIT
def overlaps(plans, min_score, text_threshold, scope, method, write_path, vocabularies, judgements, show_rejected,
             output, limit):
    """Overlapping measures (pkg:overlapsWith) with a score, the signals that fired and the words both write.

    With several PLANS, pairs across plans count too.

    \b
    Example:
      policykg overlaps
      policykg overlaps --scope cross_pillar --min-score 0.3 --csv > overlaps.csv
      policykg overlaps --judgements judgements.tsv --show-rejected
    """
    from policykg.analysis.overlaps import overlaps as find, write_overlaps

    source = _source(plans, vocabularies)
    judgements = _judgements_file(plans, judgements)
    frame = find(source, min_score=min_score, text_threshold=text_threshold, scope=scope, method=method,
                 judgements=judgements, show_rejected=show_rejected)
    if write_path:
        write_overlaps(source, frame[frame.judgement != "rejected"])
        _write_graph(source, write_path)
    columns = ["identifier_a", "measure_a", "identifier_b", "measure_b", "score", "signals", "shared_words"]
    _show(frame, columns + (["judgement"] if judgements else []), "overlaps", output, limit)


@click.command()
@_PLANS
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["shared_infrastructure", "cross_reference", "precedes"]),
              help="Only these kinds (repeatable; default all).")
@click.option("--agencies", is_flag=True, help="Show the agency collaboration network (centralities) instead.")
@level_option("With --agencies: agency: every agency; ministry: agencies folded into their ministries.")
@click.option("--min-confidence", default=0.5, show_default=True,
              help="Lowest confidence kept (0.4 also shows candidates that only share a technology).")
@click.option("--write", "write_path", type=click.Path(dir_okay=False), help="Also write the graph with the edges (Turtle/TriG).")
@vocabulary_option
@_JUDGEMENTS
@_SHOW_REJECTED
@output_options
@_LIMIT
def dependencies(plans, kinds, agencies, level, min_confidence, write_path, vocabularies, judgements, show_rejected,
                 output, limit):
    """Dependencies between measures (pkg:dependsOn / pkg:precedes) with their evidence.

    Kinds: shared_infrastructure (rules in queries/rules/capabilities.tsv), cross_reference
    (cue words + a measure or plan name), precedes (phases of a strategy ordered by period).
    Each row has a confidence, the matched words, a one-sentence why and the source lines.

    \b
    Example:
      policykg dependencies
      policykg dependencies --kind shared_infrastructure --csv > deps.csv
      policykg dependencies --judgements judgements.tsv --show-rejected
      policykg dependencies --agencies --level ministry
    """
    source = _source(plans, vocabularies)
    if agencies:
        from policykg.analysis.collaboration import collaboration_centrality

        frame = collaboration_centrality(source, level=level)
        _show(frame, ["agency", "measures_led", "measures_co_organized", "partners", "weighted_degree",
                      "betweenness", "pagerank"], "agency collaboration", output, limit)
        return
    from policykg.analysis.dependencies import DEPENDENCY_KINDS, dependencies as find, write_dependencies

    judgements = _judgements_file(plans, judgements)
    frame = find(source, kinds=kinds or DEPENDENCY_KINDS, min_confidence=min_confidence, judgements=judgements,
                 show_rejected=show_rejected)
    if write_path:
        write_dependencies(source, frame[frame.judgement != "rejected"])
        _write_graph(source, write_path)
    columns = ["kind", "source_identifier", "source", "target_identifier", "target", "capability", "confidence",
               "matched", "evidence_lines"]
    _show(frame, columns + (["judgement"] if judgements else []), "dependencies", output, limit)


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--min-similarity", default=0.5, show_default=True, help="Lowest text similarity of a measure match.")
@output_options
@_LIMIT
def diff(old, new, min_similarity, output, limit):
    """Changes between two versions of a plan: added / removed / changed / moved measures.

    Measures are matched by content, not by position.

    \b
    Example:
      policykg diff plans/v1.md plans/v2.md
      policykg diff plans/v1.md plans/v2.md --csv > changes.csv
    """
    from policykg.analysis.diff import diff as compute

    frame = compute(old, new, min_similarity=min_similarity)
    _show(frame, ["change", "pillar", "measure", "field", "old", "new"], "changes", output, limit)


@click.command()
@click.argument("a", type=click.Path(exists=True, dir_okay=False))
@click.argument("b", type=click.Path(exists=True, dir_okay=False))
@click.option("--part", type=click.Choice(["entities", "matches", "totals"]), default=None,
              help="Show only one part (required with --csv).")
@vocabulary_option
@output_options
@_LIMIT
def compare(a, b, part, vocabularies, output, limit):
    """Compare two plans: shared and exclusive agencies (through renamings: 科技部 counts as
    國家科學及技術委員會), technologies and regions, matched measures, budget and target totals.

    \b
    Example:
      policykg compare plan-a.md plan-b.md
      policykg compare plan-a.md plan-b.md --part matches --csv > matches.csv
      policykg compare data/plans/ai-new-ten-major-constructions-2026-01.md \
          data/plans/tw-2050-net-zero-pathway-2022-03-30.pdf --part entities --csv | grep ,shared,
    """
    from policykg.corpus import Corpus
    from policykg.errors import PolicyKGError

    if output == "csv" and part is None:
        raise PolicyKGError("--csv needs --part entities, matches or totals")
    corpus = Corpus([a, b], workers=1, vocabularies=vocabularies)
    result = corpus.compare(0, 1)
    parts = {
        "entities": (result.entities, ["kind", "entity", "status", "measures_a", "measures_b", "nodes_a", "nodes_b",
                                       "as_written_a", "as_written_b"]),
        "matches": (result.matches, ["identifier_a", "measure_a", "identifier_b", "measure_b", "similarity"]),
        "totals": (_readable_totals(result.totals) if output == "table" else result.totals,
                   ["metric", "group", "a", "b", "difference"]),
    }
    chosen = {f"{name}: {result.plan_a} vs {result.plan_b}" if output == "table" else name:
              frame[columns] if output == "table" else frame
              for name, (frame, columns) in parts.items() if part in (None, name)}
    emit_frames(chosen, output, limit=limit)


def _readable_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Totals for reading: counts as integers, money and other sums with thousands separators
    (``1,390,000,000``), no decimals that are not there."""

    def number(value) -> str:
        value = float(value)
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")

    shown = totals.copy()
    for column in ("a", "b", "difference"):
        shown[column] = [number(v) for v in totals[column]]
    return shown


def _write_graph(source, path: str) -> None:
    graph = source.rdf
    fmt = "trig" if path.endswith(".trig") or not hasattr(source, "union") else "turtle"
    if fmt == "turtle":
        graph = source.union if hasattr(source, "union") else source.rdf
    graph.serialize(destination=path, format=fmt)
    console.print(f"wrote {path}")


def register(cli) -> None:
    """Add the analysis commands to the ``policykg`` group."""
    for command in (overlaps, dependencies, diff, compare):
        cli.add_command(command)
