"""过期: batches past their expiry date still in stock, per warehouse, with quantity and value."""

from frappe.utils import add_days

from jxc_app.jxc_alerts.types import batches, common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import EXPIRED_BATCH, Finding


def evaluate(rule, scope=None) -> list[Finding]:
	today = common.today()
	findings = []
	for row in batches.batch_stock(rule, scope, add_days(today, -1)):
		check = alert_checks.expired_batch(row.expiry_date, today, common.severity(rule))
		if not check:
			continue
		findings.append(batches.batch_finding(EXPIRED_BATCH, row, check, "days_expired"))
	return findings
