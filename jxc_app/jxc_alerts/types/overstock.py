"""超储: items whose quantity on hand in a warehouse is above the item's maximum quantity there, or whose
stock value is above its maximum value (JXC Stock Limit)."""

from frappe.query_builder.functions import Coalesce
from frappe.utils import flt

from jxc_app.jxc_alerts.types import common
from jxc_app.jxc_alerts.types.low_stock import limits_query
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import OVERSTOCK, Finding, item_warehouse_key


def above_a_limit(limit, bin_):
	return ((limit.max_qty > 0) & (Coalesce(bin_.actual_qty, 0) > limit.max_qty)) | (
		(limit.max_value > 0) & (Coalesce(bin_.stock_value, 0) > limit.max_value)
	)


def evaluate(rule, scope=None) -> list[Finding]:
	rows = limits_query(rule, scope, above_a_limit)
	severity = common.severity(rule)
	findings = []
	for row in rows:
		check = alert_checks.overstock(row.actual_qty, row.stock_value, row.max_qty, row.max_value, severity)
		if not check:
			continue
		findings.append(
			Finding(
				alert_type=OVERSTOCK,
				subject_key=item_warehouse_key(row.item_code, row.warehouse),
				company=row.company,
				value=check["value"],
				threshold=check["threshold"],
				severity=check["severity"],
				subject_doctype="Item",
				subject_name=row.item_code,
				item_code=row.item_code,
				warehouse=row.warehouse,
				figures={
					"item_name": row.item_name,
					"stock_uom": row.stock_uom,
					"measure": check["measure"],
					"actual_qty": flt(row.actual_qty),
					"stock_value": flt(row.stock_value),
					"max_qty": flt(row.max_qty),
					"max_value": flt(row.max_value),
					"excess": check["excess"],
				},
			)
		)
	return findings
