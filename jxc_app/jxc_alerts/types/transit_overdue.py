"""在途超时: stock transfer orders with goods in transit longer than the rule's ``days`` (default 3), as the
在途库存 report reads them (jxc_inventory/transfer/in_transit.in_transit_lines); one alert per order."""

from collections import defaultdict

from jxc_app.jxc_alerts.types import common
from jxc_app.jxc_inventory.transfer.in_transit import in_transit_lines
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import TRANSIT_OVERDUE, Finding, document_key

DEFAULT_DAYS = 3
STOCK_TRANSFER_ORDER = "Stock Transfer Order"


def evaluate(rule, scope=None) -> list[Finding]:
	grace = common.days(rule, DEFAULT_DAYS)
	warehouses = common.rule_warehouses(rule)
	by_order = defaultdict(list)
	for line in in_transit_lines(rule.get("company") or None):
		if warehouses is not None and not {line.from_warehouse, line.to_warehouse} & set(warehouses):
			continue
		by_order[line.order].append(line)
	findings = []
	for name, lines in by_order.items():
		days = max(line.days_in_transit for line in lines)
		check = alert_checks.order_overdue(days, grace, common.severity(rule))
		if not check:
			continue
		first = lines[0]
		findings.append(
			common.finding(
				TRANSIT_OVERDUE,
				check,
				document_key(STOCK_TRANSFER_ORDER, name),
				first.company,
				subject_doctype=STOCK_TRANSFER_ORDER,
				subject_name=name,
				warehouse=first.to_warehouse,
				figures={
					"from_warehouse": first.from_warehouse,
					"to_warehouse": first.to_warehouse,
					"first_dispatch_date": str(first.first_dispatch_date),
					"days_in_transit": days,
					"in_transit_qty": sum(line.in_transit_qty for line in lines),
					"value": sum(line.value for line in lines),
					"lines": [
						{"item_code": line.item_code, "in_transit_qty": line.in_transit_qty} for line in lines
					],
				},
			)
		)
	return findings
