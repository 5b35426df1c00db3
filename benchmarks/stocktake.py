"""Benchmark of a large stocktake (``bench --site SITE jxc-stocktake-benchmark --lines 10000``, on a
site kept for benchmarks: site config ``jxc_benchmark_site: 1``).

Two warehouses each get the same ``lines`` items with stock, written in bulk as ERPNext would (one
opening ledger row and one bin per item). Warehouse A is counted through a Stocktake: the snapshot
is timed, the counts (every line one short) are written in bulk, and the posting job is timed.
Warehouse B gets the same adjustment as one native Stock Reconciliation, timed the same way (insert
and submit). Prints both, the ratio (target ≤ 1.15×) and the snapshot time (target ≤ 5 s).
"""

import os
import time

import frappe
from frappe.utils import add_days, now_datetime, nowdate

from benchmarks.common import (
	ABBR,
	AUDIT_FIELDS,
	COMPANY,
	LEDGER_FIELDS,
	audit,
	ensure_company,
	insert_items,
	require_benchmark_site,
	timed,
)
from jxc_app.jxc_inventory.stocktake import posting, snapshot, variance
from jxc_app.utils.site_defaults import default_stock_uom

PREFIX = "STB"
QTY, RATE = 100, 10


def _warehouse(name: str) -> str:
	full = f"{name} - {ABBR}"
	if not frappe.db.exists("Warehouse", full):
		frappe.get_doc({"doctype": "Warehouse", "warehouse_name": name, "company": COMPANY}).insert(
			ignore_permissions=True
		)
	return full


def _clear(warehouses: list[str]):
	for doctype, field in (("Stock Ledger Entry", "warehouse"), ("Bin", "warehouse")):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table[field].isin(warehouses)).run()
	reconciliations = frappe.get_all(
		"Stock Reconciliation Item", filters={"warehouse": ("in", warehouses)}, pluck="parent", distinct=True
	)
	for name in reconciliations:
		for doctype, field in (
			("GL Entry", "voucher_no"),
			("Stock Reconciliation Item", "parent"),
			("Repost Item Valuation", "voucher_no"),
		):
			table = frappe.qb.DocType(doctype)
			frappe.qb.from_(table).delete().where(table[field] == name).run()
		frappe.db.delete("Stock Reconciliation", {"name": name})
	for name in frappe.get_all("Stocktake", {"company": COMPANY}, pluck="name"):
		frappe.db.delete("Stocktake Count Entry", {"stocktake": name})
		for child in ("Stocktake Line", "Stocktake Warehouse", "Stocktake Scope Item", "Stocktake Counter"):
			frappe.db.delete(child, {"parent": name})
		frappe.db.delete("Stocktake", {"name": name})
	frappe.db.commit()


def _stock(items: list[str], warehouses: list[str]):
	"""An opening ledger row and a bin per item and warehouse, as ERPNext would have written them."""
	stamp = now_datetime()
	posting = add_days(nowdate(), -30)
	uom = default_stock_uom()
	opening = (posting, "00:00:00", f"{posting} 00:00:00", "Stock Entry", f"{PREFIX}-OPEN")
	value = (QTY, QTY, RATE, QTY * RATE, QTY * RATE, COMPANY)
	submitted = (*audit(stamp, docstatus=1), uom, 0)  # and stock_uom, is_cancelled
	in_bin = (QTY, QTY, RATE, QTY * RATE, uom, stamp, stamp)
	sle, bins = [], []
	for warehouse in warehouses:
		for number, item in enumerate(items):
			voucher_line = f"{PREFIX}-OPEN-{number}"
			sle.append(
				(frappe.generate_hash(length=16), item, warehouse, *opening, voucher_line, *value, *submitted)
			)
			bins.append((frappe.generate_hash(length=16), item, warehouse, *in_bin))
	fields = [*LEDGER_FIELDS, *AUDIT_FIELDS, "stock_uom", "is_cancelled"]
	frappe.db.bulk_insert("Stock Ledger Entry", fields, sle, chunk_size=10000)
	fields = ["name", "item_code", "warehouse", "actual_qty", "projected_qty", "valuation_rate"]
	fields += ["stock_value", "stock_uom", "creation", "modified"]
	frappe.db.bulk_insert("Bin", fields, bins, chunk_size=10000)
	frappe.db.commit()


