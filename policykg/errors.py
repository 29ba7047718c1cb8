"""One exception hierarchy for policykg (as networkx keeps its exceptions in one place).

Example
-------
>>> from policykg.errors import PlanParseError
>>> str(PlanParseError("plan.md", 12, "table is missing the column 執行內容"))
'plan.md:12: table is missing the column 執行內容'
"""
from __future__ import annotations

__all__ = [
    "PolicyKGError",
    "PlanParseError",
    "VocabularyError",
    "ValidationFailed",
    "StoreUnavailable",
    "QueryError",
]


class PolicyKGError(Exception):
    """Base class of every error policykg raises on purpose."""


class PlanParseError(PolicyKGError):
    """A plan document cannot be read; names the file and the 1-based line."""

    def __init__(self, path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ValidationFailed(PolicyKGError):
    """The graph violates the SHACL shapes; ``report`` holds the text report."""

    def __init__(self, message: str, report: str = ""):
        self.report = report
        super().__init__(message)


class StoreUnavailable(PolicyKGError):
    """A graph store (e.g. Neo4j) cannot be reached or refused us."""


class QueryError(PolicyKGError):
    """A named query is unknown, or its parameters are wrong."""


class VocabularyError(PlanParseError):
    """A vocabulary file given with ``--vocab`` is not valid Turtle or breaks the vocabulary
    shapes; names the file (and the line where there is one)."""
