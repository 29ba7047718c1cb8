"""policykg: government policy plans as a queryable knowledge graph."""
__version__ = "0.1.0"
