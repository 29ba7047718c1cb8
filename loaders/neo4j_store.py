"""Old import path of :mod:`policykg.stores.neo4j_store` (the stores moved to ``policykg.stores``)."""
import sys

from policykg.stores import neo4j_store as _module

sys.modules[__name__] = _module
