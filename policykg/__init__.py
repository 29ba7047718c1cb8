"""policykg: government policy plans as a queryable knowledge graph with provenance.

>>> import policykg
>>> plan = policykg.load_plan()
>>> plan.doc.title
'AI 新十大建設推動方案'
"""
from policykg.analysis.diff import diff
from policykg.corpus import Corpus, load_corpus
from policykg.errors import PlanParseError, PolicyKGError, StoreUnavailable, ValidationFailed
from policykg.loaders.plan_document import default_plan_path, parse_plan_document
from policykg.plan import Plan, load_plan
from policykg.workspace import Workspace, build_workspace, open_workspace

__all__ = [
    "Plan",
    "load_plan",
    "Corpus",
    "load_corpus",
    "Workspace",
    "open_workspace",
    "build_workspace",
    "diff",
    "parse_plan_document",
    "default_plan_path",
    "PolicyKGError",
    "PlanParseError",
    "StoreUnavailable",
    "ValidationFailed",
]
__version__ = "0.1.0"
