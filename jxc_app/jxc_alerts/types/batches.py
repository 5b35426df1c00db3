"""Batch stock per warehouse (for 临期 / 过期): what each batch expiring by a date holds in each
warehouse, from the serial-and-batch bundles (v15+) and from the ledger's own batch_no (older entries),
with the bin's valuation rate for its value. One grouped query per source."""

from collections import defaultdict

import frappe
from frappe.query_builder.functions import Sum
from frappe.utils import add_days, flt

from jxc_app.jxc_alerts.types import common
from jxc_app.rules.alerts import Finding

QTY_TOLERANCE = 1e-9
# batches named in one query of their stock
BATCH_CHUNK = 1000


def batch_stock(rule, scope, expiring_by) -> list[dict]:
	"""Rows (batch_no, item_code, warehouse, company, expiry_date, qty, value) with stock, for the
	batches whose expiry date is on or before ``expiring_by``, in the rule's scope."""
	batch = frappe.qb.DocType("Batch")
	entry = frappe.qb.DocType("Serial and Batch Entry")
	bundle = frappe.qb.DocType("Serial and Batch Bundle")
	ledger = frappe.qb.DocType("Stock Ledger Entry")
	totals = defaultdict(float)

	# the batches expiring by the date first (a small table), then the stock of those batches only
	batch_query = (
		frappe.qb.from_(batch)
		.select(batch.name, batch.item, batch.expiry_date)
		.where(batch.expiry_date.isnotnull() & (batch.expiry_date <= expiring_by) & (batch.disabled == 0))
	)
	if scope is not None:
		batch_query = batch_query.where(batch.item.isin(sorted({pair[0] for pair in scope}) or [""]))
	batches = {row.name: row for row in batch_query.run(as_dict=True)}
	if not batches:
		return []
	names = sorted(batches)
	for start in range(0, len(names), BATCH_CHUNK):
		chunk = names[start : start + BATCH_CHUNK]
		bundled = (
			frappe.qb.from_(entry)
			.join(bundle)
			.on(bundle.name == entry.parent)
			.select(entry.batch_no, bundle.warehouse, Sum(entry.qty))
			.where((bundle.docstatus == 1) & (bundle.is_cancelled == 0) & entry.batch_no.isin(chunk))
			.groupby(entry.batch_no, bundle.warehouse)
		)
		bundled = common.where_scope(bundled, bundle.item_code, bundle.warehouse, scope)
		legacy = (
			frappe.qb.from_(ledger)
			.select(ledger.batch_no, ledger.warehouse, Sum(ledger.actual_qty))
			.where(
				(ledger.is_cancelled == 0)
				& ledger.batch_no.isin(chunk)
				& (ledger.serial_and_batch_bundle.isnull() | (ledger.serial_and_batch_bundle == ""))
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

	warehouse = frappe.qb.DocType("Warehouse")
	item = frappe.qb.DocType("Item")
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
	items = sorted({batches[batch_no].item for batch_no, _wh in held})
	item_query = (
		frappe.qb.from_(item).select(item.name, item.item_name, item.stock_uom).where(item.name.isin(items))
	)
	groups = common.rule_item_groups(rule)
	if groups is not None:
		item_query = item_query.where(item.item_group.isin(groups or [""]))
	item_rows = {row.name: row for row in item_query.run(as_dict=True)}
	rates = _rates(sorted({(batches[batch_no].item, wh) for batch_no, wh in held if batch_no in batches}))
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


def _rates(pairs) -> dict[tuple[str, str], float]:
	"""(item, warehouse) -> the bin's valuation rate, for ``pairs`` only (a chunk of pairs per query)."""
	bin_ = frappe.qb.DocType("Bin")
	query = frappe.qb.from_(bin_).select(bin_.item_code, bin_.warehouse, bin_.valuation_rate)
	rates = {}
	for start in range(0, len(pairs), common.PAIR_CONDITION_LIMIT):
		chunk = pairs[start : start + common.PAIR_CONDITION_LIMIT]
		for item_code, wh, rate in common.where_scope(query, bin_.item_code, bin_.warehouse, chunk).run():
			rates[(item_code, wh)] = flt(rate)  # one bin per item × warehouse
	return rates


def batch_key(batch_no: str, warehouse: str) -> str:
	return f"{batch_no}::{warehouse}"


def batch_finding(alert_type: str, row, check: dict, days_figure: str) -> Finding:
	"""A finding on a batch in a warehouse, with its expiry, quantity and value; ``days_figure``: the
	check's figure of days (to expiry, or since it expired) shown with them."""
	return common.finding(
		alert_type,
		check,
		batch_key(row.batch_no, row.warehouse),
		row.company,
		subject_doctype="Batch",
		subject_name=row.batch_no,
		item_code=row.item_code,
		warehouse=row.warehouse,
		batch_no=row.batch_no,
		figures={
			"item_name": row.item_name,
			"stock_uom": row.stock_uom,
			"expiry_date": str(row.expiry_date),
			days_figure: check[days_figure],
			"qty": row.qty,
			"value": row.value,
		},
	)


def expiring_by(rule, window_days: int):
	return add_days(common.today(), window_days)
