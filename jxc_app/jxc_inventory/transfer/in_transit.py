"""Goods in transit: every order line dispatched and not yet settled at the destination, with its
value and age. The 在途库存 (In Transit Stock) report and the alerts read ``in_transit_lines``."""

import frappe
from frappe.query_builder.functions import Sum
from frappe.utils import flt, getdate, nowdate

from jxc_app.jxc_inventory.transfer.constants import (
	LINE_FIELD,
	STOCK_TRANSFER_ORDER,
	STOCK_TRANSFER_ORDER_ITEM,
)
from jxc_app.jxc_inventory.transfer.stock_entries import dispatched_rows
from jxc_app.rules import stock_transfer as transfer_rules


def in_transit_lines(company: str | None = None, as_of: str | None = None) -> list[dict]:
	"""Every order line with goods in transit: qty (incl. open shortage), value at the dispatch
	rate, first dispatch date and days in transit. Used by the 在途库存 report and the alerts."""
	order = frappe.qb.DocType(STOCK_TRANSFER_ORDER)
	line = frappe.qb.DocType(STOCK_TRANSFER_ORDER_ITEM)
	query = (
		frappe.qb.from_(line)
		.join(order)
		.on(order.name == line.parent)
		.select(
			order.name.as_("order"),
			order.company,
			order.status,
			order.from_warehouse,
			order.to_warehouse,
			order.transit_warehouse,
			order.first_dispatch_date,
			order.required_date,
			line.name.as_("line"),
			line.item_code,
			line.item_name,
			line.stock_uom,
			line.in_transit_qty,
			line.shortage_qty,
		)
		.where((order.docstatus == 1) & (line.in_transit_qty > 0))
		.orderby(order.first_dispatch_date)
	)
	if company:
		query = query.where(order.company == company)
	rows = query.run(as_dict=True)
	rates = _dispatch_rates([row.line for row in rows])
	today = getdate(as_of or nowdate())
	for row in rows:
		row.rate = rates.get(row.line, 0.0)
		row.value = flt(row.in_transit_qty) * row.rate
		row.days_in_transit = (
			(today - getdate(row.first_dispatch_date)).days if row.first_dispatch_date else 0
		)
		row.ageing = transfer_rules.ageing_bucket(row.days_in_transit)
	return rows


def _dispatch_rates(lines: list[str]) -> dict[str, float]:
	"""Order line -> average value per unit of what its dispatches put into transit (the ledger's)."""
	if not lines:
		return {}
	query, _entry, row = dispatched_rows(lines)
	rows = (
		query.select(row[LINE_FIELD], Sum(row.amount), Sum(row.transfer_qty)).groupby(row[LINE_FIELD])
	).run()
	return {line: flt(amount) / flt(qty) if flt(qty) else 0.0 for line, amount, qty in rows}
