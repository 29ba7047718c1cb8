"""``policykg agencies``: canonical agencies with variants, parent and workload."""
from __future__ import annotations

import click

from policykg.commands._options import level_option
from policykg.output import emit_frame, output_options

__all__ = ["agencies", "register"]

_SHORT = {
    "agency_zh": "agency", "agency_en": "English name", "parent_zh": "parent", "ministry_zh": "ministry",
    "lead_measures": "lead", "co_measures": "co", "lead_measures_rollup": "lead+sub",
    "co_measures_rollup": "co+sub",
}


@click.command()
@click.argument("plan", required=False, type=click.Path(exists=True, dir_okay=False))
@level_option("agency: every agency; ministry: only top-level bodies, with their family's roll-up.")
@output_options
def agencies(plan, level, output):
    """List each canonical agency with its variants as found, parent, English name and the number
    of measures it leads and co-organizes (own and rolled up over its sub-units).

    \b
    Example:
      policykg agencies
      policykg agencies --level ministry --csv > ministries.csv
    """
    from policykg.analysis.agency_workload import agency_table
    from policykg.plan import load_plan

    table = agency_table(load_plan(plan))
    if level == "ministry":
        table = table[(table["parent_zh"] == "") & (table["agency_type"] != "Collective")]
        table = table.drop(columns=["parent_zh", "ministry_zh"])
    if output == "table":
        table = table.drop(columns=["iri", "agency_type"]).rename(columns=_SHORT)
    emit_frame(table.reset_index(drop=True), output, title="agencies")


def register(cli) -> None:
    cli.add_command(agencies)
