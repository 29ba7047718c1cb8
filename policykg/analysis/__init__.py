"""Analysis API: dependencies, overlaps, cross-plan comparison and plan-version diffs."""
