"""价格与毛利管控 on Quotation and Sales Order: each save computes every line's cost, margin, discount
and minimum-price check, and the header aggregates the approval rules look at.

Nothing is refused here. A document below a minimum price, over a maximum discount or under a margin
is routed to approval by Approval Rules whose conditions read the header fields
(``jxc_below_min_price = 1``, ``jxc_over_max_discount = 1``, ``jxc_highest_discount_pct > 15``,
``jxc_lowest_margin_pct < 10`` …); the approver reads the margins and the reasons on the form. Costs
and margins sit at ``COST_PERMLEVEL``, which Sales Users do not read.

The rules are ``jxc_app.rules.pricing``; this module only reads limits, costs and customer groups
(three queries whatever the number of lines) and writes the figures back.
"""

import json

import frappe
from frappe import _
from frappe.utils import flt, fmt_money
from frappe.utils.nestedset import get_ancestors_of

from jxc_app.jxc_selling.cost_visibility import cost_fields
from jxc_app.rules import pricing as rules
from jxc_app.setup.customizations import PRICE_CONTROL_DOCTYPES


def apply(doc, keep_costs: bool = False):
	"""Fill the price-control fields of a Quotation or Sales Order (its ``validate`` calls this);
	``keep_costs``: lines that have a cost keep it."""
	rows = [row for row in doc.get("items") or [] if row.item_code]
	item_codes = sorted({row.item_code for row in rows})
	limits = _limits(item_codes, doc.company)
	kept = [row for row in rows if keep_costs and row.get("jxc_cost_rate") is not None]
	fresh = iter(_cost_rates([row for row in rows if row not in kept], doc.company, doc.get("set_warehouse")))
	costs = [flt(row.jxc_cost_rate) if row in kept else next(fresh) for row in rows]
	lines = [
		rules.Line(
			item_code=row.item_code,
			qty=flt(row.qty),
			conversion_factor=flt(row.conversion_factor) or 1,
			base_net_rate=flt(row.base_net_rate),
			price_list_rate=flt(row.price_list_rate),
			rate=flt(row.rate),
			discount_percentage=flt(row.discount_percentage),
			cost_rate=cost,
		)
		for row, cost in zip(rows, costs, strict=True)
	]
	figures = rules.document_figures(
		lines,
		limits,
		_customer_groups(doc) if any(limit.customer_group for limit in limits) else (),
		rules.document_discount_pct(
			flt(doc.get("total")),
			flt(doc.get("additional_discount_percentage")),
			flt(doc.get("discount_amount")),
		),
	)
	reasons = []
	currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	for row, line, line_figures in zip(rows, lines, figures.lines, strict=True):
		row.jxc_cost_rate = line.cost_rate
		row.jxc_margin_pct = line_figures.margin_pct
		row.jxc_below_min_price = int(line_figures.below_min_price)
		reasons.extend(_reasons(row, line_figures, currency))
	doc.jxc_lowest_margin_pct = figures.lowest_margin_pct
	doc.jxc_gross_margin_pct = figures.gross_margin_pct
	doc.jxc_highest_discount_pct = figures.highest_discount_pct
	doc.jxc_below_min_price = int(figures.below_min_price)
	doc.jxc_over_max_discount = int(figures.over_max_discount)
	doc.jxc_price_control_reasons = "\n".join(reasons)


def apply_after_change(doc):
	"""A submitted Quotation or Sales Order changed (ERPNext's Update Items, or a field allowed on
	submit): its figures are computed again, so the approval guard that runs next judges the new
	prices. Lines keep the cost they were sold at (only new lines read today's cost), so a change that
	touches no price — a moved delivery date — leaves every figure as submitted and approved."""
	apply(doc, keep_costs=True)


def _reasons(row, figures: rules.LineFigures, currency: str | None) -> list[str]:
	"""What the approver reads, one line per finding (可乐 330ml 低于最低售价 2.50)."""
	name = row.item_name or row.item_code
	lines = []
	for kind, limit in figures.findings:
		if kind == rules.BELOW_MIN_PRICE:
			lines.append(
				_("{0} below minimum price {1}").format(
					name, fmt_money(limit, precision=2, currency=currency)
				)
			)
		elif kind == rules.OVER_MAX_DISCOUNT:
			lines.append(
				_("{0} discount {1}% over maximum {2}%").format(
					name, flt(figures.discount_pct, 2), flt(limit, 2)
				)
			)
	if figures.margin_pct < 0:
		lines.append(_("{0} sold below cost, margin {1}%").format(name, flt(figures.margin_pct, 2)))
	return lines


