"""采购订单逾期: submitted purchase orders with lines not fully received after their expected date (the
line's schedule date) by more than the rule's ``days`` — as the 采购订单跟踪 report marks them
(rules/order_tracking.track_line); one alert per order, with its late lines."""

from collections import defaultdict

import frappe
from frappe.utils import add_days, getdate

from jxc_app.jxc_alerts.types import common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import PURCHASE_ORDER_OVERDUE, Finding, document_key
from jxc_app.rules.order_tracking import track_line

OPEN_ORDER_EXCLUDED = ("Closed", "Completed", "On Hold")


def open_order_lines(rule, extra_where):
	order = frappe.qb.DocType("Purchase Order")
	line = frappe.qb.DocType("Purchase Order Item")
	query = (
		frappe.qb.from_(line)
		.join(order)
		.on(order.name == line.parent)
		.select(
			order.name.as_("purchase_order"),
			order.company,
			order.supplier,
			order.supplier_name,
			order.transaction_date,
			line.item_code,
			line.item_name,
			line.warehouse,
			line.schedule_date,
			line.stock_qty.as_("ordered_qty"),
			line.received_qty,
			line.stock_uom,
		)
		.where((order.docstatus == 1) & order.status.notin(OPEN_ORDER_EXCLUDED) & extra_where(line))
		.orderby(order.name)
		.orderby(line.idx)
	)
	if rule.get("company"):
		query = query.where(order.company == rule.company)
	warehouses = common.rule_warehouses(rule)
	if warehouses is not None:
		query = query.where(line.warehouse.isin(warehouses or [""]))
	return query.run(as_dict=True)


def evaluate(rule, scope=None) -> list[Finding]:
	grace = common.days(rule, 0)
	today = common.today()
	cutoff = add_days(today, -grace)
	rows = open_order_lines(
		rule, lambda line: (line.received_qty < line.stock_qty) & (line.schedule_date < cutoff)
	)
	by_order = defaultdict(list)
	for row in rows:
		row.update(track_line(row.ordered_qty, row.received_qty, getdate(row.schedule_date), today))
		if row.overdue:
			by_order[row.purchase_order].append(row)
	findings = []
	for name, lines in by_order.items():
		worst = max(line.days_late for line in lines)
		check = alert_checks.order_overdue(worst, grace, common.severity(rule))
		if not check:
			continue
		first = lines[0]
		findings.append(
			common.finding(
				PURCHASE_ORDER_OVERDUE,
				check,
				document_key("Purchase Order", name),
				first.company,
				subject_doctype="Purchase Order",
				subject_name=name,
				party_type="Supplier",
				party=first.supplier,
				figures={
					"supplier_name": first.supplier_name,
					"days_late": worst,
					"pending_qty": sum(line.pending_qty for line in lines),
					"lines": [
						{
							"item_code": line.item_code,
							"expected_date": str(line.schedule_date),
							"ordered_qty": line.ordered_qty,
							"received_qty": line.received_qty,
							"pending_qty": line.pending_qty,
							"days_late": line.days_late,
						}
						for line in lines
					],
				},
			)
		)
	return findings
