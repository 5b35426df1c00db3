"""临期: batches that expire within the rule's ``days`` (default 30) and are still in stock, per warehouse,
with quantity and value."""

from jxc_app.jxc_alerts.types import batches, common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import EXPIRING_BATCH, Finding

DEFAULT_DAYS = 30


def evaluate(rule, scope=None) -> list[Finding]:
	window = common.days(rule, DEFAULT_DAYS)
	today = common.today()
	findings = []
	for row in batches.batch_stock(rule, scope, batches.expiring_by(rule, window)):
		check = alert_checks.expiring_batch(row.expiry_date, today, window, common.severity(rule))
		if not check:
			continue
		findings.append(batches.batch_finding(EXPIRING_BATCH, row, check, "days_to_expiry"))
	return findings
