"""``policykg agencies``: canonical agencies with variants, parent and workload."""
from __future__ import annotations

import click

from policykg.cli_options import vocabulary_option
from policykg.commands._options import level_option
from policykg.output import emit_frame, output_options

__all__ = ["agencies", "register"]

_SHORT = {
    "agency_zh": "agency", "agency_en": "English name", "parent_zh": "parent", "ministry_zh": "ministry",
    "lead_measures": "lead", "co_measures": "co", "lead_measures_rollup": "lead+sub",
    "co_measures_rollup": "co+sub", "mentioning_divisions": "mentioned in",
}


def _renamed(row) -> str:
    """「國家科學及技術委員會 (2022-07-27)」 for a body renamed since the plan; "" otherwise."""
    return f"{row.successor_zh} ({row.renamed_on})" if row.successor_zh else ""


@click.command()
@click.argument("plan", required=False, type=click.Path(exists=True, dir_okay=False))
@level_option("agency: every agency; ministry: only top-level bodies, with their family's roll-up.")
@click.option("--follow-renamings", is_flag=True,
              help="Credit a renamed or reorganised body (科技部, 農委會) to its successor of today.")
@vocabulary_option
@output_options
def agencies(plan, level, follow_renamings, vocabularies, output):
    """List each canonical agency with its variants as found, parent, English name and the number
    of measures it leads and co-organizes (own and rolled up over its sub-units). A body renamed
    since the plan was written shows its successor and the date (column "renamed to").

    \b
    Example:
      policykg agencies
      policykg agencies --level ministry --csv > ministries.csv
      policykg agencies old-plan.md --follow-renamings   # 農委會 counted as 農業部
    """
    from policykg.analysis.agency_workload import agency_table
    from policykg.workspace import reading_plans

    table = agency_table(reading_plans([plan] if plan else [], vocabularies=vocabularies)[0],
                         follow_renamings=follow_renamings)
    if level == "ministry":
        table = table[(table["parent_zh"] == "") & (table["agency_type"] != "Collective")]
        table = table.drop(columns=["parent_zh", "ministry_zh"])
    if output == "table":
        table = table.assign(renamed=[_renamed(row) for row in table.itertuples()])
        table = table.drop(columns=["iri", "agency_type", "successor_zh", "successor_en", "renamed_on"])
        table["issuing"] = table["issuing"].map({True: "yes", False: ""})
        counts = ["lead_measures", "co_measures", "lead_measures_rollup", "co_measures_rollup"]
        if not table[counts].to_numpy().any():  # a prose plan: no measure tables
            table = table.drop(columns=counts)
        for column in ("renamed", "issuing", "mentioning_divisions"):  # columns a plan does not use
            if not table[column].astype(bool).any():
                table = table.drop(columns=[column])
        table = table.rename(columns={**_SHORT, "renamed": "renamed to"})
    emit_frame(table.reset_index(drop=True), output, title="agencies")


def register(cli) -> None:
    cli.add_command(agencies)
