"""低库存: items whose projected quantity in a warehouse (ERPNext's Bin.projected_qty, which counts what
is ordered, requested and reserved, plus what open Purchase Requisitions still ask for) is below the
item's minimum or safety quantity there (JXC Stock Limit). The finding suggests a requisition quantity
(up to the maximum) and the warehouse of the same company with the most surplus for a 调拨单."""

from collections import defaultdict

import frappe
from frappe.query_builder.functions import Coalesce, IfNull, Sum
from frappe.utils import flt

from jxc_app.jxc_alerts.types import common
from jxc_app.rules import alert_checks
from jxc_app.rules import requisition as requisition_rules
from jxc_app.rules.alerts import LOW_STOCK, Finding, item_warehouse_key

# requisitions that no longer ask for anything
NOT_ASKING = (
	requisition_rules.CLOSED,
	requisition_rules.ORDERED,
	requisition_rules.REJECTED,
	requisition_rules.CANCELLED,
)
# above this many low items the surplus query reads every bin with stock instead of naming the items
SURPLUS_ITEMS_LIMIT = 1000


def limits_query(rule, scope, fields_filter):
	"""Stock limit rows (item × warehouse) in the rule's scope, with the bin's figures (none: zero)."""
	limit = frappe.qb.DocType("JXC Stock Limit")
	bin_ = frappe.qb.DocType("Bin")
	item = frappe.qb.DocType("Item")
	warehouse = frappe.qb.DocType("Warehouse")
	query = (
		frappe.qb.from_(limit)
		.join(item)
		.on(item.name == limit.parent)
		.join(warehouse)
		.on(warehouse.name == limit.warehouse)
		.left_join(bin_)
		.on((bin_.item_code == limit.parent) & (bin_.warehouse == limit.warehouse))
		.select(
			limit.parent.as_("item_code"),
			limit.warehouse,
			warehouse.company,
			item.item_name,
			item.stock_uom,
			limit.safety_qty,
			limit.min_qty,
			limit.max_qty,
			limit.max_value,
			Coalesce(bin_.actual_qty, 0).as_("actual_qty"),
			Coalesce(bin_.projected_qty, 0).as_("projected_qty"),
			Coalesce(bin_.stock_value, 0).as_("stock_value"),
			Coalesce(bin_.valuation_rate, 0).as_("valuation_rate"),
		)
		.where(
			(limit.parenttype == "Item")
			& (limit.parentfield == "jxc_stock_limits")
			& (item.disabled == 0)
			& (item.is_stock_item == 1)
			& (warehouse.disabled == 0)
			& fields_filter(limit)
		)
	)
	if rule.get("company"):
		query = query.where(warehouse.company == rule.company)
	warehouses = common.rule_warehouses(rule)
	if warehouses is not None:
		query = query.where(limit.warehouse.isin(warehouses or [""]))
	groups = common.rule_item_groups(rule)
	if groups is not None:
		query = query.where(item.item_group.isin(groups or [""]))
	return common.where_scope(query, limit.parent, limit.warehouse, scope)


def open_requisition_qty(items: list[str] | None, scope) -> dict[tuple[str, str], float]:
	"""(item, warehouse) -> stock quantity still asked for by Purchase Requisitions not yet ordered."""
	requisition = frappe.qb.DocType("Purchase Requisition")
	line = frappe.qb.DocType("Purchase Requisition Item")
	ordered = IfNull(line.ordered_qty, 0)
	query = (
		frappe.qb.from_(line)
		.join(requisition)
		.on(requisition.name == line.parent)
		.select(
			line.item_code,
			line.warehouse,
			Sum((line.qty - ordered) * IfNull(line.conversion_factor, 1)),
		)
		.where((requisition.docstatus < 2) & (requisition.status.notin(NOT_ASKING)) & (line.qty > ordered))
		.groupby(line.item_code, line.warehouse)
	)
	if items is not None:
		query = query.where(line.item_code.isin(items or [""]))
	query = common.where_scope(query, line.item_code, line.warehouse, scope)
	return {(item, warehouse): flt(qty) for item, warehouse, qty in query.run()}


def surplus_candidates(items: list[str]) -> dict[str, list[dict]]:
	"""item -> every warehouse holding it, with its own levels (for the 调拨单 suggestion)."""
	bin_ = frappe.qb.DocType("Bin")
	limit = frappe.qb.DocType("JXC Stock Limit")
	warehouse = frappe.qb.DocType("Warehouse")
	query = (
		frappe.qb.from_(bin_)
		.join(warehouse)
		.on(warehouse.name == bin_.warehouse)
		.left_join(limit)
		.on(
			(limit.parent == bin_.item_code)
			& (limit.warehouse == bin_.warehouse)
			& (limit.parenttype == "Item")
		)
		.select(
			bin_.item_code,
			bin_.warehouse,
			warehouse.company,
			bin_.actual_qty,
			Coalesce(limit.min_qty, 0).as_("min_qty"),
			Coalesce(limit.safety_qty, 0).as_("safety_qty"),
		)
		.where((bin_.actual_qty > 0) & (warehouse.disabled == 0))
	)
	if len(items) <= SURPLUS_ITEMS_LIMIT:
		query = query.where(bin_.item_code.isin(items or [""]))
	wanted = set(items)
	found = defaultdict(list)
	for row in query.run(as_dict=True):
		if row.item_code in wanted:
			found[row.item_code].append(row)
	return found


def evaluate(rule, scope=None) -> list[Finding]:
	rows = limits_query(rule, scope, lambda limit: (limit.min_qty > 0) | (limit.safety_qty > 0)).run(
		as_dict=True
	)
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
			Finding(
				alert_type=LOW_STOCK,
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
					"actual_qty": flt(row.actual_qty),
					"projected_qty": flt(row.projected_qty),
					"open_requisition_qty": open_qty,
					"safety_qty": flt(row.safety_qty),
					"min_qty": flt(row.min_qty),
					"max_qty": flt(row.max_qty),
					"shortfall_qty": check["shortfall_qty"],
					"suggested_qty": check["suggested_qty"],
					"surplus_warehouse": surplus["warehouse"] if surplus else None,
					"transfer_qty": surplus["transfer_qty"] if surplus else 0.0,
				},
			)
		)
	return findings