def _items(lines: int, group: str) -> list[str]:
	codes = [f"{PREFIX}-{group}-{number:05d}" for number in range(1, lines + 1)]
	existing = set(frappe.get_all("Item", filters={"name": ("like", f"{PREFIX}-%")}, pluck="name"))
	insert_items(((code, f"盘点基准物料 {code}") for code in codes if code not in existing), now_datetime())
	frappe.db.commit()
	return codes


def _count_everything_one_short(name: str):
	lines = frappe.get_all(
		"Stocktake Line", filters={"parent": name}, fields=["name", "item_code", "warehouse", "book_qty"]
	)
	stamp = now_datetime()
	counted = ("Administrator", 0, "Uploaded", *audit(stamp))  # counter, is_recount, source
	values = [
		(
			frappe.generate_hash(length=16),
			name,
			line.name,
			line.item_code,
			line.warehouse,
			line.book_qty - 1,
			*counted,
		)
		for line in lines
	]
	fields = ["name", "stocktake", "line", "item_code", "warehouse", "qty", "counter", "is_recount", "source"]
	frappe.db.bulk_insert("Stocktake Count Entry", [*fields, *AUDIT_FIELDS], values, chunk_size=10000)


def _native(items: list[str], warehouse: str) -> str:
	reconciliation = frappe.new_doc("Stock Reconciliation")
	reconciliation.update({"company": COMPANY, "purpose": "Stock Reconciliation"})
	for item in items:
		reconciliation.append(
			"items", {"item_code": item, "warehouse": warehouse, "qty": QTY - 1, "valuation_rate": RATE}
		)
	reconciliation.insert(ignore_permissions=True)
	reconciliation._submit()  # as our job does: ERPNext would otherwise queue a large one
	return reconciliation.name


def run(lines: int = 10_000, emit=print) -> None:
	require_benchmark_site("items and stock")
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	ensure_company(now_datetime().year - 1)
	ours_warehouse, native_warehouse = _warehouse("盘点基准 A"), _warehouse("盘点基准 B")
	_clear([ours_warehouse, native_warehouse])
	emit(f"machine: {os.cpu_count()} cores; site {frappe.local.site}; {lines} lines")
	# each side its own items, so neither finds the other's item data cached
	start = time.perf_counter()
	ours_items, items = _items(lines, "A"), _items(lines, "B")
	warm_items = _items(20, "W")
	_stock(ours_items, [ours_warehouse])
	_stock(items, [native_warehouse])
	_stock(warm_items, [native_warehouse])
	emit(f"items and stock written in bulk: {time.perf_counter() - start:.1f} s")
	_native(warm_items, native_warehouse)  # warms ERPNext's code paths and caches for both sides
	frappe.db.commit()

	doc = frappe.get_doc(
		{
			"doctype": "Stocktake",
			"company": COMPANY,
			"title": "基准盘点",
			"warehouses": [{"warehouse": ours_warehouse}],
			"scope": "All Items",  # warehouse A holds only this side's items
			"count_mode": "Blind",
			"freeze_mode": "Track",
			"qty_tolerance_percent": 5,
			"counters": [{"user": "Administrator"}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	count, snapshot_time = timed(snapshot.start_counting, doc.name)
	frappe.db.commit()
	emit(f"snapshot: {count} lines in {snapshot_time:.2f} s (target ≤ 5 s)")
	_count_everything_one_short(doc.name)
	_result, finish_time = timed(variance.finish_counting, doc.name)
	doc = frappe.get_doc("Stocktake", doc.name)
	emit(f"finish counting (sums, variance, tolerance) over {doc.total_lines} lines: {finish_time:.1f} s")
	doc.flags.ignore_permissions = True
	doc.submit()  # queues the posting job; timed below in this process instead (a queued run is a no-op)
	frappe.db.commit()

	reconciliation, ours_time = timed(posting.post_variances, doc.name)
	frappe.db.commit()
	native, native_time = timed(_native, items, native_warehouse)
	frappe.db.commit()
	posted = frappe.db.count("Stock Ledger Entry", {"voucher_no": reconciliation, "is_cancelled": 0})
	native_rows = frappe.db.count("Stock Ledger Entry", {"voucher_no": native, "is_cancelled": 0})
	emit(f"posting through the stocktake ({reconciliation}, {posted} ledger rows): {ours_time:.1f} s")
	emit(
		f"the same lines as one native Stock Reconciliation ({native}, {native_rows} ledger rows): {native_time:.1f} s"
	)
	emit(f"ratio stocktake / native: {ours_time / native_time:.2f}× (target ≤ 1.15×)")
