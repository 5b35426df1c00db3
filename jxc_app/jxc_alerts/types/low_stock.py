"""低库存: items whose projected quantity in a warehouse (ERPNext's Bin.projected_qty, which counts what
is ordered, requested and reserved, plus what open Purchase Requisitions still ask for) is below the
item's minimum or safety quantity there (JXC Stock Limit). The finding suggests a requisition quantity
(up to the maximum) and the warehouse of the same company with the most surplus for a 调拨单."""

from collections import defaultdict

import frappe
from frappe.query_builder.functions import Coalesce
from frappe.utils import flt

from jxc_app.jxc_alerts.types import common
from jxc_app.jxc_purchasing import replenishment
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import LOW_STOCK, Finding
from jxc_app.setup.customizations import STOCK_LIMITS_FIELD

# items named in one query of the surplus lookup
CHUNK = 1000


def limits_query(rule, scope, candidate) -> list[frappe._dict]:
	"""Stock limit rows (item × warehouse) in the rule's scope whose bin (none: zeros) meets ``candidate``
	(``candidate(limit, bin)``: a criterion that holds for every row the check may flag, so that only
	those come back from the database), with the item's name and the warehouse's company."""
	limit = frappe.qb.DocType("JXC Stock Limit")
	bin_ = frappe.qb.DocType("Bin")
	query = (
		frappe.qb.from_(limit)
		.left_join(bin_)
		.on((bin_.item_code == limit.parent) & (bin_.warehouse == limit.warehouse))
		.select(
			limit.parent,
			limit.warehouse,
			limit.safety_qty,
			limit.min_qty,
			limit.max_qty,
			limit.max_value,
			Coalesce(bin_.actual_qty, 0),
			Coalesce(bin_.projected_qty, 0),
			Coalesce(bin_.stock_value, 0),
			Coalesce(bin_.valuation_rate, 0),
		)
		.where(
			(limit.parenttype == "Item") & (limit.parentfield == STOCK_LIMITS_FIELD) & candidate(limit, bin_)
		)
	)
	found = common.where_scope(query, limit.parent, limit.warehouse, scope).run()
	return limit_rows(rule, found)


def limits_of_bins(rule, bin_rows) -> list[frappe._dict]:
	"""The stock limit rows of the bins ``bin_rows`` (common.bins rows), as :func:`limits_query` returns
	them: for a full scan whose bins were narrowed first (a sequential read of the bins, then the limits
	of those pairs only, instead of looking every limit's bin up by its index)."""
	limit = frappe.qb.DocType("JXC Stock Limit")
	by_pair = {(row[0], row[1]): row for row in bin_rows}
	pairs = sorted(by_pair)
	query = frappe.qb.from_(limit).select(
		limit.parent,
		limit.warehouse,
		limit.safety_qty,
		limit.min_qty,
		limit.max_qty,
		limit.max_value,
	)
	query = query.where((limit.parenttype == "Item") & (limit.parentfield == STOCK_LIMITS_FIELD))
	found = []
	for start in range(0, len(pairs), common.PAIR_CONDITION_LIMIT):
		chunk = pairs[start : start + common.PAIR_CONDITION_LIMIT]
		for parent, warehouse, *levels in common.where_scope(
			query, limit.parent, limit.warehouse, chunk
		).run():
			stock = by_pair.get((parent, warehouse))
			if stock is not None:
				found.append((parent, warehouse, *levels, stock[2], stock[3], stock[4], stock[5]))
	return limit_rows(rule, found)


def limit_rows(rule, found) -> list[frappe._dict]:
	"""(item, warehouse, safety, min, max, max value, actual, projected, value, rate) rows in the rule's
	warehouses and item groups, with the item's name and the warehouse's company."""
	if not found:
		return []
	companies = common.rule_warehouse_companies(rule)
	items = common.stock_items(rule, [row[0] for row in found])
	rows = []
	for item_code, warehouse, safety, minimum, maximum, max_value, actual, projected, value, rate in found:
		company = companies.get(warehouse)
		item = items.get(item_code)
		if company is None or item is None:
			continue
		rows.append(
			frappe._dict(
				item_code=item_code,
				warehouse=warehouse,
				company=company,
				item_name=item[0],
				stock_uom=item[1],
				safety_qty=flt(safety),
				min_qty=flt(minimum),
				max_qty=flt(maximum),
				max_value=flt(max_value),
				actual_qty=flt(actual),
				projected_qty=flt(projected),
				stock_value=flt(value),
				valuation_rate=flt(rate),
			)
		)
	return rows


