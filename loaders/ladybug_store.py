"""Old import path of :mod:`policykg.stores.ladybug_store` (the stores moved to ``policykg.stores``)."""
import sys

from policykg.stores import ladybug_store as _module

sys.modules[__name__] = _module
