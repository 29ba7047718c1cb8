"""Entity parameters of named queries resolved through the agency registry (issue 11).

Which parameter names which kind of entity is data: ``queries/entity_parameters.tsv``
(query, parameter, kind). An agency is found by its full name, any variant or abbreviation the
registry knows (``loaders/agencies.py``), or its English name (with or without the ministry
part); it is bound as the full name the graph stores. An unknown value raises one line with
the nearest registry labels (difflib), never a silent 0 rows.

Example
-------
>>> resolve_entity("agency", "數產署")
'數位發展部數位產業署'
>>> resolve_entity("agency", "administration for digital industries")
'數位發展部數位產業署'
>>> resolve_params("co_organizing_network", {"agency": "數位產業署"})
{'agency': '數位發展部數位產業署'}
"""
from __future__ import annotations

import csv
import difflib
from functools import lru_cache
from pathlib import Path

from policykg.errors import QueryError

__all__ = ["ENTITY_PARAMETERS_PATH", "entity_kinds", "resolve_entity", "resolve_params"]

ENTITY_PARAMETERS_PATH = Path(__file__).resolve().parent / "entity_parameters.tsv"


@lru_cache(maxsize=1)
def entity_kinds() -> dict[tuple[str, str], str]:
    """(query name, parameter name) → entity kind, from ``entity_parameters.tsv``.

    >>> entity_kinds()[("co_organizing_network", "agency")]
    'agency'
    """
    with ENTITY_PARAMETERS_PATH.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return {(row["query"], row["parameter"]): row["kind"] for row in csv.DictReader(lines, delimiter="\t")}


@lru_cache(maxsize=1)
def _agency_index() -> tuple[object, dict[str, str]]:
    """(registry, casefolded English name → full name) with the unit part of each English label
    ('Administration for Digital Industries' of '…, Ministry of Digital Affairs') when unambiguous."""
    from policykg.loaders.agencies import AgencyRegistry

    registry = AgencyRegistry.load()
    english, seen = {}, {}
    for agency in registry:
        if not agency.label_en:
            continue
        english[agency.label_en.casefold()] = agency.full_name
        short = agency.label_en.split(", ")[0].casefold()
        seen.setdefault(short, set()).add(agency.full_name)
    for short, names in seen.items():
        if len(names) == 1:
            english.setdefault(short, next(iter(names)))
    return registry, english


def _agency_labels(registry) -> list[str]:
    labels = set()
    for agency in registry:
        labels.update(filter(None, (agency.full_name, agency.label_zh, agency.label_en, *agency.alt_labels)))
    return sorted(labels)


def resolve_entity(kind: str, value) -> str:
    """The graph's form of an entity named ``value`` (kind ``agency``); QueryError with the nearest matches."""
    if kind != "agency":
        raise QueryError(f"unknown entity kind {kind!r} in {ENTITY_PARAMETERS_PATH.name}")
    registry, english = _agency_index()
    text = " ".join(str(value).split())
    match = registry.resolve_name(text)
    if match is not None:
        return match.agency.full_name
    if text.casefold() in english:
        return english[text.casefold()]
    nearest = difflib.get_close_matches(text, _agency_labels(registry), n=3, cutoff=0.4)
    hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
    raise QueryError(f"unknown agency {text!r} (not in the agency registry{hint})")


def resolve_params(query_name: str, params: dict) -> dict:
    """``params`` with each entity parameter of ``query_name`` resolved to the graph's form."""
    kinds = entity_kinds()
    return {name: resolve_entity(kinds[(query_name, name)], value) if (query_name, name) in kinds else value
            for name, value in params.items()}
