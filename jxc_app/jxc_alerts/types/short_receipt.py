"""到货短缺: open purchase orders whose lines were received in part (something arrived, less than
ordered) and whose last receipt is at least the rule's ``days`` old (default 0: at once), short by more
than ``percent`` of the line; one alert per order, with its short lines."""

from collections import defaultdict

import frappe
from frappe.query_builder.functions import Max
from frappe.utils import flt, getdate

from jxc_app.jxc_alerts.types import common
from jxc_app.jxc_alerts.types.purchase_order_overdue import open_order_lines
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import SHORT_RECEIPT, Finding, document_key


def last_receipts(orders: list[str]) -> dict[str, object]:
	receipt = frappe.qb.DocType("Purchase Receipt")
	line = frappe.qb.DocType("Purchase Receipt Item")
	return dict(
		frappe.qb.from_(line)
		.join(receipt)
		.on(receipt.name == line.parent)
		.select(line.purchase_order, Max(receipt.posting_date))
		.where((receipt.docstatus == 1) & (receipt.is_return == 0) & line.purchase_order.isin(orders or [""]))
		.groupby(line.purchase_order)
		.run()
	)


def evaluate(rule, scope=None) -> list[Finding]:
	wait = common.days(rule, 0)
	today = common.today()
	severity = common.severity(rule)
	rows = open_order_lines(rule, lambda line: (line.received_qty > 0) & (line.received_qty < line.stock_qty))
	by_order = defaultdict(list)
	for row in rows:
		check = alert_checks.short_receipt(
			row.ordered_qty, row.received_qty, common.number(rule, "percent"), severity
		)
		if check:
			by_order[row.purchase_order].append((row, check))
	received_on = last_receipts(sorted(by_order))
	findings = []
	for name, lines in by_order.items():
		last = received_on.get(name)
		if last is None or (today - getdate(last)).days < wait:
			continue
		first = lines[0][0]
		findings.append(
			Finding(
				alert_type=SHORT_RECEIPT,
				subject_key=document_key("Purchase Order", name),
				company=first.company,
				value=sum(check["value"] for _row, check in lines),
				threshold=0.0,
				severity=alert_checks.worst(check["severity"] for _row, check in lines),
				subject_doctype="Purchase Order",
				subject_name=name,
				party_type="Supplier",
				party=first.supplier,
				figures={
					"supplier_name": first.supplier_name,
					"last_receipt_date": str(last),
					"lines": [
						{
							"item_code": row.item_code,
							"ordered_qty": flt(row.ordered_qty),
							"received_qty": flt(row.received_qty),
							"short_qty": check["value"],
							"short_percent": check["short_percent"],
						}
						for row, check in lines
					],
				},
			)
		)
	return findings
