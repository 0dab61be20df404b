"""The alerts asset: after each publish, raise what the new snapshot's fct_alerts finds (once)
and e-mail it to the users it concerns (mizan.review.alerts)."""

import dagster as dg

from dagster_project.assets.publish import SNAPSHOT_KEY
from dagster_project.resources import WarehouseResource
from mizan.review.alerts import evaluate

ALERTS_KEY = dg.AssetKey(["review", "alerts"])


@dg.asset(
    key=ALERTS_KEY,
    deps=[SNAPSHOT_KEY],
    group_name="publish",
    kinds={"sqlite"},
    owners=["team:analytics"],
    description=(
        "Alerts raised from the published snapshot's marts.fct_alerts, kept with their "
        "deliveries and acknowledgements in MIZAN_HOME/review.sqlite, and e-mailed to the users "
        "whose role and regions cover them (MIZAN_SMTP_*). An alert is raised and sent once."
    ),
)
def alerts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    outcome = evaluate(warehouse.settings())
    context.log.info(
        f"Alerts: {len(outcome.raised)} raised, {len(outcome.cleared)} cleared, "
        f"{len(outcome.sent)} recipients mailed"
        + ("" if outcome.mail_configured else " (no mail server set: MIZAN_SMTP_HOST)")
    )
    for name, error in outcome.failed.items():
        # the snapshot is published either way; the next evaluation tries these again
        context.log.warning(f"Alert e-mail to {name} not sent: {error}")
    return dg.MaterializeResult(
        metadata={
            "raised": len(outcome.raised),
            "cleared": len(outcome.cleared),
            "recipients_mailed": len(outcome.sent),
            "recipients_failed": len(outcome.failed),
            "raised_ids": ", ".join(outcome.raised[:50]),
        }
    )
