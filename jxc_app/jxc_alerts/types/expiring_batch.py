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
		findings.append(
			Finding(
				alert_type=EXPIRING_BATCH,
				subject_key=batches.batch_key(row.batch_no, row.warehouse),
				company=row.company,
				value=check["value"],
				threshold=check["threshold"],
				severity=check["severity"],
				subject_doctype="Batch",
				subject_name=row.batch_no,
				item_code=row.item_code,
				warehouse=row.warehouse,
				batch_no=row.batch_no,
				figures={
					"item_name": row.item_name,
					"stock_uom": row.stock_uom,
					"expiry_date": str(row.expiry_date),
					"days_to_expiry": check["days_to_expiry"],
					"qty": row.qty,
					"value": row.value,
				},
			)
		)
	return findings
