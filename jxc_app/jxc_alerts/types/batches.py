"""Batch stock per warehouse (for 临期 / 过期): what each batch expiring by a date holds in each
warehouse, from the serial-and-batch bundles (v15+) and from the ledger's own batch_no (older entries),
with the bin's valuation rate for its value. One grouped query per source."""

from collections import defaultdict

import frappe
from frappe.query_builder.functions import Max, Sum
from frappe.utils import add_days, flt

from jxc_app.jxc_alerts.types import common

QTY_TOLERANCE = 1e-9


def batch_stock(rule, scope, expiring_by) -> list[dict]:
	"""Rows (batch_no, item_code, warehouse, company, expiry_date, qty, value) with stock, for the
	batches whose expiry date is on or before ``expiring_by``, in the rule's scope."""
	batch = frappe.qb.DocType("Batch")
	entry = frappe.qb.DocType("Serial and Batch Entry")
	bundle = frappe.qb.DocType("Serial and Batch Bundle")
	ledger = frappe.qb.DocType("Stock Ledger Entry")
	totals = defaultdict(float)

	bundled = (
		frappe.qb.from_(entry)
		.join(bundle)
		.on(bundle.name == entry.parent)
		.join(batch)
		.on(batch.name == entry.batch_no)
		.select(entry.batch_no, bundle.warehouse, Sum(entry.qty))
		.where(
			(bundle.docstatus == 1)
			& (bundle.is_cancelled == 0)
			& batch.expiry_date.isnotnull()
			& (batch.expiry_date <= expiring_by)
			& (batch.disabled == 0)
		)
		.groupby(entry.batch_no, bundle.warehouse)
	)
	bundled = common.where_scope(bundled, batch.item, bundle.warehouse, scope)
	legacy = (
		frappe.qb.from_(ledger)
		.join(batch)
		.on(batch.name == ledger.batch_no)
		.select(ledger.batch_no, ledger.warehouse, Sum(ledger.actual_qty))
		.where(
			(ledger.is_cancelled == 0)
			& (ledger.batch_no.isnotnull())
			& (ledger.batch_no != "")
			& (ledger.serial_and_batch_bundle.isnull() | (ledger.serial_and_batch_bundle == ""))
			& batch.expiry_date.isnotnull()
			& (batch.expiry_date <= expiring_by)
			& (batch.disabled == 0)
		)
		.groupby(ledger.batch_no, ledger.warehouse)
	)
	legacy = common.where_scope(legacy, ledger.item_code, ledger.warehouse, scope)
	for query in (bundled, legacy):
		for batch_no, warehouse, qty in query.run():
			totals[(batch_no, warehouse)] += flt(qty)
	held = {key: qty for key, qty in totals.items() if qty > QTY_TOLERANCE}
	if not held:
		return []

	batches = {
		row.name: row
		for row in frappe.qb.from_(batch)
		.select(batch.name, batch.item, batch.expiry_date)
		.where(batch.name.isin(sorted({key[0] for key in held})))
		.run(as_dict=True)
	}
	warehouse = frappe.qb.DocType("Warehouse")
	item = frappe.qb.DocType("Item")
	bin_ = frappe.qb.DocType("Bin")
	allowed_warehouses = common.rule_warehouses(rule)
	warehouse_query = (
		frappe.qb.from_(warehouse)
		.select(warehouse.name, warehouse.company)
		.where(warehouse.name.isin(sorted({key[1] for key in held})))
	)
	if rule.get("company"):
		warehouse_query = warehouse_query.where(warehouse.company == rule.company)
	if allowed_warehouses is not None:
		warehouse_query = warehouse_query.where(warehouse.name.isin(allowed_warehouses or [""]))
	companies = dict(warehouse_query.run())
	items = sorted({row.item for row in batches.values()})
	item_query = (
		frappe.qb.from_(item).select(item.name, item.item_name, item.stock_uom).where(item.name.isin(items))
	)
	groups = common.rule_item_groups(rule)
	if groups is not None:
		item_query = item_query.where(item.item_group.isin(groups or [""]))
	item_rows = {row.name: row for row in item_query.run(as_dict=True)}
	rates = {
		(item_code, wh): flt(rate)
		for item_code, wh, rate in frappe.qb.from_(bin_)
		.select(bin_.item_code, bin_.warehouse, Max(bin_.valuation_rate))
		.where(bin_.item_code.isin(items))
		.groupby(bin_.item_code, bin_.warehouse)
		.run()
	}
	rows = []
	for (batch_no, wh), qty in sorted(held.items()):
		info = batches.get(batch_no)
		if not info or wh not in companies or info.item not in item_rows:
			continue
		rate = rates.get((info.item, wh), 0.0)
		rows.append(
			frappe._dict(
				batch_no=batch_no,
				item_code=info.item,
				item_name=item_rows[info.item].item_name,
				stock_uom=item_rows[info.item].stock_uom,
				warehouse=wh,
				company=companies[wh],
				expiry_date=info.expiry_date,
				qty=qty,
				valuation_rate=rate,
				value=qty * rate,
			)
		)
	return rows


def batch_key(batch_no: str, warehouse: str) -> str:
	return f"{batch_no}::{warehouse}"


def expiring_by(rule, window_days: int):
	return add_days(common.today(), window_days)
