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
		findings.append(
			Finding(
				alert_type=EXPIRED_BATCH,
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
					"days_expired": check["days_expired"],
					"qty": row.qty,
					"value": row.value,
				},
			)
		)
	return findings