def _limits(item_codes: list[str], company: str) -> list[rules.Limit]:
	if not item_codes:
		return []
	# frappe.qb, not get_all: every Sales Order save reads these, and get_list's permission query costs
	# more than the read (the limits are read to check the order, not shown)
	limit = frappe.qb.DocType("Sales Price Limit")
	return rules.limits_by_item(
		frappe.qb.from_(limit)
		.select(limit.item_code, limit.customer_group, limit.min_price, limit.max_discount_pct)
		.where(limit.item_code.isin(item_codes) & (limit.company == company))
		.run(as_dict=True)
	)


def _customer_groups(doc) -> list[str]:
	"""The customer's group, then its ancestors (nearest first)."""
	group = doc.get("customer_group")
	if not group:
		customer = doc.get("customer") or (
			doc.get("party_name") if doc.get("quotation_to") == "Customer" else None
		)
		group = customer and frappe.get_cached_value("Customer", customer, "customer_group")
	if not group:
		return []
	return [group, *get_ancestors_of("Customer Group", group)]


def _cost_rates(rows, company: str, default_warehouse: str | None) -> list[float]:
	"""Cost per stock unit of each row: the valuation rate of its warehouse while that
	holds stock (a row without a warehouse: the company's stock of the item), else the item's last
	purchase rate (ERPNext keeps it per stock UOM in the company currency)."""
	item_codes = sorted({row.item_code for row in rows})
	if not item_codes:
		return []
	bin_table, warehouse = frappe.qb.DocType("Bin"), frappe.qb.DocType("Warehouse")
	bins = (
		frappe.qb.from_(bin_table)
		.join(warehouse)
		.on(warehouse.name == bin_table.warehouse)
		.select(
			bin_table.item_code,
			bin_table.warehouse,
			bin_table.actual_qty,
			bin_table.valuation_rate,
			bin_table.stock_value,
		)
		.where(bin_table.item_code.isin(item_codes) & (warehouse.company == company))
		.run(as_dict=True)
	)
	by_pair = {(b.item_code, b.warehouse): b for b in bins}
	company_stock: dict[str, list[float]] = {}
	for b in bins:
		if flt(b.actual_qty) > 0:
			totals = company_stock.setdefault(b.item_code, [0.0, 0.0])
			totals[0] += flt(b.actual_qty)
			totals[1] += flt(b.stock_value)
	item = frappe.qb.DocType("Item")
	items = {
		row.name: row
		for row in frappe.qb.from_(item)
		.select(item.name, item.last_purchase_rate, item.valuation_rate)
		.where(item.name.isin(item_codes))
		.run(as_dict=True)
	}
	costs = []
	for row in rows:
		found_item = items.get(row.item_code) or frappe._dict()
		warehouse_name = row.get("warehouse") or default_warehouse
		if warehouse_name:
			found = by_pair.get((row.item_code, warehouse_name)) or frappe._dict()
			qty, rate = flt(found.actual_qty), flt(found.valuation_rate)
		else:
			qty, value = company_stock.get(row.item_code, (0.0, 0.0))
			rate = value / qty if qty > 0 else 0.0
		costs.append(
			flt(
				rules.cost_rate(
					qty, rate, flt(found_item.last_purchase_rate), flt(found_item.valuation_rate)
				),
				6,
			)
		)
	return costs


def hide_costs_in_version(version):
	"""A Version of a Quotation or Sales Order keeps no cost or margin: the timeline shows versions to
	everyone who reads the document, whatever the fields' permission level."""
	item_doctype = PRICE_CONTROL_DOCTYPES.get(version.ref_doctype)
	if not item_doctype or not version.data:
		return
	hidden = cost_fields(version.ref_doctype) | cost_fields(item_doctype)
	data = json.loads(version.data)
	data["changed"] = [change for change in data.get("changed") or [] if change[0] not in hidden]
	for key in ("added", "removed"):
		for _table, row in data.get(key) or []:
			for fieldname in hidden & set(row):
				row.pop(fieldname)
	row_changes = []
	for table, index, name, changes in data.get("row_changed") or []:
		changes = [change for change in changes if change[0] not in hidden]
		if changes:
			row_changes.append([table, index, name, changes])
	data["row_changed"] = row_changes
	version.data = frappe.as_json(data)