def below_a_level(limit, bin_):
	"""The projected quantity below the minimum or the safety quantity (requisitions are added later)."""
	projected = Coalesce(bin_.projected_qty, 0)
	return ((limit.min_qty > 0) & (projected < limit.min_qty)) | (
		(limit.safety_qty > 0) & (projected < limit.safety_qty)
	)


def open_requisition_qty(items: list[str] | None, scope) -> dict[tuple[str, str], float]:
	"""(item, warehouse) -> stock quantity still asked for by Purchase Requisitions not yet ordered."""
	line = frappe.qb.DocType("Purchase Requisition Item")
	query = replenishment.open_requisition_query()
	if items is not None:
		query = query.where(line.item_code.isin(items or [""]))
	query = common.where_scope(query, line.item_code, line.warehouse, scope)
	return {(item, warehouse): flt(qty) for item, warehouse, qty in query.run()}


def surplus_candidates(items: list[str]) -> dict[str, list[dict]]:
	"""item -> every warehouse holding it, with its own levels (for the 调拨单 suggestion). Read in
	chunks of items, the bins and the limits apart (a join on the limits' warehouse index is slow)."""
	bin_ = frappe.qb.DocType("Bin")
	limit = frappe.qb.DocType("JXC Stock Limit")
	companies = dict(
		frappe.get_all("Warehouse", filters={"disabled": 0}, fields=["name", "company"], as_list=True)
	)
	found = defaultdict(list)
	for start in range(0, len(items), CHUNK):
		chunk = items[start : start + CHUNK]
		levels = {
			(parent, warehouse): (minimum, safety)
			for parent, warehouse, minimum, safety in frappe.qb.from_(limit)
			.select(limit.parent, limit.warehouse, limit.min_qty, limit.safety_qty)
			.where((limit.parenttype == "Item") & limit.parent.isin(chunk))
			.run()
		}
		for item_code, warehouse, actual_qty in (
			frappe.qb.from_(bin_)
			.select(bin_.item_code, bin_.warehouse, bin_.actual_qty)
			.where((bin_.actual_qty > 0) & bin_.item_code.isin(chunk))
			.run()
		):
			if warehouse not in companies:
				continue
			minimum, safety = levels.get((item_code, warehouse), (0, 0))
			if flt(actual_qty) <= max(flt(minimum), flt(safety)):
				continue  # nothing to spare
			found[item_code].append(
				frappe._dict(
					item_code=item_code,
					warehouse=warehouse,
					company=companies[warehouse],
					actual_qty=flt(actual_qty),
					min_qty=flt(minimum),
					safety_qty=flt(safety),
				)
			)
	return found


def evaluate(rule, scope=None) -> list[Finding]:
	rows = limits_query(rule, scope, below_a_level)
	if not rows:
		return []
	requested = open_requisition_qty(None if scope is None else sorted({r.item_code for r in rows}), scope)
	severity = common.severity(rule)
	low = []
	for row in rows:
		open_qty = requested.get((row.item_code, row.warehouse), 0.0)
		check = alert_checks.low_stock(
			row.projected_qty, open_qty, row.min_qty, row.safety_qty, row.max_qty, severity
		)
		if check:
			low.append((row, open_qty, check))
	candidates = surplus_candidates(sorted({row.item_code for row, _q, _c in low})) if low else {}
	findings = []
	for row, open_qty, check in low:
		others = [
			candidate
			for candidate in candidates.get(row.item_code, [])
			if candidate.warehouse != row.warehouse and candidate.company == row.company
		]
		surplus = alert_checks.pick_surplus_warehouse(others, check["suggested_qty"])
		findings.append(
			common.item_warehouse_finding(
				LOW_STOCK,
				row,
				check,
				actual_qty=flt(row.actual_qty),
				projected_qty=flt(row.projected_qty),
				open_requisition_qty=open_qty,
				safety_qty=flt(row.safety_qty),
				min_qty=flt(row.min_qty),
				max_qty=flt(row.max_qty),
				shortfall_qty=check["shortfall_qty"],
				suggested_qty=check["suggested_qty"],
				surplus_warehouse=surplus["warehouse"] if surplus else None,
				transfer_qty=surplus["transfer_qty"] if surplus else 0.0,
			)
		)
	return findings
